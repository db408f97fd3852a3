//! Parser for /proc/net/packet (af_packet.c `packet_seq_show`), the
//! fallback when the kernel lacks packet_diag:
//!
//! ```text
//! sk               RefCnt Type Proto  Iface R Rmem   User   Inode
//! 000000003e2ee656 3      3    0003   1     1 5010   0      1771892
//! ```
//!
//! `Proto` is the ethertype in hex (host order), `R` the running flag,
//! `Rmem` the bytes queued for reading. Compared with packet_diag, /proc
//! has no send queue, drops, cookie, rings or fanout (they read 0 / `None`).
//! Strict: see `table.rs`.

use std::path::Path;

use super::lines::{dec_u64, hex_u64, Fields};
use super::table::{self, Format};
use crate::model::{PacketSocket, PacketType};
use crate::Result;

const FORMAT: Format<PacketSocket> = Format {
    header: b"sk ",
    record,
};

/// Read a packet table file (normally `/proc/net/packet`), appending to `out`.
pub fn read_packet_from(path: &Path, out: &mut Vec<PacketSocket>) -> Result<()> {
    table::read_from(path, &FORMAT, out)
}

/// Parse the bytes of a recorded /proc/net/packet; `path` only names the
/// source in errors.
pub fn parse_packet(bytes: &[u8], path: &Path, out: &mut Vec<PacketSocket>) -> Result<()> {
    table::parse(bytes, path, &FORMAT, out)
}

fn record(line: &[u8]) -> Result<PacketSocket, &'static str> {
    let mut f = Fields::new(line);
    let mut next = |what: &'static str| f.next_field().ok_or(what);
    hex_u64(next("missing sk")?, 16).ok_or("bad sk")?;
    dec_u64(next("missing RefCnt")?).ok_or("bad RefCnt")?;
    let kind = dec_u8(next("missing Type")?).ok_or("bad Type")?;
    let protocol = hex_u64(next("missing Proto")?, 4).ok_or("bad Proto")? as u16;
    let ifindex = dec_u32(next("missing Iface")?).ok_or("bad Iface")?;
    let running = match next("missing R")? {
        b"0" => false,
        b"1" => true,
        _ => return Err("bad R"),
    };
    let rmem = dec_u32(next("missing Rmem")?).ok_or("bad Rmem")?;
    let uid = dec_u32(next("missing User")?).ok_or("bad User")?;
    let inode = dec_u64(next("missing Inode")?).ok_or("bad Inode")?;
    if f.next_field().is_some() {
        return Err("extra column");
    }
    Ok(PacketSocket {
        netns: 0,
        kind: PacketType::from_raw(kind),
        protocol,
        ifindex,
        running,
        inode,
        uid,
        recv_q: rmem,
        send_q: 0,
        drops: 0,
        cookie: 0,
        details: None,
    })
}

pub(super) fn dec_u32(s: &[u8]) -> Option<u32> {
    dec_u64(s).and_then(|v| u32::try_from(v).ok())
}

fn dec_u8(s: &[u8]) -> Option<u8> {
    dec_u64(s).and_then(|v| u8::try_from(v).ok())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests;
