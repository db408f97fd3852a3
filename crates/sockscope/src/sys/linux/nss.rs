//! Safe wrappers over the C library's name service switch (NSS): services,
//! protocols, reverse host and network lookups, user names. These are the
//! calls net-tools makes, so names come from the same sources it uses
//! (`/etc/hosts`, DNS, `/etc/services`, ... as nsswitch.conf says).
//!
//! Only the reentrant (`_r`) glibc variants are used; the enumerations
//! (`getservent_r`, `getprotoent_r`) still share libc's cursor, so they are
//! serialised by a process-wide lock. Nothing here caches: that is
//! `names::SystemResolver`'s job. On non-glibc targets the lookups answer
//! "no name".

#[cfg(not(target_env = "gnu"))]
use std::net::{Ipv4Addr, Ipv6Addr};

/// One `/etc/services`-style entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceEntry {
    pub name: String,
    /// Port in host byte order.
    pub port: u16,
    /// Protocol name as written in the database ("tcp", "udp", "raw", ...).
    pub proto: String,
}

/// One `/etc/protocols`-style entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolEntry {
    pub name: String,
    pub number: i32,
}

#[cfg(target_env = "gnu")]
pub use gnu::{
    host_by_addr_v4, host_by_addr_v6, network_by_addr, protocols, service_port, services, user_id,
    user_name,
};

/// Name of the interface with index `ifindex` in the calling thread's
/// network namespace (`if_indextoname`), `None` when there is none.
pub fn interface_name(ifindex: u32) -> Option<String> {
    if ifindex == 0 {
        return None;
    }
    let mut buf = [0 as libc::c_char; libc::IF_NAMESIZE];
    // SAFETY: `buf` is IF_NAMESIZE bytes, the size if_indextoname requires;
    // it writes a NUL-terminated name there or returns NULL.
    let p = unsafe { libc::if_indextoname(ifindex, buf.as_mut_ptr()) };
    if p.is_null() {
        return None;
    }
    // SAFETY: on success `buf` holds a NUL-terminated string.
    let name = unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) };
    Some(String::from_utf8_lossy(name.to_bytes()).into_owned())
}

#[cfg(not(target_env = "gnu"))]
mod fallback {
    use super::*;
    /// Not available on this C library.
    pub fn services() -> Vec<ServiceEntry> {
        Vec::new()
    }
    /// Not available on this C library.
    pub fn protocols() -> Vec<ProtocolEntry> {
        Vec::new()
    }
    /// Not available on this C library.
    pub fn host_by_addr_v4(_addr: Ipv4Addr) -> Option<String> {
        None
    }
    /// Not available on this C library.
    pub fn host_by_addr_v6(_addr: Ipv6Addr) -> Option<String> {
        None
    }
    /// Not available on this C library.
    pub fn network_by_addr(_net: u32) -> Option<String> {
        None
    }
    /// Not available on this C library.
    pub fn user_name(_uid: u32) -> Option<String> {
        None
    }
    /// Not available on this C library.
    pub fn service_port(_name: &str, _proto: &str) -> Option<u16> {
        None
    }
    /// Not available on this C library.
    pub fn user_id(_name: &str) -> Option<u32> {
        None
    }
}
#[cfg(not(target_env = "gnu"))]
pub use fallback::*;

#[cfg(target_env = "gnu")]
mod gnu {
    use super::{ProtocolEntry, ServiceEntry};
    use libc::{c_char, c_int, size_t};
    use std::ffi::{CStr, CString};
    use std::net::{Ipv4Addr, Ipv6Addr};
    use std::sync::Mutex;

    /// glibc `<netdb.h>`: fail instead of formatting the address numerically.
    const NI_NAMEREQD: c_int = 8;
    /// Lookups retry with a bigger buffer on ERANGE up to this size.
    const MAX_BUF: usize = 1 << 20;

    extern "C" {
        fn getservbyname_r(
            name: *const c_char,
            proto: *const c_char,
            result_buf: *mut libc::servent,
            buf: *mut c_char,
            buflen: size_t,
            result: *mut *mut libc::servent,
        ) -> c_int;
        fn getservent_r(
            result_buf: *mut libc::servent,
            buf: *mut c_char,
            buflen: size_t,
            result: *mut *mut libc::servent,
        ) -> c_int;
        fn getprotoent_r(
            result_buf: *mut libc::protoent,
            buf: *mut c_char,
            buflen: size_t,
            result: *mut *mut libc::protoent,
        ) -> c_int;
        fn setprotoent(stayopen: c_int);
        fn endprotoent();
        fn gethostbyaddr_r(
            addr: *const libc::c_void,
            len: libc::socklen_t,
            family: c_int,
            result_buf: *mut libc::hostent,
            buf: *mut c_char,
            buflen: size_t,
            result: *mut *mut libc::hostent,
            h_errnop: *mut c_int,
        ) -> c_int;
    }

    /// The enumeration cursors of getservent/getprotoent are global to libc.
    static ENUM_LOCK: Mutex<()> = Mutex::new(());

    /// Copy a C string owned by libc into a `String` (lossy for non-UTF-8).
    ///
    /// # Safety
    /// `p` must be null or point to a NUL-terminated string valid for the call.
    unsafe fn owned(p: *const c_char) -> Option<String> {
        if p.is_null() {
            return None;
        }
        // SAFETY: the caller guarantees `p` is a valid NUL-terminated string.
        let s = unsafe { CStr::from_ptr(p) };
        Some(String::from_utf8_lossy(s.to_bytes()).into_owned())
    }

    /// Every service entry, in database order.
    pub fn services() -> Vec<ServiceEntry> {
        let _guard = ENUM_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = Vec::new();
        let mut buf = vec![0 as c_char; 4096];
        // SAFETY: setservent only resets libc's cursor; we hold ENUM_LOCK.
        unsafe { libc::setservent(1) };
        loop {
            // SAFETY: servent is plain C data; all-zero is a valid value.
            let mut ent: libc::servent = unsafe { std::mem::zeroed() };
            let mut res: *mut libc::servent = std::ptr::null_mut();
            // SAFETY: every pointer is valid for the sizes given; libc fills
            // `ent` with pointers into `buf`, which outlives their use below.
            let rc = unsafe { getservent_r(&mut ent, buf.as_mut_ptr(), buf.len(), &mut res) };
            if rc == libc::ERANGE && buf.len() < MAX_BUF {
                buf.resize(buf.len() * 2, 0);
                continue;
            }
            if rc != 0 || res.is_null() {
                break;
            }
            // SAFETY: on success s_name and s_proto point into `buf`.
            let (name, proto) = unsafe { (owned(ent.s_name), owned(ent.s_proto)) };
            if let (Some(name), Some(proto)) = (name, proto) {
                // s_port holds the port in network byte order in an int.
                let port = u16::from_be(ent.s_port as u16);
                out.push(ServiceEntry { name, port, proto });
            }
        }
        // SAFETY: closes libc's cursor; we hold ENUM_LOCK.
        unsafe { libc::endservent() };
        out
    }

    /// Every protocol entry, in database order.
    pub fn protocols() -> Vec<ProtocolEntry> {
        let _guard = ENUM_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = Vec::new();
        let mut buf = vec![0 as c_char; 4096];
        // SAFETY: resets libc's cursor; we hold ENUM_LOCK.
        unsafe { setprotoent(1) };
        loop {
            // SAFETY: protoent is plain C data; all-zero is a valid value.
            let mut ent: libc::protoent = unsafe { std::mem::zeroed() };
            let mut res: *mut libc::protoent = std::ptr::null_mut();
            // SAFETY: as in `services`.
            let rc = unsafe { getprotoent_r(&mut ent, buf.as_mut_ptr(), buf.len(), &mut res) };
            if rc == libc::ERANGE && buf.len() < MAX_BUF {
                buf.resize(buf.len() * 2, 0);
                continue;
            }
            if rc != 0 || res.is_null() {
                break;
            }
            // SAFETY: on success p_name points into `buf`.
            if let Some(name) = unsafe { owned(ent.p_name) } {
                out.push(ProtocolEntry {
                    name,
                    number: ent.p_proto,
                });
            }
        }
        // SAFETY: closes libc's cursor; we hold ENUM_LOCK.
        unsafe { endprotoent() };
        out
    }

    /// Reverse lookup of an IPv4 address with `gethostbyaddr`, as net-tools'
    /// INET_rresolve does: the official name (`h_name`).
    pub fn host_by_addr_v4(addr: Ipv4Addr) -> Option<String> {
        let octets = addr.octets();
        let mut buf = vec![0 as c_char; 2048];
        loop {
            // SAFETY: hostent is plain C data; all-zero is a valid value.
            let mut ent: libc::hostent = unsafe { std::mem::zeroed() };
            let mut res: *mut libc::hostent = std::ptr::null_mut();
            let mut herr: c_int = 0;
            // SAFETY: `octets` is 4 readable bytes; the out pointers are valid
            // and `buf` is writable for its length.
            let rc = unsafe {
                gethostbyaddr_r(
                    octets.as_ptr().cast(),
                    4,
                    libc::AF_INET,
                    &mut ent,
                    buf.as_mut_ptr(),
                    buf.len(),
                    &mut res,
                    &mut herr,
                )
            };
            if rc == libc::ERANGE && buf.len() < MAX_BUF {
                buf.resize(buf.len() * 2, 0);
                continue;
            }
            if rc != 0 || res.is_null() {
                return None;
            }
            // SAFETY: on success h_name points into `buf`.
            return unsafe { owned(ent.h_name) };
        }
    }

    /// Reverse lookup of an IPv6 address with `getnameinfo`, as net-tools'
    /// INET6_rresolve does (scope id 0, no flags but "name required").
    pub fn host_by_addr_v6(addr: Ipv6Addr) -> Option<String> {
        // SAFETY: sockaddr_in6 is plain C data; all-zero is a valid value.
        let mut sa: libc::sockaddr_in6 = unsafe { std::mem::zeroed() };
        sa.sin6_family = libc::AF_INET6 as libc::sa_family_t;
        sa.sin6_addr.s6_addr = addr.octets();
        let mut host = [0 as c_char; libc::NI_MAXHOST as usize];
        // SAFETY: `sa` is a valid sockaddr_in6 of the length passed; `host`
        // is writable for its length; no service buffer is requested.
        let rc = unsafe {
            libc::getnameinfo(
                (&sa as *const libc::sockaddr_in6).cast(),
                std::mem::size_of::<libc::sockaddr_in6>() as libc::socklen_t,
                host.as_mut_ptr(),
                host.len() as libc::socklen_t,
                std::ptr::null_mut(),
                0,
                NI_NAMEREQD,
            )
        };
        if rc != 0 {
            return None;
        }
        // SAFETY: on success getnameinfo wrote a NUL-terminated string.
        unsafe { owned(host.as_ptr()) }
    }

    /// `getnetbyaddr(net, AF_INET)`: the /etc/networks name of a network
    /// number in host byte order.
    pub fn network_by_addr(net: u32) -> Option<String> {
        let mut buf = vec![0 as c_char; 1024];
        loop {
            // SAFETY: netent is plain C data; all-zero is a valid value.
            let mut ent: libc::netent = unsafe { std::mem::zeroed() };
            let mut res: *mut libc::netent = std::ptr::null_mut();
            let mut herr: c_int = 0;
            // SAFETY: the out pointers are valid and `buf` is writable.
            let rc = unsafe {
                libc::getnetbyaddr_r(
                    net,
                    libc::AF_INET,
                    &mut ent,
                    buf.as_mut_ptr(),
                    buf.len(),
                    &mut res,
                    &mut herr,
                )
            };
            if rc == libc::ERANGE && buf.len() < MAX_BUF {
                buf.resize(buf.len() * 2, 0);
                continue;
            }
            if rc != 0 || res.is_null() {
                return None;
            }
            // SAFETY: on success n_name points into `buf`.
            return unsafe { owned(ent.n_name) };
        }
    }

    /// Login name of `uid` (`getpwuid_r`).
    pub fn user_name(uid: u32) -> Option<String> {
        let mut buf = vec![0 as c_char; 1024];
        loop {
            // SAFETY: passwd is plain C data; all-zero is a valid value.
            let mut pw: libc::passwd = unsafe { std::mem::zeroed() };
            let mut res: *mut libc::passwd = std::ptr::null_mut();
            // SAFETY: the out pointers are valid and `buf` is writable.
            let rc =
                unsafe { libc::getpwuid_r(uid, &mut pw, buf.as_mut_ptr(), buf.len(), &mut res) };
            if rc == libc::ERANGE && buf.len() < MAX_BUF {
                buf.resize(buf.len() * 2, 0);
                continue;
            }
            if rc != 0 || res.is_null() {
                return None;
            }
            // SAFETY: on success pw_name points into `buf`.
            return unsafe { owned(pw.pw_name) };
        }
    }
    /// `getservbyname_r(name, proto)`: the port (host order) of a service
    /// name, as ss resolves `sport = :ssh`. `None` for unknown names and for
    /// names holding a NUL byte.
    pub fn service_port(name: &str, proto: &str) -> Option<u16> {
        let name = CString::new(name).ok()?;
        let proto = CString::new(proto).ok()?;
        let mut buf = vec![0 as c_char; 1024];
        loop {
            // SAFETY: servent is plain C data; all-zero is a valid value.
            let mut ent: libc::servent = unsafe { std::mem::zeroed() };
            let mut res: *mut libc::servent = std::ptr::null_mut();
            // SAFETY: both strings are NUL-terminated and outlive the call;
            // the out pointers are valid and `buf` is writable for its length.
            let rc = unsafe {
                getservbyname_r(
                    name.as_ptr(),
                    proto.as_ptr(),
                    &mut ent,
                    buf.as_mut_ptr(),
                    buf.len(),
                    &mut res,
                )
            };
            if rc == libc::ERANGE && buf.len() < MAX_BUF {
                buf.resize(buf.len() * 2, 0);
                continue;
            }
            if rc != 0 || res.is_null() {
                return None;
            }
            // s_port holds the port in network byte order in an int.
            return Some(u16::from_be(ent.s_port as u16));
        }
    }

    /// `getpwnam_r`: the uid of a login name.
    pub fn user_id(name: &str) -> Option<u32> {
        let name = CString::new(name).ok()?;
        let mut buf = vec![0 as c_char; 1024];
        loop {
            // SAFETY: passwd is plain C data; all-zero is a valid value.
            let mut pw: libc::passwd = unsafe { std::mem::zeroed() };
            let mut res: *mut libc::passwd = std::ptr::null_mut();
            // SAFETY: `name` is NUL-terminated; the out pointers are valid
            // and `buf` is writable for its length.
            let rc = unsafe {
                libc::getpwnam_r(
                    name.as_ptr(),
                    &mut pw,
                    buf.as_mut_ptr(),
                    buf.len(),
                    &mut res,
                )
            };
            if rc == libc::ERANGE && buf.len() < MAX_BUF {
                buf.resize(buf.len() * 2, 0);
                continue;
            }
            if rc != 0 || res.is_null() {
                return None;
            }
            return Some(pw.pw_uid);
        }
    }
}

#[cfg(all(test, target_env = "gnu"))]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    #[test]
    fn loopback_index_has_a_name() {
        // lo is index 1 in every network namespace.
        assert_eq!(interface_name(1).as_deref(), Some("lo"));
        assert_eq!(interface_name(0), None);
        assert_eq!(interface_name(u32::MAX), None);
    }

    #[test]
    fn root_is_uid_zero() {
        assert_eq!(user_name(0).as_deref(), Some("root"));
        assert_eq!(user_id("root"), Some(0));
        assert_eq!(user_id("no-such-user-sockscope"), None);
        assert_eq!(user_id("nul\0byte"), None);
    }

    #[test]
    fn service_names_resolve_to_ports() {
        // /etc/services may be absent in minimal containers.
        if let Some(p) = service_port("ssh", "tcp") {
            assert_eq!(p, 22);
        }
        assert_eq!(service_port("no-such-service-sockscope", "tcp"), None);
    }

    #[test]
    fn enumerations_do_not_panic_and_agree_on_ports() {
        let svc = services();
        // Every entry has a protocol name; ports are host order (22 is ssh
        // wherever /etc/services exists).
        if let Some(ssh) = svc.iter().find(|s| s.name == "ssh" && s.proto == "tcp") {
            assert_eq!(ssh.port, 22);
        }
        if let Some(icmp) = protocols().iter().find(|p| p.name == "icmp") {
            assert_eq!(icmp.number, 1);
        }
    }

    #[test]
    fn loopback_has_a_name_in_etc_hosts() {
        // Every /etc/hosts maps 127.0.0.1 (to "localhost" or a host name);
        // "files" answers before any DNS lookup could run.
        assert!(host_by_addr_v4(Ipv4Addr::LOCALHOST).is_some());
    }
}
