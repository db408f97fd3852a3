//! unix_diag: the `unix_diag_req` dump request and the decoder from one
//! `unix_diag_msg` (+ attributes) to [`UnixSocket`]s. Pure functions; the
//! socket lives in `socket.rs`.
//!
//! Matching /proc/net/unix (af_unix.c `unix_seq_show`), which netstat prints:
//! - State: /proc says `sk_socket ? (ESTABLISHED ? CONNECTED : UNCONNECTED)
//!   : (ESTABLISHED ? CONNECTING : DISCONNECTING)`. unix_diag skips every
//!   socket whose inode is 0 (`sk_socket == NULL`), so a dumped socket has a
//!   `struct socket` and is CONNECTED when ESTABLISHED, else UNCONNECTED
//!   (LISTEN adds `listening`, netstat's ACC flag).
//! - Connections not yet accepted ("embryos": inode 0, CONNECTING in /proc)
//!   are never dumped themselves, but their listener's `UNIX_DIAG_RQLEN`
//!   counts them (the accept queue length). We rebuild each as /proc shows
//!   it: the listener's type and path, inode 0, CONNECTING. Loss: the
//!   embryo's peer (the connecting socket) and its queued bytes are unknown
//!   (`peer: None`, 0), and embryos are placed right after their listener,
//!   whereas /proc lists each at its own hash-bucket position.
//!   `UDIAG_SHOW_ICONS` would name the peers, but it puts 4 bytes per
//!   pending connection in one message, and a message that does not fit in
//!   an empty dump buffer (32 KiB, ~8k pending connections once somaxconn is
//!   raised) makes the kernel end the dump early without an error: we never
//!   ask for it.
//! - Path: a filesystem name arrives with its trailing NUL (dropped, as /proc
//!   does); an abstract name arrives with its leading NUL (dropped; the rest
//!   is kept raw, NULs included).

use super::attrs::Attrs;
use super::nlmsg::{decode as err, u32_at};
use crate::model::{UnixPath, UnixSocket, UnixState, UnixType};
use crate::Result;

/// Size of `struct unix_diag_req`.
pub(super) const REQ_LEN: usize = 24;
/// Size of `struct unix_diag_msg`.
const MSG_LEN: usize = 16;

const UDIAG_SHOW_NAME: u32 = 0x01;
const UDIAG_SHOW_PEER: u32 = 0x04;
const UDIAG_SHOW_RQLEN: u32 = 0x10;

const UNIX_DIAG_NAME: u16 = 0;
const UNIX_DIAG_PEER: u16 = 2;
const UNIX_DIAG_RQLEN: u16 = 4;

const AF_UNIX: u8 = libc::AF_UNIX as u8;
const TCP_ESTABLISHED: u8 = 1;
const TCP_LISTEN: u8 = 10;

/// More pending connections than this on one listener is taken for a
/// corrupt message (the dump then fails rather than allocate without bound).
const MAX_PENDING: u32 = 1 << 20;

/// The fixed body of a dump request for every UNIX socket in every state,
/// with name, peer and queue lengths.
pub(super) fn request() -> [u8; REQ_LEN] {
    let mut b = [0u8; REQ_LEN];
    b[0] = AF_UNIX;
    b[4..8].copy_from_slice(&u32::MAX.to_ne_bytes()); // udiag_states: all
    let show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN;
    b[12..16].copy_from_slice(&show.to_ne_bytes());
    b[16..24].fill(0xff); // udiag_cookie: none (ignored by dumps)
    b
}

/// Decode one `SOCK_DIAG_BY_FAMILY` payload of the UNIX dump and append the
/// socket, then one entry per not-yet-accepted connection if it listens.
/// `base` is the stream offset of `payload[0]`. On error nothing is appended.
pub(crate) fn decode_into(payload: &[u8], base: usize, out: &mut Vec<UnixSocket>) -> Result<()> {
    const WHAT: &str = "unix_diag_msg";
    let m = payload
        .get(..MSG_LEN)
        .ok_or(err(WHAT, base, "shorter than unix_diag_msg"))?;
    if m[0] != AF_UNIX {
        return Err(err(WHAT, base, "not an AF_UNIX message"));
    }
    let mut path = None;
    let mut peer = None;
    let mut queues = (0, 0);
    for a in Attrs::new(&payload[MSG_LEN..], base + MSG_LEN) {
        let a = a?;
        match a.kind {
            UNIX_DIAG_NAME => path = name(a.payload),
            UNIX_DIAG_PEER => peer = Some(u64::from(a.u32("UNIX_DIAG_PEER")?)),
            UNIX_DIAG_RQLEN => {
                let q = a.fixed::<8>("UNIX_DIAG_RQLEN")?;
                queues = (u32_at(&q, 0), u32_at(&q, 4));
            }
            _ => {}
        }
    }
    let sk_state = m[2];
    let listening = sk_state == TCP_LISTEN;
    let pending = if listening { queues.0 } else { 0 };
    if pending > MAX_PENDING {
        return Err(err(WHAT, base, "implausible pending-connection count"));
    }
    let sock = UnixSocket {
        netns: 0,
        kind: UnixType::from_raw(u16::from(m[1])),
        state: if sk_state == TCP_ESTABLISHED {
            UnixState::Connected
        } else {
            UnixState::Unconnected
        },
        listening,
        inode: u64::from(u32_at(m, 4)),
        path,
        peer,
        recv_q: queues.0,
        send_q: queues.1,
        refcnt: None,
        proc_flags: None,
    };
    let embryo = (pending > 0).then(|| UnixSocket {
        state: UnixState::Connecting,
        listening: false,
        inode: 0,
        peer: None,
        recv_q: 0,
        send_q: 0,
        ..sock.clone()
    });
    out.push(sock);
    if let Some(e) = embryo {
        out.extend(std::iter::repeat_n(
            e,
            usize::try_from(pending).unwrap_or(0),
        ));
    }
    Ok(())
}

/// `UNIX_DIAG_NAME` payload → path; an empty name is treated as unbound.
fn name(b: &[u8]) -> Option<UnixPath> {
    match b.split_first() {
        None => None,
        Some((0, rest)) => Some(UnixPath::Abstract(rest.into())),
        Some(_) => {
            let p = b.strip_suffix(&[0]).unwrap_or(b);
            Some(UnixPath::Path(p.into()))
        }
    }
}

#[cfg(test)]
mod tests;
