//! Unit tests of the inet_diag request and decoder over hand-built bytes.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::sys::linux::netlink::attrs::tests::attr;
use crate::Error;

/// A hand-built `inet_diag_msg`; fields in host order, encoded like the kernel.
pub(crate) struct Msg {
    pub family: u8,
    pub state: u8,
    pub timer: u8,
    pub retrans: u8,
    pub sport: u16,
    pub dport: u16,
    pub src: [u8; 16],
    pub dst: [u8; 16],
    pub ifindex: u32,
    pub cookie: u64,
    pub expires: u32,
    pub rqueue: u32,
    pub wqueue: u32,
    pub uid: u32,
    pub inode: u32,
}

impl Default for Msg {
    fn default() -> Msg {
        Msg {
            family: AF_INET,
            state: 10,
            timer: 0,
            retrans: 0,
            sport: 0,
            dport: 0,
            src: [0; 16],
            dst: [0; 16],
            ifindex: 0,
            cookie: 0,
            expires: 0,
            rqueue: 0,
            wqueue: 0,
            uid: 0,
            inode: 0,
        }
    }
}

impl Msg {
    pub(crate) fn bytes(&self) -> Vec<u8> {
        let mut v = vec![self.family, self.state, self.timer, self.retrans];
        v.extend_from_slice(&self.sport.to_be_bytes());
        v.extend_from_slice(&self.dport.to_be_bytes());
        v.extend_from_slice(&self.src);
        v.extend_from_slice(&self.dst);
        v.extend_from_slice(&self.ifindex.to_ne_bytes());
        v.extend_from_slice(&(self.cookie as u32).to_ne_bytes());
        v.extend_from_slice(&((self.cookie >> 32) as u32).to_ne_bytes());
        for x in [self.expires, self.rqueue, self.wqueue, self.uid, self.inode] {
            v.extend_from_slice(&x.to_ne_bytes());
        }
        assert_eq!(v.len(), MSG_LEN);
        v
    }
}

fn v4_16(a: [u8; 4]) -> [u8; 16] {
    let mut o = [0u8; 16];
    o[..4].copy_from_slice(&a);
    o
}

#[test]
fn request_layout() {
    let r = request(InetProto::Tcp, Family::Inet6, PROC_STATES, false);
    assert_eq!((r[0], r[1], r[2], r[3]), (10, 6, 0, 0));
    assert_eq!(u32::from_ne_bytes(r[4..8].try_into().unwrap()), 0x1fff);
    assert!(r[8..48].iter().all(|&b| b == 0));
    assert!(r[48..56].iter().all(|&b| b == 0xff));
    let r = request(InetProto::Raw, Family::Inet, 0, true);
    assert_eq!((r[0], r[1], r[3]), (2, 255, 0));
}

#[test]
fn decodes_v4_established_with_unknown_attributes() {
    let mut b = Msg {
        state: 1,
        timer: 1,
        retrans: 3,
        sport: 8080,
        dport: 0xabcd,
        src: v4_16([127, 0, 0, 1]),
        dst: v4_16([10, 1, 2, 3]),
        ifindex: 4,
        cookie: 0x1122_3344_5566_7788,
        expires: 1234,
        rqueue: 5,
        wqueue: 6,
        uid: 1000,
        inode: 0xdead_beef,
        ..Msg::default()
    }
    .bytes();
    b.extend(attr(8, &[0])); // INET_DIAG_SHUTDOWN
    b.extend(attr(0x3ff0, &[1, 2, 3, 4, 5])); // unknown: skipped
    let s = decode(&b, InetProto::Tcp, 0).unwrap();
    assert_eq!(s.family, Family::Inet);
    assert_eq!(s.local, "127.0.0.1".parse::<IpAddr>().unwrap());
    assert_eq!(s.remote, "10.1.2.3".parse::<IpAddr>().unwrap());
    assert_eq!((s.local_port, s.remote_port), (8080, 0xabcd));
    assert_eq!((s.state.code(), s.recv_q, s.send_q, s.uid), (1, 5, 6, 1000));
    assert_eq!(
        (s.inode, s.ifindex, s.cookie),
        (0xdead_beef, 4, 0x1122_3344_5566_7788)
    );
    assert_eq!(
        s.timer,
        Timer {
            kind: TimerKind::On,
            expires_ms: 1234,
            retrans: 3,
            probes: 0
        }
    );
    assert_eq!(s.raw_protocol, 0);
}

#[test]
fn decodes_v6_with_mapped_peer() {
    let mut dst = [0u8; 16];
    dst[10] = 0xff;
    dst[11] = 0xff;
    dst[12..].copy_from_slice(&[127, 0, 0, 1]);
    let mut src = [0u8; 16];
    src[15] = 1;
    let b = Msg {
        family: AF_INET6,
        state: 1,
        sport: 443,
        dport: 50000,
        src,
        dst,
        ..Msg::default()
    }
    .bytes();
    let s = decode(&b, InetProto::Tcp, 0).unwrap();
    assert_eq!(s.family, Family::Inet6);
    assert_eq!(s.local, "::1".parse::<IpAddr>().unwrap());
    assert_eq!(s.remote, "::ffff:127.0.0.1".parse::<IpAddr>().unwrap());
    assert!(s.remote.is_ipv6());
}

#[test]
fn timer_counters_follow_the_kernel_meaning() {
    let cases = [
        (0, 9, 500, TimerKind::Off, 0, 0, 0),
        (1, 2, 500, TimerKind::On, 500, 2, 0),
        (2, 3, 7000, TimerKind::Keepalive, 7000, 0, 3),
        (3, 0, 59000, TimerKind::TimeWait, 59000, 0, 0),
        (4, 5, 200, TimerKind::Probe, 200, 0, 5),
        (9, 1, 10, TimerKind::Unknown(9), 10, 1, 0),
    ];
    for (code, n, exp, kind, ms, retrans, probes) in cases {
        let b = Msg {
            timer: code,
            retrans: n,
            expires: exp,
            ..Msg::default()
        }
        .bytes();
        let t = decode(&b, InetProto::Tcp, 0).unwrap().timer;
        assert_eq!(
            t,
            Timer {
                kind,
                expires_ms: ms,
                retrans,
                probes
            },
            "code {code}"
        );
    }
}

#[test]
fn raw_port_is_the_protocol_and_remote_port_is_dropped() {
    let mut b = Msg {
        state: 7,
        sport: 1,
        dport: 99,
        ..Msg::default()
    }
    .bytes();
    b.extend(attr(INET_DIAG_PROTOCOL, &[1]));
    let s = decode(&b, InetProto::Raw, 0).unwrap();
    assert_eq!((s.local_port, s.remote_port, s.raw_protocol), (1, 0, 1));
    // Without the attribute the protocol comes from the port.
    let b = Msg {
        sport: 58,
        ..Msg::default()
    }
    .bytes();
    let s = decode(&b, InetProto::Raw, 0).unwrap();
    assert_eq!((s.local_port, s.raw_protocol), (58, 58));
}

#[test]
fn unknown_family_and_short_attribute_fail_typed() {
    let b = Msg {
        family: 1,
        ..Msg::default()
    }
    .bytes();
    assert!(matches!(
        decode(&b, InetProto::Tcp, 50),
        Err(Error::Decode { offset: 50, .. })
    ));
    let mut b = Msg::default().bytes();
    b.extend(attr(INET_DIAG_PROTOCOL, &[]));
    assert!(matches!(
        decode(&b, InetProto::Raw, 100),
        Err(Error::Decode { offset: 172, .. })
    ));
}

#[test]
fn every_prefix_decodes_or_fails_typed() {
    let mut b = Msg::default().bytes();
    b.extend(attr(8, &[0]));
    b.extend(attr(INET_DIAG_PROTOCOL, &[255]));
    for cut in 0..b.len() {
        match decode(&b[..cut], InetProto::Raw, 0) {
            Ok(_) => assert!(cut >= MSG_LEN),
            Err(Error::Decode { offset, .. }) => assert!(offset <= cut),
            Err(e) => panic!("prefix {cut}: {e:?}"),
        }
    }
    assert!(decode(&b, InetProto::Raw, 0).is_ok());
}

#[test]
fn info_extension_is_requested_for_tcp_only() {
    assert_eq!(
        request(InetProto::Tcp, Family::Inet, PROC_STATES, true)[2],
        0x02
    );
    assert_eq!(
        request(InetProto::Udp, Family::Inet, PROC_STATES, true)[2],
        0
    );
}

#[test]
fn tcp_info_of_any_length_makes_timer_counters_exact() {
    let keepalive = Msg {
        state: 1,
        timer: 2,
        retrans: 1, // icsk_probes_out for the keepalive timer
        expires: 7_000,
        ..Msg::default()
    }
    .bytes();
    // Without tcp_info: probes from idiag_retrans, retransmits unknown (0).
    let s = decode(&keepalive, InetProto::Tcp, 0).unwrap();
    assert_eq!((s.timer.retrans, s.timer.probes), (0, 1));
    // A long (6.18: 280 bytes), a short (4 bytes) and a truncated (3 bytes)
    // tcp_info: counters read where present, zero where cut off.
    for (len, want) in [(280, (4, 1)), (4, (4, 1)), (3, (4, 0))] {
        let mut info = vec![0u8; len];
        info[2] = 4;
        if len > 3 {
            info[3] = 1;
        }
        let mut b = keepalive.clone();
        b.extend(attr(INET_DIAG_INFO, &info));
        let s = decode(&b, InetProto::Tcp, 0).unwrap();
        assert_eq!(
            (s.timer.retrans, s.timer.probes),
            want,
            "tcp_info of {len} bytes"
        );
        assert_eq!(s.timer.kind, TimerKind::Keepalive);
    }
}

/// Without `attrs` the attributes are not walked: the fixed message gives
/// the same socket, and even a malformed attribute area is ignored.
#[test]
fn skipping_attributes_changes_nothing_the_model_keeps() {
    let mut b = Msg {
        state: 1,
        sport: 22,
        dport: 40000,
        src: v4_16([127, 0, 0, 1]),
        dst: v4_16([127, 0, 0, 1]),
        inode: 77,
        ..Msg::default()
    }
    .bytes();
    b.extend(attr(8, &[0])); // INET_DIAG_SHUTDOWN
    let full = decode_msg(&b, InetProto::Tcp, 0, false, true).unwrap();
    assert_eq!(
        decode_msg(&b, InetProto::Tcp, 0, false, false).unwrap(),
        full
    );
    b.extend([0xff, 0xff, 1]); // a broken attribute header
    assert!(decode_msg(&b, InetProto::Tcp, 0, false, true).is_err());
    assert_eq!(
        decode_msg(&b, InetProto::Tcp, 0, false, false).unwrap(),
        full
    );
}
