//! `sockscope-loadgen`: the benchmark's workload. Run inside a network
//! namespace (`ip netns exec NS sockscope-loadgen ...`), it opens one TCP
//! listener pair (127.0.0.1:PORT and [::1]:PORT), connects PAIRS established
//! loopback connections to them (every Nth over IPv6), accepts each, adds a
//! few UDP and UNIX sockets, writes "ready <sockets>" to the --ready file and
//! holds everything until killed. One process holds at most ~20,000 fds here:
//! the benchmark spreads its sockets over many of these.

use std::io::Write;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::os::unix::net::UnixStream;
use std::process::ExitCode;

struct Args {
    pairs: usize,
    port: u16,
    v6_every: usize,
    udp: usize,
    unix: usize,
    ready: String,
}

fn parse() -> Result<Args, String> {
    let mut a = Args {
        pairs: 1000,
        port: 20000,
        v6_every: 10,
        udp: 10,
        unix: 10,
        ready: String::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let v = it.next().ok_or(format!("{flag} needs a value"))?;
        let num = || v.parse::<usize>().map_err(|e| format!("{flag} {v}: {e}"));
        match flag.as_str() {
            "--pairs" => a.pairs = num()?,
            "--port" => a.port = v.parse().map_err(|e| format!("--port {v}: {e}"))?,
            "--v6-every" => a.v6_every = num()?,
            "--udp" => a.udp = num()?,
            "--unix" => a.unix = num()?,
            "--ready" => a.ready = v,
            _ => return Err(format!("unknown argument {flag}")),
        }
    }
    if a.ready.is_empty() {
        return Err("--ready FILE is required".into());
    }
    Ok(a)
}

fn run(a: &Args) -> std::io::Result<usize> {
    let v4 = TcpListener::bind((Ipv4Addr::LOCALHOST, a.port))?;
    let v6 = TcpListener::bind((Ipv6Addr::LOCALHOST, a.port))?;
    let mut held_tcp = Vec::with_capacity(2 * a.pairs);
    for i in 0..a.pairs {
        let (listener, addr): (&TcpListener, SocketAddr) = if a.v6_every > 0 && i % a.v6_every == 0
        {
            (&v6, (Ipv6Addr::LOCALHOST, a.port).into())
        } else {
            (&v4, (Ipv4Addr::LOCALHOST, a.port).into())
        };
        let client = TcpStream::connect(addr)?;
        let (server, _) = listener.accept()?;
        held_tcp.push(client);
        held_tcp.push(server);
    }
    let mut held_udp = Vec::with_capacity(a.udp);
    for _ in 0..a.udp {
        held_udp.push(UdpSocket::bind((Ipv4Addr::LOCALHOST, 0))?);
    }
    let mut held_unix = Vec::with_capacity(a.unix);
    for _ in 0..a.unix {
        held_unix.push(UnixStream::pair()?);
    }
    let total = 2 + held_tcp.len() + held_udp.len() + 2 * held_unix.len();
    let mut f = std::fs::File::create(&a.ready)?;
    writeln!(f, "ready {total}")?;
    drop(f);
    loop {
        std::thread::park();
    }
}

fn main() -> ExitCode {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("sockscope-loadgen: {e}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sockscope-loadgen: {e}");
            ExitCode::FAILURE
        }
    }
}
