//! Tests of the user-space evaluator on hand-made sockets.

use super::*;
use crate::filter::lookup::FixedLookup;
use crate::filter::ss;
use crate::model::{InetProto, ProcessRef, SockKey, Timer, UnixType};
use std::net::IpAddr;

pub(crate) fn sock(
    proto: InetProto,
    local: &str,
    lport: u16,
    remote: &str,
    rport: u16,
    state: u8,
) -> InetSocket {
    let local: IpAddr = local.parse().unwrap();
    InetSocket {
        netns: 0,
        proto,
        family: if local.is_ipv4() {
            Family::Inet
        } else {
            Family::Inet6
        },
        local,
        local_port: lport,
        remote: remote.parse().unwrap(),
        remote_port: rport,
        state: crate::model::TcpState::from_code(state),
        recv_q: 0,
        send_q: 0,
        uid: 1000,
        inode: 77,
        timer: Timer::default(),
        ifindex: 0,
        cookie: 0,
        raw_protocol: 0,
        details: None,
    }
}

fn unix(
    path: Option<UnixPath>,
    state: UnixState,
    listening: bool,
    peer: Option<u64>,
) -> UnixSocket {
    UnixSocket {
        netns: 0,
        kind: UnixType::Stream,
        state,
        listening,
        inode: 500,
        path,
        peer,
        recv_q: 0,
        send_q: 0,
        refcnt: None,
        proc_flags: None,
    }
}

fn keeps(filter: &str, s: &InetSocket) -> bool {
    let e = ss::parse(filter, &FixedLookup::sample()).unwrap().expr;
    eval(&e, SocketRef::Inet(s), &EvalCtx::default())
}

#[test]
fn ports_addresses_and_states() {
    let est = sock(InetProto::Tcp, "127.0.0.1", 40000, "127.0.0.1", 22, 1);
    assert!(keeps("dport = :ssh", &est));
    assert!(keeps("dst 127.0.0.0/8:22", &est));
    assert!(!keeps("src 127.1/16", &est));
    assert!(keeps("sport > :32767 and sport < :61000", &est));
    assert!(keeps("autobound", &est));
    assert!(!keeps("dport != :22", &est));
    assert!(keeps("state established", &est));
    assert!(keeps("state connected", &est));
    assert!(!keeps("state listening", &est));
    assert!(keeps("exclude listening", &est));
    assert!(keeps("src localhost", &est));
    assert!(!keeps("src inet6:*", &est));
    assert!(keeps("dev 0", &est) && !keeps("dev lo", &est));
}

#[test]
fn v4_mapped_and_prefix_family_rules() {
    let mapped = sock(
        InetProto::Tcp,
        "::ffff:10.1.2.3",
        80,
        "::ffff:10.9.9.9",
        5000,
        1,
    );
    assert!(keeps("src 10.0.0.0/8", &mapped));
    assert!(keeps("src ::ffff:10.1.2.3", &mapped));
    assert!(keeps("src 0.0.0.0/0", &mapped));
    let v6 = sock(InetProto::Tcp, "2001:db8::1", 80, "::", 0, 10);
    // A zero-length IPv4 prefix still names the IPv4 family (kernel rule).
    assert!(!keeps("src 0.0.0.0/0", &v6));
    assert!(keeps("src ::/0", &v6));
    assert!(keeps("src *", &v6));
    let v4 = sock(InetProto::Udp, "127.0.0.1", 53, "0.0.0.0", 0, 7);
    assert!(!keeps("src ::/0", &v4));
    assert!(keeps("state closed src 127.0.0.1:domain", &v4));
}

#[test]
fn unix_sockets() {
    let l = FixedLookup::sample();
    let e = |f: &str| ss::parse(f, &l).unwrap().expr;
    let lis = unix(
        Some(UnixPath::Path(b"/run/App.sock".to_vec().into())),
        UnixState::Unconnected,
        true,
        None,
    );
    let mut names = HashMap::new();
    names.insert(500u64, "/run/App.sock".to_owned());
    let client = unix(None, UnixState::Connected, false, Some(500));
    let ctx = EvalCtx {
        processes: None,
        unix_names: Some(&names),
    };
    let on = |f: &str, s: &UnixSocket| eval(&e(f), SocketRef::Unix(s), &ctx);
    assert!(on("src unix:/run/*.sock", &lis));
    assert!(on("src unix:/RUN/app*", &lis), "ss 6.1 folds case");
    assert!(on("state listening", &lis) && !on("state established", &lis));
    assert!(on("state established", &client));
    assert!(on("dst unix:/run/app.sock", &client));
    assert!(!on("src unix:/run/*", &client));
    assert!(on("autobound", &client));
    let auto = unix(
        Some(UnixPath::Abstract(b"0a1f3".to_vec().into())),
        UnixState::Unconnected,
        false,
        None,
    );
    assert!(on("autobound", &auto) && on("src @0a1f3", &auto));
    assert!(!on("autobound", &lis));
    assert!(on("src *", &lis) && !on("src 127.0.0.1", &lis) && !on("sport = :0", &lis));
}

#[test]
fn processes_users_kinds() {
    let mut map = ProcessMap::new(9);
    map.insert(
        SockKey {
            netns: 9,
            inode: 77,
        },
        ProcessRef {
            pid: 4242,
            name: b"sshd".to_vec().into(),
            fd: 3,
        },
    );
    let s = sock(InetProto::Tcp, "127.0.0.1", 22, "0.0.0.0", 0, 10);
    let with = EvalCtx {
        processes: Some(&map),
        unix_names: None,
    };
    let without = EvalCtx::default();
    let re = |r: &str| {
        Expr::Pred(Pred::Process(NameMatch::Regex(
            regex_lite::Regex::new(r).unwrap(),
        )))
    };
    assert!(eval(
        &Expr::Pred(Pred::Pid(4242)),
        SocketRef::Inet(&s),
        &with
    ));
    assert!(!eval(
        &Expr::Pred(Pred::Pid(4242)),
        SocketRef::Inet(&s),
        &without
    ));
    assert!(eval(&re("ssh"), SocketRef::Inet(&s), &with));
    assert!(!eval(&re("^ssh$"), SocketRef::Inet(&s), &with));
    assert!(eval(
        &Expr::Pred(Pred::Process(NameMatch::Glob("ss*".into()))),
        SocketRef::Inet(&s),
        &with
    ));
    assert!(eval(
        &Expr::Pred(Pred::Process(NameMatch::Exact(b"sshd".to_vec()))),
        SocketRef::Inet(&s),
        &with
    ));
    assert!(eval(
        &Expr::Pred(Pred::Uid(1000)),
        SocketRef::Inet(&s),
        &without
    ));
    assert!(eval(
        &Expr::Pred(Pred::Kind(SockKind::Inet(InetProto::Tcp))),
        SocketRef::Inet(&s),
        &without
    ));
    assert!(!eval(
        &Expr::Pred(Pred::Family(Family::Inet6)),
        SocketRef::Inet(&s),
        &without
    ));
}
