//! Interface configuration through the classic socket ioctls, as net-tools
//! reads it: the names with an IPv4 address (`SIOCGIFCONF`, which also lists
//! alias labels such as `eth0:1`), and per name the flags, MTU, hardware
//! address and type, device map, transmit queue length, index and the IPv4
//! address, netmask, broadcast and destination of that label.
//!
//! The ioctls act in the network namespace of the socket, i.e. of the thread
//! that opened [`IfSocket`]. Only this file issues them; every `unsafe`
//! block carries its reason.

use std::io;
use std::mem;
use std::net::Ipv4Addr;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use crate::model::{DeviceMap, Ipv4Config, LinkConfig, LinkFetchError};

/// `ARPHRD_*` values whose hardware address length we know.
const ARPHRD_ETHER: u16 = 1;
const ARPHRD_IEEE802: u16 = 6;
const ARPHRD_TUNNEL: u16 = 768;
const ARPHRD_LOOPBACK: u16 = 772;
const ARPHRD_FDDI: u16 = 774;
const ARPHRD_SIT: u16 = 776;
const ARPHRD_IPGRE: u16 = 778;
const ARPHRD_IEEE80211: u16 = 801;
const ARPHRD_NONE: u16 = 0xFFFE;
/// What we report when the kernel would not give the type.
pub const ARPHRD_VOID: u16 = 0xFFFF;

/// A datagram socket to ask interface ioctls on.
#[derive(Debug)]
pub struct IfSocket {
    fd: OwnedFd,
    /// An AF_INET socket: IPv4 addresses can be asked for.
    inet: bool,
}

impl IfSocket {
    /// An AF_INET socket, or an AF_UNIX one when IPv4 is unavailable (then
    /// no IPv4 addresses and no `SIOCGIFCONF`).
    pub fn open() -> io::Result<IfSocket> {
        match socket(libc::AF_INET) {
            Ok(fd) => Ok(IfSocket { fd, inet: true }),
            Err(_) => socket(libc::AF_UNIX).map(|fd| IfSocket { fd, inet: false }),
        }
    }

    /// The names `SIOCGIFCONF` lists: every label that has an IPv4 address,
    /// in kernel order. Empty without an AF_INET socket.
    pub fn ipv4_names(&self) -> io::Result<Vec<Box<[u8]>>> {
        if !self.inet {
            return Ok(Vec::new());
        }
        let mut count = 32usize;
        loop {
            // SAFETY: ifreq is plain old data; all-zero bytes are a valid value.
            let mut reqs: Vec<libc::ifreq> = vec![unsafe { mem::zeroed() }; count];
            let len = count * mem::size_of::<libc::ifreq>();
            let mut conf = libc::ifconf {
                ifc_len: libc::c_int::try_from(len)
                    .map_err(|_| io::Error::from_raw_os_error(libc::ENOMEM))?,
                ifc_ifcu: libc::__c_anonymous_ifc_ifcu {
                    ifcu_req: reqs.as_mut_ptr(),
                },
            };
            // SAFETY: `conf` points at `reqs`, `len` bytes of writable memory
            // that outlive the call; the kernel writes at most `ifc_len` bytes.
            let rc = unsafe { libc::ioctl(self.fd.as_raw_fd(), libc::SIOCGIFCONF, &mut conf) };
            if rc < 0 {
                return Err(io::Error::last_os_error());
            }
            let used = usize::try_from(conf.ifc_len).unwrap_or(0);
            if used >= len {
                // Possibly more than fit: ask again with room to spare.
                count *= 2;
                continue;
            }
            let n = used / mem::size_of::<libc::ifreq>();
            return Ok(reqs[..n].iter().map(|r| name_of(&r.ifr_name)).collect());
        }
    }

    /// Everything the ioctls tell about `name` (IPv6 addresses are left
    /// empty: they come from /proc). Fails only when `SIOCGIFFLAGS` fails,
    /// the way net-tools decides an interface is gone; every later ioctl
    /// that fails leaves its field unknown.
    pub fn fetch(&self, name: &[u8]) -> Result<LinkConfig, LinkFetchError> {
        let flags = self
            .ask(name, libc::SIOCGIFFLAGS)
            // SAFETY: SIOCGIFFLAGS filled the flags member of the union.
            .map(|r| unsafe { r.ifr_ifru.ifru_flags } as u16 as u32)
            .map_err(|e| LinkFetchError {
                errno: e.raw_os_error().unwrap_or(libc::EIO),
            })?;
        let (hw_type, hw_addr) = match self.ask(name, libc::SIOCGIFHWADDR) {
            Ok(r) => {
                // SAFETY: SIOCGIFHWADDR filled the hwaddr member.
                let sa = unsafe { r.ifr_ifru.ifru_hwaddr };
                let bytes: Vec<u8> = sa.sa_data.iter().map(|&c| c as u8).collect();
                let len = hw_addr_len(sa.sa_family).unwrap_or(bytes.len());
                (sa.sa_family, bytes[..len.min(bytes.len())].to_vec())
            }
            Err(_) => (ARPHRD_VOID, Vec::new()),
        };
        // SAFETY (all three): the named ioctl filled the int member read.
        let mtu = self
            .ask(name, libc::SIOCGIFMTU)
            .map(|r| unsafe { r.ifr_ifru.ifru_mtu });
        let qlen = self
            .ask(name, libc::SIOCGIFTXQLEN)
            .map(|r| unsafe { r.ifr_ifru.ifru_mtu });
        let index = self
            .ask(name, libc::SIOCGIFINDEX)
            .map(|r| unsafe { r.ifr_ifru.ifru_ifindex });
        let map = match self.ask(name, libc::SIOCGIFMAP) {
            Ok(r) => {
                // SAFETY: SIOCGIFMAP filled the map member.
                let m = unsafe { r.ifr_ifru.ifru_map };
                // c_ulong is 32 bits on some targets.
                #[allow(clippy::useless_conversion)]
                DeviceMap {
                    mem_start: u64::from(m.mem_start),
                    mem_end: u64::from(m.mem_end),
                    base_addr: m.base_addr,
                    irq: m.irq,
                    dma: m.dma,
                    port: m.port,
                }
            }
            Err(_) => DeviceMap::default(),
        };
        Ok(LinkConfig {
            flags,
            mtu: mtu.ok().and_then(|m| u32::try_from(m).ok()).unwrap_or(0),
            index: index.ok().and_then(|i| u32::try_from(i).ok()),
            hw_type,
            hw_addr,
            tx_queue_len: qlen.ok().and_then(|q| u32::try_from(q).ok()),
            map,
            ipv4: self.ipv4(name),
            ipv6: Vec::new(),
        })
    }

    /// The label's IPv4 address, or `None` when it has none.
    fn ipv4(&self, name: &[u8]) -> Option<Ipv4Config> {
        if !self.inet {
            return None;
        }
        let addr = |req| self.ask(name, req).ok().map(|r| inet_of(&r));
        let address = addr(libc::SIOCGIFADDR)?;
        let zero = Ipv4Addr::UNSPECIFIED;
        Some(Ipv4Config {
            address,
            destination: addr(libc::SIOCGIFDSTADDR).unwrap_or(zero),
            broadcast: addr(libc::SIOCGIFBRDADDR).unwrap_or(zero),
            netmask: addr(libc::SIOCGIFNETMASK).unwrap_or(zero),
        })
    }

    /// Issue one `SIOCGIF*` request for `name`; the reply is in the union.
    fn ask(&self, name: &[u8], request: libc::Ioctl) -> io::Result<libc::ifreq> {
        // SAFETY: ifreq is plain old data; all-zero bytes are a valid value.
        let mut req: libc::ifreq = unsafe { mem::zeroed() };
        if name.is_empty() || name.len() >= req.ifr_name.len() || name.contains(&0) {
            return Err(io::Error::from_raw_os_error(libc::ENODEV));
        }
        for (dst, &src) in req.ifr_name.iter_mut().zip(name) {
            *dst = src as libc::c_char;
        }
        // The address requests want the family set (net-tools does so).
        req.ifr_ifru.ifru_addr.sa_family = libc::AF_INET as libc::sa_family_t;
        // SAFETY: `req` is a valid, NUL-terminated ifreq that outlives the
        // call; every SIOCGIF* request reads and writes only that struct.
        let rc = unsafe { libc::ioctl(self.fd.as_raw_fd(), request, &mut req) };
        if rc < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(req)
    }
}

/// A close-on-exec datagram socket of `family`.
fn socket(family: libc::c_int) -> io::Result<OwnedFd> {
    // SAFETY: plain syscall with constant arguments.
    let fd = unsafe { libc::socket(family, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` was just returned by socket() and is owned by nobody else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// The NUL-terminated name in an `ifr_name`.
fn name_of(raw: &[libc::c_char]) -> Box<[u8]> {
    raw.iter()
        .take_while(|&&c| c != 0)
        .map(|&c| c as u8)
        .collect()
}

/// The IPv4 address in the sockaddr of a reply (sockaddr_in: two bytes of
/// port, then the address).
fn inet_of(req: &libc::ifreq) -> Ipv4Addr {
    // SAFETY: every address request fills the sockaddr member; all sockaddr
    // members of the union share its layout.
    let sa = unsafe { req.ifr_ifru.ifru_addr };
    let d = sa.sa_data;
    Ipv4Addr::new(d[2] as u8, d[3] as u8, d[4] as u8, d[5] as u8)
}

/// The hardware address length of a type we know, `None` for the others.
fn hw_addr_len(hw_type: u16) -> Option<usize> {
    match hw_type {
        ARPHRD_ETHER | ARPHRD_IEEE802 | ARPHRD_LOOPBACK | ARPHRD_FDDI | ARPHRD_IEEE80211 => Some(6),
        ARPHRD_TUNNEL | ARPHRD_SIT | ARPHRD_IPGRE => Some(4),
        ARPHRD_NONE | ARPHRD_VOID => Some(0),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests {
    use super::*;

    #[test]
    fn loopback_is_found_and_bad_names_are_refused() {
        let s = IfSocket::open().unwrap();
        let lo = s.fetch(b"lo").unwrap();
        assert_eq!(lo.hw_type, ARPHRD_LOOPBACK);
        assert_eq!(lo.hw_addr.len(), 6);
        assert!(lo.flags & crate::model::link_flags::LOOPBACK != 0);
        assert_eq!(lo.index, Some(1));
        for bad in [&b""[..], b"no-such-device-x", b"a\0b", &[b'x'; 40]] {
            assert_eq!(s.fetch(bad).unwrap_err().errno, libc::ENODEV, "{bad:?}");
        }
    }

    #[test]
    fn hardware_address_lengths() {
        assert_eq!(hw_addr_len(ARPHRD_ETHER), Some(6));
        assert_eq!(hw_addr_len(ARPHRD_NONE), Some(0));
        assert_eq!(hw_addr_len(ARPHRD_SIT), Some(4));
        assert_eq!(hw_addr_len(32), None);
    }
}
