//! Interface names and the ephemeral port range: the two facts the filter
//! compiler asks the system for besides NSS names (`dev eth0` becomes an
//! ifindex, `autobound` a port range, both when the filter is parsed).

use std::ffi::CString;

/// `if_nametoindex(name)`: the interface index of `name` in this network
/// namespace, `None` when there is no such interface.
pub fn if_index(name: &str) -> Option<u32> {
    let name = CString::new(name).ok()?;
    // SAFETY: `name` is a valid NUL-terminated string for the call.
    let index = unsafe { libc::if_nametoindex(name.as_ptr()) };
    (index != 0).then_some(index)
}

/// `/proc/sys/net/ipv4/ip_local_port_range`: the ports the kernel picks
/// from when it binds a socket itself. `None` when unreadable.
pub fn ephemeral_port_range() -> Option<(u16, u16)> {
    let text = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range").ok()?;
    parse_range(&text)
}

pub(crate) fn parse_range(text: &str) -> Option<(u16, u16)> {
    let mut it = text.split_whitespace().map(str::parse::<u16>);
    match (it.next(), it.next()) {
        (Some(Ok(lo)), Some(Ok(hi))) if lo <= hi => Some((lo, hi)),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn loopback_has_an_index() {
        assert!(if_index("lo").is_some());
        assert_eq!(if_index("no-such-if0"), None);
        assert_eq!(if_index("a\0b"), None);
    }

    #[test]
    fn range_text() {
        assert_eq!(parse_range("32768\t60999\n"), Some((32768, 60999)));
        assert_eq!(parse_range("5 4"), None);
        assert_eq!(parse_range("x"), None);
        assert!(ephemeral_port_range().is_some());
    }
}
