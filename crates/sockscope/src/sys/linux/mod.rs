//! Linux sources: sock_diag over netlink, /proc, interface ioctls and names,
//! and the C library's name service switch.

pub mod ifname;
pub mod ifreq;
pub mod netlink;
pub mod nss;
pub mod procfs;
