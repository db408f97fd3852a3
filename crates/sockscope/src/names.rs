//! Name lookups: services, hosts, networks and users. A [`Resolver`] answers
//! primitive questions ("what is the name of port 80/tcp?"); the rules for
//! when to ask and how to show the answer belong to the renderers.
//!
//! [`SystemResolver`] asks the C library (through `sys::linux::nss`) the way
//! net-tools does, and caches every answer, including "no name".

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::{Mutex, OnceLock};

use crate::sys::linux::{cgroup, nss};

/// Primitive name lookups. `None` means "no name": the caller prints numbers.
pub trait Resolver {
    /// Service name of `port` for `proto` ("tcp", "udp", "raw", ...), as the
    /// services database says; for "raw" the protocols database too.
    fn service(&self, port: u16, proto: &str) -> Option<String>;
    /// Host name of an address (reverse lookup through the system resolver).
    fn host(&self, addr: IpAddr) -> Option<String>;
    /// Login name of a user id.
    fn user(&self, uid: u32) -> Option<String>;
    /// Name of an IPv4 network number in the networks database
    /// (`/etc/networks`). netstat asks this instead of [`Resolver::host`] for
    /// some addresses. Default: no name.
    fn network(&self, _net: Ipv4Addr) -> Option<String> {
        None
    }
    /// Name of a network interface by index (a socket's zone or bound
    /// device). Default: no name.
    fn ifname(&self, _ifindex: u32) -> Option<String> {
        None
    }
    /// cgroup v2 path of a cgroup id (`/system.slice/ssh.service`).
    /// Default: no name.
    fn cgroup(&self, _id: u64) -> Option<String> {
        None
    }
}

/// Never resolves anything: everything prints numerically.
#[derive(Debug, Clone, Copy, Default)]
pub struct Numeric;

impl Resolver for Numeric {
    fn service(&self, _port: u16, _proto: &str) -> Option<String> {
        None
    }
    fn host(&self, _addr: IpAddr) -> Option<String> {
        None
    }
    fn user(&self, _uid: u32) -> Option<String> {
        None
    }
}

/// Port → name, per protocol name.
type ServiceTable = HashMap<String, HashMap<u16, String>>;

/// Resolves through the system (NSS), caching every answer for the life of
/// the value.
///
/// Services mirror net-tools' `get_sname`: the whole services database is
/// read once and, when a port appears twice for a protocol, the entry read
/// LAST wins (net-tools prepends to a list and takes the first match). The
/// "raw" table is the services listed with protocol "raw", overridden by the
/// protocols database (port = protocol number), which net-tools reads after.
/// Hosts: IPv4 with `gethostbyaddr`, IPv6 with `getnameinfo`, as net-tools.
/// Interface names with `if_indextoname` in the namespace of the asking
/// thread; cgroup paths by walking the cgroup2 hierarchy once, on the first
/// question.
#[derive(Debug, Default)]
pub struct SystemResolver {
    services: OnceLock<ServiceTable>,
    hosts: Mutex<HashMap<IpAddr, Option<String>>>,
    networks: Mutex<HashMap<Ipv4Addr, Option<String>>>,
    users: Mutex<HashMap<u32, Option<String>>>,
    ifnames: Mutex<HashMap<u32, Option<String>>>,
    /// cgroup id → path, walked once on the first question.
    cgroups: OnceLock<HashMap<u64, String>>,
}

impl SystemResolver {
    /// A resolver with empty caches.
    pub fn new() -> SystemResolver {
        SystemResolver::default()
    }

    fn table(&self) -> &ServiceTable {
        self.services
            .get_or_init(|| build_services(nss::services(), nss::protocols()))
    }
}

/// Build the per-protocol tables: later entries replace earlier ones.
fn build_services(
    services: Vec<nss::ServiceEntry>,
    protocols: Vec<nss::ProtocolEntry>,
) -> ServiceTable {
    let mut table: ServiceTable = HashMap::new();
    for s in services {
        table.entry(s.proto).or_default().insert(s.port, s.name);
    }
    let raw = table.entry("raw".to_owned()).or_default();
    for p in protocols {
        if let Ok(number) = u16::try_from(p.number) {
            raw.insert(number, p.name);
        }
    }
    table
}

/// Look `key` up in a cache, computing and remembering the answer on a miss.
fn cached<K, F>(cache: &Mutex<HashMap<K, Option<String>>>, key: K, lookup: F) -> Option<String>
where
    K: std::hash::Hash + Eq + Copy,
    F: FnOnce(K) -> Option<String>,
{
    if let Some(hit) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return hit.clone();
    }
    // The lookup runs without the lock: a slow DNS answer must not block
    // other threads' cache hits.
    let answer = lookup(key);
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, answer.clone());
    answer
}

impl Resolver for SystemResolver {
    fn service(&self, port: u16, proto: &str) -> Option<String> {
        self.table().get(proto)?.get(&port).cloned()
    }

    fn host(&self, addr: IpAddr) -> Option<String> {
        cached(&self.hosts, addr, |a| match a {
            IpAddr::V4(v4) => nss::host_by_addr_v4(v4),
            IpAddr::V6(v6) => nss::host_by_addr_v6(v6),
        })
    }

    fn user(&self, uid: u32) -> Option<String> {
        cached(&self.users, uid, nss::user_name)
    }

    fn network(&self, net: Ipv4Addr) -> Option<String> {
        cached(&self.networks, net, |n| nss::network_by_addr(u32::from(n)))
    }

    fn ifname(&self, ifindex: u32) -> Option<String> {
        cached(&self.ifnames, ifindex, nss::interface_name)
    }

    fn cgroup(&self, id: u64) -> Option<String> {
        self.cgroups
            .get_or_init(|| {
                cgroup::cgroup2_mount()
                    .map(|m| cgroup::cgroup_paths(&m))
                    .unwrap_or_default()
            })
            .get(&id)
            .cloned()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn svc(name: &str, port: u16, proto: &str) -> nss::ServiceEntry {
        nss::ServiceEntry {
            name: name.into(),
            port,
            proto: proto.into(),
        }
    }

    #[test]
    fn last_service_entry_wins_and_protocols_override_raw() {
        let table = build_services(
            vec![
                svc("http-alt", 8080, "tcp"),
                svc("webcache", 8080, "tcp"),
                svc("rawsvc1", 1, "raw"),
                svc("raw-svc", 253, "raw"),
                svc("domain", 53, "udp"),
            ],
            vec![
                nss::ProtocolEntry {
                    name: "icmp".into(),
                    number: 1,
                },
                nss::ProtocolEntry {
                    name: "bogus".into(),
                    number: -1,
                },
            ],
        );
        assert_eq!(table["tcp"][&8080], "webcache");
        assert_eq!(table["raw"][&1], "icmp");
        assert_eq!(table["raw"][&253], "raw-svc");
        assert_eq!(table["udp"][&53], "domain");
        assert_eq!(table["raw"].len(), 2);
    }

    #[test]
    fn system_resolver_answers_and_caches() {
        let r = SystemResolver::new();
        assert_eq!(r.user(0).as_deref(), Some("root"));
        assert_eq!(r.user(0).as_deref(), Some("root"));
        assert_eq!(r.users.lock().unwrap().len(), 1);
        // /etc/services is not guaranteed in minimal containers; when it is
        // there, 22/tcp is ssh.
        if let Some(name) = r.service(22, "tcp") {
            assert_eq!(name, "ssh");
        }
        assert_eq!(r.service(22, "no-such-proto"), None);
        assert!(r.host(IpAddr::V4(Ipv4Addr::LOCALHOST)).is_some());
        assert_eq!(r.ifname(1).as_deref(), Some("lo"));
        assert_eq!(r.ifnames.lock().unwrap().len(), 1);
        if crate::sys::linux::cgroup::cgroup2_mount().is_some() {
            assert_eq!(r.cgroup(1).as_deref(), Some("/"));
        }
        assert_eq!(Numeric.ifname(1), None);
        assert_eq!(Numeric.cgroup(1), None);
    }
}
