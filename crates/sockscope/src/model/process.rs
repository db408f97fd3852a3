//! Which processes hold which sockets: a map from (network namespace inode,
//! socket inode) to the processes holding an fd on it, in /proc scan order.

use std::collections::HashMap;

/// Key of a socket across namespaces: sock_diag sees only the current netns,
/// /proc sees them all, and inode numbers are only unique together with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SockKey {
    /// Inode of the network namespace (`/proc/<pid>/ns/net`).
    pub netns: u64,
    /// Socket inode.
    pub inode: u64,
}

/// A process holding a socket.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProcessRef {
    pub pid: u32,
    /// Program name as netstat takes it: argv[0] from /proc/<pid>/cmdline
    /// (first 511 bytes), reduced to what follows its last `/` when it starts
    /// with `/`. Like netstat there is no fallback to comm: an empty cmdline
    /// gives an empty name. Full length (the classic renderer truncates).
    /// Raw bytes: untrusted.
    pub name: Box<[u8]>,
    /// File descriptor number holding the socket.
    pub fd: u32,
}

/// Socket → holders. Built only when asked for (`-p`).
#[derive(Debug, Clone, Default)]
pub struct ProcessMap {
    /// Network namespace of the scanning process: the one sock_diag reports.
    pub own_netns: u64,
    map: HashMap<SockKey, Vec<ProcessRef>>,
}

impl ProcessMap {
    /// An empty map for a scanner living in `own_netns`.
    pub fn new(own_netns: u64) -> ProcessMap {
        ProcessMap {
            own_netns,
            map: HashMap::new(),
        }
    }
    /// Record that `proc` holds `key` (scan order is kept).
    pub fn insert(&mut self, key: SockKey, proc: ProcessRef) {
        self.map.entry(key).or_default().push(proc);
    }
    /// Every holder of a socket of our own namespace, in scan order.
    pub fn holders(&self, inode: u64) -> &[ProcessRef] {
        self.map
            .get(&SockKey {
                netns: self.own_netns,
                inode,
            })
            .map_or(&[], |v| v.as_slice())
    }
    /// Number of distinct sockets known.
    pub fn len(&self) -> usize {
        self.map.len()
    }
    /// True when no socket is known.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}
