//! What netstat 2.10 says for routing tables it cannot show: the legacy
//! families (its own lines on stdout and stderr when the kernel lacks the
//! table), families without routing, and an internet family whose table
//! cannot be read. Whether the kernel has a table is the library's answer.

use sockscope::model::Family;
use sockscope::routes::LegacyRoutes;

/// netstat's lines for a legacy table the kernel lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Absent {
    pub stdout: &'static str,
    pub stderr: &'static str,
}

/// What netstat prints when `family`'s table is missing.
pub fn absent(family: LegacyRoutes) -> Absent {
    let (stdout, stderr) = match family {
        LegacyRoutes::Ax25 => (
            "AX.25 not configured in this system.\n",
            "/proc/net/ax25_route: No such file or directory\n",
        ),
        LegacyRoutes::Netrom => (
            "NET/ROM not configured in this system.\n",
            "/proc/net/nr_nodes: No such file or directory\n/proc/net/nr_neigh: Invalid argument\n",
        ),
        LegacyRoutes::Ipx => (
            "IPX routing not in file /proc/net/ipx/route or /proc/net/ipx_route found.\n",
            "No such file or directory\n",
        ),
        LegacyRoutes::Ddp => (
            "",
            "Error opening /proc/net/atalk_route: No such file or directory\nDDP (AppleTalk) not configured on this system.\n",
        ),
        LegacyRoutes::X25 => ("X.25 not configured in this system.\n", ""),
        LegacyRoutes::Rose => (
            "",
            "/proc/net/rose_nodes: No such file or directory\nROSE not configured in this system.\n",
        ),
    };
    Absent { stdout, stderr }
}

/// What listing the table would be, for "... is not implemented".
pub fn listing(family: LegacyRoutes) -> &'static str {
    match family {
        LegacyRoutes::Ax25 => "the AX.25 routing table",
        LegacyRoutes::Netrom => "the NET/ROM routing table",
        LegacyRoutes::Ipx => "the IPX routing table",
        LegacyRoutes::Ddp => "the AppleTalk routing table",
        LegacyRoutes::X25 => "the X.25 routing table",
        LegacyRoutes::Rose => "the ROSE routing table",
    }
}

/// netstat's stderr line for a family it knows without a routing table.
pub fn no_routing(name: &str) -> String {
    format!("No routing for address family `{name}'.\n")
}

/// netstat's stderr line for a family this build does not know.
pub fn not_supported(name: &str) -> String {
    format!("Address family `{name}' not supported.\n")
}

/// netstat's stdout line when an internet family's table cannot be read.
pub fn not_configured(family: Family) -> &'static [u8] {
    match family {
        Family::Inet => b"INET (IPv4) not configured in this system.\n",
        Family::Inet6 => b"INET6 (IPv6) not configured in this system.\n",
    }
}
