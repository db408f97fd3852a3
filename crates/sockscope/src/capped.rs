//! Reading a file the user named (a filter file; later baselines and the
//! like) with a size cap. At most `cap + 1` bytes are ever read, so
//! `/dev/zero`, an endless pipe or a huge file is refused as soon as it
//! passes the cap, in bounded time and memory, instead of being read whole
//! first. `-` names standard input. Nothing here interprets the bytes; the
//! caller says what kind of file it was in its own error.

use std::io::{self, Read};
use std::path::Path;

/// Why a capped read failed.
#[derive(Debug, thiserror::Error)]
pub enum CappedError {
    /// Opening or reading failed.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The input holds more than `limit` bytes; reading stopped there.
    #[error("larger than the limit of {} ({limit} bytes)", human(*limit))]
    TooLarge { limit: u64 },
}

/// Read all of `path` (`-`: standard input), refusing it once it is
/// longer than `cap` bytes.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, CappedError> {
    if path == Path::new("-") {
        read_capped_from(io::stdin().lock(), cap)
    } else {
        read_capped_from(std::fs::File::open(path)?, cap)
    }
}

/// Read `reader` to its end, refusing it once it is longer than `cap`
/// bytes (having read `cap + 1`).
pub fn read_capped_from(reader: impl Read, cap: u64) -> Result<Vec<u8>, CappedError> {
    let mut bytes = Vec::new();
    reader.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(CappedError::TooLarge { limit: cap });
    }
    Ok(bytes)
}

/// `1 MiB`, `64 KiB`, or `1000 bytes` when not a whole number of KiB.
fn human(n: u64) -> String {
    match n {
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
        n => format!("{n} bytes"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn short_input_is_read_whole() {
        assert_eq!(read_capped_from(&b"abc"[..], 3).unwrap(), b"abc");
        assert_eq!(read_capped_from(&b""[..], 0).unwrap(), b"");
    }

    #[test]
    fn endless_input_stops_one_byte_past_the_cap() {
        let e = read_capped_from(io::repeat(b'x'), 1 << 20).unwrap_err();
        assert!(matches!(e, CappedError::TooLarge { limit } if limit == 1 << 20));
        assert_eq!(
            e.to_string(),
            "larger than the limit of 1 MiB (1048576 bytes)"
        );
        assert!(read_capped_from(&b"abcd"[..], 3).is_err());
    }

    #[test]
    fn dev_zero_is_refused() {
        let e = read_capped(Path::new("/dev/zero"), 4096).unwrap_err();
        assert_eq!(e.to_string(), "larger than the limit of 4 KiB (4096 bytes)");
    }

    #[test]
    fn missing_file_is_an_io_error() {
        let e = read_capped(Path::new("/nonexistent/x"), 10).unwrap_err();
        assert!(matches!(e, CappedError::Io(ref io) if io.kind() == io::ErrorKind::NotFound));
        assert_eq!(human(1000), "1000 bytes");
    }
}
