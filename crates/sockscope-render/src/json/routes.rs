//! JSON and NDJSON for routes, schema `sockscope.routes/1` (documented in
//! the README, "JSON output"). JSON: one compact document
//! `{"schema", "routes", "warnings"}` ending in a newline; NDJSON: every
//! route on its own line with `"schema": "sockscope.route/1"`, then every
//! warning (`sockscope.warning/1`). Wire types are built here from the
//! model by explicit conversion; addresses are always numeric.

use std::io;

use serde::Serialize;
use sockscope::model::{Family, NextHop, Route, RouteFlags, RouteMetrics, RouteTable};
use sockscope::names::Numeric;

use super::wire::{Converter, WireWarning};

/// Schema of the JSON document.
pub const SCHEMA: &str = "sockscope.routes/1";
/// Schema of an NDJSON route line.
pub const ROUTE_SCHEMA: &str = "sockscope.route/1";

/// One route on the wire.
#[derive(Debug, Serialize)]
struct WireRoute<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<&'static str>,
    family: &'static str,
    table: Option<u32>,
    table_name: Option<&'static str>,
    #[serde(rename = "type")]
    kind: &'static str,
    type_code: u8,
    destination: String,
    prefix: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<Prefix>,
    gateway: Option<String>,
    dev: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ifindex: Option<u32>,
    metric: u32,
    protocol: Option<&'static str>,
    protocol_code: Option<u8>,
    scope: Option<&'static str>,
    scope_code: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prefsrc: Option<String>,
    flags: Vec<&'static str>,
    flags_code: u32,
    #[serde(skip_serializing_if = "is_zero")]
    tos: u8,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    metrics: Vec<Metric>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    nexthops: Vec<WireNextHop<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nh_id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    refcnt: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    used: Option<u32>,
}

#[derive(Debug, Serialize)]
struct Prefix {
    address: String,
    prefix: u8,
}

/// `{"name": "mtu", "value": 1400, "locked": true}`
#[derive(Debug, Serialize)]
struct Metric {
    name: &'static str,
    value: u32,
    locked: bool,
}

#[derive(Debug, Serialize)]
struct WireNextHop<'a> {
    gateway: Option<String>,
    dev: Option<&'a str>,
    ifindex: u32,
    weight: u16,
    flags_code: u8,
}

fn is_zero(v: &u8) -> bool {
    *v == 0
}

/// Append the JSON document (or NDJSON lines) for `table` to `out`.
pub fn render(table: &RouteTable, ndjson: bool, out: &mut Vec<u8>) -> io::Result<()> {
    let schema = ndjson.then_some(ROUTE_SCHEMA);
    let conv = Converter::new(&Numeric, None, schema);
    let routes = table.routes.iter().map(|r| wire(r, schema));
    let warnings = table.warnings.iter().map(|w| conv.warning(w));
    if ndjson {
        for r in routes {
            line(out, &r)?;
        }
        for w in warnings {
            line(out, &w)?;
        }
        return Ok(());
    }
    #[derive(Serialize)]
    struct Doc<'a> {
        schema: &'static str,
        routes: Vec<WireRoute<'a>>,
        warnings: Vec<WireWarning<'a>>,
    }
    let doc = Doc {
        schema: SCHEMA,
        routes: routes.collect(),
        warnings: warnings.collect(),
    };
    line(out, &doc)
}

fn line(out: &mut Vec<u8>, value: &impl Serialize) -> io::Result<()> {
    crate::escape::json::to_writer(&mut *out, value)?;
    out.push(b'\n');
    Ok(())
}

fn wire<'a>(r: &'a Route, schema: Option<&'static str>) -> WireRoute<'a> {
    WireRoute {
        schema,
        family: match r.family {
            Family::Inet => "inet",
            Family::Inet6 => "inet6",
        },
        table: r.table,
        table_name: r.table.and_then(table_name),
        kind: r.kind.name(),
        type_code: r.kind.code(),
        destination: r.dst.to_string(),
        prefix: r.dst_len,
        source: (r.src_len != 0).then(|| Prefix {
            address: r.src.to_string(),
            prefix: r.src_len,
        }),
        gateway: r.gateway.map(|g| g.to_string()),
        dev: r.dev.as_deref(),
        ifindex: (r.ifindex != 0).then_some(r.ifindex),
        metric: r.metric,
        protocol: r.protocol.map(protocol_name),
        protocol_code: r.protocol,
        scope: r.scope.map(scope_name),
        scope_code: r.scope,
        prefsrc: r.prefsrc.map(|a| a.to_string()),
        flags: RouteFlags::NAMES
            .iter()
            .filter(|(bit, _)| r.flags.0 & bit != 0)
            .map(|(_, name)| *name)
            .collect(),
        flags_code: r.flags.0,
        tos: r.tos,
        metrics: metrics(&r.metrics),
        nexthops: r.nexthops.iter().map(nexthop).collect(),
        nh_id: r.nh_id,
        expires_ms: r.expires_cs.map(|cs| i64::from(cs) * 10),
        refcnt: r.refcnt,
        used: r.use_count,
    }
}

fn nexthop(n: &NextHop) -> WireNextHop<'_> {
    WireNextHop {
        gateway: n.gateway.map(|g| g.to_string()),
        dev: n.dev.as_deref(),
        ifindex: n.ifindex,
        weight: n.weight,
        flags_code: n.flags,
    }
}

/// The set metrics, by `RTAX_*` name, with their lock bit.
fn metrics(m: &RouteMetrics) -> Vec<Metric> {
    let all = [
        (2, "mtu", m.mtu),
        (3, "window", m.window),
        (4, "rtt", m.rtt),
        (5, "rttvar", m.rttvar),
        (6, "ssthresh", m.ssthresh),
        (7, "cwnd", m.cwnd),
        (8, "advmss", m.advmss),
        (9, "reordering", m.reordering),
        (10, "hoplimit", m.hoplimit),
        (11, "initcwnd", m.initcwnd),
        (12, "features", m.features),
        (13, "rto_min", m.rto_min),
        (14, "initrwnd", m.initrwnd),
        (15, "quickack", m.quickack),
    ];
    all.iter()
        .filter(|(_, _, v)| *v != 0)
        .map(|&(code, name, value)| Metric {
            name,
            value,
            locked: m.lock & (1u32 << code) != 0,
        })
        .collect()
}

fn table_name(id: u32) -> Option<&'static str> {
    match id {
        253 => Some("default"),
        254 => Some("main"),
        255 => Some("local"),
        _ => None,
    }
}

/// `RTPROT_*` names as iproute2 prints them (`rt_protos`).
fn protocol_name(p: u8) -> &'static str {
    match p {
        0 => "unspec",
        1 => "redirect",
        2 => "kernel",
        3 => "boot",
        4 => "static",
        8 => "gated",
        9 => "ra",
        10 => "mrt",
        11 => "zebra",
        12 => "bird",
        13 => "dnrouted",
        14 => "xorp",
        15 => "ntk",
        16 => "dhcp",
        17 => "mrouted",
        18 => "keepalived",
        42 => "babel",
        99 => "openr",
        186 => "bgp",
        187 => "isis",
        188 => "ospf",
        189 => "rip",
        192 => "eigrp",
        _ => "unknown",
    }
}

/// `RT_SCOPE_*` names as iproute2 prints them.
fn scope_name(s: u8) -> &'static str {
    match s {
        0 => "universe",
        200 => "site",
        253 => "link",
        254 => "host",
        255 => "nowhere",
        _ => "unknown",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::Value;
    use sockscope::model::{RouteType, Warning};
    use std::net::IpAddr;

    fn route() -> Route {
        Route {
            family: Family::Inet,
            table: Some(254),
            kind: RouteType::Unicast,
            protocol: Some(3),
            scope: Some(0),
            dst: "10.0.0.0".parse().unwrap(),
            dst_len: 16,
            src: "0.0.0.0".parse().unwrap(),
            src_len: 0,
            gateway: None,
            ifindex: 0,
            dev: None,
            prefsrc: None,
            metric: 7,
            metrics: RouteMetrics {
                mtu: 1400,
                lock: 1 << 2,
                window: 8000,
                ..RouteMetrics::default()
            },
            flags: RouteFlags(3),
            rtm_flags: 0,
            tos: 0,
            nexthops: vec![NextHop {
                gateway: Some("10.9.0.1".parse::<IpAddr>().unwrap()),
                ifindex: 2,
                dev: Some("v0".into()),
                weight: 1,
                flags: 0,
            }],
            nh_id: None,
            expires_cs: Some(150),
            refcnt: None,
            use_count: None,
        }
    }

    #[test]
    fn document_shape_and_fields() {
        let t = RouteTable {
            routes: vec![route()],
            warnings: vec![Warning::Unavailable {
                what: "routes (inet6)",
                reason: "gone".into(),
            }],
        };
        let mut out = Vec::new();
        render(&t, false, &mut out).unwrap();
        assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 1);
        let doc: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(doc["schema"], SCHEMA);
        let r = &doc["routes"][0];
        assert_eq!(r["family"], "inet");
        assert_eq!(
            (r["table"].as_u64(), r["table_name"].as_str()),
            (Some(254), Some("main"))
        );
        assert_eq!(
            (r["destination"].as_str(), r["prefix"].as_u64()),
            (Some("10.0.0.0"), Some(16))
        );
        assert_eq!(
            (r["protocol"].as_str(), r["scope"].as_str()),
            (Some("boot"), Some("universe"))
        );
        assert_eq!(r["flags"], serde_json::json!(["up", "gateway"]));
        assert_eq!(
            r["metrics"][0],
            serde_json::json!({"name": "mtu", "value": 1400, "locked": true})
        );
        assert_eq!(r["nexthops"][0]["dev"], "v0");
        assert_eq!(r["expires_ms"], 1500);
        assert!(r.get("refcnt").is_none() && r.get("schema").is_none());
        assert_eq!(doc["warnings"][0]["kind"], "unavailable");
    }

    #[test]
    fn ndjson_lines_carry_their_schema() {
        let t = RouteTable {
            routes: vec![route(), route()],
            warnings: vec![Warning::Fallback {
                what: "routes (inet)",
                reason: "x".into(),
            }],
        };
        let mut out = Vec::new();
        render(&t, true, &mut out).unwrap();
        let lines: Vec<Value> = out
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["schema"], ROUTE_SCHEMA);
        assert_eq!(lines[2]["schema"], "sockscope.warning/1");
    }
}
