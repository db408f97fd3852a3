//! What netstat says on stderr about a socket listing, in its own words:
//! the `-p` notice when some processes' open files could not be read.

use sockscope::model::{ProcessMap, Warning};

/// netstat's stderr line when some /proc/<pid>/fd could not be read: which
/// one depends on whether any socket owner was found at all.
pub fn process_notice(warnings: &[Warning], processes: Option<&ProcessMap>) -> Option<String> {
    let euid = warnings.iter().find_map(|w| match w {
        // netstat only speaks when a whole /proc/<pid>/fd was refused.
        Warning::FdsUnreadable { euid, fd_dirs, .. } if *fd_dirs > 0 => Some(*euid),
        _ => None,
    })?;
    let found_any = processes.is_some_and(|m| !m.is_empty());
    Some(if found_any {
        "(Not all processes could be identified, non-owned process info\n will not be shown, you would have to be root to see it all.)\n".to_string()
    } else {
        format!("(No info could be read for \"-p\": geteuid()={euid} but you should be root.)\n")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sockscope::model::{ProcessRef, SockKey};

    fn with_warning(found_any: bool) -> (Vec<Warning>, ProcessMap) {
        let mut map = ProcessMap::new(1);
        if found_any {
            map.insert(
                SockKey { netns: 1, inode: 5 },
                ProcessRef {
                    pid: 7,
                    name: b"x".as_slice().into(),
                    fd: 3,
                },
            );
        }
        let warnings = vec![Warning::FdsUnreadable {
            count: 3,
            fd_dirs: 3,
            euid: 65534,
        }];
        (warnings, map)
    }

    #[test]
    fn process_notice_follows_netstat() {
        let (w, m) = with_warning(false);
        assert_eq!(
            process_notice(&w, Some(&m)).as_deref(),
            Some("(No info could be read for \"-p\": geteuid()=65534 but you should be root.)\n")
        );
        let (w, m) = with_warning(true);
        assert!(process_notice(&w, Some(&m))
            .is_some_and(|n| n.starts_with("(Not all processes could be identified")));
        assert_eq!(process_notice(&[], None), None);
    }
}
