//! The one way a command lists sockets: compile the filter into the
//! query, let the library's pipeline hand each socket to a printer, end
//! the printer with the warnings. Every socket format (classic, table,
//! CSV, JSON, NDJSON) goes through [`print`]; nothing here filters, sorts
//! or batches.

use anyhow::Context as _;
use sockscope::filter::{Filter, SystemLookup};
use sockscope::model::Warning;
use sockscope::netns::names::Namespaces;
use sockscope::sockets::all::{visit_namespaces, NsEvent};
use sockscope::sockets::{self, Prepared, Query, VisitError};
use sockscope_render::printer::SocketPrinter;

use crate::exit::CliError;
use crate::flags::filter::{self as filter_flags, FilterArgs};
use crate::output;

/// Put the filter of `args` into `query` (malformed: exit 2 with the
/// position), telling `who` the parse's notes on stderr; honour
/// `SOCKSCOPE_NO_PUSHDOWN`.
pub fn add_filter(query: &mut Query, args: &FilterArgs, who: &str) -> anyhow::Result<()> {
    let filter = filter_flags::compile(args, &SystemLookup).map_err(CliError::from)?;
    for note in filter.iter().flat_map(Filter::notes) {
        output::stderr(format!("{who}: note: {note}\n").as_bytes());
    }
    query.filter = filter;
    query.no_pushdown |= filter_flags::pushdown_disabled_by_env();
    Ok(())
}

/// What the query needs before listing (the process map).
pub fn prepare(query: &Query) -> anyhow::Result<Prepared> {
    sockets::prepare(query).context("cannot collect sockets")
}

/// Stream the sockets of `query` into `printer`: header, every socket,
/// then the end with the warnings (the dumps', the process map's, then
/// `more`). Returns the warnings, for the caller to say where the format
/// does not. A collection error after sockets were printed leaves them
/// printed and fails.
pub fn print(
    query: &Query,
    prepared: &Prepared,
    printer: &mut dyn SocketPrinter,
    more: &[Warning],
) -> anyhow::Result<Vec<Warning>> {
    printer.header()?;
    let mut warnings = Vec::new();
    let processes = prepared.processes.as_ref();
    match sockets::visit(query, processes, &mut warnings, &mut |s| printer.socket(s)) {
        Ok(()) => {}
        Err(VisitError::Visitor(e)) => return Err(e.into()),
        Err(VisitError::Collect(e)) => {
            printer.flush()?;
            return Err(anyhow::Error::new(e).context("cannot collect sockets"));
        }
    }
    warnings.extend(prepared.warnings.iter().cloned());
    warnings.extend(more.iter().cloned());
    printer.finish(&warnings)?;
    Ok(warnings)
}

/// [`print`] over every namespace of `all`: one document (the printer's
/// header once, then every namespace's sockets, each carrying its
/// namespace), ended with the warnings of every namespace (each said
/// once), the namespaces not listed, the process map's, then `more`.
pub fn print_all(
    query: &Query,
    prepared: &Prepared,
    all: &Namespaces,
    printer: &mut dyn SocketPrinter,
    more: &[Warning],
) -> anyhow::Result<Vec<Warning>> {
    printer.header()?;
    let mut warnings: Vec<Warning> = Vec::new();
    let processes = prepared.processes.as_ref();
    visit_namespaces(query, all.as_slice(), processes, &mut |e| {
        match e {
            NsEvent::Socket(s) => printer.socket(s)?,
            NsEvent::End(_, w) => {
                for w in w {
                    if !warnings.contains(w) {
                        warnings.push(w.clone());
                    }
                }
            }
            NsEvent::Failed(ns, err) => warnings.push(super::namespaces::not_listed(ns, err)),
            NsEvent::Begin(_) => {}
        }
        Ok::<(), std::io::Error>(())
    })?;
    warnings.extend(prepared.warnings.iter().cloned());
    warnings.extend(more.iter().cloned());
    printer.finish(&warnings)?;
    Ok(warnings)
}

/// Say `warnings` on stderr, as `sockscope: warning: ...`.
pub fn warn(warnings: &[Warning]) {
    for w in warnings {
        output::stderr(format!("sockscope: warning: {w}\n").as_bytes());
    }
}
