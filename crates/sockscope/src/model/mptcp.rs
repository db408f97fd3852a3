//! MPTCP connection-level state (`struct mptcp_info`, ss `-M -i`), as
//! sock_diag reports it for an MPTCP socket in `INET_DIAG_INFO`. Plain data
//! in the kernel's units; fields a kernel did not send read 0, and
//! [`MptcpInfo::len`] says how many bytes it sent.

/// `mptcpi_flags` bit: the connection fell back to plain TCP.
pub const MPTCP_FLAG_FALLBACK: u32 = 1 << 0;
/// `mptcpi_flags` bit: the peer's key was received (the handshake completed).
pub const MPTCP_FLAG_REMOTE_KEY_RECEIVED: u32 = 1 << 1;

/// `struct mptcp_info` as the kernel filled it (uapi/linux/mptcp.h).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MptcpInfo {
    /// Bytes of `mptcp_info` the kernel sent (40 on 5.9, 96 on 6.10+).
    pub len: u16,
    /// Additional subflows (beyond the initial one).
    pub subflows: u8,
    /// ADD_ADDR announcements sent.
    pub add_addr_signal: u8,
    /// ADD_ADDR announcements accepted from the peer.
    pub add_addr_accepted: u8,
    /// Limit of additional subflows.
    pub subflows_max: u8,
    /// Limit of addresses to announce.
    pub add_addr_signal_max: u8,
    /// Limit of announced addresses to accept.
    pub add_addr_accepted_max: u8,
    /// `MPTCP_FLAG_*` bits.
    pub flags: u32,
    /// Local connection token.
    pub token: u32,
    /// Next data sequence number to send (64-bit MPTCP sequence space).
    pub write_seq: u64,
    /// Oldest unacknowledged data sequence number.
    pub snd_una: u64,
    /// Next data sequence number expected from the peer.
    pub rcv_nxt: u64,
    /// Local addresses in use by subflows.
    pub local_addr_used: u8,
    /// Limit of local addresses for subflows.
    pub local_addr_max: u8,
    /// Data checksums are in use.
    pub csum_enabled: bool,
    /// MPTCP-level retransmissions.
    pub retransmits: u32,
    /// Bytes retransmitted at the MPTCP level.
    pub bytes_retrans: u64,
    /// Bytes sent.
    pub bytes_sent: u64,
    /// Bytes received.
    pub bytes_received: u64,
    /// Bytes acknowledged by the peer.
    pub bytes_acked: u64,
    /// Every subflow, the initial one included (6.8+).
    pub subflows_total: u8,
    /// Milliseconds since data was last sent (6.10+).
    pub last_data_sent: u32,
    /// Milliseconds since data was last received (6.10+).
    pub last_data_recv: u32,
    /// Milliseconds since an ACK was last received (6.10+).
    pub last_ack_recv: u32,
}

impl MptcpInfo {
    /// The connection fell back to plain TCP.
    pub fn fallback(&self) -> bool {
        self.flags & MPTCP_FLAG_FALLBACK != 0
    }
}
