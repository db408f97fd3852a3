//! The commands: a resolved [`Config`] in, output and an [`Exit`] out. Thin:
//! collection is the library's, text and JSON are the renderers'. The
//! modern subcommands enter through [`modern::run`].

mod conns;
mod generate;
mod iface;
mod kill;
mod listing;
mod masq;
mod mcast;
pub mod modern;
mod repeat;
mod route;
mod sockets;
mod stats;
mod summary;

use crate::config::{Config, Mode};
use crate::exit::Exit;
use crate::flags::usage::{usage, version as version_text, Personality, FAMILY_LIST};
use crate::output;

/// Run the listing or mode `config` asks for.
pub fn run(config: &Config, who: Personality) -> anyhow::Result<Exit> {
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
