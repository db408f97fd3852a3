//! Plain data: what the kernel told us, with no kernel types and no
//! presentation quirks. Renderers read these; collectors fill them.

mod inet;
mod process;
mod route;
mod snapshot;
mod unix;
mod warning;

pub use inet::{Family, InetProto, InetSocket, TcpState, Timer, TimerKind};
pub use process::{ProcessMap, ProcessRef, SockKey};
pub use route::{table, NextHop, Route, RouteFlags, RouteMetrics, RouteTable, RouteType};
pub use snapshot::Snapshot;
pub use unix::{UnixPath, UnixSocket, UnixState, UnixType};
pub use warning::Warning;
