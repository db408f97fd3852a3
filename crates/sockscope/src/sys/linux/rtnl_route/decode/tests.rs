//! Decoder tests on hand-built `RTM_NEWROUTE` payloads: every attribute we
//! read, derived flags, unknown attributes skipped, every truncated prefix a
//! typed error or a decode.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::sys::linux::nl::attrs::tests::attr;
use crate::Error;

/// `rtmsg` + attributes.
fn msg(
    family: u8,
    dst_len: u8,
    table: u8,
    proto: u8,
    kind: u8,
    flags: u32,
    attrs: &[Vec<u8>],
) -> Vec<u8> {
    let mut v = vec![family, dst_len, 0, 0, table, proto, 0, kind];
    v.extend_from_slice(&flags.to_ne_bytes());
    for a in attrs {
        v.extend_from_slice(a);
    }
    v
}

fn u32a(kind: u16, v: u32) -> Vec<u8> {
    attr(kind, &v.to_ne_bytes())
}

fn v4_default_via() -> Vec<u8> {
    msg(
        AF_INET,
        0,
        254,
        4,
        1,
        0,
        &[
            u32a(RTA_TABLE, 254),
            u32a(RTA_PRIORITY, 5),
            attr(RTA_GATEWAY, &[10, 9, 0, 1]),
            u32a(RTA_OIF, 2),
            attr(0x7777, b"unknown attribute from a newer kernel"),
        ],
    )
}

#[test]
fn ipv4_unicast_via_gateway() {
    let r = decode(&v4_default_via(), 100).unwrap();
    assert_eq!(r.family, Family::Inet);
    assert_eq!(
        (r.table, r.kind, r.protocol),
        (Some(254), RouteType::Unicast, Some(4))
    );
    assert_eq!(r.dst, IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    assert_eq!(r.gateway, Some(IpAddr::V4(Ipv4Addr::new(10, 9, 0, 1))));
    assert_eq!((r.ifindex, r.metric), (2, 5));
    assert_eq!(r.flags, RouteFlags(RouteFlags::UP | RouteFlags::GATEWAY));
    assert_eq!(r.refcnt, None);
}

#[test]
fn ipv4_host_reject_and_metrics() {
    let mut metrics = u32a(8, 1300); // RTAX_ADVMSS
    metrics.extend(u32a(3, 8000)); // RTAX_WINDOW
    metrics.extend(u32a(4, 30)); // RTAX_RTT
    metrics.extend(attr(16, b"cubic\0")); // RTAX_CC_ALGO: a string, skipped
    metrics.extend(u32a(1, 1 << 2)); // RTAX_LOCK: mtu locked
    let m = msg(
        AF_INET,
        32,
        254,
        3,
        1,
        0,
        &[attr(RTA_DST, &[10, 9, 0, 77]), attr(RTA_METRICS, &metrics)],
    );
    let r = decode(&m, 0).unwrap();
    assert_eq!(r.flags, RouteFlags(RouteFlags::UP | RouteFlags::HOST));
    assert_eq!(
        (
            r.metrics.advmss,
            r.metrics.window,
            r.metrics.rtt,
            r.metrics.lock
        ),
        (1300, 8000, 30, 4)
    );
    let unreachable = decode(&msg(AF_INET, 16, 254, 3, 7, 0, &[]), 0).unwrap();
    assert_eq!(
        unreachable.flags,
        RouteFlags(RouteFlags::UP | RouteFlags::REJECT)
    );
    let blackhole = decode(&msg(AF_INET, 16, 254, 3, 6, 0, &[]), 0).unwrap();
    assert_eq!(blackhole.flags, RouteFlags(RouteFlags::UP));
}

#[test]
fn ipv4_multipath_and_via() {
    let mut hops = Vec::new();
    for (gw, ifindex, hops_field) in [([10, 9, 0, 1], 2u32, 0u8), ([10, 9, 0, 3], 3, 4)] {
        let a = attr(RTA_GATEWAY, &gw);
        let len = (RTNH_LEN + a.len()) as u16;
        hops.extend_from_slice(&len.to_ne_bytes());
        hops.push(0x10); // RTNH_F_LINKDOWN
        hops.push(hops_field);
        hops.extend_from_slice(&ifindex.to_ne_bytes());
        hops.extend(a);
    }
    let r = decode(
        &msg(AF_INET, 16, 254, 3, 1, 0, &[attr(RTA_MULTIPATH, &hops)]),
        0,
    )
    .unwrap();
    assert_eq!(r.nexthops.len(), 2);
    assert_eq!(r.nexthops[1].gateway, Some("10.9.0.3".parse().unwrap()));
    assert_eq!(
        (
            r.nexthops[1].ifindex,
            r.nexthops[1].weight,
            r.nexthops[1].flags
        ),
        (3, 5, 0x10)
    );
    assert!(r.flags.has(RouteFlags::GATEWAY), "first hop has a gateway");
    assert_eq!(r.first_hop().0, Some("10.9.0.1".parse().unwrap()));

    // An IPv4 route via an IPv6 next hop: no RTF_GATEWAY (/proc shows none).
    let mut via = (libc::AF_INET6 as u16).to_ne_bytes().to_vec();
    via.extend_from_slice(&Ipv6Addr::LOCALHOST.octets());
    let r = decode(&msg(AF_INET, 24, 254, 3, 1, 0, &[attr(RTA_VIA, &via)]), 0).unwrap();
    assert_eq!(r.gateway, Some(IpAddr::V6(Ipv6Addr::LOCALHOST)));
    assert!(!r.flags.has(RouteFlags::GATEWAY));
}

#[test]
fn ipv6_flags_are_derived_as_the_kernel_sets_them() {
    let gw: Ipv6Addr = "fd00:9::1".parse().unwrap();
    let mut cache = vec![0u8; 32];
    cache[8..12].copy_from_slice(&29_900i32.to_ne_bytes());
    let expiring = msg(
        AF_INET6,
        64,
        254,
        3,
        1,
        0,
        &[attr(RTA_GATEWAY, &gw.octets()), attr(RTA_CACHEINFO, &cache)],
    );
    let r = decode(&expiring, 0).unwrap();
    assert_eq!(r.expires_cs, Some(29_900));
    assert_eq!(
        r.flags,
        RouteFlags(RouteFlags::UP | RouteFlags::GATEWAY | RouteFlags::EXPIRES)
    );
    let local = decode(&msg(AF_INET6, 128, 255, 2, 2, 0, &[]), 0).unwrap();
    assert_eq!(local.flags, RouteFlags(0x8020_0001));
    let blackhole = decode(&msg(AF_INET6, 64, 254, 3, 6, 0, &[]), 0).unwrap();
    assert_eq!(blackhole.flags, RouteFlags(0x0020_0200));
    let ra_default = decode(
        &msg(
            AF_INET6,
            0,
            254,
            RTPROT_RA,
            1,
            0,
            &[attr(RTA_GATEWAY, &gw.octets())],
        ),
        0,
    )
    .unwrap();
    assert!(ra_default
        .flags
        .has(RouteFlags::ADDRCONF | RouteFlags::DEFAULT | RouteFlags::GATEWAY));
    let host = decode(&msg(AF_INET6, 128, 254, 3, 1, 0, &[]), 0).unwrap();
    assert_eq!(
        host.flags,
        RouteFlags(RouteFlags::UP),
        "IPv6 never sets RTF_HOST"
    );
}

#[test]
fn table_attribute_overrides_the_header_byte() {
    let r = decode(&msg(AF_INET, 8, 252, 3, 1, 0, &[u32a(RTA_TABLE, 1000)]), 0).unwrap();
    assert_eq!(r.table, Some(1000));
}

#[test]
fn short_or_foreign_messages_are_typed_errors() {
    assert!(matches!(
        decode(&[2, 0, 0], 40),
        Err(Error::Decode { offset: 40, .. })
    ));
    assert!(matches!(
        decode(&msg(7, 0, 254, 3, 1, 0, &[]), 40),
        Err(Error::Decode { offset: 40, .. })
    ));
    // RTA_DST of an IPv6 route with 4 bytes.
    let m = msg(AF_INET6, 64, 254, 3, 1, 0, &[attr(RTA_DST, &[1, 2, 3, 4])]);
    assert!(matches!(
        decode(&m, 0),
        Err(Error::Decode {
            what: "RTA_DST",
            offset: 12,
            ..
        })
    ));
}

#[test]
fn every_prefix_decodes_or_fails_typed() {
    let mut metrics = u32a(2, 1400);
    metrics.extend(u32a(8, 1300));
    let mut hops = 16u16.to_ne_bytes().to_vec();
    hops.extend_from_slice(&[0, 0, 2, 0, 0, 0]);
    hops.extend(attr(RTA_GATEWAY, &[10, 0, 0, 1]));
    let full = msg(
        AF_INET,
        24,
        254,
        3,
        1,
        0,
        &[
            attr(RTA_DST, &[10, 1, 2, 0]),
            attr(RTA_METRICS, &metrics),
            attr(RTA_MULTIPATH, &hops),
            u32a(RTA_TABLE, 254),
        ],
    );
    assert!(decode(&full, 0).is_ok());
    for cut in 0..full.len() {
        match decode(&full[..cut], 0) {
            Ok(_) => {}
            Err(Error::Decode { offset, .. }) => {
                assert!(offset <= cut, "cut {cut}: offset {offset}")
            }
            Err(e) => panic!("cut {cut}: {e:?}"),
        }
    }
}

#[test]
fn request_names_the_family_only() {
    assert_eq!(
        request(Family::Inet6),
        [AF_INET6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    );
}
