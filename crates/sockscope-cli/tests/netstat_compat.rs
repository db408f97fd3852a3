//! Differential tests against net-tools `netstat` 2.10 (and `ss` for JSON).
//!
//! Each test creates its own network namespace and starts the fixture process
//! (`sockscope_testkit::Fixture`) holding a known set of sockets, then runs
//! `netstat <flags>` and `sockscope <flags>` back to back inside it with
//! `LC_ALL=C` and stdout piped, and compares stdout bytes and exit status for
//! a whole table of flag sets, reporting every mismatch at once. The only
//! mask is the Timer column's numbers (`-o`), with the reason at
//! `common::mask_timers`. Row order is compared as is: both tools read the
//! same kernel tables in the same namespace, and no case needs sorting.
//!
//! The namespace is private, so only the fixture's sockets exist (UNIX
//! sockets are per namespace too: `/proc/net/unix` shows those created in the
//! reader's namespace; `sockscope-testkit`'s own tests check that a fresh
//! namespace has none). Inodes and the fixture's directory differ per run,
//! but both tools see the same ones within a run.
//!
//! Namespace unavailable: as root or with `CI` set these tests fail; a
//! developer without root sees them skip with a printed reason.

// Tests may unwrap: a failed setup step is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::{
    compare_with_netstat, compare_with_netstat_via, exact, json, run, sockscope, ss, timers, Case,
};
use sockscope_testkit::{plan, Fixture, Mismatches, Netns, Variant};
use std::ffi::OsStr;

/// Internet tables, numeric (no name lookups).
const NUMERIC: &[Case] = &[
    exact(&["-tan"]),
    exact(&["-tuan"]),
    exact(&["-tn"]),
    exact(&["-un"]),
    exact(&["-uan"]),
    exact(&["-Uan"]),
    exact(&["-Un"]),
    exact(&["-wan"]),
    exact(&["-wn"]),
    exact(&["-an"]),
    exact(&["-an4"]),
    exact(&["-an6"]),
    exact(&["-4tn"]),
    exact(&["-6tn"]),
    exact(&["-4tan"]),
    exact(&["-Wtan"]),
    exact(&["-Wan"]),
    exact(&["-ln"]),
    exact(&["-tln"]),
    exact(&["-uln"]),
    exact(&["-lnW"]),
    exact(&["-tane"]),
    exact(&["-tanee"]),
    exact(&["-tuane"]),
    exact(&["-wane"]),
    timers(&["-taneeo"]),
    timers(&["-tano"]),
    timers(&["-tuano"]),
    timers(&["-Uwano"]),
    exact(&["--tcp", "--all", "--numeric"]),
    exact(&["--udp", "--listening", "--numeric", "--wide"]),
];

/// UNIX domain sockets.
const UNIX: &[Case] = &[
    exact(&["-x"]),
    exact(&["-xa"]),
    exact(&["-xl"]),
    exact(&["-xan"]),
    exact(&["-xW"]),
    exact(&["-xae"]),
    exact(&["--unix", "--all"]),
];

/// With the PID/Program name column (the fixture is the only holder).
const PROCESSES: &[Case] = &[
    exact(&["-tulpn"]),
    exact(&["-anp"]),
    exact(&["-lnp"]),
    exact(&["-tulpn4"]),
    exact(&["-lnp6"]),
    exact(&["-tanp"]),
    exact(&["-uanp"]),
    exact(&["-Uanp"]),
    exact(&["-wanp"]),
    exact(&["-xp"]),
    exact(&["-xap"]),
    exact(&["-tanpe"]),
    timers(&["-tanpeo"]),
    exact(&["--program", "--tcp", "--listening", "--numeric"]),
];

/// Name lookups: inside the namespace /etc/hosts still maps 127.0.0.1 to
/// localhost and /etc/services names 8080 (http-alt) and 53 (domain); other
/// lookups fail fast (no route to the host's resolver).
const RESOLVING: &[Case] = &[
    exact(&[]),
    exact(&["-a"]),
    exact(&["-l"]),
    exact(&["-e"]),
    timers(&["-o"]),
    exact(&["-t"]),
    exact(&["-ta"]),
    exact(&["-tl"]),
    exact(&["-u"]),
    exact(&["-ua"]),
    exact(&["-w"]),
    exact(&["-wa"]),
    exact(&["-U"]),
    exact(&["-Ua"]),
    exact(&["-tae"]),
    exact(&["-taee"]),
    exact(&["-Wta"]),
    exact(&["-tlp"]),
    exact(&["-ta", "--numeric-hosts"]),
    exact(&["-ta", "--numeric-ports"]),
    exact(&["-tae", "--numeric-users"]),
];

/// Cases run through a symlink named `netstat`.
const VIA_SYMLINK: &[Case] = &[
    exact(&[]),
    exact(&["-tan"]),
    exact(&["-a"]),
    exact(&["-xa"]),
    exact(&["-tulpn"]),
];

/// Namespace + full fixture, then `cases` against netstat.
#[track_caller]
fn table(cases: &[Case]) {
    let Some(ns) = Netns::for_test(&[plan::LONG_V6_CIDR]) else {
        return;
    };
    let _fixture = Fixture::start(&ns, None).unwrap();
    let mut mm = Mismatches::new();
    compare_with_netstat(&ns, &sockscope(), "sockscope", cases, &mut mm);
    mm.finish();
}

#[test]
fn numeric_internet_modes_match_netstat() {
    table(NUMERIC);
}

#[test]
fn unix_modes_match_netstat() {
    table(UNIX);
}

#[test]
fn process_modes_match_netstat() {
    table(PROCESSES);
}

#[test]
fn resolving_modes_match_netstat() {
    table(RESOLVING);
}

/// Run as an unprivileged user, the fixture's (root) processes are not ours
/// to read: sockets are listed, PIDs show `-`, and netstat's one stderr line
/// says why. Stdout, stderr and status must match netstat's.
const UNPRIVILEGED: &[Case] = &[
    exact(&["-tulpn"]),
    exact(&["-anp"]),
    exact(&["-lnp"]),
    exact(&["-tan"]),
    exact(&["-xp"]),
    exact(&["-tanpe"]),
];

#[test]
fn unprivileged_user_matches_netstat() {
    let Some(ns) = Netns::for_test(&[plan::LONG_V6_CIDR]) else {
        return;
    };
    let _fixture = Fixture::start(&ns, None).unwrap();
    let mut mm = Mismatches::new();
    let nobody = [
        "setpriv",
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
    ];
    compare_with_netstat_via(
        &ns,
        &nobody,
        &sockscope(),
        "sockscope as uid 65534",
        UNPRIVILEGED,
        &mut mm,
    );
    mm.finish();
}

/// `-c` reprints the whole listing every second, nothing in between: after
/// a little over two seconds the output is at least two copies of what a
/// single run prints.
#[test]
fn continuous_mode_repeats_the_listing() {
    let Some(ns) = Netns::for_test(&[plan::LONG_V6_CIDR]) else {
        return;
    };
    let _fixture = Fixture::start(&ns, None).unwrap();
    let once = run(&ns, sockscope(), &["-tln"]);
    assert!(once.status.success() && !once.stdout.is_empty());
    let out = ns
        .command("timeout")
        .args(["-s", "INT", "2.5"])
        .arg(sockscope())
        .args(["-tln", "-c"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let block = String::from_utf8_lossy(&once.stdout);
    let copies = text.matches(block.as_ref()).count();
    assert!(
        (2..=4).contains(&copies),
        "expected 2 to 4 copies of the listing in 2.5 s, got {copies}:\n{text}"
    );
    assert_eq!(
        text.len() % block.len(),
        0,
        "partial or extra output:\n{text}"
    );
}

#[test]
fn symlink_named_netstat_matches_netstat_and_sockscope() {
    let Some(ns) = Netns::for_test(&[plan::LONG_V6_CIDR]) else {
        return;
    };
    let _fixture = Fixture::start(&ns, None).unwrap();
    let dir = std::env::temp_dir().join(format!("sockscope-symlink-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let link = dir.join("netstat");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(sockscope(), &link).unwrap();
    let mut mm = Mismatches::new();
    compare_with_netstat(
        &ns,
        &link,
        "netstat symlink to sockscope",
        VIA_SYMLINK,
        &mut mm,
    );
    for case in VIA_SYMLINK {
        mm.checked();
        let direct = run(&ns, sockscope(), case.args);
        let linked = run(&ns, &link, case.args);
        if let Some(d) =
            sockscope_testkit::unified("sockscope", &direct.stdout, "symlink", &linked.stdout)
        {
            mm.push(
                format!("sockscope vs its symlink: {}", case.args.join(" ")),
                d,
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    mm.finish();
}

#[test]
fn json_lists_every_socket_ss_sees() {
    let Some(ns) = Netns::for_test(&[plan::LONG_V6_CIDR]) else {
        return;
    };
    let _fixture = Fixture::start(&ns, None).unwrap();
    let reference = run(&ns, "ss", &["-tuaxwnH"]);
    assert!(reference.status.success(), "ss failed: {reference:?}");
    let rows = ss::parse(&String::from_utf8_lossy(&reference.stdout)).unwrap();
    assert!(
        rows.len() > 20,
        "ss sees too few fixture sockets:\n{rows:#?}"
    );
    let out = run(&ns, sockscope(), &["--json", "-an"]);
    assert!(
        out.status.success(),
        "sockscope --json -an failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let socks = json::sockets(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "sockscope --json -an: {e}\nstdout was:\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    let mut missing = Vec::new();
    for row in &rows {
        if !socks.iter().any(|s| json::matches(row, s)) {
            missing.push(row.line.clone());
        }
    }
    // ss cannot list UDP-Lite: check the fixture's from the plan.
    for d in plan::DATAGRAMS
        .iter()
        .filter(|d| d.proto == plan::Dgram::UdpLite)
    {
        let found = socks.iter().any(|s| {
            json::UDPLITE_SPELLINGS.contains(&s.proto.as_str())
                && s.local == (Some(d.addr), Some(d.port))
        });
        if !found {
            missing.push(format!(
                "udplite {}:{} (from the fixture plan)",
                d.addr, d.port
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "{} sockets missing or different in sockscope --json -an:\n  {}\nJSON sockets:\n  {}",
        missing.len(),
        missing.join("\n  "),
        socks
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

#[test]
fn hostile_process_name_is_escaped() {
    let Some(ns) = Netns::for_test(&[]) else {
        return;
    };
    let fixture =
        Fixture::start_variant(&ns, Variant::Hostile, Some(OsStr::new(plan::HOSTILE_ARGV0)))
            .unwrap();
    let out = run(&ns, sockscope(), &["-tlnp"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "sockscope -tlnp failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let row = text
        .lines()
        .find(|l| l.contains(&format!("127.0.0.1:{}", plan::HOSTILE_PORT)))
        .unwrap_or_else(|| panic!("no row for the hostile listener in:\n{text}"));
    assert!(
        row.contains(&format!("{}/", fixture.pid())),
        "no PID/name on the row: {row:?}"
    );
    for (byte, name) in [(0x1b, "ESC"), (0x07, "BEL")] {
        assert!(
            !out.stdout.contains(&byte),
            "{name} (0x{byte:02x}) in piped output: {text:?}"
        );
    }
}
