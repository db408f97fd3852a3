//! Linux sources: sock_diag over netlink, /proc, and the C library's name
//! service switch; interface names.

pub mod ifname;
pub mod netlink;
pub mod nss;
pub mod procfs;
