//! The user-space evaluator: does a filter [`Expr`] hold for one socket of
//! the model? It always runs, whatever the kernel filtered before.
//!
//! Semantics worth knowing:
//! - Addresses match as the kernel's inet_diag does (see [`prefix_match`]),
//!   so kernel pushdown of host conditions is exact.
//! - UNIX sockets have states mapped to ss's: listening → LISTEN,
//!   connected → ESTABLISHED, connecting → SYN-SENT, else CLOSE. They have
//!   no ports, no uid and no interface (ifindex 0); an internet host
//!   condition holds for them only when it is a pure wildcard (`*`).
//! - UNIX path globs match case-insensitively, as ss 6.1 does; the remote
//!   end's name is the peer's (looked up by inode), as ss shows it.
//! - Process tests hold when any holder matches; without process
//!   information (none collected, or unreadable) they never hold.
//! - Packet and netlink sockets are in state CLOSE (ss's UNCONN) and have
//!   no addresses or ports: host conditions hold only when pure wildcards,
//!   port tests never. `dev` tests a packet socket's interface (netlink:
//!   0). Packet sockets have a uid; netlink sockets none (uid tests fail).

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};

use super::ast::{Expr, HostCond, NameMatch, PortOp, Pred, Prefix, Side, SockKind};
use super::glob;
use crate::model::{
    Family, InetSocket, ProcessMap, ProcessRef, SocketRef, UnixPath, UnixSocket, UnixState,
};

/// What evaluation may consult besides the socket itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct EvalCtx<'a> {
    /// Socket → holders, when collected.
    pub processes: Option<&'a ProcessMap>,
    /// UNIX inode → name as ss prints it (`@` for abstract), for the peer
    /// end of `dst unix:GLOB`.
    pub unix_names: Option<&'a HashMap<u64, String>>,
}

/// The state number packet and netlink sockets are evaluated with (CLOSE).
const LINK_STATE: u8 = 7;

/// Does `e` hold for `s`?
pub fn eval(e: &Expr, s: SocketRef<'_>, ctx: &EvalCtx<'_>) -> bool {
    match e {
        Expr::True => true,
        Expr::False => false,
        Expr::Pred(p) => pred(p, s, ctx),
        Expr::Not(a) => !eval(a, s, ctx),
        Expr::And(a, b) => eval(a, s, ctx) && eval(b, s, ctx),
        Expr::Or(a, b) => eval(a, s, ctx) || eval(b, s, ctx),
    }
}

/// The ss state number of a UNIX socket.
pub fn unix_state(u: &UnixSocket) -> u8 {
    if u.listening {
        return 10;
    }
    match u.state {
        UnixState::Connected => 1,
        UnixState::Connecting => 2,
        _ => 7,
    }
}

/// The name of a UNIX socket as ss prints it (`@name` when abstract).
pub fn unix_name(p: Option<&UnixPath>) -> String {
    match p {
        None => String::new(),
        Some(UnixPath::Path(b)) => String::from_utf8_lossy(b).into_owned(),
        Some(UnixPath::Abstract(b)) => format!("@{}", String::from_utf8_lossy(b)),
    }
}

fn pred(p: &Pred, s: SocketRef<'_>, ctx: &EvalCtx<'_>) -> bool {
    match (p, s) {
        (Pred::State(set), SocketRef::Inet(i)) => set.contains(i.state.code()),
        (Pred::State(set), SocketRef::Unix(u)) => set.contains(unix_state(u)),
        (Pred::Host(side, c), SocketRef::Inet(i)) => host_match(c, i, *side),
        (Pred::Host(_, c), SocketRef::Unix(_)) => c.is_wildcard(),
        (Pred::UnixPath(_, _), SocketRef::Inet(_)) => false,
        (Pred::UnixPath(side, g), SocketRef::Unix(u)) => {
            let name = match side {
                Side::Local => unix_name(u.path.as_ref()),
                Side::Remote => u
                    .peer
                    .and_then(|peer| ctx.unix_names.and_then(|m| m.get(&peer)).cloned())
                    .unwrap_or_default(),
            };
            glob::matches(g, &name, true)
        }
        (Pred::Port(side, op, n), SocketRef::Inet(i)) => {
            let port = match side {
                Side::Local => i.local_port,
                Side::Remote => i.remote_port,
            };
            match op {
                PortOp::Eq => port == *n,
                PortOp::Ge => port >= *n,
                PortOp::Le => port <= *n,
            }
        }
        (Pred::Port(..), SocketRef::Unix(_)) => false,
        (Pred::Dev(n), SocketRef::Inet(i)) => i.ifindex == *n,
        (Pred::Dev(n), SocketRef::Unix(_)) => *n == 0,
        (Pred::AutoBound { lo, hi }, SocketRef::Inet(i)) => (*lo..=*hi).contains(&i.local_port),
        (Pred::AutoBound { .. }, SocketRef::Unix(u)) => match &u.path {
            None => true,
            Some(UnixPath::Abstract(b)) => {
                b.len() == 5 && b.iter().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
            }
            Some(UnixPath::Path(_)) => false,
        },
        (Pred::Kind(k), SocketRef::Inet(i)) => *k == SockKind::Inet(i.proto),
        (Pred::Kind(k), SocketRef::Unix(_)) => *k == SockKind::Unix,
        (Pred::Family(f), SocketRef::Inet(i)) => i.family == *f,
        (Pred::Family(_), SocketRef::Unix(_)) => false,
        (Pred::Pid(pid), s) => holders(s, ctx).iter().any(|h| h.pid == *pid),
        (Pred::Process(m), s) => holders(s, ctx).iter().any(|h| name_match(m, &h.name)),
        (Pred::Uid(u), SocketRef::Inet(i)) => i.uid == *u,
        (Pred::Uid(_), SocketRef::Unix(_)) => false,
        (_, SocketRef::Packet(_) | SocketRef::Netlink(_)) => link_pred(p, s, ctx),
    }
}

/// Predicates on packet and netlink sockets (see the file doc).
fn link_pred(p: &Pred, s: SocketRef<'_>, ctx: &EvalCtx<'_>) -> bool {
    let (kind, ifindex, uid) = match s {
        SocketRef::Packet(k) => (SockKind::Packet, k.ifindex, Some(k.uid)),
        SocketRef::Netlink(_) => (SockKind::Netlink, 0, None),
        SocketRef::Inet(_) | SocketRef::Unix(_) => return false,
    };
    match p {
        Pred::State(set) => set.contains(LINK_STATE),
        Pred::Host(_, c) => c.is_wildcard(),
        Pred::UnixPath(..) | Pred::Port(..) | Pred::AutoBound { .. } | Pred::Family(_) => false,
        Pred::Dev(n) => ifindex == *n,
        Pred::Kind(k) => *k == kind,
        Pred::Pid(pid) => holders(s, ctx).iter().any(|h| h.pid == *pid),
        Pred::Process(m) => holders(s, ctx).iter().any(|h| name_match(m, &h.name)),
        Pred::Uid(u) => uid == Some(*u),
    }
}

fn holders<'a>(s: SocketRef<'_>, ctx: &EvalCtx<'a>) -> &'a [ProcessRef] {
    let inode = s.inode();
    match ctx.processes {
        Some(m) if inode != 0 => m.holders(s.netns(), inode),
        _ => &[],
    }
}

fn name_match(m: &NameMatch, name: &[u8]) -> bool {
    match m {
        NameMatch::Exact(n) => n.as_slice() == name,
        NameMatch::Glob(g) => glob::matches(g, &String::from_utf8_lossy(name), false),
        NameMatch::Regex(r) => r.is_match(&String::from_utf8_lossy(name)),
    }
}

fn host_match(c: &HostCond, s: &InetSocket, side: Side) -> bool {
    if c.family.is_some_and(|f| f != s.family) {
        return false;
    }
    let (addr, port) = match side {
        Side::Local => (s.local, s.local_port),
        Side::Remote => (s.remote, s.remote_port),
    };
    if c.port.is_some_and(|p| p != port) {
        return false;
    }
    c.addrs.is_empty() || c.addrs.iter().any(|p| prefix_match(p, addr, s.family))
}

/// inet_diag's address test: the families must agree, except that an IPv4
/// prefix matches the IPv4-mapped address of an IPv6 socket; then the first
/// `len` bits must be equal.
pub fn prefix_match(p: &Prefix, addr: IpAddr, family: Family) -> bool {
    match (p.addr, addr, family) {
        (IpAddr::V4(want), IpAddr::V4(got), Family::Inet) => {
            bits_equal(&want.octets(), &got.octets(), p.len)
        }
        (IpAddr::V6(want), IpAddr::V6(got), Family::Inet6) => {
            bits_equal(&want.octets(), &got.octets(), p.len)
        }
        (IpAddr::V4(want), IpAddr::V6(got), Family::Inet6) => {
            let o = got.octets();
            let mapped = o[..10].iter().all(|&b| b == 0) && o[10] == 0xff && o[11] == 0xff;
            mapped
                && bits_equal(
                    &want.octets(),
                    &Ipv4Addr::new(o[12], o[13], o[14], o[15]).octets(),
                    p.len,
                )
        }
        _ => false,
    }
}

fn bits_equal(a: &[u8], b: &[u8], len: u8) -> bool {
    let len = usize::from(len).min(a.len() * 8);
    let (whole, rest) = (len / 8, len % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    if rest == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest);
    (a[whole] ^ b[whole]) & mask == 0
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod link_tests;
