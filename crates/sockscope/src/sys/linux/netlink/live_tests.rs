//! Tests against the running kernel: the test process opens its own sockets
//! and checks that the dumps of the current network namespace contain them
//! with the right fields (matched by inode). Other sockets of the namespace
//! are ignored, so these run fine next to anything else.

#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream, UdpSocket};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::linux::net::SocketAddrExt;
use std::os::unix::fs::MetadataExt;
use std::os::unix::net::{SocketAddr as UnixAddr, UnixDatagram, UnixListener, UnixStream};
use std::time::{Duration, Instant};

use super::{dump_inet, dump_unix};
use crate::model::{
    Family, InetProto, InetSocket, TcpState, TimerKind, UnixPath, UnixSocket, UnixState, UnixType,
};
use crate::Error;

/// Socket inode of an fd, as fstat reports it.
pub(super) fn ino(fd: &impl AsRawFd) -> u64 {
    std::fs::metadata(format!("/proc/self/fd/{}", fd.as_raw_fd()))
        .unwrap()
        .ino()
}

/// A directory under the temp dir, removed when dropped (also on panic).
pub(super) struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub(super) fn new(tag: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("sockscope-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn uid() -> u32 {
    // SAFETY: getuid(2) has no preconditions and cannot fail.
    unsafe { libc::getuid() }
}

fn inet(proto: InetProto, family: Family) -> Vec<InetSocket> {
    let mut v = Vec::new();
    dump_inet(proto, family, &mut v).unwrap();
    v
}

fn by_inode(v: &[InetSocket], inode: u64) -> &InetSocket {
    let mut it = v.iter().filter(|s| s.inode == inode);
    let s = it
        .next()
        .unwrap_or_else(|| panic!("inode {inode} not dumped"));
    assert!(it.next().is_none(), "inode {inode} dumped twice");
    s
}

pub(super) fn set_int(fd: &impl AsRawFd, level: i32, name: i32, val: i32) {
    // SAFETY: `val` is a live i32 and its size is passed; fd is open.
    let rc = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            level,
            name,
            (&raw const val).cast(),
            size_of::<i32>() as libc::socklen_t,
        )
    };
    assert_eq!(rc, 0, "{}", std::io::Error::last_os_error());
}

#[test]
fn tcp_v4_listener_and_connected_pair() {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let la = l.local_addr().unwrap();
    let mut c = TcpStream::connect(la).unwrap();
    let (a, _) = l.accept().unwrap();
    set_int(&c, libc::SOL_SOCKET, libc::SO_KEEPALIVE, 1);
    c.write_all(b"hello").unwrap(); // unread: recv_q of `a`
    std::thread::sleep(Duration::from_millis(50));
    let ca = c.local_addr().unwrap();
    let v = inet(InetProto::Tcp, Family::Inet);

    let s = by_inode(&v, ino(&l));
    assert_eq!(s.state, TcpState::Listen);
    assert_eq!((s.proto, s.family), (InetProto::Tcp, Family::Inet));
    assert_eq!((s.local, s.local_port), (la.ip(), la.port()));
    assert_eq!((s.remote, s.remote_port), (Family::Inet.unspecified(), 0));
    assert_eq!(
        (s.recv_q, s.uid, s.ifindex, s.raw_protocol),
        (0, uid(), 0, 0)
    );
    assert!(s.send_q > 0, "listener send_q is the backlog limit");
    assert_eq!(s.timer.kind, TimerKind::Off);
    assert_ne!(s.cookie, 0);

    let s = by_inode(&v, ino(&c));
    assert_eq!(s.state, TcpState::Established);
    assert_eq!((s.local, s.local_port), (ca.ip(), ca.port()));
    assert_eq!((s.remote, s.remote_port), (la.ip(), la.port()));
    assert_eq!(s.timer.kind, TimerKind::Keepalive);
    assert!(s.timer.expires_ms > 7_000_000 && s.timer.expires_ms <= 7_200_000);
    assert_eq!((s.timer.retrans, s.timer.probes), (0, 0));

    let s = by_inode(&v, ino(&a));
    assert_eq!((s.local_port, s.remote_port), (la.port(), ca.port()));
    assert_eq!((s.recv_q, s.send_q), (5, 0));
    let cookies: std::collections::HashSet<u64> = v.iter().map(|s| s.cookie).collect();
    assert_eq!(cookies.len(), v.len(), "cookies are unique");
}

#[test]
fn tcp_time_wait_has_no_inode_and_uid() {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
    let cport = c.local_addr().unwrap().port();
    let (mut a, _) = l.accept().unwrap();
    drop(c); // active close: the client side ends in TIME_WAIT
    let mut sink = Vec::new();
    a.read_to_end(&mut sink).unwrap();
    drop(a);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let v = inet(InetProto::Tcp, Family::Inet);
        let tw: Vec<_> = v
            .iter()
            .filter(|s| s.local_port == cport && s.state == TcpState::TimeWait)
            .collect();
        if let [s] = tw[..] {
            assert_eq!((s.inode, s.uid, s.recv_q, s.send_q), (0, 0, 0, 0));
            assert_eq!(s.timer.kind, TimerKind::TimeWait);
            assert!(s.timer.expires_ms > 0 && s.timer.expires_ms <= 60_000);
            return;
        }
        assert!(
            Instant::now() < deadline,
            "no TIME_WAIT socket for port {cport}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn tcp_request_socket_is_syn_recv() {
    // With TCP_DEFER_ACCEPT the server keeps a request socket after the
    // handshake's bare ACK: the kernel's NEW_SYN_RECV, shown as SYN_RECV.
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    set_int(&l, libc::IPPROTO_TCP, libc::TCP_DEFER_ACCEPT, 30);
    let c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
    let cport = c.local_addr().unwrap().port();
    std::thread::sleep(Duration::from_millis(50));
    let v = inet(InetProto::Tcp, Family::Inet);
    let s = v
        .iter()
        .find(|s| s.remote_port == cport && s.local_port == l.local_addr().unwrap().port())
        .expect("request socket dumped");
    assert_eq!(s.state, TcpState::SynRecv);
    assert_eq!((s.inode, s.uid), (0, 0));
    assert_eq!(s.timer.kind, TimerKind::On);
}

#[test]
fn tcp_v6_loopback_and_v4_mapped_peer() {
    let Ok(l) = TcpListener::bind("[::1]:0") else {
        return; // no IPv6 loopback in this namespace
    };
    let v = inet(InetProto::Tcp, Family::Inet6);
    let s = by_inode(&v, ino(&l));
    assert_eq!(s.family, Family::Inet6);
    assert_eq!(s.local, "::1".parse::<IpAddr>().unwrap());
    assert_eq!(s.local_port, l.local_addr().unwrap().port());

    // A dual-stack listener accepting an IPv4 client: both ends of the
    // accepted socket are IPv4-mapped IPv6 addresses.
    let any = TcpListener::bind("[::]:0").unwrap();
    let port = any.local_addr().unwrap().port();
    let c = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let (a, _) = any.accept().unwrap();
    let v = inet(InetProto::Tcp, Family::Inet6);
    let s = by_inode(&v, ino(&a));
    let mapped: IpAddr = "::ffff:127.0.0.1".parse().unwrap();
    assert_eq!((s.local, s.remote), (mapped, mapped));
    assert_eq!(s.remote_port, c.local_addr().unwrap().port());
    assert!(inet(InetProto::Tcp, Family::Inet)
        .iter()
        .all(|s| s.inode != ino(&a)));
}

#[test]
fn udp_bound_and_connected() {
    let b = UdpSocket::bind("127.0.0.1:0").unwrap();
    let c = UdpSocket::bind("127.0.0.1:0").unwrap();
    c.connect(b.local_addr().unwrap()).unwrap();
    c.send(b"datagram").unwrap(); // unread at `b`
    let v = inet(InetProto::Udp, Family::Inet);
    let s = by_inode(&v, ino(&b));
    assert_eq!((s.proto, s.state), (InetProto::Udp, TcpState::Close));
    assert_eq!(s.local_port, b.local_addr().unwrap().port());
    assert_eq!((s.remote_port, s.uid), (0, uid()));
    assert!(s.recv_q > 0);
    assert_eq!(s.timer, Default::default());
    let s = by_inode(&v, ino(&c));
    assert_eq!(s.state, TcpState::Established);
    assert_eq!(s.remote_port, b.local_addr().unwrap().port());

    if let Ok(u6) = UdpSocket::bind("[::1]:0") {
        let v = inet(InetProto::Udp, Family::Inet6);
        assert_eq!(
            by_inode(&v, ino(&u6)).local_port,
            u6.local_addr().unwrap().port()
        );
    }
}

#[test]
fn udplite_when_the_kernel_has_it() {
    // SAFETY: socket(2) with constant arguments; the result is checked.
    let raw = unsafe { libc::socket(libc::AF_INET, libc::SOCK_DGRAM, libc::IPPROTO_UDPLITE) };
    if raw < 0 {
        return;
    }
    // SAFETY: `raw` is a fresh descriptor owned by nothing else.
    let fd = unsafe { OwnedFd::from_raw_fd(raw) };
    // Unbound sockets are in no table: bind to 127.0.0.1, any port.
    // SAFETY: sockaddr_in is plain integers; all-zero is valid.
    let mut sin: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    sin.sin_family = libc::AF_INET as libc::sa_family_t;
    sin.sin_addr.s_addr = u32::from_ne_bytes([127, 0, 0, 1]);
    // SAFETY: `sin` is a valid sockaddr_in of the size passed; fd is open.
    let rc = unsafe {
        libc::bind(
            fd.as_raw_fd(),
            (&raw const sin).cast(),
            size_of::<libc::sockaddr_in>() as libc::socklen_t,
        )
    };
    assert_eq!(rc, 0, "{}", std::io::Error::last_os_error());
    let mut v = Vec::new();
    match dump_inet(InetProto::UdpLite, Family::Inet, &mut v) {
        Ok(()) => assert_eq!(by_inode(&v, ino(&fd)).proto, InetProto::UdpLite),
        Err(Error::DumpRejected { .. }) => {}
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn raw_dump_is_rejected_or_has_our_socket() {
    // SAFETY: socket(2) with constant arguments; the result is checked.
    let raw = unsafe { libc::socket(libc::AF_INET, libc::SOCK_RAW, libc::IPPROTO_ICMP) };
    let fd = (raw >= 0).then(|| {
        // SAFETY: `raw` is a fresh descriptor owned by nothing else.
        unsafe { OwnedFd::from_raw_fd(raw) }
    });
    let mut v = vec![];
    match dump_inet(InetProto::Raw, Family::Inet, &mut v) {
        Ok(()) => {
            if let Some(fd) = fd {
                let s = by_inode(&v, ino(&fd));
                assert_eq!((s.local_port, s.raw_protocol, s.remote_port), (1, 1, 0));
            }
        }
        Err(Error::DumpRejected { what, source }) => {
            assert_eq!(what, "raw");
            assert_eq!(source.raw_os_error(), Some(libc::ENOENT));
            assert!(v.is_empty(), "nothing left behind on error");
        }
        Err(e) => panic!("{e}"),
    }
}

fn unix() -> Vec<UnixSocket> {
    let mut v = Vec::new();
    dump_unix(&mut v).unwrap();
    v
}

fn unix_by_inode(v: &[UnixSocket], inode: u64) -> (usize, &UnixSocket) {
    v.iter()
        .enumerate()
        .find(|(_, s)| s.inode == inode)
        .unwrap_or_else(|| panic!("unix inode {inode} not dumped"))
}

#[test]
fn unix_path_abstract_pairs_and_pending_connections() {
    let dir = TempDir::new("nl");
    let path = dir.0.join("listen.sock");
    let _ = std::fs::remove_file(&path);
    let l = UnixListener::bind(&path).unwrap();
    let name = format!("sockscope\0live-{}", std::process::id());
    let abs = UnixListener::bind_addr(&UnixAddr::from_abstract_name(&name).unwrap()).unwrap();
    let mut c = UnixStream::connect(&path).unwrap();
    let (srv, _) = l.accept().unwrap();
    c.write_all(b"12345").unwrap(); // unread at `srv`
    let pending = UnixStream::connect(&path).unwrap(); // never accepted
    let (p1, p2) = UnixStream::pair().unwrap();
    let dg = UnixDatagram::unbound().unwrap();
    let v = unix();

    let (li, s) = unix_by_inode(&v, ino(&l));
    assert!(s.listening);
    assert_eq!(
        (s.kind, s.state),
        (UnixType::Stream, UnixState::Unconnected)
    );
    let want = UnixPath::Path(path.as_os_str().as_encoded_bytes().into());
    assert_eq!(s.path.as_ref(), Some(&want));
    assert_eq!(s.recv_q, 1, "one pending connection");
    assert!(s.send_q > 0, "backlog limit");
    let e = &v[li + 1];
    assert_eq!(
        (e.inode, e.state, e.listening),
        (0, UnixState::Connecting, false)
    );
    assert_eq!((e.peer, e.path.as_ref()), (None, Some(&want)));
    assert_eq!(unix_by_inode(&v, ino(&pending)).1.peer, Some(0));

    let (_, s) = unix_by_inode(&v, ino(&abs));
    assert_eq!(s.path, Some(UnixPath::Abstract(name.as_bytes().into())));

    let (_, s) = unix_by_inode(&v, ino(&srv));
    assert_eq!(
        (s.state, s.peer, s.recv_q),
        (UnixState::Connected, Some(ino(&c)), 5)
    );
    assert_eq!(
        s.path.as_ref(),
        Some(&want),
        "accepted sockets carry the listener's name"
    );
    let (_, s) = unix_by_inode(&v, ino(&c));
    assert_eq!(
        (s.state, s.peer, s.path.as_ref()),
        (UnixState::Connected, Some(ino(&srv)), None)
    );

    let (_, s) = unix_by_inode(&v, ino(&p1));
    assert_eq!((s.state, s.peer), (UnixState::Connected, Some(ino(&p2))));
    let (_, s) = unix_by_inode(&v, ino(&dg));
    assert_eq!(
        (s.kind, s.state, s.path.as_ref()),
        (UnixType::Dgram, UnixState::Unconnected, None)
    );
    assert!(v
        .iter()
        .all(|s| s.refcnt.is_none() && s.proc_flags.is_none()));
}

#[test]
fn dumps_do_not_leak_fds() {
    let count = || std::fs::read_dir("/proc/self/fd").unwrap().count();
    let before = count();
    for _ in 0..50 {
        unix();
        let _ = dump_inet(InetProto::Raw, Family::Inet6, &mut Vec::new());
    }
    // Other tests run in parallel threads; allow their few fds, not 100 leaks.
    assert!(count() < before + 40, "netlink sockets leak");
}
