//! "Kernel IP routing table" (net-tools lib/inet_gr.c `rprint_fib`) and the
//! header of "Kernel IP routing cache" (`rprint_cache`, whose rows Linux no
//! longer has).

use std::net::{IpAddr, Ipv4Addr};

use sockscope::model::{table, Family, Route, RouteFlags, RouteType};
use sockscope::names::Resolver;

use super::text::{c_int, cut, left, left_int, mask_v4, name_v4, right_int, v4_text, V4Ask};
use super::NetstatRouteOptions;
use crate::escape;

/// `RTF_NOTCACHED` (Linux 2.0), which netstat still decodes as `n`.
const RTF_NOTCACHED: u32 = 0x0400;

/// `INET_sprint`'s mask for gateways: 0xffffff00 as a host integer, whose
/// bytes on a little-endian machine read 0.255.255.255. Only its being
/// non-zero matters, since gateways are always looked up as hosts.
const GATEWAY_MASK: Ipv4Addr = Ipv4Addr::new(0, 255, 255, 255);

/// Flag letters in netstat's order; `!` replaces what came before it.
const LETTERS: &[(u32, &str)] = &[
    (RouteFlags::UP, "U"),
    (RouteFlags::GATEWAY, "G"),
    (RouteFlags::REJECT, "!"),
    (RouteFlags::HOST, "H"),
    (RouteFlags::REINSTATE, "R"),
    (RouteFlags::DYNAMIC, "D"),
    (RouteFlags::MODIFIED, "M"),
    (RouteFlags::DEFAULT, "d"),
    (RouteFlags::ALLONLINK, "a"),
    (RouteFlags::ADDRCONF, "c"),
    (RouteFlags::NONEXTHOP, "o"),
    (RouteFlags::EXPIRES, "e"),
    (RouteFlags::CACHE, "c"),
    (RouteFlags::FLOW, "f"),
    (RouteFlags::POLICY, "p"),
    (RouteFlags::LOCAL, "l"),
    (RouteFlags::MTU, "u"),
    (RouteFlags::WINDOW, "w"),
    (RouteFlags::IRTT, "i"),
    (RTF_NOTCACHED, "n"),
];

const HEAD: &str = "Destination     Gateway         Genmask         ";

/// Routes /proc/net/route lists, UP ones only (netstat skips the others).
fn shown(r: &Route) -> bool {
    r.family == Family::Inet
        && r.table == Some(table::MAIN)
        && !matches!(r.kind, RouteType::Broadcast | RouteType::Multicast)
        && r.flags.has(RouteFlags::UP)
}

/// Title, header and rows.
pub(super) fn table(
    routes: &[Route],
    opts: &NetstatRouteOptions,
    names: &dyn Resolver,
    out: &mut Vec<u8>,
) {
    out.extend_from_slice(b"Kernel IP routing table\n");
    let layout = opts.layout();
    match layout {
        1 => out.extend_from_slice(format!("{HEAD}Flags Metric Ref    Use Iface\n").as_bytes()),
        2 => out.extend_from_slice(format!("{HEAD}Flags   MSS Window  irtt Iface\n").as_bytes()),
        3 => out.extend_from_slice(
            format!("{HEAD}Flags Metric Ref    Use Iface    MSS   Window irtt\n").as_bytes(),
        ),
        _ => return, // netstat prints no header and no rows
    }
    for r in routes.iter().filter(|r| shown(r)) {
        row(r, layout, opts, names, out);
    }
}

fn row(r: &Route, layout: u8, opts: &NetstatRouteOptions, names: &dyn Resolver, out: &mut Vec<u8>) {
    let (numeric, utf8) = (opts.numeric, opts.utf8);
    let dst = match r.dst {
        IpAddr::V4(a) => a,
        IpAddr::V6(_) => return,
    };
    let mask = mask_v4(r.dst_len);
    let dest = name_v4(
        names,
        dst,
        V4Ask {
            numeric,
            default_name: true,
            host: r.flags.has(RouteFlags::HOST),
            mask,
            utf8,
        },
    );
    let (gw, dev) = r.first_hop();
    let gw = match gw {
        Some(IpAddr::V4(g)) if r.flags.has(RouteFlags::GATEWAY) => g,
        _ => Ipv4Addr::UNSPECIFIED,
    };
    let gate = name_v4(
        names,
        gw,
        V4Ask {
            numeric,
            default_name: false,
            host: true,
            mask: GATEWAY_MASK,
            utf8,
        },
    );
    let mask = v4_text(mask);
    let flags = letters(r.flags.0);
    let iface = escape::classic(dev.unwrap_or("*").as_bytes(), utf8);
    let iface = &iface[..];
    let metric = c_int(r.metric);
    let (refcnt, used) = (
        c_int(r.refcnt.unwrap_or(0)),
        c_int(r.use_count.unwrap_or(0)),
    );
    let mss = if r.metrics.advmss == 0 {
        0
    } else {
        c_int(r.metrics.advmss.saturating_add(40))
    };
    let (window, irtt) = (c_int(r.metrics.window), c_int(r.metrics.rtt >> 3));
    let reject = r.flags.has(RouteFlags::REJECT);

    left(out, cut(&dest, 15), 15);
    out.push(b' ');
    if reject {
        out.extend_from_slice(b"-               ");
    } else {
        left(out, cut(&gate, 15), 15);
        out.push(b' ');
    }
    left(out, cut(&mask, 15), 15);
    out.push(b' ');
    left(out, flags.as_bytes(), 5);
    out.push(b' ');
    match (layout, reject) {
        (1, true) => {
            left_int(out, metric, 6);
            out.extend_from_slice(b" -  ");
            right_int(out, used, 7);
            out.extend_from_slice(b" -");
        }
        (1, false) => {
            left_int(out, metric, 6);
            out.push(b' ');
            left_int(out, refcnt, 2);
            out.push(b' ');
            right_int(out, used, 7);
            out.push(b' ');
            out.extend_from_slice(iface);
        }
        (2, true) => out.extend_from_slice(b"    - -          - -"),
        (2, false) => {
            right_int(out, mss, 5);
            out.push(b' ');
            left_int(out, window, 5);
            out.push(b' ');
            right_int(out, irtt, 6);
            out.push(b' ');
            out.extend_from_slice(iface);
        }
        (_, true) => {
            left_int(out, metric, 6);
            out.extend_from_slice(b" -  ");
            right_int(out, used, 7);
            out.extend_from_slice(b" -        -     -      -");
        }
        (_, false) => {
            left_int(out, metric, 6);
            out.push(b' ');
            left_int(out, refcnt, 3);
            out.push(b' ');
            right_int(out, used, 6);
            out.push(b' ');
            left(out, &iface[..iface.len().min(6)], 6);
            out.extend_from_slice(b"   ");
            left_int(out, mss, 5);
            out.push(b' ');
            left_int(out, window, 6);
            out.push(b' ');
            left_int(out, irtt, 0);
        }
    }
    out.push(b'\n');
}

/// netstat's flag letters for an IPv4 route.
pub(super) fn letters(flags: u32) -> String {
    let mut s = String::new();
    for &(bit, letter) in LETTERS {
        if flags & bit != 0 {
            if letter == "!" {
                s.clear();
            }
            s.push_str(letter);
        }
    }
    s
}

/// "Kernel IP routing cache" and the header of the layout; no rows: the
/// IPv4 routing cache is gone since Linux 3.6 (/proc/net/rt_cache prints
/// only its header, which netstat reads as the 2.2 format).
pub(super) fn cache_header(opts: &NetstatRouteOptions, out: &mut Vec<u8>) {
    out.extend_from_slice(b"Kernel IP routing cache\n");
    const SRC: &str = "Source          Destination     Gateway         ";
    let line = match opts.layout() {
        1 => format!("{SRC}Flags Metric Ref    Use Iface\n"),
        2 => format!("{SRC}Flags   MSS Window  irtt Iface\n"),
        3 => format!("{SRC}Flags Metric Ref    Use Iface    MSS   Window irtt  TOS HHRef HHUptod     SpecDst\n"),
        _ => return,
    };
    out.extend_from_slice(line.as_bytes());
}
