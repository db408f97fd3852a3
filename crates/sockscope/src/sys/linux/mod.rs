//! Linux sources: sock_diag and rtnetlink over netlink, /proc, and the C
//! library's name service switch.

pub mod netlink;
pub(crate) mod nl;
pub mod nss;
pub mod procfs;
pub mod rtnl_route;
