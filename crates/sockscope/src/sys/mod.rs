//! The only code that touches the kernel. Everything here turns kernel bytes
//! (netlink messages, /proc text) into `model` types; no kernel type leaves
//! this module.

pub mod linux;
