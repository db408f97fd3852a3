//! Linux sources: sock_diag over netlink, and /proc.

pub mod netlink;
pub mod procfs;
