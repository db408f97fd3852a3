//! One entry point that gathers a [`RouteTable`]: which families, from which
//! source (rtnetlink or /proc), in the order asked.
//!
//! The two sources differ in what they list (see `model::route`): rtnetlink
//! has every table with type, protocol and scope; /proc/net/route only the
//! IPv4 main table, /proc/net/ipv6_route every IPv6 table plus the kernel's
//! null entries and the reference counts. netstat's IPv6 table prints those
//! counts and null entries, so a caller that must match it asks for
//! [`RouteOptions::ipv6_refcnt`] (as `Query::unix_refcnt` does for
//! UNIX sockets).

use crate::model::{Family, RouteTable, Warning};
use crate::sys::linux::{procfs, rtnl_route};
use crate::{Result, Source};

/// What to gather.
#[derive(Debug, Clone, Default)]
pub struct RouteOptions {
    /// Families, listed in this order (a family named twice is read twice,
    /// as netstat prints it twice).
    pub families: Vec<Family>,
    pub source: Source,
    /// IPv6 routes need the reference counts and null entries that only
    /// /proc/net/ipv6_route has: read IPv6 from there (rtnetlink only when
    /// the file cannot be read and the source is `Auto`).
    pub ipv6_refcnt: bool,
}

/// Name of a family's route table in warnings: a [`Warning::Unavailable`]
/// with this `what` means the family could not be listed at all.
pub fn table_label(family: Family) -> &'static str {
    match family {
        Family::Inet => "routes (inet)",
        Family::Inet6 => "routes (inet6)",
    }
}

/// Gather the routes `opts` asks for. With `Source::Auto` a source that
/// fails becomes a [`Warning::Fallback`] and the other one is read; a family
/// neither can read becomes a [`Warning::Unavailable`]. Only a failure of an
/// explicitly chosen source is an error.
pub fn routes(opts: &RouteOptions) -> Result<RouteTable> {
    let mut t = RouteTable::default();
    for &family in &opts.families {
        let proc_first = opts.source == Source::Proc
            || (opts.ipv6_refcnt && family == Family::Inet6 && opts.source == Source::Auto);
        match opts.source {
            Source::Netlink => rtnl_route::dump_routes(family, &mut t.routes)?,
            Source::Proc => t.routes.extend(procfs::read_routes(family)?),
            Source::Auto if proc_first => match procfs::read_routes(family) {
                Ok(v) => t.routes.extend(v),
                Err(e) => {
                    t.warnings.push(Warning::Unavailable {
                        what: "ipv6_route",
                        reason: format!(
                            "{e}; IPv6 routes listed from rtnetlink, without reference counts and null entries"
                        ),
                    });
                    unavailable_if_err(
                        rtnl_route::dump_routes(family, &mut t.routes),
                        family,
                        &mut t.warnings,
                    );
                }
            },
            Source::Auto => {
                if let Err(e) = rtnl_route::dump_routes(family, &mut t.routes) {
                    t.warnings.push(Warning::Fallback {
                        what: table_label(family),
                        reason: e.to_string(),
                    });
                    match procfs::read_routes(family) {
                        Ok(v) => t.routes.extend(v),
                        Err(e) => unavailable_if_err(Err(e), family, &mut t.warnings),
                    }
                }
            }
        }
    }
    Ok(t)
}

fn unavailable_if_err(r: Result<()>, family: Family, warnings: &mut Vec<Warning>) {
    if let Err(e) = r {
        warnings.push(Warning::Unavailable {
            what: table_label(family),
            reason: e.to_string(),
        });
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::{table, RouteType};

    #[test]
    fn families_come_in_the_order_asked() {
        let opts = RouteOptions {
            families: vec![Family::Inet6, Family::Inet],
            source: Source::Auto,
            ipv6_refcnt: true,
        };
        let t = routes(&opts).unwrap();
        let first_v4 = t.routes.iter().position(|r| r.family == Family::Inet);
        let last_v6 = t.routes.iter().rposition(|r| r.family == Family::Inet6);
        if let (Some(a), Some(b)) = (first_v4, last_v6) {
            assert!(b < a);
        }
        // IPv6 came from /proc: reference counts present.
        assert!(t
            .routes
            .iter()
            .filter(|r| r.family == Family::Inet6)
            .all(|r| r.refcnt.is_some()));
    }

    /// The main table over rtnetlink, minus what /proc/net/route skips
    /// (broadcast and multicast routes), is /proc/net/route row for row.
    #[test]
    fn rtnetlink_main_table_is_proc_net_route() {
        let nl = routes(&RouteOptions {
            families: vec![Family::Inet],
            source: Source::Netlink,
            ipv6_refcnt: false,
        })
        .unwrap();
        let pr = routes(&RouteOptions {
            families: vec![Family::Inet],
            source: Source::Proc,
            ipv6_refcnt: false,
        })
        .unwrap();
        let key = |r: &crate::model::Route| {
            let (gateway, dev) = r.first_hop();
            (
                r.dst,
                r.dst_len,
                gateway,
                dev.map(str::to_owned),
                r.flags,
                r.metric,
                r.metrics.advmss,
                r.metrics.window,
                r.metrics.rtt >> 3,
            )
        };
        let want: Vec<_> = pr.routes.iter().map(key).collect();
        let got: Vec<_> = nl
            .routes
            .iter()
            .filter(|r| r.table == Some(table::MAIN))
            .filter(|r| !matches!(r.kind, RouteType::Broadcast | RouteType::Multicast))
            .map(|r| {
                let mut k = key(r);
                // /proc prints the gateway only when it is an IPv4 one.
                if !r.flags.has(crate::model::RouteFlags::GATEWAY) {
                    k.2 = None;
                }
                k
            })
            .collect();
        assert_eq!(got, want);
    }
}

/// Routing tables of families netstat reads from /proc that sockscope does
/// not list (netstat's `-r -A ax25` and friends).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegacyRoutes {
    Ax25,
    Netrom,
    Ipx,
    /// AppleTalk (netstat's `ddp`).
    Ddp,
    X25,
    Rose,
}

impl LegacyRoutes {
    /// Every one, in no particular order.
    pub const ALL: [LegacyRoutes; 6] = [
        LegacyRoutes::Ax25,
        LegacyRoutes::Netrom,
        LegacyRoutes::Ipx,
        LegacyRoutes::Ddp,
        LegacyRoutes::X25,
        LegacyRoutes::Rose,
    ];

    /// The family's name as `-A` takes it (`ax25`, `ddp`, ...).
    pub fn name(self) -> &'static str {
        match self {
            LegacyRoutes::Ax25 => "ax25",
            LegacyRoutes::Netrom => "netrom",
            LegacyRoutes::Ipx => "ipx",
            LegacyRoutes::Ddp => "ddp",
            LegacyRoutes::X25 => "x25",
            LegacyRoutes::Rose => "rose",
        }
    }

    /// The family of an `-A` name, if it is one of these.
    pub fn from_name(name: &str) -> Option<LegacyRoutes> {
        LegacyRoutes::ALL.into_iter().find(|l| l.name() == name)
    }

    /// The /proc/net files whose presence says the kernel has the table.
    fn proc_files(self) -> &'static [&'static str] {
        match self {
            LegacyRoutes::Ax25 => &["ax25_route"],
            LegacyRoutes::Netrom => &["nr_nodes"],
            LegacyRoutes::Ipx => &["ipx/route", "ipx_route"],
            LegacyRoutes::Ddp => &["atalk_route"],
            LegacyRoutes::X25 => &["x25/route"],
            LegacyRoutes::Rose => &["rose_nodes"],
        }
    }

    /// Does this kernel have the table?
    pub fn availability(self) -> crate::sockets::unlisted::Availability {
        use crate::sockets::unlisted::Availability;
        if self.proc_files().iter().any(|f| procfs::net_file_exists(f)) {
            Availability::InKernel
        } else {
            Availability::Absent
        }
    }
}
