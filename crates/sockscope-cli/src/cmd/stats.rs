//! `-s`: protocol statistics. The family comes from netstat's family list
//! (`-4`, `-6`, `-A`; IPv4 when none): anything but exactly "inet" or
//! "inet6" is refused with netstat's message on stdout and exit 1.
//! `-t -u -w -U -S` pick blocks as in netstat (the classic renderer) or by
//! protocol (JSON). Unlike netstat 2.10, which ignores `-c` with `-s`,
//! `-c` repeats the listing every second, as in the other modes.

use anyhow::Context;
use sockscope::model::{Family, InetProto, Statistics};
use sockscope_render::classic::stats::{self as classic, StatsOptions};
use sockscope_render::json::stats::{self as json, StatsSelection};

use crate::config::{Config, OutputFormat};
use crate::exit::Exit;
use crate::flags::usage::Personality;
use crate::output;

/// Print the statistics `config` asks for, once or every second with `-c`.
pub fn run(config: &Config, who: Personality) -> anyhow::Result<Exit> {
    let Some(family) = family(&config.family_names) else {
        let msg = classic::unsupported_family(who.name(), &config.family_names);
        output::stdout(msg.as_bytes())?;
        return Ok(Exit::Failure);
    };
    super::repeat::every_second(config.continuous, || {
        // The library error names the file and the OS reason already.
        let stats = sockscope::stats::statistics(family)
            .map_err(|e| anyhow::anyhow!("cannot read the protocol statistics: {e}"))?;
        let mut out = Vec::with_capacity(8192);
        match config.format {
            OutputFormat::Classic => {
                report_warnings(&stats, who);
                classic::render(&stats, &classic_options(config), &mut out);
            }
            OutputFormat::Json | OutputFormat::Ndjson => {
                let ndjson = config.format == OutputFormat::Ndjson;
                json::render(&stats, &selection(config), ndjson, &mut out)
                    .context("cannot encode JSON")?;
            }
        }
        output::stdout(&out)?;
        Ok(Exit::Success)
    })
}

/// netstat's `afname` rule: none means IPv4.
fn family(names: &[&str]) -> Option<Family> {
    match names {
        [] | ["inet"] => Some(Family::Inet),
        ["inet6"] => Some(Family::Inet6),
        _ => None,
    }
}

fn classic_options(config: &Config) -> StatsOptions {
    let has = |p| config.sockets.protos.contains(&p);
    StatsOptions {
        raw: has(InetProto::Raw),
        tcp: has(InetProto::Tcp),
        udp: has(InetProto::Udp),
        sctp: config.sockets.sctp,
    }
}

fn selection(config: &Config) -> StatsSelection {
    let has = |p| config.sockets.protos.contains(&p);
    StatsSelection {
        raw: has(InetProto::Raw),
        tcp: has(InetProto::Tcp),
        udp: has(InetProto::Udp),
        udplite: has(InetProto::UdpLite),
        sctp: config.sockets.sctp,
    }
}

/// Files or blocks that could not be read: netstat would print a partial
/// listing silently or with a bare perror; we name each on stderr.
fn report_warnings(stats: &Statistics, who: Personality) {
    for w in &stats.warnings {
        output::stderr(format!("{}: {w}\n", who.name()).as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_follows_netstats_afname() {
        assert_eq!(family(&[]), Some(Family::Inet));
        assert_eq!(family(&["inet"]), Some(Family::Inet));
        assert_eq!(family(&["inet6"]), Some(Family::Inet6));
        assert_eq!(family(&["inet", "inet"]), None);
        assert_eq!(family(&["unix"]), None);
    }

    fn options(args: &[&str]) -> StatsOptions {
        let args: Vec<Vec<u8>> = args.iter().map(|a| a.as_bytes().to_vec()).collect();
        match crate::flags::netstat::parse(&args, false).result {
            Ok(crate::flags::netstat::Command::Run(c)) => classic_options(&c),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn protocol_switches_follow_netstat() {
        let all = StatsOptions {
            raw: true,
            tcp: true,
            udp: true,
            sctp: true,
        };
        assert_eq!(options(&["-s"]), all);
        assert_eq!(options(&["-s", "-6"]), all);
        let tcp = StatsOptions {
            tcp: true,
            ..StatsOptions::default()
        };
        assert_eq!(options(&["-st"]), tcp);
        assert_eq!(options(&["-sU"]), StatsOptions::default());
        let raw_udp = StatsOptions {
            raw: true,
            udp: true,
            ..StatsOptions::default()
        };
        assert_eq!(options(&["-swu"]), raw_udp);
    }
}
