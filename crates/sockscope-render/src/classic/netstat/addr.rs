//! The "Local Address" / "Foreign Address" fields of netstat 2.10: host part
//! (lib/inet.c INET_sprint, lib/inet6.c INET6_sprint), service part
//! (`get_sname`) and the 23-column truncation of `addr_do_one`. Writes bytes
//! into caller-owned buffers; never allocates for numeric output.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use sockscope::names::Resolver;

use super::digits;
use crate::escape;

/// `addr_do_one`'s short_len: host + port must fit 22 bytes (plus the `:`).
const SHORT_LEN: usize = 22;
/// Host names land in a 128-byte buffer (INET_sprint, and getnameinfo's
/// namelen for IPv6): at most 127 bytes.
const HOST_MAX: usize = 127;
/// `get_sname` copies service names into a 64-byte buffer.
const SERVICE_MAX: usize = 63;
/// With `-W`, "host:port" is snprintf'd into a 128-byte buffer.
const WIDE_MAX: usize = 127;

/// How endpoints are named.
#[derive(Clone, Copy)]
pub(crate) struct Naming<'a> {
    pub names: &'a dyn Resolver,
    pub numeric_hosts: bool,
    pub numeric_ports: bool,
    pub wide: bool,
    /// The locale's codeset is UTF-8: how resolved names are escaped.
    pub utf8: bool,
}

impl Naming<'_> {
    /// Append "host:port" to `out` exactly as `addr_do_one` builds it,
    /// written in place (`tmp` is scratch, used only when the field is
    /// cut). `proto` is the services table netstat asks: "tcp", "udp"
    /// (also for UDP-Lite) or "raw".
    pub(super) fn endpoint(
        &self,
        out: &mut Vec<u8>,
        tmp: &mut Vec<u8>,
        addr: IpAddr,
        port: u16,
        proto: &str,
    ) {
        let start = out.len();
        self.host(out, addr);
        let host_len = out.len() - start;
        out.push(b':');
        self.service(out, port, proto);
        let svc_len = out.len() - start - host_len - 1;
        if !self.wide && host_len + svc_len > SHORT_LEN {
            // "Assume port name is short": the port keeps up to 18 bytes and
            // the host gets the rest of the 22.
            let port_len = svc_len.min(SHORT_LEN - 4);
            let addr_len = SHORT_LEN - port_len;
            tmp.clear();
            tmp.extend_from_slice(&out[start + host_len + 1..][..port_len]);
            out.truncate(start + host_len.min(addr_len));
            out.push(b':');
            out.extend_from_slice(tmp);
        } else {
            out.truncate(start + WIDE_MAX);
        }
    }

    /// The host part: INET_sprint / INET6_sprint with netstat's flags.
    pub(crate) fn host(&self, out: &mut Vec<u8>, addr: IpAddr) {
        match addr {
            IpAddr::V4(v4) => self.host_v4(out, v4),
            IpAddr::V6(v6) => {
                let start = out.len();
                self.host_v6(out, v6);
                if v6.to_ipv4_mapped().is_some() {
                    strip_v4_mapped_prefix(out, start);
                }
            }
        }
    }

    fn host_v4(&self, out: &mut Vec<u8>, v4: Ipv4Addr) {
        if self.numeric_hosts {
            return write_v4(out, v4);
        }
        if v4.is_unspecified() {
            // INET_rresolve with netstat's mask: not "*", the literal.
            return out.extend_from_slice(b"0.0.0.0");
        }
        // INET_sprint passes the mask 0xffffff00 but compares it with the
        // address in network byte order: on little-endian machines an address
        // is a "host" when its FIRST octet is non-zero, and otherwise a
        // network looked up in /etc/networks (e.g. 0.1.2.0).
        let name = if v4.octets()[0] != 0 {
            self.names.host(IpAddr::V4(v4))
        } else {
            self.names.network(v4)
        };
        match name {
            Some(n) if !n.is_empty() => self.extend_capped(out, n.as_bytes(), HOST_MAX),
            _ => write_v4(out, v4),
        }
    }

    fn host_v6(&self, out: &mut Vec<u8>, v6: Ipv6Addr) {
        if self.numeric_hosts {
            return write_v6(out, v6);
        }
        if v6.is_unspecified() {
            return out.extend_from_slice(b"[::]");
        }
        match self.names.host(IpAddr::V6(v6)) {
            // getnameinfo fails (EAI_OVERFLOW) when the name does not fit
            // netstat's 128-byte buffer; netstat then prints the number.
            Some(n) if !n.is_empty() && n.len() <= HOST_MAX => {
                escape::classic_into(out, n.as_bytes(), self.utf8);
            }
            _ => write_v6(out, v6),
        }
    }

    /// `get_sname`: `*` for port 0, a number, or the service name.
    fn service(&self, out: &mut Vec<u8>, port: u16, proto: &str) {
        if port == 0 {
            return out.push(b'*');
        }
        if !self.numeric_ports {
            if let Some(name) = self.names.service(port, proto) {
                if !name.is_empty() {
                    return self.extend_capped(out, name.as_bytes(), SERVICE_MAX);
                }
            }
        }
        digits::push_u64(out, u64::from(port));
    }

    /// A resolved name cut to `max` bytes (netstat's buffer), escaped.
    fn extend_capped(&self, out: &mut Vec<u8>, bytes: &[u8], max: usize) {
        escape::classic_into(out, &bytes[..bytes.len().min(max)], self.utf8);
    }
}

/// inet6's `fix_v4_address`: for a v4-mapped address, drop everything up to
/// the last `:` before the first `.` ("::ffff:127.0.0.1" -> "127.0.0.1").
/// Applies to resolved names too, which rarely contain both.
fn strip_v4_mapped_prefix(out: &mut Vec<u8>, start: usize) {
    let text = &out[start..];
    let Some(dot) = text.iter().position(|&b| b == b'.') else {
        return;
    };
    if let Some(colon) = text[..dot].iter().rposition(|&b| b == b':') {
        out.drain(start..=start + colon);
    }
}

/// Dotted quad (inet_ntoa).
pub(crate) fn write_v4(out: &mut Vec<u8>, v4: Ipv4Addr) {
    digits::push_v4(out, v4.octets());
}

/// IPv6 text exactly as glibc's inet_ntop: the longest run (first on ties)
/// of two or more zero groups becomes "::", and the last 32 bits print as a
/// dotted quad for "::a.b.c.d" (IPv4-compatible, first 96 bits zero, except
/// "::" and "::1"-like addresses whose zero run reaches group 7) and for
/// "::ffff:a.b.c.d".
pub(crate) fn write_v6(out: &mut Vec<u8>, v6: Ipv6Addr) {
    let words = v6.segments();
    // Longest run of zero words (length >= 2), first one on ties.
    let (mut best_base, mut best_len) = (usize::MAX, 0usize);
    let mut i = 0;
    while i < 8 {
        if words[i] == 0 {
            let start = i;
            while i < 8 && words[i] == 0 {
                i += 1;
            }
            if i - start > best_len {
                (best_base, best_len) = (start, i - start);
            }
        } else {
            i += 1;
        }
    }
    if best_len < 2 {
        best_base = usize::MAX;
    }
    let mut i = 0;
    while i < 8 {
        if i == best_base {
            out.push(b':');
            i += best_len;
            if i == 8 {
                out.push(b':');
            }
            continue;
        }
        if i != 0 {
            out.push(b':');
        }
        let embedded_v4 =
            i == 6 && best_base == 0 && (best_len == 6 || (best_len == 5 && words[5] == 0xffff));
        if embedded_v4 {
            let [.., a, b, c, d] = v6.octets();
            write_v4(out, Ipv4Addr::new(a, b, c, d));
            return;
        }
        digits::push_hex(out, words[i]);
        i += 1;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use sockscope::names::Numeric;

    fn v6(s: &str) -> String {
        let mut out = Vec::new();
        write_v6(&mut out, s.parse().unwrap());
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn ipv6_text_matches_glibc_inet_ntop() {
        // Each expectation is what netstat -n printed for the address.
        assert_eq!(v6("::"), "::");
        assert_eq!(v6("::1"), "::1");
        assert_eq!(v6("::1.2.3.4"), "::1.2.3.4");
        assert_eq!(v6("::1:2"), "::0.1.0.2");
        assert_eq!(v6("::ffff:127.0.0.1"), "::ffff:127.0.0.1");
        assert_eq!(v6("2001:db8:0:1:2:3:4:5"), "2001:db8:0:1:2:3:4:5");
        assert_eq!(v6("2001:0:0:1:0:0:1:1"), "2001::1:0:0:1:1");
        assert_eq!(v6("2001:db8::2"), "2001:db8::2");
        assert_eq!(v6("fe80::1234"), "fe80::1234");
        assert_eq!(v6("1::"), "1::");
        assert_eq!(v6("1:2:3:4:5:6:7:8"), "1:2:3:4:5:6:7:8");
        assert_eq!(v6("1:0:0:2:0:0:0:3"), "1:0:0:2::3");
    }

    fn endpoint(addr: &str, port: u16, wide: bool) -> String {
        let n = Naming {
            names: &Numeric,
            numeric_hosts: true,
            numeric_ports: true,
            wide,
            utf8: true,
        };
        let mut field = b"prefix|".to_vec();
        n.endpoint(
            &mut field,
            &mut Vec::new(),
            addr.parse().unwrap(),
            port,
            "tcp",
        );
        String::from_utf8(field.split_off(7)).unwrap()
    }

    #[test]
    fn truncation_keeps_the_port_and_cuts_the_host() {
        assert_eq!(
            endpoint("2001:db8:aaaa:bbbb:cccc:dddd:eeee:1", 44321, false),
            "2001:db8:aaaa:bbb:44321"
        );
        assert_eq!(
            endpoint("2001:db8:1:2:3:4:5:6", 65535, false),
            "2001:db8:1:2:3:4::65535"
        );
        assert_eq!(
            endpoint("2001:db8:aaaa:bbbb:cccc:dddd:eeee:1", 44321, true),
            "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1:44321"
        );
        assert_eq!(endpoint("::ffff:127.0.0.1", 0, false), "127.0.0.1:*");
        assert_eq!(endpoint("::ffff:0.0.0.0", 5000, false), "0.0.0.0:5000");
    }

    /// Names of 129 and 128 bytes, as the syn2 variant of the synthetic tree
    /// (hosts file entries) showed netstat handling them with -W.
    struct LongNames;
    impl Resolver for LongNames {
        fn service(&self, _port: u16, _proto: &str) -> Option<String> {
            Some("http".into())
        }
        fn host(&self, addr: IpAddr) -> Option<String> {
            let len = if addr == "2001:db8::98".parse::<IpAddr>().unwrap() {
                128
            } else {
                129
            };
            Some("h".repeat(len))
        }
        fn user(&self, _uid: u32) -> Option<String> {
            None
        }
    }

    fn long(addr: &str) -> String {
        let n = Naming {
            names: &LongNames,
            numeric_hosts: false,
            numeric_ports: false,
            wide: true,
            utf8: true,
        };
        let mut field = b"prefix|".to_vec();
        n.endpoint(
            &mut field,
            &mut Vec::new(),
            addr.parse().unwrap(),
            80,
            "tcp",
        );
        String::from_utf8(field.split_off(7)).unwrap()
    }

    #[test]
    fn long_names_hit_netstats_128_byte_buffers() {
        // IPv4: the name is cut to 127 bytes, then "name:port" to 127 too.
        assert_eq!(long("10.20.30.41"), "h".repeat(127));
        // IPv6: getnameinfo refuses names that do not fit; the number shows.
        assert_eq!(long("2001:db8::99"), "2001:db8::99:http");
        assert_eq!(long("2001:db8::98"), "2001:db8::98:http");
    }

    /// A hosts file or PTR record with an escape sequence, a bidi override
    /// and a line separator; a services entry with a C1 CSI.
    struct Hostile;
    impl Resolver for Hostile {
        fn service(&self, _port: u16, _proto: &str) -> Option<String> {
            Some("w\u{9b}2J".into())
        }
        fn host(&self, _addr: IpAddr) -> Option<String> {
            Some("e\x1b[31m\u{202e}x\u{2028}".into())
        }
        fn user(&self, _uid: u32) -> Option<String> {
            None
        }
    }

    #[test]
    fn resolved_names_are_escaped() {
        for (utf8, host, service) in [
            (true, "e?[31m?x?", "w?2J"),
            (false, "e?[31m???x???", "w??2J"),
        ] {
            let n = Naming {
                names: &Hostile,
                numeric_hosts: false,
                numeric_ports: false,
                wide: true,
                utf8,
            };
            for addr in ["192.0.2.1", "2001:db8::1"] {
                let mut field = Vec::new();
                n.endpoint(
                    &mut field,
                    &mut Vec::new(),
                    addr.parse().unwrap(),
                    80,
                    "tcp",
                );
                assert_eq!(
                    String::from_utf8(field).unwrap(),
                    format!("{host}:{service}")
                );
            }
        }
    }
}
