//! The optional inet_diag attributes behind [`InetDetails`]: which extension
//! bits to request, and the decoder of each attribute. Pure byte code.
//!
//! What the kernel sends (net/ipv4/inet_diag.c, 6.x): `SHUTDOWN`,
//! `CGROUP_ID` and `SOCKOPT` always for full sockets; `MARK` only when the
//! requester has CAP_NET_ADMIN; `TOS` and (IPv6) `TCLASS` plus `CLASS_ID`
//! when their extension bit is set; `SKV6ONLY` for IPv6 listening/closed
//! sockets; `INFO` and `CONG` for TCP when asked. TIME_WAIT sockets carry
//! none of these; request sockets at most `MARK`.
//!
//! MPTCP sockets answer `INET_DIAG_INFO` with `mptcp_info` (decoded by
//! offset like `tcp_info`, see `mptcp_info.rs`) and have no congestion
//! algorithm of their own.
//!
//! Length policy: `tcp_info` and `skmeminfo` are arrays the kernel grows,
//! read by offset (short zero-filled, extra ignored); fixed scalars shorter
//! than their type are a decode error, like every other attribute.

use super::attrs::Attr;
use super::mptcp_info;
use super::tcp_info::RawTcpInfo;
use crate::model::{InetDetails, InetProto, Skmem};
use crate::Result;

pub(super) const INET_DIAG_INFO: u16 = 2;
const INET_DIAG_CONG: u16 = 4;
const INET_DIAG_TOS: u16 = 5;
const INET_DIAG_TCLASS: u16 = 6;
const INET_DIAG_SKMEMINFO: u16 = 7;
const INET_DIAG_SHUTDOWN: u16 = 8;
const INET_DIAG_SKV6ONLY: u16 = 11;
const INET_DIAG_MARK: u16 = 15;
const INET_DIAG_CLASS_ID: u16 = 17;
const INET_DIAG_CGROUP_ID: u16 = 21;

/// The `idiag_ext` bit that requests attribute `kind` (1..=8 only).
const fn bit(kind: u16) -> u8 {
    1 << (kind - 1)
}

/// `idiag_ext` for a dump of `proto`: `tcp_info` alone (netstat `-o`), or
/// every detail the kernel offers (`details`). Only TCP has `tcp_info` and a
/// congestion algorithm; MPTCP has `mptcp_info` (with `details`).
pub(super) fn extensions(proto: InetProto, tcp_info: bool, details: bool) -> u8 {
    let tcp = proto == InetProto::Tcp;
    let mut ext = 0;
    if (tcp && (tcp_info || details)) || (proto == InetProto::Mptcp && details) {
        ext |= bit(INET_DIAG_INFO);
    }
    if details {
        ext |= bit(INET_DIAG_TOS) | bit(INET_DIAG_TCLASS) | bit(INET_DIAG_SKMEMINFO);
        if tcp {
            ext |= bit(INET_DIAG_CONG);
        }
    }
    ext
}

/// Fold one attribute into `d`; attributes that are not details are left
/// alone (the caller handles them). `proto` guards TCP-only attributes.
pub(crate) fn absorb(d: &mut InetDetails, a: &Attr<'_>, proto: InetProto) -> Result<()> {
    match a.kind {
        INET_DIAG_INFO if proto == InetProto::Tcp => {
            d.tcp_info = Some(RawTcpInfo::new(a.payload).decode());
        }
        INET_DIAG_INFO if proto == InetProto::Mptcp => {
            d.mptcp = Some(mptcp_info::decode(a.payload));
        }
        INET_DIAG_CONG if proto == InetProto::Tcp => d.congestion = Some(c_string(a.payload)),
        INET_DIAG_SKMEMINFO => d.skmem = Some(skmem(a.payload)),
        INET_DIAG_TOS => d.tos = Some(a.fixed::<1>("INET_DIAG_TOS")?[0]),
        INET_DIAG_TCLASS => d.tclass = Some(a.fixed::<1>("INET_DIAG_TCLASS")?[0]),
        INET_DIAG_SHUTDOWN => d.shutdown = Some(a.fixed::<1>("INET_DIAG_SHUTDOWN")?[0]),
        INET_DIAG_SKV6ONLY => d.v6only = Some(a.fixed::<1>("INET_DIAG_SKV6ONLY")?[0] != 0),
        INET_DIAG_MARK => d.mark = Some(a.u32("INET_DIAG_MARK")?),
        INET_DIAG_CLASS_ID => d.class_id = Some(a.u32("INET_DIAG_CLASS_ID")?),
        INET_DIAG_CGROUP_ID => {
            d.cgroup_id = Some(u64::from_ne_bytes(a.fixed("INET_DIAG_CGROUP_ID")?));
        }
        _ => {}
    }
    Ok(())
}

/// A NUL-terminated (or unterminated) name; bytes that are not UTF-8 are
/// replaced, as this is a kernel module name.
fn c_string(b: &[u8]) -> Box<str> {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(&b[..end]).into()
}

/// `u32 skmeminfo[SK_MEMINFO_VARS]`, of whatever length the kernel sent.
pub(super) fn skmem(b: &[u8]) -> Skmem {
    let at = |i: usize| {
        b.get(i * 4..i * 4 + 4)
            .map_or(0, |w| u32::from_ne_bytes([w[0], w[1], w[2], w[3]]))
    };
    Skmem {
        rmem_alloc: at(0),
        rcvbuf: at(1),
        wmem_alloc: at(2),
        sndbuf: at(3),
        fwd_alloc: at(4),
        wmem_queued: at(5),
        optmem: at(6),
        backlog: at(7),
        drops: at(8),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::attrs::{tests::attr, Attrs};
    use super::*;
    use crate::Error;

    fn absorb_all(buf: &[u8], proto: InetProto) -> Result<InetDetails> {
        let mut d = InetDetails::default();
        for a in Attrs::new(buf, 0) {
            absorb(&mut d, &a?, proto)?;
        }
        Ok(d)
    }

    #[test]
    fn extension_bits() {
        assert_eq!(extensions(InetProto::Tcp, false, false), 0);
        assert_eq!(extensions(InetProto::Tcp, true, false), 0x02);
        assert_eq!(extensions(InetProto::Udp, true, false), 0);
        // INFO | CONG | TOS | TCLASS | SKMEMINFO
        assert_eq!(
            extensions(InetProto::Tcp, false, true),
            0x02 | 0x08 | 0x10 | 0x20 | 0x40
        );
        assert_eq!(extensions(InetProto::Udp, true, true), 0x10 | 0x20 | 0x40);
    }

    #[test]
    fn every_detail_attribute_decodes() {
        let mut buf = attr(INET_DIAG_CONG, b"cubic\0");
        buf.extend(attr(INET_DIAG_TOS, &[0x10]));
        buf.extend(attr(INET_DIAG_TCLASS, &[0x20]));
        buf.extend(attr(INET_DIAG_SHUTDOWN, &[3]));
        buf.extend(attr(INET_DIAG_SKV6ONLY, &[1]));
        buf.extend(attr(INET_DIAG_MARK, &0x77u32.to_ne_bytes()));
        buf.extend(attr(INET_DIAG_CLASS_ID, &6u32.to_ne_bytes()));
        buf.extend(attr(
            INET_DIAG_CGROUP_ID,
            &0x1234_5678_9abcu64.to_ne_bytes(),
        ));
        let mem: Vec<u8> = (1u32..=9).flat_map(u32::to_ne_bytes).collect();
        buf.extend(attr(INET_DIAG_SKMEMINFO, &mem));
        buf.extend(attr(99, &[1, 2, 3])); // unknown: ignored
        let d = absorb_all(&buf, InetProto::Tcp).unwrap();
        assert_eq!(d.congestion.as_deref(), Some("cubic"));
        assert_eq!(
            (d.tos, d.tclass, d.shutdown),
            (Some(0x10), Some(0x20), Some(3))
        );
        assert_eq!((d.mark, d.class_id), (Some(0x77), Some(6)));
        assert_eq!(
            (d.cgroup_id, d.v6only),
            (Some(0x1234_5678_9abc), Some(true))
        );
        let m = d.skmem.unwrap();
        assert_eq!((m.rmem_alloc, m.sndbuf, m.drops), (1, 4, 9));
        assert!(d.tcp_info.is_none());
    }

    #[test]
    fn tcp_only_attributes_are_ignored_for_udp() {
        let mut buf = attr(INET_DIAG_CONG, b"cubic\0");
        buf.extend(attr(INET_DIAG_INFO, &[1; 104]));
        let d = absorb_all(&buf, InetProto::Udp).unwrap();
        assert!(d.is_empty());
    }

    #[test]
    fn short_skmeminfo_zero_fills_and_short_scalars_fail_typed() {
        let d = absorb_all(&attr(INET_DIAG_SKMEMINFO, &[5, 0, 0, 0, 9]), InetProto::Udp).unwrap();
        assert_eq!(
            d.skmem.unwrap(),
            Skmem {
                rmem_alloc: 5,
                ..Skmem::default()
            }
        );
        let e = absorb_all(&attr(INET_DIAG_CGROUP_ID, &[1, 2, 3]), InetProto::Tcp);
        assert!(matches!(
            e,
            Err(Error::Decode {
                what: "INET_DIAG_CGROUP_ID",
                ..
            })
        ));
        let e = absorb_all(&attr(INET_DIAG_TOS, &[]), InetProto::Tcp);
        assert!(matches!(e, Err(Error::Decode { .. })));
    }

    #[test]
    fn congestion_name_without_nul_or_utf8() {
        let d = absorb_all(&attr(INET_DIAG_CONG, b"bbr"), InetProto::Tcp).unwrap();
        assert_eq!(d.congestion.as_deref(), Some("bbr"));
        let d = absorb_all(&attr(INET_DIAG_CONG, b"x\xff\0junk"), InetProto::Tcp).unwrap();
        assert_eq!(d.congestion.as_deref(), Some("x\u{fffd}"));
    }
}
