//! Who a process (and so its network namespace) is: the container and the
//! systemd unit it runs in, read from files on disk only — no daemon is
//! contacted, nothing here enters a namespace or prints.
//!
//! The container comes from `/proc/PID/cgroup` (`0::/path` on cgroup v2,
//! `N:controllers:/path` on v1; the v2 line is read first, then
//! `name=systemd`, then the other v1 lines). Each engine names its cgroups
//! in its own way, for the systemd driver and the cgroupfs one:
//!
//! | engine     | systemd driver                     | cgroupfs driver                   |
//! |------------|------------------------------------|-----------------------------------|
//! | Docker     | `…/docker-<id>.scope`              | `/docker/<id>`                    |
//! | Podman     | `…/libpod-<id>.scope`              | `/libpod_parent/libpod-<id>`      |
//! | containerd | `…/cri-containerd-<id>.scope`      | `/kubepods/<qos>/pod<uid>/<id>`   |
//! | CRI-O      | `…/crio-<id>.scope`                | `…/pod<uid>/crio-<id>`            |
//!
//! `<id>` is 64 lowercase hex digits. `libpod-conmon-<id>.scope`,
//! `crio-conmon-<id>.scope` and `libpod-<id>/conmon` hold the engines'
//! monitors, not containers. A Kubernetes pod shows as a
//! `…kubepods…-pod<uid>.slice` segment (systemd; `_` stands for `-` in the
//! uid) or as `pod<uid>` below a `kubepods` segment (cgroupfs). Under
//! cgroupfs a bare `<id>` below a pod does not say its runtime: it is
//! [`Engine::Kubernetes`] until the engines' files say more.
//!
//! Names come from the engines' own records (see [`EngineFiles`]):
//! Docker's `<docker_root>/containers/<id>/config.v2.json` (`Name`, and the
//! `io.kubernetes.*` labels of dockershim-era pods under `Config.Labels`);
//! containers/storage's `<storage>/<driver>-containers/containers.json` and
//! `volatile-containers.json` (arrays of `{"id", "names"}`, as Podman and
//! CRI-O write them) and, for CRI-O, the OCI bundle
//! `<storage>/<driver>-containers/<id>/userdata/config.json`, whose
//! `annotations` name the pod. Every file is read with a size cap; a
//! missing, unreadable or malformed file only leaves a name unknown. Names
//! are untrusted text, kept as they are (capped at 256 bytes) for the
//! renderers to escape.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::capped::read_capped;

/// The most read from any one file (cgroup list, engine record).
const FILE_CAP: u64 = 4 << 20;
/// The longest name kept, in bytes.
const NAME_CAP: usize = 256;
/// The longest systemd unit name (systemd's `UNIT_NAME_MAX` less the NUL).
const UNIT_MAX: usize = 255;
/// containers/storage drivers whose `<driver>-containers` lists are read.
const STORAGE_DRIVERS: [&str; 4] = ["overlay", "vfs", "btrfs", "zfs"];
/// The lists containers/storage keeps (`--rm` containers in the volatile one).
const STORAGE_LISTS: [&str; 2] = ["containers.json", "volatile-containers.json"];

/// The program that made a container.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Engine {
    Docker,
    Podman,
    Containerd,
    Crio,
    /// A Kubernetes pod whose runtime the cgroup path does not name: the
    /// process sits in the pod's cgroup itself (the id is the pod uid), or
    /// in a bare `<id>` below it (cgroupfs driver; the id is the container's).
    Kubernetes,
}

impl Engine {
    /// The engine's short lower-case name (`docker`, `cri-o`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Docker => "docker",
            Engine::Podman => "podman",
            Engine::Containerd => "containerd",
            Engine::Crio => "cri-o",
            Engine::Kubernetes => "kubernetes",
        }
    }
}

/// A container as its cgroup path names it (no names yet).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ContainerRef {
    pub engine: Engine,
    /// The container id (64 hex digits), or the pod uid for a process that
    /// sits in a pod's own cgroup ([`Engine::Kubernetes`], `id == pod_uid`).
    pub id: String,
    /// The Kubernetes pod uid, with `-` separators.
    pub pod_uid: Option<String>,
}

/// A Kubernetes pod, as far as it is known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pod {
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub uid: Option<String>,
}

/// A container with the names its engine's files give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Container {
    pub engine: Engine,
    pub id: String,
    /// The engine's name for it (Docker's without the leading `/`).
    pub name: Option<String>,
    pub pod: Option<Pod>,
    /// The container's name within its pod.
    pub k8s_container: Option<String>,
}

impl Container {
    /// The first 12 characters of the id, as `docker ps` shows it.
    pub fn short_id(&self) -> &str {
        let end = self
            .id
            .char_indices()
            .nth(12)
            .map_or(self.id.len(), |(i, _)| i);
        &self.id[..end]
    }

    /// A short label: `namespace/pod/container` (unknown parts left out)
    /// for a pod's container, else the name, else `<engine>:<short id>`.
    pub fn display(&self) -> String {
        if let Some(pod) = &self.pod {
            let parts: Vec<&str> = [&pod.namespace, &pod.name, &self.k8s_container]
                .into_iter()
                .filter_map(|p| p.as_deref())
                .collect();
            if !parts.is_empty() {
                return parts.join("/");
            }
        }
        match &self.name {
            Some(name) => name.clone(),
            None => format!("{}:{}", self.engine.as_str(), self.short_id()),
        }
    }
}

/// What is known of a process: its container and its systemd unit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    pub container: Option<Container>,
    /// The innermost systemd unit (`nginx.service`, `session-3.scope`).
    pub unit: Option<String>,
}

/// Where the engines keep their records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineFiles {
    /// Docker's data root (`/var/lib/docker`).
    pub docker_root: PathBuf,
    /// The containers/storage graph root of Podman (rootful) and CRI-O
    /// (`/var/lib/containers/storage`).
    pub containers_storage: PathBuf,
}

impl EngineFiles {
    /// The default locations, overridden by `SOCKSCOPE_DOCKER_ROOT` and
    /// `SOCKSCOPE_CONTAINERS_STORAGE` when set and not empty.
    pub fn from_env() -> EngineFiles {
        EngineFiles::from_vars(
            std::env::var_os("SOCKSCOPE_DOCKER_ROOT"),
            std::env::var_os("SOCKSCOPE_CONTAINERS_STORAGE"),
        )
    }

    /// The locations given, or the defaults for those not given or empty.
    fn from_vars(docker: Option<std::ffi::OsString>, storage: Option<std::ffi::OsString>) -> Self {
        let or = |v: Option<std::ffi::OsString>, default: &str| {
            v.filter(|v| !v.is_empty())
                .map_or_else(|| PathBuf::from(default), PathBuf::from)
        };
        EngineFiles {
            docker_root: or(docker, "/var/lib/docker"),
            containers_storage: or(storage, "/var/lib/containers/storage"),
        }
    }
}

/// The container and unit of process `pid`, from `<proc_root>/<pid>/cgroup`
/// and the engines' files (through `cache`). A process whose cgroup file
/// cannot be read has an empty identity.
pub fn of_process(proc_root: &Path, pid: u32, files: &EngineFiles, cache: &mut Cache) -> Identity {
    let path = proc_root.join(pid.to_string()).join("cgroup");
    let Ok(bytes) = read_capped(&path, FILE_CAP) else {
        return Identity::default();
    };
    let text = String::from_utf8_lossy(&bytes);
    Identity {
        container: container_from_cgroup(&text).map(|r| cache.container(files, &r)),
        unit: unit_from_cgroup(&text),
    }
}

/// The container a `/proc/PID/cgroup` text places its process in: the
/// innermost one of the first path (v2, `name=systemd`, other v1) that
/// names one.
pub fn container_from_cgroup(text: &str) -> Option<ContainerRef> {
    cgroup_paths(text).into_iter().find_map(container_in_path)
}

/// The systemd unit a `/proc/PID/cgroup` text places its process in: the
/// last `.service` or `.scope` segment, not a container's scope, of the
/// first path (v2, `name=systemd`, other v1) that has one.
pub fn unit_from_cgroup(text: &str) -> Option<String> {
    cgroup_paths(text).into_iter().find_map(|path| {
        path.split('/')
            .rev()
            .find(|s| is_unit(s))
            .map(str::to_owned)
    })
}

/// The paths of a cgroup text, most telling first: the v2 line's, then
/// `name=systemd`'s, then the other v1 lines' in order. Lines that are not
/// `number:controllers:/path` are skipped.
fn cgroup_paths(text: &str) -> Vec<&str> {
    let (mut v2, mut systemd, mut v1) = (None, None, Vec::new());
    for line in text.lines() {
        let mut fields = line.splitn(3, ':');
        let (Some(hierarchy), Some(controllers), Some(path)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        // A removed cgroup (of an exiting process) is marked so on v2.
        let path = path.strip_suffix(" (deleted)").unwrap_or(path);
        if hierarchy.is_empty()
            || !hierarchy.bytes().all(|b| b.is_ascii_digit())
            || !path.starts_with('/')
        {
            continue;
        }
        if hierarchy == "0" && controllers.is_empty() {
            v2.get_or_insert(path);
        } else if controllers == "name=systemd" {
            systemd.get_or_insert(path);
        } else {
            v1.push(path);
        }
    }
    v2.into_iter().chain(systemd).chain(v1).collect()
}

/// The innermost container (or, when that is deeper, pod) one cgroup path
/// names; `None` when the innermost thing is an engine's monitor (conmon).
fn container_in_path(path: &str) -> Option<ContainerRef> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut under_kubepods = false;
    let mut pod: Option<(usize, String)> = None;
    let mut container: Option<(usize, Engine, &str)> = None;
    let mut conmon: Option<usize> = None;
    for (i, &segment) in segments.iter().enumerate() {
        let previous = i.checked_sub(1).and_then(|p| segments.get(p)).copied();
        if let Some(uid) = systemd_pod(segment).or_else(|| cgroupfs_pod(segment, under_kubepods)) {
            pod = Some((i, uid));
        } else if let Some((engine, id)) = named_container(segment) {
            container = Some((i, engine, id));
        } else if is_hex_id(segment) && previous == Some("docker") {
            container = Some((i, Engine::Docker, segment));
        } else if is_hex_id(segment) && pod.as_ref().is_some_and(|(p, _)| p + 1 == i) {
            container = Some((i, Engine::Kubernetes, segment));
        } else if segment.starts_with("libpod-conmon-")
            || segment.starts_with("crio-conmon-")
            || (segment == "conmon" && previous.is_some_and(|p| named_container(p).is_some()))
        {
            conmon = Some(i);
        }
        under_kubepods |= segment.contains("kubepods");
    }
    let deepest = container.map(|c| c.0).max(pod.as_ref().map(|p| p.0));
    if conmon.is_some() && conmon > deepest {
        return None;
    }
    match (container, pod) {
        // A container in (below) the pod, or in none.
        (Some((c, engine, id)), pod) if pod.as_ref().is_none_or(|(p, _)| *p < c) => {
            Some(ContainerRef {
                engine,
                id: id.to_owned(),
                pod_uid: pod.map(|(_, uid)| uid),
            })
        }
        // The process sits in the pod's own cgroup.
        (_, Some((_, uid))) => Some(ContainerRef {
            engine: Engine::Kubernetes,
            id: uid.clone(),
            pod_uid: Some(uid),
        }),
        _ => None,
    }
}

/// `docker-<id>.scope`, `libpod-<id>[.scope]`, `cri-containerd-<id>.scope`,
/// `crio-<id>[.scope]`: the engine and the id.
fn named_container(segment: &str) -> Option<(Engine, &str)> {
    const PREFIXES: [(&str, Engine, bool); 4] = [
        // (prefix, engine, also without `.scope` (cgroupfs))
        ("docker-", Engine::Docker, false),
        ("libpod-", Engine::Podman, true),
        ("cri-containerd-", Engine::Containerd, false),
        ("crio-", Engine::Crio, true),
    ];
    PREFIXES.iter().find_map(|&(prefix, engine, bare)| {
        let rest = segment.strip_prefix(prefix)?;
        let id = match rest.strip_suffix(".scope") {
            Some(id) => id,
            None if bare => rest,
            None => return None,
        };
        is_hex_id(id).then_some((engine, id))
    })
}

/// A systemd-driver pod slice (`kubepods-besteffort-pod<uid>.slice`,
/// `kubepods-pod<uid>.slice`): the uid with `_` made `-` again.
fn systemd_pod(segment: &str) -> Option<String> {
    let stem = segment.strip_suffix(".slice")?;
    if !stem.contains("kubepods") {
        return None;
    }
    let uid = stem.rsplit('-').next()?.strip_prefix("pod")?;
    is_pod_uid(uid, b'_').then(|| uid.replace('_', "-"))
}

/// A cgroupfs-driver pod directory (`pod<uid>`) below a `kubepods` one.
fn cgroupfs_pod(segment: &str, under_kubepods: bool) -> Option<String> {
    let uid = segment.strip_prefix("pod").filter(|_| under_kubepods)?;
    is_pod_uid(uid, b'-').then(|| uid.to_owned())
}

/// A pod uid: hex digits and `separator`s (a UUID, or the 32 hex digits
/// of a static pod's hash).
fn is_pod_uid(uid: &str, separator: u8) -> bool {
    (1..=64).contains(&uid.len()) && uid.bytes().all(|b| b.is_ascii_hexdigit() || b == separator)
}

/// A container id: 64 lowercase hex digits.
fn is_hex_id(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A systemd unit segment that is not a container's scope.
fn is_unit(segment: &str) -> bool {
    let stem = segment
        .strip_suffix(".service")
        .or_else(|| segment.strip_suffix(".scope"));
    stem.is_some_and(|s| !s.is_empty())
        && segment.len() <= UNIT_MAX
        && named_container(segment).is_none()
}

/// Safe to use as one path component: starts alphanumeric, then only
/// `[A-Za-z0-9_.-]`, never `..`, at most 128 bytes.
fn is_safe_component(s: &str) -> bool {
    s.len() <= 128
        && s.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        && !s.contains("..")
}

/// Names read once per run: each container resolved once, the
/// containers/storage lists read once.
#[derive(Debug, Default)]
pub struct Cache {
    resolved: HashMap<ContainerRef, Container>,
    storage: Option<HashMap<String, StorageEntry>>,
}

/// A container in a containers/storage list.
#[derive(Debug)]
struct StorageEntry {
    name: Option<String>,
    /// The `<driver>-containers` directory that lists it.
    dir: PathBuf,
}

/// What an engine's files say about one container.
#[derive(Debug, Default)]
struct Found {
    name: Option<String>,
    namespace: Option<String>,
    pod_name: Option<String>,
    pod_uid: Option<String>,
    k8s_container: Option<String>,
}

impl Cache {
    /// An empty cache.
    pub fn new() -> Cache {
        Cache::default()
    }

    /// `r` with the names the engines' files give it, read at most once
    /// per container.
    pub fn container(&mut self, files: &EngineFiles, r: &ContainerRef) -> Container {
        let storage = &mut self.storage;
        self.resolved
            .entry(r.clone())
            .or_insert_with(|| resolve(files, storage, r))
            .clone()
    }
}

/// Look `r` up in its engine's files. A bare Kubernetes container id is
/// looked for in Docker's, then in containers/storage (CRI-O's).
fn resolve(
    files: &EngineFiles,
    storage: &mut Option<HashMap<String, StorageEntry>>,
    r: &ContainerRef,
) -> Container {
    let pod_only = r.pod_uid.as_ref() == Some(&r.id);
    let mut engine = r.engine;
    let mut found = None;
    if is_safe_component(&r.id) && !pod_only {
        let mut in_storage = || {
            let list = storage.get_or_insert_with(|| storage_lists(&files.containers_storage));
            list.get(&r.id).map(|e| storage_found(e, &r.id))
        };
        found = match r.engine {
            Engine::Docker => docker_found(&files.docker_root, &r.id),
            Engine::Podman | Engine::Crio => in_storage(),
            Engine::Containerd => None,
            Engine::Kubernetes => match docker_found(&files.docker_root, &r.id) {
                Some(f) => {
                    engine = Engine::Docker;
                    Some(f)
                }
                None => in_storage().inspect(|_| engine = Engine::Crio),
            },
        };
    }
    let found = found.unwrap_or_default();
    let pod_uid = r.pod_uid.clone().or(found.pod_uid);
    let pod = (pod_uid.is_some() || found.namespace.is_some() || found.pod_name.is_some())
        .then_some(Pod {
            namespace: found.namespace,
            name: found.pod_name,
            uid: pod_uid,
        });
    Container {
        engine,
        id: r.id.clone(),
        name: found.name,
        pod,
        k8s_container: found.k8s_container,
    }
}

/// Docker's record of container `id` (`config.v2.json`): its name and
/// the Kubernetes labels.
fn docker_found(docker_root: &Path, id: &str) -> Option<Found> {
    let config = read_json(
        &docker_root
            .join("containers")
            .join(id)
            .join("config.v2.json"),
    )?;
    let name = config.get("Name").and_then(Value::as_str);
    let mut found = kubernetes_found(config.get("Config").and_then(|c| c.get("Labels")));
    found.name = name
        .map(|n| n.strip_prefix('/').unwrap_or(n))
        .and_then(capped);
    Some(found)
}

/// Every container of the containers/storage lists under `storage`, by id,
/// with its first name and the directory that lists it.
fn storage_lists(storage: &Path) -> HashMap<String, StorageEntry> {
    let mut entries = HashMap::new();
    for driver in STORAGE_DRIVERS {
        let dir = storage.join(format!("{driver}-containers"));
        for list in STORAGE_LISTS {
            let Some(Value::Array(items)) = read_json(&dir.join(list)) else {
                continue;
            };
            for item in &items {
                let Some(id) = item.get("id").and_then(Value::as_str) else {
                    continue;
                };
                let name = item
                    .get("names")
                    .and_then(Value::as_array)
                    .and_then(|names| names.first())
                    .and_then(Value::as_str)
                    .and_then(capped);
                entries
                    .entry(id.to_owned())
                    .or_insert_with(|| StorageEntry {
                        name,
                        dir: dir.clone(),
                    });
            }
        }
    }
    entries
}

/// A containers/storage container's name, and the Kubernetes annotations
/// of its OCI bundle (`userdata/config.json`, written by CRI-O).
fn storage_found(entry: &StorageEntry, id: &str) -> Found {
    let bundle = read_json(&entry.dir.join(id).join("userdata").join("config.json"));
    let mut found = kubernetes_found(bundle.as_ref().and_then(|b| b.get("annotations")));
    found.name = entry.name.clone();
    found
}

/// The `io.kubernetes.*` pod and container names of a label or annotation
/// object.
fn kubernetes_found(map: Option<&Value>) -> Found {
    let get = |key: &str| {
        map.and_then(|m| m.get(key))
            .and_then(Value::as_str)
            .and_then(capped)
    };
    Found {
        name: None,
        namespace: get("io.kubernetes.pod.namespace"),
        pod_name: get("io.kubernetes.pod.name"),
        pod_uid: get("io.kubernetes.pod.uid"),
        k8s_container: get("io.kubernetes.container.name"),
    }
}

/// A JSON file, read with the size cap; invalid UTF-8 is replaced.
fn read_json(path: &Path) -> Option<Value> {
    let bytes = read_capped(path, FILE_CAP).ok()?;
    serde_json::from_str(&String::from_utf8_lossy(&bytes)).ok()
}

/// A name, cut to at most [`NAME_CAP`] bytes (on a character boundary);
/// `None` when empty.
fn capped(name: &str) -> Option<String> {
    let mut end = name.len().min(NAME_CAP);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    (end > 0).then(|| name[..end].to_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
#[path = "identity_tests.rs"]
mod tests;
