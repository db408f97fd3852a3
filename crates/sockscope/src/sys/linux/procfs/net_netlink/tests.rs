//! Replay tests for /proc/net/netlink: a file recorded on Linux 6.18 in a
//! private namespace (tests/data/proc/netlink: a NETLINK_ROUTE socket
//! bound with groups 1, 3 and 21, a generic netlink socket and the
//! kernel's own sockets), and malformed input.

use super::*;
use crate::Error;

const RECORDED: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/data/proc/netlink"
));

fn parse(bytes: &[u8]) -> Result<Vec<NetlinkSocket>> {
    let mut out = Vec::new();
    parse_netlink(bytes, Path::new("netlink"), &mut out).map(|()| out)
}

#[test]
fn recorded_table() {
    let s = parse(RECORDED).unwrap();
    assert_eq!(s.len(), 10);
    let route = &s[0];
    assert_eq!(
        (route.protocol, route.portid, route.inode),
        (0, 3316, 1_803_758)
    );
    assert_eq!(route.groups, vec![1, 3, 21]);
    assert_eq!((route.state, route.sock_type, route.flags), (None, 0, None));
    // The kernel's sockets have port id 0.
    let kernel: Vec<u8> = s
        .iter()
        .filter(|n| n.portid == 0)
        .map(|n| n.protocol)
        .collect();
    assert_eq!(kernel, vec![0, 4, 6, 9, 10, 12, 15, 16]);
    assert_eq!((s[8].protocol, s[8].portid), (16, 3316));
}

#[test]
fn bad_lines_fail_the_table_with_their_number() {
    let header = "sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode\n";
    let good =
        "0000000074e4572b 0   3316       80000001 832      4352     1     2        7        9 \n";
    let s = parse(format!("{header}{good}").as_bytes()).unwrap();
    assert_eq!(
        (s[0].recv_q, s[0].send_q, s[0].drops, s[0].inode),
        (832, 4352, 7, 9)
    );
    assert_eq!(s[0].groups, vec![1, 32]);
    for bad in [
        "0000000074e4572b 256 1 0 0 0 0 2 0 9\n", // protocol above 255
        "0000000074e4572b 0 1 123456789 0 0 0 2 0 9\n", // 9 hex digits of groups
        "0000000074e4572b 0 1 0 0 0 0 2 0\n",     // missing inode
        "0000000074e4572b 0 -1 0 0 0 0 2 0 9\n",  // signed pid
    ] {
        let e = parse(format!("{header}{good}{bad}").as_bytes()).unwrap_err();
        assert!(matches!(e, Error::ProcParse { line: 3, .. }), "{bad}: {e}");
    }
}

#[test]
fn every_prefix_fails_typed() {
    for cut in 0..RECORDED.len() {
        match parse(&RECORDED[..cut]) {
            Ok(_) | Err(Error::ProcParse { .. }) => {}
            Err(e) => panic!("prefix {cut}: {e}"),
        }
    }
}
