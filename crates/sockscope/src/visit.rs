//! Streaming collection of internet sockets: the same sockets, in the same
//! order, as [`collect`](crate::collect()) puts into `Snapshot::inet`, but
//! handed one at a time to a callback as they are decoded, so that a
//! listing of 200k sockets never holds them all (ICMP, SCTP and MPTCP,
//! which netstat does not know, are gathered per family first, as
//! `collect` does, and then handed on). The socket → process map
//! (when a caller needs one) is built first with [`process_map`].
//!
//! The filter is pushed into the kernel as `collect` does, and evaluated on
//! each socket before the callback sees it. TCP over both families is
//! fetched in one walk of the kernel's tables (see
//! `sys::linux::netlink::visit_inet`); netstat lists tcp before tcp6, so
//! the IPv6 sockets of that walk wait in a bounded buffer, and if there are
//! more than [`PENDING_MAX`] of them they are dropped and fetched again by
//! an IPv6 dump afterwards (memory stays bounded, the order unchanged).
//!
//! Sources and fallbacks follow `collect`: a sock_diag dump that fails
//! before it produced a socket falls back to /proc (with a
//! [`Warning::Fallback`], except for raw); one that fails after sockets were
//! already handed on cannot be taken back and is an error.

use crate::collect::{kinds, label, CollectOptions, Source};
use crate::filter::Filter;
use crate::model::{Family, InetProto, InetSocket, ProcessMap, Warning};
use crate::sys::linux::netlink::{self, InetDump};
use crate::sys::linux::procfs;
use crate::{Error, Result};

/// Most IPv6 sockets held back while a both-families TCP walk lists IPv4
/// (about 3.5 MiB).
pub const PENDING_MAX: usize = 32 * 1024;
/// The held-back sockets are kept in chunks of this many: growing never
/// copies, so memory is what they take.
const PENDING_CHUNK: usize = 1024;

/// `collect`'s order. ICMP, SCTP and MPTCP (kinds netstat does not know,
/// and rarely many) are collected per family as `collect` does, then
/// handed on one by one.
const ORDER: [InetProto; 7] = [
    InetProto::Tcp,
    InetProto::Udp,
    InetProto::UdpLite,
    InetProto::Raw,
    InetProto::Icmp,
    InetProto::Sctp,
    InetProto::Mptcp,
];

/// The socket → process map when `opts` needs one (`processes`, or a filter
/// testing pids or names), as `collect` would build it.
pub fn process_map(
    opts: &CollectOptions,
    warnings: &mut Vec<Warning>,
) -> Result<Option<ProcessMap>> {
    let filter_needs = active_filter(opts).is_some_and(Filter::needs_processes);
    if opts.processes || filter_needs {
        procfs::process_map(warnings).map(Some)
    } else {
        Ok(None)
    }
}

/// Hand every internet socket `opts` selects to `on`, in netstat order.
/// `processes` is what the filter's pid and name tests consult. `on` may
/// end the walk with an error (e.g. [`Error::Stopped`]), which is returned
/// as is.
pub fn visit_inet(
    opts: &CollectOptions,
    processes: Option<&ProcessMap>,
    warnings: &mut Vec<Warning>,
    on: &mut dyn FnMut(&InetSocket) -> Result<()>,
) -> Result<()> {
    visit_capped(opts, processes, warnings, PENDING_MAX, on)
}

/// [`visit_inet`] holding back at most `cap` IPv6 sockets.
fn visit_capped(
    opts: &CollectOptions,
    processes: Option<&ProcessMap>,
    warnings: &mut Vec<Warning>,
    cap: usize,
    on: &mut dyn FnMut(&InetSocket) -> Result<()>,
) -> Result<()> {
    let filter = active_filter(opts);
    let mut emit = |s: &InetSocket| match filter {
        Some(f) if !f.matches_inet(s, processes) => Ok(()),
        _ => on(s),
    };
    let wants = |f| opts.families.contains(&f);
    for proto in ORDER.iter().copied().filter(|p| opts.protos.contains(p)) {
        let both = wants(Family::Inet) && wants(Family::Inet6);
        if proto == InetProto::Tcp && both && opts.source != Source::Proc {
            if let Some(p) = one_walk_plan(opts) {
                if tcp_one_walk(opts, &p, cap, warnings, &mut emit)? {
                    continue;
                }
            }
        }
        for family in [Family::Inet, Family::Inet6] {
            if !wants(family) {
                continue;
            }
            if proto.is_netstat() {
                visit_one(opts, proto, family, warnings, &mut emit)?;
            } else {
                let mut snap = crate::model::Snapshot::default();
                kinds::collect_inet_kind(opts, proto, family, &mut snap)?;
                warnings.append(&mut snap.warnings);
                snap.inet.iter().try_for_each(&mut emit)?;
            }
        }
    }
    Ok(())
}

/// The filter, unless empty.
fn active_filter(opts: &CollectOptions) -> Option<&Filter> {
    opts.filter.as_ref().filter(|f| !f.is_empty())
}

/// What to push into a one-walk TCP dump, when one program serves both
/// families (`None`: dump the families apart).
fn one_walk_plan(opts: &CollectOptions) -> Option<Plan> {
    let Some(f) = active_filter(opts).filter(|_| !opts.no_pushdown) else {
        return Some(Plan::default());
    };
    let (v4, v6) = (
        f.pushdown(InetProto::Tcp, Family::Inet),
        f.pushdown(InetProto::Tcp, Family::Inet6),
    );
    (v4 == v6 && !v4.skip).then_some(Plan {
        states: v4.states,
        bytecode: v4.bytecode,
    })
}

/// Both TCP families in one walk. `Ok(false)`: the kernel refused it before
/// any socket (an old or odd kernel): the caller dumps the families apart.
fn tcp_one_walk(
    opts: &CollectOptions,
    p: &Plan,
    cap: usize,
    warnings: &mut Vec<Warning>,
    emit: &mut dyn FnMut(&InetSocket) -> Result<()>,
) -> Result<bool> {
    let mut pending: Vec<Vec<InetSocket>> = Vec::new();
    let mut held = 0usize;
    let mut overflow = false;
    let mut emitted = 0usize;
    let dump = InetDump {
        states: p.states,
        bytecode: &p.bytecode,
        tcp_info: opts.tcp_info,
        details: opts.details,
        ..InetDump::all(InetProto::Tcp, None)
    };
    let r = netlink::visit_inet(&dump, &mut |s| match s.family {
        Family::Inet => {
            emitted += 1;
            emit(s)
        }
        Family::Inet6 if overflow => Ok(()),
        Family::Inet6 if held >= cap => {
            overflow = true;
            pending = Vec::new();
            Ok(())
        }
        Family::Inet6 => {
            match pending.last_mut() {
                Some(chunk) if chunk.len() < PENDING_CHUNK => chunk.push(s.clone()),
                _ => {
                    let mut chunk = Vec::with_capacity(PENDING_CHUNK);
                    chunk.push(s.clone());
                    pending.push(chunk);
                }
            }
            held += 1;
            Ok(())
        }
    });
    if let Err(e) = r {
        return if emitted == 0 { Ok(false) } else { Err(e) };
    }
    if overflow {
        visit_one(opts, InetProto::Tcp, Family::Inet6, warnings, emit)?;
        return Ok(true);
    }
    pending.iter().flatten().try_for_each(&mut *emit)?;
    Ok(true)
}

/// One protocol and family from the source `opts` chooses.
fn visit_one(
    opts: &CollectOptions,
    proto: InetProto,
    family: Family,
    warnings: &mut Vec<Warning>,
    emit: &mut dyn FnMut(&InetSocket) -> Result<()>,
) -> Result<()> {
    let what = label(proto, family);
    if opts.source == Source::Proc {
        return visit_proc(proto, family, what, warnings, emit);
    }
    let mut emitted = 0usize;
    let r = visit_netlink(opts, proto, family, &mut |s| {
        emitted += 1;
        emit(s)
    });
    match r {
        Ok(()) => Ok(()),
        Err(e) if opts.source == Source::Netlink || emitted > 0 => Err(e),
        Err(e) => {
            // raw_diag is commonly absent: /proc is the normal path there.
            if proto != InetProto::Raw {
                warnings.push(Warning::Fallback {
                    what,
                    reason: e.to_string(),
                });
            }
            visit_proc(proto, family, what, warnings, emit)
        }
    }
}

/// A sock_diag dump with the filter pushed down; a kernel refusing the
/// program (EINVAL, an older kernel lacking an op) is asked again without.
fn visit_netlink(
    opts: &CollectOptions,
    proto: InetProto,
    family: Family,
    emit: &mut dyn FnMut(&InetSocket) -> Result<()>,
) -> Result<()> {
    let mut dump = InetDump {
        tcp_info: opts.tcp_info,
        details: opts.details,
        ..InetDump::all(proto, Some(family))
    };
    let Some(f) = active_filter(opts).filter(|_| !opts.no_pushdown) else {
        return netlink::visit_inet(&dump, &mut |s| emit(s));
    };
    let p = f.pushdown(proto, family);
    if p.skip {
        return Ok(());
    }
    dump.states = p.states;
    dump.bytecode = &p.bytecode;
    match netlink::visit_inet(&dump, &mut |s| emit(s)) {
        Err(Error::DumpRejected { ref source, .. })
            if !p.bytecode.is_empty() && source.raw_os_error() == Some(libc::EINVAL) =>
        {
            dump.bytecode = &[];
            netlink::visit_inet(&dump, &mut |s| emit(s))
        }
        r => r,
    }
}

/// /proc/net/<file>; a missing file is a warning, as in `collect`.
fn visit_proc(
    proto: InetProto,
    family: Family,
    what: &'static str,
    warnings: &mut Vec<Warning>,
    emit: &mut dyn FnMut(&InetSocket) -> Result<()>,
) -> Result<()> {
    let mut all = Vec::new();
    match procfs::read_inet(proto, family, &mut all) {
        Ok(()) => all.iter().try_for_each(emit),
        Err(e) => {
            warnings.push(Warning::Unavailable {
                what,
                reason: e.to_string(),
            });
            Ok(())
        }
    }
}

/// State mask and program of a one-walk dump.
#[derive(Debug)]
struct Plan {
    states: u32,
    bytecode: Vec<u8>,
}

impl Default for Plan {
    fn default() -> Plan {
        Plan {
            states: netlink::ALL_STATES,
            bytecode: Vec::new(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
#[path = "visit_tests.rs"]
mod tests;
