//! The program name of a process, computed exactly as net-tools `netstat -p`
//! 2.10 does (checked against the installed binary):
//!
//! 1. one `read` of at most 511 bytes of `/proc/<pid>/cmdline`;
//! 2. argv\[0\] is those bytes up to the first NUL (or all of them);
//! 3. if argv\[0\] starts with `/`, the name is what follows its last `/`
//!    (`/usr/bin/` gives an empty name); otherwise argv\[0\] is taken whole
//!    (`./rel/prog` stays `./rel/prog`, `sshd: root@pts/0` stays as is);
//! 4. there is no fallback to `comm`: an empty cmdline (argc 0, or a process
//!    that cleared it) gives an empty name, shown as `<pid>/`.
//!
//! netstat then prints `<pid>/<name>` cut to 19 bytes; that cut belongs to the
//! classic renderer, so the full name is kept here. Names are raw bytes.

use std::os::fd::AsFd;

use rustix::fs::{openat, Mode, OFlags};
use rustix::io::Errno;

/// How much of cmdline netstat reads (its buffer is 512 with a NUL kept).
pub const CMDLINE_MAX: usize = 511;

/// The program name netstat derives from the bytes of a cmdline file.
pub fn program_name(cmdline: &[u8]) -> &[u8] {
    let read = &cmdline[..cmdline.len().min(CMDLINE_MAX)];
    let argv0 = match read.iter().position(|&b| b == 0) {
        Some(nul) => &read[..nul],
        None => read,
    };
    match argv0.first() {
        Some(b'/') => match argv0.iter().rposition(|&b| b == b'/') {
            Some(slash) => &argv0[slash + 1..],
            None => argv0,
        },
        _ => argv0,
    }
}

/// Read `cmdline` in the process directory `pid_dir` (one read, as netstat)
/// and return the program name.
pub fn read_program_name<Fd: AsFd>(pid_dir: Fd) -> Result<Box<[u8]>, Errno> {
    let fd = openat(
        pid_dir,
        c"cmdline",
        OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOCTTY,
        Mode::empty(),
    )?;
    let mut buf = [0u8; CMDLINE_MAX];
    let n = loop {
        match rustix::io::read(&fd, &mut buf[..]) {
            Ok(n) => break n,
            Err(Errno::INTR) => continue,
            Err(e) => return Err(e),
        }
    };
    Ok(program_name(&buf[..n]).into())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests {
    use super::*;

    #[test]
    fn netstat_rules() {
        // Each case was run under the real netstat 2.10 (see the report of
        // the procfs work): argv[0] as given to execve → the name it printed.
        let cases: &[(&[u8], &[u8])] = &[
            (
                b"/usr/bin/some-long-name-abcdefghij\x0060\x00",
                b"some-long-name-abcdefghij",
            ),
            (b"./rel/dir/prog\x0060\x00", b"./rel/dir/prog"),
            (
                b"relative/no-leading-slash\x00",
                b"relative/no-leading-slash",
            ),
            (b"/usr/bin/\x0060\x00", b""),
            (b"/opt/my app/srv --x\x0060\x00", b"srv --x"),
            (b"/x/a b\x00", b"a b"),
            (b"x\x1b[31my\x0060\x00", b"x\x1b[31my"),
            (b"\x00", b""),
            (b"", b""),
            // setproctitle style: one string, no NUL inside the first bytes.
            (b"/usr/sbin/daemon: worker /x/y    ", b"y    "),
            (b"sshd: root@pts/0\x00", b"sshd: root@pts/0"),
            (b"/\x00", b""),
            (b"python3\x00/usr/bin/x\x00", b"python3"),
        ];
        for (cmdline, want) in cases {
            assert_eq!(
                program_name(cmdline),
                *want,
                "cmdline {:?}",
                cmdline.escape_ascii().to_string()
            );
        }
    }

    #[test]
    fn only_the_first_511_bytes_count() {
        // "/" + 505 × 'a' + "/bcdefghijklmnop": the last '/' is at 506, and
        // only bytes up to 510 are read, so netstat printed "bcde".
        let mut cmd = vec![b'/'];
        cmd.extend(std::iter::repeat_n(b'a', 505));
        cmd.extend_from_slice(b"/bcdefghijklmnop\x0060\x00");
        assert_eq!(program_name(&cmd), b"bcde");

        let long = vec![b'z'; 600];
        assert_eq!(program_name(&long).len(), CMDLINE_MAX);
    }

    #[test]
    fn reads_our_own_cmdline() {
        let dir = std::fs::File::open("/proc/self").unwrap();
        let name = read_program_name(&dir).unwrap();
        let raw = std::fs::read("/proc/self/cmdline").unwrap();
        assert_eq!(&*name, program_name(&raw));
        assert!(!name.is_empty());
    }
}
