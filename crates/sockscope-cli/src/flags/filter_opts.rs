//! The filter inputs the modern subcommands share (`conns`, `kill`), as one
//! clap argument group flattened into each: a trailing ss expression,
//! `--filter FILE`, the plain flags and `--no-pushdown`. Turned into the
//! front end's [`FilterArgs`] in one place.

use clap::Args;
use sockscope::filter::plain::PlainFlag;

use super::filter::FilterArgs;

/// Filter arguments of a modern subcommand.
#[derive(Debug, Clone, Default, Args)]
pub struct FilterOpts {
    /// Read the filter expression from FILE ('-': stdin)
    #[arg(long = "filter", value_name = "FILE")]
    pub filter_file: Option<String>,
    /// Either end's port: number, service name or LO-HI (repeat or comma: any of)
    #[arg(long, value_name = "PORT")]
    pub port: Vec<String>,
    /// Local port: number, service name or LO-HI
    #[arg(long, value_name = "PORT")]
    pub sport: Vec<String>,
    /// Remote port: number, service name or LO-HI
    #[arg(long, value_name = "PORT")]
    pub dport: Vec<String>,
    /// Socket states (ss names, or LISTEN, TIME_WAIT...), comma-separated
    #[arg(long, value_name = "NAME[,NAME]")]
    pub state: Vec<String>,
    /// Local address, CIDR or host, optionally with :port
    #[arg(long, value_name = "ADDR")]
    pub local: Vec<String>,
    /// Remote address, CIDR or host, optionally with :port
    #[arg(long, value_name = "ADDR")]
    pub remote: Vec<String>,
    /// Held by this process id
    #[arg(long, value_name = "PID")]
    pub pid: Vec<String>,
    /// Held by a process whose name matches this regular expression
    #[arg(long, value_name = "REGEX")]
    pub process: Vec<String>,
    /// Owned by this user (name or uid)
    #[arg(long, value_name = "NAME|UID")]
    pub user: Vec<String>,
    /// Filter in user space only (no inet_diag bytecode sent to the kernel)
    #[arg(long)]
    pub no_pushdown: bool,
    /// ss filter expression, e.g. state established '( dport = :443 or dport = :80 )'
    #[arg(value_name = "FILTER", trailing_var_arg = true)]
    pub words: Vec<String>,
}

impl FilterOpts {
    /// The filter as the front ends take it (plain flags in a fixed order:
    /// different flags AND, repeats OR, so the order does not matter).
    pub fn args(&self) -> FilterArgs {
        let mut plain = Vec::new();
        for (flag, values) in [
            (PlainFlag::Port, &self.port),
            (PlainFlag::Sport, &self.sport),
            (PlainFlag::Dport, &self.dport),
            (PlainFlag::State, &self.state),
            (PlainFlag::Local, &self.local),
            (PlainFlag::Remote, &self.remote),
            (PlainFlag::Pid, &self.pid),
            (PlainFlag::Process, &self.process),
            (PlainFlag::User, &self.user),
        ] {
            plain.extend(values.iter().map(|v| (flag, v.clone())));
        }
        FilterArgs {
            words: self.words.clone(),
            file: self.filter_file.clone(),
            plain,
            no_pushdown: self.no_pushdown,
        }
    }
}
