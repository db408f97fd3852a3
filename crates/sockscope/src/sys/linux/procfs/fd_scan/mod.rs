//! The socket → process map: one walk of `<proc>/<pid>/fd` for every numeric
//! pid, merged in /proc readdir order (the order netstat's cache sees them
//! in, so the first holder of a socket is the one netstat shows).
//!
//! Syscalls only, no allocation per fd: /proc is opened once; per pid we open
//! its directory (`O_PATH`, which pins that process: a reused pid cannot slip
//! in between our calls) and its `fd` directory, read its entries with
//! `getdents64` into a reused buffer, then `readlinkat` each relative to the
//! `fd` directory into a stack buffer: two syscalls per pid, one per fd
//! (plus one `getdents64` per ~2,700 fds). Only on a pid's first socket fd
//! do we stat `ns/net` (the key's namespace) and read `cmdline` (the name,
//! see [`super::program`]), once per process, shared by its sockets.
//! Threads (`task/`) are not walked, as netstat does not; no SELinux lookups.
//!
//! The walk is spread over the available cores (see `fd_scan_pool`): pids
//! are claimed in order by worker threads, and a process with thousands of
//! fds has its links read in chunks by every idle worker. Results are
//! merged in pid order afterwards, so the map is the same as a sequential
//! walk would build.
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
use std::sync::Arc;

use rustix::fs::{openat, readlinkat_raw, statat, AtFlags, Mode, OFlags, RawDir, CWD};
use rustix::io::Errno;

use super::fd_scan_pool::{self, PidScan};
use super::lines::dec_u64;
use super::program::read_program_name;
use crate::model::{ProcessMap, ProcessRef, Rescan, SockKey, Warning};
use crate::{Error, Result};

/// getdents buffer for /proc itself.
const PROC_DIR_BUF: usize = 32 * 1024;
/// Longest link target we care about: `socket:[<20 digits>]` is 29 bytes.
const LINK_BUF: usize = 64;

/// Scan the proc filesystem mounted at `proc_root` (normally `/proc`) with
/// one worker per available core (at most [`fd_scan_pool::MAX_WORKERS`]).
///
/// The scanner's own namespace comes from `thread-self/ns/net` (falling back
/// to `self/ns/net`); failing both, or failing to open `proc_root`, is an
/// error.
pub fn process_map_from(proc_root: &Path, warnings: &mut Vec<Warning>) -> Result<ProcessMap> {
    process_map_with(proc_root, fd_scan_pool::default_workers(), warnings)
}

/// As [`process_map_from`] with `workers` threads (1: the calling thread only).
pub(crate) fn process_map_with(
    proc_root: &Path,
    workers: usize,
    warnings: &mut Vec<Warning>,
) -> Result<ProcessMap> {
    let mut map = scan_pids(proc_root, workers, &[], warnings)?;
    let mut scanned = std::mem::take(&mut map.scanned);
    scanned.sort_unstable();
    map.set_rescan(Rescan::new(proc_root.to_path_buf(), scanned, late_scan));
    Ok(map)
}

/// The processes that appeared since a scan of `scanned` (sorted): their
/// sockets are the ones a listing may meet without an owner in the first
/// map (opened after it was built). `None` when /proc cannot be read.
fn late_scan(proc_root: &Path, scanned: &[u32]) -> Option<ProcessMap> {
    scan_pids(proc_root, 1, scanned, &mut Vec::new()).ok()
}

/// Scan every pid of `proc_root` not in `skip` (sorted).
fn scan_pids(
    proc_root: &Path,
    workers: usize,
    skip: &[u32],
    warnings: &mut Vec<Warning>,
) -> Result<ProcessMap> {
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
    let mut map = ProcessMap::new(inode_of(&own_netns));
    map.gaps.partial_pidns = !in_initial_pidns(&proc);

    let mut pids = Vec::new();
    let mut dir_buf = vec![MaybeUninit::uninit(); PROC_DIR_BUF];
    let mut entries = RawDir::new(&proc, &mut dir_buf);
    while let Some(entry) = entries.next() {
        let entry = entry.map_err(|e| read_err(proc_root.to_path_buf(), e))?;
        pids.extend(
            parse_pid(entry.file_name().to_bytes()).filter(|p| skip.binary_search(p).is_err()),
        );
    }

    let scans = fd_scan_pool::scan(&proc, &pids, workers);
    map.reserve(scans.iter().flatten().map(|s| s.found.len()).sum());
    let (mut unreadable, mut unreadable_dirs) = (0, 0);
    for (&pid, scan) in pids.iter().zip(scans) {
        // A pid left unscanned comes after a fatal error, returned below.
        let Some(scan) = scan else { continue };
        if let Some((netns, name)) = &scan.holder {
            for &(fd, inode) in &scan.found {
                let key = SockKey {
                    netns: *netns,
                    inode,
                };
                let name = Arc::clone(name);
                map.insert(key, ProcessRef { pid, name, fd });
            }
        }
        match scan.error {
            None | Some(PidError::Gone) => {}
            Some(PidError::Vanished) => {
                map.gaps.add(owner_uid(&proc, pid), true);
                warnings.push(Warning::ProcessVanished { pid });
            }
            Some(PidError::Denied) => {
                map.gaps.add(owner_uid(&proc, pid), false);
                unreadable += 1;
            }
            Some(PidError::DeniedDir) => {
                map.gaps.add(owner_uid(&proc, pid), false);
                unreadable += 1;
                unreadable_dirs += 1;
            }
            Some(PidError::Fatal(what, e)) => {
                return Err(read_err(proc_root.join(pid.to_string()).join(what), e))
            }
        }
    }
    if unreadable > 0 {
        warnings.push(Warning::FdsUnreadable {
            count: unreadable,
            fd_dirs: unreadable_dirs,
            euid: rustix::process::geteuid().as_raw(),
        });
    }
    map.scanned = pids;
    Ok(map)
}

/// The uid a process runs as (its /proc directory's owner), if readable.
fn owner_uid(proc: &OwnedFd, pid: u32) -> Option<u32> {
    let mut name = DecName::default();
    let st = statat(proc, name.of(pid)?, AtFlags::empty()).ok()?;
    Some(st.st_uid)
}

/// The inode the kernel gives the initial PID namespace
/// (`PROC_PID_INIT_INO`).
const INITIAL_PIDNS_INODE: u64 = 0xEFFF_FFFC;

/// Does this /proc show every process: is the scanner in the initial PID
/// namespace? Unknown counts as yes (no reason is then invented).
fn in_initial_pidns(proc: &OwnedFd) -> bool {
    statat(proc, c"self/ns/pid", AtFlags::empty())
        .map_or(true, |st| inode_of(&st) == INITIAL_PIDNS_INODE)
}

/// Why one pid could not be (fully) read.
#[derive(Debug, Clone, Copy)]
pub(super) enum PidError {
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

/// A pid's directory and its `fd/` directory, open.
pub(super) struct PidDirs {
    pub pid_dir: OwnedFd,
    pub fd_dir: OwnedFd,
}

/// Open `<proc>/<pid>` (pinning the process) and its `fd/`.
pub(super) fn open_pid(proc: &OwnedFd, pid: u32) -> Result<PidDirs, PidError> {
    let mut name = DecName::default();
    let Some(name) = name.of(pid) else {
        return Err(PidError::Gone);
    };
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
    Ok(PidDirs { pid_dir, fd_dir })
}

/// Read the fd numbers of an open `fd/` directory into `fds` (cleared
/// first), in getdents order. An error ends the listing early; what was
/// read before it stays in `fds`.
pub(super) fn list_fds(
    fd_dir: &OwnedFd,
    buf: &mut [MaybeUninit<u8>],
    fds: &mut Vec<u32>,
) -> Option<PidError> {
    fds.clear();
    let mut entries = RawDir::new(fd_dir, buf);
    while let Some(entry) = entries.next() {
        match entry {
            Ok(entry) => fds.extend(parse_pid(entry.file_name().to_bytes())),
            Err(e) => return Some(classify("fd", e)),
        }
    }
    None
}

/// Read the links of `fds` in `fd_dir`, appending `(fd, socket inode)` for
/// each socket to `found`. `on_socket` runs before the first socket is
/// appended (to identify the process) and may end the walk. Stops at the
/// first error that ends the pid's scan.
pub(super) fn read_links(
    fd_dir: &OwnedFd,
    fds: &[u32],
    found: &mut Vec<(u32, u64)>,
    on_socket: &mut dyn FnMut() -> Result<(), PidError>,
) -> Option<PidError> {
    let mut name = DecName::default();
    let mut link = [0u8; LINK_BUF];
    for &fd in fds {
        let Some(fd_name) = name.of(fd) else {
            continue;
        };
        let n = match readlinkat_raw(fd_dir, fd_name, &mut link[..]) {
            Ok(n) => n,
            Err(e @ (Errno::ACCESS | Errno::PERM | Errno::SRCH)) => return Some(classify("fd", e)),
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
        if let Err(e) = on_socket() {
            return Some(e);
        }
        found.push((fd, inode));
    }
    None
}

/// Namespace inode and program name of the process in `pid_dir`.
pub(super) fn identify<Fd: AsFd>(pid_dir: Fd) -> Result<(u64, Arc<[u8]>), PidError> {
    let ns = statat(&pid_dir, c"ns/net", AtFlags::empty()).map_err(|e| classify("ns/net", e))?;
    let name = read_program_name(&pid_dir).map_err(|e| classify("cmdline", e))?;
    Ok((inode_of(&ns), name.into()))
}

/// The result of a pid whose scan never started (see [`open_pid`]).
pub(super) fn failed(e: PidError) -> PidScan {
    PidScan {
        found: Vec::new(),
        holder: None,
        error: Some(e),
    }
}

/// A decimal number as a NUL-terminated directory entry name.
#[derive(Default)]
struct DecName {
    buf: [u8; 12],
}

impl DecName {
    fn of(&mut self, mut v: u32) -> Option<&CStr> {
        let mut i = self.buf.len() - 1;
        self.buf[i] = 0;
        loop {
            i -= 1;
            self.buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        CStr::from_bytes_with_nul(&self.buf[i..]).ok()
    }
}

#[allow(clippy::useless_conversion)] // st_ino is u64 on some targets only
fn inode_of(st: &rustix::fs::Stat) -> u64 {
    u64::from(st.st_ino)
}

/// A decimal pid or fd number (directory entry name); `None` for anything
/// else (`.`, `self`, ...).
pub(crate) fn parse_pid(name: &[u8]) -> Option<u32> {
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
mod tests;
