//! The fixture itself, checked with the reference tools: its listeners exist
//! in its namespace, its queues are stable (so two tools run back to back see
//! the same numbers), a fresh namespace has no UNIX sockets (so `-x` outputs
//! hold only the fixture's), and everything is gone after drop.
//!
//! Being an integration test of this crate, it also makes `cargo test
//! --workspace` build the `sockscope-fixture` binary before any test runs.

// Tests may unwrap: a failed setup step is a failed test.
#![allow(clippy::unwrap_used)]

use sockscope_testkit::{plan, Fixture, Netns, Variant};
use std::ffi::OsStr;
use std::path::Path;
use std::thread;
use std::time::Duration;

fn stdout(ns: &Netns, program: &str, args: &[&str]) -> String {
    let out = ns.exec(program, args).unwrap();
    assert!(out.status.success(), "{program} {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn listeners_exist_and_queues_are_stable() {
    let Some(ns) = Netns::for_test(&[plan::LONG_V6_CIDR]) else {
        return;
    };
    let fx = Fixture::start(&ns, None).unwrap();
    let ss = stdout(&ns, "ss", &["-tanH"]);
    for port in plan::tcp_listen_ports() {
        let listening = ss.lines().any(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            f.first() == Some(&"LISTEN")
                && f.get(3).is_some_and(|a| a.ends_with(&format!(":{port}")))
        });
        assert!(listening, "no listener on port {port} in:\n{ss}");
    }
    let long = format!("[{}]:{}", plan::LONG_V6, plan::LISTENERS[4].port);
    assert!(ss.contains(&long), "{long} missing in:\n{ss}");
    // Recv-Q and Send-Q are non-zero where the plan leaves data unread.
    let est: Vec<Vec<&str>> = ss
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|f| f[0] == "ESTAB")
        .collect();
    assert!(est.iter().any(|f| f[1] != "0"), "no Recv-Q: {ss}");
    assert!(est.iter().any(|f| f[2] != "0"), "no Send-Q: {ss}");
    // Back-to-back runs (as the differential tests do) see the same rows.
    thread::sleep(Duration::from_millis(300));
    assert_eq!(ss, stdout(&ns, "ss", &["-tanH"]), "TCP queues moved");
    let all = stdout(&ns, "netstat", &["-an"]);
    thread::sleep(Duration::from_millis(300));
    assert_eq!(all, stdout(&ns, "netstat", &["-an"]), "netstat -an moved");
    // The UNIX rows are the fixture's own (netstat shows their inodes).
    for name in ["unix-abstract-listen", "unix-pair-a", "unix-dgram-bound"] {
        let ino = fx
            .inode(name)
            .unwrap_or_else(|| panic!("{name}: {}", fx.ready_line()));
        assert!(
            all.contains(&format!(" {ino} ")),
            "{name} inode {ino} missing in:\n{all}"
        );
    }
    for kind in [
        "udpl ",
        "raw ",
        "raw6 ",
        "udp6 ",
        "@sockscope-fixture.abstract",
    ] {
        assert!(all.contains(kind), "{kind:?} missing in:\n{all}");
    }
    let sock = fx.dir().join(plan::UNIX_STREAM_FILE);
    assert!(
        all.contains(sock.to_str().unwrap()),
        "{} missing in:\n{all}",
        sock.display()
    );
}

#[test]
fn fresh_namespace_has_no_unix_sockets() {
    let Some(ns) = Netns::for_test(&[]) else {
        return;
    };
    let x = stdout(&ns, "netstat", &["-xa"]);
    assert_eq!(x.lines().count(), 2, "expected headers only:\n{x}");
    assert_eq!(stdout(&ns, "ss", &["-xaH"]), "");
}

#[test]
fn hostile_variant_runs_under_its_argv0() {
    let Some(ns) = Netns::for_test(&[]) else {
        return;
    };
    let fx = Fixture::start_variant(&ns, Variant::Hostile, Some(OsStr::new(plan::HOSTILE_ARGV0)))
        .unwrap();
    let cmdline = std::fs::read(format!("/proc/{}/cmdline", fx.pid())).unwrap();
    assert!(
        cmdline.starts_with(plan::HOSTILE_ARGV0.as_bytes()),
        "{cmdline:?}"
    );
    let ss = stdout(&ns, "ss", &["-tlnH"]);
    assert!(
        ss.contains(&format!("127.0.0.1:{}", plan::HOSTILE_PORT)),
        "{ss}"
    );
}

#[test]
fn drop_stops_the_fixture_and_deletes_the_namespace() {
    let Some(ns) = Netns::for_test(&[]) else {
        return;
    };
    let name = ns.name().to_owned();
    let fx = Fixture::start(&ns, None).unwrap();
    let (pid, dir) = (fx.pid(), fx.dir().to_owned());
    assert_eq!(ns.pids(), vec![pid as i32]);
    drop(fx);
    assert!(
        !Path::new(&format!("/proc/{pid}")).exists(),
        "fixture {pid} still exists"
    );
    assert!(!dir.exists(), "{} left behind", dir.display());
    assert!(ns.pids().is_empty());
    drop(ns);
    assert!(
        !Path::new("/run/netns").join(&name).exists(),
        "{name} left behind"
    );
}

#[test]
fn namespace_and_fixture_are_cleaned_on_panic() {
    let Some(probe) = Netns::for_test(&[]) else {
        return;
    };
    drop(probe);
    let (tx, rx) = std::sync::mpsc::channel();
    let result = thread::spawn(move || {
        let ns = Netns::create().unwrap();
        let fx = Fixture::start(&ns, None).unwrap();
        tx.send((ns.name().to_owned(), fx.pid())).unwrap();
        panic!("deliberate panic with a live fixture");
    })
    .join();
    assert!(result.is_err());
    let (name, pid) = rx.recv().unwrap();
    assert!(
        !Path::new(&format!("/proc/{pid}")).exists(),
        "fixture {pid} survived the panic"
    );
    assert!(
        !Path::new("/run/netns").join(&name).exists(),
        "{name} survived the panic"
    );
}
