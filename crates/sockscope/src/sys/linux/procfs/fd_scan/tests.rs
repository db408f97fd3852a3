//! Tests of the fd walk over a fake proc tree built in a temporary directory:
//! fd links are dangling symlinks (`socket:[N]`), `ns/net` files are regular
//! files whose shared inode (hard links) stands for a namespace.

use super::*;
use std::fs;
use std::os::unix::fs::symlink;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A temporary directory removed on drop.
struct TempTree(PathBuf);

impl TempTree {
    fn new() -> TempTree {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "sockscope-fdscan-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        fs::create_dir_all(&dir).unwrap();
        TempTree(dir)
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }
    fn file(&self, rel: &str, content: &[u8]) {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, content).unwrap();
    }
    fn link(&self, rel: &str, target: &str) {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        symlink(target, p).unwrap();
    }
    fn hard(&self, existing: &str, rel: &str) {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::hard_link(self.path(existing), p).unwrap();
    }
}

impl Drop for TempTree {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn ino(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(p).unwrap().ino()
}

fn name(b: &[u8]) -> std::sync::Arc<[u8]> {
    b.into()
}

#[test]
fn fake_tree() {
    for workers in [1, 2, 5] {
        fake_tree_with(workers);
    }
}

fn fake_tree_with(workers: usize) {
    let t = TempTree::new();
    t.file("self/ns/net", b"");
    t.file("netns-b", b"");
    // pid 1: two sockets and a non-socket, our namespace.
    t.hard("self/ns/net", "1/ns/net");
    t.file("1/cmdline", b"/sbin/init\0splash\0");
    t.link("1/fd/0", "/dev/null");
    t.link("1/fd/3", "socket:[100]");
    t.link("1/fd/4", "socket:[101]");
    t.link("1/fd/5", "pipe:[7]");
    t.link("1/fd/6", "socket:[12x]");
    // pid 2: same inode number in another namespace.
    t.hard("netns-b", "2/ns/net");
    t.file("2/cmdline", b"worker\0");
    t.link("2/fd/5", "socket:[100]");
    // pid 3: old-style link, empty cmdline → empty name.
    t.hard("self/ns/net", "3/ns/net");
    t.file("3/cmdline", b"");
    t.link("3/fd/7", "[0000]:300");
    // pid 4 shares socket 101 with pid 1.
    t.hard("self/ns/net", "4/ns/net");
    t.file("4/cmdline", b"./client\0");
    t.link("4/fd/9", "socket:[101]");
    // pid 10: no sockets, so its missing ns/net and cmdline are never read.
    fs::create_dir_all(t.path("10/fd")).unwrap();
    // pid 11: a socket but ns/net is gone → exited mid-scan.
    t.link("11/fd/1", "socket:[5]");
    // pid 99: no fd directory → gone before we looked: silent.
    fs::create_dir_all(t.path("99")).unwrap();
    // Not pids.
    t.link("abc/fd/1", "socket:[6]");
    t.link("self/fd/1", "socket:[6]");

    let mut warnings = Vec::new();
    let map = process_map_with(&t.0, workers, &mut warnings).unwrap();
    assert_eq!(map.own_netns, ino(&t.path("self/ns/net")));
    assert_eq!(warnings, vec![Warning::ProcessVanished { pid: 11 }]);
    // (A,100), (A,101), (B,100), (A,300)
    assert_eq!(map.len(), 4);
    let r = |pid, n: &[u8], fd| ProcessRef {
        pid,
        name: name(n),
        fd,
    };
    assert_eq!(map.holders(0, 100), &[r(1, b"init", 3)]);
    assert_eq!(map.holders(0, 300), &[r(3, b"", 7)]);
    assert!(map.holders(0, 5).is_empty());
    assert!(map.holders(0, 6).is_empty());

    // Holders in /proc readdir order (the same getdents order std sees).
    let order: Vec<u32> = fs::read_dir(&t.0)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().to_str()?.parse().ok())
        .filter(|p| [1, 4].contains(p))
        .collect();
    let want: Vec<ProcessRef> = order
        .iter()
        .map(|&p| {
            if p == 1 {
                r(1, b"init", 4)
            } else {
                r(4, b"./client", 9)
            }
        })
        .collect();
    assert_eq!(map.holders(0, 101), &want[..]);
}

/// A process with more fds than `SPLIT_MIN` has its links read in chunks by
/// several workers: the map must be what one worker builds, holders in
/// /proc order and each socket's fd the first in directory order.
#[test]
fn big_process_is_split_without_changing_the_map() {
    let t = TempTree::new();
    t.file("self/ns/net", b"");
    t.hard("self/ns/net", "7/ns/net");
    t.file("7/cmdline", b"/usr/bin/server\0");
    t.hard("self/ns/net", "8/ns/net");
    t.file("8/cmdline", b"peer\0");
    const N: u32 = 6000;
    for fd in 0..N {
        // Every third fd is not a socket; inode 5000 + fd/2 is held twice.
        let target = if fd % 3 == 0 {
            "pipe:[1]".to_string()
        } else {
            format!("socket:[{}]", 5000 + fd / 2)
        };
        t.link(&format!("7/fd/{fd}"), &target);
    }
    t.link("8/fd/4", "socket:[5001]");
    let scan = |workers| {
        let mut warnings = Vec::new();
        let map = process_map_with(&t.0, workers, &mut warnings).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        map
    };
    let one = scan(1);
    // Holders of one pid come in fd directory order (ascending in /proc, not
    // necessarily here): compare sorted, then the exact order across workers.
    let holders = |m: &ProcessMap, i| {
        let mut v: Vec<_> = m.holders(0, i).iter().map(|h| (h.pid, h.fd)).collect();
        v.sort();
        v
    };
    // fds 1 and 2 are sockets 5000 and 5001; fd 3 a pipe; 4 and 5 are 5002.
    assert_eq!(holders(&one, 5000), vec![(7, 1)]);
    assert_eq!(holders(&one, 5001), vec![(7, 2), (8, 4)]);
    assert_eq!(holders(&one, 5002), vec![(7, 4), (7, 5)]);
    assert_eq!(one.holders(0, 5002)[0].name.as_ref(), b"server");
    assert_eq!(one.len() as u32, N / 2);
    for workers in [2, 3, 8] {
        let many = scan(workers);
        assert_eq!(many.len(), one.len());
        for inode in 4990..5000 + N as u64 {
            assert_eq!(
                many.holders(0, inode),
                one.holders(0, inode),
                "inode {inode}"
            );
        }
    }
}

#[test]
fn thread_self_is_preferred_for_own_netns() {
    let t = TempTree::new();
    t.file("self/ns/net", b"");
    t.file("thread-self/ns/net", b"");
    let map = process_map_from(&t.0, &mut Vec::new()).unwrap();
    assert_eq!(map.own_netns, ino(&t.path("thread-self/ns/net")));
}

#[test]
fn missing_root_or_namespace_is_an_error() {
    let t = TempTree::new();
    let r = process_map_from(&t.path("nope"), &mut Vec::new());
    assert!(matches!(r, Err(Error::ProcRead { .. })), "{r:?}");
    let r = process_map_from(&t.0, &mut Vec::new());
    match r {
        Err(Error::ProcRead { path, .. }) => assert!(path.ends_with("self/ns/net")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn socket_links() {
    assert_eq!(socket_inode(b"socket:[12345]"), Some(12345));
    assert_eq!(socket_inode(b"[0000]:77"), Some(77));
    assert_eq!(socket_inode(b"socket:[]"), None);
    assert_eq!(socket_inode(b"socket:[12"), None);
    assert_eq!(socket_inode(b"socket:[0x10]"), None);
    assert_eq!(socket_inode(b"anon_inode:[eventpoll]"), None);
    assert_eq!(socket_inode(b"/dev/null"), None);
    assert_eq!(parse_pid(b"4294967295"), Some(u32::MAX));
    assert_eq!(parse_pid(b"4294967296"), None);
    assert_eq!(parse_pid(b"."), None);
}
