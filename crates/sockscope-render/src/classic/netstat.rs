//! net-tools netstat 2.10 socket tables, byte for byte. (Being written.)

use sockscope::filter::ListenSelection;
use sockscope::model::{InetProto, Snapshot};
use sockscope::names::Resolver;

/// Everything that changes how netstat prints its socket tables. Built by the
/// CLI from netstat's flags; the renderer never looks at argv.
#[derive(Debug, Clone, Default)]
pub struct NetstatOptions {
    /// `-l` / `-a` / default.
    pub select: ListenSelection,
    /// Internet protocols asked for (decides the "Active Internet connections"
    /// block; rows of other protocols in the snapshot are ignored).
    pub protos: Vec<InetProto>,
    /// UNIX block asked for (`-x`, or the default set).
    pub unix: bool,
    /// `-n` / `--numeric-hosts`.
    pub numeric_hosts: bool,
    /// `-n` / `--numeric-ports`.
    pub numeric_ports: bool,
    /// `-n` / `--numeric-users`.
    pub numeric_users: bool,
    /// `-e` count (0, 1 or 2+).
    pub extend: u8,
    /// `-o`: timers column.
    pub timers: bool,
    /// `-W`: never truncate addresses.
    pub wide: bool,
    /// `-p`: PID/Program name column.
    pub programs: bool,
}

/// Append netstat's socket output (headers and rows) for `snap` to `out`.
pub fn render(_snap: &Snapshot, _opts: &NetstatOptions, _names: &dyn Resolver, _out: &mut Vec<u8>) {
}
