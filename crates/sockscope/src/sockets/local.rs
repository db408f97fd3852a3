//! UNIX, packet and netlink sockets of a query: each kind read whole
//! (sock_diag, else /proc, as `sources.rs` decides), then selected. They
//! are read whole because the filter's UNIX peer-name tests need every
//! UNIX socket's name, and /proc/net/unix is parsed whole so that a bad
//! line fails it cleanly.

use std::cell::Cell;

use super::sources::{self, Table};
use super::{Query, SocketRef, Source};
use crate::filter::{unix_names, Filter, ListenSelection};
use crate::model::{
    NetlinkSocket, PacketSocket, ProcessMap, Snapshot, SocketKind, UnixSocket, Warning,
};
use crate::sys::linux::{netlink, procfs};
use crate::Result;

/// The sockets of the local kinds a query asks for, before selection.
#[derive(Debug, Default)]
pub(super) struct Local {
    pub unix: Vec<UnixSocket>,
    pub packet: Vec<PacketSocket>,
    pub netlink: Vec<NetlinkSocket>,
}

impl Local {
    /// Read every kind `query` asks for.
    pub fn read(query: &Query, warnings: &mut Vec<Warning>) -> Result<Local> {
        let mut l = Local::default();
        if query.unix {
            // netstat's RefCnt and Flags columns exist only in /proc/net/unix.
            let prefer_proc = query.unix_refcnt;
            kind(
                query,
                SocketKind::Unix,
                prefer_proc,
                warnings,
                &mut l.unix,
                netlink::dump_unix,
                procfs::read_unix,
            )?;
        }
        if query.packet {
            kind(
                query,
                SocketKind::Packet,
                false,
                warnings,
                &mut l.packet,
                netlink::dump_packet,
                procfs::read_packet,
            )?;
        }
        if query.netlink {
            kind(
                query,
                SocketKind::Netlink,
                false,
                warnings,
                &mut l.netlink,
                netlink::dump_netlink,
                procfs::read_netlink,
            )?;
        }
        let ns = query.netns;
        l.unix.iter_mut().for_each(|s| s.netns = ns);
        l.packet.iter_mut().for_each(|s| s.netns = ns);
        l.netlink.iter_mut().for_each(|s| s.netns = ns);
        Ok(l)
    }

    /// Keep what `select` and `filter` keep.
    pub fn retain(
        &mut self,
        select: ListenSelection,
        filter: Option<&Filter>,
        processes: Option<&ProcessMap>,
    ) {
        let peers = filter.map(|_| unix_names(&self.unix));
        self.unix.retain(|s| {
            select.keep_unix(s)
                && filter.is_none_or(|f| f.matches_unix(s, processes, peers.as_ref()))
        });
        self.packet.retain(|s| {
            select.keep_packet(s) && filter.is_none_or(|f| f.matches_packet(s, processes))
        });
        self.netlink.retain(|s| {
            select.keep_netlink(s) && filter.is_none_or(|f| f.matches_netlink(s, processes))
        });
    }

    /// Move the sockets into `snap`.
    pub fn into_snapshot(self, snap: &mut Snapshot) {
        snap.unix = self.unix;
        snap.packet = self.packet;
        snap.netlink = self.netlink;
    }
}

/// Read one kind into `out` by the pipeline's policy; UNIX, packet and
/// netlink asked from /proc alone fail when /proc does.
fn kind<T>(
    query: &Query,
    kind: SocketKind,
    prefer_proc: bool,
    warnings: &mut Vec<Warning>,
    out: &mut Vec<T>,
    diag: fn(&mut Vec<T>) -> Result<()>,
    proc: fn(&mut Vec<T>) -> Result<()>,
) -> Result<()> {
    let out = std::cell::RefCell::new(out);
    let strict = query.source == Source::Proc;
    sources::read(
        query.source,
        Table::local(kind),
        prefer_proc,
        strict,
        warnings,
        // The dumps leave `out` as it was when they fail: nothing handed on.
        &mut |_: &Cell<usize>| diag(&mut out.borrow_mut()),
        &mut || proc(&mut out.borrow_mut()),
    )
}

/// Hand the local sockets `query` selects to `on`.
pub(super) fn walk(
    query: &Query,
    processes: Option<&ProcessMap>,
    warnings: &mut Vec<Warning>,
    on: &mut dyn FnMut(SocketRef<'_>) -> Result<()>,
) -> Result<()> {
    if !(query.unix || query.packet || query.netlink) {
        return Ok(());
    }
    let mut l = Local::read(query, warnings)?;
    l.retain(query.selection(), query.active_filter(), processes);
    l.unix.iter().try_for_each(|s| on(SocketRef::Unix(s)))?;
    l.packet.iter().try_for_each(|s| on(SocketRef::Packet(s)))?;
    l.netlink.iter().try_for_each(|s| on(SocketRef::Netlink(s)))
}
