//! Byte-exact reproductions of the classic tools' text output.

pub mod iface;
pub mod masq;
pub mod mcast;
pub mod netstat;
pub mod route;
pub mod stats;
