//! netstat's address-family words (`-A inet,unix`, `--inet6`, `-4`, `-x`):
//! the alias table of net-tools 2.10 and the running list of family names it
//! keeps for `-r` and `-s`, with its 255-byte limits.

/// An address family netstat knows by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressFamily {
    Unix,
    Inet,
    Inet6,
    Ax25,
    Netrom,
    Rose,
    Ipx,
    Ddp,
    Econet,
    X25,
    Ash,
    Bluetooth,
}

/// `-A` words: alias, canonical name, family. Exact, case-sensitive.
const ALIASES: &[(&str, &str, AddressFamily)] = &[
    ("ax25", "ax25", AddressFamily::Ax25),
    ("ip", "inet", AddressFamily::Inet),
    ("ip6", "inet6", AddressFamily::Inet6),
    ("ipx", "ipx", AddressFamily::Ipx),
    ("rose", "rose", AddressFamily::Rose),
    ("appletalk", "ddp", AddressFamily::Ddp),
    ("netrom", "netrom", AddressFamily::Netrom),
    ("inet", "inet", AddressFamily::Inet),
    ("inet6", "inet6", AddressFamily::Inet6),
    ("ddp", "ddp", AddressFamily::Ddp),
    ("unix", "unix", AddressFamily::Unix),
    ("tcpip", "inet", AddressFamily::Inet),
    ("econet", "ec", AddressFamily::Econet),
    ("x25", "x25", AddressFamily::X25),
    ("ash", "ash", AddressFamily::Ash),
    ("bluetooth", "bluetooth", AddressFamily::Bluetooth),
];

/// netstat keeps the names in a 256-byte buffer and copies each `-A`
/// argument into one too.
const BUF: usize = 256;

/// An unknown family word: netstat prints "Unknown address family `x'." and exits 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFamily(pub Vec<u8>);

/// Families named so far, in order, as netstat accumulates them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FamilyWords {
    named: Vec<AddressFamily>,
    /// Canonical names in order (netstat's `afname`, joined with commas).
    names: Vec<&'static str>,
    joined_len: usize,
}

impl FamilyWords {
    /// Apply one comma-separated family argument. A non-fatal diagnostic
    /// (netstat's "Too much address family arguments.") is pushed to `diag`.
    pub fn apply(&mut self, arg: &[u8], diag: &mut Vec<Vec<u8>>) -> Result<(), UnknownFamily> {
        let arg = &arg[..arg.len().min(BUF - 1)];
        for word in arg.split(|&b| b == b',') {
            let Some(&(_, name, family)) = ALIASES.iter().find(|(a, _, _)| a.as_bytes() == word)
            else {
                return Err(UnknownFamily(word.to_vec()));
            };
            if name.len() + self.joined_len + 1 >= BUF {
                diag.push(b"Too much address family arguments.\n".to_vec());
                return Ok(());
            }
            self.named.push(family);
            if !self.names.is_empty() {
                self.joined_len += 1;
            }
            self.joined_len += name.len();
            self.names.push(name);
        }
        Ok(())
    }

    /// Was this family named at least once?
    pub fn has(&self, family: AddressFamily) -> bool {
        self.named.contains(&family)
    }

    /// Canonical names in the order given (for `-r` / `-s`).
    pub fn names(&self) -> &[&'static str] {
        &self.names
    }
}

impl UnknownFamily {
    /// netstat's message (no program-name prefix).
    pub fn message(&self) -> Vec<u8> {
        let mut m = b"Unknown address family `".to_vec();
        m.extend_from_slice(&self.0);
        m.extend_from_slice(b"'.\n");
        m
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn apply(words: &[&str]) -> (FamilyWords, Vec<Vec<u8>>, Result<(), UnknownFamily>) {
        let mut f = FamilyWords::default();
        let mut d = Vec::new();
        let mut r = Ok(());
        for w in words {
            r = f.apply(w.as_bytes(), &mut d);
            if r.is_err() {
                break;
            }
        }
        (f, d, r)
    }

    #[test]
    fn aliases_map_to_canonical_names() {
        let (f, d, r) = apply(&["ip,ip6", "tcpip", "appletalk", "econet"]);
        assert!(r.is_ok() && d.is_empty());
        assert_eq!(f.names(), ["inet", "inet6", "inet", "ddp", "ec"]);
        assert!(f.has(AddressFamily::Inet) && f.has(AddressFamily::Inet6));
        assert!(!f.has(AddressFamily::Unix));
    }

    #[test]
    fn unknown_word_is_an_error_with_netstat_text() {
        for (arg, bad) in [
            ("foo", "foo"),
            ("inet,foo", "foo"),
            ("", ""),
            ("inet,", ""),
            ("INET", "INET"),
        ] {
            let (_, _, r) = apply(&[arg]);
            let e = r.unwrap_err();
            assert_eq!(e.0, bad.as_bytes());
        }
        assert_eq!(
            UnknownFamily(b"x".to_vec()).message(),
            b"Unknown address family `x'.\n"
        );
    }

    #[test]
    fn argument_is_cut_at_255_bytes() {
        let long = "a".repeat(300);
        let (_, _, r) = apply(&[&long]);
        assert_eq!(r.unwrap_err().0.len(), 255);
    }

    #[test]
    fn too_many_names_is_a_warning_not_an_error() {
        let many = vec!["inet6"; 60];
        let (f, d, r) = apply(&many);
        assert!(r.is_ok());
        // 42 names of 5 bytes plus commas fill 251 bytes; the 43rd does not fit.
        assert_eq!(f.names().len(), 42);
        assert_eq!(d.len(), 60 - 42);
        assert_eq!(d[0], b"Too much address family arguments.\n");
    }
}
