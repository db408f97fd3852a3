//! Routes (IPv4 and IPv6) as plain data: what rtnetlink or /proc/net/route
//! and /proc/net/ipv6_route told us. Values stay as the kernel reports them
//! (type and protocol numbers, the legacy `RTF_*` flag word, raw metrics);
//! how they are shown (netstat's flag letters, `default`, `*`) is the
//! renderers' business.
//!
//! The two sources do not know the same things: /proc has no table, type,
//! protocol or scope (they are `None` or derived, see each field) and only
//! the first next hop of a multipath IPv4 route; rtnetlink has no
//! reference counts and does not list the kernel's IPv6 null entries.

use std::net::IpAddr;

use super::{Family, Warning};

/// Well-known routing table ids.
pub mod table {
    /// `RT_TABLE_DEFAULT`.
    pub const DEFAULT: u32 = 253;
    /// `RT_TABLE_MAIN`: the table /proc/net/route shows.
    pub const MAIN: u32 = 254;
    /// `RT_TABLE_LOCAL`.
    pub const LOCAL: u32 = 255;
}

/// Route type (`rtm_type`, `RTN_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteType {
    Unspec,
    Unicast,
    Local,
    Broadcast,
    Anycast,
    Multicast,
    Blackhole,
    Unreachable,
    Prohibit,
    Throw,
    Nat,
    XResolve,
    /// A number this build does not know.
    Other(u8),
}

impl RouteType {
    /// Map the kernel's `RTN_*` number.
    pub fn from_code(code: u8) -> RouteType {
        use RouteType::*;
        match code {
            0 => Unspec,
            1 => Unicast,
            2 => Local,
            3 => Broadcast,
            4 => Anycast,
            5 => Multicast,
            6 => Blackhole,
            7 => Unreachable,
            8 => Prohibit,
            9 => Throw,
            10 => Nat,
            11 => XResolve,
            c => Other(c),
        }
    }

    /// The kernel's `RTN_*` number.
    pub fn code(self) -> u8 {
        use RouteType::*;
        match self {
            Unspec => 0,
            Unicast => 1,
            Local => 2,
            Broadcast => 3,
            Anycast => 4,
            Multicast => 5,
            Blackhole => 6,
            Unreachable => 7,
            Prohibit => 8,
            Throw => 9,
            Nat => 10,
            XResolve => 11,
            Other(c) => c,
        }
    }

    /// Lower-case name as `ip route` prints it (`unknown` for others).
    pub fn name(self) -> &'static str {
        use RouteType::*;
        match self {
            Unspec => "unspec",
            Unicast => "unicast",
            Local => "local",
            Broadcast => "broadcast",
            Anycast => "anycast",
            Multicast => "multicast",
            Blackhole => "blackhole",
            Unreachable => "unreachable",
            Prohibit => "prohibit",
            Throw => "throw",
            Nat => "nat",
            XResolve => "xresolve",
            Other(_) => "unknown",
        }
    }
}

/// The legacy `RTF_*` flag word (include/uapi/linux/route.h and
/// ipv6_route.h) as /proc/net/route and /proc/net/ipv6_route print it. For
/// routes read over rtnetlink it is derived the way the kernel derives it
/// for those files (see `sys::linux::rtnl_route`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RouteFlags(pub u32);

impl RouteFlags {
    pub const UP: u32 = 0x0001;
    pub const GATEWAY: u32 = 0x0002;
    pub const HOST: u32 = 0x0004;
    pub const REINSTATE: u32 = 0x0008;
    pub const DYNAMIC: u32 = 0x0010;
    pub const MODIFIED: u32 = 0x0020;
    pub const MTU: u32 = 0x0040;
    pub const WINDOW: u32 = 0x0080;
    pub const IRTT: u32 = 0x0100;
    pub const REJECT: u32 = 0x0200;
    pub const DEFAULT: u32 = 0x0001_0000;
    pub const ALLONLINK: u32 = 0x0002_0000;
    pub const ADDRCONF: u32 = 0x0004_0000;
    pub const PREFIX_RT: u32 = 0x0008_0000;
    pub const ANYCAST: u32 = 0x0010_0000;
    pub const NONEXTHOP: u32 = 0x0020_0000;
    pub const EXPIRES: u32 = 0x0040_0000;
    pub const ROUTEINFO: u32 = 0x0080_0000;
    pub const CACHE: u32 = 0x0100_0000;
    pub const FLOW: u32 = 0x0200_0000;
    pub const POLICY: u32 = 0x0400_0000;
    pub const LOCAL: u32 = 0x8000_0000;

    /// Every named bit with its lower-case name, in bit order.
    pub const NAMES: &'static [(u32, &'static str)] = &[
        (Self::UP, "up"),
        (Self::GATEWAY, "gateway"),
        (Self::HOST, "host"),
        (Self::REINSTATE, "reinstate"),
        (Self::DYNAMIC, "dynamic"),
        (Self::MODIFIED, "modified"),
        (Self::MTU, "mtu"),
        (Self::WINDOW, "window"),
        (Self::IRTT, "irtt"),
        (Self::REJECT, "reject"),
        (Self::DEFAULT, "default"),
        (Self::ALLONLINK, "allonlink"),
        (Self::ADDRCONF, "addrconf"),
        (Self::PREFIX_RT, "prefix_rt"),
        (Self::ANYCAST, "anycast"),
        (Self::NONEXTHOP, "nonexthop"),
        (Self::EXPIRES, "expires"),
        (Self::ROUTEINFO, "routeinfo"),
        (Self::CACHE, "cache"),
        (Self::FLOW, "flow"),
        (Self::POLICY, "policy"),
        (Self::LOCAL, "local"),
    ];

    /// All bits of `mask` are set.
    pub fn has(self, mask: u32) -> bool {
        self.0 & mask == mask
    }
}

/// Route metrics (`RTA_METRICS`, `RTAX_*`), 0 when unset, as the kernel
/// stores them. `rtt` and `rttvar` are in the kernel's units (milliseconds
/// times 8); /proc/net/route shows `rtt >> 3` as IRTT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RouteMetrics {
    /// `RTAX_LOCK`: bit `1 << RTAX_x` set when metric x is locked.
    pub lock: u32,
    pub mtu: u32,
    pub window: u32,
    pub rtt: u32,
    pub rttvar: u32,
    pub ssthresh: u32,
    pub cwnd: u32,
    pub advmss: u32,
    pub reordering: u32,
    pub hoplimit: u32,
    pub initcwnd: u32,
    pub features: u32,
    pub rto_min: u32,
    pub initrwnd: u32,
    pub quickack: u32,
}

/// One next hop of a multipath route (`struct rtnexthop`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NextHop {
    pub gateway: Option<IpAddr>,
    pub ifindex: u32,
    /// Interface name, when it could be looked up.
    pub dev: Option<String>,
    /// `rtnh_hops + 1`, as `ip route` prints it.
    pub weight: u16,
    /// `RTNH_F_*` (dead, onlink, linkdown, ...).
    pub flags: u8,
}

/// One route.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Route {
    pub family: Family,
    /// Table id; `None` from /proc/net/ipv6_route (which mixes all tables).
    /// /proc/net/route only shows the main table.
    pub table: Option<u32>,
    /// From /proc: derived from the flags (reject → unreachable, local,
    /// anycast, an IPv4 route without device → blackhole, else unicast).
    pub kind: RouteType,
    /// `RTPROT_*` (kernel, boot, static, ra, ...); `None` from /proc.
    pub protocol: Option<u8>,
    /// `RT_SCOPE_*`; `None` from /proc.
    pub scope: Option<u8>,
    pub dst: IpAddr,
    pub dst_len: u8,
    /// Source prefix (IPv6 source routing); unspecified/0 when none.
    pub src: IpAddr,
    pub src_len: u8,
    /// Gateway of a single-path route (of the first next hop for /proc).
    pub gateway: Option<IpAddr>,
    /// Output interface; 0 when none (blackhole, unreachable, ...).
    pub ifindex: u32,
    /// Its name, when known.
    pub dev: Option<String>,
    /// Preferred source address (`RTA_PREFSRC`).
    pub prefsrc: Option<IpAddr>,
    /// Route priority (netstat's "Metric").
    pub metric: u32,
    pub metrics: RouteMetrics,
    pub flags: RouteFlags,
    /// `rtm_flags` (`RTM_F_*`, `RTNH_F_*` of a single path); 0 from /proc.
    pub rtm_flags: u32,
    pub tos: u8,
    /// Next hops of a multipath route; empty for a single path.
    pub nexthops: Vec<NextHop>,
    /// Nexthop object id (`RTA_NH_ID`).
    pub nh_id: Option<u32>,
    /// Centiseconds until an expiring route goes away (`RTA_CACHEINFO`;
    /// negative once past due). `None` when it does not expire.
    pub expires_cs: Option<i32>,
    /// Reference count: /proc/net/ipv6_route only (0 in /proc/net/route).
    pub refcnt: Option<u32>,
    /// Use count: /proc only (the kernel prints 0 since Linux 3.6 / 4.x).
    pub use_count: Option<u32>,
}

impl Route {
    /// Gateway and interface of the route, or of its first next hop when it
    /// is multipath (what /proc/net/route shows).
    pub fn first_hop(&self) -> (Option<IpAddr>, Option<&str>) {
        match self.nexthops.first() {
            Some(nh) if self.gateway.is_none() && self.dev.is_none() => {
                (nh.gateway, nh.dev.as_deref())
            }
            _ => (self.gateway, self.dev.as_deref()),
        }
    }
}

/// Routes in kernel order (per family: IPv4 then IPv6 as asked), plus what
/// could not be read.
#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    pub routes: Vec<Route>,
    pub warnings: Vec<Warning>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_codes_round_trip() {
        for code in 0..=255u8 {
            assert_eq!(RouteType::from_code(code).code(), code);
        }
        assert_eq!(RouteType::from_code(6).name(), "blackhole");
        assert_eq!(RouteType::from_code(200).name(), "unknown");
    }

    #[test]
    fn flag_names_are_distinct_bits() {
        let mut seen = 0u32;
        for (bit, _) in RouteFlags::NAMES {
            assert_eq!(bit.count_ones(), 1);
            assert_eq!(seen & bit, 0);
            seen |= bit;
        }
        assert!(RouteFlags(0x0003).has(RouteFlags::UP | RouteFlags::GATEWAY));
        assert!(!RouteFlags(0x0001).has(RouteFlags::GATEWAY));
    }
}
