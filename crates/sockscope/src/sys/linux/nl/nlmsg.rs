//! Netlink message framing, for any netlink protocol: building a dump
//! request (`nlmsghdr` + fixed body + attributes) and walking the messages
//! of one received datagram. Pure functions over byte slices; no socket I/O
//! here (that is `socket.rs`).
//!
//! Error policy for a dump: a datagram that cannot be framed, an
//! `NLMSG_ERROR`/`NLMSG_OVERRUN`, a non-zero code in `NLMSG_DONE` or an
//! unexpected message type fails the whole dump. Messages that are not ours
//! (other sequence number or port id) are skipped: they carry no socket of
//! this dump.

use super::attrs::ATTR_HDR_LEN;
use crate::{Error, Result};

/// Size of `struct nlmsghdr`.
pub(crate) const HDR_LEN: usize = 16;

const NLMSG_NOOP: u16 = 1;
const NLMSG_ERROR: u16 = 2;
const NLMSG_DONE: u16 = 3;
const NLMSG_OVERRUN: u16 = 4;

const NLM_F_REQUEST: u16 = 0x1;
/// `NLM_F_ROOT | NLM_F_MATCH`.
const NLM_F_DUMP: u16 = 0x300;

/// Round up to the 4-byte netlink alignment.
pub(crate) const fn align4(n: usize) -> usize {
    (n + 3) & !3
}

/// Build a dump request: header, fixed `body`, then `attrs` as (type, payload).
pub(crate) fn dump_request(kind: u16, seq: u32, body: &[u8], attrs: &[(u16, &[u8])]) -> Vec<u8> {
    let attrs_len: usize = attrs
        .iter()
        .map(|(_, p)| align4(ATTR_HDR_LEN + p.len()))
        .sum();
    let total = HDR_LEN + align4(body.len()) + attrs_len;
    let mut out = Vec::with_capacity(total);
    // Requests are a few dozen bytes; a length above u32 cannot be built here.
    out.extend_from_slice(&u32::try_from(total).unwrap_or(u32::MAX).to_ne_bytes());
    out.extend_from_slice(&kind.to_ne_bytes());
    out.extend_from_slice(&(NLM_F_REQUEST | NLM_F_DUMP).to_ne_bytes());
    out.extend_from_slice(&seq.to_ne_bytes());
    out.extend_from_slice(&0u32.to_ne_bytes()); // port id: filled in by the kernel
    out.extend_from_slice(body);
    out.resize(HDR_LEN + align4(body.len()), 0);
    for (ty, payload) in attrs {
        let len = u16::try_from(ATTR_HDR_LEN + payload.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&len.to_ne_bytes());
        out.extend_from_slice(&ty.to_ne_bytes());
        out.extend_from_slice(payload);
        out.resize(align4(out.len()), 0);
    }
    out
}

/// Which messages belong to our dump, and the type of its data messages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Expect {
    pub seq: u32,
    pub port_id: u32,
    /// Type of the data messages (`SOCK_DIAG_BY_FAMILY`, `RTM_NEWROUTE`, ...).
    pub reply: u16,
}

/// Whether the dump goes on after this datagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Progress {
    More,
    Done,
}

/// Walk the messages of one datagram. `on_msg(payload, offset)` gets the
/// payload of each message of type `expect.reply` and its offset in the
/// dump stream (`base` is the stream offset of `buf[0]`). Stops at `NLMSG_DONE`.
pub(crate) fn walk_datagram(
    buf: &[u8],
    base: usize,
    expect: Expect,
    what: &'static str,
    on_msg: &mut dyn FnMut(&[u8], usize) -> Result<()>,
) -> Result<Progress> {
    let mut pos = 0;
    while pos < buf.len() {
        let at = base + pos;
        let rest = &buf[pos..];
        let hdr = rest
            .get(..HDR_LEN)
            .ok_or_else(|| decode("nlmsghdr", at, "truncated header"))?;
        let len = usize::try_from(u32_at(hdr, 0)).unwrap_or(usize::MAX);
        if len < HDR_LEN {
            return Err(decode("nlmsghdr", at, "length smaller than the header"));
        }
        let msg = rest
            .get(..len)
            .ok_or_else(|| decode("nlmsghdr", at, "length beyond the datagram"))?;
        let kind = u16::from_ne_bytes([hdr[4], hdr[5]]);
        let seq = u32_at(hdr, 8);
        let port_id = u32_at(hdr, 12);
        let payload = &msg[HDR_LEN..];
        let payload_at = at + HDR_LEN;
        pos = pos.saturating_add(align4(len)).min(buf.len());
        if seq != expect.seq || port_id != expect.port_id {
            continue;
        }
        match kind {
            NLMSG_NOOP => {}
            NLMSG_DONE => {
                let code = error_code(payload, payload_at, "NLMSG_DONE")?;
                return match code {
                    0 => Ok(Progress::Done),
                    c => Err(rejected(what, c)),
                };
            }
            NLMSG_ERROR => {
                // Code 0 is an acknowledgement; a dump does not ask for one,
                // but it carries no data either.
                let code = error_code(payload, payload_at, "NLMSG_ERROR")?;
                if code != 0 {
                    return Err(rejected(what, code));
                }
            }
            NLMSG_OVERRUN => return Err(decode("nlmsghdr", at, "NLMSG_OVERRUN: data lost")),
            k if k == expect.reply => on_msg(payload, payload_at)?,
            _ => return Err(decode("nlmsghdr", at, "unexpected message type")),
        }
    }
    Ok(Progress::More)
}

/// The `int error` that opens `NLMSG_DONE` and `NLMSG_ERROR` payloads.
fn error_code(payload: &[u8], at: usize, what: &'static str) -> Result<i32> {
    let b = payload
        .get(..4)
        .ok_or(decode(what, at, "missing error code"))?;
    Ok(i32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
}

fn rejected(what: &'static str, code: i32) -> Error {
    // The kernel sends -errno; accept a positive value as the errno itself.
    let errno = if code < 0 { code.wrapping_neg() } else { code };
    Error::DumpRejected {
        what,
        source: std::io::Error::from_raw_os_error(errno),
    }
}

/// Native-endian u32 at `off`; callers have checked the length.
pub(crate) fn u32_at(b: &[u8], off: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[off..off + 4]);
    u32::from_ne_bytes(w)
}

/// A typed decode error.
pub(crate) fn decode(what: &'static str, offset: usize, reason: &'static str) -> Error {
    Error::Decode {
        what,
        offset,
        reason,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests {
    use super::*;

    /// A data message type for these tests (sock_diag's).
    const SOCK_DIAG_BY_FAMILY: u16 = 20;

    /// One message with header fields as given.
    pub(crate) fn msg(kind: u16, seq: u32, port: u32, payload: &[u8]) -> Vec<u8> {
        let len = (HDR_LEN + payload.len()) as u32;
        let mut v = Vec::new();
        v.extend_from_slice(&len.to_ne_bytes());
        v.extend_from_slice(&kind.to_ne_bytes());
        v.extend_from_slice(&2u16.to_ne_bytes()); // NLM_F_MULTI
        v.extend_from_slice(&seq.to_ne_bytes());
        v.extend_from_slice(&port.to_ne_bytes());
        v.extend_from_slice(payload);
        v.resize(align4(v.len()), 0);
        v
    }

    pub(crate) fn done(seq: u32, port: u32, code: i32) -> Vec<u8> {
        msg(NLMSG_DONE, seq, port, &code.to_ne_bytes())
    }

    const EXPECT: Expect = Expect {
        seq: 7,
        port_id: 99,
        reply: SOCK_DIAG_BY_FAMILY,
    };

    fn walk(buf: &[u8]) -> (Result<Progress>, Vec<(Vec<u8>, usize)>) {
        let mut seen = Vec::new();
        let r = walk_datagram(buf, 1000, EXPECT, "tcp", &mut |p, off| {
            seen.push((p.to_vec(), off));
            Ok(())
        });
        (r, seen)
    }

    #[test]
    fn request_layout() {
        let req = dump_request(SOCK_DIAG_BY_FAMILY, 5, &[1, 2, 3], &[(3, &[9, 9, 9, 9, 9])]);
        assert_eq!(req.len(), 16 + 4 + 12);
        assert_eq!(u32_at(&req, 0) as usize, req.len());
        assert_eq!(&req[4..6], &20u16.to_ne_bytes());
        assert_eq!(&req[6..8], &0x301u16.to_ne_bytes());
        assert_eq!(u32_at(&req, 8), 5);
        assert_eq!(&req[16..20], &[1, 2, 3, 0]);
        assert_eq!(&req[20..22], &9u16.to_ne_bytes());
        assert_eq!(&req[22..24], &3u16.to_ne_bytes());
        assert_eq!(&req[24..32], &[9, 9, 9, 9, 9, 0, 0, 0]);
    }

    #[test]
    fn data_then_done() {
        let mut buf = msg(SOCK_DIAG_BY_FAMILY, 7, 99, &[1, 2, 3, 4]);
        buf.extend(msg(SOCK_DIAG_BY_FAMILY, 7, 99, &[5; 5]));
        buf.extend(done(7, 99, 0));
        buf.extend(msg(SOCK_DIAG_BY_FAMILY, 7, 99, &[6; 4])); // after DONE: ignored
        let (r, seen) = walk(&buf);
        assert_eq!(r.unwrap(), Progress::Done);
        assert_eq!(seen, vec![(vec![1, 2, 3, 4], 1016), (vec![5; 5], 1036)]);
    }

    #[test]
    fn foreign_messages_are_skipped() {
        let mut buf = msg(SOCK_DIAG_BY_FAMILY, 8, 99, &[1; 4]);
        buf.extend(msg(SOCK_DIAG_BY_FAMILY, 7, 100, &[2; 4]));
        buf.extend(msg(NLMSG_NOOP, 7, 99, &[]));
        let (r, seen) = walk(&buf);
        assert_eq!(r.unwrap(), Progress::More);
        assert!(seen.is_empty());
    }

    #[test]
    fn done_with_error_is_rejected() {
        let (r, _) = walk(&done(7, 99, -libc::ENOENT));
        match r {
            Err(Error::DumpRejected { what, source }) => {
                assert_eq!(what, "tcp");
                assert_eq!(source.raw_os_error(), Some(libc::ENOENT));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn error_message_is_rejected_and_ack_is_not() {
        let mut payload = (-libc::EINVAL).to_ne_bytes().to_vec();
        payload.extend_from_slice(&[0; 16]);
        let (r, _) = walk(&msg(NLMSG_ERROR, 7, 99, &payload));
        assert!(
            matches!(r, Err(Error::DumpRejected { source, .. }) if source.raw_os_error() == Some(libc::EINVAL))
        );
        let (r, _) = walk(&msg(NLMSG_ERROR, 7, 99, &0i32.to_ne_bytes()));
        assert_eq!(r.unwrap(), Progress::More);
    }

    #[test]
    fn overrun_and_unknown_types_fail() {
        let (r, _) = walk(&msg(NLMSG_OVERRUN, 7, 99, &[]));
        assert!(matches!(r, Err(Error::Decode { offset: 1000, .. })));
        let (r, _) = walk(&msg(0x55, 7, 99, &[]));
        assert!(matches!(r, Err(Error::Decode { offset: 1000, .. })));
    }

    #[test]
    fn bad_lengths_fail_with_offset() {
        let mut buf = msg(SOCK_DIAG_BY_FAMILY, 7, 99, &[1; 4]);
        let mut bad = msg(SOCK_DIAG_BY_FAMILY, 7, 99, &[1; 4]);
        bad[..4].copy_from_slice(&8u32.to_ne_bytes());
        buf.extend(&bad);
        let (r, seen) = walk(&buf);
        assert!(
            matches!(r, Err(Error::Decode { offset: 1020, .. })),
            "{r:?}"
        );
        assert_eq!(seen.len(), 1);
    }

    #[test]
    fn every_prefix_decodes_or_fails_typed() {
        let mut buf = msg(SOCK_DIAG_BY_FAMILY, 7, 99, &[1; 9]);
        buf.extend(done(7, 99, -libc::ENOENT));
        for cut in 0..buf.len() {
            let (r, _) = walk(&buf[..cut]);
            match r {
                Ok(Progress::More) => {}
                Err(Error::Decode { offset, .. }) => {
                    assert!(offset >= 1000 && offset <= 1000 + cut)
                }
                other => panic!("prefix {cut}: {other:?}"),
            }
        }
    }
}
