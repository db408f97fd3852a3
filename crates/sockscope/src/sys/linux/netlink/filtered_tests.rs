//! Tests of filtered inet dumps: the request layout, and against the
//! running kernel that it applies our pushdown programs and state masks
//! and accepts every kind of op the compiler emits.

#![allow(clippy::unwrap_used)]

use std::net::{TcpListener, TcpStream, UdpSocket};

use super::live_tests::ino;
use super::{dump_inet_filtered, inet_diag, ALL_STATES};
use crate::filter::{Filter, FixedLookup};
use crate::model::{Family, InetProto, InetSocket};

#[test]
fn request_carries_the_program_as_an_attribute() {
    let prog = [1u8, 4, 8, 0];
    let b = inet_diag::request_filtered(InetProto::Tcp, Family::Inet, 1 << 10, false, &prog);
    assert_eq!(b.len(), inet_diag::REQ_LEN + 8);
    assert_eq!(&b[4..8], &(1u32 << 10).to_ne_bytes());
    let attr = &b[inet_diag::REQ_LEN..];
    assert_eq!(u16::from_ne_bytes([attr[0], attr[1]]), 8);
    assert_eq!(u16::from_ne_bytes([attr[2], attr[3]]), 1);
    assert_eq!(&attr[4..], &prog);
    let plain = inet_diag::request_filtered(InetProto::Tcp, Family::Inet, 1, false, &[]);
    assert_eq!(plain.len(), inet_diag::REQ_LEN);
}

fn dump(filter: &str, proto: InetProto, family: Family) -> Vec<InetSocket> {
    let f = Filter::parse_ss(filter, &FixedLookup::sample()).unwrap();
    let p = f.pushdown(proto, family);
    let mut out = Vec::new();
    if !p.skip {
        dump_inet_filtered(proto, family, p.states, &p.bytecode, false, false, &mut out)
            .unwrap_or_else(|e| panic!("{filter}: {e}"));
    }
    out
}

#[test]
fn kernel_applies_programs_and_masks() {
    let a = TcpListener::bind("127.0.0.1:0").unwrap();
    let b = TcpListener::bind("127.0.0.1:0").unwrap();
    let (pa, pb) = (
        a.local_addr().unwrap().port(),
        b.local_addr().unwrap().port(),
    );
    let (ia, ib) = (ino(&a), ino(&b));
    let _conn = TcpStream::connect(("127.0.0.1", pa)).unwrap();
    let has = |v: &[InetSocket], i: u64| v.iter().any(|s| s.inode == i);

    let got = dump(&format!("sport = :{pa}"), InetProto::Tcp, Family::Inet);
    assert!(has(&got, ia) && !has(&got, ib));
    assert!(got.iter().all(|s| s.local_port == pa));

    let got = dump(
        &format!("state listening sport = :{pb}"),
        InetProto::Tcp,
        Family::Inet,
    );
    assert!(has(&got, ib) && got.iter().all(|s| s.state.code() == 10));

    let got = dump(
        &format!("! sport = :{pa} and ( dst 127.0.0.1:{pa} or sport = :{pb} )"),
        InetProto::Tcp,
        Family::Inet,
    );
    assert!(has(&got, ib) && !has(&got, ia));
    assert!(
        got.iter().any(|s| s.remote_port == pa),
        "the client end of the connection"
    );

    let mut all = Vec::new();
    dump_inet_filtered(
        InetProto::Tcp,
        Family::Inet,
        ALL_STATES,
        &[],
        false,
        false,
        &mut all,
    )
    .unwrap();
    assert!(has(&all, ia) && has(&all, ib));
}

#[test]
fn kernel_accepts_every_op_we_emit() {
    let u = UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = u.local_addr().unwrap().port();
    for (filter, family) in [
        ("src 127.0.0.0/8 and dst 0.0.0.0/0", Family::Inet),
        ("src [::1]/128:1 or dst ::/0", Family::Inet6),
        ("src 10.0.0.0/8", Family::Inet6),
        (
            "sport >= :1 and sport <= :65535 and dport > :0 or dport < :1",
            Family::Inet,
        ),
        ("dev lo or dev 0", Family::Inet),
        ("autobound or ! autobound", Family::Inet),
        (
            "dport = :0 and not ( sport = :1 or sport != :2 )",
            Family::Inet6,
        ),
    ] {
        let got = dump(filter, InetProto::Udp, family);
        if family == Family::Inet && filter.starts_with("sport") {
            assert!(got.iter().any(|s| s.local_port == port), "{filter}");
        }
    }
}
