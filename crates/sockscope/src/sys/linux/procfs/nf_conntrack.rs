//! /proc/net/nf_conntrack: the text form of the conntrack table, the
//! fallback when ctnetlink cannot be used. One entry per line:
//!
//! ```text
//! ipv4     2 tcp      6 431990 ESTABLISHED src=10.0.0.5 dst=10.0.0.2 sport=41373 dport=8080 \
//!     src=10.0.0.2 dst=10.0.0.1 sport=8080 dport=40000 [ASSURED] mark=0 zone=0 use=2
//! ```
//!
//! The first `src=...` group is the original tuple, the second the reply
//! tuple. The file prints no status word: `[UNREPLIED]`, `[ASSURED]`,
//! `[OFFLOAD]`, `[HW_OFFLOAD]` set their bits, every listed entry is
//! confirmed, and the NAT bits are inferred by comparing the tuples (see
//! [`nat_bits`]). Unknown `key=value` fields are ignored. A line that does
//! not parse is left out with a warning naming it.

use std::net::IpAddr;
use std::path::Path;

use super::snmp::problem;
use crate::model::{ConntrackEntry, CtStatus, Family, L4Ids, Tuple, Warning};
use crate::{Error, Result};

/// Read the calling thread's /proc/net/nf_conntrack.
pub fn read_nf_conntrack(warnings: &mut Vec<Warning>) -> Result<Vec<ConntrackEntry>> {
    read_nf_conntrack_from(&super::net_dir().join("nf_conntrack"), warnings)
}

/// Read and parse a conntrack table file.
pub fn read_nf_conntrack_from(
    path: &Path,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<ConntrackEntry>> {
    let text = std::fs::read(path).map_err(|source| Error::ProcRead {
        path: path.to_owned(),
        source,
    })?;
    Ok(parse_nf_conntrack(&text, warnings))
}

/// Parse the whole file; bad lines become warnings.
pub fn parse_nf_conntrack(text: &[u8], warnings: &mut Vec<Warning>) -> Vec<ConntrackEntry> {
    let mut out = Vec::new();
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match parse_line(&String::from_utf8_lossy(line)) {
            Ok(e) => out.push(e),
            Err(reason) => warnings.push(problem("nf_conntrack", i + 1, reason)),
        }
    }
    out
}

/// Fields of one tuple as they come.
#[derive(Default)]
struct Raw {
    src: Option<IpAddr>,
    dst: Option<IpAddr>,
    sport: Option<u16>,
    dport: Option<u16>,
    kind: Option<u8>,
    code: Option<u8>,
    id: Option<u16>,
}

fn parse_line(line: &str) -> std::result::Result<ConntrackEntry, &'static str> {
    let mut t = line.split_ascii_whitespace();
    let bad = "not a conntrack line";
    let family = match t.nth(1).ok_or(bad)? {
        "2" => Family::Inet,
        "10" => Family::Inet6,
        _ => return Err("unknown layer 3 protocol number"),
    };
    let protocol: u8 = t.nth(1).ok_or(bad)?.parse().map_err(|_| bad)?;
    let timeout: u32 = t.next().ok_or(bad)?.parse().map_err(|_| "bad timeout")?;
    let mut e = ConntrackEntry {
        family,
        protocol,
        original: blank(family),
        reply: blank(family),
        status: CtStatus(CtStatus::CONFIRMED | CtStatus::SEEN_REPLY),
        timeout: Some(timeout),
        state: None,
        mark: None,
        zone: None,
        id: None,
        seq_adjust_orig: None,
    };
    let mut tuples: Vec<Raw> = Vec::new();
    for tok in t {
        let Some((key, value)) = tok.split_once('=') else {
            match tok {
                "[UNREPLIED]" => e.status.0 &= !CtStatus::SEEN_REPLY,
                "[ASSURED]" => e.status.0 |= CtStatus::ASSURED,
                "[OFFLOAD]" => e.status.0 |= CtStatus::OFFLOAD,
                "[HW_OFFLOAD]" => e.status.0 |= CtStatus::HW_OFFLOAD,
                _ if tuples.is_empty() && e.state.is_none() && !tok.starts_with('[') => {
                    e.state = Some(tok.to_owned())
                }
                _ => {}
            }
            continue;
        };
        if key == "src" {
            if tuples.len() == 2 {
                return Err("more than two tuples");
            }
            tuples.push(Raw::default());
        }
        let num = |v: &str| v.parse::<u16>().map_err(|_| "bad number in a tuple");
        let byte = |v: &str| v.parse::<u8>().map_err(|_| "bad number in a tuple");
        match (tuples.last_mut(), key) {
            (Some(r), "src") => r.src = Some(addr(value)?),
            (Some(r), "dst") => r.dst = Some(addr(value)?),
            (Some(r), "sport") => r.sport = Some(num(value)?),
            (Some(r), "dport") => r.dport = Some(num(value)?),
            (Some(r), "type") => r.kind = Some(byte(value)?),
            (Some(r), "code") => r.code = Some(byte(value)?),
            (Some(r), "id") => r.id = Some(num(value)?),
            (_, "mark") => e.mark = value.parse().ok(),
            (_, "zone") => e.zone = value.parse().ok(),
            _ => {}
        }
    }
    let [orig, reply] = <[Raw; 2]>::try_from(tuples).map_err(|_| "expected two tuples")?;
    e.original = tuple(orig)?;
    e.reply = tuple(reply)?;
    e.status.0 |= nat_bits(&e.original, &e.reply);
    Ok(e)
}

fn blank(family: Family) -> Tuple {
    Tuple {
        src: family.unspecified(),
        dst: family.unspecified(),
        l4: L4Ids::None,
    }
}

fn tuple(r: Raw) -> std::result::Result<Tuple, &'static str> {
    let (Some(src), Some(dst)) = (r.src, r.dst) else {
        return Err("tuple without addresses");
    };
    let l4 = match (r.sport, r.dport, r.id, r.kind) {
        (Some(src), Some(dst), _, _) => L4Ids::Ports { src, dst },
        (_, _, Some(id), Some(kind)) => L4Ids::Icmp {
            id,
            kind,
            code: r.code.unwrap_or(0),
        },
        _ => L4Ids::None,
    };
    Ok(Tuple { src, dst, l4 })
}

/// The kernel prints IPv6 addresses with `%pI6` (eight groups, no `::`),
/// which parses as any IPv6 text does; IPv4 dotted.
fn addr(s: &str) -> std::result::Result<IpAddr, &'static str> {
    s.parse::<IpAddr>().map_err(|_| "bad address")
}

/// `IPS_SRC_NAT` when replies go somewhere else than where the connection
/// came from; `IPS_DST_NAT` when they come from somewhere else than where it
/// went. For ICMP only the addresses and the echo id count (the type of a
/// reply differs by nature).
pub fn nat_bits(orig: &Tuple, reply: &Tuple) -> u32 {
    let (o_src, o_dst, r_src, r_dst) = match (orig.l4, reply.l4) {
        (L4Ids::Ports { src: os, dst: od }, L4Ids::Ports { src: rs, dst: rd }) => (os, od, rs, rd),
        (L4Ids::Icmp { id: oi, .. }, L4Ids::Icmp { id: ri, .. }) => (oi, 0, 0, ri),
        _ => (0, 0, 0, 0),
    };
    let mut bits = 0;
    if reply.dst != orig.src || r_dst != o_src {
        bits |= CtStatus::SRC_NAT;
    }
    if reply.src != orig.dst || r_src != o_dst {
        bits |= CtStatus::DST_NAT;
    }
    bits
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn recorded() -> Vec<u8> {
        let p = format!(
            "{}/../../tests/data/proc/nf_conntrack",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(p).unwrap()
    }

    #[test]
    fn recorded_file_parses_with_nat_inferred() {
        let mut w = Vec::new();
        let e = parse_nf_conntrack(&recorded(), &mut w);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(e.len(), 6);
        let nat: Vec<_> = e.iter().map(|e| e.status.is_nat()).collect();
        assert_eq!(nat, [true, false, true, true, true, false]);
        let tcp = &e[0];
        assert_eq!(tcp.state.as_deref(), Some("ESTABLISHED"));
        assert_eq!(
            tcp.original.l4,
            L4Ids::Ports {
                src: 41373,
                dst: 8080
            }
        );
        assert_eq!(tcp.reply.dst, "10.251.1.1".parse::<IpAddr>().unwrap());
        assert!(tcp
            .status
            .has(CtStatus::ASSURED | CtStatus::SEEN_REPLY | CtStatus::SRC_NAT));
        assert_eq!(
            (tcp.mark, tcp.zone, tcp.timeout),
            (Some(0), Some(0), Some(431986))
        );
        assert!(!e[1].status.has(CtStatus::SEEN_REPLY));
        assert_eq!(e[1].original.src, "fd51::5".parse::<IpAddr>().unwrap());
        assert_eq!(
            e[2].original.l4,
            L4Ids::Icmp {
                id: 4660,
                kind: 8,
                code: 0
            }
        );
        assert_eq!(e[2].status.0 & CtStatus::DST_NAT, 0);
    }

    #[test]
    fn bad_lines_are_reported_and_the_rest_kept() {
        let mut w = Vec::new();
        let mut text = b"garbage\nipv4 2 tcp 6 x\n".to_vec();
        text.extend(recorded());
        let e = parse_nf_conntrack(&text, &mut w);
        assert_eq!(e.len(), 6);
        assert_eq!(w.len(), 2);
        assert!(w[1].to_string().contains("line 2"));
    }

    #[test]
    fn every_prefix_parses_or_warns() {
        let text = recorded();
        for cut in 0..text.len() {
            let mut w = Vec::new();
            let _ = parse_nf_conntrack(&text[..cut], &mut w);
        }
    }

    #[test]
    fn dnat_is_inferred() {
        let e = parse_line("ipv4 2 udp 17 30 src=1.1.1.1 dst=2.2.2.2 sport=5 dport=53 src=10.0.0.9 dst=1.1.1.1 sport=5353 dport=5 mark=7").unwrap();
        assert_eq!(
            e.status.0 & (CtStatus::SRC_NAT | CtStatus::DST_NAT),
            CtStatus::DST_NAT
        );
        assert_eq!(e.mark, Some(7));
    }
}
