//! Parser for /proc/net/route: the IPv4 main table, one route per line, as
//! netstat -r reads it.
//!
//! ```text
//! Iface→Destination→Gateway →Flags→RefCnt→Use→Metric→Mask→→MTU→Window→IRTT
//! v0→0000090A→00000000→0001→0→0→0→00FFFFFF→0→0→0
//! ```
//! (→ is a tab)
//!
//! Columns are found by the header's names (as netstat's `proc_gen_fmt`
//! does), separated by tabs and padded with trailing spaces. Addresses are
//! hex words in host byte order. The MTU column is the advertised MSS plus
//! 40 (0 when unset) and IRTT is the kernel's rtt metric shifted right by 3;
//! both are stored back as `advmss` and `rtt` (low bits of rtt are lost).
//!
//! What the file does not say: table (always main), type, protocol, scope
//! and any next hop after the first. The type is derived: REJECT →
//! unreachable (or prohibit: the file cannot tell), no interface (`*`) →
//! blackhole (or throw), else unicast.
//!
//! Error policy: strict, as the socket tables: a line that does not parse
//! fails the file with [`Error::ProcParse`].

use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;

use super::lines::{dec_u64, excerpt, hex_u64};
use crate::model::{table, Family, Route, RouteFlags, RouteMetrics, RouteType};
use crate::{Error, Result};

/// Column names netstat needs, in the order of [`Cols`].
const NAMES: [&[u8]; 11] = [
    b"Iface",
    b"Destination",
    b"Gateway",
    b"Flags",
    b"RefCnt",
    b"Use",
    b"Metric",
    b"Mask",
    b"MTU",
    b"Window",
    b"IRTT",
];

/// Read /proc/net/route (IPv4 main table) or /proc/net/ipv6_route (every
/// IPv6 table) of the calling thread's namespace. A file that cannot be read
/// is [`Error::ProcRead`], a line that does not parse [`Error::ProcParse`].
pub fn read_routes(family: Family) -> Result<Vec<Route>> {
    let path = super::net_dir().join(match family {
        Family::Inet => "route",
        Family::Inet6 => "ipv6_route",
    });
    let bytes = std::fs::read(&path).map_err(|source| Error::ProcRead {
        path: path.clone(),
        source,
    })?;
    match family {
        Family::Inet => parse_route(&bytes, &path),
        Family::Inet6 => super::parse_ipv6_route(&bytes, &path),
    }
}

/// Parse the whole file; `path` names it in errors.
pub fn parse_route(bytes: &[u8], path: &Path) -> Result<Vec<Route>> {
    let mut lines = bytes.split(|&b| b == b'\n').enumerate();
    let bad = |line: usize, reason: String| Error::ProcParse {
        path: path.to_path_buf(),
        line,
        reason,
    };
    let Some((_, header)) = lines.next() else {
        return Err(bad(1, "empty file".into()));
    };
    let head: Vec<&[u8]> = fields(header).collect();
    let mut cols = [0usize; 11];
    for (slot, name) in cols.iter_mut().zip(NAMES) {
        *slot = head
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| bad(1, format!("no {} column", String::from_utf8_lossy(name))))?;
    }
    let mut out = Vec::new();
    for (i, line) in lines {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let f: Vec<&[u8]> = fields(line).collect();
        let route = row(&f, &cols)
            .ok_or_else(|| bad(i + 1, format!("not a route line: {}", excerpt(line))))?;
        out.push(route);
    }
    Ok(out)
}

/// Split on tabs and spaces, skipping empty fields.
fn fields(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    line.split(|b| *b == b'\t' || *b == b' ')
        .filter(|f| !f.is_empty())
}

fn row(f: &[&[u8]], c: &[usize; 11]) -> Option<Route> {
    let get = |i: usize| f.get(c[i]).copied();
    let hex32 = |i: usize| hex_u64(get(i)?, 8).and_then(|v| u32::try_from(v).ok());
    let dec32 = |i: usize| int32(get(i)?);
    let iface = get(0)?;
    let dst = v4(hex32(1)?);
    let gateway = v4(hex32(2)?);
    let flags = hex32(3)?;
    let mask = hex32(7)?;
    let mss = dec32(8)?;
    let dev = (iface != b"*").then(|| String::from_utf8_lossy(iface).into_owned());
    let kind = if flags & RouteFlags::REJECT != 0 {
        RouteType::Unreachable
    } else if dev.is_none() {
        RouteType::Blackhole
    } else {
        RouteType::Unicast
    };
    Some(Route {
        family: Family::Inet,
        table: Some(table::MAIN),
        kind,
        protocol: None,
        scope: None,
        dst: IpAddr::V4(dst),
        dst_len: prefix_len(mask)?,
        src: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        src_len: 0,
        gateway: (!gateway.is_unspecified()).then_some(IpAddr::V4(gateway)),
        ifindex: 0,
        dev,
        prefsrc: None,
        metric: dec32(6)?,
        metrics: RouteMetrics {
            advmss: mss.saturating_sub(40),
            window: dec32(9)?,
            rtt: dec32(10)?.checked_shl(3)?,
            ..RouteMetrics::default()
        },
        flags: RouteFlags(flags),
        rtm_flags: 0,
        tos: 0,
        nexthops: Vec::new(),
        nh_id: None,
        expires_cs: None,
        refcnt: dec32(4),
        use_count: dec32(5),
    })
}

/// A `%d` or `%u` column as a u32 (the kernel prints a u32 metric with
/// `%d`, so -1 is 4294967295).
fn int32(s: &[u8]) -> Option<u32> {
    match s.strip_prefix(b"-") {
        Some(digits) => {
            let v = i64::try_from(dec_u64(digits)?).ok()?;
            i32::try_from(-v).ok().map(|v| v as u32)
        }
        None => u32::try_from(dec_u64(s)?).ok(),
    }
}

/// An address word as the kernel prints it: the in-memory (network order)
/// bytes read as a host-order integer.
fn v4(word: u32) -> Ipv4Addr {
    Ipv4Addr::from(word.to_ne_bytes())
}

/// Prefix length of a contiguous netmask word; `None` when not contiguous.
fn prefix_len(mask_word: u32) -> Option<u8> {
    let m = u32::from(v4(mask_word));
    let len = m.leading_ones();
    (m.checked_shl(len).unwrap_or(0) == 0).then_some(len as u8)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT                                                       \n\
v0\t00000000\t0100090A\t0003\t0\t0\t0\t00000000\t0\t0\t0                                                                               \n\
v0\t4D00090A\t00000000\t0005\t0\t0\t0\tFFFFFFFF\t0\t0\t0      \n\
*\t0000430A\t00000000\t0201\t0\t0\t0\t0000FFFF\t0\t0\t0   \n\
*\t0000420A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0   \n\
v0\t000510AC\t0100090A\t0003\t0\t0\t5\t00FFFFFF\t1340\t8000\t3   \n";

    fn parse(b: &[u8]) -> Result<Vec<Route>> {
        parse_route(b, Path::new("/proc/net/route"))
    }

    #[test]
    fn sample_decodes() {
        let v = parse(SAMPLE).unwrap();
        assert_eq!(v.len(), 5);
        assert_eq!(v[0].dst, IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        assert_eq!(v[0].dst_len, 0);
        assert_eq!(v[0].gateway, Some("10.9.0.1".parse().unwrap()));
        assert_eq!(v[0].dev.as_deref(), Some("v0"));
        assert_eq!((v[1].dst_len, v[1].flags.0), (32, 5));
        assert_eq!(
            (v[2].kind, v[2].dev.as_deref()),
            (RouteType::Unreachable, None)
        );
        assert_eq!(v[3].kind, RouteType::Blackhole);
        let r = &v[4];
        assert_eq!(r.dst, IpAddr::V4("172.16.5.0".parse().unwrap()));
        assert_eq!((r.dst_len, r.metric), (24, 5));
        assert_eq!(
            (r.metrics.advmss, r.metrics.window, r.metrics.rtt >> 3),
            (1300, 8000, 3)
        );
        assert_eq!(
            (r.refcnt, r.use_count, r.table),
            (Some(0), Some(0), Some(254))
        );
    }

    #[test]
    fn negative_metric_is_a_u32() {
        assert_eq!(int32(b"-1"), Some(u32::MAX));
        assert_eq!(int32(b"4294967295"), Some(u32::MAX));
        assert_eq!(int32(b"-2147483649"), None);
        assert_eq!(int32(b"-"), None);
    }

    #[test]
    fn columns_are_found_by_name() {
        let b = b"Destination Iface Gateway Flags RefCnt Use Metric Mask MTU Window IRTT Extra\n\
                  0000090A eth0 00000000 0001 0 0 0 00FFFFFF 0 0 0 zz\n";
        let v = parse(b).unwrap();
        assert_eq!(v[0].dev.as_deref(), Some("eth0"));
        assert_eq!(v[0].dst_len, 24);
    }

    #[test]
    fn bad_lines_are_typed_errors() {
        for b in [
            &b""[..],
            b"Iface Destination\n",
            b"Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\nv0\tXYZ\n",
            b"Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\nv0\t0\t0\t1\t0\t0\t0\t00FF00FF\t0\t0\t0\n",
        ] {
            assert!(matches!(parse(b), Err(Error::ProcParse { .. })), "{b:?}");
        }
    }

    #[test]
    fn every_prefix_parses_or_fails_typed() {
        for cut in 0..=SAMPLE.len() {
            match parse(&SAMPLE[..cut]) {
                Ok(v) => assert!(v.len() <= 5),
                Err(e) => assert!(matches!(e, Error::ProcParse { .. })),
            }
        }
    }
}
