//! A network namespace owned by one test: created with a unique name
//! (`sstest-<pid>-<n>`), loopback up, deleted on drop together with every
//! process still inside it.
//!
//! Skip policy ([`Netns::for_test`]): when a namespace cannot be created, a test
//! **fails** if it runs as root or the `CI` environment variable is set (in CI a
//! missing namespace is a broken runner, not a reason to pass); otherwise
//! (a developer without root) it prints the reason and skips.
//!
//! Cleanup: the guard is dropped on success and on panic (unwinding). A test
//! process that is killed outright leaves its namespace behind; the next
//! [`Netns::create`] in any test process deletes `sstest-*` namespaces whose
//! creating pid no longer exists.

use crate::run::{describe, output_with_timeout, COMMAND_TIMEOUT};
use std::ffi::OsStr;
use std::fmt;
use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Once;
use std::thread;
use std::time::{Duration, Instant};

/// Prefix of every namespace the testkit creates.
pub const NAME_PREFIX: &str = "sstest-";

static COUNTER: AtomicU32 = AtomicU32::new(0);
static SWEEP: Once = Once::new();

/// Why a namespace could not be set up: which step, and what it said.
#[derive(Debug)]
pub struct NetnsError {
    pub step: String,
    pub detail: String,
}

impl fmt::Display for NetnsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.step, self.detail)
    }
}

impl std::error::Error for NetnsError {}

/// An owned network namespace, deleted on drop.
#[derive(Debug)]
pub struct Netns {
    name: String,
}

impl Netns {
    /// Create a fresh namespace with `lo` up.
    pub fn create() -> Result<Netns, NetnsError> {
        SWEEP.call_once(sweep_stale);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let name = format!("{NAME_PREFIX}{}-{n}", std::process::id());
        ip(&["netns", "add", &name])?;
        let ns = Netns { name };
        ip(&["-n", &ns.name, "link", "set", "lo", "up"])?;
        Ok(ns)
    }

    /// Create a namespace for a test, with `addresses` (CIDR) added to `lo`.
    /// Returns `None` (after printing why) only when the test may skip: not
    /// root and `CI` unset. Panics otherwise, so CI never passes by skipping.
    #[track_caller]
    pub fn for_test(addresses: &[&str]) -> Option<Netns> {
        let made = Netns::create().and_then(|ns| {
            for a in addresses {
                ns.add_address(a)?;
            }
            Ok(ns)
        });
        match made {
            Ok(ns) => Some(ns),
            Err(e) if must_not_skip() => panic!(
                "cannot set up a network namespace ({e}); running as root or with CI set, \
                 this is a failure, not a skip"
            ),
            Err(e) => {
                eprintln!(
                    "SKIPPED: cannot set up a network namespace ({e}); not root and CI unset"
                );
                None
            }
        }
    }

    /// Add `cidr` to `lo` without duplicate address detection (no error if
    /// it is already there).
    pub fn add_address(&self, cidr: &str) -> Result<(), NetnsError> {
        ip(&[
            "-n", &self.name, "addr", "replace", cidr, "dev", "lo", "nodad",
        ])
    }

    /// The namespace's name (as `ip netns` knows it).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The bind mount that pins the namespace (what `setns` opens).
    pub fn path(&self) -> PathBuf {
        PathBuf::from("/run/netns").join(&self.name)
    }

    /// `ip netns exec NAME program` with `LC_ALL=C`; add arguments and run it.
    pub fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut cmd = Command::new("ip");
        cmd.args(["netns", "exec", &self.name])
            .arg(program)
            .env("LC_ALL", "C");
        cmd
    }

    /// Run `program args` inside the namespace with `LC_ALL=C`, stdin closed,
    /// stdout and stderr captured, killed after [`COMMAND_TIMEOUT`].
    pub fn exec<I, S>(&self, program: impl AsRef<OsStr>, args: I) -> io::Result<Output>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        output_with_timeout(self.command(program).args(args), COMMAND_TIMEOUT)
    }

    /// Run `f` on a new thread that has joined this namespace (setns affects
    /// only the calling thread, so the rest of the process stays where it is).
    pub fn run_in<T: Send>(&self, f: impl FnOnce() -> T + Send) -> io::Result<T> {
        let path = self.path();
        thread::scope(|scope| {
            scope
                .spawn(move || {
                    enter(&path)?;
                    Ok(f())
                })
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }

    /// Pids of the processes living in the namespace.
    pub fn pids(&self) -> Vec<i32> {
        pids_in(&self.name)
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        remove(&self.name);
    }
}

/// True when a test must fail rather than skip: root, or `CI` set.
pub fn must_not_skip() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    root || std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// Join the namespace at `path` on the calling thread.
fn enter(path: &std::path::Path) -> io::Result<()> {
    let file = File::open(path)?;
    // SAFETY: the fd is open for the whole call; setns only reads it.
    let rc = unsafe { libc::setns(file.as_raw_fd(), libc::CLONE_NEWNET) };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

fn ip(args: &[&str]) -> Result<(), NetnsError> {
    let mut cmd = Command::new("ip");
    cmd.args(args);
    let step = describe(&cmd);
    let out = output_with_timeout(&mut cmd, COMMAND_TIMEOUT).map_err(|e| NetnsError {
        step: step.clone(),
        detail: e.to_string(),
    })?;
    if out.status.success() {
        return Ok(());
    }
    Err(NetnsError {
        step,
        detail: format!(
            "{} ({})",
            String::from_utf8_lossy(&out.stderr).trim(),
            out.status
        ),
    })
}

fn pids_in(name: &str) -> Vec<i32> {
    let Ok(out) = output_with_timeout(
        Command::new("ip").args(["netns", "pids", name]),
        COMMAND_TIMEOUT,
    ) else {
        return Vec::new();
    };
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect()
}

/// Kill whatever still runs in `name`, then delete it. Best effort: this runs
/// from `Drop`, possibly during a panic, and must not panic itself.
fn remove(name: &str) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let pids = pids_in(name);
        if pids.is_empty() || Instant::now() >= deadline {
            break;
        }
        for pid in pids {
            // SAFETY: kill has no memory preconditions; a stale pid only makes
            // it fail with ESRCH.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        thread::sleep(Duration::from_millis(20));
    }
    let _ = output_with_timeout(
        Command::new("ip").args(["netns", "del", name]),
        COMMAND_TIMEOUT,
    );
}

/// Delete namespaces left by test processes that were killed before their
/// guards could run (`sstest-<pid>-<n>` whose pid is gone).
fn sweep_stale() {
    let Ok(dir) = std::fs::read_dir("/run/netns") else {
        return;
    };
    for entry in dir.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = stale_owner(&name) else {
            continue;
        };
        if !PathBuf::from(format!("/proc/{pid}")).exists() {
            remove(&name);
        }
    }
}

/// The creating pid encoded in a testkit namespace name.
fn stale_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(NAME_PREFIX)?;
    let (pid, n) = rest.split_once('-')?;
    n.parse::<u32>().ok()?;
    pid.parse().ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn owner_pid_is_parsed_from_testkit_names_only() {
        assert_eq!(stale_owner("sstest-1234-0"), Some(1234));
        assert_eq!(stale_owner("sstest-1234-17"), Some(1234));
        assert_eq!(stale_owner("sstest-abc-1"), None);
        assert_eq!(stale_owner("cls-test"), None);
        assert_eq!(stale_owner("sstest-1234"), None);
    }
}
