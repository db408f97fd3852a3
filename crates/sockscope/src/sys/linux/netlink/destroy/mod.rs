//! SOCK_DESTROY (what `ss -K` sends): ask the kernel to close one internet
//! socket, named exactly as a dump reported it, and read the
//! acknowledgement. Building the request and finding the acknowledgement
//! are pure functions; [`Destroyer`] holds the one netlink socket a batch
//! reuses.
//!
//! The request is a `SOCK_DESTROY` message (`NLM_F_REQUEST | NLM_F_ACK`)
//! carrying an `inet_diag_req_v2` whose `id` is the socket's own: ports
//! big-endian, addresses as the kernel holds them, the bound interface, and
//! the cookie. The kernel looks the 4-tuple up in its hash tables (so a
//! listener, a TIME_WAIT or a request socket is found too) and then checks
//! the cookie: a new socket that reused the 4-tuple since the dump is never
//! destroyed in its place (ENOENT instead). The state mask is ignored by
//! exact lookups; we send the socket's own state bit.
//!
//! The kernel answers with `NLMSG_ERROR`: 0 when destroyed; ENOENT when no
//! such socket exists (any more); EPERM without CAP_NET_ADMIN in the
//! socket's network namespace; EOPNOTSUPP when the kernel was built
//! without CONFIG_INET_DIAG_DESTROY. What a destroyed socket's owner sees:
//! TCP gets ECONNABORTED on its next call and the peer a reset; a UDP
//! socket is only disconnected (a pending call fails with ECONNABORTED, a
//! socket bound to an explicit port stays bound and listed).

use std::net::IpAddr;

use super::inet_diag::REQ_LEN;
use super::nlmsg::{align4, decode, u32_at, HDR_LEN};
use super::socket::{NlSocket, RECV_BUF};
use crate::kill::DestroyError;
use crate::model::{Family, InetProto, InetSocket};
use crate::Result;

/// `SOCK_DESTROY` (linux/sock_diag.h).
pub(super) const SOCK_DESTROY: u16 = 21;
const NLMSG_ERROR: u16 = 2;
const NLM_F_REQUEST: u16 = 0x1;
const NLM_F_ACK: u16 = 0x4;

/// Length of a whole destroy request (header and `inet_diag_req_v2`).
pub(super) const MSG_LEN: usize = HDR_LEN + REQ_LEN;

/// The `inet_diag_req_v2` naming `s` exactly. Fails for the protocols this
/// request cannot name (raw: untestable here without raw diag; ICMP: no
/// sock_diag at all; SCTP and MPTCP: they need request attributes this
/// encoder does not send) with [`DestroyError::Unsupported`], and for a
/// socket whose addresses are not of its family (not one a dump produced).
pub(super) fn request_body(s: &InetSocket) -> Result<[u8; REQ_LEN], DestroyError> {
    let unsupported = match s.proto {
        InetProto::Tcp | InetProto::Udp | InetProto::UdpLite => None,
        InetProto::Raw => Some("raw"),
        InetProto::Icmp => Some("icmp"),
        InetProto::Sctp => Some("sctp"),
        InetProto::Mptcp => Some("mptcp"),
    };
    if let Some(proto) = unsupported {
        return Err(DestroyError::Unsupported { proto });
    }
    let af = match s.family {
        Family::Inet => libc::AF_INET as u8,
        Family::Inet6 => libc::AF_INET6 as u8,
    };
    let mut b = [0u8; REQ_LEN];
    b[0] = af;
    b[1] = s.proto.ipproto();
    // b[2]: no extensions; b[3]: pad (the raw protocol, for raw only).
    let state_bit = 1u32.checked_shl(u32::from(s.state.code())).unwrap_or(0);
    b[4..8].copy_from_slice(&state_bit.to_ne_bytes());
    b[8..10].copy_from_slice(&s.local_port.to_be_bytes());
    b[10..12].copy_from_slice(&s.remote_port.to_be_bytes());
    put_addr(&mut b[12..28], s.family, s.local)?;
    put_addr(&mut b[28..44], s.family, s.remote)?;
    b[44..48].copy_from_slice(&s.ifindex.to_ne_bytes());
    // The cookie as the dump sent it: low word, then high word.
    b[48..52].copy_from_slice(&(s.cookie as u32).to_ne_bytes());
    b[52..56].copy_from_slice(&((s.cookie >> 32) as u32).to_ne_bytes());
    Ok(b)
}

/// An address into a 16-byte `__be32[4]` slot (IPv4 in the first word).
fn put_addr(slot: &mut [u8], family: Family, addr: IpAddr) -> Result<(), DestroyError> {
    match (family, addr) {
        (Family::Inet, IpAddr::V4(a)) => slot[..4].copy_from_slice(&a.octets()),
        (Family::Inet6, IpAddr::V6(a)) => slot.copy_from_slice(&a.octets()),
        _ => {
            return Err(DestroyError::Invalid {
                reason: "an address does not match the socket's family",
            })
        }
    }
    Ok(())
}

/// The whole message: `nlmsghdr` (type SOCK_DESTROY, request + ack) and body.
pub(super) fn request(body: &[u8; REQ_LEN], seq: u32) -> [u8; MSG_LEN] {
    let mut m = [0u8; MSG_LEN];
    m[0..4].copy_from_slice(&(MSG_LEN as u32).to_ne_bytes());
    m[4..6].copy_from_slice(&SOCK_DESTROY.to_ne_bytes());
    m[6..8].copy_from_slice(&(NLM_F_REQUEST | NLM_F_ACK).to_ne_bytes());
    m[8..12].copy_from_slice(&seq.to_ne_bytes());
    // m[12..16]: port id 0, filled in by the kernel.
    m[HDR_LEN..].copy_from_slice(body);
    m
}

/// Find the acknowledgement of request `seq` (sent from `port_id`) in one
/// datagram: `Some(errno)` (0 for success) or `None` when the datagram
/// holds no message of ours. `base` is the stream offset of `buf[0]`, for
/// errors. A message of ours that is not `NLMSG_ERROR` is malformed.
pub(crate) fn find_ack(buf: &[u8], base: usize, seq: u32, port_id: u32) -> Result<Option<i32>> {
    const WHAT: &str = "SOCK_DESTROY ack";
    let mut pos = 0;
    while pos < buf.len() {
        let at = base + pos;
        let rest = &buf[pos..];
        if rest.len() < HDR_LEN {
            return Err(decode(WHAT, at, "truncated header"));
        }
        let len = usize::try_from(u32_at(rest, 0)).unwrap_or(usize::MAX);
        if len < HDR_LEN {
            return Err(decode(WHAT, at, "length smaller than the header"));
        }
        let msg = rest
            .get(..len)
            .ok_or(decode(WHAT, at, "length beyond the datagram"))?;
        pos = pos.saturating_add(align4(len)).min(buf.len());
        if u32_at(msg, 8) != seq || u32_at(msg, 12) != port_id {
            continue; // not the answer to this request
        }
        if u16::from_ne_bytes([msg[4], msg[5]]) != NLMSG_ERROR {
            return Err(decode(WHAT, at, "unexpected message type"));
        }
        let code = msg.get(HDR_LEN..HDR_LEN + 4).ok_or(decode(
            WHAT,
            at + HDR_LEN,
            "missing error code",
        ))?;
        let code = i32::from_ne_bytes([code[0], code[1], code[2], code[3]]);
        // The kernel sends -errno; take a positive value as the errno itself.
        return Ok(Some(code.checked_abs().unwrap_or(i32::MAX)));
    }
    Ok(None)
}

/// One NETLINK_SOCK_DIAG socket sending destroy requests one at a time.
#[derive(Debug)]
pub struct Destroyer {
    sock: NlSocket,
    seq: u32,
    buf: Vec<u8>,
    /// Bytes received so far (offsets in decode errors).
    received: usize,
}

impl Destroyer {
    /// Open the netlink socket.
    pub fn open() -> Result<Destroyer> {
        Ok(Destroyer {
            sock: NlSocket::open(libc::NETLINK_SOCK_DIAG)?,
            seq: 0,
            buf: vec![0u8; RECV_BUF],
            received: 0,
        })
    }

    /// Destroy `s`, named exactly (see the file doc); waits for the
    /// kernel's answer.
    pub fn destroy(&mut self, s: &InetSocket) -> Result<(), DestroyError> {
        let body = request_body(s)?;
        self.seq = self.seq.wrapping_add(1);
        let seq = self.seq;
        self.sock.send(&request(&body, seq))?;
        loop {
            let n = self.sock.recv(&mut self.buf)?;
            let ack = find_ack(&self.buf[..n], self.received, seq, self.sock.port_id)?;
            self.received = self.received.saturating_add(n);
            match ack {
                None => continue,
                Some(0) => return Ok(()),
                Some(errno) => return Err(DestroyError::from_errno(errno, s.proto)),
            }
        }
    }
}

#[cfg(test)]
mod tests;
