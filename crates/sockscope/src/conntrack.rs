//! The conntrack table of the calling thread's network namespace (what
//! `netstat -M` lists the NAT'd part of): over ctnetlink, or from
//! /proc/net/nf_conntrack when netlink cannot be used.

use crate::model::{Conntrack, ConntrackSource, Warning};
use crate::sys::linux::{ctnetlink, procfs};
use crate::{Error, Result};

/// Where to read the table from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConntrackRead {
    /// ctnetlink, falling back to /proc/net/nf_conntrack (with a warning
    /// naming why netlink failed).
    #[default]
    Auto,
    /// ctnetlink only.
    Netlink,
    /// /proc/net/nf_conntrack only.
    Proc,
}

/// Read every conntrack entry (NAT'd or not). Both sources need
/// CAP_NET_ADMIN; when both fail the error carries both reasons
/// ([`Error::BothFailed`]).
pub fn conntrack(how: ConntrackRead) -> Result<Conntrack> {
    match how {
        ConntrackRead::Netlink => from_netlink(),
        ConntrackRead::Proc => from_proc(Vec::new()),
        ConntrackRead::Auto => match from_netlink() {
            Ok(c) => Ok(c),
            Err(netlink) => {
                let note = Warning::Unavailable {
                    what: "ctnetlink",
                    reason: format!("{netlink}; read /proc/net/nf_conntrack instead"),
                };
                from_proc(vec![note]).map_err(|proc| Error::BothFailed {
                    what: "the conntrack table",
                    first: Box::new(netlink),
                    second: Box::new(proc),
                })
            }
        },
    }
}

fn from_netlink() -> Result<Conntrack> {
    let mut entries = Vec::new();
    ctnetlink::dump(&mut entries)?;
    Ok(Conntrack {
        source: ConntrackSource::Netlink,
        entries,
        warnings: Vec::new(),
    })
}

fn from_proc(mut warnings: Vec<Warning>) -> Result<Conntrack> {
    let entries = procfs::read_nf_conntrack(&mut warnings)?;
    Ok(Conntrack {
        source: ConntrackSource::Proc,
        entries,
        warnings,
    })
}
