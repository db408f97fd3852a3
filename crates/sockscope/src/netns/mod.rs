//! Another network namespace: which one a `--netns` word names, and
//! running work inside it. The work runs on a worker thread that enters
//! the namespace (`setns`); the caller's own namespace never changes.
//! Everything that thread reads — sock_diag and rtnetlink sockets it opens,
//! `/proc/thread-self/net`, interface ioctls, the process map's own
//! namespace — is then the target's, so any listing run there is what
//! `ip netns exec NAME ...` would list.
//!
//! Forms: `NAME` (a file of `/run/netns`, as `ip netns add` makes them),
//! a PATH to any nsfs file (`/proc/PID/ns/net`, a bind mount such as
//! `/var/run/docker/netns/*`), `pid:PID` (the namespace of that process).

pub mod identity;
pub mod names;

use std::path::{Path, PathBuf};

use crate::sys::linux::netns as sys;
use crate::{Error, Result};

/// Where `ip netns` keeps named namespaces.
pub const NAMED_DIR: &str = "/run/netns";

/// A network namespace, named as the user named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetnsSpec {
    /// A name under [`NAMED_DIR`].
    Named(String),
    /// Any nsfs file.
    Path(PathBuf),
    /// The namespace of a process.
    Pid(u32),
}

impl NetnsSpec {
    /// Read a `--netns` word: `pid:PID`, a path (holding a `/`), or a name.
    pub fn parse(word: &str) -> Result<NetnsSpec> {
        let bad = |reason| Error::NetnsSpec {
            spec: word.to_owned(),
            reason,
        };
        if let Some(pid) = word.strip_prefix("pid:") {
            return match pid.parse::<u32>() {
                Ok(p) if p > 0 => Ok(NetnsSpec::Pid(p)),
                _ => Err(bad("pid: takes a process id")),
            };
        }
        if word.contains('/') {
            return Ok(NetnsSpec::Path(PathBuf::from(word)));
        }
        if word.is_empty() || word == "." || word == ".." {
            return Err(bad("not a namespace name"));
        }
        Ok(NetnsSpec::Named(word.to_owned()))
    }

    /// The nsfs file the spec names.
    pub fn path(&self) -> PathBuf {
        match self {
            NetnsSpec::Named(name) => Path::new(NAMED_DIR).join(name),
            NetnsSpec::Path(p) => p.clone(),
            NetnsSpec::Pid(pid) => PathBuf::from(format!("/proc/{pid}/ns/net")),
        }
    }
}

/// An opened network namespace, ready to be entered.
#[derive(Debug)]
pub struct Netns {
    path: PathBuf,
    file: sys::NsFile,
}

impl Netns {
    /// Open the namespace `spec` names (it must be an nsfs file).
    pub fn open(spec: &NetnsSpec) -> Result<Netns> {
        let path = spec.path();
        let file = sys::open(&path)?;
        Ok(Netns { path, file })
    }

    /// Open the namespace file at `path`, which must still be the
    /// namespace of `inode` (a pid's file may name another one once the
    /// pid is reused; a namespace may be gone).
    pub fn open_as(path: &Path, inode: u64) -> Result<Netns> {
        let file = sys::open(path)?;
        if file.inode != inode {
            return Err(Error::Netns {
                path: path.to_owned(),
                op: "open",
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "the namespace is gone (the file names another one now)",
                ),
            });
        }
        Ok(Netns {
            path: path.to_owned(),
            file,
        })
    }

    /// Move the calling thread into this namespace, for good: only for a
    /// worker thread of the caller's making (see `sockets::all`).
    pub(crate) fn enter_this_thread(&self) -> Result<()> {
        sys::enter(&self.file, &self.path)
    }

    /// The namespace's inode (what `/proc/PID/ns/net` links to).
    pub fn inode(&self) -> u64 {
        self.file.inode
    }

    /// The file it was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Run `work` on a thread inside this namespace and return what it
    /// returns. Entering needs CAP_SYS_ADMIN (root): without it, the
    /// error says which namespace could not be entered.
    pub fn run_in<T: Send>(&self, work: impl FnOnce() -> T + Send) -> Result<T> {
        std::thread::scope(|s| {
            let worker = s.spawn(|| {
                sys::enter(&self.file, &self.path)?;
                Ok(work())
            });
            // A panic in `work` is a bug: carry it on to the caller.
            worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }
}

/// The inode of the calling thread's network namespace.
pub fn current_inode() -> Option<u64> {
    sys::inode_of(Path::new("/proc/thread-self/ns/net"))
        .or_else(|| sys::inode_of(Path::new("/proc/self/ns/net")))
}

/// Where Docker keeps its containers' network namespaces (bind mounts).
pub const DOCKER_DIR: &str = "/var/run/docker/netns";

/// How a discovered namespace is known, best name first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Known {
    /// The namespace sockscope runs in (the host's, on a host).
    Own,
    /// A name under /run/netns (`ip netns`).
    Named(String),
    /// A Docker sandbox (the file name under /var/run/docker/netns).
    Docker(String),
    /// Bind-mounted somewhere else (an nsfs mount of our mount namespace).
    Mount(PathBuf),
    /// Only a process holds it: the lowest such pid.
    Pid(u32),
}

/// A network namespace found on this host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    pub inode: u64,
    /// An nsfs file that names it (for [`NetnsSpec::Path`]).
    pub path: PathBuf,
    pub known: Known,
    /// The lowest pid of a process living in it, if any is visible (whose
    /// cgroup tells the container or unit).
    pub holder: Option<u32>,
}

/// What [`discover`] found, and how many process namespace files it could
/// not read (not root: other users' processes).
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    pub namespaces: Vec<Discovered>,
    pub unreadable: usize,
}

/// Every network namespace of this host, each once (by inode): our own,
/// those named under /run/netns, Docker's, those bind-mounted elsewhere
/// (nsfs mounts in our mountinfo), then those only a process holds (a
/// container's, a sandbox's), from every /proc/PID/ns/net. The best name
/// wins: own, then named, then Docker, then a mount, then the lowest pid.
pub fn discover() -> Discovery {
    discover_from(
        Path::new("/proc"),
        Path::new(NAMED_DIR),
        Path::new(DOCKER_DIR),
    )
}

fn discover_from(proc_root: &Path, named: &Path, docker: &Path) -> Discovery {
    let mut d = Discovery::default();
    let mut index = std::collections::HashMap::new();
    // Adds a namespace not seen yet; notes `pid` as a holder of it.
    let mut add = |d: &mut Discovery, path: PathBuf, known: Known, pid: Option<u32>| {
        let Some(inode) = sys::inode_of(&path) else {
            return false;
        };
        let at = *index.entry(inode).or_insert_with(|| {
            d.namespaces.push(Discovered {
                inode,
                path,
                known,
                holder: None,
            });
            d.namespaces.len() - 1
        });
        let n = &mut d.namespaces[at];
        n.holder = n.holder.or(pid);
        true
    };
    add(
        &mut d,
        proc_root.join("thread-self/ns/net"),
        Known::Own,
        None,
    );
    for (name, path) in sys::files_in(named) {
        add(&mut d, path, Known::Named(name), None);
    }
    for (name, path) in sys::files_in(docker) {
        add(&mut d, path, Known::Docker(name), None);
    }
    let mountinfo = std::fs::read_to_string(proc_root.join("thread-self/mountinfo"))
        .or_else(|_| std::fs::read_to_string(proc_root.join("self/mountinfo")))
        .unwrap_or_default();
    for path in nsfs_mounts(&mountinfo) {
        add(&mut d, path.clone(), Known::Mount(path), None);
    }
    for (pid, path) in sys::process_files(proc_root) {
        let readable = add(&mut d, path.clone(), Known::Pid(pid), Some(pid));
        if !readable && path.parent().is_some_and(Path::exists) {
            d.unreadable += 1;
        }
    }
    d
}

/// Mount points of the network namespace files mounted in a mountinfo
/// text (fstype `nsfs`, root `net:[INODE]`), in mount order.
pub(crate) fn nsfs_mounts(mountinfo: &str) -> Vec<PathBuf> {
    mountinfo
        .lines()
        .filter_map(|line| {
            let (left, right) = line.split_once(" - ")?;
            if right.split_whitespace().next()? != "nsfs" {
                return None;
            }
            let mut f = left.split_whitespace();
            let root = f.nth(3)?;
            let point = f.next()?;
            root.starts_with("net:[")
                .then(|| PathBuf::from(crate::sys::linux::cgroup::unescape_octal(point)))
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests {
    use super::*;

    #[test]
    fn spec_forms() {
        assert_eq!(NetnsSpec::parse("pid:42").unwrap(), NetnsSpec::Pid(42));
        assert_eq!(
            NetnsSpec::parse("/proc/1/ns/net").unwrap().path(),
            PathBuf::from("/proc/1/ns/net")
        );
        assert_eq!(
            NetnsSpec::parse("blue").unwrap().path(),
            PathBuf::from("/run/netns/blue")
        );
        for bad in ["pid:", "pid:x", "pid:0", "", ".", ".."] {
            assert!(
                matches!(NetnsSpec::parse(bad), Err(Error::NetnsSpec { .. })),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn only_network_namespace_files_open() {
        let e = Netns::open(&NetnsSpec::parse("/etc/hostname").unwrap()).unwrap_err();
        assert!(matches!(e, Error::NotNetns { .. }), "{e}");
        let e = Netns::open(&NetnsSpec::parse("no-such-ns-here").unwrap()).unwrap_err();
        assert!(matches!(e, Error::Netns { op: "open", .. }), "{e}");
    }

    #[test]
    fn nsfs_mounts_of_network_namespaces_only() {
        let text = "611 29 0:4 net:[4026532281] /run/netns/blue rw shared:5 - nsfs nsfs rw\n\
                    612 29 0:4 net:[4026532282] /tmp/odd\\040place rw - nsfs nsfs rw\n\
                    613 29 0:4 uts:[4026532283] /tmp/uts rw - nsfs nsfs rw\n\
                    41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n\
                    garbage\n";
        assert_eq!(
            nsfs_mounts(text),
            [
                PathBuf::from("/run/netns/blue"),
                PathBuf::from("/tmp/odd place")
            ]
        );
    }

    /// A named namespace (made here with `ip netns add`), a namespace only a
    /// process holds (`unshare -n`), and the host's are each found once.
    #[test]
    fn discovery_finds_each_namespace_once() {
        use std::process::{Command, Stdio};
        let name = format!("sockscope-disc-{}", std::process::id());
        let added = Command::new("ip")
            .args(["netns", "add", &name])
            .stderr(Stdio::null())
            .status();
        if !added.is_ok_and(|s| s.success()) {
            eprintln!("cannot add a network namespace here: skipping");
            return;
        }
        /// Removes the namespace and ends the holder, also when an
        /// assertion fails.
        struct Cleanup(String, std::process::Child);
        impl Drop for Cleanup {
            fn drop(&mut self) {
                let _ = self.1.kill();
                let _ = self.1.wait();
                let _ = Command::new("ip").args(["netns", "del", &self.0]).status();
            }
        }
        let holder = Command::new("unshare")
            .args(["--net", "sleep", "30"])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let pid = holder.id();
        let _cleanup = Cleanup(name.clone(), holder);
        // Let unshare enter its namespace before looking.
        let held = (0..100).find_map(|_| {
            std::thread::sleep(std::time::Duration::from_millis(20));
            let ns = std::fs::metadata(format!("/proc/{pid}/ns/net")).ok()?;
            let host = std::fs::metadata("/proc/self/ns/net").ok()?;
            use std::os::unix::fs::MetadataExt;
            (ns.ino() != host.ino()).then_some(ns.ino())
        });
        let d = discover();
        let mut inodes: Vec<u64> = d.namespaces.iter().map(|n| n.inode).collect();
        let count = inodes.len();
        inodes.sort_unstable();
        inodes.dedup();
        assert_eq!(inodes.len(), count, "each namespace once: {d:?}");
        assert_eq!(d.namespaces[0].known, Known::Own);
        assert!(
            d.namespaces
                .iter()
                .any(|n| n.known == Known::Named(name.clone())),
            "{d:?}"
        );
        let held = held.expect("unshare entered a namespace");
        let by_pid = d.namespaces.iter().find(|n| n.inode == held).unwrap();
        assert!(matches!(by_pid.known, Known::Pid(_)), "{by_pid:?}");
        // Each path opens as the namespace it names.
        for n in &d.namespaces {
            assert_eq!(
                Netns::open(&NetnsSpec::Path(n.path.clone()))
                    .unwrap()
                    .inode(),
                n.inode
            );
        }
    }

    /// Our own namespace, entered from a worker thread: the work sees it,
    /// and the caller's thread is where it was.
    #[test]
    fn work_runs_in_the_namespace() {
        let ns = Netns::open(&NetnsSpec::Pid(std::process::id())).unwrap();
        let mine = std::fs::metadata("/proc/thread-self/ns/net").unwrap();
        let seen = ns.run_in(|| {
            std::os::unix::fs::MetadataExt::ino(
                &std::fs::metadata("/proc/thread-self/ns/net").unwrap(),
            )
        });
        match seen {
            Ok(ino) => assert_eq!(ino, ns.inode()),
            // Without CAP_SYS_ADMIN even one's own namespace cannot be entered.
            Err(Error::Netns { op: "enter", .. }) => {}
            Err(e) => panic!("{e}"),
        }
        let after = std::fs::metadata("/proc/thread-self/ns/net").unwrap();
        assert_eq!(
            std::os::unix::fs::MetadataExt::ino(&mine),
            std::os::unix::fs::MetadataExt::ino(&after)
        );
    }
}
