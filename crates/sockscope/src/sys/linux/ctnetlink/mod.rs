//! ctnetlink: dump the conntrack table of the current network namespace over
//! NETLINK_NETFILTER (`IPCTNL_MSG_CT_GET` with `NLM_F_DUMP`) and decode each
//! `IPCTNL_MSG_CT_NEW` reply into a [`ConntrackEntry`].
//!
//! Socket I/O and message framing are `netlink::socket` / `netlink::nlmsg`'s;
//! this file holds the request, the attribute numbers
//! (`linux/netfilter/nfnetlink_conntrack.h`) and a pure decoder. Unknown
//! attributes are skipped (newer kernels add some); a missing tuple or a
//! truncated attribute is a typed [`Decode`](crate::Error::Decode) error that
//! fails the dump. Entries of families other than IPv4/IPv6 are skipped.
//!
//! Needs CAP_NET_ADMIN: without it the kernel answers EPERM
//! ([`DumpRejected`](crate::Error::DumpRejected)).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::nl::attrs::{Attr, Attrs};
use super::nl::nlmsg::decode as err;
use super::nl::socket::{dump as nl_dump, DumpRequest};
use crate::model::{ConntrackEntry, CtStatus, Family, L4Ids, SeqAdjust, Tuple};
use crate::Result;

/// `NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_GET`.
pub(crate) const MSG_CT_GET: u16 = 0x0101;
/// `NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_NEW`: every dumped entry.
pub(crate) const MSG_CT_NEW: u16 = 0x0100;
/// Size of `struct nfgenmsg` (family, version, big-endian resource id).
const NFGENMSG_LEN: usize = 4;

const AF_INET: u8 = 2;
const AF_INET6: u8 = 10;

// enum ctattr_type
const CTA_TUPLE_ORIG: u16 = 1;
const CTA_TUPLE_REPLY: u16 = 2;
const CTA_STATUS: u16 = 3;
const CTA_PROTOINFO: u16 = 4;
const CTA_TIMEOUT: u16 = 7;
const CTA_MARK: u16 = 8;
const CTA_ID: u16 = 12;
const CTA_SEQ_ADJ_ORIG: u16 = 15;
const CTA_ZONE: u16 = 18;
// enum ctattr_tuple
const CTA_TUPLE_IP: u16 = 1;
const CTA_TUPLE_PROTO: u16 = 2;
// enum ctattr_ip
const CTA_IP_V4_SRC: u16 = 1;
const CTA_IP_V4_DST: u16 = 2;
const CTA_IP_V6_SRC: u16 = 3;
const CTA_IP_V6_DST: u16 = 4;
// enum ctattr_l4proto
const CTA_PROTO_NUM: u16 = 1;
const CTA_PROTO_SRC_PORT: u16 = 2;
const CTA_PROTO_DST_PORT: u16 = 3;
const CTA_PROTO_ICMP_ID: u16 = 4;
const CTA_PROTO_ICMP_TYPE: u16 = 5;
const CTA_PROTO_ICMP_CODE: u16 = 6;
const CTA_PROTO_ICMPV6_ID: u16 = 7;
const CTA_PROTO_ICMPV6_TYPE: u16 = 8;
const CTA_PROTO_ICMPV6_CODE: u16 = 9;
// enum ctattr_protoinfo / ctattr_protoinfo_tcp
const CTA_PROTOINFO_TCP: u16 = 1;
const CTA_PROTOINFO_TCP_STATE: u16 = 1;
// enum ctattr_seqadj
const CTA_SEQADJ_CORRECTION_POS: u16 = 1;
const CTA_SEQADJ_OFFSET_BEFORE: u16 = 2;
const CTA_SEQADJ_OFFSET_AFTER: u16 = 3;

/// `tcp_conntrack_names` of the kernel, indexed by `enum tcp_conntrack`.
const TCP_STATES: [&str; 10] = [
    "NONE",
    "SYN_SENT",
    "SYN_RECV",
    "ESTABLISHED",
    "FIN_WAIT",
    "CLOSE_WAIT",
    "LAST_ACK",
    "TIME_WAIT",
    "CLOSE",
    "SYN_SENT2",
];

/// Dump every conntrack entry of this network namespace (both families),
/// appending to `out` in kernel order. On error `out` is left as it was.
pub fn dump(out: &mut Vec<ConntrackEntry>) -> Result<()> {
    let before = out.len();
    let body = request();
    let req = DumpRequest {
        protocol: libc::NETLINK_NETFILTER,
        request: MSG_CT_GET,
        reply: MSG_CT_NEW,
        body: &body,
    };
    let r = nl_dump(req, "conntrack", &mut |payload, offset| {
        if let Some(e) = decode(payload, offset)? {
            out.push(e);
        }
        Ok(())
    });
    if r.is_err() {
        out.truncate(before);
    }
    r
}

/// The request body: `struct nfgenmsg` for all families (AF_UNSPEC).
pub(crate) fn request() -> [u8; NFGENMSG_LEN] {
    [0, 0, 0, 0]
}

/// Decode one `IPCTNL_MSG_CT_NEW` payload whose first byte is at stream
/// offset `at`. `Ok(None)` for an entry of a family other than IPv4/IPv6.
pub fn decode(payload: &[u8], at: usize) -> Result<Option<ConntrackEntry>> {
    let hdr = payload
        .get(..NFGENMSG_LEN)
        .ok_or(err("nfgenmsg", at, "truncated nfgenmsg"))?;
    let family = match hdr[0] {
        AF_INET => Family::Inet,
        AF_INET6 => Family::Inet6,
        _ => return Ok(None),
    };
    let mut orig = None;
    let mut reply = None;
    let mut e = ConntrackEntry {
        family,
        protocol: 0,
        original: empty_tuple(family),
        reply: empty_tuple(family),
        status: CtStatus::default(),
        timeout: None,
        state: None,
        mark: None,
        zone: None,
        id: None,
        seq_adjust_orig: None,
    };
    for a in Attrs::new(&payload[NFGENMSG_LEN..], at + NFGENMSG_LEN) {
        let a = a?;
        match a.kind {
            CTA_TUPLE_ORIG => orig = Some(tuple(&a)?),
            CTA_TUPLE_REPLY => reply = Some(tuple(&a)?),
            CTA_STATUS => e.status = CtStatus(be32(&a, "CTA_STATUS")?),
            CTA_PROTOINFO => e.state = protoinfo(&a)?,
            CTA_TIMEOUT => e.timeout = Some(be32(&a, "CTA_TIMEOUT")?),
            CTA_MARK => e.mark = Some(be32(&a, "CTA_MARK")?),
            CTA_ID => e.id = Some(be32(&a, "CTA_ID")?),
            CTA_ZONE => e.zone = Some(u16::from_be_bytes(a.fixed::<2>("CTA_ZONE")?)),
            CTA_SEQ_ADJ_ORIG => e.seq_adjust_orig = Some(seq_adjust(&a)?),
            _ => {}
        }
    }
    let (Some((proto, original)), Some((_, reply))) = (orig, reply) else {
        return Err(err("conntrack", at, "entry without both tuples"));
    };
    e.protocol = proto;
    e.original = original;
    e.reply = reply;
    Ok(Some(e))
}

fn empty_tuple(family: Family) -> Tuple {
    Tuple {
        src: family.unspecified(),
        dst: family.unspecified(),
        l4: L4Ids::None,
    }
}

/// A nested `CTA_TUPLE_*`: (protocol number, tuple).
fn tuple(outer: &Attr<'_>) -> Result<(u8, Tuple)> {
    let (mut src, mut dst) = (None, None);
    let mut proto = None;
    let (mut sport, mut dport) = (None, None);
    let (mut id, mut kind, mut code) = (None, None, None);
    for a in Attrs::new(outer.payload, outer.offset + 4) {
        let a = a?;
        match a.kind {
            CTA_TUPLE_IP => {
                for ip in Attrs::new(a.payload, a.offset + 4) {
                    let ip = ip?;
                    match ip.kind {
                        CTA_IP_V4_SRC => src = Some(v4(&ip)?),
                        CTA_IP_V4_DST => dst = Some(v4(&ip)?),
                        CTA_IP_V6_SRC => src = Some(v6(&ip)?),
                        CTA_IP_V6_DST => dst = Some(v6(&ip)?),
                        _ => {}
                    }
                }
            }
            CTA_TUPLE_PROTO => {
                for p in Attrs::new(a.payload, a.offset + 4) {
                    let p = p?;
                    match p.kind {
                        CTA_PROTO_NUM => proto = Some(p.fixed::<1>("CTA_PROTO_NUM")?[0]),
                        CTA_PROTO_SRC_PORT => sport = Some(be16(&p, "CTA_PROTO_SRC_PORT")?),
                        CTA_PROTO_DST_PORT => dport = Some(be16(&p, "CTA_PROTO_DST_PORT")?),
                        CTA_PROTO_ICMP_ID | CTA_PROTO_ICMPV6_ID => {
                            id = Some(be16(&p, "CTA_PROTO_ICMP_ID")?)
                        }
                        CTA_PROTO_ICMP_TYPE | CTA_PROTO_ICMPV6_TYPE => {
                            kind = Some(p.fixed::<1>("CTA_PROTO_ICMP_TYPE")?[0])
                        }
                        CTA_PROTO_ICMP_CODE | CTA_PROTO_ICMPV6_CODE => {
                            code = Some(p.fixed::<1>("CTA_PROTO_ICMP_CODE")?[0])
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    let missing = |what| err("CTA_TUPLE", outer.offset, what);
    let src = src.ok_or(missing("tuple without source address"))?;
    let dst = dst.ok_or(missing("tuple without destination address"))?;
    let proto = proto.ok_or(missing("tuple without protocol number"))?;
    let l4 = match (sport, dport, id, kind) {
        (Some(src), Some(dst), _, _) => L4Ids::Ports { src, dst },
        (_, _, Some(id), Some(kind)) => L4Ids::Icmp {
            id,
            kind,
            code: code.unwrap_or(0),
        },
        _ => L4Ids::None,
    };
    Ok((proto, Tuple { src, dst, l4 }))
}

/// The TCP state name of a nested `CTA_PROTOINFO`, when it has one.
fn protoinfo(outer: &Attr<'_>) -> Result<Option<String>> {
    for a in Attrs::new(outer.payload, outer.offset + 4) {
        let a = a?;
        if a.kind != CTA_PROTOINFO_TCP {
            continue;
        }
        for t in Attrs::new(a.payload, a.offset + 4) {
            let t = t?;
            if t.kind == CTA_PROTOINFO_TCP_STATE {
                let n = t.fixed::<1>("CTA_PROTOINFO_TCP_STATE")?[0];
                let name = TCP_STATES
                    .get(usize::from(n))
                    .map_or_else(|| n.to_string(), |s| (*s).to_owned());
                return Ok(Some(name));
            }
        }
    }
    Ok(None)
}

fn seq_adjust(outer: &Attr<'_>) -> Result<SeqAdjust> {
    let mut s = SeqAdjust::default();
    for a in Attrs::new(outer.payload, outer.offset + 4) {
        let a = a?;
        match a.kind {
            CTA_SEQADJ_CORRECTION_POS => s.correction_pos = be32(&a, "CTA_SEQADJ")?,
            CTA_SEQADJ_OFFSET_BEFORE => s.offset_before = be32(&a, "CTA_SEQADJ")? as i32,
            CTA_SEQADJ_OFFSET_AFTER => s.offset_after = be32(&a, "CTA_SEQADJ")? as i32,
            _ => {}
        }
    }
    Ok(s)
}

fn be32(a: &Attr<'_>, what: &'static str) -> Result<u32> {
    Ok(u32::from_be_bytes(a.fixed::<4>(what)?))
}

fn be16(a: &Attr<'_>, what: &'static str) -> Result<u16> {
    Ok(u16::from_be_bytes(a.fixed::<2>(what)?))
}

fn v4(a: &Attr<'_>) -> Result<IpAddr> {
    Ok(IpAddr::V4(Ipv4Addr::from(a.fixed::<4>("CTA_IP_V4")?)))
}

fn v6(a: &Attr<'_>) -> Result<IpAddr> {
    Ok(IpAddr::V6(Ipv6Addr::from(a.fixed::<16>("CTA_IP_V6")?)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
