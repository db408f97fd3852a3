//! The engines' records on disk: Docker's `config.v2.json`,
//! containers/storage's container lists and CRI-O's OCI bundle
//! annotations, each read once per run (see [`Cache`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::cgroup_path::is_safe_component;
use super::{
    Container, ContainerRef, Engine, EngineFiles, Pod, FILE_CAP, NAME_CAP, STORAGE_DRIVERS,
    STORAGE_LISTS,
};
use crate::capped::read_capped;

/// Names read once per run: each container resolved once, the
/// containers/storage lists read once.
#[derive(Debug, Default)]
pub struct Cache {
    resolved: HashMap<ContainerRef, Container>,
    storage: Option<HashMap<String, StorageEntry>>,
}

/// A container in a containers/storage list.
#[derive(Debug)]
pub(super) struct StorageEntry {
    name: Option<String>,
    /// The `<driver>-containers` directory that lists it.
    dir: PathBuf,
}

/// What an engine's files say about one container.
#[derive(Debug, Default)]
pub(super) struct Found {
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
pub(super) fn resolve(
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
pub(super) fn docker_found(docker_root: &Path, id: &str) -> Option<Found> {
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
pub(super) fn storage_lists(storage: &Path) -> HashMap<String, StorageEntry> {
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
pub(super) fn storage_found(entry: &StorageEntry, id: &str) -> Found {
    let bundle = read_json(&entry.dir.join(id).join("userdata").join("config.json"));
    let mut found = kubernetes_found(bundle.as_ref().and_then(|b| b.get("annotations")));
    found.name = entry.name.clone();
    found
}

/// The `io.kubernetes.*` pod and container names of a label or annotation
/// object.
pub(super) fn kubernetes_found(map: Option<&Value>) -> Found {
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
pub(super) fn read_json(path: &Path) -> Option<Value> {
    let bytes = read_capped(path, FILE_CAP).ok()?;
    serde_json::from_str(&String::from_utf8_lossy(&bytes)).ok()
}

/// A name, cut to at most [`NAME_CAP`] bytes (on a character boundary);
/// `None` when empty.
pub(super) fn capped(name: &str) -> Option<String> {
    let mut end = name.len().min(NAME_CAP);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    (end > 0).then(|| name[..end].to_owned())
}
