//! UNIX domain sockets as plain data. Paths are raw bytes: a UNIX path is not
//! necessarily UTF-8 and may hold control characters (escaping is the
//! renderers' job).

/// Socket type (SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnixType {
    Stream,
    Dgram,
    Raw,
    Rdm,
    Seqpacket,
    Other(u16),
}

impl UnixType {
    /// Map the kernel SOCK_* number.
    pub fn from_raw(v: u16) -> UnixType {
        match v {
            1 => UnixType::Stream,
            2 => UnixType::Dgram,
            3 => UnixType::Raw,
            4 => UnixType::Rdm,
            5 => UnixType::Seqpacket,
            o => UnixType::Other(o),
        }
    }
    /// The kernel's upper-case name (`STREAM`, `DGRAM`, `SEQPACKET`, ...;
    /// `UNKNOWN` for a number this build does not know).
    pub fn name(self) -> &'static str {
        match self {
            UnixType::Stream => "STREAM",
            UnixType::Dgram => "DGRAM",
            UnixType::Raw => "RAW",
            UnixType::Rdm => "RDM",
            UnixType::Seqpacket => "SEQPACKET",
            UnixType::Other(_) => "UNKNOWN",
        }
    }

    /// The kernel SOCK_* number.
    pub fn raw(self) -> u16 {
        match self {
            UnixType::Stream => 1,
            UnixType::Dgram => 2,
            UnixType::Raw => 3,
            UnixType::Rdm => 4,
            UnixType::Seqpacket => 5,
            UnixType::Other(o) => o,
        }
    }
}

/// Connection state of a UNIX socket, in the `socket->state` terms of
/// /proc/net/unix (SS_*), which is what netstat shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnixState {
    Free,
    Unconnected,
    Connecting,
    Connected,
    Disconnecting,
    Other(u8),
}

impl UnixState {
    /// Map the SS_* number of /proc/net/unix.
    pub fn from_ss(v: u8) -> UnixState {
        match v {
            0 => UnixState::Free,
            1 => UnixState::Unconnected,
            2 => UnixState::Connecting,
            3 => UnixState::Connected,
            4 => UnixState::Disconnecting,
            o => UnixState::Other(o),
        }
    }
}

impl UnixState {
    /// The SS_* name (`UNCONNECTED`, `CONNECTED`, ...; `UNKNOWN` for a
    /// number this build does not know).
    pub fn name(self) -> &'static str {
        match self {
            UnixState::Free => "FREE",
            UnixState::Unconnected => "UNCONNECTED",
            UnixState::Connecting => "CONNECTING",
            UnixState::Connected => "CONNECTED",
            UnixState::Disconnecting => "DISCONNECTING",
            UnixState::Other(_) => "UNKNOWN",
        }
    }

    /// The SS_* number.
    pub fn code(self) -> u8 {
        match self {
            UnixState::Free => 0,
            UnixState::Unconnected => 1,
            UnixState::Connecting => 2,
            UnixState::Connected => 3,
            UnixState::Disconnecting => 4,
            UnixState::Other(n) => n,
        }
    }
}

/// Bits of the `Flags` column of /proc/net/unix (the socket's
/// `__SO_*` flags), as the kernel sets them.
pub mod unix_flags {
    /// `__SO_ACCEPTCON`: the socket accepts connections (is listening).
    pub const ACCEPTCON: u32 = 1 << 16;
    /// `__SO_WAITDATA` (historical).
    pub const WAITDATA: u32 = 1 << 17;
    /// `__SO_NOSPACE` (historical).
    pub const NOSPACE: u32 = 1 << 18;
}

/// Where a UNIX socket is bound.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum UnixPath {
    /// A filesystem path (raw bytes, no trailing NUL).
    Path(Box<[u8]>),
    /// An abstract name, without the leading NUL (shown with a leading `@`).
    Abstract(Box<[u8]>),
}

/// One UNIX domain socket.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnixSocket {
    pub kind: UnixType,
    pub state: UnixState,
    /// True for a listening socket (`__SO_ACCEPTCON`, netstat's `ACC` flag).
    pub listening: bool,
    pub inode: u64,
    /// Inode of the network namespace the socket lives in (what
    /// `/proc/PID/ns/net` links to); 0 when unknown (a replayed table).
    pub netns: u64,
    pub path: Option<UnixPath>,
    /// Peer socket inode, when known (sock_diag `UNIX_DIAG_PEER`).
    pub peer: Option<u64>,
    /// Receive queue: bytes queued, or pending connections for a listener.
    pub recv_q: u32,
    /// Listener backlog limit or send queue, when known.
    pub send_q: u32,
    /// Reference count (only /proc/net/unix has it; netstat's RefCnt column).
    pub refcnt: Option<u32>,
    /// Raw `Flags` column of /proc/net/unix (netstat's `[ ACC W N ]`), when known.
    pub proc_flags: Option<u32>,
}

impl UnixSocket {
    /// What the socket is doing, as machine formats name it: `LISTENING`
    /// for a listener (unconnected in SS_* terms), else the SS_* name.
    pub fn state_name(&self) -> &'static str {
        match self.state {
            UnixState::Unconnected if self.listening => "LISTENING",
            state => state.name(),
        }
    }
}
