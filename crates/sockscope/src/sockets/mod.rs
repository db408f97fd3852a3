//! THE socket pipeline: one streaming query over every socket kind. A
//! [`Query`] says which kinds (internet protocols per family, UNIX,
//! packet, netlink), which rows (netstat's `-l`/`-a` [`ListenSelection`],
//! a [`Filter`]), from which [`Source`], and what else to fetch (process
//! owners, TCP internals). [`visit`] hands each selected socket to a
//! callback as it is decoded, in listing order: internet sockets by
//! protocol ([`InetProto::ALL`]'s order), IPv4 before IPv6, then UNIX,
//! packet and netlink sockets. [`collect`] is `visit` into a [`Snapshot`].
//!
//! What this module owns, once for every caller: kind and family
//! selection, the `-l`/`-a` rule (set aside when the filter decides the
//! states), pushing the filter into each sock_diag dump (with the retry
//! without bytecode when an older kernel refuses it), the fallback to
//! /proc with its warnings, and the user-space filter (UNIX peer names
//! included). Each table's sources and fallback policy live in
//! `sources.rs`; the internet walk (TCP in one walk for both families) in
//! `inet.rs`; UNIX, packet and netlink sockets in `local.rs`.

pub mod all;
#[doc(hidden)]
pub mod floor;
mod inet;
mod local;
mod sources;
pub mod unlisted;

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests;

use std::fmt;

use crate::filter::{Filter, ListenSelection};
use crate::model::{Family, InetProto, InetSocket, ProcessMap, Snapshot, Warning};
pub use crate::model::{Socket, SocketRef};
use crate::{Error, Result};

/// Where socket tables come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Source {
    /// sock_diag, falling back to /proc per table when the kernel lacks it.
    #[default]
    Auto,
    /// sock_diag only; a missing diag module is an error.
    Netlink,
    /// /proc/net only (gVisor, WSL1, locked-down containers; tests).
    Proc,
}

/// What to list.
#[derive(Debug, Clone)]
pub struct Query {
    /// Internet protocols wanted; listed in [`InetProto::ALL`]'s order
    /// whatever the order here.
    pub protos: Vec<InetProto>,
    /// Families wanted for internet sockets.
    pub families: Vec<Family>,
    /// UNIX domain sockets.
    pub unix: bool,
    /// Packet (AF_PACKET) sockets: packet_diag, else /proc/net/packet.
    pub packet: bool,
    /// Netlink sockets: netlink_diag, else /proc/net/netlink.
    pub netlink: bool,
    /// UNIX sockets must carry their reference count and raw flags, which
    /// only /proc/net/unix has: read UNIX sockets from there.
    pub unix_refcnt: bool,
    /// Build the socket → process map (see [`prepare`]).
    pub processes: bool,
    /// Ask sock_diag for `tcp_info` too (exact TCP timer counters).
    pub tcp_info: bool,
    /// Socket internals (`tcp_info`, memory, congestion algorithm, mark,
    /// cgroup, TOS, shutdown) into [`InetSocket::details`]. sock_diag
    /// only: sockets read from /proc carry none.
    pub details: bool,
    pub source: Source,
    /// netstat's `-l`/`-a` rule. Set aside (every state listed) when the
    /// filter tests states ([`Filter::decides_states`]).
    pub select: ListenSelection,
    /// Keep only the sockets this filter selects. A filter testing pids
    /// or process names makes [`prepare`] build the process map.
    pub filter: Option<Filter>,
    /// Do not push the filter into the kernel (debugging, and the proof
    /// that pushdown changes nothing).
    pub no_pushdown: bool,
    /// The network namespace stamped on every socket ([`Socket::netns`]);
    /// 0 (the default): the calling thread's, looked up when the listing
    /// starts.
    pub netns: u64,
}

impl Default for Query {
    /// Nothing asked for yet; every row of what will be (`-a`).
    fn default() -> Query {
        Query {
            protos: Vec::new(),
            families: vec![Family::Inet, Family::Inet6],
            unix: false,
            packet: false,
            netlink: false,
            unix_refcnt: false,
            processes: false,
            tcp_info: false,
            details: false,
            source: Source::Auto,
            select: ListenSelection::All,
            filter: None,
            no_pushdown: false,
            netns: 0,
        }
    }
}

impl Query {
    /// Every socket kind, both families, every row.
    pub fn everything() -> Query {
        Query {
            protos: InetProto::ALL.to_vec(),
            unix: true,
            packet: true,
            netlink: true,
            ..Query::default()
        }
    }

    /// The filter, unless it keeps everything.
    fn active_filter(&self) -> Option<&Filter> {
        self.filter.as_ref().filter(|f| !f.is_empty())
    }

    /// The `-l`/`-a` rule in force.
    pub fn selection(&self) -> ListenSelection {
        match self.active_filter() {
            Some(f) if f.decides_states() => ListenSelection::All,
            _ => self.select,
        }
    }

    /// Does this query need the socket → process map?
    pub fn needs_processes(&self) -> bool {
        self.processes || self.active_filter().is_some_and(Filter::needs_processes)
    }
}

/// What [`prepare`] gathers before the sockets: the process map and the
/// warnings met building it.
#[derive(Debug, Default)]
pub struct Prepared {
    pub processes: Option<ProcessMap>,
    pub warnings: Vec<Warning>,
}

/// Build what the query needs before its sockets are listed: the socket →
/// process map, when `query.processes` is set or the filter tests pids or
/// process names.
pub fn prepare(query: &Query) -> Result<Prepared> {
    let mut p = Prepared::default();
    if query.needs_processes() {
        p.processes = Some(crate::sys::linux::procfs::process_map(&mut p.warnings)?);
    }
    Ok(p)
}

/// Why a [`visit`] ended early.
#[derive(Debug)]
pub enum VisitError<E> {
    /// Reading the sockets failed (after the sockets already handed on).
    Collect(Error),
    /// The visitor returned this error (e.g. a failed write).
    Visitor(E),
}

impl<E: fmt::Display> fmt::Display for VisitError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VisitError::Collect(e) => write!(f, "cannot collect sockets: {e}"),
            VisitError::Visitor(e) => e.fmt(f),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for VisitError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            VisitError::Collect(e) => Some(e),
            VisitError::Visitor(e) => Some(e),
        }
    }
}

/// Hand every socket `query` selects to `on`, in listing order, as the
/// dumps decode them (internet sockets are never all held; UNIX, packet
/// and netlink sockets are read per kind first, which the filter's UNIX
/// peer-name tests need). `processes` is the map [`prepare`] built: the
/// filter's pid and name tests consult it. Warnings (a table read from
/// /proc instead, one not readable at all) are appended to `warnings`. The
/// first error of `on` ends the walk and is returned as
/// [`VisitError::Visitor`].
pub fn visit<E>(
    query: &Query,
    processes: Option<&ProcessMap>,
    warnings: &mut Vec<Warning>,
    on: &mut dyn FnMut(SocketRef<'_>) -> Result<(), E>,
) -> Result<(), VisitError<E>> {
    let mut stopped = None;
    let mut guard = |s: SocketRef<'_>| {
        on(s).map_err(|e| {
            stopped = Some(e);
            Error::Stopped
        })
    };
    let query = &stamped(query);
    let r = walk(query, processes, warnings, inet::PENDING_MAX, &mut guard);
    match (stopped, r) {
        (Some(e), _) => Err(VisitError::Visitor(e)),
        (None, Err(e)) => Err(VisitError::Collect(e)),
        (None, Ok(())) => Ok(()),
    }
}

/// The walk, holding back at most `cap` IPv6 sockets of a one-walk TCP
/// dump.
fn walk(
    query: &Query,
    processes: Option<&ProcessMap>,
    warnings: &mut Vec<Warning>,
    cap: usize,
    on: &mut dyn FnMut(SocketRef<'_>) -> Result<()>,
) -> Result<()> {
    if !query.protos.is_empty() {
        let keeps = keeps_inet(query, processes);
        inet::walk(query, warnings, cap, &mut |s| {
            if keeps(s) {
                on(SocketRef::Inet(s))
            } else {
                Ok(())
            }
        })?;
    }
    local::walk(query, processes, warnings, on)
}

/// The selection and the filter of `query`, for internet sockets.
fn keeps_inet<'q>(
    query: &'q Query,
    processes: Option<&'q ProcessMap>,
) -> impl Fn(&InetSocket) -> bool + 'q {
    let (select, filter) = (query.selection(), query.active_filter());
    move |s| select.keep_inet(s) && filter.is_none_or(|f| f.matches_inet(s, processes))
}

/// Everything `query` selects, in listing order, with the process map
/// when the query needs one: [`visit`] into a [`Snapshot`]. Warnings of
/// the dumps come first, then the process map's.
pub fn collect(query: &Query) -> Result<Snapshot> {
    let query = &stamped(query);
    let prepared = prepare(query)?;
    let processes = prepared.processes.as_ref();
    let mut snap = Snapshot::default();
    let mut warnings = Vec::new();
    if !query.protos.is_empty() {
        let keeps = keeps_inet(query, processes);
        inet::walk(query, &mut warnings, inet::PENDING_MAX, &mut |s| {
            if keeps(s) {
                snap.inet.push(s.clone());
            }
            Ok(())
        })?;
    }
    let mut local = local::Local::read(query, &mut warnings)?;
    local.retain(query.selection(), query.active_filter(), processes);
    local.into_snapshot(&mut snap);
    warnings.extend(prepared.warnings);
    snap.warnings = warnings;
    snap.processes = prepared.processes;
    Ok(snap)
}

/// `query` with its namespace known: the calling thread's when it says 0
/// (and 0 still when even that cannot be read).
fn stamped(query: &Query) -> std::borrow::Cow<'_, Query> {
    if query.netns != 0 {
        return std::borrow::Cow::Borrowed(query);
    }
    let mut q = query.clone();
    q.netns = crate::netns::current_inode().unwrap_or(0);
    std::borrow::Cow::Owned(q)
}
