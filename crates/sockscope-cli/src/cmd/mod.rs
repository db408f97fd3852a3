//! The commands: a resolved [`Config`] in, output and an [`Exit`] out. Thin:
//! collection is the library's, text and JSON are the renderers'. The
//! modern subcommands enter through [`modern::run`].

mod absent;
mod conns;
mod generate;
mod iface;
mod kill;
mod mcast;
pub mod modern;
mod sockets;
mod summary;

use crate::config::{Config, Mode};
use crate::exit::{CliError, Exit};
use crate::flags::usage::{usage, version as version_text, Personality, FAMILY_LIST};
use crate::output;

/// Run the listing or mode `config` asks for.
pub fn run(config: &Config, who: Personality) -> anyhow::Result<Exit> {
    let not_yet = |what| Err(CliError::NotImplemented { what }.into());
    match config.mode {
        Mode::Sockets => sockets::run(config, who),
        Mode::Route => not_yet("the routing table (-r)"),
        Mode::Interfaces => iface::run(config, who),
        Mode::Statistics => not_yet("the protocol statistics (-s)"),
        Mode::Masquerade => masquerade(),
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

/// `-M`: Linux dropped /proc/net/ip_masquerade in 2.4, so netstat always
/// answers "no support"; we say the same when the file is absent.
fn masquerade() -> anyhow::Result<Exit> {
    if std::path::Path::new("/proc/net/ip_masquerade").exists() {
        return Err(CliError::NotImplemented {
            what: "the masquerade table (-M)",
        }
        .into());
    }
    Err(CliError::NoKernelSupport {
        family: "ip_masquerade",
    }
    .into())
}
