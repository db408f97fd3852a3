//! /proc readers: the socket tables of /proc/net (internet, ICMP, UNIX,
//! packet, netlink, SCTP), device
//! counters, IPv6 addresses and multicast groups, and the socket → process
//! map from /proc/<pid>/fd.
//!
//! Each parser is a pure function over bytes (`parse_*`, for replaying
//! recorded files) with a streaming `*_from(path)` reader beside it; the
//! plain entry points below read the live system. Socket tables are read
//! from `/proc/thread-self/net` when it exists, so that they show the same
//! network namespace as the calling thread (and as sock_diag and the
//! process map's `own_netns`), else from `/proc/net`.

pub(crate) mod fd_scan;
mod fd_scan_pool;
mod if_inet6;
mod igmp;
mod igmp6;
mod lines;
mod net_dev;
mod net_inet;
mod net_ipv6_route;
mod net_netlink;
mod net_packet;
mod net_route;
mod net_sctp;
mod net_unix;
mod nf_conntrack;
mod program;
mod snmp;
mod snmp6;
mod statistics;
mod table;

use std::path::{Path, PathBuf};

pub use fd_scan::process_map_from;
pub use if_inet6::{parse_if_inet6, read_if_inet6_from, IfInet6Row};
pub use igmp::{parse_igmp, read_igmp_from};
pub use igmp6::{parse_igmp6, read_igmp6_from};
pub use net_dev::{parse_net_dev, read_net_dev_from, NetDevRow};
pub use net_inet::{inet_file, parse_inet, read_inet_from};
pub use net_ipv6_route::parse_ipv6_route;
pub use net_netlink::{parse_netlink, read_netlink_from};
pub use net_packet::{parse_packet, read_packet_from};
pub use net_route::{parse_route, read_routes};
pub use net_sctp::{parse_sctp_assocs, parse_sctp_eps, read_sctp_assocs_from, read_sctp_eps_from};
pub use net_unix::{parse_unix, read_unix_from};
pub use nf_conntrack::{parse_nf_conntrack, read_nf_conntrack};
pub use program::program_name;
pub use snmp::parse_snmp;
pub use snmp6::{parse_sctp, parse_snmp6};
pub use statistics::read_statistics;

use crate::model::{
    Family, GroupMembership, InetProto, InetSocket, NetlinkSocket, PacketSocket, ProcessMap,
    UnixSocket, Warning,
};
use crate::{Error, Result};

/// Where the proc filesystem is mounted.
pub const PROC_ROOT: &str = "/proc";

/// Read /proc/net/{tcp,tcp6,udp,...,icmp6} for `proto`/`family`,
/// appending to `out`; SCTP from /proc/net/sctp (see [`read_sctp`]).
///
/// A missing file (protocol not in this kernel) is [`crate::Error::ProcRead`];
/// a line that does not parse is [`crate::Error::ProcParse`] with its line
/// number, and then nothing is appended (see `net_inet` for why strict).
/// MPTCP has no /proc table: [`crate::Error::Unsupported`].
pub fn read_inet(proto: InetProto, family: Family, out: &mut Vec<InetSocket>) -> Result<()> {
    if proto == InetProto::Sctp {
        return read_sctp(family, out);
    }
    let Some(file) = inet_file(proto, family) else {
        return Err(Error::Unsupported {
            what: "mptcp",
            reason: "MPTCP sockets are only listed by sock_diag (mptcp_diag)",
        });
    };
    read_inet_from(&net_dir().join(file), proto, family, out)
}

/// Read the SCTP endpoints and then associations of `family` from
/// /proc/net/sctp/{eps,assocs}, appending to `out`. Both files are read
/// whole (they mix families); a missing directory means no SCTP in this
/// kernel ([`crate::Error::ProcRead`]).
pub fn read_sctp(family: Family, out: &mut Vec<InetSocket>) -> Result<()> {
    let dir = net_dir().join("sctp");
    let mut all = Vec::new();
    read_sctp_eps_from(&dir.join("eps"), &mut all)?;
    read_sctp_assocs_from(&dir.join("assocs"), &mut all)?;
    out.extend(all.into_iter().filter(|s| s.family == family));
    Ok(())
}

/// Read /proc/net/packet, appending to `out`. Errors as for [`read_inet`].
pub fn read_packet(out: &mut Vec<PacketSocket>) -> Result<()> {
    read_packet_from(&net_dir().join("packet"), out)
}

/// Read /proc/net/netlink, appending to `out`. Errors as for [`read_inet`].
pub fn read_netlink(out: &mut Vec<NetlinkSocket>) -> Result<()> {
    read_netlink_from(&net_dir().join("netlink"), out)
}

/// Read /proc/net/unix, appending to `out`. Errors as for [`read_inet`];
/// paths broken by a `\n` are rebuilt (see `net_unix`).
pub fn read_unix(out: &mut Vec<UnixSocket>) -> Result<()> {
    read_unix_from(&net_dir().join("unix"), out)
}

/// Read /proc/net/dev (device counters). Errors as for [`read_inet`].
pub fn read_net_dev() -> Result<Vec<NetDevRow>> {
    read_net_dev_from(&net_dir().join("dev"))
}

/// Read /proc/net/if_inet6 (IPv6 addresses). A missing file means no IPv6.
pub fn read_if_inet6() -> Result<Vec<IfInet6Row>> {
    read_if_inet6_from(&net_dir().join("if_inet6"))
}

/// Read /proc/net/igmp (IPv4 group memberships), appending to `out`.
pub fn read_igmp(out: &mut Vec<GroupMembership>) -> Result<()> {
    read_igmp_from(&net_dir().join("igmp"), out)
}

/// Read /proc/net/igmp6 (IPv6 group memberships), appending to `out`.
pub fn read_igmp6(out: &mut Vec<GroupMembership>) -> Result<()> {
    read_igmp6_from(&net_dir().join("igmp6"), out)
}

/// Scan /proc/*/fd into a socket → process map. Permission problems and
/// processes exiting mid-scan become `warnings`; see [`process_map_from`].
pub fn process_map(warnings: &mut Vec<Warning>) -> Result<ProcessMap> {
    process_map_from(Path::new(PROC_ROOT), warnings)
}

/// Does /proc/net/`name` exist (for the calling thread's namespace)?
pub fn net_file_exists(name: &str) -> bool {
    net_dir().join(name).exists()
}

/// The calling thread's /proc/net directory.
fn net_dir() -> PathBuf {
    let thread = Path::new(PROC_ROOT).join("thread-self/net");
    if thread.is_dir() {
        thread
    } else {
        Path::new(PROC_ROOT).join("net")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod live_tests;
