//! The fixture's socket plan: every address, port, byte count and file name the
//! fixture process uses, in one place, so the fixture binary and the tests that
//! check its sockets agree. Ports are fixed (the namespace is private), which
//! keeps outputs identical from run to run except for inodes, pids and paths
//! under the per-run directory.
//!
//! This file holds data only; opening the sockets is `src/bin/fixture/`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A long IPv6 address (35 characters) that the namespace puts on `lo`: netstat
/// truncates it to 23 characters without `-W`.
pub const LONG_V6: Ipv6Addr = Ipv6Addr::new(
    0x2001, 0x0db8, 0xaaaa, 0xbbbb, 0xcccc, 0xdddd, 0xeeee, 0x0001,
);

/// `LONG_V6` as `ip addr add` takes it (no DAD, so it is usable at once).
pub const LONG_V6_CIDR: &str = "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1/128";

const V4_LO: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
const V4_ANY: IpAddr = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
const V6_LO: IpAddr = IpAddr::V6(Ipv6Addr::LOCALHOST);
const V6_ANY: IpAddr = IpAddr::V6(Ipv6Addr::UNSPECIFIED);
const V6_LONG: IpAddr = IpAddr::V6(LONG_V6);

/// A TCP listener with nothing else attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listener {
    /// Short name, used in the fixture's `ready` line.
    pub name: &'static str,
    pub addr: IpAddr,
    pub port: u16,
    /// IPV6_V6ONLY for IPv6 sockets (false = dual stack, as `::` is by default).
    pub v6only: bool,
}

const fn listener(name: &'static str, addr: IpAddr, port: u16, v6only: bool) -> Listener {
    Listener {
        name,
        addr,
        port,
        v6only,
    }
}

/// Plain TCP listeners, one per kind of local address netstat prints differently.
pub const LISTENERS: [Listener; 6] = [
    listener("tcp4-lo", V4_LO, 18001, false),
    listener("tcp4-any", V4_ANY, 18002, false),
    listener("tcp6-lo", V6_LO, 18003, true),
    // Dual stack: netstat shows `:::18004`, ss `*:18004`.
    listener("tcp6-any", V6_ANY, 18004, false),
    listener("tcp6-long", V6_LONG, 18005, true),
    // 8080 is "http-alt" in /etc/services: name resolution shows the service.
    listener("tcp4-http-alt", V4_LO, 8080, false),
];

/// An established TCP connection made through its own listener (which stays open).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub name: &'static str,
    pub server: IpAddr,
    pub server_port: u16,
    /// The client binds this port first, so the row is the same every run.
    pub client_port: u16,
    /// Bytes the client sends that the server never reads (server Recv-Q).
    pub client_writes: usize,
    /// Bytes the server sends that the client never reads (client Recv-Q).
    pub server_writes: usize,
    /// Shrink the server's receive buffer and let the client write until the
    /// kernel refuses: the client's Send-Q stays non-zero (zero window).
    pub stuff: bool,
    /// SO_KEEPALIVE on the client: its timer reads `keepalive` in `-o`.
    pub keepalive: bool,
}

pub const PAIRS: [Pair; 2] = [
    Pair {
        name: "tcp4-pair",
        server: V4_LO,
        server_port: 18010,
        client_port: 18011,
        client_writes: 1000,
        server_writes: 2000,
        stuff: false,
        keepalive: true,
    },
    Pair {
        name: "tcp6-pair",
        server: V6_LO,
        server_port: 18012,
        client_port: 18013,
        client_writes: 0,
        server_writes: 300,
        stuff: true,
        keepalive: false,
    },
];

/// A listener with one connection completed by the kernel but never accepted:
/// the listener's Recv-Q is 1 and the queued child has no inode.
pub const PENDING_LISTEN_PORT: u16 = 18020;
pub const PENDING_CLIENT_PORT: u16 = 18021;
/// listen() backlog of that listener.
pub const PENDING_BACKLOG: i32 = 4;

/// Datagram protocols the fixture binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dgram {
    Udp,
    /// IPPROTO_UDPLITE (136).
    UdpLite,
}

/// A bound datagram socket, optionally connected and sending unread data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Datagram {
    pub name: &'static str,
    pub proto: Dgram,
    pub addr: IpAddr,
    pub port: u16,
    pub v6only: bool,
    /// connect() to this port on the same address, then send `sends` datagrams
    /// of `DATAGRAM_LEN` bytes that the peer never reads.
    pub connect_to: Option<u16>,
    pub sends: usize,
}

/// Size of each datagram the connected sockets send.
pub const DATAGRAM_LEN: usize = 100;

const fn bound(
    name: &'static str,
    proto: Dgram,
    addr: IpAddr,
    port: u16,
    v6only: bool,
) -> Datagram {
    Datagram {
        name,
        proto,
        addr,
        port,
        v6only,
        connect_to: None,
        sends: 0,
    }
}

const fn connected(name: &'static str, addr: IpAddr, port: u16, to: u16, sends: usize) -> Datagram {
    let v6only = matches!(addr, IpAddr::V6(_));
    Datagram {
        name,
        proto: Dgram::Udp,
        addr,
        port,
        v6only,
        connect_to: Some(to),
        sends,
    }
}

pub const DATAGRAMS: [Datagram; 9] = [
    bound("udp4-lo", Dgram::Udp, V4_LO, 18030, false),
    bound("udp4-any", Dgram::Udp, V4_ANY, 18031, false),
    bound("udp6-lo", Dgram::Udp, V6_LO, 18032, true),
    bound("udp6-any", Dgram::Udp, V6_ANY, 18033, false),
    // Their datagrams stay unread in 18030 / 18032: non-zero UDP Recv-Q.
    connected("udp4-conn", V4_LO, 18034, 18030, 3),
    connected("udp6-conn", V6_LO, 18035, 18032, 1),
    // 53 is "domain" in /etc/services.
    bound("udp4-domain", Dgram::Udp, V4_LO, 53, false),
    bound("udplite4", Dgram::UdpLite, V4_LO, 18040, false),
    bound("udplite6", Dgram::UdpLite, V6_LO, 18041, true),
];

/// Raw sockets: (name, IPv6?, protocol). Unbound, so they list as `0.0.0.0`/`::`.
pub const RAWS: [(&str, bool, i32); 2] = [("raw4-icmp", false, 1), ("raw6-icmp", true, 58)];

/// File names of the path-bound UNIX sockets, inside the fixture's directory.
pub const UNIX_STREAM_FILE: &str = "stream.sock";
pub const UNIX_DGRAM_FILE: &str = "dgram.sock";
pub const UNIX_SEQPACKET_FILE: &str = "seqpacket.sock";
/// Abstract names are per network namespace, so a fixed one is safe.
pub const UNIX_ABSTRACT: &str = "sockscope-fixture.abstract";

/// The one listener of the hostile-name variant.
pub const HOSTILE_PORT: u16 = 18099;
/// argv[0] of the hostile-name variant: an OSC title change, a BEL and a colour
/// change. netstat 2.10 prints it raw; sockscope must not.
pub const HOSTILE_ARGV0: &str = "\x1b]0;pwned\x07evil\x1b[31m";

/// Every TCP port the fixture listens on (plain listeners, pair servers, the
/// pending listener), for checks that the fixture is up.
pub fn tcp_listen_ports() -> Vec<u16> {
    let mut ports: Vec<u16> = LISTENERS.iter().map(|l| l.port).collect();
    ports.extend(PAIRS.iter().map(|p| p.server_port));
    ports.push(PENDING_LISTEN_PORT);
    ports
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ports_are_distinct_per_protocol() {
        let mut tcp: Vec<u16> = tcp_listen_ports();
        tcp.extend(PAIRS.iter().map(|p| p.client_port));
        tcp.push(PENDING_CLIENT_PORT);
        tcp.push(HOSTILE_PORT);
        let set: HashSet<u16> = tcp.iter().copied().collect();
        assert_eq!(set.len(), tcp.len(), "duplicate TCP port in the plan");
        let udp: HashSet<(bool, u16)> = DATAGRAMS
            .iter()
            .map(|d| (d.proto == Dgram::Udp, d.port))
            .collect();
        assert_eq!(udp.len(), DATAGRAMS.len(), "duplicate datagram port");
    }

    #[test]
    fn long_v6_matches_its_cidr() {
        let text = LONG_V6.to_string();
        assert_eq!(format!("{text}/128"), LONG_V6_CIDR);
        assert!(
            text.len() > 23,
            "must be longer than netstat's address column"
        );
    }
}
