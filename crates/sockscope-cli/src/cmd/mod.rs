//! The commands: a resolved [`Config`] in, output and an [`Exit`] out. Thin:
//! collection is the library's, text and JSON are the renderers'. The
//! modern subcommands enter through [`subcommand`]. Help, usage and version
//! texts are written like every listing: a failed write is an error, a
//! closed pipe a quiet success.

mod conns;
mod generate;
mod iface;
mod kill;
mod listing;
mod masq;
mod mcast;
mod modern;
mod namespaces;
mod repeat;
mod route;
mod sockets;
mod stats;
mod summary;

use std::io::IsTerminal as _;

use sockscope::netns::{Netns, NetnsSpec};

use crate::config::{Config, Mode};
use crate::exit::{self, Exit};
use crate::flags::usage::{usage, version as version_text, Personality, FAMILY_LIST};
use crate::output;

/// Run `work` in the network namespace `spec` names (see
/// `sockscope::netns`), on a thread of its own; `None`: here.
pub fn in_netns(
    spec: Option<&str>,
    work: impl FnOnce() -> anyhow::Result<Exit> + Send,
) -> anyhow::Result<Exit> {
    let Some(spec) = spec.filter(|s| !namespaces::is_all(Some(s))) else {
        // Here, or in every namespace: the command itself reads them.
        return work();
    };
    let ns = Netns::open(&NetnsSpec::parse(spec)?)?;
    ns.run_in(work)?
}

/// Run the listing or mode `config` asks for. With `--netns all` the
/// socket listings read every namespace themselves; the other modes (and
/// `-g` with sockets) run inside each namespace in turn.
pub fn run(config: &Config, who: Personality) -> anyhow::Result<Exit> {
    let all = namespaces::is_all(config.netns.as_deref());
    if all && (config.mode != Mode::Sockets || config.sockets.groups) {
        if config.format != crate::config::OutputFormat::Classic {
            return Err(exit::CliError::NetnsAllJson { what: "this mode" }.into());
        }
        return namespaces::each(sockets::locale_is_utf8(), &|| run_mode(config, who));
    }
    run_mode(config, who)
}

fn run_mode(config: &Config, who: Personality) -> anyhow::Result<Exit> {
    match config.mode {
        Mode::Sockets => sockets::run(config, who),
        Mode::Route => route::run(config),
        Mode::Interfaces => iface::run(config, who),
        Mode::Statistics => stats::run(config, who),
        Mode::Masquerade => masq::run(config, who),
    }
}

/// `-h`: usage on stdout, the family list on stderr (as netstat 2.10), exit 0.
pub fn help(who: Personality) -> anyhow::Result<Exit> {
    output::stdout(usage(who).as_bytes())?;
    output::stderr(FAMILY_LIST.as_bytes());
    Ok(Exit::Success)
}

/// `-V`: our own version text on stdout, exit 0.
pub fn version(who: Personality) -> anyhow::Result<Exit> {
    output::stdout(version_text(who).as_bytes())?;
    Ok(Exit::Success)
}

/// A modern subcommand line (argv without argv[0], first word a
/// subcommand). What clap answers itself (`--help`, a bad command line) is
/// written here, so that a help text that cannot be written is reported
/// (clap's own `print` drops write errors); a line that parses is run by
/// [`modern::run`].
pub fn subcommand(args: &[Vec<u8>], argv0: &[u8]) -> Exit {
    let result = match crate::flags::modern::parse(args) {
        Ok(cli) => {
            let command = cli.command;
            let all = namespaces::is_all(cli.netns.as_deref());
            in_netns(cli.netns.as_deref(), move || modern::run(command, all))
        }
        Err(e) => clap_answer(&e),
    };
    exit::finish(result, Personality::Sockscope, argv0)
}

/// `help COMMAND`: what `COMMAND --help` prints.
pub fn subcommand_help(command: &str, argv0: &[u8]) -> Exit {
    subcommand(&[command.into(), b"--help".to_vec()], argv0)
}

/// Write clap's help (stdout, status 0) or error (stderr, status 2),
/// coloured as clap would on a terminal unless `NO_COLOR` is set.
fn clap_answer(e: &clap::Error) -> anyhow::Result<Exit> {
    let to_stderr = e.use_stderr();
    let terminal = if to_stderr {
        std::io::stderr().is_terminal()
    } else {
        std::io::stdout().is_terminal()
    };
    let colour = terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let styled = e.render();
    let text = if colour {
        styled.ansi().to_string()
    } else {
        styled.to_string()
    };
    if to_stderr {
        output::stderr(text.as_bytes());
    } else {
        output::stdout(text.as_bytes())?;
    }
    Ok(if e.exit_code() == 0 {
        Exit::Success
    } else {
        Exit::BadArguments
    })
}
