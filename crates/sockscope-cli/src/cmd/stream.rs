//! Sockets handed from the dumps straight to an output, never all held:
//! the internet sockets as the kernel sends them (`sockscope::visit`, the
//! filter applied there), then the UNIX, packet and netlink sockets from a
//! snapshot of those kinds alone (the filter's UNIX peer-name tests need
//! every UNIX socket), each also kept by the `-l`/`-a` selection. The order
//! is `collect`'s, and so are the warnings, except the process map's,
//! which the caller gathered when it built the map.

use anyhow::Context as _;
use sockscope::filter::{unix_names, ListenSelection};
use sockscope::model::{ProcessMap, Warning};
use sockscope::{collect, visit, CollectOptions};
use sockscope_render::rows::Row;

/// Hand every socket `opts` and `select` keep to `on`, in `collect`'s
/// order; return the warnings met. An error from `on` (a failed write)
/// ends the walk and is returned as is.
pub(super) fn each_socket(
    opts: &CollectOptions,
    select: ListenSelection,
    processes: Option<&ProcessMap>,
    on: &mut dyn FnMut(Row<'_>) -> std::io::Result<()>,
) -> anyhow::Result<Vec<Warning>> {
    let mut warnings = Vec::new();
    if !opts.protos.is_empty() {
        let mut write_error = None;
        let r = visit::visit_inet(opts, processes, &mut warnings, &mut |s| {
            if !select.keep_inet(s) {
                return Ok(());
            }
            on(Row::Inet(s)).map_err(|e| {
                write_error = Some(e);
                sockscope::Error::Stopped
            })
        });
        if let Some(e) = write_error {
            return Err(e.into());
        }
        r.context("cannot collect sockets")?;
    }
    if opts.unix || opts.packet || opts.netlink {
        let rest = CollectOptions {
            protos: Vec::new(),
            processes: false,
            filter: None,
            ..opts.clone()
        };
        let snap = collect(&rest).context("cannot collect sockets")?;
        let filter = opts.filter.as_ref().filter(|f| !f.is_empty());
        let peers = filter.map(|_| unix_names(&snap.unix));
        for s in &snap.unix {
            if select.keep_unix(s)
                && filter.is_none_or(|f| f.matches_unix(s, processes, peers.as_ref()))
            {
                on(Row::Unix(s))?;
            }
        }
        for s in &snap.packet {
            if select.keep_packet(s) && filter.is_none_or(|f| f.matches_packet(s, processes)) {
                on(Row::Packet(s))?;
            }
        }
        for s in &snap.netlink {
            if select.keep_netlink(s) && filter.is_none_or(|f| f.matches_netlink(s, processes)) {
                on(Row::Netlink(s))?;
            }
        }
        warnings.extend(snap.warnings);
    }
    Ok(warnings)
}
