//! Connection tracking entries (netfilter conntrack) as plain data: the
//! original and reply tuples, status bits, timeout and the optional extras
//! the kernel reports. `netstat -M` lists the NAT'd ones.
//!
//! An entry is NAT'd when its reply tuple is not the mirror of its original
//! tuple: source NAT changes where replies go (reply destination), destination
//! NAT where they come from (reply source). The kernel records this in the
//! `IPS_SRC_NAT` / `IPS_DST_NAT` status bits; entries read from
//! /proc/net/nf_conntrack (which prints no status word) get those bits from
//! comparing the tuples.

use std::net::IpAddr;

use super::{Family, Warning};

/// Transport identifiers of a tuple.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum L4Ids {
    /// TCP, UDP, UDP-Lite, SCTP, DCCP.
    Ports { src: u16, dst: u16 },
    /// ICMP and ICMPv6: echo identifier, type and code.
    Icmp { id: u16, kind: u8, code: u8 },
    /// Protocols conntrack tracks without ports (GRE keys, ESP, generic).
    None,
}

/// One direction of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tuple {
    pub src: IpAddr,
    pub dst: IpAddr,
    pub l4: L4Ids,
}

impl Tuple {
    /// Source port (ICMP: the echo identifier); 0 when there is none.
    pub fn src_port(&self) -> u16 {
        match self.l4 {
            L4Ids::Ports { src, .. } => src,
            L4Ids::Icmp { id, .. } => id,
            L4Ids::None => 0,
        }
    }

    /// Destination port (ICMP: the type); 0 when there is none.
    pub fn dst_port(&self) -> u16 {
        match self.l4 {
            L4Ids::Ports { dst, .. } => dst,
            L4Ids::Icmp { kind, .. } => u16::from(kind),
            L4Ids::None => 0,
        }
    }
}

/// The conntrack status word (`enum ip_conntrack_status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CtStatus(pub u32);

impl CtStatus {
    pub const EXPECTED: u32 = 1 << 0;
    pub const SEEN_REPLY: u32 = 1 << 1;
    pub const ASSURED: u32 = 1 << 2;
    pub const CONFIRMED: u32 = 1 << 3;
    pub const SRC_NAT: u32 = 1 << 4;
    pub const DST_NAT: u32 = 1 << 5;
    pub const SEQ_ADJUST: u32 = 1 << 6;
    pub const SRC_NAT_DONE: u32 = 1 << 7;
    pub const DST_NAT_DONE: u32 = 1 << 8;
    pub const DYING: u32 = 1 << 9;
    pub const FIXED_TIMEOUT: u32 = 1 << 10;
    pub const TEMPLATE: u32 = 1 << 11;
    pub const UNTRACKED: u32 = 1 << 12;
    pub const HELPER: u32 = 1 << 13;
    pub const OFFLOAD: u32 = 1 << 14;
    pub const HW_OFFLOAD: u32 = 1 << 15;

    /// Bit names as the kernel's header spells them (without `IPS_`), in
    /// bit order; bits without a name here are left out.
    pub const NAMES: [(u32, &'static str); 16] = [
        (Self::EXPECTED, "EXPECTED"),
        (Self::SEEN_REPLY, "SEEN_REPLY"),
        (Self::ASSURED, "ASSURED"),
        (Self::CONFIRMED, "CONFIRMED"),
        (Self::SRC_NAT, "SRC_NAT"),
        (Self::DST_NAT, "DST_NAT"),
        (Self::SEQ_ADJUST, "SEQ_ADJUST"),
        (Self::SRC_NAT_DONE, "SRC_NAT_DONE"),
        (Self::DST_NAT_DONE, "DST_NAT_DONE"),
        (Self::DYING, "DYING"),
        (Self::FIXED_TIMEOUT, "FIXED_TIMEOUT"),
        (Self::TEMPLATE, "TEMPLATE"),
        (Self::UNTRACKED, "UNTRACKED"),
        (Self::HELPER, "HELPER"),
        (Self::OFFLOAD, "OFFLOAD"),
        (Self::HW_OFFLOAD, "HW_OFFLOAD"),
    ];

    /// Whether every bit of `bits` is set.
    pub fn has(self, bits: u32) -> bool {
        self.0 & bits == bits
    }

    /// Source or destination NAT applies to this connection.
    pub fn is_nat(self) -> bool {
        self.0 & (Self::SRC_NAT | Self::DST_NAT) != 0
    }
}

/// Sequence number adjustment of one direction (`CTA_SEQ_ADJ_*`), kept when
/// a helper (FTP, SIP...) rewrote payload and so shifted sequence numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SeqAdjust {
    pub correction_pos: u32,
    pub offset_before: i32,
    pub offset_after: i32,
}

/// One tracked connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConntrackEntry {
    pub family: Family,
    /// IP protocol number (6 TCP, 17 UDP, 1 ICMP, ...).
    pub protocol: u8,
    pub original: Tuple,
    pub reply: Tuple,
    pub status: CtStatus,
    /// Seconds until the entry expires, when the kernel said.
    pub timeout: Option<u32>,
    /// TCP (or SCTP/DCCP) conntrack state name as the kernel spells it in
    /// /proc ("ESTABLISHED", "TIME_WAIT", ...), when known.
    pub state: Option<String>,
    pub mark: Option<u32>,
    pub zone: Option<u16>,
    /// Kernel entry id (netlink only).
    pub id: Option<u32>,
    /// Sequence adjustment of the original direction (netlink only).
    pub seq_adjust_orig: Option<SeqAdjust>,
}

/// Where a conntrack listing came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConntrackSource {
    /// ctnetlink dump (NETLINK_NETFILTER).
    Netlink,
    /// /proc/net/nf_conntrack text (status bits partly inferred).
    Proc,
}

/// One read of the conntrack table of the current network namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conntrack {
    pub source: ConntrackSource,
    /// Every entry read, NAT'd or not, in kernel order.
    pub entries: Vec<ConntrackEntry>,
    /// E.g. the netlink dump failed and /proc was read instead.
    pub warnings: Vec<Warning>,
}

impl Conntrack {
    /// The NAT'd entries.
    pub fn nat_entries(&self) -> impl Iterator<Item = &ConntrackEntry> {
        self.entries.iter().filter(|e| e.status.is_nat())
    }
}
