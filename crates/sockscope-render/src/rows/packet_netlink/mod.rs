//! The cells of packet and netlink rows (see `rows/mod.rs` for the others).
//!
//! - Packet: Local is `PROTOCOL:INTERFACE` as ss writes it (`*:eth0` for
//!   every protocol on eth0, `ip:*` for IPv4 on every interface); Peer is
//!   `*`; State `UNCONN`; Recv-Q/Send-Q the bytes queued; Proto
//!   `packet-raw` or `packet-dgram`.
//! - Netlink: Local is `PROTOCOL:PORTID` (`rtnl:kernel` for the kernel's
//!   own socket, port id 0); Peer `*`, or for a connected socket the peer
//!   port (`kernel` for 0) and `/GROUP` when it sends to a group; State
//!   `UNCONN`, `CONNECTED`, or `UNKNOWN` when read from /proc.

use sockscope::model::{NetlinkSocket, PacketSocket, PacketType};

use super::{Context, Row};
use crate::columns::Column;
use crate::escape::visible;
use crate::packet_netlink_names::{ethertype_text, netlink_protocol_text};

/// The numeric cells of a packet or netlink row: `None` for other rows,
/// `Some(None)` for a column such a row does not have.
pub(super) fn number(row: &Row<'_>, col: Column) -> Option<Option<u64>> {
    use Column::*;
    let v = match row {
        Row::Packet(s) => match col {
            RecvQ => Some(u64::from(s.recv_q)),
            SendQ => Some(u64::from(s.send_q)),
            Uid => Some(u64::from(s.uid)),
            Inode => Some(s.inode),
            Cookie => (s.cookie != 0).then_some(s.cookie),
            Drops => Some(u64::from(s.drops)),
            Rmem => s.details.as_ref()?.skmem.map(|m| u64::from(m.rmem_alloc)),
            Wmem => s.details.as_ref()?.skmem.map(|m| u64::from(m.wmem_queued)),
            _ => None,
        },
        Row::Netlink(s) => match col {
            RecvQ => Some(u64::from(s.recv_q)),
            SendQ => Some(u64::from(s.send_q)),
            Inode => Some(s.inode),
            Cookie => (s.cookie != 0).then_some(s.cookie),
            Drops => Some(u64::from(s.drops)),
            _ => None,
        },
        Row::Inet(_) | Row::Unix(_) => return None,
    };
    Some(v)
}

/// Proto cell of a packet socket.
pub(super) fn packet_proto(s: &PacketSocket) -> &'static str {
    match s.kind {
        PacketType::Raw => "packet-raw",
        PacketType::Dgram => "packet-dgram",
        PacketType::Other(_) => "packet",
    }
}

/// `PROTOCOL:INTERFACE` (`*` for every interface).
pub(super) fn packet_local(s: &PacketSocket, ctx: &Context<'_>) -> String {
    let iface = if s.ifindex == 0 {
        "*".to_owned()
    } else {
        let name = ctx
            .names
            .ifname(s.ifindex)
            .unwrap_or_else(|| s.ifindex.to_string());
        visible(name.as_bytes()).into_owned()
    };
    format!("{}:{iface}", ethertype_text(s.protocol))
}

/// State cell of a netlink socket.
pub(super) fn netlink_state(s: &NetlinkSocket) -> &'static str {
    match s.state {
        Some(1) => "CONNECTED",
        Some(_) => "UNCONN",
        None => "UNKNOWN",
    }
}

fn port(id: u32) -> String {
    if id == 0 {
        "kernel".to_owned()
    } else {
        id.to_string()
    }
}

/// `PROTOCOL:PORTID`.
pub(super) fn netlink_local(s: &NetlinkSocket) -> String {
    format!("{}:{}", netlink_protocol_text(s.protocol), port(s.portid))
}

/// `*`, or the peer of a connected socket.
pub(super) fn netlink_remote(s: &NetlinkSocket) -> String {
    if s.state != Some(1) {
        return "*".to_owned();
    }
    match s.dst_group {
        0 => port(s.dst_portid),
        g => format!("{}/{g}", port(s.dst_portid)),
    }
}

#[cfg(test)]
pub(crate) mod tests;
