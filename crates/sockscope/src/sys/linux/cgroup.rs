//! cgroup v2 ids to paths. sock_diag reports a socket's cgroup as the id of
//! its cgroup v2 directory, which is that directory's inode number in the
//! cgroup2 filesystem; the only way back to a name is to walk the
//! hierarchy. Done on demand (the caller caches), never during collection.
//!
//! The cgroup2 mount is found in /proc/self/mountinfo (it is
//! `/sys/fs/cgroup` on unified hosts and `/sys/fs/cgroup/unified` on hybrid
//! ones). Paths are returned as cgroup paths (`/system.slice/ssh.service`,
//! `/` for the root), as /proc/<pid>/cgroup shows them.

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Stop walking after this many directories: a pathological hierarchy must
/// not turn a name lookup into minutes of I/O.
const MAX_DIRS: usize = 100_000;

/// Where the cgroup2 hierarchy is mounted, if anywhere.
pub fn cgroup2_mount() -> Option<PathBuf> {
    let text = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    mount_from_mountinfo(&text)
}

/// The mount point of the first `cgroup2` line of a mountinfo text.
pub(crate) fn mount_from_mountinfo(text: &str) -> Option<PathBuf> {
    text.lines().find_map(|line| {
        let (left, right) = line.split_once(" - ")?;
        if right.split_whitespace().next()? != "cgroup2" {
            return None;
        }
        let mount_point = left.split_whitespace().nth(4)?;
        Some(PathBuf::from(unescape_octal(mount_point)))
    })
}

/// mountinfo writes space, tab, newline and backslash as `\ooo`.
pub(crate) fn unescape_octal(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let oct = b
            .get(i + 1..i + 4)
            .filter(|d| d.iter().all(|c| (b'0'..=b'7').contains(c)));
        match (b[i], oct) {
            (b'\\', Some(d)) => {
                let v = d.iter().fold(0u32, |acc, c| acc * 8 + u32::from(c - b'0'));
                out.push(u8::try_from(v).unwrap_or(b'?'));
                i += 4;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every cgroup under `root` (a cgroup2 mount): id (directory inode) →
/// cgroup path. Unreadable directories are skipped.
pub fn cgroup_paths(root: &Path) -> HashMap<u64, String> {
    let mut out = HashMap::new();
    let Ok(meta) = std::fs::metadata(root) else {
        return out;
    };
    out.insert(meta.ino(), "/".to_owned());
    let mut stack = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, rel)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            // file_type does not follow symlinks; cgroup2 has none anyway.
            if !e.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let Ok(m) = e.metadata() else { continue };
            let path = format!("{rel}/{}", e.file_name().to_string_lossy());
            out.insert(m.ino(), path.clone());
            if out.len() >= MAX_DIRS {
                return out;
            }
            stack.push((e.path(), path));
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_cgroup2_line_of_unified_and_hybrid_hosts() {
        let hybrid = "31 24 0:27 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro\n\
                      41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
        assert_eq!(
            mount_from_mountinfo(hybrid),
            Some(PathBuf::from("/sys/fs/cgroup/unified"))
        );
        let spaced = "1 2 0:1 / /mnt/my\\040cg rw shared:1 - cgroup2 none rw\n";
        assert_eq!(
            mount_from_mountinfo(spaced),
            Some(PathBuf::from("/mnt/my cg"))
        );
        assert_eq!(mount_from_mountinfo("garbage\n1 2 3\n"), None);
        assert_eq!(unescape_octal("a\\134b\\09"), "a\\b\\09");
    }

    #[test]
    fn walks_a_directory_tree_by_inode() {
        let root = std::env::temp_dir().join(format!("sockscope-cg-{}", std::process::id()));
        std::fs::create_dir_all(root.join("a.slice/b.service")).unwrap();
        let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
        let map = cgroup_paths(&root);
        assert_eq!(map[&ino(&root)], "/");
        assert_eq!(map[&ino(&root.join("a.slice"))], "/a.slice");
        assert_eq!(
            map[&ino(&root.join("a.slice/b.service"))],
            "/a.slice/b.service"
        );
        std::fs::remove_dir_all(&root).unwrap();
        assert!(cgroup_paths(&root).is_empty());
    }

    #[test]
    fn the_live_root_cgroup_has_id_1() {
        // cgroup2's root directory is inode 1 (kernfs): the id sock_diag
        // reports for sockets of processes in the root cgroup.
        if let Some(mount) = cgroup2_mount() {
            assert_eq!(cgroup_paths(&mount).get(&1).map(String::as_str), Some("/"));
        }
    }
}
