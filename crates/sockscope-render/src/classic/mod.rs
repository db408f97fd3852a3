//! Byte-exact reproductions of the classic tools' text output.

pub mod masq;
pub mod netstat;
pub mod stats;
