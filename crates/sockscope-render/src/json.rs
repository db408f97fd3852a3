//! JSON and NDJSON output, schema `sockscope.sockets/1` (documented in
//! the README, "JSON output"). JSON: one compact document per snapshot,
//! `{"schema", "sockets", "warnings"}`, ending in a newline. NDJSON: one
//! object per line, every socket then every warning, each carrying its own
//! `"schema"` (`sockscope.socket/1` or `sockscope.warning/1`) so a reader
//! can tell them apart. Sockets are written one by one ([`SocketsWriter`]),
//! from a snapshot or as a dump decodes them; nothing is truncated. The caller selects the rows (`-l`/`-a`).

mod details;
mod groups;
mod kill;
mod kinds;
mod links;
pub mod masq;
pub mod routes;
pub mod stats;
pub(crate) mod wire;

use sockscope::netns::names::Namespaces;
use std::io;

use serde::Serialize;
use sockscope::model::{
    InetSocket, NetlinkSocket, PacketSocket, ProcessMap, Snapshot, UnixSocket, Warning,
};
use sockscope::names::Resolver;

use crate::printer::SocketPrinter;
use sockscope::SocketRef;
use wire::Converter;

pub use groups::{render_groups, GROUPS_SCHEMA, GROUP_SCHEMA};
pub use kill::{render_kill, KillReport, KILL_SCHEMA};
pub use links::{render_links, INTERFACES_SCHEMA, INTERFACE_SCHEMA};

/// Schema of the JSON document.
pub const SCHEMA: &str = "sockscope.sockets/1";
/// Schema of an NDJSON socket line.
pub const SOCKET_SCHEMA: &str = "sockscope.socket/1";
/// Schema of an NDJSON warning line.
pub const WARNING_SCHEMA: &str = "sockscope.warning/1";

/// Write the JSON document for `snap` to `out` (`ndjson`: one object per
/// line), socket by socket: give it a buffered writer on stdout and a
/// listing of any size costs only the buffer. `names` answers user names
/// (`"user"`); pass a numeric resolver for none. Fails only if writing to
/// `out` fails, which a `Vec` does not.
pub fn render<W: io::Write + ?Sized>(
    snap: &Snapshot,
    names: &dyn Resolver,
    ndjson: bool,
    out: &mut W,
) -> io::Result<()> {
    let mut w = SocketsWriter::new(names, snap.processes.as_ref(), ndjson, out);
    w.header()?;
    snap.inet.iter().try_for_each(|s| w.inet(s))?;
    snap.unix.iter().try_for_each(|s| w.unix(s))?;
    snap.packet.iter().try_for_each(|s| w.packet(s))?;
    snap.netlink.iter().try_for_each(|s| w.netlink(s))?;
    w.finish(&snap.warnings)
}

/// The sockets document (or its NDJSON lines) written as sockets come:
/// what [`render`] writes for a snapshot, for a caller that never holds
/// one (the sockets are borrowed only for the call). Warnings come last,
/// so they may be gathered while the sockets stream. A failed write leaves
/// a truncated document behind; the error says so to the caller.
pub struct SocketsWriter<'a, W: io::Write + ?Sized> {
    conv: Converter<'a>,
    ndjson: bool,
    /// No socket written yet (no `,` before the next one).
    first: bool,
    out: &'a mut W,
}

impl<W: io::Write + ?Sized> std::fmt::Debug for SocketsWriter<'_, W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SocketsWriter")
            .field("ndjson", &self.ndjson)
            .field("first", &self.first)
            .finish_non_exhaustive()
    }
}

impl<'a, W: io::Write + ?Sized> SocketsWriter<'a, W> {
    /// A document on `out`; [`header`](SocketPrinter::header) starts it.
    pub fn new(
        names: &'a dyn Resolver,
        processes: Option<&'a ProcessMap>,
        ndjson: bool,
        out: &'a mut W,
    ) -> Self {
        SocketsWriter {
            conv: Converter::new(names, processes, ndjson.then_some(SOCKET_SCHEMA)),
            ndjson,
            first: true,
            out,
        }
    }

    /// Name each socket's namespace (and its container) from `namespaces`.
    pub fn with_namespaces(mut self, namespaces: Option<&'a Namespaces>) -> Self {
        self.conv.namespaces = namespaces;
        self
    }

    pub fn inet(&mut self, s: &InetSocket) -> io::Result<()> {
        let v = self.conv.inet(s);
        item(self.out, self.ndjson, &mut self.first, &v)
    }

    pub fn unix(&mut self, s: &UnixSocket) -> io::Result<()> {
        let v = self.conv.unix(s);
        item(self.out, self.ndjson, &mut self.first, &v)
    }

    pub fn packet(&mut self, s: &PacketSocket) -> io::Result<()> {
        let v = self.conv.packet(s);
        item(self.out, self.ndjson, &mut self.first, &v)
    }

    pub fn netlink(&mut self, s: &NetlinkSocket) -> io::Result<()> {
        let v = self.conv.netlink(s);
        item(self.out, self.ndjson, &mut self.first, &v)
    }

    /// End the document with `warnings` (NDJSON: one line each).
    fn end(&mut self, warnings: &[Warning]) -> io::Result<()> {
        if self.ndjson {
            return warnings
                .iter()
                .try_for_each(|w| line(self.out, &self.conv.warning(w)));
        }
        self.out.write_all(b"],\"warnings\":[")?;
        for (i, w) in warnings.iter().enumerate() {
            if i > 0 {
                self.out.write_all(b",")?;
            }
            crate::escape::json::to_writer(&mut *self.out, &self.conv.warning(w))?;
        }
        self.out.write_all(b"]}\n")
    }
}

impl<W: io::Write + ?Sized> SocketPrinter for SocketsWriter<'_, W> {
    /// Start the document: `{"schema":...,"sockets":[` (nothing for NDJSON).
    fn header(&mut self) -> io::Result<()> {
        if !self.ndjson {
            self.out.write_all(b"{\"schema\":")?;
            crate::escape::json::to_writer(&mut *self.out, SCHEMA)?;
            self.out.write_all(b",\"sockets\":[")?;
        }
        Ok(())
    }

    fn socket(&mut self, s: SocketRef<'_>) -> io::Result<()> {
        match s {
            SocketRef::Inet(s) => self.inet(s),
            SocketRef::Unix(s) => self.unix(s),
            SocketRef::Packet(s) => self.packet(s),
            SocketRef::Netlink(s) => self.netlink(s),
        }
    }

    fn finish(&mut self, warnings: &[Warning]) -> io::Result<()> {
        self.end(warnings)
    }

    fn writes_warnings(&self) -> bool {
        true
    }
}

/// One socket: a line of its own (NDJSON), or the next array element.
fn item<W: io::Write + ?Sized>(
    out: &mut W,
    ndjson: bool,
    first: &mut bool,
    value: &impl Serialize,
) -> io::Result<()> {
    if ndjson {
        return line(out, value);
    }
    if !std::mem::take(first) {
        out.write_all(b",")?;
    }
    crate::escape::json::to_writer(&mut *out, value)?;
    Ok(())
}

fn line<W: io::Write + ?Sized>(out: &mut W, value: &impl Serialize) -> io::Result<()> {
    crate::escape::json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
