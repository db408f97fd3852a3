//! Parser for the internet socket tables of /proc/net: tcp, tcp6, udp, udp6,
//! udplite, udplite6, raw, raw6, icmp and icmp6 (ICMP "ping" sockets, whose
//! local "port" is the echo identifier). They share one layout:
//!
//! ```text
//!   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ...
//!    0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1076 ...
//! ```
//!
//! Addresses are 32-bit words printed in hex in the kernel's (host) byte
//! order, one word for IPv4 and four for IPv6; ports are hex. Columns after
//! `inode` differ per protocol and are ignored. For raw sockets the local
//! "port" is the IP protocol number.
//!
//! Error policy: strict. The first line that does not parse fails the whole
//! table with [`Error::ProcParse`] (path, line number, reason, an excerpt), and
//! `out` is left as it was. netstat prints "warning, got bogus tcp line." and
//! goes on; we refuse to drop rows silently, and these tables hold nothing a
//! user controls, so a bad line means a format we do not know. The collector
//! turns the error into a warning for that one table.

use std::io::Read;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::Path;

use super::lines::{dec_u64, excerpt, hex_u64, Fields, LineReader};
use crate::model::{Family, InetProto, InetSocket, SocketKind, TcpState, Timer, TimerKind};
use crate::{Error, Result};

/// Milliseconds per clock tick: `tm->when` is in USER_HZ ticks (100 per
/// second on every architecture Linux supports except alpha).
const MS_PER_TICK: u64 = 10;

/// File name under /proc/net of a protocol table in this layout (the
/// kernel names them as the model names the kinds: `tcp6`, `udplite`,
/// `icmp6`, ...); `None` for MPTCP (no /proc table) and SCTP (its tables
/// have their own layout, see `net_sctp`).
pub fn inet_file(proto: InetProto, family: Family) -> Option<&'static str> {
    match proto {
        InetProto::Sctp | InetProto::Mptcp => None,
        _ => Some(SocketKind::Inet(proto, family).name()),
    }
}

/// Read one table file (e.g. `/proc/net/tcp6`), streaming, appending its
/// sockets to `out`. A file that cannot be opened or read is
/// [`Error::ProcRead`].
pub fn read_inet_from(
    path: &Path,
    proto: InetProto,
    family: Family,
    out: &mut Vec<InetSocket>,
) -> Result<()> {
    let file = std::fs::File::open(path).map_err(|source| Error::ProcRead {
        path: path.to_path_buf(),
        source,
    })?;
    parse_inet_reader(file, path, proto, family, out)
}

/// Parse the bytes of a table (as recorded from /proc); `path` only names the
/// source in errors.
pub fn parse_inet(
    bytes: &[u8],
    path: &Path,
    proto: InetProto,
    family: Family,
    out: &mut Vec<InetSocket>,
) -> Result<()> {
    parse_inet_reader(bytes, path, proto, family, out)
}

fn parse_inet_reader<R: Read>(
    src: R,
    path: &Path,
    proto: InetProto,
    family: Family,
    out: &mut Vec<InetSocket>,
) -> Result<()> {
    let before = out.len();
    let res = parse_lines(src, path, proto, family, out);
    if res.is_err() {
        out.truncate(before);
    }
    res
}

fn parse_lines<R: Read>(
    src: R,
    path: &Path,
    proto: InetProto,
    family: Family,
    out: &mut Vec<InetSocket>,
) -> Result<()> {
    let mut lines = LineReader::new(src);
    loop {
        let line = match lines.next_line() {
            Ok(Some(line)) => line,
            Ok(None) => return Ok(()),
            Err(source) => {
                return Err(Error::ProcRead {
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        let parsed = if !line.terminated {
            Err("line cut short (no newline at end of file)")
        } else if line.no == 1 {
            check_header(line.bytes)
        } else {
            parse_line(line.bytes, proto, family).map(|s| out.push(s))
        };
        if let Err(why) = parsed {
            return Err(Error::ProcParse {
                path: path.to_path_buf(),
                line: line.no,
                reason: format!("{why}: \"{}\"", excerpt(line.bytes)),
            });
        }
    }
}

fn check_header(line: &[u8]) -> Result<(), &'static str> {
    if line.windows(13).any(|w| w == b"local_address") {
        Ok(())
    } else {
        Err("not a socket table header")
    }
}

/// Parse one data line.
fn parse_line(line: &[u8], proto: InetProto, family: Family) -> Result<InetSocket, &'static str> {
    let mut f = Fields::new(line);
    let mut next = |what: &'static str| f.next_field().ok_or(what);

    let sl = next("missing slot number")?;
    match sl.split_last() {
        Some((b':', digits)) if dec_u64(digits).is_some() => {}
        _ => return Err("bad slot number"),
    }
    let (local, local_port) = endpoint(next("missing local address")?, family)?;
    let (remote, remote_port) = endpoint(next("missing remote address")?, family)?;
    let state = hex_u64(next("missing state")?, 2).ok_or("bad state")? as u8;
    let (tx, rx) = pair(next("missing queues")?, 8, 8).ok_or("bad tx_queue:rx_queue")?;
    let (tr, when) = pair(next("missing timer")?, 2, 16).ok_or("bad tr:tm->when")?;
    let retrans = hex_u64(next("missing retrnsmt")?, 8).ok_or("bad retrnsmt")? as u32;
    let uid = dec_u32(next("missing uid")?).ok_or("bad uid")?;
    let probes = dec_u32(next("missing timeout")?).ok_or("bad timeout")?;
    let inode = dec_u64(next("missing inode")?).ok_or("bad inode")?;

    let raw_protocol = if proto == InetProto::Raw {
        u8::try_from(local_port).map_err(|_| "raw protocol number above 255")?
    } else {
        0
    };
    Ok(InetSocket {
        netns: 0,
        proto,
        family,
        local,
        local_port,
        remote,
        remote_port,
        state: TcpState::from_code(state),
        recv_q: rx as u32,
        send_q: tx as u32,
        uid,
        inode,
        timer: Timer {
            kind: TimerKind::from_code(tr as u8),
            expires_ms: when.saturating_mul(MS_PER_TICK),
            retrans,
            probes,
        },
        ifindex: 0,
        cookie: 0,
        raw_protocol,
        details: None,
    })
}

/// `ADDR:PORT` with the address width fixed by the family.
fn endpoint(s: &[u8], family: Family) -> Result<(IpAddr, u16), &'static str> {
    let colon = s
        .iter()
        .position(|&c| c == b':')
        .ok_or("address without port")?;
    let (addr, port) = (&s[..colon], &s[colon + 1..]);
    let port = hex_u64(port, 4).ok_or("bad port")? as u16;
    let ip = match family {
        Family::Inet if addr.len() == 8 => IpAddr::V4(Ipv4Addr::from(word(addr)?)),
        Family::Inet6 if addr.len() == 32 => {
            let mut octets = [0u8; 16];
            for (chunk, dst) in addr.chunks_exact(8).zip(octets.chunks_exact_mut(4)) {
                dst.copy_from_slice(&word(chunk)?);
            }
            IpAddr::V6(Ipv6Addr::from(octets))
        }
        Family::Inet => return Err("IPv4 address is not 8 hex digits"),
        Family::Inet6 => return Err("IPv6 address is not 32 hex digits"),
    };
    Ok((ip, port))
}

/// One address word: the kernel printed the in-memory (network order) bytes
/// read as a host-order u32, so its native-endian bytes are the octets.
fn word(hex: &[u8]) -> Result<[u8; 4], &'static str> {
    let v = hex_u64(hex, 8).ok_or("bad address digits")? as u32;
    Ok(v.to_ne_bytes())
}

/// `A:B`, both hex, with digit limits.
fn pair(s: &[u8], max_a: usize, max_b: usize) -> Option<(u64, u64)> {
    let colon = s.iter().position(|&c| c == b':')?;
    Some((
        hex_u64(&s[..colon], max_a)?,
        hex_u64(&s[colon + 1..], max_b)?,
    ))
}

fn dec_u32(s: &[u8]) -> Option<u32> {
    dec_u64(s).and_then(|v| u32::try_from(v).ok())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests;
