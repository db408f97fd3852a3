//! sockscope: collect sockets and routes from the Linux kernel into a plain
//! data model and select them with filters. This crate never prints: rendering lives in
//! `sockscope-render`, the command line in `sockscope-cli`.
//!
//! Pipeline: `sys` (the only code touching the kernel) → `model` → `filter`.

pub mod collect;
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
pub mod routes;
pub mod stats;
pub mod sys;
pub mod visit;

pub use collect::{collect, CollectOptions, Source};
pub use error::{Error, Result};
pub use routes::{routes, table_label, RouteOptions};
