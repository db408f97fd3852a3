//! The socket listing in JSON or NDJSON (netstat flags), streamed like the
//! classic one: the process map first (when `-p` or the filter needs it),
//! then every internet socket written as its dump decodes it, then the
//! UNIX sockets from a UNIX-only snapshot (the filter's peer-name tests
//! need all of them), then the warnings. Only the output buffer and the
//! process map stay in memory, so 200k sockets cost what `-tanp` costs.
//!
//! The document is the one `json::render` writes for a snapshot: same
//! sockets, same order, warnings in the order `collect` gathers them (dumps,
//! UNIX, process map), then the families sockscope cannot list. A
//! collection error after sockets were written leaves a truncated document
//! and fails (exit 1), as the classic listing keeps its rows.

use anyhow::Context;
use sockscope::filter::unix_names;
use sockscope::names::Resolver;
use sockscope::{collect, visit, CollectOptions};
use sockscope_render::json::SocketsWriter;

use super::absent::Gap;
use crate::config::Config;
use crate::output;

/// One JSON (or NDJSON) listing of the sockets `opts` selects.
pub(super) fn print(
    config: &Config,
    gaps: &[Gap],
    opts: &CollectOptions,
    names: &dyn Resolver,
    ndjson: bool,
) -> anyhow::Result<()> {
    let select = config.select;
    let mut map_warnings = Vec::new();
    let processes =
        visit::process_map(opts, &mut map_warnings).context("cannot collect sockets")?;
    let processes = processes.as_ref();
    let mut warnings = Vec::new();
    let mut out = output::batched();
    let mut doc = SocketsWriter::new(names, processes, ndjson, &mut out)?;
    if !opts.protos.is_empty() {
        let mut write_error = None;
        let r = visit::visit_inet(opts, processes, &mut warnings, &mut |s| {
            if !select.keep_inet(s) {
                return Ok(());
            }
            doc.inet(s).map_err(|e| {
                write_error = Some(e);
                sockscope::Error::Stopped
            })
        });
        if let Some(e) = write_error {
            return Err(e.into());
        }
        r.context("cannot collect sockets")?;
    }
    if opts.unix {
        let unix_only = CollectOptions {
            protos: Vec::new(),
            processes: false,
            filter: None,
            ..opts.clone()
        };
        let snap = collect(&unix_only).context("cannot collect sockets")?;
        let filter = opts.filter.as_ref().filter(|f| !f.is_empty());
        let peers = filter.map(|_| unix_names(&snap.unix));
        for s in &snap.unix {
            let kept = filter.is_none_or(|f| f.matches_unix(s, processes, peers.as_ref()));
            if kept && select.keep_unix(s) {
                doc.unix(s)?;
            }
        }
        warnings.extend(snap.warnings);
    }
    warnings.extend(map_warnings);
    warnings.extend(
        gaps.iter()
            .filter_map(|g| g.warning(config.sockets.explicit)),
    );
    doc.finish(&warnings)?;
    output::finish(out)?;
    Ok(())
}
