//! Tests of the host-condition reader.

use super::*;
use crate::filter::lookup::FixedLookup;

fn inet(word: &str) -> HostCond {
    match parse_host(word, &FixedLookup::sample()) {
        Ok(Host::Inet(c)) => c,
        other => panic!("{word}: {other:?}"),
    }
}

fn pfx(a: &str, len: u8) -> Prefix {
    Prefix {
        addr: a.parse().unwrap(),
        len,
    }
}

#[test]
fn addresses_ports_and_wildcards() {
    let c = inet("127.0.0.1:22");
    assert_eq!((c.addrs, c.port), (vec![pfx("127.0.0.1", 32)], Some(22)));
    let c = inet("10/8");
    assert_eq!(c.addrs, vec![pfx("10.0.0.0", 8)]);
    assert_eq!(inet("127.1").addrs, vec![pfx("127.1.0.0", 32)]);
    assert_eq!(
        inet("10.0.0.0/255.0.0.0:80").addrs,
        vec![pfx("10.0.0.0", 8)]
    );
    assert!(inet("*").is_wildcard());
    assert!(inet("*:*").is_wildcard());
    assert!(inet("any").is_wildcard());
    assert_eq!(inet("*:22").port, Some(22));
    assert_eq!(inet(":ssh").port, Some(22));
    assert_eq!(inet(":0x16").port, Some(22));
}

#[test]
fn ipv6_forms() {
    assert_eq!(inet("[::1]:22").port, Some(22));
    assert_eq!(inet("[::1]").addrs, vec![pfx("::1", 128)]);
    let c = inet("[2001:db8::]/32:443");
    assert_eq!((c.addrs, c.port), (vec![pfx("2001:db8::", 32)], Some(443)));
    assert_eq!(inet("[2001:db8::/32]").addrs, vec![pfx("2001:db8::", 32)]);
    // ss splits at the last colon when that gives an address and a port.
    let c = inet("2001:db8::1:80");
    assert_eq!((c.addrs, c.port), (vec![pfx("2001:db8::1", 128)], Some(80)));
    // ... and we take the whole when it would not (ss rejects these).
    assert_eq!(inet("::1").addrs, vec![pfx("::1", 128)]);
    assert_eq!(inet("fe80::/10").addrs, vec![pfx("fe80::", 10)]);
    assert_eq!(
        inet("::ffff:127.0.0.1").addrs,
        vec![pfx("::ffff:127.0.0.1", 128)]
    );
}

#[test]
fn families_and_names() {
    let c = inet("inet6:*");
    assert_eq!((c.family, c.addrs.len()), (Some(Family::Inet6), 0));
    let c = inet("localhost");
    assert_eq!(c.addrs, vec![pfx("127.0.0.1", 32), pfx("::1", 128)]);
    let c = inet("inet:localhost:http");
    assert_eq!((c.addrs, c.port), (vec![pfx("127.0.0.1", 32)], Some(80)));
    assert_eq!(
        parse_host("unix:/run/*.sock", &FixedLookup::sample()),
        Ok(Host::Unix("/run/*.sock".into()))
    );
    assert_eq!(
        parse_host("@sockscope*", &FixedLookup::sample()),
        Ok(Host::Unix("@sockscope*".into()))
    );
}

#[test]
fn errors_say_why() {
    let l = FixedLookup::sample();
    let err = |w: &str| parse_host(w, &l).unwrap_err();
    assert!(err("nosuchhost").contains("host name is expected"));
    assert!(err("1.2.3.4:99999").contains("out of range"));
    assert!(err("1.2.3.4:nosuchsvc").contains("does not look like a port"));
    assert!(err(":odd").contains("ambiguous"));
    assert!(err("link:eth0").contains("not listed"));
    assert!(err("inet6:127.0.0.1").contains("inet6"));
    assert!(err("10.0.0.0/33").contains("expected"));
    assert!(parse_port_word("[::1]:2", &l).is_err());
    assert_eq!(parse_port_word(":22", &l), Ok(Some(22)));
    assert_eq!(parse_port_word("22", &l), Ok(Some(22)));
    assert_eq!(parse_port_word(":*", &l), Ok(None));
}
