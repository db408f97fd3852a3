//! The NETLINK_SOCK_DIAG socket and the dump loop: open (CLOEXEC, owned, so
//! closed on every path), send one request, receive one datagram per recv
//! until `NLMSG_DONE`, handing each message to a decoder. All `unsafe` of
//! this module is here; framing and decoding live in the pure modules.
//!
//! Only datagrams from the kernel (sender port id 0) are read; messages with
//! another sequence number or port id are skipped by the framing code.

use std::io;
use std::mem::{size_of, zeroed};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::sync::atomic::{AtomicU32, Ordering};

use super::nlmsg::{self, Expect, Progress, SOCK_DIAG_BY_FAMILY};
use crate::{Error, Result};

/// Receive buffer: twice the largest dump datagram the kernel builds
/// (netlink caps dump skbs at 32 KiB), so no datagram is ever cut.
pub(super) const RECV_BUF: usize = 64 * 1024;

/// Sequence numbers of our requests (any value works; distinct ones make a
/// stray reply to an earlier request recognisable).
static NEXT_SEQ: AtomicU32 = AtomicU32::new(1);

/// An open netlink socket (NETLINK_SOCK_DIAG unless opened with
/// [`DiagSocket::open_protocol`]) bound to a kernel-chosen port id.
#[derive(Debug)]
pub(crate) struct DiagSocket {
    fd: OwnedFd,
    pub port_id: u32,
}

impl DiagSocket {
    #[cfg(test)]
    pub fn open() -> Result<DiagSocket> {
        Self::open_protocol(libc::NETLINK_SOCK_DIAG)
    }

    /// Open a netlink socket of another family (NETLINK_NETFILTER, ...).
    pub(crate) fn open_protocol(protocol: libc::c_int) -> Result<DiagSocket> {
        // SAFETY: socket(2) with plain integer arguments; it returns a new fd or -1.
        let raw = unsafe {
            libc::socket(
                libc::AF_NETLINK,
                libc::SOCK_RAW | libc::SOCK_CLOEXEC,
                protocol,
            )
        };
        if raw < 0 {
            return Err(os_err("socket"));
        }
        // SAFETY: `raw` is a fresh descriptor that nothing else owns.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        let mut addr = nl_addr();
        let len = sockaddr_nl_len();
        // SAFETY: `addr` is a valid sockaddr_nl of `len` bytes; fd is open.
        let rc = unsafe {
            libc::bind(
                fd.as_raw_fd(),
                (&raw const addr).cast::<libc::sockaddr>(),
                len,
            )
        };
        if rc < 0 {
            return Err(os_err("bind"));
        }
        let mut got = len;
        // SAFETY: `addr` is writable for `got` bytes, and `got` is updated
        // by the kernel to the size it wrote.
        let rc = unsafe {
            libc::getsockname(
                fd.as_raw_fd(),
                (&raw mut addr).cast::<libc::sockaddr>(),
                &mut got,
            )
        };
        if rc < 0 {
            return Err(os_err("getsockname"));
        }
        Ok(DiagSocket {
            fd,
            port_id: addr.nl_pid,
        })
    }

    /// Send one request to the kernel, retrying on EINTR.
    pub fn send(&self, req: &[u8]) -> Result<()> {
        let addr = nl_addr();
        loop {
            // SAFETY: `req` is readable for its length; `addr` is a valid
            // sockaddr_nl (the kernel, port 0) of the given size.
            let n = unsafe {
                libc::sendto(
                    self.fd.as_raw_fd(),
                    req.as_ptr().cast(),
                    req.len(),
                    0,
                    (&raw const addr).cast::<libc::sockaddr>(),
                    sockaddr_nl_len(),
                )
            };
            if n >= 0 {
                return if usize::try_from(n).ok() == Some(req.len()) {
                    Ok(())
                } else {
                    Err(Error::Netlink {
                        op: "send",
                        source: io::Error::new(io::ErrorKind::WriteZero, "short send"),
                    })
                };
            }
            let e = io::Error::last_os_error();
            if e.kind() != io::ErrorKind::Interrupted {
                return Err(Error::Netlink {
                    op: "send",
                    source: e,
                });
            }
        }
    }

    /// Receive one datagram from the kernel into `buf`; returns its length.
    /// Retries on EINTR; datagrams from other senders are dropped.
    pub fn recv(&self, buf: &mut [u8]) -> Result<usize> {
        loop {
            let mut from = nl_addr();
            let mut iov = libc::iovec {
                iov_base: buf.as_mut_ptr().cast(),
                iov_len: buf.len(),
            };
            // SAFETY: an all-zero msghdr is valid (null pointers, zero lengths).
            let mut msg: libc::msghdr = unsafe { zeroed() };
            msg.msg_name = (&raw mut from).cast();
            msg.msg_namelen = sockaddr_nl_len();
            msg.msg_iov = &raw mut iov;
            msg.msg_iovlen = 1;
            // SAFETY: `msg` points at `from` and at `iov`, which points at
            // `buf`; all stay alive and writable for the whole call.
            let n = unsafe { libc::recvmsg(self.fd.as_raw_fd(), &raw mut msg, 0) };
            if n < 0 {
                let e = io::Error::last_os_error();
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(Error::Netlink {
                    op: "recv",
                    source: e,
                });
            }
            if msg.msg_flags & libc::MSG_TRUNC != 0 {
                return Err(Error::Netlink {
                    op: "recv",
                    source: io::Error::new(
                        io::ErrorKind::InvalidData,
                        "datagram larger than the receive buffer",
                    ),
                });
            }
            if from.nl_pid != 0 {
                continue; // not from the kernel
            }
            let n = usize::try_from(n).unwrap_or(0);
            if n == 0 {
                return Err(Error::Netlink {
                    op: "recv",
                    source: io::Error::from(io::ErrorKind::UnexpectedEof),
                });
            }
            return Ok(n);
        }
    }
}

/// Run one sock_diag dump: send `body` (a request struct) as a
/// `SOCK_DIAG_BY_FAMILY` dump request and call `on_msg(payload, offset)` for
/// every reply message, in kernel order, until `NLMSG_DONE`. `what` names
/// the dump in errors ("tcp6", "unix"). Offsets count bytes from the start
/// of the reply stream. The first error ends the dump and is returned.
pub(super) fn dump(
    body: &[u8],
    what: &'static str,
    on_msg: &mut dyn FnMut(&[u8], usize) -> Result<()>,
) -> Result<()> {
    let kinds = (SOCK_DIAG_BY_FAMILY, SOCK_DIAG_BY_FAMILY);
    dump_with(libc::NETLINK_SOCK_DIAG, kinds, body, what, on_msg)
}

/// [`dump`] on a socket of netlink family `protocol`, sending a
/// `kinds.0` request and handing over the `kinds.1` replies.
pub(crate) fn dump_with(
    protocol: libc::c_int,
    kinds: (u16, u16),
    body: &[u8],
    what: &'static str,
    on_msg: &mut dyn FnMut(&[u8], usize) -> Result<()>,
) -> Result<()> {
    let sock = DiagSocket::open_protocol(protocol)?;
    let seq = NEXT_SEQ.fetch_add(1, Ordering::Relaxed);
    sock.send(&nlmsg::dump_request(kinds.0, seq, body, &[]))?;
    let expect = Expect {
        seq,
        port_id: sock.port_id,
        reply_kind: kinds.1,
    };
    let mut buf = vec![0u8; RECV_BUF];
    let mut base = 0usize;
    loop {
        let n = sock.recv(&mut buf)?;
        if nlmsg::walk_datagram(&buf[..n], base, expect, what, on_msg)? == Progress::Done {
            return Ok(());
        }
        base = base.saturating_add(n);
    }
}

/// A `sockaddr_nl` for the kernel (port 0, no groups).
fn nl_addr() -> libc::sockaddr_nl {
    // SAFETY: sockaddr_nl is plain integers; all-zero is a valid value.
    let mut a: libc::sockaddr_nl = unsafe { zeroed() };
    a.nl_family = libc::AF_NETLINK as libc::sa_family_t;
    a
}

fn sockaddr_nl_len() -> libc::socklen_t {
    // 12 bytes: always fits.
    size_of::<libc::sockaddr_nl>() as libc::socklen_t
}

fn os_err(op: &'static str) -> Error {
    Error::Netlink {
        op,
        source: io::Error::last_os_error(),
    }
}
