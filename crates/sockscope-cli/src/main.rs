//! The `sockscope` binary. Invoked through a link named `netstat` it behaves
//! as net-tools netstat 2.10 (same flags, messages, exit statuses); as
//! `sockscope` it takes the same flags and names itself in messages, and
//! also has modern subcommands (`sockscope conns`, `sockscope summary`)
//! parsed by clap.
//! Flow: argv → `flags` (one resolved `Config`) → `cmd` → `exit::finish`.

mod cmd;
mod config;
mod exit;
mod flags;
mod names;
mod output;

use std::os::unix::ffi::OsStringExt;

use exit::{CliError, Exit};
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
    if who == Personality::Sockscope && flags::modern::is_modern(&args) {
        return std::process::ExitCode::from(cmd::modern::run(&args, &argv0).code());
    }
    let parsed = parse_as(who, &args, std::env::var_os("POSIXLY_CORRECT").is_some());
    for line in &parsed.diagnostics {
        output::stderr(line);
    }
    let result = match parsed.result {
        Ok(Command::Help) => cmd::help(who),
        Ok(Command::Version) => cmd::version(who),
        Ok(Command::Run(config)) => cmd::run(&config, who),
        Err(flag) => Err(CliError::Flags(flag).into()),
    };
    let exit: Exit = exit::finish(result, who, &argv0);
    std::process::ExitCode::from(exit.code())
}
