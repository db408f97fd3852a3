//! `sockscope kill FILTER`: select sockets with a filter (sock_diag only:
//! destroying needs the kernel's cookies), destroy each (or only list them
//! with `--dry-run`), print the sockets killed as a table (or the whole
//! report as JSON) and a summary on stderr.
//!
//! Exit status: 0 when every selected socket was killed or was already
//! gone, also when none matched; 1 when one could not be killed or the
//! sockets could not be collected; 2 for no filter or a malformed one.

use anyhow::Context as _;
use sockscope::filter::Filter;
use sockscope::kill::{self, DestroyError, Outcome};
use std::net::IpAddr;

use sockscope::model::InetSocket;
use sockscope::{collect, Query, Source};
use sockscope_render::columns;
use sockscope_render::json::{render_kill, KillReport};
use sockscope_render::rows::{Context, Row};
use sockscope_render::table::{self, TableOptions};

use super::listing;
use crate::exit::Exit;
use crate::flags::kill::{default_states, KillArgs};
use crate::flags::modern_config::OutputEnv;
use crate::{names, output};

const NO_FILTER: &str = "\
sockscope: kill needs a filter: refusing to kill every socket
  give an ss expression (e.g. `sockscope kill dport = :443`) or a plain flag
  (--port, --sport, --dport, --state, --local, --remote, --pid, --process,
  --user); `sockscope kill state all` really means every socket
";

/// Kill what `a` selects.
pub fn run(a: &KillArgs, env: OutputEnv) -> anyhow::Result<Exit> {
    let fargs = a.filter_args();
    if let Some(opt) = fargs.words.iter().find(|w| looks_like_option(w)) {
        // clap hands every word after the expression's first to the
        // expression; say so rather than "unknown term".
        let m = format!(
            "sockscope: kill: options go before the filter expression (found `{opt}` in it)\n"
        );
        output::stderr(m.as_bytes());
        return Ok(Exit::BadArguments);
    }
    let mut query = Query {
        protos: a.protos(),
        families: a.families(),
        processes: a.programs,
        source: Source::Netlink,
        no_pushdown: a.filter.no_pushdown,
        ..Query::default()
    };
    listing::add_filter(&mut query, &fargs, "sockscope")?;
    let filter = match query.filter.take() {
        Some(f) if !f.is_empty() => f,
        _ => {
            output::stderr(NO_FILTER.as_bytes());
            return Ok(Exit::BadArguments);
        }
    };
    query.filter = Some(if filter.decides_states() || a.all {
        filter
    } else {
        filter.and(Filter::new(default_states()))
    });
    let snap = collect(&query).context("cannot collect sockets")?;
    let sockets = &snap.inet;
    let outcomes = if a.dry_run {
        None
    } else if sockets.is_empty() {
        Some(Vec::new())
    } else {
        Some(kill::destroy_each(sockets).context("cannot destroy sockets")?)
    };
    let names = names::modern(a.numeric);
    if a.json {
        let report = KillReport {
            sockets,
            outcomes: outcomes.as_deref(),
            processes: snap.processes.as_ref(),
            warnings: &snap.warnings,
        };
        let mut out = Vec::new();
        render_kill(&report, &*names, &mut out)?;
        output::stdout(&out)?;
    } else {
        listing::warn(&snap.warnings);
        let shown: Vec<Row<'_>> = match &outcomes {
            None => sockets.iter().map(Row::Inet).collect(),
            Some(o) => sockets
                .iter()
                .zip(o)
                .filter(|(_, o)| matches!(o, Outcome::Destroyed))
                .map(|(s, _)| Row::Inet(s))
                .collect(),
        };
        if !shown.is_empty() {
            let ctx = Context {
                names: &*names,
                processes: snap.processes.as_ref(),
                namespaces: None,
            };
            let opts = TableOptions {
                columns: columns::default_set(a.programs, false, false),
                color: env.terminal && !env.no_color,
                width: None,
                header: !a.no_header,
            };
            let mut text = String::new();
            table::render_rows(&shown, &ctx, &opts, &mut text);
            output::stdout(text.as_bytes())?;
        }
    }
    let failed = report_failures(sockets, outcomes.as_deref().unwrap_or(&[]));
    output::stderr(summary(sockets.len(), outcomes.as_deref()).as_bytes());
    Ok(if failed { Exit::Failure } else { Exit::Success })
}

/// `--dry-run`, `-4`: never an ss filter word (no term starts with a
/// hyphen followed by a letter or digit).
fn looks_like_option(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 2 && b[0] == b'-' && (b[1] == b'-' || b[1].is_ascii_alphanumeric())
}

/// Print one line per failure on stderr (a permission error once, for
/// all); true when anything was not killed.
fn report_failures(sockets: &[InetSocket], outcomes: &[Outcome]) -> bool {
    let mut failed = false;
    for (s, o) in sockets.iter().zip(outcomes) {
        match o {
            Outcome::Destroyed | Outcome::AlreadyGone => {}
            Outcome::NotTried => failed = true,
            Outcome::Failed(e @ DestroyError::PermissionDenied) => {
                failed = true;
                output::stderr(format!("sockscope: cannot destroy sockets: {e}\n").as_bytes());
            }
            Outcome::Failed(e) => {
                failed = true;
                output::stderr(format!("sockscope: cannot kill {}: {e}\n", describe(s)).as_bytes());
            }
        }
    }
    failed
}

/// The summary line: how many were killed, gone, failed or not tried.
fn summary(selected: usize, outcomes: Option<&[Outcome]>) -> String {
    if selected == 0 {
        return "sockscope: no socket matched; nothing killed\n".to_owned();
    }
    let Some(outcomes) = outcomes else {
        return format!("sockscope: dry run: would kill {}\n", sockets(selected));
    };
    let count = |f: &dyn Fn(&Outcome) -> bool| outcomes.iter().filter(|o| f(o)).count();
    let killed = count(&|o| matches!(o, Outcome::Destroyed));
    let mut s = format!("sockscope: killed {}", sockets(killed));
    for (n, what) in [
        (
            count(&|o| matches!(o, Outcome::AlreadyGone)),
            "already gone",
        ),
        (count(&|o| matches!(o, Outcome::Failed(_))), "failed"),
        (count(&|o| matches!(o, Outcome::NotTried)), "not tried"),
    ] {
        if n > 0 {
            s.push_str(&format!(", {n} {what}"));
        }
    }
    s.push('\n');
    s
}

fn sockets(n: usize) -> String {
    if n == 1 {
        "1 socket".to_owned()
    } else {
        format!("{n} sockets")
    }
}

/// `tcp 127.0.0.1:18010 -> [::1]:22 (ESTABLISHED)`, for messages.
fn describe(s: &InetSocket) -> String {
    let end = |a: IpAddr, p: u16| match a {
        IpAddr::V4(a) => format!("{a}:{p}"),
        IpAddr::V6(a) => format!("[{a}]:{p}"),
    };
    let proto = s.proto.name();
    let state = s.state.name();
    format!(
        "{proto} {} -> {} ({state})",
        end(s.local, s.local_port),
        end(s.remote, s.remote_port)
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use sockscope::model::{Family, Timer};

    fn sock(local: &str, remote: &str) -> InetSocket {
        InetSocket {
            netns: 0,
            proto: sockscope::model::InetProto::Tcp,
            family: Family::Inet6,
            local: local.parse::<IpAddr>().unwrap(),
            local_port: 18010,
            remote: remote.parse::<IpAddr>().unwrap(),
            remote_port: 22,
            state: sockscope::model::TcpState::Established,
            recv_q: 0,
            send_q: 0,
            uid: 0,
            inode: 0,
            timer: Timer::default(),
            ifindex: 0,
            cookie: 0,
            raw_protocol: 0,
            details: None,
        }
    }

    #[test]
    fn sockets_are_described_with_brackets_for_ipv6() {
        assert_eq!(
            describe(&sock("127.0.0.1", "::1")),
            "tcp 127.0.0.1:18010 -> [::1]:22 (ESTABLISHED)"
        );
    }

    #[test]
    fn options_inside_the_expression_are_recognised() {
        for w in ["--dry-run", "-4", "-p", "--json"] {
            assert!(looks_like_option(w), "{w}");
        }
        for w in ["-", "!", "sport", ":22", "(", "!=", "10.0.0.0/8"] {
            assert!(!looks_like_option(w), "{w}");
        }
    }

    #[test]
    fn summary_counts_each_outcome() {
        for o in [None, Some(&[][..])] {
            assert_eq!(
                summary(0, o),
                "sockscope: no socket matched; nothing killed\n"
            );
        }
        assert_eq!(
            summary(1, None),
            "sockscope: dry run: would kill 1 socket\n"
        );
        let o = [
            Outcome::Destroyed,
            Outcome::Destroyed,
            Outcome::AlreadyGone,
            Outcome::Failed(DestroyError::PermissionDenied),
            Outcome::NotTried,
        ];
        assert_eq!(
            summary(5, Some(&o)),
            "sockscope: killed 2 sockets, 1 already gone, 1 failed, 1 not tried\n"
        );
        assert_eq!(summary(1, Some(&o[..1])), "sockscope: killed 1 socket\n");
    }
}
