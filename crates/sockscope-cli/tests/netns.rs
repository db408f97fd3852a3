//! `--netns`: sockscope run in the host namespace lists another one, and
//! for every mode prints what `ip netns exec NAME netstat ...` prints
//! there, byte for byte, whichever way the namespace is named (an `ip
//! netns` name, a path to an nsfs file, `pid:PID`). `conns` and `summary`
//! take it too. Entering needs root: an unprivileged run says which
//! namespace it could not enter and exits 1; a file that is no namespace
//! is refused by name.
//!
//! Each test makes its own namespace with the fixture process in it (the
//! testkit removes both). Counters that move between two runs even for
//! netstat (`-ie`, `-s`) are handled as the compat tests do: netstat runs
//! before and after, either may match.

// Tests may unwrap: a failed setup step is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::{Command, Output};

use common::{run, sockscope};
use sockscope_testkit::{plan, Fixture, Netns};

/// sockscope run here (the host namespace), not inside `ns`.
fn from_host(args: &[&str]) -> Output {
    let mut cmd = Command::new(sockscope());
    cmd.args(args).env("LC_ALL", "C");
    sockscope_testkit::run::output_with_timeout(&mut cmd, sockscope_testkit::run::COMMAND_TIMEOUT)
        .unwrap()
}

const MODES: &[&[&str]] = &[
    &["-tan"],
    &["-tuwan"],
    &["-tanp"],
    &["-tulpn"],
    &["-xa"],
    &["-xap"],
    &["-an"],
    &["-rn"],
    &["-rn", "-6"],
    &["-ie"],
    &["-gn"],
    &["-s"],
];

#[test]
fn every_mode_matches_ip_netns_exec_netstat() {
    let Some(ns) = Netns::for_test(&[plan::LONG_V6_CIDR]) else {
        return;
    };
    let fixture = Fixture::start(&ns, None).unwrap();
    let path = ns.path().to_string_lossy().into_owned();
    let pid = format!("pid:{}", fixture.pid());
    let mut failures = Vec::new();
    for spec in [ns.name(), path.as_str(), pid.as_str()] {
        for mode in MODES {
            let before = run(&ns, "netstat", mode);
            let mut args = vec!["--netns", spec];
            args.extend_from_slice(mode);
            let ours = from_host(&args);
            let after = run(&ns, "netstat", mode);
            assert!(before.status.success(), "netstat {mode:?} failed");
            if ours.stdout != before.stdout && ours.stdout != after.stdout {
                failures.push(format!(
                    "--netns {spec} {mode:?}:\n--- netstat\n{}\n--- sockscope\n{}",
                    String::from_utf8_lossy(&before.stdout),
                    String::from_utf8_lossy(&ours.stdout)
                ));
            }
            if ours.status.code() != before.status.code() || !ours.stderr.is_empty() {
                failures.push(format!(
                    "--netns {spec} {mode:?}: status {} stderr {}",
                    ours.status,
                    String::from_utf8_lossy(&ours.stderr)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn conns_and_summary_list_the_other_namespace() {
    let Some(ns) = Netns::for_test(&[plan::LONG_V6_CIDR]) else {
        return;
    };
    let fixture = Fixture::start(&ns, None).unwrap();
    let inodes: Vec<u64> = fixture.sockets().iter().map(|(_, ino)| *ino).collect();
    assert!(!inodes.is_empty());
    let listed = |args: &[&str]| -> Vec<u64> {
        let out = from_host(args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["sockets"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s["inode"].as_u64())
            .collect()
    };
    let there = listed(&["conns", "--netns", ns.name(), "-a", "--json"]);
    assert!(
        inodes.iter().all(|i| there.contains(i)),
        "{inodes:?} in {there:?}"
    );
    // After the subcommand's options too (a global option).
    let again = listed(&["conns", "-a", "--json", "--netns", ns.name()]);
    assert_eq!(there, again);
    let here = listed(&["conns", "-a", "--json"]);
    assert!(
        !inodes.iter().any(|i| here.contains(i)),
        "host lists the fixture's sockets"
    );

    let out = from_host(&["summary", "--netns", ns.name(), "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let tcp = doc["protocols"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["proto"] == "tcp")
        .unwrap()
        .clone();
    let fixture_tcp = fixture
        .sockets()
        .iter()
        .filter(|(name, _)| name.starts_with("tcp"))
        .count();
    assert!(
        tcp["total"].as_u64().unwrap() >= fixture_tcp as u64,
        "{tcp}"
    );

    // kill selects in that namespace too (a dry run: nothing destroyed).
    let out = from_host(&[
        "kill",
        "--netns",
        ns.name(),
        "--dry-run",
        "--json",
        "state",
        "all",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        inodes
            .iter()
            .any(|i| text.contains(&format!("\"inode\":{i}"))),
        "{text}"
    );
}

#[test]
fn refusals_name_the_namespace() {
    let Some(ns) = Netns::for_test(&[]) else {
        return;
    };
    let out = {
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(sockscope())
            .args(["--netns", ns.name(), "-tan"]);
        sockscope_testkit::run::output_with_timeout(
            &mut cmd,
            sockscope_testkit::run::COMMAND_TIMEOUT,
        )
        .unwrap()
    };
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(out.stdout.is_empty());
    assert!(
        err.contains("cannot enter network namespace")
            && err.contains(ns.name())
            && err.matches("Operation not permitted").count() == 1,
        "{err}"
    );
    let out = from_host(&["--netns", "/etc/hostname", "-tan"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "sockscope: /etc/hostname is not a network namespace file\n"
    );
    let out = from_host(&["--netns", "pid:0", "-tan"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad network namespace `pid:0`"));
}
