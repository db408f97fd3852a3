//! Entering a network namespace: open an nsfs file (checking it is one)
//! and `setns(2)` the calling thread into it. Only a thread of the
//! caller's making should be moved: the caller's own namespace never
//! changes (see `crate::netns::run_in`).

use std::fs::File;
use std::os::fd::AsRawFd;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::{Error, Result};

/// `NSFS_MAGIC`: the filesystem of /proc/PID/ns/* and of their bind mounts.
const NSFS_MAGIC: i64 = 0x6e73_6673;

/// An open network namespace file and its inode.
#[derive(Debug)]
pub struct NsFile {
    pub file: File,
    pub inode: u64,
}

/// Open `path` as a network namespace.
pub fn open(path: &Path) -> Result<NsFile> {
    let err = |source| Error::Netns {
        path: path.to_owned(),
        op: "open",
        source,
    };
    let file = File::open(path).map_err(err)?;
    let inode = file.metadata().map_err(err)?.ino();
    let fs = rustix::fs::fstatfs(&file).map_err(|e| err(e.into()))?;
    // The field's type differs between architectures.
    #[allow(clippy::useless_conversion)]
    let magic = i64::from(fs.f_type);
    if magic != NSFS_MAGIC {
        return Err(Error::NotNetns {
            path: path.to_owned(),
        });
    }
    Ok(NsFile { file, inode })
}

/// Move the calling thread into the namespace of `ns`. A file of another
/// namespace type fails with EINVAL.
pub fn enter(ns: &NsFile, path: &Path) -> Result<()> {
    // SAFETY: setns(2) on an fd we own, for this thread only; no memory is
    // shared with the kernel.
    let r = unsafe { libc::setns(ns.file.as_raw_fd(), libc::CLONE_NEWNET) };
    if r != 0 {
        return Err(Error::Netns {
            path: path.to_owned(),
            op: "enter",
            source: std::io::Error::last_os_error(),
        });
    }
    Ok(())
}

/// The inode of the namespace file at `path` (stat follows the magic link),
/// `None` when it cannot be read (gone, or not ours to read).
pub fn inode_of(path: &Path) -> Option<u64> {
    std::fs::metadata(path).ok().map(|m| m.ino())
}

/// The nsfs files of a directory such as /run/netns (name, path), sorted
/// by name; a missing directory has none.
pub fn files_in(dir: &Path) -> Vec<(String, std::path::PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<_> = entries
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    out.sort();
    out
}

/// Every process's network namespace file (pid, path), pids ascending;
/// processes that vanish while the directory is read are simply absent.
pub fn process_files(proc_root: &Path) -> Vec<(u32, std::path::PathBuf)> {
    let Ok(entries) = std::fs::read_dir(proc_root) else {
        return Vec::new();
    };
    let mut out: Vec<_> = entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .map(|pid| (pid, proc_root.join(format!("{pid}/ns/net"))))
        .collect();
    out.sort();
    out
}
