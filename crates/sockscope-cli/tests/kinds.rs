//! The socket kinds netstat does not know, against the real kernel: the
//! test opens its own ICMP ping, packet, netlink and MPTCP sockets inside a
//! namespace (`Netns::run_in`), then checks that
//! `sockscope conns --icmp --packet --netlink --mptcp --json` lists each
//! with the right fields, that ss (`-0`, `-f netlink`, `-M`) sees the same
//! sockets, that ICMP matches /proc/net/icmp{,6} (ss has none), that the
//! selection rules and filters apply to them, that SCTP is reported as
//! unavailable when the kernel lacks it, and that `summary` counts them.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::fs::MetadataExt;
use std::process::Output;

use serde_json::Value;
use sockscope_testkit::Netns;

/// The sockets the test holds, by inode.
struct Held {
    _fds: Vec<OwnedFd>,
    icmp4: u64,
    icmp4_connected: u64,
    icmp6: u64,
    packet_lo: u64,
    packet_any: u64,
    route: u64,
    route_portid: u32,
    genl: u64,
    /// listener, client, server inodes and the port; `None` when the
    /// kernel refuses MPTCP sockets.
    mptcp: Option<(u64, u64, u64, u16)>,
}

fn ino(fd: &OwnedFd) -> u64 {
    std::fs::metadata(format!("/proc/self/fd/{}", fd.as_raw_fd()))
        .unwrap()
        .ino()
}

fn socket(domain: i32, ty: i32, proto: i32) -> std::io::Result<OwnedFd> {
    // SAFETY: socket(2) with plain integer arguments.
    let fd = unsafe { libc::socket(domain, ty | libc::SOCK_CLOEXEC, proto) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: a fresh descriptor nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

fn call<A>(
    what: &str,
    fd: &OwnedFd,
    addr: &A,
    f: unsafe extern "C" fn(i32, *const libc::sockaddr, u32) -> i32,
) {
    // SAFETY: `addr` is a live sockaddr of `size_of::<A>()` bytes.
    let rc = unsafe {
        f(
            fd.as_raw_fd(),
            (addr as *const A).cast(),
            size_of::<A>() as u32,
        )
    };
    assert_eq!(rc, 0, "{what}: {}", std::io::Error::last_os_error());
}

fn sin(ip: [u8; 4], port: u16) -> libc::sockaddr_in {
    // SAFETY: sockaddr_in is plain integers; all-zero is valid.
    let mut a: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    a.sin_family = libc::AF_INET as u16;
    a.sin_addr.s_addr = u32::from_ne_bytes(ip);
    a.sin_port = port.to_be();
    a
}

fn open_sockets() -> Held {
    let mut fds = Vec::new();
    let mut keep = |fd: OwnedFd| {
        let i = ino(&fd);
        fds.push(fd);
        i
    };
    let lo = sin([127, 0, 0, 1], 0);
    let icmp4 = socket(libc::AF_INET, libc::SOCK_DGRAM, libc::IPPROTO_ICMP).unwrap();
    call("bind icmp", &icmp4, &lo, libc::bind);
    let icmp4c = socket(libc::AF_INET, libc::SOCK_DGRAM, libc::IPPROTO_ICMP).unwrap();
    call("connect icmp", &icmp4c, &lo, libc::connect);
    let icmp6 = socket(libc::AF_INET6, libc::SOCK_DGRAM, libc::IPPROTO_ICMPV6).unwrap();
    // SAFETY: sockaddr_in6 is plain integers; all-zero is valid.
    let mut lo6: libc::sockaddr_in6 = unsafe { std::mem::zeroed() };
    lo6.sin6_family = libc::AF_INET6 as u16;
    lo6.sin6_addr.s6_addr[15] = 1;
    call("bind icmp6", &icmp6, &lo6, libc::bind);

    let all = 3u16.to_be();
    let packet_lo = socket(libc::AF_PACKET, libc::SOCK_RAW, i32::from(all)).unwrap();
    // SAFETY: sockaddr_ll is plain integers; all-zero is valid.
    let mut sll: libc::sockaddr_ll = unsafe { std::mem::zeroed() };
    sll.sll_family = libc::AF_PACKET as u16;
    sll.sll_protocol = all;
    sll.sll_ifindex = 1;
    call("bind packet", &packet_lo, &sll, libc::bind);
    // An experimental ethertype on every interface: nothing arrives.
    let packet_any = socket(
        libc::AF_PACKET,
        libc::SOCK_DGRAM,
        i32::from(0x88b5u16.to_be()),
    )
    .unwrap();

    let route = socket(libc::AF_NETLINK, libc::SOCK_RAW, libc::NETLINK_ROUTE).unwrap();
    // SAFETY: sockaddr_nl is plain integers; all-zero is valid.
    let mut nl: libc::sockaddr_nl = unsafe { std::mem::zeroed() };
    nl.nl_family = libc::AF_NETLINK as u16;
    nl.nl_groups = 1;
    call("bind route", &route, &nl, libc::bind);
    let mut len = size_of::<libc::sockaddr_nl>() as u32;
    // SAFETY: `nl` is writable for `len` bytes; the kernel updates `len`.
    let rc = unsafe { libc::getsockname(route.as_raw_fd(), (&raw mut nl).cast(), &mut len) };
    assert_eq!(rc, 0);
    let route_portid = nl.nl_pid;
    let genl = socket(libc::AF_NETLINK, libc::SOCK_DGRAM, libc::NETLINK_GENERIC).unwrap();
    nl.nl_pid = 0;
    nl.nl_groups = 0;
    call("connect genl", &genl, &nl, libc::connect);

    let mptcp = socket(libc::AF_INET, libc::SOCK_STREAM, 262).ok().map(|l| {
        call("bind mptcp", &l, &lo, libc::bind);
        // SAFETY: listen(2) on an open, bound socket.
        assert_eq!(unsafe { libc::listen(l.as_raw_fd(), 8) }, 0);
        let l = std::net::TcpListener::from(l);
        let port = l.local_addr().unwrap().port();
        let c = socket(libc::AF_INET, libc::SOCK_STREAM, 262).unwrap();
        call(
            "connect mptcp",
            &c,
            &sin([127, 0, 0, 1], port),
            libc::connect,
        );
        let (a, _) = l.accept().unwrap();
        let mut c = std::net::TcpStream::from(c);
        std::io::Write::write_all(&mut c, b"hello").unwrap();
        (OwnedFd::from(l), OwnedFd::from(c), OwnedFd::from(a), port)
    });
    Held {
        icmp4: keep(icmp4),
        icmp4_connected: keep(icmp4c),
        icmp6: keep(icmp6),
        packet_lo: keep(packet_lo),
        packet_any: keep(packet_any),
        route: keep(route),
        route_portid,
        genl: keep(genl),
        mptcp: mptcp.map(|(l, c, a, port)| (keep(l), keep(c), keep(a), port)),
        _fds: fds,
    }
}

fn run(ns: &Netns, program: &str, args: &[&str]) -> Output {
    let out = common::run(ns, program, args);
    assert!(
        out.status.success(),
        "{program} {args:?}: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn sockscope_json(ns: &Netns, args: &[&str]) -> Vec<Value> {
    let out = run(ns, common::sockscope().to_str().unwrap(), args);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["sockets"].as_array().unwrap().clone()
}

fn by_inode(v: &[Value], inode: u64) -> &Value {
    let mut it = v.iter().filter(|s| s["inode"] == inode);
    let s = it
        .next()
        .unwrap_or_else(|| panic!("inode {inode} not listed"));
    assert!(it.next().is_none(), "inode {inode} listed twice");
    s
}

/// Data lines of `ss -H ...` (continuation lines dropped), split.
fn ss_rows(ns: &Netns, args: &[&str]) -> Vec<Vec<String>> {
    let out = run(ns, "ss", args);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with(char::is_whitespace) && !l.is_empty())
        .map(|l| l.split_whitespace().map(str::to_owned).collect())
        .collect()
}

/// `ino:N` and `sk:HEX` of an `ss -e` row.
fn ss_ino_cookie(row: &[String]) -> (u64, u64) {
    let get = |p: &str| {
        row.iter()
            .find_map(|f| f.strip_prefix(p))
            .unwrap()
            .to_owned()
    };
    (
        get("ino:").parse().unwrap(),
        u64::from_str_radix(&get("sk:"), 16).unwrap(),
    )
}

#[test]
fn other_kinds_listed_as_the_kernel_and_ss_see_them() {
    let Some(ns) = Netns::for_test(&[]) else {
        return;
    };
    run(
        &ns,
        "sysctl",
        &["-qw", "net.ipv4.ping_group_range=0 2147483647"],
    );
    let held = ns.run_in(open_sockets).unwrap();
    let v = sockscope_json(
        &ns,
        &[
            "conns",
            "-a",
            "--icmp",
            "--packet",
            "--netlink",
            "--mptcp",
            "--json",
        ],
    );

    // ICMP: what /proc/net/icmp{,6} say (ss has no ping sockets).
    let s = by_inode(&v, held.icmp4);
    assert_eq!(
        (s["proto"].clone(), s["family"].clone(), s["state"].clone()),
        ("icmp".into(), "inet".into(), "CLOSE".into())
    );
    assert_eq!(s["local"]["address"], "127.0.0.1");
    assert_ne!(s["local"]["port"], 0, "the echo identifier");
    let s = by_inode(&v, held.icmp4_connected);
    assert_eq!(
        (s["state"].clone(), s["remote"]["address"].clone()),
        ("ESTABLISHED".into(), "127.0.0.1".into())
    );
    assert_eq!(by_inode(&v, held.icmp6)["family"], "inet6");
    for file in ["icmp", "icmp6"] {
        let text =
            String::from_utf8(run(&ns, "cat", &[&format!("/proc/net/{file}")]).stdout).unwrap();
        let proc: BTreeSet<u64> = text
            .lines()
            .skip(1)
            .map(|l| l.split_whitespace().nth(9).unwrap().parse().unwrap())
            .collect();
        let family = if file == "icmp" { "inet" } else { "inet6" };
        let ours: BTreeSet<u64> = v
            .iter()
            .filter(|s| s["proto"] == "icmp" && s["family"] == family)
            .map(|s| s["inode"].as_u64().unwrap())
            .collect();
        assert_eq!(ours, proc, "{file}");
    }

    // Packet: fields, and the same sockets (inode, cookie, local) as ss -0.
    let s = by_inode(&v, held.packet_lo);
    assert_eq!(
        (
            s["type"].clone(),
            s["protocol"].clone(),
            s["protocol_name"].clone()
        ),
        ("RAW".into(), 3.into(), "all".into())
    );
    assert_eq!(
        (
            s["ifindex"].clone(),
            s["interface"].clone(),
            s["running"].clone()
        ),
        (1.into(), "lo".into(), true.into())
    );
    let s = by_inode(&v, held.packet_any);
    assert_eq!(
        (
            s["type"].clone(),
            s["protocol"].clone(),
            s["ifindex"].clone()
        ),
        ("DGRAM".into(), 0x88b5.into(), 0.into())
    );
    let ss: BTreeMap<u64, (u64, String)> = ss_rows(&ns, &["-0", "-a", "-e", "-n", "-H"])
        .iter()
        .map(|r| {
            let (ino, cookie) = ss_ino_cookie(r);
            (ino, (cookie, r[4].clone()))
        })
        .collect();
    let ours: BTreeMap<u64, (u64, String)> = v
        .iter()
        .filter(|s| s["proto"] == "packet")
        .map(|s| {
            let proto = match s["protocol"].as_u64().unwrap() {
                3 => "*".to_owned(),
                p => format!("[{p}]"),
            };
            let iface = s["interface"].as_str().unwrap_or("*");
            (
                s["inode"].as_u64().unwrap(),
                (s["cookie"].as_u64().unwrap(), format!("{proto}:{iface}")),
            )
        })
        .collect();
    assert_eq!(ours, ss, "packet sockets: sockscope vs ss -0");

    // Netlink: fields, and the same (protocol, port id) set as ss, leaving
    // out each tool's own sock_diag socket.
    let s = by_inode(&v, held.route);
    assert_eq!(
        (
            s["protocol_name"].clone(),
            s["portid"].clone(),
            s["groups"].clone()
        ),
        (
            "rtnl".into(),
            held.route_portid.into(),
            serde_json::json!([1])
        )
    );
    assert_eq!(s["state"], "UNCONNECTED");
    let s = by_inode(&v, held.genl);
    assert_eq!(
        (
            s["protocol_name"].clone(),
            s["state"].clone(),
            s["dst_portid"].clone()
        ),
        ("genl".into(), "CONNECTED".into(), 0.into())
    );
    let not_diag_client = |p: u64, port: u64| !(p == 4 && port != 0);
    let ss: BTreeSet<(u64, u64)> = ss_rows(&ns, &["-f", "netlink", "-a", "-n", "-H"])
        .iter()
        .map(|r| {
            let (p, port) = r[3].split_once(':').unwrap();
            (p.parse().unwrap(), port.parse().unwrap())
        })
        .filter(|&(p, port)| not_diag_client(p, port))
        .collect();
    let ours: BTreeSet<(u64, u64)> = v
        .iter()
        .filter(|s| s["proto"] == "netlink")
        .map(|s| {
            (
                s["protocol"].as_u64().unwrap(),
                s["portid"].as_u64().unwrap(),
            )
        })
        .filter(|&(p, port)| not_diag_client(p, port))
        .collect();
    assert_eq!(ours, ss, "netlink sockets: sockscope vs ss -f netlink");

    // MPTCP: the same sockets (inode, cookie, state, ends) as ss -M.
    let Some((listener, client, server, port)) = held.mptcp else {
        eprintln!("MPTCP not checked: the kernel refuses MPTCP sockets");
        return;
    };
    let s = by_inode(&v, listener);
    assert_eq!(
        (
            s["proto"].clone(),
            s["state"].clone(),
            s["local"]["port"].clone()
        ),
        ("mptcp".into(), "LISTEN".into(), port.into())
    );
    let s = by_inode(&v, client);
    assert_eq!(
        (s["state"].clone(), s["remote"]["port"].clone()),
        ("ESTABLISHED".into(), port.into())
    );
    assert!(s["mptcp_info"]["token"].as_u64().unwrap() != 0);
    assert_eq!(by_inode(&v, server)["mptcp_info"]["bytes_received"], 5);
    let ss: BTreeMap<u64, (u64, String, String, String)> =
        ss_rows(&ns, &["-M", "-a", "-e", "-n", "-H"])
            .iter()
            .map(|r| {
                let (ino, cookie) = ss_ino_cookie(r);
                (
                    ino,
                    (
                        cookie,
                        r[0].replace("ESTAB", "ESTABLISHED"),
                        r[3].clone(),
                        r[4].replace("0.0.0.0:*", "0.0.0.0:0"),
                    ),
                )
            })
            .collect();
    let end = |e: &Value| format!("{}:{}", e["address"].as_str().unwrap(), e["port"]);
    let ours: BTreeMap<u64, (u64, String, String, String)> = v
        .iter()
        .filter(|s| s["proto"] == "mptcp")
        .map(|s| {
            let state = s["state"].as_str().unwrap().to_owned();
            (
                s["inode"].as_u64().unwrap(),
                (
                    s["cookie"].as_u64().unwrap(),
                    state,
                    end(&s["local"]),
                    end(&s["remote"]),
                ),
            )
        })
        .collect();
    assert_eq!(ours, ss, "MPTCP sockets: sockscope vs ss -M");
}

#[test]
fn selection_filters_sctp_and_summary() {
    let Some(ns) = Netns::for_test(&[]) else {
        return;
    };
    run(
        &ns,
        "sysctl",
        &["-qw", "net.ipv4.ping_group_range=0 2147483647"],
    );
    let held = ns.run_in(open_sockets).unwrap();
    let bin = common::sockscope();
    let bin = bin.to_str().unwrap();

    // Packet sockets are never servers: listed without -a, not with -l.
    let inodes = |args: &[&str]| -> BTreeSet<u64> {
        let mut a = args.to_vec();
        a.insert(1, "--json");
        sockscope_json(&ns, &a)
            .iter()
            .map(|s| s["inode"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(
        inodes(&["conns", "-0"]),
        BTreeSet::from([held.packet_lo, held.packet_any])
    );
    assert!(inodes(&["conns", "-0", "-l"]).is_empty());
    // Unconnected ICMP sockets are "servers", as unconnected UDP ones.
    assert_eq!(
        inodes(&["conns", "--icmp"]),
        BTreeSet::from([held.icmp4_connected])
    );
    assert_eq!(
        inodes(&["conns", "--icmp", "-l"]),
        BTreeSet::from([held.icmp4, held.icmp6])
    );
    // Filters: dev, kind by flags, plain flags.
    assert_eq!(
        inodes(&["conns", "-0", "dev", "=", "lo"]),
        BTreeSet::from([held.packet_lo])
    );
    assert!(inodes(&["conns", "-0", "--netlink", "sport", "=", ":1"]).is_empty());
    assert_eq!(
        inodes(&["conns", "--netlink", "-a", "--user", "0"]),
        BTreeSet::new()
    );
    let mine = inodes(&["conns", "--netlink", "-a"]);
    assert!(mine.contains(&held.route) && mine.contains(&held.genl));

    // The table shows ss-like ends.
    let out = run(
        &ns,
        bin,
        &[
            "conns",
            "-0",
            "--netlink",
            "-a",
            "--columns",
            "proto,state,local,remote",
        ],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<&str>> = text
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(
        rows.contains(&vec!["packet-raw", "UNCONN", "*:lo", "*"]),
        "{text}"
    );
    assert!(
        rows.contains(&vec!["packet-dgram", "UNCONN", "0x88b5:*", "*"]),
        "{text}"
    );
    assert!(
        rows.iter().any(|r| r.len() == 4
            && r[1] == "CONNECTED"
            && r[2].starts_with("genl:")
            && r[3] == "kernel"),
        "{text}"
    );
    assert!(text.contains("rtnl:kernel"), "{text}");
    assert!(
        text.contains(&format!("rtnl:{}", held.route_portid)),
        "{text}"
    );

    // SCTP: listed from sctp_diag or /proc when the kernel has it; else
    // a clear warning and exit 0.
    let out = run(&ns, bin, &["conns", "-S", "-a"]);
    let err = String::from_utf8_lossy(&out.stderr);
    if !std::path::Path::new("/proc/net/sctp").exists() {
        assert!(
            err.contains("sockscope: warning: sctp: not available (the kernel has no SCTP support"),
            "{err}"
        );
    }

    // Summary: the new kinds are counted; an absent SCTP is not a row and
    // not a warning under the table.
    let out = run(&ns, bin, &["summary", "--json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let proto = |n: &str| {
        doc["protocols"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["proto"] == n)
            .cloned()
    };
    let icmp = proto("icmp").unwrap();
    assert_eq!(
        (
            icmp["total"].clone(),
            icmp["inet"].clone(),
            icmp["inet6"].clone()
        ),
        (3.into(), 2.into(), 1.into())
    );
    assert_eq!(doc["packet"]["total"], 2);
    assert_eq!(doc["packet"]["types"]["RAW"], 1);
    assert!(doc["netlink"]["protocols"]["rtnl"].as_u64().unwrap() >= 2);
    if held.mptcp.is_some() {
        assert_eq!(proto("mptcp").unwrap()["states"]["ESTABLISHED"], 2);
    }
    let out = run(&ns, bin, &["summary"]);
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("\npacket ") && table.contains("\nnetlink "),
        "{table}"
    );
    if proto("sctp").is_none() {
        assert!(!table.contains("sctp") && out.stderr.is_empty(), "{table}");
    }
}
