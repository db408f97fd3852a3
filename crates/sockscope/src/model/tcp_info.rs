//! Socket internals that sock_diag reports on request (ss `-i -m -e`
//! territory): TCP's `tcp_info`, the socket memory counters, the congestion
//! control name, marks, cgroup and traffic class. Plain data in the kernel's
//! units (documented per field); absent data is `None`, never a made-up 0.
//!
//! Kept out of [`InetSocket`](super::InetSocket) proper: it travels boxed in
//! [`InetSocket::details`](super::InetSocket::details) and exists only when a
//! collection asked for details, so the default snapshot stays one flat
//! allocation.

/// `struct tcp_info` as the kernel filled it. Fields the kernel did not send
/// (an older kernel's shorter struct) read 0; [`TcpInfo::len`] says how many
/// bytes it sent, so a reader can tell "0" from "not reported".
///
/// Times: `*_us` in the doc means microseconds, `ms` milliseconds. Rates are
/// bytes per second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TcpInfo {
    /// Bytes of `tcp_info` the kernel sent (104 on 2.6 up to 280 on 6.18).
    pub len: u16,
    /// Kernel TCP state number (as [`InetSocket::state`](super::InetSocket::state)).
    pub state: u8,
    /// Congestion-avoidance state: 0 open, 1 disorder, 2 CWR, 3 recovery, 4 loss.
    pub ca_state: u8,
    /// Retransmissions of the current segment (`icsk_retransmits`).
    pub retransmits: u8,
    /// Unanswered zero-window or keepalive probes (`icsk_probes_out`).
    pub probes: u8,
    /// Exponential backoff of the retransmit timer.
    pub backoff: u8,
    /// Negotiated options: bit 0 timestamps, 1 SACK, 2 window scaling, 3 ECN,
    /// 4 ECN seen, 5 SYN data, 6 USEC timestamps, 7 TFO child.
    pub options: u8,
    /// Send window scale (valid when `options` has window scaling).
    pub snd_wscale: u8,
    /// Receive window scale.
    pub rcv_wscale: u8,
    /// The last delivery-rate sample was application limited.
    pub delivery_rate_app_limited: bool,
    /// Why a TCP Fast Open client attempt failed (0 none / unknown).
    pub fastopen_client_fail: u8,
    /// Retransmission timeout, µs.
    pub rto: u32,
    /// Delayed-ACK timeout, µs.
    pub ato: u32,
    /// Send maximum segment size, bytes.
    pub snd_mss: u32,
    /// Receive MSS estimate, bytes.
    pub rcv_mss: u32,
    /// Segments sent and not yet acknowledged (packets out).
    pub unacked: u32,
    /// Segments SACKed by the peer (a listener: its backlog limit).
    pub sacked: u32,
    /// Segments considered lost.
    pub lost: u32,
    /// Segments retransmitted and still out.
    pub retrans: u32,
    /// Always 0 on current kernels (FACK was removed).
    pub fackets: u32,
    /// Milliseconds since data was last sent.
    pub last_data_sent: u32,
    /// Milliseconds since an ACK was last sent (never remembered: 0).
    pub last_ack_sent: u32,
    /// Milliseconds since data was last received.
    pub last_data_recv: u32,
    /// Milliseconds since an ACK was last received.
    pub last_ack_recv: u32,
    /// Path MTU, bytes.
    pub pmtu: u32,
    /// Receive slow-start threshold (window clamp), bytes.
    pub rcv_ssthresh: u32,
    /// Smoothed round-trip time, µs.
    pub rtt: u32,
    /// Round-trip time variance, µs.
    pub rttvar: u32,
    /// Send slow-start threshold, segments (very large: not set yet).
    pub snd_ssthresh: u32,
    /// Congestion window, segments.
    pub snd_cwnd: u32,
    /// Advertised MSS, bytes.
    pub advmss: u32,
    /// Reordering metric, segments.
    pub reordering: u32,
    /// Receiver-side RTT estimate, µs.
    pub rcv_rtt: u32,
    /// Receive buffer space the autotuner aims for, bytes.
    pub rcv_space: u32,
    /// Retransmitted segments over the connection's life.
    pub total_retrans: u32,
    /// Current pacing rate, bytes/s.
    pub pacing_rate: u64,
    /// Pacing rate limit (SO_MAX_PACING_RATE), bytes/s; `u64::MAX` when unlimited.
    pub max_pacing_rate: u64,
    /// Bytes the peer acknowledged.
    pub bytes_acked: u64,
    /// Bytes received in order.
    pub bytes_received: u64,
    /// Segments sent (including retransmissions and pure ACKs).
    pub segs_out: u32,
    /// Segments received.
    pub segs_in: u32,
    /// Bytes written by the application and not yet sent.
    pub notsent_bytes: u32,
    /// Minimum RTT seen, µs.
    pub min_rtt: u32,
    /// Segments received carrying data.
    pub data_segs_in: u32,
    /// Segments sent carrying data.
    pub data_segs_out: u32,
    /// Latest delivery-rate sample, bytes/s.
    pub delivery_rate: u64,
    /// Time busy sending data, µs.
    pub busy_time: u64,
    /// Time limited by the peer's receive window, µs.
    pub rwnd_limited: u64,
    /// Time limited by the send buffer, µs.
    pub sndbuf_limited: u64,
    /// Segments delivered (acknowledged), including retransmissions.
    pub delivered: u32,
    /// Delivered segments that were ECN CE-marked.
    pub delivered_ce: u32,
    /// Bytes sent, including retransmissions.
    pub bytes_sent: u64,
    /// Bytes retransmitted.
    pub bytes_retrans: u64,
    /// Duplicate segments reported by DSACK.
    pub dsack_dups: u32,
    /// Reordering events seen.
    pub reord_seen: u32,
    /// Out-of-order segments received.
    pub rcv_ooopack: u32,
    /// Peer's advertised receive window after scaling, bytes.
    pub snd_wnd: u32,
    /// Our advertised receive window after scaling, bytes.
    pub rcv_wnd: u32,
    /// PLB or timeout triggered rehash attempts.
    pub rehash: u32,
    /// RTO timeouts, including SYN/SYN-ACK and recurring ones.
    pub total_rto: u16,
    /// RTO recoveries, including an unfinished one.
    pub total_rto_recoveries: u16,
    /// Time spent in RTO recoveries, ms.
    pub total_rto_time: u32,
    /// CE-marked segments received (AccECN).
    pub received_ce: u32,
    /// AccECN byte counters: delivered ECT(1), ECT(0), CE bytes.
    pub delivered_e1_bytes: u32,
    pub delivered_e0_bytes: u32,
    pub delivered_ce_bytes: u32,
    /// AccECN byte counters: received ECT(1), ECT(0), CE bytes.
    pub received_e1_bytes: u32,
    pub received_e0_bytes: u32,
    pub received_ce_bytes: u32,
    /// AccECN failure mode bits.
    pub accecn_fail_mode: u16,
    /// AccECN option seen state.
    pub accecn_opt_seen: u16,
}

/// Socket memory (`INET_DIAG_SKMEMINFO`, ss `-m`), bytes except `drops`.
/// Counters a kernel did not send read 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Skmem {
    /// Receive queue memory in use (`r`).
    pub rmem_alloc: u32,
    /// Receive buffer size (`rb`).
    pub rcvbuf: u32,
    /// Transmit memory in use (`t`).
    pub wmem_alloc: u32,
    /// Send buffer size (`tb`).
    pub sndbuf: u32,
    /// Memory reserved but not yet used (`f`).
    pub fwd_alloc: u32,
    /// Memory queued for sending (`w`).
    pub wmem_queued: u32,
    /// Option memory (`o`).
    pub optmem: u32,
    /// Backlog queue (`bl`).
    pub backlog: u32,
    /// Packets dropped before reaching the socket (`d`).
    pub drops: u32,
}

/// Everything sock_diag tells about one socket beyond the fixed message,
/// when asked for. Each field is `None` when the kernel did not send it
/// (e.g. no `tcp_info` for UDP, TIME_WAIT or request sockets; no `mark`
/// without CAP_NET_ADMIN; no `tclass` for IPv4 sockets).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct InetDetails {
    /// TCP only: `tcp_info`.
    pub tcp_info: Option<TcpInfo>,
    /// Socket memory counters.
    pub skmem: Option<Skmem>,
    /// TCP only: congestion control algorithm ("cubic", "bbr", ...).
    pub congestion: Option<Box<str>>,
    /// IPv4 type of service byte (also for IPv6 sockets, which use it for
    /// IPv4-mapped traffic).
    pub tos: Option<u8>,
    /// IPv6 traffic class.
    pub tclass: Option<u8>,
    /// net_cls class id, or the socket priority when none is set.
    pub class_id: Option<u32>,
    /// SO_MARK (the kernel sends it only to CAP_NET_ADMIN).
    pub mark: Option<u32>,
    /// cgroup v2 id of the socket's cgroup (the cgroup directory's inode
    /// number); names are resolved on demand by a resolver.
    pub cgroup_id: Option<u64>,
    /// Shutdown state: bit 0 receive side shut (`SHUT_RD`), bit 1 send side
    /// (`SHUT_WR`).
    pub shutdown: Option<u8>,
    /// IPV6_V6ONLY, sent for IPv6 listening and closed sockets.
    pub v6only: Option<bool>,
    /// MPTCP only: connection-level `mptcp_info`.
    pub mptcp: Option<super::MptcpInfo>,
}

impl InetDetails {
    /// True when the kernel sent nothing at all.
    pub fn is_empty(&self) -> bool {
        *self == InetDetails::default()
    }
}
