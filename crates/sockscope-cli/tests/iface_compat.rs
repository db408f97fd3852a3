//! Differential tests of the interface table (`-i`, `-ia`, `-ie`, `-iae`,
//! `-in`, `-i -c`) against net-tools `netstat` 2.10 in a namespace with up,
//! down and carrier-less veth devices, an alias label, IPv4 and IPv6
//! addresses and real traffic (see `links_lab`). Output must be byte for
//! byte what netstat prints (LC_ALL=C, stdout piped); counters that move
//! between runs are handled by comparing with two netstat runs, not masked.
//! The JSON output is checked against netstat's numbers.

// Tests may unwrap: a failed setup step is a failed test.
#![allow(clippy::unwrap_used)]

mod common;
mod links_lab;

use std::process::Stdio;
use std::thread::sleep;
use std::time::Duration;

use serde_json::Value;
use sockscope_testkit::Mismatches;

const CASES: &[&[&str]] = &[
    &["-i"],
    &["-ia"],
    &["-in"],
    &["-ie"],
    &["-iae"],
    &["-ie", "-a"],
    &["-iee"],
    &["-ian"],
    &["--interfaces", "--all"],
    &["-i", "-t"],
    &["-i4"],
];

#[test]
fn interface_table_matches_netstat() {
    let Some(lab) = links_lab::build() else {
        return;
    };
    let mut mm = Mismatches::new();
    links_lab::compare(&lab, &common::sockscope(), CASES, &mut mm);
    mm.finish();
}

/// In a UTF-8 locale a non-ASCII name (`café`) is text: byte for byte what
/// netstat prints; only the lab's name with an ESC differs (`ESCAPED`).
#[test]
fn interface_table_matches_netstat_in_a_utf8_locale() {
    let Some(lab) = links_lab::build() else {
        return;
    };
    let mut mm = Mismatches::new();
    let cases: &[&[&str]] = &[&["-ia"], &["-iae"]];
    links_lab::compare_in(&lab, &common::sockscope(), cases, "C.UTF-8", &mut mm);
    mm.finish();
}

/// Output of `program -ic` after about 2.5 s (killed then).
fn continuous(lab: &links_lab::Lab, program: &std::path::Path) -> Vec<u8> {
    let child = lab
        .ns
        .command(program)
        .arg("-ic")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    sleep(Duration::from_millis(2500));
    // `ip netns exec` execs the tool, so this pid is the tool itself.
    let _ = std::process::Command::new("kill")
        .arg(pid.to_string())
        .output();
    child.wait_with_output().unwrap().stdout
}

/// The first two rounds of `-ic` output: the title appears once, the column
/// header before every round.
fn two_rounds(text: &[u8]) -> Vec<u8> {
    let header = b"Iface             MTU";
    let mut starts = Vec::new();
    for (i, w) in text.windows(header.len()).enumerate() {
        if w == header {
            starts.push(i);
        }
    }
    assert!(
        starts.len() >= 2,
        "fewer than two rounds:\n{}",
        String::from_utf8_lossy(text)
    );
    let end = starts.get(2).copied().unwrap_or(text.len());
    text[..end].to_vec()
}

#[test]
fn continuous_rounds_match_netstat() {
    let Some(lab) = links_lab::build() else {
        return;
    };
    let netstat = std::path::Path::new("netstat");
    // As `links_lab::compare`: a counter may move while the three run (ARP
    // refreshes on `va`), so ours must equal the run before or after it.
    let mut last = String::new();
    for _ in 0..3 {
        let before = two_rounds(&continuous(&lab, netstat));
        let ours = two_rounds(&continuous(&lab, &common::sockscope()));
        let after = two_rounds(&continuous(&lab, netstat));
        assert!(before.starts_with(b"Kernel Interface table\nIface"));
        if ours == before || ours == after {
            return;
        }
        last =
            sockscope_testkit::unified("netstat", &before, "sockscope", &ours).unwrap_or_default();
        links_lab::settle(&lab.ns);
    }
    panic!("-ic: first two rounds differ\n{last}");
}

#[test]
fn json_counters_agree_with_netstat() {
    let Some(lab) = links_lab::build() else {
        return;
    };
    let table = lab.ns.exec("netstat", ["-ia"]).unwrap().stdout;
    let doc = lab.ns.exec(common::sockscope(), ["-ia", "--json"]).unwrap();
    assert!(doc.status.success());
    let doc: Value = serde_json::from_slice(&doc.stdout).unwrap();
    assert_eq!(doc["schema"], "sockscope.interfaces/1");
    let ifs = doc["interfaces"].as_array().unwrap();
    let text = String::from_utf8(table).unwrap();
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), ifs.len(), "same interfaces with -a");
    for row in rows {
        let i = ifs
            .iter()
            .find(|i| i["name"] == row[0])
            .unwrap_or_else(|| panic!("{} missing", row[0]));
        assert_eq!(i["mtu"].to_string(), row[1]);
        if row[2] == "-" {
            // "- no statistics available -": an alias label.
            assert_eq!(i["stats"], Value::Null, "{}", row[0]);
            continue;
        }
        // Counters of the quiet devices are stable; the busy ones only grow.
        let rx = i["stats"]["rx_packets"].as_u64().unwrap();
        let netstat_rx: u64 = row[2].parse().unwrap();
        assert!(
            rx >= netstat_rx,
            "{}: rx_packets {rx} < netstat {netstat_rx}",
            row[0]
        );
        assert_eq!(i["stats"]["rx_errors"].to_string(), row[3]);
    }
    let va = ifs.iter().find(|i| i["name"] == "va").unwrap();
    assert!(va["stats"]["tx_bytes"].as_u64().unwrap() > 1 << 20);
    assert_eq!(va["ipv4"]["address"], "10.9.0.1");
    assert_eq!(va["ipv4"]["broadcast"], "10.9.0.255");
    let vdown0 = ifs.iter().find(|i| i["name"] == "vdown0").unwrap();
    assert_eq!(
        vdown0["flags"],
        serde_json::json!(["UP", "BROADCAST", "MULTICAST"])
    );
    assert!(vdown0["ipv6"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["address"] == "fd00:8::1"));
    // Without -a only interfaces that are up.
    let up = lab
        .ns
        .exec(common::sockscope(), ["-i", "--ndjson"])
        .unwrap()
        .stdout;
    let names: Vec<String> = up
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| {
            serde_json::from_slice::<Value>(l).unwrap()["name"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(names.contains(&"va".to_string()) && !names.contains(&"vdown1".to_string()));
}
