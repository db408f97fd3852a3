//! net-tools netstat 2.10 `-g`: the "IPv6/IPv4 Group Memberships" block,
//! byte for byte (netstat.c `igmp_do_one`): a header, then one row per
//! membership, IPv4 groups (from /proc/net/igmp) before IPv6 ones
//! (/proc/net/igmp6), each in kernel order.
//!
//! Groups are named the way netstat names socket addresses (host lookup;
//! `-n` for numbers). Interface and host names are escaped (`escape`). One deliberate difference: with `-c`, netstat 2.10
//! parses /proc/net/igmp as if it were igmp6 from the second round on (a
//! static flag it never resets) and prints garbage; every round here is
//! the first one.

use std::io::Write as _;

use sockscope::model::GroupTable;
use sockscope::names::Resolver;

use crate::classic::netstat::addr::Naming;

/// The block's title and column heads.
pub const HEADER: &str = "IPv6/IPv4 Group Memberships\n\
Interface       RefCnt Group\n\
--------------- ------ ---------------------\n";

/// What changes how the groups are printed.
#[derive(Debug, Clone, Copy, Default)]
pub struct GroupOptions {
    /// `-n` / `--numeric-hosts`: no name lookups.
    pub numeric_hosts: bool,
    /// The locale's codeset is UTF-8: how interface and host names are
    /// escaped (see [`crate::escape::classic_into`]).
    pub utf8: bool,
}

/// Append the header and a row per membership of `table` to `out`.
pub fn render(table: &GroupTable, opts: &GroupOptions, names: &dyn Resolver, out: &mut Vec<u8>) {
    out.extend_from_slice(HEADER.as_bytes());
    let naming = Naming {
        names,
        numeric_hosts: opts.numeric_hosts,
        numeric_ports: true,
        wide: true,
        utf8: opts.utf8,
    };
    for g in &table.groups {
        let start = out.len();
        crate::escape::classic_into(out, &g.interface, opts.utf8);
        let width = out.len() - start;
        out.resize(out.len() + 15usize.saturating_sub(width), b' ');
        let _ = write!(out, " {:<6} ", g.users as i32);
        naming.host(out, g.group);
        out.push(b'\n');
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use sockscope::model::GroupMembership;
    use sockscope::names::Numeric;
    use std::net::IpAddr;

    fn g(name: &str, group: &str, users: u32) -> GroupMembership {
        GroupMembership {
            ifindex: 1,
            interface: name.as_bytes().into(),
            group: group.parse::<IpAddr>().unwrap(),
            users,
        }
    }

    struct Hosts;
    impl Resolver for Hosts {
        fn service(&self, _: u16, _: &str) -> Option<String> {
            None
        }
        fn host(&self, addr: IpAddr) -> Option<String> {
            (addr.to_string() == "224.0.0.1").then(|| "all-systems.mcast.net".into())
        }
        fn user(&self, _: u32) -> Option<String> {
            None
        }
    }

    #[test]
    fn rows_as_netstat_prints_them() {
        let table = GroupTable {
            groups: vec![
                g("lo", "224.0.0.1", 1),
                g("v0", "239.1.2.3", 2),
                g("abcdefghijklmno", "ff02::1:ff00:1", 1),
                g("e\x1bx", "ff15::1234", 1234567),
            ],
            warnings: vec![],
        };
        let mut out = Vec::new();
        render(
            &table,
            &GroupOptions {
                numeric_hosts: true,
                utf8: true,
            },
            &Numeric,
            &mut out,
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!(
                "{HEADER}lo              1      224.0.0.1\n\
v0              2      239.1.2.3\n\
abcdefghijklmno 1      ff02::1:ff00:1\n\
e?x             1234567 ff15::1234\n"
            )
        );
        let mut out = Vec::new();
        let opts = GroupOptions {
            numeric_hosts: false,
            utf8: false,
        };
        render(&table, &opts, &Hosts, &mut out);
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\nlo              1      all-systems.mcast.net\n"));
        assert!(text.contains("\ne?x             1234567 ff15::1234\n"));
    }
}
