//! Partial data: things the collector could not see. They travel with the
//! snapshot so the command can print what it has and say what is missing.

use std::fmt;

/// Something the collector could not see; never fatal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// A process disappeared while its fds were being read.
    ProcessVanished { pid: u32 },
    /// Some processes' fds could not be read (permission); their sockets show
    /// no owner. `euid` is who we ran as.
    /// `fd_dirs` of them refused opening `/proc/<pid>/fd` itself (the case
    /// netstat reports); the others refused reading some fd link.
    FdsUnreadable { count: u32, fd_dirs: u32, euid: u32 },
    /// A table could not be read over netlink (sock_diag, rtnetlink) and came
    /// from /proc instead.
    Fallback { what: &'static str, reason: String },
    /// A protocol could not be read at all.
    Unavailable { what: &'static str, reason: String },
    /// A network namespace of an all-namespaces run was not listed (not
    /// entered: no privilege, or gone; or a read failed). `name` is
    /// untrusted text (a container's name).
    Netns {
        name: String,
        inode: u64,
        reason: String,
    },
    /// Some processes' network namespaces could not be read (not root):
    /// namespaces only they hold are not listed.
    NetnsUnreadable { count: usize, euid: u32 },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::ProcessVanished { pid } => write!(f, "process {pid} exited during the scan"),
            Warning::FdsUnreadable { count, euid, .. } => {
                let processes = if *count == 1 { "process" } else { "processes" };
                // Root too meets this (a sandbox's init, another user
                // namespace's processes): "run as root" would be no help.
                let hint = if *euid == 0 {
                    "denied even to root"
                } else {
                    "run as root to see them"
                };
                write!(
                    f,
                    "could not read the open files of {count} {processes} as uid {euid}: their sockets show no process ({hint})"
                )
            }
            Warning::Fallback { what, reason } => {
                write!(
                    f,
                    "{what}: netlink unavailable ({reason}), read /proc instead"
                )
            }
            Warning::Unavailable { what, reason } => write!(f, "{what}: not available ({reason})"),
            Warning::Netns {
                name,
                inode,
                reason,
            } => write!(
                f,
                "network namespace {name} (inode {inode}) not listed: {reason}"
            ),
            Warning::NetnsUnreadable { count, euid } => {
                let processes = if *count == 1 { "process" } else { "processes" };
                write!(
                    f,
                    "could not read the network namespace of {count} {processes} as uid {euid}: namespaces only they hold are not listed"
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_fds_hint_fits_the_user() {
        let user = Warning::FdsUnreadable {
            count: 3,
            fd_dirs: 3,
            euid: 1000,
        };
        assert_eq!(
            user.to_string(),
            "could not read the open files of 3 processes as uid 1000: their sockets show no process (run as root to see them)"
        );
        let root = Warning::FdsUnreadable {
            count: 1,
            fd_dirs: 1,
            euid: 0,
        };
        assert_eq!(
            root.to_string(),
            "could not read the open files of 1 process as uid 0: their sockets show no process (denied even to root)"
        );
    }
}
