//! Summary counts of packet sockets (per type) and netlink sockets (per
//! protocol, ss's names): counting, their table lines and their JSON
//! objects (`"packet": {"proto", "total", "types"}`, `"netlink": {"proto",
//! "total", "protocols"}`).

use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};
use sockscope::model::{PacketType, Snapshot};

use super::Summary;
use crate::packet_netlink_names::netlink_protocol_text;

/// Counts of one kind, broken down by a name (type or protocol), in
/// first-seen order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LinkCount {
    pub total: usize,
    pub by: Vec<(String, usize)>,
}

impl LinkCount {
    fn bump(&mut self, name: String) {
        self.total += 1;
        match self.by.iter_mut().find(|(n, _)| *n == name) {
            Some((_, c)) => *c += 1,
            None => self.by.push((name, 1)),
        }
    }
}

impl Summary {
    /// Count the packet sockets (when `packet`) and netlink sockets (when
    /// `netlink`) of `snap`; a kind not asked for stays `None`.
    pub fn add_link_kinds(&mut self, snap: &Snapshot, packet: bool, netlink: bool) {
        if packet {
            let mut c = LinkCount::default();
            for s in &snap.packet {
                c.bump(
                    match s.kind {
                        PacketType::Raw => "RAW",
                        PacketType::Dgram => "DGRAM",
                        PacketType::Other(_) => "UNKNOWN",
                    }
                    .to_owned(),
                );
            }
            self.packet = Some(c);
        }
        if netlink {
            let mut c = LinkCount::default();
            for s in &snap.netlink {
                c.bump(netlink_protocol_text(s.protocol));
            }
            self.netlink = Some(c);
        }
    }
}

fn by_text(by: &[(String, usize)]) -> String {
    let parts: Vec<String> = by.iter().map(|(n, c)| format!("{n} {c}")).collect();
    parts.join(", ")
}

/// The table lines of the kinds present.
pub(super) fn table_lines(s: &Summary, lines: &mut Vec<[String; 5]>) {
    for (name, c) in [("packet", &s.packet), ("netlink", &s.netlink)] {
        if let Some(c) = c {
            lines.push([
                name.into(),
                c.total.to_string(),
                "-".into(),
                "-".into(),
                by_text(&c.by),
            ]);
        }
    }
}

/// The JSON object of one kind: its name, the breakdown's key, the counts.
pub(super) struct Wire<'a>(pub &'static str, pub &'static str, pub &'a LinkCount);

struct ByMap<'a>(&'a [(String, usize)]);

impl Serialize for ByMap<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut m = ser.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl Serialize for Wire<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let mut st = ser.serialize_struct("Kind", 3)?;
        st.serialize_field("proto", self.0)?;
        st.serialize_field("total", &self.2.total)?;
        st.serialize_field(self.1, &ByMap(&self.2.by))?;
        st.end()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use sockscope::model::{InetProto, PacketType, Snapshot};

    use crate::rows::packet_netlink::tests::{netlink, packet};
    use crate::summary::{render_json, render_table, summarize, LinkCount};

    #[test]
    fn counts_table_and_json() {
        let snap = Snapshot {
            packet: vec![
                packet(PacketType::Raw, 3, 1),
                packet(PacketType::Dgram, 0x800, 0),
                packet(PacketType::Raw, 0, 0),
            ],
            netlink: vec![
                netlink(0, 0, Some(7), (0, 0)),
                netlink(16, 0, Some(7), (0, 0)),
                netlink(0, 9, Some(7), (0, 0)),
                netlink(99, 9, Some(7), (0, 0)),
            ],
            ..Snapshot::default()
        };
        let mut s = summarize(&snap, &[InetProto::Icmp], false);
        assert!(s.packet.is_none() && s.netlink.is_none());
        s.add_link_kinds(&snap, true, true);
        assert_eq!(
            s.packet,
            Some(LinkCount {
                total: 3,
                by: vec![("RAW".into(), 2), ("DGRAM".into(), 1)]
            })
        );
        assert_eq!(s.netlink.as_ref().unwrap().by[0], ("rtnl".into(), 2));
        let mut t = String::new();
        render_table(&s, &mut t);
        assert_eq!(
            t,
            "Proto    Total  IPv4  IPv6  States\n\
             icmp         0     0     0\n\
             packet       3     -     -  RAW 2, DGRAM 1\n\
             netlink      4     -     -  rtnl 2, genl 1, 99 1\n"
        );
        let mut out = Vec::new();
        render_json(&s, &[], &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["protocols"][0]["proto"], "icmp");
        assert_eq!(v["packet"]["types"]["RAW"], 2);
        assert_eq!(v["netlink"]["total"], 4);
        assert_eq!(v["netlink"]["protocols"]["99"], 1);
        // Not collected: absent from the document.
        let mut out = Vec::new();
        render_json(&summarize(&snap, &[], false), &[], &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert!(v.get("packet").is_none() && v.get("netlink").is_none());
    }
}
