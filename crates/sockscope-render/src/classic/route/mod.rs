//! net-tools netstat 2.10 routing tables (`-r`), byte for byte as the
//! installed binary prints them to a pipe: "Kernel IP routing table" in its
//! three `-e` layouts, "Kernel IP routing cache" (always empty since Linux
//! 3.6 dropped the IPv4 route cache), and "Kernel IPv6 routing table" /
//! "cache" (one layout whatever `-e` says).
//!
//! Which routes appear is netstat's rule, applied here to routes from either
//! source: IPv4 shows the main table without broadcast and multicast routes
//! and only routes flagged UP (what /proc/net/route lists); IPv6 shows every
//! route it is given (what /proc/net/ipv6_route lists, null entries
//! included), the cache view only those flagged CACHE and the table view the
//! others. The caller passes the routes of one family in kernel order.
//!
//! Interface and resolved names are escaped (`escape`), piped or not.

mod inet;
mod inet6;
pub mod legacy;
mod text;

#[cfg(test)]
mod tests;

use sockscope::model::{Family, Route};
use sockscope::names::Resolver;

/// What changes how netstat prints its routing tables. Built by the CLI
/// from netstat's flags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NetstatRouteOptions {
    /// Print addresses as numbers: `-n`, `--numeric-hosts` or `-N` (netstat
    /// passes its symbolic flag down as "numeric" too). `--numeric-ports`
    /// and `--numeric-users` do not count.
    pub numeric: bool,
    /// Number of `-e` given.
    pub extend: u8,
    /// Print the table (netstat's FIB view): default, or `-F`.
    pub fib: bool,
    /// Print the cache: `-C`.
    pub cache: bool,
    /// The locale's codeset is UTF-8: how interface and host names are
    /// escaped (see [`crate::escape::classic_into`]).
    pub utf8: bool,
}

impl NetstatRouteOptions {
    /// netstat's layout number: it counts `-e` from 1, swaps 1 and 2 (so a
    /// bare `-r` gets the MSS layout and `-re` the Metric one) and keeps
    /// two bits: 0 prints no rows at all (`-reee`), 3 the wide layout.
    pub fn layout(&self) -> u8 {
        let exp = 1 + u32::from(self.extend);
        let exp = match exp {
            1 => 2,
            2 => 1,
            n => n,
        };
        (exp & 3) as u8
    }
}

/// Append what netstat prints for `family` (title, header, rows) to `out`.
/// `routes` may hold other families; they are skipped.
pub fn render(
    family: Family,
    routes: &[Route],
    opts: &NetstatRouteOptions,
    names: &dyn Resolver,
    out: &mut Vec<u8>,
) {
    match family {
        Family::Inet => {
            if opts.fib {
                inet::table(routes, opts, names, out);
            }
            if opts.cache {
                inet::cache_header(opts, out);
            }
        }
        Family::Inet6 => {
            if opts.fib {
                inet6::table(routes, opts, names, false, out);
            }
            if opts.cache {
                inet6::table(routes, opts, names, true, out);
            }
        }
    }
}
