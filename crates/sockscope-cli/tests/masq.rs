//! `-M` (NAT'd connections from conntrack) on a real kernel: two network
//! namespaces joined by a veth pair, an nftables `snat` rule in the first
//! (source 10.252.1.1 becomes 10.252.1.9, ports 40000-40010), a TCP
//! listener in the second and a connection to it from the first, so
//! conntrack holds one SNAT'd entry. Then `-M`, `-Mn`, `-Me`, `-M --json`,
//! `--ndjson`, `-6`, the /proc fallback (through the library), an empty
//! table and a non-root run.
//!
//! Needs `nft` (Debian package `nftables`). As root or with `CI` set a
//! missing namespace or `nft` fails the test; otherwise it skips.

#![allow(clippy::unwrap_used)]

mod common;

use common::{run, sockscope};
use sockscope::conntrack::{conntrack, ConntrackRead};
use sockscope::model::ConntrackEntry;
use sockscope_testkit::{must_not_skip, Netns};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Output};

/// Run a setup command, failing the test with its stderr.
fn step(program: &str, args: &[&str]) {
    let out = Command::new(program).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{program} {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn have_nft() -> bool {
    let ok = Command::new("nft")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            !must_not_skip(),
            "nft not found: install the Debian package `nftables` (as root or in CI this fails)"
        );
        eprintln!("SKIPPED: nft not found (Debian package `nftables`)");
    }
    ok
}

/// The NAT box (`inner`, where the rule and the client live) and the server.
struct Setup {
    inner: Netns,
    _outer: Netns,
    _conns: (TcpListener, TcpStream),
    sport: u16,
}

fn setup() -> Option<Setup> {
    if !have_nft() {
        return None;
    }
    let inner = Netns::for_test(&[])?;
    let outer = Netns::for_test(&[])?;
    let (a, b) = (inner.name(), outer.name());
    step(
        "ip",
        &[
            "-n", a, "link", "add", "vin", "type", "veth", "peer", "name", "vout", "netns", b,
        ],
    );
    step(
        "ip",
        &["-n", a, "addr", "add", "10.252.1.1/24", "dev", "vin"],
    );
    step(
        "ip",
        &["-n", a, "addr", "add", "10.252.1.9/24", "dev", "vin"],
    );
    step(
        "ip",
        &["-n", b, "addr", "add", "10.252.1.2/24", "dev", "vout"],
    );
    step("ip", &["-n", a, "link", "set", "vin", "up"]);
    step("ip", &["-n", b, "link", "set", "vout", "up"]);
    let nft = |rule: &str| step("ip", &["netns", "exec", a, "nft", rule]);
    nft("add table ip nat");
    nft("add chain ip nat post { type nat hook postrouting priority 100; }");
    nft("add rule ip nat post oifname \"vin\" meta l4proto tcp snat to 10.252.1.9:40000-40010");
    let listener = outer
        .run_in(|| TcpListener::bind("10.252.1.2:8080").unwrap())
        .unwrap();
    let client = inner
        .run_in(|| TcpStream::connect("10.252.1.2:8080").unwrap())
        .unwrap();
    let sport = client.local_addr().unwrap().port();
    Some(Setup {
        inner,
        _outer: outer,
        _conns: (listener, client),
        sport,
    })
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The row's text after the expire column (which counts down).
fn after_expire(line: &str) -> &str {
    let dot = line.find('.').unwrap();
    &line[dot + 4..]
}

#[test]
fn snat_connection_is_listed() {
    let Some(s) = setup() else {
        return;
    };
    let ns = &s.inner;
    let text = stdout(&run(ns, sockscope(), &["-Mn"]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[0], "IP masquerading entries");
    assert_eq!(
        lines[1],
        "prot   expire source               destination          ports"
    );
    assert!(lines[2].starts_with("tcp "), "{text}");
    let rest = after_expire(lines[2]);
    let head = format!(
        "10.252.1.1           10.252.1.2           {} -> 8080 (400",
        s.sport
    );
    assert!(rest.starts_with(&head), "{rest:?} vs {head:?}");

    // -e: netstat's long form, no sequence adjustment on a plain connection.
    let long = stdout(&run(ns, sockscope(), &["-Men"]));
    let long: Vec<&str> = long.lines().collect();
    assert_eq!(
        long[1],
        "prot   expire    initseq delta prevd source               destination          ports"
    );
    assert!(
        after_expire(long[2]).starts_with("         0     0     0 10.252.1.1 "),
        "{long:?}"
    );

    // Names: same row shape (host names depend on the machine's resolver).
    let named = stdout(&run(ns, sockscope(), &["-M"]));
    let named: Vec<&str> = named.lines().collect();
    assert_eq!(named.len(), 3);
    assert!(
        named[2].starts_with("tcp ") && named[2].contains(" -> ") && named[2].contains(" (400")
    );

    // -6: the IPv4 entry is not listed; stdout empty, a note, status 0.
    let v6 = run(ns, sockscope(), &["-M", "-6"]);
    assert_eq!(v6.status.code(), Some(0));
    assert!(v6.stdout.is_empty());
    assert!(String::from_utf8_lossy(&v6.stderr).contains("no NAT'd connections"));
}

#[test]
fn json_has_both_tuples_and_the_proc_fallback_agrees() {
    let Some(s) = setup() else {
        return;
    };
    let ns = &s.inner;
    let text = stdout(&run(ns, sockscope(), &["-M", "--json"]));
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["schema"], "sockscope.masquerade/1");
    assert_eq!(doc["source"], "netlink");
    let conns = doc["connections"].as_array().unwrap();
    assert_eq!(conns.len(), 1, "{text}");
    let c = &conns[0];
    assert_eq!(c["protocol"], 6);
    assert_eq!(c["family"], "inet");
    assert_eq!(c["original"]["src"], "10.252.1.1");
    assert_eq!(c["original"]["sport"], s.sport);
    assert_eq!(c["original"]["dst"], "10.252.1.2");
    assert_eq!(c["original"]["dport"], 8080);
    assert_eq!(c["reply"]["src"], "10.252.1.2");
    assert_eq!(c["reply"]["dst"], "10.252.1.9");
    let mport = c["reply"]["dport"].as_u64().unwrap();
    assert!((40000..=40010).contains(&mport), "{mport}");
    assert_eq!(c["nat"], serde_json::json!(["snat"]));
    assert_eq!(c["state"], "ESTABLISHED");
    assert!(c["status"].as_array().unwrap().contains(&"SRC_NAT".into()));

    let nd = stdout(&run(ns, sockscope(), &["-M", "--ndjson"]));
    let first: serde_json::Value = serde_json::from_str(nd.lines().next().unwrap()).unwrap();
    assert_eq!(first["schema"], "sockscope.masquerade.connection/1");

    // The two sources see the same NAT'd connection.
    let nat = |how| -> Vec<ConntrackEntry> {
        ns.run_in(move || conntrack(how).unwrap())
            .unwrap()
            .nat_entries()
            .cloned()
            .collect()
    };
    let (netlink, proc) = (nat(ConntrackRead::Netlink), nat(ConntrackRead::Proc));
    assert_eq!(netlink.len(), 1);
    assert_eq!(proc.len(), 1);
    assert_eq!(netlink[0].original, proc[0].original);
    assert_eq!(netlink[0].reply, proc[0].reply);
    assert_eq!(netlink[0].state, proc[0].state);
}

#[test]
fn empty_table_and_non_root() {
    let Some(ns) = Netns::for_test(&[]) else {
        return;
    };
    let out = run(&ns, sockscope(), &["-M"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "sockscope: no NAT'd connections (no connections are tracked)\n"
    );
    let json = stdout(&run(&ns, sockscope(), &["-M", "--json"]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["connections"], serde_json::json!([]));

    // Without CAP_NET_ADMIN neither source can be read: exit 1, a hint.
    let bin = sockscope();
    let args = [
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        bin.to_str().unwrap(),
        "-M",
    ];
    let out = run(&ns, "setpriv", &args);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("sockscope: cannot list NAT'd connections"),
        "{err}"
    );
    assert!(err.contains("CAP_NET_ADMIN"), "{err}");
}
