//! Netlink (AF_NETLINK) sockets as plain data: the kernel's own sockets
//! (port id 0) and those of processes talking to it (rtnetlink, genetlink,
//! audit, ...). Protocol names are the renderers' business.

/// `NETLINK_DIAG` flags (`NDIAG_FLAG_*`), sock_diag only.
pub mod netlink_flags {
    /// A dump is in progress on the socket.
    pub const CB_RUNNING: u32 = 0x01;
    pub const PKTINFO: u32 = 0x02;
    pub const BROADCAST_ERROR: u32 = 0x04;
    pub const NO_ENOBUFS: u32 = 0x08;
    pub const LISTEN_ALL_NSID: u32 = 0x10;
    pub const CAP_ACK: u32 = 0x20;
}

/// One netlink socket.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NetlinkSocket {
    /// `NETLINK_*` protocol (0 route, 4 sock_diag, 16 generic, ...).
    pub protocol: u8,
    /// SOCK_* type (`SOCK_RAW` 3 or `SOCK_DGRAM` 2); 0 when unknown
    /// (/proc does not say).
    pub sock_type: u8,
    /// The kernel's `sk_state`: 1 (`NETLINK_CONNECTED`) when connected;
    /// otherwise 7 (TCP_CLOSE, a fresh socket) or 0 (`NETLINK_UNCONNECTED`,
    /// after a disconnect). `None` from /proc, which does not say.
    pub state: Option<u8>,
    /// Own port id; 0 for the kernel's socket of the protocol.
    pub portid: u32,
    /// Peer port id and multicast group of a connected socket (0 when not
    /// connected, and from /proc).
    pub dst_portid: u32,
    pub dst_group: u32,
    /// Multicast groups joined (group numbers, ascending). /proc only
    /// shows the first 32.
    pub groups: Vec<u32>,
    pub inode: u64,
    /// Inode of the network namespace the socket lives in (what
    /// `/proc/PID/ns/net` links to); 0 when unknown (a replayed table).
    pub netns: u64,
    /// Bytes queued for reading.
    pub recv_q: u32,
    /// Bytes queued for sending.
    pub send_q: u32,
    /// Messages dropped (receive buffer full).
    pub drops: u32,
    /// Kernel socket cookie (sock_diag only; 0 from /proc).
    pub cookie: u64,
    /// [`netlink_flags`] bits; `None` from /proc.
    pub flags: Option<u32>,
}
