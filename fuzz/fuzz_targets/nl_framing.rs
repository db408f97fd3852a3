//! Fuzz target: the generic netlink walkers: nlmsg framing of a reply stream,
//! attribute lists (and nested lists), the SOCK_DESTROY ack reader.
//! Every decoder of the group runs on each input (so an input one format
//! finds interesting also reaches the others); none may panic. Entry points:
//! `sockscope::fuzzing`. Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run nl_framing`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sockscope::fuzzing::{decode_destroy_ack, decode_nl_attrs, decode_nlmsg};

fuzz_target!(|data: &[u8]| {
    decode_nlmsg(data);
    decode_nl_attrs(data);
    decode_destroy_ack(data);
});
