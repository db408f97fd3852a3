//! Replay tests for the /proc/net internet tables: files recorded on Linux 6.18
//! in a private namespace (tests/data/proc/), hand-written lines for rows that
//! are hard to produce (SYN_RECV, odd timers), and malformed input.

use super::*;
use crate::sys::linux::procfs::lines::Trickle;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

macro_rules! data {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/proc/",
            $name
        ))
    };
}

const ALL: [(&str, &[u8], InetProto, Family); 8] = [
    ("tcp", data!("tcp"), InetProto::Tcp, Family::Inet),
    ("tcp6", data!("tcp6"), InetProto::Tcp, Family::Inet6),
    ("udp", data!("udp"), InetProto::Udp, Family::Inet),
    ("udp6", data!("udp6"), InetProto::Udp, Family::Inet6),
    (
        "udplite",
        data!("udplite"),
        InetProto::UdpLite,
        Family::Inet,
    ),
    (
        "udplite6",
        data!("udplite6"),
        InetProto::UdpLite,
        Family::Inet6,
    ),
    ("raw", data!("raw"), InetProto::Raw, Family::Inet),
    ("raw6", data!("raw6"), InetProto::Raw, Family::Inet6),
];

fn parse(bytes: &[u8], proto: InetProto, family: Family) -> Result<Vec<InetSocket>> {
    let mut out = Vec::new();
    parse_inet(bytes, Path::new("test"), proto, family, &mut out).map(|()| out)
}

fn v4(a: [u8; 4]) -> IpAddr {
    IpAddr::V4(Ipv4Addr::from(a))
}

const LO: [u8; 4] = [127, 0, 0, 1];
const HEADER: &str = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

#[test]
fn recorded_tcp() {
    let s = parse(data!("tcp"), InetProto::Tcp, Family::Inet).unwrap();
    assert_eq!(s.len(), 6);
    let l = &s[0];
    assert_eq!((l.local, l.local_port), (v4(LO), 22));
    assert_eq!((l.remote, l.remote_port), (v4([0; 4]), 0));
    assert_eq!((l.state.code(), l.inode, l.uid), (0x0A, 15908, 0));
    assert_eq!(
        (l.proto, l.family, l.raw_protocol),
        (InetProto::Tcp, Family::Inet, 0)
    );
    assert_eq!((l.cookie, l.ifindex), (0, 0));
    assert_eq!(l.timer, Timer::default());
    // The accepted side with 1000 unread bytes.
    assert_eq!(
        (s[2].recv_q, s[2].send_q, s[2].remote_port),
        (1000, 0, 0xC7EC)
    );
    // TIME_WAIT: no inode, timewait timer in ticks of 10 ms.
    let tw = &s[4];
    assert_eq!((tw.state.code(), tw.inode), (6, 0));
    assert_eq!(tw.timer.kind, TimerKind::TimeWait);
    assert_eq!(tw.timer.expires_ms, 0x1765 * 10);
    // Keepalive timer.
    assert_eq!(s[5].timer.kind, TimerKind::Keepalive);
    assert_eq!(s[5].timer.expires_ms, 0xAFC75 * 10);
}

#[test]
fn recorded_tcp6_and_udp() {
    let s = parse(data!("tcp6"), InetProto::Tcp, Family::Inet6).unwrap();
    assert_eq!(s.len(), 3);
    assert_eq!(
        (s[0].local, s[0].local_port, s[0].state.code()),
        (IpAddr::V6(Ipv6Addr::UNSPECIFIED), 8080, 0x0A)
    );
    assert_eq!(
        (s[1].local, s[1].remote),
        (
            IpAddr::V6(Ipv6Addr::LOCALHOST),
            IpAddr::V6(Ipv6Addr::LOCALHOST)
        )
    );
    assert_eq!(s[1].remote_port, 0xE562);

    let u = parse(data!("udp"), InetProto::Udp, Family::Inet).unwrap();
    assert_eq!(u.len(), 2);
    assert_eq!(
        (u[0].local, u[0].local_port, u[0].state.code(), u[0].recv_q),
        (v4(LO), 53, 7, 0x340)
    );
    assert_eq!(
        (u[1].remote, u[1].remote_port, u[1].state.code()),
        (v4(LO), 53, 1)
    );

    let u6 = parse(data!("udp6"), InetProto::Udp, Family::Inet6).unwrap();
    assert_eq!(
        (u6[0].local, u6[0].local_port),
        (IpAddr::V6(Ipv6Addr::LOCALHOST), 5353)
    );
    let ul = parse(data!("udplite"), InetProto::UdpLite, Family::Inet).unwrap();
    assert_eq!((ul[0].proto, ul[0].local_port), (InetProto::UdpLite, 4000));
    let ul6 = parse(data!("udplite6"), InetProto::UdpLite, Family::Inet6).unwrap();
    assert_eq!(ul6[0].local_port, 4001);
}

#[test]
fn recorded_raw_protocol_is_the_local_port() {
    let r = parse(data!("raw"), InetProto::Raw, Family::Inet).unwrap();
    let protos: Vec<(u16, u8)> = r.iter().map(|s| (s.local_port, s.raw_protocol)).collect();
    assert_eq!(protos, vec![(255, 255), (1, 1)]);
    assert!(r.iter().all(|s| s.state.code() == 7));
    let r6 = parse(data!("raw6"), InetProto::Raw, Family::Inet6).unwrap();
    assert_eq!(
        (r6[0].local_port, r6[0].raw_protocol, r6[0].inode),
        (58, 58, 15925)
    );
}

#[test]
fn hand_written_rows() {
    let text = format!(
        "{HEADER}\
         \x20  7: 0100000A:1F90 0200000A:D431 03 00000000:00000000 01:00000064 00000002  1000        0 0 1 0000000000000000\n\
         \x20  8: 0100007F:0050 00000000:0000 0A 00000000:00000080 04:FFFFFFFFFFFFFFFF 0000000A 65534        3 18446744073709551615\n\
         \x20  9: 0100007F:0051 00000000:0000 01 00000000:00000000 09:00000000 00000000     0        0 5 extra columns we do not know\n"
    );
    let s = parse(text.as_bytes(), InetProto::Tcp, Family::Inet).unwrap();
    // SYN_RECV request socket: retransmit timer, retrans count, no inode.
    assert_eq!(
        (s[0].local, s[0].remote),
        (v4([10, 0, 0, 1]), v4([10, 0, 0, 2]))
    );
    assert_eq!((s[0].state.code(), s[0].uid, s[0].inode), (3, 1000, 0));
    assert_eq!(
        s[0].timer,
        Timer {
            kind: TimerKind::On,
            expires_ms: 1000,
            retrans: 2,
            probes: 0
        }
    );
    assert_eq!(s[1].timer.kind, TimerKind::Probe);
    assert_eq!(s[1].timer.expires_ms, u64::MAX, "saturates");
    assert_eq!((s[1].timer.retrans, s[1].timer.probes), (10, 3));
    assert_eq!((s[1].uid, s[1].inode, s[1].recv_q), (65534, u64::MAX, 0x80));
    assert_eq!(s[2].timer.kind, TimerKind::Unknown(9));
}

fn parse_err(body: &str, proto: InetProto, family: Family) -> (usize, String) {
    let text = format!("{HEADER}{body}");
    match parse(text.as_bytes(), proto, family) {
        Err(Error::ProcParse { line, reason, path }) => {
            assert_eq!(path, Path::new("test"));
            (line, reason)
        }
        other => panic!("expected a parse error for {body:?}, got {other:?}"),
    }
}

#[test]
fn malformed_lines_are_typed_errors_with_line_numbers() {
    let good = "   0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1\n";
    let cases: &[(&str, &str)] = &[
        ("garbage\n", "bad slot number"),
        ("   1: 0100007F:0016\n", "missing remote address"),
        ("   1: 0100007F0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n", "address without port"),
        ("   1: 0100007G:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n", "bad address digits"),
        ("   1: 0100007F:10016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n", "bad port"),
        ("   1: 0100007F:0016 00000000:0000 0A 00000000 00:00000000 00000000 0 0 1\n", "bad tx_queue"),
        ("   1: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 -1 0 1\n", "bad uid"),
        ("   1: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0\n", "missing inode"),
        ("   1: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 x\n", "bad inode"),
        ("   1: 00000000000000000000000001000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n", "IPv4 address is not 8"),
    ];
    for (line, want) in cases {
        let (no, reason) = parse_err(&format!("{good}{line}"), InetProto::Tcp, Family::Inet);
        assert_eq!(no, 3, "{line:?}");
        assert!(reason.starts_with(want), "{line:?}: {reason}");
    }
    let (_, r) = parse_err(good, InetProto::Tcp, Family::Inet6);
    assert!(r.starts_with("IPv6 address is not 32"), "{r}");
    let (_, r) = parse_err(
        &good.replace(":0016", ":0100"),
        InetProto::Raw,
        Family::Inet,
    );
    assert!(r.starts_with("raw protocol number above 255"), "{r}");
    // No header.
    let bad = parse(good.as_bytes(), InetProto::Tcp, Family::Inet);
    assert!(
        matches!(bad, Err(Error::ProcParse { line: 1, .. })),
        "{bad:?}"
    );
}

#[test]
fn an_error_leaves_out_untouched() {
    let text = format!("{HEADER}   0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\nbad\n");
    let mut out = parse(data!("tcp"), InetProto::Tcp, Family::Inet).unwrap();
    let before = out.clone();
    let r = parse_inet(
        text.as_bytes(),
        Path::new("t"),
        InetProto::Tcp,
        Family::Inet,
        &mut out,
    );
    assert!(r.is_err());
    assert_eq!(out, before);
}

#[test]
fn every_prefix_parses_or_fails_cleanly() {
    for (name, bytes, proto, family) in ALL {
        let full = parse(bytes, proto, family).unwrap();
        for cut in 0..=bytes.len() {
            let prefix = &bytes[..cut];
            match parse(prefix, proto, family) {
                Ok(s) => {
                    // Only whole lines parse; they give the first rows.
                    assert!(cut == 0 || prefix.ends_with(b"\n"), "{name} cut at {cut}");
                    assert_eq!(s[..], full[..s.len()], "{name} cut at {cut}");
                }
                Err(Error::ProcParse { .. }) => assert!(!prefix.ends_with(b"\n")),
                Err(e) => panic!("{name} cut at {cut}: {e}"),
            }
        }
    }
}

#[test]
fn one_byte_reads_give_the_same_rows() {
    for (name, bytes, proto, family) in ALL {
        let mut out = Vec::new();
        parse_inet_reader(Trickle(bytes), Path::new(name), proto, family, &mut out).unwrap();
        assert_eq!(out, parse(bytes, proto, family).unwrap(), "{name}");
    }
}

#[test]
fn missing_file_is_a_read_error() {
    let mut out = Vec::new();
    let r = read_inet_from(
        Path::new("/nonexistent/net/tcp"),
        InetProto::Tcp,
        Family::Inet,
        &mut out,
    );
    assert!(matches!(r, Err(Error::ProcRead { .. })), "{r:?}");
}

#[test]
fn file_names() {
    assert_eq!(
        inet_file(InetProto::UdpLite, Family::Inet6),
        Some("udplite6")
    );
    assert_eq!(inet_file(InetProto::Raw, Family::Inet), Some("raw"));
    assert_eq!(inet_file(InetProto::Icmp, Family::Inet6), Some("icmp6"));
    assert_eq!(inet_file(InetProto::Mptcp, Family::Inet), None);
}

#[test]
fn single_byte_corruptions_never_panic() {
    for (name, bytes, proto, family) in ALL {
        let mut buf = bytes.to_vec();
        for i in 0..buf.len() {
            let keep = buf[i];
            for b in [b' ', b'\n', b':', b'F', b'-', 0, 0xff] {
                buf[i] = b;
                match parse(&buf, proto, family) {
                    Ok(_) | Err(Error::ProcParse { .. }) => {}
                    Err(e) => panic!("{name} byte {i} = {b}: {e}"),
                }
            }
            buf[i] = keep;
        }
    }
}

#[test]
fn recorded_icmp_ping_sockets() {
    let s = parse(data!("icmp"), InetProto::Icmp, Family::Inet).unwrap();
    assert_eq!(s.len(), 2);
    // Bound: the echo identifier is the local "port"; unconnected is CLOSE.
    assert_eq!(
        (s[0].local, s[0].local_port, s[0].state.code()),
        (v4(LO), 0x84B6, 7)
    );
    assert_eq!(
        (s[0].proto, s[0].raw_protocol, s[0].inode),
        (InetProto::Icmp, 0, 1_803_751)
    );
    assert_eq!(
        (s[1].remote, s[1].remote_port, s[1].state.code()),
        (v4(LO), 0, 1)
    );
    let s6 = parse(data!("icmp6"), InetProto::Icmp, Family::Inet6).unwrap();
    assert_eq!(s6.len(), 2);
    assert_eq!(
        (s6[0].local, s6[0].local_port),
        (IpAddr::V6(Ipv6Addr::LOCALHOST), 0x84B8)
    );
    // The connected one holds the echo reply it has not read.
    assert_eq!(
        (s6[1].state.code(), s6[1].recv_q, s6[1].inode),
        (1, 0x340, 1_803_754)
    );
    for (bytes, family) in [
        (&data!("icmp")[..], Family::Inet),
        (&data!("icmp6")[..], Family::Inet6),
    ] {
        for cut in 0..bytes.len() {
            match parse(&bytes[..cut], InetProto::Icmp, family) {
                Ok(_) | Err(Error::ProcParse { .. }) => {}
                Err(e) => panic!("prefix {cut}: {e}"),
            }
        }
    }
}
