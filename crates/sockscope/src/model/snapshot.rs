//! One collection: the sockets, optionally who holds them, and what could not
//! be seen.

use super::{InetSocket, NetlinkSocket, PacketSocket, ProcessMap, UnixSocket, Warning};

/// Everything one `collect` call gathered, in kernel enumeration order
/// (protocols in the order they were asked for).
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub inet: Vec<InetSocket>,
    pub unix: Vec<UnixSocket>,
    /// Packet (AF_PACKET) sockets, when asked for.
    pub packet: Vec<PacketSocket>,
    /// Netlink sockets, when asked for.
    pub netlink: Vec<NetlinkSocket>,
    /// Present only when process information was asked for.
    pub processes: Option<ProcessMap>,
    pub warnings: Vec<Warning>,
}
