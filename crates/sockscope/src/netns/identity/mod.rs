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

use std::path::{Path, PathBuf};

use crate::capped::read_capped;

mod cgroup_path;
mod engine_files;

pub use cgroup_path::{container_from_cgroup, unit_from_cgroup};
pub use engine_files::Cache;

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

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests;
