//! The names a run shows for each network namespace: the `ip netns` name,
//! else the container a process in it belongs to (from its cgroup and the
//! engine's files, see [`identity`](super::identity)), else the path it is
//! bind-mounted at, else Docker's sandbox id, else the process's systemd
//! unit, else `pid:PID`. The namespace sockscope runs in is `host`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::identity::{self, Container, EngineFiles};
use super::{Discovered, Known};

/// Where a namespace's shown name comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameSource {
    /// The namespace sockscope runs in.
    Host,
    /// `/run/netns` (`ip netns`).
    Named,
    /// A container's name or id.
    Container,
    /// The path of a bind mount.
    Mount,
    /// A Docker sandbox file (`/var/run/docker/netns/ID`).
    Docker,
    /// The systemd unit of a process in it.
    Unit,
    /// Only a process id.
    Pid,
}

impl NameSource {
    /// Lower-case word for JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            NameSource::Host => "host",
            NameSource::Named => "named",
            NameSource::Container => "container",
            NameSource::Mount => "mount",
            NameSource::Docker => "docker",
            NameSource::Unit => "unit",
            NameSource::Pid => "pid",
        }
    }
}

/// One namespace, as a run shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NsInfo {
    pub inode: u64,
    /// An nsfs file to enter it by.
    pub path: PathBuf,
    /// The best name (untrusted text: container and unit names come from
    /// files other users may write).
    pub name: String,
    pub source: NameSource,
    /// The container of the lowest pid living in it.
    pub container: Option<Container>,
    /// The systemd unit of that process.
    pub unit: Option<String>,
    /// That pid.
    pub pid: Option<u32>,
}

impl NsInfo {
    /// Name a discovered namespace from what the holder's cgroup says.
    pub fn new(d: &Discovered, id: identity::Identity) -> NsInfo {
        let identity::Identity { container, unit } = id;
        let (name, source) = match (&d.known, &container) {
            (Known::Own, _) => ("host".to_owned(), NameSource::Host),
            (Known::Named(n), _) => (n.clone(), NameSource::Named),
            (_, Some(c)) => (c.display(), NameSource::Container),
            (Known::Mount(p), None) => (p.display().to_string(), NameSource::Mount),
            (Known::Docker(id), None) => (format!("docker:{id}"), NameSource::Docker),
            (Known::Pid(pid), None) => match &unit {
                Some(u) => (u.clone(), NameSource::Unit),
                None => (format!("pid:{pid}"), NameSource::Pid),
            },
        };
        NsInfo {
            inode: d.inode,
            path: d.path.clone(),
            name,
            source,
            container,
            unit,
            pid: d.holder,
        }
    }
}

/// Every namespace of a run, by inode.
#[derive(Debug, Clone, Default)]
pub struct Namespaces {
    list: Vec<NsInfo>,
    by_inode: HashMap<u64, usize>,
}

impl Namespaces {
    /// Name every discovered namespace (one cgroup read per holder, each
    /// container's files read once).
    pub fn describe(found: &[Discovered], files: &EngineFiles) -> Namespaces {
        Self::describe_from(Path::new("/proc"), found, files)
    }

    fn describe_from(proc_root: &Path, found: &[Discovered], files: &EngineFiles) -> Namespaces {
        let mut cache = identity::Cache::new();
        let list = found
            .iter()
            .map(|d| {
                let id = match (&d.known, d.holder) {
                    (Known::Own, _) | (_, None) => identity::Identity::default(),
                    (_, Some(pid)) => identity::of_process(proc_root, pid, files, &mut cache),
                };
                NsInfo::new(d, id)
            })
            .collect();
        Namespaces::from_list(list)
    }

    /// A table of these namespaces.
    pub fn from_list(list: Vec<NsInfo>) -> Namespaces {
        let by_inode = list.iter().enumerate().map(|(i, n)| (n.inode, i)).collect();
        Namespaces { list, by_inode }
    }

    /// The namespace of this inode, if the run knows it.
    pub fn get(&self, inode: u64) -> Option<&NsInfo> {
        self.by_inode.get(&inode).map(|&i| &self.list[i])
    }

    /// In discovery order (host first).
    pub fn iter(&self) -> impl Iterator<Item = &NsInfo> {
        self.list.iter()
    }

    /// All of them, in discovery order.
    pub fn as_slice(&self) -> &[NsInfo] {
        &self.list
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests {
    use super::*;
    use crate::netns::identity::Engine;

    fn d(known: Known, holder: Option<u32>) -> Discovered {
        Discovered {
            inode: 7,
            path: PathBuf::from("/x"),
            known,
            holder,
        }
    }

    fn web() -> Container {
        Container {
            engine: Engine::Docker,
            id: "a".repeat(64),
            name: Some("web".into()),
            pod: None,
            k8s_container: None,
        }
    }

    #[test]
    fn best_name_first() {
        let with = |c: Option<Container>, u: Option<&str>| identity::Identity {
            container: c,
            unit: u.map(str::to_owned),
        };
        let n = NsInfo::new(&d(Known::Own, Some(1)), with(Some(web()), None));
        assert_eq!((n.name.as_str(), n.source), ("host", NameSource::Host));
        let n = NsInfo::new(
            &d(Known::Named("blue".into()), Some(3)),
            with(Some(web()), None),
        );
        assert_eq!((n.name.as_str(), n.source), ("blue", NameSource::Named));
        assert_eq!(n.container, Some(web()));
        let n = NsInfo::new(
            &d(Known::Pid(9), Some(9)),
            with(Some(web()), Some("x.service")),
        );
        assert_eq!((n.name.as_str(), n.source), ("web", NameSource::Container));
        let n = NsInfo::new(&d(Known::Pid(9), Some(9)), with(None, Some("x.service")));
        assert_eq!((n.name.as_str(), n.source), ("x.service", NameSource::Unit));
        let n = NsInfo::new(&d(Known::Pid(9), Some(9)), with(None, None));
        assert_eq!((n.name.as_str(), n.source), ("pid:9", NameSource::Pid));
        let n = NsInfo::new(&d(Known::Mount("/srv/ns".into()), None), with(None, None));
        assert_eq!((n.name.as_str(), n.source), ("/srv/ns", NameSource::Mount));
        let n = NsInfo::new(&d(Known::Docker("1f2e".into()), None), with(None, None));
        assert_eq!(
            (n.name.as_str(), n.source),
            ("docker:1f2e", NameSource::Docker)
        );
    }

    #[test]
    fn table_by_inode() {
        let mut a = NsInfo::new(&d(Known::Own, None), identity::Identity::default());
        a.inode = 1;
        let mut b = NsInfo::new(&d(Known::Pid(4), Some(4)), identity::Identity::default());
        b.inode = 2;
        let t = Namespaces::from_list(vec![a, b]);
        assert_eq!(t.get(2).unwrap().name, "pid:4");
        assert!(t.get(3).is_none());
        assert_eq!(t.len(), 2);
    }
}
