//! Kernel pushdown: the part of a filter the kernel can test, compiled for
//! one inet_diag dump (one protocol and family) into a state mask and a
//! bytecode program. The kernel may only ever return MORE sockets than the
//! filter keeps (the user-space evaluator runs on every result), so every
//! predicate it cannot test is replaced by a bound: an upper bound where it
//! counts positively, a lower bound under `not` (not(A) is only safe as
//! not(lower(A)); with A unknown that is `true`).
//!
//! Pushed exactly: host conditions (S_COND/D_COND, one per address, the
//! port in the hostcond or an AF_UNSPEC hostcond for a port alone), port
//! comparisons (S_GE/S_LE/D_GE/D_LE; equality as an AF_UNSPEC hostcond,
//! which every kernel knows), `dev` (DEV_COND), `autobound` (as the port
//! range it means here), protocol/family tests and UNIX globs (constants
//! for one dump). Into the state mask: state tests. Never pushed: pid,
//! process name, uid (the kernel cannot see them).

use super::ast::{Expr, HostCond, PortOp, Pred, Side, SockKind};
use super::bytecode::{self as bc, put_op, OP_LEN};
use super::states::StateSet;
use crate::model::{Family, InetProto};

/// What to ask the kernel for one dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushdown {
    /// No socket of this dump can match: do not ask at all.
    pub skip: bool,
    /// Kernel state bits to request (a superset of what can match).
    pub states: u32,
    /// `INET_DIAG_REQ_BYTECODE` payload; empty for none.
    pub bytecode: Vec<u8>,
}

/// Compile `e` for the dump of `proto`/`family`.
pub fn pushdown(e: &Expr, proto: InetProto, family: Family) -> Pushdown {
    let dump = Dump { proto, family };
    let mut states = 0u32;
    for n in 0..=13u8 {
        if tri(e, dump, Some(n)) != Tri::False {
            states |= 1 << n;
        }
    }
    let program = simplify(bound(e, dump, true));
    let skip = states == 0 || program == B::False;
    let bytecode = match program {
        B::True | B::False => Vec::new(),
        p => {
            let code = codegen(&p);
            // Anything the kernel would refuse (too long, a bug) is not
            // sent: over-selecting is always safe.
            if bc::audit(&code).is_ok() {
                code
            } else {
                Vec::new()
            }
        }
    };
    Pushdown {
        skip,
        states,
        bytecode,
    }
}

#[derive(Debug, Clone, Copy)]
struct Dump {
    proto: InetProto,
    family: Family,
}

/// Three-valued truth for the state mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tri {
    True,
    False,
    Unknown,
}

fn tri(e: &Expr, d: Dump, state: Option<u8>) -> Tri {
    match e {
        Expr::True => Tri::True,
        Expr::False => Tri::False,
        Expr::Not(a) => match tri(a, d, state) {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        },
        Expr::And(a, b) => match (tri(a, d, state), tri(b, d, state)) {
            (Tri::False, _) | (_, Tri::False) => Tri::False,
            (Tri::True, Tri::True) => Tri::True,
            _ => Tri::Unknown,
        },
        Expr::Or(a, b) => match (tri(a, d, state), tri(b, d, state)) {
            (Tri::True, _) | (_, Tri::True) => Tri::True,
            (Tri::False, Tri::False) => Tri::False,
            _ => Tri::Unknown,
        },
        Expr::Pred(p) => match (p, state) {
            (Pred::State(set), Some(n)) => known(set.contains(n)),
            _ => match constant(p, d) {
                Some(v) => known(v),
                None => Tri::Unknown,
            },
        },
    }
}

fn known(v: bool) -> Tri {
    if v {
        Tri::True
    } else {
        Tri::False
    }
}

/// Predicates whose value is fixed for every socket of the dump.
fn constant(p: &Pred, d: Dump) -> Option<bool> {
    match p {
        Pred::Kind(k) => Some(*k == SockKind::Inet(d.proto)),
        Pred::Family(f) => Some(*f == d.family),
        Pred::UnixPath(..) => Some(false),
        Pred::Host(_, c) if c.family.is_some_and(|f| f != d.family) => Some(false),
        Pred::State(s) if *s == StateSet::EVERY => Some(true),
        _ => None,
    }
}

/// A program tree over kernel conditions.
#[derive(Debug, Clone, PartialEq, Eq)]
enum B {
    True,
    False,
    /// One op with its operand (`yes`/`no` filled in by codegen).
    Leaf {
        code: u8,
        operand: Vec<u8>,
    },
    Not(Box<B>),
    And(Box<B>, Box<B>),
    Or(Box<B>, Box<B>),
}

/// An upper (`upper`) or lower bound of `e` as a kernel program.
fn bound(e: &Expr, d: Dump, upper: bool) -> B {
    match e {
        Expr::True => B::True,
        Expr::False => B::False,
        Expr::Not(a) => B::Not(Box::new(bound(a, d, !upper))),
        Expr::And(a, b) => B::And(Box::new(bound(a, d, upper)), Box::new(bound(b, d, upper))),
        Expr::Or(a, b) => B::Or(Box::new(bound(a, d, upper)), Box::new(bound(b, d, upper))),
        Expr::Pred(p) => match (constant(p, d), exact(p)) {
            (Some(true), _) => B::True,
            (Some(false), _) => B::False,
            (None, Some(b)) => b,
            (None, None) if upper => B::True,
            (None, None) => B::False,
        },
    }
}

/// The kernel program testing exactly `p`, when there is one.
fn exact(p: &Pred) -> Option<B> {
    match p {
        Pred::Host(side, c) => Some(host(*side, c)),
        Pred::Port(side, PortOp::Eq, n) => Some(hostcond(*side, bc::AF_UNSPEC, 0, &[], Some(*n))),
        Pred::Port(side, op, n) => Some(port_cmp(*side, *op, *n)),
        Pred::Dev(i) => Some(B::Leaf {
            code: bc::DEV_COND,
            operand: i.to_ne_bytes().to_vec(),
        }),
        Pred::AutoBound { lo, hi } => Some(B::And(
            Box::new(port_cmp(Side::Local, PortOp::Ge, *lo)),
            Box::new(port_cmp(Side::Local, PortOp::Le, *hi)),
        )),
        _ => None,
    }
}

fn port_cmp(side: Side, op: PortOp, n: u16) -> B {
    let code = match (side, op) {
        (Side::Local, PortOp::Le) => bc::S_LE,
        (Side::Remote, PortOp::Ge) => bc::D_GE,
        (Side::Remote, PortOp::Le) => bc::D_LE,
        _ => bc::S_GE,
    };
    let mut operand = Vec::with_capacity(OP_LEN);
    put_op(&mut operand, 0, 0, n);
    B::Leaf { code, operand }
}

fn host(side: Side, c: &HostCond) -> B {
    if c.addrs.is_empty() {
        return match c.port {
            Some(p) => hostcond(side, bc::AF_UNSPEC, 0, &[], Some(p)),
            None => B::True,
        };
    }
    let mut alts = c.addrs.iter().map(|p| {
        let (af, bytes) = match p.addr {
            std::net::IpAddr::V4(a) => (bc::AF_INET, a.octets().to_vec()),
            std::net::IpAddr::V6(a) => (bc::AF_INET6, a.octets().to_vec()),
        };
        hostcond(side, af, p.len, &bytes, c.port)
    });
    let first = alts.next().unwrap_or(B::False);
    alts.fold(first, |a, b| B::Or(Box::new(a), Box::new(b)))
}

fn hostcond(side: Side, af: u8, prefix_len: u8, addr: &[u8], port: Option<u16>) -> B {
    let mut operand = vec![af, prefix_len, 0, 0];
    let port = port.map_or(-1i32, i32::from);
    operand.extend_from_slice(&port.to_ne_bytes());
    operand.extend_from_slice(addr);
    let code = match side {
        Side::Local => bc::S_COND,
        Side::Remote => bc::D_COND,
    };
    B::Leaf { code, operand }
}

fn simplify(b: B) -> B {
    match b {
        B::Not(a) => match simplify(*a) {
            B::True => B::False,
            B::False => B::True,
            B::Not(x) => *x,
            a => B::Not(Box::new(a)),
        },
        B::And(a, b) => match (simplify(*a), simplify(*b)) {
            (B::False, _) | (_, B::False) => B::False,
            (B::True, x) | (x, B::True) => x,
            (a, b) => B::And(Box::new(a), Box::new(b)),
        },
        B::Or(a, b) => match (simplify(*a), simplify(*b)) {
            (B::True, _) | (_, B::True) => B::True,
            (B::False, x) | (x, B::False) => x,
            (a, b) => B::Or(Box::new(a), Box::new(b)),
        },
        leaf => leaf,
    }
}

/// Where a jump goes: a label placed in the code, or past the end (reject).
#[derive(Debug, Clone, Copy)]
enum Target {
    Label(usize),
    Reject,
}

struct Gen {
    code: Vec<u8>,
    /// (offset of the op, target) for every `no` to patch.
    fixups: Vec<(usize, Target)>,
    labels: Vec<usize>,
}

impl Gen {
    fn label(&mut self) -> usize {
        self.labels.push(usize::MAX);
        self.labels.len() - 1
    }
    fn place(&mut self, l: usize) {
        self.labels[l] = self.code.len();
    }
    fn op(&mut self, code: u8, operand: &[u8], on_false: Target) {
        let at = self.code.len();
        let len = OP_LEN + operand.len();
        put_op(
            &mut self.code,
            code,
            u8::try_from(len).unwrap_or(u8::MAX),
            0,
        );
        self.code.extend_from_slice(operand);
        self.fixups.push((at, on_false));
    }
    /// Code that falls through when `b` holds and jumps to `on_false`
    /// otherwise.
    fn emit(&mut self, b: &B, on_false: Target) {
        match b {
            B::True => {}
            B::False => self.op(bc::JMP, &[], on_false),
            B::Leaf { code, operand } => self.op(*code, operand, on_false),
            B::And(a, c) => {
                self.emit(a, on_false);
                self.emit(c, on_false);
            }
            B::Or(a, c) => {
                let (second, done) = (self.label(), self.label());
                self.emit(a, Target::Label(second));
                self.op(bc::JMP, &[], Target::Label(done));
                self.place(second);
                self.emit(c, on_false);
                self.place(done);
            }
            B::Not(a) => {
                let holds = self.label();
                self.emit(a, Target::Label(holds));
                self.op(bc::JMP, &[], on_false);
                self.place(holds);
            }
        }
    }
}

/// Lay out `b` as bytecode: falling off the end keeps the socket, a jump
/// to end + 4 drops it. Returns an empty program when it cannot be encoded
/// (offsets beyond 16 bits).
fn codegen(b: &B) -> Vec<u8> {
    let mut g = Gen {
        code: Vec::new(),
        fixups: Vec::new(),
        labels: Vec::new(),
    };
    g.emit(b, Target::Reject);
    let end = g.code.len();
    for &(at, target) in &g.fixups {
        let to = match target {
            Target::Label(l) => g.labels[l],
            Target::Reject => end + 4,
        };
        let Ok(no) = u16::try_from(to - at) else {
            return Vec::new();
        };
        g.code[at + 2..at + 4].copy_from_slice(&no.to_ne_bytes());
    }
    g.code
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
