//! Test-only helpers for sockscope's differential and integration tests.
//!
//! - [`Netns`]: a uniquely named network namespace, deleted (with every
//!   process left in it) on drop; [`Netns::for_test`] applies the skip policy:
//!   a test fails when the namespace cannot be made as root or with `CI` set,
//!   and skips with a printed reason otherwise.
//! - [`Fixture`]: the `sockscope-fixture` process holding the sockets listed
//!   in [`plan`] inside a namespace (or, [`Variant::Hostile`], one listener
//!   under a hostile argv[0]).
//! - [`diff`]: readable line diffs and a collector for tables of cases.
//! - [`run`]: running a command with a deadline.
//!
//! Nothing here is used by the shipped binary; `unsafe` is allowed in this
//! crate (namespaces and the fixture's sockets need libc), each block with a
//! `// SAFETY:` comment.

pub mod diff;
pub mod fixture;
pub mod netns;
pub mod plan;
pub mod run;

pub use diff::{unified, Mismatches};
pub use fixture::{Fixture, Variant};
pub use netns::{must_not_skip, Netns, NetnsError};
