//! The classic (netstat) socket listing, streamed: the process map first
//! (when `-p` or the filter needs it), then the internet sockets rendered
//! as they are decoded, [`BATCH`] at a time, into one output buffer,
//! written out whenever it holds [`FLUSH_AT`] bytes; the UNIX block from a
//! snapshot of UNIX sockets at the end (the filter's peer-name tests need
//! them all, and /proc/net/unix is read whole so a bad line fails it
//! cleanly), its rows written out the same way. Memory stays flat however
//! many sockets there are: no snapshot of internet sockets, no whole
//! listing in memory. Bytes are those of `classic::render` over a snapshot.
//!
//! A collection error after rows were written leaves those rows out (there
//! is no taking them back) and then fails as before.

use anyhow::Context;
use sockscope::filter::Filter;
use sockscope::model::{InetProto, InetSocket, ProcessMap, Warning};
use sockscope::names::Resolver;
use sockscope::{collect, visit, CollectOptions};
use sockscope_render::classic::netstat::{InetBlock, NetstatOptions, UnixBlock};

use super::absent::{self, Gap, Position};
use super::sockets::{locale_is_utf8, netstat_options};
use crate::config::Config;
use crate::flags::usage::Personality;
use crate::output;

/// Write the buffer out once it holds this much.
const FLUSH_AT: usize = 256 * 1024;
/// Sockets rendered together (see `InetBlock::rows`).
const BATCH: usize = 64;

/// One classic listing of the sockets `opts` selects.
pub(super) fn print(
    config: &Config,
    who: Personality,
    gaps: &[Gap],
    opts: &CollectOptions,
    names: &dyn Resolver,
) -> anyhow::Result<()> {
    let mut warnings = Vec::new();
    let mut processes =
        visit::process_map(opts, &mut warnings).context("cannot collect sockets")?;
    if config.programs {
        if let Some(notice) = process_notice(&warnings, processes.as_ref()) {
            output::stderr(notice.as_bytes());
        }
    }
    let mut nopts = netstat_options(config);
    // A family asked for but not listable stops netstat where it is met.
    let stop = if config.sockets.explicit {
        gaps.first()
    } else {
        None
    };
    if let Some(gap) = stop {
        if gap.at == Position::AfterTcp {
            nopts.protos.retain(|p| *p == InetProto::Tcp);
            nopts.unix = false;
        }
    }
    if !config.sockets.explicit && config.verbose {
        let notes = absent::verbose_notes(gaps, config.select, who.name());
        output::stderr(notes.as_bytes());
    }
    let mut out = Vec::with_capacity(FLUSH_AT + 64 * 1024);
    if !nopts.protos.is_empty() {
        let inet_opts = CollectOptions {
            protos: nopts.protos.clone(),
            ..opts.clone()
        };
        stream_inet(&inet_opts, &nopts, names, processes.as_ref(), &mut out)?;
    }
    // -g prints between the internet and UNIX blocks, unless a missing
    // family stopped netstat in the internet block.
    if config.sockets.groups && stop.is_none_or(|g| g.at != Position::AfterTcp) {
        let utf8 = locale_is_utf8();
        if let Err(e) = super::mcast::classic_block(config, who, names, utf8, &mut out) {
            output::stdout(&out)?;
            return Err(e);
        }
    }
    if nopts.unix {
        let unix_opts = NetstatOptions {
            protos: Vec::new(),
            ..nopts
        };
        print_unix(opts, &unix_opts, names, processes.take(), &mut out)?;
    }
    output::stdout(&out)?;
    match stop {
        Some(gap) => Err(gap.error().into()),
        None => Ok(()),
    }
}

/// The internet block: header, then each row as its socket is decoded.
fn stream_inet(
    opts: &CollectOptions,
    nopts: &NetstatOptions,
    names: &dyn Resolver,
    processes: Option<&ProcessMap>,
    out: &mut Vec<u8>,
) -> anyhow::Result<()> {
    let block = InetBlock::new(nopts, names, processes);
    block.header(out);
    let mut sink = Sink {
        block,
        // Batches pay off for process lookups only; without them each row
        // is rendered as its socket comes in.
        batching: processes.is_some(),
        batch: Vec::new(),
        out,
    };
    let mut write_error = None;
    let mut warnings = Vec::new();
    let r = visit::visit_inet(opts, processes, &mut warnings, &mut |s| {
        sink.push(s).map_err(|e| {
            write_error = Some(e);
            sockscope::Error::Stopped
        })
    });
    if let Some(e) = write_error {
        return Err(e.into());
    }
    sink.render();
    if let Err(e) = r {
        // Show what was listed before the failure, then fail.
        output::stdout(sink.out)?;
        sink.out.clear();
        return Err(e).context("cannot collect sockets");
    }
    Ok(())
}

/// Rows on their way out: sockets waiting to be rendered as a batch, and
/// the output buffer, written whenever it holds [`FLUSH_AT`] bytes.
struct Sink<'a, 'o> {
    block: InetBlock<'a>,
    batching: bool,
    batch: Vec<InetSocket>,
    out: &'o mut Vec<u8>,
}

impl Sink<'_, '_> {
    fn push(&mut self, s: &InetSocket) -> std::io::Result<()> {
        if !self.batching {
            self.block.row(s, self.out);
        } else {
            self.batch.push(s.clone());
            if self.batch.len() < BATCH {
                return Ok(());
            }
            self.render();
        }
        if self.out.len() >= FLUSH_AT {
            output::stdout(self.out)?;
            self.out.clear();
        }
        Ok(())
    }

    /// Render the waiting sockets.
    fn render(&mut self) {
        self.block.rows(&self.batch, self.out);
        self.batch.clear();
    }
}

/// The UNIX block, from a snapshot of UNIX sockets only (filtered here, with
/// the process map already built).
fn print_unix(
    opts: &CollectOptions,
    nopts: &NetstatOptions,
    names: &dyn Resolver,
    processes: Option<ProcessMap>,
    out: &mut Vec<u8>,
) -> anyhow::Result<()> {
    let unix_only = CollectOptions {
        protos: Vec::new(),
        processes: false,
        filter: None,
        ..opts.clone()
    };
    let mut snap = collect(&unix_only).context("cannot collect sockets")?;
    snap.processes = processes;
    if let Some(f) = opts.filter.as_ref().filter(|f| !f.is_empty()) {
        Filter::retain(f, &mut snap);
    }
    let mut block = UnixBlock::new(nopts, names, snap.processes.as_ref());
    block.header(out);
    for s in &snap.unix {
        block.row(s, out);
        if out.len() >= FLUSH_AT {
            output::stdout(out)?;
            out.clear();
        }
    }
    Ok(())
}

/// netstat's stderr line when some /proc/<pid>/fd could not be read: which
/// one depends on whether any socket owner was found at all.
pub(super) fn process_notice(
    warnings: &[Warning],
    processes: Option<&ProcessMap>,
) -> Option<String> {
    let euid = warnings.iter().find_map(|w| match w {
        // netstat only speaks when a whole /proc/<pid>/fd was refused.
        Warning::FdsUnreadable { euid, fd_dirs, .. } if *fd_dirs > 0 => Some(*euid),
        _ => None,
    })?;
    let found_any = processes.is_some_and(|m| !m.is_empty());
    Some(if found_any {
        "(Not all processes could be identified, non-owned process info\n will not be shown, you would have to be root to see it all.)\n".to_string()
    } else {
        format!("(No info could be read for \"-p\": geteuid()={euid} but you should be root.)\n")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sockscope::model::{ProcessRef, SockKey};

    fn with_warning(found_any: bool) -> (Vec<Warning>, ProcessMap) {
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
        let warnings = vec![Warning::FdsUnreadable {
            count: 3,
            fd_dirs: 3,
            euid: 65534,
        }];
        (warnings, map)
    }

    #[test]
    fn process_notice_follows_netstat() {
        let (w, m) = with_warning(false);
        assert_eq!(
            process_notice(&w, Some(&m)).as_deref(),
            Some("(No info could be read for \"-p\": geteuid()=65534 but you should be root.)\n")
        );
        let (w, m) = with_warning(true);
        assert!(process_notice(&w, Some(&m))
            .is_some_and(|n| n.starts_with("(Not all processes could be identified")));
        assert_eq!(process_notice(&[], None), None);
    }
}
