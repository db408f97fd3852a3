//! Cell and sort tests of `rows/mod.rs`, and hand-built sockets shared with the
//! table and CSV tests.

#![allow(clippy::unwrap_used)]

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use sockscope::model::{
    Family, InetDetails, InetProto, InetSocket, ProcessMap, Skmem, TcpInfo, Timer, TimerKind,
    UnixPath, UnixSocket, UnixState, UnixType,
};
use sockscope::names::Resolver;

use super::*;
use crate::columns::{Column, SortKey};
use crate::values::{millis, rate};

/// Users 0 = root, 666 = a hostile name; interface 2 = eth0, 3 = a hostile name; cgroup 1 = "/".
pub(crate) struct Names;

impl Resolver for Names {
    fn service(&self, _port: u16, _proto: &str) -> Option<String> {
        None
    }
    fn host(&self, _addr: IpAddr) -> Option<String> {
        None
    }
    fn user(&self, uid: u32) -> Option<String> {
        match uid {
            0 => Some("root".into()),
            666 => Some("u\u{202e}\u{2028}\x1b".into()),
            _ => None,
        }
    }
    fn ifname(&self, ifindex: u32) -> Option<String> {
        match ifindex {
            2 => Some("eth0".into()),
            3 => Some("ev\x1bil".into()),
            _ => None,
        }
    }
    fn cgroup(&self, id: u64) -> Option<String> {
        (id == 1).then(|| "/".into())
    }
}

pub(crate) fn ctx_names<'a>(names: &'a Names, processes: Option<&'a ProcessMap>) -> Context<'a> {
    Context {
        names,
        processes,
        namespaces: None,
    }
}

pub(crate) fn sock(
    proto: InetProto,
    local: IpAddr,
    lport: u16,
    remote: IpAddr,
    rport: u16,
    state: u8,
) -> InetSocket {
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
        remote,
        remote_port: rport,
        state: sockscope::model::TcpState::from_code(state),
        recv_q: 0,
        send_q: 0,
        uid: 0,
        inode: 100,
        timer: Timer::default(),
        ifindex: 0,
        cookie: 0,
        raw_protocol: 0,
        details: None,
    }
}

const LO: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// An established 127.0.0.1:22 → 127.0.0.1:40000 with tcp_info.
pub(crate) fn tcp_with_info() -> InetSocket {
    let mut s = sock(InetProto::Tcp, LO, 22, LO, 40000, 1);
    s.details = Some(Box::new(InetDetails {
        tcp_info: Some(TcpInfo {
            len: 280,
            rtt: 1234,
            snd_cwnd: 10,
            total_retrans: 2,
            bytes_acked: 5000,
            bytes_sent: 5100,
            bytes_received: 3000,
            delivery_rate: 1_500_000,
            ..TcpInfo::default()
        }),
        skmem: Some(Skmem {
            rmem_alloc: 7,
            ..Skmem::default()
        }),
        congestion: Some("cubic".into()),
        cgroup_id: Some(1),
        mark: Some(255),
        ..InetDetails::default()
    }));
    s
}

fn text(r: Row<'_>, col: Column, style: Style) -> Option<String> {
    let names = Names;
    r.text(col, &ctx_names(&names, None), style)
}

#[test]
fn info_cells_human_and_machine() {
    let s = tcp_with_info();
    let r = Row::Inet(&s);
    let h = |c| text(r, c, Style::Human).unwrap();
    let m = |c| text(r, c, Style::Machine).unwrap();
    assert_eq!(
        (h(Column::Rtt), m(Column::Rtt)),
        ("1.234".into(), "1234".into())
    );
    assert_eq!(
        (h(Column::DeliveryRate), m(Column::DeliveryRate)),
        ("12.0Mbps".into(), "1500000".into())
    );
    assert_eq!(h(Column::Cong), "cubic");
    assert_eq!(h(Column::Cgroup), "/");
    assert_eq!(
        (h(Column::Mark), m(Column::Mark)),
        ("0xff".into(), "255".into())
    );
    assert_eq!(h(Column::Rmem), "7");
    assert_eq!(h(Column::BytesAcked), "5000");
    assert_eq!(h(Column::User), "root");
    // No details: absent, not zero.
    let plain = sock(InetProto::Tcp, LO, 22, LO, 1, 1);
    assert_eq!(text(Row::Inet(&plain), Column::Rtt, Style::Human), None);
    assert_eq!(text(Row::Inet(&plain), Column::Cong, Style::Machine), None);
}

#[test]
fn rates_and_millis() {
    assert_eq!(rate(0), "0bps");
    assert_eq!(rate(100), "800bps");
    assert_eq!(rate(125_000_000), "1.0Gbps");
    assert_eq!(rate(u64::MAX), "147573952.5Tbps");
    assert_eq!(millis(5), "0.005");
    assert_eq!(millis(204_000), "204.000");
}

#[test]
fn ipv6_endpoints_are_bracketed_with_zone_and_star_ports() {
    let ll: IpAddr = "fe80::1".parse().unwrap();
    let mut s = sock(InetProto::Tcp, ll, 22, "fe80::2".parse().unwrap(), 5555, 1);
    s.ifindex = 2;
    let r = Row::Inet(&s);
    assert_eq!(
        text(r, Column::Local, Style::Human).unwrap(),
        "[fe80::1]%eth0:22"
    );
    assert_eq!(
        text(r, Column::Remote, Style::Human).unwrap(),
        "[fe80::2]%eth0:5555"
    );
    // A bound global address: zone on the local side only; unknown names
    // fall back to the index; hostile names are escaped.
    let mut g = sock(
        InetProto::Udp,
        IpAddr::V6(Ipv6Addr::UNSPECIFIED),
        53,
        IpAddr::V6(Ipv6Addr::UNSPECIFIED),
        0,
        7,
    );
    g.ifindex = 9;
    let r = Row::Inet(&g);
    assert_eq!(text(r, Column::Local, Style::Human).unwrap(), "[::]%9:53");
    assert_eq!(text(r, Column::Remote, Style::Human).unwrap(), "[::]:*");
    assert_eq!(text(r, Column::State, Style::Human).unwrap(), "UNCONN");
    g.ifindex = 3;
    assert_eq!(
        text(Row::Inet(&g), Column::Local, Style::Human).unwrap(),
        "[::]%ev\\x1bil:53"
    );
    let v4 = sock(
        InetProto::Tcp,
        LO,
        80,
        IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        0,
        10,
    );
    assert_eq!(
        text(Row::Inet(&v4), Column::Remote, Style::Human).unwrap(),
        "0.0.0.0:*"
    );
}

#[test]
fn unix_rows_escape_paths_and_show_peers() {
    let u = UnixSocket {
        netns: 0,
        kind: UnixType::Stream,
        state: UnixState::Connected,
        listening: false,
        inode: 5,
        path: Some(UnixPath::Abstract(b"a\x07b".to_vec().into())),
        peer: Some(6),
        recv_q: 0,
        send_q: 0,
        refcnt: None,
        proc_flags: None,
    };
    let r = Row::Unix(&u);
    assert_eq!(text(r, Column::Local, Style::Human).unwrap(), "@a\\x07b");
    assert_eq!(text(r, Column::Remote, Style::Human).unwrap(), "6");
    assert_eq!(text(r, Column::Proto, Style::Human).unwrap(), "unix-stream");
    assert_eq!(text(r, Column::State, Style::Human).unwrap(), "CONNECTED");
    assert_eq!(text(r, Column::User, Style::Human), None);
}

#[test]
fn timer_cell() {
    let mut s = sock(InetProto::Tcp, LO, 1, LO, 2, 1);
    assert_eq!(
        text(Row::Inet(&s), Column::Timer, Style::Human).unwrap(),
        "off"
    );
    s.timer = Timer {
        kind: TimerKind::Keepalive,
        expires_ms: 7190,
        retrans: 0,
        probes: 0,
    };
    assert_eq!(
        text(Row::Inet(&s), Column::Timer, Style::Human).unwrap(),
        "keepalive 7.190s"
    );
}

#[test]
fn sort_numbers_numerically_addresses_by_ip_then_port_missing_last() {
    let mut a = sock(InetProto::Tcp, "10.0.0.2".parse().unwrap(), 9, LO, 1, 1);
    a.recv_q = 100;
    let mut b = sock(InetProto::Tcp, "10.0.0.10".parse().unwrap(), 80, LO, 1, 1);
    b.recv_q = 9;
    let c = sock(InetProto::Tcp, "10.0.0.2".parse().unwrap(), 10, LO, 1, 1);
    let d = tcp_with_info();
    let socks = [a, b, c, d];
    let names = Names;
    let ctx = ctx_names(&names, None);
    let order = |keys: &[SortKey]| {
        let mut rows: Vec<Row<'_>> = socks.iter().map(Row::Inet).collect();
        sort(&mut rows, keys, &ctx);
        rows.iter()
            .map(|r| match r {
                Row::Inet(s) => socks.iter().position(|x| std::ptr::eq(x, *s)).unwrap(),
                Row::Unix(_) | Row::Packet(_) | Row::Netlink(_) => 99,
            })
            .collect::<Vec<_>>()
    };
    let key = |column, descending| SortKey { column, descending };
    // 10.0.0.2 < 10.0.0.10 as addresses (not as text), then by port.
    assert_eq!(order(&[key(Column::Local, false)]), [0, 2, 1, 3]);
    assert_eq!(order(&[key(Column::RecvQ, false)]), [2, 3, 1, 0]);
    assert_eq!(order(&[key(Column::RecvQ, true)]), [0, 1, 2, 3]);
    // Only d has an RTT: it comes first either way, the rest keep their order.
    assert_eq!(order(&[key(Column::Rtt, true)]), [3, 0, 1, 2]);
    assert_eq!(order(&[key(Column::Rtt, false)]), [3, 0, 1, 2]);
    assert_eq!(
        order(&[key(Column::Proto, false), key(Column::Local, true)]),
        [3, 1, 2, 0]
    );
}

#[test]
fn hostile_user_and_process_names_are_visible_escapes() {
    let mut s = sock(InetProto::Tcp, LO, 1, LO, 2, 1);
    s.uid = 666;
    let mut map = ProcessMap::new(1);
    for (pid, name) in [
        (1, &b"x\xc3\x1b[2J"[..]),
        (2, "c\u{9b}b\u{2066}z\u{200b}".as_bytes()),
        (3, b"\xc0\xaf\xff"),
    ] {
        map.insert(
            sockscope::model::SockKey {
                netns: 1,
                inode: s.inode,
            },
            sockscope::model::ProcessRef {
                pid,
                name: name.to_vec().into(),
                fd: 3,
            },
        );
    }
    let names = Names;
    let ctx = ctx_names(&names, Some(&map));
    for style in [Style::Human, Style::Machine] {
        let user = Row::Inet(&s).text(Column::User, &ctx, style).unwrap();
        assert_eq!(user, "u\\u{202e}\\u{2028}\\x1b");
        let p = Row::Inet(&s).text(Column::Process, &ctx, style).unwrap();
        assert_eq!(
            p,
            "1/x\\xc3\\x1b[2J,2/c\\u{9b}b\\u{2066}z\\u{200b},3/\\xc0\\xaf\\xff"
        );
    }
}
