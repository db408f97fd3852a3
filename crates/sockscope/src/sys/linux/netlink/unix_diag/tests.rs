//! Unit tests of the unix_diag request and decoder over hand-built bytes.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::sys::linux::netlink::attrs::tests::attr;
use crate::Error;

/// A hand-built `unix_diag_msg` header.
pub(crate) fn header(kind: u8, state: u8, inode: u32) -> Vec<u8> {
    let mut v = vec![AF_UNIX, kind, state, 0];
    v.extend_from_slice(&inode.to_ne_bytes());
    v.extend_from_slice(&[0x11; 8]); // cookie
    v
}

fn rqlen(r: u32, w: u32) -> Vec<u8> {
    let mut p = r.to_ne_bytes().to_vec();
    p.extend_from_slice(&w.to_ne_bytes());
    attr(UNIX_DIAG_RQLEN, &p)
}

fn one(payload: &[u8]) -> UnixSocket {
    let mut out = Vec::new();
    decode_into(payload, 0, &mut out).unwrap();
    assert_eq!(out.len(), 1);
    out.remove(0)
}

#[test]
fn request_layout() {
    let r = request();
    assert_eq!(r[0], 1);
    assert_eq!(u32_at(&r, 4), u32::MAX);
    assert_eq!(u32_at(&r, 8), 0);
    assert_eq!(u32_at(&r, 12), 0x15); // NAME | PEER | RQLEN
}

#[test]
fn connected_stream_with_path_peer_and_queues() {
    let mut b = header(1, TCP_ESTABLISHED, 4242);
    b.extend(attr(UNIX_DIAG_NAME, b"/run/x.sock\0"));
    b.extend(attr(UNIX_DIAG_PEER, &4243u32.to_ne_bytes()));
    b.extend(rqlen(7, 9));
    b.extend(attr(6, &[0])); // UNIX_DIAG_SHUTDOWN: skipped
    let s = one(&b);
    assert_eq!(s.kind, UnixType::Stream);
    assert_eq!(s.state, UnixState::Connected);
    assert!(!s.listening);
    assert_eq!(s.inode, 4242);
    assert_eq!(s.path, Some(UnixPath::Path(b"/run/x.sock".to_vec().into())));
    assert_eq!(s.peer, Some(4243));
    assert_eq!((s.recv_q, s.send_q), (7, 9));
    assert_eq!((s.refcnt, s.proc_flags), (None, None));
}

#[test]
fn abstract_name_keeps_inner_nuls() {
    let mut b = header(2, 7, 10);
    b.extend(attr(UNIX_DIAG_NAME, b"\0ab\0c"));
    let s = one(&b);
    assert_eq!(s.kind, UnixType::Dgram);
    assert_eq!(s.state, UnixState::Unconnected);
    assert_eq!(s.path, Some(UnixPath::Abstract(b"ab\0c".to_vec().into())));
    assert_eq!(s.peer, None);
    assert_eq!((s.recv_q, s.send_q), (0, 0));
}

#[test]
fn unbound_and_empty_names() {
    let s = one(&header(5, 7, 1));
    assert_eq!((s.kind, s.path), (UnixType::Seqpacket, None));
    let mut b = header(1, 7, 1);
    b.extend(attr(UNIX_DIAG_NAME, b""));
    assert_eq!(one(&b).path, None);
}

#[test]
fn listener_brings_its_pending_connections() {
    let mut b = header(1, TCP_LISTEN, 100);
    b.extend(attr(UNIX_DIAG_NAME, b"\0srv"));
    b.extend(rqlen(2, 128));
    let mut out = Vec::new();
    decode_into(&b, 0, &mut out).unwrap();
    assert_eq!(out.len(), 3);
    let l = &out[0];
    assert!(l.listening);
    assert_eq!(
        (l.state, l.inode, l.recv_q, l.send_q),
        (UnixState::Unconnected, 100, 2, 128)
    );
    for e in &out[1..] {
        assert_eq!(e.state, UnixState::Connecting);
        assert!(!e.listening);
        assert_eq!((e.kind, e.inode, e.peer), (UnixType::Stream, 0, None));
        assert_eq!((e.recv_q, e.send_q), (0, 0));
        assert_eq!(e.path, Some(UnixPath::Abstract(b"srv".to_vec().into())));
    }
    // Queued bytes of a non-listener are not connections.
    let mut b = header(1, TCP_ESTABLISHED, 100);
    b.extend(rqlen(2, 0));
    assert_eq!(one(&b).recv_q, 2);
}

#[test]
fn malformed_fields_fail_typed_and_append_nothing() {
    let mut out = Vec::new();
    let mut b = header(1, TCP_LISTEN, 1);
    b.extend(rqlen(MAX_PENDING + 1, 0));
    assert!(matches!(
        decode_into(&b, 0, &mut out),
        Err(Error::Decode { offset: 0, .. })
    ));
    let mut b = header(1, 1, 1);
    b.extend(attr(UNIX_DIAG_RQLEN, &[0; 4]));
    assert!(matches!(
        decode_into(&b, 0, &mut out),
        Err(Error::Decode { offset: 16, .. })
    ));
    let mut b = header(1, 1, 1);
    b[0] = 2;
    assert!(matches!(
        decode_into(&b, 3, &mut out),
        Err(Error::Decode { offset: 3, .. })
    ));
    assert!(out.is_empty());
}

#[test]
fn every_prefix_decodes_or_fails_typed() {
    let mut b = header(1, TCP_LISTEN, 100);
    b.extend(attr(UNIX_DIAG_NAME, b"/p\0"));
    b.extend(attr(UNIX_DIAG_PEER, &5u32.to_ne_bytes()));
    b.extend(rqlen(1, 2));
    for cut in 0..b.len() {
        let mut out = Vec::new();
        match decode_into(&b[..cut], 0, &mut out) {
            Ok(()) => assert!(cut >= MSG_LEN),
            Err(Error::Decode { offset, .. }) => {
                assert!(offset <= cut);
                assert!(out.is_empty());
            }
            Err(e) => panic!("prefix {cut}: {e:?}"),
        }
    }
}
