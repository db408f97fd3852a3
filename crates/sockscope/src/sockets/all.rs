//! One query over many network namespaces (`--netns all`): each namespace
//! is read by a worker thread that enters it (`setns`), several at a time,
//! while the caller hands the namespaces' sockets on in the order given.
//! The namespace the caller lives in is streamed by the caller itself, with
//! no buffer; the others' sockets are held per namespace until their turn,
//! at most [`window`] namespaces ahead, so memory stays bounded by the
//! biggest few namespaces, not by the host.
//!
//! Process attribution is one map for every namespace (the caller's
//! [`prepare`](super::prepare): the /proc walk keys sockets by namespace
//! and inode), each socket stamped with its namespace
//! ([`Query::netns`]). A namespace that cannot be entered (no privilege,
//! gone) or read is reported with [`NsEvent::Failed`]; the others are
//! still listed.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};

use super::{visit, Query, VisitError};
use crate::model::{ProcessMap, Socket, SocketRef, Warning};
use crate::netns::names::NsInfo;
use crate::netns::Netns;
use crate::Error;

/// What a visit over namespaces hands on, namespace by namespace.
#[derive(Debug)]
pub enum NsEvent<'a> {
    /// The sockets of this namespace follow.
    Begin(&'a NsInfo),
    /// One socket of the namespace begun last.
    Socket(SocketRef<'a>),
    /// The namespace's sockets are all handed on; the warnings met
    /// listing them.
    End(&'a NsInfo, &'a [Warning]),
    /// The namespace could not be listed (not entered, gone, a read that
    /// failed); a `Failed` may come after some of its sockets.
    Failed(&'a NsInfo, &'a Error),
}

/// What a worker made of one namespace.
type Read = Result<(Vec<Socket>, Vec<Warning>), Error>;

/// Namespaces read ahead of the one being handed on, per worker.
fn window(workers: usize) -> usize {
    2 * workers
}

/// Hand the sockets `query` selects in every namespace of `namespaces` to
/// `on`, in that order, framed by [`NsEvent::Begin`] and
/// [`NsEvent::End`] (or [`NsEvent::Failed`]). `processes` is the map of a
/// [`prepare`](super::prepare) run by the caller. The first error of `on`
/// stops the visit (workers stop too) and is returned.
pub fn visit_namespaces<E>(
    query: &Query,
    namespaces: &[NsInfo],
    processes: Option<&ProcessMap>,
    on: &mut dyn FnMut(NsEvent<'_>) -> Result<(), E>,
) -> Result<(), E> {
    let own = crate::netns::current_inode();
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, 8)
        .min(namespaces.len());
    let shared = Shared {
        namespaces,
        own,
        next: AtomicUsize::new(0),
        done: Mutex::new(0),
        ready: Condvar::new(),
        slots: (0..namespaces.len()).map(|_| Mutex::new(None)).collect(),
        stop: AtomicBool::new(false),
        alive: AtomicUsize::new(0),
        window: window(workers),
    };
    std::thread::scope(|s| {
        for _ in 0..workers {
            shared.alive.fetch_add(1, Ordering::AcqRel);
            let spawned = std::thread::Builder::new()
                .name("sockscope-netns".into())
                .spawn_scoped(s, || {
                    let _gone = Gone(&shared);
                    shared.work(query, processes);
                });
            if spawned.is_err() {
                shared.alive.fetch_sub(1, Ordering::AcqRel);
                break;
            }
        }
        let r = hand_on(&shared, query, processes, on);
        shared.stop.store(true, Ordering::Release);
        shared.ready.notify_all();
        r
    })
}

/// State between the workers and the caller.
struct Shared<'n> {
    namespaces: &'n [NsInfo],
    /// The caller's namespace, read by the caller itself.
    own: Option<u64>,
    /// The next namespace a worker claims.
    next: AtomicUsize,
    /// How many namespaces the caller has handed on.
    done: Mutex<usize>,
    /// Signalled when a slot fills, when `done` grows, and on stop.
    ready: Condvar,
    slots: Vec<Mutex<Option<Read>>>,
    stop: AtomicBool,
    /// Workers still running.
    alive: AtomicUsize,
    window: usize,
}

/// Counts a worker out when it ends (also by a panic, which the scope then
/// carries on to the caller).
struct Gone<'s, 'n>(&'s Shared<'n>);

impl Drop for Gone<'_, '_> {
    fn drop(&mut self) {
        self.0.alive.fetch_sub(1, Ordering::AcqRel);
        drop(self.0.done.lock().unwrap_or_else(PoisonError::into_inner));
        self.0.ready.notify_all();
    }
}

impl Shared<'_> {
    fn is_own(&self, ns: &NsInfo) -> bool {
        self.own == Some(ns.inode)
    }

    /// A worker: claim namespaces in order (never more than the window
    /// ahead of the caller), read each inside it, leave the result in its
    /// slot.
    fn work(&self, query: &Query, processes: Option<&ProcessMap>) {
        loop {
            let i = self.next.fetch_add(1, Ordering::AcqRel);
            let Some(ns) = self.namespaces.get(i) else {
                return;
            };
            if self.is_own(ns) {
                continue;
            }
            {
                let mut done = self.done.lock().unwrap_or_else(PoisonError::into_inner);
                while i >= *done + self.window && !self.stop.load(Ordering::Acquire) {
                    done = self
                        .ready
                        .wait(done)
                        .unwrap_or_else(PoisonError::into_inner);
                }
            }
            if self.stop.load(Ordering::Acquire) {
                return;
            }
            let read = read_inside(ns, query, processes);
            *self.slots[i].lock().unwrap_or_else(PoisonError::into_inner) = Some(read);
            // Taken to order the notification after a waiter's check.
            drop(self.done.lock().unwrap_or_else(PoisonError::into_inner));
            self.ready.notify_all();
        }
    }

    /// Wait for slot `i` (`None`: no worker will fill it).
    fn take(&self, i: usize) -> Option<Read> {
        let mut done = self.done.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(r) = self.slots[i]
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take()
            {
                return Some(r);
            }
            if self.alive.load(Ordering::Acquire) == 0 {
                return None;
            }
            done = self
                .ready
                .wait(done)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn advance(&self) {
        *self.done.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        self.ready.notify_all();
    }
}

/// Enter `ns` on this (worker) thread and read its sockets. The thread
/// stays in the namespace; the next read enters its own.
fn read_inside(ns: &NsInfo, query: &Query, processes: Option<&ProcessMap>) -> Read {
    Netns::open_as(&ns.path, ns.inode)?.enter_this_thread()?;
    let q = Query {
        netns: ns.inode,
        ..query.clone()
    };
    let mut sockets = Vec::new();
    let mut warnings = Vec::new();
    let r = visit(&q, processes, &mut warnings, &mut |s| {
        sockets.push(s.to_owned());
        Ok::<(), std::convert::Infallible>(())
    });
    match r {
        Ok(()) => Ok((sockets, warnings)),
        Err(VisitError::Collect(e)) => Err(e),
        Err(VisitError::Visitor(never)) => match never {},
    }
}

/// The caller's side: every namespace in order.
fn hand_on<E>(
    shared: &Shared<'_>,
    query: &Query,
    processes: Option<&ProcessMap>,
    on: &mut dyn FnMut(NsEvent<'_>) -> Result<(), E>,
) -> Result<(), E> {
    for (i, ns) in shared.namespaces.iter().enumerate() {
        if shared.is_own(ns) {
            stream_own(ns, query, processes, on)?;
        } else {
            let read = match shared.take(i) {
                Some(r) => r,
                // No worker: read it here (on a thread of its own).
                None => std::thread::scope(|s| {
                    s.spawn(|| read_inside(ns, query, processes))
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                }),
            };
            match read {
                Ok((sockets, warnings)) => {
                    on(NsEvent::Begin(ns))?;
                    for s in &sockets {
                        on(NsEvent::Socket(s.as_ref()))?;
                    }
                    on(NsEvent::End(ns, &warnings))?;
                }
                Err(e) => on(NsEvent::Failed(ns, &e))?,
            }
        }
        shared.advance();
    }
    Ok(())
}

/// The caller's own namespace, streamed as the dumps decode it.
fn stream_own<E>(
    ns: &NsInfo,
    query: &Query,
    processes: Option<&ProcessMap>,
    on: &mut dyn FnMut(NsEvent<'_>) -> Result<(), E>,
) -> Result<(), E> {
    on(NsEvent::Begin(ns))?;
    let q = Query {
        netns: ns.inode,
        ..query.clone()
    };
    let mut warnings = Vec::new();
    match visit(&q, processes, &mut warnings, &mut |s| {
        on(NsEvent::Socket(s))
    }) {
        Ok(()) => on(NsEvent::End(ns, &warnings)),
        Err(VisitError::Visitor(e)) => Err(e),
        Err(VisitError::Collect(e)) => on(NsEvent::Failed(ns, &e)),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
#[path = "all_tests.rs"]
mod tests;
