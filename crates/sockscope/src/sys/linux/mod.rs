//! Linux sources: sock_diag over netlink, /proc, interface ioctls, and the C
//! library's name service switch.

pub mod ifreq;
pub mod netlink;
pub mod nss;
pub mod procfs;
