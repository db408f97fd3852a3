//! The benchmark script runs, at a small size, on the binaries this test
//! build made (no timing is asserted: machines are noisy). It must build its
//! namespace, measure sockscope, ss, netstat and the floor, print a table
//! row for each and the targets table, run the namespaces case (`--netns
//! all` against one namespace and an `ss` loop), and clean up its
//! namespaces and the sysctl it changed.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Command;

#[test]
fn bench_script_runs_at_a_small_size() {
    if !sockscope_testkit::must_not_skip() && !nix_root() {
        eprintln!("SKIPPED: the benchmark needs root (ip netns add)");
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    // The workload and timing binaries are this package's; `sockscope` is
    // built into the same directory by `cargo test --workspace`.
    let bin_dir = PathBuf::from(env!("CARGO_BIN_EXE_sockscope-loadgen"))
        .parent()
        .unwrap()
        .to_path_buf();
    assert!(
        bin_dir.join("sockscope").is_file(),
        "{} has no sockscope binary: run `cargo test --workspace`",
        bin_dir.display()
    );
    let ehash = || std::fs::read_to_string("/proc/sys/net/ipv4/tcp_child_ehash_entries").ok();
    let ehash_before = ehash();
    let out = Command::new("bash")
        .arg(root.join("scripts/bench.sh"))
        .args([
            "--sockets",
            "400",
            "--runs",
            "1",
            "--procs",
            "2",
            "--netns",
            "3,100",
            "--child-ehash",
            "1024",
            "--bin-dir",
        ])
        .arg(&bin_dir)
        .current_dir(&root)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "bench.sh failed: {text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for row in [
        "| -tan | sockscope |",
        "| -tan | ss |",
        "| -tan | netstat |",
        "| -tanp | floor |",
        "## Targets at 400 sockets",
        "| -tan CPU, sockscope / floor |",
        "| -tanp peak RSS, sockscope / ss |",
        "## Targets of the namespace case (3 namespaces of 100 sockets, TCP hash tables of their own: 1024 entries)",
    ] {
        assert!(text.contains(row), "no {row:?} row in:\n{text}");
    }
    let left = Command::new("ip").args(["netns", "list"]).output().unwrap();
    let left = String::from_utf8_lossy(&left.stdout);
    assert!(
        !left.contains("ssbench-") && !left.contains("sockscope-bench-ns-"),
        "bench.sh left a namespace behind: {left}"
    );
    assert_eq!(ehash(), ehash_before, "the sysctl is restored");
}

fn nix_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}
