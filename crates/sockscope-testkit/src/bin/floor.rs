//! `sockscope-floor`: the benchmark's floor. It does the least work any tool
//! must do for `-tan`: one sock_diag walk of TCP over IPv4 and IPv6 (the
//! legacy both-families request; two per-family dumps if the kernel refuses
//! it), each socket decoded and dropped; and, with `-p`, for `-tanp`: plus
//! one scan of every /proc/*/fd into the socket → process map (the
//! library's, spread over the cores). It prints only counts. sockscope's
//! cost is judged against this.

use sockscope::model::{Family, InetProto};
use sockscope::sys::linux::netlink::{visit_inet, InetDump};
use sockscope::sys::linux::procfs;
use std::process::ExitCode;

fn main() -> ExitCode {
    let with_pids = std::env::args().any(|a| a == "-p");
    let mut owners = 0;
    if with_pids {
        let mut warnings = Vec::new();
        match procfs::process_map(&mut warnings) {
            Ok(map) => owners = map.len(),
            Err(e) => {
                eprintln!("sockscope-floor: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let mut sockets = 0usize;
    let mut count = |_: &sockscope::model::InetSocket| {
        sockets += 1;
        Ok(())
    };
    if visit_inet(&InetDump::all(InetProto::Tcp, None), &mut count).is_err() {
        sockets = 0;
        let mut count = |_: &sockscope::model::InetSocket| {
            sockets += 1;
            Ok(())
        };
        for family in [Family::Inet, Family::Inet6] {
            if let Err(e) = visit_inet(&InetDump::all(InetProto::Tcp, Some(family)), &mut count) {
                eprintln!("sockscope-floor: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!("{sockets} sockets, {owners} owned");
    ExitCode::SUCCESS
}
