//! Unit tests of the packet_diag request and decoder over hand-built bytes.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::model::ETH_P_ALL;
use crate::sys::linux::netlink::attrs::tests::attr;
use crate::Error;

/// A `packet_diag_msg`: type, protocol (host order), inode, cookie.
pub(crate) fn msg(kind: u8, protocol: u16, inode: u32, cookie: u64) -> Vec<u8> {
    let mut v = vec![AF_PACKET, kind];
    v.extend_from_slice(&protocol.to_ne_bytes());
    v.extend_from_slice(&inode.to_ne_bytes());
    v.extend_from_slice(&(cookie as u32).to_ne_bytes());
    v.extend_from_slice(&((cookie >> 32) as u32).to_ne_bytes());
    v
}

fn words(w: &[u32]) -> Vec<u8> {
    w.iter().flat_map(|x| x.to_ne_bytes()).collect()
}

/// A full message as the kernel sends it for a bound, running socket.
pub(crate) fn full() -> Vec<u8> {
    let mut v = msg(3, ETH_P_ALL, 1_771_892, 0x5c655);
    v.extend(attr(PACKET_DIAG_INFO, &words(&[1, 2, 16, 0, 0, 1 | 2])));
    v.extend(attr(
        PACKET_DIAG_RX_RING,
        &words(&[4096, 8, 2048, 16, 60, 0, 0]),
    ));
    v.extend(attr(
        PACKET_DIAG_FANOUT,
        &(7u32 | (1 << 16) | (0x10 << 24)).to_ne_bytes(),
    ));
    v.extend(attr(PACKET_DIAG_UID, &1000u32.to_ne_bytes()));
    v.extend(attr(
        PACKET_DIAG_MEMINFO,
        &words(&[5010, 212_992, 768, 212_992, 0, 0, 0, 0, 3]),
    ));
    v.extend(attr(99, &[1, 2, 3])); // unknown: ignored
    v
}

#[test]
fn request_layout() {
    let r = request();
    assert_eq!(r.len(), 20);
    assert_eq!((r[0], r[1]), (17, 0));
    assert_eq!(u32::from_ne_bytes(r[4..8].try_into().unwrap()), 0);
    assert_eq!(u32::from_ne_bytes(r[8..12].try_into().unwrap()), 0x1d);
}

#[test]
fn full_message_decodes() {
    let s = decode(&full(), 100).unwrap();
    assert_eq!(s.kind, PacketType::Raw);
    assert_eq!(s.protocol, ETH_P_ALL);
    assert_eq!((s.ifindex, s.running, s.uid), (1, true, 1000));
    assert_eq!((s.inode, s.cookie), (1_771_892, 0x5c655));
    assert_eq!((s.recv_q, s.send_q, s.drops), (5010, 768, 3));
    let d = s.details.unwrap();
    assert_eq!((d.version, d.reserve, d.flags), (2, 16, 3));
    let r = d.rx_ring.unwrap();
    assert_eq!(
        (
            r.block_size,
            r.block_nr,
            r.frame_size,
            r.frame_nr,
            r.retire_tmo
        ),
        (4096, 8, 2048, 16, 60)
    );
    assert!(d.tx_ring.is_none());
    assert_eq!(
        d.fanout.unwrap(),
        PacketFanout {
            id: 7,
            mode: 1,
            flags: 0x10
        }
    );
    assert_eq!(d.skmem.unwrap().rcvbuf, 212_992);
}

#[test]
fn bare_message_is_unbound_and_has_no_details() {
    let s = decode(&msg(2, 0x0800, 9, 0), 0).unwrap();
    assert_eq!(s.kind, PacketType::Dgram);
    assert_eq!(
        (s.protocol, s.ifindex, s.running, s.uid),
        (0x0800, 0, false, 0)
    );
    assert!(s.details.is_none());
}

#[test]
fn short_or_foreign_messages_fail_typed() {
    let e = decode(&msg(3, 3, 1, 0)[..15], 40).unwrap_err();
    assert!(
        matches!(
            e,
            Error::Decode {
                what: "packet_diag_msg",
                offset: 40,
                ..
            }
        ),
        "{e}"
    );
    let mut v = msg(3, 3, 1, 0);
    v[0] = 2;
    assert!(matches!(decode(&v, 0), Err(Error::Decode { .. })));
    let mut v = msg(3, 3, 1, 0);
    v.extend(attr(PACKET_DIAG_INFO, &[0; 20]));
    let e = decode(&v, 0).unwrap_err();
    assert!(
        matches!(
            e,
            Error::Decode {
                what: "PACKET_DIAG_INFO",
                offset: 16,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn every_prefix_decodes_or_fails_typed() {
    let full = full();
    for cut in 0..=full.len() {
        match decode(&full[..cut], 0) {
            Ok(_) => assert!(cut >= MSG_LEN),
            Err(Error::Decode { offset, .. }) => assert!(offset <= cut),
            Err(e) => panic!("prefix {cut}: {e}"),
        }
    }
}
