//! `-i`: the interface table, once or every second with `-c` (netstat
//! prints its "Kernel Interface table" title only before the first round).
//! `-e` gives the ifconfig-style blocks, `-a` adds interfaces that are down.
//! In the classic format stderr carries netstat's line for an interface
//! that vanished while being read (netstat then stops with status 1; we go
//! on with the others) and any file we could not read; in JSON they are
//! warnings in the document.

use anyhow::Context;
use sockscope::filter::ListenSelection;
use sockscope::links::collect_links;
use sockscope::model::LinkTable;
use sockscope_render::classic::iface::{self as classic, IfaceOptions};
use sockscope_render::json;

use super::sockets::locale_is_utf8;
use crate::config::{Config, OutputFormat};
use crate::exit::Exit;
use crate::flags::usage::Personality;
use crate::output;

/// List interfaces as `config` says.
pub fn run(config: &Config, who: Personality) -> anyhow::Result<Exit> {
    let all = config.select == ListenSelection::All;
    // Names are escaped piped or not (a hostile name must not reach a
    // terminal through `| less -R` either).
    let utf8 = locale_is_utf8();
    let mut first = true;
    super::repeat::every_second(config.continuous, || {
        let table = collect_links().context("cannot read the interface table")?;
        let mut out = Vec::with_capacity(128 + 200 * table.links.len());
        match config.format {
            OutputFormat::Classic => {
                let opts = IfaceOptions {
                    all,
                    // netstat counts -e from 1: one -e or more is the long form.
                    long: config.extend > 0,
                    title: first,
                    utf8,
                };
                classic::render(&table, &opts, &mut out);
                output::stderr(&notes(&table, who, utf8));
            }
            OutputFormat::Json | OutputFormat::Ndjson => {
                let ndjson = config.format == OutputFormat::Ndjson;
                json::render_links(&table, all, ndjson, &mut out).context("cannot encode JSON")?;
            }
        }
        output::stdout(&out)?;
        first = false;
        Ok(Exit::Success)
    })
}

/// What goes to stderr in the classic format: what we could not read, then
/// netstat's line for each vanished interface.
fn notes(table: &LinkTable, who: Personality, utf8: bool) -> Vec<u8> {
    let mut err = Vec::new();
    for w in &table.warnings {
        err.extend_from_slice(format!("{}: {w}\n", who.name()).as_bytes());
    }
    classic::fetch_errors(table, utf8, &mut err);
    err
}
