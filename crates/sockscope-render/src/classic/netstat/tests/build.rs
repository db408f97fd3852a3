//! Test-only builders: compact constructors for model values, and a
//! resolver answering from fixed tables.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use sockscope::model::{
    Family, InetProto, InetSocket, Timer, TimerKind, UnixPath, UnixSocket, UnixState, UnixType,
};
use sockscope::names::Resolver;

/// Parse "1.2.3.4:80" or "[::1]:443".
fn sa(s: &str) -> SocketAddr {
    s.parse()
        .unwrap_or_else(|e| panic!("bad socket address {s}: {e}"))
}

/// An internet socket from "addr:port" strings and a raw kernel state.
pub fn inet(proto: InetProto, local: &str, remote: &str, state: u8) -> InetSocket {
    let (l, r) = (sa(local), sa(remote));
    let family = if l.is_ipv4() {
        Family::Inet
    } else {
        Family::Inet6
    };
    InetSocket {
        netns: 0,
        proto,
        family,
        local: l.ip(),
        local_port: l.port(),
        remote: r.ip(),
        remote_port: r.port(),
        state: sockscope::model::TcpState::from_code(state),
        recv_q: 0,
        send_q: 0,
        uid: 0,
        inode: 0,
        timer: Timer::default(),
        ifindex: 0,
        cookie: 0,
        raw_protocol: if proto == InetProto::Raw {
            l.port() as u8
        } else {
            0
        },
        details: None,
    }
}

pub fn tcp(local: &str, remote: &str, state: u8) -> InetSocket {
    inet(InetProto::Tcp, local, remote, state)
}
pub fn udp(local: &str, remote: &str, state: u8) -> InetSocket {
    inet(InetProto::Udp, local, remote, state)
}
pub fn udpl(local: &str, remote: &str, state: u8) -> InetSocket {
    inet(InetProto::UdpLite, local, remote, state)
}
pub fn raw(local: &str, remote: &str, state: u8) -> InetSocket {
    inet(InetProto::Raw, local, remote, state)
}

/// Chainable setters.
pub trait InetExt {
    fn q(self, recv: u32, send: u32) -> Self;
    fn ino(self, inode: u64) -> Self;
    fn uid(self, uid: u32) -> Self;
    /// A timer as /proc shows it: kernel code, clock ticks, retransmits,
    /// probes ("timeout" column).
    fn timer(self, code: u8, ticks: u64, retrans: u32, probes: u32) -> Self;
}

impl InetExt for InetSocket {
    fn q(mut self, recv: u32, send: u32) -> Self {
        (self.recv_q, self.send_q) = (recv, send);
        self
    }
    fn ino(mut self, inode: u64) -> Self {
        self.inode = inode;
        self
    }
    fn uid(mut self, uid: u32) -> Self {
        self.uid = uid;
        self
    }
    fn timer(mut self, code: u8, ticks: u64, retrans: u32, probes: u32) -> Self {
        self.timer = Timer {
            kind: TimerKind::from_code(code),
            expires_ms: ticks * 10,
            retrans,
            probes,
        };
        self
    }
}

/// A UNIX socket as /proc/net/unix shows it: refcnt, flags, SOCK_* type,
/// SS_* state, inode, path ("@name" for abstract).
pub fn unix(
    refcnt: u32,
    flags: u32,
    kind: u16,
    state: u8,
    inode: u64,
    path: Option<&[u8]>,
) -> UnixSocket {
    let path = path.map(|p| match p.strip_prefix(b"@") {
        Some(name) => UnixPath::Abstract(name.into()),
        None => UnixPath::Path(p.into()),
    });
    UnixSocket {
        netns: 0,
        kind: UnixType::from_raw(kind),
        state: UnixState::from_ss(state),
        listening: flags & (1 << 16) != 0,
        inode,
        path,
        peer: None,
        recv_q: 0,
        send_q: 0,
        refcnt: Some(refcnt),
        proc_flags: Some(flags),
    }
}

/// Answers from fixed tables, like the synthetic /etc of the fixtures.
#[derive(Default)]
pub struct MapResolver {
    pub services: HashMap<(u16, &'static str), &'static str>,
    pub hosts: HashMap<IpAddr, String>,
    pub networks: HashMap<Ipv4Addr, &'static str>,
    pub users: HashMap<u32, &'static str>,
}

impl Resolver for MapResolver {
    fn service(&self, port: u16, proto: &str) -> Option<String> {
        self.services
            .iter()
            .find(|((p, pr), _)| *p == port && *pr == proto)
            .map(|(_, n)| (*n).to_owned())
    }
    fn host(&self, addr: IpAddr) -> Option<String> {
        self.hosts.get(&addr).cloned()
    }
    fn user(&self, uid: u32) -> Option<String> {
        self.users.get(&uid).map(|n| (*n).to_owned())
    }
    fn network(&self, net: Ipv4Addr) -> Option<String> {
        self.networks.get(&net).map(|n| (*n).to_owned())
    }
}
