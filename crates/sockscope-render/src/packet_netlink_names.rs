//! Names of the numbers packet and netlink sockets carry: ethertypes (as
//! iproute2 spells them, `*` for "every protocol" as ss shows it) and
//! netlink protocols (ss's short names: `rtnl`, `tcpdiag` for sock_diag,
//! `nft` for netfilter, `genl`, ...). Pure tables; unknown numbers are
//! spelled as numbers by the callers.

use sockscope::model::ETH_P_ALL;

/// The name of an ethertype (host order), if it has a common one.
pub fn ethertype(p: u16) -> Option<&'static str> {
    Some(match p {
        ETH_P_ALL => "*",
        0x0001 => "802_3",
        0x0002 => "ax25",
        0x0004 => "802_2",
        0x0005 => "snap",
        0x000c => "can",
        0x0060 => "loop",
        0x0800 => "ip",
        0x0806 => "arp",
        0x8035 => "rarp",
        0x8100 => "802.1Q",
        0x8137 => "ipx",
        0x86dd => "ipv6",
        0x8847 => "mpls_uc",
        0x8848 => "mpls_mc",
        0x8863 => "pppdisc",
        0x8864 => "pppsess",
        0x888e => "802.1X",
        0x88a8 => "802.1ad",
        0x88cc => "lldp",
        0x88e5 => "macsec",
        0x88f7 => "ptp",
        0x8906 => "fcoe",
        _ => return None,
    })
}

/// An ethertype's name, else `0x` and four hex digits.
pub fn ethertype_text(p: u16) -> String {
    ethertype(p).map_or_else(|| format!("0x{p:04x}"), str::to_owned)
}

/// ss's short name of a netlink protocol, if it has one.
pub fn netlink_protocol(p: u8) -> Option<&'static str> {
    Some(match p {
        0 => "rtnl",
        1 => "unused",
        2 => "usersock",
        3 => "fw",
        4 => "tcpdiag",
        5 => "nflog",
        6 => "xfrm",
        7 => "selinux",
        8 => "iscsi",
        9 => "audit",
        10 => "fiblookup",
        11 => "connector",
        12 => "nft",
        13 => "ip6fw",
        14 => "dec-rt",
        15 => "uevent",
        16 => "genl",
        18 => "scsi-trans",
        19 => "ecryptfs",
        20 => "rdma",
        21 => "crypto",
        _ => return None,
    })
}

/// A netlink protocol's name, else its number.
pub fn netlink_protocol_text(p: u8) -> String {
    netlink_protocol(p).map_or_else(|| p.to_string(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_fallbacks() {
        assert_eq!(ethertype_text(3), "*");
        assert_eq!(ethertype_text(0x0800), "ip");
        assert_eq!(ethertype_text(0), "0x0000");
        assert_eq!(ethertype_text(0xabcd), "0xabcd");
        assert_eq!(netlink_protocol_text(0), "rtnl");
        assert_eq!(netlink_protocol_text(4), "tcpdiag");
        assert_eq!(netlink_protocol_text(12), "nft");
        assert_eq!(netlink_protocol_text(17), "17");
        assert_eq!(netlink_protocol_text(22), "22");
    }
}
