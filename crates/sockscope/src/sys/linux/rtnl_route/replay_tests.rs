//! Replay of recorded rtnetlink route dumps (tests/data/rtnl/*.bin) and of
//! the /proc files recorded beside them: real kernel bytes decode to the
//! expected routes, the IPv4 main table matches /proc/net/route row for
//! row, every truncated prefix decodes or fails with a typed error, and
//! mutated bytes never panic. Also holds the recorder (an ignored test);
//! see tests/data/rtnl/README.md.

#![allow(clippy::unwrap_used)]

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use super::super::nl::nlmsg::{self, u32_at, Expect, Progress};
use super::super::nl::socket::{NlSocket, RECV_BUF};
use super::{decode, RTM_GETROUTE, RTM_NEWROUTE};
use crate::model::{table, Family, Route, RouteFlags, RouteType};
use crate::sys::linux::procfs::{parse_ipv6_route, parse_route};
use crate::{Error, Result};

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/rtnl")
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(data_dir().join(name)).unwrap()
}

/// Decode a recorded stream as the dump loop would.
fn replay(stream: &[u8]) -> Result<(Progress, Vec<Route>)> {
    let expect = Expect {
        seq: u32_at(stream, 8),
        port_id: u32_at(stream, 12),
        reply: RTM_NEWROUTE,
    };
    let mut v = Vec::new();
    let p = nlmsg::walk_datagram(stream, 0, expect, "replay", &mut |m, off| {
        v.push(decode::decode(m, off)?);
        Ok(())
    })?;
    Ok((p, v))
}

fn find<'a>(v: &'a [Route], dst: &str, len: u8, table: u32) -> &'a Route {
    let dst: IpAddr = dst.parse().unwrap();
    v.iter()
        .find(|r| r.dst == dst && r.dst_len == len && r.table == Some(table))
        .unwrap_or_else(|| panic!("no {dst}/{len} in table {table}"))
}

#[test]
fn ipv4_recording() {
    let (p, v) = replay(&read("route4.bin")).unwrap();
    assert_eq!(p, Progress::Done);
    assert!(v.iter().all(|r| r.family == Family::Inet));
    let gw = find(&v, "172.16.5.0", 24, table::MAIN);
    assert_eq!(gw.gateway, Some("10.9.0.1".parse().unwrap()));
    assert_eq!(
        (gw.metrics.window, gw.metrics.rtt, gw.metrics.mtu),
        (8000, 30, 1400)
    );
    assert_ne!(gw.metrics.lock, 0, "mtu lock");
    assert_eq!(
        find(&v, "10.67.0.0", 16, table::MAIN).kind,
        RouteType::Unreachable
    );
    assert_eq!(
        find(&v, "10.66.0.0", 16, table::MAIN).kind,
        RouteType::Blackhole
    );
    assert_eq!(find(&v, "10.70.0.0", 16, table::MAIN).nexthops.len(), 2);
    assert_eq!(find(&v, "10.71.0.0", 16, 100).kind, RouteType::Unicast);
    let local = find(&v, "10.9.0.2", 32, table::LOCAL);
    assert_eq!(local.kind, RouteType::Local);
}

/// The main table over rtnetlink, without the broadcast and multicast
/// routes /proc/net/route skips, is /proc/net/route recorded at the same time.
#[test]
fn ipv4_main_table_matches_proc_net_route() {
    let (_, nl) = replay(&read("route4.bin")).unwrap();
    let pr = parse_route(&read("proc_net_route"), Path::new("proc_net_route")).unwrap();
    assert!(pr.len() >= 8);
    let key = |r: &Route, gw_flagged_only: bool| {
        let (mut gw, _) = r.first_hop();
        if gw_flagged_only && !r.flags.has(RouteFlags::GATEWAY) {
            gw = None;
        }
        (
            r.dst,
            r.dst_len,
            gw,
            r.flags,
            r.metric,
            r.metrics.advmss,
            r.metrics.window,
            r.metrics.rtt >> 3,
        )
    };
    let got: Vec<_> = nl
        .iter()
        .filter(|r| r.table == Some(table::MAIN))
        .filter(|r| !matches!(r.kind, RouteType::Broadcast | RouteType::Multicast))
        .map(|r| key(r, true))
        .collect();
    let want: Vec<_> = pr.iter().map(|r| key(r, false)).collect();
    assert_eq!(got, want);
}

/// IPv6: same routes and order as /proc/net/ipv6_route, which adds the
/// null entries; derived flags equal the kernel's.
#[test]
fn ipv6_recording_matches_proc_net_ipv6_route() {
    let (p, nl) = replay(&read("route6.bin")).unwrap();
    assert_eq!(p, Progress::Done);
    let pr = parse_ipv6_route(
        &read("proc_net_ipv6_route"),
        Path::new("proc_net_ipv6_route"),
    )
    .unwrap();
    let is_null = |r: &Route| r.dst_len == 0 && r.flags.0 == 0x0020_0200 && r.metric == u32::MAX;
    let want: Vec<_> = pr
        .iter()
        .filter(|r| !is_null(r))
        .map(|r| (r.dst, r.dst_len, r.gateway, r.flags, r.metric))
        .collect();
    let got: Vec<_> = nl
        .iter()
        .map(|r| (r.dst, r.dst_len, r.first_hop().0, r.flags, r.metric))
        .collect();
    assert_eq!(got, want);
    let expiring = find(&nl, "fd00:72::", 64, table::MAIN);
    assert!(expiring.expires_cs.is_some_and(|e| e > 0));
}

#[test]
fn every_prefix_decodes_or_fails_typed() {
    for name in ["route4.bin", "route6.bin"] {
        let s = read(name);
        // The first 16 bytes (a header) name the dump; shorter is no stream.
        for cut in 16..s.len() {
            match replay(&s[..cut]) {
                Ok((Progress::More, _)) => {}
                Err(Error::Decode { offset, .. }) => assert!(offset <= cut),
                other => panic!("{name} prefix {cut}: {other:?}"),
            }
        }
    }
}

#[test]
fn mutated_recordings_never_panic() {
    for name in ["route4.bin", "route6.bin"] {
        let orig = read(name);
        for i in 0..orig.len() {
            for val in [0x00, 0xff, orig[i] ^ 0x80, orig[i].wrapping_add(4)] {
                let mut s = orig.clone();
                s[i] = val;
                let _ = replay(&s);
            }
        }
    }
}

/// Record the files. Run as root in a fresh network namespace set up by
/// tests/data/rtnl/record.sh (which calls this with SOCKSCOPE_RECORD=1).
#[test]
#[ignore = "writes tests/data/rtnl; run by hand through tests/data/rtnl/record.sh"]
fn record_rtnl() {
    if std::env::var_os("SOCKSCOPE_RECORD").is_none() {
        return;
    }
    for (name, family) in [
        ("route4.bin", libc::AF_INET),
        ("route6.bin", libc::AF_INET6),
    ] {
        std::fs::write(data_dir().join(name), record(family as u8)).unwrap();
    }
    for (name, src) in [
        ("proc_net_route", "/proc/net/route"),
        ("proc_net_ipv6_route", "/proc/net/ipv6_route"),
    ] {
        std::fs::write(data_dir().join(name), std::fs::read(src).unwrap()).unwrap();
    }
}

/// Every datagram of one route dump, back to back.
fn record(family: u8) -> Vec<u8> {
    let sock = NlSocket::open(libc::NETLINK_ROUTE).unwrap();
    let seq = 0x5eed;
    let mut body = [0u8; 12];
    body[0] = family;
    sock.send(&nlmsg::dump_request(RTM_GETROUTE, seq, &body, &[]))
        .unwrap();
    let expect = Expect {
        seq,
        port_id: sock.port_id,
        reply: RTM_NEWROUTE,
    };
    let (mut buf, mut all) = (vec![0u8; RECV_BUF], Vec::new());
    loop {
        let n = sock.recv(&mut buf).unwrap();
        all.extend_from_slice(&buf[..n]);
        match nlmsg::walk_datagram(&buf[..n], 0, expect, "record", &mut |_, _| Ok(())) {
            Ok(Progress::More) => {}
            _ => return all,
        }
    }
}
