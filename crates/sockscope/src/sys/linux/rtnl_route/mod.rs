//! Routes over rtnetlink (`NETLINK_ROUTE`, `RTM_GETROUTE` dumps) of the
//! calling thread's network namespace: every table, in kernel order (for
//! IPv4 each table's trie in key order, as /proc/net/route walks the main
//! table; for IPv6 the tables in hash order, each tree walked as
//! /proc/net/ipv6_route walks it).
//!
//! What the messages cannot tell compared with /proc: IPv6 reference counts
//! (`refcnt` stays `None`), the kernel's IPv6 null entries (`::/0 !n lo`,
//! listed by /proc/net/ipv6_route at the root of every table), and the IPv6
//! `RTF_*` word, which is derived (see `decode`). Interface names are looked
//! up by index after the dump (`if_indextoname`); an interface that vanished
//! in between keeps its index and no name.

pub(crate) mod decode;

#[cfg(test)]
mod live_tests;
#[cfg(test)]
mod replay_tests;

use std::collections::HashMap;
use std::ffi::CStr;

use super::nl::socket::{self, DumpRequest};
use crate::model::{Family, Route};
use crate::Result;

/// `RTM_NEWROUTE`: the reply type of a route dump.
pub(crate) const RTM_NEWROUTE: u16 = 24;
/// `RTM_GETROUTE`: the dump request type.
const RTM_GETROUTE: u16 = 26;

/// Dump every route of `family` (all tables), appending to `out` in kernel
/// order. On error `out` is left as it was.
pub fn dump_routes(family: Family, out: &mut Vec<Route>) -> Result<()> {
    let body = decode::request(family);
    let what = match family {
        Family::Inet => "routes (inet)",
        Family::Inet6 => "routes (inet6)",
    };
    let before = out.len();
    let req = DumpRequest {
        protocol: libc::NETLINK_ROUTE,
        request: RTM_GETROUTE,
        reply: RTM_NEWROUTE,
        body: &body,
    };
    let r = socket::dump(req, what, &mut |payload, offset| {
        out.push(decode::decode(payload, offset)?);
        Ok(())
    });
    if r.is_err() {
        out.truncate(before);
        return r;
    }
    let mut names = Names::default();
    for route in &mut out[before..] {
        route.dev = names.get(route.ifindex);
        for nh in &mut route.nexthops {
            nh.dev = names.get(nh.ifindex);
        }
    }
    Ok(())
}

/// Interface index → name, asked once per index.
#[derive(Default)]
struct Names(HashMap<u32, Option<String>>);

impl Names {
    fn get(&mut self, ifindex: u32) -> Option<String> {
        if ifindex == 0 {
            return None;
        }
        self.0
            .entry(ifindex)
            .or_insert_with(|| if_name(ifindex))
            .clone()
    }
}

/// `if_indextoname` in the calling thread's network namespace.
fn if_name(ifindex: u32) -> Option<String> {
    let mut buf = [0 as libc::c_char; libc::IF_NAMESIZE];
    // SAFETY: `buf` is IF_NAMESIZE bytes, what if_indextoname requires; it
    // writes a NUL-terminated name there or returns NULL.
    let p = unsafe { libc::if_indextoname(ifindex, buf.as_mut_ptr()) };
    if p.is_null() {
        return None;
    }
    // SAFETY: on success `buf` holds a NUL-terminated string.
    let name = unsafe { CStr::from_ptr(buf.as_ptr()) };
    Some(String::from_utf8_lossy(name.to_bytes()).into_owned())
}
