//! The summary of every network namespace (`summary --netns all`) as one
//! JSON document: per namespace its identity and the counts of a
//! single-namespace summary, then the run's warnings.

use std::io;

use serde::ser::{Serialize, SerializeStruct, Serializer};
use sockscope::model::Warning;
use sockscope::names::Numeric;
use sockscope::netns::names::NsInfo;

use super::{Doc, Summary};
use crate::json::wire::{Converter, WireContainer, WireNetns};

/// Schema of the all-namespaces summary document.
pub const NETNS_SCHEMA: &str = "sockscope.summary-netns/1";

/// `{"schema", "namespaces": [{"netns", "container"?, "summary"}], "warnings"}`.
pub fn render_json_namespaces(
    items: &[(NsInfo, Summary)],
    warnings: &[Warning],
    out: &mut Vec<u8>,
) -> io::Result<()> {
    crate::escape::json::to_writer(&mut *out, &All { items, warnings })?;
    out.push(b'\n');
    Ok(())
}

struct All<'a> {
    items: &'a [(NsInfo, Summary)],
    warnings: &'a [Warning],
}

struct Item<'a>(&'a NsInfo, &'a Summary);

impl Serialize for Item<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let (ns, s) = (self.0, self.1);
        let mut st = ser.serialize_struct("Namespace", 3)?;
        st.serialize_field(
            "netns",
            &WireNetns {
                inode: ns.inode,
                name: Some(&ns.name),
                named_by: Some(ns.source.as_str()),
            },
        )?;
        if let Some(c) = &ns.container {
            st.serialize_field("container", &WireContainer::new(c))?;
        }
        st.serialize_field("summary", &Doc { s, warnings: &[] })?;
        st.end()
    }
}

impl Serialize for All<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let items: Vec<Item<'_>> = self.items.iter().map(|(n, s)| Item(n, s)).collect();
        let conv = Converter::new(&Numeric, None, None);
        let warnings: Vec<_> = self.warnings.iter().map(|w| conv.warning(w)).collect();
        let mut st = ser.serialize_struct("Summaries", 3)?;
        st.serialize_field("schema", NETNS_SCHEMA)?;
        st.serialize_field("namespaces", &items)?;
        st.serialize_field("warnings", &warnings)?;
        st.end()
    }
}
