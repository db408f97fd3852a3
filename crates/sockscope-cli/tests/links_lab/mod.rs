//! The namespace the interface and multicast differential tests share, and
//! how they compare against netstat when counters may move.
//!
//! Interfaces (besides `lo`, up, with 127.0.0.1, ::1 and fd00::1):
//! - `va`: a veth, up, IPv4 only (IPv6 is disabled so no neighbour
//!   discovery or MLD traffic runs), 10.9.0.1/24; its peer `vb` (10.9.0.2)
//!   lives in a second namespace, and the test sends UDP to it so the
//!   counters of `va` are non-zero (over 1 MiB, for the `-ie` units).
//! - `vdown0` / `vdown1`: a veth pair, `vdown0` up but without carrier (its
//!   peer is down), with 10.8.0.1/16, an alias label `vdown0:3`
//!   (10.8.0.9/16) and fd00:8::1/64 (no DAD); `vdown1` down.
//! - `n9` / `n10`: a down veth pair whose names test netstat's numeric sort.
//! - `café` / `e<ESC>[1mx`: a down veth pair with a non-ASCII name and one
//!   holding a terminal escape (netstat prints both raw; sockscope escapes
//!   the ESC in every locale and, under `LC_ALL=C`, the bytes of `é`: see
//!   [`ESCAPED`]).
//!
//! Multicast joins held by sockets the test keeps open (opened inside the
//! namespace with `Netns::run_in`): 239.5.5.5 on `lo` and twice on `va`
//! (two users), ff15::42 on `lo` and ff15::43 on `vdown0`.
//!
//! Counters that move: joining a group on `va` sends IGMP reports, the UDP
//! traffic leaves ARP entries that the kernel may re-probe, and the first
//! seconds after `ip link set up` carry link-local traffic. [`settle`] waits
//! until /proc/net/dev stops changing; [`compare`] then runs netstat,
//! sockscope, netstat and accepts sockscope when it equals either netstat
//! run, retrying a few times when a counter moved under all three. Nothing
//! is masked.

#![allow(dead_code)]

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};
use std::path::Path;
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

use sockscope_testkit::diff::{lines, unified, visible};
use sockscope_testkit::{Mismatches, Netns};

/// The namespace and the sockets holding its multicast memberships.
pub struct Lab {
    pub ns: Netns,
    /// Holds `vb`, the far end of `va`.
    _peer: Netns,
    _joins: Vec<UdpSocket>,
}

fn ip(ns: &Netns, args: &[&str]) {
    let out = Command::new("ip")
        .arg("-n")
        .arg(ns.name())
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ip {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn sysctl(ns: &Netns, setting: &str) {
    let out = ns.exec("sysctl", ["-qw", setting]).unwrap();
    assert!(
        out.status.success(),
        "sysctl {setting}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Build the namespace; `None` when the test may skip (see `Netns::for_test`).
pub fn build() -> Option<Lab> {
    let ns = Netns::for_test(&["fd00::1/128"])?;
    let peer = Netns::for_test(&[])?;
    sysctl(&ns, "net.ipv6.conf.default.router_solicitations=0");
    sysctl(&ns, "net.ipv6.conf.default.dad_transmits=0");
    let pairs = [
        ("va", "vb"),
        ("vdown0", "vdown1"),
        ("n10", "n9"),
        ("caf\u{e9}", "e\x1b[1mx"),
    ];
    for (a, b) in pairs {
        ip(&ns, &["link", "add", a, "type", "veth", "peer", "name", b]);
    }
    sysctl(&ns, "net.ipv6.conf.va.disable_ipv6=1");
    ip(&ns, &["link", "set", "vb", "netns", peer.name()]);
    sysctl(&peer, "net.ipv6.conf.vb.disable_ipv6=1");
    ip(&peer, &["addr", "add", "10.9.0.2/24", "dev", "vb"]);
    ip(&peer, &["link", "set", "vb", "up"]);
    ip(
        &ns,
        &["addr", "add", "10.9.0.1/24", "brd", "+", "dev", "va"],
    );
    ip(
        &ns,
        &["addr", "add", "10.8.0.1/16", "brd", "+", "dev", "vdown0"],
    );
    ip(
        &ns,
        &[
            "addr",
            "add",
            "10.8.0.9/16",
            "dev",
            "vdown0",
            "label",
            "vdown0:3",
        ],
    );
    ip(
        &ns,
        &["addr", "add", "fd00:8::1/64", "dev", "vdown0", "nodad"],
    );
    ip(&ns, &["link", "set", "vdown0", "up"]);
    ip(&ns, &["link", "set", "va", "up"]);
    let joins = ns.run_in(|| join_and_send().unwrap()).unwrap();
    let lab = Lab {
        ns,
        _peer: peer,
        _joins: joins,
    };
    settle(&lab.ns);
    Some(lab)
}

/// Inside the namespace: the multicast joins, and traffic on `va` and `lo`.
fn join_and_send() -> std::io::Result<Vec<UdpSocket>> {
    let any4 = SocketAddr::from((Ipv4Addr::UNSPECIFIED, 0));
    let any6 = SocketAddr::from((Ipv6Addr::UNSPECIFIED, 0));
    let group4 = Ipv4Addr::new(239, 5, 5, 5);
    let lo4 = UdpSocket::bind(any4)?;
    lo4.join_multicast_v4(&group4, &Ipv4Addr::LOCALHOST)?;
    let va4 = UdpSocket::bind(any4)?;
    va4.join_multicast_v4(&group4, &Ipv4Addr::new(10, 9, 0, 1))?;
    let va4b = UdpSocket::bind(any4)?;
    va4b.join_multicast_v4(&group4, &Ipv4Addr::new(10, 9, 0, 1))?;
    let lo6 = UdpSocket::bind(any6)?;
    lo6.join_multicast_v6(&"ff15::42".parse().unwrap(), 1)?;
    let down6 = UdpSocket::bind(any6)?;
    down6.join_multicast_v6(&"ff15::43".parse().unwrap(), ifindex("vdown0"))?;
    // Traffic: 1200 datagrams of 1000 bytes from va to vb (in the peer
    // namespace, nobody listening), 20 on lo.
    let to = SocketAddr::from(([10, 9, 0, 2], 9));
    let from = UdpSocket::bind("10.9.0.1:0")?;
    let payload = [0x5a_u8; 1000];
    for _ in 0..1200 {
        from.send_to(&payload, to)?;
    }
    let lo_sink = UdpSocket::bind("127.0.0.1:0")?;
    for _ in 0..20 {
        lo4.send_to(b"hello", lo_sink.local_addr()?)?;
    }
    Ok(vec![lo4, va4, va4b, lo6, down6])
}

fn ifindex(name: &str) -> u32 {
    // The thread's own namespace (sysfs would show the test's mount).
    std::fs::read_to_string("/proc/thread-self/net/if_inet6")
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                let w: Vec<&str> = l.split_whitespace().collect();
                (w.last() == Some(&name)).then(|| u32::from_str_radix(w[1], 16).ok())?
            })
        })
        .unwrap_or(0)
}

/// Wait (at most 15 s) until the namespace's counters hold still for 1.5 s.
pub fn settle(ns: &Netns) {
    let read = || {
        ns.exec("cat", ["/proc/net/dev"])
            .map(|o| o.stdout)
            .unwrap_or_default()
    };
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut last = read();
    while Instant::now() < deadline {
        sleep(Duration::from_millis(1500));
        let now = read();
        if now == last {
            return;
        }
        last = now;
    }
}

fn run(ns: &Netns, program: &Path, args: &[&str], locale: &str) -> Output {
    let mut cmd = ns.command(program);
    cmd.args(args).env("LC_ALL", locale);
    sockscope_testkit::run::output_with_timeout(&mut cmd, sockscope_testkit::run::COMMAND_TIMEOUT)
        .unwrap()
}

/// The one deliberate difference from netstat's bytes here (README, "Where
/// sockscope differs"): sockscope escapes hostile names. The lab's
/// `e<ESC>[1mx` prints as `e?[1mx` in every locale; `café` is no hostile
/// name and prints as netstat prints it, in every locale. The length does
/// not change: columns stay where netstat put them.
pub const ESCAPED: &[(&[u8], &[u8])] = &[(b"e\x1b[1mx", b"e?[1mx")];

/// netstat's stdout with [`ESCAPED`] applied.
fn as_sockscope_prints(mut out: Output, _locale: &str) -> Output {
    for (from, to) in ESCAPED {
        let mut i = 0;
        while let Some(at) = out.stdout[i..].windows(from.len()).position(|w| w == *from) {
            out.stdout
                .splice(i + at..i + at + from.len(), to.iter().copied());
            i += at + to.len();
        }
    }
    out
}

fn stderr_of(name: &str, out: &Output) -> String {
    let mut s = String::new();
    for l in lines(&out.stderr) {
        s.push_str(&format!("{name} stderr: {}\n", visible(l)));
    }
    s
}

/// Compare sockscope with netstat for each argument list: netstat, then
/// sockscope, then netstat again; sockscope passes when its stdout and
/// status equal either netstat run. When neither matches and the two
/// netstat runs differ (a counter moved), try again, up to 4 times.
pub fn compare(lab: &Lab, candidate: &Path, cases: &[&[&str]], mm: &mut Mismatches) {
    compare_in(lab, candidate, cases, "C", mm);
}

/// As [`compare`], with `LC_ALL` set to `locale` for both tools.
pub fn compare_in(
    lab: &Lab,
    candidate: &Path,
    cases: &[&[&str]],
    locale: &str,
    mm: &mut Mismatches,
) {
    let netstat = |args: &[&str]| {
        as_sockscope_prints(run(&lab.ns, Path::new("netstat"), args, locale), locale)
    };
    for args in cases {
        mm.checked();
        let mut failure = None;
        for _attempt in 0..4 {
            let first = netstat(args);
            let ours = run(&lab.ns, candidate, args, locale);
            let second = netstat(args);
            let same =
                |r: &Output| r.stdout == ours.stdout && r.status.code() == ours.status.code();
            if same(&first) || same(&second) {
                failure = None;
                break;
            }
            let mut detail = String::new();
            if first.status.code() != ours.status.code() {
                detail.push_str(&format!(
                    "status: netstat {}, ours {}\n",
                    first.status, ours.status
                ));
            }
            detail.push_str(
                &unified("netstat", &first.stdout, "sockscope", &ours.stdout).unwrap_or_default(),
            );
            detail.push_str(&stderr_of("netstat", &first));
            detail.push_str(&stderr_of("sockscope", &ours));
            let moved = first.stdout != second.stdout;
            failure = Some(detail);
            if !moved {
                break;
            }
            settle(&lab.ns);
        }
        if let Some(detail) = failure {
            mm.push(args.join(" "), detail);
        }
    }
}
