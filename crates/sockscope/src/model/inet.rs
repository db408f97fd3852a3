//! Internet sockets (TCP, UDP, UDP-Lite, raw, ICMP ping, SCTP and MPTCP over
//! IPv4 and IPv6) as plain data.
//! Values are kept as the kernel reports them (raw state numbers, queue sizes);
//! how they are shown is the renderers' business.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::InetDetails;

/// Address family of an internet socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Inet,
    Inet6,
}

impl Family {
    /// The unspecified address of this family.
    pub fn unspecified(self) -> IpAddr {
        match self {
            Family::Inet => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            Family::Inet6 => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
        }
    }
}

/// Transport protocol of an internet socket.
///
/// The first four are netstat's; the others are only collected when asked
/// for (netstat never shows them):
/// - `Icmp`: ICMP "ping" sockets (`socket(AF_INET, SOCK_DGRAM,
///   IPPROTO_ICMP)`, ICMPv6 for IPv6); the local "port" is the ICMP echo
///   identifier. Only /proc/net/icmp{,6} lists them (no sock_diag exists).
/// - `Sctp`: SCTP endpoints and associations (primary addresses only).
/// - `Mptcp`: Multipath TCP connections and listeners (the MPTCP-level
///   socket; its subflows are ordinary TCP sockets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InetProto {
    Tcp,
    Udp,
    UdpLite,
    Raw,
    Icmp,
    Sctp,
    Mptcp,
}

impl InetProto {
    /// The protocol number in sock_diag's one-byte `sdiag_protocol` field.
    /// For MPTCP (262, which does not fit) this is its low byte, 6, as ss
    /// sends it: the real number travels in the `INET_DIAG_REQ_PROTOCOL`
    /// request attribute (see [`InetProto::number`]).
    pub fn ipproto(self) -> u8 {
        match self {
            InetProto::Tcp => 6,
            InetProto::Udp => 17,
            InetProto::UdpLite => 136,
            InetProto::Raw => 255,
            InetProto::Icmp => 1,
            InetProto::Sctp => 132,
            InetProto::Mptcp => 6,
        }
    }

    /// Lower-case protocol name as machine formats spell it ("tcp",
    /// "udplite", "mptcp", ...).
    pub fn name(self) -> &'static str {
        match self {
            InetProto::Tcp => "tcp",
            InetProto::Udp => "udp",
            InetProto::UdpLite => "udplite",
            InetProto::Raw => "raw",
            InetProto::Icmp => "icmp",
            InetProto::Sctp => "sctp",
            InetProto::Mptcp => "mptcp",
        }
    }

    /// The IPPROTO_* number of the protocol (262 for MPTCP; ICMP ping
    /// sockets of IPv6 are IPPROTO_ICMPV6, 58, though this says 1).
    pub fn number(self) -> u16 {
        match self {
            InetProto::Mptcp => 262,
            p => u16::from(p.ipproto()),
        }
    }

    /// Does netstat know this protocol (tcp, udp, udplite, raw)?
    pub fn is_netstat(self) -> bool {
        matches!(
            self,
            InetProto::Tcp | InetProto::Udp | InetProto::UdpLite | InetProto::Raw
        )
    }

    /// Connection-oriented like TCP (a listener has remote port 0):
    /// TCP, SCTP and MPTCP.
    pub fn is_stream(self) -> bool {
        matches!(self, InetProto::Tcp | InetProto::Sctp | InetProto::Mptcp)
    }
}

/// Kernel socket states (include/net/tcp_states.h). UDP, raw and ICMP
/// sockets use the same numbering (ESTABLISHED when connected, CLOSE
/// otherwise); so do MPTCP and SCTP sockets (an SCTP association's own
/// state is mapped onto it by the collector). A number this build does not
/// know is kept as [`TcpState::Unknown`], so nothing the kernel said is lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TcpState {
    Established,
    SynSent,
    SynRecv,
    FinWait1,
    FinWait2,
    TimeWait,
    Close,
    CloseWait,
    LastAck,
    Listen,
    Closing,
    /// A request socket (the kernel's TCP_NEW_SYN_RECV, 12).
    NewSynRecv,
    BoundInactive,
    /// A state number this build does not know (or 0).
    Unknown(u8),
}

impl TcpState {
    /// Map a raw kernel state number.
    pub fn from_code(v: u8) -> TcpState {
        use TcpState::*;
        match v {
            1 => Established,
            2 => SynSent,
            3 => SynRecv,
            4 => FinWait1,
            5 => FinWait2,
            6 => TimeWait,
            7 => Close,
            8 => CloseWait,
            9 => LastAck,
            10 => Listen,
            11 => Closing,
            12 => NewSynRecv,
            13 => BoundInactive,
            other => Unknown(other),
        }
    }

    /// The kernel's state number.
    pub fn code(self) -> u8 {
        use TcpState::*;
        match self {
            Established => 1,
            SynSent => 2,
            SynRecv => 3,
            FinWait1 => 4,
            FinWait2 => 5,
            TimeWait => 6,
            Close => 7,
            CloseWait => 8,
            LastAck => 9,
            Listen => 10,
            Closing => 11,
            NewSynRecv => 12,
            BoundInactive => 13,
            Unknown(n) => n,
        }
    }

    /// Canonical upper-case name used by machine formats (e.g. `TIME_WAIT`;
    /// `UNKNOWN` for a number this build does not know).
    pub fn name(self) -> &'static str {
        use TcpState::*;
        match self {
            Established => "ESTABLISHED",
            SynSent => "SYN_SENT",
            SynRecv | NewSynRecv => "SYN_RECV",
            FinWait1 => "FIN_WAIT1",
            FinWait2 => "FIN_WAIT2",
            TimeWait => "TIME_WAIT",
            Close => "CLOSE",
            CloseWait => "CLOSE_WAIT",
            LastAck => "LAST_ACK",
            Listen => "LISTEN",
            Closing => "CLOSING",
            BoundInactive => "BOUND_INACTIVE",
            Unknown(_) => "UNKNOWN",
        }
    }
}

/// Which kernel timer is pending on a socket (inet_diag `idiag_timer`, and the
/// `tr` column of /proc/net/tcp).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TimerKind {
    /// No timer pending.
    #[default]
    Off,
    /// Retransmit timer (also the loss-probe and reorder timers).
    On,
    /// Keepalive timer.
    Keepalive,
    /// TIME_WAIT timer.
    TimeWait,
    /// Zero-window probe timer.
    Probe,
    /// A timer code this build does not know.
    Unknown(u8),
}

impl TimerKind {
    /// Map the kernel timer code (0 off, 1 on, 2 keepalive, 3 timewait, 4 probe).
    pub fn from_code(code: u8) -> TimerKind {
        match code {
            0 => TimerKind::Off,
            1 => TimerKind::On,
            2 => TimerKind::Keepalive,
            3 => TimerKind::TimeWait,
            4 => TimerKind::Probe,
            c => TimerKind::Unknown(c),
        }
    }
}

/// A pending timer as netstat `-o` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Timer {
    pub kind: TimerKind,
    /// Milliseconds until the timer fires (0 when off).
    pub expires_ms: u64,
    /// Retransmissions so far (`icsk_retransmits`).
    pub retrans: u32,
    /// Unanswered keepalive / zero-window probes (`icsk_probes_out`).
    pub probes: u32,
}

/// One internet socket. No heap data unless details were collected: a
/// default snapshot of 200k of these is one allocation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InetSocket {
    pub proto: InetProto,
    pub family: Family,
    pub local: IpAddr,
    pub local_port: u16,
    pub remote: IpAddr,
    pub remote_port: u16,
    /// Kernel state; raw sockets have one too (netstat prints its number
    /// for them: [`TcpState::code`]).
    pub state: TcpState,
    /// Bytes (TCP: unread data, or the accept backlog for a listener).
    pub recv_q: u32,
    /// Bytes (TCP: unacknowledged data, or the backlog limit for a listener).
    pub send_q: u32,
    pub uid: u32,
    /// Socket inode; 0 for TIME_WAIT and request sockets.
    pub inode: u64,
    /// Inode of the network namespace the socket lives in (what
    /// `/proc/PID/ns/net` links to); 0 when unknown (a replayed table).
    pub netns: u64,
    pub timer: Timer,
    /// Interface the socket is bound to (SO_BINDTODEVICE / scope), 0 if none.
    pub ifindex: u32,
    /// Kernel socket cookie (sock_diag only; 0 from /proc).
    pub cookie: u64,
    /// For raw sockets: the IP protocol number (shown as the local "port").
    pub raw_protocol: u8,
    /// Internals (tcp_info, memory, congestion, marks, cgroup), present only
    /// when the collection asked for details and the source has them
    /// (sock_diag; never /proc). Boxed so sockets without them stay small.
    pub details: Option<Box<InetDetails>>,
}
