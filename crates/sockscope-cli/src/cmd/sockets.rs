//! The socket listing: collect, render to one buffer, one write to stdout;
//! with `-c`, again every second (netstat reprints the whole listing, with
//! nothing between two listings). In the classic format stderr carries only
//! what netstat prints there (the `-p` permission notice, `-v` notes); in
//! JSON every warning goes into the document instead. With `-g` the multicast
//! groups (see `mcast`) come between the internet and UNIX blocks.
//!
//! A filter (sockscope personality) is compiled first: malformed → exit 2
//! with the position. When it tests states it decides them, so netstat's
//! `-l`/`-a` rule is set aside (everything is listed, then filtered).

use std::thread;
use std::time::Duration;

use anyhow::Context;
use sockscope::filter::{Filter, ListenSelection, SystemLookup};
use sockscope::model::{InetProto, Snapshot, Warning};
use sockscope::names::Resolver;
use sockscope::{collect, CollectOptions, Source};
use sockscope_render::classic::netstat::{self as classic, NetstatOptions};
use sockscope_render::json;

use super::absent::{self, Gap, Position};
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
        let snap = collect(&opts).context("cannot collect sockets")?;
        match config.format {
            OutputFormat::Classic => print_classic(config, who, &gaps, &snap, &*names)?,
            OutputFormat::Json if !only_groups => print_json(config, &gaps, snap, &*names, false)?,
            OutputFormat::Ndjson if !only_groups => print_json(config, &gaps, snap, &*names, true)?,
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

fn netstat_options(config: &Config) -> NetstatOptions {
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

fn print_classic(
    config: &Config,
    who: Personality,
    gaps: &[Gap],
    snap: &Snapshot,
    names: &dyn Resolver,
) -> anyhow::Result<()> {
    if config.programs {
        if let Some(notice) = process_notice(snap) {
            output::stderr(notice.as_bytes());
        }
    }
    let mut opts = netstat_options(config);
    // A family asked for but not listable stops netstat where it is met.
    let stop = if config.sockets.explicit {
        gaps.first()
    } else {
        None
    };
    if let Some(gap) = stop {
        if gap.at == Position::AfterTcp {
            opts.protos.retain(|p| *p == InetProto::Tcp);
            opts.unix = false;
        }
    }
    if !config.sockets.explicit && config.verbose {
        let notes = absent::verbose_notes(gaps, config.select, who.name());
        output::stderr(notes.as_bytes());
    }
    let mut out = Vec::with_capacity(4096 + 160 * (snap.inet.len() + snap.unix.len()));
    // -g prints between the internet and UNIX blocks, unless a missing
    // family stopped netstat in the internet block.
    if config.sockets.groups && stop.is_none_or(|g| g.at != Position::AfterTcp) {
        let unix = std::mem::replace(&mut opts.unix, false);
        classic::render(snap, &opts, names, &mut out);
        let escape = std::io::IsTerminal::is_terminal(&std::io::stdout()).then(locale_is_utf8);
        if let Err(e) = super::mcast::classic_block(config, who, names, escape, &mut out) {
            output::stdout(&out)?;
            return Err(e);
        }
        (opts.protos, opts.unix) = (Vec::new(), unix);
    }
    classic::render(snap, &opts, names, &mut out);
    output::stdout(&out)?;
    match stop {
        Some(gap) => Err(gap.error().into()),
        None => Ok(()),
    }
}

/// netstat's stderr line when some /proc/<pid>/fd could not be read: which
/// one depends on whether any socket owner was found at all.
fn process_notice(snap: &Snapshot) -> Option<String> {
    let euid = snap.warnings.iter().find_map(|w| match w {
        // netstat only speaks when a whole /proc/<pid>/fd was refused.
        Warning::FdsUnreadable { euid, fd_dirs, .. } if *fd_dirs > 0 => Some(*euid),
        _ => None,
    })?;
    let found_any = snap.processes.as_ref().is_some_and(|m| !m.is_empty());
    Some(if found_any {
        "(Not all processes could be identified, non-owned process info\n will not be shown, you would have to be root to see it all.)\n".to_string()
    } else {
        format!("(No info could be read for \"-p\": geteuid()={euid} but you should be root.)\n")
    })
}

fn print_json(
    config: &Config,
    gaps: &[Gap],
    mut snap: Snapshot,
    names: &dyn Resolver,
    ndjson: bool,
) -> anyhow::Result<()> {
    let select = config.select;
    snap.inet.retain(|s| select.keep_inet(s));
    snap.unix.retain(|s| select.keep_unix(s));
    let explicit = config.sockets.explicit;
    snap.warnings
        .extend(gaps.iter().filter_map(|g| g.warning(explicit)));
    let mut out = Vec::with_capacity(4096 + 320 * (snap.inet.len() + snap.unix.len()));
    json::render(&snap, names, ndjson, &mut out).context("cannot encode JSON")?;
    output::stdout(&out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sockscope::model::{ProcessMap, ProcessRef, SockKey};

    fn with_warning(found_any: bool) -> Snapshot {
        let mut map = ProcessMap::new(1);
        if found_any {
            map.insert(
                SockKey { netns: 1, inode: 5 },
                ProcessRef {
                    pid: 7,
                    name: b"x".as_slice().into(),
                    fd: 3,
                },
            );
        }
        Snapshot {
            processes: Some(map),
            warnings: vec![Warning::FdsUnreadable {
                count: 3,
                fd_dirs: 3,
                euid: 65534,
            }],
            ..Snapshot::default()
        }
    }

    #[test]
    fn process_notice_follows_netstat() {
        assert_eq!(
            process_notice(&with_warning(false)).as_deref(),
            Some("(No info could be read for \"-p\": geteuid()=65534 but you should be root.)\n")
        );
        assert!(process_notice(&with_warning(true))
            .is_some_and(|n| n.starts_with("(Not all processes could be identified")));
        assert_eq!(process_notice(&Snapshot::default()), None);
    }
}
