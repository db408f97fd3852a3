//! `--netns all`: one run over every network namespace of the host.
//!
//! Four namespaces are made here besides the host's, each holding its own
//! listeners, established pairs, a TIME_WAIT socket and UDP, IPv4 and
//! IPv6, in a process living there: one named (`ip netns add`), one held
//! only by its process (`unshare -n`), one also bind-mounted at an odd
//! path, and one whose process sits in a fake Docker container cgroup
//! (`docker-<64 hex>.scope`, made in the cgroup v2 tree) with a matching
//! `config.v2.json` in a temporary Docker root (`SOCKSCOPE_DOCKER_ROOT`).
//! Each namespace's sockets, as `conns --netns all` lists them, are what
//! `ss` lists inside it, with the namespace's name, the container and the
//! holder's pid; each classic block is what `netstat` prints inside.
//! Then why a pid is missing: TIME_WAIT says `no-owner`, a uid-65534
//! holder seen by another user says `permission`; and an unprivileged
//! `--netns all` names every namespace it could not enter and exits 1.
//!
//! The tests take one lock: each lists every namespace, so another test's
//! namespace vanishing mid-run would change its status.

// Tests may unwrap: a failed setup step is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, BufReader};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Mutex;

use common::sockscope;
use serde_json::Value;
use sockscope_testkit::run::{output_with_timeout, COMMAND_TIMEOUT};
use sockscope_testkit::Netns;

static LOCK: Mutex<()> = Mutex::new(());

/// The sockets a holder opens (port 0: any), then `ready PID PORT`; it
/// lives until its stdin closes.
const HOLDER: &str = r#"
import os, socket, sys, time
l = socket.socket()
l.bind(("0.0.0.0", 0))
l.listen(16)
port = l.getsockname()[1]
c = socket.create_connection(("127.0.0.1", port))
a, _ = l.accept()
t = socket.create_connection(("127.0.0.1", port))
ta, _ = l.accept()
t.close()
time.sleep(0.1)
ta.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", 0))
try:
    l6 = socket.socket(socket.AF_INET6)
    l6.bind(("::1", 0))
    l6.listen(4)
    c6 = socket.create_connection(("::1", l6.getsockname()[1]))
    a6, _ = l6.accept()
except OSError:
    pass
time.sleep(0.2)
print("ready", os.getpid(), port, flush=True)
sys.stdin.read()
"#;

/// A process holding [`HOLDER`]'s sockets; killed on drop.
struct Holder {
    child: Child,
    pid: u32,
    port: u16,
}

impl Holder {
    /// Start `launcher...` `sh -c "PRELUDE; exec python3 -c HOLDER"`.
    fn start(launcher: &[&str], prelude: &str) -> Holder {
        let script = format!("{prelude} exec python3 -c '{HOLDER}'");
        let mut child = Command::new(launcher[0])
            .args(&launcher[1..])
            .args(["sh", "-c", &script])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let f: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(f.first(), Some(&"ready"), "holder said {line:?}");
        Holder {
            child,
            pid: f[1].parse().unwrap(),
            port: f[2].parse().unwrap(),
        }
    }

    fn ns_path(&self) -> String {
        format!("/proc/{}/ns/net", self.pid)
    }

    fn netns(&self) -> u64 {
        std::fs::metadata(self.ns_path()).unwrap().ino()
    }
}

impl Drop for Holder {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A bind mount of a namespace file at an odd path; unmounted on drop.
struct BindMount {
    dir: PathBuf,
    file: PathBuf,
}

impl BindMount {
    fn new(ns_file: &str) -> BindMount {
        let dir = std::env::temp_dir().join(format!("sockscope-odd-{}", std::process::id()));
        let file = dir.join("deep/place/net ns");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, b"").unwrap();
        let ok = Command::new("mount")
            .arg("--bind")
            .arg(ns_file)
            .arg(&file)
            .status()
            .unwrap();
        assert!(ok.success(), "mount --bind {ns_file}");
        BindMount { dir, file }
    }
}

impl Drop for BindMount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.file).status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A fake Docker container: a cgroup v2 directory named as Docker names
/// its scopes, and a Docker root holding its `config.v2.json`.
struct FakeDocker {
    id: String,
    name: String,
    scope: PathBuf,
    slice: PathBuf,
    root: PathBuf,
}

impl FakeDocker {
    fn new() -> FakeDocker {
        let me = std::process::id();
        let id = format!("{:0>64x}", 0x5ca1_ab1e_u64 * u64::from(me));
        let name = format!("web-{me}");
        let cgroup2 = cgroup2_mount();
        let slice = cgroup2.join(format!("sockscope-test-{me}.slice"));
        let scope = slice.join(format!("docker-{id}.scope"));
        std::fs::create_dir_all(&scope).unwrap();
        let root = std::env::temp_dir().join(format!("sockscope-docker-{me}"));
        let dir = root.join("containers").join(&id);
        std::fs::create_dir_all(&dir).unwrap();
        let config = serde_json::json!({
            "ID": id,
            "Name": format!("/{name}"),
            "Config": {"Labels": {"com.example.test": "sockscope"}},
        });
        std::fs::write(dir.join("config.v2.json"), config.to_string()).unwrap();
        FakeDocker {
            id,
            name,
            scope,
            slice,
            root,
        }
    }

    /// The shell words that move the shell into the container's cgroup.
    fn join(&self) -> String {
        format!("echo $$ > '{}/cgroup.procs' &&", self.scope.display())
    }
}

impl Drop for FakeDocker {
    fn drop(&mut self) {
        // The holder is gone by now (dropped first): the cgroups are empty.
        for _ in 0..50 {
            if std::fs::remove_dir(&self.scope).is_ok() || !self.scope.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let _ = std::fs::remove_dir(&self.slice);
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Where the cgroup v2 hierarchy is mounted.
fn cgroup2_mount() -> PathBuf {
    let text = std::fs::read_to_string("/proc/self/mountinfo").unwrap();
    text.lines()
        .find_map(|l| {
            let (left, right) = l.split_once(" - ")?;
            let point = left.split_whitespace().nth(4)?;
            (right.split_whitespace().next()? == "cgroup2").then(|| PathBuf::from(point))
        })
        .expect("a cgroup2 mount")
}

fn run_cmd(cmd: &mut Command) -> Output {
    output_with_timeout(cmd.env("LC_ALL", "C"), COMMAND_TIMEOUT).unwrap()
}

fn ours(args: &[&str], docker_root: &Path) -> Output {
    run_cmd(
        Command::new(sockscope())
            .args(args)
            .env("SOCKSCOPE_DOCKER_ROOT", docker_root),
    )
}

/// `program args` inside the namespace of the nsfs file `ns`.
fn inside(ns: &str, program: &str, args: &[&str]) -> Output {
    run_cmd(
        Command::new("nsenter")
            .arg(format!("--net={ns}"))
            .arg(program)
            .args(args),
    )
}

/// (proto, local, peer) of every TCP and UDP socket `ss` lists in `ns`.
fn ss_sockets(ns: &str) -> BTreeSet<(String, String, String)> {
    let out = inside(ns, "ss", &["-tuanH"]);
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[0].to_owned(), endpoint(f[4]), endpoint(f[5]))
        })
        .collect()
}

/// `addr:port` as ss prints it, with wildcards written one way.
fn endpoint(text: &str) -> String {
    let (addr, port) = text.rsplit_once(':').unwrap();
    let addr = addr.trim_start_matches('[').trim_end_matches(']');
    let addr = addr.split('%').next().unwrap();
    let addr = match addr {
        "0.0.0.0" | "::" | "*" => "*",
        a => a,
    };
    let port = if port == "0" { "*" } else { port };
    format!("{addr}:{port}")
}

/// The same, from one of our JSON sockets.
fn our_socket(s: &Value) -> (String, String, String) {
    let ep = |e: &Value| endpoint(&format!("{}:{}", e["address"].as_str().unwrap(), e["port"]));
    (
        s["proto"].as_str().unwrap().to_owned(),
        ep(&s["local"]),
        ep(&s["remote"]),
    )
}

/// The classic output split into its blocks: header name → block text.
fn blocks(text: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for part in text.split("\nnetns: ").skip(1) {
        let (name, body) = part.split_once('\n').unwrap();
        out.insert(name.to_owned(), body.to_owned());
    }
    out
}

#[test]
fn every_namespace_with_its_names_owners_and_netstat_blocks() {
    let _serial = LOCK
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let Some(named) = Netns::for_test(&[]) else {
        return;
    };
    let docker = FakeDocker::new();
    let lo_up = "ip link set lo up &&";
    let in_named = Holder::start(&["ip", "netns", "exec", named.name()], "");
    let held = Holder::start(&["unshare", "-n"], lo_up);
    let mounted = Holder::start(&["unshare", "-n"], lo_up);
    let bind = BindMount::new(&mounted.ns_path());
    let contained = Holder::start(&["unshare", "-n"], &format!("{} {lo_up}", docker.join()));

    let bind_path = bind.file.to_string_lossy().into_owned();
    let named_path = named.path().to_string_lossy().into_owned();
    // (holder, nsfs file, expected name, named_by)
    let held_name = format!("pid:{}", held.pid);
    let cases: Vec<(&Holder, String, &str, &str)> = vec![
        (&in_named, named_path.clone(), named.name(), "named"),
        (&held, held.ns_path(), &held_name, "pid"),
        (&mounted, bind_path.clone(), &bind_path, "mount"),
        (&contained, contained.ns_path(), &docker.name, "container"),
    ];

    // What ss lists inside each (first: TIME_WAIT sockets expire).
    let wanted: Vec<_> = cases.iter().map(|c| ss_sockets(&c.1)).collect();
    // conns over every namespace, as JSON.
    let out = ours(
        &["conns", "--netns", "all", "-a", "-p", "-t", "-u", "--json"],
        &docker.root,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sockets = doc["sockets"].as_array().unwrap();
    let mut failures = Vec::new();
    for ((holder, _, name, named_by), want) in cases.iter().zip(wanted) {
        let inode = holder.netns();
        let mine: Vec<&Value> = sockets
            .iter()
            .filter(|s| s["netns"]["inode"] == inode)
            .collect();
        let listed: BTreeSet<_> = mine.iter().map(|s| our_socket(s)).collect();
        if listed != want {
            failures.push(format!("{name}: ss {want:?}\nours {listed:?}"));
        }
        for s in &mine {
            assert_eq!(s["netns"]["name"], *name, "{s}");
            assert_eq!(s["netns"]["named_by"], *named_by, "{s}");
            if *named_by == "container" {
                assert_eq!(s["container"]["engine"], "docker", "{s}");
                assert_eq!(s["container"]["id"], docker.id, "{s}");
                assert_eq!(s["container"]["name"], docker.name, "{s}");
            } else {
                assert!(s.get("container").is_none(), "{s}");
            }
            match s["state"].as_str().unwrap() {
                "TIME_WAIT" => {
                    assert_eq!(s["no_pid"], "no-owner", "{s}");
                    assert_eq!(s["processes"], serde_json::json!([]), "{s}");
                }
                _ => {
                    assert_eq!(s["processes"][0]["pid"], holder.pid, "{s}");
                    assert!(s.get("no_pid").is_none(), "{s}");
                }
            }
        }
        assert!(
            mine.iter().any(|s| s["state"] == "TIME_WAIT"),
            "{name}: no TIME_WAIT"
        );
    }
    assert!(failures.is_empty(), "{}\n{err}", failures.join("\n"));
    // The host is listed too, first, and no namespace twice.
    let mut seen: Vec<(u64, String)> = sockets
        .iter()
        .map(|s| {
            let n = &s["netns"];
            (
                n["inode"].as_u64().unwrap(),
                n["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    seen.dedup();
    let inodes: BTreeSet<u64> = seen.iter().map(|s| s.0).collect();
    assert_eq!(
        inodes.len(),
        seen.len(),
        "a namespace listed twice: {seen:?}"
    );

    // Classic text: one block per namespace, each what netstat prints
    // inside it.
    let out = ours(&["--netns", "all", "-tuan"], &docker.root);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.starts_with("\nnetns: host\n"), "{text}");
    let by_name = blocks(&text);
    for (_, path, name, _) in &cases {
        let netstat = inside(path, "netstat", &["-tuan"]);
        let want = String::from_utf8_lossy(&netstat.stdout);
        assert_eq!(
            by_name.get(*name).map(String::as_str),
            Some(want.as_ref()),
            "block of {name}"
        );
    }
    // One namespace by its odd path: netstat's bytes exactly.
    let one = ours(&["--netns", &bind_path, "-tuanp"], &docker.root);
    let want = inside(&bind_path, "netstat", &["-tuanp"]);
    assert_eq!(
        String::from_utf8_lossy(&one.stdout),
        String::from_utf8_lossy(&want.stdout)
    );
    assert_eq!(one.status.code(), Some(0));

    // A summary per namespace.
    let out = ours(&["summary", "--netns", "all", "--json"], &docker.root);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema"], "sockscope.summary-netns/1");
    for (holder, _, name, _) in &cases {
        let entry = doc["namespaces"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["netns"]["inode"] == holder.netns())
            .unwrap_or_else(|| panic!("{name} in the summary"));
        assert_eq!(entry["netns"]["name"], *name);
        let tcp = entry["summary"]["protocols"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["proto"] == "tcp")
            .unwrap();
        assert!(tcp["total"].as_u64().unwrap() >= 5, "{entry}");
    }
    let text = String::from_utf8_lossy(&ours(&["summary", "--netns", "all"], &docker.root).stdout)
        .into_owned();
    assert!(
        text.contains(&format!("\nnetns: {}\nProto", docker.name)),
        "{text}"
    );
    drop((in_named, held, contained));
    drop(bind);
    drop(mounted);
}

/// Runs `sockscope args` as uid/gid 1000.
fn as_user(args: &[&str]) -> Output {
    run_cmd(
        Command::new("setpriv")
            .args(["--reuid=1000", "--regid=1000", "--clear-groups"])
            .arg(sockscope())
            .args(args),
    )
}

#[test]
fn why_a_pid_is_missing_and_an_unprivileged_run() {
    let _serial = LOCK
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let Some(named) = Netns::for_test(&[]) else {
        return;
    };
    // A holder in our own namespace running as nobody.
    let nobody = Holder::start(
        &[
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
        ],
        "",
    );
    let filter = format!("sport = :{}", nobody.port);
    let out = as_user(&["conns", "-l", "-p", "-t", "--json", &filter]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &doc["sockets"][0];
    assert_eq!(s["uid"], 65534, "{doc}");
    assert_eq!(s["no_pid"], "permission", "{doc}");
    assert_eq!(s["processes"], serde_json::json!([]));
    // Root sees the holder.
    let out = ours(
        &["conns", "-l", "-p", "-t", "--json", &filter],
        Path::new("/"),
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc["sockets"][0]["processes"][0]["pid"], nobody.pid,
        "{doc}"
    );
    // The table says it too.
    let out = as_user(&["conns", "-l", "-p", "-t", &filter]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("permission"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // Not root: every other namespace is a warning naming it, ours is
    // listed, and the run exits 1.
    let inode = std::fs::metadata(named.path()).unwrap().ino();
    for args in [
        &["--netns", "all", "-tan"][..],
        &["conns", "--netns", "all", "-a"][..],
        &["summary", "--netns", "all"][..],
    ] {
        let out = as_user(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        let line = format!(
            "sockscope: warning: network namespace {} (inode {inode}) not listed: cannot enter network namespace",
            named.name()
        );
        assert!(err.contains(&line), "{args:?}: {err}");
        assert!(err.contains("Operation not permitted"), "{err}");
    }
    let out = as_user(&["--netns", "all", "-tan"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("\nnetns: host\nActive Internet"), "{text}");
    assert!(
        !text.contains(&format!("netns: {}", named.name())),
        "{text}"
    );
    // In JSON the warning is in the document, which stays valid.
    let out = as_user(&["conns", "--netns", "all", "-a", "--json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        doc["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["kind"] == "netns" && w["netns"]["inode"] == inode),
        "{doc}"
    );
    assert_eq!(out.status.code(), Some(1));
    // So with the netstat flags, with discovery's warning in the document.
    let out = as_user(&["--netns", "all", "-tan", "--json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"netns") && kinds.contains(&"netns_unreadable"),
        "{doc}"
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Listeners in processes that live a few milliseconds each, hundreds a
/// second, while sockscope lists them: every socket listed with a pid has
/// the pid of the process that opened it, and every one without says why
/// (`exited`, or `kernel` when the holder came and went between the two
/// looks at /proc and was never seen, or `permission` where some process
/// could not be read).
#[test]
fn churn_never_misattributes() {
    const CHURN: &str = r#"
import os, random, socket, sys, time
end = time.time() + 4
while time.time() < end:
    pid = os.fork()
    if pid == 0:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        s.listen()
        os.write(1, b"%d %d\n" % (os.getpid(), s.getsockname()[1]))
        time.sleep(random.random() * 0.3)
        os._exit(0)
    while True:
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                break
        except ChildProcessError:
            break
    time.sleep(0.002)
"#;
    let _serial = LOCK
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let churn = Command::new("python3")
        .args(["-c", CHURN])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut listed = Vec::new();
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(3) {
        let out = ours(&["conns", "-l", "-p", "-t", "--json", "-4"], Path::new("/"));
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        // Where even root may not read some process (a sandbox's init),
        // `permission` is a fair answer too.
        let denied = doc["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["kind"] == "fds_unreadable");
        let sockets = doc["sockets"].as_array().unwrap().iter();
        listed.extend(sockets.map(|s| (s.clone(), denied)));
    }
    let out = churn.wait_with_output().unwrap();
    let mut opened: HashMap<u64, BTreeSet<u64>> = HashMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let (pid, port) = line.split_once(' ').unwrap();
        opened
            .entry(port.parse().unwrap())
            .or_default()
            .insert(pid.parse().unwrap());
    }
    assert!(opened.len() > 100, "only {} processes", opened.len());
    let (mut attributed, mut without) = (0, 0);
    for (s, denied) in &listed {
        let Some(pids) = opened.get(&s["local"]["port"].as_u64().unwrap()) else {
            continue;
        };
        match s["processes"][0]["pid"].as_u64() {
            Some(pid) => {
                assert!(pids.contains(&pid), "{s} opened by {pids:?}");
                attributed += 1;
            }
            None => {
                let why = s["no_pid"].as_str();
                let fair = matches!(why, Some("exited" | "kernel"))
                    || (*denied && why == Some("permission"));
                assert!(fair, "{s}");
                without += 1;
            }
        }
    }
    eprintln!("churn: {attributed} attributed, {without} without a pid");
    assert!(attributed > 0);
}

/// `kill --netns all` selects in every namespace, each under its header
/// (a dry run: nothing is destroyed); its JSON form is refused.
#[test]
fn kill_runs_in_every_namespace() {
    let _serial = LOCK
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let Some(named) = Netns::for_test(&[]) else {
        return;
    };
    let holder = Holder::start(&["ip", "netns", "exec", named.name()], "");
    let filter = format!("sport = :{}", holder.port);
    let args = [
        "kill",
        "--netns",
        "all",
        "--dry-run",
        "state",
        "listening",
        &filter,
    ];
    let out = ours(&args, Path::new("/"));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.starts_with("\nnetns: host\n"), "{text}");
    let block = text
        .split(&format!("\nnetns: {}\n", named.name()))
        .nth(1)
        .unwrap_or_else(|| panic!("no block for {}: {text}", named.name()));
    let block = block.split("\nnetns: ").next().unwrap();
    assert!(block.contains(&format!(":{}", holder.port)), "{text}");
    let out = ours(
        &["kill", "--netns", "all", "--json", "state", "listening"],
        Path::new("/"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--netns all"));
}
