//! inet_diag (TCP, UDP, UDP-Lite, raw, SCTP, MPTCP): the `inet_diag_req_v2` dump request
//! and the decoder from one `inet_diag_msg` (+ attributes) to an
//! [`InetSocket`]. Pure functions; the socket lives in `socket.rs`.
//!
//! How the message maps to the model, and what it cannot say:
//! - Ports travel in network byte order; addresses as the kernel holds them
//!   (an IPv4-mapped peer of an AF_INET6 socket stays IPv6).
//! - Timer: `idiag_retrans` means `icsk_retransmits` for the retransmit timer
//!   (request sockets: `num_retrans`) but `icsk_probes_out` for the
//!   keepalive and zero-window-probe timers (inet_diag.c). So `retrans` is
//!   exact for `on` and `probes` exact for `keepalive`/`probe`; the other
//!   counter of each pair is not in the message and is 0. /proc/net/tcp prints
//!   both counters for every timer (its `retrnsmt` and `timeout` columns), so
//!   netstat -o can show e.g. `keepalive (7.20/1/0)` where we have
//!   `keepalive (7.20/0/0)`; both are 0 in the common case. For request
//!   sockets /proc prints `num_timeout` (usually equal to `num_retrans`).
//!   `expires_ms` is exact (/proc rounds to 10 ms ticks); 0 when off.
//!   When the dump asked for `INET_DIAG_INFO` (netstat `-o`), full TCP
//!   sockets carry `tcp_info`, whose `tcpi_retransmits`/`tcpi_probes` are the
//!   very counters /proc prints: both are then exact for every timer kind.
//! - Request (SYN_RECV) sockets: the kernel reports uid 0 where /proc prints
//!   the listener's uid; inode 0 in both. TIME_WAIT: uid 0, inode 0 in both.
//! - TCP listeners: `idiag_wqueue` is the backlog limit, where /proc/net/tcp
//!   prints `write_seq - snd_una` (0) as tx_queue.
//! - Raw: the "local port" is the protocol number (`htons(sk_num)`, as
//!   /proc/net/raw shows it); `raw_protocol` comes from `INET_DIAG_PROTOCOL`;
//!   the remote port is forced to 0 because /proc/net/raw always prints 0.
//! - MPTCP (262) does not fit the one-byte protocol field: the request
//!   carries it in an `INET_DIAG_REQ_PROTOCOL` attribute (the kernel then
//!   ignores the field). Replies are ordinary `inet_diag_msg`s for the
//!   MPTCP-level socket; `INET_DIAG_INFO` holds `mptcp_info`, not `tcp_info`.
//! - SCTP (sctp_diag, absent from many kernels): an association's message
//!   carries the association state (SCTP numbering) where an endpoint's
//!   carries the socket state; associations are told apart by their
//!   `INET_DIAG_PEERS` attribute and their state is mapped onto the TCP
//!   numbering (see [`sctp_assoc_state`]). Only the primary addresses (the
//!   fixed message's) are kept.
//! - Details (`tcp_info`, memory, congestion, marks, cgroup: see
//!   `inet_details.rs`) are decoded into the socket only when the dump asked
//!   for them; otherwise the socket carries no heap data.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::attrs::Attrs;
use super::inet_details::{self, INET_DIAG_INFO};
use super::nlmsg::{decode as err, u32_at};
use super::tcp_info::RawTcpInfo;
use crate::model::{Family, InetDetails, InetProto, InetSocket, TcpState, Timer, TimerKind};
use crate::Result;

/// Size of `struct inet_diag_req_v2`.
pub(super) const REQ_LEN: usize = 56;
/// Size of `struct inet_diag_msg`.
const MSG_LEN: usize = 72;

/// Every TCP state /proc/net/tcp can list: ESTABLISHED..NEW_SYN_RECV (bits
/// 1-12; bit 0 is harmless). BOUND_INACTIVE (13) is left out: those sockets
/// live only in the bind hash, which /proc (and so netstat) never walks.
pub(super) const PROC_STATES: u32 = (1 << 13) - 1;

const INET_DIAG_PROTOCOL: u16 = 10;
/// SCTP: the peer addresses of an association (endpoints have none).
const INET_DIAG_PEERS: u16 = 13;

const AF_INET: u8 = libc::AF_INET as u8;
const AF_INET6: u8 = libc::AF_INET6 as u8;

/// Address-family number of the model family.
fn af(family: Family) -> u8 {
    match family {
        Family::Inet => AF_INET,
        Family::Inet6 => AF_INET6,
    }
}

/// The fixed body of a dump request for every socket of `proto`/`family`
/// whose state bit is in `states`. With `info`, TCP sockets also carry
/// `tcp_info` (extension bit of `INET_DIAG_INFO`); nothing else is requested.
///
/// For raw sockets the pad byte (`sdiag_raw_protocol`) is only used by
/// exact lookups and SOCK_DESTROY (raw_diag.c); a dump lists every raw
/// socket of the family whatever it holds, so it stays 0.
#[cfg(test)]
pub(super) fn request(proto: InetProto, family: Family, states: u32, info: bool) -> [u8; REQ_LEN] {
    request_ext(
        proto,
        family,
        states,
        inet_details::extensions(proto, info, false),
    )
}

/// As [`request`], with the `idiag_ext` bits given (see
/// `inet_details::extensions`).
pub(super) fn request_ext(proto: InetProto, family: Family, states: u32, ext: u8) -> [u8; REQ_LEN] {
    let mut b = [0u8; REQ_LEN];
    b[0] = af(family);
    b[1] = proto.ipproto();
    b[2] = ext;
    b[4..8].copy_from_slice(&states.to_ne_bytes());
    // id.idiag_cookie = INET_DIAG_NOCOOKIE (ignored by dumps).
    b[48..56].fill(0xff);
    b
}

/// `INET_DIAG_REQ_BYTECODE`: the request attribute carrying a filter.
const INET_DIAG_REQ_BYTECODE: u16 = 1;

/// A dump request body with a filter program appended as an
/// `INET_DIAG_REQ_BYTECODE` attribute (the program is a whole number of
/// 4-byte ops, so no padding follows it). An empty program adds nothing.
#[cfg(test)]
pub(super) fn request_filtered(
    proto: InetProto,
    family: Family,
    states: u32,
    info: bool,
    bytecode: &[u8],
) -> Vec<u8> {
    with_bytecode(request(proto, family, states, info).to_vec(), bytecode)
}

/// `INET_DIAG_REQ_PROTOCOL`: the request attribute carrying a protocol
/// number above 255 (MPTCP).
const INET_DIAG_REQ_PROTOCOL: u16 = 3;

/// The whole request body for a dump of `proto`/`family`: the fixed
/// request, the protocol attribute when the number does not fit the fixed
/// field (MPTCP), then `bytecode` (may be empty).
pub(super) fn request_body(
    proto: InetProto,
    family: Family,
    states: u32,
    ext: u8,
    bytecode: &[u8],
) -> Vec<u8> {
    let mut b = request_ext(proto, family, states, ext).to_vec();
    if proto.number() > 255 {
        b.extend_from_slice(&8u16.to_ne_bytes());
        b.extend_from_slice(&INET_DIAG_REQ_PROTOCOL.to_ne_bytes());
        b.extend_from_slice(&u32::from(proto.number()).to_ne_bytes());
    }
    with_bytecode(b, bytecode)
}

/// Append `bytecode` to a request body (nothing when empty).
pub(super) fn with_bytecode(mut b: Vec<u8>, bytecode: &[u8]) -> Vec<u8> {
    if !bytecode.is_empty() {
        let len = u16::try_from(bytecode.len() + 4).unwrap_or(u16::MAX);
        b.extend_from_slice(&len.to_ne_bytes());
        b.extend_from_slice(&INET_DIAG_REQ_BYTECODE.to_ne_bytes());
        b.extend_from_slice(bytecode);
        b.resize((b.len() + 3) & !3, 0);
    }
    b
}

/// Decode one `SOCK_DIAG_BY_FAMILY` payload of an inet dump for `proto`.
/// `base` is the stream offset of `payload[0]`, used in errors.
#[cfg(test)]
pub(super) fn decode(payload: &[u8], proto: InetProto, base: usize) -> Result<InetSocket> {
    decode_with(payload, proto, base, false)
}

#[cfg(test)]
/// As [`decode`]; with `details`, every detail attribute present is kept in
/// [`InetSocket::details`] (`None` when the kernel sent none).
pub(super) fn decode_with(
    payload: &[u8],
    proto: InetProto,
    base: usize,
    details: bool,
) -> Result<InetSocket> {
    decode_msg(payload, proto, base, details, true)
}

/// As [`decode_with`]; without `attrs` the attributes are not even walked
/// (for a dump that asked for no extension: TCP and UDP sockets then carry
/// nothing the model keeps, only raw sockets their protocol, so callers
/// pass `attrs` for raw, `tcp_info` or details).
pub(crate) fn decode_msg(
    payload: &[u8],
    proto: InetProto,
    base: usize,
    details: bool,
    attrs: bool,
) -> Result<InetSocket> {
    const WHAT: &str = "inet_diag_msg";
    let m = payload
        .get(..MSG_LEN)
        .ok_or_else(|| err(WHAT, base, "shorter than inet_diag_msg"))?;
    let (family, local, remote) = match m[0] {
        AF_INET => (Family::Inet, v4(&m[8..12]), v4(&m[24..28])),
        AF_INET6 => (Family::Inet6, v6(&m[8..24]), v6(&m[24..40])),
        _ => return Err(err(WHAT, base, "unknown address family")),
    };
    let mut raw_protocol = None;
    let mut counters = None;
    let mut sctp_assoc = false;
    // Built only when asked for: it is large (tcp_info, mptcp_info), and
    // zeroing it for every socket showed in profiles.
    let mut extra = details.then(InetDetails::default);
    let attrs = if attrs || details {
        &payload[MSG_LEN..]
    } else {
        &[]
    };
    for a in Attrs::new(attrs, base + MSG_LEN) {
        let a = a?;
        match a.kind {
            INET_DIAG_PROTOCOL => raw_protocol = Some(a.fixed::<1>("INET_DIAG_PROTOCOL")?[0]),
            INET_DIAG_INFO if proto == InetProto::Tcp => {
                counters = Some(RawTcpInfo::new(a.payload).timer_counters());
            }
            INET_DIAG_PEERS if proto == InetProto::Sctp => sctp_assoc = true,
            _ => {}
        }
        if let Some(extra) = &mut extra {
            inet_details::absorb(extra, &a, proto)?;
        }
    }
    let local_port = u16::from_be_bytes([m[4], m[5]]);
    let mut remote_port = u16::from_be_bytes([m[6], m[7]]);
    let raw_protocol = if proto == InetProto::Raw {
        remote_port = 0;
        raw_protocol.unwrap_or(u8::try_from(local_port).unwrap_or(u8::MAX))
    } else {
        0
    };
    let state = if sctp_assoc {
        sctp_assoc_state(m[1])
    } else {
        m[1]
    };
    Ok(InetSocket {
        netns: 0,
        proto,
        family,
        local,
        local_port,
        remote,
        remote_port,
        state: TcpState::from_code(state),
        recv_q: u32_at(m, 56),
        send_q: u32_at(m, 60),
        uid: u32_at(m, 64),
        inode: u64::from(u32_at(m, 68)),
        timer: with_counters(timer(m[2], m[3], u32_at(m, 52)), counters),
        ifindex: u32_at(m, 40),
        cookie: u64::from(u32_at(m, 44)) | (u64::from(u32_at(m, 48)) << 32),
        raw_protocol,
        details: extra.filter(|e| !e.is_empty()).map(Box::new),
    })
}

/// An SCTP association state (`enum sctp_state`) as the closest TCP state
/// number: CLOSED → CLOSE, COOKIE_WAIT and COOKIE_ECHOED → SYN_SENT,
/// ESTABLISHED → ESTABLISHED, SHUTDOWN_PENDING and SHUTDOWN_SENT →
/// FIN_WAIT1, SHUTDOWN_RECEIVED → CLOSE_WAIT, SHUTDOWN_ACK_SENT →
/// LAST_ACK; anything else → CLOSE.
pub(crate) fn sctp_assoc_state(s: u8) -> u8 {
    match s {
        1 | 2 => 2,
        3 => 1,
        4 | 5 => 4,
        6 => 8,
        7 => 9,
        _ => 7,
    }
}

/// Map `idiag_timer`/`idiag_retrans`/`idiag_expires` (see the file doc).
fn timer(code: u8, retrans: u8, expires: u32) -> Timer {
    let kind = TimerKind::from_code(code);
    let n = u32::from(retrans);
    let (retrans, probes) = match kind {
        TimerKind::Off | TimerKind::TimeWait => (0, 0),
        TimerKind::Keepalive | TimerKind::Probe => (0, n),
        TimerKind::On | TimerKind::Unknown(_) => (n, 0),
    };
    let expires_ms = if kind == TimerKind::Off {
        0
    } else {
        u64::from(expires)
    };
    Timer {
        kind,
        expires_ms,
        retrans,
        probes,
    }
}

/// Replace the timer counters by the exact ones from `tcp_info`, if any.
fn with_counters(mut t: Timer, counters: Option<(u32, u32)>) -> Timer {
    if let Some((retrans, probes)) = counters {
        t.retrans = retrans;
        t.probes = probes;
    }
    t
}

fn v4(b: &[u8]) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(b[0], b[1], b[2], b[3]))
}

fn v6(b: &[u8]) -> IpAddr {
    let mut o = [0u8; 16];
    o.copy_from_slice(b);
    IpAddr::V6(Ipv6Addr::from(o))
}

#[cfg(test)]
mod tests;
