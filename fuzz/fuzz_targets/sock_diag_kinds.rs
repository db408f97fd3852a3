//! Fuzz target: unix_diag, packet_diag and netlink_diag reply streams.
//! Every decoder of the group runs on each input (so an input one format
//! finds interesting also reaches the others); none may panic. Entry points:
//! `sockscope::fuzzing`. Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run sock_diag_kinds`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sockscope::fuzzing::{decode_netlink_diag, decode_packet_diag, decode_unix_diag};

fuzz_target!(|data: &[u8]| {
    decode_unix_diag(data);
    decode_packet_diag(data);
    decode_netlink_diag(data);
});
