//! Unit tests of the netlink_diag request and decoder over hand-built bytes.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::sys::linux::netlink::attrs::tests::attr;
use crate::Error;

/// A `netlink_diag_msg`.
pub(crate) fn msg(protocol: u8, state: u8, portid: u32, dst: (u32, u32), inode: u32) -> Vec<u8> {
    let mut v = vec![AF_NETLINK, 3, protocol, state];
    for w in [portid, dst.0, dst.1, inode, 0x8d6d2, 0] {
        v.extend_from_slice(&w.to_ne_bytes());
    }
    v
}

/// A bitmap of native words with `groups` set.
fn bitmap(groups: &[u32], bytes: usize) -> Vec<u8> {
    const W: usize = size_of::<usize>();
    let mut words = vec![0usize; bytes.div_ceil(W)];
    for g in groups {
        let bit = (*g - 1) as usize;
        words[bit / (W * 8)] |= 1 << (bit % (W * 8));
    }
    let mut v: Vec<u8> = words.iter().flat_map(|w| w.to_ne_bytes()).collect();
    v.truncate(bytes);
    v
}

pub(crate) fn full() -> Vec<u8> {
    let mut v = msg(0, 0, 18180, (0, 0), 1_771_895);
    let mem: Vec<u8> = [832u32, 212_992, 4352, 212_992, 0, 0, 0, 0, 2]
        .iter()
        .flat_map(|x| x.to_ne_bytes())
        .collect();
    v.extend(attr(NETLINK_DIAG_MEMINFO, &mem));
    v.extend(attr(NETLINK_DIAG_GROUPS, &bitmap(&[1, 5, 64, 65], 16)));
    v.extend(attr(NETLINK_DIAG_FLAGS, &0x21u32.to_ne_bytes()));
    v.extend(attr(77, &[0; 3])); // unknown: ignored
    v
}

#[test]
fn request_layout() {
    let r = request();
    assert_eq!((r[0], r[1]), (16, 255));
    assert_eq!(u32::from_ne_bytes(r[8..12].try_into().unwrap()), 0x0b);
}

#[test]
fn full_message_decodes() {
    let s = decode(&full(), 0).unwrap();
    assert_eq!((s.protocol, s.sock_type, s.state), (0, 3, Some(0)));
    assert_eq!((s.portid, s.dst_portid, s.dst_group), (18180, 0, 0));
    assert_eq!((s.inode, s.cookie), (1_771_895, 0x8d6d2));
    assert_eq!((s.recv_q, s.send_q, s.drops), (832, 4352, 2));
    assert_eq!(s.groups, vec![1, 5, 64, 65]);
    assert_eq!(s.flags, Some(0x21));
}

#[test]
fn connected_socket_without_attributes() {
    let s = decode(&msg(16, 1, 7, (0, 3), 5), 0).unwrap();
    assert_eq!((s.state, s.dst_portid, s.dst_group), (Some(1), 0, 3));
    assert!(s.groups.is_empty() && s.flags.is_none());
}

#[test]
fn group_bitmaps_of_any_length() {
    assert_eq!(groups(&[]), Vec::<u32>::new());
    assert_eq!(groups(&bitmap(&[1], 4)), vec![1]);
    assert_eq!(groups(&bitmap(&[3, 32], 4)), vec![3, 32]);
    assert_eq!(groups(&[0; 32]), Vec::<u32>::new());
}

#[test]
fn short_or_foreign_messages_fail_typed() {
    let e = decode(&msg(0, 0, 0, (0, 0), 1)[..27], 8).unwrap_err();
    assert!(
        matches!(
            e,
            Error::Decode {
                what: "netlink_diag_msg",
                offset: 8,
                ..
            }
        ),
        "{e}"
    );
    let mut v = msg(0, 0, 0, (0, 0), 1);
    v[0] = 17;
    assert!(matches!(decode(&v, 0), Err(Error::Decode { .. })));
    let mut v = msg(0, 0, 0, (0, 0), 1);
    v.extend(attr(NETLINK_DIAG_FLAGS, &[1, 2]));
    let e = decode(&v, 0).unwrap_err();
    assert!(
        matches!(
            e,
            Error::Decode {
                what: "NETLINK_DIAG_FLAGS",
                offset: 28,
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
