//! Parser for /proc/net/igmp6, the IPv6 multicast memberships (MLD), one per
//! line, without a header:
//!
//! ```text
//! 1    lo              ff020000000000000000000000000001     1 0000000C 0
//! ```
//!
//! index, device, group (32 hex digits, network byte order), users, then
//! flags and timer, which are ignored.
//!
//! Error policy: strict (see `net_inet`): the first line we cannot read, or
//! a file cut short, fails the whole file with [`Error::ProcParse`].

use std::io::Read;
use std::net::{IpAddr, Ipv6Addr};
use std::path::Path;

use super::lines::{dec_u64, excerpt, hex_u64, LineReader};
use crate::model::GroupMembership;
use crate::{Error, Result};

/// Read /proc/net/igmp6 at `path`, appending to `out` (nothing on error). A
/// file that cannot be opened or read is [`Error::ProcRead`].
pub fn read_igmp6_from(path: &Path, out: &mut Vec<GroupMembership>) -> Result<()> {
    let file = std::fs::File::open(path).map_err(|source| Error::ProcRead {
        path: path.to_path_buf(),
        source,
    })?;
    parse_reader(file, path, out)
}

/// Parse recorded bytes of /proc/net/igmp6; `path` only names the source in
/// errors.
pub fn parse_igmp6(bytes: &[u8], path: &Path, out: &mut Vec<GroupMembership>) -> Result<()> {
    parse_reader(bytes, path, out)
}

fn parse_reader<R: Read>(src: R, path: &Path, out: &mut Vec<GroupMembership>) -> Result<()> {
    let mut lines = LineReader::new(src);
    let mut found = Vec::new();
    loop {
        let line = match lines.next_line() {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(source) => {
                return Err(Error::ProcRead {
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        let parsed = if line.terminated {
            parse_line(line.bytes).map(|g| found.push(g))
        } else {
            Err("line cut short (no newline at end of file)")
        };
        if let Err(why) = parsed {
            return Err(Error::ProcParse {
                path: path.to_path_buf(),
                line: line.no,
                reason: format!("{why}: \"{}\"", excerpt(line.bytes)),
            });
        }
    }
    out.append(&mut found);
    Ok(())
}

fn parse_line(line: &[u8]) -> Result<GroupMembership, &'static str> {
    let mut words = line
        .split(u8::is_ascii_whitespace)
        .filter(|w| !w.is_empty());
    let ifindex = words
        .next()
        .and_then(dec_u64)
        .and_then(|i| u32::try_from(i).ok())
        .ok_or("missing or bad interface index")?;
    let name = words.next().ok_or("missing device name")?;
    let group = ipv6_hex(words.next().ok_or("missing group")?).ok_or("bad group")?;
    let users = words
        .next()
        .and_then(dec_u64)
        .and_then(|u| u32::try_from(u).ok())
        .ok_or("missing or bad users count")?;
    Ok(GroupMembership {
        ifindex,
        interface: name.into(),
        group: IpAddr::V6(group),
        users,
    })
}

/// 32 hex digits, most significant byte first (how the kernel prints an
/// `in6_addr` with `%pi6`).
pub(super) fn ipv6_hex(s: &[u8]) -> Option<Ipv6Addr> {
    if s.len() != 32 {
        return None;
    }
    let mut octets = [0u8; 16];
    for (pair, dst) in s.chunks_exact(2).zip(octets.iter_mut()) {
        *dst = hex_u64(pair, 2)? as u8;
    }
    Some(Ipv6Addr::from(octets))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests;
