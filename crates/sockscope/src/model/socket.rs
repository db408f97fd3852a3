//! One socket of any kind, lent ([`SocketRef`], as the pipeline hands
//! sockets to visitors and filters and printers read them) or owned
//! ([`Socket`], for callers that keep sockets past a visit).

use super::{InetSocket, NetlinkSocket, PacketSocket, SocketKind, UnixSocket};

/// One socket, lent to a visitor for the duration of the call.
#[derive(Debug, Clone, Copy)]
pub enum SocketRef<'a> {
    Inet(&'a InetSocket),
    Unix(&'a UnixSocket),
    Packet(&'a PacketSocket),
    Netlink(&'a NetlinkSocket),
}

impl SocketRef<'_> {
    /// Which table the socket comes from.
    pub fn kind(&self) -> SocketKind {
        match self {
            SocketRef::Inet(s) => SocketKind::Inet(s.proto, s.family),
            SocketRef::Unix(_) => SocketKind::Unix,
            SocketRef::Packet(_) => SocketKind::Packet,
            SocketRef::Netlink(_) => SocketKind::Netlink,
        }
    }

    /// The network namespace it lives in (0: unknown).
    pub fn netns(&self) -> u64 {
        match self {
            SocketRef::Inet(s) => s.netns,
            SocketRef::Unix(s) => s.netns,
            SocketRef::Packet(s) => s.netns,
            SocketRef::Netlink(s) => s.netns,
        }
    }

    /// The socket's uid, for the kinds the kernel tells it of.
    pub fn uid(&self) -> Option<u32> {
        match self {
            SocketRef::Inet(s) => Some(s.uid),
            SocketRef::Packet(s) => Some(s.uid),
            SocketRef::Unix(_) | SocketRef::Netlink(_) => None,
        }
    }

    /// The socket's inode (0 for TIME_WAIT and request sockets).
    pub fn inode(&self) -> u64 {
        match self {
            SocketRef::Inet(s) => s.inode,
            SocketRef::Unix(s) => s.inode,
            SocketRef::Packet(s) => s.inode,
            SocketRef::Netlink(s) => s.inode,
        }
    }
}

/// One socket, owned (for callers that keep sockets past the visit, e.g.
/// to sort them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Socket {
    Inet(InetSocket),
    Unix(UnixSocket),
    Packet(PacketSocket),
    Netlink(NetlinkSocket),
}

impl Socket {
    /// Lend it as the visitor would see it.
    pub fn as_ref(&self) -> SocketRef<'_> {
        match self {
            Socket::Inet(s) => SocketRef::Inet(s),
            Socket::Unix(s) => SocketRef::Unix(s),
            Socket::Packet(s) => SocketRef::Packet(s),
            Socket::Netlink(s) => SocketRef::Netlink(s),
        }
    }
}

impl SocketRef<'_> {
    /// A copy to keep.
    pub fn to_owned(self) -> Socket {
        match self {
            SocketRef::Inet(s) => Socket::Inet(s.clone()),
            SocketRef::Unix(s) => Socket::Unix(s.clone()),
            SocketRef::Packet(s) => Socket::Packet(s.clone()),
            SocketRef::Netlink(s) => Socket::Netlink(s.clone()),
        }
    }
}
