//! Fixture process. (Being written.)
fn main() {}
