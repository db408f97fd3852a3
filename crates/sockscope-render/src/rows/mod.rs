//! Rows of the modern socket formats: one socket (internet, UNIX, packet or
//! netlink; the last two in `rows/packet_netlink`), what
//! each [`Column`] shows for it (a human text for the table, a plain value
//! for CSV) and how it sorts. Shared by `table` and `csv`, so both show the
//! same columns the same way. No I/O: names come from the [`Resolver`].
//!
//! Untrusted bytes (process names, UNIX paths, interface, user and cgroup
//! names) go through [`crate::escape::visible`] in both formats.

use std::cmp::Ordering;
use std::net::IpAddr;

use sockscope::model::{
    Family, InetDetails, ProcessMap, Snapshot, SocketKind, TcpInfo, TcpState, UnixPath, UnixType,
};
use sockscope::names::Resolver;
use sockscope::netns::names::Namespaces;
use sockscope::SocketRef;

use crate::columns::{Column, SortKey};
use crate::escape::visible;
use crate::values::{endpoint, millis, rate, timer, zone};

pub(crate) mod packet_netlink;

/// One row: one socket, as the pipeline lends it. The cells are what
/// [`Cells`] reads off it.
pub type Row<'a> = SocketRef<'a>;

/// What cells may look up: names and the process map.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub names: &'a dyn Resolver,
    pub processes: Option<&'a ProcessMap>,
    /// The run's namespaces, when it names them (`--netns all`).
    pub namespaces: Option<&'a Namespaces>,
}

impl std::fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("processes", &self.processes.map(ProcessMap::len))
            .finish_non_exhaustive()
    }
}

/// Which rendering of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// For people: milliseconds with 3 decimals, rates in bit/s with a
    /// unit, `-` for a missing value.
    Human,
    /// For programs (CSV): integers in the CSV header's unit, empty when
    /// missing.
    Machine,
}

/// How a cell sorts. Missing values sort last in either direction.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Num(u64),
    Text(String),
    Addr(IpAddr, u16),
    Missing,
}

/// Every row of `snap` (internet sockets, then UNIX, packet and netlink),
/// in collection order.
pub fn rows(snap: &Snapshot) -> Vec<Row<'_>> {
    let inet = snap.inet.iter().map(Row::Inet);
    inet.chain(snap.unix.iter().map(Row::Unix))
        .chain(snap.packet.iter().map(Row::Packet))
        .chain(snap.netlink.iter().map(Row::Netlink))
        .collect()
}

/// Sort `rows` by `keys`, first key first; ties keep their order.
pub fn sort(rows: &mut [Row<'_>], keys: &[SortKey], ctx: &Context<'_>) {
    if keys.is_empty() {
        return;
    }
    let mut keyed: Vec<(Vec<Key>, Row<'_>)> = rows
        .iter()
        .map(|r| (keys.iter().map(|k| r.key(k.column, ctx)).collect(), *r))
        .collect();
    keyed.sort_by(|(a, _), (b, _)| {
        for (i, k) in keys.iter().enumerate() {
            let ord = match (&a[i], &b[i]) {
                (Key::Missing, Key::Missing) => Ordering::Equal,
                (Key::Missing, _) => Ordering::Greater,
                (_, Key::Missing) => Ordering::Less,
                (x, y) if k.descending => y.cmp(x),
                (x, y) => x.cmp(y),
            };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        Ordering::Equal
    });
    for (slot, (_, r)) in rows.iter_mut().zip(keyed) {
        *slot = r;
    }
}

/// What the modern formats (table, CSV) read off a row: each column's
/// text, and the state's name. Import it to call them.
pub trait Cells<'a> {
    /// What the cell shows; `None` for a value this socket does not have.
    fn text(&self, col: Column, ctx: &Context<'_>, style: Style) -> Option<String>;
    /// State name: the kernel's TCP names; UDP/raw/ICMP `UNCONN` when not
    /// connected (their kernel state is CLOSE); UNIX as in JSON; packet and
    /// netlink see `rows/packet_netlink`.
    fn state(&self) -> &'static str;
}

/// The values the cells are made of.
trait Parts<'a> {
    fn details(&self) -> Option<&'a InetDetails>;
    fn tcp(&self) -> Option<&'a TcpInfo>;
    /// A numeric value of the column, if it is one and present.
    fn number(&self, col: Column) -> Option<u64>;
    fn key(&self, col: Column, ctx: &Context<'_>) -> Key;
    fn proto(&self) -> &'static str;
    fn local(&self, ctx: &Context<'_>) -> String;
    fn remote(&self, ctx: &Context<'_>) -> String;
    fn process(&self, ctx: &Context<'_>) -> Option<String>;
}

impl<'a> Cells<'a> for SocketRef<'a> {
    /// What the cell shows; `None` for a value this socket does not have.
    fn text(&self, col: Column, ctx: &Context<'_>, style: Style) -> Option<String> {
        use Column::*;
        let human = style == Style::Human;
        if let Some(n) = self.number(col) {
            return Some(match col {
                Rtt | RttVar | MinRtt | Rto if human => millis(n),
                DeliveryRate | PacingRate if human => rate(n),
                Mark if human => format!("{n:#x}"),
                _ => n.to_string(),
            });
        }
        match col {
            Proto => Some(self.proto().to_owned()),
            State => Some(self.state().to_owned()),
            Local => Some(self.local(ctx)),
            Remote => Some(self.remote(ctx)),
            Process => self.process(ctx),
            NoPid => ctx
                .processes?
                .why_missing(self.netns(), self.inode(), self.uid())
                .map(|w| w.name().to_owned()),
            Netns => {
                let ns = self.netns();
                Some(match ctx.namespaces.and_then(|t| t.get(ns)) {
                    Some(n) => visible(n.name.as_bytes()).into_owned(),
                    None => ns.to_string(),
                })
            }
            Container => {
                let ns = ctx.namespaces?.get(self.netns())?;
                let c = ns.container.as_ref()?;
                Some(visible(c.display().as_bytes()).into_owned())
            }
            User => {
                let uid = match self {
                    Row::Inet(s) => s.uid,
                    Row::Packet(s) => s.uid,
                    Row::Unix(_) | Row::Netlink(_) => return None,
                };
                Some(match ctx.names.user(uid) {
                    Some(name) => visible(name.as_bytes()).into_owned(),
                    None => uid.to_string(),
                })
            }
            Timer => match self {
                Row::Inet(s) => Some(timer(s)),
                Row::Unix(_) | Row::Packet(_) | Row::Netlink(_) => None,
            },
            Cong => self
                .details()?
                .congestion
                .as_deref()
                .map(|c| visible(c.as_bytes()).into_owned()),
            Cgroup => {
                let id = self.details()?.cgroup_id?;
                Some(match ctx.names.cgroup(id) {
                    Some(p) => visible(p.as_bytes()).into_owned(),
                    None => id.to_string(),
                })
            }
            _ => None,
        }
    }

    /// State name: the kernel's TCP names; UDP/raw/ICMP `UNCONN` when not
    /// connected (their kernel state is CLOSE); UNIX as in JSON; packet and
    /// netlink see `rows/packet_netlink`.
    fn state(&self) -> &'static str {
        match self {
            Row::Inet(s) if !s.proto.is_stream() && s.state == TcpState::Close => "UNCONN",
            Row::Inet(s) => s.state.name(),
            Row::Unix(s) => s.state_name(),
            Row::Packet(_) => "UNCONN",
            Row::Netlink(s) => packet_netlink::netlink_state(s),
        }
    }
}

impl<'a> Parts<'a> for SocketRef<'a> {
    fn details(&self) -> Option<&'a InetDetails> {
        match self {
            Row::Inet(s) => s.details.as_deref(),
            Row::Unix(_) | Row::Packet(_) | Row::Netlink(_) => None,
        }
    }

    fn tcp(&self) -> Option<&'a TcpInfo> {
        self.details()?.tcp_info.as_ref()
    }

    /// A numeric value of the column, if it is one and present.
    fn number(&self, col: Column) -> Option<u64> {
        use Column::*;
        if let Some(n) = packet_netlink::number(self, col) {
            return n;
        }
        let t = self.tcp();
        let d = self.details();
        let v = |f: fn(&TcpInfo) -> u64| t.map(f);
        match col {
            RecvQ => match self {
                Row::Inet(s) => Some(u64::from(s.recv_q)),
                Row::Unix(s) => Some(u64::from(s.recv_q)),
                Row::Packet(_) | Row::Netlink(_) => None,
            },
            SendQ => match self {
                Row::Inet(s) => Some(u64::from(s.send_q)),
                Row::Unix(s) => Some(u64::from(s.send_q)),
                Row::Packet(_) | Row::Netlink(_) => None,
            },
            Uid => match self {
                Row::Inet(s) => Some(u64::from(s.uid)),
                Row::Unix(_) | Row::Packet(_) | Row::Netlink(_) => None,
            },
            Inode => Some(self.inode()),
            Cookie => match self {
                Row::Inet(s) if s.cookie != 0 => Some(s.cookie),
                _ => None,
            },
            Rtt => v(|t| u64::from(t.rtt)),
            RttVar => v(|t| u64::from(t.rttvar)),
            MinRtt => v(|t| u64::from(t.min_rtt)),
            Rto => v(|t| u64::from(t.rto)),
            Cwnd => v(|t| u64::from(t.snd_cwnd)),
            Ssthresh => v(|t| u64::from(t.snd_ssthresh)),
            Mss => v(|t| u64::from(t.snd_mss)),
            Retrans => v(|t| u64::from(t.total_retrans)),
            Lost => v(|t| u64::from(t.lost)),
            Unacked => v(|t| u64::from(t.unacked)),
            BytesSent => v(|t| t.bytes_sent),
            BytesAcked => v(|t| t.bytes_acked),
            BytesReceived => v(|t| t.bytes_received),
            BytesRetrans => v(|t| t.bytes_retrans),
            DeliveryRate => v(|t| t.delivery_rate),
            PacingRate => v(|t| t.pacing_rate),
            LastSend => v(|t| u64::from(t.last_data_sent)),
            LastRecv => v(|t| u64::from(t.last_data_recv)),
            LastAck => v(|t| u64::from(t.last_ack_recv)),
            Rmem => d?.skmem.map(|m| u64::from(m.rmem_alloc)),
            Wmem => d?.skmem.map(|m| u64::from(m.wmem_queued)),
            Drops => d?.skmem.map(|m| u64::from(m.drops)),
            Mark => d?.mark.map(u64::from),
            // An IPv6 socket's own traffic class is `tclass`; its `tos`
            // only applies to IPv4-mapped traffic.
            Tos => match self {
                Row::Inet(s) if s.family == Family::Inet6 => d?.tclass.or(d?.tos),
                _ => d?.tos,
            }
            .map(u64::from),
            _ => None,
        }
    }

    fn key(&self, col: Column, ctx: &Context<'_>) -> Key {
        match (col, self) {
            (Column::Local, Row::Inet(s)) => Key::Addr(s.local, s.local_port),
            (Column::Remote, Row::Inet(s)) => Key::Addr(s.remote, s.remote_port),
            _ => match self.number(col) {
                Some(n) => Key::Num(n),
                None => match self.text(col, ctx, Style::Machine) {
                    Some(t) => Key::Text(t),
                    None => Key::Missing,
                },
            },
        }
    }

    fn proto(&self) -> &'static str {
        match self {
            Row::Inet(s) => SocketKind::Inet(s.proto, s.family).name(),
            Row::Unix(s) => match s.kind {
                UnixType::Stream => "unix-stream",
                UnixType::Dgram => "unix-dgram",
                UnixType::Seqpacket => "unix-seqpacket",
                UnixType::Raw => "unix-raw",
                UnixType::Rdm => "unix-rdm",
                UnixType::Other(_) => "unix",
            },
            Row::Packet(s) => packet_netlink::packet_proto(s),
            Row::Netlink(_) => "netlink",
        }
    }

    fn local(&self, ctx: &Context<'_>) -> String {
        match self {
            Row::Inet(s) => endpoint(s.local, s.local_port, zone(s, s.local, true, ctx)),
            Row::Unix(s) => match &s.path {
                Some(UnixPath::Path(p)) => visible(p).into_owned(),
                Some(UnixPath::Abstract(p)) => format!("@{}", visible(p)),
                None => "*".to_owned(),
            },
            Row::Packet(s) => packet_netlink::packet_local(s, ctx),
            Row::Netlink(s) => packet_netlink::netlink_local(s),
        }
    }

    fn remote(&self, ctx: &Context<'_>) -> String {
        match self {
            Row::Inet(s) => endpoint(s.remote, s.remote_port, zone(s, s.remote, false, ctx)),
            Row::Unix(s) => s.peer.map_or_else(|| "*".to_owned(), |p| p.to_string()),
            Row::Packet(_) => "*".to_owned(),
            Row::Netlink(s) => packet_netlink::netlink_remote(s),
        }
    }

    fn process(&self, ctx: &Context<'_>) -> Option<String> {
        let holders = ctx.processes?.holders(self.netns(), self.inode());
        if holders.is_empty() {
            return None;
        }
        let parts: Vec<String> = holders
            .iter()
            .map(|p| format!("{}/{}", p.pid, visible(&p.name)))
            .collect();
        Some(parts.join(","))
    }
}

#[cfg(test)]
pub(crate) mod tests;
