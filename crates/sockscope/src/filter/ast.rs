//! The one filter AST every front end compiles to (ss expressions, plain
//! flags) and every back end reads (user-space evaluation, kernel pushdown).
//! Plain data: names are already resolved (services to ports, hosts to
//! addresses, devices to ifindexes, users to uids) when a tree exists.

use std::net::IpAddr;

use super::states::StateSet;
use crate::model::{Family, InetProto};

/// A boolean expression over socket predicates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// Always true (an empty filter).
    True,
    /// Never true.
    False,
    Pred(Pred),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

impl Expr {
    /// `!e`.
    #[allow(clippy::should_implement_trait)]
    pub fn not(e: Expr) -> Expr {
        Expr::Not(Box::new(e))
    }
    /// `a && b`.
    pub fn and(a: Expr, b: Expr) -> Expr {
        Expr::And(Box::new(a), Box::new(b))
    }
    /// `a || b`.
    pub fn or(a: Expr, b: Expr) -> Expr {
        Expr::Or(Box::new(a), Box::new(b))
    }
    /// AND of every item; `True` when empty.
    pub fn all(items: impl IntoIterator<Item = Expr>) -> Expr {
        items.into_iter().reduce(Expr::and).unwrap_or(Expr::True)
    }
    /// OR of every item; `False` when empty.
    pub fn any(items: impl IntoIterator<Item = Expr>) -> Expr {
        items.into_iter().reduce(Expr::or).unwrap_or(Expr::False)
    }
    /// Does any predicate satisfy `f`?
    pub fn mentions(&self, f: &dyn Fn(&Pred) -> bool) -> bool {
        match self {
            Expr::True | Expr::False => false,
            Expr::Pred(p) => f(p),
            Expr::Not(e) => e.mentions(f),
            Expr::And(a, b) | Expr::Or(a, b) => a.mentions(f) || b.mentions(f),
        }
    }
}

/// Which end of a socket a predicate looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The local end (`src`, `sport`, `--local`).
    Local,
    /// The remote end (`dst`, `dport`, `--remote`).
    Remote,
}

/// A port comparison. `<`, `>` and `!=` are written with [`Expr::Not`], as
/// ss lowers them (`sport > :N` is `!(sport <= :N)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PortOp {
    Eq,
    Ge,
    Le,
}

/// An address prefix: `addr/len`, `len` at most the address width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Prefix {
    pub addr: IpAddr,
    pub len: u8,
}

impl Prefix {
    /// The address family of the prefix.
    pub fn family(&self) -> Family {
        match self.addr {
            IpAddr::V4(_) => Family::Inet,
            IpAddr::V6(_) => Family::Inet6,
        }
    }
}

/// An internet host condition (`src 10.0.0.0/8:22`): every given part must
/// hold. With several addresses (a DNS name), any one of them may match.
///
/// Address matching follows the kernel's inet_diag rule: the socket's family
/// must be the prefix's, except that an IPv4 prefix also matches the
/// IPv4-mapped addresses (`::ffff:a.b.c.d`) of IPv6 sockets.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HostCond {
    /// `inet:` / `inet6:` given: the socket must be of this family.
    pub family: Option<Family>,
    /// Empty: any address.
    pub addrs: Vec<Prefix>,
    /// `None`: any port.
    pub port: Option<u16>,
}

impl HostCond {
    /// True when the condition says nothing (`*`, `*:*`).
    pub fn is_wildcard(&self) -> bool {
        self.family.is_none() && self.addrs.is_empty() && self.port.is_none()
    }
}

/// How a process name is matched.
#[derive(Debug, Clone)]
pub enum NameMatch {
    /// The whole name, byte for byte.
    Exact(Vec<u8>),
    /// A shell glob (`*`, `?`, `[...]`) over the whole name.
    Glob(String),
    /// A regular expression (regex-lite syntax), unanchored.
    Regex(regex_lite::Regex),
}

impl PartialEq for NameMatch {
    fn eq(&self, other: &NameMatch) -> bool {
        match (self, other) {
            (NameMatch::Exact(a), NameMatch::Exact(b)) => a == b,
            (NameMatch::Glob(a), NameMatch::Glob(b)) => a == b,
            (NameMatch::Regex(a), NameMatch::Regex(b)) => a.as_str() == b.as_str(),
            _ => false,
        }
    }
}

impl Eq for NameMatch {}

/// What the socket is: an internet protocol, a UNIX, packet or netlink
/// socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SockKind {
    Inet(InetProto),
    Unix,
    Packet,
    Netlink,
}

/// One test on one socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pred {
    /// The socket's state is in the set (TCP state numbers; UDP and raw use
    /// ESTABLISHED/CLOSE; UNIX sockets are mapped, see `eval`).
    State(StateSet),
    /// An internet host condition on one end.
    Host(Side, HostCond),
    /// A UNIX path glob on one end (`src unix:/run/*`). Matches no
    /// internet socket.
    UnixPath(Side, String),
    /// A port comparison on one end (never true for UNIX sockets).
    Port(Side, PortOp, u16),
    /// The socket is bound to this interface index (0: not bound).
    Dev(u32),
    /// The local port was chosen by the kernel: it lies in the ephemeral
    /// range (resolved when parsing, from `ip_local_port_range`). UNIX: an
    /// unbound socket or an autobind abstract name (5 hex digits).
    AutoBound { lo: u16, hi: u16 },
    /// The socket is of this kind.
    Kind(SockKind),
    /// Internet sockets of this family (never true for UNIX sockets).
    Family(Family),
    /// Some process holding the socket has this pid.
    Pid(u32),
    /// Some process holding the socket has a matching name.
    Process(NameMatch),
    /// The socket belongs to this uid (internet sockets only).
    Uid(u32),
}
