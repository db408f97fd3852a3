//! Packet (AF_PACKET) sockets as plain data: the link-layer sockets of
//! tcpdump, DHCP clients and LLDP daemons. Values as the kernel reports
//! them; names (interface, ethertype) are the renderers' business.

use super::Skmem;

/// Socket type of a packet socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PacketType {
    /// `SOCK_RAW`: frames with their link-layer header.
    Raw,
    /// `SOCK_DGRAM`: frames without it ("cooked").
    Dgram,
    /// Any other SOCK_* number.
    Other(u8),
}

impl PacketType {
    /// Map the kernel SOCK_* number.
    pub fn from_raw(v: u8) -> PacketType {
        match v {
            2 => PacketType::Dgram,
            3 => PacketType::Raw,
            o => PacketType::Other(o),
        }
    }
    /// The kernel SOCK_* number.
    pub fn raw(self) -> u8 {
        match self {
            PacketType::Dgram => 2,
            PacketType::Raw => 3,
            PacketType::Other(o) => o,
        }
    }
}

/// `ETH_P_ALL`: a packet socket receiving every protocol.
pub const ETH_P_ALL: u16 = 0x0003;

/// One ring of a memory-mapped packet socket (`PACKET_RX_RING` /
/// `PACKET_TX_RING`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PacketRing {
    pub block_size: u32,
    pub block_nr: u32,
    pub frame_size: u32,
    pub frame_nr: u32,
    /// TPACKET_V3 block retire timeout, ms.
    pub retire_tmo: u32,
    /// TPACKET_V3 per-block private area, bytes.
    pub sizeof_priv: u32,
    /// TPACKET_V3 feature request word.
    pub features: u32,
}

/// A fanout group the socket belongs to (`PACKET_FANOUT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PacketFanout {
    /// Group id.
    pub id: u16,
    /// Mode (`PACKET_FANOUT_HASH` 0, `LB` 1, `CPU` 2, ...).
    pub mode: u8,
    /// Mode flags (`PACKET_FANOUT_FLAG_*` >> 8: 0x10 rollover, 0x20
    /// unique id, 0x40 ignore outgoing, 0x80 defrag).
    pub flags: u8,
}

/// What `packet_diag` tells beyond /proc/net/packet (absent from /proc).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct PacketDetails {
    /// TPACKET version of the rings (0 = V1).
    pub version: u32,
    /// `PACKET_RESERVE` headroom, bytes.
    pub reserve: u32,
    /// `PACKET_COPY_THRESH`.
    pub copy_thresh: u32,
    /// `PACKET_TIMESTAMP` flags.
    pub tstamp: u32,
    /// `PDI_*` bits: 1 running, 2 auxdata, 4 origdev, 8 vnet_hdr, 16 loss.
    pub flags: u32,
    pub fanout: Option<PacketFanout>,
    pub rx_ring: Option<PacketRing>,
    pub tx_ring: Option<PacketRing>,
    /// Socket memory counters.
    pub skmem: Option<Skmem>,
}

/// One packet socket.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PacketSocket {
    pub kind: PacketType,
    /// Ethertype the socket receives, host order (`ETH_P_ALL` = 3, IPv4 =
    /// 0x0800); 0 when it receives nothing.
    pub protocol: u16,
    /// Interface it is bound to; 0 for every interface.
    pub ifindex: u32,
    /// Bound and receiving (`po->running`).
    pub running: bool,
    pub inode: u64,
    /// Inode of the network namespace the socket lives in (what
    /// `/proc/PID/ns/net` links to); 0 when unknown (a replayed table).
    pub netns: u64,
    pub uid: u32,
    /// Bytes queued for reading (`sk_rmem_alloc`).
    pub recv_q: u32,
    /// Bytes queued for sending (`sk_wmem_alloc`); 0 from /proc.
    pub send_q: u32,
    /// Packets dropped before reaching the socket; 0 from /proc.
    pub drops: u32,
    /// Kernel socket cookie (sock_diag only; 0 from /proc).
    pub cookie: u64,
    /// sock_diag only.
    pub details: Option<Box<PacketDetails>>,
}
