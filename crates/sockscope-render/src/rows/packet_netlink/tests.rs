//! Cells of packet and netlink rows, and such rows in the table and CSV
//! next to internet ones; also the ICMP and MPTCP labels.

#![allow(clippy::unwrap_used)]

use std::net::{IpAddr, Ipv4Addr};

use sockscope::model::{
    InetProto, NetlinkSocket, PacketDetails, PacketSocket, PacketType, Skmem, Snapshot, ETH_P_ALL,
};

use super::super::tests::{ctx_names, sock, Names};
use super::super::{rows, Cells as _, Row, Style};
use crate::columns::Column;
use crate::table::{self, TableOptions};

pub(crate) fn packet(kind: PacketType, protocol: u16, ifindex: u32) -> PacketSocket {
    PacketSocket {
        netns: 0,
        kind,
        protocol,
        ifindex,
        running: true,
        inode: 500,
        uid: 0,
        recv_q: 5010,
        send_q: 0,
        drops: 2,
        cookie: 0x5c655,
        details: None,
    }
}

pub(crate) fn netlink(
    protocol: u8,
    portid: u32,
    state: Option<u8>,
    dst: (u32, u32),
) -> NetlinkSocket {
    NetlinkSocket {
        netns: 0,
        protocol,
        sock_type: 3,
        state,
        portid,
        dst_portid: dst.0,
        dst_group: dst.1,
        groups: vec![1, 3],
        inode: 600,
        recv_q: 832,
        send_q: 0,
        drops: 0,
        cookie: 0,
        flags: Some(0),
    }
}

fn cell(r: Row<'_>, col: Column) -> Option<String> {
    let names = Names;
    r.text(col, &ctx_names(&names, None), Style::Human)
}

#[test]
fn packet_cells() {
    let all_eth0 = packet(PacketType::Raw, ETH_P_ALL, 2);
    let r = Row::Packet(&all_eth0);
    assert_eq!(cell(r, Column::Proto).unwrap(), "packet-raw");
    assert_eq!(cell(r, Column::State).unwrap(), "UNCONN");
    assert_eq!(cell(r, Column::Local).unwrap(), "*:eth0");
    assert_eq!(cell(r, Column::Remote).unwrap(), "*");
    assert_eq!(cell(r, Column::RecvQ).unwrap(), "5010");
    assert_eq!(cell(r, Column::User).unwrap(), "root");
    assert_eq!(cell(r, Column::Drops).unwrap(), "2");
    assert_eq!(cell(r, Column::Cookie).unwrap(), "378453");
    assert_eq!(cell(r, Column::Timer), None);
    assert_eq!(cell(r, Column::Rmem), None);
    let ip_any = packet(PacketType::Dgram, 0x0800, 0);
    assert_eq!(cell(Row::Packet(&ip_any), Column::Local).unwrap(), "ip:*");
    assert_eq!(
        cell(Row::Packet(&ip_any), Column::Proto).unwrap(),
        "packet-dgram"
    );
    // An unknown ethertype in hex; an interface without a name by index;
    // a hostile interface name escaped.
    let odd = packet(PacketType::Other(10), 0x88b5, 9);
    assert_eq!(cell(Row::Packet(&odd), Column::Local).unwrap(), "0x88b5:9");
    assert_eq!(cell(Row::Packet(&odd), Column::Proto).unwrap(), "packet");
    let evil = packet(PacketType::Raw, 0, 3);
    assert_eq!(
        cell(Row::Packet(&evil), Column::Local).unwrap(),
        "0x0000:ev\\x1bil"
    );
    let mut ring = packet(PacketType::Raw, ETH_P_ALL, 0);
    ring.details = Some(Box::new(PacketDetails {
        skmem: Some(Skmem {
            rmem_alloc: 7,
            ..Skmem::default()
        }),
        ..PacketDetails::default()
    }));
    assert_eq!(cell(Row::Packet(&ring), Column::Rmem).unwrap(), "7");
}

#[test]
fn netlink_cells() {
    let kernel = netlink(0, 0, Some(7), (0, 0));
    let r = Row::Netlink(&kernel);
    assert_eq!(cell(r, Column::Proto).unwrap(), "netlink");
    assert_eq!(cell(r, Column::State).unwrap(), "UNCONN");
    assert_eq!(cell(r, Column::Local).unwrap(), "rtnl:kernel");
    assert_eq!(cell(r, Column::Remote).unwrap(), "*");
    assert_eq!(cell(r, Column::User), None);
    assert_eq!(cell(r, Column::Uid), None);
    let connected = netlink(16, 4242, Some(1), (0, 0));
    assert_eq!(
        cell(Row::Netlink(&connected), Column::Local).unwrap(),
        "genl:4242"
    );
    assert_eq!(
        cell(Row::Netlink(&connected), Column::State).unwrap(),
        "CONNECTED"
    );
    assert_eq!(
        cell(Row::Netlink(&connected), Column::Remote).unwrap(),
        "kernel"
    );
    let to_group = netlink(4, 9, Some(1), (77, 5));
    assert_eq!(
        cell(Row::Netlink(&to_group), Column::Local).unwrap(),
        "tcpdiag:9"
    );
    assert_eq!(
        cell(Row::Netlink(&to_group), Column::Remote).unwrap(),
        "77/5"
    );
    let from_proc = netlink(99, 1, None, (0, 0));
    assert_eq!(
        cell(Row::Netlink(&from_proc), Column::Local).unwrap(),
        "99:1"
    );
    assert_eq!(
        cell(Row::Netlink(&from_proc), Column::State).unwrap(),
        "UNKNOWN"
    );
}

#[test]
fn new_inet_kinds_are_labelled_and_unconnected_icmp_is_unconn() {
    let lo = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let icmp = sock(
        InetProto::Icmp,
        lo,
        7196,
        IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        0,
        7,
    );
    assert_eq!(cell(Row::Inet(&icmp), Column::Proto).unwrap(), "icmp");
    assert_eq!(cell(Row::Inet(&icmp), Column::State).unwrap(), "UNCONN");
    let mptcp = sock(InetProto::Mptcp, lo, 5555, lo, 0, 7);
    assert_eq!(cell(Row::Inet(&mptcp), Column::Proto).unwrap(), "mptcp");
    // A stream protocol's CLOSE is CLOSE, not UNCONN.
    assert_eq!(cell(Row::Inet(&mptcp), Column::State).unwrap(), "CLOSE");
    let sctp6 = sock(
        InetProto::Sctp,
        "::1".parse().unwrap(),
        5000,
        "::1".parse().unwrap(),
        1,
        1,
    );
    assert_eq!(cell(Row::Inet(&sctp6), Column::Proto).unwrap(), "sctp6");
}

#[test]
fn table_and_csv_list_every_kind_in_collection_order() {
    let lo = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let snap = Snapshot {
        inet: vec![sock(InetProto::Mptcp, lo, 5555, lo, 40000, 1)],
        packet: vec![packet(PacketType::Raw, ETH_P_ALL, 2)],
        netlink: vec![netlink(0, 0, Some(7), (0, 0))],
        ..Snapshot::default()
    };
    assert_eq!(rows(&snap).len(), 3);
    let names = Names;
    let ctx = ctx_names(&names, None);
    let cols = [
        Column::Proto,
        Column::State,
        Column::RecvQ,
        Column::Local,
        Column::Remote,
    ];
    let opts = TableOptions {
        columns: cols.to_vec(),
        color: false,
        width: None,
        header: true,
    };
    let mut out = String::new();
    table::render(&snap, &ctx, &opts, &mut out);
    assert_eq!(
        out,
        "\
Proto       State        Recv-Q  Local Address:Port  Peer Address:Port
mptcp       ESTABLISHED       0  127.0.0.1:5555      127.0.0.1:40000
packet-raw  UNCONN         5010  *:eth0              *
netlink     UNCONN          832  rtnl:kernel         *
"
    );
    let mut csv = Vec::new();
    crate::csv::render(
        &snap,
        &ctx,
        &[Column::Proto, Column::Local, Column::Uid],
        &mut csv,
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(csv).unwrap(),
        "proto,local,uid\r\nmptcp,127.0.0.1:5555,0\r\npacket-raw,*:eth0,0\r\nnetlink,rtnl:kernel,\r\n"
    );
}
