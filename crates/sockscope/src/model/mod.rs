//! Plain data: what the kernel told us, with no kernel types and no
//! presentation quirks. Renderers read these; collectors fill them.

mod conntrack;
mod inet;
mod kind;
mod link;
mod mcast;
mod mptcp;
mod netlink_sock;
mod packet;
mod process;
mod route;
mod snapshot;
mod snmp;
mod socket;
mod tcp_info;
mod unix;
mod warning;

pub use conntrack::{
    Conntrack, ConntrackEntry, ConntrackSource, CtStatus, L4Ids, SeqAdjust, Tuple,
};
pub use inet::{Family, InetProto, InetSocket, TcpState, Timer, TimerKind};
pub use kind::SocketKind;
pub use link::{
    flags as link_flags, DeviceMap, Ipv4Config, Ipv6Config, Link, LinkConfig, LinkFetchError,
    LinkStats, LinkTable,
};
pub use mcast::{GroupMembership, GroupTable};
pub use mptcp::{MptcpInfo, MPTCP_FLAG_FALLBACK, MPTCP_FLAG_REMOTE_KEY_RECEIVED};
pub use netlink_sock::{netlink_flags, NetlinkSocket};
pub use packet::{PacketDetails, PacketFanout, PacketRing, PacketSocket, PacketType, ETH_P_ALL};
pub(crate) use process::Rescan;
pub use process::{MissingOwner, ProcessMap, ProcessRef, ScanGaps, SockKey};
pub use route::{table, NextHop, Route, RouteFlags, RouteMetrics, RouteTable, RouteType};
pub use snapshot::Snapshot;
pub use snmp::{Counter, CounterBlock, Statistics, StatsSource};
pub use socket::{Socket, SocketRef};
pub use tcp_info::{InetDetails, Skmem, TcpInfo};
pub use unix::{unix_flags, UnixPath, UnixSocket, UnixState, UnixType};
pub use warning::Warning;
