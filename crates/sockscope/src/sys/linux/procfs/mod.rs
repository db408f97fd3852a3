//! /proc readers: the socket tables of /proc/net (internet and UNIX) and the
//! socket → process map from /proc/<pid>/fd.
//!
//! Each parser is a pure function over bytes (`parse_*`, for replaying
//! recorded files) with a streaming `*_from(path)` reader beside it; the
//! plain entry points below read the live system. Socket tables are read
//! from `/proc/thread-self/net` when it exists, so that they show the same
//! network namespace as the calling thread (and as sock_diag and the
//! process map's `own_netns`), else from `/proc/net`.

mod fd_scan;
mod lines;
mod net_inet;
mod net_unix;
mod nf_conntrack;
mod program;
mod snmp;
mod snmp6;
mod statistics;

use std::path::{Path, PathBuf};

pub use fd_scan::process_map_from;
pub use net_inet::{inet_file, parse_inet, read_inet_from};
pub use net_unix::{parse_unix, read_unix_from};
pub use nf_conntrack::{nat_bits, parse_nf_conntrack, read_nf_conntrack, read_nf_conntrack_from};
pub use program::{program_name, read_program_name, CMDLINE_MAX};
pub use snmp::parse_snmp;
pub use snmp6::{block_prefix, parse_sctp, parse_snmp6};
pub use statistics::{read_statistics, read_statistics_from};

use crate::model::{Family, InetProto, InetSocket, ProcessMap, UnixSocket, Warning};
use crate::Result;

/// Where the proc filesystem is mounted.
pub const PROC_ROOT: &str = "/proc";

/// Read /proc/net/{tcp,tcp6,udp,...} for `proto`/`family`, appending to `out`.
///
/// A missing file (protocol not in this kernel) is [`crate::Error::ProcRead`];
/// a line that does not parse is [`crate::Error::ProcParse`] with its line
/// number, and then nothing is appended (see `net_inet` for why strict).
pub fn read_inet(proto: InetProto, family: Family, out: &mut Vec<InetSocket>) -> Result<()> {
    read_inet_from(
        &net_dir().join(inet_file(proto, family)),
        proto,
        family,
        out,
    )
}

/// Read /proc/net/unix, appending to `out`. Errors as for [`read_inet`];
/// paths broken by a `\n` are rebuilt (see `net_unix`).
pub fn read_unix(out: &mut Vec<UnixSocket>) -> Result<()> {
    read_unix_from(&net_dir().join("unix"), out)
}

/// Scan /proc/*/fd into a socket → process map. Permission problems and
/// processes exiting mid-scan become `warnings`; see [`process_map_from`].
pub fn process_map(warnings: &mut Vec<Warning>) -> Result<ProcessMap> {
    process_map_from(Path::new(PROC_ROOT), warnings)
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
#[path = "live_tests.rs"]
mod live_tests;
