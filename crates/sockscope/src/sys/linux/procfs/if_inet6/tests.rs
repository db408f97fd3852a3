//! Replay tests for /proc/net/if_inet6: a file recorded on Linux 6.18 in a
//! private namespace (tests/data/proc/if_inet6), hand-written lines for
//! link-local and large interface indexes, and malformed input.

use super::*;
use crate::sys::linux::procfs::lines::Trickle;

const RECORDED: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/data/proc/if_inet6"
));

fn parse(bytes: &[u8]) -> Result<Vec<IfInet6Row>> {
    parse_if_inet6(bytes, Path::new("/proc/net/if_inet6"))
}

#[test]
fn recorded_file_decodes() {
    let rows = parse(RECORDED).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!((&*rows[0].name, rows[0].ifindex), (&b"lo"[..], 1));
    assert_eq!(rows[0].config.address.to_string(), "::1");
    assert_eq!(
        (rows[0].config.prefix_len, rows[0].config.scope),
        (128, 0x10)
    );
    assert_eq!(rows[1].config.address.to_string(), "fd00:1::1");
    assert_eq!(
        (rows[1].config.prefix_len, rows[1].config.flags),
        (64, 0x82)
    );
    assert_eq!(
        parse_reader(Trickle(RECORDED), Path::new("x")).unwrap(),
        rows
    );
}

#[test]
fn link_local_and_wide_index() {
    let rows = parse(b"fe8000000000000000fc00fffe000001 1a3 40 20 80 abcdefghijklmno\n").unwrap();
    assert_eq!(rows[0].ifindex, 0x1a3);
    assert_eq!(rows[0].config.address.to_string(), "fe80::fc:ff:fe00:1");
    assert_eq!(rows[0].config.scope, 0x20);
}

#[test]
fn malformed_lines_are_typed_errors() {
    for line in [
        "fe8000000000000000fc00fffe00001 04 40 20 80 eth0\n",
        "fe8000000000000000fc00fffe000001 04 400 20 80 eth0\n",
        "fe8000000000000000fc00fffe000001 04 40 20 80\n",
        "fe8000000000000000fc00fffe000001 zz 40 20 80 eth0\n",
    ] {
        assert!(
            matches!(
                parse(line.as_bytes()),
                Err(Error::ProcParse { line: 1, .. })
            ),
            "{line:?}"
        );
    }
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
