//! Tests of kernel pushdown: hand-checked programs, and the property that
//! for random expressions and sockets the kernel (simulated faithfully,
//! see `bc_sim`) never drops a socket the evaluator keeps; without
//! predicates the kernel cannot see, the two agree exactly. Every program
//! produced must pass the kernel's audit.

use super::*;
use crate::filter::ast::{HostCond, NameMatch, Prefix};
use crate::filter::bc_sim;
use crate::filter::eval::{eval, EvalCtx};
use crate::filter::lookup::FixedLookup;
use crate::filter::ss;
use crate::model::SocketRef;
use crate::model::{InetSocket, Timer};
use proptest::prelude::*;
use std::net::IpAddr;

fn pd(filter: &str, proto: InetProto, family: Family) -> Pushdown {
    let e = ss::parse(filter, &FixedLookup::sample()).unwrap().expr;
    pushdown(&e, proto, family)
}

#[test]
fn simple_programs_have_the_expected_shape() {
    let p = pd("sport >= :1024", InetProto::Tcp, Family::Inet);
    let mut want = Vec::new();
    put_op(&mut want, bc::S_GE, 8, 12);
    put_op(&mut want, 0, 0, 1024);
    assert_eq!(p.bytecode, want);
    assert_eq!(p.states, (1 << 14) - 1);
    assert!(!p.skip);
    // Nothing to push: no program.
    assert!(pd("", InetProto::Tcp, Family::Inet).bytecode.is_empty());
    // The kernel cannot see processes: over-select.
    let e = Expr::not(Expr::Pred(Pred::Pid(1)));
    assert!(pushdown(&e, InetProto::Tcp, Family::Inet)
        .bytecode
        .is_empty());
}

#[test]
fn states_go_to_the_mask() {
    let p = pd("state listening", InetProto::Tcp, Family::Inet);
    assert_eq!((p.states, p.bytecode.len()), (1 << 10, 0));
    let p = pd(
        "exclude listening sport = :22",
        InetProto::Tcp,
        Family::Inet6,
    );
    // NEW_SYN_RECV (12) travels with SYN_RECV (3).
    assert_eq!(p.states, (((1 << 12) - 1) & !(1 << 10)) | (1 << 12));
    assert!(!p.bytecode.is_empty());
    // A state test under `or` with something else cannot narrow the mask.
    let p = pd(
        "sport = :22 or state listening",
        InetProto::Tcp,
        Family::Inet,
    );
    assert_eq!(p.states, (1 << 14) - 1);
}

#[test]
fn constants_per_dump_skip_or_vanish() {
    assert!(pd("src inet6:*", InetProto::Tcp, Family::Inet).skip);
    assert!(!pd("src inet6:*", InetProto::Tcp, Family::Inet6).skip);
    assert!(pd("src unix:/x", InetProto::Udp, Family::Inet).skip);
    assert!(pd("! src unix:/x", InetProto::Udp, Family::Inet)
        .bytecode
        .is_empty());
    let k = Expr::Pred(Pred::Kind(SockKind::Inet(InetProto::Udp)));
    assert!(pushdown(&k, InetProto::Tcp, Family::Inet).skip);
    assert!(!pushdown(&k, InetProto::Udp, Family::Inet).skip);
}

// ---- the property ----

const V4: [&str; 4] = ["127.0.0.1", "10.1.2.3", "10.200.0.1", "0.0.0.0"];
const V6: [&str; 6] = [
    "::1",
    "::",
    "2001:db8::5",
    "::ffff:10.1.2.3",
    "::ffff:127.0.0.1",
    "fe80::1",
];
const PORTS: [u16; 9] = [0, 1, 22, 80, 1024, 32768, 40000, 60999, 65535];

fn addr(v6: bool) -> impl Strategy<Value = IpAddr> {
    let pool: Vec<IpAddr> = if v6 {
        V6.iter().map(|a| a.parse().unwrap()).collect()
    } else {
        V4.iter().map(|a| a.parse().unwrap()).collect()
    };
    proptest::sample::select(pool)
}

fn any_addr() -> impl Strategy<Value = IpAddr> {
    prop_oneof![addr(false), addr(true)]
}

fn port() -> impl Strategy<Value = u16> {
    prop_oneof![proptest::sample::select(PORTS.to_vec()), any::<u16>()]
}

fn prefix() -> impl Strategy<Value = Prefix> {
    (any_addr(), 0u8..=128, any::<bool>()).prop_map(|(addr, len, full)| {
        let width = if addr.is_ipv4() { 32 } else { 128 };
        let len = if full { width } else { len % (width + 1) };
        Prefix { addr, len }
    })
}

fn side() -> impl Strategy<Value = Side> {
    prop_oneof![Just(Side::Local), Just(Side::Remote)]
}

fn family() -> impl Strategy<Value = Family> {
    prop_oneof![Just(Family::Inet), Just(Family::Inet6)]
}

fn proto() -> impl Strategy<Value = InetProto> {
    prop_oneof![
        Just(InetProto::Tcp),
        Just(InetProto::Udp),
        Just(InetProto::UdpLite),
        Just(InetProto::Raw)
    ]
}

fn pred() -> impl Strategy<Value = Pred> {
    prop_oneof![
        (0u32..(1 << 14)).prop_map(|m| Pred::State(StateSet(m))),
        (
            side(),
            proptest::option::of(family()),
            proptest::collection::vec(prefix(), 0..3),
            proptest::option::of(port())
        )
            .prop_map(|(s, family, addrs, port)| Pred::Host(
                s,
                HostCond {
                    family,
                    addrs,
                    port
                }
            )),
        side().prop_map(|s| Pred::UnixPath(s, "*".into())),
        (
            side(),
            prop_oneof![Just(PortOp::Eq), Just(PortOp::Ge), Just(PortOp::Le)],
            port()
        )
            .prop_map(|(s, o, p)| Pred::Port(s, o, p)),
        (0u32..3).prop_map(Pred::Dev),
        (port(), port()).prop_map(|(a, b)| Pred::AutoBound {
            lo: a.min(b),
            hi: a.max(b)
        }),
        prop_oneof![proto().prop_map(SockKind::Inet), Just(SockKind::Unix)].prop_map(Pred::Kind),
        family().prop_map(Pred::Family),
        (0u32..3).prop_map(Pred::Pid),
        Just(Pred::Process(NameMatch::Exact(b"x".to_vec()))),
        (0u32..3).prop_map(Pred::Uid),
    ]
}

fn expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        8 => pred().prop_map(Expr::Pred),
        1 => Just(Expr::True),
        1 => Just(Expr::False),
    ];
    leaf.prop_recursive(5, 48, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(Expr::not),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Expr::and(a, b)),
            (inner.clone(), inner).prop_map(|(a, b)| Expr::or(a, b)),
        ]
    })
}

fn socket() -> impl Strategy<Value = InetSocket> {
    (proto(), any::<bool>())
        .prop_flat_map(|(proto, v6)| {
            (
                Just(proto),
                Just(v6),
                addr(v6),
                port(),
                addr(v6),
                port(),
                0u8..=13,
                0u32..3,
                0u32..3,
            )
        })
        .prop_map(
            |(proto, v6, local, lp, remote, rp, state, ifindex, uid)| InetSocket {
                netns: 0,
                proto,
                family: if v6 { Family::Inet6 } else { Family::Inet },
                local,
                local_port: lp,
                remote,
                remote_port: rp,
                state: crate::model::TcpState::from_code(state),
                recv_q: 0,
                send_q: 0,
                uid,
                inode: 1,
                timer: Timer::default(),
                ifindex,
                cookie: 0,
                raw_protocol: 0,
                details: None,
            },
        )
}

/// Would the kernel return `s` for this pushdown? (State bit, with the
/// kernel adding NEW_SYN_RECV when SYN_RECV is asked for, then the program.)
fn kernel_keeps(p: &Pushdown, s: &InetSocket) -> bool {
    let mut mask = p.states;
    if mask & (1 << 3) != 0 {
        mask |= 1 << 12;
    }
    !p.skip
        && mask & (1 << s.state.code()) != 0
        && (p.bytecode.is_empty() || bc_sim::run(&p.bytecode, &bc_sim::entry(s)))
}

fn kernel_blind(e: &Expr) -> bool {
    e.mentions(&|p| {
        matches!(
            p,
            Pred::State(_) | Pred::Pid(_) | Pred::Process(_) | Pred::Uid(_)
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn pushdown_never_drops_what_eval_keeps(
        e in expr(),
        sockets in proptest::collection::vec(socket(), 1..8),
    ) {
        let ctx = EvalCtx::default();
        for s in &sockets {
            let p = pushdown(&e, s.proto, s.family);
            if !p.bytecode.is_empty() {
                prop_assert_eq!(bc::audit(&p.bytecode), Ok(()));
            }
            let keep = eval(&e, SocketRef::Inet(s), &ctx);
            let kernel = kernel_keeps(&p, s);
            prop_assert!(!keep || kernel, "kernel drops a kept socket: {:?}\n{:?}\n{:?}", e, s, p);
            if !kernel_blind(&e) {
                prop_assert_eq!(keep, kernel, "inexact pushdown: {:?}\n{:?}\n{:?}", e, s, p);
            }
        }
    }
}
