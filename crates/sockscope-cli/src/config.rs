//! The resolved configuration: what one run of the command does, with every
//! implied-flag rule already applied. Built from the command line in one
//! step (`flags::netstat::parse`); the commands only read it.

use sockscope::filter::ListenSelection;

use crate::flags::filter::FilterArgs;
use sockscope::model::{Family, InetProto};

/// Which table the run prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Socket tables (the default).
    Sockets,
    /// `-r`: routing table.
    Route,
    /// `-i`: interface table.
    Interfaces,
    /// `-s`: protocol statistics.
    Statistics,
    /// `-M`: masqueraded connections.
    Masquerade,
}

/// How results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// netstat's text, byte for byte.
    #[default]
    Classic,
    /// One JSON document per snapshot (`--json`).
    Json,
    /// One JSON object per line (`--ndjson`).
    Ndjson,
}

pub use sockscope::sockets::unlisted::LegacyFamily;

/// Which sockets are listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocketSet {
    /// Internet protocols, in netstat order (tcp, udp, udplite, raw).
    pub protos: Vec<InetProto>,
    /// Families for the internet protocols.
    pub families: Vec<Family>,
    /// SCTP (`-S`), tried between TCP and UDP.
    pub sctp: bool,
    /// The UNIX block.
    pub unix: bool,
    /// `-g`: multicast group memberships, printed after the internet block.
    pub groups: bool,
    /// Other families asked for, in the order netstat tries them.
    pub legacy: Vec<LegacyFamily>,
    /// Something was named (netstat's `flag_arg`): a family the kernel
    /// lacks is then an error (exit 1); in the default set it is skipped.
    pub explicit: bool,
}

impl SocketSet {
    /// netstat prints the "Active Internet connections" header.
    pub fn inet_header(&self) -> bool {
        !self.protos.is_empty() || self.sctp
    }
}

/// `-n`, `--numeric-hosts`, `--numeric-ports`, `--numeric-users`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Numeric {
    pub hosts: bool,
    pub ports: bool,
    pub users: bool,
}

/// `-r` details, kept for when the routing table is implemented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RouteOptions {
    /// `-C`
    pub cache: bool,
    /// `-F`
    pub fib: bool,
}

/// Everything one run needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub mode: Mode,
    pub sockets: SocketSet,
    /// `-l` / `-a` / default.
    pub select: ListenSelection,
    pub numeric: Numeric,
    /// `-N`
    pub symbolic: bool,
    /// Number of `-e`.
    pub extend: u8,
    /// `-o`
    pub timers: bool,
    /// `-W`
    pub wide: bool,
    /// `-p`
    pub programs: bool,
    /// `-v`
    pub verbose: bool,
    /// `-c`: repeat every second.
    pub continuous: bool,
    pub route: RouteOptions,
    /// Canonical family names in the order named (netstat's `afname`;
    /// `-r` and `-s` use it, default "inet").
    pub family_names: Vec<&'static str>,
    pub format: OutputFormat,
    /// The socket filter (`sockscope` personality only; empty otherwise).
    pub filter: FilterArgs,
    /// `--netns`: run in that network namespace (`sockscope` only).
    pub netns: Option<String>,
}
