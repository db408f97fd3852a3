//! Renderers: turn a `sockscope::model::Snapshot` into bytes. One module per
//! format; `classic` holds the byte-exact netstat quirks and nothing else
//! imports it.

pub mod classic;
pub mod escape;
pub mod json;
