//! Replay tests for /proc/net/packet: a file recorded on Linux 6.18 in a
//! private namespace (tests/data/proc/packet: ETH_P_ALL bound to lo, IPv4
//! cooked on every interface, and a raw socket with protocol 0), and
//! malformed input.

use super::*;
use crate::model::ETH_P_ALL;
use crate::Error;

const RECORDED: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/data/proc/packet"
));

fn parse(bytes: &[u8]) -> Result<Vec<PacketSocket>> {
    let mut out = Vec::new();
    parse_packet(bytes, Path::new("packet"), &mut out).map(|()| out)
}

#[test]
fn recorded_table() {
    let s = parse(RECORDED).unwrap();
    assert_eq!(s.len(), 3);
    assert_eq!(
        (s[0].kind, s[0].protocol, s[0].ifindex, s[0].running),
        (PacketType::Raw, ETH_P_ALL, 1, true)
    );
    assert_eq!((s[0].inode, s[0].uid, s[0].recv_q), (1_803_755, 0, 0));
    assert_eq!(
        (s[1].kind, s[1].protocol, s[1].ifindex),
        (PacketType::Dgram, 0x0800, 0)
    );
    assert_eq!((s[2].protocol, s[2].running), (0, false));
    assert!(s
        .iter()
        .all(|p| p.cookie == 0 && p.details.is_none() && p.send_q == 0));
}

#[test]
fn bad_lines_fail_the_table_with_their_number() {
    let header = "sk               RefCnt Type Proto  Iface R Rmem   User   Inode\n";
    let good = "000000000ce2d206 3      3    0003   1     1 5010   1000   77\n";
    let s = parse(format!("{header}{good}").as_bytes()).unwrap();
    assert_eq!((s[0].recv_q, s[0].uid, s[0].inode), (5010, 1000, 77));
    for bad in [
        "000000000ce2d206 3 3 0003 1 2 0 0 77\n",   // R not 0/1
        "000000000ce2d206 3 3 00030 1 1 0 0 77\n",  // 5 hex digits
        "000000000ce2d206 3 3 0003 1 1 0 0\n",      // missing inode
        "000000000ce2d206 3 3 0003 1 1 0 0 77 9\n", // extra column
        "xyz 3 3 0003 1 1 0 0 77\n",                // bad pointer
    ] {
        let e = parse(format!("{header}{good}{bad}").as_bytes()).unwrap_err();
        assert!(matches!(e, Error::ProcParse { line: 3, .. }), "{bad}: {e}");
    }
    assert!(matches!(
        parse(b"Num RefCount\n"),
        Err(Error::ProcParse { line: 1, .. })
    ));
    assert!(matches!(
        parse(format!("{header}{}", &good[..20]).as_bytes()),
        Err(Error::ProcParse { line: 2, .. })
    ));
}

#[test]
fn every_prefix_and_byte_corruption_fails_typed() {
    for cut in 0..RECORDED.len() {
        match parse(&RECORDED[..cut]) {
            Ok(_) | Err(Error::ProcParse { .. }) => {}
            Err(e) => panic!("prefix {cut}: {e}"),
        }
    }
    let mut buf = RECORDED.to_vec();
    for i in 0..buf.len() {
        let keep = buf[i];
        for b in [b' ', b'\n', b'F', 0, 0xff] {
            buf[i] = b;
            match parse(&buf) {
                Ok(_) | Err(Error::ProcParse { .. }) => {}
                Err(e) => panic!("byte {i} = {b}: {e}"),
            }
        }
        buf[i] = keep;
    }
}
