//! Linux sources: sock_diag over netlink, /proc, and the C library's name
//! service switch.

pub mod ctnetlink;
pub mod netlink;
pub mod nss;
pub mod procfs;
