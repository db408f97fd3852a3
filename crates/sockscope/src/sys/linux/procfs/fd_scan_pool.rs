//! The worker pool behind the fd scan (see `fd_scan`): scoped threads claim
//! pids in /proc order; a process with at least [`SPLIT_MIN`] fds is
//! "split": its owner publishes the fd list and every worker without a pid
//! of its own reads chunks of [`CHUNK`] links from it, so one process
//! holding 200k sockets is read by every core too. A worker prefers helping
//! a split to claiming a new pid, which keeps the number of open pid
//! directories at about one per worker.
//!
//! Each pid's result lands in its own slot, indexed like the pid list; the
//! merge in `fd_scan` walks the slots in order. Idle workers sleep on a
//! condition variable (no spinning: CPU time is what the benchmark counts).
//! A worker that cannot be started just means fewer workers.

use std::mem::MaybeUninit;
use std::num::NonZeroUsize;
use std::os::fd::OwnedFd;
use std::sync::atomic::{
    AtomicBool, AtomicUsize, Ordering::AcqRel, Ordering::Acquire, Ordering::Relaxed,
};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::thread;

use super::fd_scan::{failed, identify, list_fds, open_pid, read_links, PidError};

/// Most worker threads: beyond this, /proc's locks gain nothing.
pub(super) const MAX_WORKERS: usize = 8;
/// A process with this many fds has its links read by all workers.
const SPLIT_MIN: usize = 4096;
/// Links per chunk of a split process (about a millisecond of work).
const CHUNK: usize = 1024;
/// getdents buffer for one fd directory (about 2,700 entries a call).
const FD_DIR_BUF: usize = 64 * 1024;

/// What the scan of one pid found.
#[derive(Debug)]
pub(super) struct PidScan {
    /// `(fd, socket inode)` in fd directory order.
    pub found: Vec<(u32, u64)>,
    /// Namespace inode and program name; present whenever `found` is not empty.
    pub holder: Option<(u64, Arc<[u8]>)>,
    /// Why the scan of this pid ended early, if it did.
    pub error: Option<PidError>,
}

/// One worker per available core, at most [`MAX_WORKERS`].
pub(super) fn default_workers() -> usize {
    thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .clamp(1, MAX_WORKERS)
}

/// Scan every pid of `pids` (under the open `proc` directory) with up to
/// `workers` threads. Slot `i` holds the result for `pids[i]`; slots are
/// `None` only after a fatal error stopped the claiming of new pids (all
/// pids before the failed one are always scanned).
pub(super) fn scan(proc: &OwnedFd, pids: &[u32], workers: usize) -> Vec<Option<PidScan>> {
    let shared = Shared {
        proc,
        pids,
        workers: workers.max(1),
        stop: AtomicBool::new(false),
        results: (0..pids.len()).map(|_| OnceLock::new()).collect(),
        state: Mutex::new(State::default()),
        wake: Condvar::new(),
    };
    thread::scope(|s| {
        for _ in 1..shared.workers {
            if thread::Builder::new()
                .name("sockscope-fd".into())
                .spawn_scoped(s, || worker(&shared))
                .is_err()
            {
                break;
            }
        }
        worker(&shared);
    });
    shared
        .results
        .into_iter()
        .map(OnceLock::into_inner)
        .collect()
}

struct Shared<'a> {
    proc: &'a OwnedFd,
    pids: &'a [u32],
    workers: usize,
    stop: AtomicBool,
    results: Vec<OnceLock<PidScan>>,
    state: Mutex<State>,
    wake: Condvar,
}

#[derive(Default)]
struct State {
    /// Next pid index to claim.
    next: usize,
    /// Pids claimed and not finished (each may still publish a split).
    active: usize,
    /// Splits that may have unclaimed chunks.
    splits: Vec<Arc<Split>>,
}

impl Shared<'_> {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
    fn wait<'g>(&self, g: MutexGuard<'g, State>) -> MutexGuard<'g, State> {
        self.wake.wait(g).unwrap_or_else(PoisonError::into_inner)
    }
}

/// What a worker does next.
enum Job {
    Help(Arc<Split>),
    Pid(usize),
}

fn worker(sh: &Shared<'_>) {
    let mut buf = vec![MaybeUninit::uninit(); FD_DIR_BUF];
    let mut fds = Vec::new();
    while let Some(job) = next_job(sh) {
        match job {
            Job::Help(split) => split.help(sh),
            Job::Pid(i) => {
                let scan = scan_pid(sh, sh.pids[i], &mut buf, &mut fds);
                if matches!(scan.error, Some(PidError::Fatal(..))) {
                    sh.stop.store(true, Relaxed);
                }
                let _ = sh.results[i].set(scan);
                sh.lock().active -= 1;
                sh.wake.notify_all();
            }
        }
    }
}

/// Help a split, claim a pid, or sleep until one of those is possible;
/// `None` once every pid is done.
fn next_job(sh: &Shared<'_>) -> Option<Job> {
    let mut st = sh.lock();
    loop {
        st.splits.retain(|s| s.next.load(Relaxed) < s.out.len());
        if let Some(split) = st.splits.first() {
            return Some(Job::Help(Arc::clone(split)));
        }
        if st.next < sh.pids.len() && !sh.stop.load(Relaxed) {
            st.next += 1;
            st.active += 1;
            return Some(Job::Pid(st.next - 1));
        }
        if st.active == 0 {
            return None;
        }
        st = sh.wait(st);
    }
}

/// Scan one pid: list its fds, then read their links, alone or split.
fn scan_pid(sh: &Shared<'_>, pid: u32, buf: &mut [MaybeUninit<u8>], fds: &mut Vec<u32>) -> PidScan {
    let dirs = match open_pid(sh.proc, pid) {
        Ok(d) => d,
        Err(e) => return failed(e),
    };
    let list_err = list_fds(&dirs.fd_dir, buf, fds);
    if sh.workers > 1 && fds.len() >= SPLIT_MIN {
        // Named once, up front: the chunks are read in parallel.
        let holder = identify(&dirs.pid_dir);
        let split = Arc::new(Split::new(dirs.fd_dir, std::mem::take(fds)));
        let (mut found, error) = split.run(sh);
        let mut error = error.or(list_err);
        let holder = match holder {
            Ok(h) if !found.is_empty() => Some(h),
            Err(e) if !found.is_empty() => {
                found.clear();
                error = Some(e);
                None
            }
            _ => None,
        };
        return PidScan {
            found,
            holder,
            error,
        };
    }
    let mut found = Vec::new();
    let mut holder = None;
    let pid_dir = &dirs.pid_dir;
    let error = read_links(&dirs.fd_dir, fds, &mut found, &mut || {
        if holder.is_none() {
            holder = Some(identify(pid_dir)?);
        }
        Ok(())
    });
    PidScan {
        found,
        holder,
        error: error.or(list_err),
    }
}

/// What one chunk of a split found: `(fd, socket inode)` pairs and the
/// error that ended the chunk early.
type Chunk = (Vec<(u32, u64)>, Option<PidError>);

/// The links of one big process, read in chunks by several workers.
struct Split {
    fd_dir: OwnedFd,
    fds: Vec<u32>,
    /// Next chunk to claim.
    next: AtomicUsize,
    /// Chunks finished (each counted after its slot is set: an Acquire
    /// load seeing them all sees every slot).
    done: AtomicUsize,
    /// Per chunk: its sockets, and the error that ended it.
    out: Vec<OnceLock<Chunk>>,
}

impl Split {
    fn new(fd_dir: OwnedFd, fds: Vec<u32>) -> Split {
        let chunks = fds.len().div_ceil(CHUNK);
        Split {
            fd_dir,
            fds,
            next: AtomicUsize::new(0),
            done: AtomicUsize::new(0),
            out: (0..chunks).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Publish, read chunks until none is left, wait for the helpers, and
    /// join the chunks in order; a chunk's error drops every later chunk,
    /// as a sequential walk would have stopped there.
    fn run(self: &Arc<Split>, sh: &Shared<'_>) -> (Vec<(u32, u64)>, Option<PidError>) {
        sh.lock().splits.push(Arc::clone(self));
        sh.wake.notify_all();
        self.help(sh);
        let mut st = sh.lock();
        while self.done.load(Acquire) < self.out.len() {
            st = sh.wait(st);
        }
        st.splits.retain(|s| !Arc::ptr_eq(s, self));
        drop(st);
        let total = self.out.iter().flat_map(OnceLock::get).map(|c| c.0.len());
        let mut found = Vec::with_capacity(total.sum());
        for (part, error) in self.out.iter().flat_map(OnceLock::get) {
            found.extend_from_slice(part);
            if error.is_some() {
                return (found, *error);
            }
        }
        (found, None)
    }

    /// Read chunks until every chunk is claimed.
    fn help(&self, sh: &Shared<'_>) {
        loop {
            let c = self.next.fetch_add(1, Relaxed);
            let Some(slot) = self.out.get(c) else { return };
            let start = c * CHUNK;
            let fds = self.fds.get(start..self.fds.len().min(start + CHUNK));
            let fds = fds.unwrap_or_default();
            let mut found = Vec::new();
            let error = read_links(&self.fd_dir, fds, &mut found, &mut || Ok(()));
            let _ = slot.set((found, error));
            if self.done.fetch_add(1, AcqRel) + 1 == self.out.len() {
                // Under the lock, so the owner cannot miss the wake-up.
                drop(sh.lock());
                sh.wake.notify_all();
            }
        }
    }
}
