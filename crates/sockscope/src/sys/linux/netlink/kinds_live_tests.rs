//! The other socket kinds against the running kernel: the test process
//! opens its own packet, netlink, MPTCP and ICMP ping sockets and checks
//! that the dumps (and the /proc tables) list them with the right fields,
//! matched by inode. Packet sockets need CAP_NET_RAW, ping sockets a
//! private network namespace (to set `ping_group_range`): without root
//! those tests say so and return. MPTCP is skipped when the kernel refuses
//! the socket.

#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use super::live_tests::ino;
use super::{dump_inet_ext, dump_netlink, dump_packet};
use crate::model::{Family, InetProto, PacketType, TcpState};
use crate::sys::linux::procfs;

fn root() -> bool {
    // SAFETY: geteuid(2) has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// `socket(domain, ty | SOCK_CLOEXEC, proto)`, or the errno.
pub(super) fn socket(domain: i32, ty: i32, proto: i32) -> std::io::Result<OwnedFd> {
    // SAFETY: socket(2) with plain integer arguments.
    let fd = unsafe { libc::socket(domain, ty | libc::SOCK_CLOEXEC, proto) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: a fresh descriptor nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Bind `fd` to the raw bytes of a sockaddr of type `A`.
pub(super) fn bind<A>(fd: &OwnedFd, addr: &A) {
    // SAFETY: `addr` is a live sockaddr of `size_of::<A>()` bytes.
    let rc = unsafe {
        libc::bind(
            fd.as_raw_fd(),
            (addr as *const A).cast(),
            size_of::<A>() as libc::socklen_t,
        )
    };
    assert_eq!(rc, 0, "bind: {}", std::io::Error::last_os_error());
}

/// A packet socket of `ty` for ethertype `proto` (host order) bound to lo.
pub(super) fn packet_on_lo(ty: i32, proto: u16) -> OwnedFd {
    let fd = socket(libc::AF_PACKET, ty, i32::from(proto.to_be())).unwrap();
    // SAFETY: sockaddr_ll is plain integers; all-zero is valid.
    let mut sll: libc::sockaddr_ll = unsafe { std::mem::zeroed() };
    sll.sll_family = libc::AF_PACKET as u16;
    sll.sll_protocol = proto.to_be();
    sll.sll_ifindex = 1; // lo
    bind(&fd, &sll);
    fd
}

/// A NETLINK_ROUTE socket bound to `groups`; returns it and its port id.
pub(super) fn route_socket(groups: u32) -> (OwnedFd, u32) {
    let fd = socket(libc::AF_NETLINK, libc::SOCK_RAW, libc::NETLINK_ROUTE).unwrap();
    // SAFETY: sockaddr_nl is plain integers; all-zero is valid.
    let mut a: libc::sockaddr_nl = unsafe { std::mem::zeroed() };
    a.nl_family = libc::AF_NETLINK as u16;
    a.nl_groups = groups;
    bind(&fd, &a);
    let mut len = size_of::<libc::sockaddr_nl>() as libc::socklen_t;
    // SAFETY: `a` is writable for `len` bytes; the kernel updates `len`.
    let rc = unsafe { libc::getsockname(fd.as_raw_fd(), (&raw mut a).cast(), &mut len) };
    assert_eq!(rc, 0);
    (fd, a.nl_pid)
}

#[test]
fn packet_sockets_in_the_dump_and_in_proc() {
    if !root() {
        eprintln!("skipped: packet sockets need CAP_NET_RAW");
        return;
    }
    // An experimental ethertype: nothing arrives on it.
    let fd = packet_on_lo(libc::SOCK_DGRAM, 0x88b5);
    let mut v = Vec::new();
    dump_packet(&mut v).unwrap();
    let s = v.iter().find(|s| s.inode == ino(&fd)).unwrap();
    assert_eq!(
        (s.kind, s.protocol, s.ifindex, s.running, s.uid),
        (PacketType::Dgram, 0x88b5, 1, true, 0)
    );
    assert_ne!(s.cookie, 0);
    let d = s.details.as_ref().unwrap();
    assert!(d.skmem.is_some() && d.fanout.is_none() && d.rx_ring.is_none());
    let mut p = Vec::new();
    procfs::read_packet(&mut p).unwrap();
    let q = p.iter().find(|q| q.inode == s.inode).unwrap();
    assert_eq!(
        (q.kind, q.protocol, q.ifindex, q.running, q.uid),
        (s.kind, s.protocol, s.ifindex, s.running, s.uid)
    );
}

#[test]
fn netlink_socket_listed_once_with_its_groups() {
    // Groups 1 and 3 (RTMGRP_LINK, RTMGRP_NEIGH).
    let (fd, portid) = route_socket(1 | 4);
    let mut v = Vec::new();
    dump_netlink(&mut v).unwrap();
    let mine: Vec<_> = v.iter().filter(|s| s.inode == ino(&fd)).collect();
    assert_eq!(mine.len(), 1, "a group member is listed once");
    let s = mine[0];
    assert_eq!(
        (s.protocol, s.sock_type, s.portid),
        (0, libc::SOCK_RAW as u8, portid)
    );
    assert_eq!((s.state, s.dst_portid, s.dst_group), (Some(7), 0, 0));
    assert_eq!(s.groups, vec![1, 3]);
    assert!(s.flags.is_some());
    // The dump's own socket is there too (sock_diag, a port id of ours).
    assert!(v
        .iter()
        .any(|n| n.protocol == libc::NETLINK_SOCK_DIAG as u8 && n.portid != 0));
    let mut p = Vec::new();
    procfs::read_netlink(&mut p).unwrap();
    let q = p.iter().find(|q| q.inode == s.inode).unwrap();
    assert_eq!(
        (q.protocol, q.portid, &q.groups),
        (s.protocol, s.portid, &s.groups)
    );
}

#[test]
fn mptcp_listener_and_connection_with_mptcp_info() {
    let Ok(l) = socket(libc::AF_INET, libc::SOCK_STREAM, 262) else {
        eprintln!("skipped: the kernel refuses MPTCP sockets");
        return;
    };
    let l = std::net::TcpListener::from(l);
    // SAFETY: sockaddr_in is plain integers; all-zero is valid.
    let mut sin: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    sin.sin_family = libc::AF_INET as u16;
    sin.sin_addr.s_addr = u32::from_ne_bytes([127, 0, 0, 1]);
    let lfd = OwnedFd::from(l);
    bind(&lfd, &sin);
    // SAFETY: listen(2) on an open, bound socket.
    assert_eq!(unsafe { libc::listen(lfd.as_raw_fd(), 8) }, 0);
    let l = std::net::TcpListener::from(lfd);
    let port = l.local_addr().unwrap().port();
    let c = socket(libc::AF_INET, libc::SOCK_STREAM, 262).unwrap();
    sin.sin_port = port.to_be();
    // SAFETY: `sin` is a live sockaddr_in of the given size.
    let rc = unsafe {
        libc::connect(
            c.as_raw_fd(),
            (&raw const sin).cast(),
            size_of::<libc::sockaddr_in>() as libc::socklen_t,
        )
    };
    assert_eq!(rc, 0, "{}", std::io::Error::last_os_error());
    let mut c = std::net::TcpStream::from(c);
    let (a, _) = l.accept().unwrap();
    c.write_all(b"hello").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(50));

    let mut v = Vec::new();
    dump_inet_ext(InetProto::Mptcp, Family::Inet, false, true, &mut v).unwrap();
    let ls = v.iter().find(|s| s.inode == ino(&l)).unwrap();
    assert_eq!(
        (ls.proto, ls.state, ls.local_port),
        (InetProto::Mptcp, TcpState::Listen, port)
    );
    let cs = v.iter().find(|s| s.inode == ino(&c)).unwrap();
    assert_eq!((cs.state, cs.remote_port), (TcpState::Established, port));
    let info = cs.details.as_ref().unwrap().mptcp.unwrap();
    assert_ne!(info.token, 0);
    assert!(info.len >= 40 && !info.fallback());
    let asv = v.iter().find(|s| s.inode == ino(&a)).unwrap();
    assert!(asv.recv_q > 0, "the 5 unread bytes");
    // The kernel runs the filter program on MPTCP dumps too: only our
    // listener and the server side (local port = the listener's) come back.
    let f = crate::filter::Filter::parse_ss(
        &format!("sport = :{port}"),
        &crate::filter::FixedLookup::sample(),
    )
    .unwrap();
    let p = f.pushdown(InetProto::Mptcp, Family::Inet);
    assert!(!p.bytecode.is_empty());
    let mut got = Vec::new();
    super::dump_inet_filtered(
        InetProto::Mptcp,
        Family::Inet,
        p.states,
        &p.bytecode,
        false,
        false,
        &mut got,
    )
    .unwrap();
    let mut inodes: Vec<u64> = got.iter().map(|s| s.inode).collect();
    inodes.sort_unstable();
    let mut want = vec![ino(&l), ino(&a)];
    want.sort_unstable();
    assert_eq!(inodes, want);
    // The TCP dump lists the subflows too: the listener's shows as a TCP
    // listener on the same port (and, on 6.18, the same inode).
    let mut t = Vec::new();
    super::dump_inet(InetProto::Tcp, Family::Inet, &mut t).unwrap();
    assert!(t
        .iter()
        .any(|s| s.local_port == port && s.state == TcpState::Listen));
}

#[test]
fn icmp_ping_sockets_from_proc_in_a_private_namespace() {
    if !root() {
        eprintln!("skipped: a private network namespace needs root");
        return;
    }
    std::thread::spawn(|| {
        // SAFETY: unshare(2) affects only this thread, which ends with the test.
        assert_eq!(unsafe { libc::unshare(libc::CLONE_NEWNET) }, 0);
        std::fs::write("/proc/sys/net/ipv4/ping_group_range", "0 2147483647").unwrap();
        let fd = socket(libc::AF_INET, libc::SOCK_DGRAM, libc::IPPROTO_ICMP).unwrap();
        // SAFETY: sockaddr_in is plain integers; all-zero (0.0.0.0:0) is valid.
        let sin: libc::sockaddr_in = unsafe { std::mem::zeroed() };
        let mut sin = sin;
        sin.sin_family = libc::AF_INET as u16;
        bind(&fd, &sin);
        let mut v = Vec::new();
        procfs::read_inet(InetProto::Icmp, Family::Inet, &mut v).unwrap();
        assert_eq!(v.len(), 1, "only ours in a fresh namespace");
        let s = &v[0];
        assert_eq!(
            (s.proto, s.inode, s.state.code()),
            (InetProto::Icmp, ino(&fd), 7)
        );
        assert_ne!(s.local_port, 0, "the echo identifier");
    })
    .join()
    .unwrap();
}
