//! Socket families netstat can list that sockscope does not: the legacy
//! ones (IPX, AX.25, X.25, NET/ROM, ROSE, Bluetooth). The library says, as
//! a typed value, whether this kernel has each one (so that a caller can
//! tell "not in this kernel" from "sockscope cannot list it"); how netstat
//! words either is the classic renderer's business. Also whether the
//! kernel has SCTP at all, which netstat reports before listing.

use crate::sys::linux::procfs;

/// A socket family sockscope does not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegacyFamily {
    Ipx,
    Ax25,
    X25,
    Netrom,
    Rose,
    /// L2CAP and RFCOMM sockets.
    Bluetooth,
}

impl LegacyFamily {
    /// Lower-case name, as in warnings (`ipx`, `ax25`, ...).
    pub fn name(self) -> &'static str {
        match self {
            LegacyFamily::Ipx => "ipx",
            LegacyFamily::Ax25 => "ax25",
            LegacyFamily::X25 => "x25",
            LegacyFamily::Netrom => "netrom",
            LegacyFamily::Rose => "rose",
            LegacyFamily::Bluetooth => "bluetooth",
        }
    }

    /// The /proc/net files whose presence says the kernel has the family.
    fn proc_files(self) -> &'static [&'static str] {
        match self {
            LegacyFamily::Ipx => &["ipx/socket", "ipx"],
            LegacyFamily::Ax25 => &["ax25"],
            LegacyFamily::X25 => &["x25"],
            LegacyFamily::Netrom => &["nr"],
            LegacyFamily::Rose => &["rose"],
            // Never probed: sockscope has no Bluetooth listing whatever the
            // kernel has.
            LegacyFamily::Bluetooth => &[],
        }
    }
}

/// Whether this kernel has a family sockscope does not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    /// The kernel has it (or cannot be asked): sockscope's gap.
    InKernel,
    /// Not in this kernel.
    Absent,
}

/// Does this kernel have `family`?
pub fn legacy(family: LegacyFamily) -> Availability {
    let files = family.proc_files();
    if family == LegacyFamily::Bluetooth || files.iter().any(|f| procfs::net_file_exists(f)) {
        Availability::InKernel
    } else {
        Availability::Absent
    }
}

/// Does this kernel have SCTP (its /proc tables)?
pub fn sctp_in_kernel() -> bool {
    procfs::net_file_exists("sctp/eps")
}
