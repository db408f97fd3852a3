//! `sockscope-timeit CMD [ARGS...]`: run one command with stdout discarded and
//! print "cpu_seconds wall_seconds max_rss_kb" with microsecond resolution
//! (GNU time rounds CPU to 10 ms, too coarse for small socket counts). Its
//! exit status is the command's; the command's stderr passes through.

use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(program) = args.next() else {
        eprintln!("usage: sockscope-timeit CMD [ARGS...]");
        return ExitCode::from(2);
    };
    let start = Instant::now();
    let child = match Command::new(&program)
        .args(args)
        .stdout(Stdio::null())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("sockscope-timeit: {}: {e}", program.to_string_lossy());
            return ExitCode::from(127);
        }
    };
    let Ok(pid) = libc::pid_t::try_from(child.id()) else {
        return ExitCode::FAILURE;
    };
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own unreaped child; the pointers are valid.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed().as_secs_f64();
    if r < 0 {
        eprintln!(
            "sockscope-timeit: wait4: {}",
            std::io::Error::last_os_error()
        );
        return ExitCode::FAILURE;
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    println!(
        "{:.6} {:.6} {}",
        secs(usage.ru_utime) + secs(usage.ru_stime),
        wall,
        usage.ru_maxrss
    );
    if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
