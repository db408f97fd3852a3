//! Parser for /proc/net/ipv6_route: every IPv6 route of every table, in the
//! kernel's walk order, including the null entry (`::/0`, reject, `lo`)
//! that sits at the root of each table without a default route. No header.
//!
//! ```text
//! fd000009000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000002 00000000 00000001       v0
//! dst                              len src                              len next hop                         metric   refcnt   use      flags    iface
//! ```
//!
//! Addresses are 32 hex digits in network order; the numbers are hex. What
//! the file does not say: table, protocol, scope (all `None`) and the type,
//! which is derived from the flags (REJECT → unreachable, LOCAL → local,
//! ANYCAST → anycast, else unicast).
//!
//! Error policy: strict: a line that does not parse fails the file with
//! [`Error::ProcParse`].

use std::net::{IpAddr, Ipv6Addr};
use std::path::Path;

use super::lines::{excerpt, hex_u64};
use crate::model::{Family, Route, RouteFlags, RouteMetrics, RouteType};
use crate::{Error, Result};

/// Parse the whole file; `path` names it in errors.
pub fn parse_ipv6_route(bytes: &[u8], path: &Path) -> Result<Vec<Route>> {
    let mut out = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let route = row(line).ok_or_else(|| Error::ProcParse {
            path: path.to_path_buf(),
            line: i + 1,
            reason: format!("not an IPv6 route line: {}", excerpt(line)),
        })?;
        out.push(route);
    }
    Ok(out)
}

fn row(line: &[u8]) -> Option<Route> {
    let mut f = line
        .split(|b| *b == b' ' || *b == b'\t')
        .filter(|f| !f.is_empty());
    let mut next = || f.next();
    let dst = addr(next()?)?;
    let dst_len = hex8(next()?)?;
    let src = addr(next()?)?;
    let src_len = hex8(next()?)?;
    let hop = addr(next()?)?;
    let metric = hex32(next()?)?;
    let refcnt = hex32(next()?)?;
    let use_count = hex32(next()?)?;
    let flags = hex32(next()?)?;
    let iface = next()?;
    if next().is_some() || dst_len > 128 || src_len > 128 {
        return None;
    }
    let kind = if flags & RouteFlags::REJECT != 0 {
        RouteType::Unreachable
    } else if flags & RouteFlags::LOCAL != 0 {
        RouteType::Local
    } else if flags & RouteFlags::ANYCAST != 0 {
        RouteType::Anycast
    } else {
        RouteType::Unicast
    };
    Some(Route {
        family: Family::Inet6,
        table: None,
        kind,
        protocol: None,
        scope: None,
        dst: IpAddr::V6(dst),
        dst_len,
        src: IpAddr::V6(src),
        src_len,
        gateway: (!hop.is_unspecified()).then_some(IpAddr::V6(hop)),
        ifindex: 0,
        dev: Some(String::from_utf8_lossy(iface).into_owned()),
        prefsrc: None,
        metric,
        metrics: RouteMetrics::default(),
        flags: RouteFlags(flags),
        rtm_flags: 0,
        tos: 0,
        nexthops: Vec::new(),
        nh_id: None,
        expires_cs: None,
        refcnt: Some(refcnt),
        use_count: Some(use_count),
    })
}

fn addr(s: &[u8]) -> Option<Ipv6Addr> {
    if s.len() != 32 {
        return None;
    }
    let hi = hex_u64(&s[..16], 16)?;
    let lo = hex_u64(&s[16..], 16)?;
    Some(Ipv6Addr::from((u128::from(hi) << 64) | u128::from(lo)))
}

fn hex8(s: &[u8]) -> Option<u8> {
    u8::try_from(hex_u64(s, 2)?).ok()
}

fn hex32(s: &[u8]) -> Option<u32> {
    u32::try_from(hex_u64(s, 8)?).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"\
fd000009000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000002 00000000 00000001       v0
00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000009000000000000000000000001 00000800 00000001 00000000 00000003       v0
00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001       lo
00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo
";

    fn parse(b: &[u8]) -> Result<Vec<Route>> {
        parse_ipv6_route(b, Path::new("/proc/net/ipv6_route"))
    }

    #[test]
    fn sample_decodes() {
        let v = parse(SAMPLE).unwrap();
        assert_eq!(v.len(), 4);
        assert_eq!(v[0].dst, IpAddr::V6("fd00:9::".parse().unwrap()));
        assert_eq!((v[0].dst_len, v[0].metric, v[0].refcnt), (64, 256, Some(2)));
        assert_eq!(v[1].gateway, Some("fd00:9::1".parse().unwrap()));
        assert_eq!(v[1].flags.0, 3);
        assert_eq!(
            (v[2].kind, v[2].dev.as_deref()),
            (RouteType::Local, Some("lo"))
        );
        assert_eq!((v[3].kind, v[3].metric), (RouteType::Unreachable, u32::MAX));
    }

    #[test]
    fn bad_lines_are_typed_errors() {
        for b in [
            &b"zz"[..],
            b"fd000009000000000000000000000000 40\n",
            b"fd000009000000000000000000000000 81 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000002 00000000 00000001 v0\n",
            b"fd000009000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000002 00000000 00000001 v0 extra\n",
        ] {
            assert!(matches!(parse(b), Err(Error::ProcParse { line: 1, .. })), "{b:?}");
        }
    }

    #[test]
    fn every_prefix_parses_or_fails_typed() {
        for cut in 0..=SAMPLE.len() {
            match parse(&SAMPLE[..cut]) {
                Ok(v) => assert!(v.len() <= 4),
                Err(e) => assert!(matches!(e, Error::ProcParse { .. })),
            }
        }
    }
}
