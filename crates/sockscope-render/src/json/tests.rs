//! JSON renderer tests on hand-built snapshots: the output is parsed back
//! with serde_json and checked field by field.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde_json::{json, Value};
use sockscope::model::{
    Family, InetProto, InetSocket, ProcessMap, ProcessRef, Snapshot, SockKey, Timer, TimerKind,
    UnixPath, UnixSocket, UnixState, UnixType, Warning,
};
use sockscope::names::{Numeric, Resolver};

use super::*;

struct Names;

impl Resolver for Names {
    fn service(&self, _port: u16, _proto: &str) -> Option<String> {
        Some("never-used".into())
    }
    fn host(&self, _addr: IpAddr) -> Option<String> {
        Some("never-used".into())
    }
    fn user(&self, uid: u32) -> Option<String> {
        (uid == 0).then(|| "root".into())
    }
}

fn inet(
    proto: InetProto,
    family: Family,
    local: IpAddr,
    lport: u16,
    remote: IpAddr,
    rport: u16,
    state: u8,
) -> InetSocket {
    InetSocket {
        netns: 0,
        proto,
        family,
        local,
        local_port: lport,
        remote,
        remote_port: rport,
        state: sockscope::model::TcpState::from_code(state),
        recv_q: 1,
        send_q: 2,
        uid: 0,
        inode: 100,
        timer: Timer::default(),
        ifindex: 0,
        cookie: 0,
        raw_protocol: 0,
        details: None,
    }
}

fn unix(path: Option<UnixPath>, inode: u64) -> UnixSocket {
    UnixSocket {
        netns: 0,
        kind: UnixType::Stream,
        state: UnixState::Unconnected,
        listening: true,
        inode,
        path,
        peer: None,
        recv_q: 0,
        send_q: 128,
        refcnt: None,
        proc_flags: None,
    }
}

fn snapshot() -> Snapshot {
    let lo = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let v6 = IpAddr::V6(Ipv6Addr::LOCALHOST);
    let mut tcp6 = inet(
        InetProto::Tcp,
        Family::Inet6,
        v6,
        8081,
        IpAddr::V6(Ipv6Addr::UNSPECIFIED),
        0,
        10,
    );
    tcp6.timer = Timer {
        kind: TimerKind::Keepalive,
        expires_ms: 7190980,
        retrans: 1,
        probes: 2,
    };
    tcp6.cookie = 42;
    tcp6.ifindex = 3;
    tcp6.uid = 1000;
    let mut raw = inet(
        InetProto::Raw,
        Family::Inet,
        IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        1,
        IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        0,
        7,
    );
    raw.raw_protocol = 1;
    let mut connected = unix(Some(UnixPath::Abstract(b"\0x\x01y".to_vec().into())), 201);
    connected.state = UnixState::Connected;
    connected.listening = false;
    connected.peer = Some(202);
    connected.kind = UnixType::Seqpacket;
    Snapshot {
        inet: vec![
            inet(InetProto::Tcp, Family::Inet, lo, 8080, lo, 51348, 1),
            tcp6,
            inet(
                InetProto::Udp,
                Family::Inet,
                lo,
                5300,
                IpAddr::V4(Ipv4Addr::UNSPECIFIED),
                0,
                7,
            ),
            inet(InetProto::UdpLite, Family::Inet, lo, 5301, lo, 53, 99),
            raw,
        ],
        unix: vec![
            unix(Some(UnixPath::Path(b"/run/demo.sock".to_vec().into())), 200),
            connected,
            unix(Some(UnixPath::Path(b"/tmp/\xffbad".to_vec().into())), 203),
            unix(None, 204),
        ],
        packet: Vec::new(),
        netlink: Vec::new(),
        processes: None,
        warnings: vec![
            Warning::FdsUnreadable {
                count: 3,
                fd_dirs: 3,
                euid: 65534,
            },
            Warning::Fallback {
                what: "tcp",
                reason: "no diag".into(),
            },
        ],
    }
}

fn document(snap: &Snapshot, names: &dyn Resolver) -> Value {
    let mut out = Vec::new();
    render(snap, names, false, &mut out).unwrap();
    assert_eq!(out.last(), Some(&b'\n'));
    assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 1, "one line");
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn document_shape() {
    let doc = document(&snapshot(), &Names);
    assert_eq!(doc["schema"], "sockscope.sockets/1");
    assert_eq!(doc["sockets"].as_array().unwrap().len(), 9);
    assert_eq!(doc["warnings"].as_array().unwrap().len(), 2);
}

#[test]
fn tcp_socket_fields() {
    let doc = document(&snapshot(), &Names);
    let s = &doc["sockets"][0];
    assert_eq!(
        *s,
        json!({
            "proto": "tcp", "family": "inet",
            "local": {"address": "127.0.0.1", "port": 8080},
            "remote": {"address": "127.0.0.1", "port": 51348},
            "state": "ESTABLISHED", "state_code": 1,
            "recv_q": 1, "send_q": 2, "uid": 0, "user": "root", "inode": 100,
            "timer": {"kind": "off", "expires_ms": 0, "retrans": 0, "probes": 0}
        })
    );
}

#[test]
fn ipv6_listener_with_timer_cookie_and_unknown_user() {
    let doc = document(&snapshot(), &Names);
    let s = &doc["sockets"][1];
    assert_eq!(s["family"], "inet6");
    assert_eq!(s["local"], json!({"address": "::1", "port": 8081}));
    assert_eq!(s["remote"], json!({"address": "::", "port": 0}));
    assert_eq!(s["state"], "LISTEN");
    assert_eq!(s["user"], Value::Null);
    assert_eq!(s["uid"], 1000);
    assert_eq!(s["cookie"], 42);
    assert_eq!(s["ifindex"], 3);
    assert_eq!(
        s["timer"],
        json!({"kind": "keepalive", "expires_ms": 7190980, "retrans": 1, "probes": 2})
    );
    assert!(s.get("processes").is_none(), "no process info collected");
}

#[test]
fn udp_raw_and_unknown_states() {
    let doc = document(&snapshot(), &Names);
    let udp = &doc["sockets"][2];
    assert_eq!(
        (udp["proto"].as_str(), udp["state"].as_str()),
        (Some("udp"), Some("CLOSE"))
    );
    assert!(udp.get("cookie").is_none() && udp.get("ip_protocol").is_none());
    let lite = &doc["sockets"][3];
    assert_eq!(lite["proto"], "udplite");
    assert_eq!(
        (lite["state"].as_str(), lite["state_code"].as_u64()),
        (Some("UNKNOWN"), Some(99))
    );
    let raw = &doc["sockets"][4];
    assert_eq!(raw["proto"], "raw");
    assert_eq!(raw["ip_protocol"], 1);
}

#[test]
fn unix_sockets() {
    let doc = document(&snapshot(), &Names);
    let l = &doc["sockets"][5];
    assert_eq!(
        *l,
        json!({
            "proto": "unix", "family": "unix", "type": "STREAM", "type_code": 1,
            "state": "LISTENING", "state_code": 1, "listening": true,
            "recv_q": 0, "send_q": 128, "inode": 200,
            "path": "/run/demo.sock", "abstract": false
        })
    );
    let c = &doc["sockets"][6];
    assert_eq!(
        c["path"], "\u{0}x\u{1}y",
        "abstract names keep every byte, JSON-escaped"
    );
    assert_eq!(c["abstract"], true);
    assert_eq!(c["peer"], 202);
    assert_eq!(
        (c["type"].as_str(), c["state"].as_str()),
        (Some("SEQPACKET"), Some("CONNECTED"))
    );
    let bad = &doc["sockets"][7];
    assert_eq!(bad["path"], "/tmp/\u{fffd}bad");
    assert_eq!(bad["path_hex"], "2f746d702fff626164");
    let unbound = &doc["sockets"][8];
    assert!(unbound.get("path").is_none());
    assert_eq!(unbound["abstract"], false);
}

#[test]
fn warnings_are_objects_with_kind_and_message() {
    let doc = document(&snapshot(), &Names);
    let w = &doc["warnings"];
    assert_eq!(w[0]["kind"], "fds_unreadable");
    assert_eq!(
        (w[0]["count"].as_u64(), w[0]["euid"].as_u64()),
        (Some(3), Some(65534))
    );
    assert!(w[0]["message"].as_str().unwrap().contains("65534"));
    assert_eq!(w[1]["kind"], "fallback");
    assert_eq!(
        (w[1]["what"].as_str(), w[1]["reason"].as_str()),
        (Some("tcp"), Some("no diag"))
    );
}

#[test]
fn processes_present_when_collected() {
    let mut snap = snapshot();
    let mut map = ProcessMap::new(9);
    let holder = |pid, name: &[u8], fd| ProcessRef {
        pid,
        name: name.to_vec().into(),
        fd,
    };
    map.insert(
        SockKey {
            netns: 9,
            inode: 100,
        },
        holder(11, b"python3", 3),
    );
    map.insert(
        SockKey {
            netns: 9,
            inode: 100,
        },
        holder(12, b"w\xfe", 4),
    );
    map.insert(
        SockKey {
            netns: 8,
            inode: 200,
        },
        holder(13, b"other-netns", 5),
    );
    snap.processes = Some(map);
    let doc = document(&snap, &Names);
    assert_eq!(
        doc["sockets"][0]["processes"],
        json!([
            {"pid": 11, "name": "python3", "fd": 3},
            {"pid": 12, "name": "w\u{fffd}", "name_hex": "77fe", "fd": 4}
        ])
    );
    // Held only by a process of another namespace: found there, as netstat
    // (which keys by inode alone) finds it.
    assert_eq!(doc["sockets"][5]["processes"][0]["name"], "other-netns");
    assert_eq!(doc["sockets"][5].get("no_pid"), None);
    // Collected but no holder: an empty list, not absent, and the reason.
    let bare: Vec<&Value> = doc["sockets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["processes"] == json!([]))
        .collect();
    assert!(!bare.is_empty());
    for s in bare {
        let why = if s["inode"] == 0 {
            "no-owner"
        } else {
            "kernel"
        };
        assert_eq!(s["no_pid"], why, "{s}");
    }
}

#[test]
fn numeric_resolver_gives_null_users() {
    let doc = document(&snapshot(), &Numeric);
    assert_eq!(doc["sockets"][0]["user"], Value::Null);
}

#[test]
fn empty_snapshot() {
    let doc = document(&Snapshot::default(), &Numeric);
    assert_eq!(
        doc,
        json!({"schema": "sockscope.sockets/1", "sockets": [], "warnings": []})
    );
}

#[test]
fn ndjson_lines_carry_their_schema() {
    let mut out = Vec::new();
    render(&snapshot(), &Names, true, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 9 + 2);
    assert!(lines[..9]
        .iter()
        .all(|l| l["schema"] == "sockscope.socket/1"));
    assert!(lines[9..]
        .iter()
        .all(|l| l["schema"] == "sockscope.warning/1"));
    // Same fields as in the document, plus "schema".
    let doc = document(&snapshot(), &Names);
    let mut first = lines[0].clone();
    first.as_object_mut().unwrap().remove("schema");
    assert_eq!(first, doc["sockets"][0]);
    assert!(text.ends_with('\n'));
}

#[test]
fn ndjson_of_nothing_is_empty() {
    let mut out = Vec::new();
    render(&Snapshot::default(), &Numeric, true, &mut out).unwrap();
    assert!(out.is_empty());
}

/// A resolver that names cgroup 42.
struct CgroupNames;

impl Resolver for CgroupNames {
    fn service(&self, _port: u16, _proto: &str) -> Option<String> {
        None
    }
    fn host(&self, _addr: IpAddr) -> Option<String> {
        None
    }
    fn user(&self, _uid: u32) -> Option<String> {
        None
    }
    fn cgroup(&self, id: u64) -> Option<String> {
        (id == 42).then(|| "/system.slice/x.service".into())
    }
}

#[test]
fn details_are_present_when_collected_and_parse_back() {
    use sockscope::model::{InetDetails, Skmem, TcpInfo};
    let lo = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let mut s = inet(InetProto::Tcp, Family::Inet, lo, 22, lo, 40000, 1);
    s.details = Some(Box::new(InetDetails {
        tcp_info: Some(TcpInfo {
            len: 280,
            options: 1 | 2 | 4,
            ca_state: 3,
            rtt: 1500,
            snd_cwnd: 10,
            bytes_acked: 1 << 40,
            max_pacing_rate: u64::MAX,
            delivery_rate_app_limited: true,
            accecn_opt_seen: 2,
            ..TcpInfo::default()
        }),
        skmem: Some(Skmem {
            rcvbuf: 131072,
            drops: 3,
            ..Skmem::default()
        }),
        congestion: Some("bbr".into()),
        tos: Some(0x10),
        mark: Some(7),
        cgroup_id: Some(42),
        shutdown: Some(0),
        ..InetDetails::default()
    }));
    let plain = inet(InetProto::Udp, Family::Inet, lo, 53, lo, 0, 7);
    let snap = Snapshot {
        inet: vec![s, plain],
        ..Snapshot::default()
    };
    let doc = document(&snap, &CgroupNames);
    let tcp = &doc["sockets"][0];
    let t = &tcp["tcp_info"];
    assert_eq!(t.as_object().unwrap().len(), 73, "every tcp_info field");
    assert_eq!(t["rtt_us"], 1500);
    assert_eq!(t["snd_cwnd"], 10);
    assert_eq!(t["bytes_acked"], json!(1u64 << 40));
    assert_eq!(t["max_pacing_rate_bytes_per_sec"], json!(u64::MAX));
    assert_eq!(t["options"], json!(["timestamps", "sack", "wscale"]));
    assert_eq!(t["ca_state"], "recovery");
    assert_eq!(t["delivery_rate_app_limited"], true);
    assert_eq!(
        (t["struct_len"].clone(), t["accecn_opt_seen"].clone()),
        (json!(280), json!(2))
    );
    assert_eq!(tcp["skmem"]["rcvbuf"], 131072);
    assert_eq!(tcp["skmem"]["drops"], 3);
    assert_eq!(tcp["congestion"], "bbr");
    assert_eq!(
        (tcp["tos"].clone(), tcp["mark"].clone()),
        (json!(16), json!(7))
    );
    assert_eq!(tcp["cgroup_id"], 42);
    assert_eq!(tcp["cgroup"], "/system.slice/x.service");
    assert_eq!(tcp["shutdown"], 0);
    assert!(tcp.get("tclass").is_none());
    let udp = doc["sockets"][1].as_object().unwrap();
    for k in [
        "tcp_info",
        "skmem",
        "congestion",
        "mark",
        "cgroup",
        "cgroup_id",
        "tos",
        "shutdown",
    ] {
        assert!(!udp.contains_key(k), "{k} without details");
    }
    // No cgroup name from a numeric resolver: only the id.
    let doc = document(&snap, &Numeric);
    assert!(doc["sockets"][0].get("cgroup").is_none());
    assert_eq!(doc["sockets"][0]["cgroup_id"], 42);
}

/// The frame around the sockets, byte for byte: compact, the keys in
/// order, commas only between elements, one newline at the end.
#[test]
fn document_frame_is_exact() {
    let mut out = Vec::new();
    render(&Snapshot::default(), &Numeric, false, &mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "{\"schema\":\"sockscope.sockets/1\",\"sockets\":[],\"warnings\":[]}\n"
    );
    let snap = Snapshot {
        unix: vec![unix(None, 1), unix(None, 2)],
        warnings: vec![
            Warning::ProcessVanished { pid: 7 },
            Warning::ProcessVanished { pid: 8 },
        ],
        ..Snapshot::default()
    };
    let mut out = Vec::new();
    render(&snap, &Numeric, false, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(text.matches('\n').count(), 1, "{text}");
    assert!(text.starts_with("{\"schema\":\"sockscope.sockets/1\",\"sockets\":[{"));
    assert!(text.contains("},{"), "{text}");
    assert!(text.ends_with("}]}\n"), "{text}");
    assert_eq!(doc["sockets"].as_array().unwrap().len(), 2);
    assert_eq!(doc["warnings"].as_array().unwrap().len(), 2);
    // NDJSON: the same objects, a line each, warnings last.
    let mut out = Vec::new();
    render(&snap, &Numeric, true, &mut out).unwrap();
    let lines: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let schemas: Vec<&str> = lines
        .iter()
        .map(|l| l["schema"].as_str().unwrap())
        .collect();
    assert_eq!(
        schemas,
        [SOCKET_SCHEMA, SOCKET_SCHEMA, WARNING_SCHEMA, WARNING_SCHEMA]
    );
}

/// Names with every kind of unsafe character, from every untrusted source.
const HOSTILE: &[&str] = &[
    "e\x1b[31m",
    "o\x1b]0;pwn\x07",
    "c1\u{9b}2J",
    "nl\n\r\t",
    "del\x7f",
    "bidi\u{202a}\u{202b}\u{202c}\u{202d}\u{202e}\u{2066}\u{2067}\u{2068}\u{2069}",
    "zw\u{200b}\u{200c}\u{200d}\u{200e}\u{200f}\u{feff}",
    "ls\u{2028}ps\u{2029}nel\u{85}",
];

struct HostileNames;

impl Resolver for HostileNames {
    fn service(&self, _port: u16, _proto: &str) -> Option<String> {
        None
    }
    fn host(&self, _addr: IpAddr) -> Option<String> {
        None
    }
    fn user(&self, _uid: u32) -> Option<String> {
        Some("u\u{2028}\x1b[2J".into())
    }
    fn cgroup(&self, _id: u64) -> Option<String> {
        Some("/g\u{2029}\u{202e}".into())
    }
}

/// Python's `str.splitlines` boundaries.
fn splitlines(text: &str) -> Vec<&str> {
    text.split([
        '\n', '\r', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e', '\u{85}', '\u{2028}', '\u{2029}',
    ])
    .filter(|l| !l.is_empty())
    .collect()
}

#[test]
fn hostile_names_are_escaped_and_round_trip() {
    let mut snap = Snapshot::default();
    let mut map = ProcessMap::new(9);
    for (i, name) in HOSTILE.iter().enumerate() {
        let inode = 1000 + i as u64;
        let mut s = inet(
            InetProto::Tcp,
            Family::Inet,
            IpAddr::V4(Ipv4Addr::LOCALHOST),
            80,
            IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            0,
            10,
        );
        s.inode = inode;
        s.details = Some(Box::new(sockscope::model::InetDetails {
            cgroup_id: Some(7),
            ..Default::default()
        }));
        snap.inet.push(s);
        let path = format!("/tmp/{name}").into_bytes();
        snap.unix
            .push(unix(Some(UnixPath::Path(path.into())), inode + 100));
        snap.unix.push(unix(
            Some(UnixPath::Abstract(name.as_bytes().to_vec().into())),
            inode + 200,
        ));
        for ino in [inode, inode + 100, inode + 200] {
            map.insert(
                SockKey {
                    netns: 9,
                    inode: ino,
                },
                ProcessRef {
                    pid: 1,
                    name: name.as_bytes().to_vec().into(),
                    fd: 3,
                },
            );
        }
    }
    snap.processes = Some(map);
    for ndjson in [false, true] {
        let mut out = Vec::new();
        render(&snap, &HostileNames, ndjson, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            !text
                .chars()
                .any(|c| c != '\n' && crate::escape::is_unsafe(c)),
            "{text}"
        );
        let records = splitlines(&text);
        assert_eq!(records.len(), if ndjson { 3 * HOSTILE.len() } else { 1 });
        let sockets: Vec<Value> = if ndjson {
            records
                .iter()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        } else {
            let doc: Value = serde_json::from_str(records[0]).unwrap();
            doc["sockets"].as_array().unwrap().clone()
        };
        for (i, name) in HOSTILE.iter().enumerate() {
            let tcp = &sockets[i];
            assert_eq!(tcp["processes"][0]["name"], *name);
            assert_eq!(tcp["user"], "u\u{2028}\x1b[2J");
            assert_eq!(tcp["cgroup"], "/g\u{2029}\u{202e}");
            let path = &sockets[HOSTILE.len() + 2 * i];
            assert_eq!(path["path"], format!("/tmp/{name}"));
            let abs = &sockets[HOSTILE.len() + 2 * i + 1];
            assert_eq!(abs["path"], *name);
            assert_eq!(abs["abstract"], true);
            assert!(abs.get("path_hex").is_none());
        }
    }
}

#[test]
fn invalid_utf8_keeps_its_hex_twin() {
    let mut snap = Snapshot::default();
    let name: &[u8] = b"x\xc3\x1b[2J\xc0\xaf\xff";
    snap.unix
        .push(unix(Some(UnixPath::Abstract(name.to_vec().into())), 5));
    let mut out = Vec::new();
    render(&snap, &Numeric, true, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains('\x1b'));
    let v: Value = serde_json::from_str(text.trim_end()).unwrap();
    assert_eq!(v["path"], "x\u{fffd}\x1b[2J\u{fffd}\u{fffd}\u{fffd}");
    assert_eq!(v["path_hex"], "78c31b5b324ac0afff");
}
