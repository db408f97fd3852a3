//! Protocol statistics (`netstat -s`): the kernel's counters of one address
//! family, read from /proc (the kernel offers them nowhere else) into
//! [`Statistics`]. Which files and in which order is documented on
//! [`Statistics`]; reading and parsing live in `sys::linux::procfs`.

use crate::model::{Family, Statistics};
use crate::sys::linux::procfs;
use crate::Result;

/// Read the counters of `family` in the calling thread's network namespace.
///
/// Fails only when the family's main file (/proc/net/snmp for IPv4,
/// /proc/net/snmp6 for IPv6) cannot be read; everything else that goes
/// wrong (an unreadable optional file, a block that does not parse) is a
/// warning in the result, next to every block that could be read.
pub fn statistics(family: Family) -> Result<Statistics> {
    procfs::read_statistics(family)
}
