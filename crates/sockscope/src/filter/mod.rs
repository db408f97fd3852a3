//! Selecting sockets. Front ends compile to one AST ([`Expr`]): ss filter
//! expressions ([`ss`], with `-F` files read by [`file`]), plain flags
//! ([`plain`]); netstat's `-l`/`-a` stays a separate rule
//! ([`ListenSelection`]). Back ends: the user-space evaluator ([`eval`],
//! always runs) and kernel pushdown ([`pushdown`], may only over-select).
//!
//! How a [`Filter`] composes with netstat's `-l`/`-a`: when the filter has
//! a state test (leading `state`/`exclude` clauses, a state term, or
//! `--state`), it decides the states and the caller should list all
//! sockets (`ListenSelection::All`); otherwise `-l`/`-a`/the default apply
//! as in netstat and the filter narrows what they select
//! ([`Filter::decides_states`]).

pub mod ast;
pub mod bytecode;
pub mod error;
pub mod eval;
pub mod file;
pub mod glob;
pub mod hostcond;
pub mod lexer;
pub mod lookup;
mod netstat;
pub mod plain;
pub mod pushdown;
pub mod ss;
pub mod states;
pub mod suggest;

#[cfg(test)]
mod bc_sim;

use std::collections::HashMap;

pub use ast::{Expr, Pred};
pub use error::FilterError;
pub use eval::EvalCtx;
pub use lookup::{FixedLookup, Lookup, SystemLookup};
pub use netstat::ListenSelection;
pub use pushdown::Pushdown;
pub use states::StateSet;

use crate::model::{
    Family, InetProto, InetSocket, NetlinkSocket, PacketSocket, ProcessMap, Snapshot, SocketRef,
    UnixSocket,
};

/// A compiled filter: the expression and what the parse noticed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    expr: Expr,
    decides_states: bool,
    notes: Vec<String>,
}

impl Filter {
    /// A filter from an expression built elsewhere.
    pub fn new(expr: Expr) -> Filter {
        let decides_states = expr.mentions(&|p| matches!(p, Pred::State(_)));
        Filter {
            expr,
            decides_states,
            notes: Vec::new(),
        }
    }

    /// Parse ss filter text (see [`ss`]); names are resolved with `lookup`.
    pub fn parse_ss(text: &str, lookup: &dyn Lookup) -> Result<Filter, FilterError> {
        let parsed = ss::parse(text, lookup)?;
        let mut f = Filter::new(parsed.expr);
        f.notes = parsed.notes;
        Ok(f)
    }

    /// Both filters must hold.
    pub fn and(self, other: Filter) -> Filter {
        let expr = match (self.expr, other.expr) {
            (Expr::True, e) | (e, Expr::True) => e,
            (a, b) => Expr::and(a, b),
        };
        let mut notes = self.notes;
        notes.extend(other.notes);
        Filter {
            expr,
            decides_states: self.decides_states || other.decides_states,
            notes,
        }
    }

    /// The expression.
    pub fn expr(&self) -> &Expr {
        &self.expr
    }

    /// True when the filter keeps every socket.
    pub fn is_empty(&self) -> bool {
        self.expr == Expr::True
    }

    /// The filter tests socket states: it, not `-l`/`-a`, decides them.
    pub fn decides_states(&self) -> bool {
        self.decides_states
    }

    /// The filter tests the processes holding sockets (pid, name): the
    /// socket → process map must be collected.
    pub fn needs_processes(&self) -> bool {
        self.expr
            .mentions(&|p| matches!(p, Pred::Pid(_) | Pred::Process(_)))
    }

    /// Remarks from parsing, for the user (never errors).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Does the filter keep this internet socket?
    pub fn matches_inet(&self, s: &InetSocket, processes: Option<&ProcessMap>) -> bool {
        let ctx = EvalCtx {
            processes,
            unix_names: None,
        };
        eval::eval(&self.expr, SocketRef::Inet(s), &ctx)
    }

    /// Does the filter keep this UNIX socket? `names` maps inodes to names
    /// for peer globs (see [`unix_names`]).
    pub fn matches_unix(
        &self,
        s: &UnixSocket,
        processes: Option<&ProcessMap>,
        names: Option<&HashMap<u64, String>>,
    ) -> bool {
        let ctx = EvalCtx {
            processes,
            unix_names: names,
        };
        eval::eval(&self.expr, SocketRef::Unix(s), &ctx)
    }

    /// Does the filter keep this packet socket?
    pub fn matches_packet(&self, s: &PacketSocket, processes: Option<&ProcessMap>) -> bool {
        let ctx = EvalCtx {
            processes,
            unix_names: None,
        };
        eval::eval(&self.expr, SocketRef::Packet(s), &ctx)
    }

    /// Does the filter keep this netlink socket?
    pub fn matches_netlink(&self, s: &NetlinkSocket, processes: Option<&ProcessMap>) -> bool {
        let ctx = EvalCtx {
            processes,
            unix_names: None,
        };
        eval::eval(&self.expr, SocketRef::Netlink(s), &ctx)
    }

    /// Drop every socket of `snap` the filter does not keep.
    pub fn retain(&self, snap: &mut Snapshot) {
        if self.is_empty() {
            return;
        }
        let procs = snap.processes.as_ref();
        snap.inet.retain(|s| self.matches_inet(s, procs));
        let names = unix_names(&snap.unix);
        snap.unix
            .retain(|s| self.matches_unix(s, procs, Some(&names)));
        snap.packet.retain(|s| self.matches_packet(s, procs));
        snap.netlink.retain(|s| self.matches_netlink(s, procs));
    }

    /// What the kernel can test for the dump of `proto`/`family`.
    pub fn pushdown(&self, proto: InetProto, family: Family) -> Pushdown {
        pushdown::pushdown(&self.expr, proto, family)
    }
}

/// Inode → name (ss spelling) of every named UNIX socket.
pub fn unix_names(sockets: &[UnixSocket]) -> HashMap<u64, String> {
    sockets
        .iter()
        .filter(|s| s.inode != 0 && s.path.is_some())
        .map(|s| (s.inode, eval::unix_name(s.path.as_ref())))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn composition_rules() {
        let l = FixedLookup::sample();
        let port = Filter::parse_ss("sport = :22", &l).unwrap_or_else(|e| panic!("{e}"));
        assert!(!port.decides_states() && !port.needs_processes());
        let st = Filter::parse_ss("state listening", &l).unwrap_or_else(|e| panic!("{e}"));
        assert!(st.decides_states());
        let both = port.clone().and(st);
        assert!(both.decides_states());
        assert!(matches!(both.expr(), Expr::And(..)));
        let empty = Filter::new(Expr::True);
        assert!(empty.is_empty());
        assert_eq!(empty.and(port.clone()), port);
        assert!(Filter::new(Expr::Pred(Pred::Pid(1))).needs_processes());
    }
}
