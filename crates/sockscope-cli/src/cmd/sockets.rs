//! The socket listing, streamed: in the classic format (see
//! `sockets_classic`) and in JSON (see `sockets_json`); with `-c`, again every second (netstat reprints the
//! whole listing, with nothing between two listings). In the classic format stderr carries only
//! what netstat prints there (the `-p` permission notice, `-v` notes); in
//! JSON every warning goes into the document instead. With `-g` the multicast
//! groups (see `mcast`) come between the internet and UNIX blocks.
//!
//! A filter (sockscope personality) is compiled first: malformed → exit 2
//! with the position. When it tests states it decides them, so netstat's
//! `-l`/`-a` rule is set aside (everything is listed, then filtered).

use std::thread;
use std::time::Duration;

use sockscope::filter::{Filter, ListenSelection, SystemLookup};
use sockscope::names::Resolver;
use sockscope::{CollectOptions, Source};
use sockscope_render::classic::netstat::NetstatOptions;

use super::absent;
use super::{sockets_classic, sockets_json};
use crate::config::{Config, OutputFormat};
use crate::exit::{CliError, Exit};
use crate::flags::filter as filter_flags;
use crate::flags::usage::Personality;
use crate::names;
use crate::output;

/// List sockets as `config` says, once or every second with `-c`.
pub fn run(config: &Config, who: Personality) -> anyhow::Result<Exit> {
    let filter = filter_flags::compile(&config.filter, &SystemLookup).map_err(CliError::from)?;
    if let Some(f) = &filter {
        for note in f.notes() {
            output::stderr(format!("{}: note: {note}\n", who.name()).as_bytes());
        }
    }
    let mut config = config.clone();
    if filter.as_ref().is_some_and(Filter::decides_states) {
        config.select = ListenSelection::All;
    }
    let config = &config;
    let gaps = absent::gaps(&config.sockets);
    let mut opts = collect_options(config);
    opts.no_pushdown = config.filter.no_pushdown || filter_flags::pushdown_disabled_by_env();
    opts.filter = filter;
    let names: Box<dyn Resolver> = match config.format {
        // The classic renderer applies -n / --numeric-* itself.
        OutputFormat::Classic => names::system(),
        OutputFormat::Json | OutputFormat::Ndjson => names::for_run(config.numeric.users),
    };
    // `-g` alone: the groups document replaces an empty sockets one.
    let set = &config.sockets;
    let only_groups = set.groups && !set.inet_header() && !set.unix && set.legacy.is_empty();
    loop {
        match config.format {
            OutputFormat::Classic => sockets_classic::print(config, who, &gaps, &opts, &*names)?,
            OutputFormat::Json if !only_groups => {
                sockets_json::print(config, &gaps, &opts, &*names, false)?;
            }
            OutputFormat::Ndjson if !only_groups => {
                sockets_json::print(config, &gaps, &opts, &*names, true)?;
            }
            OutputFormat::Json | OutputFormat::Ndjson => {}
        }
        if config.sockets.groups && config.format != OutputFormat::Classic {
            let mut out = Vec::new();
            let ndjson = config.format == OutputFormat::Ndjson;
            super::mcast::json_document(config, ndjson, &mut out)?;
            output::stdout(&out)?;
        }
        if !config.continuous {
            return Ok(Exit::Success);
        }
        thread::sleep(Duration::from_secs(1));
    }
}

/// What to ask the library for.
fn collect_options(config: &Config) -> CollectOptions {
    let set = &config.sockets;
    CollectOptions {
        protos: set.protos.clone(),
        families: set.families.clone(),
        unix: set.unix,
        // netstat knows no packet or netlink sockets.
        packet: false,
        netlink: false,
        // netstat's RefCnt and Flags columns exist only in /proc/net/unix.
        unix_refcnt: set.unix && config.format == OutputFormat::Classic,
        // netstat loads its process table only when it prints a socket block.
        processes: config.programs && (set.inet_header() || set.unix),
        // -o prints both timer counters, which only tcp_info has exactly.
        tcp_info: config.timers,
        details: false,
        source: Source::Auto,
        filter: None,
        no_pushdown: false,
    }
}

pub(super) fn netstat_options(config: &Config) -> NetstatOptions {
    NetstatOptions {
        select: config.select,
        protos: config.sockets.protos.clone(),
        unix: config.sockets.unix,
        numeric_hosts: config.numeric.hosts,
        numeric_ports: config.numeric.ports,
        numeric_users: config.numeric.users,
        extend: config.extend,
        timers: config.timers,
        wide: config.wide,
        programs: config.programs,
        utf8: locale_is_utf8(),
    }
}

/// net-tools escapes process names differently in a UTF-8 locale; read the
/// locale the way setlocale(LC_CTYPE, "") would pick it.
pub(super) fn locale_is_utf8() -> bool {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    sockscope_render::escape::codeset_is_utf8(
        var("LC_ALL").as_deref(),
        var("LC_CTYPE").as_deref(),
        var("LANG").as_deref(),
    )
}
