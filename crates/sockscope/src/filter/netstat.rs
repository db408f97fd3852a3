//! netstat's `-l` / `-a` selection, exactly as net-tools applies it: it is not
//! a state test. TCP rows are "servers" when the remote port is 0, UDP and raw
//! rows when the remote address is unspecified, UNIX rows when unconnected and
//! accepting connections. The kinds netstat does not know follow the
//! nearest rule: SCTP and MPTCP as TCP, ICMP as UDP; packet and netlink
//! sockets are never servers (as in ss, which lists them without `-a` and
//! not with `-l`).

use crate::model::{InetProto, InetSocket, NetlinkSocket, PacketSocket, UnixSocket, UnixState};

/// Which rows netstat's `-l` / `-a` keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListenSelection {
    /// Default: connected sockets only ("w/o servers").
    #[default]
    Connected,
    /// `-l`: servers only.
    Listening,
    /// `-a`: everything.
    All,
}

impl ListenSelection {
    /// Does netstat show this internet socket?
    pub fn keep_inet(self, s: &InetSocket) -> bool {
        let server = match s.proto {
            InetProto::Tcp | InetProto::Sctp | InetProto::Mptcp => s.remote_port == 0,
            InetProto::Udp | InetProto::UdpLite | InetProto::Raw | InetProto::Icmp => {
                s.remote.is_unspecified()
            }
        };
        self.keep(server)
    }

    /// Is this packet socket shown? (Never a server.)
    pub fn keep_packet(self, _s: &PacketSocket) -> bool {
        self.keep(false)
    }

    /// Is this netlink socket shown? (Never a server.)
    pub fn keep_netlink(self, _s: &NetlinkSocket) -> bool {
        self.keep(false)
    }

    /// Does netstat show this UNIX socket?
    pub fn keep_unix(self, s: &UnixSocket) -> bool {
        let server = s.state == UnixState::Unconnected && s.listening;
        self.keep(server)
    }

    fn keep(self, server: bool) -> bool {
        match self {
            ListenSelection::All => true,
            ListenSelection::Listening => server,
            ListenSelection::Connected => !server,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Family, Timer, UnixType};
    use std::net::{IpAddr, Ipv4Addr};

    fn inet(proto: InetProto, remote: IpAddr, remote_port: u16, state: u8) -> InetSocket {
        InetSocket {
            netns: 0,
            proto,
            family: Family::Inet,
            local: IpAddr::V4(Ipv4Addr::LOCALHOST),
            local_port: 80,
            remote,
            remote_port,
            state: crate::model::TcpState::from_code(state),
            recv_q: 0,
            send_q: 0,
            uid: 0,
            inode: 1,
            timer: Timer::default(),
            ifindex: 0,
            cookie: 0,
            raw_protocol: 0,
            details: None,
        }
    }

    #[test]
    fn tcp_server_is_remote_port_zero_not_listen_state() {
        let any = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
        let listen = inet(InetProto::Tcp, any, 0, 10);
        let bound_closed = inet(InetProto::Tcp, any, 0, 7);
        let est = inet(InetProto::Tcp, IpAddr::V4(Ipv4Addr::LOCALHOST), 4000, 1);
        assert!(ListenSelection::Listening.keep_inet(&listen));
        assert!(ListenSelection::Listening.keep_inet(&bound_closed));
        assert!(!ListenSelection::Listening.keep_inet(&est));
        assert!(ListenSelection::Connected.keep_inet(&est));
        assert!(!ListenSelection::Connected.keep_inet(&listen));
        assert!(ListenSelection::All.keep_inet(&listen) && ListenSelection::All.keep_inet(&est));
    }

    #[test]
    fn udp_server_is_unspecified_remote() {
        let any = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
        let bound = inet(InetProto::Udp, any, 0, 7);
        let connected = inet(InetProto::Udp, IpAddr::V4(Ipv4Addr::LOCALHOST), 53, 1);
        assert!(ListenSelection::Listening.keep_inet(&bound));
        assert!(ListenSelection::Connected.keep_inet(&connected));
        assert!(!ListenSelection::Connected.keep_inet(&bound));
    }

    #[test]
    fn unix_server_needs_acceptcon_and_unconnected() {
        let mut s = UnixSocket {
            netns: 0,
            kind: UnixType::Stream,
            state: UnixState::Unconnected,
            listening: true,
            inode: 5,
            path: None,
            peer: None,
            recv_q: 0,
            send_q: 0,
            refcnt: None,
            proc_flags: None,
        };
        assert!(ListenSelection::Listening.keep_unix(&s));
        s.listening = false;
        assert!(!ListenSelection::Listening.keep_unix(&s));
        assert!(ListenSelection::Connected.keep_unix(&s));
    }
}
