//! sock_diag over NETLINK_SOCK_DIAG: dumps of internet and UNIX sockets of
//! the current network namespace, decoded into the model in kernel order.
//!
//! Layout: `socket` (the only I/O: socket, send, recv loop), `nlmsg`
//! (framing, DONE/ERROR codes), `attrs` (TLV iterator), `inet_diag` and
//! `unix_diag` (requests and pure decoders). Each file documents what the
//! kernel message cannot tell compared with /proc.
//!
//! Error policy: a dump either returns every socket the kernel sent or an
//! error; nothing is dropped silently. A malformed message fails the dump
//! with [`Decode`](crate::Error::Decode) (carrying its byte offset in the reply stream),
//! a kernel error code with [`DumpRejected`](crate::Error::DumpRejected) (ENOENT when the diag
//! module for the protocol is missing, e.g. raw here). On error `out` is
//! left as it was, so the caller may fall back to /proc.

pub(crate) mod attrs;
mod inet_diag;
pub(crate) mod nlmsg;
pub(crate) mod socket;
mod unix_diag;

#[cfg(test)]
mod live_order_tests;
#[cfg(test)]
mod live_tests;
#[cfg(test)]
mod replay_tests;

use crate::model::{Family, InetProto, InetSocket, UnixSocket};
use crate::Result;

/// Dump every socket of `proto`/`family` in this network namespace, appending
/// to `out` in kernel order. TCP includes TIME_WAIT and request (SYN_RECV)
/// sockets: every state /proc/net/tcp lists.
pub fn dump_inet(proto: InetProto, family: Family, out: &mut Vec<InetSocket>) -> Result<()> {
    let body = inet_diag::request(proto, family, inet_diag::PROC_STATES);
    let before = out.len();
    let r = socket::dump(&body, label(proto, family), &mut |payload, offset| {
        out.push(inet_diag::decode(payload, proto, offset)?);
        Ok(())
    });
    restore_on_error(r, out, before)
}

/// Dump every UNIX socket in this network namespace, appending to `out` in
/// kernel order (a listener's not-yet-accepted connections follow it).
pub fn dump_unix(out: &mut Vec<UnixSocket>) -> Result<()> {
    let body = unix_diag::request();
    let before = out.len();
    let r = socket::dump(&body, "unix", &mut |payload, offset| {
        unix_diag::decode_into(payload, offset, out)
    });
    restore_on_error(r, out, before)
}

fn restore_on_error<T>(r: Result<()>, out: &mut Vec<T>, len: usize) -> Result<()> {
    if r.is_err() {
        out.truncate(len);
    }
    r
}

/// Name of a dump in errors, as netstat labels the protocol.
fn label(proto: InetProto, family: Family) -> &'static str {
    match (proto, family) {
        (InetProto::Tcp, Family::Inet) => "tcp",
        (InetProto::Tcp, Family::Inet6) => "tcp6",
        (InetProto::Udp, Family::Inet) => "udp",
        (InetProto::Udp, Family::Inet6) => "udp6",
        (InetProto::UdpLite, Family::Inet) => "udpl",
        (InetProto::UdpLite, Family::Inet6) => "udpl6",
        (InetProto::Raw, Family::Inet) => "raw",
        (InetProto::Raw, Family::Inet6) => "raw6",
    }
}
