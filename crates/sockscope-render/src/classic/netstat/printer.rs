//! netstat's socket listing as a [`SocketPrinter`]: the internet block's
//! header, its rows as sockets come (rendered in batches when programs are
//! shown: see `InetBlock::rows`), then — at the first UNIX socket, or at
//! the end — whatever the caller put between the blocks (`-g`'s groups)
//! and the UNIX block. Rows are written to the output whenever
//! [`FLUSH_AT`] bytes are ready, so memory stays flat however many sockets
//! there are. Classic text carries no warnings: the caller says on stderr
//! what netstat says there.

use std::io;

use sockscope::model::{InetSocket, ProcessMap, Warning};
use sockscope::names::Resolver;
use sockscope::SocketRef;

use super::{Ctx, InetBlock, NetstatOptions, UnixBlock};
use crate::printer::SocketPrinter;

/// Rows are handed to the output once this many bytes are ready.
const FLUSH_AT: usize = 256 * 1024;
/// Internet sockets rendered together when programs are shown.
const BATCH: usize = 64;

/// The classic socket listing on `out`.
pub struct NetstatPrinter<'a, W: io::Write> {
    opts: &'a NetstatOptions,
    inet: InetBlock<'a>,
    unix: UnixBlock<'a>,
    /// Sockets waiting to be rendered as a batch (programs shown).
    batch: Option<Vec<InetSocket>>,
    /// Written just before the UNIX block.
    between: Vec<u8>,
    unix_started: bool,
    buf: Vec<u8>,
    out: W,
}

impl<'a, W: io::Write> NetstatPrinter<'a, W> {
    /// Rows named by `names`, programs from `processes`.
    pub fn new(
        opts: &'a NetstatOptions,
        names: &'a dyn Resolver,
        processes: Option<&'a ProcessMap>,
        out: W,
    ) -> Self {
        // Batches pay off for process lookups only; without them each row
        // is rendered as its socket comes in.
        let batching = opts.programs && processes.is_some();
        NetstatPrinter {
            opts,
            inet: InetBlock {
                ctx: Ctx::new(opts, names, processes),
            },
            unix: UnixBlock {
                ctx: Ctx::new(opts, names, processes),
            },
            batch: batching.then(|| Vec::with_capacity(BATCH)),
            between: Vec::new(),
            unix_started: false,
            buf: Vec::with_capacity(FLUSH_AT + 64 * 1024),
            out,
        }
    }

    /// Bytes to write between the internet and the UNIX blocks (netstat
    /// prints `-g`'s groups there).
    pub fn between_blocks(mut self, bytes: Vec<u8>) -> Self {
        self.between = bytes;
        self
    }

    fn render_batch(&mut self) {
        if let Some(batch) = self.batch.as_mut() {
            self.inet.rows(batch, &mut self.buf);
            batch.clear();
        }
    }

    fn flush_if_full(&mut self) -> io::Result<()> {
        if self.buf.len() >= FLUSH_AT {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// End the internet block and start the UNIX one.
    fn start_unix(&mut self) {
        self.render_batch();
        self.buf.append(&mut self.between);
        self.unix.header(&mut self.buf);
        self.unix_started = true;
    }
}

impl<W: io::Write> std::fmt::Debug for NetstatPrinter<'_, W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NetstatPrinter")
            .field("opts", self.opts)
            .finish_non_exhaustive()
    }
}

impl<W: io::Write> SocketPrinter for NetstatPrinter<'_, W> {
    /// The internet block's header, when internet protocols were asked for
    /// (printed even with no rows, as netstat does).
    fn header(&mut self) -> io::Result<()> {
        if !self.opts.protos.is_empty() {
            self.inet.header(&mut self.buf);
        }
        Ok(())
    }

    fn socket(&mut self, s: SocketRef<'_>) -> io::Result<()> {
        match s {
            SocketRef::Inet(s) => match self.batch.as_mut() {
                Some(batch) => {
                    batch.push(s.clone());
                    if batch.len() < BATCH {
                        return Ok(());
                    }
                    self.render_batch();
                }
                None => self.inet.row(s, &mut self.buf),
            },
            SocketRef::Unix(s) => {
                if !self.unix_started {
                    self.start_unix();
                }
                self.unix.row(s, &mut self.buf);
            }
            // netstat knows no packet or netlink sockets.
            SocketRef::Packet(_) | SocketRef::Netlink(_) => {}
        }
        self.flush_if_full()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.render_batch();
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.flush()
    }

    fn finish(&mut self, _warnings: &[Warning]) -> io::Result<()> {
        self.render_batch();
        if self.opts.unix && !self.unix_started {
            self.start_unix();
        } else {
            self.buf.append(&mut self.between);
        }
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.flush()
    }
}
