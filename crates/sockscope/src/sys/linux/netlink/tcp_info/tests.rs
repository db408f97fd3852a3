//! Unit tests of the length-tolerant `tcp_info` reader on synthetic bytes
//! (recorded kernel bytes are in `details_tests.rs`).

use super::*;

/// A 280-byte struct whose every byte is its offset (mod 251, never 0).
fn patterned() -> Vec<u8> {
    (0..280).map(|i| (i % 251) as u8 + 1).collect()
}

#[test]
fn reads_counters_from_a_full_struct() {
    let mut b = vec![0u8; 280];
    b[RETRANSMITS] = 3;
    b[PROBES] = 2;
    assert_eq!(RawTcpInfo::new(&b).timer_counters(), (3, 2));
}

#[test]
fn short_struct_zero_fills_and_longer_is_ignored() {
    assert_eq!(RawTcpInfo::new(&[]).timer_counters(), (0, 0));
    assert_eq!(RawTcpInfo::new(&[1, 1, 5]).timer_counters(), (5, 0));
    let mut long = vec![0u8; 4096];
    long[PROBES] = 7;
    assert_eq!(RawTcpInfo::new(&long).timer_counters(), (0, 7));
    assert_eq!(RawTcpInfo::new(&[]).decode(), TcpInfo::default());
}

#[test]
fn offsets_follow_the_uapi_header() {
    let mut b = vec![0u8; 280];
    let put32 =
        |b: &mut Vec<u8>, off: usize, v: u32| b[off..off + 4].copy_from_slice(&v.to_ne_bytes());
    let put64 =
        |b: &mut Vec<u8>, off: usize, v: u64| b[off..off + 8].copy_from_slice(&v.to_ne_bytes());
    b[0] = 1;
    b[1] = 4;
    b[5] = 7;
    put32(&mut b, 8, 204_000);
    put32(&mut b, 68, 1234);
    put32(&mut b, 72, 55);
    put32(&mut b, 80, 10);
    put32(&mut b, 100, 9);
    put64(&mut b, 120, 1 << 40);
    put64(&mut b, 128, 77);
    put32(&mut b, 148, 11);
    put64(&mut b, 160, 999);
    put64(&mut b, 200, 5 << 33);
    put32(&mut b, 228, 65535);
    b[240..242].copy_from_slice(&3u16.to_ne_bytes());
    put32(&mut b, 244, 8);
    b[278..280].copy_from_slice(&2u16.to_ne_bytes());
    let t = RawTcpInfo::new(&b).decode();
    assert_eq!((t.len, t.state, t.ca_state, t.options), (280, 1, 4, 7));
    assert_eq!(
        (t.rto, t.rtt, t.rttvar, t.snd_cwnd),
        (204_000, 1234, 55, 10)
    );
    assert_eq!((t.total_retrans, t.min_rtt), (9, 11));
    assert_eq!((t.bytes_acked, t.bytes_received), (1 << 40, 77));
    assert_eq!((t.delivery_rate, t.bytes_sent), (999, 5 << 33));
    assert_eq!((t.snd_wnd, t.total_rto, t.total_rto_time), (65535, 3, 8));
    assert_eq!(t.accecn_opt_seen, 2);
}

#[test]
fn bitfields_split_on_this_abi() {
    let mut b = vec![0u8; 8];
    b[WSCALE] = if cfg!(target_endian = "little") {
        0x97
    } else {
        0x79
    };
    b[APP_LIMITED] = if cfg!(target_endian = "little") {
        0b101
    } else {
        0b1100_0000
    };
    let t = RawTcpInfo::new(&b).decode();
    assert_eq!((t.snd_wscale, t.rcv_wscale), (7, 9));
    assert!(t.delivery_rate_app_limited);
    assert_eq!(t.fastopen_client_fail, 2);
}

#[test]
fn a_field_cut_in_half_reads_zero_and_every_prefix_decodes() {
    let b = patterned();
    // rtt is at 68..72: a 70-byte struct has half of it.
    assert_eq!(RawTcpInfo::new(&b[..70]).decode().rtt, 0);
    assert_ne!(RawTcpInfo::new(&b[..72]).decode().rtt, 0);
    for cut in 0..=b.len() {
        let t = RawTcpInfo::new(&b[..cut]).decode();
        assert_eq!(usize::from(t.len), cut);
    }
}
