//! The socket → process map: one walk of `<proc>/<pid>/fd` for every numeric
//! pid, in /proc readdir order (the order netstat's cache sees them in).
//!
//! Syscalls only, no allocation per fd: /proc is opened once; per pid we open
//! its directory (`O_PATH`, which pins that process: a reused pid cannot slip
//! in between our calls) and its `fd` directory, read entries with `getdents`
//! into one reused buffer and `readlinkat` each into a stack buffer. Only on a
//! pid's first socket fd do we stat `ns/net` (the key's namespace) and read
//! `cmdline` (the name, see [`super::program`]). Threads (`task/`) are not
//! walked, as netstat does not; no SELinux lookups.
//!
//! Partial data is reported, not fatal: a pid whose fds we may not read
//! (EACCES/EPERM opening `fd/` or reading a link; even root meets this, e.g.
//! for a sandbox's init) is counted into one [`Warning::FdsUnreadable`]; a
//! process that exits after its `fd/` directory was opened gives
//! [`Warning::ProcessVanished`] (sockets already seen stay in the map). A pid
//! gone before its `fd/` was opened is skipped silently, as if it had exited
//! before the scan: nothing of it was lost. netstat skips all of these
//! silently and only warns when opening some `fd/` gave EACCES. Other errors
//! (EMFILE, EIO, ...) are [`Error::ProcRead`].

use std::ffi::CStr;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Path, PathBuf};

use rustix::fs::{openat, readlinkat_raw, statat, AtFlags, Mode, OFlags, RawDir, CWD};
use rustix::io::Errno;

use super::lines::dec_u64;
use super::program::read_program_name;
use crate::model::{ProcessMap, ProcessRef, SockKey, Warning};
use crate::{Error, Result};

/// getdents buffer for /proc itself.
const PROC_DIR_BUF: usize = 32 * 1024;
/// getdents buffer for one fd directory (a process may hold many fds).
const FD_DIR_BUF: usize = 64 * 1024;
/// Longest link target we care about: `socket:[<20 digits>]` is 29 bytes.
const LINK_BUF: usize = 64;

/// Scan the proc filesystem mounted at `proc_root` (normally `/proc`).
///
/// The scanner's own namespace comes from `thread-self/ns/net` (falling back
/// to `self/ns/net`); failing both, or failing to open `proc_root`, is an
/// error.
pub fn process_map_from(proc_root: &Path, warnings: &mut Vec<Warning>) -> Result<ProcessMap> {
    let read_err = |path: PathBuf, e: Errno| Error::ProcRead {
        path,
        source: e.into(),
    };
    let proc = openat(
        CWD,
        proc_root,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| read_err(proc_root.to_path_buf(), e))?;
    let own_netns = statat(&proc, c"thread-self/ns/net", AtFlags::empty())
        .or_else(|_| statat(&proc, c"self/ns/net", AtFlags::empty()))
        .map_err(|e| read_err(proc_root.join("self/ns/net"), e))?;
    let mut scan = Scan {
        map: ProcessMap::new(inode_of(&own_netns)),
        fd_buf: vec![MaybeUninit::uninit(); FD_DIR_BUF],
        unreadable: 0,
        unreadable_dirs: 0,
    };

    let mut dir_buf = vec![MaybeUninit::uninit(); PROC_DIR_BUF];
    let mut pids = RawDir::new(&proc, &mut dir_buf);
    while let Some(entry) = pids.next() {
        let entry = entry.map_err(|e| read_err(proc_root.to_path_buf(), e))?;
        let name = entry.file_name();
        let Some(pid) = parse_pid(name.to_bytes()) else {
            continue;
        };
        match scan.pid(&proc, name, pid) {
            Ok(()) | Err(PidError::Gone) => {}
            Err(PidError::Vanished) => warnings.push(Warning::ProcessVanished { pid }),
            Err(PidError::Denied) => scan.unreadable += 1,
            Err(PidError::DeniedDir) => {
                scan.unreadable += 1;
                scan.unreadable_dirs += 1;
            }
            Err(PidError::Fatal(what, e)) => {
                return Err(read_err(proc_root.join(pid.to_string()).join(what), e))
            }
        }
    }
    if scan.unreadable > 0 {
        warnings.push(Warning::FdsUnreadable {
            count: scan.unreadable,
            fd_dirs: scan.unreadable_dirs,
            euid: rustix::process::geteuid().as_raw(),
        });
    }
    Ok(scan.map)
}

/// Why one pid could not be (fully) read.
#[derive(Debug)]
enum PidError {
    /// Gone before we opened it: nothing was lost.
    Gone,
    /// Exited while we were reading it.
    Vanished,
    /// Permission: some fd link is not ours to read.
    Denied,
    /// Permission: the whole `fd/` directory is not ours to read.
    DeniedDir,
    /// Anything else, with the file it happened on.
    Fatal(&'static str, Errno),
}

/// Sort an errno met while reading an opened pid.
fn classify(what: &'static str, e: Errno) -> PidError {
    match e {
        Errno::NOENT | Errno::SRCH => PidError::Vanished,
        Errno::ACCESS | Errno::PERM => PidError::Denied,
        e => PidError::Fatal(what, e),
    }
}

struct Scan {
    map: ProcessMap,
    fd_buf: Vec<MaybeUninit<u8>>,
    unreadable: u32,
    /// Of those, refused at opening `fd/` itself (netstat's only test).
    unreadable_dirs: u32,
}

impl Scan {
    /// Read one pid's fds into the map.
    fn pid(&mut self, proc: &OwnedFd, name: &CStr, pid: u32) -> Result<(), PidError> {
        let dir_flags = OFlags::DIRECTORY | OFlags::CLOEXEC;
        let pid_dir = match openat(proc, name, OFlags::PATH | dir_flags, Mode::empty()) {
            Ok(fd) => fd,
            Err(Errno::NOENT | Errno::SRCH) => return Err(PidError::Gone),
            Err(e) => return Err(classify("", e)),
        };
        let fd_dir = match openat(&pid_dir, c"fd", OFlags::RDONLY | dir_flags, Mode::empty()) {
            Ok(fd) => fd,
            Err(Errno::NOENT | Errno::SRCH) => return Err(PidError::Gone),
            Err(Errno::ACCESS | Errno::PERM) => return Err(PidError::DeniedDir),
            Err(e) => return Err(classify("fd", e)),
        };

        // (netns inode, program name), read on the first socket fd.
        let mut holder: Option<(u64, Box<[u8]>)> = None;
        let mut link = [0u8; LINK_BUF];
        let mut fds = RawDir::new(&fd_dir, &mut self.fd_buf);
        while let Some(entry) = fds.next() {
            let entry = entry.map_err(|e| classify("fd", e))?;
            let Some(fd) = parse_pid(entry.file_name().to_bytes()) else {
                continue;
            };
            let n = match readlinkat_raw(&fd_dir, entry.file_name(), &mut link[..]) {
                Ok(n) => n,
                Err(e @ (Errno::ACCESS | Errno::PERM | Errno::SRCH)) => {
                    return Err(classify("fd", e))
                }
                // NOENT: closed since the directory was read, not a loss;
                // anything else is not a socket link we could use.
                Err(_) => continue,
            };
            let Some(inode) = link
                .get(..n)
                .filter(|_| n < LINK_BUF)
                .and_then(socket_inode)
            else {
                continue;
            };
            if holder.is_none() {
                holder = Some(identify(&pid_dir)?);
            }
            let Some((netns, prog)) = &holder else {
                continue;
            };
            self.map.insert(
                SockKey {
                    netns: *netns,
                    inode,
                },
                ProcessRef {
                    pid,
                    name: prog.clone(),
                    fd,
                },
            );
        }
        Ok(())
    }
}

/// Namespace inode and program name of the process in `pid_dir`.
fn identify<Fd: AsFd>(pid_dir: Fd) -> Result<(u64, Box<[u8]>), PidError> {
    let ns = statat(&pid_dir, c"ns/net", AtFlags::empty()).map_err(|e| classify("ns/net", e))?;
    let name = read_program_name(&pid_dir).map_err(|e| classify("cmdline", e))?;
    Ok((inode_of(&ns), name))
}

#[allow(clippy::useless_conversion)] // st_ino is u64 on some targets only
fn inode_of(st: &rustix::fs::Stat) -> u64 {
    u64::from(st.st_ino)
}

/// A decimal pid or fd number (directory entry name); `None` for anything
/// else (`.`, `self`, ...).
fn parse_pid(name: &[u8]) -> Option<u32> {
    dec_u64(name).and_then(|v| u32::try_from(v).ok())
}

/// The inode of a socket fd link: `socket:[N]`, or `[0000]:N` as very old
/// kernels wrote it (netstat accepts both).
pub(crate) fn socket_inode(link: &[u8]) -> Option<u64> {
    if let Some(rest) = link.strip_prefix(b"socket:[") {
        dec_u64(rest.strip_suffix(b"]")?)
    } else {
        dec_u64(link.strip_prefix(b"[0000]:")?)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
#[path = "fd_scan_tests.rs"]
mod tests;
