//! How single values look in the modern formats: endpoints (`[v6]%zone:port`),
//! microseconds as milliseconds, rates in bit/s, timers. Pure functions;
//! names come from the resolver the caller passes.

use std::net::IpAddr;

use sockscope::model::{InetSocket, TimerKind};

use crate::escape::visible;
use crate::rows::Context;

/// The zone of an address: the bound interface for the local end, and for
/// a link-local peer too (it is reached through that interface). The name
/// when the resolver knows it, else the index.
pub(crate) fn zone(s: &InetSocket, addr: IpAddr, local: bool, ctx: &Context<'_>) -> Option<String> {
    if s.ifindex == 0 {
        return None;
    }
    let link_local = matches!(addr, IpAddr::V6(a) if a.is_unicast_link_local());
    if !local && !link_local {
        return None;
    }
    let name = ctx
        .names
        .ifname(s.ifindex)
        .unwrap_or_else(|| s.ifindex.to_string());
    Some(visible(name.as_bytes()).into_owned())
}

/// `addr:port`, `[v6]:port`, with `%zone` after the address and `*` for
/// port 0, as ss writes them. Never shortened.
pub fn endpoint(addr: IpAddr, port: u16, zone: Option<String>) -> String {
    let zone = zone.map(|z| format!("%{z}")).unwrap_or_default();
    let port = if port == 0 {
        "*".to_owned()
    } else {
        port.to_string()
    };
    match addr {
        IpAddr::V4(a) => format!("{a}{zone}:{port}"),
        IpAddr::V6(a) => format!("[{a}]{zone}:{port}"),
    }
}

/// Microseconds as milliseconds with 3 decimals.
pub(crate) fn millis(us: u64) -> String {
    format!("{}.{:03}", us / 1000, us % 1000)
}

/// Bytes per second as bits per second with a unit (`12.3Mbps`).
pub(crate) fn rate(bytes_per_sec: u64) -> String {
    let bits = u128::from(bytes_per_sec) * 8;
    for (unit, div) in [
        ("Tbps", 1_000_000_000_000u128),
        ("Gbps", 1_000_000_000),
        ("Mbps", 1_000_000),
        ("Kbps", 1_000),
    ] {
        if bits >= div {
            let tenths = bits * 10 / div;
            return format!("{}.{}{unit}", tenths / 10, tenths % 10);
        }
    }
    format!("{bits}bps")
}

/// `off`, or the timer kind and seconds left (`keepalive 7.190s`).
pub(crate) fn timer(s: &InetSocket) -> String {
    let kind = match s.timer.kind {
        TimerKind::Off => return "off".to_owned(),
        TimerKind::On => "on",
        TimerKind::Keepalive => "keepalive",
        TimerKind::TimeWait => "timewait",
        TimerKind::Probe => "probe",
        TimerKind::Unknown(_) => "unknown",
    };
    let ms = s.timer.expires_ms;
    format!("{kind} {}.{:03}s", ms / 1000, ms % 1000)
}
