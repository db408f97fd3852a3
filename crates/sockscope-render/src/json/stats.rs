//! JSON and NDJSON for protocol statistics, schema `sockscope.stats/1`
//! (documented in the README, "JSON output"): every counter of the
//! selected blocks under the kernel's own block and counter names, in the
//! kernel's order, with exact values (a few may be negative, e.g. Tcp
//! MaxConn -1). Nothing of netstat's sentences or quirks.
//!
//! JSON: `{"schema", "family", "protocols": {"Tcp": {"ActiveOpens": 5, ...},
//! ...}, "warnings": [...]}` on one line. NDJSON: one line per block,
//! `{"schema": "sockscope.stats.protocol/1", "family", "protocol",
//! "counters": {...}}`, then one line per warning.

use std::io;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, SerializeStruct, Serializer};
use sockscope::model::{CounterBlock, Family, Statistics, Warning};
use sockscope::names::Numeric;

use super::wire::Converter;

/// Schema of the JSON document.
pub const SCHEMA: &str = "sockscope.stats/1";
/// Schema of an NDJSON block line.
pub const PROTOCOL_SCHEMA: &str = "sockscope.stats.protocol/1";

/// Which blocks to include, from netstat's protocol flags: `raw` (`-w`: Ip,
/// Icmp, IcmpMsg, IpExt, Ip6, Icmp6), `tcp` (`-t`: Tcp, TcpExt, MPTcpExt),
/// `udp` (`-u`: Udp, Udp6), `udplite` (`-U`: UdpLite, UdpLite6), `sctp`
/// (Sctp). Blocks of any other name are always included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatsSelection {
    pub raw: bool,
    pub tcp: bool,
    pub udp: bool,
    pub udplite: bool,
    pub sctp: bool,
}

impl StatsSelection {
    /// Every block.
    pub const ALL: StatsSelection = StatsSelection {
        raw: true,
        tcp: true,
        udp: true,
        udplite: true,
        sctp: true,
    };

    /// Whether the block called `name` is selected.
    pub fn keeps(&self, name: &str) -> bool {
        match name {
            "Ip" | "Icmp" | "IcmpMsg" | "IpExt" | "Ip6" | "Icmp6" => self.raw,
            "Tcp" | "TcpExt" | "MPTcpExt" | "Tcp6" => self.tcp,
            "Udp" | "Udp6" => self.udp,
            "UdpLite" | "UdpLite6" => self.udplite,
            "Sctp" => self.sctp,
            _ => true,
        }
    }
}

/// Append the JSON (or NDJSON) for `stats` to `out`.
pub fn render(
    stats: &Statistics,
    select: &StatsSelection,
    ndjson: bool,
    out: &mut Vec<u8>,
) -> io::Result<()> {
    let blocks: Vec<&CounterBlock> = stats
        .blocks
        .iter()
        .filter(|b| select.keeps(&b.name))
        .collect();
    let family = family_name(stats.family);
    if ndjson {
        let conv = Converter::new(&Numeric, None, Some(PROTOCOL_SCHEMA));
        for b in &blocks {
            line(out, &BlockLine { family, block: b })?;
        }
        for w in &stats.warnings {
            line(out, &conv.warning(w))?;
        }
        return Ok(());
    }
    let doc = Document {
        family,
        blocks: &blocks,
        warnings: &stats.warnings,
    };
    line(out, &doc)
}

fn family_name(f: Family) -> &'static str {
    match f {
        Family::Inet => "inet",
        Family::Inet6 => "inet6",
    }
}

fn line(out: &mut Vec<u8>, value: &impl Serialize) -> io::Result<()> {
    crate::escape::json::to_writer(&mut *out, value)?;
    out.push(b'\n');
    Ok(())
}

struct Document<'a> {
    family: &'static str,
    blocks: &'a [&'a CounterBlock],
    warnings: &'a [Warning],
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut doc = s.serialize_struct("Stats", 4)?;
        doc.serialize_field("schema", SCHEMA)?;
        doc.serialize_field("family", self.family)?;
        doc.serialize_field("protocols", &Protocols(self.blocks))?;
        doc.serialize_field("warnings", &Warnings(self.warnings))?;
        doc.end()
    }
}

/// Blocks as an object in file order. Should a kernel repeat a block name,
/// its counters are merged into the first one's object (JSON keys must be
/// unique).
struct Protocols<'a>(&'a [&'a CounterBlock]);

impl Serialize for Protocols<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut names: Vec<&str> = Vec::new();
        for b in self.0 {
            if !names.contains(&b.name.as_str()) {
                names.push(&b.name);
            }
        }
        let mut map = s.serialize_map(Some(names.len()))?;
        for name in names {
            let same: Vec<&CounterBlock> =
                self.0.iter().copied().filter(|b| b.name == name).collect();
            map.serialize_entry(name, &Counters(&same))?;
        }
        map.end()
    }
}

/// Counters of one or more blocks as one object, first occurrence wins.
struct Counters<'a>(&'a [&'a CounterBlock]);

impl Serialize for Counters<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seen: Vec<&str> = Vec::new();
        let mut map = s.serialize_map(None)?;
        for c in self.0.iter().flat_map(|b| &b.counters) {
            if seen.contains(&c.name.as_str()) {
                continue;
            }
            seen.push(&c.name);
            map.serialize_entry(&c.name, &c.value)?;
        }
        map.end()
    }
}

struct Warnings<'a>(&'a [Warning]);

impl Serialize for Warnings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let conv = Converter::new(&Numeric, None, None);
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for w in self.0 {
            seq.serialize_element(&conv.warning(w))?;
        }
        seq.end()
    }
}

struct BlockLine<'a> {
    family: &'static str,
    block: &'a CounterBlock,
}

impl Serialize for BlockLine<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut doc = s.serialize_struct("StatsProtocol", 4)?;
        doc.serialize_field("schema", PROTOCOL_SCHEMA)?;
        doc.serialize_field("family", self.family)?;
        doc.serialize_field("protocol", &self.block.name)?;
        doc.serialize_field("counters", &Counters(&[self.block]))?;
        doc.end()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use sockscope::model::{Counter, StatsSource};

    fn block(name: &str, counters: &[(&str, i128)]) -> CounterBlock {
        CounterBlock {
            name: name.into(),
            source: StatsSource::Snmp,
            counters: counters
                .iter()
                .map(|(n, v)| Counter {
                    name: (*n).into(),
                    value: *v,
                })
                .collect(),
        }
    }

    fn stats() -> Statistics {
        Statistics {
            family: Family::Inet,
            blocks: vec![
                block(
                    "Tcp",
                    &[("RtoMin", 200), ("MaxConn", -1), ("ActiveOpens", 3)],
                ),
                block("Udp", &[("InDatagrams", 18446744073709551615)]),
                block("Brand", &[("New", 1)]),
            ],
            warnings: vec![Warning::Unavailable {
                what: "netstat",
                reason: "line 3: bad".into(),
            }],
        }
    }

    fn text(select: &StatsSelection, ndjson: bool) -> String {
        let mut out = Vec::new();
        render(&stats(), select, ndjson, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn document_keeps_kernel_names_order_and_exact_values() {
        let t = text(&StatsSelection::ALL, false);
        assert!(t.starts_with(r#"{"schema":"sockscope.stats/1","family":"inet","protocols":{"Tcp":{"RtoMin":200,"MaxConn":-1,"ActiveOpens":3},"Udp":{"InDatagrams":18446744073709551615},"Brand":{"New":1}},"warnings":[{"#), "{t}");
        assert!(t.ends_with("]}\n"));
        let v: serde_json::Value = serde_json::from_str(&t).unwrap();
        assert_eq!(v["warnings"][0]["kind"], "unavailable");
    }

    #[test]
    fn selection_follows_protocol_flags_and_keeps_unknown_blocks() {
        let only_tcp = StatsSelection {
            raw: false,
            tcp: true,
            udp: false,
            udplite: false,
            sctp: false,
        };
        let v: serde_json::Value = serde_json::from_str(&text(&only_tcp, false)).unwrap();
        let names: Vec<_> = v["protocols"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(names.len(), 2);
        assert!(v["protocols"]["Tcp"].is_object() && v["protocols"]["Brand"].is_object());
    }

    #[test]
    fn ndjson_is_one_line_per_block_then_warnings() {
        let t = text(&StatsSelection::ALL, true);
        let lines: Vec<_> = t.lines().collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(
            lines[0],
            r#"{"schema":"sockscope.stats.protocol/1","family":"inet","protocol":"Tcp","counters":{"RtoMin":200,"MaxConn":-1,"ActiveOpens":3}}"#
        );
        assert!(lines[3].starts_with(r#"{"schema":"sockscope.warning/1","kind":"unavailable""#));
    }
}
