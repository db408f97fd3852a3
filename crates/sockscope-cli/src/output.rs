//! Writing to the standard streams: stdout gets each listing in one write
//! and is flushed (errors, such as a closed pipe, are returned), or, for
//! documents that grow with the socket count (JSON, CSV), goes through a
//! [`Batched`] writer so that 200k sockets never sit in memory as text;
//! stderr writes are best effort, as a failing stderr has nowhere to be
//! reported.

use std::io::{self, Write};

/// Write `bytes` to stdout and flush.
pub fn stdout(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

/// Bytes written to stdout per write by [`batched`].
pub const BATCH: usize = 256 * 1024;

/// Stdout, locked, written in [`BATCH`]-byte writes.
pub type Batched = io::BufWriter<io::StdoutLock<'static>>;

/// A [`Batched`] stdout; end with [`finish`] (a `BufWriter` dropped
/// unflushed would swallow the last write's error).
pub fn batched() -> Batched {
    io::BufWriter::with_capacity(BATCH, io::stdout().lock())
}

/// Flush what `w` still holds, and stdout.
pub fn finish(mut w: Batched) -> io::Result<()> {
    w.flush()
}

/// Write `bytes` to stderr, ignoring failure.
pub fn stderr(bytes: &[u8]) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(bytes);
    let _ = err.flush();
}
