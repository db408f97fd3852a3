//! One entry point that gathers multicast group memberships: IPv4 from
//! /proc/net/igmp, then IPv6 from /proc/net/igmp6, each in kernel order.

use std::io;

use crate::model::{Family, GroupTable, Warning};
use crate::sys::linux::procfs;
use crate::{Error, Result};

/// Gather the memberships of `families`. An unreadable /proc/net/igmp is an
/// error when IPv4 is wanted (net-tools fails there too); a missing
/// /proc/net/igmp6 (no IPv6 in this kernel) is skipped silently, and a file
/// that cannot be read or parsed otherwise becomes a warning with the rest
/// still listed.
pub fn collect_groups(families: &[Family]) -> Result<GroupTable> {
    let mut table = GroupTable::default();
    if families.contains(&Family::Inet) {
        match procfs::read_igmp(&mut table.groups) {
            Ok(()) => {}
            Err(e @ Error::ProcRead { .. }) => return Err(e),
            Err(e) => table.warnings.push(Warning::Unavailable {
                what: "igmp",
                reason: e.to_string(),
            }),
        }
    }
    if families.contains(&Family::Inet6) {
        match procfs::read_igmp6(&mut table.groups) {
            Ok(()) => {}
            // No IPv6 in this kernel: no IPv6 groups (net-tools is silent).
            Err(Error::ProcRead { source, .. }) if source.kind() == io::ErrorKind::NotFound => {}
            Err(e) => table.warnings.push(Warning::Unavailable {
                what: "igmp6",
                reason: e.to_string(),
            }),
        }
    }
    Ok(table)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests {
    use super::*;
    use std::net::IpAddr;

    #[test]
    fn families_select_the_files() {
        let v4 = collect_groups(&[Family::Inet]).unwrap();
        assert!(v4.groups.iter().all(|g| matches!(g.group, IpAddr::V4(_))));
        let v6 = collect_groups(&[Family::Inet6]).unwrap();
        assert!(v6.groups.iter().all(|g| matches!(g.group, IpAddr::V6(_))));
        assert!(collect_groups(&[]).unwrap().groups.is_empty());
    }
}
