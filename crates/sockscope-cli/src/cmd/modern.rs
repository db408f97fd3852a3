//! The modern subcommands: parse with clap, dispatch to `conns`, `summary`,
//! `kill` or a generator, and give the status. A bad command line prints clap's
//! message and exits 2; `--help` prints and exits 0.

use super::{conns, generate, kill, summary};
use crate::exit::{self, Exit};
use crate::flags::modern::{self, Command};
use crate::flags::modern_config::{resolve_conns, OutputEnv};
use crate::flags::usage::Personality;

/// Run the modern command line `args` (argv without argv[0]).
pub fn run(args: &[Vec<u8>], argv0: &[u8]) -> Exit {
    let cli = match modern::parse(args) {
        Ok(cli) => cli,
        Err(e) => {
            // clap writes help and version to stdout, errors to stderr.
            let _ = e.print();
            return if e.exit_code() == 0 {
                Exit::Success
            } else {
                Exit::BadArguments
            };
        }
    };
    let result = match cli.command {
        Command::Conns(a) => conns::run(&resolve_conns(&a, OutputEnv::current())),
        Command::Summary(a) => summary::run(&a),
        Command::Kill(a) => kill::run(&a, OutputEnv::current()),
        Command::GenerateMan { dir } => generate::man_pages(&dir),
        Command::Completions { shell } => generate::completions(shell),
    };
    exit::finish(result, Personality::Sockscope, argv0)
}
