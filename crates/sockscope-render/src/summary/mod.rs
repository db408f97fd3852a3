//! `sockscope summary`: how many sockets of each protocol, family and state
//! a snapshot holds, as a small table or a JSON document (schema
//! `sockscope.summary/1`, documented in the README, "JSON output").
//! State names are the kernel's, as in the socket JSON (`CLOSE` for an
//! unconnected UDP socket); UNIX sockets count per type, then per state;
//! packet sockets per type and netlink sockets per protocol
//! (`summary/packet_netlink.rs`).

use std::fmt::Write as _;
use std::io;

use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};
use sockscope::model::{Family, InetProto, Snapshot, TcpState, Warning};
use sockscope::names::Numeric;

use crate::json::wire::Converter;

mod netns;
mod packet_netlink;

pub use netns::{render_json_namespaces, NETNS_SCHEMA};
pub use packet_netlink::LinkCount;

/// Schema of the summary document.
pub const SCHEMA: &str = "sockscope.summary/1";

/// Counts of one internet protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtoCount {
    /// `tcp`, `udp`, `udplite`, `raw`.
    pub proto: &'static str,
    pub total: usize,
    pub inet: usize,
    pub inet6: usize,
    /// Per state name, in kernel state order; only states that occur.
    pub states: Vec<(&'static str, usize)>,
}

/// Counts of one UNIX socket type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnixCount {
    /// `STREAM`, `DGRAM`, `SEQPACKET`, ...
    pub kind: &'static str,
    pub total: usize,
    pub states: Vec<(&'static str, usize)>,
}

/// Counts of a whole snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    /// One entry per protocol asked for, even when it counts 0.
    pub protos: Vec<ProtoCount>,
    /// One entry per UNIX type seen; `None` when UNIX was not collected.
    pub unix: Option<Vec<UnixCount>>,
    /// Packet sockets per type; `None` when not collected.
    pub packet: Option<LinkCount>,
    /// Netlink sockets per protocol; `None` when not collected.
    pub netlink: Option<LinkCount>,
}

/// Add one to `name` in `counts`, keeping first-seen order.
fn bump(counts: &mut Vec<(&'static str, usize)>, name: &'static str) {
    match counts.iter_mut().find(|(n, _)| *n == name) {
        Some((_, c)) => *c += 1,
        None => counts.push((name, 1)),
    }
}

/// Count `snap`: `protos` in the given order, UNIX when `unix`.
pub fn summarize(snap: &Snapshot, protos: &[InetProto], unix: bool) -> Summary {
    let mut out = Summary::default();
    for &p in protos {
        let mut c = ProtoCount {
            proto: p.name(),
            total: 0,
            inet: 0,
            inet6: 0,
            states: Vec::new(),
        };
        let mut by_code: Vec<TcpState> = snap
            .inet
            .iter()
            .filter(|s| s.proto == p)
            .map(|s| s.state)
            .collect();
        by_code.sort_unstable_by_key(|s| s.code());
        for state in by_code {
            c.total += 1;
            bump(&mut c.states, state.name());
        }
        for s in snap.inet.iter().filter(|s| s.proto == p) {
            match s.family {
                Family::Inet => c.inet += 1,
                Family::Inet6 => c.inet6 += 1,
            }
        }
        out.protos.push(c);
    }
    if unix {
        let mut types: Vec<(u16, UnixCount)> = Vec::new();
        for s in &snap.unix {
            let code = s.kind.raw();
            let idx = match types.iter().position(|(c, _)| *c == code) {
                Some(i) => i,
                None => {
                    types.push((
                        code,
                        UnixCount {
                            kind: s.kind.name(),
                            total: 0,
                            states: Vec::new(),
                        },
                    ));
                    types.len() - 1
                }
            };
            let t = &mut types[idx].1;
            t.total += 1;
            bump(&mut t.states, s.state_name());
        }
        types.sort_by_key(|(c, _)| *c);
        out.unix = Some(types.into_iter().map(|(_, t)| t).collect());
    }
    out
}

fn states_text(states: &[(&str, usize)]) -> String {
    let parts: Vec<String> = states.iter().map(|(n, c)| format!("{n} {c}")).collect();
    parts.join(", ")
}

/// The summary as a text table, one line per protocol and UNIX type.
pub fn render_table(s: &Summary, out: &mut String) {
    let mut lines: Vec<[String; 5]> =
        vec![["Proto", "Total", "IPv4", "IPv6", "States"].map(String::from)];
    for p in &s.protos {
        lines.push([
            p.proto.into(),
            p.total.to_string(),
            p.inet.to_string(),
            p.inet6.to_string(),
            states_text(&p.states),
        ]);
    }
    for u in s.unix.iter().flatten() {
        let proto = format!("unix-{}", u.kind.to_ascii_lowercase());
        lines.push([
            proto,
            u.total.to_string(),
            "-".into(),
            "-".into(),
            states_text(&u.states),
        ]);
    }
    packet_netlink::table_lines(s, &mut lines);
    let width = |i: usize| lines.iter().map(|l| l[i].len()).max().unwrap_or(0);
    let w: Vec<usize> = (0..4).map(width).collect();
    for l in &lines {
        let _ = write!(
            out,
            "{:<w0$}  {:>w1$}  {:>w2$}  {:>w3$}",
            l[0],
            l[1],
            l[2],
            l[3],
            w0 = w[0],
            w1 = w[1],
            w2 = w[2],
            w3 = w[3]
        );
        if !l[4].is_empty() {
            let _ = write!(out, "  {}", l[4]);
        }
        out.push('\n');
    }
}

/// The summary as one JSON document (with the collection's warnings),
/// ending in a newline.
pub fn render_json(s: &Summary, warnings: &[Warning], out: &mut Vec<u8>) -> io::Result<()> {
    crate::escape::json::to_writer(&mut *out, &Doc { s, warnings })?;
    out.push(b'\n');
    Ok(())
}

struct Doc<'a> {
    s: &'a Summary,
    warnings: &'a [Warning],
}

struct Counts<'a>(&'a [(&'static str, usize)]);

impl Serialize for Counts<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut m = ser.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

struct Proto<'a>(&'a ProtoCount);

impl Serialize for Proto<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut st = ser.serialize_struct("Proto", 5)?;
        st.serialize_field("proto", p.proto)?;
        st.serialize_field("total", &p.total)?;
        st.serialize_field("inet", &p.inet)?;
        st.serialize_field("inet6", &p.inet6)?;
        st.serialize_field("states", &Counts(&p.states))?;
        st.end()
    }
}

struct Unix<'a>(&'a [UnixCount]);

impl Serialize for Unix<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        struct Type<'b>(&'b UnixCount);
        impl Serialize for Type<'_> {
            fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
                let mut st = ser.serialize_struct("Type", 2)?;
                st.serialize_field("total", &self.0.total)?;
                st.serialize_field("states", &Counts(&self.0.states))?;
                st.end()
            }
        }
        let total: usize = self.0.iter().map(|t| t.total).sum();
        let mut st = ser.serialize_struct("Unix", 3)?;
        st.serialize_field("proto", "unix")?;
        st.serialize_field("total", &total)?;
        let types: Vec<(&str, Type<'_>)> = self.0.iter().map(|t| (t.kind, Type(t))).collect();
        st.serialize_field("types", &TypeMap(&types))?;
        st.end()
    }
}

struct TypeMap<'a, T: Serialize>(&'a [(&'a str, T)]);

impl<T: Serialize> Serialize for TypeMap<'_, T> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut m = ser.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl Serialize for Doc<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let protos: Vec<Proto<'_>> = self.s.protos.iter().map(Proto).collect();
        let conv = Converter::new(&Numeric, None, None);
        let warnings: Vec<_> = self.warnings.iter().map(|w| conv.warning(w)).collect();
        let mut st = ser.serialize_struct("Summary", 6)?;
        st.serialize_field("schema", SCHEMA)?;
        st.serialize_field("protocols", &protos)?;
        if let Some(u) = &self.s.unix {
            st.serialize_field("unix", &Unix(u))?;
        }
        if let Some(p) = &self.s.packet {
            st.serialize_field("packet", &packet_netlink::Wire("packet", "types", p))?;
        }
        if let Some(n) = &self.s.netlink {
            st.serialize_field("netlink", &packet_netlink::Wire("netlink", "protocols", n))?;
        }
        st.serialize_field("warnings", &warnings)?;
        st.end()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::rows::tests::sock;
    use sockscope::model::{UnixPath, UnixSocket, UnixState, UnixType};
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

    fn snap() -> Snapshot {
        let (v4, v6) = (
            IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(Ipv6Addr::LOCALHOST),
        );
        let unix = |kind, state, listening| UnixSocket {
            netns: 0,
            kind,
            state,
            listening,
            inode: 1,
            path: Some(UnixPath::Path(b"/x".to_vec().into())),
            peer: None,
            recv_q: 0,
            send_q: 0,
            refcnt: None,
            proc_flags: None,
        };
        Snapshot {
            inet: vec![
                sock(InetProto::Tcp, v4, 1, v4, 0, 10),
                sock(InetProto::Tcp, v6, 2, v6, 3, 1),
                sock(InetProto::Tcp, v4, 4, v4, 5, 1),
                sock(InetProto::Tcp, v4, 6, v4, 7, 12),
                sock(InetProto::Tcp, v4, 8, v4, 9, 3),
                sock(InetProto::Udp, v6, 53, v6, 0, 7),
            ],
            unix: vec![
                unix(UnixType::Dgram, UnixState::Unconnected, false),
                unix(UnixType::Stream, UnixState::Unconnected, true),
                unix(UnixType::Stream, UnixState::Connected, false),
            ],
            ..Snapshot::default()
        }
    }

    #[test]
    fn counts_per_protocol_family_state_and_unix_type() {
        let s = summarize(
            &snap(),
            &[InetProto::Tcp, InetProto::Udp, InetProto::Raw],
            true,
        );
        assert_eq!(
            s.protos[0],
            ProtoCount {
                proto: "tcp",
                total: 5,
                inet: 4,
                inet6: 1,
                // SYN_RECV: request sockets (12) and full ones (3) together.
                states: vec![("ESTABLISHED", 2), ("SYN_RECV", 2), ("LISTEN", 1)],
            }
        );
        assert_eq!(s.protos[1].states, vec![("CLOSE", 1)]);
        assert_eq!((s.protos[2].proto, s.protos[2].total), ("raw", 0));
        let u = s.unix.unwrap();
        assert_eq!(u[0].kind, "STREAM");
        assert_eq!(u[0].states, vec![("LISTENING", 1), ("CONNECTED", 1)]);
        assert_eq!((u[1].kind, u[1].total), ("DGRAM", 1));
    }

    #[test]
    fn json_and_table() {
        let s = summarize(&snap(), &[InetProto::Tcp, InetProto::Udp], true);
        let mut out = Vec::new();
        let w = [Warning::Unavailable {
            what: "raw",
            reason: "x".into(),
        }];
        render_json(&s, &w, &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["schema"], SCHEMA);
        assert_eq!(v["protocols"][0]["states"]["ESTABLISHED"], 2);
        assert_eq!(v["protocols"][1]["inet6"], 1);
        assert_eq!(v["unix"]["total"], 3);
        assert_eq!(v["unix"]["types"]["STREAM"]["states"]["LISTENING"], 1);
        assert_eq!(v["warnings"][0]["kind"], "unavailable");
        let mut t = String::new();
        render_table(&s, &mut t);
        assert_eq!(
            t,
            "Proto        Total  IPv4  IPv6  States\n\
             tcp              5     4     1  ESTABLISHED 2, SYN_RECV 2, LISTEN 1\n\
             udp              1     0     1  CLOSE 1\n\
             unix-stream      2     -     -  LISTENING 1, CONNECTED 1\n\
             unix-dgram       1     -     -  UNCONNECTED 1\n"
        );
    }
}
