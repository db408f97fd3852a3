//! The modern subcommands against the real kernel, in a namespace holding
//! the fixture's known socket set:
//! - `sockscope summary --json` counts equal what `ss` counts in the same
//!   namespace (TCP and UDP per state and family, raw); UDP-Lite equals the
//!   lines of /proc/net/udplite{,6} (ss has no UDP-Lite) and UNIX per type
//!   those of /proc/net/unix (which, like netstat, also lists a listener's
//!   pending connections: ss's count plus its listeners' Recv-Q);
//! - `sockscope conns -t --info --json` carries a plausible `tcp_info` for
//!   every established socket (the fixture's client wrote known bytes);
//! - the table and CSV list the same sockets, never coloured when piped
//!   unless forced, coloured on a terminal unless NO_COLOR, and the
//!   generators work from the binary.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::process::Output;

use common::ss::{self, End};
use serde_json::Value;
use sockscope_testkit::{plan, Fixture, Netns};

fn sockscope(ns: &Netns, args: &[&str]) -> Output {
    let out = common::run(ns, common::sockscope(), args);
    assert!(
        out.status.success(),
        "sockscope {args:?}: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn ss_rows(ns: &Netns, args: &[&str]) -> Vec<ss::Row> {
    let out = common::run(ns, "ss", args);
    assert!(out.status.success(), "ss {args:?} failed");
    ss::parse(&String::from_utf8_lossy(&out.stdout)).unwrap()
}

/// ss's state spelling → the kernel name sockscope uses.
fn kernel_state(ss_state: &str) -> String {
    match ss_state {
        "ESTAB" => "ESTABLISHED".into(),
        "UNCONN" => "CLOSE".into(),
        other => other.replace("WAIT-", "WAIT").replace('-', "_"),
    }
}

fn ss_counts(rows: &[ss::Row]) -> BTreeMap<String, u64> {
    let mut m = BTreeMap::new();
    for r in rows {
        *m.entry(kernel_state(&r.state)).or_insert(0) += 1;
    }
    m
}

fn json_counts(v: &Value) -> BTreeMap<String, u64> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, n)| (k.clone(), n.as_u64().unwrap()))
        .collect()
}

fn proto<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["protocols"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["proto"] == name)
        .unwrap_or_else(|| panic!("no {name} in {doc}"))
}

/// Data lines of /proc/net/<file> inside the namespace.
fn proc_lines(ns: &Netns, file: &str) -> u64 {
    let out = common::run(ns, "cat", &[&format!("/proc/net/{file}")]);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count() as u64
}

/// One comparison of summary and ss; `Err` describes the differences.
fn summary_matches_ss(ns: &Netns) -> Result<(), String> {
    let doc: Value = serde_json::from_slice(&sockscope(ns, &["summary", "--json"]).stdout).unwrap();
    assert_eq!(doc["schema"], "sockscope.summary/1");
    let mut diffs = Vec::new();
    let mut check = |what: &str, ours: BTreeMap<String, u64>, theirs: BTreeMap<String, u64>| {
        if ours != theirs {
            diffs.push(format!("{what}: sockscope {ours:?}, reference {theirs:?}"));
        }
    };
    // Several kinds at once, so ss prints its Netid column.
    let all = ss_rows(ns, &["-tuwx", "-a", "-n", "-H"]);
    let v4 = ss_rows(ns, &["-tuw", "-4", "-a", "-n", "-H"]);
    let v6 = ss_rows(ns, &["-tuw", "-6", "-a", "-n", "-H"]);
    for name in ["tcp", "udp", "raw"] {
        let p = proto(&doc, name);
        let of = |rows: &[ss::Row]| -> Vec<ss::Row> {
            rows.iter().filter(|r| r.netid == name).cloned().collect()
        };
        check(name, json_counts(&p["states"]), ss_counts(&of(&all)));
        for (fam, rows) in [("inet", &v4), ("inet6", &v6)] {
            let n = of(rows).len() as u64;
            check(
                &format!("{name} {fam}"),
                [("n".into(), p[fam].as_u64().unwrap())].into(),
                [("n".into(), n)].into(),
            );
        }
    }
    let lite = proto(&doc, "udplite");
    let want = proc_lines(ns, "udplite") + proc_lines(ns, "udplite6");
    check(
        "udplite",
        [("n".into(), lite["total"].as_u64().unwrap())].into(),
        [("n".into(), want)].into(),
    );
    // UNIX against /proc/net/unix, not ss: a listener's not-yet-accepted
    // connections are sockets of their own there (and in netstat and
    // sockscope), while ss lists only sockets in the kernel's hash table.
    let mut unix_types = BTreeMap::new();
    let proc_unix = common::run(ns, "cat", &["/proc/net/unix"]);
    for line in String::from_utf8_lossy(&proc_unix.stdout).lines().skip(1) {
        let t = match line.split_whitespace().nth(4) {
            Some("0001") => "STREAM",
            Some("0002") => "DGRAM",
            Some("0005") => "SEQPACKET",
            other => panic!("unexpected type {other:?} in {line:?}"),
        };
        *unix_types.entry(t.to_string()).or_insert(0) += 1;
    }
    let ss_unix = all.iter().filter(|r| r.is_unix()).count() as u64;
    let pending = all
        .iter()
        .filter(|r| r.is_unix() && r.state == "LISTEN")
        .map(|r| {
            r.line
                .split_whitespace()
                .nth(2)
                .and_then(|q| q.parse::<u64>().ok())
                .unwrap_or(0)
        })
        .sum::<u64>();
    let proc_total: u64 = unix_types.values().sum();
    check(
        "unix: /proc = ss + pending connections",
        [("n".into(), proc_total)].into(),
        [("n".into(), ss_unix + pending)].into(),
    );
    let ours: BTreeMap<String, u64> = doc["unix"]["types"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v["total"].as_u64().unwrap()))
        .collect();
    check("unix types", ours, unix_types);
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(diffs.join("\n"))
    }
}

#[test]
fn summary_counts_equal_ss_in_a_namespace() {
    let Some(ns) = Netns::for_test(&[plan::LONG_V6_CIDR]) else {
        return;
    };
    let _fixture = Fixture::start(&ns, None).unwrap();
    // The fixture's set is static; one retry absorbs a socket the kernel
    // was still setting up (e.g. the pending connection's handshake).
    if let Err(first) = summary_matches_ss(&ns) {
        std::thread::sleep(std::time::Duration::from_millis(300));
        if let Err(second) = summary_matches_ss(&ns) {
            panic!("summary differs from ss:\n{second}\n(first try:\n{first})");
        }
    }
    // The table form lists every kind too.
    let table = String::from_utf8(sockscope(&ns, &["summary"]).stdout).unwrap();
    for word in [
        "Proto",
        "tcp",
        "udp",
        "udplite",
        "raw",
        "unix-stream",
        "unix-dgram",
        "unix-seqpacket",
        "LISTEN",
    ] {
        assert!(table.contains(word), "{word} missing:\n{table}");
    }
}

#[test]
fn conns_info_json_carries_tcp_info_for_established_sockets() {
    let Some(ns) = Netns::for_test(&[plan::LONG_V6_CIDR]) else {
        return;
    };
    let _fixture = Fixture::start(&ns, None).unwrap();
    let doc: Value =
        serde_json::from_slice(&sockscope(&ns, &["conns", "-t", "--info", "--json"]).stdout)
            .unwrap();
    let socks = doc["sockets"].as_array().unwrap();
    let established: Vec<&Value> = socks
        .iter()
        .filter(|s| s["state"] == "ESTABLISHED")
        .collect();
    // Two pairs (both ends) and the pending connection's client and child.
    assert!(established.len() >= 6, "{doc}");
    for s in &established {
        let t = &s["tcp_info"];
        assert!(t["rtt_us"].as_u64().unwrap() > 0, "{s}");
        assert!(t["snd_cwnd"].as_u64().unwrap() > 0, "{s}");
        assert!(!s["congestion"].as_str().unwrap().is_empty(), "{s}");
        assert!(s["skmem"]["rcvbuf"].as_u64().unwrap() > 0, "{s}");
        assert!(s.get("cgroup_id").is_some(), "{s}");
    }
    let pair = &plan::PAIRS[0];
    let by_ports = |l: u16, r: u16| {
        socks
            .iter()
            .find(|s| s["local"]["port"] == l && s["remote"]["port"] == r)
            .unwrap_or_else(|| panic!("no {l}->{r} in {doc}"))
    };
    let client = by_ports(pair.client_port, pair.server_port);
    let server = by_ports(pair.server_port, pair.client_port);
    let n = pair.client_writes as u64;
    // The server never reads, but the kernel acknowledges queued data.
    assert!(
        client["tcp_info"]["bytes_acked"].as_u64().unwrap() >= n,
        "{client}"
    );
    assert!(
        client["tcp_info"]["bytes_sent"].as_u64().unwrap() >= n,
        "{client}"
    );
    assert!(
        server["tcp_info"]["bytes_received"].as_u64().unwrap() >= n,
        "{server}"
    );
    assert_eq!(server["recv_q"].as_u64().unwrap(), n);
}

#[test]
fn table_and_csv_list_the_same_sockets_and_colour_only_when_forced() {
    let Some(ns) = Netns::for_test(&[plan::LONG_V6_CIDR]) else {
        return;
    };
    let _fixture = Fixture::start(&ns, None).unwrap();
    let table = String::from_utf8(
        sockscope(&ns, &["conns", "-t", "-l", "--info", "--sort", "local"]).stdout,
    )
    .unwrap();
    assert!(!table.contains('\x1b'), "piped output is never coloured");
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("Proto") && lines[0].contains("RTT(ms)") && lines[0].contains("Cong")
    );
    // Listeners of the plan, each once; IPv6 in brackets, never cut.
    for l in plan::LISTENERS {
        let addr = match l.addr {
            std::net::IpAddr::V4(a) => format!("{a}:{}", l.port),
            std::net::IpAddr::V6(a) => format!("[{a}]:{}", l.port),
        };
        assert_eq!(
            lines.iter().filter(|x| x.contains(&addr)).count(),
            1,
            "{addr} in\n{table}"
        );
    }
    // Sorted by address: every IPv4 row before every IPv6 row.
    let first_v6 = lines.iter().position(|l| l.contains('[')).unwrap();
    assert!(lines[first_v6..].iter().all(|l| l.contains('[')), "{table}");
    let coloured = sockscope(&ns, &["conns", "-t", "-l", "--color", "always"]).stdout;
    assert!(String::from_utf8(coloured)
        .unwrap()
        .contains("\x1b[36mLISTEN\x1b[0m"));
    let csv = String::from_utf8(
        sockscope(
            &ns,
            &[
                "conns",
                "-t",
                "-l",
                "--csv",
                "--columns",
                "proto,local,cong",
            ],
        )
        .stdout,
    )
    .unwrap();
    let mut csv_lines = csv.lines();
    assert_eq!(csv_lines.next(), Some("proto,local,congestion"));
    assert_eq!(csv_lines.count(), lines.len() - 1, "{csv}");
    // Bad columns: status 2 and the word named.
    let bad = common::run(&ns, common::sockscope(), &["conns", "--columns", "nope"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("\"nope\""));
}

#[test]
fn generators_from_the_binary() {
    let out = std::process::Command::new(common::sockscope())
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("conns") && s.contains("summary"));
    let dir = std::env::temp_dir().join(format!("sockscope-man-it-{}", std::process::id()));
    let out = std::process::Command::new(common::sockscope())
        .arg("generate-man")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(dir.join("sockscope.1")).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(page.contains("conns") && page.contains("summary"));
}

#[test]
fn ss_state_names_map_to_kernel_names() {
    assert_eq!(kernel_state("ESTAB"), "ESTABLISHED");
    assert_eq!(kernel_state("FIN-WAIT-1"), "FIN_WAIT1");
    assert_eq!(kernel_state("TIME-WAIT"), "TIME_WAIT");
    assert_eq!(kernel_state("SYN-RECV"), "SYN_RECV");
    assert_eq!(kernel_state("UNCONN"), "CLOSE");
    let _ = End::Unix {
        name: None,
        inode: 0,
    };
}

/// Run `sockscope args` on a pseudo-terminal (util-linux `script`), with
/// `NO_COLOR` set to `no_color` when given.
fn on_a_terminal(args: &str, no_color: Option<&str>) -> String {
    let cmd = format!("{} {args}", common::sockscope().display());
    let mut c = std::process::Command::new("script");
    c.args(["-qec", &cmd, "/dev/null"]).env_remove("NO_COLOR");
    if let Some(v) = no_color {
        c.env("NO_COLOR", v);
    }
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn colour_on_a_terminal_unless_no_color() {
    let bold_header = "\x1b[1mProto\x1b[0m";
    assert!(on_a_terminal("conns -t -l", None).contains(bold_header));
    assert!(!on_a_terminal("conns -t -l", Some("1")).contains('\x1b'));
    // An empty NO_COLOR does not count (no-color.org).
    assert!(on_a_terminal("conns -t -l", Some("")).contains(bold_header));
    assert!(!on_a_terminal("conns -t -l --color never", None).contains('\x1b'));
    // CSV and JSON are never coloured.
    assert!(!on_a_terminal("conns -t -l --csv", None).contains('\x1b'));
}

/// The kernel sends SO_MARK only to CAP_NET_ADMIN; everything else of the
/// internals reaches an unprivileged user too.
#[test]
fn mark_only_for_root_internals_for_everyone() {
    if !sockscope_testkit::must_not_skip() {
        eprintln!("SKIPPED: needs root to switch users");
        return;
    }
    let Some(ns) = Netns::for_test(&[plan::LONG_V6_CIDR]) else {
        return;
    };
    let _fixture = Fixture::start(&ns, None).unwrap();
    let bin = common::sockscope();
    let bin = bin.to_string_lossy();
    let args = ["conns", "-t", "-l", "-4", "--json"];
    let as_root = sockscope(&ns, &args);
    let mut nobody = vec!["--reuid=65534", "--regid=65534", "--clear-groups", &*bin];
    nobody.extend(args);
    let as_nobody = common::run(&ns, "setpriv", &nobody);
    assert!(
        as_nobody.status.success(),
        "{}",
        String::from_utf8_lossy(&as_nobody.stderr)
    );
    for (who, out, mark) in [("root", as_root, true), ("nobody", as_nobody, false)] {
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        let socks = doc["sockets"].as_array().unwrap();
        assert!(!socks.is_empty(), "{who}: {doc}");
        for s in socks {
            assert_eq!(s.get("mark").is_some(), mark, "{who}: {s}");
            assert!(
                s["tcp_info"]["snd_cwnd"].as_u64().unwrap() > 0,
                "{who}: {s}"
            );
            assert!(
                s.get("cgroup_id").is_some() && s.get("skmem").is_some(),
                "{who}: {s}"
            );
        }
    }
}

/// A socket bound to a link-local address through its interface shows the
/// interface as its zone, by name, also with `-n` (as ss does).
#[test]
fn link_local_zone_is_the_interface_name() {
    use std::net::{Ipv6Addr, SocketAddrV6, UdpSocket};
    let Some(ns) = Netns::for_test(&["fe80::1/64"]) else {
        return;
    };
    let addr = SocketAddrV6::new(Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1), 18777, 0, 1);
    // Created on a thread inside the namespace; it lives on after it.
    let _sock = ns.run_in(|| UdpSocket::bind(addr)).unwrap().unwrap();
    for args in [&["conns", "-u", "-a"][..], &["conns", "-u", "-a", "-n"]] {
        let table = String::from_utf8(sockscope(&ns, args).stdout).unwrap();
        assert!(table.contains("[fe80::1]%lo:18777"), "{args:?}:\n{table}");
    }
    let doc: Value =
        serde_json::from_slice(&sockscope(&ns, &["conns", "-u", "-a", "--json"]).stdout).unwrap();
    assert_eq!(doc["sockets"][0]["ifindex"], 1);
}

/// `(local port, remote port, state)` of every internet socket in a JSON
/// document, sorted.
fn endpoints(doc: &[u8]) -> Vec<(u64, u64, String)> {
    let v: Value = serde_json::from_slice(doc).unwrap();
    let mut out: Vec<(u64, u64, String)> = v["sockets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["family"] != "unix")
        .map(|s| {
            (
                s["local"]["port"].as_u64().unwrap(),
                s["remote"]["port"].as_u64().unwrap(),
                s["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

/// `conns` takes the same filters as the netstat-flag form (ss expression,
/// plain flags) and selects the same sockets; a bad filter exits 2.
#[test]
fn conns_filters_select_like_the_flag_form() {
    let Some(ns) = Netns::for_test(&[plan::LONG_V6_CIDR]) else {
        return;
    };
    let _fixture = Fixture::start(&ns, None).unwrap();
    let cases: [(&[&str], &[&str]); 3] = [
        (
            &[
                "conns",
                "-t",
                "--json",
                "state",
                "established",
                "sport",
                "=",
                ":18010",
            ],
            &[
                "-tan",
                "--json",
                "state",
                "established",
                "sport",
                "=",
                ":18010",
            ],
        ),
        (
            &["conns", "-t", "-a", "--json", "--port", "18012"],
            &["-tan", "--json", "--port", "18012"],
        ),
        (
            &["conns", "-t", "--json", "--state", "listen"],
            &["-tan", "--json", "--state", "listen"],
        ),
    ];
    for (modern, flags) in cases {
        let a = sockscope(&ns, modern);
        let b = sockscope(&ns, flags);
        assert!(
            a.status.success() && b.status.success(),
            "{modern:?} / {flags:?}"
        );
        let (a, b) = (endpoints(&a.stdout), endpoints(&b.stdout));
        assert!(!a.is_empty(), "{modern:?} selected nothing");
        assert_eq!(a, b, "{modern:?} vs {flags:?}");
    }
    let bad = common::run(&ns, common::sockscope(), &["conns", "dport", "="]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("filter error at"));
}
