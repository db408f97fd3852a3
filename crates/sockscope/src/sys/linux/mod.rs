//! Linux sources: sock_diag and rtnetlink over netlink, /proc, interface
//! ioctls and names, the C library's name service switch, and cgroup paths
//! from cgroup2.

pub mod cgroup;
pub mod ctnetlink;
pub mod ifname;
pub mod ifreq;
pub mod netlink;
pub mod netns;
pub(crate) mod nl;
pub mod nss;
pub mod procfs;
pub mod rtnl_route;
