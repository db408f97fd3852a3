//! Wire form of the socket kinds netstat does not know: packet and netlink
//! sockets (their own objects in the `sockets` array) and the `mptcp_info`
//! of an MPTCP socket. Part of schema `sockscope.sockets/1` (added kinds
//! and fields; documented in JSON.md, "Other socket kinds").

use serde::Serialize;
use sockscope::model::{
    MptcpInfo, NetlinkSocket, PacketFanout, PacketRing, PacketSocket, PacketType, ETH_P_ALL,
};

use super::details::WireSkmem;
use super::wire::{Converter, Process};
use crate::link_names::{ethertype, netlink_protocol};

/// `"mptcp_info": {...}`.
#[derive(Debug, Serialize)]
pub struct WireMptcp {
    pub struct_len: u16,
    pub subflows: u8,
    pub subflows_total: u8,
    pub subflows_max: u8,
    pub add_addr_signal: u8,
    pub add_addr_signal_max: u8,
    pub add_addr_accepted: u8,
    pub add_addr_accepted_max: u8,
    pub local_addr_used: u8,
    pub local_addr_max: u8,
    pub flags: u32,
    pub fallback: bool,
    pub remote_key_received: bool,
    pub csum_enabled: bool,
    pub token: u32,
    pub write_seq: u64,
    pub snd_una: u64,
    pub rcv_nxt: u64,
    pub retransmits: u32,
    pub bytes_retrans: u64,
    pub bytes_sent: u64,
    pub bytes_received: u64,
    pub bytes_acked: u64,
    pub last_data_sent_ms: u32,
    pub last_data_recv_ms: u32,
    pub last_ack_recv_ms: u32,
}

impl From<&MptcpInfo> for WireMptcp {
    fn from(m: &MptcpInfo) -> WireMptcp {
        WireMptcp {
            struct_len: m.len,
            subflows: m.subflows,
            subflows_total: m.subflows_total,
            subflows_max: m.subflows_max,
            add_addr_signal: m.add_addr_signal,
            add_addr_signal_max: m.add_addr_signal_max,
            add_addr_accepted: m.add_addr_accepted,
            add_addr_accepted_max: m.add_addr_accepted_max,
            local_addr_used: m.local_addr_used,
            local_addr_max: m.local_addr_max,
            flags: m.flags,
            fallback: m.fallback(),
            remote_key_received: m.flags & sockscope::model::MPTCP_FLAG_REMOTE_KEY_RECEIVED != 0,
            csum_enabled: m.csum_enabled,
            token: m.token,
            write_seq: m.write_seq,
            snd_una: m.snd_una,
            rcv_nxt: m.rcv_nxt,
            retransmits: m.retransmits,
            bytes_retrans: m.bytes_retrans,
            bytes_sent: m.bytes_sent,
            bytes_received: m.bytes_received,
            bytes_acked: m.bytes_acked,
            last_data_sent_ms: m.last_data_sent,
            last_data_recv_ms: m.last_data_recv,
            last_ack_recv_ms: m.last_ack_recv,
        }
    }
}

/// `"fanout": {...}`.
#[derive(Debug, Serialize)]
pub struct WireFanout {
    pub id: u16,
    pub mode: u8,
    pub flags: u8,
}

/// `"rx_ring"` / `"tx_ring"`.
#[derive(Debug, Serialize)]
pub struct WireRing {
    pub block_size: u32,
    pub block_nr: u32,
    pub frame_size: u32,
    pub frame_nr: u32,
    pub retire_tmo_ms: u32,
    pub sizeof_priv: u32,
    pub features: u32,
}

fn ring(r: &PacketRing) -> WireRing {
    WireRing {
        block_size: r.block_size,
        block_nr: r.block_nr,
        frame_size: r.frame_size,
        frame_nr: r.frame_nr,
        retire_tmo_ms: r.retire_tmo,
        sizeof_priv: r.sizeof_priv,
        features: r.features,
    }
}

fn fanout(f: &PacketFanout) -> WireFanout {
    WireFanout {
        id: f.id,
        mode: f.mode,
        flags: f.flags,
    }
}

/// A packet (AF_PACKET) socket.
#[derive(Debug, Serialize)]
pub struct WirePacket<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<&'static str>,
    pub proto: &'static str,
    pub family: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub type_code: u8,
    pub protocol: u16,
    pub protocol_name: Option<&'static str>,
    pub ifindex: u32,
    pub interface: Option<String>,
    pub running: bool,
    pub recv_q: u32,
    pub send_q: u32,
    pub drops: u32,
    pub uid: u32,
    pub user: Option<String>,
    pub inode: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cookie: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processes: Option<Vec<Process<'a>>>,
    // packet_diag only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserve: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy_thresh: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tstamp: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flags: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fanout: Option<WireFanout>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rx_ring: Option<WireRing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tx_ring: Option<WireRing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skmem: Option<WireSkmem>,
}

/// A netlink socket.
#[derive(Debug, Serialize)]
pub struct WireNetlink<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<&'static str>,
    pub proto: &'static str,
    pub family: &'static str,
    pub protocol: u8,
    pub protocol_name: Option<&'static str>,
    #[serde(rename = "type")]
    pub kind: Option<&'static str>,
    pub type_code: Option<u8>,
    pub state: Option<&'static str>,
    pub state_code: Option<u8>,
    pub portid: u32,
    pub dst_portid: u32,
    pub dst_group: u32,
    pub groups: &'a [u32],
    pub recv_q: u32,
    pub send_q: u32,
    pub drops: u32,
    pub inode: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cookie: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flags: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processes: Option<Vec<Process<'a>>>,
}

fn sock_type(code: u8) -> &'static str {
    match code {
        1 => "STREAM",
        2 => "DGRAM",
        3 => "RAW",
        4 => "RDM",
        5 => "SEQPACKET",
        _ => "UNKNOWN",
    }
}

impl<'a> Converter<'a> {
    pub fn packet(&self, s: &'a PacketSocket) -> WirePacket<'a> {
        let d = s.details.as_deref();
        WirePacket {
            schema: self.schema,
            proto: "packet",
            family: "packet",
            kind: match s.kind {
                PacketType::Raw | PacketType::Dgram => sock_type(s.kind.raw()),
                PacketType::Other(_) => "UNKNOWN",
            },
            type_code: s.kind.raw(),
            protocol: s.protocol,
            protocol_name: match s.protocol {
                ETH_P_ALL => Some("all"),
                p => ethertype(p),
            },
            ifindex: s.ifindex,
            interface: (s.ifindex != 0)
                .then(|| self.names.ifname(s.ifindex))
                .flatten()
                .map(|n| super::wire::text(n.as_bytes()).0.into_owned()),
            running: s.running,
            recv_q: s.recv_q,
            send_q: s.send_q,
            drops: s.drops,
            uid: s.uid,
            user: self.user(s.uid),
            inode: s.inode,
            cookie: (s.cookie != 0).then_some(s.cookie),
            processes: self.processes(s.inode),
            version: d.map(|d| d.version),
            reserve: d.map(|d| d.reserve),
            copy_thresh: d.map(|d| d.copy_thresh),
            tstamp: d.map(|d| d.tstamp),
            flags: d.map(|d| d.flags),
            fanout: d.and_then(|d| d.fanout.as_ref()).map(fanout),
            rx_ring: d.and_then(|d| d.rx_ring.as_ref()).map(ring),
            tx_ring: d.and_then(|d| d.tx_ring.as_ref()).map(ring),
            skmem: d.and_then(|d| d.skmem.as_ref()).map(WireSkmem::from),
        }
    }

    pub fn netlink(&self, s: &'a NetlinkSocket) -> WireNetlink<'a> {
        WireNetlink {
            schema: self.schema,
            proto: "netlink",
            family: "netlink",
            protocol: s.protocol,
            protocol_name: netlink_protocol(s.protocol),
            kind: (s.sock_type != 0).then(|| sock_type(s.sock_type)),
            type_code: (s.sock_type != 0).then_some(s.sock_type),
            state: s.state.map(|c| match c {
                1 => "CONNECTED",
                _ => "UNCONNECTED",
            }),
            state_code: s.state,
            portid: s.portid,
            dst_portid: s.dst_portid,
            dst_group: s.dst_group,
            groups: &s.groups,
            recv_q: s.recv_q,
            send_q: s.send_q,
            drops: s.drops,
            inode: s.inode,
            cookie: (s.cookie != 0).then_some(s.cookie),
            flags: s.flags,
            processes: self.processes(s.inode),
        }
    }
}
