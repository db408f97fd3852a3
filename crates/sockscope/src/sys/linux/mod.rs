//! Linux sources: sock_diag over netlink, /proc, and the C library's name
//! service switch; cgroup paths from the cgroup2 filesystem.

pub mod cgroup;
pub mod netlink;
pub mod nss;
pub mod procfs;
