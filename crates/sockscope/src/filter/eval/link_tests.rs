//! The evaluator on packet and netlink sockets: they are CLOSE (ss's
//! UNCONN), have no address or port, a packet socket has an interface and
//! a uid, and both can be selected by their holder and by kind.

use super::*;
use crate::filter::lookup::FixedLookup;
use crate::filter::ss;
use crate::model::{NetlinkSocket, PacketSocket};
use crate::model::{PacketType, ProcessRef, SockKey};

fn packet(ifindex: u32) -> PacketSocket {
    PacketSocket {
        netns: 0,
        kind: PacketType::Raw,
        protocol: 3,
        ifindex,
        running: true,
        inode: 900,
        uid: 1000,
        recv_q: 0,
        send_q: 0,
        drops: 0,
        cookie: 0,
        details: None,
    }
}

fn netlink() -> NetlinkSocket {
    NetlinkSocket {
        netns: 0,
        protocol: 0,
        sock_type: 3,
        state: Some(7),
        portid: 0,
        dst_portid: 0,
        dst_group: 0,
        groups: Vec::new(),
        inode: 901,
        recv_q: 0,
        send_q: 0,
        drops: 0,
        cookie: 0,
        flags: None,
    }
}

fn on(filter: &str, s: SocketRef<'_>, ctx: &EvalCtx<'_>) -> bool {
    let e = ss::parse(filter, &FixedLookup::sample()).unwrap().expr;
    eval(&e, s, ctx)
}

#[test]
fn states_hosts_ports_and_devices() {
    let p = packet(1);
    let n = netlink();
    let none = EvalCtx::default();
    for s in [SocketRef::Packet(&p), SocketRef::Netlink(&n)] {
        assert!(on("state close", s, &none));
        assert!(!on("state established", s, &none));
        assert!(!on("state listening", s, &none));
        assert!(on("src *", s, &none));
        assert!(!on("src 127.0.0.1", s, &none));
        assert!(!on("sport = :0", s, &none));
        assert!(!on("autobound", s, &none));
        assert!(on("! dport = :22", s, &none));
    }
    assert!(on("dev = lo", SocketRef::Packet(&p), &none));
    assert!(!on("dev = lo", SocketRef::Packet(&packet(0)), &none));
    assert!(!on("dev = lo", SocketRef::Netlink(&n), &none));
}

#[test]
fn kind_uid_and_holders() {
    let p = packet(0);
    let n = netlink();
    let none = EvalCtx::default();
    let kind = |k: SockKind, s: SocketRef<'_>| eval(&Expr::Pred(Pred::Kind(k)), s, &none);
    assert!(kind(SockKind::Packet, SocketRef::Packet(&p)));
    assert!(!kind(SockKind::Netlink, SocketRef::Packet(&p)));
    assert!(kind(SockKind::Netlink, SocketRef::Netlink(&n)));
    assert!(!kind(SockKind::Unix, SocketRef::Netlink(&n)));
    let uid = |u: u32, s: SocketRef<'_>| eval(&Expr::Pred(Pred::Uid(u)), s, &none);
    assert!(uid(1000, SocketRef::Packet(&p)) && !uid(0, SocketRef::Packet(&p)));
    assert!(!uid(0, SocketRef::Netlink(&n)));
    assert!(!eval(
        &Expr::Pred(Pred::Family(Family::Inet)),
        SocketRef::Packet(&p),
        &none
    ));

    let mut map = ProcessMap::new(1);
    map.insert(
        SockKey {
            netns: 1,
            inode: 900,
        },
        ProcessRef {
            pid: 4242,
            name: b"tcpdump".to_vec().into(),
            fd: 3,
        },
    );
    let ctx = EvalCtx {
        processes: Some(&map),
        unix_names: None,
    };
    assert!(eval(
        &Expr::Pred(Pred::Pid(4242)),
        SocketRef::Packet(&p),
        &ctx
    ));
    assert!(!eval(
        &Expr::Pred(Pred::Pid(4242)),
        SocketRef::Netlink(&n),
        &ctx
    ));
}
