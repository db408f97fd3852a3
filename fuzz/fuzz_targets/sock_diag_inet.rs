//! Fuzz target: inet_diag replies (every protocol, with and without details),
//! the detail attributes, and `tcp_info` / `mptcp_info` of any length.
//! Every decoder of the group runs on each input (so an input one format
//! finds interesting also reaches the others); none may panic. Entry points:
//! `sockscope::fuzzing`. Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run sock_diag_inet`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sockscope::fuzzing::{
    decode_inet_details, decode_inet_diag, decode_mptcp_info, decode_tcp_info,
};

fuzz_target!(|data: &[u8]| {
    decode_inet_diag(data);
    decode_inet_details(data);
    decode_tcp_info(data);
    decode_mptcp_info(data);
});
