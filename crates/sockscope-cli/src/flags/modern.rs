//! The modern command line: `sockscope conns …`, `sockscope summary …`,
//! `sockscope kill …` (its arguments: `kill.rs`) and
//! the hidden generators (`generate-man DIR`, `completions SHELL`), defined
//! once with clap derive. The same definitions drive parsing, `--help`, the
//! man pages and the completions. The netstat-flag form without a
//! subcommand is parsed by `netstat.rs`, never here.
//!
//! Resolving these arguments into what a run does is `modern_config.rs`.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use sockscope_render::columns::{self, Column, SortKey};

/// First words that select the modern command line.
pub const SUBCOMMANDS: [&str; 5] = ["conns", "summary", "kill", "generate-man", "completions"];

/// Does `args` (argv without argv[0]) start with a modern subcommand?
pub fn is_modern(args: &[Vec<u8>]) -> bool {
    args.first()
        .is_some_and(|a| SUBCOMMANDS.iter().any(|s| s.as_bytes() == a.as_slice()))
}

const AFTER_HELP: &str = "\
Without a subcommand, sockscope takes net-tools netstat's flags and prints
netstat's output byte for byte (`sockscope -tanp`, `sockscope --json -tan`);
see `sockscope -h`. Installed as a link named `netstat` it is netstat.";

/// sockscope: a modern netstat for Linux.
#[derive(Debug, Parser)]
#[command(
    name = "sockscope",
    version,
    about = "A modern netstat for Linux: sockets, their processes and TCP internals",
    after_help = AFTER_HELP,
    subcommand_required = true,
    arg_required_else_help = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Run in this network namespace: an `ip netns` name, an nsfs file
    /// (/proc/PID/ns/net, /var/run/docker/netns/ID), pid:PID, or `all` (every
    /// namespace of the host, one block each)
    #[arg(long, global = true, value_name = "NAME|PATH|pid:PID|all")]
    pub netns: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

/// The modern subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List sockets as a table (or CSV, JSON, NDJSON), with TCP internals on request
    Conns(Box<ConnsArgs>),
    /// Count the sockets of this network namespace per protocol and state
    Summary(SummaryArgs),
    /// Destroy the TCP (or UDP) sockets a filter selects, as `ss -K`
    Kill(Box<super::kill::KillArgs>),
    /// Write man pages (sockscope.1, sockscope-conns.1, ...) into DIR
    #[command(name = "generate-man", hide = true)]
    GenerateMan {
        /// Directory to write the pages into (created if missing)
        dir: PathBuf,
    },
    /// Print a shell completion script to stdout
    #[command(hide = true)]
    Completions {
        /// Shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Output format of `conns`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    /// Aligned columns for people (the default, on a terminal or not)
    #[default]
    Table,
    /// RFC 4180 CSV with a header row
    Csv,
    /// One JSON document
    Json,
    /// One JSON object per line
    Ndjson,
}

/// When to colour the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set
    #[default]
    Auto,
    Always,
    Never,
}

/// A `--columns` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnList(pub Vec<Column>);

/// A `--sort` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortList(pub Vec<SortKey>);

fn column_list(s: &str) -> Result<ColumnList, String> {
    let v = columns::parse_list(s)?;
    if v.is_empty() {
        return Err("no column named".to_owned());
    }
    Ok(ColumnList(v))
}

fn sort_list(s: &str) -> Result<SortList, String> {
    let v = columns::parse_sort(s)?;
    if v.is_empty() {
        return Err("no column named".to_owned());
    }
    Ok(SortList(v))
}

/// `sockscope conns`: netstat's selection flags, modern output.
#[derive(Debug, Clone, Default, Args)]
#[command(after_help = CONNS_AFTER_HELP)]
pub struct ConnsArgs {
    /// TCP sockets
    #[arg(short = 't', long)]
    pub tcp: bool,
    /// UDP sockets
    #[arg(short = 'u', long)]
    pub udp: bool,
    /// UDP-Lite sockets
    #[arg(short = 'U', long)]
    pub udplite: bool,
    /// Raw sockets
    #[arg(short = 'w', long)]
    pub raw: bool,
    /// UNIX domain sockets
    #[arg(short = 'x', long)]
    pub unix: bool,
    /// ICMP "ping" sockets (from /proc/net/icmp{,6}; ss does not list them)
    #[arg(long)]
    pub icmp: bool,
    /// Packet (AF_PACKET) sockets, as ss -0
    #[arg(short = '0', long)]
    pub packet: bool,
    /// Netlink sockets, as ss -f netlink
    #[arg(long)]
    pub netlink: bool,
    /// SCTP sockets, as ss -S (when the kernel has SCTP)
    #[arg(short = 'S', long)]
    pub sctp: bool,
    /// MPTCP sockets, as ss -M
    #[arg(short = 'M', long)]
    pub mptcp: bool,
    /// IPv4 only
    #[arg(short = '4', long)]
    pub ipv4: bool,
    /// IPv6 only
    #[arg(short = '6', long)]
    pub ipv6: bool,
    /// Listening (server) sockets only
    #[arg(short = 'l', long, conflicts_with = "all")]
    pub listening: bool,
    /// All sockets (default: connected ones only, as netstat)
    #[arg(short = 'a', long)]
    pub all: bool,
    /// Show user ids, not names (addresses and ports are always numeric)
    #[arg(short = 'n', long)]
    pub numeric: bool,
    /// Show the processes holding each socket (Process column)
    #[arg(short = 'p', long)]
    pub programs: bool,
    /// Add the User and Inode columns
    #[arg(short = 'e', long)]
    pub extend: bool,
    /// Add the Timer column
    #[arg(short = 'o', long)]
    pub timers: bool,
    /// TCP internals: RTT, cwnd, retransmits, bytes, delivery rate, congestion control
    #[arg(short = 'i', long)]
    pub info: bool,
    /// Columns to show, comma-separated (replaces the default set)
    #[arg(long, value_name = "COL,..", value_parser = column_list)]
    pub columns: Option<ColumnList>,
    /// Sort by these columns; a leading '-' sorts that column largest first
    #[arg(long, value_name = "[-]COL,..", value_parser = sort_list, allow_hyphen_values = true)]
    pub sort: Option<SortList>,
    /// Output format
    #[arg(long, value_enum, default_value_t, conflicts_with_all = ["csv", "json", "ndjson", "table"])]
    pub format: Format,
    /// Same as --format csv
    #[arg(long, conflicts_with_all = ["json", "ndjson", "table"])]
    pub csv: bool,
    /// Same as --format json
    #[arg(long, conflicts_with_all = ["ndjson", "table"])]
    pub json: bool,
    /// Same as --format ndjson
    #[arg(long, conflicts_with = "table")]
    pub ndjson: bool,
    /// Same as --format table
    #[arg(long)]
    pub table: bool,
    /// Colour the table's states
    #[arg(long, value_enum, value_name = "WHEN", default_value_t)]
    pub color: ColorChoice,
    /// Leave out the header line of the table
    #[arg(long)]
    pub no_header: bool,
    /// The filter: ss expression, --filter FILE, plain flags, --no-pushdown
    #[command(flatten)]
    pub filter: super::filter_opts::FilterOpts,
}

impl ConnsArgs {
    /// The filter part of the command line, as the filter front ends take it.
    pub fn filter_args(&self) -> super::filter::FilterArgs {
        self.filter.args()
    }
}

const CONNS_AFTER_HELP: &str = "\
Without a kind flag the kinds netstat knows are listed (-t -u -U -w -x);
ICMP, packet, netlink, SCTP and MPTCP sockets only when asked for. Packet
and netlink sockets are never listening: -l leaves them out. The table is
never truncated: it is as wide as its longest cell. --json and --ndjson
always carry the sockets' internals (tcp_info, memory, congestion control,
mark, cgroup) whether or not -i is given.

Columns: proto state recv-q send-q local remote process user uid inode
cookie timer rtt rttvar min-rtt rto cwnd ssthresh mss retrans lost unacked
bytes-sent bytes-acked bytes-received bytes-retrans delivery-rate
pacing-rate last-send last-recv last-ack cong rmem wmem drops mark cgroup tos";

impl ConnsArgs {
    /// The output format, whichever spelling chose it.
    pub fn output(&self) -> Format {
        if self.csv {
            Format::Csv
        } else if self.json {
            Format::Json
        } else if self.ndjson {
            Format::Ndjson
        } else if self.table {
            Format::Table
        } else {
            self.format
        }
    }
}

/// `sockscope summary`.
#[derive(Debug, Clone, Default, Args)]
pub struct SummaryArgs {
    /// Print one JSON document instead of the table
    #[arg(long)]
    pub json: bool,
}

/// Parse the modern command line (argv without argv[0]).
pub fn parse(args: &[Vec<u8>]) -> Result<Cli, clap::Error> {
    use std::os::unix::ffi::OsStringExt;
    let argv = std::iter::once(OsString::from("sockscope"))
        .chain(args.iter().map(|a| OsString::from_vec(a.clone())));
    Cli::try_parse_from(argv)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn args(s: &str) -> Vec<Vec<u8>> {
        s.split_whitespace()
            .map(|w| w.as_bytes().to_vec())
            .collect()
    }

    fn conns(s: &str) -> ConnsArgs {
        match parse(&args(s)).unwrap().command {
            Command::Conns(c) => *c,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn only_subcommand_words_select_the_modern_parser() {
        assert!(is_modern(&args("conns -t")));
        assert!(is_modern(&args("summary")));
        assert!(!is_modern(&args("-tan")));
        assert!(!is_modern(&args("")));
        assert!(!is_modern(&args("connsx")));
    }

    #[test]
    fn bundled_netstat_like_flags() {
        let c = conns("conns -tulpn4 -i");
        assert!(c.tcp && c.udp && c.listening && c.programs && c.numeric && c.ipv4 && c.info);
        assert!(!c.all && !c.unix);
    }

    #[test]
    fn other_kinds() {
        let c = conns("conns -0SM --icmp --netlink");
        assert!(c.packet && c.sctp && c.mptcp && c.icmp && c.netlink);
        assert!(!c.tcp && !c.unix);
        let c = conns("conns --packet --mptcp");
        assert!(c.packet && c.mptcp && !c.sctp);
    }

    #[test]
    fn columns_sort_and_formats() {
        let c = conns("conns --columns proto,rtt --sort -rtt,local --csv");
        assert_eq!(c.output(), Format::Csv);
        assert_eq!(c.columns.unwrap().0, vec![Column::Proto, Column::Rtt]);
        let s = c.sort.unwrap().0;
        assert!(s[0].descending && s[0].column == Column::Rtt && !s[1].descending);
        assert_eq!(conns("conns --sort -rtt").sort.unwrap().0.len(), 1);
        assert_eq!(conns("conns --json").output(), Format::Json);
        assert_eq!(conns("conns --format ndjson").output(), Format::Ndjson);
        assert_eq!(conns("conns").output(), Format::Table);
    }

    #[test]
    fn bad_input_is_a_clap_error_with_status_2() {
        for bad in [
            "conns --columns bogus",
            "conns --csv --json",
            "conns -l -a",
            "conns --sort",
            "conns -Q",
        ] {
            let e = parse(&args(bad)).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad}");
        }
        let e = parse(&args("conns --columns proto,bogus")).unwrap_err();
        assert!(e.to_string().contains("unknown column \"bogus\""), "{e}");
        assert_eq!(parse(&args("conns --help")).unwrap_err().exit_code(), 0);
    }
}
