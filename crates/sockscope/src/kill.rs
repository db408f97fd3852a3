//! Destroying internet sockets, as `ss -K` does: the kernel closes a socket
//! named exactly as a sock_diag dump reported it (4-tuple, interface and
//! cookie), whoever holds it. TCP sockets are aborted (the owner's next
//! call fails with ECONNABORTED, the peer gets a reset); listeners,
//! TIME_WAIT and SYN_RECV sockets go too. UDP sockets are disconnected
//! and their pending calls aborted, but one bound to a port stays bound.
//!
//! Needs CAP_NET_ADMIN in the socket's network namespace and a kernel
//! built with CONFIG_INET_DIAG_DESTROY. Sockets must come from sock_diag
//! (`Source::Netlink`): those read from /proc carry no cookie and would
//! never match. Choosing which sockets to destroy is the caller's
//! business (collect with a filter); this module never prints.

use std::io;

use crate::model::{InetProto, InetSocket};
use crate::sys::linux::netlink::Destroyer;

/// Why a socket could not be destroyed.
#[derive(Debug, thiserror::Error)]
pub enum DestroyError {
    /// EPERM/EACCES: the caller lacks CAP_NET_ADMIN in the socket's
    /// network namespace.
    #[error("permission denied (needs CAP_NET_ADMIN)")]
    PermissionDenied,
    /// ENOENT: no socket with this 4-tuple and cookie exists any more
    /// (it closed, or its peer's reset closed it, since the dump).
    #[error("no such socket (already closed)")]
    NotFound,
    /// EOPNOTSUPP: this kernel cannot destroy sockets of this protocol
    /// (built without CONFIG_INET_DIAG_DESTROY); also raw sockets, which
    /// this build does not try.
    #[error("this kernel cannot destroy {proto} sockets (CONFIG_INET_DIAG_DESTROY)")]
    Unsupported { proto: &'static str },
    /// The socket value cannot name a kernel socket (not from a dump).
    #[error("invalid socket: {reason}")]
    Invalid { reason: &'static str },
    /// Another error code from the kernel.
    #[error("the kernel refused: {source}")]
    Refused {
        #[source]
        source: io::Error,
    },
    /// The netlink socket failed (open, send, receive) or the answer was
    /// malformed.
    #[error(transparent)]
    Netlink(#[from] crate::Error),
}

impl DestroyError {
    /// Map the kernel's answer (a positive errno) for a `proto` socket.
    pub fn from_errno(errno: i32, proto: InetProto) -> DestroyError {
        match errno {
            libc::EPERM | libc::EACCES => DestroyError::PermissionDenied,
            libc::ENOENT => DestroyError::NotFound,
            libc::EOPNOTSUPP => DestroyError::Unsupported {
                proto: InetProto::name(proto),
            },
            e => DestroyError::Refused {
                source: io::Error::from_raw_os_error(e),
            },
        }
    }

    /// The errno behind this error, when the kernel gave one.
    pub fn errno(&self) -> Option<i32> {
        match self {
            DestroyError::PermissionDenied => Some(libc::EPERM),
            DestroyError::NotFound => Some(libc::ENOENT),
            DestroyError::Unsupported { .. } => Some(libc::EOPNOTSUPP),
            DestroyError::Refused { source } => source.raw_os_error(),
            DestroyError::Invalid { .. } | DestroyError::Netlink(_) => None,
        }
    }
}

/// Destroys sockets over one netlink socket (cheaper than [`destroy`] per
/// socket for a batch).
#[derive(Debug)]
pub struct Killer {
    inner: Destroyer,
}

impl Killer {
    /// Open the netlink socket. Needs no privilege; destroying does.
    pub fn new() -> Result<Killer, DestroyError> {
        Ok(Killer {
            inner: Destroyer::open()?,
        })
    }

    /// Destroy `s` (see the module doc); returns once the kernel answered.
    pub fn destroy(&mut self, s: &InetSocket) -> Result<(), DestroyError> {
        self.inner.destroy(s)
    }
}

/// Destroy one socket, as a dump reported it.
pub fn destroy(s: &InetSocket) -> Result<(), DestroyError> {
    Killer::new()?.destroy(s)
}

/// What happened to one socket of a batch.
#[derive(Debug)]
pub enum Outcome {
    /// The kernel destroyed it.
    Destroyed,
    /// It no longer existed (ENOENT): closed since the dump, e.g. by the
    /// reset its peer's destruction sent.
    AlreadyGone,
    /// The kernel (or the netlink socket) refused.
    Failed(DestroyError),
    /// Not tried: an earlier answer showed it would fail the same way
    /// (no permission at all, or no support for its protocol).
    NotTried,
}

/// Destroy each of `sockets` in order over one netlink socket, one
/// outcome per socket. After a permission error nothing more is tried
/// (every socket of a namespace answers alike); after "unsupported" no
/// more sockets of that protocol. Fails only when the netlink socket
/// cannot be opened (then nothing was tried).
pub fn destroy_each(sockets: &[InetSocket]) -> Result<Vec<Outcome>, DestroyError> {
    let mut killer = Killer::new()?;
    Ok(destroy_each_with(sockets, &mut |s| killer.destroy(s)))
}

/// The policy of [`destroy_each`] over any destroy function.
fn destroy_each_with(
    sockets: &[InetSocket],
    destroy: &mut dyn FnMut(&InetSocket) -> Result<(), DestroyError>,
) -> Vec<Outcome> {
    let mut denied = false;
    let mut unsupported: Vec<InetProto> = Vec::new();
    let mut out = Vec::with_capacity(sockets.len());
    for s in sockets {
        if denied || unsupported.contains(&s.proto) {
            out.push(Outcome::NotTried);
            continue;
        }
        out.push(match destroy(s) {
            Ok(()) => Outcome::Destroyed,
            Err(DestroyError::NotFound) => Outcome::AlreadyGone,
            Err(e) => {
                match e {
                    DestroyError::PermissionDenied => denied = true,
                    DestroyError::Unsupported { .. } => unsupported.push(s.proto),
                    _ => {}
                }
                Outcome::Failed(e)
            }
        });
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::{Family, Timer};
    use std::net::{IpAddr, Ipv4Addr};

    fn sock(proto: InetProto, port: u16) -> InetSocket {
        InetSocket {
            netns: 0,
            proto,
            family: Family::Inet,
            local: IpAddr::V4(Ipv4Addr::LOCALHOST),
            local_port: port,
            remote: IpAddr::V4(Ipv4Addr::LOCALHOST),
            remote_port: 1,
            state: crate::model::TcpState::from_code(1),
            recv_q: 0,
            send_q: 0,
            uid: 0,
            inode: 0,
            timer: Timer::default(),
            ifindex: 0,
            cookie: 0,
            raw_protocol: 0,
            details: None,
        }
    }

    #[test]
    fn errno_mapping() {
        use DestroyError as E;
        let tcp = InetProto::Tcp;
        assert!(matches!(
            E::from_errno(libc::EPERM, tcp),
            E::PermissionDenied
        ));
        assert!(matches!(
            E::from_errno(libc::EACCES, tcp),
            E::PermissionDenied
        ));
        assert!(matches!(E::from_errno(libc::ENOENT, tcp), E::NotFound));
        let e = E::from_errno(libc::EOPNOTSUPP, InetProto::Udp);
        assert!(matches!(e, E::Unsupported { proto: "udp" }));
        assert_eq!(e.errno(), Some(libc::EOPNOTSUPP));
        let e = E::from_errno(libc::EINVAL, tcp);
        assert_eq!(e.errno(), Some(libc::EINVAL));
        assert!(e.to_string().starts_with("the kernel refused: "), "{e}");
        assert_eq!(
            E::PermissionDenied.to_string(),
            "permission denied (needs CAP_NET_ADMIN)"
        );
    }

    #[test]
    fn batch_stops_on_permission_and_skips_unsupported_protocols() {
        let socks: Vec<InetSocket> = (1..=3)
            .map(|p| sock(InetProto::Tcp, p))
            .chain((4..=5).map(|p| sock(InetProto::Udp, p)))
            .collect();
        // udp unsupported, tcp port 2 gone.
        let mut calls = Vec::new();
        let out = destroy_each_with(&socks, &mut |s| {
            calls.push(s.local_port);
            match (s.proto, s.local_port) {
                (InetProto::Udp, _) => Err(DestroyError::Unsupported { proto: "udp" }),
                (_, 2) => Err(DestroyError::NotFound),
                _ => Ok(()),
            }
        });
        assert_eq!(calls, vec![1, 2, 3, 4]);
        assert!(matches!(out[0], Outcome::Destroyed));
        assert!(matches!(out[1], Outcome::AlreadyGone));
        assert!(matches!(out[2], Outcome::Destroyed));
        assert!(matches!(
            out[3],
            Outcome::Failed(DestroyError::Unsupported { .. })
        ));
        assert!(matches!(out[4], Outcome::NotTried));
        // EPERM on the first: nothing else is tried.
        let mut n = 0;
        let out = destroy_each_with(&socks, &mut |_| {
            n += 1;
            Err(DestroyError::PermissionDenied)
        });
        assert_eq!(n, 1);
        assert!(matches!(
            out[0],
            Outcome::Failed(DestroyError::PermissionDenied)
        ));
        assert!(out[1..].iter().all(|o| matches!(o, Outcome::NotTried)));
    }

    #[test]
    fn raw_and_mismatched_sockets_are_refused_before_the_kernel() {
        let mut killer = Killer::new().unwrap();
        let raw = sock(InetProto::Raw, 1);
        assert!(matches!(
            killer.destroy(&raw),
            Err(DestroyError::Unsupported { proto: "raw" })
        ));
        let mut bad = sock(InetProto::Tcp, 1);
        bad.family = Family::Inet6;
        assert!(matches!(
            killer.destroy(&bad),
            Err(DestroyError::Invalid { .. })
        ));
    }
}
