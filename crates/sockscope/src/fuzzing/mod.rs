//! Entry points for the fuzz targets (`fuzz/`) and for the decoder
//! robustness test beside this file: one `decode_*` function per decoder,
//! each running that decoder on arbitrary bytes the way its replay test
//! feeds it (netlink decoders get a whole reply stream, walked as the dump
//! loop walks it; /proc parsers get a whole file) and dropping the result.
//! Each returns how many items decoded, so a caller can tell that something
//! ran; an error is an ordinary outcome, only a panic is a bug.
//!
//! Compiled only with the `fuzzing` feature (and in this crate's tests); it
//! is not part of the API. It must not do I/O or keep state between calls.

use std::path::Path;

use crate::model::{Family, InetDetails, InetProto, StatsSource};
use crate::sys::linux::netlink::{
    destroy, inet_details, inet_diag, mptcp_info, netlink_diag, packet_diag, tcp_info, unix_diag,
    SOCK_DIAG_BY_FAMILY,
};
use crate::sys::linux::nl::attrs::Attrs;
use crate::sys::linux::nl::nlmsg::{walk_datagram, Expect};
use crate::sys::linux::procfs::{self, fd_scan};
use crate::sys::linux::{cgroup, ctnetlink, ifname, rtnl_route};
use crate::Result;

/// The name /proc parsers put in their errors.
const PATH: &str = "fuzz-input";

/// Native-endian u32 at `off`, 0 past the end.
fn word(b: &[u8], off: usize) -> u32 {
    b.get(off..off + 4)
        .map_or(0, |w| u32::from_ne_bytes([w[0], w[1], w[2], w[3]]))
}

/// Walk `stream` (datagrams back to back, as recorded) like a dump of
/// `reply` messages whose sequence number and port id are those of the
/// first header, handing each data message to `on_msg`.
fn walk(stream: &[u8], reply: u16, on_msg: &mut dyn FnMut(&[u8], usize) -> Result<()>) {
    let expect = Expect {
        seq: word(stream, 8),
        port_id: word(stream, 12),
        reply,
    };
    let _ = walk_datagram(stream, 0, expect, "fuzz", on_msg);
}

/// Walk a stream for `reply`, counting data messages; `decode` runs on
/// each and counts the items it produced. A message that fails to decode
/// does not stop the walk (the dump would stop; the fuzzer wants the rest).
fn count_stream(stream: &[u8], reply: u16, decode: &mut dyn FnMut(&[u8], usize) -> usize) -> usize {
    let mut n = 0;
    walk(stream, reply, &mut |m, off| {
        n += decode(m, off);
        Ok(())
    });
    n
}

// ---- generic netlink -------------------------------------------------

/// The nlmsg walker (`nl::nlmsg::walk_datagram`) over a stream of
/// sock_diag replies: framing, DONE/ERROR codes, foreign messages.
pub fn decode_nlmsg(data: &[u8]) -> usize {
    count_stream(data, SOCK_DIAG_BY_FAMILY, &mut |_, _| 1)
}

/// The attribute walker (`nl::attrs`) over `data`, and over the payload of
/// every attribute as a nested list, with the typed accessors.
pub fn decode_nl_attrs(data: &[u8]) -> usize {
    let mut n = 0;
    for a in Attrs::new(data, 0).flatten() {
        n += 1;
        let _ = a.u32("fuzz");
        let _ = a.fixed::<8>("fuzz");
        n += Attrs::new(a.payload, a.offset).flatten().count();
    }
    n
}

/// The SOCK_DESTROY acknowledgement reader (`netlink::destroy::find_ack`),
/// for the sequence number and port id of the first header.
pub fn decode_destroy_ack(data: &[u8]) -> usize {
    let ack = destroy::find_ack(data, 0, word(data, 8), word(data, 12));
    usize::from(matches!(ack, Ok(Some(_))))
}

// ---- sock_diag ---------------------------------------------------------

/// An inet_diag reply stream, each message decoded as every protocol
/// decodes it: TCP, MPTCP and SCTP with details, raw with its attributes,
/// UDP without walking attributes (the visit path), TCP without details.
pub fn decode_inet_diag(data: &[u8]) -> usize {
    const AS: [(InetProto, bool, bool); 6] = [
        (InetProto::Tcp, true, true),
        (InetProto::Tcp, false, true),
        (InetProto::Mptcp, true, true),
        (InetProto::Sctp, true, true),
        (InetProto::Raw, false, true),
        (InetProto::Udp, false, false),
    ];
    count_stream(data, SOCK_DIAG_BY_FAMILY, &mut |m, off| {
        AS.iter()
            .filter(|(proto, details, attrs)| {
                inet_diag::decode_msg(m, *proto, off, *details, *attrs).is_ok()
            })
            .count()
    })
}

/// The inet_diag detail attributes (`inet_details::absorb`) of one message's
/// attribute list, as TCP, MPTCP and UDP fold them.
pub fn decode_inet_details(data: &[u8]) -> usize {
    let mut n = 0;
    for proto in [InetProto::Tcp, InetProto::Mptcp, InetProto::Udp] {
        let mut d = InetDetails::default();
        for a in Attrs::new(data, 0).flatten() {
            n += usize::from(inet_details::absorb(&mut d, &a, proto).is_ok());
        }
    }
    n
}

/// `struct tcp_info` of any length (`INET_DIAG_INFO` of TCP).
pub fn decode_tcp_info(data: &[u8]) -> usize {
    let raw = tcp_info::RawTcpInfo::new(data);
    let _ = raw.timer_counters();
    let info = raw.decode();
    usize::from(info != Default::default())
}

/// `struct mptcp_info` of any length (`INET_DIAG_INFO` of MPTCP).
pub fn decode_mptcp_info(data: &[u8]) -> usize {
    let info = mptcp_info::decode(data);
    usize::from(info != Default::default())
}

/// A unix_diag reply stream.
pub fn decode_unix_diag(data: &[u8]) -> usize {
    let mut v = Vec::new();
    count_stream(data, SOCK_DIAG_BY_FAMILY, &mut |m, off| {
        usize::from(unix_diag::decode_into(m, off, &mut v).is_ok())
    })
}

/// A packet_diag reply stream.
pub fn decode_packet_diag(data: &[u8]) -> usize {
    count_stream(data, SOCK_DIAG_BY_FAMILY, &mut |m, off| {
        usize::from(packet_diag::decode(m, off).is_ok())
    })
}

/// A netlink_diag reply stream.
pub fn decode_netlink_diag(data: &[u8]) -> usize {
    count_stream(data, SOCK_DIAG_BY_FAMILY, &mut |m, off| {
        usize::from(netlink_diag::decode(m, off).is_ok())
    })
}

// ---- rtnetlink, ctnetlink ---------------------------------------------

/// An `RTM_NEWROUTE` reply stream (`rtnl_route::decode`).
pub fn decode_rtnl_route(data: &[u8]) -> usize {
    count_stream(data, rtnl_route::RTM_NEWROUTE, &mut |m, off| {
        usize::from(rtnl_route::decode::decode(m, off).is_ok())
    })
}

/// An `IPCTNL_MSG_CT_NEW` reply stream (`ctnetlink::decode`).
pub fn decode_ctnetlink(data: &[u8]) -> usize {
    count_stream(data, ctnetlink::MSG_CT_NEW, &mut |m, off| {
        usize::from(matches!(ctnetlink::decode(m, off), Ok(Some(_))))
    })
}

// ---- /proc socket tables -----------------------------------------------

/// /proc/net/{tcp,udp,udplite,raw,icmp}{,6}: the file parsed as each
/// protocol and family reads it.
pub fn decode_proc_inet(data: &[u8]) -> usize {
    let mut out = Vec::new();
    for proto in [
        InetProto::Tcp,
        InetProto::Udp,
        InetProto::UdpLite,
        InetProto::Raw,
        InetProto::Icmp,
    ] {
        for family in [Family::Inet, Family::Inet6] {
            let _ = procfs::parse_inet(data, Path::new(PATH), proto, family, &mut out);
        }
    }
    out.len()
}

/// /proc/net/unix (with paths broken by newlines).
pub fn decode_proc_unix(data: &[u8]) -> usize {
    let mut out = Vec::new();
    let _ = procfs::parse_unix(data, Path::new(PATH), &mut out);
    out.len()
}

/// /proc/net/packet.
pub fn decode_proc_packet(data: &[u8]) -> usize {
    let mut out = Vec::new();
    let _ = procfs::parse_packet(data, Path::new(PATH), &mut out);
    out.len()
}

/// /proc/net/netlink.
pub fn decode_proc_netlink(data: &[u8]) -> usize {
    let mut out = Vec::new();
    let _ = procfs::parse_netlink(data, Path::new(PATH), &mut out);
    out.len()
}

/// /proc/net/sctp/eps.
pub fn decode_proc_sctp_eps(data: &[u8]) -> usize {
    let mut out = Vec::new();
    let _ = procfs::parse_sctp_eps(data, Path::new(PATH), &mut out);
    out.len()
}

/// /proc/net/sctp/assocs.
pub fn decode_proc_sctp_assocs(data: &[u8]) -> usize {
    let mut out = Vec::new();
    let _ = procfs::parse_sctp_assocs(data, Path::new(PATH), &mut out);
    out.len()
}

// ---- /proc interfaces, routes, multicast ---------------------------------

/// /proc/net/dev.
pub fn decode_proc_net_dev(data: &[u8]) -> usize {
    procfs::parse_net_dev(data, Path::new(PATH)).map_or(0, |v| v.len())
}

/// /proc/net/route.
pub fn decode_proc_route(data: &[u8]) -> usize {
    procfs::parse_route(data, Path::new(PATH)).map_or(0, |v| v.len())
}

/// /proc/net/ipv6_route.
pub fn decode_proc_ipv6_route(data: &[u8]) -> usize {
    procfs::parse_ipv6_route(data, Path::new(PATH)).map_or(0, |v| v.len())
}

/// /proc/net/if_inet6.
pub fn decode_proc_if_inet6(data: &[u8]) -> usize {
    procfs::parse_if_inet6(data, Path::new(PATH)).map_or(0, |v| v.len())
}

/// /proc/net/igmp.
pub fn decode_proc_igmp(data: &[u8]) -> usize {
    let mut out = Vec::new();
    let _ = procfs::parse_igmp(data, Path::new(PATH), &mut out);
    out.len()
}

/// /proc/net/igmp6.
pub fn decode_proc_igmp6(data: &[u8]) -> usize {
    let mut out = Vec::new();
    let _ = procfs::parse_igmp6(data, Path::new(PATH), &mut out);
    out.len()
}

// ---- /proc statistics, conntrack, processes -----------------------------

/// /proc/net/snmp.
pub fn decode_proc_snmp(data: &[u8]) -> usize {
    let mut w = Vec::new();
    procfs::parse_snmp(data, StatsSource::Snmp, "snmp", &mut w).len() + w.len()
}

/// /proc/net/netstat (the snmp format, other blocks).
pub fn decode_proc_netstat(data: &[u8]) -> usize {
    let mut w = Vec::new();
    procfs::parse_snmp(data, StatsSource::Netstat, "netstat", &mut w).len() + w.len()
}

/// /proc/net/snmp6.
pub fn decode_proc_snmp6(data: &[u8]) -> usize {
    let mut w = Vec::new();
    procfs::parse_snmp6(data, &mut w).len() + w.len()
}

/// /proc/net/sctp/snmp.
pub fn decode_proc_sctp_snmp(data: &[u8]) -> usize {
    let mut w = Vec::new();
    procfs::parse_sctp(data, &mut w).counters.len() + w.len()
}

/// /proc/net/nf_conntrack.
pub fn decode_proc_nf_conntrack(data: &[u8]) -> usize {
    let mut w = Vec::new();
    procfs::parse_nf_conntrack(data, &mut w).len() + w.len()
}

/// /proc/<pid>/cmdline → program name.
pub fn decode_proc_cmdline(data: &[u8]) -> usize {
    procfs::program_name(data).len()
}

/// A /proc/<pid>/fd link target (`socket:[N]`) and a /proc directory entry
/// name (pid or fd number).
pub fn decode_fd_link(data: &[u8]) -> usize {
    usize::from(fd_scan::socket_inode(data).is_some())
        + usize::from(fd_scan::parse_pid(data).is_some())
}

/// /proc/self/mountinfo → the cgroup2 mount point.
pub fn decode_mountinfo(data: &[u8]) -> usize {
    cgroup::mount_from_mountinfo(&String::from_utf8_lossy(data)).map_or(0, |p| p.as_os_str().len())
}

/// /proc/PID/cgroup → container and systemd unit.
pub fn decode_cgroup_identity(data: &[u8]) -> usize {
    let text = String::from_utf8_lossy(data);
    usize::from(crate::netns::identity::container_from_cgroup(&text).is_some())
        + usize::from(crate::netns::identity::unit_from_cgroup(&text).is_some())
}

/// /proc/self/mountinfo → the network namespace files mounted.
pub fn decode_nsfs_mounts(data: &[u8]) -> usize {
    crate::netns::nsfs_mounts(&String::from_utf8_lossy(data)).len()
}

/// /proc/sys/net/ipv4/ip_local_port_range.
pub fn decode_port_range(data: &[u8]) -> usize {
    usize::from(ifname::parse_range(&String::from_utf8_lossy(data)).is_some())
}

/// A decoder entry point: bytes in, items decoded out.
pub type Decoder = fn(&[u8]) -> usize;

/// Every decoder above by name, in the order the fuzz targets group them.
pub const DECODERS: &[(&str, Decoder)] = &[
    ("nlmsg", decode_nlmsg),
    ("nl_attrs", decode_nl_attrs),
    ("destroy_ack", decode_destroy_ack),
    ("inet_diag", decode_inet_diag),
    ("inet_details", decode_inet_details),
    ("tcp_info", decode_tcp_info),
    ("mptcp_info", decode_mptcp_info),
    ("unix_diag", decode_unix_diag),
    ("packet_diag", decode_packet_diag),
    ("netlink_diag", decode_netlink_diag),
    ("rtnl_route", decode_rtnl_route),
    ("ctnetlink", decode_ctnetlink),
    ("proc_inet", decode_proc_inet),
    ("proc_unix", decode_proc_unix),
    ("proc_packet", decode_proc_packet),
    ("proc_netlink", decode_proc_netlink),
    ("proc_sctp_eps", decode_proc_sctp_eps),
    ("proc_sctp_assocs", decode_proc_sctp_assocs),
    ("proc_net_dev", decode_proc_net_dev),
    ("proc_route", decode_proc_route),
    ("proc_ipv6_route", decode_proc_ipv6_route),
    ("proc_if_inet6", decode_proc_if_inet6),
    ("proc_igmp", decode_proc_igmp),
    ("proc_igmp6", decode_proc_igmp6),
    ("proc_snmp", decode_proc_snmp),
    ("proc_netstat", decode_proc_netstat),
    ("proc_snmp6", decode_proc_snmp6),
    ("proc_sctp_snmp", decode_proc_sctp_snmp),
    ("proc_nf_conntrack", decode_proc_nf_conntrack),
    ("proc_cmdline", decode_proc_cmdline),
    ("fd_link", decode_fd_link),
    ("mountinfo", decode_mountinfo),
    ("port_range", decode_port_range),
    ("cgroup_identity", decode_cgroup_identity),
    ("nsfs_mounts", decode_nsfs_mounts),
];

#[cfg(test)]
mod tests;
