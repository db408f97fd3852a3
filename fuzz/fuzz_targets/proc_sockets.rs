//! Fuzz target: the /proc/net socket tables: tcp/udp/udplite/raw/icmp (v4 and v6),
//! unix, packet, netlink, sctp eps and assocs.
//! Every decoder of the group runs on each input (so an input one format
//! finds interesting also reaches the others); none may panic. Entry points:
//! `sockscope::fuzzing`. Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run proc_sockets`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sockscope::fuzzing::{
    decode_proc_inet, decode_proc_netlink, decode_proc_packet, decode_proc_sctp_assocs,
    decode_proc_sctp_eps, decode_proc_unix,
};

fuzz_target!(|data: &[u8]| {
    decode_proc_inet(data);
    decode_proc_unix(data);
    decode_proc_packet(data);
    decode_proc_netlink(data);
    decode_proc_sctp_eps(data);
    decode_proc_sctp_assocs(data);
});
