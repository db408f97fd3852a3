//! Hostile names through every output mode: in a test network namespace,
//! processes whose argv[0] (and comm) carry terminal escapes, bidi controls,
//! line separators, invalid UTF-8 and 600-byte names hold a TCP listener, a
//! UDP socket bound to a hostile interface, a filesystem and an abstract
//! UNIX socket named the same way; veth interfaces with hostile names carry
//! IPv4 and IPv6 addresses (so routes), and join multicast groups. Every
//! mode runs under `LC_ALL=C.UTF-8` and `LC_ALL=C`, and no output may hold a
//! raw control character (C0 other than the line ends, DEL, C1), a
//! bidi/invisible control or a line separator; NDJSON records must survive
//! Python's `splitlines`; JSON must parse back to the original names. The
//! hostile rows must be there, so the test cannot pass by printing nothing.

// Tests may unwrap: a failed setup step is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::sockscope;
use serde_json::Value;
use sockscope_testkit::run::{output_with_timeout, COMMAND_TIMEOUT};
use sockscope_testkit::Netns;
use std::ffi::OsStr;
use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};

/// Process names (argv[0]) and UNIX socket names.
fn name_corpus() -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = [
        &b"sgr\x1b[31mred"[..],
        b"osc\x1b]0;pwn\x07",
        "c1\u{9b}2J".as_bytes(),
        b"nl\nx",
        b"cr\rx",
        b"tab\tx",
        b"del\x7fx",
        "ls\u{2028}ps\u{2029}".as_bytes(),
        "nel\u{85}x".as_bytes(),
        "lre\u{202a}rle\u{202b}pdf\u{202c}".as_bytes(),
        "lro\u{202d}rlo\u{202e}x".as_bytes(),
        "lri\u{2066}rli\u{2067}fsi\u{2068}pdi\u{2069}".as_bytes(),
        "zw\u{200b}\u{200c}\u{200d}\u{200e}\u{200f}\u{feff}".as_bytes(),
        b"x\xc3\x1b[2J",
        b"y\xc3\x1b[31mX",
        b"ov\xc0\xaf\xff",
        b"sur\xed\xa0\x80",
    ]
    .iter()
    .map(|n| n.to_vec())
    .collect();
    v.push(b"\x1b[1m".repeat(150)); // 600 bytes
    v.push(format!("long{}", "\u{202e}".repeat(198)).into_bytes()); // 598 bytes
    v
}

/// Interface names: at most 15 bytes, no '/', ':' or whitespace; control
/// bytes are allowed. Pairs of veth ends.
const IFACES: &[(&[u8], &[u8])] = &[
    (b"e\x1b[31m", b"o\x1b]0;p\x07"),
    (b"c\xc2\x9bx", b"b\xe2\x80\xaex"),
    (b"z\xe2\x80\x8bx", b"i\xe2\x81\xa6x"),
    (b"ls\xe2\x80\xa8", b"l\xc3\x1b[2J"),
    (b"v\xc0\xaf", b"f\xff\x7f"),
];

/// Where a holder's sockets are and who holds them.
struct Holder {
    child: Child,
    stdin: Option<ChildStdin>,
    name: Vec<u8>,
    port: u16,
    abstract_name: Vec<u8>,
    path: Option<Vec<u8>>,
}

impl Drop for Holder {
    fn drop(&mut self) {
        // EOF on stdin ends `cat`; the namespace's drop kills any straggler.
        drop(self.stdin.take());
        let _ = sockscope_testkit::run::wait_until(&mut self.child, COMMAND_TIMEOUT);
    }
}

/// A `sockaddr_un` and its length.
fn unix_addr(name: &[u8], abstract_name: bool) -> Option<(libc::sockaddr_un, libc::socklen_t)> {
    // SAFETY: sockaddr_un is plain data; all zeroes is a valid value.
    let mut a: libc::sockaddr_un = unsafe { std::mem::zeroed() };
    a.sun_family = libc::AF_UNIX as libc::sa_family_t;
    let start = usize::from(abstract_name);
    if start + name.len() >= a.sun_path.len() {
        return None;
    }
    for (dst, &b) in a.sun_path[start..].iter_mut().zip(name) {
        *dst = b as libc::c_char;
    }
    let len = std::mem::size_of::<libc::sa_family_t>() + start + name.len();
    Some((a, len as libc::socklen_t))
}

fn check(rc: libc::c_int) -> io::Result<libc::c_int> {
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc)
    }
}

/// In the forked child, before exec (only system calls: no allocation, no
/// locks): join the namespace and open the sockets, without close-on-exec so
/// that `cat` inherits them.
struct Sockets {
    netns: RawFd,
    tcp: libc::sockaddr_in,
    udp: libc::sockaddr_in,
    device: [u8; 16],
    device_len: usize,
    path: Option<(libc::sockaddr_un, libc::socklen_t)>,
    abstract_addr: Option<(libc::sockaddr_un, libc::socklen_t)>,
}

impl Sockets {
    /// Runs between fork and exec: calls only async-signal-safe functions.
    fn open(&self) -> io::Result<()> {
        // SAFETY: plain system calls on fds and addresses owned by `self`,
        // which lives until exec.
        unsafe {
            check(libc::setns(self.netns, libc::CLONE_NEWNET))?;
            let one: libc::c_int = 1;
            let tcp = check(libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0))?;
            check(libc::setsockopt(
                tcp,
                libc::SOL_SOCKET,
                libc::SO_REUSEADDR,
                (&one as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            ))?;
            check(libc::bind(
                tcp,
                (&self.tcp as *const libc::sockaddr_in).cast(),
                std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
            ))?;
            check(libc::listen(tcp, 8))?;
            let udp = check(libc::socket(libc::AF_INET, libc::SOCK_DGRAM, 0))?;
            check(libc::setsockopt(
                udp,
                libc::SOL_SOCKET,
                libc::SO_BINDTODEVICE,
                self.device.as_ptr().cast(),
                self.device_len as libc::socklen_t,
            ))?;
            check(libc::bind(
                udp,
                (&self.udp as *const libc::sockaddr_in).cast(),
                std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
            ))?;
            for (addr, len) in [self.path, self.abstract_addr].iter().flatten() {
                let fd = check(libc::socket(libc::AF_UNIX, libc::SOCK_STREAM, 0))?;
                check(libc::bind(
                    fd,
                    (addr as *const libc::sockaddr_un).cast(),
                    *len,
                ))?;
                check(libc::listen(fd, 8))?;
            }
        }
        Ok(())
    }
}

fn sockaddr_in(ip: [u8; 4], port: u16) -> libc::sockaddr_in {
    // SAFETY: sockaddr_in is plain data; all zeroes is a valid value.
    let mut a: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    a.sin_family = libc::AF_INET as libc::sa_family_t;
    a.sin_port = port.to_be();
    a.sin_addr.s_addr = u32::from_ne_bytes(ip);
    a
}

fn cat() -> PathBuf {
    ["/bin/cat", "/usr/bin/cat"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .unwrap_or_else(|| PathBuf::from("cat"))
}

/// Start `cat` under argv[0] `name` (and comm, through a symlink named like
/// it) holding the sockets of [`Sockets`].
fn hold(ns: &Netns, dir: &Path, i: usize, name: &[u8], device: &[u8]) -> Holder {
    let port = 30000 + i as u16;
    let fs_name: Vec<u8> = name
        .iter()
        .copied()
        .filter(|&b| b != b'/')
        .take(60)
        .collect();
    let sub = dir.join(format!("h{i}"));
    std::fs::create_dir_all(&sub).expect("holder directory");
    let link = sub.join(OsStr::from_bytes(&fs_name));
    std::os::unix::fs::symlink(cat(), &link).expect("symlink to cat");
    let path_bytes = [sub.as_os_str().as_bytes(), b"/s", &fs_name].concat();
    let abstract_name: Vec<u8> = name.iter().copied().take(100).collect();
    let netns = File::open(ns.path()).expect("open the namespace");
    let mut dev = [0u8; 16];
    dev[..device.len()].copy_from_slice(device);
    let sockets = Sockets {
        netns: netns.as_raw_fd(),
        tcp: sockaddr_in([127, 0, 0, 1], port),
        udp: sockaddr_in([0, 0, 0, 0], port),
        device: dev,
        device_len: device.len(),
        path: unix_addr(&path_bytes, false),
        abstract_addr: unix_addr(&abstract_name, true),
    };
    let path = sockets.path.map(|_| path_bytes);
    let mut cmd = Command::new(&link);
    cmd.arg0(OsStr::from_bytes(name))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // SAFETY: the hook only makes system calls (see `Sockets::open`); the
    // namespace fd stays open in the parent until spawn returns.
    unsafe {
        cmd.pre_exec(move || sockets.open());
    }
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("holder {i} ({:?}): {e}", String::from_utf8_lossy(name)));
    drop(netns);
    Holder {
        stdin: child.stdin.take(),
        child,
        name: name.to_vec(),
        port,
        abstract_name,
        path,
    }
}

fn ip(ns: &Netns, args: &[&[u8]]) {
    let mut cmd = Command::new("ip");
    cmd.args(["-n", ns.name()])
        .args(args.iter().map(|a| OsStr::from_bytes(a)));
    let out = output_with_timeout(&mut cmd, COMMAND_TIMEOUT).expect("run ip");
    assert!(
        out.status.success(),
        "ip {:?}: {}",
        args.iter()
            .map(|a| String::from_utf8_lossy(a))
            .collect::<Vec<_>>(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// veth pairs with hostile names, up, with addresses (so connected routes)
/// and an IPv4 multicast group joined on the first end.
fn interfaces(ns: &Netns) {
    for (k, (a, b)) in IFACES.iter().enumerate() {
        ip(
            ns,
            &[b"link", b"add", a, b"type", b"veth", b"peer", b"name", b],
        );
        for end in [a, b] {
            ip(ns, &[b"link", b"set", end, b"up"]);
        }
        let v4 = format!("10.9.{k}.1/24");
        let v6 = format!("fd00:9:{}::1/64", k + 1);
        let group = format!("239.1.2.{k}/32");
        ip(ns, &[b"addr", b"add", v4.as_bytes(), b"dev", a]);
        ip(
            ns,
            &[b"-6", b"addr", b"add", v6.as_bytes(), b"dev", a, b"nodad"],
        );
        ip(
            ns,
            &[b"addr", b"add", group.as_bytes(), b"dev", a, b"autojoin"],
        );
    }
}

/// The modes run, as sockscope arguments.
const MODES: &[&[&str]] = &[
    &["-anp"],
    &["-xap"],
    &["-xa"],
    &["-tulpn"],
    &["-rn"],
    &["-rn", "-6"],
    &["-r"],
    &["-i"],
    &["-ie"],
    &["-g"],
    &["conns", "-ap"],
    &["conns", "-ap", "--csv"],
    &["conns", "-ap", "--json"],
    &["conns", "-ap", "--ndjson"],
    &["-anp", "--json"],
    &["-anp", "--ndjson"],
    &["-ia", "--json"],
    &["-g", "--ndjson"],
];

fn run(ns: &Netns, locale: &str, args: &[&str]) -> Output {
    let mut cmd = ns.command(sockscope());
    cmd.args(args).env("LC_ALL", locale);
    let out = output_with_timeout(&mut cmd, COMMAND_TIMEOUT).expect("run sockscope");
    assert!(
        out.status.success(),
        "sockscope {args:?} under {locale}: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// What no output may hold: C0 controls but the line ends (CRLF in CSV),
/// DEL, C1, bidi/invisible controls, line separators; in a classic mode
/// under `LC_ALL=C` any byte in 0x80-0x9F (an 8-bit terminal's C1).
fn assert_safe(what: &str, bytes: &[u8], csv: bool, eight_bit: bool) {
    let shown = || String::from_utf8_lossy(bytes).escape_debug().to_string();
    for (i, &b) in bytes.iter().enumerate() {
        let line_end = b == b'\n' || (csv && b == b'\r' && bytes.get(i + 1) == Some(&b'\n'));
        assert!(
            line_end || (b >= 0x20 && b != 0x7F),
            "{what}: raw byte {b:#04x} at {i}: {}",
            shown()
        );
        assert!(
            !eight_bit || !(0x80..0xA0).contains(&b),
            "{what}: byte {b:#04x} at {i}: {}",
            shown()
        );
    }
    let text = std::str::from_utf8(bytes)
        .unwrap_or_else(|e| panic!("{what}: not UTF-8 ({e}): {}", shown()));
    if let Some(c) = text
        .chars()
        .find(|&c| c != '\n' && c != '\r' && sockscope_render::escape::is_unsafe(c))
    {
        panic!("{what}: raw U+{:04X}: {}", c as u32, shown());
    }
}

/// Python's `str.splitlines` boundaries.
fn splitlines(text: &str) -> Vec<&str> {
    let ends = [
        '\n', '\r', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e', '\u{85}', '\u{2028}', '\u{2029}',
    ];
    let mut v: Vec<&str> = text.split(ends).collect();
    if v.last() == Some(&"") {
        v.pop();
    }
    v
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02x}")).collect()
}

/// The JSON text of a name: itself when UTF-8, else its `_hex` twin.
fn same_name(v: &Value, key: &str, want: &[u8]) -> bool {
    match std::str::from_utf8(want) {
        Ok(s) => v[key] == s && v.get(format!("{key}_hex")).is_none(),
        Err(_) => v[format!("{key}_hex")] == hex(want),
    }
}

/// Every socket object of a sockets document or NDJSON stream.
fn sockets(text: &str, ndjson: bool) -> Vec<Value> {
    let records = splitlines(text);
    if ndjson {
        assert!(records
            .iter()
            .all(|r| r.starts_with('{') && r.ends_with('}')));
        return records
            .iter()
            .map(|r| serde_json::from_str(r).expect("NDJSON record parses"))
            .collect();
    }
    assert_eq!(records.len(), 1, "a JSON document is one line");
    let doc: Value = serde_json::from_str(records[0]).expect("JSON parses");
    doc["sockets"].as_array().cloned().unwrap_or_default()
}

fn check_json(what: &str, text: &str, ndjson: bool, holders: &[Holder]) {
    let socks = sockets(text, ndjson);
    for h in holders {
        let pid = u64::from(h.child.id());
        let held: Vec<&Value> = socks
            .iter()
            .filter(|s| {
                s["processes"]
                    .as_array()
                    .is_some_and(|ps| ps.iter().any(|p| p["pid"] == pid))
            })
            .collect();
        // TCP listener, bound UDP socket, and the UNIX sockets that fit.
        let want = 3 + usize::from(h.path.is_some());
        assert_eq!(held.len(), want, "{what}: sockets of holder {pid}");
        for s in &held {
            let p = s["processes"]
                .as_array()
                .and_then(|ps| ps.iter().find(|p| p["pid"] == pid))
                .expect("holder entry");
            let name = &h.name[..h.name.len().min(511)];
            assert!(same_name(p, "name", name), "{what}: {p} is not {name:?}");
        }
        let abs = held
            .iter()
            .find(|s| s["abstract"] == true)
            .unwrap_or_else(|| panic!("{what}: no abstract socket of {pid}"));
        assert!(same_name(abs, "path", &h.abstract_name), "{what}: {abs}");
        if let Some(path) = &h.path {
            let fs = held
                .iter()
                .find(|s| s["abstract"] == false && s.get("path").is_some())
                .unwrap_or_else(|| panic!("{what}: no path socket of {pid}"));
            assert!(same_name(fs, "path", path), "{what}: {fs}");
        }
    }
}

#[test]
fn hostile_names_never_reach_the_output_raw() {
    let Some(ns) = Netns::for_test(&[]) else {
        return;
    };
    interfaces(&ns);
    let dir = TempDir::new();
    let names = name_corpus();
    let holders: Vec<Holder> = names
        .iter()
        .enumerate()
        .map(|(i, n)| hold(&ns, &dir.0, i, n, IFACES[i % IFACES.len()].0))
        .collect();
    for locale in ["C.UTF-8", "C"] {
        for args in MODES {
            let what = format!("sockscope {} (LC_ALL={locale})", args.join(" "));
            let out = run(&ns, locale, args);
            let json = args.contains(&"--json") || args.contains(&"--ndjson");
            let classic = args[0] != "conns" && !json;
            let csv = args.contains(&"--csv");
            assert_safe(&what, &out.stdout, csv, classic && locale == "C");
            assert_safe(&format!("{what} stderr"), &out.stderr, false, false);
            let text = String::from_utf8_lossy(&out.stdout);
            if json && (args.contains(&"-anp") || args[0] == "conns") {
                check_json(&what, &text, args.contains(&"--ndjson"), &holders);
            } else if json {
                assert!(splitlines(&text)
                    .iter()
                    .all(|r| serde_json::from_str::<Value>(r).is_ok()));
            }
            shown(&what, args, &text, &holders);
        }
    }
}

/// The hostile rows are really there.
fn shown(what: &str, args: &[&str], text: &str, holders: &[Holder]) {
    let has = |needle: &str| assert!(text.contains(needle), "{what}: no {needle:?} in\n{text}");
    match args {
        ["-anp"] | ["-tulpn"] | ["conns", "-ap"] | ["conns", "-ap", "--csv"] => {
            for h in holders {
                let line = text
                    .lines()
                    .find(|l| {
                        l.contains(&format!("127.0.0.1:{} ", h.port))
                            || l.contains(&format!("127.0.0.1:{},", h.port))
                    })
                    .unwrap_or_else(|| panic!("{what}: no listener on {} in\n{text}", h.port));
                assert!(
                    line.contains(&format!("{}/", h.child.id())),
                    "{what}: {line}"
                );
            }
        }
        ["-xap"] | ["-xa"] => {
            assert!(
                text.lines().filter(|l| l.contains(" @")).count() >= holders.len(),
                "{what}: abstract sockets missing in\n{text}"
            );
            if args == ["-xap"] {
                holders
                    .iter()
                    .for_each(|h| has(&format!(" {}/", h.child.id())));
            }
        }
        ["-rn"] | ["-r"] => (0..IFACES.len()).for_each(|k| has(&format!("10.9.{k}.0"))),
        ["-rn", "-6"] => (1..=IFACES.len()).for_each(|k| has(&format!("fd00:9:{k}::/64"))),
        ["-i"] | ["-ie"] => has("e?[31m"),
        ["-g"] => (0..IFACES.len()).for_each(|k| has(&format!("239.1.2.{k}"))),
        _ => {}
    }
}

/// The holders' directory (symlinks, socket files), removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let dir = std::env::temp_dir().join(format!("sockscope-hostile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
