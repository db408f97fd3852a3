//! The internet sockets of a query, streamed in listing order: by
//! protocol ([`InetProto::ALL`]'s order), IPv4 before IPv6, each table from
//! the source `sources.rs` picks.
//!
//! TCP over both families is fetched in one walk of the kernel's tables
//! (see `sys::linux::netlink::visit_inet`); since IPv4 is listed first,
//! the IPv6 sockets of that walk wait in a bounded buffer, and if there
//! are more than [`PENDING_MAX`] of them they are dropped and fetched again
//! by an IPv6 dump afterwards (memory stays bounded, the order unchanged).

use super::sources;
use super::{Query, Source};
use crate::model::{Family, InetProto, InetSocket, Warning};
use crate::sys::linux::netlink::{self, InetDump};
use crate::Result;

/// Most IPv6 sockets held back while a both-families TCP walk lists IPv4
/// (about 3.5 MiB).
pub const PENDING_MAX: usize = 32 * 1024;
/// The held-back sockets are kept in chunks of this many: growing never
/// copies, so memory is what they take.
const PENDING_CHUNK: usize = 1024;

/// Hand every internet socket of `query`'s tables to `emit` (which applies
/// the selection and the filter), holding back at most `cap` IPv6 sockets
/// of a one-walk TCP dump.
pub(super) fn walk(
    query: &Query,
    warnings: &mut Vec<Warning>,
    cap: usize,
    emit: &mut dyn FnMut(&InetSocket) -> Result<()>,
) -> Result<()> {
    let wants = |f| query.families.contains(&f);
    for proto in InetProto::ALL
        .into_iter()
        .filter(|p| query.protos.contains(p))
    {
        let both = wants(Family::Inet) && wants(Family::Inet6);
        if proto == InetProto::Tcp && both && query.source != Source::Proc {
            if let Some(p) = one_walk_plan(query) {
                if tcp_one_walk(query, &p, cap, warnings, emit)? {
                    continue;
                }
            }
        }
        for family in [Family::Inet, Family::Inet6]
            .into_iter()
            .filter(|f| wants(*f))
        {
            sources::inet_table(query, proto, family, warnings, emit)?;
        }
    }
    Ok(())
}

/// State mask and program of a one-walk dump.
#[derive(Debug)]
struct Plan {
    states: u32,
    bytecode: Vec<u8>,
}

/// What to push into a one-walk TCP dump, when one program serves both
/// families (`None`: dump the families apart).
fn one_walk_plan(query: &Query) -> Option<Plan> {
    let Some(v4) = sources::pushdown(query, InetProto::Tcp, Family::Inet) else {
        return Some(Plan {
            states: netlink::ALL_STATES,
            bytecode: Vec::new(),
        });
    };
    let v6 = sources::pushdown(query, InetProto::Tcp, Family::Inet6)?;
    (v4 == v6 && !v4.skip).then_some(Plan {
        states: v4.states,
        bytecode: v4.bytecode,
    })
}

/// Both TCP families in one walk. `Ok(false)`: the kernel refused it before
/// any socket (an old or odd kernel): the caller dumps the families apart.
fn tcp_one_walk(
    query: &Query,
    p: &Plan,
    cap: usize,
    warnings: &mut Vec<Warning>,
    emit: &mut dyn FnMut(&InetSocket) -> Result<()>,
) -> Result<bool> {
    let mut pending: Vec<Vec<InetSocket>> = Vec::new();
    let mut held = 0usize;
    let mut overflow = false;
    let mut emitted = 0usize;
    let dump = InetDump {
        states: p.states,
        bytecode: &p.bytecode,
        tcp_info: query.tcp_info,
        details: query.details,
        netns: query.netns,
        ..InetDump::all(InetProto::Tcp, None)
    };
    let r = netlink::visit_inet(&dump, &mut |s| match s.family {
        Family::Inet => {
            emitted += 1;
            emit(s)
        }
        Family::Inet6 if overflow => Ok(()),
        Family::Inet6 if held >= cap => {
            overflow = true;
            pending = Vec::new();
            Ok(())
        }
        Family::Inet6 => {
            match pending.last_mut() {
                Some(chunk) if chunk.len() < PENDING_CHUNK => chunk.push(s.clone()),
                _ => {
                    let mut chunk = Vec::with_capacity(PENDING_CHUNK);
                    chunk.push(s.clone());
                    pending.push(chunk);
                }
            }
            held += 1;
            Ok(())
        }
    });
    if let Err(e) = r {
        return if emitted == 0 { Ok(false) } else { Err(e) };
    }
    if overflow {
        sources::inet_table(query, InetProto::Tcp, Family::Inet6, warnings, emit)?;
        return Ok(true);
    }
    pending.iter().flatten().try_for_each(&mut *emit)?;
    Ok(true)
}
