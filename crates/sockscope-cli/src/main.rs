//! The `sockscope` binary. (Being written.)

fn main() {}
