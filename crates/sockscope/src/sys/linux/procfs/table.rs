//! The reading loop shared by the simple /proc tables (packet, netlink,
//! SCTP): a header line, then one record per line, strict. The first line
//! that does not parse fails the whole table with [`Error::ProcParse`]
//! (path, line number, reason, excerpt) and `out` is left as it was; a last
//! line without its newline is a cut file, also an error. The internet and
//! UNIX tables keep their own loops (UNIX rebuilds split paths).

use std::io::Read;
use std::path::Path;

use super::lines::{excerpt, LineReader};
use crate::{Error, Result};

/// One table format: how to check its header and parse a record.
pub(super) struct Format<T> {
    /// What the header must start with (after leading spaces).
    pub header: &'static [u8],
    /// Parse one record line.
    pub record: fn(&[u8]) -> Result<T, &'static str>,
}

/// Open `path` and parse it as `format`, appending to `out`.
pub(super) fn read_from<T>(path: &Path, format: &Format<T>, out: &mut Vec<T>) -> Result<()> {
    let file = std::fs::File::open(path).map_err(|source| Error::ProcRead {
        path: path.to_path_buf(),
        source,
    })?;
    parse(file, path, format, out)
}

/// Parse the bytes of a table from `src`; `path` only names it in errors.
pub(super) fn parse<R: Read, T>(
    src: R,
    path: &Path,
    format: &Format<T>,
    out: &mut Vec<T>,
) -> Result<()> {
    let before = out.len();
    let res = lines(src, path, format, out);
    if res.is_err() {
        out.truncate(before);
    }
    res
}

fn lines<R: Read, T>(src: R, path: &Path, format: &Format<T>, out: &mut Vec<T>) -> Result<()> {
    let mut lines = LineReader::new(src);
    loop {
        let line = match lines.next_line() {
            Ok(Some(line)) => line,
            Ok(None) => return Ok(()),
            Err(source) => {
                return Err(Error::ProcRead {
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        let parsed = if !line.terminated {
            Err("line cut short (no newline at end of file)")
        } else if line.no == 1 {
            let start = line.bytes.iter().position(|&c| c != b' ').unwrap_or(0);
            if line.bytes[start..].starts_with(format.header) {
                Ok(())
            } else {
                Err("not the expected table header")
            }
        } else {
            (format.record)(line.bytes).map(|r| out.push(r))
        };
        if let Err(why) = parsed {
            return Err(Error::ProcParse {
                path: path.to_path_buf(),
                line: line.no,
                reason: format!("{why}: \"{}\"", excerpt(line.bytes)),
            });
        }
    }
}
