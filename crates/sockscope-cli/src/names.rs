//! Which name resolver the commands use: the system databases (services,
//! hosts, networks, users through NSS, cached for the run), or numbers only.

use sockscope::names::{Numeric, Resolver, SystemResolver};

/// The resolver that looks names up in the system databases.
pub fn system() -> Box<dyn Resolver> {
    Box::new(SystemResolver::new())
}

/// The resolver for a run: numeric when `numeric` (the caller's `-n` rule).
pub fn for_run(numeric: bool) -> Box<dyn Resolver> {
    if numeric {
        Box::new(Numeric)
    } else {
        system()
    }
}
