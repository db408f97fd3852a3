//! Tests of `identity`: every cgroup layout the module knows (and garbage),
//! then the engines' files in a temporary directory.

use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;

use super::cgroup_path::*;
use super::engine_files::*;
use super::*;

/// A container id.
fn id(c: char) -> String {
    c.to_string().repeat(64)
}

const UID: &str = "1234abcd-5678-90ab-cdef-1234567890ab";
const UID_SYSTEMD: &str = "1234abcd_5678_90ab_cdef_1234567890ab";

/// The parsed container as a tuple, for short assertions.
fn container(text: &str) -> Option<(Engine, String, Option<String>)> {
    container_from_cgroup(text).map(|r| (r.engine, r.id, r.pod_uid))
}

/// A Docker container outside any pod, as [`container`] gives it.
fn docker(i: &str) -> Option<(Engine, String, Option<String>)> {
    Some((Engine::Docker, i.to_owned(), None))
}

#[test]
fn docker_systemd_and_cgroupfs() {
    let a = id('a');
    assert_eq!(
        container(&format!("0::/system.slice/docker-{a}.scope\n")),
        docker(&a)
    );
    let v1 =
        format!("12:pids:/docker/{a}\n11:cpu,cpuacct:/docker/{a}\n1:name=systemd:/docker/{a}\n");
    assert_eq!(container(&v1), docker(&a));
    // Hybrid: the v2 line says nothing, the v1 lines do.
    let hybrid = format!("0::/\n3:memory:/system.slice/docker-{a}.scope\n");
    assert_eq!(container(&hybrid), docker(&a));
    // Rootless Docker under the user's manager.
    let rootless =
        format!("0::/user.slice/user-1000.slice/user@1000.service/user.slice/docker-{a}.scope");
    assert_eq!(container(&rootless), docker(&a));
    assert_eq!(
        unit_from_cgroup(&rootless).as_deref(),
        Some("user@1000.service")
    );
    assert_eq!(
        unit_from_cgroup(&format!("0::/system.slice/docker-{a}.scope")),
        None
    );
}

#[test]
fn v2_line_is_preferred_then_name_systemd() {
    let (a, b) = (id('a'), id('b'));
    let text = format!("4:cpu:/docker/{b}\n0::/system.slice/docker-{a}.scope\n");
    assert_eq!(container(&text), docker(&a));
    let text = "4:cpu:/x.slice/one.service\n1:name=systemd:/system.slice/two.service\n";
    assert_eq!(unit_from_cgroup(text).as_deref(), Some("two.service"));
}

#[test]
fn podman_layouts_and_conmon() {
    let a = id('a');
    let podman = Some((Engine::Podman, a.clone(), None));
    for path in [
        format!("/machine.slice/libpod-{a}.scope"),
        format!("/machine.slice/libpod-{a}.scope/container"),
        format!("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-{a}.scope"),
        format!(
            "/machine.slice/machine-libpod_pod_{}.slice/libpod-{a}.scope",
            id('c')
        ),
        format!("/libpod_parent/libpod-{a}"),
        format!("/libpod_parent/libpod-{a}/ctr"),
    ] {
        assert_eq!(container(&format!("0::{path}\n")), podman, "{path}");
    }
    for conmon in [
        format!("0::/machine.slice/libpod-conmon-{a}.scope"),
        format!("0::/libpod_parent/libpod-{a}/conmon"),
        "0::/libpod_parent/conmon".to_owned(),
        format!("5:memory:/libpod_parent/libpod-{a}/conmon"),
    ] {
        assert_eq!(container(&conmon), None, "{conmon}");
    }
    let conmon_unit = format!("libpod-conmon-{a}.scope");
    assert_eq!(
        unit_from_cgroup(&format!("0::/machine.slice/{conmon_unit}")),
        Some(conmon_unit)
    );
}

#[test]
fn kubernetes_systemd_driver() {
    let a = id('a');
    let pod = Some(UID.to_owned());
    for qos in [
        "kubepods-besteffort.slice/kubepods-besteffort",
        "kubepods-burstable.slice/kubepods-burstable",
        "kubepods",
    ] {
        let base = format!("0::/kubepods.slice/{qos}-pod{UID_SYSTEMD}.slice");
        let c = format!("{base}/cri-containerd-{a}.scope");
        assert_eq!(
            container(&c),
            Some((Engine::Containerd, a.clone(), pod.clone())),
            "{c}"
        );
        let c = format!("{base}/crio-{a}.scope");
        assert_eq!(
            container(&c),
            Some((Engine::Crio, a.clone(), pod.clone())),
            "{c}"
        );
        let c = format!("{base}/docker-{a}.scope");
        assert_eq!(
            container(&c),
            Some((Engine::Docker, a.clone(), pod.clone())),
            "{c}"
        );
        // A process in the pod's own cgroup: just the pod.
        assert_eq!(
            container(&base),
            Some((Engine::Kubernetes, UID.to_owned(), pod.clone()))
        );
        // CRI-O's monitor with conmon_cgroup = "pod".
        assert_eq!(container(&format!("{base}/crio-conmon-{a}.scope")), None);
    }
    // A static pod's uid is a 32-digit hash.
    let hash = "0123456789abcdef0123456789abcdef";
    let text = format!("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod{hash}.slice/cri-containerd-{a}.scope");
    assert_eq!(container(&text).unwrap().2.as_deref(), Some(hash));
    // CRI-O's monitor in system.slice is not a container.
    assert_eq!(
        container(&format!("0::/system.slice/crio-conmon-{a}.scope")),
        None
    );
}

#[test]
fn kubernetes_cgroupfs_driver() {
    let a = id('a');
    let pod = Some(UID.to_owned());
    for qos in ["besteffort/", "burstable/", ""] {
        let base = format!("/kubepods/{qos}pod{UID}");
        let bare = format!("4:memory:{base}/{a}\n");
        assert_eq!(
            container(&bare),
            Some((Engine::Kubernetes, a.clone(), pod.clone()))
        );
        let crio = format!("0::{base}/crio-{a}");
        assert_eq!(
            container(&crio),
            Some((Engine::Crio, a.clone(), pod.clone()))
        );
        assert_eq!(container(&format!("0::{base}/crio-conmon-{a}")), None);
        let only = container(&format!("0::{base}")).unwrap();
        assert_eq!(only, (Engine::Kubernetes, UID.to_owned(), pod.clone()));
    }
    // `pod<uid>` means nothing outside kubepods, nor does a bare id.
    assert_eq!(container(&format!("0::/other/pod{UID}/{a}")), None);
    assert_eq!(container(&format!("0::/actions_job/{a}")), None);
}

#[test]
fn nested_container_is_the_innermost() {
    let (node, a) = (id('e'), id('a'));
    // A pod of a kind node (Kubernetes in a Docker container).
    let text = format!(
        "0::/system.slice/docker-{node}.scope/kubelet.slice/kubelet-kubepods.slice/\
         kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod{UID_SYSTEMD}.slice/\
         cri-containerd-{a}.scope\n"
    );
    assert_eq!(
        container(&text),
        Some((Engine::Containerd, a, Some(UID.to_owned())))
    );
}

#[test]
fn systemd_units() {
    for (text, unit) in [
        ("0::/system.slice/nginx.service\n", Some("nginx.service")),
        (
            "0::/user.slice/user-1000.slice/session-3.scope\n",
            Some("session-3.scope"),
        ),
        ("0::/init.scope\n", Some("init.scope")),
        (
            "0::/system.slice/nginx.service (deleted)\n",
            Some("nginx.service"),
        ),
        ("0::/system.slice/a.service/sub\n", Some("a.service")),
        ("0::/system.slice\n", None),
        ("0::/\n", None),
        ("0::/system.slice/.service\n", None),
        ("", None),
    ] {
        assert_eq!(unit_from_cgroup(text).as_deref(), unit, "{text:?}");
    }
    let long = format!("0::/system.slice/{}.service\n", "x".repeat(300));
    assert_eq!(unit_from_cgroup(&long), None);
}

#[test]
fn garbage_and_near_misses() {
    let a = id('a');
    for text in [
        String::new(),
        "garbage\n".into(),
        ":::\n".into(),
        "x:y:/docker/z\n".into(),
        format!("0::docker-{a}.scope\n"),
        format!("zero::/system.slice/docker-{a}.scope\n"),
        format!("0::/system.slice/docker-{}.scope\n", &a[1..]),
        format!("0::/system.slice/docker-{}.scope\n", a.to_uppercase()),
        format!("0::/system.slice/docker-{a}x.scope\n"),
        format!("0::/system.slice/docker-{a}\n"),
        format!("0::/system.slice/cri-containerd-{a}\n"),
        "0::/kubepods.slice/kubepods-podxyz.slice\n".into(),
        format!("0::/foo.slice/foo-pod{UID_SYSTEMD}.slice\n"),
        "\u{0}\u{ffff}:\n\n0\n".into(),
    ] {
        assert_eq!(container(&text), None, "{text:?}");
    }
    // A garbage line does not hide a good one.
    let mixed = format!("nonsense\n0::/system.slice/docker-{a}.scope (deleted)\n");
    assert_eq!(container(&mixed), docker(&a));
}

#[test]
fn very_long_lines() {
    let a = id('a');
    let long = format!("0::/{}\n", "x".repeat(1 << 20));
    assert_eq!(container(&long), None);
    assert_eq!(unit_from_cgroup(&long), None);
    let deep = format!(
        "0::{}/docker-{a}.scope/{}\n",
        "/s".repeat(100_000),
        "y".repeat(1 << 16)
    );
    assert_eq!(container(&deep), docker(&a));
}

proptest! {
    #[test]
    fn any_text_is_parsed_without_panic(text in ".{0,400}") {
        let _ = container_from_cgroup(&text);
        let _ = unit_from_cgroup(&text);
    }

    #[test]
    fn any_cgroupish_text_is_parsed_without_panic(
        text in "([0-9]:[a-z=,]{0,8}:(/(kubepods|pod[0-9a-f_-]{0,12}|[a-z]{1,6}-[0-9a-f]{0,3}(\\.scope|\\.slice)?|conmon|docker)){0,6}\n){0,4}"
    ) {
        let _ = container_from_cgroup(&text);
        let _ = unit_from_cgroup(&text);
    }
}

#[test]
fn display_and_short_id() {
    let mut c = Container {
        engine: Engine::Podman,
        id: id('a'),
        name: None,
        pod: None,
        k8s_container: None,
    };
    assert_eq!(c.short_id(), "aaaaaaaaaaaa");
    assert_eq!(c.display(), "podman:aaaaaaaaaaaa");
    c.name = Some("web".into());
    assert_eq!(c.display(), "web");
    c.pod = Some(Pod {
        uid: Some(UID.into()),
        ..Pod::default()
    });
    assert_eq!(c.display(), "web", "a pod known by uid only");
    c.pod = Some(Pod {
        namespace: Some("prod".into()),
        name: None,
        uid: None,
    });
    c.k8s_container = Some("app".into());
    assert_eq!(c.display(), "prod/app");
    c.id = "é".repeat(20);
    assert_eq!(c.short_id().chars().count(), 12);
    c.id = "abc".into();
    assert_eq!(c.short_id(), "abc");
}

#[test]
fn engine_files_from_vars() {
    let d = EngineFiles::from_vars(None, Some("".into()));
    assert_eq!(d.docker_root, Path::new("/var/lib/docker"));
    assert_eq!(
        d.containers_storage,
        Path::new("/var/lib/containers/storage")
    );
    let e = EngineFiles::from_vars(Some("/d".into()), Some("/s".into()));
    assert_eq!(
        (e.docker_root, e.containers_storage),
        ("/d".into(), "/s".into())
    );
}

/// A temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    /// A fresh directory for one test, unique per process and call.
    fn new(tag: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "sockscope-identity-{tag}-{}-{n}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// Write `bytes` at `rel`, making its directories.
    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Engine files rooted in this directory (`docker/`, `storage/`).
    fn files(&self) -> EngineFiles {
        EngineFiles {
            docker_root: self.0.join("docker"),
            containers_storage: self.0.join("storage"),
        }
    }
}

impl Drop for TempDir {
    /// Remove the directory and all in it.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A container reference as the cgroup parser makes them.
fn reference(engine: Engine, id: &str, pod_uid: Option<&str>) -> ContainerRef {
    ContainerRef {
        engine,
        id: id.to_owned(),
        pod_uid: pod_uid.map(str::to_owned),
    }
}

#[test]
fn docker_config_names_and_kubernetes_labels() {
    let t = TempDir::new("docker");
    let (a, b, c) = (id('a'), id('b'), id('c'));
    t.write(
        &format!("docker/containers/{a}/config.v2.json"),
        r#"{"ID":"x","Name":"/web","Config":{"Labels":{"com.docker.compose.project":"shop"}}}"#,
    );
    t.write(
        &format!("docker/containers/{b}/config.v2.json"),
        r#"{"Name":"/k8s_app_api-7f_prod_u_0","Config":{"Labels":{
            "io.kubernetes.pod.namespace":"prod","io.kubernetes.pod.name":"api-7f",
            "io.kubernetes.container.name":"app","io.kubernetes.pod.uid":"u-1"}}}"#,
    );
    t.write(
        &format!("docker/containers/{c}/config.v2.json"),
        r#"{"Config":{"Labels":null}}"#,
    );
    let mut cache = Cache::new();
    let files = t.files();

    let web = cache.container(&files, &reference(Engine::Docker, &a, None));
    assert_eq!(web.name.as_deref(), Some("web"));
    assert_eq!((web.display(), web.pod), ("web".to_owned(), None));

    let api = cache.container(&files, &reference(Engine::Docker, &b, None));
    let pod = api.pod.clone().unwrap();
    assert_eq!(pod.namespace.as_deref(), Some("prod"));
    assert_eq!(pod.name.as_deref(), Some("api-7f"));
    assert_eq!(pod.uid.as_deref(), Some("u-1"));
    assert_eq!(api.display(), "prod/api-7f/app");
    // The cgroup's pod uid wins over the label.
    let api = cache.container(&files, &reference(Engine::Docker, &b, Some(UID)));
    assert_eq!(api.pod.unwrap().uid.as_deref(), Some(UID));

    let bare = cache.container(&files, &reference(Engine::Docker, &c, None));
    assert_eq!(
        (bare.display(), bare.name),
        ("docker:cccccccccccc".to_owned(), None)
    );
}

#[test]
fn malformed_and_missing_files_leave_names_unknown() {
    let t = TempDir::new("malformed");
    let files = t.files();
    let mut cache = Cache::new();
    let bad: [&[u8]; 6] = [
        b"{",
        b"[1,2]",
        b"",
        b"\"Name\"",
        b"{\"Name\":42}",
        &[b'['; 10_000],
    ];
    for (n, bytes) in bad.into_iter().enumerate() {
        let i = format!("{n}").repeat(64);
        t.write(&format!("docker/containers/{i}/config.v2.json"), bytes);
        let c = cache.container(&files, &reference(Engine::Docker, &i, None));
        assert_eq!((c.name, c.pod), (None, None), "{n}");
    }
    t.write("storage/overlay-containers/containers.json", b"{\"id\":1}");
    t.write(
        "storage/vfs-containers/containers.json",
        b"[{\"id\":7},{\"names\":[\"x\"]},3,{\"id\":\"9\",\"names\":\"no\"}]",
    );
    let c = cache.container(&files, &reference(Engine::Podman, &id('f'), None));
    assert_eq!(c.name, None);
    let c = cache.container(&files, &reference(Engine::Containerd, &id('f'), None));
    assert_eq!(c.display(), "containerd:ffffffffffff");
    // A directory where a file should be, and nothing at all.
    std::fs::create_dir_all(t.0.join(format!("docker/containers/{}/config.v2.json", id('d'))))
        .unwrap();
    assert_eq!(
        cache
            .container(&files, &reference(Engine::Docker, &id('d'), None))
            .name,
        None
    );
    assert_eq!(
        cache
            .container(&files, &reference(Engine::Docker, &id('e'), None))
            .name,
        None
    );
}

#[test]
fn names_are_capped_and_lossy() {
    let t = TempDir::new("cap");
    let (a, b) = (id('a'), id('b'));
    let long = format!("/{}", "é".repeat(200));
    t.write(
        &format!("docker/containers/{a}/config.v2.json"),
        format!(r#"{{"Name":"{long}"}}"#),
    );
    let mut invalid = br#"{"Name":"/we"#.to_vec();
    invalid.extend_from_slice(&[0xff, 0xfe]);
    invalid.extend_from_slice(br#"b"}"#);
    t.write(&format!("docker/containers/{b}/config.v2.json"), invalid);
    let mut cache = Cache::new();
    let name = cache
        .container(&t.files(), &reference(Engine::Docker, &a, None))
        .name
        .unwrap();
    assert_eq!(name.len(), 256);
    assert!(name.chars().all(|c| c == 'é'));
    let name = cache
        .container(&t.files(), &reference(Engine::Docker, &b, None))
        .name
        .unwrap();
    assert_eq!(name, "we\u{fffd}\u{fffd}b");
}

#[test]
fn containers_storage_lists_and_crio_annotations() {
    let t = TempDir::new("storage");
    let (a, b, c, d) = (id('a'), id('b'), id('c'), id('d'));
    t.write(
        "storage/overlay-containers/containers.json",
        format!(
            r#"[{{"id":"{a}","names":["db"],"image":"i","layer":"l"}},
               {{"id":"{b}","names":["k8s_app_api-7f_prod_{UID}_0","alias"]}}]"#
        ),
    );
    t.write(
        "storage/overlay-containers/volatile-containers.json",
        format!(r#"[{{"id":"{c}","names":["tmp"]}}]"#),
    );
    t.write(
        "storage/vfs-containers/containers.json",
        format!(r#"[{{"id":"{d}","names":[]}}]"#),
    );
    t.write(
        &format!("storage/overlay-containers/{b}/userdata/config.json"),
        r#"{"ociVersion":"1.0.2","annotations":{"io.kubernetes.pod.namespace":"prod",
            "io.kubernetes.pod.name":"api-7f","io.kubernetes.container.name":"app"}}"#,
    );
    let files = t.files();
    let mut cache = Cache::new();

    let db = cache.container(&files, &reference(Engine::Podman, &a, None));
    assert_eq!((db.name.as_deref(), db.pod), (Some("db"), None));
    let tmp = cache.container(&files, &reference(Engine::Podman, &c, None));
    assert_eq!(tmp.display(), "tmp");
    let unnamed = cache.container(&files, &reference(Engine::Podman, &d, None));
    assert_eq!(unnamed.display(), "podman:dddddddddddd");

    let api = cache.container(&files, &reference(Engine::Crio, &b, Some(UID)));
    assert_eq!(
        api.name.as_deref(),
        Some(&*format!("k8s_app_api-7f_prod_{UID}_0"))
    );
    assert_eq!(api.display(), "prod/api-7f/app");
    assert_eq!(api.pod.unwrap().uid.as_deref(), Some(UID));

    // The lists are read once per cache: later changes are not seen.
    std::fs::remove_dir_all(t.0.join("storage")).unwrap();
    let again = cache.container(&files, &reference(Engine::Podman, &c, None));
    assert_eq!(again.name.as_deref(), Some("tmp"));
}

#[test]
fn kubernetes_bare_id_takes_the_engine_whose_files_know_it() {
    let t = TempDir::new("bare");
    let (a, b, c) = (id('a'), id('b'), id('c'));
    t.write(
        &format!("docker/containers/{a}/config.v2.json"),
        r#"{"Name":"/k8s_x"}"#,
    );
    t.write(
        "storage/overlay-containers/containers.json",
        format!(r#"[{{"id":"{b}","names":["k8s_y"]}}]"#),
    );
    let files = t.files();
    let mut cache = Cache::new();
    let got = |cache: &mut Cache, i: &str| {
        let c = cache.container(&files, &reference(Engine::Kubernetes, i, Some(UID)));
        (c.engine, c.name)
    };
    assert_eq!(got(&mut cache, &a), (Engine::Docker, Some("k8s_x".into())));
    assert_eq!(got(&mut cache, &b), (Engine::Crio, Some("k8s_y".into())));
    assert_eq!(got(&mut cache, &c), (Engine::Kubernetes, None));
    // A process in the pod itself: nothing to look up.
    let pod = cache.container(&files, &reference(Engine::Kubernetes, UID, Some(UID)));
    assert_eq!(pod.display(), "kubernetes:1234abcd-567");
    assert_eq!(pod.pod.unwrap().uid.as_deref(), Some(UID));
}

#[test]
fn ids_that_could_leave_the_directory_are_refused() {
    let t = TempDir::new("escape");
    // Where `containers/../escaped/config.v2.json` would lead.
    t.write("docker/escaped/config.v2.json", r#"{"Name":"/escaped"}"#);
    t.write(
        "docker/containers/escaped/config.v2.json",
        r#"{"Name":"/fine"}"#,
    );
    let files = t.files();
    let mut cache = Cache::new();
    for bad in [
        "../escaped",
        "..",
        ".",
        "",
        "a/b",
        "/etc",
        "-x",
        "a..b",
        &"a".repeat(129),
    ] {
        let c = cache.container(&files, &reference(Engine::Docker, bad, None));
        assert_eq!(c.name, None, "{bad:?}");
    }
    let ok = cache.container(&files, &reference(Engine::Docker, "escaped", None));
    assert_eq!(ok.name.as_deref(), Some("fine"));
    assert!(is_safe_component(&id('a')) && is_safe_component("A_b.c-1"));
}

#[test]
fn containers_are_read_once() {
    let t = TempDir::new("once");
    let a = id('a');
    let path = t.write(
        &format!("docker/containers/{a}/config.v2.json"),
        r#"{"Name":"/web"}"#,
    );
    let files = t.files();
    let mut cache = Cache::new();
    let r = reference(Engine::Docker, &a, None);
    assert_eq!(cache.container(&files, &r).name.as_deref(), Some("web"));
    std::fs::write(&path, r#"{"Name":"/changed"}"#).unwrap();
    assert_eq!(cache.container(&files, &r).name.as_deref(), Some("web"));
    assert_eq!(
        Cache::new().container(&files, &r).name.as_deref(),
        Some("changed")
    );
}

#[test]
fn of_process_reads_a_fake_proc_root() {
    let t = TempDir::new("proc");
    let a = id('a');
    t.write(
        &format!("docker/containers/{a}/config.v2.json"),
        r#"{"Name":"/web"}"#,
    );
    t.write(
        "proc/42/cgroup",
        format!("0::/system.slice/docker-{a}.scope\n"),
    );
    t.write("proc/43/cgroup", "0::/system.slice/nginx.service\n");
    t.write(
        "proc/44/cgroup",
        format!(
            "12:pids:/docker/{a}\n1:name=systemd:/user.slice/user-1000.slice/session-3.scope\n"
        ),
    );
    t.write("proc/45/cgroup", [0xff, 0x00, b'\n']);
    let (proc_root, files) = (t.0.join("proc"), t.files());
    let mut cache = Cache::new();

    let web = of_process(&proc_root, 42, &files, &mut cache);
    assert_eq!(web.unit, None);
    let c = web.container.unwrap();
    assert_eq!((c.engine, c.display()), (Engine::Docker, "web".to_owned()));

    let nginx = of_process(&proc_root, 43, &files, &mut cache);
    assert_eq!(
        (nginx.container, nginx.unit.as_deref()),
        (None, Some("nginx.service"))
    );

    let mixed = of_process(&proc_root, 44, &files, &mut cache);
    assert_eq!(mixed.container.unwrap().name.as_deref(), Some("web"));
    assert_eq!(mixed.unit.as_deref(), Some("session-3.scope"));

    assert_eq!(
        of_process(&proc_root, 45, &files, &mut cache),
        Identity::default()
    );
    assert_eq!(
        of_process(&proc_root, 46, &files, &mut cache),
        Identity::default()
    );
}
