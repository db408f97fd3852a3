//! JSON and NDJSON for the masquerade listing (`-M`), schema
//! `sockscope.masquerade/1` (documented in the README, "JSON output"):
//! every NAT'd conntrack entry with both tuples, status flags, timeout and
//! the kernel's extras, addresses and ports always numeric.
//!
//! JSON: `{"schema", "source", "connections": [...], "warnings": [...]}` on
//! one line. NDJSON: one line per connection with `"schema":
//! "sockscope.masquerade.connection/1"`, then one line per warning.

use std::io;

use serde::Serialize;
use sockscope::model::{
    Conntrack, ConntrackEntry, ConntrackSource, CtStatus, Family, L4Ids, Tuple,
};
use sockscope::names::Numeric;

use super::wire::{Converter, WireWarning};

/// Schema of the JSON document.
pub const SCHEMA: &str = "sockscope.masquerade/1";
/// Schema of an NDJSON connection line.
pub const CONNECTION_SCHEMA: &str = "sockscope.masquerade.connection/1";

/// One direction of a connection.
#[derive(Debug, Serialize)]
pub struct WireTuple {
    pub src: String,
    pub dst: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sport: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dport: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icmp_type: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icmp_code: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icmp_id: Option<u16>,
}

/// One NAT'd connection.
#[derive(Debug, Serialize)]
pub struct WireConnection {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<&'static str>,
    pub family: &'static str,
    pub protocol: u8,
    pub original: WireTuple,
    pub reply: WireTuple,
    /// "snat", "dnat" or both.
    pub nat: Vec<&'static str>,
    /// Kernel status bit names (IPS_* without the prefix).
    pub status: Vec<&'static str>,
    pub status_bits: u32,
    pub timeout_s: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<u32>,
}

#[derive(Debug, Serialize)]
struct Document<'a> {
    schema: &'static str,
    source: &'static str,
    connections: Vec<WireConnection>,
    warnings: Vec<WireWarning<'a>>,
}

/// Append the JSON (or NDJSON) for the NAT'd entries of `table` to `out`.
/// `keep` selects entries further (e.g. by family).
pub fn render(
    table: &Conntrack,
    keep: &dyn Fn(&ConntrackEntry) -> bool,
    ndjson: bool,
    out: &mut Vec<u8>,
) -> io::Result<()> {
    let entries = table.nat_entries().filter(|e| keep(e));
    if ndjson {
        let conv = Converter::new(&Numeric, None, Some(CONNECTION_SCHEMA));
        for e in entries {
            line(out, &connection(e, Some(CONNECTION_SCHEMA)))?;
        }
        for w in &table.warnings {
            line(out, &conv.warning(w))?;
        }
        return Ok(());
    }
    let conv = Converter::new(&Numeric, None, None);
    let doc = Document {
        schema: SCHEMA,
        source: match table.source {
            ConntrackSource::Netlink => "netlink",
            ConntrackSource::Proc => "proc",
        },
        connections: entries.map(|e| connection(e, None)).collect(),
        warnings: table.warnings.iter().map(|w| conv.warning(w)).collect(),
    };
    line(out, &doc)
}

fn line(out: &mut Vec<u8>, value: &impl Serialize) -> io::Result<()> {
    crate::escape::json::to_writer(&mut *out, value)?;
    out.push(b'\n');
    Ok(())
}

/// The wire form of one entry.
pub fn connection(e: &ConntrackEntry, schema: Option<&'static str>) -> WireConnection {
    let mut nat = Vec::new();
    if e.status.has(CtStatus::SRC_NAT) {
        nat.push("snat");
    }
    if e.status.has(CtStatus::DST_NAT) {
        nat.push("dnat");
    }
    WireConnection {
        schema,
        family: match e.family {
            Family::Inet => "inet",
            Family::Inet6 => "inet6",
        },
        protocol: e.protocol,
        original: tuple(&e.original),
        reply: tuple(&e.reply),
        nat,
        status: CtStatus::NAMES
            .iter()
            .filter(|(bit, _)| e.status.has(*bit))
            .map(|(_, name)| *name)
            .collect(),
        status_bits: e.status.0,
        timeout_s: e.timeout,
        state: e.state.clone(),
        mark: e.mark,
        zone: e.zone,
        id: e.id,
    }
}

fn tuple(t: &Tuple) -> WireTuple {
    let mut w = WireTuple {
        src: t.src.to_string(),
        dst: t.dst.to_string(),
        sport: None,
        dport: None,
        icmp_type: None,
        icmp_code: None,
        icmp_id: None,
    };
    match t.l4 {
        L4Ids::Ports { src, dst } => (w.sport, w.dport) = (Some(src), Some(dst)),
        L4Ids::Icmp { id, kind, code } => {
            (w.icmp_type, w.icmp_code, w.icmp_id) = (Some(kind), Some(code), Some(id))
        }
        L4Ids::None => {}
    }
    w
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use sockscope::model::Warning;
    use std::net::IpAddr;

    fn entry(status: u32, l4: L4Ids) -> ConntrackEntry {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        ConntrackEntry {
            family: Family::Inet,
            protocol: 6,
            original: Tuple {
                src: ip("10.0.0.5"),
                dst: ip("10.0.0.2"),
                l4,
            },
            reply: Tuple {
                src: ip("10.0.0.2"),
                dst: ip("10.0.0.1"),
                l4,
            },
            status: CtStatus(status),
            timeout: Some(30),
            state: Some("ESTABLISHED".into()),
            mark: Some(0),
            zone: None,
            id: Some(9),
            seq_adjust_orig: None,
        }
    }

    fn table() -> Conntrack {
        Conntrack {
            source: ConntrackSource::Netlink,
            entries: vec![
                entry(
                    CtStatus::SRC_NAT | CtStatus::ASSURED,
                    L4Ids::Ports { src: 1000, dst: 80 },
                ),
                entry(CtStatus::ASSURED, L4Ids::Ports { src: 1, dst: 2 }),
                entry(
                    CtStatus::DST_NAT,
                    L4Ids::Icmp {
                        id: 7,
                        kind: 8,
                        code: 0,
                    },
                ),
            ],
            warnings: vec![Warning::Fallback {
                what: "conntrack",
                reason: "x".into(),
            }],
        }
    }

    #[test]
    fn document_lists_only_nat_entries_with_both_tuples() {
        let mut out = Vec::new();
        render(&table(), &|_| true, false, &mut out).unwrap();
        let t = String::from_utf8(out).unwrap();
        assert!(t.starts_with(r#"{"schema":"sockscope.masquerade/1","source":"netlink","connections":[{"family":"inet","protocol":6,"original":{"src":"10.0.0.5","dst":"10.0.0.2","sport":1000,"dport":80},"reply":{"src":"10.0.0.2","dst":"10.0.0.1","sport":1000,"dport":80},"nat":["snat"],"status":["ASSURED","SRC_NAT"],"status_bits":20,"timeout_s":30,"state":"ESTABLISHED","mark":0,"id":9},"#), "{t}");
        let v: serde_json::Value = serde_json::from_str(&t).unwrap();
        assert_eq!(v["connections"].as_array().unwrap().len(), 2);
        assert_eq!(v["connections"][1]["original"]["icmp_type"], 8);
        assert_eq!(v["connections"][1]["nat"][0], "dnat");
        assert_eq!(v["warnings"][0]["kind"], "fallback");
    }

    #[test]
    fn ndjson_lines_carry_their_schema() {
        let mut out = Vec::new();
        render(&table(), &|e| e.protocol == 6, true, &mut out).unwrap();
        let t = String::from_utf8(out).unwrap();
        let lines: Vec<_> = t.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0]
            .starts_with(r#"{"schema":"sockscope.masquerade.connection/1","family":"inet""#));
        assert!(lines[2].starts_with(r#"{"schema":"sockscope.warning/1""#));
    }
}
