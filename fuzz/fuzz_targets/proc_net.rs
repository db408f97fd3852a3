//! Fuzz target: /proc/net/dev, route, ipv6_route, if_inet6, igmp, igmp6.
//! Every decoder of the group runs on each input (so an input one format
//! finds interesting also reaches the others); none may panic. Entry points:
//! `sockscope::fuzzing`. Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run proc_net`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sockscope::fuzzing::{
    decode_proc_if_inet6, decode_proc_igmp, decode_proc_igmp6, decode_proc_ipv6_route,
    decode_proc_net_dev, decode_proc_route,
};

fuzz_target!(|data: &[u8]| {
    decode_proc_net_dev(data);
    decode_proc_route(data);
    decode_proc_ipv6_route(data);
    decode_proc_if_inet6(data);
    decode_proc_igmp(data);
    decode_proc_igmp6(data);
});
