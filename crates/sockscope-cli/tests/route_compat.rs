//! The routing table against the real netstat 2.10 and against `ip -j route`,
//! in a namespace the test builds: a veth pair (one end up, the other down),
//! IPv4 and IPv6 addresses, routes via gateways, metrics, a /32 host route,
//! blackhole, unreachable, prohibit and throw routes, a multipath route,
//! `mtu lock 1400 window 8000 rtt 30`, `advmss`, a route in table 100, and
//! IPv6 routes via a gateway, reject routes, an expiring route and table
//! 100.
//!
//! Name resolution: `ip netns exec` bind-mounts /etc/netns/<ns>/* over
//! /etc, so the test gives the namespace its own hosts, networks and an
//! nsswitch.conf that says "files" only (no DNS query ever leaves, and
//! lookups are instant). The directory is removed when the test ends.
//!
//! Nothing is masked: every case must match netstat byte for byte (stdout,
//! and for the error cases stderr and the exit status too).

#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;
use std::process::Output;

use common::{compare_with_netstat, exact, run, sockscope, Case};
use serde_json::Value;
use sockscope_testkit::{Mismatches, Netns};

/// Commands (after `ip -n NS`) that build the test's routes.
const SETUP: &[&str] = &[
    "link add v0 type veth peer name v1",
    "link set v0 up",
    "addr add 10.9.0.2/24 dev v0",
    "addr add 10.9.1.5/24 dev v1",
    "addr add fd00:9::2/64 dev v0 nodad",
    "route add default via 10.9.0.1",
    "route add 192.168.77.0/24 via 10.9.0.254 metric 5",
    "route add blackhole 10.66.0.0/16",
    "route add unreachable 10.67.0.0/16",
    "route add prohibit 10.68.0.0/16",
    "route add throw 10.69.0.0/16",
    "route add 10.9.0.77/32 dev v0",
    "route add 10.0.0.0/8 via 10.9.0.1",
    "route add 10.0.0.0/16 via 10.9.0.1",
    "route add 10.0.0.0/16 via 10.9.0.2 metric 7",
    "route add 10.70.0.0/16 nexthop via 10.9.0.1 nexthop via 10.9.0.3",
    "route add 10.71.0.0/16 via 10.9.0.1 table 100",
    "route add 10.72.0.0/16 via 10.9.0.1 advmss 1300",
    "route add 172.16.5.0/24 via 10.9.0.1 mtu lock 1400 window 8000 rtt 30",
    "-6 route add fd00:77::/48 via fd00:9::1",
    "-6 route add default via fd00:9::1 metric 2048",
    "-6 route add fd00:5::5/128 dev v0",
    "-6 route add blackhole fd00:bad::/64",
    "-6 route add unreachable fd00:bad:1::/64",
    "-6 route add prohibit fd00:bad:2::/64",
    "-6 route add fd00:71::/64 via fd00:9::1 table 100",
    "-6 route add fd00:72::/64 via fd00:9::1 expires 3000",
    "-6 route add fd00:73::/64 via fd00:9::1 mtu 1300",
];

const HOSTS: &str = "127.0.0.1 localhost\n\
10.9.0.1 gw-one\n\
10.9.0.77 hostseventyseven\n\
10.9.0.0 netzero-as-host\n\
fd00:9::1 v6gw\n\
::1 localhost ip6-localhost\n\
fd00:9::2 thisbox-with-a-really-long-hostname-over-thirty\n";

const NETWORKS: &str = "tenninenet 10.9.0\nsixtysix 10.66\nsrvnet 192.168.77.0\n";

const NSSWITCH: &str = "passwd: files\ngroup: files\nhosts: files\nnetworks: files\n\
protocols: files\nservices: files\n";

/// The namespace's own /etc files, removed on drop.
struct EtcNetns(PathBuf);

impl EtcNetns {
    fn create(ns: &Netns) -> EtcNetns {
        let dir = PathBuf::from("/etc/netns").join(ns.name());
        std::fs::create_dir_all(&dir).unwrap();
        let guard = EtcNetns(dir);
        for (name, text) in [
            ("hosts", HOSTS),
            ("networks", NETWORKS),
            ("nsswitch.conf", NSSWITCH),
        ] {
            // ip netns exec can only bind over files that exist.
            if PathBuf::from("/etc").join(name).exists() {
                std::fs::write(guard.0.join(name), text).unwrap();
            }
        }
        guard
    }
}

impl Drop for EtcNetns {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A namespace with the routes of [`SETUP`] and its own name files.
fn namespace() -> Option<(Netns, EtcNetns)> {
    let ns = Netns::for_test(&[])?;
    for cmd in SETUP {
        let mut args = vec!["-n", ns.name()];
        args.extend(cmd.split(' '));
        let out = std::process::Command::new("ip")
            .args(&args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "ip {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let etc = EtcNetns::create(&ns);
    Some((ns, etc))
}

const CASES: &[Case] = &[
    exact(&["-r"]),
    exact(&["-rn"]),
    exact(&["-r", "-4"]),
    exact(&["-r", "-6"]),
    exact(&["-rn6"]),
    exact(&["-rA", "inet6"]),
    exact(&["-r", "-A", "inet,inet6"]),
    exact(&["-r", "-A", "inet6,inet"]),
    exact(&["-re"]),
    exact(&["-ren"]),
    exact(&["-ree"]),
    exact(&["-rnee"]),
    exact(&["-reee"]),
    exact(&["-re6"]),
    exact(&["-rC"]),
    exact(&["-rnC"]),
    exact(&["-rCe"]),
    exact(&["-rCee"]),
    exact(&["-rC6"]),
    exact(&["-rCF"]),
    exact(&["-rCF6"]),
    exact(&["-rN"]),
    exact(&["-r", "--numeric-hosts"]),
    exact(&["-r", "--numeric-ports"]),
    exact(&["-rv"]),
    exact(&["--route", "--extend", "--numeric"]),
];

#[test]
fn routing_tables_match_netstat() {
    let Some((ns, _etc)) = namespace() else {
        return;
    };
    // The namespace's own name files are in use (else the resolving cases
    // would compare numbers with numbers).
    let named = String::from_utf8(run(&ns, sockscope(), &["-r", "-4", "-6"]).stdout).unwrap();
    for name in [
        "default",
        "gw-one",
        "tenninenet",
        "sixtysix",
        "hostseventyseve ",
        "v6gw",
        "[::]/0",
    ] {
        assert!(named.contains(name), "no {name:?} in\n{named}");
    }
    let mut mm = Mismatches::new();
    compare_with_netstat(&ns, &sockscope(), "sockscope", CASES, &mut mm);
    mm.finish();
}

/// Families netstat cannot route: stdout, stderr and status all match.
#[test]
fn unroutable_families_fail_as_netstat_does() {
    let Some((ns, _etc)) = namespace() else {
        return;
    };
    let mut mm = Mismatches::new();
    for args in [
        &["-r", "-A", "unix"][..],
        &["-r", "-A", "inet,unix"],
        &["-r", "-A", "inet,ipx,inet6"],
        &["-r", "-A", "ddp"],
        &["-r", "-A", "bluetooth"],
        &["-r", "-A", "ax25"],
        &["-r", "-A", "econet"],
    ] {
        mm.checked();
        let want = run(&ns, "netstat", args);
        let got = run(&ns, sockscope(), args);
        let part = |o: &Output| (o.stdout.clone(), o.stderr.clone(), o.status.code());
        if part(&want) != part(&got) {
            mm.push(
                args.join(" "),
                format!("netstat: {:?}\nsockscope: {:?}", show(&want), show(&got)),
            );
        }
    }
    mm.finish();
}

fn show(o: &Output) -> (String, String, Option<i32>) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        o.status.code(),
    )
}

/// `-c` prints the whole table again every second.
#[test]
fn continuous_repeats_the_table() {
    let Some((ns, _etc)) = namespace() else {
        return;
    };
    let once = run(&ns, sockscope(), &["-rn"]).stdout;
    let mut child = ns
        .command(sockscope())
        .args(["-rnc"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2500));
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap().stdout;
    assert!(!once.is_empty());
    assert!(
        out.len() >= 2 * once.len(),
        "{}",
        String::from_utf8_lossy(&out)
    );
    for chunk in out.chunks(once.len()).take(out.len() / once.len()) {
        assert_eq!(chunk, &once[..]);
    }
}

/// (family, destination, prefix, table, gateway, dev, metric) of a route.
type Key = (
    String,
    String,
    u64,
    u64,
    Option<String>,
    Option<String>,
    u64,
);

/// Every route `ip -j route show table all` lists, as a [`Key`].
fn ip_routes(ns: &Netns, family: &str) -> Vec<Key> {
    let out = run(ns, "ip", &["-j", family, "route", "show", "table", "all"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let inet6 = family == "-6";
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let dst = r["dst"].as_str().unwrap();
            let (addr, len) = match dst.split_once('/') {
                _ if dst == "default" => (if inet6 { "::" } else { "0.0.0.0" }.to_string(), 0),
                Some((a, l)) => (a.to_string(), l.parse().unwrap()),
                None => (dst.to_string(), if inet6 { 128 } else { 32 }),
            };
            let table = match r["table"].as_str() {
                None | Some("main") => 254,
                Some("local") => 255,
                Some("default") => 253,
                Some(n) => n.parse().unwrap(),
            };
            let first_hop = &r["nexthops"][0];
            let gateway = r["gateway"].as_str().or(first_hop["gateway"].as_str());
            let dev = r["dev"].as_str().or(first_hop["dev"].as_str());
            let fam = if inet6 { "inet6" } else { "inet" };
            (
                fam.to_string(),
                addr,
                len,
                table,
                gateway.map(str::to_owned),
                dev.map(str::to_owned),
                r["metric"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn sockscope_routes(doc: &Value) -> Vec<Key> {
    doc["routes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let first_hop = &r["nexthops"][0];
            let gateway = r["gateway"].as_str().or(first_hop["gateway"].as_str());
            let dev = r["dev"].as_str().or(first_hop["dev"].as_str());
            (
                r["family"].as_str().unwrap().to_string(),
                r["destination"].as_str().unwrap().to_string(),
                r["prefix"].as_u64().unwrap(),
                r["table"].as_u64().unwrap(),
                gateway.map(str::to_owned),
                dev.map(str::to_owned),
                r["metric"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn json_lists_every_route_ip_lists() {
    let Some((ns, _etc)) = namespace() else {
        return;
    };
    let out = run(&ns, sockscope(), &["-r", "-4", "-6", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema"], "sockscope.routes/1");
    assert_eq!(doc["warnings"].as_array().unwrap().len(), 0, "{doc}");
    let ours = sockscope_routes(&doc);
    let mut want = ip_routes(&ns, "-4");
    want.extend(ip_routes(&ns, "-6"));
    assert!(want.len() >= 25, "{want:?}");
    for key in &want {
        assert!(
            ours.contains(key),
            "ip lists {key:?}; sockscope --json does not:\n{ours:#?}"
        );
    }
    assert_eq!(ours.len(), want.len(), "sockscope lists routes ip does not");
    // The fields the schema promises, on a route with everything.
    let r = doc["routes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["destination"] == "172.16.5.0")
        .unwrap();
    assert_eq!(r["flags"], serde_json::json!(["up", "gateway"]));
    let metric = |name: &str| {
        r["metrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        metric("mtu"),
        serde_json::json!({"name": "mtu", "value": 1400, "locked": true})
    );
    assert_eq!(metric("window")["value"], 8000);

    // NDJSON: the same routes, one per line.
    let nd = run(&ns, sockscope(), &["-r", "-4", "-6", "--ndjson"]);
    let lines: Vec<Value> = nd
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(lines.len(), want.len());
    assert!(lines.iter().all(|l| l["schema"] == "sockscope.route/1"));
}
