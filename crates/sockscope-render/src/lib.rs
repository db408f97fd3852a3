//! Renderers: turn a `sockscope::model::Snapshot` into bytes. One module per
//! format; `classic` holds the byte-exact netstat quirks and nothing else
//! imports it. The modern formats (`table`, `csv`) share their columns
//! (`columns`) and cells (`rows`); `summary` counts sockets per protocol
//! and state.

pub mod classic;
pub mod columns;
pub mod csv;
pub mod escape;
pub mod json;
pub mod packet_netlink_names;
pub mod printer;
pub mod rows;
pub mod summary;
pub mod table;
mod values;
