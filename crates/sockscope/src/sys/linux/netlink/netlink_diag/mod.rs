//! netlink_diag: the `netlink_diag_req` dump request (every protocol) and
//! the decoder from one `netlink_diag_msg` (+ attributes) to a
//! [`NetlinkSocket`]. Pure functions; the socket lives in `socket.rs`.
//!
//! The request asks for memory counters, joined groups and flags
//! (`NDIAG_SHOW_MEMINFO | GROUPS | FLAGS`) for `NDIAG_PROTO_ALL`. The
//! kernel lists the sockets of the caller's network namespace, protocol by
//! protocol; our own dump socket is among them.
//!
//! `NETLINK_DIAG_GROUPS` is the kernel's group bitmap, an array of
//! `unsigned long` in host order: bit `n` set means group `n + 1` joined.
//! Recv-Q is `sk_rmem_alloc`, Send-Q `sk_wmem_alloc`, from the counters.

use super::attrs::Attrs;
use super::inet_details::skmem;
use super::nlmsg::{decode as err, u32_at};
use crate::model::NetlinkSocket;
use crate::Result;

/// Size of `struct netlink_diag_req`.
pub(super) const REQ_LEN: usize = 20;
/// Size of `struct netlink_diag_msg`.
const MSG_LEN: usize = 28;

const AF_NETLINK: u8 = libc::AF_NETLINK as u8;
/// `NDIAG_PROTO_ALL`.
const PROTO_ALL: u8 = 255;

const NDIAG_SHOW_MEMINFO: u32 = 0x01;
const NDIAG_SHOW_GROUPS: u32 = 0x02;
const NDIAG_SHOW_FLAGS: u32 = 0x08;

const NETLINK_DIAG_MEMINFO: u16 = 0;
const NETLINK_DIAG_GROUPS: u16 = 1;
const NETLINK_DIAG_FLAGS: u16 = 4;

/// The dump request: every netlink socket of every protocol.
pub(super) fn request() -> [u8; REQ_LEN] {
    let mut b = [0u8; REQ_LEN];
    b[0] = AF_NETLINK;
    b[1] = PROTO_ALL;
    let show = NDIAG_SHOW_MEMINFO | NDIAG_SHOW_GROUPS | NDIAG_SHOW_FLAGS;
    b[8..12].copy_from_slice(&show.to_ne_bytes());
    b
}

/// Decode one `SOCK_DIAG_BY_FAMILY` payload of a netlink dump. `base` is
/// the stream offset of `payload[0]`, used in errors.
pub(crate) fn decode(payload: &[u8], base: usize) -> Result<NetlinkSocket> {
    const WHAT: &str = "netlink_diag_msg";
    let m = payload
        .get(..MSG_LEN)
        .ok_or(err(WHAT, base, "shorter than netlink_diag_msg"))?;
    if m[0] != AF_NETLINK {
        return Err(err(WHAT, base, "not an AF_NETLINK message"));
    }
    let mut s = NetlinkSocket {
        netns: 0,
        protocol: m[2],
        sock_type: m[1],
        state: Some(m[3]),
        portid: u32_at(m, 4),
        dst_portid: u32_at(m, 8),
        dst_group: u32_at(m, 12),
        groups: Vec::new(),
        inode: u64::from(u32_at(m, 16)),
        recv_q: 0,
        send_q: 0,
        drops: 0,
        cookie: u64::from(u32_at(m, 20)) | (u64::from(u32_at(m, 24)) << 32),
        flags: None,
    };
    for a in Attrs::new(&payload[MSG_LEN..], base + MSG_LEN) {
        let a = a?;
        match a.kind {
            NETLINK_DIAG_MEMINFO => {
                let mem = skmem(a.payload);
                s.recv_q = mem.rmem_alloc;
                s.send_q = mem.wmem_alloc;
                s.drops = mem.drops;
            }
            // At most 64 KiB (an attribute length is 16 bits): bounded.
            NETLINK_DIAG_GROUPS => s.groups = groups(a.payload),
            NETLINK_DIAG_FLAGS => s.flags = Some(a.u32("NETLINK_DIAG_FLAGS")?),
            _ => {}
        }
    }
    Ok(s)
}

/// Group numbers of a bitmap of native `unsigned long` words; a trailing
/// partial word is read zero-padded.
pub(crate) fn groups(b: &[u8]) -> Vec<u32> {
    const W: usize = size_of::<usize>();
    let mut out = Vec::new();
    for (i, chunk) in b.chunks(W).enumerate() {
        let mut word = [0u8; W];
        word[..chunk.len()].copy_from_slice(chunk);
        let mut bits = usize::from_ne_bytes(word);
        while bits != 0 {
            let bit = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if let Ok(n) = u32::try_from(i * W * 8 + bit + 1) {
                out.push(n);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
