//! The benchmark's floor (`sockscope-floor`): the least work any tool must
//! do for `-tan` — one sock_diag walk of TCP over IPv4 and IPv6 (the legacy
//! both-families request; two per-family dumps if the kernel refuses it),
//! each socket decoded and dropped — and for `-tanp` one scan of every
//! /proc/*/fd into the socket → process map. Not for listing: it counts.

use crate::model::{Family, InetProto, Warning};
use crate::sys::linux::netlink::{visit_inet, InetDump};
use crate::sys::linux::procfs;
use crate::Result;

/// TCP sockets of this namespace, counted from the cheapest dump.
pub fn tcp_sockets() -> Result<usize> {
    let mut n = 0usize;
    let one_walk = visit_inet(&InetDump::all(InetProto::Tcp, None), &mut |_| {
        n += 1;
        Ok(())
    });
    if one_walk.is_ok() {
        return Ok(n);
    }
    n = 0;
    for family in [Family::Inet, Family::Inet6] {
        visit_inet(&InetDump::all(InetProto::Tcp, Some(family)), &mut |_| {
            n += 1;
            Ok(())
        })?;
    }
    Ok(n)
}

/// Sockets with an owner in the socket → process map.
pub fn process_owners() -> Result<usize> {
    let mut warnings: Vec<Warning> = Vec::new();
    Ok(procfs::process_map(&mut warnings)?.len())
}
