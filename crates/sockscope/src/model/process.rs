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
    /// The namespaces of `foreign`'s keys, in order.
    foreign_netns: std::collections::BTreeSet<u64>,
    /// What the scan could not see (see [`ProcessMap::why_missing`]).
    pub gaps: ScanGaps,
    /// The pids the scan read (its scanner sets them).
    pub(crate) scanned: Vec<u32>,
    /// How to look again at processes newer than the scan.
    rescan: Option<Arc<Rescan>>,
}

/// A second look at /proc, for sockets that appeared after the map was
/// built: only the processes the first scan did not read, taken once, the
/// first time a socket with an inode has no holder.
pub(crate) struct Rescan {
    proc_root: std::path::PathBuf,
    /// Pids of the first scan, sorted.
    scanned: Vec<u32>,
    scan: fn(&std::path::Path, &[u32]) -> Option<ProcessMap>,
    late: std::sync::OnceLock<Option<ProcessMap>>,
}

impl Rescan {
    pub(crate) fn new(
        proc_root: std::path::PathBuf,
        scanned: Vec<u32>,
        scan: fn(&std::path::Path, &[u32]) -> Option<ProcessMap>,
    ) -> Rescan {
        Rescan {
            proc_root,
            scanned,
            scan,
            late: std::sync::OnceLock::new(),
        }
    }

    fn late(&self) -> Option<&ProcessMap> {
        self.late
            .get_or_init(|| (self.scan)(&self.proc_root, &self.scanned))
            .as_ref()
    }
}

impl std::fmt::Debug for Rescan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rescan")
            .field("scanned", &self.scanned.len())
            .field("done", &self.late.get().is_some())
            .finish_non_exhaustive()
    }
}

/// Why a socket has no process in the map, from what the scan met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MissingOwner {
    /// No process holds it: TIME_WAIT, request and orphaned sockets
    /// (inode 0).
    NoOwner,
    /// Held by the kernel itself (tunnels, NFS, ...): every process was
    /// read and none holds it.
    Kernel,
    /// Some processes' fds could not be read by this user, one of them of
    /// the socket's uid.
    Permission,
    /// Its holders live outside this PID namespace (a container looked at
    /// from inside another): their /proc entries are not ours to see.
    OtherPidns,
    /// A process of the socket's uid exited while the scan read it.
    Exited,
}

impl MissingOwner {
    /// The name used in JSON and the `conns` column.
    pub fn name(self) -> &'static str {
        match self {
            MissingOwner::NoOwner => "no-owner",
            MissingOwner::Kernel => "kernel",
            MissingOwner::Permission => "permission",
            MissingOwner::OtherPidns => "other-pidns",
            MissingOwner::Exited => "exited",
        }
    }
}

/// What a /proc scan could not see: the uids of processes whose fds were
/// not readable, of those that exited mid-scan, and whether the scanner
/// sees every process (the initial PID namespace).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanGaps {
    /// Uids of processes whose fds could not be read (sorted, once each;
    /// `u32::MAX` when a process's uid could not be read either).
    pub denied_uids: Vec<u32>,
    /// Uids of processes that exited while being read (as above).
    pub vanished_uids: Vec<u32>,
    /// The scanner is not in the initial PID namespace: processes of
    /// others (the host's, a sibling container's) are not in its /proc.
    pub partial_pidns: bool,
}

/// Uid recorded when a process's own could not be read.
pub const UNKNOWN_UID: u32 = u32::MAX;

impl ScanGaps {
    /// Is `uid` (unknown: any) among `list`?
    fn has(list: &[u32], uid: Option<u32>) -> bool {
        match uid {
            Some(uid) => {
                list.binary_search(&uid).is_ok() || list.binary_search(&UNKNOWN_UID).is_ok()
            }
            None => !list.is_empty(),
        }
    }

    /// Record a process that could not be read (`vanished`: it exited).
    pub fn add(&mut self, uid: Option<u32>, vanished: bool) {
        let list = if vanished {
            &mut self.vanished_uids
        } else {
            &mut self.denied_uids
        };
        let uid = uid.unwrap_or(UNKNOWN_UID);
        if let Err(at) = list.binary_search(&uid) {
            list.insert(at, uid);
        }
    }

    /// Why a socket of `inode` and `uid` (`None`: the kernel does not say)
    /// that no scanned process holds has no owner.
    pub fn why(&self, inode: u64, uid: Option<u32>) -> MissingOwner {
        if inode == 0 {
            MissingOwner::NoOwner
        } else if Self::has(&self.denied_uids, uid) {
            MissingOwner::Permission
        } else if Self::has(&self.vanished_uids, uid) {
            MissingOwner::Exited
        } else if self.partial_pidns {
            MissingOwner::OtherPidns
        } else {
            MissingOwner::Kernel
        }
    }
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
            self.foreign_netns.insert(key.netns);
            insert_into(self.foreign.entry(key), proc);
        }
    }
    /// Every holder of socket `inode` of namespace `netns` (0: our own),
    /// in scan order. A socket is keyed by the namespace of the process
    /// holding it, which is nearly always the socket's own; one held only
    /// by processes of another namespace (a thread that entered one, an fd
    /// passed along) is found under theirs, as netstat, which keys by
    /// inode alone, finds it (socket inodes are unique host-wide).
    ///
    /// A socket with an inode that no process of the scan holds was maybe
    /// opened since: the processes started after the scan are read once
    /// (the first time this happens) and looked in too.
    pub fn holders(&self, netns: u64, inode: u64) -> &[ProcessRef] {
        let found = self.scanned_holders(netns, inode);
        if !found.is_empty() || inode == 0 {
            return found;
        }
        match self.rescan.as_deref().and_then(Rescan::late) {
            Some(late) => late.scanned_holders(netns, inode),
            None => found,
        }
    }

    /// Install the second look (the scanner does).
    pub(crate) fn set_rescan(&mut self, r: Rescan) {
        self.rescan = Some(Arc::new(r));
    }

    /// [`holders`](Self::holders) in this scan alone.
    fn scanned_holders(&self, netns: u64, inode: u64) -> &[ProcessRef] {
        let own = netns == 0 || netns == self.own_netns;
        let first = if own {
            self.own.get(&inode)
        } else {
            self.foreign.get(&SockKey { netns, inode })
        };
        let found = first.or_else(|| {
            let elsewhere = self.foreign_netns.iter().filter(|&&n| own || n != netns);
            (!own).then(|| self.own.get(&inode)).flatten().or_else(|| {
                elsewhere
                    .filter_map(|&n| self.foreign.get(&SockKey { netns: n, inode }))
                    .next()
            })
        });
        found.map_or(&[], Holders::as_slice)
    }

    /// Why no process holds a socket, `None` when one does (what either
    /// look at /proc could not see counts).
    pub fn why_missing(&self, netns: u64, inode: u64, uid: Option<u32>) -> Option<MissingOwner> {
        if inode != 0 && !self.holders(netns, inode).is_empty() {
            return None;
        }
        let late = self.rescan.as_deref().and_then(|r| r.late.get()?.as_ref());
        let why = self.gaps.why(inode, uid);
        Some(match late.map(|l| l.gaps.why(inode, uid)) {
            Some(w @ (MissingOwner::Permission | MissingOwner::Exited))
                if why == MissingOwner::Kernel || why == MissingOwner::OtherPidns =>
            {
                w
            }
            _ => why,
        })
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
        assert_eq!(m.holders(0, 1), &[r(10, 3), r(11, 4), r(12, 5)]);
        assert_eq!(m.holders(7, 1), m.holders(0, 1));
        assert_eq!(m.holders(8, 1), &[r(20, 3)]);
        assert_eq!(m.holders(0, 9), &[r(30, 6)]);
        // Held only from another namespace: found there.
        assert_eq!(m.holders(0, 2), &[r(21, 3)]);
        assert_eq!(m.holders(9, 9), &[r(30, 6)]);
        assert!(m.holders(9, 3).is_empty());
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

    #[test]
    fn why_an_owner_is_missing() {
        let mut m = ProcessMap::new(7);
        m.insert(SockKey { netns: 7, inode: 1 }, r(10, 3));
        assert_eq!(m.why_missing(7, 1, Some(0)), None);
        assert_eq!(m.why_missing(7, 0, Some(0)), Some(MissingOwner::NoOwner));
        assert_eq!(m.why_missing(7, 5, Some(0)), Some(MissingOwner::Kernel));
        m.gaps.add(Some(65534), false);
        m.gaps.add(Some(1000), true);
        assert_eq!(
            m.why_missing(7, 5, Some(65534)),
            Some(MissingOwner::Permission)
        );
        assert_eq!(m.why_missing(7, 5, Some(1000)), Some(MissingOwner::Exited));
        assert_eq!(m.why_missing(7, 5, Some(0)), Some(MissingOwner::Kernel));
        m.gaps.partial_pidns = true;
        assert_eq!(m.why_missing(7, 5, Some(0)), Some(MissingOwner::OtherPidns));
        assert_eq!(
            m.why_missing(7, 0, Some(65534)),
            Some(MissingOwner::NoOwner)
        );
        m.gaps.add(None, false);
        assert_eq!(m.why_missing(7, 5, Some(0)), Some(MissingOwner::Permission));
        assert_eq!(m.gaps.denied_uids, vec![65534, UNKNOWN_UID]);
        assert_eq!(MissingOwner::OtherPidns.name(), "other-pidns");
    }
}
