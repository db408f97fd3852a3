//! Replay tests for /proc/net/igmp: a file recorded on Linux 6.18 in a
//! private namespace (tests/data/proc/igmp, groups 239.1.2.3 joined on lo and
//! v0), hand-written variants, and malformed input.

use super::*;
use crate::sys::linux::procfs::lines::Trickle;

const RECORDED: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/data/proc/igmp"
));

fn parse(bytes: &[u8]) -> Result<Vec<GroupMembership>> {
    let mut out = Vec::new();
    parse_igmp(bytes, Path::new("/proc/net/igmp"), &mut out).map(|()| out)
}

#[test]
fn recorded_file_decodes_groups_per_device() {
    let got: Vec<(u32, Vec<u8>, String, u32)> = parse(RECORDED)
        .unwrap()
        .into_iter()
        .map(|g| {
            (
                g.ifindex,
                g.interface.to_vec(),
                g.group.to_string(),
                g.users,
            )
        })
        .collect();
    let want = |i, n: &str, g: &str| (i, n.as_bytes().to_vec(), g.to_string(), 1);
    assert_eq!(
        got,
        vec![
            want(1, "lo", "239.1.2.3"),
            want(1, "lo", "224.0.0.1"),
            want(3, "v0", "239.1.2.3"),
            want(3, "v0", "224.0.0.1"),
            want(5, "tun0", "224.0.0.1"),
        ]
    );
    let mut streamed = Vec::new();
    parse_reader(Trickle(RECORDED), Path::new("x"), &mut streamed).unwrap();
    assert_eq!(streamed, parse(RECORDED).unwrap());
}

#[test]
fn long_names_and_devices_without_groups() {
    let text = b"Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n\
        7\tabcdefghijklmno:     1      V3\n\t\t\t\t010000E0     3 0:00000000\t\t0\n\
        8\tdown      :     0      V3\n";
    let g = parse(text).unwrap();
    assert_eq!(g.len(), 1);
    assert_eq!((&*g[0].interface, g[0].users), (&b"abcdefghijklmno"[..], 3));
}

#[test]
fn malformed_input_is_a_typed_error_and_appends_nothing() {
    let head = "Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n";
    let bad = [
        "\t\t\t\t010000E0     1 0:00000000\t\t0\n",
        "1\tlo        :     1      V3\n\t\t\t\t10000E0     1 0\n",
        "1\tlo        :     1      V3\n\t\t\t\t010000E0\n",
        "1\tlo        :     1      V3\n\t\t\t\t0100G0E0     1 0\n",
        "x\tlo        :     1      V3\n",
        "1 lo        :     1      V3\n",
        "1\tlo\n",
    ];
    for body in bad {
        let mut out = vec![];
        let text = format!("{head}{body}");
        let r = parse_igmp(text.as_bytes(), Path::new("igmp"), &mut out);
        assert!(matches!(r, Err(Error::ProcParse { .. })), "{body:?}: {r:?}");
        assert!(out.is_empty());
    }
    assert!(matches!(
        parse(b"Device\n"),
        Err(Error::ProcParse { line: 1, .. })
    ));
}

#[test]
fn every_truncated_prefix_is_a_typed_error_or_whole_lines() {
    for cut in 0..RECORDED.len() {
        match parse(&RECORDED[..cut]) {
            Ok(_) => assert!(cut == 0 || RECORDED[cut - 1] == b'\n', "cut {cut}"),
            Err(Error::ProcParse { .. }) => {}
            Err(e) => panic!("cut {cut}: {e}"),
        }
    }
}
