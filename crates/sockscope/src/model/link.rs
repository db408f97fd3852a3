//! Network interfaces as plain data: the kernel's counters for each device,
//! its configuration (flags, MTU, hardware address, IPv4 address of the
//! label, IPv6 addresses) and what could not be read. Values are kept as the
//! kernel reports them (raw `IFF_*` bits, raw `ARPHRD_*` type); how they are
//! shown is the renderers' business.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::Warning;

/// Interface flag bits (`IFF_*`, linux/if.h), as `SIOCGIFFLAGS` reports them.
pub mod flags {
    pub const UP: u32 = 0x1;
    pub const BROADCAST: u32 = 0x2;
    pub const DEBUG: u32 = 0x4;
    pub const LOOPBACK: u32 = 0x8;
    pub const POINTOPOINT: u32 = 0x10;
    pub const NOTRAILERS: u32 = 0x20;
    pub const RUNNING: u32 = 0x40;
    pub const NOARP: u32 = 0x80;
    pub const PROMISC: u32 = 0x100;
    pub const ALLMULTI: u32 = 0x200;
    pub const MASTER: u32 = 0x400;
    pub const SLAVE: u32 = 0x800;
    pub const MULTICAST: u32 = 0x1000;
    pub const PORTSEL: u32 = 0x2000;
    pub const AUTOMEDIA: u32 = 0x4000;
    pub const DYNAMIC: u32 = 0x8000;
}

/// A device's counters, named as in `struct rtnl_link_stats64` (the names
/// /proc/net/dev abbreviates: `fifo` is `*_fifo_errors`, `colls` is
/// `collisions`, `carrier` is `tx_carrier_errors`). A counter the kernel
/// does not report is 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkStats {
    pub rx_bytes: u64,
    pub rx_packets: u64,
    pub rx_errors: u64,
    pub rx_dropped: u64,
    pub rx_fifo_errors: u64,
    pub rx_frame_errors: u64,
    pub rx_compressed: u64,
    pub multicast: u64,
    pub tx_bytes: u64,
    pub tx_packets: u64,
    pub tx_errors: u64,
    pub tx_dropped: u64,
    pub tx_fifo_errors: u64,
    pub collisions: u64,
    pub tx_carrier_errors: u64,
    pub tx_compressed: u64,
}

/// The IPv4 address of an interface or alias label (`SIOCGIFADDR` and
/// friends: the first address whose label is the name asked for).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ipv4Config {
    pub address: Ipv4Addr,
    /// 0.0.0.0 when the kernel would not say.
    pub netmask: Ipv4Addr,
    pub broadcast: Ipv4Addr,
    /// Peer address of a point-to-point link (the local address otherwise).
    pub destination: Ipv4Addr,
}

/// One line of /proc/net/if_inet6: an IPv6 address of a device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ipv6Config {
    pub address: Ipv6Addr,
    pub prefix_len: u8,
    /// `IPV6_ADDR_*` scope bits (0 global, 0x10 host, 0x20 link, 0x40 site,
    /// 0x80 IPv4-compatible).
    pub scope: u8,
    /// `IFA_F_*` flags (low byte).
    pub flags: u8,
}

/// Hardware parameters (`SIOCGIFMAP`); all zero for virtual devices.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeviceMap {
    pub mem_start: u64,
    pub mem_end: u64,
    pub base_addr: u16,
    pub irq: u8,
    pub dma: u8,
    pub port: u8,
}

/// What the kernel says about one interface name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkConfig {
    /// `IFF_*` bits, see [`flags`].
    pub flags: u32,
    /// 0 when unknown.
    pub mtu: u32,
    /// Interface index; `None` when the kernel would not say.
    pub index: Option<u32>,
    /// `ARPHRD_*` hardware type.
    pub hw_type: u16,
    /// Hardware address as `SIOCGIFHWADDR` reports it, cut to the length the
    /// type is known to use (6 for Ethernet-like and loopback devices); for
    /// other types all 14 bytes the kernel returns. Empty when unknown.
    pub hw_addr: Vec<u8>,
    /// `None` when the kernel would not say.
    pub tx_queue_len: Option<u32>,
    pub map: DeviceMap,
    /// `None` when the name has no IPv4 address.
    pub ipv4: Option<Ipv4Config>,
    /// From /proc/net/if_inet6, in file order (aliases have none).
    pub ipv6: Vec<Ipv6Config>,
}

/// Why an interface's configuration could not be read (it vanished, most
/// likely). `errno` is the error of the first `ioctl`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkFetchError {
    pub errno: i32,
}

impl fmt::Display for LinkFetchError {
    /// net-tools' wording: "Device not found" for ENODEV, else the C
    /// library's text for the error.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.errno == libc::ENODEV {
            return f.write_str("Device not found");
        }
        let text = std::io::Error::from_raw_os_error(self.errno).to_string();
        let suffix = format!(" (os error {})", self.errno);
        f.write_str(text.strip_suffix(&suffix).unwrap_or(&text))
    }
}

/// One interface name: a device of /proc/net/dev or an alias label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Untrusted bytes (a device name may hold any byte but `/`, `:` and
    /// white space; alias labels hold a `:`).
    pub name: Box<[u8]>,
    /// Counters from /proc/net/dev; `None` for alias labels and when the
    /// file could not be read.
    pub stats: Option<LinkStats>,
    pub config: Result<LinkConfig, LinkFetchError>,
}

impl Link {
    /// The `IFF_*` bits, 0 when the configuration could not be read.
    pub fn flags(&self) -> u32 {
        self.config.as_ref().map_or(0, |c| c.flags)
    }

    /// The interface is up (`IFF_UP`).
    pub fn is_up(&self) -> bool {
        self.flags() & flags::UP != 0
    }
}

/// Every interface name, in net-tools' order, and what could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkTable {
    pub links: Vec<Link>,
    pub warnings: Vec<Warning>,
}
