//! netstat 2.10's sentence tables for `-s` (statistics.c): per counter, the
//! sentence printed for it (`%llu` / `%s` stand for the value), how it is
//! printed, and whether it is "static" (never printed: 2.10 never sets its
//! print_static switch).
//!
//! The ORDER of each table is netstat's and matters: netstat finds a counter
//! with `bsearch`, and several tables are not sorted the way `strcmp`
//! sorts (e.g. "Forwarding" after "ForwDatagrams", "TCPDSACK..." after
//! "TCPDirectCopy..."), so some counters are never found and print as
//! `Name: value` instead of their sentence. `lookup` reproduces glibc's
//! bsearch on these exact arrays. Entries with an empty sentence are found
//! and print nothing. One title has a trailing space and never matches.

use Kind::*;

/// How a found counter prints (netstat's `enum State`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Always printed, indent 4.
    Number,
    /// Printed when non-zero, indent 4.
    OptNumber,
    /// "Forwarding is enabled/disabled" (static).
    Forward,
    /// A line of the "ICMP input histogram:", indent 8, when non-zero.
    InIcmp,
    /// A line of the "ICMP output histogram:", indent 8, when non-zero.
    OutIcmp,
    /// "RTO algorithm is ..." (static, prints nothing).
    RtoAlg,
}

/// Entry flags.
pub(super) const PLAIN: u8 = 0;
/// netstat's I_STATIC: configuration, not a counter; skipped.
pub(super) const STATIC: u8 = 1;
/// netstat's I_TITLE: opens its histogram with a title line.
pub(super) const TITLED: u8 = 2;

/// One known counter.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    pub title: &'static str,
    pub sentence: &'static str,
    pub kind: Kind,
    pub flags: u8,
}

const fn e(title: &'static str, sentence: &'static str, kind: Kind, flags: u8) -> Entry {
    Entry {
        title,
        sentence,
        kind,
        flags,
    }
}

/// glibc's `bsearch` with `strcmp` over `table` as it is ordered.
pub(super) fn lookup(table: &[Entry], name: &str) -> Option<Entry> {
    let (mut lo, mut hi) = (0, table.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        match name.as_bytes().cmp(table[mid].title.as_bytes()) {
            std::cmp::Ordering::Less => hi = mid,
            std::cmp::Ordering::Greater => lo = mid + 1,
            std::cmp::Ordering::Equal => return Some(table[mid]),
        }
    }
    None
}

pub(super) const IP: &[Entry] = &[
    e("DefaultTTL", "Default TTL is %llu", Number, STATIC),
    e("Forwarding", "Forwarding is %s", Forward, STATIC),
    e("ForwDatagrams", "%llu forwarded", Number, PLAIN),
    e("FragCreates", "%llu fragments created", OptNumber, PLAIN),
    e(
        "FragFails",
        "%llu outgoing packets failed fragmentation",
        OptNumber,
        PLAIN,
    ),
    e(
        "FragOKs",
        "%llu outgoing packets fragmented ok",
        OptNumber,
        PLAIN,
    ),
    e(
        "InAddrErrors",
        "%llu with invalid addresses",
        OptNumber,
        PLAIN,
    ),
    e(
        "InDelivers",
        "%llu incoming packets delivered",
        Number,
        PLAIN,
    ),
    e(
        "InDiscards",
        "%llu incoming packets discarded",
        Number,
        PLAIN,
    ),
    e("InHdrErrors", "%llu with invalid headers", OptNumber, PLAIN),
    e("InReceives", "%llu total packets received", Number, PLAIN),
    e(
        "InUnknownProtos",
        "%llu with unknown protocol",
        OptNumber,
        PLAIN,
    ),
    e(
        "OutDiscards",
        "%llu outgoing packets dropped",
        OptNumber,
        PLAIN,
    ),
    e(
        "OutNoRoutes",
        "%llu dropped because of missing route",
        OptNumber,
        PLAIN,
    ),
    e("OutRequests", "%llu requests sent out", Number, PLAIN),
    e(
        "ReasmFails",
        "%llu packet reassemblies failed",
        OptNumber,
        PLAIN,
    ),
    e("ReasmOKs", "%llu packets reassembled ok", OptNumber, PLAIN),
    e("ReasmReqds", "%llu reassemblies required", OptNumber, PLAIN),
    e(
        "ReasmTimeout",
        "%llu fragments dropped after timeout",
        OptNumber,
        PLAIN,
    ),
];

pub(super) const IP6: &[Entry] = &[
    e("Ip6FragCreates", "%llu fragments created", OptNumber, PLAIN),
    e(
        "Ip6FragFails",
        "%llu outgoing packets failed fragmentation",
        OptNumber,
        PLAIN,
    ),
    e(
        "Ip6FragOKs",
        "%llu outgoing packets fragmented ok",
        OptNumber,
        PLAIN,
    ),
    e(
        "Ip6InAddrErrors",
        "%llu with invalid addresses",
        OptNumber,
        PLAIN,
    ),
    e(
        "Ip6InDelivers",
        "%llu incoming packets delivered",
        Number,
        PLAIN,
    ),
    e(
        "Ip6InDiscards",
        "%llu incoming packets discarded",
        Number,
        PLAIN,
    ),
    e(
        "Ip6InHdrErrors",
        "%llu with invalid headers",
        OptNumber,
        PLAIN,
    ),
    e(
        "Ip6InMcastPkts",
        "%llu incoming multicast packets",
        OptNumber,
        PLAIN,
    ),
    e(
        "Ip6InNoRoutes",
        "%llu incoming packets with no route",
        OptNumber,
        PLAIN,
    ),
    e(
        "Ip6InReceives",
        "%llu total packets received",
        Number,
        PLAIN,
    ),
    e(
        "Ip6InTooBigErrors",
        "%llu with packets too big",
        OptNumber,
        PLAIN,
    ),
    e(
        "Ip6InTruncatedPkts",
        "%llu with truncated packets",
        OptNumber,
        PLAIN,
    ),
    e(
        "Ip6InUnknownProtos",
        "%llu with unknown protocol",
        OptNumber,
        PLAIN,
    ),
    e(
        "Ip6OutDiscards",
        "%llu outgoing packets dropped",
        OptNumber,
        PLAIN,
    ),
    e("Ip6OutForwDatagrams", "%llu forwarded", Number, PLAIN),
    e(
        "Ip6OutMcastPkts",
        "%llu outgoing multicast packets",
        OptNumber,
        PLAIN,
    ),
    e(
        "Ip6OutNoRoutes",
        "%llu dropped because of missing route",
        OptNumber,
        PLAIN,
    ),
    e("Ip6OutRequests", "%llu requests sent out", Number, PLAIN),
    e(
        "Ip6ReasmFails",
        "%llu packet reassemblies failed",
        OptNumber,
        PLAIN,
    ),
    e(
        "Ip6ReasmOKs",
        "%llu packets reassembled ok",
        OptNumber,
        PLAIN,
    ),
    e(
        "Ip6ReasmReqds",
        "%llu reassemblies required",
        OptNumber,
        PLAIN,
    ),
    e(
        "Ip6ReasmTimeout",
        "%llu fragments dropped after timeout",
        OptNumber,
        PLAIN,
    ),
];

pub(super) const ICMP: &[Entry] = &[
    e(
        "InAddrMaskReps",
        "address mask replies: %llu",
        InIcmp,
        TITLED,
    ),
    e("InAddrMasks", "address mask request: %llu", InIcmp, TITLED),
    e(
        "InDestUnreachs",
        "destination unreachable: %llu",
        InIcmp,
        TITLED,
    ),
    e("InEchoReps", "echo replies: %llu", InIcmp, TITLED),
    e("InEchos", "echo requests: %llu", InIcmp, TITLED),
    e("InErrors", "%llu input ICMP message failed", Number, PLAIN),
    e("InMsgs", "%llu ICMP messages received", Number, PLAIN),
    e("InParmProbs", "wrong parameters: %llu", InIcmp, TITLED),
    e("InRedirects", "redirects: %llu", InIcmp, TITLED),
    e("InSrcQuenchs", "source quenches: %llu", InIcmp, TITLED),
    e("InTimeExcds", "timeout in transit: %llu", InIcmp, TITLED),
    e("InTimestampReps", "timestamp reply: %llu", InIcmp, TITLED),
    e("InTimestamps", "timestamp request: %llu", InIcmp, TITLED),
    e(
        "OutAddrMaskReps",
        "address mask replies: %llu",
        OutIcmp,
        TITLED,
    ),
    e(
        "OutAddrMasks",
        "address mask requests: %llu",
        OutIcmp,
        TITLED,
    ),
    e(
        "OutDestUnreachs",
        "destination unreachable: %llu",
        OutIcmp,
        TITLED,
    ),
    e("OutEchoReps", "echo replies: %llu", OutIcmp, TITLED),
    e("OutEchos", "echo requests: %llu", OutIcmp, TITLED),
    e("OutErrors", "%llu ICMP messages failed", Number, PLAIN),
    e("OutMsgs", "%llu ICMP messages sent", Number, PLAIN),
    e("OutParmProbs", "wrong parameters: %llu", OutIcmp, TITLED),
    e("OutRedirects", "redirect: %llu", OutIcmp, TITLED),
    e("OutSrcQuenchs", "source quench: %llu", OutIcmp, TITLED),
    e("OutTimeExcds", "time exceeded: %llu", OutIcmp, TITLED),
    e(
        "OutTimestampReps",
        "timestamp replies: %llu",
        OutIcmp,
        TITLED,
    ),
    e("OutTimestamps", "timestamp requests: %llu", OutIcmp, TITLED),
];

pub(super) const ICMP6: &[Entry] = &[
    e(
        "Icmp6InDestUnreachs",
        "destination unreachable: %llu",
        InIcmp,
        TITLED,
    ),
    e("Icmp6InEchoReplies", "echo replies: %llu", InIcmp, TITLED),
    e("Icmp6InEchos", "echo requests: %llu", InIcmp, TITLED),
    e(
        "Icmp6InErrors",
        "%llu input ICMP message failed",
        Number,
        PLAIN,
    ),
    e(
        "Icmp6InGroupMembQueries",
        "group member queries: %llu",
        InIcmp,
        TITLED,
    ),
    e(
        "Icmp6InGroupMembReductions",
        "group member reductions: %llu",
        InIcmp,
        TITLED,
    ),
    e(
        "Icmp6InGroupMembResponses",
        "group member responses: %llu",
        InIcmp,
        TITLED,
    ),
    e("Icmp6InMsgs", "%llu ICMP messages received", Number, PLAIN),
    e(
        "Icmp6InNeighborAdvertisements",
        "neighbour advertisement: %llu",
        InIcmp,
        TITLED,
    ),
    e(
        "Icmp6InNeighborSolicits",
        "neighbour solicits: %llu",
        InIcmp,
        TITLED,
    ),
    e(
        "Icmp6InParmProblems",
        "parameter problem: %llu",
        InIcmp,
        TITLED,
    ),
    e("Icmp6InPktTooBigs", "packets too big: %llu", InIcmp, TITLED),
    e("Icmp6InRedirects", "redirects: %llu", InIcmp, TITLED),
    e(
        "Icmp6InRouterAdvertisements",
        "router advertisement: %llu",
        InIcmp,
        TITLED,
    ),
    e(
        "Icmp6InRouterSolicits",
        "router solicits: %llu",
        InIcmp,
        TITLED,
    ),
    e(
        "Icmp6InTimeExcds",
        "received ICMPv6 time exceeded: %llu",
        InIcmp,
        TITLED,
    ),
    e(
        "Icmp6OutDestUnreachs",
        "destination unreachable: %llu",
        OutIcmp,
        TITLED,
    ),
    e("Icmp6OutEchoReplies", "echo replies: %llu", OutIcmp, TITLED),
    e("Icmp6OutEchos", "echo requests: %llu", OutIcmp, TITLED),
    e(
        "Icmp6OutGroupMembQueries",
        "group member queries: %llu",
        OutIcmp,
        TITLED,
    ),
    e(
        "Icmp6OutGroupMembReductions",
        "group member reductions: %llu",
        OutIcmp,
        TITLED,
    ),
    e(
        "Icmp6OutGroupMembResponses",
        "group member responses: %llu",
        OutIcmp,
        TITLED,
    ),
    e("Icmp6OutMsgs", "%llu ICMP messages sent", Number, PLAIN),
    e(
        "Icmp6OutNeighborAdvertisements",
        "neighbor advertisements: %llu",
        OutIcmp,
        TITLED,
    ),
    e(
        "Icmp6OutNeighborSolicits",
        "neighbor solicits: %llu",
        OutIcmp,
        TITLED,
    ),
    e(
        "Icmp6OutParmProblems",
        "parameter problem: %llu",
        OutIcmp,
        TITLED,
    ),
    e(
        "Icmp6OutPktTooBigs",
        "packets too big: %llu",
        OutIcmp,
        TITLED,
    ),
    e("Icmp6OutRedirects", "redirects: %llu", OutIcmp, TITLED),
    e(
        "Icmp6OutRouterAdvertisements ",
        "router advertisement: %llu",
        OutIcmp,
        TITLED,
    ),
    e(
        "Icmp6OutRouterSolicits",
        "router solicits: %llu",
        OutIcmp,
        TITLED,
    ),
    e(
        "Icmp6OutTimeExcds",
        "sent ICMPv6 time exceeded: %llu",
        OutIcmp,
        TITLED,
    ),
];

pub(super) const TCP: &[Entry] = &[
    e(
        "ActiveOpens",
        "%llu active connection openings",
        Number,
        PLAIN,
    ),
    e(
        "AttemptFails",
        "%llu failed connection attempts",
        Number,
        PLAIN,
    ),
    e("CurrEstab", "%llu connections established", Number, PLAIN),
    e(
        "EstabResets",
        "%llu connection resets received",
        Number,
        PLAIN,
    ),
    e("InErrs", "%llu bad segments received", Number, PLAIN),
    e("InSegs", "%llu segments received", Number, PLAIN),
    e("MaxConn", "", Number, PLAIN),
    e("OutRsts", "%llu resets sent", Number, PLAIN),
    e("OutSegs", "%llu segments sent out", Number, PLAIN),
    e(
        "PassiveOpens",
        "%llu passive connection openings",
        Number,
        PLAIN,
    ),
    e("RetransSegs", "%llu segments retransmitted", Number, PLAIN),
    e("RtoAlgorithm", "RTO algorithm is %s", RtoAlg, STATIC),
    e("RtoMax", "", Number, PLAIN),
    e("RtoMin", "", Number, PLAIN),
];

pub(super) const UDP: &[Entry] = &[
    e("InDatagrams", "%llu packets received", Number, PLAIN),
    e("InErrors", "%llu packet receive errors", Number, PLAIN),
    e(
        "NoPorts",
        "%llu packets to unknown port received",
        Number,
        PLAIN,
    ),
    e("OutDatagrams", "%llu packets sent", Number, PLAIN),
    e("RcvbufErrors", "%llu receive buffer errors", Number, PLAIN),
    e("SndbufErrors", "%llu send buffer errors", Number, PLAIN),
];

pub(super) const UDP6: &[Entry] = &[
    e("Udp6InDatagrams", "%llu packets received", Number, PLAIN),
    e("Udp6InErrors", "%llu packet receive errors", Number, PLAIN),
    e(
        "Udp6NoPorts",
        "%llu packets to unknown port received",
        Number,
        PLAIN,
    ),
    e("Udp6OutDatagrams", "%llu packets sent", Number, PLAIN),
];

pub(super) const TCP_EXT: &[Entry] = &[
    e(
        "DelayedACKLocked",
        "%llu delayed acks further delayed because of locked socket",
        OptNumber,
        PLAIN,
    ),
    e(
        "DelayedACKLost",
        "Quick ack mode was activated %llu times",
        OptNumber,
        PLAIN,
    ),
    e("DelayedACKs", "%llu delayed acks sent", OptNumber, PLAIN),
    e(
        "EmbryonicRsts",
        "%llu resets received for embryonic SYN_RECV sockets",
        OptNumber,
        PLAIN,
    ),
    e(
        "ListenDrops",
        "%llu SYNs to LISTEN sockets dropped",
        OptNumber,
        PLAIN,
    ),
    e(
        "ListenOverflows",
        "%llu times the listen queue of a socket overflowed",
        OptNumber,
        PLAIN,
    ),
    e(
        "LockDroppedIcmps",
        "%llu ICMP packets dropped because socket was locked",
        OptNumber,
        PLAIN,
    ),
    e(
        "OfoPruned",
        "%llu packets dropped from out-of-order queue because of socket buffer overrun",
        OptNumber,
        PLAIN,
    ),
    e(
        "OutOfWindowIcmps",
        "%llu ICMP packets dropped because they were out-of-window",
        OptNumber,
        PLAIN,
    ),
    e(
        "PAWSActive",
        "%llu active connections rejected because of time stamp",
        OptNumber,
        PLAIN,
    ),
    e(
        "PAWSEstab",
        "%llu packets rejected in established connections because of timestamp",
        OptNumber,
        PLAIN,
    ),
    e(
        "PAWSPassive",
        "%llu passive connections rejected because of time stamp",
        OptNumber,
        PLAIN,
    ),
    e(
        "PruneCalled",
        "%llu packets pruned from receive queue because of socket buffer overrun",
        OptNumber,
        PLAIN,
    ),
    e(
        "RcvPruned",
        "%llu packets pruned from receive queue",
        OptNumber,
        PLAIN,
    ),
    e(
        "SockMallocOOM",
        "Ran %llu times out of system memory during packet sending",
        OptNumber,
        PLAIN,
    ),
    e(
        "SyncookiesFailed",
        "%llu invalid SYN cookies received",
        OptNumber,
        PLAIN,
    ),
    e(
        "SyncookiesRecv",
        "%llu SYN cookies received",
        OptNumber,
        PLAIN,
    ),
    e("SyncookiesSent", "%llu SYN cookies sent", OptNumber, PLAIN),
    e(
        "TCPAbortFailed",
        "%llu times unable to send RST due to no memory",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPAbortOnClose",
        "%llu connections reset due to early user close",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPAbortOnData",
        "%llu connections reset due to unexpected data",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPAbortOnLinger",
        "%llu connections aborted after user close in linger timeout",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPAbortOnMemory",
        "%llu connections aborted due to memory pressure",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPAbortOnSyn",
        "%llu connections reset due to unexpected SYN",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPAbortOnTimeout",
        "%llu connections aborted due to timeout",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPDirectCopyFromBacklog",
        "%llu bytes directly in process context from backlog",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPDirectCopyFromPrequeue",
        "%llu bytes directly received in process context from prequeue",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPDSACKOfoRecv",
        "%llu DSACKs for out of order packets received",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPDSACKOfoSent",
        "%llu DSACKs sent for out of order packets",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPDSACKOldSent",
        "%llu DSACKs sent for old packets",
        OptNumber,
        PLAIN,
    ),
    e("TCPDSACKRecv", "%llu DSACKs received", OptNumber, PLAIN),
    e(
        "TCPDSackUndo",
        "%llu congestion window recovered without slow start using DSACK",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPDSACKUndo",
        "%llu congestion windows recovered without slow start by DSACK",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPFACKReorder",
        "Detected reordering %llu times using FACK",
        OptNumber,
        PLAIN,
    ),
    e("TCPFastRetrans", "%llu fast retransmits", OptNumber, PLAIN),
    e(
        "TCPForwardRetrans",
        "%llu forward retransmits",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPFullUndo",
        "%llu congestion windows fully recovered without slow start",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPHPAcks",
        "%llu predicted acknowledgments",
        OptNumber,
        PLAIN,
    ),
    e("TCPHPHits", "%llu packet headers predicted", Number, PLAIN),
    e(
        "TCPHPHitsToUser",
        "%llu packet headers predicted and directly queued to user",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPLossFailures",
        "%llu timeouts in loss state",
        OptNumber,
        PLAIN,
    ),
    e("TCPLoss", "%llu TCP data loss events", OptNumber, PLAIN),
    e(
        "TCPLossUndo",
        "%llu congestion windows recovered without slow start after partial ack",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPLostRetransmits",
        "%llu retransmits lost",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPMemoryPressures",
        "TCP ran low on memory %llu times",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPPartialUndo",
        "%llu congestion windows partially recovered using Hoe heuristic",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPPrequeued",
        "%llu packets directly queued to recvmsg prequeue",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPPrequeueDropped",
        "%llu packets dropped from prequeue",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPPureAcks",
        "%llu acknowledgments not containing data payload received",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPRcvCollapsed",
        "%llu packets collapsed in receive queue due to low socket buffer",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPRenoFailures",
        "%llu timeouts after reno fast retransmit",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPRenoRecoveryFailed",
        "%llu reno fast retransmits failed",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPRenoRecoveryFail",
        "%llu classic Reno fast retransmits failed",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPRenoRecovery",
        "%llu times recovered from packet loss due to fast retransmit",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPRenoReorder",
        "Detected reordering %llu times using reno fast retransmit",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPSackFailures",
        "%llu timeouts after SACK recovery",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPSackRecoveryFail",
        "%llu SACK retransmits failed",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPSackRecovery",
        "%llu times recovered from packet loss by selective acknowledgements",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPSACKReneging",
        "%llu bad SACK blocks received",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPSACKReorder",
        "Detected reordering %llu times using SACK",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPSchedulerFailed",
        "%llu times receiver scheduled too late for direct processing",
        OptNumber,
        PLAIN,
    ),
    e(
        "TCPSlowStartRetrans",
        "%llu retransmits in slow start",
        OptNumber,
        PLAIN,
    ),
    e("TCPTimeouts", "%llu other TCP timeouts", OptNumber, PLAIN),
    e(
        "TCPTSReorder",
        "Detected reordering %llu times using time stamp",
        OptNumber,
        PLAIN,
    ),
    e(
        "TWKilled",
        "%llu TCP sockets finished time wait in slow timer",
        OptNumber,
        PLAIN,
    ),
    e(
        "TW",
        "%llu TCP sockets finished time wait in fast timer",
        OptNumber,
        PLAIN,
    ),
    e(
        "TWRecycled",
        "%llu time wait sockets recycled by time stamp",
        OptNumber,
        PLAIN,
    ),
];

pub(super) const SCTP: &[Entry] = &[
    e("SctpAborteds", "%llu Number of Aborteds ", Number, PLAIN),
    e(
        "SctpActiveEstabs",
        "%llu Active Associations",
        Number,
        PLAIN,
    ),
    e(
        "SctpChecksumErrors",
        "%llu Number of Packets with invalid Checksum",
        Number,
        PLAIN,
    ),
    e("SctpCurrEstab", "%llu Current Associations", Number, PLAIN),
    e(
        "SctpFragUsrMsgs",
        "%llu Number of messages fragmented",
        Number,
        PLAIN,
    ),
    e(
        "SctpInCtrlChunks",
        "%llu Number of control chunks received",
        Number,
        PLAIN,
    ),
    e(
        "SctpInOrderChunks",
        "%llu Number of ordered chunks received",
        Number,
        PLAIN,
    ),
    e(
        "SctpInSCTPPacks",
        "%llu Number of SCTP packets received",
        Number,
        PLAIN,
    ),
    e(
        "SctpInUnorderChunks",
        "%llu Number of Unordered chunks received",
        Number,
        PLAIN,
    ),
    e(
        "SctpOutCtrlChunks",
        "%llu Number of control chunks sent",
        Number,
        PLAIN,
    ),
    e(
        "SctpOutOfBlues",
        "%llu Number of Out of Blue packets",
        Number,
        PLAIN,
    ),
    e(
        "SctpOutOrderChunks",
        "%llu Number of ordered chunks sent",
        Number,
        PLAIN,
    ),
    e(
        "SctpOutSCTPPacks",
        "%llu Number of SCTP packets sent",
        Number,
        PLAIN,
    ),
    e(
        "SctpOutUnorderChunks",
        "%llu Number of Unordered chunks sent",
        Number,
        PLAIN,
    ),
    e(
        "SctpPassiveEstabs",
        "%llu Passive Associations",
        Number,
        PLAIN,
    ),
    e(
        "SctpReasmUsrMsgs",
        "%llu Number of messages reassembled ",
        Number,
        PLAIN,
    ),
    e(
        "SctpShutdowns",
        "%llu Number of Graceful Terminations",
        Number,
        PLAIN,
    ),
];
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsorted_entries_are_not_found_as_in_netstat() {
        // Printed as "Forwarding: 2" by netstat 2.10.
        assert!(lookup(IP, "Forwarding").is_none());
        assert!(lookup(IP, "DefaultTTL").is_some());
        assert!(lookup(IP, "InReceives").is_some());
        assert!(lookup(TCP_EXT, "TW").is_some());
        assert!(lookup(ICMP6, "Icmp6OutRouterAdvertisements").is_none());
        assert!(lookup(TCP, "NoSuchCounter").is_none());
    }
}
