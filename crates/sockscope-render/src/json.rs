//! JSON and NDJSON output, schema `sockscope.sockets/1` (documented in
//! the README, "JSON output"). JSON: one compact document per snapshot,
//! `{"schema", "sockets", "warnings"}`, ending in a newline. NDJSON: one
//! object per line, every socket then every warning, each carrying its own
//! `"schema"` (`sockscope.socket/1` or `sockscope.warning/1`) so a reader
//! can tell them apart. Sockets are streamed, never collected into a second
//! list; nothing is truncated. The caller selects the rows (`-l`/`-a`).

mod details;
mod groups;
mod kill;
mod kinds;
mod links;
pub mod masq;
pub mod routes;
pub mod stats;
pub(crate) mod wire;

use std::io;

use serde::ser::{Serialize, SerializeSeq, Serializer};
use sockscope::model::Snapshot;
use sockscope::names::Resolver;

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
    if ndjson {
        let conv = Converter::new(names, snap.processes.as_ref(), Some(SOCKET_SCHEMA));
        for s in &snap.inet {
            line(out, &conv.inet(s))?;
        }
        for s in &snap.unix {
            line(out, &conv.unix(s))?;
        }
        for s in &snap.packet {
            line(out, &conv.packet(s))?;
        }
        for s in &snap.netlink {
            line(out, &conv.netlink(s))?;
        }
        for w in &snap.warnings {
            line(out, &conv.warning(w))?;
        }
        return Ok(());
    }
    let conv = Converter::new(names, snap.processes.as_ref(), None);
    let doc = Document { snap, conv: &conv };
    line(out, &doc)
}

fn line<W: io::Write + ?Sized>(out: &mut W, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

/// The whole document, serialized field by field so sockets stream.
struct Document<'a> {
    snap: &'a Snapshot,
    conv: &'a Converter<'a>,
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut doc = serializer.serialize_struct("Document", 3)?;
        doc.serialize_field("schema", SCHEMA)?;
        doc.serialize_field("sockets", &Sockets(self))?;
        doc.serialize_field("warnings", &Warnings(self))?;
        doc.end()
    }
}

struct Sockets<'d, 'a>(&'d Document<'a>);

impl Serialize for Sockets<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (snap, conv) = (self.0.snap, self.0.conv);
        let n = snap.inet.len() + snap.unix.len() + snap.packet.len() + snap.netlink.len();
        let mut seq = serializer.serialize_seq(Some(n))?;
        for s in &snap.inet {
            seq.serialize_element(&conv.inet(s))?;
        }
        for s in &snap.unix {
            seq.serialize_element(&conv.unix(s))?;
        }
        for s in &snap.packet {
            seq.serialize_element(&conv.packet(s))?;
        }
        for s in &snap.netlink {
            seq.serialize_element(&conv.netlink(s))?;
        }
        seq.end()
    }
}

struct Warnings<'d, 'a>(&'d Document<'a>);

impl Serialize for Warnings<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (snap, conv) = (self.0.snap, self.0.conv);
        let mut seq = serializer.serialize_seq(Some(snap.warnings.len()))?;
        for w in &snap.warnings {
            seq.serialize_element(&conv.warning(w))?;
        }
        seq.end()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
