//! sockscope: collect sockets and routes from the Linux kernel into a plain
//! data model and select them with filters. This crate never prints: rendering lives in
//! `sockscope-render`, the command line in `sockscope-cli`.
//!
//! Pipeline: `sys` (private; the only code touching the kernel) → `model` →
//! `filter`, put together once in [`sockets`]: a [`Query`] visited socket by
//! socket ([`visit`]) or gathered ([`collect`]).

pub mod capped;
pub mod conntrack;
pub mod error;
pub mod filter;
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;
pub mod kill;
pub mod links;
pub mod mcast;
pub mod model;
pub mod names;
pub mod netns;
pub mod replay;
pub mod routes;
pub mod sockets;
pub mod stats;
mod sys;

pub use error::{Error, Result};
pub use routes::{routes, table_label, RouteOptions};
pub use sockets::{collect, visit, Query, Socket, SocketRef, Source};
