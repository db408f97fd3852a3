//! Parser for /proc/net/if_inet6, the IPv6 addresses of every device:
//!
//! ```text
//! fe8000000000000000fc00fffe000001 04 40 20 80     eth0
//! ```
//!
//! address (32 hex digits, network byte order), then in hex the interface
//! index, prefix length, scope and flags, then the device name.
//!
//! Error policy: strict (see `net_inet`).

use std::io::Read;
use std::path::Path;

use super::igmp6::ipv6_hex;
use super::lines::{excerpt, hex_u64, LineReader};
use crate::model::Ipv6Config;
use crate::{Error, Result};

/// One line: an address and the device it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IfInet6Row {
    pub ifindex: u32,
    pub name: Box<[u8]>,
    pub config: Ipv6Config,
}

/// Read /proc/net/if_inet6 at `path`. A file that cannot be opened or read
/// (no IPv6 in this kernel) is [`Error::ProcRead`].
pub fn read_if_inet6_from(path: &Path) -> Result<Vec<IfInet6Row>> {
    let file = std::fs::File::open(path).map_err(|source| Error::ProcRead {
        path: path.to_path_buf(),
        source,
    })?;
    parse_reader(file, path)
}

/// Parse recorded bytes of /proc/net/if_inet6; `path` only names the source
/// in errors.
pub fn parse_if_inet6(bytes: &[u8], path: &Path) -> Result<Vec<IfInet6Row>> {
    parse_reader(bytes, path)
}

fn parse_reader<R: Read>(src: R, path: &Path) -> Result<Vec<IfInet6Row>> {
    let mut lines = LineReader::new(src);
    let mut rows = Vec::new();
    loop {
        let line = match lines.next_line() {
            Ok(Some(line)) => line,
            Ok(None) => return Ok(rows),
            Err(source) => {
                return Err(Error::ProcRead {
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        let parsed = if line.terminated {
            parse_line(line.bytes).map(|r| rows.push(r))
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
}

fn parse_line(line: &[u8]) -> Result<IfInet6Row, &'static str> {
    let mut words = line
        .split(u8::is_ascii_whitespace)
        .filter(|w| !w.is_empty());
    let mut next = |what: &'static str| words.next().ok_or(what);
    let address = ipv6_hex(next("missing address")?).ok_or("bad address")?;
    let ifindex = hex_u64(next("missing index")?, 8).ok_or("bad index")? as u32;
    let prefix_len = hex_u64(next("missing prefix length")?, 2).ok_or("bad prefix length")? as u8;
    let scope = hex_u64(next("missing scope")?, 2).ok_or("bad scope")? as u8;
    let flags = hex_u64(next("missing flags")?, 2).ok_or("bad flags")? as u8;
    let name = next("missing device name")?;
    Ok(IfInet6Row {
        ifindex,
        name: name.into(),
        config: Ipv6Config {
            address,
            prefix_len,
            scope,
            flags,
        },
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests;
