//! `-M`: NAT'd connections from conntrack, in netstat's old masquerade
//! table (see crates/sockscope-cli/MASQUERADE.md for how this differs from
//! net-tools, which only knows the /proc/net/ip_masquerade file Linux 2.4
//! removed). `-4`/`-6` keep one family; `-n`, `--numeric-*`, `-e`, `-c` as
//! netstat.
//!
//! Exit statuses: 0 with a table, and 0 when conntrack holds no NAT'd
//! connection (stdout stays empty, as netstat's would; stderr says so);
//! 1 when the conntrack table cannot be read at all (both ctnetlink and
//! /proc/net/nf_conntrack; usually missing CAP_NET_ADMIN).

use std::io;

use sockscope::conntrack::{conntrack, ConntrackRead};
use sockscope::model::ConntrackEntry;
use sockscope::Error;
use sockscope_render::classic::masq::{self as classic, MasqOptions};
use sockscope_render::json::masq as json;

use crate::config::{Config, OutputFormat};
use crate::exit::Exit;
use crate::flags::usage::Personality;
use crate::{names, output};

/// List NAT'd connections, once or every second with `-c`.
pub fn run(config: &Config, who: Personality) -> anyhow::Result<Exit> {
    let resolver = names::for_run(false);
    let keep = |e: &ConntrackEntry| config.sockets.families.contains(&e.family);
    super::repeat::every_second(config.continuous, || {
        let table = conntrack(ConntrackRead::Auto).map_err(explain)?;
        let mut out = Vec::with_capacity(4096);
        match config.format {
            OutputFormat::Classic => {
                for w in &table.warnings {
                    output::stderr(format!("{}: {w}\n", who.name()).as_bytes());
                }
                let nat: Vec<&ConntrackEntry> = table.nat_entries().filter(|e| keep(e)).collect();
                let opts = MasqOptions {
                    numeric_hosts: config.numeric.hosts,
                    numeric_ports: config.numeric.ports,
                    extend: config.extend,
                    utf8: super::sockets::locale_is_utf8(),
                };
                classic::render(&nat, &*resolver, &opts, &mut out);
                if nat.is_empty() {
                    let tracked = table.entries.iter().filter(|e| keep(e)).count();
                    output::stderr(empty_note(tracked, who).as_bytes());
                }
            }
            OutputFormat::Json | OutputFormat::Ndjson => {
                let ndjson = config.format == OutputFormat::Ndjson;
                json::render(&table, &keep, ndjson, &mut out)?;
            }
        }
        output::stdout(&out)?;
        Ok(Exit::Success)
    })
}

/// "no NAT'd connections" with how many entries (of the families asked
/// for) conntrack had.
fn empty_note(tracked: usize, who: Personality) -> String {
    let tracked = match tracked {
        0 => "no connections are tracked".to_string(),
        1 => "1 connection is tracked, without NAT".to_string(),
        n => format!("{n} connections are tracked, none with NAT"),
    };
    format!("{}: no NAT'd connections ({tracked})\n", who.name())
}

/// Say what reading conntrack needs when the kernel refused.
fn explain(e: Error) -> anyhow::Error {
    let denied = |e: &Error| match e {
        Error::DumpRejected { source, .. } | Error::Netlink { source, .. } => {
            source.kind() == io::ErrorKind::PermissionDenied
        }
        Error::ProcRead { source, .. } => source.kind() == io::ErrorKind::PermissionDenied,
        _ => false,
    };
    let needs_admin = match &e {
        Error::BothFailed { first, second, .. } => denied(first) || denied(second),
        other => denied(other),
    };
    let what = if needs_admin {
        "cannot list NAT'd connections (reading conntrack needs CAP_NET_ADMIN)"
    } else {
        "cannot list NAT'd connections"
    };
    anyhow::Error::new(e).context(what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_note_counts_tracked_connections() {
        assert_eq!(
            empty_note(0, Personality::Netstat),
            "netstat: no NAT'd connections (no connections are tracked)\n"
        );
        assert_eq!(
            empty_note(3, Personality::Sockscope),
            "sockscope: no NAT'd connections (3 connections are tracked, none with NAT)\n"
        );
    }

    #[test]
    fn permission_errors_get_the_capability_hint() {
        let eperm = Error::DumpRejected {
            what: "conntrack",
            source: io::Error::from(io::ErrorKind::PermissionDenied),
        };
        let e = explain(Error::BothFailed {
            what: "the conntrack table",
            first: Box::new(eperm),
            second: Box::new(Error::ProcRead {
                path: "/proc/net/nf_conntrack".into(),
                source: io::Error::from(io::ErrorKind::NotFound),
            }),
        });
        assert!(format!("{e:#}").contains("CAP_NET_ADMIN"), "{e:#}");
    }
}
