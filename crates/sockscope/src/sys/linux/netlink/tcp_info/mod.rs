//! `struct tcp_info` (INET_DIAG_INFO) read by offset, for any kernel's
//! length: fields beyond what the kernel sent read as zero, bytes beyond what
//! we know are ignored. Kernels grew this struct from 104 bytes (2.6) through
//! 168 (4.9), 232 (5.4) and 248 (6.7) to 280 (6.18, AccECN counters); a
//! fixed-size parse breaks on both ends.
//!
//! Offsets follow include/uapi/linux/tcp.h; the struct has no padding holes
//! (every u64 sits at a multiple of 8). Values are native-endian, as the
//! kernel copies the struct as is. Pure: never fails, never panics.

use crate::model::TcpInfo;

/// A borrowed `tcp_info` of any length.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawTcpInfo<'a> {
    bytes: &'a [u8],
}

/// `tcpi_retransmits` (u8): `icsk_retransmits`, /proc's `retrnsmt`.
const RETRANSMITS: usize = 2;
/// `tcpi_probes` (u8): `icsk_probes_out`, /proc's `timeout` column.
const PROBES: usize = 3;
/// The byte holding the `snd_wscale:4, rcv_wscale:4` bitfield.
const WSCALE: usize = 6;
/// The byte holding `delivery_rate_app_limited:1, fastopen_client_fail:2`.
const APP_LIMITED: usize = 7;

impl<'a> RawTcpInfo<'a> {
    /// Wrap the attribute payload; never fails.
    pub(crate) fn new(bytes: &'a [u8]) -> RawTcpInfo<'a> {
        RawTcpInfo { bytes }
    }

    fn field<const N: usize>(&self, off: usize) -> [u8; N] {
        let mut out = [0u8; N];
        // A field cut by the end of a short struct reads as 0 as a whole:
        // half a counter is no counter.
        if let Some(b) = self.bytes.get(off..off + N) {
            out.copy_from_slice(b);
        }
        out
    }

    fn u8(&self, off: usize) -> u8 {
        self.field::<1>(off)[0]
    }
    fn u16(&self, off: usize) -> u16 {
        u16::from_ne_bytes(self.field(off))
    }
    fn u32(&self, off: usize) -> u32 {
        u32::from_ne_bytes(self.field(off))
    }
    fn u64(&self, off: usize) -> u64 {
        u64::from_ne_bytes(self.field(off))
    }

    /// (retransmits, probes) as /proc/net/tcp prints them.
    pub(crate) fn timer_counters(&self) -> (u32, u32) {
        (u32::from(self.u8(RETRANSMITS)), u32::from(self.u8(PROBES)))
    }

    /// Every field, zero where the kernel sent fewer bytes.
    pub(crate) fn decode(&self) -> TcpInfo {
        let (snd_wscale, rcv_wscale) = wscales(self.u8(WSCALE));
        let app = self.u8(APP_LIMITED);
        let (app_limited, tfo_fail) = if cfg!(target_endian = "little") {
            (app & 1 != 0, (app >> 1) & 3)
        } else {
            (app & 0x80 != 0, (app >> 5) & 3)
        };
        TcpInfo {
            len: u16::try_from(self.bytes.len()).unwrap_or(u16::MAX),
            state: self.u8(0),
            ca_state: self.u8(1),
            retransmits: self.u8(RETRANSMITS),
            probes: self.u8(PROBES),
            backoff: self.u8(4),
            options: self.u8(5),
            snd_wscale,
            rcv_wscale,
            delivery_rate_app_limited: app_limited,
            fastopen_client_fail: tfo_fail,
            rto: self.u32(8),
            ato: self.u32(12),
            snd_mss: self.u32(16),
            rcv_mss: self.u32(20),
            unacked: self.u32(24),
            sacked: self.u32(28),
            lost: self.u32(32),
            retrans: self.u32(36),
            fackets: self.u32(40),
            last_data_sent: self.u32(44),
            last_ack_sent: self.u32(48),
            last_data_recv: self.u32(52),
            last_ack_recv: self.u32(56),
            pmtu: self.u32(60),
            rcv_ssthresh: self.u32(64),
            rtt: self.u32(68),
            rttvar: self.u32(72),
            snd_ssthresh: self.u32(76),
            snd_cwnd: self.u32(80),
            advmss: self.u32(84),
            reordering: self.u32(88),
            rcv_rtt: self.u32(92),
            rcv_space: self.u32(96),
            total_retrans: self.u32(100),
            // 104: end of the 2.6 struct.
            pacing_rate: self.u64(104),
            max_pacing_rate: self.u64(112),
            bytes_acked: self.u64(120),
            bytes_received: self.u64(128),
            segs_out: self.u32(136),
            segs_in: self.u32(140),
            notsent_bytes: self.u32(144),
            min_rtt: self.u32(148),
            data_segs_in: self.u32(152),
            data_segs_out: self.u32(156),
            delivery_rate: self.u64(160),
            // 168: end of the 4.9 struct.
            busy_time: self.u64(168),
            rwnd_limited: self.u64(176),
            sndbuf_limited: self.u64(184),
            delivered: self.u32(192),
            delivered_ce: self.u32(196),
            bytes_sent: self.u64(200),
            bytes_retrans: self.u64(208),
            dsack_dups: self.u32(216),
            reord_seen: self.u32(220),
            rcv_ooopack: self.u32(224),
            snd_wnd: self.u32(228),
            // 232: end of the 5.4 struct.
            rcv_wnd: self.u32(232),
            rehash: self.u32(236),
            total_rto: self.u16(240),
            total_rto_recoveries: self.u16(242),
            total_rto_time: self.u32(244),
            // 248: end of the 6.7 struct.
            received_ce: self.u32(248),
            delivered_e1_bytes: self.u32(252),
            delivered_e0_bytes: self.u32(256),
            delivered_ce_bytes: self.u32(260),
            received_e1_bytes: self.u32(264),
            received_e0_bytes: self.u32(268),
            received_ce_bytes: self.u32(272),
            accecn_fail_mode: self.u16(276),
            accecn_opt_seen: self.u16(278),
            // 280: end of the 6.18 struct.
        }
    }
}

/// Split the `snd_wscale:4, rcv_wscale:4` byte. C bitfields are allocated
/// from the least significant bit on little-endian ABIs, from the most
/// significant on big-endian ones.
fn wscales(b: u8) -> (u8, u8) {
    if cfg!(target_endian = "little") {
        (b & 0x0f, b >> 4)
    } else {
        (b >> 4, b & 0x0f)
    }
}

#[cfg(test)]
mod tests;
