//! Test-only helpers. (Being written.)
