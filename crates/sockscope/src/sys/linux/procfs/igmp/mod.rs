//! Parser for /proc/net/igmp, the IPv4 multicast memberships. One line per
//! device that has an IPv4 configuration, then one tab-indented line per
//! group joined on it:
//!
//! ```text
//! Idx<TAB>Device    : Count Querier<TAB>Group    Users Timer<TAB>Reporter
//! 1<TAB>lo        :     1      V3
//! <TAB><TAB><TAB><TAB>010000E0     1 0:00000000<TAB><TAB>0
//! ```
//!
//! Groups are 32-bit words in hex in the kernel's (host) byte order, as in
//! the socket tables. Columns after `Users` are ignored.
//!
//! Error policy: strict (see `net_inet`): a line we cannot read, a group
//! before any device, or a file cut short fails the whole file with
//! [`Error::ProcParse`].

use std::io::Read;
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;

use super::lines::{dec_u64, excerpt, hex_u64, LineReader};
use crate::model::GroupMembership;
use crate::{Error, Result};

/// Read /proc/net/igmp at `path`, appending its memberships to `out`
/// (nothing is appended on error). A file that cannot be opened or read is
/// [`Error::ProcRead`].
pub fn read_igmp_from(path: &Path, out: &mut Vec<GroupMembership>) -> Result<()> {
    let file = std::fs::File::open(path).map_err(|source| Error::ProcRead {
        path: path.to_path_buf(),
        source,
    })?;
    parse_reader(file, path, out)
}

/// Parse recorded bytes of /proc/net/igmp; `path` only names the source in
/// errors.
pub fn parse_igmp(bytes: &[u8], path: &Path, out: &mut Vec<GroupMembership>) -> Result<()> {
    parse_reader(bytes, path, out)
}

fn parse_reader<R: Read>(src: R, path: &Path, out: &mut Vec<GroupMembership>) -> Result<()> {
    let mut lines = LineReader::new(src);
    let mut found = Vec::new();
    // The device the group lines below belong to.
    let mut device: Option<(u32, Box<[u8]>)> = None;
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
        let parsed = if !line.terminated {
            Err("line cut short (no newline at end of file)")
        } else if line.no == 1 {
            if line.bytes.starts_with(b"Idx") {
                Ok(())
            } else {
                Err("not an igmp header (want \"Idx\tDevice ...\")")
            }
        } else if line.bytes.first() == Some(&b'\t') {
            match &device {
                Some((index, name)) => group(line.bytes, *index, name).map(|g| found.push(g)),
                None => Err("group line before any device line"),
            }
        } else {
            device_line(line.bytes).map(|d| device = Some(d))
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

/// `1\tlo        :     1      V3`: index and name (the name runs to white
/// space or the `:`; device names hold neither).
fn device_line(line: &[u8]) -> Result<(u32, Box<[u8]>), &'static str> {
    let tab = line
        .iter()
        .position(|&b| b == b'\t')
        .ok_or("device line without a tab")?;
    let index = dec_u64(&line[..tab])
        .and_then(|i| u32::try_from(i).ok())
        .ok_or("bad interface index")?;
    let rest = &line[tab + 1..];
    let end = rest
        .iter()
        .position(|&b| b == b':' || b.is_ascii_whitespace())
        .ok_or("device name not followed by \":\"")?;
    if end == 0 {
        return Err("empty device name");
    }
    if !rest[end..].contains(&b':') {
        return Err("device name not followed by \":\"");
    }
    Ok((index, rest[..end].into()))
}

/// `\t\t\t\t010000E0     1 0:00000000\t\t0`: group and users.
fn group(line: &[u8], ifindex: u32, name: &[u8]) -> Result<GroupMembership, &'static str> {
    let mut words = line
        .split(u8::is_ascii_whitespace)
        .filter(|w| !w.is_empty());
    let addr = words.next().ok_or("empty group line")?;
    if addr.len() != 8 {
        return Err("group is not 8 hex digits");
    }
    let word = hex_u64(addr, 8).ok_or("bad group")? as u32;
    let users = words
        .next()
        .and_then(dec_u64)
        .and_then(|u| u32::try_from(u).ok())
        .ok_or("missing or bad users count")?;
    Ok(GroupMembership {
        ifindex,
        interface: name.into(),
        group: IpAddr::V4(Ipv4Addr::from(word.to_ne_bytes())),
        users,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests;
