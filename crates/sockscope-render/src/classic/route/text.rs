//! Text pieces of netstat's route tables: printf-style padding, addresses
//! as glibc prints them, and net-tools' name rules for routes
//! (`INET_rresolve` with its netmask and host/network choice,
//! `INET6_rresolve`).

use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use sockscope::names::Resolver;

use crate::escape;

/// net-tools names land in a 128-byte buffer: at most 127 bytes.
const NAME_MAX: usize = 127;

/// `%-Ns`: `s`, then spaces up to `width` (never cut).
pub(super) fn left(out: &mut Vec<u8>, s: &[u8], width: usize) {
    out.extend_from_slice(s);
    out.resize(out.len() + width.saturating_sub(s.len()), b' ');
}

/// `%-Nd` of a C int.
pub(super) fn left_int(out: &mut Vec<u8>, v: i64, width: usize) {
    let _ = write!(out, "{v:<width$}");
}

/// `%Nd` of a C int.
pub(super) fn right_int(out: &mut Vec<u8>, v: i64, width: usize) {
    let _ = write!(out, "{v:>width$}");
}

/// A u32 the kernel printed with `%d` and netstat read back into an int.
pub(super) fn c_int(v: u32) -> i64 {
    i64::from(v as i32)
}

/// Dotted quad (`inet_ntoa`).
pub(super) fn v4_text(v4: Ipv4Addr) -> String {
    let [a, b, c, d] = v4.octets();
    format!("{a}.{b}.{c}.{d}")
}

/// IPv6 text as glibc's `inet_ntop`: Rust's form except that an
/// IPv4-compatible address (first 96 bits zero, then a non-zero word)
/// prints its last 32 bits dotted ("::1.2.3.4", "::0.1.0.2").
pub(super) fn v6_text(v6: Ipv6Addr) -> String {
    let w = v6.segments();
    if w[..6].iter().all(|&x| x == 0) && w[6] != 0 {
        let [.., a, b, c, d] = v6.octets();
        return format!("::{a}.{b}.{c}.{d}");
    }
    v6.to_string()
}

/// The netmask of a prefix length, as an address.
pub(super) fn mask_v4(len: u8) -> Ipv4Addr {
    Ipv4Addr::from(
        u32::MAX
            .checked_shl(32 - u32::from(len.min(32)))
            .unwrap_or(0),
    )
}

/// How `INET_rresolve` is asked to name an IPv4 address in a route.
#[derive(Debug, Clone, Copy)]
pub(super) struct V4Ask {
    /// `-n` and friends: the dotted quad, always.
    pub numeric: bool,
    /// 0.0.0.0 with an all-zero mask prints `default` (else `*`).
    pub default_name: bool,
    /// Look the address up as a host even without host bits (gateways,
    /// RTF_HOST destinations).
    pub host: bool,
    /// The mask compared with the address, in network byte order
    /// semantics: host bits set → a host.
    pub mask: Ipv4Addr,
    /// The locale's codeset is UTF-8: how a resolved name is escaped.
    pub utf8: bool,
}

/// net-tools 2.10 `INET_rresolve`: numbers when numeric; 0.0.0.0 is
/// `default`/`*` with a zero mask and `0.0.0.0` otherwise; an address with
/// host bits outside the mask (or asked as host) is a host name
/// (gethostbyaddr), else a network name (getnetbyaddr); no name → numbers.
/// A name is escaped (`escape`).
pub(super) fn name_v4(names: &dyn Resolver, addr: Ipv4Addr, ask: V4Ask) -> String {
    if ask.numeric {
        return v4_text(addr);
    }
    if addr.is_unspecified() {
        return if !ask.mask.is_unspecified() {
            "0.0.0.0".into()
        } else if ask.default_name {
            "default".into()
        } else {
            "*".into()
        };
    }
    let host = ask.host || u32::from(addr) & !u32::from(ask.mask) != 0;
    let name = if host {
        names.host(IpAddr::V4(addr))
    } else {
        names.network(addr)
    };
    match name {
        Some(n) if !n.is_empty() => escape::classic_str(&cap(n), ask.utf8).into_owned(),
        _ => v4_text(addr),
    }
}

/// net-tools 2.10 `INET6_sprint` for routes: numbers when numeric, `[::]`
/// for the unspecified address, else the host name or numbers; an
/// IPv4-mapped address loses its `::ffff:` (`fix_v4_address`). A name is
/// escaped (`escape`; `utf8`: the locale's codeset).
pub(super) fn name_v6(names: &dyn Resolver, addr: Ipv6Addr, numeric: bool, utf8: bool) -> String {
    let text = if numeric {
        v6_text(addr)
    } else if addr.is_unspecified() {
        return "[::]".into();
    } else {
        match names.host(IpAddr::V6(addr)) {
            // getnameinfo fails when the name does not fit the buffer;
            // netstat then prints the number.
            Some(n) if !n.is_empty() && n.len() <= NAME_MAX => {
                escape::classic_str(&n, utf8).into_owned()
            }
            _ => v6_text(addr),
        }
    };
    if addr.to_ipv4_mapped().is_some() {
        strip_mapped(text)
    } else {
        text
    }
}

/// `fix_v4_address`: drop everything up to the last `:` before the first `.`.
fn strip_mapped(text: String) -> String {
    let Some(dot) = text.find('.') else {
        return text;
    };
    match text[..dot].rfind(':') {
        Some(colon) => text[colon + 1..].to_string(),
        None => text,
    }
}

/// At most [`NAME_MAX`] bytes, cut on a character boundary.
fn cap(mut s: String) -> String {
    if s.len() > NAME_MAX {
        let mut end = NAME_MAX;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

/// The first `n` bytes of `s` (netstat's `buf[15] = '\0'`).
pub(super) fn cut(s: &str, n: usize) -> &[u8] {
    &s.as_bytes()[..s.len().min(n)]
}
