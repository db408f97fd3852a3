//! The modern subcommands' arguments resolved into what one run does, in one
//! step: which sockets to collect (and with what extras), which rows to
//! keep, which columns in which order, which format, whether to colour.
//! Pure: the caller passes what it knows about the terminal and NO_COLOR.

use sockscope::filter::ListenSelection;
use sockscope::model::{Family, InetProto};
use sockscope::{Query, Source};
use sockscope_render::columns::{self, Column, SortKey};

use super::modern::{ColorChoice, ConnsArgs, Format};

/// What the environment says about the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutputEnv {
    /// stdout is a terminal.
    pub terminal: bool,
    /// `NO_COLOR` is set to a non-empty value (no-color.org).
    pub no_color: bool,
}

impl OutputEnv {
    /// Read it from the process: stdout's terminal-ness and NO_COLOR.
    pub fn current() -> OutputEnv {
        use std::io::IsTerminal;
        OutputEnv {
            terminal: std::io::stdout().is_terminal(),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        }
    }
}

/// One run of `sockscope conns`.
#[derive(Debug, Clone)]
pub struct ConnsConfig {
    /// What to list (the filter is compiled and added by the command:
    /// name lookups are I/O).
    pub query: Query,
    pub columns: Vec<Column>,
    pub sort: Vec<SortKey>,
    pub format: Format,
    /// Colour the table.
    pub color: bool,
    pub header: bool,
    /// `-n`: user ids instead of names (interface names and cgroup paths
    /// are still shown).
    pub numeric: bool,
    /// The filter as given (compiled by the command: name lookups are I/O).
    pub filter: super::filter::FilterArgs,
    /// `--netns all`: every network namespace, each socket with its own.
    pub all_netns: bool,
}

/// Resolve `conns` arguments. Protocols: those named, else every kind
/// netstat knows (ICMP, SCTP, MPTCP, packet and netlink only when named);
/// `-4`/`-6` alone leave UNIX out. Processes are collected only
/// when a column shows them; socket details when a column needs them, and
/// always for JSON.
pub fn resolve_conns(a: &ConnsArgs, env: OutputEnv, all_netns: bool) -> ConnsConfig {
    let others = a.icmp || a.packet || a.netlink || a.sctp || a.mptcp;
    let named = a.tcp || a.udp || a.udplite || a.raw || a.unix || others;
    let mut protos = Vec::new();
    for (on, p) in [
        (a.tcp, InetProto::Tcp),
        (a.udp, InetProto::Udp),
        (a.udplite, InetProto::UdpLite),
        (a.raw, InetProto::Raw),
    ] {
        if on || !named {
            protos.push(p);
        }
    }
    for (on, p) in [
        (a.icmp, InetProto::Icmp),
        (a.sctp, InetProto::Sctp),
        (a.mptcp, InetProto::Mptcp),
    ] {
        if on {
            protos.push(p);
        }
    }
    let families = match (a.ipv4, a.ipv6) {
        (true, false) => vec![Family::Inet],
        (false, true) => vec![Family::Inet6],
        _ => vec![Family::Inet, Family::Inet6],
    };
    let unix = a.unix || (!named && !a.ipv4 && !a.ipv6);
    let columns = match &a.columns {
        Some(list) => list.0.clone(),
        None => {
            let mut c = columns::default_set(a.programs, a.extend, a.info);
            if all_netns {
                c.insert(0, Column::Netns);
            }
            if a.timers {
                let at = c
                    .iter()
                    .position(|c| *c == Column::Process)
                    .unwrap_or(c.len());
                c.insert(at, Column::Timer);
            }
            c
        }
    };
    let format = a.output();
    let json = matches!(format, Format::Json | Format::Ndjson);
    let query = Query {
        protos,
        families,
        unix,
        packet: a.packet,
        netlink: a.netlink,
        unix_refcnt: false,
        processes: columns.iter().any(|c| c.needs_processes()) || (json && a.programs),
        tcp_info: false,
        details: json || columns.iter().any(|c| c.needs_details()),
        source: Source::Auto,
        select: if a.all {
            ListenSelection::All
        } else if a.listening {
            ListenSelection::Listening
        } else {
            ListenSelection::Connected
        },
        filter: None,
        netns: 0,
        no_pushdown: a.filter.no_pushdown,
    };
    let color = format == Format::Table
        && match a.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => env.terminal && !env.no_color,
        };
    ConnsConfig {
        query,
        columns,
        sort: a.sort.as_ref().map(|s| s.0.clone()).unwrap_or_default(),
        format,
        color,
        header: !a.no_header,
        numeric: a.numeric,
        filter: a.filter_args(),
        all_netns,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::modern::{parse, Command};
    use super::*;

    fn resolve(s: &str, env: OutputEnv) -> ConnsConfig {
        let args: Vec<Vec<u8>> = s
            .split_whitespace()
            .map(|w| w.as_bytes().to_vec())
            .collect();
        match parse(&args).unwrap().command {
            Command::Conns(c) => resolve_conns(&c, env, false),
            other => panic!("{other:?}"),
        }
    }

    const TTY: OutputEnv = OutputEnv {
        terminal: true,
        no_color: false,
    };
    const PIPE: OutputEnv = OutputEnv {
        terminal: false,
        no_color: false,
    };

    #[test]
    fn default_is_every_kind_connected_plain_table() {
        let c = resolve("conns", PIPE);
        assert_eq!(c.query.protos.len(), 4);
        assert!(c.query.unix && !c.query.processes && !c.query.details);
        assert_eq!(c.query.select, ListenSelection::Connected);
        assert_eq!(c.format, Format::Table);
        assert!(!c.color && c.header);
        assert_eq!(c.columns, columns::default_set(false, false, false));
    }

    #[test]
    fn protocols_families_and_selection() {
        let c = resolve("conns -t -6 -l", PIPE);
        assert_eq!(c.query.protos, vec![InetProto::Tcp]);
        assert_eq!(c.query.families, vec![Family::Inet6]);
        assert!(!c.query.unix);
        assert_eq!(c.query.select, ListenSelection::Listening);
        let c = resolve("conns -4", PIPE);
        assert_eq!(c.query.protos.len(), 4);
        assert!(!c.query.unix);
        let c = resolve("conns -x -a", PIPE);
        assert!(c.query.protos.is_empty() && c.query.unix);
        assert_eq!(c.query.select, ListenSelection::All);
    }

    #[test]
    fn other_kinds_only_when_named() {
        let c = resolve("conns", PIPE);
        assert!(!c.query.packet && !c.query.netlink);
        assert!(c.query.protos.iter().all(|p| p.is_netstat()));
        let c = resolve("conns -0 --netlink", PIPE);
        assert!(c.query.packet && c.query.netlink && !c.query.unix);
        assert!(c.query.protos.is_empty());
        let c = resolve("conns -t -M --icmp -S -6", PIPE);
        assert_eq!(
            c.query.protos,
            vec![
                InetProto::Tcp,
                InetProto::Icmp,
                InetProto::Sctp,
                InetProto::Mptcp
            ]
        );
        assert_eq!(c.query.families, vec![Family::Inet6]);
    }

    #[test]
    fn columns_decide_what_is_collected() {
        let c = resolve("conns -tpio", PIPE);
        assert!(c.query.processes && c.query.details);
        // -p shows the holders, then why a socket has none.
        assert_eq!(c.columns.last(), Some(&Column::NoPid));
        assert_eq!(c.columns[c.columns.len() - 2], Column::Process);
        assert_eq!(c.columns[c.columns.len() - 3], Column::Timer);
        let c = resolve("conns --columns local,no-pid", PIPE);
        assert!(c.query.processes);
        let c = resolve("conns --columns local,cgroup", PIPE);
        assert!(c.query.details && !c.query.processes);
        let c = resolve("conns --columns local,process", PIPE);
        assert!(!c.query.details && c.query.processes);
        // JSON always carries the internals.
        let c = resolve("conns --json", PIPE);
        assert!(c.query.details && !c.query.processes);
        assert!(resolve("conns --ndjson -p", PIPE).query.processes);
    }

    #[test]
    fn colour_only_on_a_terminal_without_no_color_unless_forced() {
        assert!(resolve("conns", TTY).color);
        assert!(!resolve("conns", PIPE).color);
        let no_color = OutputEnv {
            terminal: true,
            no_color: true,
        };
        assert!(!resolve("conns", no_color).color);
        assert!(resolve("conns --color always", PIPE).color);
        assert!(!resolve("conns --color never", TTY).color);
        assert!(!resolve("conns --csv --color always", TTY).color);
    }
}
