//! "Kernel IPv6 routing table" and "Kernel IPv6 routing cache" (net-tools
//! 2.10 lib/inet6_gr.c `rprint_fib6`; the cache is the same listing of the
//! routes flagged CACHE, since /proc/net/ndisc no longer exists). `-e` does
//! not change this table.

use std::net::{IpAddr, Ipv6Addr};

use sockscope::model::{Family, Route, RouteFlags};
use sockscope::names::Resolver;

use super::text::{c_int, left, left_int, name_v6, right_int};
use super::NetstatRouteOptions;
use crate::escape;

/// Flag letters in netstat's order (each appended).
const LETTERS: &[(u32, char)] = &[
    (RouteFlags::UP, 'U'),
    (RouteFlags::REJECT, '!'),
    (RouteFlags::GATEWAY, 'G'),
    (RouteFlags::HOST, 'H'),
    (RouteFlags::DEFAULT, 'D'),
    (RouteFlags::ADDRCONF, 'A'),
    (RouteFlags::CACHE, 'C'),
    (RouteFlags::ALLONLINK, 'a'),
    (RouteFlags::EXPIRES, 'e'),
    (RouteFlags::MODIFIED, 'm'),
    (RouteFlags::NONEXTHOP, 'n'),
    (RouteFlags::FLOW, 'f'),
];

/// netstat builds "dest/len" in a 128-byte buffer.
const ADDR_MAX: usize = 127;
/// The interface is read with `%15s`.
const IFACE_MAX: usize = 15;

/// Title, header and the rows of the table (`cache` false) or the cache.
pub(super) fn table(
    routes: &[Route],
    opts: &NetstatRouteOptions,
    names: &dyn Resolver,
    cache: bool,
    out: &mut Vec<u8>,
) {
    out.extend_from_slice(if cache {
        b"Kernel IPv6 routing cache\n"
    } else {
        b"Kernel IPv6 routing table\n"
    });
    out.extend_from_slice(
        b"Destination                    Next Hop                   Flag Met Ref  Use If\n",
    );
    for r in routes.iter().filter(|r| r.family == Family::Inet6) {
        if r.flags.has(RouteFlags::CACHE) == cache {
            row(r, opts, names, out);
        }
    }
}

fn row(r: &Route, opts: &NetstatRouteOptions, names: &dyn Resolver, out: &mut Vec<u8>) {
    let (numeric, utf8) = (opts.numeric, opts.utf8);
    let v6 = |a: Option<IpAddr>| match a {
        Some(IpAddr::V6(a)) => a,
        _ => Ipv6Addr::UNSPECIFIED,
    };
    let mut dest = name_v6(names, v6(Some(r.dst)), numeric, utf8);
    dest.push_str(&format!("/{}", r.dst_len));
    let (gw, dev) = r.first_hop();
    let hop = name_v6(names, v6(gw), numeric, utf8);
    let flags: String = LETTERS
        .iter()
        .filter(|(bit, _)| r.flags.0 & bit != 0)
        .map(|(_, c)| *c)
        .collect();
    let iface = escape::classic(dev.unwrap_or("").as_bytes(), utf8);

    left(out, &dest.as_bytes()[..dest.len().min(ADDR_MAX)], 30);
    out.push(b' ');
    left(out, &hop.as_bytes()[..hop.len().min(ADDR_MAX)], 26);
    out.push(b' ');
    left(out, flags.as_bytes(), 4);
    out.push(b' ');
    left_int(out, c_int(r.metric), 3);
    out.push(b' ');
    left_int(out, c_int(r.refcnt.unwrap_or(0)), 1);
    out.push(b' ');
    right_int(out, c_int(r.use_count.unwrap_or(0)), 6);
    out.push(b' ');
    out.extend_from_slice(&iface[..iface.len().min(IFACE_MAX)]);
    out.push(b'\n');
}
