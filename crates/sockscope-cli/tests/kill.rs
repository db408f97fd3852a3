//! `sockscope kill` against the real kernel, in a namespace of its own per
//! test. The test process opens (from a thread inside the namespace) two
//! established loopback pairs with their listeners, A on port 18010 and B
//! on 18020, then runs the binary inside the namespace and checks:
//! - `kill sport = :18010` kills A's server end (its owner reads
//!   ECONNABORTED, the client a reset or EOF), leaves A's listener (not a
//!   connected state) and pair B working, and `ss` no longer lists A;
//! - a filter matching both ends of A kills one and finds the other
//!   already gone (the reset closed it): exit 0;
//! - `--dry-run` lists without killing; `--json` reports each outcome;
//! - no filter, an empty filter file, options after the expression and a
//!   malformed filter exit 2; a filter matching nothing exits 0 silently
//!   on stdout;
//! - as uid 65534 the kill fails with the permission message, exit 1, and
//!   nothing is killed;
//! - `state listening` reaches a listener; `-u` disconnects a UDP socket.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::process::Output;
use std::time::Duration;

use serde_json::Value;
use sockscope_testkit::Netns;

// Linux errno values (the CLI crate does not depend on libc).
const EPERM: i32 = 1;
const EINVAL: i32 = 22;
const ECONNABORTED: i32 = 103;

const PORT_A: u16 = 18010;
const PORT_B: u16 = 18020;

/// A listener and one established connection to it.
struct Pair {
    listener: TcpListener,
    client: TcpStream,
    server: TcpStream,
}

impl Pair {
    fn open(port: u16) -> Pair {
        let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
        let client = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let (server, _) = listener.accept().unwrap();
        for s in [&client, &server] {
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        }
        Pair {
            listener,
            client,
            server,
        }
    }

    /// Data still flows both ways.
    fn assert_alive(&mut self, what: &str) {
        let mut buf = [0u8; 4];
        self.client.write_all(b"ping").unwrap();
        self.server.read_exact(&mut buf).unwrap();
        assert_eq!(&buf, b"ping", "{what}");
        self.server.write_all(b"pong").unwrap();
        self.client.read_exact(&mut buf).unwrap();
        assert_eq!(&buf, b"pong", "{what}");
    }

    /// The server end was destroyed (ECONNABORTED) and the client reset.
    fn assert_killed(&mut self) {
        let mut buf = [0u8; 4];
        let e = self.server.read(&mut buf).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(ECONNABORTED), "server: {e}");
        match self.client.read(&mut buf) {
            Ok(0) => {}
            Err(e) => assert_eq!(e.kind(), ErrorKind::ConnectionReset, "client: {e}"),
            Ok(n) => panic!("client read {n} bytes after the kill"),
        }
    }
}

/// A namespace with pairs A and B opened inside it.
struct Lab {
    a: Pair,
    b: Pair,
    // Dropped last: the sockets above close first.
    ns: Netns,
}

impl Lab {
    fn new() -> Option<Lab> {
        let ns = Netns::for_test(&[])?;
        let (a, b) = ns
            .run_in(|| (Pair::open(PORT_A), Pair::open(PORT_B)))
            .unwrap();
        Some(Lab { a, b, ns })
    }

    fn sockscope(&self, args: &[&str]) -> Output {
        common::run(&self.ns, common::sockscope(), args)
    }

    /// Run sockscope as uid/gid 65534 with no groups (no capabilities).
    fn sockscope_as_nobody(&self, args: &[&str]) -> Output {
        let bin = common::sockscope();
        let mut all = vec![
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            bin.to_str().unwrap(),
        ];
        all.extend_from_slice(args);
        common::run(&self.ns, "setpriv", &all)
    }

    /// `ss -tanH` lines mentioning `127.0.0.1:port`.
    fn ss_lines(&self, port: u16) -> Vec<String> {
        let out = common::run(&self.ns, "ss", &["-tanH"]);
        assert!(out.status.success(), "ss failed");
        let needle = format!("127.0.0.1:{port} ");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| format!("{l} ").contains(&needle))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Data rows of the table (header dropped).
fn rows(out: &Output) -> Vec<String> {
    text(&out.stdout)
        .lines()
        .skip(1)
        .map(str::to_owned)
        .collect()
}

#[test]
fn kill_one_pair_keeps_the_other() {
    let Some(mut lab) = Lab::new() else { return };
    assert_eq!(lab.ss_lines(PORT_A).len(), 3, "{:?}", lab.ss_lines(PORT_A));
    let out = lab.sockscope(&["kill", "sport", "=", ":18010"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let r = rows(&out);
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(
        r[0].starts_with("tcp") && r[0].contains("ESTABLISHED") && r[0].contains(":18010 "),
        "{r:?}"
    );
    assert_eq!(text(&out.stderr), "sockscope: killed 1 socket\n");
    lab.a.assert_killed();
    lab.b.assert_alive("pair B after killing A");
    // Only A's listener is left (not a connected state: not selected).
    let left = lab.ss_lines(PORT_A);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].starts_with("LISTEN"), "{left:?}");
    assert_eq!(lab.ss_lines(PORT_B).len(), 3);
    // The listener still takes connections.
    let again = lab
        .ns
        .run_in(|| TcpStream::connect(("127.0.0.1", PORT_A)))
        .unwrap();
    assert!(again.is_ok());
    assert!(lab.a.listener.accept().is_ok());
}

#[test]
fn both_ends_matched_one_killed_one_gone() {
    let Some(mut lab) = Lab::new() else { return };
    let out = lab.sockscope(&[
        "kill", "(", "sport", "=", ":18010", "or", "dport", "=", ":18010", ")",
    ]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let err = text(&out.stderr);
    // Killing the first end resets the second before its turn.
    assert!(
        err == "sockscope: killed 1 socket, 1 already gone\n"
            || err == "sockscope: killed 2 sockets\n",
        "{err}"
    );
    lab.b.assert_alive("pair B");
    let left = lab.ss_lines(PORT_A);
    assert!(left.len() == 1 && left[0].starts_with("LISTEN"), "{left:?}");
}

#[test]
fn dry_run_lists_without_killing() {
    let Some(mut lab) = Lab::new() else { return };
    let out = lab.sockscope(&["kill", "--dry-run", "dport", "=", ":18010"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let r = rows(&out);
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].contains("127.0.0.1:18010"), "{r:?}");
    assert_eq!(
        text(&out.stderr),
        "sockscope: dry run: would kill 1 socket\n"
    );
    lab.a.assert_alive("pair A after a dry run");
    assert_eq!(lab.ss_lines(PORT_A).len(), 3);
    // A dry run needs no privilege.
    let out = lab.sockscope_as_nobody(&["kill", "--dry-run", "--port", "18010"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(rows(&out).len(), 2);
    lab.a.assert_alive("pair A after an unprivileged dry run");
}

#[test]
fn json_reports_each_outcome() {
    let Some(mut lab) = Lab::new() else { return };
    let out = lab.sockscope(&["kill", "--json", "--dry-run", "--sport", "18010"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "sockscope.kill/1");
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["sockets"][0]["outcome"], "would_kill");
    let out = lab.sockscope(&["kill", "--json", "--sport", "18010"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["dry_run"], false);
    let s = v["sockets"].as_array().unwrap();
    assert_eq!(s.len(), 1, "{v}");
    assert_eq!(s[0]["outcome"], "killed");
    assert_eq!(s[0]["local"]["port"], PORT_A);
    assert_eq!(s[0]["state"], "ESTABLISHED");
    assert!(s[0]["cookie"].as_u64().unwrap() > 0);
    lab.a.assert_killed();
    lab.b.assert_alive("pair B");
}

#[test]
fn refusals_exit_2_and_kill_nothing() {
    let Some(mut lab) = Lab::new() else { return };
    let cases: &[&[&str]] = &[
        &["kill"],
        &["kill", "-4", "--dry-run"],
        &["kill", "--filter", "/dev/null"],
        &["kill", "sport", "=", ":18010", "--dry-run"],
        &["kill", "sport", "=", ":bogus"],
        &["kill", "--bogus-flag", "sport", "=", ":18010"],
    ];
    for args in cases {
        let out = lab.sockscope(args);
        assert_eq!(code(&out), 2, "{args:?}: {}", text(&out.stderr));
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let out = lab.sockscope(&["kill"]);
    assert!(
        text(&out.stderr).starts_with("sockscope: kill needs a filter"),
        "{}",
        text(&out.stderr)
    );
    let out = lab.sockscope(&["kill", "sport", "=", ":18010", "--dry-run"]);
    assert_eq!(
        text(&out.stderr),
        "sockscope: kill: options go before the filter expression (found `--dry-run` in it)\n"
    );
    let out = lab.sockscope(&["kill", "sport", "=", ":bogus"]);
    assert!(
        text(&out.stderr).contains("filter error at 8"),
        "{}",
        text(&out.stderr)
    );
    // Matching nothing is no error, and says so on stderr only.
    let out = lab.sockscope(&["kill", "sport", "=", ":18999"]);
    assert_eq!(code(&out), 0);
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        "sockscope: no socket matched; nothing killed\n"
    );
    lab.a.assert_alive("pair A");
    lab.b.assert_alive("pair B");
}

#[test]
fn unprivileged_kill_is_refused_and_kills_nothing() {
    let Some(mut lab) = Lab::new() else { return };
    let out = lab.sockscope_as_nobody(&["kill", "--port", "18010"]);
    assert_eq!(code(&out), 1, "{}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    assert_eq!(
        text(&out.stderr),
        "sockscope: cannot destroy sockets: permission denied (needs CAP_NET_ADMIN)\n\
         sockscope: killed 0 sockets, 1 failed, 1 not tried\n"
    );
    lab.a.assert_alive("pair A after a refused kill");
    assert_eq!(lab.ss_lines(PORT_A).len(), 3);
    let out = lab.sockscope_as_nobody(&["kill", "--json", "--port", "18010"]);
    assert_eq!(code(&out), 1);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let outcomes: Vec<&str> = v["sockets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["failed", "not_tried"]);
    assert_eq!(v["sockets"][0]["errno"], EPERM);
}

#[test]
fn listeners_only_with_a_state_and_udp_with_u() {
    let Some(mut lab) = Lab::new() else { return };
    // B's listener: not reached by default, reached by `state listening`.
    let out = lab.sockscope(&["kill", "--dry-run", "src", ":18020"]);
    assert_eq!(rows(&out).len(), 1, "{}", text(&out.stdout));
    let out = lab.sockscope(&["kill", "state", "listening", "src", ":18020"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let r = rows(&out);
    assert!(r.len() == 1 && r[0].contains("LISTEN"), "{r:?}");
    lab.b.listener.set_nonblocking(true).unwrap();
    let e = lab.b.listener.accept().unwrap_err();
    assert_eq!(e.raw_os_error(), Some(EINVAL), "{e}");
    lab.b.assert_alive("established B outlives its listener");

    let (u, peer) = lab
        .ns
        .run_in(|| {
            let u = UdpSocket::bind("127.0.0.1:18030").unwrap();
            let peer = UdpSocket::bind("127.0.0.1:18031").unwrap();
            u.connect("127.0.0.1:18031").unwrap();
            (u, peer)
        })
        .unwrap();
    // Without -u only TCP is looked at.
    let out = lab.sockscope(&["kill", "sport", "=", ":18030"]);
    assert_eq!(
        text(&out.stderr),
        "sockscope: no socket matched; nothing killed\n"
    );
    let out = lab.sockscope(&["kill", "-u", "sport", "=", ":18030"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let r = rows(&out);
    assert!(r.len() == 1 && r[0].starts_with("udp"), "{r:?}");
    u.set_nonblocking(true).unwrap();
    let e = u.recv(&mut [0u8; 4]).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(ECONNABORTED), "{e}");
    // Disconnected, not closed: bound to its port still (as with ss -K).
    let out = common::run(&lab.ns, "ss", &["-uanH"]);
    let udp = text(&out.stdout);
    assert!(
        udp.contains("127.0.0.1:18030") && udp.contains("UNCONN"),
        "{udp}"
    );
    drop(peer);
    lab.a.assert_alive("pair A");
}
