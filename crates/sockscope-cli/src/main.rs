//! The `sockscope` binary. Invoked through a link named `netstat` it behaves
//! as net-tools netstat 2.10 (same flags, messages, exit statuses); as
//! `sockscope` it takes the same flags and names itself in messages, and
//! also has modern subcommands (`sockscope conns`, `summary`, `kill`, the
//! generators) parsed by clap, `sockscope help [COMMAND]`, and refuses a
//! misspelt command with a suggestion (`flags::command_word`).
//! Flow: argv → `flags` (one resolved `Config`) → `cmd` → `exit::finish`.

mod cmd;
mod config;
mod exit;
mod flags;
mod names;
mod output;

use std::os::unix::ffi::OsStringExt;

use exit::{CliError, Exit};
use flags::command_word::{classify, FirstWord};
use flags::netstat::{parse_as, Command};
use flags::usage::Personality;

fn main() -> std::process::ExitCode {
    let mut args: Vec<Vec<u8>> = std::env::args_os().map(OsStringExt::into_vec).collect();
    let argv0 = if args.is_empty() {
        b"sockscope".to_vec()
    } else {
        args.remove(0)
    };
    let who = Personality::from_argv0(&argv0);
    if who == Personality::Sockscope {
        if let Some(exit) = command_word(&args, &argv0) {
            return std::process::ExitCode::from(exit.code());
        }
    }
    let parsed = parse_as(who, &args, std::env::var_os("POSIXLY_CORRECT").is_some());
    for line in &parsed.diagnostics {
        output::stderr(line);
    }
    let result = match parsed.result {
        Ok(Command::Help) => cmd::help(who),
        Ok(Command::Version) => cmd::version(who),
        Ok(Command::Run(config)) => {
            cmd::in_netns(config.netns.as_deref(), || cmd::run(&config, who))
        }
        Err(flag) => Err(CliError::Flags(flag).into()),
    };
    let exit: Exit = exit::finish(result, who, &argv0);
    std::process::ExitCode::from(exit.code())
}

/// Run what the first word of a `sockscope` command line asks for: a
/// subcommand, help, or the refusal of a misspelt command; `None` when the
/// line is netstat's flags and a filter.
fn command_word(args: &[Vec<u8>], argv0: &[u8]) -> Option<Exit> {
    let who = Personality::Sockscope;
    Some(match classify(args) {
        FirstWord::Classic => return None,
        FirstWord::Subcommand => cmd::subcommand(args, argv0),
        FirstWord::Help(None) => exit::finish(cmd::help(who), who, argv0),
        FirstWord::Help(Some(command)) => cmd::subcommand_help(command, argv0),
        FirstWord::Unknown { word, suggestion } => {
            let e = CliError::UnknownCommand { word, suggestion };
            exit::finish(Err(e.into()), who, argv0)
        }
    })
}
