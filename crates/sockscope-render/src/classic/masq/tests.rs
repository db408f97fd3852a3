//! The `-M` table from the recorded /proc/net/nf_conntrack of
//! tests/data/proc (an nft snat/masquerade setup, see
//! tests/data/ctnetlink/README.md). No netstat can print this table on a
//! modern kernel, so the expected text is written out here from
//! masq_info.c's formats.

use super::*;
use sockscope::model::Warning;
use sockscope::names::Numeric;
use sockscope::replay::parse_nf_conntrack;
use std::net::Ipv4Addr;

fn entries() -> Vec<ConntrackEntry> {
    let p = format!(
        "{}/../../tests/data/proc/nf_conntrack",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut w: Vec<Warning> = Vec::new();
    let all = parse_nf_conntrack(&std::fs::read(p).unwrap(), &mut w);
    assert!(w.is_empty());
    all.into_iter().filter(|e| e.status.is_nat()).collect()
}

fn text(names: &dyn Resolver, opts: MasqOptions) -> String {
    let e = entries();
    let refs: Vec<&ConntrackEntry> = e.iter().collect();
    let mut out = Vec::new();
    render(&refs, names, &opts, &mut out);
    String::from_utf8(out).unwrap()
}

const NUMERIC: MasqOptions = MasqOptions {
    numeric_hosts: true,
    numeric_ports: true,
    extend: 0,
    utf8: true,
};

#[test]
fn numeric_table() {
    assert_eq!(
        text(&Numeric, NUMERIC),
        "IP masquerading entries\n\
         prot   expire source               destination          ports\n\
         tcp 7199:46.00 10.251.1.5           10.251.1.2           41373 -> 8080 (40000)\n\
         icmp  0:24.00 10.251.1.5           10.251.1.2           4660 -> 8 (4660)\n\
         udp   0:16.00 10.251.1.5           10.251.1.2           5353 -> 53 (5353)\n\
         udp   0:29.00 fd51::5              fd51::2              6001 -> 7000 (6001)\n"
    );
}

#[test]
fn extended_table_has_the_sequence_columns() {
    let t = text(
        &Numeric,
        MasqOptions {
            extend: 1,
            ..NUMERIC
        },
    );
    let lines: Vec<_> = t.lines().collect();
    assert_eq!(
        lines[1],
        "prot   expire    initseq delta prevd source               destination          ports"
    );
    assert_eq!(
        lines[2],
        "tcp 7199:46.00          0     0     0 10.251.1.5           10.251.1.2           41373 -> 8080 (40000)"
    );
}

struct Names;

impl Resolver for Names {
    fn service(&self, port: u16, proto: &str) -> Option<String> {
        match (port, proto) {
            (8080, "tcp") => Some("http-alt".into()),
            (53, "udp") => Some("domain".into()),
            (8, _) => Some("never-for-icmp".into()),
            _ => None,
        }
    }
    fn host(&self, addr: IpAddr) -> Option<String> {
        (addr == IpAddr::V4(Ipv4Addr::new(10, 251, 1, 5))).then(|| "inner".into())
    }
    fn user(&self, _uid: u32) -> Option<String> {
        None
    }
}

#[test]
fn names_for_hosts_and_tcp_udp_ports_only() {
    let t = text(&Names, MasqOptions::default());
    let lines: Vec<_> = t.lines().collect();
    assert_eq!(
        lines[2],
        "tcp 7199:46.00 inner                10.251.1.2           41373 -> http-alt (40000)"
    );
    assert_eq!(
        lines[3],
        "icmp  0:24.00 inner                10.251.1.2           4660 -> 8 (4660)"
    );
    assert_eq!(
        lines[4],
        "udp   0:16.00 inner                10.251.1.2           5353 -> domain (5353)"
    );
}

#[test]
fn nothing_when_empty_and_dnat_uses_the_reply_source_port() {
    let mut out = Vec::new();
    render(&[], &Numeric, &NUMERIC, &mut out);
    assert!(out.is_empty());
    let mut e = entries().remove(0);
    e.status = CtStatus(CtStatus::DST_NAT);
    e.reply.l4 = L4Ids::Ports {
        src: 80,
        dst: 41373,
    };
    assert_eq!(masq_port(&e), 80);
    assert_eq!(protocol_name(99), "99");
    assert_eq!(capped("añb".into(), 2), "a");
}

struct Hostile;

impl Resolver for Hostile {
    fn service(&self, _port: u16, _proto: &str) -> Option<String> {
        Some("s\u{2028}v".into())
    }
    fn host(&self, _addr: IpAddr) -> Option<String> {
        Some("h\x1b[2J\u{202e}".into())
    }
    fn user(&self, _uid: u32) -> Option<String> {
        None
    }
}

#[test]
fn hostile_host_and_service_names_are_escaped() {
    for (utf8, host, service) in [(true, "h?[2J?", "s?v"), (false, "h?[2J???", "s???v")] {
        let t = text(
            &Hostile,
            MasqOptions {
                utf8,
                ..MasqOptions::default()
            },
        );
        assert!(
            !t.chars().any(|c| c != '\n' && crate::escape::is_unsafe(c)),
            "{t:?}"
        );
        assert!(t.contains(&format!("{host} ")), "{t}");
        assert!(t.contains(&format!("-> {service} (")), "{t}");
    }
}
