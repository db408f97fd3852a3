//! Which source each socket table comes from, and what happens when one
//! fails: the one fallback policy of the pipeline.
//!
//! - A table with a sock_diag dump is read from it (unless the query says
//!   `Source::Proc`). A failed dump falls back to /proc with a
//!   [`Warning::Fallback`] (quietly for raw sockets: raw_diag is commonly
//!   absent and /proc is their normal path); with `Source::Netlink`, or
//!   once sockets of the dump were already handed on, the failure is an
//!   error.
//! - A table /proc cannot give either (missing file, no such kind in this
//!   kernel) becomes a [`Warning::Unavailable`] naming both reasons; with
//!   `strict_proc` (UNIX, packet and netlink asked from /proc only) it is
//!   an error.
//! - A filter is pushed into each internet dump (state mask and inet_diag
//!   bytecode); a kernel refusing the program (EINVAL from an older kernel
//!   lacking an op) is asked again without it. Pushdown may only
//!   over-select: the filter runs again in user space on every socket.

use std::cell::Cell;

use super::{Query, Source};
use crate::model::{Family, InetProto, InetSocket, SocketKind, Warning};
use crate::sys::linux::netlink::{self, InetDump};
use crate::sys::linux::procfs;
use crate::{Error, Result};

/// Which sources a table has.
#[derive(Debug, Clone, Copy)]
pub(super) struct Table {
    pub kind: SocketKind,
    /// A sock_diag dump exists.
    pub diag: bool,
    /// A /proc table exists.
    pub proc: bool,
}

impl Table {
    /// The sources of an internet protocol: ICMP ping sockets have no
    /// sock_diag, MPTCP no /proc table.
    pub fn inet(proto: InetProto, family: Family) -> Table {
        Table {
            kind: SocketKind::Inet(proto, family),
            diag: proto != InetProto::Icmp,
            proc: proto != InetProto::Mptcp,
        }
    }

    /// UNIX, packet and netlink sockets: both sources.
    pub fn local(kind: SocketKind) -> Table {
        Table {
            kind,
            diag: true,
            proc: true,
        }
    }

    /// The fallback to /proc is worth a warning (not for raw: see above).
    fn warns_on_fallback(&self) -> bool {
        !matches!(self.kind, SocketKind::Inet(InetProto::Raw, _))
    }
}

/// Read one table by the policy above. `diag` runs the sock_diag dump,
/// counting what it hands on in the given cell; `proc` reads /proc and
/// hands its sockets on (all or nothing). `prefer_proc`: skip sock_diag
/// (UNIX with reference counts). `strict_proc`: a /proc failure when /proc
/// was the chosen source is an error, not a warning.
pub(super) fn read(
    source: Source,
    table: Table,
    prefer_proc: bool,
    strict_proc: bool,
    warnings: &mut Vec<Warning>,
    diag: &mut dyn FnMut(&Cell<usize>) -> Result<()>,
    proc: &mut dyn FnMut() -> Result<()>,
) -> Result<()> {
    let use_diag = table.diag && source != Source::Proc && !prefer_proc;
    let mut diag_err = None;
    if use_diag {
        let emitted = Cell::new(0);
        match diag(&emitted) {
            Ok(()) => return Ok(()),
            // The visitor's stop comes with a socket handed on: caught here.
            Err(e) if source == Source::Netlink || emitted.get() > 0 => return Err(e),
            Err(e) => diag_err = Some(e),
        }
    } else if source == Source::Netlink && !prefer_proc {
        // Asked for sock_diag only, and the table has none.
        warnings.push(Warning::Unavailable {
            what: table.kind.name(),
            reason: "no sock_diag dump exists for it".into(),
        });
        return Ok(());
    }
    if !table.proc {
        let reason = match diag_err {
            Some(e) => e.to_string(),
            None => "only sock_diag lists it".to_string(),
        };
        warnings.push(Warning::Unavailable {
            what: table.kind.name(),
            reason,
        });
        return Ok(());
    }
    match proc() {
        Ok(()) => {
            if let Some(e) = diag_err.filter(|_| table.warns_on_fallback()) {
                warnings.push(Warning::Fallback {
                    what: table.kind.name(),
                    reason: e.to_string(),
                });
            }
            Ok(())
        }
        Err(Error::Stopped) => Err(Error::Stopped),
        Err(e) if strict_proc && !use_diag => Err(e),
        Err(e) => {
            let reason = match diag_err {
                Some(d) if is_missing(&d) && is_missing(&e) => {
                    let name = match table.kind {
                        SocketKind::Inet(p, _) => p.name(),
                        other => other.name(),
                    };
                    let name = name.to_uppercase();
                    format!("the kernel has no {name} support: {d}; {e}")
                }
                Some(d) => format!("{d}; {e}"),
                None => e.to_string(),
            };
            warnings.push(Warning::Unavailable {
                what: table.kind.name(),
                reason,
            });
            Ok(())
        }
    }
}

/// "Not in this kernel": a diag module missing (ENOENT) or a /proc file
/// that does not exist.
fn is_missing(e: &Error) -> bool {
    match e {
        Error::DumpRejected { source, .. } => source.raw_os_error() == Some(libc::ENOENT),
        Error::ProcRead { source, .. } => source.kind() == std::io::ErrorKind::NotFound,
        _ => false,
    }
}

/// One internet table of `query`'s choosing, each socket handed to `emit`.
pub(super) fn inet_table(
    query: &Query,
    proto: InetProto,
    family: Family,
    warnings: &mut Vec<Warning>,
    emit: &mut dyn FnMut(&InetSocket) -> Result<()>,
) -> Result<()> {
    // Both closures hand sockets to `emit`, one at a time.
    let emit = std::cell::RefCell::new(emit);
    read(
        query.source,
        Table::inet(proto, family),
        false,
        false,
        warnings,
        &mut |emitted| {
            dump(query, proto, family, &mut |s| {
                emitted.set(emitted.get() + 1);
                (emit.borrow_mut())(s)
            })
        },
        &mut || {
            let mut all = Vec::new();
            procfs::read_inet(proto, family, &mut all)?;
            all.iter_mut().for_each(|s| s.netns = query.netns);
            let mut emit = emit.borrow_mut();
            all.iter().try_for_each(&mut *emit)
        },
    )
}

/// A sock_diag dump of one protocol and family, with the query's filter
/// pushed down (and asked again without the program when the kernel
/// refuses it).
pub(super) fn dump(
    query: &Query,
    proto: InetProto,
    family: Family,
    emit: &mut dyn FnMut(&InetSocket) -> Result<()>,
) -> Result<()> {
    let mut req = InetDump {
        tcp_info: query.tcp_info,
        details: query.details,
        netns: query.netns,
        ..InetDump::all(proto, Some(family))
    };
    let Some(p) = pushdown(query, proto, family) else {
        return netlink::visit_inet(&req, emit);
    };
    if p.skip {
        return Ok(());
    }
    req.states = p.states;
    req.bytecode = &p.bytecode;
    let mut emitted = 0usize;
    let r = netlink::visit_inet(&req, &mut |s| {
        emitted += 1;
        emit(s)
    });
    match r {
        Err(Error::DumpRejected { ref source, .. })
            if emitted == 0
                && !p.bytecode.is_empty()
                && source.raw_os_error() == Some(libc::EINVAL) =>
        {
            req.bytecode = &[];
            netlink::visit_inet(&req, emit)
        }
        r => r,
    }
}

/// What the query's filter pushes into a dump of `proto`/`family`; `None`
/// when nothing is to be pushed.
pub(super) fn pushdown(
    query: &Query,
    proto: InetProto,
    family: Family,
) -> Option<crate::filter::Pushdown> {
    let f = query.active_filter().filter(|_| !query.no_pushdown)?;
    Some(f.pushdown(proto, family))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn enoent_dump() -> Error {
        Error::DumpRejected {
            what: "x",
            source: std::io::Error::from_raw_os_error(libc::ENOENT),
        }
    }

    fn missing_file() -> Error {
        Error::ProcRead {
            path: PathBuf::from("/proc/net/x"),
            source: std::io::ErrorKind::NotFound.into(),
        }
    }

    /// What `read` did: its result, the warnings, and which sources ran.
    struct Run {
        ok: bool,
        warnings: Vec<Warning>,
        diag_ran: bool,
        proc_ran: bool,
    }

    fn run(
        source: Source,
        table: Table,
        strict: bool,
        diag: Result<usize, Error>,
        proc: Result<(), Error>,
    ) -> Run {
        let (mut diag_ran, mut proc_ran) = (false, false);
        let mut warnings = Vec::new();
        let mut diag = Some(diag);
        let mut proc = Some(proc);
        let r = read(
            source,
            table,
            false,
            strict,
            &mut warnings,
            &mut |emitted| {
                diag_ran = true;
                match diag.take().unwrap_or(Ok(0)) {
                    Ok(n) => {
                        emitted.set(n);
                        Ok(())
                    }
                    // A failure after `n` sockets were handed on.
                    Err(e) => Err(e),
                }
            },
            &mut || {
                proc_ran = true;
                proc.take().unwrap_or(Ok(()))
            },
        );
        Run {
            ok: r.is_ok(),
            warnings,
            diag_ran,
            proc_ran,
        }
    }

    fn tcp() -> Table {
        Table::inet(InetProto::Tcp, Family::Inet)
    }

    #[test]
    fn sock_diag_first_then_proc_with_a_fallback_warning() {
        let r = run(Source::Auto, tcp(), false, Ok(3), Ok(()));
        assert!(r.ok && r.diag_ran && !r.proc_ran && r.warnings.is_empty());
        let r = run(Source::Auto, tcp(), false, Err(enoent_dump()), Ok(()));
        assert!(r.ok && r.proc_ran);
        assert!(
            matches!(&r.warnings[..], [Warning::Fallback { what: "tcp", .. }]),
            "{:?}",
            r.warnings
        );
        // Raw sockets fall back quietly: raw_diag is commonly absent.
        let raw = Table::inet(InetProto::Raw, Family::Inet6);
        let r = run(Source::Auto, raw, false, Err(enoent_dump()), Ok(()));
        assert!(r.ok && r.proc_ran && r.warnings.is_empty());
    }

    #[test]
    fn chosen_source_failures_are_errors() {
        let r = run(Source::Netlink, tcp(), false, Err(enoent_dump()), Ok(()));
        assert!(!r.ok && !r.proc_ran);
        let r = run(Source::Proc, tcp(), false, Ok(0), Ok(()));
        assert!(r.ok && !r.diag_ran && r.proc_ran);
        let unix = Table::local(SocketKind::Unix);
        let r = run(Source::Proc, unix, true, Ok(0), Err(missing_file()));
        assert!(!r.ok);
        // Not strict (an internet table): a missing /proc file is a warning.
        let r = run(Source::Proc, tcp(), false, Ok(0), Err(missing_file()));
        assert!(r.ok && matches!(&r.warnings[..], [Warning::Unavailable { .. }]));
    }

    #[test]
    fn a_dump_that_failed_after_handing_sockets_on_is_an_error() {
        let mut warnings = Vec::new();
        let mut proc_ran = false;
        let r = read(
            Source::Auto,
            tcp(),
            false,
            false,
            &mut warnings,
            &mut |emitted| {
                emitted.set(2);
                Err(enoent_dump())
            },
            &mut || {
                proc_ran = true;
                Ok(())
            },
        );
        // Those sockets cannot be taken back: no /proc listing after them.
        assert!(r.is_err() && !proc_ran && warnings.is_empty());
    }

    #[test]
    fn neither_source_says_what_the_kernel_lacks() {
        let sctp = Table::inet(InetProto::Sctp, Family::Inet6);
        let r = run(
            Source::Auto,
            sctp,
            false,
            Err(enoent_dump()),
            Err(missing_file()),
        );
        assert!(r.ok);
        match &r.warnings[..] {
            [Warning::Unavailable { what, reason }] => {
                assert_eq!(*what, "sctp6");
                assert!(
                    reason.starts_with("the kernel has no SCTP support"),
                    "{reason}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn one_source_kinds() {
        let mptcp = Table::inet(InetProto::Mptcp, Family::Inet);
        let r = run(Source::Proc, mptcp, false, Ok(0), Ok(()));
        assert!(r.ok && !r.diag_ran && !r.proc_ran);
        assert!(matches!(
            &r.warnings[..],
            [Warning::Unavailable { what: "mptcp", reason }] if reason.contains("sock_diag")
        ));
        let r = run(Source::Auto, mptcp, false, Err(enoent_dump()), Ok(()));
        assert!(r.ok && !r.proc_ran && r.warnings.len() == 1);
        let icmp = Table::inet(InetProto::Icmp, Family::Inet);
        let r = run(Source::Auto, icmp, false, Ok(1), Ok(()));
        assert!(r.ok && !r.diag_ran && r.proc_ran && r.warnings.is_empty());
        let r = run(Source::Netlink, icmp, false, Ok(1), Ok(()));
        assert!(r.ok && !r.proc_ran && r.warnings.len() == 1);
    }
}
