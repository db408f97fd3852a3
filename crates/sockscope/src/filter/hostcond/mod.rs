//! ss host conditions: `[FAMILY:]ADDRESS[/PREFIX][:PORT]` after `src`/`dst`
//! and `[:]PORT` after `sport`/`dport`, as ss's `parse_hostcond` reads them:
//! `[v6]:port` brackets, `*` wildcards, iproute2-style short IPv4 (`10/8`,
//! `127.1`), dotted netmasks, `any`/`all`/`default`, host names (every
//! address), service names (tcp and udp must agree) and `unix:GLOB` (also
//! a bare glob starting with `/` or `@`).
//!
//! Beyond ss: an unbracketed IPv6 address that ss would split at its last
//! colon and then reject (`::1`) is taken whole; ports above 65535 are an
//! error rather than a condition nothing matches; `link:`, `netlink:` and
//! `vsock:` are refused (sockscope lists no such sockets).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::ast::{HostCond, Prefix};
use super::lookup::Lookup;
use crate::model::Family;

/// What a `src`/`dst` word names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    Inet(HostCond),
    /// `unix:GLOB`
    Unix(String),
}

/// Parse the word after `src`/`dst`. Errors are messages for the word.
pub fn parse_host(word: &str, lookup: &dyn Lookup) -> Result<Host, String> {
    let (family, rest) = split_family(word)?;
    let Some(family) = family else {
        return Ok(Host::Unix(rest.to_owned()));
    };
    let rest = bracket_prefix(rest);
    let (addr, port) = split_port(&rest);
    let port = match port {
        Some(p) => parse_port(p, lookup)?,
        None => None,
    };
    let addrs = match addr {
        "" | "*" | "any" | "all" | "default" => Vec::new(),
        a => match parse_prefix(a) {
            Some(p) => vec![p],
            None => {
                let resolved: Vec<Prefix> = lookup
                    .host(a)
                    .into_iter()
                    .map(full)
                    .filter(|p| family.is_none_or(|f| p.family() == f))
                    .collect();
                if resolved.is_empty() {
                    return Err(format!(
                        "an address, prefix or host name is expected rather than {a:?}"
                    ));
                }
                resolved
            }
        },
    };
    if let Some(f) = family {
        if addrs.iter().any(|p| p.family() != f && p.len > 0) {
            return Err(format!("the address is not of the {} family", fam_name(f)));
        }
    }
    Ok(Host::Inet(HostCond {
        family,
        addrs,
        port,
    }))
}

/// Parse the word after `sport`/`dport`: `:PORT`, `PORT` or `*` (any).
pub fn parse_port_word(word: &str, lookup: &dyn Lookup) -> Result<Option<u16>, String> {
    let p = word.strip_prefix(':').unwrap_or(word);
    if p.contains(':') || p.starts_with('[') {
        return Err("sport and dport take a port (\":22\", \":ssh\"), not an address".into());
    }
    parse_port(p, lookup)
}

/// `Some(Some(f))` for inet prefixes, `Some(None)` for none; `None`
/// stands for `unix:` (the rest is a glob).
fn split_family(word: &str) -> Result<(Option<Option<Family>>, &str), String> {
    if let Some(r) = word.strip_prefix("unix:") {
        return Ok((None, r));
    }
    // No inet address starts so: a UNIX path or abstract name (ss takes
    // these unprefixed when -x is its last family option).
    if word.starts_with('/') || word.starts_with('@') {
        return Ok((None, word));
    }
    for p in ["link:", "netlink:", "vsock:", "tipc:"] {
        if word.starts_with(p) {
            return Err(format!(
                "{} sockets are not listed by sockscope",
                p.trim_end_matches(':')
            ));
        }
    }
    if let Some(r) = word.strip_prefix("inet6:") {
        return Ok((Some(Some(Family::Inet6)), r));
    }
    if let Some(r) = word.strip_prefix("inet:") {
        return Ok((Some(Some(Family::Inet)), r));
    }
    Ok((Some(None), word))
}

fn fam_name(f: Family) -> &'static str {
    match f {
        Family::Inet => "inet",
        Family::Inet6 => "inet6",
    }
}

/// `[addr]/len:port` (prefix outside the brackets) as `[addr/len]:port`,
/// the form ss reads.
fn bracket_prefix(s: &str) -> std::borrow::Cow<'_, str> {
    if let (Some(inner), Some(close)) = (s.strip_prefix('['), s.find("]/")) {
        let after = &s[close + 2..];
        let (len, port) = match after.find(':') {
            Some(i) => (&after[..i], &after[i..]),
            None => (after, ""),
        };
        return format!("[{}/{len}]{port}", &inner[..close - 1]).into();
    }
    s.into()
}

/// Split `addr[:port]` the way ss does, plus the whole-IPv6 rescue.
fn split_port(s: &str) -> (&str, Option<&str>) {
    if let Some(inner) = s.strip_prefix('[') {
        return match inner.find(']') {
            Some(i) => {
                let after = &inner[i + 1..];
                (&inner[..i], Some(after.strip_prefix(':').unwrap_or(after)))
            }
            None => (s, None),
        };
    }
    if let Some(after) = s.strip_prefix('*') {
        return ("*", Some(after.strip_prefix(':').unwrap_or(after)));
    }
    // ss: the last ':' after the '/' if there is one, else the last ':'.
    let from = s.find('/').unwrap_or(0);
    match s[from..].rfind(':').map(|i| from + i) {
        Some(i) => {
            let (addr, port) = (&s[..i], &s[i + 1..]);
            let addr_ok = addr.is_empty() || !addr.contains(':') || parse_prefix(addr).is_some();
            let port_ok = !port.contains('.') && !port.contains('/');
            if !(addr_ok && port_ok) && parse_prefix(s).is_some() {
                (s, None)
            } else {
                (addr, Some(port))
            }
        }
        None => (s, None),
    }
}

/// A port: empty or `*` is any; decimal or 0x-hex; else a service name.
fn parse_port(p: &str, lookup: &dyn Lookup) -> Result<Option<u16>, String> {
    if p.is_empty() || p == "*" {
        return Ok(None);
    }
    let number = if let Some(h) = p.strip_prefix("0x").or_else(|| p.strip_prefix("0X")) {
        u64::from_str_radix(h, 16).ok()
    } else if p.bytes().all(|b| b.is_ascii_digit()) {
        p.parse::<u64>().ok().or(Some(u64::MAX))
    } else {
        None
    };
    if let Some(n) = number {
        return u16::try_from(n)
            .map(Some)
            .map_err(|_| format!("port {p} is out of range (0-65535)"));
    }
    let tcp = lookup.service(p, "tcp");
    let udp = lookup.service(p, "udp");
    match (tcp, udp) {
        (Some(t), Some(u)) if t != u => Err(format!(
            "ambiguous port {p:?}: {t}/tcp but {u}/udp; give the number"
        )),
        (Some(t), _) => Ok(Some(t)),
        (None, Some(u)) => Ok(Some(u)),
        (None, None) => Err(format!("{p:?} does not look like a port")),
    }
}

fn full(addr: IpAddr) -> Prefix {
    let len = match addr {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    };
    Prefix { addr, len }
}

/// `addr[/len]` or `addr/mask` (IPv4), iproute2 style.
pub fn parse_prefix(s: &str) -> Option<Prefix> {
    let (a, len) = match s.split_once('/') {
        Some((a, l)) => (a, Some(l)),
        None => (s, None),
    };
    let addr = parse_addr(a)?;
    let width = match addr {
        IpAddr::V4(_) => 32u8,
        IpAddr::V6(_) => 128u8,
    };
    let len = match len {
        None => width,
        Some(l) if !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()) => {
            let n: u8 = l.parse().ok()?;
            (n <= width).then_some(n)?
        }
        Some(l) if width == 32 => mask_len(parse_v4(l)?)?,
        Some(_) => return None,
    };
    Some(Prefix { addr, len })
}

fn parse_addr(a: &str) -> Option<IpAddr> {
    if a.contains(':') {
        return a.parse::<Ipv6Addr>().ok().map(IpAddr::V6);
    }
    parse_v4(a).map(IpAddr::V4)
}

/// iproute2's IPv4 reading: one to four decimal parts, missing ones zero
/// (`10` is 10.0.0.0, `127.1` is 127.1.0.0).
fn parse_v4(a: &str) -> Option<Ipv4Addr> {
    let mut o = [0u8; 4];
    for (n, part) in a.split('.').enumerate() {
        if n == 4 || part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        o[n] = part.parse().ok()?;
    }
    Some(Ipv4Addr::from(o))
}

/// Length of a contiguous dotted netmask.
fn mask_len(m: Ipv4Addr) -> Option<u8> {
    let v = u32::from(m);
    let len = v.leading_ones();
    (v.checked_shl(len).unwrap_or(0) == 0).then_some(len as u8)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
