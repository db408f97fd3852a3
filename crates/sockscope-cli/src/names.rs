//! Which name resolver the commands use.
//!
//! NOTE (integration): `sockscope::names::SystemResolver` (services, hosts,
//! users from the system) is being written by another helper. Until it
//! lands, [`system`] returns the numeric resolver, so names print as
//! numbers even without `-n`. Switch the body of [`system`] when it exists;
//! nothing else needs to change.

use sockscope::names::{Numeric, Resolver};

/// The resolver that looks names up in the system databases.
pub fn system() -> Box<dyn Resolver> {
    Box::new(Numeric)
}

/// The resolver for a run: numeric when `numeric` (the caller's `-n` rule).
pub fn for_run(numeric: bool) -> Box<dyn Resolver> {
    if numeric {
        Box::new(Numeric)
    } else {
        system()
    }
}
