//! `sockscope-floor`: the benchmark's floor. It does the least work any tool
//! must do for `-tan` (a sock_diag dump of TCP over IPv4 and IPv6, decoded)
//! and, with `-p`, for `-tanp` (plus one scan of every /proc/*/fd), and
//! prints only counts. sockscope's cost is judged against this.

use sockscope::model::{Family, InetProto};
use sockscope::sys::linux::{netlink, procfs};
use std::process::ExitCode;

fn main() -> ExitCode {
    let with_pids = std::env::args().any(|a| a == "-p");
    let mut sockets = Vec::new();
    for family in [Family::Inet, Family::Inet6] {
        if let Err(e) = netlink::dump_inet(InetProto::Tcp, family, &mut sockets) {
            eprintln!("sockscope-floor: {e}");
            return ExitCode::FAILURE;
        }
    }
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
    println!("{} sockets, {} owned", sockets.len(), owners);
    ExitCode::SUCCESS
}
