//! Reading `/proc/PID/cgroup`: which container (engine, id, pod) and
//! which systemd unit a process runs in, from the path of each hierarchy
//! (see the layouts in the parent module's doc).

use super::{ContainerRef, Engine, UNIT_MAX};

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
pub(super) fn cgroup_paths(text: &str) -> Vec<&str> {
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
pub(super) fn container_in_path(path: &str) -> Option<ContainerRef> {
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
pub(super) fn named_container(segment: &str) -> Option<(Engine, &str)> {
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
pub(super) fn systemd_pod(segment: &str) -> Option<String> {
    let stem = segment.strip_suffix(".slice")?;
    if !stem.contains("kubepods") {
        return None;
    }
    let uid = stem.rsplit('-').next()?.strip_prefix("pod")?;
    is_pod_uid(uid, b'_').then(|| uid.replace('_', "-"))
}

/// A cgroupfs-driver pod directory (`pod<uid>`) below a `kubepods` one.
pub(super) fn cgroupfs_pod(segment: &str, under_kubepods: bool) -> Option<String> {
    let uid = segment.strip_prefix("pod").filter(|_| under_kubepods)?;
    is_pod_uid(uid, b'-').then(|| uid.to_owned())
}

/// A pod uid: hex digits and `separator`s (a UUID, or the 32 hex digits
/// of a static pod's hash).
pub(super) fn is_pod_uid(uid: &str, separator: u8) -> bool {
    (1..=64).contains(&uid.len()) && uid.bytes().all(|b| b.is_ascii_hexdigit() || b == separator)
}

/// A container id: 64 lowercase hex digits.
pub(super) fn is_hex_id(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A systemd unit segment that is not a container's scope.
pub(super) fn is_unit(segment: &str) -> bool {
    let stem = segment
        .strip_suffix(".service")
        .or_else(|| segment.strip_suffix(".scope"));
    stem.is_some_and(|s| !s.is_empty())
        && segment.len() <= UNIT_MAX
        && named_container(segment).is_none()
}

/// Safe to use as one path component: starts alphanumeric, then only
/// `[A-Za-z0-9_.-]`, never `..`, at most 128 bytes.
pub(super) fn is_safe_component(s: &str) -> bool {
    s.len() <= 128
        && s.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        && !s.contains("..")
}
