//! Replay tests for /proc/net/igmp6: a file recorded on Linux 6.18 in a
//! private namespace (tests/data/proc/igmp6: ff15::1234 joined twice on v0,
//! odd device names), and malformed input.

use super::*;
use crate::sys::linux::procfs::lines::Trickle;

const RECORDED: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/data/proc/igmp6"
));

fn parse(bytes: &[u8]) -> Result<Vec<GroupMembership>> {
    let mut out = Vec::new();
    parse_igmp6(bytes, Path::new("/proc/net/igmp6"), &mut out).map(|()| out)
}

#[test]
fn recorded_file_decodes() {
    let g = parse(RECORDED).unwrap();
    assert_eq!(g[0].interface.as_ref(), b"lo");
    assert_eq!(g[0].group.to_string(), "ff02::1");
    let joined = g
        .iter()
        .find(|m| m.group.to_string() == "ff15::1234")
        .unwrap();
    assert_eq!(
        (&*joined.interface, joined.users, joined.ifindex),
        (&b"v0"[..], 2, 3)
    );
    assert!(g.iter().any(|m| &*m.interface == b"abcdefghijklmno"));
    assert!(g.iter().any(|m| &*m.interface == b"e\x1b[1mx"));
    let mut streamed = Vec::new();
    parse_reader(Trickle(RECORDED), Path::new("x"), &mut streamed).unwrap();
    assert_eq!(streamed, g);
}

#[test]
fn malformed_lines_are_typed_errors() {
    for line in [
        "1    lo              ff02000000000000000000000000001     1 0000000C 0\n",
        "1    lo              ff0200000000000000000000000000zz     1 0000000C 0\n",
        "1    lo              ff020000000000000000000000000001\n",
        "x    lo              ff020000000000000000000000000001     1 0000000C 0\n",
        "1\n",
    ] {
        let mut out = vec![];
        let r = parse_igmp6(line.as_bytes(), Path::new("igmp6"), &mut out);
        assert!(
            matches!(r, Err(Error::ProcParse { line: 1, .. })),
            "{line:?}"
        );
        assert!(out.is_empty());
    }
    // Extra columns of a newer kernel are ignored.
    let g = parse(b"1 lo ff020000000000000000000000000001 1 0000000C 0 extra\n").unwrap();
    assert_eq!(g.len(), 1);
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
