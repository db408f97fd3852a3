//! `sockscope summary`: collect every socket kind of this network namespace
//! and print the counts per protocol, family and state (table or JSON),
//! packet sockets per type and netlink sockets per protocol.
//!
//! A kind netstat does not know that the kernel lacks (SCTP on most
//! systems, MPTCP on older kernels) is left out of the counts, and its
//! "not available" warnings are not printed under the table (they would
//! show on every run); the JSON document keeps them.

use anyhow::Context as _;
use sockscope::model::{Family, InetProto, SocketKind, Warning};
use sockscope::{collect, Query};
use sockscope_render::summary;

use crate::exit::Exit;
use crate::flags::modern::SummaryArgs;
use crate::output;

/// Count and print.
pub fn run(a: &SummaryArgs) -> anyhow::Result<Exit> {
    let mut snap = collect(&Query::everything()).context("cannot collect sockets")?;
    let absent: Vec<InetProto> = InetProto::ALL
        .into_iter()
        .filter(|p| !p.is_netstat() && unavailable(&snap.warnings, *p))
        .collect();
    let protos: Vec<InetProto> = InetProto::ALL
        .into_iter()
        .filter(|p| !absent.contains(p))
        .collect();
    let mut s = summary::summarize(&snap, &protos, true);
    s.add_link_kinds(&snap, true, true);
    if !a.json {
        snap.warnings
            .retain(|w| !absent.iter().any(|p| is_unavailable(w, *p)));
    }
    if a.json {
        let mut out = Vec::new();
        summary::render_json(&s, &snap.warnings, &mut out)?;
        output::stdout(&out)?;
    } else {
        for w in &snap.warnings {
            output::stderr(format!("sockscope: warning: {w}\n").as_bytes());
        }
        let mut text = String::new();
        summary::render_table(&s, &mut text);
        output::stdout(text.as_bytes())?;
    }
    Ok(Exit::Success)
}

/// Did every family of `p` come out unavailable?
fn unavailable(warnings: &[Warning], p: InetProto) -> bool {
    [Family::Inet, Family::Inet6].into_iter().all(|f| {
        let what = SocketKind::Inet(p, f).name();
        warnings
            .iter()
            .any(|w| matches!(w, Warning::Unavailable { what: x, .. } if *x == what))
    })
}

/// Is `w` an "unavailable" warning about `p`?
fn is_unavailable(w: &Warning, p: InetProto) -> bool {
    [Family::Inet, Family::Inet6]
        .into_iter()
        .any(|f| matches!(w, Warning::Unavailable { what, .. } if *what == SocketKind::Inet(p, f).name()))
}
