//! Fuzz target: the ss filter parser, then the evaluator and the kernel
//! pushdown compiler on whatever parses, must never panic; every program
//! compiled must pass the kernel's audit. Names resolve from a fixed table
//! (no DNS while fuzzing). Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run filter_parser`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sockscope::filter::bytecode::audit;
use sockscope::filter::{Filter, FixedLookup};
use sockscope::model::{Family, InetProto};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(filter) = Filter::parse_ss(&text, &FixedLookup::sample()) else {
        return;
    };
    for proto in [InetProto::Tcp, InetProto::Udp] {
        for family in [Family::Inet, Family::Inet6] {
            let p = filter.pushdown(proto, family);
            if !p.bytecode.is_empty() {
                assert!(audit(&p.bytecode).is_ok(), "{text:?}");
            }
        }
    }
});
