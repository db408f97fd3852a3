//! Plain data: what the kernel told us, with no kernel types and no
//! presentation quirks. Renderers read these; collectors fill them.

mod conntrack;
mod inet;
mod process;
mod snapshot;
mod snmp;
mod unix;
mod warning;

pub use conntrack::{
    Conntrack, ConntrackEntry, ConntrackSource, CtStatus, L4Ids, SeqAdjust, Tuple,
};
pub use inet::{Family, InetProto, InetSocket, TcpState, Timer, TimerKind};
pub use process::{ProcessMap, ProcessRef, SockKey};
pub use snapshot::Snapshot;
pub use snmp::{Counter, CounterBlock, Statistics, StatsSource};
pub use unix::{UnixPath, UnixSocket, UnixState, UnixType};
pub use warning::Warning;
