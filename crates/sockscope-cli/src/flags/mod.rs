//! Command-line parsing. `netstat` holds the netstat-exact parser (a
//! hand-written glibc `getopt_long` in `getopt`, netstat's option table and
//! family words); the result is a resolved [`crate::config::Config`].
//! `modern` holds the clap definitions of the subcommands (`conns`,
//! `summary`, `kill`, generators; `kill` holds kill's arguments),
//! `modern_config` their resolution. `command_word` decides, from the
//! first word, which of the two parsers gets a `sockscope` command line
//! (and answers `help` and misspelt commands).

pub mod command_word;
pub mod families;
pub mod filter;
pub mod filter_opts;
pub mod getopt;
pub mod kill;
pub mod modern;
pub mod modern_config;
pub mod netstat;
pub mod netstat_table;
pub mod usage;
