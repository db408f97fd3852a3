//! Decoding recorded kernel output (saved /proc files) into the model,
//! with nothing read from the live system: for replay tests, fixtures
//! and tools that work from a capture. These are the very parsers the
//! live readers use; each takes the file's bytes (and its path, named in
//! errors) and fails with a typed error, never a panic, on odd input.

pub use crate::sys::linux::procfs::{
    parse_if_inet6, parse_igmp, parse_igmp6, parse_inet, parse_ipv6_route, parse_net_dev,
    parse_netlink, parse_nf_conntrack, parse_packet, parse_route, parse_sctp, parse_sctp_assocs,
    parse_sctp_eps, parse_snmp, parse_snmp6, parse_unix, program_name, IfInet6Row, NetDevRow,
};
