//! Does sock_diag list sockets in the order /proc/net/* does (which netstat
//! prints)? The test process opens its own sockets, reads /proc and dumps,
//! and compares the relative order of its own entries only, so sockets of
//! other processes coming and going in between do not matter.

#![allow(clippy::unwrap_used)]

use std::collections::HashSet;
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::os::unix::net::{UnixDatagram, UnixListener, UnixStream};

use super::live_tests::{ino, TempDir};
use super::{dump_inet, dump_unix};
use crate::model::{Family, InetProto};

/// Rows of a /proc/net table, whitespace-split, header skipped.
fn proc_rows(file: &str) -> Vec<Vec<String>> {
    std::fs::read_to_string(format!("/proc/net/{file}"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().map(str::to_owned).collect())
        .collect()
}

/// Port of a /proc/net/tcp address column ("0100007F:1F90").
fn port(col: &str) -> u16 {
    u16::from_str_radix(col.rsplit(':').next().unwrap(), 16).unwrap()
}

#[test]
fn tcp_order_matches_proc() {
    // Listeners, connected pairs, TIME_WAIT and request sockets, all on ports
    // of our own listeners: an entry is ours when either port is one of them.
    let listeners: Vec<_> = (0..24)
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    let ports: HashSet<u16> = listeners
        .iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect();
    let mut keep = Vec::new();
    for (i, l) in listeners.iter().enumerate() {
        let c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
        let (a, _) = l.accept().unwrap();
        if i % 3 == 0 {
            drop(c); // -> TIME_WAIT (once the server side closes too)
            drop(a);
        } else {
            keep.push((c, a));
        }
    }
    std::thread::sleep(std::time::Duration::from_millis(50));
    let key = |lp: u16, rp: u16, st: u8| (lp, rp, st);
    let proc: Vec<_> = proc_rows("tcp")
        .iter()
        .map(|r| {
            let st = u8::from_str_radix(&r[3], 16).unwrap();
            key(port(&r[1]), port(&r[2]), st)
        })
        .filter(|k| ports.contains(&k.0) || ports.contains(&k.1))
        .collect();
    let mut v = Vec::new();
    dump_inet(InetProto::Tcp, Family::Inet, &mut v).unwrap();
    let diag: Vec<_> = v
        .iter()
        .map(|s| key(s.local_port, s.remote_port, s.state.code()))
        .filter(|k| ports.contains(&k.0) || ports.contains(&k.1))
        .collect();
    assert!(proc.len() > 60, "{}", proc.len());
    assert_eq!(diag, proc);
}

#[test]
fn udp_order_matches_proc() {
    let socks: Vec<_> = (0..40)
        .map(|_| UdpSocket::bind("127.0.0.1:0").unwrap())
        .collect();
    let ours: HashSet<u64> = socks.iter().map(ino).collect();
    let proc: Vec<u64> = proc_rows("udp")
        .iter()
        .map(|r| r[9].parse().unwrap())
        .filter(|i| ours.contains(i))
        .collect();
    let mut v = Vec::new();
    dump_inet(InetProto::Udp, Family::Inet, &mut v).unwrap();
    let diag: Vec<u64> = v
        .iter()
        .map(|s| s.inode)
        .filter(|i| ours.contains(i))
        .collect();
    assert_eq!(proc.len(), 40);
    assert_eq!(diag, proc);
}

#[test]
fn unix_order_matches_proc() {
    let tmp = TempDir::new("order");
    let dir = &tmp.0;
    let mut fds: Vec<std::os::fd::OwnedFd> = Vec::new();
    for i in 0..15 {
        let l = UnixListener::bind(dir.join(format!("l{i}"))).unwrap();
        let c = UnixStream::connect(dir.join(format!("l{i}"))).unwrap();
        let (a, _) = l.accept().unwrap();
        let (p, q) = UnixStream::pair().unwrap();
        let d = UnixDatagram::unbound().unwrap();
        fds.extend([l.into(), c.into(), a.into(), p.into(), q.into(), d.into()]);
    }
    let ours: HashSet<u64> = fds.iter().map(ino).collect();
    let proc: Vec<u64> = proc_rows("unix")
        .iter()
        .map(|r| r[6].parse().unwrap())
        .filter(|i| ours.contains(i))
        .collect();
    let mut v = Vec::new();
    dump_unix(&mut v).unwrap();
    let diag: Vec<u64> = v
        .iter()
        .map(|s| s.inode)
        .filter(|i| ours.contains(i))
        .collect();
    assert_eq!(proc.len(), 90);
    assert_eq!(diag, proc);
}
