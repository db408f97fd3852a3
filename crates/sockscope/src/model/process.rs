//! Which processes hold which sockets: a map from (network namespace inode,
//! socket inode) to the processes holding an fd on it, in /proc scan order.
//!
//! Built for hundreds of thousands of sockets: one table entry per socket
//! with its (nearly always single) holder inline, program names shared by
//! every socket of a process ([`Arc`]), a multiplicative hash for inode
//! keys, and sockets of our own namespace kept apart from the others so
//! their key is the inode alone.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

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
    /// Raw bytes: untrusted. Shared by every socket of the process.
    pub name: Arc<[u8]>,
    /// File descriptor number holding the socket.
    pub fd: u32,
}

/// The holders of one socket: nearly always one, stored inline.
#[derive(Debug, Clone)]
enum Holders {
    One(ProcessRef),
    Many(Box<[ProcessRef]>),
}

impl Holders {
    fn as_slice(&self) -> &[ProcessRef] {
        match self {
            Holders::One(p) => std::slice::from_ref(p),
            Holders::Many(v) => v,
        }
    }

    fn push(&mut self, proc: ProcessRef) {
        let mut all = std::mem::replace(self, Holders::Many(Box::default()))
            .as_slice()
            .to_vec();
        all.push(proc);
        *self = Holders::Many(all.into_boxed_slice());
    }
}

/// Hash for inode keys: a Fibonacci-style multiply per 64-bit word. Inodes
/// are small distinct integers, which this spreads over every bucket bit;
/// SipHash's flood resistance buys nothing for kernel-assigned numbers.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct InodeHasher(u64);

impl Hasher for InodeHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_ne_bytes(word));
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(26) ^ v).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type InodeBuild = BuildHasherDefault<InodeHasher>;

/// Socket → holders. Built only when asked for (`-p`).
#[derive(Debug, Clone, Default)]
pub struct ProcessMap {
    /// Network namespace of the scanning process: the one sock_diag reports.
    pub own_netns: u64,
    /// Sockets held by processes of `own_netns`, by inode.
    own: HashMap<u64, Holders, InodeBuild>,
    /// Sockets held by processes of other namespaces.
    foreign: HashMap<SockKey, Holders, InodeBuild>,
}

impl ProcessMap {
    /// An empty map for a scanner living in `own_netns`.
    pub fn new(own_netns: u64) -> ProcessMap {
        ProcessMap {
            own_netns,
            ..ProcessMap::default()
        }
    }
    /// Make room for `additional` more sockets of our own namespace, so
    /// that filling the map never rehashes (and never holds two tables).
    pub fn reserve(&mut self, additional: usize) {
        self.own.reserve(additional);
    }
    /// Record that `proc` holds `key` (scan order is kept).
    pub fn insert(&mut self, key: SockKey, proc: ProcessRef) {
        if key.netns == self.own_netns {
            insert_into(self.own.entry(key.inode), proc);
        } else {
            insert_into(self.foreign.entry(key), proc);
        }
    }
    /// Every holder of a socket of our own namespace, in scan order.
    pub fn holders(&self, inode: u64) -> &[ProcessRef] {
        self.own.get(&inode).map_or(&[], Holders::as_slice)
    }
    /// Number of distinct sockets known.
    pub fn len(&self) -> usize {
        self.own.len() + self.foreign.len()
    }
    /// True when no socket is known.
    pub fn is_empty(&self) -> bool {
        self.own.is_empty() && self.foreign.is_empty()
    }
}

fn insert_into<K>(slot: std::collections::hash_map::Entry<'_, K, Holders>, proc: ProcessRef) {
    use std::collections::hash_map::Entry;
    match slot {
        Entry::Occupied(mut e) => e.get_mut().push(proc),
        Entry::Vacant(e) => {
            e.insert(Holders::One(proc));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(pid: u32, fd: u32) -> ProcessRef {
        ProcessRef {
            pid,
            name: Arc::from(&b"p"[..]),
            fd,
        }
    }

    #[test]
    fn holders_keep_insertion_order_and_namespaces_apart() {
        let mut m = ProcessMap::new(7);
        assert!(m.is_empty());
        m.insert(SockKey { netns: 7, inode: 1 }, r(10, 3));
        m.insert(SockKey { netns: 7, inode: 1 }, r(11, 4));
        m.insert(SockKey { netns: 7, inode: 1 }, r(12, 5));
        m.insert(SockKey { netns: 8, inode: 1 }, r(20, 3));
        m.insert(SockKey { netns: 8, inode: 2 }, r(21, 3));
        m.insert(SockKey { netns: 7, inode: 9 }, r(30, 6));
        assert_eq!(m.holders(1), &[r(10, 3), r(11, 4), r(12, 5)]);
        assert_eq!(m.holders(9), &[r(30, 6)]);
        assert!(m.holders(2).is_empty());
        assert_eq!(m.len(), 4);
        assert!(!m.is_empty());
    }

    #[test]
    fn inode_hash_spreads_sequential_keys() {
        let h = |v: u64| {
            let mut s = InodeHasher::default();
            s.write_u64(v);
            s.finish()
        };
        // Distinct low bits (bucket index) and top bits (control byte).
        let low: std::collections::HashSet<u64> = (0..1024).map(|v| h(v) & 1023).collect();
        assert!(low.len() > 600, "{}", low.len());
        let top: std::collections::HashSet<u64> = (0..1024).map(|v| h(v) >> 57).collect();
        assert!(top.len() > 100, "{}", top.len());
        let mut bytes = InodeHasher::default();
        bytes.write(&5u64.to_ne_bytes());
        assert_eq!(bytes.finish(), h(5));
    }
}
