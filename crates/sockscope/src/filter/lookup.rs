//! Names a filter needs resolved while it is parsed, as ss resolves them:
//! service names to ports, host names to addresses, interface names to
//! indexes, user names to uids, and the ephemeral port range for
//! `autobound`. [`SystemLookup`] asks the system; [`FixedLookup`] answers
//! from tables (tests, fuzzing: no DNS).

use std::collections::HashMap;
use std::net::{IpAddr, ToSocketAddrs};

use crate::sys::linux::{ifname, nss};

/// Linux's default `ip_local_port_range`, used when it cannot be read.
pub const DEFAULT_EPHEMERAL: (u16, u16) = (32768, 60999);

/// Name resolution for the filter compiler.
pub trait Lookup {
    /// Port of service `name` for `proto` ("tcp" or "udp").
    fn service(&self, name: &str, proto: &str) -> Option<u16>;
    /// Every address of host `name` (empty: unknown).
    fn host(&self, name: &str) -> Vec<IpAddr>;
    /// Index of interface `name`.
    fn ifindex(&self, name: &str) -> Option<u32>;
    /// Uid of login name `name`.
    fn uid(&self, name: &str) -> Option<u32>;
    /// The ephemeral port range (inclusive).
    fn ephemeral_range(&self) -> (u16, u16);
}

/// Resolves through the system: NSS (`getservbyname`, `getaddrinfo`,
/// `getpwnam`), `if_nametoindex`, `/proc/sys`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemLookup;

impl Lookup for SystemLookup {
    fn service(&self, name: &str, proto: &str) -> Option<u16> {
        nss::service_port(name, proto)
    }
    fn host(&self, name: &str) -> Vec<IpAddr> {
        let mut out: Vec<IpAddr> = Vec::new();
        if let Ok(addrs) = (name, 0u16).to_socket_addrs() {
            for a in addrs {
                if !out.contains(&a.ip()) {
                    out.push(a.ip());
                }
            }
        }
        out
    }
    fn ifindex(&self, name: &str) -> Option<u32> {
        ifname::if_index(name)
    }
    fn uid(&self, name: &str) -> Option<u32> {
        nss::user_id(name)
    }
    fn ephemeral_range(&self) -> (u16, u16) {
        ifname::ephemeral_port_range().unwrap_or(DEFAULT_EPHEMERAL)
    }
}

/// Answers from fixed tables; anything not in them is unknown.
#[derive(Debug, Clone)]
pub struct FixedLookup {
    /// (name, proto) → port.
    pub services: HashMap<(String, String), u16>,
    pub hosts: HashMap<String, Vec<IpAddr>>,
    pub interfaces: HashMap<String, u32>,
    pub users: HashMap<String, u32>,
    pub ephemeral: (u16, u16),
}

impl Default for FixedLookup {
    fn default() -> FixedLookup {
        FixedLookup {
            services: HashMap::new(),
            hosts: HashMap::new(),
            interfaces: HashMap::new(),
            users: HashMap::new(),
            ephemeral: DEFAULT_EPHEMERAL,
        }
    }
}

impl FixedLookup {
    /// A small, fixed world: services ssh (22/tcp, 22/udp), http (80/tcp),
    /// domain (53), http-alt (8080/tcp), `odd` (1/tcp, 2/udp: ambiguous);
    /// host `localhost` (127.0.0.1, ::1); interfaces lo=1, eth0=2; users
    /// root=0, nobody=65534.
    pub fn sample() -> FixedLookup {
        let mut l = FixedLookup::default();
        for (n, p, port) in [
            ("ssh", "tcp", 22),
            ("ssh", "udp", 22),
            ("http", "tcp", 80),
            ("domain", "tcp", 53),
            ("domain", "udp", 53),
            ("http-alt", "tcp", 8080),
            ("odd", "tcp", 1),
            ("odd", "udp", 2),
        ] {
            l.services.insert((n.to_owned(), p.to_owned()), port);
        }
        l.hosts.insert(
            "localhost".to_owned(),
            vec![
                IpAddr::from([127, 0, 0, 1]),
                IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
            ],
        );
        l.interfaces.insert("lo".to_owned(), 1);
        l.interfaces.insert("eth0".to_owned(), 2);
        l.users.insert("root".to_owned(), 0);
        l.users.insert("nobody".to_owned(), 65534);
        l
    }
}

impl Lookup for FixedLookup {
    fn service(&self, name: &str, proto: &str) -> Option<u16> {
        self.services
            .get(&(name.to_owned(), proto.to_owned()))
            .copied()
    }
    fn host(&self, name: &str) -> Vec<IpAddr> {
        self.hosts.get(name).cloned().unwrap_or_default()
    }
    fn ifindex(&self, name: &str) -> Option<u32> {
        self.interfaces.get(name).copied()
    }
    fn uid(&self, name: &str) -> Option<u32> {
        self.users.get(name).copied()
    }
    fn ephemeral_range(&self) -> (u16, u16) {
        self.ephemeral
    }
}
