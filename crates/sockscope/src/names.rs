//! Name lookups: services, hosts, networks and users. A [`Resolver`] answers
//! primitive questions ("what is the name of port 80/tcp?"); the rules for
//! when to ask and how to show the answer belong to the renderers.

use std::net::IpAddr;

/// Primitive name lookups. `None` means "no name": the caller prints numbers.
pub trait Resolver {
    /// Service name of `port` for `proto` ("tcp", "udp", ...), as /etc/services says.
    fn service(&self, port: u16, proto: &str) -> Option<String>;
    /// Host name of an address (reverse lookup through the system resolver).
    fn host(&self, addr: IpAddr) -> Option<String>;
    /// Login name of a user id.
    fn user(&self, uid: u32) -> Option<String>;
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
