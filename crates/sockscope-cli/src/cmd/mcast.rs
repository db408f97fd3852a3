//! `-g`: multicast group memberships. netstat prints them inside its socket
//! listing, after the internet block and before the UNIX one, so the socket
//! command calls these: the classic block, or a `sockscope.groups/1`
//! document after (or, when only `-g` was asked for, instead of) the
//! sockets document.

use std::io;

use anyhow::Context;
use sockscope::mcast::collect_groups;
use sockscope::model::GroupTable;
use sockscope::names::Resolver;
use sockscope::Error;
use sockscope_render::classic::mcast::{self as classic, GroupOptions};
use sockscope_render::json;

use crate::config::Config;
use crate::exit::CliError;
use crate::flags::usage::Personality;
use crate::output;

/// Append the classic group block to `out`. When /proc/net/igmp is missing
/// netstat prints the header and then fails with "no support for `AF INET
/// (igmp)'": the header is appended and the error returned.
pub fn classic_block(
    config: &Config,
    who: Personality,
    names: &dyn Resolver,
    utf8: bool,
    out: &mut Vec<u8>,
) -> anyhow::Result<()> {
    let table = match collect(config) {
        Ok(table) => table,
        Err(e) => {
            out.extend_from_slice(classic::HEADER.as_bytes());
            return Err(e);
        }
    };
    for w in &table.warnings {
        output::stderr(format!("{}: {w}\n", who.name()).as_bytes());
    }
    let opts = GroupOptions {
        numeric_hosts: config.numeric.hosts,
        utf8,
    };
    classic::render(&table, &opts, names, out);
    Ok(())
}

/// Append the groups document (or NDJSON lines) to `out`.
pub fn json_document(config: &Config, ndjson: bool, out: &mut Vec<u8>) -> anyhow::Result<()> {
    let table = collect(config)?;
    json::render_groups(&table, ndjson, out).context("cannot encode JSON")
}

fn collect(config: &Config) -> anyhow::Result<GroupTable> {
    collect_groups(&config.sockets.families).map_err(|e| match e {
        Error::ProcRead { source, .. } if source.kind() == io::ErrorKind::NotFound => {
            CliError::NoKernelSupport {
                family: "AF INET (igmp)",
            }
            .into()
        }
        other => anyhow::Error::new(other).context("cannot read the multicast groups"),
    })
}
