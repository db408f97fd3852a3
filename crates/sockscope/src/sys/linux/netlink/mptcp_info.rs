//! `struct mptcp_info` (an MPTCP socket's `INET_DIAG_INFO`) read by offset,
//! for any kernel's length: fields beyond what the kernel sent read as 0,
//! bytes beyond what we know are ignored. The struct grew from 40 bytes
//! (5.9) through 48 (5.14) and 80 (6.5) to 96 (6.10).
//!
//! Offsets follow include/uapi/linux/mptcp.h, holes included (2 bytes
//! before `mptcpi_flags`, 1 before `mptcpi_retransmits`). Native-endian.
//! Pure: never fails, never panics.

use crate::model::MptcpInfo;

/// Read `N` bytes at `off`; a field cut by the end reads as 0 as a whole.
fn field<const N: usize>(b: &[u8], off: usize) -> [u8; N] {
    let mut out = [0u8; N];
    if let Some(src) = b.get(off..off + N) {
        out.copy_from_slice(src);
    }
    out
}

fn u8_at(b: &[u8], off: usize) -> u8 {
    field::<1>(b, off)[0]
}
fn u32_at(b: &[u8], off: usize) -> u32 {
    u32::from_ne_bytes(field(b, off))
}
fn u64_at(b: &[u8], off: usize) -> u64 {
    u64::from_ne_bytes(field(b, off))
}

/// Decode an `mptcp_info` payload of any length.
pub(crate) fn decode(b: &[u8]) -> MptcpInfo {
    MptcpInfo {
        len: u16::try_from(b.len()).unwrap_or(u16::MAX),
        subflows: u8_at(b, 0),
        add_addr_signal: u8_at(b, 1),
        add_addr_accepted: u8_at(b, 2),
        subflows_max: u8_at(b, 3),
        add_addr_signal_max: u8_at(b, 4),
        add_addr_accepted_max: u8_at(b, 5),
        flags: u32_at(b, 8),
        token: u32_at(b, 12),
        write_seq: u64_at(b, 16),
        snd_una: u64_at(b, 24),
        rcv_nxt: u64_at(b, 32),
        local_addr_used: u8_at(b, 40),
        local_addr_max: u8_at(b, 41),
        csum_enabled: u8_at(b, 42) != 0,
        retransmits: u32_at(b, 44),
        bytes_retrans: u64_at(b, 48),
        bytes_sent: u64_at(b, 56),
        bytes_received: u64_at(b, 64),
        bytes_acked: u64_at(b, 72),
        subflows_total: u8_at(b, 80),
        last_data_sent: u32_at(b, 84),
        last_data_recv: u32_at(b, 88),
        last_ack_recv: u32_at(b, 92),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 96-byte `mptcp_info` with distinct values in every field.
    fn full() -> Vec<u8> {
        let mut b = vec![0u8; 96];
        b[..6].copy_from_slice(&[1, 2, 3, 8, 5, 6]);
        b[8..12].copy_from_slice(&3u32.to_ne_bytes());
        b[12..16].copy_from_slice(&0xe4be_16f4u32.to_ne_bytes());
        b[16..24].copy_from_slice(&0x7fa6_b45b_9527_8452u64.to_ne_bytes());
        b[24..32].copy_from_slice(&0x7fa6_b45b_9527_8400u64.to_ne_bytes());
        b[32..40].copy_from_slice(&0x1a57_f403_e00e_97fdu64.to_ne_bytes());
        b[40..43].copy_from_slice(&[1, 4, 1]);
        b[44..48].copy_from_slice(&7u32.to_ne_bytes());
        for (i, v) in [11u64, 12, 13, 14].iter().enumerate() {
            b[48 + 8 * i..56 + 8 * i].copy_from_slice(&v.to_ne_bytes());
        }
        b[80] = 2;
        b[84..88].copy_from_slice(&100u32.to_ne_bytes());
        b[88..92].copy_from_slice(&200u32.to_ne_bytes());
        b[92..96].copy_from_slice(&300u32.to_ne_bytes());
        b
    }

    #[test]
    fn every_field_at_its_offset() {
        let m = decode(&full());
        assert_eq!(m.len, 96);
        assert_eq!(
            (m.subflows, m.add_addr_signal, m.add_addr_accepted),
            (1, 2, 3)
        );
        assert_eq!(
            (
                m.subflows_max,
                m.add_addr_signal_max,
                m.add_addr_accepted_max
            ),
            (8, 5, 6)
        );
        assert!(m.fallback());
        assert_eq!(m.token, 0xe4be_16f4);
        assert_eq!(m.write_seq, 0x7fa6_b45b_9527_8452);
        assert_eq!(m.snd_una, 0x7fa6_b45b_9527_8400);
        assert_eq!(m.rcv_nxt, 0x1a57_f403_e00e_97fd);
        assert_eq!((m.local_addr_used, m.local_addr_max), (1, 4));
        assert!(m.csum_enabled);
        assert_eq!(m.retransmits, 7);
        assert_eq!(
            (
                m.bytes_retrans,
                m.bytes_sent,
                m.bytes_received,
                m.bytes_acked
            ),
            (11, 12, 13, 14)
        );
        assert_eq!(m.subflows_total, 2);
        assert_eq!(
            (m.last_data_sent, m.last_data_recv, m.last_ack_recv),
            (100, 200, 300)
        );
    }

    #[test]
    fn short_structs_zero_fill_and_long_ones_are_cut() {
        let b = full();
        // 5.9's 40 bytes: everything up to rcv_nxt.
        let old = decode(&b[..40]);
        assert_eq!(
            (old.len, old.token, old.rcv_nxt),
            (40, 0xe4be_16f4, 0x1a57_f403_e00e_97fd)
        );
        assert_eq!(
            (old.retransmits, old.bytes_sent, old.subflows_total),
            (0, 0, 0)
        );
        // A field cut in the middle reads 0 as a whole.
        assert_eq!(decode(&b[..50]).bytes_retrans, 0);
        let mut long = b.clone();
        long.extend_from_slice(&[0xff; 40]);
        let m = decode(&long);
        assert_eq!((m.len, m.last_ack_recv), (136, 300));
        for cut in 0..b.len() {
            let _ = decode(&b[..cut]);
        }
        assert_eq!(decode(&[]), MptcpInfo::default());
    }
}
