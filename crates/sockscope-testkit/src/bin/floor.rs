//! `sockscope-floor`: the benchmark's floor. It does the least work any tool
//! must do for `-tan`: one sock_diag walk of TCP over IPv4 and IPv6 (the
//! legacy both-families request; two per-family dumps if the kernel refuses
//! it), each socket decoded and dropped; and, with `-p`, for `-tanp`: plus
//! one scan of every /proc/*/fd into the socket → process map (the
//! library's, spread over the cores). It prints only counts. sockscope's
//! cost is judged against this.

use sockscope::sockets::floor;
use std::process::ExitCode;

fn main() -> ExitCode {
    let with_pids = std::env::args().any(|a| a == "-p");
    let owners = if with_pids {
        match floor::process_owners() {
            Ok(n) => n,
            Err(e) => {
                eprintln!("sockscope-floor: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        0
    };
    match floor::tcp_sockets() {
        Ok(sockets) => {
            println!("{sockets} sockets, {owners} owned");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sockscope-floor: {e}");
            ExitCode::FAILURE
        }
    }
}
