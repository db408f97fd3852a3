//! Plain data: what the kernel told us, with no kernel types and no
//! presentation quirks. Renderers read these; collectors fill them.

mod inet;
mod process;
mod snapshot;
mod tcp_info;
mod unix;
mod warning;

pub use inet::{Family, InetProto, InetSocket, TcpState, Timer, TimerKind};
pub use process::{ProcessMap, ProcessRef, SockKey};
pub use snapshot::Snapshot;
pub use tcp_info::{InetDetails, Skmem, TcpInfo};
pub use unix::{UnixPath, UnixSocket, UnixState, UnixType};
pub use warning::Warning;
