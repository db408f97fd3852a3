//! The socket listing in JSON or NDJSON (netstat flags), streamed like the
//! classic one: the process map first (when `-p` or the filter needs it),
//! then every socket written as it comes (see `stream`), then the
//! warnings. Only the output buffer and the process map stay in memory, so
//! 200k sockets cost what `-tanp` costs.
//!
//! The document is the one `json::render` writes for a snapshot: same
//! sockets, same order, warnings in the order `collect` gathers them (dumps,
//! UNIX, process map), then the families sockscope cannot list. A
//! collection error after sockets were written leaves a truncated document
//! and fails (exit 1), as the classic listing keeps its rows.

use anyhow::Context;
use sockscope::names::Resolver;
use sockscope::{visit, CollectOptions};
use sockscope_render::json::SocketsWriter;

use super::absent::Gap;
use super::stream;
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
    let mut map_warnings = Vec::new();
    let processes =
        visit::process_map(opts, &mut map_warnings).context("cannot collect sockets")?;
    let processes = processes.as_ref();
    let mut out = output::batched();
    let mut doc = SocketsWriter::new(names, processes, ndjson, &mut out)?;
    let mut warnings = stream::each_socket(opts, config.select, processes, &mut |r| doc.row(&r))?;
    warnings.extend(map_warnings);
    warnings.extend(
        gaps.iter()
            .filter_map(|g| g.warning(config.sockets.explicit)),
    );
    doc.finish(&warnings)?;
    output::finish(out)?;
    Ok(())
}
