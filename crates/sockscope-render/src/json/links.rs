//! JSON and NDJSON for the interface table, schema `sockscope.interfaces/1`
//! (documented in the README, "JSON output"): one document
//! `{"schema", "interfaces", "warnings"}`, or with NDJSON one line per
//! interface (`sockscope.interface/1`) then per warning. Every counter is
//! given by its kernel name; flags by name and as the raw number. Interfaces
//! are in kernel order (/proc/net/dev, then alias labels); an interface that
//! vanished while being read becomes a warning.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

use serde::Serialize;
use sockscope::model::Warning;
use sockscope::model::{link_flags as f, Ipv6Config, Link, LinkConfig, LinkStats, LinkTable};
use sockscope::names::Numeric;

use super::line;
use super::wire::{text, Converter};

/// Schema of the JSON document.
pub const INTERFACES_SCHEMA: &str = "sockscope.interfaces/1";
/// Schema of an NDJSON interface line.
pub const INTERFACE_SCHEMA: &str = "sockscope.interface/1";

/// Flag names, in bit order.
const FLAG_NAMES: [(u32, &str); 16] = [
    (f::UP, "UP"),
    (f::BROADCAST, "BROADCAST"),
    (f::DEBUG, "DEBUG"),
    (f::LOOPBACK, "LOOPBACK"),
    (f::POINTOPOINT, "POINTOPOINT"),
    (f::NOTRAILERS, "NOTRAILERS"),
    (f::RUNNING, "RUNNING"),
    (f::NOARP, "NOARP"),
    (f::PROMISC, "PROMISC"),
    (f::ALLMULTI, "ALLMULTI"),
    (f::MASTER, "MASTER"),
    (f::SLAVE, "SLAVE"),
    (f::MULTICAST, "MULTICAST"),
    (f::PORTSEL, "PORTSEL"),
    (f::AUTOMEDIA, "AUTOMEDIA"),
    (f::DYNAMIC, "DYNAMIC"),
];

/// The IPv4 address of the interface or label. `broadcast` only with the
/// BROADCAST flag, `destination` (the peer) only with POINTOPOINT.
#[derive(Debug, Serialize)]
struct Ipv4 {
    address: String,
    netmask: String,
    broadcast: Option<String>,
    destination: Option<String>,
}

/// One IPv6 address.
#[derive(Debug, Serialize)]
struct Ipv6 {
    address: String,
    prefix_len: u8,
    scope: &'static str,
    scope_code: u8,
    flags_code: u8,
}

/// Counters, keyed by the kernel's names (`struct rtnl_link_stats64`).
#[derive(Debug, Serialize)]
struct Stats {
    rx_packets: u64,
    rx_bytes: u64,
    rx_errors: u64,
    rx_dropped: u64,
    rx_fifo_errors: u64,
    rx_frame_errors: u64,
    rx_compressed: u64,
    multicast: u64,
    tx_packets: u64,
    tx_bytes: u64,
    tx_errors: u64,
    tx_dropped: u64,
    tx_fifo_errors: u64,
    collisions: u64,
    tx_carrier_errors: u64,
    tx_compressed: u64,
}

/// One interface.
#[derive(Debug, Serialize)]
struct Interface<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<&'static str>,
    name: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name_hex: Option<String>,
    index: Option<u32>,
    flags: Vec<&'static str>,
    flags_code: u32,
    mtu: u32,
    hw_type: u16,
    hw_address: Option<String>,
    tx_queue_len: Option<u32>,
    ipv4: Option<Ipv4>,
    ipv6: Vec<Ipv6>,
    stats: Option<Stats>,
}

#[derive(Debug, Serialize)]
struct Document<'a> {
    schema: &'static str,
    interfaces: Vec<Interface<'a>>,
    warnings: Vec<super::wire::WireWarning<'a>>,
}

/// Append the JSON for the interfaces of `table` to `out`: those that are
/// up, or all with `all` (`-a`). `ndjson`: one object per line.
pub fn render_links(
    table: &LinkTable,
    all: bool,
    ndjson: bool,
    out: &mut Vec<u8>,
) -> io::Result<()> {
    let schema = ndjson.then_some(INTERFACE_SCHEMA);
    let mut interfaces = Vec::new();
    let mut vanished = Vec::new();
    for link in &table.links {
        match &link.config {
            Ok(config) if all || config.flags & f::UP != 0 => {
                interfaces.push(interface(link, config, schema));
            }
            Ok(_) => {}
            Err(e) => vanished.push(Warning::Unavailable {
                what: "interface",
                reason: format!("{}: {e}", String::from_utf8_lossy(&link.name)),
            }),
        }
    }
    let conv = Converter::new(&Numeric, None, ndjson.then_some(super::WARNING_SCHEMA));
    let warnings = table
        .warnings
        .iter()
        .chain(&vanished)
        .map(|w| conv.warning(w));
    if ndjson {
        for i in &interfaces {
            line(out, i)?;
        }
        for w in warnings {
            line(out, &w)?;
        }
        return Ok(());
    }
    let doc = Document {
        schema: INTERFACES_SCHEMA,
        interfaces,
        warnings: warnings.collect(),
    };
    line(out, &doc)
}

fn interface<'a>(link: &'a Link, c: &'a LinkConfig, schema: Option<&'static str>) -> Interface<'a> {
    let (name, name_hex) = text(&link.name);
    Interface {
        schema,
        name,
        name_hex,
        index: c.index,
        flags: FLAG_NAMES
            .iter()
            .filter(|(bit, _)| c.flags & bit != 0)
            .map(|(_, n)| *n)
            .collect(),
        flags_code: c.flags,
        mtu: c.mtu,
        hw_type: c.hw_type,
        hw_address: hw_address(&c.hw_addr),
        tx_queue_len: c.tx_queue_len,
        ipv4: c.ipv4.map(|v| Ipv4 {
            address: v.address.to_string(),
            netmask: v.netmask.to_string(),
            broadcast: (c.flags & f::BROADCAST != 0).then(|| v.broadcast.to_string()),
            destination: (c.flags & f::POINTOPOINT != 0).then(|| v.destination.to_string()),
        }),
        ipv6: c.ipv6.iter().map(ipv6).collect(),
        stats: link.stats.as_ref().map(stats),
    }
}

/// `aa:bb:...`, `None` when the kernel reported no address bytes.
fn hw_address(bytes: &[u8]) -> Option<String> {
    if bytes.is_empty() {
        return None;
    }
    let mut s = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        let _ = write!(s, "{b:02x}");
    }
    Some(s)
}

fn ipv6(v: &Ipv6Config) -> Ipv6 {
    let scope = match v.scope {
        0x00 => "global",
        0x10 => "host",
        0x20 => "link",
        0x40 => "site",
        0x80 => "compat",
        _ => "unknown",
    };
    Ipv6 {
        address: v.address.to_string(),
        prefix_len: v.prefix_len,
        scope,
        scope_code: v.scope,
        flags_code: v.flags,
    }
}

fn stats(s: &LinkStats) -> Stats {
    Stats {
        rx_packets: s.rx_packets,
        rx_bytes: s.rx_bytes,
        rx_errors: s.rx_errors,
        rx_dropped: s.rx_dropped,
        rx_fifo_errors: s.rx_fifo_errors,
        rx_frame_errors: s.rx_frame_errors,
        rx_compressed: s.rx_compressed,
        multicast: s.multicast,
        tx_packets: s.tx_packets,
        tx_bytes: s.tx_bytes,
        tx_errors: s.tx_errors,
        tx_dropped: s.tx_dropped,
        tx_fifo_errors: s.tx_fifo_errors,
        collisions: s.collisions,
        tx_carrier_errors: s.tx_carrier_errors,
        tx_compressed: s.tx_compressed,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::Value;
    use sockscope::model::{DeviceMap, Ipv4Config, LinkFetchError};

    fn table() -> LinkTable {
        let config = |flags| LinkConfig {
            flags,
            mtu: 1500,
            index: Some(2),
            hw_type: 1,
            hw_addr: vec![2, 0xfc, 0, 0, 0, 1],
            tx_queue_len: Some(1000),
            map: DeviceMap::default(),
            ipv4: Some(Ipv4Config {
                address: "10.0.0.1".parse().unwrap(),
                netmask: "255.0.0.0".parse().unwrap(),
                broadcast: "10.255.255.255".parse().unwrap(),
                destination: "10.0.0.1".parse().unwrap(),
            }),
            ipv6: vec![Ipv6Config {
                address: "fe80::1".parse().unwrap(),
                prefix_len: 64,
                scope: 0x20,
                flags: 0x80,
            }],
        };
        let stats = LinkStats {
            rx_bytes: u64::MAX,
            collisions: 7,
            ..LinkStats::default()
        };
        LinkTable {
            links: vec![
                Link {
                    name: (*b"eth\xff").into(),
                    stats: Some(stats),
                    config: Ok(config(0x1043)),
                },
                Link {
                    name: (*b"down0").into(),
                    stats: None,
                    config: Ok(config(0x1002)),
                },
                Link {
                    name: (*b"gone").into(),
                    stats: None,
                    config: Err(LinkFetchError { errno: 19 }),
                },
            ],
            warnings: vec![],
        }
    }

    #[test]
    fn document_names_every_counter_and_flag() {
        let mut out = Vec::new();
        render_links(&table(), false, false, &mut out).unwrap();
        let doc: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(doc["schema"], INTERFACES_SCHEMA);
        let ifs = doc["interfaces"].as_array().unwrap();
        assert_eq!(ifs.len(), 1, "down interface left out without -a");
        let e = &ifs[0];
        assert_eq!(e["name"], "eth\u{fffd}");
        assert_eq!(e["name_hex"], "657468ff");
        assert_eq!(
            e["flags"],
            serde_json::json!(["UP", "BROADCAST", "RUNNING", "MULTICAST"])
        );
        assert_eq!(e["flags_code"], 0x1043);
        assert_eq!(e["hw_address"], "02:fc:00:00:00:01");
        assert_eq!(e["stats"]["rx_bytes"], u64::MAX);
        assert_eq!(e["stats"]["collisions"], 7);
        assert_eq!(e["stats"].as_object().unwrap().len(), 16);
        assert_eq!(e["ipv4"]["broadcast"], "10.255.255.255");
        assert_eq!(e["ipv4"]["destination"], Value::Null);
        assert_eq!(e["ipv6"][0]["scope"], "link");
        let w = &doc["warnings"][0];
        assert_eq!(w["what"], "interface");
        assert_eq!(w["reason"], "gone: Device not found");
    }

    #[test]
    fn ndjson_lines_carry_their_schema() {
        let mut out = Vec::new();
        render_links(&table(), true, true, &mut out).unwrap();
        let lines: Vec<Value> = out
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1]["name"], "down0");
        assert_eq!(lines[1]["stats"], Value::Null);
        assert_eq!(lines[0]["schema"], INTERFACE_SCHEMA);
        assert_eq!(lines[2]["schema"], "sockscope.warning/1");
    }
}
