//! netstat's `-M` table ("IP masquerading entries", net-tools
//! lib/masq_info.c), filled from conntrack instead of the
//! /proc/net/ip_masquerade file Linux 2.4 removed. Same header and columns:
//!
//! ```text
//! IP masquerading entries
//! prot   expire source               destination          ports
//! tcp 7199:59.00 10.0.0.5             10.0.0.2             41373 -> http-alt (40000)
//! ```
//!
//! Mapping from a conntrack entry: `prot` is the protocol name, `expire`
//! the timeout as minutes:seconds.hundredths, `source` / `destination` the
//! original tuple's addresses, `ports` "source port -> destination port
//! (masquerade port)". The masquerade port is where the NAT box receives the
//! replies: the reply tuple's destination port for source NAT, its source
//! port for a destination-NAT-only entry. ICMP shows the echo id as source
//! port and the type as destination port. With `-e` (netstat's counter
//! then exceeds 1) the header and rows gain netstat's "initseq delta prevd"
//! columns, filled from the kernel's sequence adjustment of the original
//! direction (CTA_SEQ_ADJ_ORIG, kept when a helper rewrote payload; 0
//! otherwise). Conntrack counts whole seconds, so the hundredths are
//! always `00`.
//!
//! Names: hosts as netstat's INET_sprint (dotted with `-n`), ports through
//! the services database for tcp and udp only (`*` for port 0). IPv6
//! entries, which netstat never had, print their address as text. Resolved
//! names are escaped (`escape`), piped or not.

use std::io::Write as _;
use std::net::IpAddr;

use sockscope::model::{ConntrackEntry, CtStatus, L4Ids};
use sockscope::names::Resolver;

use crate::escape;

/// What changes the `-M` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MasqOptions {
    pub numeric_hosts: bool,
    pub numeric_ports: bool,
    /// Number of `-e` given (netstat's flag_exp is this plus one).
    pub extend: u8,
    /// The locale's codeset is UTF-8: how resolved names are escaped (see
    /// [`crate::escape::classic_into`]).
    pub utf8: bool,
}

/// Host names land in a 128-byte buffer; service names in a 64-byte one.
const HOST_MAX: usize = 127;
const SERVICE_MAX: usize = 63;

/// Append the table of `entries` (the NAT'd ones, in kernel order) to
/// `out`. Nothing at all when there are none, as netstat.
pub fn render(
    entries: &[&ConntrackEntry],
    names: &dyn Resolver,
    opts: &MasqOptions,
    out: &mut Vec<u8>,
) {
    if entries.is_empty() {
        return;
    }
    let long = opts.extend >= 1;
    out.extend_from_slice(b"IP masquerading entries\n");
    out.extend_from_slice(if long {
        b"prot   expire    initseq delta prevd source               destination          ports\n"
            as &[u8]
    } else {
        b"prot   expire source               destination          ports\n"
    });
    for e in entries {
        row(e, names, opts, long, out);
    }
}

fn row(
    e: &ConntrackEntry,
    names: &dyn Resolver,
    opts: &MasqOptions,
    long: bool,
    out: &mut Vec<u8>,
) {
    let proto = protocol_name(e.protocol);
    let t = u64::from(e.timeout.unwrap_or(0));
    // Writing to a Vec cannot fail.
    let _ = write!(out, "{proto:<4}{:3}:{:02}.{:02} ", t / 60, t % 60, 0);
    if long {
        let s = e.seq_adjust_orig.unwrap_or_default();
        // netstat's fields are `short`: keep the low 16 bits, as it did.
        let _ = write!(
            out,
            "{:10} {:5} {:5} ",
            s.correction_pos, s.offset_after as i16, s.offset_before as i16
        );
    }
    let src = host(e.original.src, names, opts);
    let dst = host(e.original.dst, names, opts);
    let _ = write!(out, "{src:<20} {dst:<20} ");
    let service = |port| service(port, &proto, names, opts);
    let _ = writeln!(
        out,
        "{} -> {} ({})",
        service(e.original.src_port()),
        service(e.original.dst_port()),
        service(masq_port(e))
    );
}

/// Where the NAT box receives the replies (see the module doc).
fn masq_port(e: &ConntrackEntry) -> u16 {
    let snat = e.status.has(CtStatus::SRC_NAT);
    match e.reply.l4 {
        L4Ids::Ports { dst, .. } if snat => dst,
        L4Ids::Ports { src, .. } => src,
        L4Ids::Icmp { id, .. } => id,
        L4Ids::None => 0,
    }
}

/// Lower-case protocol names as netstat's masq_info spelled them, more for
/// protocols it never saw; the number otherwise.
fn protocol_name(p: u8) -> String {
    match p {
        1 => "icmp".into(),
        6 => "tcp".into(),
        17 => "udp".into(),
        33 => "dccp".into(),
        47 => "gre".into(),
        50 => "esp".into(),
        58 => "icmpv6".into(),
        132 => "sctp".into(),
        136 => "udplite".into(),
        n => n.to_string(),
    }
}

/// netstat's INET_sprint for masquerade rows (mask 0xffffff00, see
/// classic::netstat's address notes): a host lookup when the first octet is
/// non-zero, a networks lookup otherwise, the dotted quad without a name.
fn host(addr: IpAddr, names: &dyn Resolver, opts: &MasqOptions) -> String {
    if opts.numeric_hosts {
        return addr.to_string();
    }
    let name = match addr {
        IpAddr::V4(v4) if v4.is_unspecified() => None,
        IpAddr::V4(v4) if v4.octets()[0] != 0 => names.host(addr),
        IpAddr::V4(v4) => names.network(v4),
        IpAddr::V6(_) => names.host(addr),
    };
    match name {
        Some(n) if !n.is_empty() => escape::classic_str(&capped(n, HOST_MAX), opts.utf8).into(),
        _ => addr.to_string(),
    }
}

/// netstat's get_sname: `*` for 0, a name from the services database for
/// tcp and udp unless numeric, else the number.
fn service(port: u16, proto: &str, names: &dyn Resolver, opts: &MasqOptions) -> String {
    if port == 0 {
        return "*".into();
    }
    if !opts.numeric_ports && (proto == "tcp" || proto == "udp") {
        if let Some(n) = names.service(port, proto).filter(|n| !n.is_empty()) {
            return escape::classic_str(&capped(n, SERVICE_MAX), opts.utf8).into();
        }
    }
    port.to_string()
}

/// At most `max` bytes, never splitting a character.
fn capped(mut s: String, max: usize) -> String {
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    s
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
