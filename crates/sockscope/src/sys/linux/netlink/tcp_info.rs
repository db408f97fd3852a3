//! `struct tcp_info` (INET_DIAG_INFO) read by offset, for any kernel's
//! length: fields beyond what the kernel sent read as zero, bytes beyond what
//! we know are ignored. Kernels grew this struct from 104 bytes (2.6) to 280
//! (6.18); a fixed-size parse breaks on both ends.
//!
//! Only what the model uses today is exposed; offsets follow
//! include/uapi/linux/tcp.h.

/// A borrowed `tcp_info` of any length.
#[derive(Debug, Clone, Copy)]
pub(super) struct TcpInfo<'a> {
    bytes: &'a [u8],
}

/// `tcpi_retransmits` (u8): `icsk_retransmits`, /proc's `retrnsmt`.
const RETRANSMITS: usize = 2;
/// `tcpi_probes` (u8): `icsk_probes_out`, /proc's `timeout` column.
const PROBES: usize = 3;

impl<'a> TcpInfo<'a> {
    /// Wrap the attribute payload; never fails.
    pub(super) fn decode(bytes: &'a [u8]) -> TcpInfo<'a> {
        TcpInfo { bytes }
    }

    fn u8_at(&self, off: usize) -> u8 {
        self.bytes.get(off).copied().unwrap_or(0)
    }

    /// (retransmits, probes) as /proc/net/tcp prints them.
    pub(super) fn timer_counters(&self) -> (u32, u32) {
        (
            u32::from(self.u8_at(RETRANSMITS)),
            u32::from(self.u8_at(PROBES)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_counters_from_a_full_struct() {
        let mut b = vec![0u8; 280];
        b[RETRANSMITS] = 3;
        b[PROBES] = 2;
        assert_eq!(TcpInfo::decode(&b).timer_counters(), (3, 2));
    }

    #[test]
    fn short_struct_zero_fills_and_longer_is_ignored() {
        assert_eq!(TcpInfo::decode(&[]).timer_counters(), (0, 0));
        assert_eq!(TcpInfo::decode(&[1, 1, 5]).timer_counters(), (5, 0));
        let mut long = vec![0u8; 4096];
        long[PROBES] = 7;
        assert_eq!(TcpInfo::decode(&long).timer_counters(), (0, 7));
    }
}
