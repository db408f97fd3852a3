//! packet_diag: the `packet_diag_req` dump request and the decoder from one
//! `packet_diag_msg` (+ attributes) to a [`PacketSocket`]. Pure functions;
//! the socket lives in `socket.rs`.
//!
//! The request asks for the basic info, ring configuration, fanout and
//! memory counters (`PACKET_SHOW_INFO | RING_CFG | FANOUT | MEMINFO`); not
//! the multicast list nor the attached BPF filter. The kernel always adds
//! `PACKET_DIAG_UID`, and lists only sockets of the caller's network
//! namespace. `sdiag_protocol` must be 0 (the kernel refuses anything else).
//!
//! `pdiag_num` is the bound ethertype in host order (the kernel converts
//! it); `PACKET_DIAG_INFO` carries the interface and the running flag, so
//! without it a socket reads as unbound and not running. Recv-Q is
//! `sk_rmem_alloc` and Send-Q `sk_wmem_alloc`, from the memory counters.

use super::attrs::Attrs;
use super::inet_details::skmem;
use super::nlmsg::{decode as err, u32_at};
use crate::model::{PacketDetails, PacketFanout, PacketRing, PacketSocket, PacketType};
use crate::Result;

/// Size of `struct packet_diag_req`.
pub(super) const REQ_LEN: usize = 20;
/// Size of `struct packet_diag_msg`.
const MSG_LEN: usize = 16;

const AF_PACKET: u8 = libc::AF_PACKET as u8;

const PACKET_SHOW_INFO: u32 = 0x01;
const PACKET_SHOW_RING_CFG: u32 = 0x04;
const PACKET_SHOW_FANOUT: u32 = 0x08;
const PACKET_SHOW_MEMINFO: u32 = 0x10;

const PACKET_DIAG_INFO: u16 = 0;
const PACKET_DIAG_RX_RING: u16 = 2;
const PACKET_DIAG_TX_RING: u16 = 3;
const PACKET_DIAG_FANOUT: u16 = 4;
const PACKET_DIAG_UID: u16 = 5;
const PACKET_DIAG_MEMINFO: u16 = 6;

/// `PDI_RUNNING` in `pdi_flags`.
const PDI_RUNNING: u32 = 0x01;

/// The dump request: every packet socket, with what the file doc lists.
pub(super) fn request() -> [u8; REQ_LEN] {
    let mut b = [0u8; REQ_LEN];
    b[0] = AF_PACKET;
    let show = PACKET_SHOW_INFO | PACKET_SHOW_RING_CFG | PACKET_SHOW_FANOUT | PACKET_SHOW_MEMINFO;
    b[8..12].copy_from_slice(&show.to_ne_bytes());
    b
}

/// Decode one `SOCK_DIAG_BY_FAMILY` payload of a packet dump. `base` is the
/// stream offset of `payload[0]`, used in errors.
pub(crate) fn decode(payload: &[u8], base: usize) -> Result<PacketSocket> {
    const WHAT: &str = "packet_diag_msg";
    let m = payload
        .get(..MSG_LEN)
        .ok_or(err(WHAT, base, "shorter than packet_diag_msg"))?;
    if m[0] != AF_PACKET {
        return Err(err(WHAT, base, "not an AF_PACKET message"));
    }
    let mut s = PacketSocket {
        netns: 0,
        kind: PacketType::from_raw(m[1]),
        protocol: u16::from_ne_bytes([m[2], m[3]]),
        ifindex: 0,
        running: false,
        inode: u64::from(u32_at(m, 4)),
        uid: 0,
        recv_q: 0,
        send_q: 0,
        drops: 0,
        cookie: u64::from(u32_at(m, 8)) | (u64::from(u32_at(m, 12)) << 32),
        details: None,
    };
    let mut d = PacketDetails::default();
    let mut any = false;
    for a in Attrs::new(&payload[MSG_LEN..], base + MSG_LEN) {
        let a = a?;
        match a.kind {
            PACKET_DIAG_INFO => {
                let b = a.fixed::<24>("PACKET_DIAG_INFO")?;
                let w = |i: usize| u32_at(&b, i * 4);
                s.ifindex = w(0);
                d.version = w(1);
                d.reserve = w(2);
                d.copy_thresh = w(3);
                d.tstamp = w(4);
                d.flags = w(5);
                s.running = d.flags & PDI_RUNNING != 0;
                any = true;
            }
            PACKET_DIAG_RX_RING => d.rx_ring = Some(ring(&a.fixed("PACKET_DIAG_RX_RING")?)),
            PACKET_DIAG_TX_RING => d.tx_ring = Some(ring(&a.fixed("PACKET_DIAG_TX_RING")?)),
            PACKET_DIAG_FANOUT => {
                let v = a.u32("PACKET_DIAG_FANOUT")?;
                d.fanout = Some(PacketFanout {
                    id: (v & 0xffff) as u16,
                    mode: ((v >> 16) & 0xff) as u8,
                    flags: (v >> 24) as u8,
                });
            }
            PACKET_DIAG_UID => s.uid = a.u32("PACKET_DIAG_UID")?,
            PACKET_DIAG_MEMINFO => {
                let mem = skmem(a.payload);
                s.recv_q = mem.rmem_alloc;
                s.send_q = mem.wmem_alloc;
                s.drops = mem.drops;
                d.skmem = Some(mem);
            }
            _ => {}
        }
    }
    any |= d.fanout.is_some() || d.rx_ring.is_some() || d.tx_ring.is_some() || d.skmem.is_some();
    s.details = any.then(|| Box::new(d));
    Ok(s)
}

/// `struct packet_diag_ring`: seven u32.
fn ring(b: &[u8; 28]) -> PacketRing {
    let w = |i: usize| u32_at(b, i * 4);
    PacketRing {
        block_size: w(0),
        block_nr: w(1),
        frame_size: w(2),
        frame_nr: w(3),
        retire_tmo: w(4),
        sizeof_priv: w(5),
        features: w(6),
    }
}

#[cfg(test)]
mod tests;
