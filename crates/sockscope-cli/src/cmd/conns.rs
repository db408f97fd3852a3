//! `sockscope conns`: collect, keep the rows `-l`/`-a` select, sort, and
//! write one table (in one write), or one CSV or JSON document (in 256 KiB
//! writes) to stdout. Unsorted documents are not collected: the sockets go
//! from the dumps to the output as they come (see `stream`). Warnings go
//! to stderr for the table and CSV (as `sockscope: warning: ...`) and into
//! the document for JSON.

use anyhow::Context as _;
use sockscope::model::Snapshot;
use sockscope::names::Resolver;
use sockscope::{collect, visit, CollectOptions};
use sockscope_render::columns::SortKey;
use sockscope_render::csv::CsvWriter;
use sockscope_render::json::SocketsWriter;
use sockscope_render::rows::{self, Context, Row};
use sockscope_render::table::{self, TableOptions};
use sockscope_render::{csv, json};

use sockscope::filter::{Filter, ListenSelection, SystemLookup};

use crate::exit::{CliError, Exit};
use crate::flags::filter as filter_flags;
use crate::flags::modern::Format;
use crate::flags::modern_config::ConnsConfig;
use crate::{names, output};

use super::stream;

/// List sockets as `cfg` says. A filter is compiled first (malformed: exit
/// 2 with the position); when it tests states it decides them, and `-l`/`-a`
/// are set aside, as in the netstat-flag form.
pub fn run(cfg: &ConnsConfig) -> anyhow::Result<Exit> {
    let filter = filter_flags::compile(&cfg.filter, &SystemLookup).map_err(CliError::from)?;
    for note in filter.iter().flat_map(Filter::notes) {
        output::stderr(format!("sockscope: note: {note}\n").as_bytes());
    }
    let select = if filter.as_ref().is_some_and(Filter::decides_states) {
        ListenSelection::All
    } else {
        cfg.select
    };
    let mut opts = cfg.collect.clone();
    opts.no_pushdown |= filter_flags::pushdown_disabled_by_env();
    opts.filter = filter;
    if cfg.sort.is_empty() && cfg.format != Format::Table {
        return stream_document(cfg, &opts, select);
    }
    let mut snap = collect(&opts).context("cannot collect sockets")?;
    snap.inet.retain(|s| select.keep_inet(s));
    snap.unix.retain(|s| select.keep_unix(s));
    snap.packet.retain(|s| select.keep_packet(s));
    snap.netlink.retain(|s| select.keep_netlink(s));
    let names = names::modern(cfg.numeric);
    let snap = sorted(snap, &cfg.sort, &*names);
    let ctx = Context {
        names: &*names,
        processes: snap.processes.as_ref(),
    };
    if matches!(cfg.format, Format::Table | Format::Csv) {
        for w in &snap.warnings {
            output::stderr(format!("sockscope: warning: {w}\n").as_bytes());
        }
    }
    if cfg.format == Format::Table {
        let opts = TableOptions {
            columns: cfg.columns.clone(),
            sort: Vec::new(),
            color: cfg.color,
            width: terminal_width(),
            header: cfg.header,
        };
        let mut text = String::new();
        table::render(&snap, &ctx, &opts, &mut text);
        output::stdout(text.as_bytes())?;
        return Ok(Exit::Success);
    }
    let mut out = output::batched();
    match cfg.format {
        Format::Csv => csv::render(&snap, &ctx, &cfg.columns, &[], &mut out)?,
        ndjson => json::render(&snap, &*names, ndjson == Format::Ndjson, &mut out)?,
    }
    output::finish(out)?;
    Ok(Exit::Success)
}

/// An unsorted CSV, JSON or NDJSON document, written as the sockets come
/// (see `stream`): only the process map and the output buffer stay in
/// memory. The same bytes as from a snapshot; for CSV the warnings follow
/// on stderr once the sockets are out.
fn stream_document(
    cfg: &ConnsConfig,
    opts: &CollectOptions,
    select: ListenSelection,
) -> anyhow::Result<Exit> {
    let names = names::modern(cfg.numeric);
    let mut map_warnings = Vec::new();
    let processes =
        visit::process_map(opts, &mut map_warnings).context("cannot collect sockets")?;
    let processes = processes.as_ref();
    let mut out = output::batched();
    if cfg.format == Format::Csv {
        let ctx = Context {
            names: &*names,
            processes,
        };
        let mut csv = CsvWriter::new(&cfg.columns, &mut out)?;
        let mut warnings =
            stream::each_socket(opts, select, processes, &mut |r| csv.row(&r, &ctx))?;
        csv.finish()?;
        output::finish(out)?;
        warnings.extend(map_warnings);
        for w in &warnings {
            output::stderr(format!("sockscope: warning: {w}\n").as_bytes());
        }
        return Ok(Exit::Success);
    }
    let ndjson = cfg.format == Format::Ndjson;
    let mut doc = SocketsWriter::new(&*names, processes, ndjson, &mut out)?;
    let mut warnings = stream::each_socket(opts, select, processes, &mut |r| doc.row(&r))?;
    warnings.extend(map_warnings);
    doc.finish(&warnings)?;
    output::finish(out)?;
    Ok(Exit::Success)
}

/// The snapshot with each kind's sockets (internet, UNIX, packet, netlink)
/// in `keys` order (every format then shows the same order, JSON included).
fn sorted(mut snap: Snapshot, keys: &[SortKey], names: &dyn Resolver) -> Snapshot {
    if keys.is_empty() {
        return snap;
    }
    let ctx = Context {
        names,
        processes: snap.processes.as_ref(),
    };
    let inet = order(
        &snap.inet,
        Row::Inet,
        |r| match r {
            Row::Inet(s) => Some(s),
            _ => None,
        },
        keys,
        &ctx,
    );
    let unix = order(
        &snap.unix,
        Row::Unix,
        |r| match r {
            Row::Unix(s) => Some(s),
            _ => None,
        },
        keys,
        &ctx,
    );
    let packet = order(
        &snap.packet,
        Row::Packet,
        |r| match r {
            Row::Packet(s) => Some(s),
            _ => None,
        },
        keys,
        &ctx,
    );
    let netlink = order(
        &snap.netlink,
        Row::Netlink,
        |r| match r {
            Row::Netlink(s) => Some(s),
            _ => None,
        },
        keys,
        &ctx,
    );
    snap.inet = inet;
    snap.unix = unix;
    snap.packet = packet;
    snap.netlink = netlink;
    snap
}

/// `items` sorted by `keys` as rows of one kind: `wrap` makes the row,
/// `unwrap` takes the item back.
fn order<'a, T: Clone>(
    items: &'a [T],
    wrap: fn(&'a T) -> Row<'a>,
    unwrap: fn(Row<'a>) -> Option<&'a T>,
    keys: &[SortKey],
    ctx: &Context<'_>,
) -> Vec<T> {
    let mut rows: Vec<Row<'a>> = items.iter().map(wrap).collect();
    rows::sort(&mut rows, keys, ctx);
    rows.into_iter().filter_map(unwrap).cloned().collect()
}

/// Columns of the terminal on stdout, if it is one.
fn terminal_width() -> Option<usize> {
    let ws = rustix::termios::tcgetwinsize(std::io::stdout()).ok()?;
    (ws.ws_col > 0).then_some(usize::from(ws.ws_col))
}
