//! Renderers: turn what the library lists into bytes. One module per
//! format, each socket format behind the one [`printer::SocketPrinter`]
//! trait (sorting done once, by [`printer::Sorted`]); `classic` holds the
//! byte-exact netstat quirks and netstat's own messages, and nothing else
//! imports it. The modern formats (`table`, `csv`) share their columns
//! (`columns`) and cells (`rows`); `summary` counts sockets per protocol
//! and state. Every untrusted string goes through `escape`.

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
