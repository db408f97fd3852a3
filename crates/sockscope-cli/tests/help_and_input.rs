//! The `sockscope` personality explaining itself, end to end: `--help`
//! lists the commands, `help [COMMAND]`, a misspelt command gets a
//! suggestion (a filter word never does); every help, usage and version
//! text reports a failed write (`> /dev/full`) and stays quiet on a closed
//! pipe; filter files and stdin are read with a cap (`/dev/zero`, an
//! endless pipe: refused fast, in bounded memory). Runs in the current
//! network namespace; no socket rows are compared.

#![allow(clippy::unwrap_used)]

use std::fs::File;
use std::os::unix::process::CommandExt;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_sockscope");

fn sockscope(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const COMMANDS: [&str; 5] = ["conns", "summary", "kill", "generate-man", "completions"];

#[test]
fn help_lists_every_command_and_netstat_usage_does_not() {
    let out = sockscope(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for c in COMMANDS.iter().chain(&["help"]) {
        assert!(
            help.lines().any(|l| l.starts_with(&format!("        {c}"))),
            "{c} not listed:\n{help}"
        );
    }
    // `help` alone is the same text (and the same family list on stderr).
    let same = sockscope(&["help"]);
    assert_eq!(same.status.code(), Some(0));
    assert_eq!((same.stdout, same.stderr), (out.stdout, out.stderr));
    // Invoked as netstat: netstat's usage, no commands.
    let netstat = Command::new(BIN)
        .args(["-h"])
        .env("LC_ALL", "C")
        .arg0("netstat")
        .output()
        .unwrap();
    assert!(!text(&netstat.stdout).contains("conns"));
}

#[test]
fn help_command_is_the_commands_own_help() {
    for c in COMMANDS {
        let via_help = sockscope(&["help", c]);
        let direct = sockscope(&[c, "--help"]);
        assert_eq!(via_help.status.code(), Some(0), "help {c}");
        assert!(!via_help.stdout.is_empty(), "help {c}");
        assert_eq!(via_help.stdout, direct.stdout, "help {c}");
        assert_eq!(via_help.stderr, b"", "help {c}");
    }
    let out = sockscope(&["help", "con"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("did you mean `conns`?"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_misspelt_command_gets_a_suggestion() {
    for (word, meant) in [
        ("con", "conns"),
        ("sumary", "summary"),
        ("kil", "kill"),
        ("hepl", "help"),
    ] {
        let out = sockscope(&[word, "-t"]);
        assert_eq!(out.status.code(), Some(2), "{word}");
        assert!(out.stdout.is_empty(), "{word}");
        assert_eq!(
            text(&out.stderr),
            format!(
                "sockscope: unknown command `{word}`; did you mean `{meant}`? (`sockscope help` lists the commands)\n"
            )
        );
    }
}

#[test]
fn filter_words_are_still_filters() {
    for args in [
        &["-t", "state", "established"][..],
        &["state", "established"],
        &["-tn", "dst", "127.0.0.1"],
        &["-tn", "(", "sport", "=", ":1", ")"],
    ] {
        let out = sockscope(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    // A word neither filter nor near a command stays a filter error.
    let out = sockscope(&["banana"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("sockscope: filter error at 0"));
}

/// Every help, usage and version text, and the generated completions.
const TEXTS: &[&[&str]] = &[
    &["-h"],
    &["--help"],
    &["-V"],
    &["--version"],
    &["help"],
    &["help", "conns"],
    &["conns", "--help"],
    &["summary", "--help"],
    &["kill", "--help"],
    &["completions", "bash"],
    &["generate-man", "--help"],
];

#[test]
fn texts_report_a_failed_write() {
    for args in TEXTS {
        let out = Command::new(BIN)
            .args(*args)
            .stdin(Stdio::null())
            .stdout(File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = text(&out.stderr);
        assert!(
            err.starts_with("sockscope: No space left on device"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn texts_on_a_closed_pipe_are_a_quiet_success() {
    for args in TEXTS {
        let mut child = Command::new(BIN)
            .args(*args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        // -h writes netstat's family list to stderr, as netstat does.
        let err = text(&out.stderr);
        assert!(
            err.is_empty() || err.starts_with("    inet (DARPA Internet)"),
            "{args:?}: {err}"
        );
    }
}

const TOO_LONG: &str = "larger than the limit of 1 MiB (1048576 bytes)\n";

#[test]
fn filter_from_dev_zero_is_refused_at_the_limit() {
    let started = Instant::now();
    let out = sockscope(&["-t", "--filter", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        format!("sockscope: cannot read filter file /dev/zero: {TOO_LONG}")
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn filter_from_an_endless_pipe_is_refused_in_bounded_memory() {
    let mut yes = Command::new("yes")
        .arg("sport = :22 or")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    // 256 MiB of address space: reading the pipe whole would die here.
    let out = Command::new("prlimit")
        .arg(format!("--as={}", 256u64 << 20))
        .arg(BIN)
        .args(["-t", "--filter", "-"])
        .stdin(yes.stdout.take().unwrap())
        .output()
        .unwrap();
    let _ = yes.kill();
    let _ = yes.wait();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        format!("sockscope: cannot read filter file - (standard input): {TOO_LONG}")
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}
