//! Live tests of the streaming collection: on sockets this test opens, the
//! visitor must yield what `collect` puts into the snapshot, in the same
//! order, whichever way TCP is fetched (one walk, one walk whose IPv6
//! buffer overflows, per family, /proc), with and without a filter.

use std::collections::HashSet;
use std::net::{TcpListener, TcpStream, UdpSocket};

use super::*;
use crate::collect::collect;
use crate::filter::{Filter, FixedLookup};

/// Our sockets: listeners, connected pairs and UDP sockets over IPv4 and,
/// when the loopback has it, IPv6. Kept open by the returned guard.
struct Ours {
    ports: HashSet<u16>,
    _keep: (Vec<TcpListener>, Vec<TcpStream>, Vec<UdpSocket>),
}

fn ours() -> Ours {
    let mut listeners = Vec::new();
    let mut streams = Vec::new();
    let mut udp = Vec::new();
    for host in ["127.0.0.1", "[::1]"] {
        for _ in 0..6 {
            let Ok(l) = TcpListener::bind(format!("{host}:0")) else {
                continue;
            };
            let c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
            let (a, _) = l.accept().unwrap();
            streams.extend([c, a]);
            listeners.push(l);
        }
        if let Ok(u) = UdpSocket::bind(format!("{host}:0")) {
            udp.push(u);
        }
    }
    let ports = listeners
        .iter()
        .map(|l| l.local_addr().unwrap().port())
        .chain(udp.iter().map(|u| u.local_addr().unwrap().port()))
        .collect();
    Ours {
        ports,
        _keep: (listeners, streams, udp),
    }
}

type Key = (InetProto, Family, u16, u16, u8);

fn key(s: &InetSocket) -> Key {
    (s.proto, s.family, s.local_port, s.remote_port, s.state)
}

fn options(source: Source, filter: Option<Filter>, no_pushdown: bool) -> CollectOptions {
    CollectOptions {
        protos: vec![InetProto::Tcp, InetProto::Udp],
        families: vec![Family::Inet, Family::Inet6],
        source,
        filter,
        no_pushdown,
        ..CollectOptions::default()
    }
}

fn streamed(opts: &CollectOptions, cap: usize, o: &Ours) -> Vec<Key> {
    let mut got = Vec::new();
    let mut warnings = Vec::new();
    visit_capped(opts, None, &mut warnings, cap, &mut |s| {
        if o.ports.contains(&s.local_port) || o.ports.contains(&s.remote_port) {
            got.push(key(s));
        }
        Ok(())
    })
    .unwrap();
    got
}

fn collected(opts: &CollectOptions, o: &Ours) -> Vec<Key> {
    let snap = collect(opts).unwrap();
    snap.inet
        .iter()
        .filter(|s| o.ports.contains(&s.local_port) || o.ports.contains(&s.remote_port))
        .map(key)
        .collect()
}

#[test]
fn streaming_yields_what_collect_does() {
    let o = ours();
    for source in [Source::Auto, Source::Proc] {
        let opts = options(source, None, false);
        let want = collected(&opts, &o);
        assert!(want.len() > 6 * 3, "{want:?}");
        for cap in [PENDING_MAX, 1, 0] {
            assert_eq!(streamed(&opts, cap, &o), want, "{source:?} cap {cap}");
        }
    }
}

#[test]
fn streaming_applies_the_filter() {
    let o = ours();
    let port = *o.ports.iter().min().unwrap();
    let text = format!("sport = :{port} or dport = :{port}");
    let filter = || Some(Filter::parse_ss(&text, &FixedLookup::default()).unwrap());
    for no_pushdown in [false, true] {
        let opts = options(Source::Auto, filter(), no_pushdown);
        let want = collected(&opts, &o);
        assert!(!want.is_empty());
        assert!(want.iter().all(|k| k.2 == port || k.3 == port), "{want:?}");
        for cap in [PENDING_MAX, 0] {
            assert_eq!(
                streamed(&opts, cap, &o),
                want,
                "pushdown off: {no_pushdown}"
            );
        }
    }
}

#[test]
fn one_family_and_process_map() {
    let o = ours();
    let mut opts = options(Source::Auto, None, false);
    opts.families = vec![Family::Inet6];
    assert_eq!(streamed(&opts, PENDING_MAX, &o), collected(&opts, &o));
    assert!(process_map(&opts, &mut Vec::new()).unwrap().is_none());
    opts.processes = true;
    assert!(process_map(&opts, &mut Vec::new()).unwrap().is_some());
}

/// An MPTCP listener on 127.0.0.1 (`None` if the kernel refuses MPTCP).
fn mptcp_listener() -> Option<TcpListener> {
    use std::os::fd::{FromRawFd, OwnedFd};
    // SAFETY: socket(2) with constant arguments; the fd is owned below.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_STREAM, 262) };
    if fd < 0 {
        return None;
    }
    // SAFETY: `fd` was just returned by socket(2) and is owned by nobody else.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    // SAFETY: sockaddr_in is plain integers; all-zero is valid.
    let mut sin: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    sin.sin_family = libc::AF_INET as u16;
    sin.sin_addr.s_addr = u32::from_ne_bytes([127, 0, 0, 1]);
    use std::os::fd::AsRawFd;
    // SAFETY: `sin` is a live sockaddr_in of the given size; the fd is open.
    let ok = unsafe {
        libc::bind(
            fd.as_raw_fd(),
            (&raw const sin).cast(),
            size_of::<libc::sockaddr_in>() as libc::socklen_t,
        ) == 0
            && libc::listen(fd.as_raw_fd(), 4) == 0
    };
    ok.then(|| TcpListener::from(fd))
}

/// The kinds netstat does not know (ICMP, SCTP, MPTCP) come out of the
/// visitor as out of `collect`: same sockets, same warnings.
#[test]
fn other_kinds_stream_like_collect() {
    let l = mptcp_listener();
    let port = l.as_ref().map(|l| l.local_addr().unwrap().port());
    let opts = CollectOptions {
        protos: vec![InetProto::Icmp, InetProto::Sctp, InetProto::Mptcp],
        families: vec![Family::Inet, Family::Inet6],
        ..CollectOptions::default()
    };
    let snap = collect(&opts).unwrap();
    let mut got = Vec::new();
    let mut warnings = Vec::new();
    visit_inet(&opts, None, &mut warnings, &mut |s| {
        got.push(key(s));
        Ok(())
    })
    .unwrap();
    let ours = |k: &&Key| Some(k.2) == port;
    let want: Vec<Key> = snap.inet.iter().map(key).collect();
    assert_eq!(
        got.iter().filter(ours).collect::<Vec<_>>(),
        want.iter().filter(ours).collect::<Vec<_>>()
    );
    if port.is_some() {
        assert!(
            got.iter().any(|k| ours(&k) && k.0 == InetProto::Mptcp),
            "{got:?}"
        );
    }
    assert_eq!(
        format!("{warnings:?}"),
        format!("{:?}", snap.warnings),
        "the same warnings"
    );
}
