//! Parsers for /proc/net/sctp/eps (endpoints) and /proc/net/sctp/assocs
//! (associations), the fallback when the kernel has SCTP but not
//! sctp_diag. Formats from net/sctp/proc.c (6.x); not recorded live here
//! (the development kernel has no SCTP), so the tests use lines written
//! from those formats.
//!
//! ```text
//!  ENDPT     SOCK   STY SST HBKT LPORT   UID INODE LADDRS
//! 00000000 00000000 2   10  29   5000      0 12345 127.0.0.1 10.0.0.1
//!  ASSOC     SOCK   STY SST ST HBKT ASSOC-ID TX_QUEUE RX_QUEUE UID INODE LPORT RPORT LADDRS <-> RADDRS HBINT INS OUTS MAXRT T1X T2X RTXC wmema wmemq sndbuf rcvbuf
//! 00000000 00000000 2   1   3  0       1        0        0     0 12346 5000  40000  *127.0.0.1 <-> *127.0.0.1 \t   30000    10    10   10    0    0        0        1        0   212992   212992
//! ```
//!
//! Addresses are printed one per space (`%pI4`, or `%pI6` with every group
//! written out); in an association the primary one carries a `*`. What we
//! keep, per row: the primary local and remote addresses (else the first),
//! ports, the socket state for an endpoint (`SST`, TCP numbering) or the
//! association state (`ST`) mapped onto TCP numbers like the sock_diag path
//! does, queues (`TX_QUEUE`/`RX_QUEUE`), uid and inode. The other
//! addresses of a multi-homed endpoint are not in the model.
//!
//! Strict: see `table.rs`.

use std::net::IpAddr;
use std::path::Path;

use super::lines::{dec_u64, hex_u64, Fields};
use super::net_packet::dec_u32;
use super::table::{self, Format};
use crate::model::{Family, InetProto, InetSocket, TcpState, Timer};
use crate::Result;

const EPS: Format<InetSocket> = Format {
    header: b"ENDPT ",
    record: endpoint,
};

const ASSOCS: Format<InetSocket> = Format {
    header: b"ASSOC ",
    record: association,
};

/// Read an endpoint table (normally `/proc/net/sctp/eps`), appending to `out`.
pub fn read_sctp_eps_from(path: &Path, out: &mut Vec<InetSocket>) -> Result<()> {
    table::read_from(path, &EPS, out)
}

/// Read an association table (normally `/proc/net/sctp/assocs`).
pub fn read_sctp_assocs_from(path: &Path, out: &mut Vec<InetSocket>) -> Result<()> {
    table::read_from(path, &ASSOCS, out)
}

/// Parse the bytes of an endpoint table; `path` only names it in errors.
pub fn parse_sctp_eps(bytes: &[u8], path: &Path, out: &mut Vec<InetSocket>) -> Result<()> {
    table::parse(bytes, path, &EPS, out)
}

/// Parse the bytes of an association table.
pub fn parse_sctp_assocs(bytes: &[u8], path: &Path, out: &mut Vec<InetSocket>) -> Result<()> {
    table::parse(bytes, path, &ASSOCS, out)
}

fn endpoint(line: &[u8]) -> Result<InetSocket, &'static str> {
    let mut f = Fields::new(line);
    let mut next = |what: &'static str| f.next_field().ok_or(what);
    pointer(next("missing ENDPT")?)?;
    pointer(next("missing SOCK")?)?;
    dec_u64(next("missing STY")?).ok_or("bad STY")?;
    let state = dec_u8(next("missing SST")?).ok_or("bad SST")?;
    dec_u64(next("missing HBKT")?).ok_or("bad HBKT")?;
    let port = dec_u16(next("missing LPORT")?).ok_or("bad LPORT")?;
    let uid = dec_u32(next("missing UID")?).ok_or("bad UID")?;
    let inode = dec_u64(next("missing INODE")?).ok_or("bad INODE")?;
    let mut addrs = Vec::new();
    while let Some(a) = f.next_field() {
        addrs.push(address(a)?);
    }
    let local = primary(&addrs);
    let family = family_of(local);
    Ok(sock(
        family,
        (local, port),
        (family.unspecified(), 0),
        state,
        (0, 0),
        uid,
        inode,
    ))
}

fn association(line: &[u8]) -> Result<InetSocket, &'static str> {
    let tab = line.iter().position(|&c| c == b'\t').ok_or("missing tab")?;
    let mut f = Fields::new(&line[..tab]);
    let mut next = |what: &'static str| f.next_field().ok_or(what);
    pointer(next("missing ASSOC")?)?;
    pointer(next("missing SOCK")?)?;
    dec_u64(next("missing STY")?).ok_or("bad STY")?;
    dec_u64(next("missing SST")?).ok_or("bad SST")?;
    let st = dec_u8(next("missing ST")?).ok_or("bad ST")?;
    dec_u64(next("missing HBKT")?).ok_or("bad HBKT")?;
    dec_u64(next("missing ASSOC-ID")?).ok_or("bad ASSOC-ID")?;
    let tx = dec_u32(next("missing TX_QUEUE")?).ok_or("bad TX_QUEUE")?;
    let rx = dec_u32(next("missing RX_QUEUE")?).ok_or("bad RX_QUEUE")?;
    let uid = dec_u32(next("missing UID")?).ok_or("bad UID")?;
    let inode = dec_u64(next("missing INODE")?).ok_or("bad INODE")?;
    let lport = dec_u16(next("missing LPORT")?).ok_or("bad LPORT")?;
    let rport = dec_u16(next("missing RPORT")?).ok_or("bad RPORT")?;
    let (mut locals, mut remotes, mut seen_arrow) = (Vec::new(), Vec::new(), false);
    while let Some(a) = f.next_field() {
        match (a, seen_arrow) {
            (b"<->", false) => seen_arrow = true,
            (_, false) => locals.push(address(a)?),
            (_, true) => remotes.push(address(a)?),
        }
    }
    if !seen_arrow {
        return Err("missing <->");
    }
    let (local, remote) = (primary(&locals), primary(&remotes));
    let family = family_of(local);
    let state = crate::sys::linux::netlink::sctp_assoc_state(st);
    Ok(sock(
        family,
        (local, lport),
        (remote, rport),
        state,
        (rx, tx),
        uid,
        inode,
    ))
}

fn sock(
    family: Family,
    local: (IpAddr, u16),
    remote: (IpAddr, u16),
    state: u8,
    (recv_q, send_q): (u32, u32),
    uid: u32,
    inode: u64,
) -> InetSocket {
    InetSocket {
        netns: 0,
        proto: InetProto::Sctp,
        family,
        local: local.0,
        local_port: local.1,
        remote: remote.0,
        remote_port: remote.1,
        state: TcpState::from_code(state),
        recv_q,
        send_q,
        uid,
        inode,
        timer: Timer::default(),
        ifindex: 0,
        cookie: 0,
        raw_protocol: 0,
        details: None,
    }
}

/// A `%pK` pointer: hex digits (hashed or zeroed by the kernel).
fn pointer(s: &[u8]) -> Result<(), &'static str> {
    hex_u64(s, 16).map(|_| ()).ok_or("bad pointer column")
}

/// One address, `*` marking the primary one.
fn address(s: &[u8]) -> Result<(bool, IpAddr), &'static str> {
    let (star, rest) = match s.split_first() {
        Some((b'*', rest)) => (true, rest),
        _ => (false, s),
    };
    let text = std::str::from_utf8(rest).map_err(|_| "bad address")?;
    let ip = text.parse::<IpAddr>().map_err(|_| "bad address")?;
    Ok((star, ip))
}

/// The starred address, else the first; unspecified IPv4 when none.
fn primary(addrs: &[(bool, IpAddr)]) -> IpAddr {
    addrs
        .iter()
        .find(|(star, _)| *star)
        .or(addrs.first())
        .map_or(Family::Inet.unspecified(), |(_, ip)| *ip)
}

fn family_of(ip: IpAddr) -> Family {
    match ip {
        IpAddr::V4(_) => Family::Inet,
        IpAddr::V6(_) => Family::Inet6,
    }
}

fn dec_u8(s: &[u8]) -> Option<u8> {
    dec_u64(s).and_then(|v| u8::try_from(v).ok())
}

fn dec_u16(s: &[u8]) -> Option<u16> {
    dec_u64(s).and_then(|v| u16::try_from(v).ok())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests;
