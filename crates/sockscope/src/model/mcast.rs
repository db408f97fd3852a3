//! Multicast group memberships as plain data: which interface has joined
//! which group, and how many sockets (or kernel users) hold the membership.
//! Read from /proc/net/igmp and /proc/net/igmp6; shown by the renderers.

use std::net::IpAddr;

use super::Warning;

/// One group joined on one interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupMembership {
    /// Interface index.
    pub ifindex: u32,
    /// Interface name (untrusted bytes).
    pub interface: Box<[u8]>,
    /// The multicast group; its family tells IGMP from MLD.
    pub group: IpAddr,
    /// Reference count ("Users" in /proc/net/igmp).
    pub users: u32,
}

/// Memberships in kernel order: IPv4 (per interface, as /proc/net/igmp lists
/// them) then IPv6, and what could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupTable {
    pub groups: Vec<GroupMembership>,
    pub warnings: Vec<Warning>,
}
