//! Writing to the standard streams: stdout gets each listing in one write
//! and is flushed (errors, such as a closed pipe, are returned); stderr
//! writes are best effort, as a failing stderr has nowhere to be reported.

use std::io::{self, Write};

/// Write `bytes` to stdout and flush.
pub fn stdout(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

/// Write `bytes` to stderr, ignoring failure.
pub fn stderr(bytes: &[u8]) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(bytes);
    let _ = err.flush();
}
