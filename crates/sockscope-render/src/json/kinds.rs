//! Wire form of the socket kinds netstat does not know: packet and netlink
//! sockets (their own objects in the `sockets` array) and the `mptcp_info`
//! of an MPTCP socket. Part of schema `sockscope.sockets/1` (added kinds
//! and fields; documented in the README, "JSON output", "Other socket kinds").

use serde::Serialize;
use sockscope::model::{
    MptcpInfo, NetlinkSocket, PacketFanout, PacketRing, PacketSocket, PacketType, UnixType,
    ETH_P_ALL,
};

use super::details::WireSkmem;
use super::wire::{Converter, Origin};
use crate::packet_netlink_names::{ethertype, netlink_protocol};

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
    #[serde(flatten)]
    pub origin: Origin<'a>,
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
    #[serde(flatten)]
    pub origin: Origin<'a>,
}

/// A SOCK_* type's name (the model's, as UNIX sockets name theirs).
fn sock_type(code: u8) -> &'static str {
    UnixType::from_raw(u16::from(code)).name()
}

impl<'a> Converter<'a> {
    pub fn packet<'s>(&'s self, s: &'s PacketSocket) -> WirePacket<'s> {
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
            origin: self.origin(s.netns, s.inode, Some(s.uid)),
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

    pub fn netlink<'s>(&'s self, s: &'s NetlinkSocket) -> WireNetlink<'s> {
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
            origin: self.origin(s.netns, s.inode, None),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::{json, Value};
    use sockscope::model::{
        InetDetails, InetProto, MptcpInfo, PacketDetails, PacketFanout, PacketRing, Snapshot,
    };

    use super::*;
    use crate::rows::packet_netlink::tests::{netlink, packet};
    use crate::rows::tests::{sock, Names};

    fn doc(snap: &Snapshot, ndjson: bool) -> Vec<Value> {
        let mut out = Vec::new();
        crate::json::render(snap, &Names, ndjson, &mut out).unwrap();
        out.split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect()
    }

    #[test]
    fn packet_object() {
        let mut p = packet(PacketType::Raw, ETH_P_ALL, 2);
        p.details = Some(Box::new(PacketDetails {
            version: 2,
            flags: 1,
            fanout: Some(PacketFanout {
                id: 7,
                mode: 1,
                flags: 0,
            }),
            rx_ring: Some(PacketRing {
                block_size: 4096,
                ..PacketRing::default()
            }),
            ..PacketDetails::default()
        }));
        let bare = packet(PacketType::Dgram, 0x0800, 0);
        let snap = Snapshot {
            packet: vec![p, bare],
            ..Snapshot::default()
        };
        let v = &doc(&snap, false)[0]["sockets"];
        assert_eq!(
            v[0],
            json!({
                "proto": "packet", "family": "packet", "type": "RAW", "type_code": 3,
                "protocol": 3, "protocol_name": "all", "ifindex": 2, "interface": "eth0",
                "running": true, "recv_q": 5010, "send_q": 0, "drops": 2,
                "uid": 0, "user": "root", "inode": 500, "cookie": 378_453,
                "version": 2, "reserve": 0, "copy_thresh": 0, "tstamp": 0, "flags": 1,
                "fanout": {"id": 7, "mode": 1, "flags": 0},
                "rx_ring": {"block_size": 4096, "block_nr": 0, "frame_size": 0, "frame_nr": 0,
                            "retire_tmo_ms": 0, "sizeof_priv": 0, "features": 0}
            })
        );
        // From /proc: no details, no interface name for "every interface".
        assert_eq!(v[1]["protocol_name"], "ip");
        assert_eq!(
            (v[1]["ifindex"].clone(), v[1]["interface"].clone()),
            (json!(0), Value::Null)
        );
        assert!(v[1].get("version").is_none() && v[1].get("fanout").is_none());
    }

    #[test]
    fn netlink_object_and_ndjson_lines() {
        let n = netlink(0, 4242, Some(7), (0, 0));
        let mut from_proc = netlink(30, 0, None, (0, 0));
        from_proc.sock_type = 0;
        from_proc.flags = None;
        let snap = Snapshot {
            netlink: vec![n, from_proc],
            ..Snapshot::default()
        };
        let lines = doc(&snap, true);
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[0],
            json!({
                "schema": "sockscope.socket/1",
                "proto": "netlink", "family": "netlink", "protocol": 0, "protocol_name": "rtnl",
                "type": "RAW", "type_code": 3, "state": "UNCONNECTED", "state_code": 7,
                "portid": 4242, "dst_portid": 0, "dst_group": 0, "groups": [1, 3],
                "recv_q": 832, "send_q": 0, "drops": 0, "inode": 600, "flags": 0
            })
        );
        let p = &lines[1];
        assert_eq!(
            (
                p["protocol_name"].clone(),
                p["type"].clone(),
                p["state"].clone()
            ),
            (Value::Null, Value::Null, Value::Null)
        );
        assert!(p.get("flags").is_none());
    }

    #[test]
    fn mptcp_socket_carries_mptcp_info() {
        let lo = "127.0.0.1".parse().unwrap();
        let mut s = sock(InetProto::Mptcp, lo, 5555, lo, 40000, 1);
        s.details = Some(Box::new(InetDetails {
            mptcp: Some(MptcpInfo {
                len: 96,
                subflows_total: 1,
                subflows_max: 2,
                flags: 2,
                token: 0xe4be_16f4,
                bytes_received: 5,
                ..MptcpInfo::default()
            }),
            ..InetDetails::default()
        }));
        let icmp = sock(InetProto::Icmp, lo, 7196, lo, 0, 1);
        let snap = Snapshot {
            inet: vec![s, icmp],
            ..Snapshot::default()
        };
        let v = &doc(&snap, false)[0]["sockets"];
        assert_eq!(v[0]["proto"], "mptcp");
        let m = &v[0]["mptcp_info"];
        assert_eq!(m["token"], 0xe4be_16f4u32);
        assert_eq!(
            (m["remote_key_received"].clone(), m["fallback"].clone()),
            (json!(true), json!(false))
        );
        assert_eq!(
            (
                m["subflows_total"].clone(),
                m["bytes_received"].clone(),
                m["struct_len"].clone()
            ),
            (json!(1), json!(5), json!(96))
        );
        assert_eq!(v[1]["proto"], "icmp");
        assert!(v[1].get("mptcp_info").is_none() && v[1].get("ip_protocol").is_none());
    }
}
