//! `sockscope summary`: collect every socket kind of this network namespace
//! and print the counts per protocol, family and state (table or JSON).

use anyhow::Context as _;
use sockscope::model::{Family, InetProto};
use sockscope::{collect, CollectOptions, Source};
use sockscope_render::summary;

use crate::exit::Exit;
use crate::flags::modern::SummaryArgs;
use crate::output;

const PROTOS: [InetProto; 4] = [
    InetProto::Tcp,
    InetProto::Udp,
    InetProto::UdpLite,
    InetProto::Raw,
];

/// Count and print.
pub fn run(a: &SummaryArgs) -> anyhow::Result<Exit> {
    let opts = CollectOptions {
        protos: PROTOS.to_vec(),
        families: vec![Family::Inet, Family::Inet6],
        unix: true,
        source: Source::Auto,
        ..CollectOptions::default()
    };
    let snap = collect(&opts).context("cannot collect sockets")?;
    let s = summary::summarize(&snap, &PROTOS, true);
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
