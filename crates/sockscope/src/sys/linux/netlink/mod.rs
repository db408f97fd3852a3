//! sock_diag over NETLINK_SOCK_DIAG: dumps of internet, UNIX, packet and
//! netlink sockets of the current network namespace, decoded into the
//! model in kernel order.
//!
//! Layout: the generic netlink pieces live in `sys::linux::nl` (`socket`:
//! the only I/O; `nlmsg`: framing, DONE/ERROR codes; `attrs`: TLV iterator);
//! here are `inet_diag`, `unix_diag`, `packet_diag` and `netlink_diag`
//! (requests and pure decoders; `mptcp_info` and `tcp_info` for the INFO
//! attribute) and `destroy` (SOCK_DESTROY of one socket, for `crate::kill`).
//! Each file
//! documents what the kernel message cannot tell compared with /proc.
//!
//! Error policy: a dump either returns every socket the kernel sent or an
//! error; nothing is dropped silently. A malformed message fails the dump
//! with [`Decode`](crate::Error::Decode) (carrying its byte offset in the reply stream),
//! a kernel error code with [`DumpRejected`](crate::Error::DumpRejected) (ENOENT when the diag
//! module for the protocol is missing, e.g. raw here). On error `out` is
//! left as it was, so the caller may fall back to /proc.

pub(crate) mod destroy;
pub(crate) mod inet_details;
pub(crate) mod inet_diag;
mod inet_visit;
pub(crate) mod mptcp_info;
pub(crate) mod netlink_diag;
pub(crate) mod packet_diag;
pub(crate) mod tcp_info;
pub(crate) mod unix_diag;

use super::nl::socket::{self, DumpRequest};
pub use inet_visit::{visit_inet, InetDump};
// Brought in by name so the decoders (and their tests) reach them as
// `super::attrs` / `super::nlmsg`.
use super::nl::{attrs, nlmsg};

pub use destroy::Destroyer;

#[cfg(test)]
mod details_tests;
#[cfg(test)]
mod filtered_tests;
#[cfg(test)]
mod kinds_live_tests;
#[cfg(test)]
mod kinds_replay_tests;
#[cfg(test)]
mod live_order_tests;
#[cfg(test)]
mod live_tests;
#[cfg(test)]
mod replay_tests;

pub(crate) use inet_diag::sctp_assoc_state;

#[cfg(test)]
use crate::model::InetSocket;
use crate::model::{Family, InetProto, NetlinkSocket, PacketSocket, UnixSocket};
use crate::Result;

/// `SOCK_DIAG_BY_FAMILY`: the request and reply type of every sock_diag dump.
pub(crate) const SOCK_DIAG_BY_FAMILY: u16 = 20;

/// A sock_diag dump request with `body` (an `inet_diag_req_v2` or
/// `unix_diag_req`).
fn diag_request(body: &[u8]) -> DumpRequest<'_> {
    DumpRequest {
        protocol: libc::NETLINK_SOCK_DIAG,
        request: SOCK_DIAG_BY_FAMILY,
        reply: SOCK_DIAG_BY_FAMILY,
        body,
    }
}

#[cfg(test)]
/// Dump every socket of `proto`/`family` in this network namespace, appending
/// to `out` in kernel order. TCP includes TIME_WAIT and request (SYN_RECV)
/// sockets: every state /proc/net/tcp lists.
pub fn dump_inet(proto: InetProto, family: Family, out: &mut Vec<InetSocket>) -> Result<()> {
    dump_inet_with(proto, family, false, out)
}

#[cfg(test)]
/// As [`dump_inet`]; with `tcp_info`, TCP sockets also bring their
/// `tcp_info`, which makes the timer's retransmit and probe counters exact
/// (netstat `-o`) at the cost of larger messages.
pub fn dump_inet_with(
    proto: InetProto,
    family: Family,
    tcp_info: bool,
    out: &mut Vec<InetSocket>,
) -> Result<()> {
    dump_inet_ext(proto, family, tcp_info, false, out)
}

#[cfg(test)]
/// As [`dump_inet_with`]; with `details`, every socket also carries what
/// sock_diag can tell beyond the fixed message (`tcp_info`, memory,
/// congestion algorithm, mark, cgroup, TOS, shutdown) in
/// [`InetSocket::details`].
pub fn dump_inet_ext(
    proto: InetProto,
    family: Family,
    tcp_info: bool,
    details: bool,
    out: &mut Vec<InetSocket>,
) -> Result<()> {
    let ext = inet_details::extensions(proto, tcp_info, details);
    let body = inet_diag::request_body(proto, family, inet_diag::PROC_STATES, ext, &[]);
    let before = out.len();
    let r = socket::dump(
        diag_request(&body),
        label(proto, family),
        &mut |payload, offset| {
            out.push(inet_diag::decode_with(payload, proto, offset, details)?);
            Ok(())
        },
    );
    restore_on_error(r, out, before)
}

/// Every TCP state a dump can ask for that /proc also lists (see
/// `inet_diag::PROC_STATES`): the state mask for "all states".
pub const ALL_STATES: u32 = inet_diag::PROC_STATES;

#[cfg(test)]
/// As [`dump_inet_with`], asking the kernel to filter: only sockets whose
/// state bit is in `states` (intersected with [`ALL_STATES`]) and, when
/// `bytecode` is not empty, that the inet_diag filter program accepts
/// (sent as `INET_DIAG_REQ_BYTECODE`; build it with
/// `crate::filter::pushdown`). A kernel refusing the program (EINVAL from
/// an older kernel that lacks an op) fails the dump like any other
/// rejection, leaving `out` as it was.
pub fn dump_inet_filtered(
    proto: InetProto,
    family: Family,
    states: u32,
    bytecode: &[u8],
    tcp_info: bool,
    details: bool,
    out: &mut Vec<InetSocket>,
) -> Result<()> {
    let ext = inet_details::extensions(proto, tcp_info, details);
    let body = inet_diag::request_body(proto, family, states & ALL_STATES, ext, bytecode);
    let before = out.len();
    let r = socket::dump(
        diag_request(&body),
        label(proto, family),
        &mut |payload, offset| {
            out.push(inet_diag::decode_with(payload, proto, offset, details)?);
            Ok(())
        },
    );
    restore_on_error(r, out, before)
}

/// Dump every UNIX socket in this network namespace, appending to `out` in
/// kernel order (a listener's not-yet-accepted connections follow it).
pub fn dump_unix(out: &mut Vec<UnixSocket>) -> Result<()> {
    let body = unix_diag::request();
    let before = out.len();
    let r = socket::dump(diag_request(&body), "unix", &mut |payload, offset| {
        unix_diag::decode_into(payload, offset, out)
    });
    restore_on_error(r, out, before)
}

/// Dump every packet (AF_PACKET) socket of this network namespace,
/// appending to `out` in kernel order. ENOENT means the kernel lacks
/// packet_diag.
pub fn dump_packet(out: &mut Vec<PacketSocket>) -> Result<()> {
    let body = packet_diag::request();
    let before = out.len();
    let r = socket::dump(diag_request(&body), "packet", &mut |payload, offset| {
        out.push(packet_diag::decode(payload, offset)?);
        Ok(())
    });
    restore_on_error(r, out, before)
}

/// Dump every netlink socket of this network namespace (every protocol),
/// appending to `out` in kernel order; the dump's own socket is included.
/// ENOENT means the kernel lacks netlink_diag.
///
/// A socket that joined multicast groups is sent twice by Linux 6.18 (once
/// from the port hash, once from the protocol's multicast list; ss prints
/// both): a repeat of a socket already seen (same inode and cookie) is
/// dropped.
pub fn dump_netlink(out: &mut Vec<NetlinkSocket>) -> Result<()> {
    let body = netlink_diag::request();
    let before = out.len();
    let mut seen = std::collections::HashSet::new();
    let r = socket::dump(diag_request(&body), "netlink", &mut |payload, offset| {
        let s = netlink_diag::decode(payload, offset)?;
        if seen.insert((s.inode, s.cookie)) {
            out.push(s);
        }
        Ok(())
    });
    restore_on_error(r, out, before)
}

fn restore_on_error<T>(r: Result<()>, out: &mut Vec<T>, len: usize) -> Result<()> {
    if r.is_err() {
        out.truncate(len);
    }
    r
}

/// Name of a dump in errors.
fn label(proto: InetProto, family: Family) -> &'static str {
    crate::model::SocketKind::Inet(proto, family).name()
}
