//! Live tests against this machine's /proc: sockets opened by the test itself
//! must show up in the tables and map back to this process with the name
//! netstat would print; compared with the real `netstat -tlnp` when it is
//! installed; and, when run as root, a scan as an unprivileged user (through
//! `setpriv`) must report the processes it could not read.

use super::*;
use crate::model::{ProcessRef, TcpState, UnixPath};
use std::net::{TcpListener, UdpSocket};
use std::os::fd::{AsFd, AsRawFd};
use std::os::linux::net::SocketAddrExt;
use std::os::unix::net::{SocketAddr, UnixListener};
use std::process::Command;

fn inode<F: AsFd>(f: &F) -> u64 {
    rustix::fs::fstat(f).unwrap().st_ino as u64
}

/// The name netstat shows for this test process, from argv[0] as we got it.
fn own_name() -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    let argv0 = std::env::args_os().next().unwrap();
    program_name(argv0.as_bytes()).to_vec()
}

#[test]
fn our_inet_sockets_are_in_the_tables() {
    let tcp = TcpListener::bind("127.0.0.1:0").unwrap();
    let udp = UdpSocket::bind("127.0.0.1:0").unwrap();
    let mut all = Vec::new();
    read_inet(InetProto::Tcp, Family::Inet, &mut all).unwrap();
    read_inet(InetProto::Udp, Family::Inet, &mut all).unwrap();
    let find = |ino| all.iter().find(|s| s.inode == ino).unwrap();
    let t = find(inode(&tcp));
    assert_eq!(
        (t.proto, t.local_port),
        (InetProto::Tcp, tcp.local_addr().unwrap().port())
    );
    assert_eq!(t.state, TcpState::Listen);
    assert_eq!(t.uid, rustix::process::geteuid().as_raw());
    let u = find(inode(&udp));
    assert_eq!(
        (u.proto, u.local_port),
        (InetProto::Udp, udp.local_addr().unwrap().port())
    );
    assert_eq!(u.local, tcp.local_addr().unwrap().ip());

    // IPv6 when the loopback has it.
    if let Ok(tcp6) = TcpListener::bind("[::1]:0") {
        let mut v6 = Vec::new();
        read_inet(InetProto::Tcp, Family::Inet6, &mut v6).unwrap();
        let s = v6.iter().find(|s| s.inode == inode(&tcp6)).unwrap();
        assert_eq!(
            (s.local, s.local_port),
            (
                tcp6.local_addr().unwrap().ip(),
                tcp6.local_addr().unwrap().port()
            )
        );
    }
    // Every table present on this kernel parses.
    for proto in [
        InetProto::Tcp,
        InetProto::Udp,
        InetProto::UdpLite,
        InetProto::Raw,
    ] {
        for family in [Family::Inet, Family::Inet6] {
            let mut v = Vec::new();
            match read_inet(proto, family, &mut v) {
                Ok(()) | Err(crate::Error::ProcRead { .. }) => {}
                Err(e) => panic!("{e}"),
            }
        }
    }
}

#[test]
fn our_unix_sockets_are_in_the_table() {
    let dir = std::env::temp_dir().join(format!("sockscope-unix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("a sock with spaces");
    let _ = std::fs::remove_file(&path);
    let named = UnixListener::bind(&path).unwrap();
    let abs_name = format!("sockscope-test-{} abstract", std::process::id());
    let abstract_ =
        UnixListener::bind_addr(&SocketAddr::from_abstract_name(&abs_name).unwrap()).unwrap();
    let mut all = Vec::new();
    read_unix(&mut all).unwrap();
    let n = all.iter().find(|s| s.inode == inode(&named)).unwrap();
    assert!(n.listening);
    use std::os::unix::ffi::OsStrExt;
    assert_eq!(
        n.path,
        Some(UnixPath::Path(path.as_os_str().as_bytes().into()))
    );
    let a = all.iter().find(|s| s.inode == inode(&abstract_)).unwrap();
    assert_eq!(a.path, Some(UnixPath::Abstract(abs_name.as_bytes().into())));
    drop(named);
    let _ = std::fs::remove_dir_all(&dir);
}

/// What one thread saw from inside a network namespace of its own.
struct InNetns {
    tcp: u64,
    unix: u64,
    inet: Vec<InetSocket>,
    unix_table: Vec<UnixSocket>,
    own_netns: u64,
    thread_netns: u64,
}

/// A thread that moved to a new network namespace reads that namespace's
/// tables (through /proc/thread-self/net; /proc/self/net would show the main
/// thread's). Also where a name with a newline is tried, so that no other
/// test on the machine sees it. Needs CAP_SYS_ADMIN; skipped otherwise.
#[test]
fn a_thread_in_its_own_netns_reads_its_own_tables() {
    const NAME: &str = "sockscope\nsecond line";
    let seen = std::thread::spawn(|| {
        // SAFETY: unshare(2) with CLONE_NEWNET only moves this thread to a
        // new network namespace; it touches no memory of ours.
        if unsafe { libc::unshare(libc::CLONE_NEWNET) } != 0 {
            return None;
        }
        let tcp = TcpListener::bind("0.0.0.0:0").unwrap();
        let ux = UnixListener::bind_addr(&SocketAddr::from_abstract_name(NAME).unwrap()).unwrap();
        let (mut inet, mut unix_table) = (Vec::new(), Vec::new());
        read_inet(InetProto::Tcp, Family::Inet, &mut inet).unwrap();
        read_unix(&mut unix_table).unwrap();
        let map = process_map(&mut Vec::new()).unwrap();
        let ns = std::fs::metadata("/proc/thread-self/ns/net").unwrap();
        Some(InNetns {
            tcp: inode(&tcp),
            unix: inode(&ux),
            inet,
            unix_table,
            own_netns: map.own_netns,
            thread_netns: std::os::unix::fs::MetadataExt::ino(&ns),
        })
    })
    .join()
    .unwrap();
    let Some(seen) = seen else {
        eprintln!("cannot unshare the network namespace: skipping");
        return;
    };
    // The new namespace holds exactly our two sockets.
    assert_eq!(
        seen.inet.iter().map(|s| s.inode).collect::<Vec<_>>(),
        vec![seen.tcp]
    );
    assert_eq!(seen.unix_table.len(), 1);
    assert_eq!(seen.unix_table[0].inode, seen.unix);
    assert_eq!(
        seen.unix_table[0].path,
        Some(UnixPath::Abstract(NAME.as_bytes().into()))
    );
    assert_eq!(seen.own_netns, seen.thread_netns);
    let main = std::fs::metadata("/proc/self/ns/net").unwrap();
    assert_ne!(seen.own_netns, std::os::unix::fs::MetadataExt::ino(&main));
}

#[test]
fn process_map_finds_our_sockets() {
    let tcp = TcpListener::bind("127.0.0.1:0").unwrap();
    let unix = UnixListener::bind_addr(
        &SocketAddr::from_abstract_name(format!("sockscope-pm-{}", std::process::id())).unwrap(),
    )
    .unwrap();
    let mut warnings = Vec::new();
    let map = process_map(&mut warnings).unwrap();
    let own = std::fs::metadata("/proc/thread-self/ns/net").unwrap();
    assert_eq!(map.own_netns, std::os::unix::fs::MetadataExt::ino(&own));
    for (ino, fd) in [
        (inode(&tcp), tcp.as_raw_fd()),
        (inode(&unix), unix.as_raw_fd()),
    ] {
        let want = ProcessRef {
            pid: std::process::id(),
            name: own_name().into(),
            fd: fd as u32,
        };
        assert_eq!(map.holders(0, ino), &[want]);
    }
    // Warnings depend on the machine (even root may be refused some
    // processes' fd links, e.g. a sandbox's init); only these two kinds exist.
    let known = |w: &Warning| {
        matches!(
            w,
            Warning::ProcessVanished { .. } | Warning::FdsUnreadable { .. }
        )
    };
    assert!(warnings.iter().all(known), "{warnings:?}");
}

/// Differential check with the real netstat: its PID/Program name column for
/// our listener must equal "<pid>/<name>" cut to 19 bytes.
#[test]
fn netstat_prints_the_same_program_name() {
    let tcp = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = tcp.local_addr().unwrap().port();
    let out = match Command::new("netstat")
        .args(["-tlnp"])
        .env("LC_ALL", "C")
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            eprintln!("netstat not available ({e}): skipping the comparison");
            return;
        }
    };
    let needle = format!("127.0.0.1:{port} ");
    let line = out
        .stdout
        .split(|&b| b == b'\n')
        .find(|l| l.windows(needle.len()).any(|w| w == needle.as_bytes()))
        .expect("netstat lists our listener");
    let mut want = format!("{}/", std::process::id()).into_bytes();
    want.extend_from_slice(&own_name());
    want.truncate(19);
    let got = line[80..].trim_ascii_end();
    assert_eq!(got, &want[..], "netstat line: {}", line.escape_ascii());
}

const CHILD_ENV: &str = "SOCKSCOPE_PROCFS_UNPRIVILEGED_CHILD";

/// As root, re-run `unprivileged_child` as nobody through setpriv.
#[test]
fn unprivileged_scan_reports_unreadable_processes() {
    if rustix::process::geteuid().as_raw() != 0 {
        eprintln!("not root: cannot switch to another user, skipping");
        return;
    }
    let exe = std::env::current_exe().unwrap();
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(exe)
        .args([
            "--exact",
            "sys::linux::procfs::live_tests::unprivileged_child",
            "--nocapture",
        ])
        .env(CHILD_ENV, "1")
        .output();
    match out {
        // The child's output is kept out of ours: its "test result" line
        // would read as a second test run.
        Ok(o) => {
            let text = String::from_utf8_lossy(&o.stdout);
            let ran = text.contains("1 passed");
            assert!(
                o.status.success() && ran,
                "unprivileged child failed: {}\n{text}{}",
                o.status,
                String::from_utf8_lossy(&o.stderr)
            );
        }
        Err(e) => eprintln!("setpriv not available ({e}): skipping"),
    }
}

/// Runs for real only when started by the test above.
#[test]
fn unprivileged_child() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    let euid = rustix::process::geteuid().as_raw();
    let tcp = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut warnings = Vec::new();
    let map = process_map(&mut warnings).unwrap();
    // Our own fds are readable.
    assert_eq!(map.holders(0, inode(&tcp))[0].pid, std::process::id());
    // pid 1 belongs to root: at least it was unreadable.
    let unreadable = warnings.iter().find_map(|w| match w {
        Warning::FdsUnreadable { count, euid, .. } => Some((*count, *euid)),
        _ => None,
    });
    let (count, who) = unreadable.expect("an FdsUnreadable warning");
    assert!(count >= 1);
    assert_eq!(who, euid);
    eprintln!(
        "as uid {euid}: {count} processes unreadable, {} sockets mapped",
        map.len()
    );
}

/// A process started after the map was built holds a socket: the second
/// look finds it (once), and no reason is given for it.
#[test]
fn a_process_newer_than_the_map_is_found_by_the_second_look() {
    let mut warnings = Vec::new();
    let map = process_map(&mut warnings).unwrap();
    let mut child = Command::new("python3")
        .args([
            "-c",
            "import socket,sys,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen()\nprint(s.fileno(),flush=True)\nsys.stdin.read()",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let link = std::fs::read_link(format!("/proc/{}/fd/{}", child.id(), line.trim())).unwrap();
    let ino = fd_scan::socket_inode(link.as_os_str().as_encoded_bytes()).unwrap();
    let found: Vec<u32> = map.holders(0, ino).iter().map(|h| h.pid).collect();
    let why = map.why_missing(0, ino, Some(0));
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(found, vec![child.id()]);
    assert_eq!(why, None);
    // A socket nobody holds still has none, with a reason.
    assert_eq!(map.holders(0, u64::MAX), &[]);
    assert!(map.why_missing(0, u64::MAX, Some(0)).is_some());
}
