//! Tests of the ss expression parser: precedence, every operator and alias,
//! state clauses, the unspaced forms ss refuses, and error positions.

use super::*;
use crate::filter::ast::HostCond;
use crate::filter::lookup::FixedLookup;

fn p(src: &str) -> Parsed {
    parse(src, &FixedLookup::sample()).unwrap_or_else(|e| panic!("{src}: {e}"))
}
fn e(src: &str) -> Expr {
    p(src).expr
}
fn err(src: &str) -> FilterError {
    match parse(src, &FixedLookup::sample()) {
        Ok(x) => panic!("{src}: parsed as {x:?}"),
        Err(e) => e,
    }
}
fn sport(n: u16) -> Expr {
    Expr::Pred(Pred::Port(Side::Local, PortOp::Eq, n))
}
fn dport(op: PortOp, n: u16) -> Expr {
    Expr::Pred(Pred::Port(Side::Remote, op, n))
}

#[test]
fn not_binds_tightest_then_and_then_or() {
    let (a, b, c) = (sport(1), sport(2), sport(3));
    assert_eq!(
        e("sport = :1 or sport = :2 and sport = :3"),
        Expr::or(a.clone(), Expr::and(b.clone(), c.clone()))
    );
    assert_eq!(
        e("sport = :1 and sport = :2 or sport = :3"),
        Expr::or(Expr::and(a.clone(), b.clone()), c.clone())
    );
    assert_eq!(
        e("! sport = :1 and sport = :2"),
        Expr::and(Expr::not(a.clone()), b.clone())
    );
    assert_eq!(
        e("!(sport = :1 or sport = :2)"),
        Expr::not(Expr::or(a.clone(), b.clone()))
    );
    // Juxtaposition is AND, with AND's precedence.
    assert_eq!(
        e("sport = :1 | sport = :2 sport = :3"),
        Expr::or(a.clone(), Expr::and(b.clone(), c.clone()))
    );
    assert_eq!(e("not not sport = :1"), Expr::not(Expr::not(a)));
}

#[test]
fn mixing_and_after_or_is_noted() {
    assert_eq!(p("sport = :1 or sport = :2 and sport = :3").notes.len(), 1);
    assert!(p("sport = :1 or sport = :2 sport = :3").notes[0].contains("left to right"));
    assert!(p("sport = :1 or (sport = :2 and sport = :3)")
        .notes
        .is_empty());
    assert!(p("sport = :1 and sport = :2 or sport = :3")
        .notes
        .is_empty());
}

#[test]
fn every_operator_and_alias() {
    use PortOp::*;
    for (ops, want) in [
        (&["=", "==", "eq", ""][..], dport(Eq, 22)),
        (&["!=", "ne", "neq"][..], Expr::not(dport(Eq, 22))),
        (&[">=", "ge", "geq"][..], dport(Ge, 22)),
        (&["<=", "le", "leq"][..], dport(Le, 22)),
        (&[">", "gt"][..], Expr::not(dport(Le, 22))),
        (&["<", "lt"][..], Expr::not(dport(Ge, 22))),
    ] {
        for op in ops {
            assert_eq!(e(&format!("dport {op} :22")), want, "dport {op} :22");
        }
    }
    let two = Expr::and(sport(1), sport(2));
    for and in ["&", "&&", "and"] {
        assert_eq!(e(&format!("sport :1 {and} sport :2")), two);
    }
    let either = Expr::or(sport(1), sport(2));
    for or in ["|", "||", "or"] {
        assert_eq!(e(&format!("sport :1 {or} sport :2")), either);
    }
    for not in ["!", "not"] {
        assert_eq!(e(&format!("{not} sport :1")), Expr::not(sport(1)));
    }
}

#[test]
fn terms() {
    let host = |side, addr: &str, port| {
        Expr::Pred(Pred::Host(
            side,
            HostCond {
                family: None,
                addrs: vec![crate::filter::ast::Prefix {
                    addr: addr.parse().unwrap(),
                    len: 32,
                }],
                port,
            },
        ))
    };
    assert_eq!(e("src 127.0.0.1"), host(Side::Local, "127.0.0.1", None));
    assert_eq!(
        e("dst = 127.0.0.1:http"),
        host(Side::Remote, "127.0.0.1", Some(80))
    );
    assert_eq!(
        e("dst != 127.0.0.1"),
        Expr::not(host(Side::Remote, "127.0.0.1", None))
    );
    assert_eq!(e("dev lo"), Expr::Pred(Pred::Dev(1)));
    assert_eq!(e("dev = 7"), Expr::Pred(Pred::Dev(7)));
    assert_eq!(e("dev != eth0"), Expr::not(Expr::Pred(Pred::Dev(2))));
    assert_eq!(
        e("autobound"),
        Expr::Pred(Pred::AutoBound {
            lo: 32768,
            hi: 60999
        })
    );
    assert_eq!(
        e("src unix:/run/*"),
        Expr::Pred(Pred::UnixPath(Side::Local, "/run/*".into()))
    );
    assert_eq!(e("sport = :*"), Expr::True);
    assert_eq!(e("sport != *"), Expr::False);
    assert_eq!(e(""), Expr::True);
    assert_eq!(e("  \n "), Expr::True);
}

#[test]
fn unspaced_forms_ss_refuses() {
    assert_eq!(e("dport=:22"), e("dport = :22"));
    assert_eq!(e("(sport = :1)"), sport(1));
    assert_eq!(
        e("(sport=:1||sport=:2)&&!dport>=:3"),
        e("( sport = :1 or sport = :2 ) and ! dport >= :3")
    );
    assert_eq!(e("src=127.0.0.1:22"), e("src 127.0.0.1:22"));
}

#[test]
fn leading_state_clauses_follow_ss_main() {
    let set = |src: &str| match p(src).expr {
        Expr::Pred(Pred::State(s)) => s,
        Expr::And(a, _) => match *a {
            Expr::Pred(Pred::State(s)) => s,
            other => panic!("{src}: {other:?}"),
        },
        other => panic!("{src}: {other:?}"),
    };
    assert_eq!(set("state established"), StateSet(1 << 1));
    assert_eq!(
        set("state established state listening"),
        StateSet(1 << 1 | 1 << 10)
    );
    assert_eq!(
        set("exclude listening"),
        StateSet::SS_ALL.without(StateSet(1 << 10))
    );
    assert_eq!(
        set("excl listening exclude closed").0,
        0x0fff & !(1 << 10 | 1 << 7)
    );
    assert_eq!(set("state all exclude time-wait").0, 0x0fff & !(1 << 6));
    assert_eq!(set("exclude all state listening"), StateSet(1 << 10));
    assert_eq!(
        set("state connected sport = :22"),
        parse_state("connected").unwrap_or_default()
    );
    assert!(p("state listening").has_states);
    assert!(!p("sport = :22 state listening").has_states);
    // Later in the expression a state word is a plain test.
    assert_eq!(
        e("sport = :1 exclude listening"),
        Expr::and(
            sport(1),
            Expr::not(Expr::Pred(Pred::State(StateSet(1 << 10))))
        )
    );
}

#[test]
fn errors_point_at_the_token() {
    let x = err("sport = :22 dpotr = :80");
    assert_eq!((x.offset, x.near.as_str()), (12, "dpotr"));
    assert!(x.message.contains("did you mean \"dport\""), "{x}");
    assert_eq!(
        x.to_string().split(':').next(),
        Some("filter error at 12 (near \"dpotr\")")
    );
    let x = err("( sport = :22");
    assert_eq!((x.offset, x.near.as_str()), (13, ""));
    assert!(x.message.contains("')'"));
    let x = err("sport = :1 )");
    assert_eq!((x.offset, x.message.as_str()), (11, "unmatched ')'"));
    let x = err("sport >");
    assert!(x.message.contains("expected a port"), "{x}");
    let x = err("dport = :99999");
    assert_eq!((x.offset, x.near.as_str()), (8, ":99999"));
    let x = err("state bogus");
    assert_eq!((x.offset, x.near.as_str()), (6, "bogus"));
    assert!(err("src").message.contains("expected an address"));
    assert!(err("src and").message.contains("expected an address"));
    assert!(err("()").message.contains("empty parentheses"));
    assert!(err("sport = :1 or").message.contains("expected a term"));
    assert!(err("fwmark = 0x1").message.contains("not supported"));
    assert!(err("dev nosuchdev").message.contains("no such device"));
    assert!(err("src > 1.2.3.4").message.contains("only '='"));
    assert!(err("sport >= :*").message.contains("port number is needed"));
    let deep = format!("{}sport = :1{}", "(".repeat(500), ")".repeat(500));
    assert!(err(&deep).message.contains("nest too deeply"));
}

#[test]
fn long_chains_build_shallow_trees() {
    fn depth(e: &Expr) -> usize {
        match e {
            Expr::And(a, b) | Expr::Or(a, b) => 1 + depth(a).max(depth(b)),
            Expr::Not(a) => 1 + depth(a),
            _ => 1,
        }
    }
    let src = vec!["sport = :1"; 5000].join(" or ");
    assert!(depth(&e(&src)) <= 14);
}

mod never_panics {
    use super::*;
    use crate::filter::bytecode::audit;
    use crate::filter::eval::{eval, EvalCtx};
    use crate::filter::pushdown::pushdown;
    use crate::model::SocketRef;
    use crate::model::{Family, InetProto, InetSocket, Timer};
    use proptest::prelude::*;

    fn sample() -> InetSocket {
        InetSocket {
            netns: 0,
            proto: InetProto::Tcp,
            family: Family::Inet6,
            local: "::ffff:127.0.0.1".parse().unwrap(),
            local_port: 22,
            remote: "::1".parse().unwrap(),
            remote_port: 40000,
            state: crate::model::TcpState::from_code(1),
            recv_q: 0,
            send_q: 0,
            uid: 0,
            inode: 1,
            timer: Timer::default(),
            ifindex: 1,
            cookie: 0,
            raw_protocol: 0,
            details: None,
        }
    }

    /// Words and symbols of the grammar, glued in random ways.
    fn grammarish() -> impl Strategy<Value = String> {
        let atoms = prop_oneof![
            Just("src"),
            Just("dst"),
            Just("sport"),
            Just("dport"),
            Just("dev"),
            Just("autobound"),
            Just("state"),
            Just("exclude"),
            Just("and"),
            Just("or"),
            Just("not"),
            Just("!"),
            Just("("),
            Just(")"),
            Just("="),
            Just("!="),
            Just(">="),
            Just("<"),
            Just("&&"),
            Just("||"),
            Just(":22"),
            Just("[::1]:80"),
            Just("10/8"),
            Just("*"),
            Just("listening"),
            Just("lo"),
            Just("unix:/x*"),
            Just("inet6:*"),
            Just("\\"),
            Just("[::1"),
            Just("1.2.3.4/33"),
            Just(":99999"),
            Just("@"),
        ];
        proptest::collection::vec((atoms, proptest::bool::ANY), 0..24).prop_map(|v| {
            v.into_iter()
                .map(|(a, space)| if space { format!("{a} ") } else { a.to_owned() })
                .collect()
        })
    }

    fn exercise(text: &str) {
        if let Ok(p) = parse(text, &FixedLookup::sample()) {
            let s = sample();
            let _ = eval(&p.expr, SocketRef::Inet(&s), &EvalCtx::default());
            for family in [Family::Inet, Family::Inet6] {
                let pd = pushdown(&p.expr, InetProto::Tcp, family);
                if !pd.bytecode.is_empty() {
                    assert_eq!(audit(&pd.bytecode), Ok(()), "{text:?}");
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn parser_never_panics(text in any::<String>()) {
            exercise(&text);
        }

        #[test]
        fn parser_never_panics_on_grammar_soup(text in grammarish()) {
            exercise(&text);
        }
    }
}
