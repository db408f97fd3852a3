//! Fuzz target: ctnetlink IPCTNL_MSG_CT_NEW reply streams (conntrack entries).
//! Every decoder of the group runs on each input (so an input one format
//! finds interesting also reaches the others); none may panic. Entry points:
//! `sockscope::fuzzing`. Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run ctnetlink`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sockscope::fuzzing::decode_ctnetlink;

fuzz_target!(|data: &[u8]| {
    decode_ctnetlink(data);
});
