//! One entry point that gathers a [`Snapshot`]: which protocols, from which
//! source (sock_diag or /proc), and whether to map sockets to processes.
//! Ordering follows netstat: tcp, tcp6, udp, udp6, udplite, udplite6, raw,
//! raw6, then UNIX, each in kernel enumeration order; the kinds netstat
//! does not know follow when asked for (icmp, sctp, mptcp per family; then
//! packet and netlink: see `collect_kinds.rs` for their sources).
//!
//! With a [`Filter`], what the kernel can test is pushed into each
//! sock_diag dump (state mask and inet_diag bytecode; see
//! `filter::pushdown`), and the filter is then evaluated in user space on
//! everything collected, whatever the source: pushdown only saves work.

#[path = "collect_kinds.rs"]
pub(crate) mod kinds;

use crate::filter::Filter;
use crate::model::{Family, InetProto, Snapshot, Warning};
use crate::sys::linux::{netlink, procfs};
use crate::Result;

/// Where socket tables come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Source {
    /// sock_diag, falling back to /proc per protocol when the kernel lacks it.
    #[default]
    Auto,
    /// sock_diag only; a missing diag module is an error.
    Netlink,
    /// /proc/net only (gVisor, WSL1, locked-down containers; tests).
    Proc,
}

/// What to collect.
#[derive(Debug, Clone, Default)]
pub struct CollectOptions {
    /// Internet protocols wanted, collected in netstat order whatever the order here.
    pub protos: Vec<InetProto>,
    /// Families wanted for internet sockets.
    pub families: Vec<Family>,
    /// UNIX domain sockets.
    pub unix: bool,
    /// Packet (AF_PACKET) sockets: packet_diag, else /proc/net/packet.
    pub packet: bool,
    /// Netlink sockets: netlink_diag, else /proc/net/netlink.
    pub netlink: bool,
    /// UNIX sockets need the RefCnt and Flags columns, which only
    /// /proc/net/unix has: read UNIX from there.
    pub unix_refcnt: bool,
    /// Build the socket → process map (`-p`, `-e` with JSON, ...).
    pub processes: bool,
    /// TCP timers need exact retransmit and probe counters (netstat `-o`):
    /// ask sock_diag for `tcp_info` too.
    pub tcp_info: bool,
    /// Socket internals (`tcp_info`, memory, congestion algorithm, mark,
    /// cgroup, TOS, shutdown) into [`InetSocket::details`](crate::model::InetSocket::details).
    /// sock_diag only: sockets read from /proc carry none. Off by default:
    /// the plain listing stays one flat allocation.
    pub details: bool,
    pub source: Source,
    /// Keep only the sockets this filter selects. Needing processes (pid,
    /// process name) makes the process map be built even without
    /// `processes`.
    pub filter: Option<Filter>,
    /// Do not push the filter into the kernel (debugging, and the proof
    /// that pushdown changes nothing): every socket is fetched and the
    /// filter runs in user space only.
    pub no_pushdown: bool,
}

const ORDER: [InetProto; 7] = [
    InetProto::Tcp,
    InetProto::Udp,
    InetProto::UdpLite,
    InetProto::Raw,
    InetProto::Icmp,
    InetProto::Sctp,
    InetProto::Mptcp,
];

/// Gather the sockets `opts` asks for. A protocol that neither source can read
/// becomes a warning (netstat silently skips a missing /proc file); only a
/// failure of the explicitly chosen source is an error.
pub fn collect(opts: &CollectOptions) -> Result<Snapshot> {
    let mut snap = Snapshot::default();
    for proto in ORDER.iter().copied().filter(|p| opts.protos.contains(p)) {
        for family in [Family::Inet, Family::Inet6] {
            if !opts.families.contains(&family) {
                continue;
            }
            if proto.is_netstat() {
                collect_inet(opts, proto, family, &mut snap)?;
            } else {
                kinds::collect_inet_kind(opts, proto, family, &mut snap)?;
            }
        }
    }
    if opts.unix {
        let use_proc = opts.source == Source::Proc || opts.unix_refcnt;
        if use_proc {
            if let Err(e) = procfs::read_unix(&mut snap.unix) {
                if opts.source == Source::Proc {
                    return Err(e);
                }
                snap.warnings.push(Warning::Unavailable {
                    what: "unix",
                    reason: e.to_string(),
                });
            }
        } else if let Err(e) = netlink::dump_unix(&mut snap.unix) {
            if opts.source == Source::Netlink {
                return Err(e);
            }
            snap.unix.clear();
            snap.warnings.push(Warning::Fallback {
                what: "unix",
                reason: e.to_string(),
            });
            if let Err(e) = procfs::read_unix(&mut snap.unix) {
                snap.warnings.push(Warning::Unavailable {
                    what: "unix",
                    reason: e.to_string(),
                });
            }
        }
    }
    kinds::collect_link_kinds(opts, &mut snap)?;
    let filter = opts.filter.as_ref().filter(|f| !f.is_empty());
    if opts.processes || filter.is_some_and(Filter::needs_processes) {
        snap.processes = Some(procfs::process_map(&mut snap.warnings)?);
    }
    if let Some(f) = filter {
        f.retain(&mut snap);
    }
    Ok(snap)
}

/// Dump one protocol/family from sock_diag, with the filter pushed down
/// when there is one. A kernel that refuses the program (an older kernel
/// lacking an op) is asked again without it.
fn dump_netlink(
    opts: &CollectOptions,
    proto: InetProto,
    family: Family,
    out: &mut Vec<crate::model::InetSocket>,
) -> Result<()> {
    let filter = opts.filter.as_ref().filter(|f| !f.is_empty());
    let Some(f) = filter.filter(|_| !opts.no_pushdown) else {
        return netlink::dump_inet_ext(proto, family, opts.tcp_info, opts.details, out);
    };
    let p = f.pushdown(proto, family);
    if p.skip {
        return Ok(());
    }
    let (info, details) = (opts.tcp_info, opts.details);
    let r = netlink::dump_inet_filtered(proto, family, p.states, &p.bytecode, info, details, out);
    match r {
        Err(crate::Error::DumpRejected { ref source, .. })
            if !p.bytecode.is_empty() && source.raw_os_error() == Some(libc::EINVAL) =>
        {
            netlink::dump_inet_filtered(proto, family, p.states, &[], info, details, out)
        }
        r => r,
    }
}

fn collect_inet(
    opts: &CollectOptions,
    proto: InetProto,
    family: Family,
    snap: &mut Snapshot,
) -> Result<()> {
    let what = label(proto, family);
    match opts.source {
        Source::Netlink => dump_netlink(opts, proto, family, &mut snap.inet),
        Source::Proc => read_proc_lenient(proto, family, what, snap),
        Source::Auto => {
            let before = snap.inet.len();
            match dump_netlink(opts, proto, family, &mut snap.inet) {
                Ok(()) => Ok(()),
                Err(e) => {
                    snap.inet.truncate(before);
                    // raw_diag is commonly absent: reading /proc is the normal
                    // path there, not something to warn about.
                    if proto != InetProto::Raw {
                        snap.warnings.push(Warning::Fallback {
                            what,
                            reason: e.to_string(),
                        });
                    }
                    read_proc_lenient(proto, family, what, snap)
                }
            }
        }
    }
}

/// A missing /proc file means the protocol is not in this kernel (netstat
/// skips it too): record it, do not fail.
fn read_proc_lenient(
    proto: InetProto,
    family: Family,
    what: &'static str,
    snap: &mut Snapshot,
) -> Result<()> {
    let before = snap.inet.len();
    if let Err(e) = procfs::read_inet(proto, family, &mut snap.inet) {
        snap.inet.truncate(before);
        snap.warnings.push(Warning::Unavailable {
            what,
            reason: e.to_string(),
        });
    }
    Ok(())
}

/// Short protocol label as netstat names it ("tcp6", "udpl", ...); the
/// kinds netstat does not know by their own names ("icmp6", "mptcp").
pub fn label(proto: InetProto, family: Family) -> &'static str {
    match (proto, family) {
        (InetProto::Tcp, Family::Inet) => "tcp",
        (InetProto::Tcp, Family::Inet6) => "tcp6",
        (InetProto::Udp, Family::Inet) => "udp",
        (InetProto::Udp, Family::Inet6) => "udp6",
        (InetProto::UdpLite, Family::Inet) => "udpl",
        (InetProto::UdpLite, Family::Inet6) => "udpl6",
        (InetProto::Raw, Family::Inet) => "raw",
        (InetProto::Raw, Family::Inet6) => "raw6",
        (InetProto::Icmp, Family::Inet) => "icmp",
        (InetProto::Icmp, Family::Inet6) => "icmp6",
        (InetProto::Sctp, Family::Inet) => "sctp",
        (InetProto::Sctp, Family::Inet6) => "sctp6",
        (InetProto::Mptcp, Family::Inet) => "mptcp",
        (InetProto::Mptcp, Family::Inet6) => "mptcp6",
    }
}
