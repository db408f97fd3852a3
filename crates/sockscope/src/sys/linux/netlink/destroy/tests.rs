//! Tests of SOCK_DESTROY: request bytes checked by hand, the id round trip
//! from a dumped message, acknowledgement parsing, and the running kernel
//! destroying the test's own loopback sockets (matched by inode; nothing
//! else of the namespace is touched, every request carries the cookie).

#![allow(clippy::unwrap_used)]

use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, TcpListener, TcpStream, UdpSocket};

use super::*;
use crate::model::{Timer, TimerKind};
use crate::sys::linux::netlink::{dump_inet, live_tests::ino, nlmsg::tests::msg};
use crate::Error;

fn tcp4() -> InetSocket {
    InetSocket {
        netns: 0,
        proto: InetProto::Tcp,
        family: Family::Inet,
        local: IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1)),
        local_port: 18010,
        remote: IpAddr::V4(Ipv4Addr::new(10, 1, 2, 3)),
        remote_port: 443,
        state: crate::model::TcpState::from_code(1),
        recv_q: 5,
        send_q: 6,
        uid: 1000,
        inode: 4242,
        timer: Timer::default(),
        ifindex: 3,
        cookie: 0x0000_0001_0000_2a2b,
        raw_protocol: 0,
        details: None,
    }
}

#[test]
fn ipv4_request_bytes() {
    let body = request_body(&tcp4()).unwrap();
    let m = request(&body, 7);
    let ne32 = |v: u32| v.to_ne_bytes();
    let mut want = Vec::new();
    want.extend_from_slice(&ne32(72)); // nlmsg_len
    want.extend_from_slice(&21u16.to_ne_bytes()); // SOCK_DESTROY
    want.extend_from_slice(&5u16.to_ne_bytes()); // NLM_F_REQUEST | NLM_F_ACK
    want.extend_from_slice(&ne32(7)); // seq
    want.extend_from_slice(&ne32(0)); // port id
    want.extend_from_slice(&[2, 6, 0, 0]); // AF_INET, IPPROTO_TCP, ext, pad
    want.extend_from_slice(&ne32(1 << 1)); // ESTABLISHED
    want.extend_from_slice(&[0x46, 0x5a, 0x01, 0xbb]); // 18010 = 0x465a, 443 = 0x01bb
    want.extend_from_slice(&[127, 0, 0, 1]);
    want.extend_from_slice(&[0; 12]);
    want.extend_from_slice(&[10, 1, 2, 3]);
    want.extend_from_slice(&[0; 12]);
    want.extend_from_slice(&ne32(3)); // idiag_if
    want.extend_from_slice(&ne32(0x2a2b)); // cookie[0]: low word
    want.extend_from_slice(&ne32(1)); // cookie[1]: high word
    assert_eq!(m.to_vec(), want);
}

#[test]
fn ipv6_udp_request_bytes() {
    let mut s = tcp4();
    s.proto = InetProto::Udp;
    s.family = Family::Inet6;
    s.local = IpAddr::V6(Ipv6Addr::LOCALHOST);
    s.remote = IpAddr::V6("::ffff:10.1.2.3".parse().unwrap());
    s.state = crate::model::TcpState::Close;
    s.ifindex = 0;
    let b = request_body(&s).unwrap();
    assert_eq!(&b[..4], &[10, 17, 0, 0]);
    assert_eq!(&b[4..8], &(1u32 << 7).to_ne_bytes());
    let mut lo = [0u8; 16];
    lo[15] = 1;
    assert_eq!(&b[12..28], &lo);
    assert_eq!(
        &b[28..44],
        &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3]
    );
    assert_eq!(&b[44..48], &[0; 4]);
}

#[test]
fn odd_sockets_are_refused() {
    let mut s = tcp4();
    s.family = Family::Inet6;
    assert!(matches!(
        request_body(&s),
        Err(DestroyError::Invalid { .. })
    ));
    let mut s = tcp4();
    s.proto = InetProto::Raw;
    assert!(matches!(
        request_body(&s),
        Err(DestroyError::Unsupported { proto: "raw" })
    ));
    // A state number beyond the mask's width sends an empty mask.
    let mut s = tcp4();
    s.state = crate::model::TcpState::from_code(40);
    assert_eq!(&request_body(&s).unwrap()[4..8], &[0; 4]);
}

/// The id we send is, byte for byte, the id the dump gave.
#[test]
fn id_round_trips_from_a_dumped_message() {
    let mut m = vec![10u8, 1, 0, 0]; // AF_INET6, ESTABLISHED
    m.extend_from_slice(&[0x1f, 0x90, 0xc3, 0x50]); // 8080 -> 50000
    m.extend((1..=32).map(|i: u8| i)); // src, dst
    m.extend_from_slice(&9u32.to_ne_bytes()); // ifindex
    m.extend_from_slice(&0xdead_beefu32.to_ne_bytes());
    m.extend_from_slice(&0x0102_0304u32.to_ne_bytes());
    m.resize(72, 0);
    let s = super::super::inet_diag::decode(&m, InetProto::Tcp, 0).unwrap();
    assert_eq!(s.cookie, 0x0102_0304_dead_beef);
    let b = request_body(&s).unwrap();
    assert_eq!(&b[8..56], &m[4..52]);
}

#[test]
fn acks_are_found_by_sequence_and_port() {
    let ack = |seq, port, code: i32| {
        let mut p = code.to_ne_bytes().to_vec();
        p.extend_from_slice(&[0; 16]); // the echoed request header
        msg(NLMSG_ERROR, seq, port, &p)
    };
    assert_eq!(find_ack(&ack(4, 9, 0), 0, 4, 9).unwrap(), Some(0));
    assert_eq!(
        find_ack(&ack(4, 9, -libc::EPERM), 0, 4, 9).unwrap(),
        Some(libc::EPERM)
    );
    // A stale answer to another request, then ours.
    let mut two = ack(3, 9, -libc::ENOENT);
    two.extend(ack(4, 9, -libc::EOPNOTSUPP));
    assert_eq!(find_ack(&two, 0, 4, 9).unwrap(), Some(libc::EOPNOTSUPP));
    assert_eq!(find_ack(&ack(4, 8, 0), 0, 4, 9).unwrap(), None);
    // Ours but not an error message; ours without a code.
    assert!(matches!(
        find_ack(&msg(20, 4, 9, &[0; 4]), 100, 4, 9),
        Err(Error::Decode { offset: 100, .. })
    ));
    assert!(matches!(
        find_ack(&msg(NLMSG_ERROR, 4, 9, &[]), 100, 4, 9),
        Err(Error::Decode { offset: 116, .. })
    ));
}

#[test]
fn every_prefix_of_an_ack_decodes_or_fails_typed() {
    let mut p = (-libc::EPERM).to_ne_bytes().to_vec();
    p.extend_from_slice(&[0; 16]);
    let full = msg(NLMSG_ERROR, 1, 2, &p);
    for cut in 0..full.len() {
        match find_ack(&full[..cut], 0, 1, 2) {
            Ok(None) => assert_eq!(cut, 0),
            Ok(Some(_)) => panic!("prefix {cut} decoded"),
            Err(Error::Decode { offset, .. }) => assert!(offset <= cut),
            Err(e) => panic!("prefix {cut}: {e:?}"),
        }
    }
}

// ---- against the running kernel ----

fn root() -> bool {
    // SAFETY: geteuid(2) has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

fn dumped(proto: InetProto, family: Family, inode: u64) -> InetSocket {
    let mut v = Vec::new();
    dump_inet(proto, family, &mut v).unwrap();
    v.into_iter().find(|s| s.inode == inode).unwrap()
}

/// A connected loopback pair (client, accepted server end).
fn pair(addr: &str) -> (TcpStream, TcpStream) {
    let l = TcpListener::bind(addr).unwrap();
    let c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
    let (s, _) = l.accept().unwrap();
    (c, s)
}

fn check_tcp_destroy(addr: &str, family: Family) {
    let (mut c, mut s) = pair(addr);
    let (mut c2, mut s2) = pair(addr);
    let target = dumped(InetProto::Tcp, family, ino(&s));
    let mut d = Destroyer::open().unwrap();
    // A wrong cookie names no socket: nothing happens.
    let mut wrong = target.clone();
    wrong.cookie ^= 1;
    let r = d.destroy(&wrong);
    assert!(matches!(r, Err(DestroyError::NotFound)), "{r:?}");
    if !root() {
        let r = d.destroy(&target);
        assert!(matches!(r, Err(DestroyError::PermissionDenied)), "{r:?}");
        return;
    }
    d.destroy(&target).unwrap();
    let mut buf = [0u8; 8];
    let e = s.read(&mut buf).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::ECONNABORTED), "{e}");
    match c.read(&mut buf) {
        Ok(0) => {}
        Err(e) => assert_eq!(e.kind(), ErrorKind::ConnectionReset, "{e}"),
        Ok(n) => panic!("read {n} bytes from a reset connection"),
    }
    // Gone: a second request finds nothing.
    assert!(matches!(d.destroy(&target), Err(DestroyError::NotFound)));
    // The other pair is untouched.
    c2.write_all(b"ping").unwrap();
    s2.read_exact(&mut buf[..4]).unwrap();
    assert_eq!(&buf[..4], b"ping");
}

#[test]
fn live_tcp_v4_destroy_is_exact() {
    check_tcp_destroy("127.0.0.1:0", Family::Inet);
}

#[test]
fn live_tcp_v6_destroy_is_exact() {
    if TcpListener::bind("[::1]:0").is_err() {
        eprintln!("SKIPPED: no IPv6 loopback");
        return;
    }
    check_tcp_destroy("[::1]:0", Family::Inet6);
}

#[test]
fn live_listener_and_udp() {
    if !root() {
        return;
    }
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let target = dumped(InetProto::Tcp, Family::Inet, ino(&l));
    assert_eq!(target.timer.kind, TimerKind::Off);
    let mut d = Destroyer::open().unwrap();
    d.destroy(&target).unwrap();
    let e = l.accept().unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EINVAL), "{e}");

    let u = UdpSocket::bind("127.0.0.1:0").unwrap();
    let peer = UdpSocket::bind("127.0.0.1:0").unwrap();
    u.connect(peer.local_addr().unwrap()).unwrap();
    let target = dumped(InetProto::Udp, Family::Inet, ino(&u));
    d.destroy(&target).unwrap();
    u.set_nonblocking(true).unwrap();
    let e = u.recv(&mut [0u8; 4]).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::ECONNABORTED), "{e}");
}
