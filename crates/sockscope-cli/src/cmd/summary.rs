//! `sockscope summary`: collect every socket kind of this network namespace
//! and print the counts per protocol, family and state (table or JSON),
//! packet sockets per type and netlink sockets per protocol.
//!
//! A kind netstat does not know that the kernel lacks (SCTP on most
//! systems, MPTCP on older kernels) is left out of the counts, and its
//! "not available" warnings are not printed under the table (they would
//! show on every run); the JSON document keeps them.

use anyhow::Context as _;
use sockscope::model::{Family, InetProto, Snapshot, Socket, SocketKind, Warning};
use sockscope::sockets::all::{visit_namespaces, NsEvent};
use sockscope::{collect, Query};
use sockscope_render::summary;

use super::namespaces;
use crate::exit::Exit;
use crate::flags::modern::SummaryArgs;
use crate::output;

/// Count and print (`all`: every network namespace, one block each).
pub fn run(a: &SummaryArgs, all: bool) -> anyhow::Result<Exit> {
    if all {
        return run_all(a);
    }
    let mut snap = collect(&Query::everything()).context("cannot collect sockets")?;
    let s = count(&mut snap, a.json);
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

/// The counts of one namespace's sockets. Kinds netstat does not know
/// that the kernel lacks are left out, and (for the table) their
/// warnings dropped from `snap`.
fn count(snap: &mut Snapshot, json: bool) -> summary::Summary {
    let absent: Vec<InetProto> = InetProto::ALL
        .into_iter()
        .filter(|p| !p.is_netstat() && unavailable(&snap.warnings, *p))
        .collect();
    let protos: Vec<InetProto> = InetProto::ALL
        .into_iter()
        .filter(|p| !absent.contains(p))
        .collect();
    let mut s = summary::summarize(snap, &protos, true);
    s.add_link_kinds(snap, true, true);
    if !json {
        snap.warnings
            .retain(|w| !absent.iter().any(|p| is_unavailable(w, *p)));
    }
    s
}

/// Every namespace read in parallel (see `namespaces`): per namespace a
/// table under its header line, or one JSON document listing them.
fn run_all(a: &SummaryArgs) -> anyhow::Result<Exit> {
    let (found, mut warnings) = namespaces::discover();
    let mut items = Vec::new();
    let mut snap = Snapshot::default();
    visit_namespaces(&Query::everything(), found.as_slice(), None, &mut |e| {
        match e {
            NsEvent::Begin(_) => snap = Snapshot::default(),
            NsEvent::Socket(s) => match s.to_owned() {
                Socket::Inet(s) => snap.inet.push(s),
                Socket::Unix(s) => snap.unix.push(s),
                Socket::Packet(s) => snap.packet.push(s),
                Socket::Netlink(s) => snap.netlink.push(s),
            },
            NsEvent::End(ns, w) => {
                snap.warnings = w.to_vec();
                let s = count(&mut snap, a.json);
                for w in std::mem::take(&mut snap.warnings) {
                    if !warnings.contains(&w) {
                        warnings.push(w);
                    }
                }
                items.push((ns.clone(), s));
            }
            NsEvent::Failed(ns, e) => warnings.push(namespaces::not_listed(ns, e)),
        }
        Ok::<(), std::convert::Infallible>(())
    })
    .unwrap_or_else(|never| match never {});
    if a.json {
        let mut out = Vec::new();
        summary::render_json_namespaces(&items, &warnings, &mut out)?;
        output::stdout(&out)?;
    } else {
        let utf8 = super::sockets::locale_is_utf8();
        let mut out = Vec::new();
        for (ns, s) in &items {
            out.extend(namespaces::header(ns, utf8));
            let mut text = String::new();
            summary::render_table(s, &mut text);
            out.extend(text.as_bytes());
        }
        output::stdout(&out)?;
        namespaces::warn(&warnings);
    }
    Ok(namespaces::status(&warnings))
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
