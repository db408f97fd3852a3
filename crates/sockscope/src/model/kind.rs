//! What kind a socket is: the one table of kind names (`tcp6`, `udplite`,
//! `unix`, ...) that warnings, machine formats and counts use, and the
//! order in which kinds are listed. netstat's own spellings (`udpl`) are
//! the classic renderer's business, not this file's.

use super::{Family, InetProto};

/// One socket table: an internet protocol over one family, or a kind of
/// its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SocketKind {
    Inet(InetProto, Family),
    Unix,
    Packet,
    Netlink,
}

impl SocketKind {
    /// Lower-case name: the protocol's, with `6` for IPv6 (`tcp6`,
    /// `udplite6`, `icmp6`, `mptcp6`), `unix`, `packet`, `netlink`.
    pub fn name(self) -> &'static str {
        use Family::{Inet as V4, Inet6 as V6};
        use InetProto::*;
        match self {
            SocketKind::Inet(p, V4) => p.name(),
            SocketKind::Inet(Tcp, V6) => "tcp6",
            SocketKind::Inet(Udp, V6) => "udp6",
            SocketKind::Inet(UdpLite, V6) => "udplite6",
            SocketKind::Inet(Raw, V6) => "raw6",
            SocketKind::Inet(Icmp, V6) => "icmp6",
            SocketKind::Inet(Sctp, V6) => "sctp6",
            SocketKind::Inet(Mptcp, V6) => "mptcp6",
            SocketKind::Unix => "unix",
            SocketKind::Packet => "packet",
            SocketKind::Netlink => "netlink",
        }
    }
}

impl std::fmt::Display for SocketKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl InetProto {
    /// Every internet protocol, in listing order: netstat's (tcp, udp,
    /// udplite, raw), then the kinds netstat does not know.
    pub const ALL: [InetProto; 7] = [
        InetProto::Tcp,
        InetProto::Udp,
        InetProto::UdpLite,
        InetProto::Raw,
        InetProto::Icmp,
        InetProto::Sctp,
        InetProto::Mptcp,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_plain() {
        let mut all: Vec<SocketKind> = InetProto::ALL
            .iter()
            .flat_map(|p| [Family::Inet, Family::Inet6].map(|f| SocketKind::Inet(*p, f)))
            .collect();
        all.extend([SocketKind::Unix, SocketKind::Packet, SocketKind::Netlink]);
        let mut names: Vec<&str> = all.iter().map(|k| k.name()).collect();
        assert_eq!(names[..4], ["tcp", "tcp6", "udp", "udp6"]);
        assert_eq!(names[4..6], ["udplite", "udplite6"]);
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len());
    }
}
