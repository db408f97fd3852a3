//! One entry point that gathers every interface name with its counters and
//! configuration, the way net-tools finds them: the devices of
//! /proc/net/dev (in file order), then the names `SIOCGIFCONF` adds (alias
//! labels such as `eth0:1`, in kernel order); for each name the interface
//! ioctls, and its IPv6 addresses from /proc/net/if_inet6. Sorting for
//! display is the renderers' business.

use crate::model::{Ipv6Config, Link, LinkStats, LinkTable, Warning};
use crate::sys::linux::ifreq::IfSocket;
use crate::sys::linux::procfs::{self, IfInet6Row};
use crate::{Error, Result};

/// Gather every interface name. Only a failure to open any socket for the
/// ioctls is an error; an unreadable /proc file or `SIOCGIFCONF` becomes a
/// warning and the rest is still listed. A name whose flags cannot be read
/// (it vanished since it was listed) is kept with its error.
pub fn collect_links() -> Result<LinkTable> {
    let sock = IfSocket::open().map_err(|source| Error::Socket {
        what: "interface ioctls",
        source,
    })?;
    let mut table = LinkTable::default();
    // Names with their counters, before the ioctls.
    let mut names: Vec<(Box<[u8]>, Option<LinkStats>)> = Vec::new();
    match procfs::read_net_dev() {
        Ok(rows) => names.extend(rows.into_iter().map(|r| (r.name, Some(r.stats)))),
        Err(e) => table.warnings.push(Warning::Unavailable {
            what: "interface counters",
            reason: e.to_string(),
        }),
    }
    match sock.ipv4_names() {
        Ok(labels) => {
            for label in labels {
                if !names.iter().any(|(n, _)| *n == label) {
                    names.push((label, None));
                }
            }
        }
        Err(e) => table.warnings.push(Warning::Unavailable {
            what: "interface list (SIOCGIFCONF)",
            reason: e.to_string(),
        }),
    }
    let inet6 = match procfs::read_if_inet6() {
        Ok(rows) => rows,
        // No IPv6 in this kernel: nothing to show, nothing to say.
        Err(Error::ProcRead { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Vec::new()
        }
        Err(e) => {
            table.warnings.push(Warning::Unavailable {
                what: "IPv6 addresses",
                reason: e.to_string(),
            });
            Vec::new()
        }
    };
    for (name, stats) in names {
        let config = sock.fetch(&name).map(|mut c| {
            c.ipv6 = addresses_of(&inet6, &name);
            c
        });
        table.links.push(Link {
            name,
            stats,
            config,
        });
    }
    Ok(table)
}

/// The IPv6 addresses listed for exactly this name, in file order.
fn addresses_of(rows: &[IfInet6Row], name: &[u8]) -> Vec<Ipv6Config> {
    rows.iter()
        .filter(|r| &*r.name == name)
        .map(|r| r.config.clone())
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests {
    use super::*;

    #[test]
    fn loopback_is_listed_with_counters_and_config() {
        let table = collect_links().unwrap();
        let lo = table.links.iter().find(|l| &*l.name == b"lo").unwrap();
        assert!(lo.stats.is_some());
        let config = lo.config.as_ref().unwrap();
        assert_eq!(config.mtu, 65536);
        // Names are unique.
        for (i, l) in table.links.iter().enumerate() {
            assert!(!table.links[..i].iter().any(|o| o.name == l.name));
        }
    }
}
