//! Replay of recorded ctnetlink dumps (tests/data/ctnetlink/, see its
//! README): decoding, the kernel's EPERM answer, truncated payloads and
//! unknown attributes.

use std::net::IpAddr;

use super::*;
use crate::sys::linux::nl::nlmsg::{walk_datagram, Expect, Progress};
use crate::Error;

fn data(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../tests/data/ctnetlink/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// (seq, port id) of the first message: the recording's own.
fn expect_of(stream: &[u8]) -> Expect {
    let w = |o: usize| u32::from_ne_bytes(stream[o..o + 4].try_into().unwrap());
    Expect {
        seq: w(8),
        port_id: w(12),
        reply: MSG_CT_NEW,
    }
}

/// Every payload of the stream, through the real framing code.
fn payloads(stream: &[u8]) -> (Result<Progress>, Vec<(Vec<u8>, usize)>) {
    let mut seen = Vec::new();
    let r = walk_datagram(stream, 0, expect_of(stream), "conntrack", &mut |p, at| {
        seen.push((p.to_vec(), at));
        Ok(())
    });
    (r, seen)
}

fn entries() -> Vec<ConntrackEntry> {
    let (r, seen) = payloads(&data("nat-dump.bin"));
    assert_eq!(r.unwrap(), Progress::Done);
    seen.iter()
        .map(|(p, at)| decode(p, *at).unwrap().unwrap())
        .collect()
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

#[test]
fn recorded_dump_decodes_every_entry() {
    let e = entries();
    assert_eq!(e.len(), 6);
    let tcp = &e[0];
    assert_eq!((tcp.family, tcp.protocol), (Family::Inet, 6));
    assert_eq!(
        tcp.original,
        Tuple {
            src: ip("10.251.1.5"),
            dst: ip("10.251.1.2"),
            l4: L4Ids::Ports {
                src: 41373,
                dst: 8080
            }
        }
    );
    assert_eq!(
        tcp.reply,
        Tuple {
            src: ip("10.251.1.2"),
            dst: ip("10.251.1.1"),
            l4: L4Ids::Ports {
                src: 8080,
                dst: 40000
            }
        }
    );
    assert!(tcp
        .status
        .has(CtStatus::SRC_NAT | CtStatus::ASSURED | CtStatus::CONFIRMED));
    assert!(!tcp.status.has(CtStatus::DST_NAT));
    assert_eq!(tcp.state.as_deref(), Some("ESTABLISHED"));
    assert!(tcp.timeout.is_some_and(|t| t > 400_000));
    assert_eq!(tcp.mark, Some(0));
    assert!(tcp.id.is_some());

    let nat: Vec<_> = e.iter().map(|e| e.status.is_nat()).collect();
    assert_eq!(nat, [true, false, true, true, true, false]);

    let icmp = &e[2];
    assert_eq!(icmp.protocol, 1);
    assert_eq!(
        icmp.original.l4,
        L4Ids::Icmp {
            id: 4660,
            kind: 8,
            code: 0
        }
    );
    assert_eq!(
        icmp.reply.l4,
        L4Ids::Icmp {
            id: 4660,
            kind: 0,
            code: 0
        }
    );
    assert_eq!(icmp.state, None);

    let v6 = &e[4];
    assert_eq!((v6.family, v6.protocol), (Family::Inet6, 17));
    assert_eq!(v6.original.src, ip("fd51::5"));
    assert_eq!(v6.reply.dst, ip("fd51::1"));
}

#[test]
fn eperm_is_a_typed_rejection() {
    let (r, seen) = payloads(&data("eperm.bin"));
    assert!(seen.is_empty());
    match r {
        Err(Error::DumpRejected { what, source }) => {
            assert_eq!(what, "conntrack");
            assert_eq!(source.raw_os_error(), Some(libc::EPERM));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_truncated_payload_decodes_or_fails_typed() {
    let (_, seen) = payloads(&data("nat-dump.bin"));
    for (p, at) in &seen {
        for cut in 0..p.len() {
            match decode(&p[..cut], *at) {
                Ok(_) => {}
                Err(Error::Decode { offset, .. }) => assert!(offset >= *at && offset <= at + cut),
                Err(other) => panic!("cut {cut}: {other:?}"),
            }
        }
    }
}

#[test]
fn unknown_attributes_are_ignored() {
    let (_, seen) = payloads(&data("nat-dump.bin"));
    let (p, at) = &seen[0];
    let mut longer = p.clone();
    // A future top-level attribute (type 200) and a nested one (flag 0x8000).
    longer.extend_from_slice(&[8, 0, 200, 0, 1, 2, 3, 4]);
    longer.extend_from_slice(&[12, 0, 201, 0x80, 8, 0, 1, 0, 9, 9, 9, 9]);
    assert_eq!(decode(&longer, *at).unwrap(), decode(p, *at).unwrap());
}

#[test]
fn other_families_are_skipped_and_missing_tuples_fail() {
    assert_eq!(decode(&[7, 0, 0, 0], 0).unwrap(), None);
    assert!(matches!(
        decode(&[2, 0, 0, 0], 0),
        Err(Error::Decode { .. })
    ));
    assert!(matches!(decode(&[2, 0], 0), Err(Error::Decode { .. })));
}
