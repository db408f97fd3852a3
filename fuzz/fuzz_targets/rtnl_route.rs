//! Fuzz target: rtnetlink RTM_NEWROUTE reply streams (routes, metrics,
//! multipath next hops).
//! Every decoder of the group runs on each input (so an input one format
//! finds interesting also reaches the others); none may panic. Entry points:
//! `sockscope::fuzzing`. Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run rtnl_route`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sockscope::fuzzing::decode_rtnl_route;

fuzz_target!(|data: &[u8]| {
    decode_rtnl_route(data);
});
