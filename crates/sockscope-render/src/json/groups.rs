//! JSON and NDJSON for multicast group memberships, schema
//! `sockscope.groups/1` (documented in the README, "JSON output"): one
//! document `{"schema", "interfaces": [{"name", "index", "groups": [...]}],
//! "warnings"}` with the interfaces in the order they first appear (IPv4
//! memberships first, as the kernel lists them); with NDJSON one line per
//! membership (`sockscope.group/1`), then per warning. Addresses are numeric.

use std::borrow::Cow;
use std::io;
use std::net::IpAddr;

use serde::Serialize;
use sockscope::model::GroupTable;
use sockscope::names::Numeric;

use super::line;
use super::wire::{text, Converter};

/// Schema of the JSON document.
pub const GROUPS_SCHEMA: &str = "sockscope.groups/1";
/// Schema of an NDJSON membership line.
pub const GROUP_SCHEMA: &str = "sockscope.group/1";

/// One group joined on an interface.
#[derive(Debug, Serialize)]
struct Group {
    family: &'static str,
    address: String,
    users: u32,
}

#[derive(Debug, Serialize)]
struct Interface<'a> {
    name: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name_hex: Option<String>,
    index: u32,
    groups: Vec<Group>,
}

/// One NDJSON line.
#[derive(Debug, Serialize)]
struct Membership<'a> {
    schema: &'static str,
    interface: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    interface_hex: Option<String>,
    index: u32,
    #[serde(flatten)]
    group: Group,
}

#[derive(Debug, Serialize)]
struct Document<'a> {
    schema: &'static str,
    interfaces: Vec<Interface<'a>>,
    warnings: Vec<super::wire::WireWarning<'a>>,
}

fn group(addr: IpAddr, users: u32) -> Group {
    Group {
        family: if addr.is_ipv4() { "inet" } else { "inet6" },
        address: addr.to_string(),
        users,
    }
}

/// Append the JSON for `table` to `out` (`ndjson`: one object per line).
pub fn render_groups(table: &GroupTable, ndjson: bool, out: &mut Vec<u8>) -> io::Result<()> {
    let conv = Converter::new(&Numeric, None, ndjson.then_some(super::WARNING_SCHEMA));
    if ndjson {
        for g in &table.groups {
            let (interface, interface_hex) = text(&g.interface);
            let m = Membership {
                schema: GROUP_SCHEMA,
                interface,
                interface_hex,
                index: g.ifindex,
                group: group(g.group, g.users),
            };
            line(out, &m)?;
        }
        for w in &table.warnings {
            line(out, &conv.warning(w))?;
        }
        return Ok(());
    }
    let mut interfaces: Vec<Interface<'_>> = Vec::new();
    // (index, raw name) of each entry of `interfaces`.
    let mut keys: Vec<(u32, &[u8])> = Vec::new();
    for g in &table.groups {
        let key = (g.ifindex, &*g.interface);
        let at = match keys.iter().position(|k| *k == key) {
            Some(at) => at,
            None => {
                let (name, name_hex) = text(&g.interface);
                interfaces.push(Interface {
                    name,
                    name_hex,
                    index: g.ifindex,
                    groups: Vec::new(),
                });
                keys.push(key);
                interfaces.len() - 1
            }
        };
        interfaces[at].groups.push(group(g.group, g.users));
    }
    let doc = Document {
        schema: GROUPS_SCHEMA,
        interfaces,
        warnings: table.warnings.iter().map(|w| conv.warning(w)).collect(),
    };
    line(out, &doc)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::{json, Value};
    use sockscope::model::GroupMembership;

    fn table() -> GroupTable {
        let g = |i, n: &str, a: &str, users| GroupMembership {
            ifindex: i,
            interface: n.as_bytes().into(),
            group: a.parse().unwrap(),
            users,
        };
        GroupTable {
            groups: vec![
                g(1, "lo", "224.0.0.1", 1),
                g(3, "v0", "239.1.2.3", 2),
                g(1, "lo", "ff02::1", 1),
            ],
            warnings: vec![],
        }
    }

    #[test]
    fn groups_per_interface() {
        let mut out = Vec::new();
        render_groups(&table(), false, &mut out).unwrap();
        let doc: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            doc,
            json!({"schema": GROUPS_SCHEMA, "interfaces": [
                {"name": "lo", "index": 1, "groups": [
                    {"family": "inet", "address": "224.0.0.1", "users": 1},
                    {"family": "inet6", "address": "ff02::1", "users": 1}]},
                {"name": "v0", "index": 3, "groups": [
                    {"family": "inet", "address": "239.1.2.3", "users": 2}]}],
                "warnings": []})
        );
    }

    #[test]
    fn ndjson_one_line_per_membership() {
        let mut out = Vec::new();
        render_groups(&table(), true, &mut out).unwrap();
        let first: Value =
            serde_json::from_slice(out.split(|&b| b == b'\n').next().unwrap()).unwrap();
        assert_eq!(
            first,
            json!({"schema": GROUP_SCHEMA, "interface": "lo", "index": 1,
                   "family": "inet", "address": "224.0.0.1", "users": 1})
        );
        assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 3);
    }
}
