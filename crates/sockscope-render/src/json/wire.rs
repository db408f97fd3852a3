//! The JSON wire types: a deliberate, versioned schema, built from the model
//! by explicit conversions (the model itself derives nothing). Changing a
//! field name or meaning here changes the schema version in `json.rs`.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;
use sockscope::model::MissingOwner;
use sockscope::model::{
    Family, InetProto, InetSocket, ProcessMap, TimerKind, UnixPath, UnixSocket, Warning,
};
use sockscope::names::Resolver;
use sockscope::netns::identity::Container;
use sockscope::netns::names::Namespaces;

use super::details::{WireSkmem, WireTcpInfo};
use super::kinds::WireMptcp;

/// `{"address": "::1", "port": 8080}`
#[derive(Debug, Serialize)]
pub struct Endpoint {
    pub address: String,
    pub port: u16,
}

/// A pending kernel timer.
#[derive(Debug, Serialize)]
pub struct Timer {
    pub kind: &'static str,
    pub expires_ms: u64,
    pub retrans: u32,
    pub probes: u32,
}

/// A process holding the socket.
#[derive(Debug, Serialize)]
pub struct Process<'a> {
    pub pid: u32,
    pub name: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_hex: Option<String>,
    pub fd: u32,
}

/// Where a socket lives and who holds it: the processes (with `-p`) or
/// why none shows (`no_pid`), its network namespace and the container
/// living there (when the run names namespaces).
#[derive(Debug, Serialize)]
pub struct Origin<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processes: Option<Vec<Process<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_pid: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub netns: Option<WireNetns<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<WireContainer<'a>>,
}

/// `{"inode": 4026531840, "name": "host", "named_by": "host"}`
#[derive(Debug, Serialize)]
pub struct WireNetns<'a> {
    pub inode: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub named_by: Option<&'static str>,
}

/// The container of a socket's namespace.
#[derive(Debug, Serialize)]
pub struct WireContainer<'a> {
    pub engine: &'static str,
    pub id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod_namespace: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod_uid: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k8s_container: Option<&'a str>,
}

impl<'a> WireContainer<'a> {
    pub fn new(c: &'a Container) -> WireContainer<'a> {
        let pod = c.pod.as_ref();
        WireContainer {
            engine: c.engine.as_str(),
            id: &c.id,
            name: c.name.as_deref(),
            pod_namespace: pod.and_then(|p| p.namespace.as_deref()),
            pod_name: pod.and_then(|p| p.name.as_deref()),
            pod_uid: pod.and_then(|p| p.uid.as_deref()),
            k8s_container: c.k8s_container.as_deref(),
        }
    }
}

/// A TCP, UDP, UDP-Lite, raw, ICMP, SCTP or MPTCP socket.
#[derive(Debug, Serialize)]
pub struct Inet<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<&'static str>,
    pub proto: &'static str,
    pub family: &'static str,
    pub local: Endpoint,
    pub remote: Endpoint,
    pub state: &'static str,
    pub state_code: u8,
    pub recv_q: u32,
    pub send_q: u32,
    pub uid: u32,
    pub user: Option<String>,
    pub inode: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cookie: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ifindex: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_protocol: Option<u8>,
    pub timer: Timer,
    #[serde(flatten)]
    pub origin: Origin<'a>,
    // Details: present only when collected and sent by the kernel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tcp_info: Option<WireTcpInfo<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skmem: Option<WireSkmem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub congestion: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tos: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tclass: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class_id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cgroup_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cgroup: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shutdown: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub v6only: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mptcp_info: Option<WireMptcp>,
}

/// A UNIX domain socket.
#[derive(Debug, Serialize)]
pub struct Unix<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<&'static str>,
    pub proto: &'static str,
    pub family: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub type_code: u16,
    pub state: &'static str,
    pub state_code: u8,
    pub listening: bool,
    pub recv_q: u32,
    pub send_q: u32,
    pub inode: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_hex: Option<String>,
    #[serde(rename = "abstract")]
    pub is_abstract: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peer: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refcnt: Option<u32>,
    #[serde(flatten)]
    pub origin: Origin<'a>,
}

/// Something the collector could not see.
#[derive(Debug, Serialize)]
pub struct WireWarning<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<&'static str>,
    pub kind: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub what: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub euid: Option<u32>,
    /// The namespace not listed (`netns`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub netns: Option<WireNetns<'a>>,
}

/// Converts model values to wire values; caches user names.
pub struct Converter<'a> {
    pub names: &'a dyn Resolver,
    pub processes: Option<&'a ProcessMap>,
    /// The run's namespaces, when it names them.
    pub namespaces: Option<&'a Namespaces>,
    /// `"schema"` on every object (NDJSON).
    pub schema: Option<&'static str>,
    users: RefCell<HashMap<u32, Option<String>>>,
}

impl<'a> Converter<'a> {
    pub fn new(
        names: &'a dyn Resolver,
        processes: Option<&'a ProcessMap>,
        schema: Option<&'static str>,
    ) -> Self {
        Converter {
            names,
            processes,
            namespaces: None,
            schema,
            users: RefCell::new(HashMap::new()),
        }
    }

    pub(super) fn user(&self, uid: u32) -> Option<String> {
        self.users
            .borrow_mut()
            .entry(uid)
            .or_insert_with(|| self.names.user(uid))
            .clone()
    }

    /// The origin fields of a socket (`uid`: when the kernel gives one).
    pub(super) fn origin(&self, netns: u64, inode: u64, uid: Option<u32>) -> Origin<'a> {
        let ns = self.namespaces.and_then(|t| t.get(netns));
        Origin {
            processes: self.processes(netns, inode),
            no_pid: self
                .processes
                .and_then(|m| m.why_missing(netns, inode, uid))
                .map(MissingOwner::name),
            netns: (netns != 0).then(|| WireNetns {
                inode: netns,
                name: ns.map(|n| n.name.as_str()),
                named_by: ns.map(|n| n.source.as_str()),
            }),
            container: ns
                .and_then(|n| n.container.as_ref())
                .map(WireContainer::new),
        }
    }

    pub(super) fn processes(&self, netns: u64, inode: u64) -> Option<Vec<Process<'a>>> {
        let map = self.processes?;
        Some(
            map.holders(netns, inode)
                .iter()
                .map(|p| {
                    let (name, name_hex) = text(&p.name);
                    Process {
                        pid: p.pid,
                        name,
                        name_hex,
                        fd: p.fd,
                    }
                })
                .collect(),
        )
    }

    pub fn inet<'s>(&'s self, s: &'s InetSocket) -> Inet<'s> {
        let d = s.details.as_deref();
        Inet {
            schema: self.schema,
            proto: s.proto.name(),
            family: match s.family {
                Family::Inet => "inet",
                Family::Inet6 => "inet6",
            },
            local: Endpoint {
                address: s.local.to_string(),
                port: s.local_port,
            },
            remote: Endpoint {
                address: s.remote.to_string(),
                port: s.remote_port,
            },
            state: s.state.name(),
            state_code: s.state.code(),
            recv_q: s.recv_q,
            send_q: s.send_q,
            uid: s.uid,
            user: self.user(s.uid),
            inode: s.inode,
            cookie: (s.cookie != 0).then_some(s.cookie),
            ifindex: (s.ifindex != 0).then_some(s.ifindex),
            ip_protocol: (s.proto == InetProto::Raw).then_some(s.raw_protocol),
            timer: Timer {
                kind: match s.timer.kind {
                    TimerKind::Off => "off",
                    TimerKind::On => "on",
                    TimerKind::Keepalive => "keepalive",
                    TimerKind::TimeWait => "timewait",
                    TimerKind::Probe => "probe",
                    TimerKind::Unknown(_) => "unknown",
                },
                expires_ms: s.timer.expires_ms,
                retrans: s.timer.retrans,
                probes: s.timer.probes,
            },
            origin: self.origin(s.netns, s.inode, Some(s.uid)),
            tcp_info: d.and_then(|d| d.tcp_info.as_ref()).map(WireTcpInfo),
            skmem: d.and_then(|d| d.skmem.as_ref()).map(WireSkmem::from),
            congestion: d
                .and_then(|d| d.congestion.as_deref())
                .map(|c| text(c.as_bytes()).0),
            tos: d.and_then(|d| d.tos),
            tclass: d.and_then(|d| d.tclass),
            class_id: d.and_then(|d| d.class_id),
            mark: d.and_then(|d| d.mark),
            cgroup_id: d.and_then(|d| d.cgroup_id),
            cgroup: d
                .and_then(|d| d.cgroup_id)
                .and_then(|id| self.names.cgroup(id)),
            shutdown: d.and_then(|d| d.shutdown),
            v6only: d.and_then(|d| d.v6only),
            mptcp_info: d.and_then(|d| d.mptcp.as_ref()).map(WireMptcp::from),
        }
    }

    pub fn unix<'s>(&'s self, s: &'s UnixSocket) -> Unix<'s> {
        let kind = s.kind.name();
        // A listener is unconnected in SS_* terms; the name says what it is.
        let (state, state_code) = (s.state_name(), s.state.code());
        let (bytes, is_abstract) = match &s.path {
            Some(UnixPath::Path(p)) => (Some(&p[..]), false),
            Some(UnixPath::Abstract(p)) => (Some(&p[..]), true),
            None => (None, false),
        };
        let (path, path_hex) = match bytes.map(text) {
            Some((p, h)) => (Some(p), h),
            None => (None, None),
        };
        Unix {
            schema: self.schema,
            proto: "unix",
            family: "unix",
            kind,
            type_code: s.kind.raw(),
            state,
            state_code,
            listening: s.listening,
            recv_q: s.recv_q,
            send_q: s.send_q,
            inode: s.inode,
            path,
            path_hex,
            is_abstract,
            peer: s.peer,
            refcnt: s.refcnt,
            origin: self.origin(s.netns, s.inode, None),
        }
    }

    pub fn warning<'s>(&'s self, w: &'s Warning) -> WireWarning<'s> {
        let mut out = WireWarning {
            schema: self.schema.map(|_| super::WARNING_SCHEMA),
            kind: "",
            message: w.to_string(),
            what: None,
            reason: None,
            pid: None,
            count: None,
            euid: None,
            netns: None,
        };
        match w {
            Warning::ProcessVanished { pid } => {
                out.kind = "process_vanished";
                out.pid = Some(*pid);
            }
            Warning::FdsUnreadable { count, euid, .. } => {
                out.kind = "fds_unreadable";
                out.count = Some(*count);
                out.euid = Some(*euid);
            }
            Warning::Fallback { what, reason } => {
                out.kind = "fallback";
                out.what = Some(what);
                out.reason = Some(reason);
            }
            Warning::Unavailable { what, reason } => {
                out.kind = "unavailable";
                out.what = Some(what);
                out.reason = Some(reason);
            }
            Warning::Netns {
                name,
                inode,
                reason,
            } => {
                out.kind = "netns";
                out.reason = Some(reason);
                out.netns = Some(WireNetns {
                    inode: *inode,
                    name: Some(name),
                    named_by: None,
                });
            }
            Warning::NetnsUnreadable { count, euid } => {
                out.kind = "netns_unreadable";
                out.count = u32::try_from(*count).ok();
                out.euid = Some(*euid);
            }
        }
        out
    }
}

/// Raw bytes as JSON text: the string itself when it is UTF-8; otherwise a
/// lossy string (U+FFFD for bad bytes) plus the exact bytes in hex.
pub(super) fn text(bytes: &[u8]) -> (Cow<'_, str>, Option<String>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), None),
        Err(_) => {
            let mut hex = String::with_capacity(bytes.len() * 2);
            for b in bytes {
                let _ = write!(hex, "{b:02x}");
            }
            (String::from_utf8_lossy(bytes), Some(hex))
        }
    }
}
