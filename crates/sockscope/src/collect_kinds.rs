//! Collecting the socket kinds netstat does not know, each only when asked
//! for. Sources (whatever [`Source`] says where a kind has one source):
//! - ICMP ping sockets: /proc/net/icmp{,6} only (no sock_diag exists).
//! - MPTCP: sock_diag only (mptcp_diag; no /proc table), with the filter
//!   pushed down like TCP's. Unavailable with `Source::Proc`.
//! - SCTP: sctp_diag, else /proc/net/sctp/{eps,assocs}. A kernel without
//!   SCTP at all makes the kind unavailable with a message saying so.
//! - Packet and netlink: packet_diag / netlink_diag, else /proc/net/packet
//!   and /proc/net/netlink, like UNIX sockets.
//!
//! As for the netstat kinds: a kind no source can read is a
//! [`Warning::Unavailable`], a sock_diag failure with a /proc fallback a
//! [`Warning::Fallback`]; only a failure of the explicitly chosen source
//! is an error.

use super::{dump_netlink, label, read_proc_lenient, CollectOptions, Source};
use crate::model::{Family, InetProto, Snapshot, Warning};
use crate::sys::linux::{netlink, procfs};
use crate::{Error, Result};

/// Why SCTP is missing when neither source answers: said plainly when both
/// say "not here".
const NO_SCTP: &str = "the kernel has no SCTP support: no sctp_diag and no /proc/net/sctp";

/// Collect ICMP, SCTP or MPTCP sockets of one family into `snap.inet`.
pub(crate) fn collect_inet_kind(
    opts: &CollectOptions,
    proto: InetProto,
    family: Family,
    snap: &mut Snapshot,
) -> Result<()> {
    let what = label(proto, family);
    match proto {
        InetProto::Icmp => read_proc_lenient(proto, family, what, snap),
        InetProto::Mptcp if opts.source == Source::Proc => {
            snap.warnings.push(Warning::Unavailable {
                what,
                reason: "MPTCP sockets are only listed by sock_diag (mptcp_diag)".into(),
            });
            Ok(())
        }
        InetProto::Mptcp => {
            let before = snap.inet.len();
            match dump_netlink(opts, proto, family, &mut snap.inet) {
                Ok(()) => Ok(()),
                Err(e) if opts.source == Source::Netlink => Err(e),
                Err(e) => {
                    snap.inet.truncate(before);
                    snap.warnings.push(Warning::Unavailable {
                        what,
                        reason: e.to_string(),
                    });
                    Ok(())
                }
            }
        }
        _ => sctp(opts, family, what, snap),
    }
}

fn sctp(
    opts: &CollectOptions,
    family: Family,
    what: &'static str,
    snap: &mut Snapshot,
) -> Result<()> {
    let before = snap.inet.len();
    let diag_err = if opts.source == Source::Proc {
        None
    } else {
        match dump_netlink(opts, InetProto::Sctp, family, &mut snap.inet) {
            Ok(()) => return Ok(()),
            Err(e) if opts.source == Source::Netlink => return Err(e),
            Err(e) => {
                snap.inet.truncate(before);
                Some(e)
            }
        }
    };
    match procfs::read_inet(InetProto::Sctp, family, &mut snap.inet) {
        Ok(()) => {
            if let Some(e) = diag_err {
                snap.warnings.push(Warning::Fallback {
                    what,
                    reason: e.to_string(),
                });
            }
            Ok(())
        }
        Err(e) => {
            snap.inet.truncate(before);
            let absent = is_missing(&e) && diag_err.as_ref().is_none_or(is_missing);
            let reason = if absent {
                NO_SCTP.to_owned()
            } else {
                match diag_err {
                    Some(d) => format!("{d}; {e}"),
                    None => e.to_string(),
                }
            };
            snap.warnings.push(Warning::Unavailable { what, reason });
            Ok(())
        }
    }
}

/// "Not in this kernel": a diag module missing (ENOENT) or a /proc file
/// that does not exist.
fn is_missing(e: &Error) -> bool {
    match e {
        Error::DumpRejected { source, .. } => source.raw_os_error() == Some(libc::ENOENT),
        Error::ProcRead { source, .. } => source.kind() == std::io::ErrorKind::NotFound,
        _ => false,
    }
}

/// Collect packet and netlink sockets, as asked.
pub(super) fn collect_link_kinds(opts: &CollectOptions, snap: &mut Snapshot) -> Result<()> {
    if opts.packet {
        let (out, warnings) = (&mut snap.packet, &mut snap.warnings);
        two_sources(
            opts.source,
            "packet",
            out,
            warnings,
            netlink::dump_packet,
            procfs::read_packet,
        )?;
    }
    if opts.netlink {
        let (out, warnings) = (&mut snap.netlink, &mut snap.warnings);
        two_sources(
            opts.source,
            "netlink",
            out,
            warnings,
            netlink::dump_netlink,
            procfs::read_netlink,
        )?;
    }
    Ok(())
}

/// sock_diag with a /proc fallback, as `source` says.
fn two_sources<T>(
    source: Source,
    what: &'static str,
    out: &mut Vec<T>,
    warnings: &mut Vec<Warning>,
    diag: fn(&mut Vec<T>) -> Result<()>,
    proc: fn(&mut Vec<T>) -> Result<()>,
) -> Result<()> {
    let before = out.len();
    if source != Source::Proc {
        match diag(out) {
            Ok(()) => return Ok(()),
            Err(e) if source == Source::Netlink => return Err(e),
            Err(e) => {
                out.truncate(before);
                warnings.push(Warning::Fallback {
                    what,
                    reason: e.to_string(),
                });
            }
        }
    }
    match proc(out) {
        Ok(()) => Ok(()),
        Err(e) if source == Source::Proc => Err(e),
        Err(e) => {
            out.truncate(before);
            warnings.push(Warning::Unavailable {
                what,
                reason: e.to_string(),
            });
            Ok(())
        }
    }
}
