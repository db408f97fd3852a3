//! Pure decoder of one `RTM_NEWROUTE` message (`struct rtmsg` + attributes)
//! into a [`Route`], and the dump request body. No I/O; interface names are
//! filled in by the caller.
//!
//! Attributes this build does not know are skipped, so a newer kernel never
//! breaks decoding; a known attribute whose payload is too short, or an
//! attribute area that is cut, fails with [`crate::Error::Decode`] carrying
//! its byte offset.
//!
//! The legacy `RTF_*` word is derived as the kernel derives it for /proc
//! (see `legacy_flags`), so a renderer can treat both sources alike.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::super::nl::attrs::{Attr, Attrs};
use super::super::nl::nlmsg::decode as err;
use crate::model::{Family, NextHop, Route, RouteFlags, RouteMetrics, RouteType};
use crate::Result;

/// Size of `struct rtmsg`.
pub(super) const RTMSG_LEN: usize = 12;
/// Size of `struct rtnexthop`.
const RTNH_LEN: usize = 8;
/// Size of `struct rta_cacheinfo` up to and including `rta_expires`.
const CACHEINFO_EXPIRES_END: usize = 12;

const AF_INET: u8 = libc::AF_INET as u8;
const AF_INET6: u8 = libc::AF_INET6 as u8;

// Route attributes (include/uapi/linux/rtnetlink.h).
const RTA_DST: u16 = 1;
const RTA_SRC: u16 = 2;
const RTA_OIF: u16 = 4;
const RTA_GATEWAY: u16 = 5;
const RTA_PRIORITY: u16 = 6;
const RTA_PREFSRC: u16 = 7;
const RTA_METRICS: u16 = 8;
const RTA_MULTIPATH: u16 = 9;
const RTA_CACHEINFO: u16 = 12;
const RTA_TABLE: u16 = 15;
const RTA_VIA: u16 = 18;
const RTA_NH_ID: u16 = 30;

/// `RTM_F_CLONED`: a cached (exception) route.
const RTM_F_CLONED: u32 = 0x200;
/// `RTM_F_PREFIX`: an IPv6 prefix route (the kernel's RTF_PREFIX_RT).
const RTM_F_PREFIX: u32 = 0x800;
/// `RTPROT_RA`: learnt from a router advertisement.
const RTPROT_RA: u8 = 9;

/// The body of a dump request for every route of `family`, all tables.
pub(super) fn request(family: Family) -> [u8; RTMSG_LEN] {
    let mut b = [0u8; RTMSG_LEN];
    b[0] = match family {
        Family::Inet => AF_INET,
        Family::Inet6 => AF_INET6,
    };
    b
}

/// Decode one `RTM_NEWROUTE` payload; `base` is the stream offset of
/// `payload[0]`, used in errors.
pub(crate) fn decode(payload: &[u8], base: usize) -> Result<Route> {
    const WHAT: &str = "rtmsg";
    let m = payload
        .get(..RTMSG_LEN)
        .ok_or(err(WHAT, base, "shorter than rtmsg"))?;
    let family = match m[0] {
        AF_INET => Family::Inet,
        AF_INET6 => Family::Inet6,
        _ => return Err(err(WHAT, base, "unknown address family")),
    };
    let unspecified = family.unspecified();
    let rtm_flags = u32::from_ne_bytes([m[8], m[9], m[10], m[11]]);
    let mut r = Route {
        family,
        table: Some(u32::from(m[4])),
        kind: RouteType::from_code(m[7]),
        protocol: Some(m[5]),
        scope: Some(m[6]),
        dst: unspecified,
        dst_len: m[1],
        src: unspecified,
        src_len: m[2],
        gateway: None,
        ifindex: 0,
        dev: None,
        prefsrc: None,
        metric: 0,
        metrics: RouteMetrics::default(),
        flags: RouteFlags(0),
        rtm_flags,
        tos: m[3],
        nexthops: Vec::new(),
        nh_id: None,
        expires_cs: None,
        refcnt: None,
        use_count: None,
    };
    for a in Attrs::new(&payload[RTMSG_LEN..], base + RTMSG_LEN) {
        let a = a?;
        match a.kind {
            RTA_DST => r.dst = addr(&a, family, "RTA_DST")?,
            RTA_SRC => r.src = addr(&a, family, "RTA_SRC")?,
            RTA_OIF => r.ifindex = a.u32("RTA_OIF")?,
            RTA_GATEWAY => r.gateway = Some(addr(&a, family, "RTA_GATEWAY")?),
            RTA_VIA => r.gateway = Some(via(&a)?),
            RTA_PRIORITY => r.metric = a.u32("RTA_PRIORITY")?,
            RTA_PREFSRC => r.prefsrc = Some(addr(&a, family, "RTA_PREFSRC")?),
            RTA_METRICS => r.metrics = metrics(&a)?,
            RTA_MULTIPATH => r.nexthops = multipath(&a, family)?,
            RTA_CACHEINFO => r.expires_cs = expires(&a)?,
            RTA_TABLE => r.table = Some(a.u32("RTA_TABLE")?),
            RTA_NH_ID => r.nh_id = Some(a.u32("RTA_NH_ID")?),
            _ => {}
        }
    }
    r.flags = legacy_flags(&r);
    Ok(r)
}

/// The `RTF_*` word /proc would print for this route.
///
/// IPv4 (`fib_flag_trans`): UP always; REJECT for unreachable and prohibit;
/// GATEWAY when the (first) next hop has an IPv4 gateway; HOST for a /32.
///
/// IPv6 (`fib6_flags`, which rtnetlink does not carry): reject-type routes
/// are REJECT|NONEXTHOP without UP; local routes LOCAL|NONEXTHOP|UP,
/// anycast ANYCAST|NONEXTHOP|UP; GATEWAY with a gateway; EXPIRES when the
/// route expires; ADDRCONF for routes learnt from router advertisements and
/// prefix routes, DEFAULT for an RA default route; CACHE for clones. The
/// kernel never sets HOST on IPv6 routes.
fn legacy_flags(r: &Route) -> RouteFlags {
    let first_gw = r
        .gateway
        .or_else(|| r.nexthops.first().and_then(|n| n.gateway));
    let mut f = 0;
    match r.family {
        Family::Inet => {
            f |= RouteFlags::UP;
            if matches!(r.kind, RouteType::Unreachable | RouteType::Prohibit) {
                f |= RouteFlags::REJECT;
            }
            if matches!(first_gw, Some(IpAddr::V4(g)) if !g.is_unspecified()) {
                f |= RouteFlags::GATEWAY;
            }
            if r.dst_len == 32 {
                f |= RouteFlags::HOST;
            }
        }
        Family::Inet6 => {
            match r.kind {
                RouteType::Blackhole
                | RouteType::Unreachable
                | RouteType::Prohibit
                | RouteType::Throw => f |= RouteFlags::REJECT | RouteFlags::NONEXTHOP,
                RouteType::Local => f |= RouteFlags::UP | RouteFlags::LOCAL | RouteFlags::NONEXTHOP,
                RouteType::Anycast => {
                    f |= RouteFlags::UP | RouteFlags::ANYCAST | RouteFlags::NONEXTHOP
                }
                _ => f |= RouteFlags::UP,
            }
            if first_gw.is_some() {
                f |= RouteFlags::GATEWAY;
            }
            if r.expires_cs.is_some() {
                f |= RouteFlags::EXPIRES;
            }
            if r.protocol == Some(RTPROT_RA) || r.rtm_flags & RTM_F_PREFIX != 0 {
                f |= RouteFlags::ADDRCONF;
            }
            if r.protocol == Some(RTPROT_RA) && r.dst_len == 0 {
                f |= RouteFlags::DEFAULT;
            }
            if r.rtm_flags & RTM_F_PREFIX != 0 {
                f |= RouteFlags::PREFIX_RT;
            }
            if r.rtm_flags & RTM_F_CLONED != 0 {
                f |= RouteFlags::CACHE;
            }
        }
    }
    RouteFlags(f)
}

/// An address of `family` (4 or 16 bytes).
fn addr(a: &Attr<'_>, family: Family, what: &'static str) -> Result<IpAddr> {
    Ok(match family {
        Family::Inet => IpAddr::V4(Ipv4Addr::from(a.fixed::<4>(what)?)),
        Family::Inet6 => IpAddr::V6(Ipv6Addr::from(a.fixed::<16>(what)?)),
    })
}

/// `RTA_VIA`: `struct rtvia { __kernel_sa_family_t family; u8 addr[]; }`.
fn via(a: &Attr<'_>) -> Result<IpAddr> {
    let fam = a.fixed::<2>("RTA_VIA")?;
    let rest = Attr {
        kind: a.kind,
        payload: &a.payload[2..],
        offset: a.offset,
    };
    match u16::from_ne_bytes(fam) {
        f if f == libc::AF_INET as u16 => addr(&rest, Family::Inet, "RTA_VIA"),
        f if f == libc::AF_INET6 as u16 => addr(&rest, Family::Inet6, "RTA_VIA"),
        _ => Err(err("RTA_VIA", a.offset, "unknown address family")),
    }
}

/// `RTA_METRICS`: nested `RTAX_*` u32 attributes (the congestion control
/// name, `RTAX_CC_ALGO`, is a string and skipped with the unknown ones).
fn metrics(a: &Attr<'_>) -> Result<RouteMetrics> {
    let mut m = RouteMetrics::default();
    for x in Attrs::new(a.payload, a.offset + 4) {
        let x = x?;
        let slot = match x.kind {
            1 => &mut m.lock,
            2 => &mut m.mtu,
            3 => &mut m.window,
            4 => &mut m.rtt,
            5 => &mut m.rttvar,
            6 => &mut m.ssthresh,
            7 => &mut m.cwnd,
            8 => &mut m.advmss,
            9 => &mut m.reordering,
            10 => &mut m.hoplimit,
            11 => &mut m.initcwnd,
            12 => &mut m.features,
            13 => &mut m.rto_min,
            14 => &mut m.initrwnd,
            15 => &mut m.quickack,
            _ => continue,
        };
        *slot = x.u32("RTAX metric")?;
    }
    Ok(m)
}

/// `RTA_MULTIPATH`: `struct rtnexthop` records, each followed by its own
/// attributes (gateway, via), padded to 4 bytes.
fn multipath(a: &Attr<'_>, family: Family) -> Result<Vec<NextHop>> {
    const WHAT: &str = "rtnexthop";
    let mut out = Vec::new();
    let (buf, base) = (a.payload, a.offset + 4);
    let mut pos = 0;
    while pos < buf.len() {
        let at = base + pos;
        let hdr = buf
            .get(pos..pos + RTNH_LEN)
            .ok_or(err(WHAT, at, "truncated rtnexthop"))?;
        let len = usize::from(u16::from_ne_bytes([hdr[0], hdr[1]]));
        if len < RTNH_LEN {
            return Err(err(WHAT, at, "rtnexthop length below its header"));
        }
        let whole =
            buf.get(pos..pos + len)
                .ok_or(err(WHAT, at, "rtnexthop beyond the attribute"))?;
        let mut nh = NextHop {
            gateway: None,
            ifindex: u32::from_ne_bytes([hdr[4], hdr[5], hdr[6], hdr[7]]),
            dev: None,
            weight: u16::from(hdr[3]) + 1,
            flags: hdr[2],
        };
        for x in Attrs::new(&whole[RTNH_LEN..], at + RTNH_LEN) {
            let x = x?;
            match x.kind {
                RTA_GATEWAY => nh.gateway = Some(addr(&x, family, "RTA_GATEWAY")?),
                RTA_VIA => nh.gateway = Some(via(&x)?),
                _ => {}
            }
        }
        out.push(nh);
        pos += (len + 3) & !3;
    }
    Ok(out)
}

/// `rta_expires` of `RTA_CACHEINFO` (clock ticks, 100 per second, negative
/// when past due); `None` when the route does not expire.
fn expires(a: &Attr<'_>) -> Result<Option<i32>> {
    let b = a.fixed::<CACHEINFO_EXPIRES_END>("RTA_CACHEINFO")?;
    let e = i32::from_ne_bytes([b[8], b[9], b[10], b[11]]);
    Ok((e != 0).then_some(e))
}

#[cfg(test)]
mod tests;
