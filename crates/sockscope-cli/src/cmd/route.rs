//! The routing table (`-r`): families in the order named (`-A inet6,inet`
//! prints IPv6 first; default `inet`), each as netstat 2.10 prints it, once
//! or every second with `-c`.
//!
//! Classic output reads IPv4 over rtnetlink (its main table is exactly what
//! /proc/net/route lists, in the same order) and IPv6 from
//! /proc/net/ipv6_route, because netstat's IPv6 table shows reference counts
//! and the kernel's null entries, which rtnetlink does not carry. JSON
//! lists every table over rtnetlink.
//!
//! Families netstat cannot route end the listing as netstat does: `unix`,
//! `ash`, `ec` ("No routing for address family") and `bluetooth` ("not
//! supported") with status 3; the legacy families whose table the kernel
//! lacks (the library's answer) with netstat's own messages
//! (`classic::route::legacy`) and status 1.

use anyhow::Context;
use sockscope::model::{Family, RouteFlags, RouteTable, Warning};
use sockscope::names::Resolver;
use sockscope::routes::LegacyRoutes;
use sockscope::sockets::unlisted::Availability;
use sockscope::{routes, table_label, RouteOptions, Source};
use sockscope_render::classic::route::{self as classic, legacy, NetstatRouteOptions};
use sockscope_render::json::routes as json;

use crate::config::{Config, OutputFormat};
use crate::exit::{CliError, Exit};
use crate::names;
use crate::output;

/// One `-A` word of a `-r` run, as netstat's `route_info` treats it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// A family we list.
    Family(Family),
    /// Known to netstat, but without a routing table: status 3.
    NoRouting(&'static str),
    /// Not a netstat address family in this build: status 3.
    NotSupported(&'static str),
    /// A legacy family netstat reads from /proc.
    Legacy(LegacyRoutes),
}

/// What netstat does with one canonical family name.
fn target(name: &'static str) -> Target {
    match name {
        "inet" => Target::Family(Family::Inet),
        "inet6" => Target::Family(Family::Inet6),
        "bluetooth" => Target::NotSupported(name),
        _ => match LegacyRoutes::from_name(name) {
            Some(l) => Target::Legacy(l),
            None => Target::NoRouting(name),
        },
    }
}

/// The targets of `config`: the names given, or `inet`.
fn targets(config: &Config) -> Vec<Target> {
    if config.family_names.is_empty() {
        return vec![Target::Family(Family::Inet)];
    }
    config.family_names.iter().map(|&n| target(n)).collect()
}

/// List routes as `config` says, once or every second with `-c`.
pub fn run(config: &Config) -> anyhow::Result<Exit> {
    let targets = targets(config);
    let names: Box<dyn Resolver> = names::for_run(numeric(config));
    super::repeat::every_second(config.continuous, || {
        let exit = match config.format {
            OutputFormat::Classic => print_classic(config, &targets, &*names)?,
            OutputFormat::Json => print_json(config, &targets, false)?,
            OutputFormat::Ndjson => print_json(config, &targets, true)?,
        };
        Ok(exit)
    })
}

/// netstat names route addresses unless `-n`/`--numeric-hosts` or `-N`.
fn numeric(config: &Config) -> bool {
    config.numeric.hosts || config.symbolic
}

/// netstat's view: `-F` (or no `-C`) the table, `-C` the cache.
fn views(config: &Config) -> (bool, bool) {
    let cache = config.route.cache;
    (config.route.fib || !cache, cache)
}

fn print_classic(
    config: &Config,
    targets: &[Target],
    names: &dyn Resolver,
) -> anyhow::Result<Exit> {
    let (fib, cache) = views(config);
    let opts = NetstatRouteOptions {
        numeric: numeric(config),
        extend: config.extend,
        fib,
        cache,
        utf8: super::sockets::locale_is_utf8(),
    };
    let mut out = Vec::with_capacity(4096);
    let mut exit = Exit::Success;
    for t in targets {
        match *t {
            Target::Family(family) => {
                let table = read(family, true)?;
                if let Some(reason) = unavailable(&table, family) {
                    // netstat: perror(file) on stderr, this line on stdout.
                    output::stderr(format!("{reason}\n").as_bytes());
                    out.extend_from_slice(legacy::not_configured(family));
                    exit = Exit::Failure;
                    break;
                }
                if config.verbose {
                    for w in &table.warnings {
                        output::stderr(format!("sockscope: {w}\n").as_bytes());
                    }
                }
                classic::render(family, &table.routes, &opts, names, &mut out);
            }
            Target::NoRouting(name) => {
                output::stderr(legacy::no_routing(name).as_bytes());
                exit = Exit::Usage;
                break;
            }
            Target::NotSupported(name) => {
                output::stderr(legacy::not_supported(name).as_bytes());
                exit = Exit::Usage;
                break;
            }
            Target::Legacy(l) => {
                if l.availability() == Availability::InKernel {
                    output::stdout(&out)?;
                    let what = legacy::listing(l);
                    return Err(CliError::NotImplemented { what }.into());
                }
                let absent = legacy::absent(l);
                output::stderr(absent.stderr.as_bytes());
                out.extend_from_slice(absent.stdout.as_bytes());
                exit = Exit::Failure;
                break;
            }
        }
    }
    output::stdout(&out)?;
    Ok(exit)
}

/// Routes of one family. `classic`: netstat's sources (IPv6 with reference
/// counts from /proc); else every table over rtnetlink.
fn read(family: Family, classic: bool) -> anyhow::Result<RouteTable> {
    routes(&RouteOptions {
        families: vec![family],
        source: Source::Auto,
        ipv6_refcnt: classic,
    })
    .context("cannot read the routing table")
}

/// The reason `family` could not be listed at all, if so.
fn unavailable(table: &RouteTable, family: Family) -> Option<&str> {
    table.warnings.iter().find_map(|w| match w {
        Warning::Unavailable { what, reason } if *what == table_label(family) => {
            Some(reason.as_str())
        }
        _ => None,
    })
}

fn print_json(config: &Config, targets: &[Target], ndjson: bool) -> anyhow::Result<Exit> {
    let (fib, cache) = views(config);
    let mut all = RouteTable::default();
    let mut seen = Vec::new();
    for t in targets {
        if seen.contains(t) {
            continue;
        }
        seen.push(*t);
        match *t {
            Target::Family(family) => {
                let mut table = read(family, false)?;
                table.routes.retain(|r| {
                    if r.flags.has(RouteFlags::CACHE) {
                        cache
                    } else {
                        fib
                    }
                });
                all.routes.append(&mut table.routes);
                all.warnings.append(&mut table.warnings);
            }
            Target::NoRouting(name) | Target::NotSupported(name) => {
                all.warnings.push(Warning::Unavailable {
                    what: name,
                    reason: "no routing table for this address family".into(),
                })
            }
            Target::Legacy(l) => all.warnings.push(Warning::Unavailable {
                what: l.name(),
                reason: if l.availability() == Availability::InKernel {
                    format!("{} is not implemented in sockscope", legacy::listing(l))
                } else {
                    "not supported by this kernel".into()
                },
            }),
        }
    }
    let mut out = Vec::with_capacity(4096 + 400 * all.routes.len());
    json::render(&all, ndjson, &mut out).context("cannot encode JSON")?;
    output::stdout(&out)?;
    Ok(Exit::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_words_map_to_netstats_handling() {
        assert_eq!(target("inet6"), Target::Family(Family::Inet6));
        assert_eq!(target("unix"), Target::NoRouting("unix"));
        assert_eq!(target("ec"), Target::NoRouting("ec"));
        assert_eq!(target("ash"), Target::NoRouting("ash"));
        assert_eq!(target("bluetooth"), Target::NotSupported("bluetooth"));
        assert_eq!(target("ipx"), Target::Legacy(LegacyRoutes::Ipx));
        for l in LegacyRoutes::ALL {
            assert_eq!(target(l.name()), Target::Legacy(l));
        }
    }
}
