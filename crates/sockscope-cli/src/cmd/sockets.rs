//! The socket listing of the netstat flags: classic text (with `-g`'s
//! groups between the internet and UNIX blocks) or JSON/NDJSON, through
//! the one listing path (`listing::print`); with `-c`, again every second
//! (netstat reprints the whole listing, with nothing between two). In the
//! classic format stderr carries only what netstat prints there (the `-p`
//! permission notice, `-v` notes); in JSON every warning goes into the
//! document instead.

use sockscope::filter::ListenSelection;
use sockscope::model::{Family, InetProto};
use sockscope::names::Resolver;
use sockscope::sockets::unlisted;
use sockscope::{Query, Source};
use sockscope_render::classic::netstat::gaps::{self, Gap, Position};
use sockscope_render::classic::netstat::{process_notice, NetstatOptions, NetstatPrinter};
use sockscope_render::json::SocketsWriter;
use sockscope_render::printer::SocketPrinter;

use std::cell::RefCell;
use std::io::Write as _;

use sockscope::model::Warning;
use sockscope::netns::names::Namespaces;
use sockscope::sockets::all::{visit_namespaces, NsEvent};

use super::namespaces::{self, Shared};
use super::{listing, repeat};
use crate::config::{Config, OutputFormat};
use crate::exit::{CliError, Exit};
use crate::flags::usage::Personality;
use crate::names;
use crate::output;

/// List sockets as `config` says, once or every second with `-c`.
pub fn run(config: &Config, who: Personality) -> anyhow::Result<Exit> {
    let set = &config.sockets;
    // SCTP (`-S`, and netstat's default set) is listed when the kernel
    // has it; else it is one of the families netstat reports missing.
    let sctp = set.sctp && unlisted::sctp_in_kernel();
    let mut query = query(config, sctp);
    listing::add_filter(&mut query, &config.filter, who.name())?;
    let sctp_absent = set.sctp && !sctp && set.families.contains(&Family::Inet);
    let gaps = gaps::gaps(sctp_absent, &set.legacy, &unlisted::legacy);
    let names: Box<dyn Resolver> = match config.format {
        // The classic renderer applies -n / --numeric-* itself.
        OutputFormat::Classic => names::system(),
        OutputFormat::Json | OutputFormat::Ndjson => names::for_run(config.numeric.users),
    };
    // `-g` alone: the groups document replaces an empty sockets one.
    let only_groups = set.groups && !set.inet_header() && !set.unix && set.legacy.is_empty();
    let all = namespaces::is_all(config.netns.as_deref());
    repeat::every_second(config.continuous, || {
        let ndjson = config.format == OutputFormat::Ndjson;
        // Discovered again on every round of -c: namespaces come and go.
        let (found, mut warnings) = if all {
            let (n, w) = namespaces::discover();
            (Some(n), w)
        } else {
            (None, Vec::new())
        };
        let found = found.as_ref();
        match config.format {
            OutputFormat::Classic => {
                classic(
                    config,
                    who,
                    &gaps,
                    &query,
                    sctp,
                    &*names,
                    found,
                    &mut warnings,
                )?;
            }
            OutputFormat::Json | OutputFormat::Ndjson if !only_groups => {
                // The warnings go into the document; they still decide
                // the status.
                let printed = json(config, &gaps, &query, &*names, ndjson, found, &warnings)?;
                if config.sockets.groups {
                    let mut out = Vec::new();
                    super::mcast::json_document(config, ndjson, &mut out)?;
                    output::stdout(&out)?;
                }
                return Ok(namespaces::status(&printed));
            }
            OutputFormat::Json | OutputFormat::Ndjson => {
                let mut out = Vec::new();
                super::mcast::json_document(config, ndjson, &mut out)?;
                output::stdout(&out)?;
            }
        }
        namespaces::warn(&warnings);
        Ok(namespaces::status(&warnings))
    })
}

/// What to ask the library for (`sctp`: SCTP is listed too).
fn query(config: &Config, sctp: bool) -> Query {
    let set = &config.sockets;
    let mut protos = set.protos.clone();
    if sctp {
        protos.push(InetProto::Sctp);
    }
    Query {
        protos,
        families: set.families.clone(),
        unix: set.unix,
        // netstat's RefCnt and Flags columns exist only in /proc/net/unix.
        unix_refcnt: set.unix && config.format == OutputFormat::Classic,
        // netstat loads its process table only when it prints a socket block.
        processes: config.programs && (set.inet_header() || set.unix),
        // -o prints both timer counters, which only tcp_info has exactly.
        tcp_info: config.timers,
        source: Source::Auto,
        select: config.select,
        no_pushdown: config.filter.no_pushdown,
        ..Query::default()
    }
}

/// One classic listing. A family asked for but not listable stops netstat
/// where it is met (after TCP for SCTP, after UNIX for the legacy ones).
/// With `all`, one block per namespace (see `namespaces`); the
/// namespaces not listed are added to `warnings`.
#[allow(clippy::too_many_arguments)] // one listing's whole setting
fn classic(
    config: &Config,
    who: Personality,
    gaps: &[Gap],
    query: &Query,
    sctp: bool,
    names: &dyn Resolver,
    all: Option<&Namespaces>,
    warnings: &mut Vec<Warning>,
) -> anyhow::Result<()> {
    let prepared = listing::prepare(query)?;
    if config.programs {
        if let Some(notice) = process_notice(&prepared.warnings, prepared.processes.as_ref()) {
            output::stderr(notice.as_bytes());
        }
    }
    let mut nopts = netstat_options(config, query.selection());
    if sctp {
        nopts.protos.push(InetProto::Sctp);
    }
    let mut query = query.clone();
    let stop = gaps.first().filter(|_| config.sockets.explicit);
    if stop.is_some_and(|g| g.at == Position::AfterTcp) {
        nopts
            .protos
            .retain(|p| *p == sockscope::model::InetProto::Tcp);
        nopts.unix = false;
        query
            .protos
            .retain(|p| *p == sockscope::model::InetProto::Tcp);
        query.unix = false;
    }
    if !config.sockets.explicit && config.verbose {
        let notes = gaps::verbose_notes(gaps, query.selection(), who.name());
        output::stderr(notes.as_bytes());
    }
    // -g prints between the internet and UNIX blocks; when the groups
    // cannot be read, what was printed stays and nothing follows it.
    let mut between = Vec::new();
    let mut groups_error = None;
    if config.sockets.groups && stop.is_none_or(|g| g.at != Position::AfterTcp) {
        let utf8 = locale_is_utf8();
        if let Err(e) = super::mcast::classic_block(config, who, names, utf8, &mut between) {
            groups_error = Some(e);
            nopts.unix = false;
            query.unix = false;
        }
    }
    let processes = prepared.processes.as_ref();
    if let Some(all) = all {
        let out = RefCell::new(output::batched());
        let utf8 = locale_is_utf8();
        let mut printer = None;
        let printed = visit_namespaces(&query, all.as_slice(), processes, &mut |e| match e {
            NsEvent::Begin(ns) => {
                out.borrow_mut().write_all(&namespaces::header(ns, utf8))?;
                let p = NetstatPrinter::new(&nopts, names, processes, Shared(&out));
                printer.insert(p).header()
            }
            NsEvent::Socket(s) => printer.as_mut().map_or(Ok(()), |p| p.socket(s)),
            NsEvent::End(_, w) => printer.take().map_or(Ok(()), |mut p| p.finish(w)),
            NsEvent::Failed(ns, err) => {
                warnings.push(namespaces::not_listed(ns, err));
                printer.take().map_or(Ok(()), |mut p| p.finish(&[]))
            }
        });
        drop(printer);
        output::finish(out.into_inner())?;
        printed?;
    } else {
        let mut out = output::batched();
        let mut printer =
            NetstatPrinter::new(&nopts, names, processes, &mut out).between_blocks(between);
        let printed = listing::print(&query, &prepared, &mut printer, &[]);
        drop(printer);
        output::finish(out)?;
        printed?;
    }
    if let Some(e) = groups_error {
        return Err(e);
    }
    match stop {
        Some(gap) => Err(gap_error(gap).into()),
        None => Ok(()),
    }
}

/// The error when a family asked for is not listed: the kernel's lack
/// (netstat's message), or ours.
fn gap_error(gap: &Gap) -> CliError {
    if gap.in_kernel {
        CliError::NotImplemented { what: gap.listing }
    } else {
        CliError::NoKernelSupport {
            family: gap.netstat_name,
        }
    }
}

/// One JSON (or NDJSON) listing, streamed: only the output buffer and the
/// process map stay in memory. The families sockscope cannot list, then
/// `extra` (what namespace discovery met), are warnings at the end; all
/// the document's warnings are returned.
fn json(
    config: &Config,
    gaps: &[Gap],
    query: &Query,
    names: &dyn Resolver,
    ndjson: bool,
    all: Option<&Namespaces>,
    extra: &[Warning],
) -> anyhow::Result<Vec<Warning>> {
    let prepared = listing::prepare(query)?;
    let mut more: Vec<_> = gaps
        .iter()
        .filter_map(|g| g.warning(config.sockets.explicit))
        .collect();
    more.extend(extra.iter().cloned());
    let mut out = output::batched();
    let mut doc = SocketsWriter::new(names, prepared.processes.as_ref(), ndjson, &mut out)
        .with_namespaces(all);
    let printed = match all {
        Some(all) => listing::print_all(query, &prepared, all, &mut doc, &more),
        None => listing::print(query, &prepared, &mut doc, &more),
    };
    output::finish(out)?;
    printed
}

fn netstat_options(config: &Config, select: ListenSelection) -> NetstatOptions {
    NetstatOptions {
        select,
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
