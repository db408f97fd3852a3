//! Streaming inet dumps: every socket is decoded in place from the receive
//! buffer into a stack value and handed to a callback, so a dump of any
//! size costs one 64 KiB buffer and no allocation per socket (unless
//! details were asked for).
//!
//! Besides the per-family `SOCK_DIAG_BY_FAMILY` dump, TCP can be dumped for
//! both families in ONE walk of the kernel's hash tables with the legacy
//! `TCPDIAG_GETSOCK` request (`struct inet_diag_req`, which the kernel
//! serves as family `AF_UNSPEC`): a per-family dump walks every TCP socket
//! of the namespace and skips the other family's, so two of them walk the
//! tables twice. Replies are the same `inet_diag_msg`s, tagged with their
//! family, in the same order as the per-family dumps (each family's
//! sockets in hash-table order, the two families interleaved).

use super::inet_details;
use super::inet_diag::{self, decode_msg, with_bytecode};
use super::{diag_request, label, ALL_STATES};
use crate::model::{Family, InetProto, InetSocket};
use crate::sys::linux::nl::socket::{self, DumpRequest};
use crate::Result;

/// `TCPDIAG_GETSOCK`: the legacy TCP dump request (and reply) type.
const TCPDIAG_GETSOCK: u16 = 18;
/// Size of the legacy `struct inet_diag_req`.
const COMPAT_REQ_LEN: usize = 60;

/// One streaming dump.
#[derive(Debug, Clone, Copy)]
pub struct InetDump<'a> {
    pub proto: InetProto,
    /// One family, or `None` for both in one walk (TCP only: other
    /// protocols have no legacy request and fail with `InvalidInput`).
    pub family: Option<Family>,
    /// State mask (bit n = kernel state n), intersected with [`ALL_STATES`].
    pub states: u32,
    /// An inet_diag filter program (`crate::filter::pushdown`), or empty.
    pub bytecode: &'a [u8],
    /// Ask for `tcp_info` (exact timer counters, netstat `-o`).
    pub tcp_info: bool,
    /// Decode every detail attribute into [`InetSocket::details`].
    pub details: bool,
    /// Stamped on every socket as [`InetSocket::netns`].
    pub netns: u64,
}

impl InetDump<'_> {
    /// Every socket of `proto` in `family` (`None`: both, TCP only).
    pub fn all(proto: InetProto, family: Option<Family>) -> InetDump<'static> {
        InetDump {
            proto,
            family,
            states: ALL_STATES,
            bytecode: &[],
            tcp_info: false,
            details: false,
            netns: 0,
        }
    }
}

/// Run `dump`, calling `on` with each socket in kernel order (lent: a
/// caller keeping one clones it). The first
/// error (from the kernel, the decoder or `on`) ends the dump; sockets
/// already handed to `on` stay handed.
pub fn visit_inet(
    dump: &InetDump<'_>,
    on: &mut dyn FnMut(&InetSocket) -> Result<()>,
) -> Result<()> {
    let ext = inet_details::extensions(dump.proto, dump.tcp_info, dump.details);
    let states = dump.states & ALL_STATES;
    let (body, what, request) = match dump.family {
        Some(family) => (
            inet_diag::request_body(dump.proto, family, states, ext, dump.bytecode),
            label(dump.proto, family),
            diag_request(&[]),
        ),
        None if dump.proto == InetProto::Tcp => (
            with_bytecode(compat_request(states, ext).to_vec(), dump.bytecode),
            "tcp/tcp6",
            DumpRequest {
                protocol: libc::NETLINK_SOCK_DIAG,
                request: TCPDIAG_GETSOCK,
                reply: TCPDIAG_GETSOCK,
                body: &[],
            },
        ),
        None => {
            return Err(crate::Error::Netlink {
                op: "request",
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "only TCP dumps both families in one request",
                ),
            })
        }
    };
    let (proto, details, netns) = (dump.proto, dump.details, dump.netns);
    // Only raw sockets (their protocol) and asked-for extensions need the
    // attributes walked.
    let attrs = proto == InetProto::Raw || ext != 0;
    socket::dump(
        DumpRequest {
            body: &body,
            ..request
        },
        what,
        // Lent in place (no `?`, no move): moving the socket out of the
        // Result and into the callback cost two copies of it per row.
        &mut |payload, offset| match decode_msg(payload, proto, offset, details, attrs) {
            Ok(ref mut s) => {
                s.netns = netns;
                on(s)
            }
            Err(e) => Err(e),
        },
    )
}

/// The legacy `inet_diag_req`: family (ignored: the kernel dumps both),
/// address lengths, extensions, a zero socket id with the "no cookie"
/// cookie, the state mask, and `idiag_dbs` (unused).
fn compat_request(states: u32, ext: u8) -> [u8; COMPAT_REQ_LEN] {
    let mut b = [0u8; COMPAT_REQ_LEN];
    b[3] = ext;
    b[44..52].fill(0xff);
    b[52..56].copy_from_slice(&states.to_ne_bytes());
    b
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests {
    use super::*;

    #[test]
    fn compat_request_layout() {
        let b = compat_request(0x0402, 0x12);
        assert_eq!(b.len(), 60);
        assert_eq!(&b[..4], &[0, 0, 0, 0x12]);
        assert!(b[4..44].iter().all(|&x| x == 0));
        assert!(b[44..52].iter().all(|&x| x == 0xff));
        assert_eq!(u32::from_ne_bytes([b[52], b[53], b[54], b[55]]), 0x0402);
        assert_eq!(&b[56..], &[0; 4]);
    }

    #[test]
    fn only_tcp_has_a_both_families_dump() {
        let r = visit_inet(&InetDump::all(InetProto::Udp, None), &mut |_| Ok(()));
        assert!(
            matches!(r, Err(crate::Error::Netlink { op: "request", .. })),
            "{r:?}"
        );
    }

    /// Live: the one-walk dump lists the same sockets, in the same order
    /// per family, as the two per-family dumps.
    #[test]
    fn one_walk_equals_two_dumps() {
        let _l4 = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let _l6 = std::net::TcpListener::bind("[::1]:0").ok();
        let key = |s: &InetSocket| (s.family, s.local, s.local_port, s.remote, s.remote_port);
        let mut both = Vec::new();
        if let Err(e) = visit_inet(&InetDump::all(InetProto::Tcp, None), &mut |s| {
            both.push(key(s));
            Ok(())
        }) {
            eprintln!("no legacy TCP dump here ({e}): skipping");
            return;
        }
        for family in [Family::Inet, Family::Inet6] {
            let mut one = Vec::new();
            visit_inet(&InetDump::all(InetProto::Tcp, Some(family)), &mut |s| {
                one.push(key(s));
                Ok(())
            })
            .unwrap();
            let from_both: Vec<_> = both.iter().filter(|k| k.0 == family).cloned().collect();
            // Sockets may come and go between dumps on a busy machine:
            // compare what both saw, in order.
            let common: Vec<_> = from_both.iter().filter(|k| one.contains(k)).collect();
            let common_one: Vec<_> = one.iter().filter(|k| from_both.contains(k)).collect();
            assert_eq!(common, common_one);
            assert!(common.len() + 50 >= one.len().max(from_both.len()));
        }
    }
}
