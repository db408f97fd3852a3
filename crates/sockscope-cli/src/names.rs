//! Which name resolver the commands use: the system databases (services,
//! hosts, networks, users through NSS, cached for the run), or numbers only.

use std::net::{IpAddr, Ipv4Addr};

use sockscope::names::{Numeric, Resolver, SystemResolver};

/// The resolver that looks names up in the system databases.
pub fn system() -> Box<dyn Resolver> {
    Box::new(SystemResolver::new())
}

/// The resolver for a run: numeric when `numeric` (the caller's `-n` rule).
pub fn for_run(numeric: bool) -> Box<dyn Resolver> {
    if numeric {
        Box::new(Numeric)
    } else {
        system()
    }
}

/// The resolver of the modern subcommands: addresses and ports are always
/// numeric there, so only users, interfaces and cgroups are asked; with
/// `numeric_users` (`-n`) users stay numbers, but interface names (zones)
/// and cgroup paths are still looked up, as ss does with `-n`.
pub fn modern(numeric_users: bool) -> Box<dyn Resolver> {
    Box::new(Modern {
        system: SystemResolver::new(),
        numeric_users,
    })
}

struct Modern {
    system: SystemResolver,
    numeric_users: bool,
}

impl Resolver for Modern {
    fn service(&self, _port: u16, _proto: &str) -> Option<String> {
        None
    }
    fn host(&self, _addr: IpAddr) -> Option<String> {
        None
    }
    fn user(&self, uid: u32) -> Option<String> {
        if self.numeric_users {
            None
        } else {
            self.system.user(uid)
        }
    }
    fn network(&self, _net: Ipv4Addr) -> Option<String> {
        None
    }
    fn ifname(&self, ifindex: u32) -> Option<String> {
        self.system.ifname(ifindex)
    }
    fn cgroup(&self, id: u64) -> Option<String> {
        self.system.cgroup(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modern_numeric_keeps_interface_names() {
        let n = modern(true);
        assert_eq!(n.user(0), None);
        assert_eq!(n.ifname(1).as_deref(), Some("lo"));
        assert_eq!(n.host(IpAddr::V4(Ipv4Addr::LOCALHOST)), None);
        assert_eq!(n.service(22, "tcp"), None);
        assert_eq!(modern(false).user(0).as_deref(), Some("root"));
    }
}
