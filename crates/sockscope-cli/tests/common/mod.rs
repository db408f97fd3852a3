//! Shared parts of the CLI differential tests: a table of netstat flag sets,
//! running the reference and sockscope back to back inside a namespace, the
//! only output masks we allow (each with its reason), and collecting every
//! mismatch of a table into one failure.

#![allow(dead_code)]

pub mod json;
pub mod ss;

use sockscope_testkit::diff::{lines, unified, visible};
use sockscope_testkit::{Mismatches, Netns};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;

/// Environment variable naming another binary to test instead of the one
/// cargo built (a release build; or `/usr/bin/netstat` to check the harness
/// itself: every netstat comparison must then pass).
pub const BIN_OVERRIDE: &str = "SOCKSCOPE_BIN";

/// The sockscope binary under test.
pub fn sockscope() -> PathBuf {
    std::env::var_os(BIN_OVERRIDE)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_sockscope")))
}

/// How a case compares the two outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Byte for byte.
    Exact,
    /// Byte for byte after [`mask_timers`].
    MaskTimers,
}

/// One row of a table: netstat arguments and how to compare.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    pub args: &'static [&'static str],
    pub check: Check,
}

/// Shorthand for an exact case.
pub const fn exact(args: &'static [&'static str]) -> Case {
    Case {
        args,
        check: Check::Exact,
    }
}

/// Shorthand for a case whose Timer column is masked.
pub const fn timers(args: &'static [&'static str]) -> Case {
    Case {
        args,
        check: Check::MaskTimers,
    }
}

/// Mask the numbers of netstat's Timer column (`-o`): `keepalive (7190.98/0/0)`
/// becomes `keepalive (#/#/#)`. Why: the first number is the time left until
/// the timer fires, which counts down between the two runs; the retransmit and
/// probe counts move too (the fixture's zero-window connection keeps probing).
/// The timer name (`off`, `on`, `keepalive`, `probe`, `timewait`) stays compared.
pub fn mask_timers(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for line in lines(text) {
        out.extend_from_slice(&mask_timer_line(line));
        out.push(b'\n');
    }
    if !text.is_empty() && !text.ends_with(b"\n") {
        out.pop();
    }
    out
}

fn mask_timer_line(line: &[u8]) -> Vec<u8> {
    let Some(open) = line.iter().rposition(|&b| b == b'(') else {
        return line.to_vec();
    };
    let Some(close) = line.iter().rposition(|&b| b == b')') else {
        return line.to_vec();
    };
    let inner = &line[open + 1..close.max(open + 1)];
    let numeric = close > open
        && inner.split(|&b| b == b'/').count() == 3
        && inner
            .iter()
            .all(|b| b.is_ascii_digit() || *b == b'.' || *b == b'/');
    if !numeric {
        return line.to_vec();
    }
    let mut v = line[..=open].to_vec();
    v.extend_from_slice(b"#/#/#");
    v.extend_from_slice(&line[close..]);
    v
}

/// Run `program args` in `ns` (LC_ALL=C, stdout piped); an error becomes a
/// fake failed output so the table goes on.
pub fn run(ns: &Netns, program: impl AsRef<OsStr>, args: &[&str]) -> Output {
    let program = program.as_ref();
    ns.exec(program, args).unwrap_or_else(|e| Output {
        status: std::os::unix::process::ExitStatusExt::from_raw(255 << 8),
        stdout: Vec::new(),
        stderr: format!("could not run {}: {e}", program.to_string_lossy()).into_bytes(),
    })
}

fn shaped(out: &Output, check: Check) -> Vec<u8> {
    match check {
        Check::Exact => out.stdout.clone(),
        Check::MaskTimers => mask_timers(&out.stdout),
    }
}

fn stderr_note(name: &str, out: &Output) -> String {
    if out.stderr.is_empty() {
        return String::new();
    }
    let mut s = format!("{name} stderr:\n");
    for l in lines(&out.stderr) {
        s.push_str("  ");
        s.push_str(&visible(l));
        s.push('\n');
    }
    s
}

/// Compare `candidate` (a path run as the tool) with the real `netstat` for
/// every case, recording failures in `mm`. netstat runs twice around the
/// candidate; if its two runs differ the case itself is unstable and is
/// reported as such rather than blamed on the candidate.
pub fn compare_with_netstat(
    ns: &Netns,
    candidate: &Path,
    label: &str,
    cases: &[Case],
    mm: &mut Mismatches,
) {
    compare_with_netstat_via(ns, &[], candidate, label, cases, mm);
}

/// As [`compare_with_netstat`], with both tools started through `wrapper`
/// (e.g. `setpriv --reuid=65534 ...` to run them as an unprivileged user).
/// Stdout, stderr and the exit status are all compared.
pub fn compare_with_netstat_via(
    ns: &Netns,
    wrapper: &[&str],
    candidate: &Path,
    label: &str,
    cases: &[Case],
    mm: &mut Mismatches,
) {
    let candidate = candidate.to_string_lossy();
    let through = |tool: &str, args: &[&str]| -> Output {
        match wrapper.split_first() {
            None => run(ns, tool, args),
            Some((first, rest)) => {
                let mut all: Vec<&str> = rest.to_vec();
                all.push(tool);
                all.extend_from_slice(args);
                run(ns, first, &all)
            }
        }
    };
    for case in cases {
        mm.checked();
        let name = format!("{} {}", label, case.args.join(" "));
        let reference = through("netstat", case.args);
        let ours = through(&candidate, case.args);
        let again = through("netstat", case.args);
        let (want, got) = (shaped(&reference, case.check), shaped(&ours, case.check));
        if want != shaped(&again, case.check) {
            let d = unified(
                "netstat (1st run)",
                &want,
                "netstat (2nd run)",
                &shaped(&again, case.check),
            );
            mm.push(
                &name,
                format!(
                    "REFERENCE UNSTABLE: netstat changed between runs\n{}",
                    d.unwrap_or_default()
                ),
            );
            continue;
        }
        if !reference.status.success() || want.is_empty() {
            mm.push(
                &name,
                format!(
                    "netstat itself failed ({})\n{}",
                    reference.status,
                    stderr_note("netstat", &reference)
                ),
            );
            continue;
        }
        let mut detail = String::new();
        if ours.status.code() != reference.status.code() {
            detail.push_str(&format!(
                "exit status: netstat {}, {label} {}\n",
                reference.status, ours.status
            ));
        }
        if let Some(d) = unified("netstat", &want, label, &got) {
            detail.push_str(&d);
        }
        if ours.stderr != reference.stderr {
            detail.push_str("stderr differs\n");
        }
        if !detail.is_empty() {
            detail.push_str(&stderr_note("netstat", &reference));
            detail.push_str(&stderr_note(label, &ours));
            mm.push(&name, detail);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timer_numbers_are_masked_and_names_kept() {
        let t = b"tcp 0 0 a b ESTABLISHED keepalive (7190.98/0/0)\nProto Timer\nx probe (0.20/0/3)";
        assert_eq!(
            mask_timers(t),
            b"tcp 0 0 a b ESTABLISHED keepalive (#/#/#)\nProto Timer\nx probe (#/#/#)".to_vec()
        );
    }

    #[test]
    fn non_timer_parentheses_are_left_alone() {
        let t = b"Active Internet connections (servers and established)\n";
        assert_eq!(mask_timers(t), t.to_vec());
    }
}
