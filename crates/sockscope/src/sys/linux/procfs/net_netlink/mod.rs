//! Parser for /proc/net/netlink (af_netlink.c `netlink_seq_show`), the
//! fallback when the kernel lacks netlink_diag:
//!
//! ```text
//! sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode
//! 000000005a9b1ef2 0   18180      00000001 0        0        0     2        0        1771895
//! ```
//!
//! `Eth` is the protocol, `Pid` the port id, `Groups` the first 32 bits of
//! the group bitmap in hex, `Dump` whether a dump runs, `Locks` the
//! reference count. Compared with netlink_diag, /proc has no socket type,
//! state, destination, cookie or flags, and only the first 32 groups.
//! Strict: see `table.rs`.

use std::path::Path;

use super::lines::{dec_u64, hex_u64, Fields};
use super::net_packet::dec_u32;
use super::table::{self, Format};
use crate::model::NetlinkSocket;
use crate::Result;

const FORMAT: Format<NetlinkSocket> = Format {
    header: b"sk ",
    record,
};

/// Read a netlink table file (normally `/proc/net/netlink`), appending to
/// `out`.
pub fn read_netlink_from(path: &Path, out: &mut Vec<NetlinkSocket>) -> Result<()> {
    table::read_from(path, &FORMAT, out)
}

/// Parse the bytes of a recorded /proc/net/netlink; `path` only names the
/// source in errors.
pub fn parse_netlink(bytes: &[u8], path: &Path, out: &mut Vec<NetlinkSocket>) -> Result<()> {
    table::parse(bytes, path, &FORMAT, out)
}

fn record(line: &[u8]) -> Result<NetlinkSocket, &'static str> {
    let mut f = Fields::new(line);
    let mut next = |what: &'static str| f.next_field().ok_or(what);
    hex_u64(next("missing sk")?, 16).ok_or("bad sk")?;
    let protocol = dec_u64(next("missing Eth")?)
        .and_then(|v| u8::try_from(v).ok())
        .ok_or("bad Eth")?;
    let portid = dec_u32(next("missing Pid")?).ok_or("bad Pid")?;
    let bits = hex_u64(next("missing Groups")?, 8).ok_or("bad Groups")? as u32;
    let rmem = dec_u32(next("missing Rmem")?).ok_or("bad Rmem")?;
    let wmem = dec_u32(next("missing Wmem")?).ok_or("bad Wmem")?;
    dec_u64(next("missing Dump")?).ok_or("bad Dump")?;
    dec_u64(next("missing Locks")?).ok_or("bad Locks")?;
    let drops = dec_u32(next("missing Drops")?).ok_or("bad Drops")?;
    let inode = dec_u64(next("missing Inode")?).ok_or("bad Inode")?;
    if f.next_field().is_some() {
        return Err("extra column");
    }
    Ok(NetlinkSocket {
        netns: 0,
        protocol,
        sock_type: 0,
        state: None,
        portid,
        dst_portid: 0,
        dst_group: 0,
        groups: (0..32)
            .filter(|b| bits & (1 << b) != 0)
            .map(|b| b + 1)
            .collect(),
        inode,
        recv_q: rmem,
        send_q: wmem,
        drops,
        cookie: 0,
        flags: None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests;
