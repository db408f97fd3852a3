//! Wire form of socket details: the `tcp_info` object (every field of the
//! kernel struct, named with its unit) and `skmem`. Part of schema
//! `sockscope.sockets/1` (added fields; documented in the README, "JSON output"). The field
//! list here IS the schema: renaming an entry changes the schema.

use serde::ser::{Serialize, SerializeMap, Serializer};
use sockscope::model::{Skmem, TcpInfo};

/// `tcpi_options` bits and their names (include/uapi/linux/tcp.h).
const OPTION_NAMES: [(u8, &str); 8] = [
    (1, "timestamps"),
    (2, "sack"),
    (4, "wscale"),
    (8, "ecn"),
    (16, "ecn_seen"),
    (32, "syn_data"),
    (64, "usec_ts"),
    (128, "tfo_child"),
];

/// Names of the `ca_state` values.
fn ca_state_name(v: u8) -> &'static str {
    match v {
        0 => "open",
        1 => "disorder",
        2 => "cwr",
        3 => "recovery",
        4 => "loss",
        _ => "unknown",
    }
}

/// Every numeric field, in struct order, with its JSON name.
fn numbers(t: &TcpInfo) -> [(&'static str, u64); 70] {
    fn u(v: impl Into<u64>) -> u64 {
        v.into()
    }
    [
        ("struct_len", u(t.len)),
        ("state_code", u(t.state)),
        ("ca_state_code", u(t.ca_state)),
        ("retransmits", u(t.retransmits)),
        ("probes", u(t.probes)),
        ("backoff", u(t.backoff)),
        ("options_code", u(t.options)),
        ("snd_wscale", u(t.snd_wscale)),
        ("rcv_wscale", u(t.rcv_wscale)),
        ("fastopen_client_fail", u(t.fastopen_client_fail)),
        ("rto_us", u(t.rto)),
        ("ato_us", u(t.ato)),
        ("snd_mss", u(t.snd_mss)),
        ("rcv_mss", u(t.rcv_mss)),
        ("unacked", u(t.unacked)),
        ("sacked", u(t.sacked)),
        ("lost", u(t.lost)),
        ("retrans", u(t.retrans)),
        ("fackets", u(t.fackets)),
        ("last_data_sent_ms", u(t.last_data_sent)),
        ("last_ack_sent_ms", u(t.last_ack_sent)),
        ("last_data_recv_ms", u(t.last_data_recv)),
        ("last_ack_recv_ms", u(t.last_ack_recv)),
        ("pmtu", u(t.pmtu)),
        ("rcv_ssthresh", u(t.rcv_ssthresh)),
        ("rtt_us", u(t.rtt)),
        ("rttvar_us", u(t.rttvar)),
        ("snd_ssthresh", u(t.snd_ssthresh)),
        ("snd_cwnd", u(t.snd_cwnd)),
        ("advmss", u(t.advmss)),
        ("reordering", u(t.reordering)),
        ("rcv_rtt_us", u(t.rcv_rtt)),
        ("rcv_space", u(t.rcv_space)),
        ("total_retrans", u(t.total_retrans)),
        ("pacing_rate_bytes_per_sec", t.pacing_rate),
        ("max_pacing_rate_bytes_per_sec", t.max_pacing_rate),
        ("bytes_acked", t.bytes_acked),
        ("bytes_received", t.bytes_received),
        ("segs_out", u(t.segs_out)),
        ("segs_in", u(t.segs_in)),
        ("notsent_bytes", u(t.notsent_bytes)),
        ("min_rtt_us", u(t.min_rtt)),
        ("data_segs_in", u(t.data_segs_in)),
        ("data_segs_out", u(t.data_segs_out)),
        ("delivery_rate_bytes_per_sec", t.delivery_rate),
        ("busy_time_us", t.busy_time),
        ("rwnd_limited_us", t.rwnd_limited),
        ("sndbuf_limited_us", t.sndbuf_limited),
        ("delivered", u(t.delivered)),
        ("delivered_ce", u(t.delivered_ce)),
        ("bytes_sent", t.bytes_sent),
        ("bytes_retrans", t.bytes_retrans),
        ("dsack_dups", u(t.dsack_dups)),
        ("reord_seen", u(t.reord_seen)),
        ("rcv_ooopack", u(t.rcv_ooopack)),
        ("snd_wnd", u(t.snd_wnd)),
        ("rcv_wnd", u(t.rcv_wnd)),
        ("rehash", u(t.rehash)),
        ("total_rto", u(t.total_rto)),
        ("total_rto_recoveries", u(t.total_rto_recoveries)),
        ("total_rto_time_ms", u(t.total_rto_time)),
        ("received_ce", u(t.received_ce)),
        ("delivered_e1_bytes", u(t.delivered_e1_bytes)),
        ("delivered_e0_bytes", u(t.delivered_e0_bytes)),
        ("delivered_ce_bytes", u(t.delivered_ce_bytes)),
        ("received_e1_bytes", u(t.received_e1_bytes)),
        ("received_e0_bytes", u(t.received_e0_bytes)),
        ("received_ce_bytes", u(t.received_ce_bytes)),
        ("accecn_fail_mode", u(t.accecn_fail_mode)),
        ("accecn_opt_seen", u(t.accecn_opt_seen)),
    ]
}

/// `"tcp_info": {...}`.
#[derive(Debug)]
pub struct WireTcpInfo<'a>(pub &'a TcpInfo);

impl Serialize for WireTcpInfo<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let nums = numbers(t);
        let mut m = ser.serialize_map(Some(nums.len() + 3))?;
        m.serialize_entry("ca_state", ca_state_name(t.ca_state))?;
        let options: Vec<&str> = OPTION_NAMES
            .iter()
            .filter(|(bit, _)| t.options & bit != 0)
            .map(|(_, name)| *name)
            .collect();
        m.serialize_entry("options", &options)?;
        m.serialize_entry("delivery_rate_app_limited", &t.delivery_rate_app_limited)?;
        for (k, v) in nums {
            m.serialize_entry(k, &v)?;
        }
        m.end()
    }
}

/// `"skmem": {...}`, bytes except `drops`.
#[derive(Debug, serde::Serialize)]
pub struct WireSkmem {
    pub rmem_alloc: u32,
    pub rcvbuf: u32,
    pub wmem_alloc: u32,
    pub sndbuf: u32,
    pub fwd_alloc: u32,
    pub wmem_queued: u32,
    pub optmem: u32,
    pub backlog: u32,
    pub drops: u32,
}

impl From<&Skmem> for WireSkmem {
    fn from(m: &Skmem) -> WireSkmem {
        WireSkmem {
            rmem_alloc: m.rmem_alloc,
            rcvbuf: m.rcvbuf,
            wmem_alloc: m.wmem_alloc,
            sndbuf: m.sndbuf,
            fwd_alloc: m.fwd_alloc,
            wmem_queued: m.wmem_queued,
            optmem: m.optmem,
            backlog: m.backlog,
            drops: m.drops,
        }
    }
}
