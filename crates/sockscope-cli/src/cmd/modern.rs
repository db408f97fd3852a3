//! The modern subcommands, parsed by clap (see `cmd::subcommand`):
//! dispatch to `conns`, `summary`, `kill` or a generator.

use super::{conns, generate, kill, summary};
use crate::exit::Exit;
use crate::flags::modern::Command;
use crate::flags::modern_config::{resolve_conns, OutputEnv};

/// Run a parsed modern command.
pub fn run(command: Command) -> anyhow::Result<Exit> {
    match command {
        Command::Conns(a) => conns::run(&resolve_conns(&a, OutputEnv::current())),
        Command::Summary(a) => summary::run(&a),
        Command::Kill(a) => kill::run(&a, OutputEnv::current()),
        Command::GenerateMan { dir } => generate::man_pages(&dir),
        Command::Completions { shell } => generate::completions(shell),
    }
}
