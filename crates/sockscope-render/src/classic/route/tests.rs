//! The route tables against the real netstat 2.10: `testdata/` holds
//! /proc/net/route and /proc/net/ipv6_route of a test namespace (veth pair,
//! gateways, blackhole, unreachable, prohibit, throw, multipath, metrics,
//! IPv6 reject routes and table 100), the /etc/hosts and /etc/networks it
//! saw, and what `netstat <flags>` printed there (`netstat-<flags>.txt`).

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;

use sockscope::model::{Family, Route};
use sockscope::names::{Numeric, Resolver};
use sockscope::replay::{parse_ipv6_route, parse_route};

use super::text::{name_v4, v6_text, V4Ask};
use super::*;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/classic/route/testdata");

fn data(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(DIR).join(name)).unwrap()
}

fn routes() -> Vec<Route> {
    let mut v = parse_route(&data("proc_route"), Path::new("proc_route")).unwrap();
    v.extend(parse_ipv6_route(&data("proc_ipv6_route"), Path::new("proc_ipv6_route")).unwrap());
    v
}

/// Names from the recorded /etc/hosts and /etc/networks, looked up the
/// way glibc's files backend does (first name of the first matching line;
/// "10.9.0" in networks means 10.9.0.0).
struct Files {
    hosts: HashMap<IpAddr, String>,
    nets: HashMap<Ipv4Addr, String>,
}

impl Files {
    fn load() -> Files {
        let mut hosts = HashMap::new();
        for line in String::from_utf8(data("hosts")).unwrap().lines() {
            let mut f = line.split_whitespace();
            if let (Some(a), Some(n)) = (f.next(), f.next()) {
                hosts
                    .entry(a.parse().unwrap())
                    .or_insert_with(|| n.to_string());
            }
        }
        let mut nets = HashMap::new();
        for line in String::from_utf8(data("networks")).unwrap().lines() {
            let mut f = line.split_whitespace();
            if let (Some(n), Some(a)) = (f.next(), f.next()) {
                let mut o: Vec<u8> = a.split('.').map(|x| x.parse().unwrap()).collect();
                o.resize(4, 0);
                nets.entry(Ipv4Addr::new(o[0], o[1], o[2], o[3]))
                    .or_insert_with(|| n.to_string());
            }
        }
        Files { hosts, nets }
    }
}

impl Resolver for Files {
    fn service(&self, _: u16, _: &str) -> Option<String> {
        None
    }
    fn host(&self, addr: IpAddr) -> Option<String> {
        self.hosts.get(&addr).cloned()
    }
    fn user(&self, _: u32) -> Option<String> {
        None
    }
    fn network(&self, net: Ipv4Addr) -> Option<String> {
        self.nets.get(&net).cloned()
    }
}

/// Render as netstat would for `flags` (a netstat flag word like "-rnee").
fn render_flags(flags: &str, names: &dyn Resolver) -> Vec<u8> {
    let letters = flags.trim_start_matches('-');
    let count = |c| letters.chars().filter(|&x| x == c).count();
    let opts = NetstatRouteOptions {
        numeric: count('n') + count('N') > 0,
        extend: count('e') as u8,
        fib: count('F') > 0 || count('C') == 0,
        cache: count('C') > 0,
        utf8: true,
    };
    let family = if count('6') > 0 {
        Family::Inet6
    } else {
        Family::Inet
    };
    let mut out = Vec::new();
    render(family, &routes(), &opts, names, &mut out);
    out
}

fn check(flags: &str, names: &dyn Resolver) {
    let want = data(&format!("netstat{flags}.txt"));
    let got = render_flags(flags, names);
    assert!(
        got == want,
        "netstat {flags}\n--- netstat\n{}--- ours\n{}",
        String::from_utf8_lossy(&want),
        String::from_utf8_lossy(&got)
    );
}

#[test]
fn numeric_layouts_match_netstat() {
    for flags in [
        "-rn", "-ren", "-rnee", "-rneee", "-rneeee", "-rn6", "-rnC", "-rnCe", "-rnCee", "-rn6C",
        "-rnCF", "-rN",
    ] {
        check(flags, &Numeric);
    }
}

#[test]
fn resolved_names_match_netstat() {
    let files = Files::load();
    for flags in ["-r", "-re", "-ree", "-r6"] {
        check(flags, &files);
    }
}

#[test]
fn layout_follows_netstats_e_arithmetic() {
    let layout = |extend| {
        NetstatRouteOptions {
            extend,
            ..NetstatRouteOptions::default()
        }
        .layout()
    };
    assert_eq!(
        [
            layout(0),
            layout(1),
            layout(2),
            layout(3),
            layout(4),
            layout(5),
            layout(255)
        ],
        [2, 1, 3, 0, 1, 2, 0]
    );
}

#[test]
fn ipv4_names_follow_inet_rresolve() {
    let files = Files::load();
    let ask = |host, len| V4Ask {
        numeric: false,
        default_name: true,
        host,
        mask: super::text::mask_v4(len),
        utf8: true,
    };
    let v4 = |s: &str| s.parse::<Ipv4Addr>().unwrap();
    assert_eq!(name_v4(&files, v4("0.0.0.0"), ask(false, 0)), "default");
    assert_eq!(name_v4(&files, v4("0.0.0.0"), ask(false, 1)), "0.0.0.0");
    let no_default = V4Ask {
        default_name: false,
        ..ask(false, 0)
    };
    assert_eq!(name_v4(&files, v4("0.0.0.0"), no_default), "*");
    // A network address is looked up in networks, not hosts ...
    assert_eq!(
        name_v4(&files, v4("10.9.0.0"), ask(false, 24)),
        "tenninenet"
    );
    // ... unless it has host bits or is flagged as a host.
    assert_eq!(
        name_v4(&files, v4("10.9.0.0"), ask(true, 24)),
        "netzero-as-host"
    );
    assert_eq!(
        name_v4(&files, v4("10.9.0.0"), ask(false, 8)),
        "netzero-as-host"
    );
}

#[test]
fn ipv6_text_is_inet_ntop() {
    let t = |s: &str| v6_text(s.parse().unwrap());
    assert_eq!(t("::"), "::");
    assert_eq!(t("::1"), "::1");
    assert_eq!(t("::1.2.3.4"), "::1.2.3.4");
    assert_eq!(t("::1:2"), "::0.1.0.2");
    assert_eq!(t("::ffff:10.0.0.1"), "::ffff:10.0.0.1");
    assert_eq!(t("2001:0:0:1:0:0:1:1"), "2001::1:0:0:1:1");
    assert_eq!(
        super::text::name_v6(&Numeric, "::ffff:10.0.0.1".parse().unwrap(), true, true),
        "10.0.0.1"
    );
}

#[test]
fn odd_values_do_not_panic() {
    let mut rs = routes();
    for r in &mut rs {
        r.metric = u32::MAX;
        r.dst_len = 200;
        r.dev = Some("x".repeat(300));
        r.metrics.advmss = u32::MAX;
        r.metrics.rtt = u32::MAX;
        r.flags.0 = u32::MAX;
    }
    for extend in 0..5 {
        let opts = NetstatRouteOptions {
            numeric: false,
            extend,
            fib: true,
            cache: true,
            utf8: false,
        };
        let mut out = Vec::new();
        render(Family::Inet, &rs, &opts, &Files::load(), &mut out);
        render(Family::Inet6, &rs, &opts, &Files::load(), &mut out);
        assert!(!out.is_empty());
    }
}

/// Host and network names with escape sequences, bidi and C1 controls.
struct Hostile;

impl Resolver for Hostile {
    fn service(&self, _: u16, _: &str) -> Option<String> {
        None
    }
    fn host(&self, _: IpAddr) -> Option<String> {
        Some("h\x1b]0;pwn\x07\u{202e}".into())
    }
    fn user(&self, _: u32) -> Option<String> {
        None
    }
    fn network(&self, _: Ipv4Addr) -> Option<String> {
        Some("n\u{9b}2J".into())
    }
}

#[test]
fn interface_and_resolved_names_are_escaped() {
    let mut rs = routes();
    for (i, r) in rs.iter_mut().enumerate() {
        r.dev = Some(["e\x1b[31m", "b\u{2066}x", "c\u{85}\n"][i % 3].into());
    }
    for utf8 in [true, false] {
        for extend in 0..3 {
            for numeric in [true, false] {
                let opts = NetstatRouteOptions {
                    numeric,
                    extend,
                    fib: true,
                    cache: true,
                    utf8,
                };
                let mut out = Vec::new();
                render(Family::Inet, &rs, &opts, &Hostile, &mut out);
                render(Family::Inet6, &rs, &opts, &Hostile, &mut out);
                let text = String::from_utf8(out).unwrap();
                assert!(
                    !text
                        .chars()
                        .any(|c| c != '\n' && crate::escape::is_unsafe(c)),
                    "{text:?}"
                );
                assert!(text.contains("e?[31m"), "{text}");
                if !numeric {
                    assert!(text.contains("h?]0;pwn?"), "{text}");
                }
            }
        }
    }
}
