//! Differential tests of the multicast group listing (`-g`, `-gn`, `-g -4`,
//! `-g -6`, and `-g` with other socket flags) against net-tools `netstat`
//! 2.10 in a namespace holding IPv4 and IPv6 joins on up, carrier-less and
//! loopback devices (see `links_lab`), byte for byte (LC_ALL=C, stdout
//! piped). Group names are looked up as netstat does without `-n`; the
//! namespace has no route to a name server, so both print numbers unless
//! /etc/hosts names a group. The JSON output is checked against `-gn`.

// Tests may unwrap: a failed setup step is a failed test.
#![allow(clippy::unwrap_used)]

mod common;
mod links_lab;

use serde_json::Value;
use sockscope_testkit::Mismatches;

const CASES: &[&[&str]] = &[
    &["-g"],
    &["-gn"],
    &["-g", "-4"],
    &["-g", "-6"],
    &["-gn", "-4"],
    &["-gn", "-6"],
    &["-g", "-A", "inet"],
    &["-g", "--inet6"],
    &["--groups", "--numeric"],
    &["-g", "-x"],
    &["-gt"],
    &["-ga"],
    &["-gua"],
    &["-gl"],
];

#[test]
fn group_listing_matches_netstat() {
    let Some(lab) = links_lab::build() else {
        return;
    };
    let mut mm = Mismatches::new();
    links_lab::compare(&lab, &common::sockscope(), CASES, &mut mm);
    mm.finish();
}

/// In a UTF-8 locale `café` prints byte for byte as netstat prints it.
#[test]
fn group_listing_matches_netstat_in_a_utf8_locale() {
    let Some(lab) = links_lab::build() else {
        return;
    };
    let mut mm = Mismatches::new();
    links_lab::compare_in(&lab, &common::sockscope(), &[&["-g"]], "C.UTF-8", &mut mm);
    mm.finish();
}

#[test]
fn json_groups_agree_with_netstat() {
    let Some(lab) = links_lab::build() else {
        return;
    };
    let text = String::from_utf8(lab.ns.exec("netstat", ["-gn"]).unwrap().stdout).unwrap();
    let mut want: Vec<(String, u64, String)> = text
        .lines()
        .skip(3)
        .map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            (w[0].to_string(), w[1].parse().unwrap(), w[2].to_string())
        })
        .collect();
    let out = lab.ns.exec(common::sockscope(), ["-g", "--json"]).unwrap();
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema"], "sockscope.groups/1");
    let mut got = Vec::new();
    for i in doc["interfaces"].as_array().unwrap() {
        for g in i["groups"].as_array().unwrap() {
            let name = i["name"].as_str().unwrap().to_string();
            got.push((
                name,
                g["users"].as_u64().unwrap(),
                g["address"].as_str().unwrap().to_string(),
            ));
        }
    }
    want.sort();
    got.sort();
    assert_eq!(got, want);
    assert!(got.contains(&("va".into(), 2, "239.5.5.5".into())));
    assert!(got.contains(&("vdown0".into(), 1, "ff15::43".into())));
    // NDJSON: one line per membership; `-g -t` adds the sockets document.
    let nd = lab
        .ns
        .exec(common::sockscope(), ["-g", "--ndjson"])
        .unwrap()
        .stdout;
    assert_eq!(nd.iter().filter(|&&b| b == b'\n').count(), want.len());
    let both = lab
        .ns
        .exec(common::sockscope(), ["-gt", "--json"])
        .unwrap()
        .stdout;
    let docs: Vec<Value> = both
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["schema"], "sockscope.sockets/1");
    assert_eq!(docs[1]["schema"], "sockscope.groups/1");
}
