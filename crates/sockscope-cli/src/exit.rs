//! Exit statuses and the one place that turns an error into a message and a
//! status. Statuses follow net-tools netstat 2.10: 0 success, 1 failure,
//! 3 bad command line; and ours: 2 for a malformed filter. The modern
//! subcommands (`sockscope conns ...`) use clap's and ss's convention: 2 for a
//! bad command line (and for an unknown command word). A closed stdout
//! (`| head`) is a quiet success; any other failed write, help and version
//! texts included, is an error (status 1).

use std::io;

use crate::flags::getopt::GetoptError;
use crate::flags::netstat::FlagError;
use crate::flags::usage::{usage, Personality, FAMILY_LIST};
use crate::output;

/// The statuses the binary exits with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Done (also: `-h`, `-V`, a reader closing our stdout).
    Success,
    /// Runtime failure, unknown family, unsupported or unimplemented mode.
    Failure,
    /// Bad command line: netstat prints its usage and exits 3.
    Usage,
    /// A malformed filter (or an unreadable filter file): exit 2.
    BadFilter,
    /// Bad command line of a modern subcommand (clap's status 2).
    BadArguments,
}

impl Exit {
    /// The numeric status.
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Usage => 3,
            Exit::BadFilter | Exit::BadArguments => 2,
        }
    }
}

/// Failures the binary words itself (everything else is printed as
/// "<name>: <error chain>" with status 1).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The command line was refused.
    #[error("bad command line")]
    Flags(FlagError),
    /// A mode or family sockscope does not have yet.
    #[error("{what} is not implemented yet")]
    NotImplemented { what: &'static str },
    /// Asked for a family this kernel lacks (netstat's wording).
    #[error("no support for `{family}' on this system.")]
    NoKernelSupport { family: &'static str },
    /// The filter could not be built.
    #[error("{0}")]
    Filter(#[from] crate::flags::filter::FilterArgError),
    /// A first word that is no command (nor a filter) but close to one,
    /// or `help` about something that is not a command.
    #[error("{}", unknown_command(word, suggestion))]
    UnknownCommand {
        word: String,
        suggestion: Option<&'static str>,
    },
    /// `--netns all` with JSON where one document per namespace would be
    /// needed.
    #[error("--netns all: {what} has no JSON form over every namespace yet; list one namespace at a time (--netns NAME) or drop --json/--ndjson")]
    NetnsAllJson { what: &'static str },
}

fn unknown_command(word: &str, suggestion: &Option<&'static str>) -> String {
    match suggestion {
        Some(s) => format!(
            "unknown command `{word}`; did you mean `{s}`? (`sockscope help` lists the commands)"
        ),
        None => format!("unknown command `{word}` (`sockscope help` lists the commands)"),
    }
}

/// Print what `result` calls for (on stderr) and give the status to exit
/// with.
pub fn finish(result: anyhow::Result<Exit>, who: Personality, argv0: &[u8]) -> Exit {
    let (message, exit) = report(result, who, argv0);
    if !message.is_empty() {
        output::stderr(&message);
    }
    exit
}

/// What [`finish`] prints on stderr (maybe nothing) and the status: the
/// decision alone, so tests see it without writing to the real stderr.
pub fn report(result: anyhow::Result<Exit>, who: Personality, argv0: &[u8]) -> (Vec<u8>, Exit) {
    let err = match result {
        Ok(exit) => return (Vec::new(), exit),
        Err(err) => err,
    };
    if is_broken_pipe(&err) {
        return (Vec::new(), Exit::Success);
    }
    let name = who.name();
    let (text, exit) = match err.downcast_ref::<CliError>() {
        Some(CliError::Flags(flag)) => return report_flags(flag, who, argv0),
        Some(e @ CliError::NotImplemented { .. }) => (not_implemented(e, who), Exit::Failure),
        Some(e @ CliError::NoKernelSupport { .. }) => (format!("{name}: {e}\n"), Exit::Failure),
        Some(CliError::Filter(e)) => (filter_message(e, name), Exit::BadFilter),
        Some(e @ CliError::UnknownCommand { .. }) => (format!("{name}: {e}\n"), Exit::BadArguments),
        Some(e @ CliError::NetnsAllJson { .. }) => (format!("{name}: {e}\n"), Exit::BadArguments),
        None => (
            format!("{name}: {}\n", chain_text(err.as_ref())),
            Exit::Failure,
        ),
    };
    (text.into_bytes(), exit)
}

fn report_flags(flag: &FlagError, who: Personality, argv0: &[u8]) -> (Vec<u8>, Exit) {
    let print_usage = |first: Option<&GetoptError>| {
        let mut m = first.map(|g| g.message(argv0)).unwrap_or_default();
        m.extend_from_slice(usage(who).as_bytes());
        m.extend_from_slice(FAMILY_LIST.as_bytes());
        (m, Exit::Usage)
    };
    match flag {
        FlagError::Getopt(g) => print_usage(Some(g)),
        FlagError::Question | FlagError::ModeConflict => print_usage(None),
        FlagError::UnknownFamily(u) => (u.message(), Exit::Failure),
        FlagError::SelinuxContext => {
            let m = if selinux_enabled() {
                let e = CliError::NotImplemented {
                    what: "showing SELinux contexts (-Z)",
                };
                not_implemented(&e, who).into_bytes()
            } else {
                b"SELinux is not enabled on this machine.\n".to_vec()
            };
            (m, Exit::Failure)
        }
    }
}

/// "<name>: <what> is not implemented yet"; invoked as netstat, say whose
/// gap it is, so nobody blames net-tools.
fn not_implemented(e: &CliError, who: Personality) -> String {
    match who {
        Personality::Netstat => format!("netstat: {e} in sockscope\n"),
        Personality::Sockscope => format!("sockscope: {e}\n"),
    }
}

/// "<name>: filter error at N (near "x"): ..." and, for a syntax error,
/// the filter text with a caret under the offending token.
fn filter_message(e: &crate::flags::filter::FilterArgError, name: &str) -> String {
    use crate::flags::filter::FilterArgError;
    let mut m = format!("{name}: {e}\n");
    if let FilterArgError::Syntax(s) = e {
        let (line, caret) = s.caret();
        m.push_str(&format!("  {line}\n  {caret}\n"));
    }
    m
}

/// The error and its causes, joined by ": ", each said once: a cause whose
/// text the message before it already ends with (library errors name their
/// OS error in their own message) is not repeated.
pub fn chain_text(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = String::new();
    for cause in std::iter::successors(Some(err), |e| e.source()) {
        let text = cause.to_string();
        if out.ends_with(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// SELinux is on when its filesystem is mounted (what libselinux checks).
fn selinux_enabled() -> bool {
    std::path::Path::new("/sys/fs/selinux/enforce").exists()
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::families::UnknownFamily;

    fn exit_of(e: anyhow::Error) -> Exit {
        report(Err(e), Personality::Sockscope, b"sockscope").1
    }

    fn message_of(e: anyhow::Error) -> String {
        String::from_utf8_lossy(&report(Err(e), Personality::Sockscope, b"sockscope").0)
            .into_owned()
    }

    #[test]
    fn codes_are_netstat_codes() {
        assert_eq!(
            (
                Exit::Success.code(),
                Exit::Failure.code(),
                Exit::Usage.code()
            ),
            (0, 1, 3)
        );
        assert_eq!(Exit::BadFilter.code(), 2);
    }

    #[test]
    fn each_error_maps_to_one_status() {
        let flags = |f| exit_of(CliError::Flags(f).into());
        assert_eq!(
            flags(FlagError::Getopt(GetoptError::InvalidOption(b'k'))),
            Exit::Usage
        );
        assert_eq!(flags(FlagError::Question), Exit::Usage);
        assert_eq!(flags(FlagError::ModeConflict), Exit::Usage);
        assert_eq!(
            flags(FlagError::UnknownFamily(UnknownFamily(b"x".to_vec()))),
            Exit::Failure
        );
        assert_eq!(flags(FlagError::SelinuxContext), Exit::Failure);
        assert_eq!(
            exit_of(CliError::NotImplemented { what: "x" }.into()),
            Exit::Failure
        );
        assert_eq!(
            exit_of(CliError::NoKernelSupport { family: "AF IPX" }.into()),
            Exit::Failure
        );
        assert_eq!(exit_of(anyhow::anyhow!("boom")), Exit::Failure);
        assert_eq!(message_of(anyhow::anyhow!("boom")), "sockscope: boom\n");
        assert_eq!(
            report(Ok(Exit::Success), Personality::Netstat, b"netstat"),
            (Vec::new(), Exit::Success)
        );
        let e = CliError::UnknownCommand {
            word: "con".into(),
            suggestion: Some("conns"),
        };
        assert_eq!(
            message_of(e.into()),
            "sockscope: unknown command `con`; did you mean `conns`? (`sockscope help` lists the commands)\n"
        );
        let e = CliError::UnknownCommand {
            word: "x".into(),
            suggestion: None,
        };
        assert_eq!(exit_of(e.into()), Exit::BadArguments);
    }

    #[test]
    fn bad_filter_exits_2_with_a_caret() {
        use crate::flags::filter::FilterArgError;
        let e =
            sockscope::filter::FilterError::new("sport = :22 dpotr", 12, "dpotr", "unknown term");
        let m = filter_message(&FilterArgError::Syntax(e.clone()), "sockscope");
        assert_eq!(
            m,
            "sockscope: filter error at 12 (near \"dpotr\"): unknown term\n  sport = :22 dpotr\n              ^^^^^\n"
        );
        let err: CliError = FilterArgError::Syntax(e).into();
        assert_eq!(exit_of(err.into()), Exit::BadFilter);
    }

    #[test]
    fn broken_pipe_is_a_quiet_success_even_wrapped() {
        let e = anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe)).context("writing");
        assert_eq!(exit_of(e), Exit::Success);
        let e = anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe));
        assert_eq!(message_of(e), "");
    }

    #[test]
    fn a_failed_write_is_reported() {
        let e = anyhow::Error::new(io::Error::from_raw_os_error(libc_enospc()));
        assert_eq!(exit_of(e), Exit::Failure);
        let e = anyhow::Error::new(io::Error::from_raw_os_error(libc_enospc()));
        assert!(message_of(e).starts_with("sockscope: No space left on device"));
    }

    /// ENOSPC (28 on every Linux architecture).
    fn libc_enospc() -> i32 {
        28
    }

    #[test]
    fn a_cause_already_in_its_message_is_said_once() {
        let lib = sockscope::Error::Netns {
            path: "/run/netns/x".into(),
            op: "enter",
            source: std::io::Error::from_raw_os_error(1),
        };
        let e = anyhow::Error::new(lib).context("cannot list");
        assert_eq!(
            chain_text(e.as_ref()),
            "cannot list: cannot enter network namespace /run/netns/x: Operation not permitted (os error 1)"
        );
        let plain = anyhow::anyhow!("boom").context("outer");
        assert_eq!(chain_text(plain.as_ref()), "outer: boom");
    }

    #[test]
    fn messages_use_netstat_wording() {
        assert_eq!(
            CliError::NoKernelSupport { family: "AF IPX" }.to_string(),
            "no support for `AF IPX' on this system."
        );
        assert_eq!(
            CliError::NotImplemented {
                what: "the routing table (-r)"
            }
            .to_string(),
            "the routing table (-r) is not implemented yet"
        );
        let e = CliError::NotImplemented { what: "x" };
        assert_eq!(
            not_implemented(&e, Personality::Netstat),
            "netstat: x is not implemented yet in sockscope\n"
        );
        assert_eq!(
            not_implemented(&e, Personality::Sockscope),
            "sockscope: x is not implemented yet\n"
        );
    }
}
