//! net-tools netstat 2.10 socket tables, byte for byte as the installed
//! binary prints them to a pipe: the "Active Internet connections" block
//! (TCP, UDP, UDP-Lite, raw) and the "Active UNIX domain sockets" block.
//!
//! One deliberate difference: process names, UNIX paths, host, service and
//! user names are escaped ([`crate::escape::classic_into`]: unsafe
//! characters and invalid bytes become `?`); 2.10 prints them raw. Names
//! with nothing unsafe print as netstat prints them.
//!
//! Nothing else of netstat's output lives here: the stderr notes about `-p`
//! without root, routes, interfaces and statistics are other modules' work.

pub(crate) mod addr;
mod columns;
mod digits;
pub mod gaps;
mod inet_rows;
mod notices;
mod printer;
mod unix_rows;

pub use notices::process_notice;
pub use printer::NetstatPrinter;

#[cfg(test)]
mod tests;

use sockscope::filter::ListenSelection;
use sockscope::model::{InetProto, InetSocket, ProcessMap, Snapshot, UnixSocket};
use sockscope::SocketRef;

use crate::printer::SocketPrinter;
use sockscope::names::Resolver;

use addr::Naming;

/// Everything that changes how netstat prints its socket tables. Built by the
/// CLI from netstat's flags; the renderer never looks at argv.
#[derive(Debug, Clone, Default)]
pub struct NetstatOptions {
    /// `-l` / `-a` / default.
    pub select: ListenSelection,
    /// Internet protocols asked for (decides the "Active Internet connections"
    /// block; rows of other protocols in the snapshot are ignored).
    pub protos: Vec<InetProto>,
    /// UNIX block asked for (`-x`, or the default set).
    pub unix: bool,
    /// `-n` / `--numeric-hosts`.
    pub numeric_hosts: bool,
    /// `-n` / `--numeric-ports`.
    pub numeric_ports: bool,
    /// `-n` / `--numeric-users`.
    pub numeric_users: bool,
    /// `-e` count (0, 1 or 2+; netstat shows the same columns for 1 and 2+).
    pub extend: u8,
    /// `-o`: timers column.
    pub timers: bool,
    /// `-W`: never truncate addresses.
    pub wide: bool,
    /// `-p`: PID/Program name column.
    pub programs: bool,
    /// The locale's codeset is UTF-8 (see [`crate::escape::codeset_is_utf8`]):
    /// outside UTF-8, bytes >= 0x80 of untrusted names print as `?`.
    pub utf8: bool,
}

/// Buffers reused across rows so that rendering allocates only when a
/// resolver answers with a name.
#[derive(Default)]
struct Scratch {
    /// Endpoint scratch (a cut "host:port").
    endpoint: Vec<u8>,
    /// PID/Program name and path fields.
    field: Vec<u8>,
}

/// What row writers need.
struct Ctx<'a> {
    opts: &'a NetstatOptions,
    naming: Naming<'a>,
    processes: Option<&'a ProcessMap>,
    scratch: Scratch,
}

impl<'a> Ctx<'a> {
    fn new(
        opts: &'a NetstatOptions,
        names: &'a dyn Resolver,
        processes: Option<&'a ProcessMap>,
    ) -> Ctx<'a> {
        Ctx {
            opts,
            naming: Naming {
                names,
                numeric_hosts: opts.numeric_hosts,
                numeric_ports: opts.numeric_ports,
                wide: opts.wide,
                utf8: opts.utf8,
            },
            processes,
            scratch: Scratch::default(),
        }
    }
}

/// "(servers and established)" and friends.
fn selection_title(select: ListenSelection) -> &'static str {
    match select {
        ListenSelection::All => "(servers and established)",
        ListenSelection::Listening => "(only servers)",
        ListenSelection::Connected => "(w/o servers)",
    }
}

/// The header of the internet block. Note the trailing spaces: netstat pads
/// "State" and the optional column titles with printf widths.
fn inet_header(out: &mut Vec<u8>, opts: &NetstatOptions) {
    out.extend_from_slice(b"Active Internet connections ");
    out.extend_from_slice(selection_title(opts.select).as_bytes());
    out.extend_from_slice(
        b"\nProto Recv-Q Send-Q Local Address           Foreign Address         State      ",
    );
    if opts.extend > 0 {
        out.extend_from_slice(b" User       Inode     ");
    }
    if opts.programs {
        out.extend_from_slice(b" PID/Program name    ");
    }
    if opts.timers {
        out.extend_from_slice(b" Timer");
    }
    out.push(b'\n');
}

/// The header of the UNIX block (`-e` and `-o` do not change it).
fn unix_header(out: &mut Vec<u8>, opts: &NetstatOptions) {
    out.extend_from_slice(b"Active UNIX domain sockets ");
    out.extend_from_slice(selection_title(opts.select).as_bytes());
    out.extend_from_slice(b"\nProto RefCnt Flags       Type       State         I-Node  ");
    if opts.programs {
        out.extend_from_slice(b" PID/Program name    ");
    }
    out.extend_from_slice(b" Path\n");
}

/// Append netstat's socket output (headers and rows) for `snap` to `out`:
/// [`NetstatPrinter`] over the snapshot's internet and UNIX sockets, which
/// the caller has already selected (`-l`/`-a`, protocols), as the
/// library's pipeline does.
///
/// Rows keep snapshot order. The internet block is printed when
/// `opts.protos` is not empty (even with no rows, as netstat), the UNIX
/// block when `opts.unix`. The program column shows the first holder in
/// `snap.processes` (netstat keeps the first process its /proc scan finds),
/// "-" when there is no process map, no holder, or inode 0. UNIX sockets
/// without a reference count (read from sock_diag) show "-" as RefCnt.
pub fn render(snap: &Snapshot, opts: &NetstatOptions, names: &dyn Resolver, out: &mut Vec<u8>) {
    let mut p = NetstatPrinter::new(opts, names, snap.processes.as_ref(), out);
    // Writing into a Vec cannot fail.
    let _ = p.header();
    for s in &snap.inet {
        let _ = p.socket(SocketRef::Inet(s));
    }
    for s in &snap.unix {
        let _ = p.socket(SocketRef::Unix(s));
    }
    let _ = p.finish(&[]);
}

/// The "Active UNIX domain sockets" block one row at a time.
struct UnixBlock<'a> {
    ctx: Ctx<'a>,
}

impl UnixBlock<'_> {
    /// Append the block's title and column header.
    fn header(&self, out: &mut Vec<u8>) {
        unix_header(out, self.ctx.opts);
    }

    /// Append the row of `s`.
    fn row(&mut self, s: &UnixSocket, out: &mut Vec<u8>) {
        unix_rows::write_row(out, s, &mut self.ctx);
    }
}

/// The "Active Internet connections" block one row at a time.
struct InetBlock<'a> {
    ctx: Ctx<'a>,
}

impl InetBlock<'_> {
    /// Append the block's title and column header.
    fn header(&self, out: &mut Vec<u8>) {
        inet_header(out, self.ctx.opts);
    }

    /// Append the row of `s`; netstat knows no ICMP or MPTCP: those are
    /// never shown here (SCTP rows, `-S`, take TCP's layout).
    fn row(&mut self, s: &InetSocket, out: &mut Vec<u8>) {
        if s.proto.is_netstat() || s.proto == InetProto::Sctp {
            inet_rows::write_row(out, s, &mut self.ctx);
        }
    }

    /// [`row`](Self::row) for each socket of `batch`, in order. With
    /// programs shown, every holder of the batch is looked up first: with a
    /// process map of 100k+ sockets each lookup misses the cache, and
    /// lookups issued back to back overlap their misses (the rows' own
    /// lookups then hit). Several times faster than one socket at a time.
    fn rows(&mut self, batch: &[InetSocket], out: &mut Vec<u8>) {
        if let Some(map) = self.ctx.processes.filter(|_| self.ctx.opts.programs) {
            let held = batch
                .iter()
                .filter(|s| !map.holders(s.netns, s.inode).is_empty());
            std::hint::black_box(held.count());
        }
        for s in batch {
            self.row(s, out);
        }
    }
}
