//! Reading `sockscope --json` output tolerantly (field order, number-or-string
//! ports, bracketed IPv6, absent remote for unconnected sockets) and matching
//! it against ss rows. Every field name and value spelling the test expects
//! is in `field` and the `*_spellings` functions below: when the wire schema
//! is pinned, change it here only.

use super::ss::{End, Row};
use serde_json::Value;
use std::net::IpAddr;

/// Field names of the JSON document: `{"schema": .., "sockets": [{"proto",
/// "family", "local": {"address", "port"}, "remote": {..}, "state", "inode",
/// "path"}]}`.
pub mod field {
    pub const SCHEMA: &str = "schema";
    pub const SOCKETS: &str = "sockets";
    pub const PROTO: &str = "proto";
    pub const FAMILY: &str = "family";
    pub const LOCAL: &str = "local";
    pub const REMOTE: &str = "remote";
    pub const ADDRESS: &str = "address";
    pub const PORT: &str = "port";
    pub const STATE: &str = "state";
    pub const INODE: &str = "inode";
    /// UNIX path or abstract name, at top level or inside `local`.
    pub const PATH: &str = "path";
}

/// JSON `proto` values accepted for an ss netid.
pub fn proto_spellings(netid: &str) -> &'static [&'static str] {
    match netid {
        "tcp" => &["tcp"],
        "udp" => &["udp"],
        "raw" => &["raw"],
        "u_str" | "u_dgr" | "u_seq" => &["unix"],
        _ => &[],
    }
}

/// JSON `proto` values accepted for UDP-Lite (ss cannot list it).
pub const UDPLITE_SPELLINGS: &[&str] = &["udplite", "udp-lite", "udpl"];

/// JSON `state` values accepted for an ss state. Internet sockets use the
/// model's canonical names (`TcpState::name`: ESTABLISHED, LISTEN, CLOSE...);
/// for UNIX sockets netstat's words are accepted too, as the UNIX spelling is
/// not pinned yet.
pub fn state_spellings(ss_state: &str, unix: bool) -> &'static [&'static str] {
    match (ss_state, unix) {
        ("ESTAB", false) => &["ESTABLISHED"],
        ("LISTEN", false) => &["LISTEN"],
        ("UNCONN", false) => &["CLOSE"],
        ("SYN-SENT", _) => &["SYN_SENT"],
        ("SYN-RECV", _) => &["SYN_RECV"],
        ("FIN-WAIT-1", _) => &["FIN_WAIT1"],
        ("FIN-WAIT-2", _) => &["FIN_WAIT2"],
        ("TIME-WAIT", _) => &["TIME_WAIT"],
        ("CLOSE-WAIT", _) => &["CLOSE_WAIT"],
        ("LAST-ACK", _) => &["LAST_ACK"],
        ("CLOSING", _) => &["CLOSING"],
        ("ESTAB", true) => &["CONNECTED"],
        ("LISTEN", true) => &["LISTENING"],
        ("UNCONN", true) => &["UNCONNECTED"],
        _ => &[],
    }
}

/// One socket of the JSON document, reduced to what the test compares.
#[derive(Debug, Clone)]
pub struct Sock {
    pub proto: String,
    pub local: (Option<IpAddr>, Option<u16>),
    /// `None` when the document has no (or a null) remote.
    pub remote: Option<(Option<IpAddr>, Option<u16>)>,
    pub state: String,
    pub inode: Option<u64>,
    pub path: Option<String>,
    /// The object as printed, for messages.
    pub text: String,
}

fn port(v: Option<&Value>) -> Option<u16> {
    match v? {
        Value::Number(n) => n.as_u64().and_then(|p| u16::try_from(p).ok()),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn address(v: Option<&Value>) -> Option<IpAddr> {
    let s = v?.as_str()?;
    let s = s.trim_start_matches('[').trim_end_matches(']');
    s.split('%').next()?.parse().ok()
}

fn endpoint(v: &Value) -> (Option<IpAddr>, Option<u16>) {
    (address(v.get(field::ADDRESS)), port(v.get(field::PORT)))
}

fn text(v: Option<&Value>) -> String {
    v.and_then(Value::as_str).unwrap_or_default().to_owned()
}

/// Parse the document and reduce every socket. Errors name what is missing.
pub fn sockets(doc: &[u8]) -> Result<Vec<Sock>, String> {
    let root: Value = serde_json::from_slice(doc).map_err(|e| format!("not JSON: {e}"))?;
    if root.get(field::SCHEMA).is_none() {
        return Err(format!("no {:?} field at the top level", field::SCHEMA));
    }
    let list = root
        .get(field::SOCKETS)
        .and_then(Value::as_array)
        .ok_or_else(|| format!("no {:?} array at the top level", field::SOCKETS))?;
    Ok(list
        .iter()
        .map(|s| {
            let local = s.get(field::LOCAL);
            let path = s
                .get(field::PATH)
                .or_else(|| local.and_then(|l| l.get(field::PATH)))
                .and_then(Value::as_str)
                .map(str::to_owned);
            Sock {
                proto: text(s.get(field::PROTO)).to_ascii_lowercase(),
                local: local.map(endpoint).unwrap_or((None, None)),
                remote: s.get(field::REMOTE).filter(|r| !r.is_null()).map(endpoint),
                state: text(s.get(field::STATE)).to_ascii_uppercase(),
                inode: s.get(field::INODE).and_then(Value::as_u64),
                path,
                text: s.to_string(),
            }
        })
        .collect())
}

/// ss `*` or an unspecified address matches an unspecified or absent one.
fn addr_matches(ss: Option<IpAddr>, json: Option<IpAddr>) -> bool {
    match (ss, json) {
        (Some(a), Some(b)) => a == b,
        (None, b) => b.is_none_or(|b| b.is_unspecified()),
        (Some(a), None) => a.is_unspecified(),
    }
}

/// ss `*` port matches 0 or absent.
fn port_matches(ss: Option<u16>, json: Option<u16>) -> bool {
    ss.unwrap_or(0) == json.unwrap_or(0)
}

fn inet_matches(row: &Row, s: &Sock) -> bool {
    let (End::Inet { addr: la, port: lp }, End::Inet { addr: ra, port: rp }) =
        (&row.local, &row.peer)
    else {
        return false;
    };
    // Raw sockets: ss prints the IP protocol as the port; the JSON may carry
    // it there or leave the port out.
    let local_port = port_matches(*lp, s.local.1) || (row.netid == "raw" && s.local.1.is_none());
    let remote = match s.remote {
        Some((a, p)) => addr_matches(*ra, a) && port_matches(*rp, p),
        None => ra.is_none_or(|a| a.is_unspecified()) && rp.unwrap_or(0) == 0,
    };
    addr_matches(*la, s.local.0) && local_port && remote
}

fn unix_matches(row: &Row, s: &Sock) -> bool {
    let End::Unix { name, inode } = &row.local else {
        return false;
    };
    let path_ok = match name {
        None => true,
        Some(n) => s
            .path
            .as_deref()
            .is_some_and(|p| p == n || Some(p) == n.strip_prefix('@')),
    };
    s.inode == Some(*inode) && path_ok
}

/// Does the JSON socket `s` describe the ss row?
pub fn matches(row: &Row, s: &Sock) -> bool {
    let unix = row.is_unix();
    proto_spellings(&row.netid).contains(&s.proto.as_str())
        && state_spellings(&row.state, unix).contains(&s.state.as_str())
        && if unix {
            unix_matches(row, s)
        } else {
            inet_matches(row, s)
        }
}
