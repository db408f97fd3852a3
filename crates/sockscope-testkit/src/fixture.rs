//! Handle on a running `sockscope-fixture` process: find (or build) the
//! binary, start it inside a [`Netns`], wait for its `ready` line, and on drop
//! close its stdin, kill it if it lingers, reap it and remove its directory.
//!
//! The handle borrows the namespace, so it is always dropped first: the
//! process is gone before the namespace is deleted.

use crate::netns::Netns;
use crate::run::{describe, output_with_timeout, wait_until};
use std::ffi::{OsStr, OsString};
use std::io::{self, BufRead, BufReader, Read};
use std::marker::PhantomData;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{mpsc, OnceLock};
use std::thread;
use std::time::Duration;

/// Name of the fixture binary in the cargo target directory.
pub const BIN_NAME: &str = "sockscope-fixture";
/// Environment variable that overrides where the fixture binary is.
pub const BIN_ENV: &str = "SOCKSCOPE_FIXTURE";
/// How long the fixture may take to print `ready`.
pub const READY_TIMEOUT: Duration = Duration::from_secs(30);

static DIRS: AtomicU32 = AtomicU32::new(0);

/// Which socket set the fixture holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// Everything in [`crate::plan`].
    Full,
    /// One TCP listener on [`crate::plan::HOSTILE_PORT`] (run it under
    /// [`crate::plan::HOSTILE_ARGV0`]).
    Hostile,
}

/// A running fixture process inside a namespace.
#[derive(Debug)]
pub struct Fixture<'ns> {
    child: Child,
    stdin: Option<ChildStdin>,
    ready: String,
    dir: PathBuf,
    _ns: PhantomData<&'ns Netns>,
}

impl<'ns> Fixture<'ns> {
    /// Start the full fixture in `ns`, optionally under another argv[0]. It
    /// adds [`crate::plan::LONG_V6_CIDR`] to the namespace's `lo` if missing.
    pub fn start(ns: &'ns Netns, argv0: Option<&OsStr>) -> io::Result<Fixture<'ns>> {
        Fixture::start_variant(ns, Variant::Full, argv0)
    }

    /// Start a fixture of the given variant in `ns` and wait until it is ready.
    pub fn start_variant(
        ns: &'ns Netns,
        variant: Variant,
        argv0: Option<&OsStr>,
    ) -> io::Result<Fixture<'ns>> {
        let bin = binary()?;
        if variant == Variant::Full {
            ns.add_address(crate::plan::LONG_V6_CIDR)
                .map_err(io::Error::other)?;
        }
        let n = DIRS.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("sockscope-fixture-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let mut cmd = Command::new(&bin);
        cmd.args(["--netns", ns.name(), "--variant"])
            .arg(match variant {
                Variant::Full => "full",
                Variant::Hostile => "hostile",
            })
            .arg("--dir")
            .arg(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(a) = argv0 {
            cmd.arg0(a);
        }
        let spawned = cmd.spawn();
        let mut child = match spawned {
            Ok(c) => c,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&dir);
                return Err(io::Error::new(e.kind(), format!("{}: {e}", describe(&cmd))));
            }
        };
        let stdin = child.stdin.take();
        let mut fixture = Fixture {
            child,
            stdin,
            ready: String::new(),
            dir,
            _ns: PhantomData,
        };
        fixture.ready = fixture.wait_ready()?;
        Ok(fixture)
    }

    /// Read the `ready` line; on failure the error carries the fixture's stderr.
    fn wait_ready(&mut self) -> io::Result<String> {
        let stdout = self.child.stdout.take();
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut line = String::new();
            let got = match stdout {
                Some(s) => BufReader::new(s).read_line(&mut line).map(|_| line),
                None => Err(io::Error::other("no stdout pipe")),
            };
            let _ = tx.send(got);
        });
        let fail = |this: &mut Fixture, why: String| {
            let _ = this.child.kill();
            let _ = this.child.wait();
            let mut err = String::new();
            if let Some(mut e) = this.child.stderr.take() {
                let _ = e.read_to_string(&mut err);
            }
            io::Error::other(format!(
                "fixture not ready: {why}; its stderr: {}",
                err.trim()
            ))
        };
        match rx.recv_timeout(READY_TIMEOUT) {
            Ok(Ok(line)) if line.starts_with("ready ") => Ok(line.trim_end().to_owned()),
            Ok(Ok(line)) => Err(fail(self, format!("unexpected first line {line:?}"))),
            Ok(Err(e)) => Err(fail(self, format!("reading stdout: {e}"))),
            Err(_) => Err(fail(
                self,
                format!("no ready line within {READY_TIMEOUT:?}"),
            )),
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Directory holding the fixture's path-bound UNIX sockets.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The `ready` line as printed: `ready pid=N name=inode ...`.
    pub fn ready_line(&self) -> &str {
        &self.ready
    }

    /// `(name, inode)` of every socket the fixture reported, in opening order.
    pub fn sockets(&self) -> Vec<(&str, u64)> {
        self.ready
            .split_whitespace()
            .skip(2)
            .filter_map(|kv| {
                let (k, v) = kv.split_once('=')?;
                Some((k, v.parse().ok()?))
            })
            .collect()
    }

    /// Inode of the socket the fixture reported under `name`.
    pub fn inode(&self, name: &str) -> Option<u64> {
        self.sockets()
            .into_iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }
}

impl Drop for Fixture<'_> {
    fn drop(&mut self) {
        // Closing stdin is the fixture's signal to exit.
        drop(self.stdin.take());
        if wait_until(&mut self.child, Duration::from_secs(2)).is_err() {
            // wait_until already killed and reaped it.
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Path of the fixture binary: `$SOCKSCOPE_FIXTURE`, else next to the running
/// test's directory (`target/<profile>/deps/..`), else built once with cargo.
pub fn binary() -> io::Result<PathBuf> {
    static FOUND: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    FOUND
        .get_or_init(locate_or_build)
        .clone()
        .map_err(io::Error::other)
}

fn locate_or_build() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os(BIN_ENV) {
        return Ok(PathBuf::from(p));
    }
    let exe = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
    let candidates = candidates(&exe);
    if let Some(found) = candidates.iter().find(|p| p.is_file()) {
        return Ok(found.clone());
    }
    build(&exe)?;
    candidates.into_iter().find(|p| p.is_file()).ok_or_else(|| {
        format!(
            "{BIN_NAME} still missing after cargo build (looked next to {})",
            exe.display()
        )
    })
}

/// `target/<profile>/sockscope-fixture` for an exe in `target/<profile>/deps/`
/// or in `target/<profile>/`.
fn candidates(exe: &Path) -> Vec<PathBuf> {
    exe.ancestors()
        .skip(1)
        .take(2)
        .map(|d| d.join(BIN_NAME))
        .collect()
}

/// `cargo build -p sockscope-testkit --bin sockscope-fixture` for the profile
/// the running test was built with.
fn build(exe: &Path) -> Result<(), String> {
    let profile_dir = exe
        .parent()
        .filter(|d| d.ends_with("deps"))
        .and_then(Path::parent)
        .ok_or_else(|| {
            format!(
                "{BIN_NAME} not found and {} is not in a target dir",
                exe.display()
            )
        })?;
    let target_dir = profile_dir.parent().ok_or("target dir has no parent")?;
    let profile: OsString = profile_dir.file_name().ok_or("no profile name")?.to_owned();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args([
        "build",
        "--quiet",
        "-p",
        "sockscope-testkit",
        "--bin",
        BIN_NAME,
    ])
    .arg("--manifest-path")
    .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
    .arg("--target-dir")
    .arg(target_dir);
    match profile.to_str() {
        Some("debug") => {}
        Some("release") => {
            cmd.arg("--release");
        }
        _ => {
            cmd.arg("--profile").arg(&profile);
        }
    }
    let out = output_with_timeout(&mut cmd, Duration::from_secs(600))
        .map_err(|e| format!("building {BIN_NAME}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{} failed: {}",
            describe(&cmd),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn candidates_look_in_the_profile_dir() {
        let c = candidates(Path::new("/t/target/debug/deps/netstat_compat-abc"));
        assert_eq!(
            c,
            vec![
                PathBuf::from("/t/target/debug/deps/sockscope-fixture"),
                PathBuf::from("/t/target/debug/sockscope-fixture"),
            ]
        );
    }
}
