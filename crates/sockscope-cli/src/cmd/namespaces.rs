//! `--netns all`: every network namespace of the host in one run.
//!
//! The socket listings (netstat flags, `conns`, `summary`) read every
//! namespace through the library's `sockets::all` (in parallel, one /proc
//! walk). The other classic modes (`-r`, `-i`, `-s`, `-g`, `-M`) and
//! `kill` run once inside each namespace in turn. Classic text prints one
//! block per namespace, each under a header line as `ip -all netns exec`
//! prints it: an empty line, then `netns: NAME`. JSON stays one document
//! whose sockets carry their namespace.
//!
//! A namespace that cannot be listed (not root: entering needs
//! CAP_SYS_ADMIN; gone meanwhile) is a warning naming it, the others are
//! listed, and the run ends with status 1 (incomplete).

use std::cell::RefCell;
use std::io::{self, Write};

use sockscope::model::Warning;
use sockscope::netns::identity::EngineFiles;
use sockscope::netns::names::{Namespaces, NsInfo};
use sockscope::netns::Netns;
use sockscope::Error;

use crate::exit::Exit;
use crate::output;

/// The `--netns` word for every namespace.
pub const ALL: &str = "all";

/// Does `spec` ask for every namespace?
pub fn is_all(spec: Option<&str>) -> bool {
    spec == Some(ALL)
}

/// Every namespace of the host, named, and what discovery could not read.
pub fn discover() -> (Namespaces, Vec<Warning>) {
    let found = sockscope::netns::discover();
    let mut warnings = Vec::new();
    if found.unreadable > 0 {
        warnings.push(Warning::NetnsUnreadable {
            count: found.unreadable,
            euid: rustix::process::geteuid().as_raw(),
        });
    }
    let names = Namespaces::describe(&found.namespaces, &EngineFiles::from_env());
    (names, warnings)
}

/// The line before a namespace's block of classic text (its name escaped
/// as netstat escapes names).
pub fn header(ns: &NsInfo, utf8: bool) -> Vec<u8> {
    let mut line = b"\nnetns: ".to_vec();
    sockscope_render::escape::classic_into(&mut line, ns.name.as_bytes(), utf8);
    line.push(b'\n');
    line
}

/// The warning for a namespace not listed.
pub fn not_listed(ns: &NsInfo, e: &Error) -> Warning {
    Warning::Netns {
        name: ns.name.clone(),
        inode: ns.inode,
        reason: crate::exit::chain_text(e),
    }
}

/// Say `warnings` on stderr, escaped (namespace names are untrusted).
pub fn warn(warnings: &[Warning]) {
    for w in warnings {
        let text = w.to_string();
        let shown = sockscope_render::escape::visible(text.as_bytes());
        output::stderr(format!("sockscope: warning: {shown}\n").as_bytes());
    }
}

/// The status of a run that listed what it could: 1 when a namespace
/// was not listed.
pub fn status(warnings: &[Warning]) -> Exit {
    if warnings.iter().any(|w| matches!(w, Warning::Netns { .. })) {
        Exit::Failure
    } else {
        Exit::Success
    }
}

/// Run `work` inside every namespace in turn, each block under its
/// header line on stdout. A namespace not entered is a warning; an error
/// of `work` ends the run.
pub fn each(utf8: bool, work: &(dyn Fn() -> anyhow::Result<Exit> + Sync)) -> anyhow::Result<Exit> {
    let (namespaces, mut warnings) = discover();
    let own = sockscope::netns::current_inode();
    let mut worst = Exit::Success;
    for ns in namespaces.iter() {
        let opened = if own == Some(ns.inode) {
            None
        } else {
            match Netns::open_as(&ns.path, ns.inode) {
                Ok(n) => Some(n),
                Err(e) => {
                    warnings.push(not_listed(ns, &e));
                    continue;
                }
            }
        };
        output::stdout(&header(ns, utf8))?;
        let exit = match opened {
            None => work()?,
            Some(n) => match n.run_in(work) {
                Ok(r) => r?,
                Err(e) => {
                    warnings.push(not_listed(ns, &e));
                    continue;
                }
            },
        };
        if exit != Exit::Success {
            worst = exit;
        }
    }
    warn(&warnings);
    Ok(match status(&warnings) {
        Exit::Success => worst,
        other => other,
    })
}

/// A writer shared by the printers of successive namespace blocks.
pub struct Shared<'a, W: Write>(pub &'a RefCell<W>);

impl<W: Write> Write for Shared<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.0.borrow_mut().write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.borrow_mut().flush()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests {
    use super::*;
    use sockscope::netns::names::NameSource;

    fn ns(name: &str) -> NsInfo {
        NsInfo {
            inode: 5,
            path: "/x".into(),
            name: name.into(),
            source: NameSource::Container,
            container: None,
            unit: None,
            pid: None,
        }
    }

    #[test]
    fn header_is_ip_all_netns_exec_s_and_escaped() {
        assert_eq!(header(&ns("blue"), true), b"\nnetns: blue\n");
        let shown = header(&ns("evil\x1b[2J\u{202e}"), true);
        assert!(!shown.contains(&0x1b), "{shown:?}");
        assert!(!String::from_utf8_lossy(&shown).contains('\u{202e}'));
    }

    #[test]
    fn a_namespace_not_listed_fails_the_run() {
        let e = Error::NotNetns { path: "/x".into() };
        let w = vec![not_listed(&ns("web"), &e)];
        assert_eq!(status(&w), Exit::Failure);
        assert!(w[0]
            .to_string()
            .contains("network namespace web (inode 5) not listed"));
        assert_eq!(status(&[]), Exit::Success);
    }
}
