//! The modern subcommands, parsed by clap (see `cmd::subcommand`):
//! dispatch to `conns`, `summary`, `kill` or a generator.

use super::{conns, generate, kill, namespaces, summary};
use crate::exit::Exit;
use crate::flags::modern::Command;
use crate::flags::modern_config::{resolve_conns, OutputEnv};

/// Run a parsed modern command (`all`: in every network namespace, see
/// `namespaces`).
pub fn run(command: Command, all: bool) -> anyhow::Result<Exit> {
    match command {
        Command::Conns(a) => conns::run(&resolve_conns(&a, OutputEnv::current(), all)),
        Command::Summary(a) => summary::run(&a, all),
        Command::Kill(a) if all => {
            let env = OutputEnv::current();
            if a.json {
                return Err(crate::exit::CliError::NetnsAllJson { what: "kill" }.into());
            }
            namespaces::each(super::sockets::locale_is_utf8(), &|| kill::run(&a, env))
        }
        Command::Kill(a) => kill::run(&a, OutputEnv::current()),
        Command::GenerateMan { dir } => generate::man_pages(&dir),
        Command::Completions { shell } => generate::completions(shell),
    }
}
