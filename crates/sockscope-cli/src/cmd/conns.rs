//! `sockscope conns`: the sockets of the query in the chosen format — the
//! table (drawn once every socket is in), CSV, JSON or NDJSON (streamed
//! from the dumps as they come) — all through `listing::print`, sorted by
//! the one `Sorted` printer when `--sort` asks. Warnings go to stderr for
//! the table and CSV (as `sockscope: warning: ...`) and into the document
//! for JSON.

use sockscope_render::csv::CsvWriter;
use sockscope_render::json::SocketsWriter;
use sockscope_render::printer::{SocketPrinter, Sorted};
use sockscope_render::rows::Context;
use sockscope_render::table::{TableOptions, TablePrinter};

use super::{listing, namespaces};
use crate::exit::Exit;
use crate::flags::modern::Format;
use crate::flags::modern_config::ConnsConfig;
use crate::{names, output};

/// List sockets as `cfg` says. A filter is compiled first (malformed: exit
/// 2 with the position); when it tests states it decides them, and
/// `-l`/`-a` are set aside, as in the netstat-flag form.
pub fn run(cfg: &ConnsConfig) -> anyhow::Result<Exit> {
    let mut query = cfg.query.clone();
    listing::add_filter(&mut query, &cfg.filter, "sockscope")?;
    let names = names::modern(cfg.numeric);
    let (all, found) = if cfg.all_netns {
        let (n, w) = namespaces::discover();
        (Some(n), w)
    } else {
        (None, Vec::new())
    };
    let prepared = listing::prepare(&query)?;
    let ctx = Context {
        names: &*names,
        processes: prepared.processes.as_ref(),
        namespaces: all.as_ref(),
    };
    let table = TableOptions {
        columns: cfg.columns.clone(),
        color: cfg.color,
        width: terminal_width(),
        header: cfg.header,
    };
    let mut out = output::batched();
    let ndjson = cfg.format == Format::Ndjson;
    let inner: Box<dyn SocketPrinter + '_> = match cfg.format {
        Format::Table => Box::new(TablePrinter::new(ctx, &table, &mut out)),
        Format::Csv => Box::new(CsvWriter::new(&cfg.columns, ctx, &mut out)),
        Format::Json | Format::Ndjson => Box::new(
            SocketsWriter::new(ctx.names, ctx.processes, ndjson, &mut out)
                .with_namespaces(ctx.namespaces),
        ),
    };
    let mut printer = Sorted::new(inner, &cfg.sort, ctx);
    let printed = match &all {
        Some(all) => listing::print_all(&query, &prepared, all, &mut printer, &found),
        None => listing::print(&query, &prepared, &mut printer, &[]),
    };
    let inline = printer.writes_warnings();
    drop(printer);
    output::finish(out)?;
    let printed = printed?;
    if !inline {
        if all.is_some() {
            namespaces::warn(&printed);
        } else {
            listing::warn(&printed);
        }
    }
    Ok(namespaces::status(&printed))
}

/// Columns of the terminal on stdout, if it is one.
fn terminal_width() -> Option<usize> {
    let ws = rustix::termios::tcgetwinsize(std::io::stdout()).ok()?;
    (ws.ws_col > 0).then_some(usize::from(ws.ws_col))
}
