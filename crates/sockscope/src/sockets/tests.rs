//! Live tests of the pipeline, on sockets these tests open: the visitor
//! yields what `collect` puts into the snapshot, in the same order,
//! whichever way TCP is fetched (one walk, one walk whose IPv6 buffer
//! overflows, per family, /proc), with and without a filter, pushed down
//! or not; the `-l`/`-a` selection; UNIX peer names; the visitor's own
//! error.

use std::collections::HashSet;
use std::net::{TcpListener, TcpStream, UdpSocket};

use super::inet::PENDING_MAX;
use super::*;
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
    (
        s.proto,
        s.family,
        s.local_port,
        s.remote_port,
        s.state.code(),
    )
}

fn query(source: Source, filter: Option<Filter>, no_pushdown: bool) -> Query {
    Query {
        protos: vec![InetProto::Tcp, InetProto::Udp],
        families: vec![Family::Inet, Family::Inet6],
        source,
        filter,
        no_pushdown,
        ..Query::default()
    }
}

fn streamed(q: &Query, cap: usize, o: &Ours) -> Vec<Key> {
    let mut got = Vec::new();
    let mut warnings = Vec::new();
    walk(q, None, &mut warnings, cap, &mut |s| {
        if let SocketRef::Inet(s) = s {
            if o.ports.contains(&s.local_port) || o.ports.contains(&s.remote_port) {
                got.push(key(s));
            }
        }
        Ok(())
    })
    .unwrap();
    got
}

fn collected(q: &Query, o: &Ours) -> Vec<Key> {
    let snap = collect(q).unwrap();
    snap.inet
        .iter()
        .filter(|s| o.ports.contains(&s.local_port) || o.ports.contains(&s.remote_port))
        .map(key)
        .collect()
}

#[test]
fn streaming_yields_what_collect_does() {
    let o = ours();
    let mut per_source = Vec::new();
    for source in [Source::Auto, Source::Proc] {
        let q = query(source, None, false);
        let want = collected(&q, &o);
        assert!(want.len() > 6 * 3, "{want:?}");
        for cap in [PENDING_MAX, 1, 0] {
            assert_eq!(streamed(&q, cap, &o), want, "{source:?} cap {cap}");
        }
        let mut sorted = want;
        sorted.sort_unstable();
        per_source.push(sorted);
    }
    assert_eq!(per_source[0], per_source[1], "sock_diag and /proc agree");
}

#[test]
fn streaming_applies_the_filter() {
    let o = ours();
    let port = *o.ports.iter().min().unwrap();
    let text = format!("sport = :{port} or dport = :{port}");
    let filter = || Some(Filter::parse_ss(&text, &FixedLookup::default()).unwrap());
    let mut results = Vec::new();
    for no_pushdown in [false, true] {
        let q = query(Source::Auto, filter(), no_pushdown);
        let want = collected(&q, &o);
        assert!(!want.is_empty());
        assert!(want.iter().all(|k| k.2 == port || k.3 == port), "{want:?}");
        for cap in [PENDING_MAX, 0] {
            assert_eq!(streamed(&q, cap, &o), want, "pushdown off: {no_pushdown}");
        }
        results.push(want);
    }
    assert_eq!(results[0], results[1], "pushdown changes nothing");
}

#[test]
fn listen_selection_partitions_and_a_state_filter_overrides_it() {
    let o = ours();
    let mut q = query(Source::Auto, None, false);
    let all = collected(&q, &o);
    q.select = ListenSelection::Listening;
    let servers = collected(&q, &o);
    q.select = ListenSelection::Connected;
    let connected = collected(&q, &o);
    assert!(!servers.is_empty() && !connected.is_empty());
    assert!(servers.iter().all(|k| k.0 != InetProto::Tcp || k.3 == 0));
    assert!(connected.iter().all(|k| k.0 == InetProto::Tcp && k.3 != 0));
    assert_eq!(servers.len() + connected.len(), all.len());
    // A filter testing states decides them: -l is set aside.
    let f = Filter::parse_ss("state established", &FixedLookup::default()).unwrap();
    q.select = ListenSelection::Listening;
    q.filter = Some(f);
    assert_eq!(q.selection(), ListenSelection::All);
    let est = collected(&q, &o);
    assert!(!est.is_empty() && est.iter().all(|k| k.4 == 1), "{est:?}");
}

#[test]
fn one_family_and_process_map() {
    let o = ours();
    let mut q = query(Source::Auto, None, false);
    q.families = vec![Family::Inet6];
    assert_eq!(streamed(&q, PENDING_MAX, &o), collected(&q, &o));
    assert!(prepare(&q).unwrap().processes.is_none());
    q.processes = true;
    assert!(prepare(&q).unwrap().processes.is_some());
    let f = Filter::parse_ss("sport = :1", &FixedLookup::default()).unwrap();
    let pid = Filter::new(crate::filter::Expr::Pred(crate::filter::Pred::Pid(1)));
    q.processes = false;
    q.filter = Some(f.and(pid));
    assert!(q.needs_processes());
}

#[test]
fn unix_peer_names_are_filtered_in_the_library() {
    let dir = std::env::temp_dir().join(format!("sockscope-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("peer.sock");
    let _ = std::fs::remove_file(&path);
    let l = std::os::unix::net::UnixListener::bind(&path).unwrap();
    let c = std::os::unix::net::UnixStream::connect(&path).unwrap();
    let (a, _) = l.accept().unwrap();
    let inode = |fd: &dyn std::os::fd::AsRawFd| {
        std::fs::metadata(format!("/proc/self/fd/{}", fd.as_raw_fd()))
            .map(|m| std::os::unix::fs::MetadataExt::ino(&m))
            .unwrap()
    };
    let client = inode(&c);
    let text = format!("dst unix:{}", path.display());
    let q = Query {
        unix: true,
        filter: Some(Filter::parse_ss(&text, &FixedLookup::default()).unwrap()),
        ..Query::default()
    };
    let mut seen = Vec::new();
    let prepared = prepare(&q).unwrap();
    visit::<()>(&q, prepared.processes.as_ref(), &mut Vec::new(), &mut |s| {
        seen.push(s.inode());
        Ok(())
    })
    .unwrap();
    assert!(
        seen.contains(&client),
        "the client, whose peer is {path:?}: {seen:?}"
    );
    assert!(
        !seen.contains(&inode(&a)),
        "the accepted end's peer has no name"
    );
    let snap = collect(&q).unwrap();
    assert_eq!(snap.unix.iter().map(|s| s.inode).collect::<Vec<_>>(), seen);
    drop((l, c, a));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_visitors_error_ends_the_walk() {
    let _o = ours();
    let q = query(Source::Auto, None, false);
    let mut calls = 0;
    let r = visit(&q, None, &mut Vec::new(), &mut |_| {
        calls += 1;
        Err("full")
    });
    assert!(matches!(r, Err(VisitError::Visitor("full"))), "{r:?}");
    assert_eq!(calls, 1);
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
    let q = Query {
        protos: vec![InetProto::Icmp, InetProto::Sctp, InetProto::Mptcp],
        ..Query::default()
    };
    let snap = collect(&q).unwrap();
    let mut got = Vec::new();
    let mut warnings = Vec::new();
    visit::<()>(&q, None, &mut warnings, &mut |s| {
        if let SocketRef::Inet(s) = s {
            got.push(key(s));
        }
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

/// Every socket carries its namespace: the calling thread's when the
/// query leaves it 0, from sock_diag and from /proc alike; what the query
/// names otherwise.
#[test]
fn every_socket_carries_its_namespace() {
    let _o = ours();
    let here = crate::netns::current_inode().unwrap();
    for source in [Source::Auto, Source::Proc] {
        let mut q = Query::everything();
        q.source = source;
        let mut seen = 0;
        visit(&q, None, &mut Vec::new(), &mut |s| {
            assert_eq!(s.netns(), here, "{s:?}");
            seen += 1;
            Ok::<(), ()>(())
        })
        .unwrap();
        assert!(seen > 0);
        q.netns = 42;
        let snap = collect(&q).unwrap();
        assert!(snap.inet.iter().all(|s| s.netns == 42));
        assert!(snap.unix.iter().all(|s| s.netns == 42));
    }
}
