//! The commands: a resolved [`Config`] in, output and an [`Exit`] out. Thin:
//! collection is the library's, text and JSON are the renderers'.

mod absent;
mod masq;
mod sockets;
mod stats;

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
        Mode::Interfaces => not_yet("the interface table (-i)"),
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
