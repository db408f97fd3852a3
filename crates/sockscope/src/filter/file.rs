//! Filter text from the command line and from `-F FILE` files, put together
//! as ss reads them: the argv words first, then the file's lines (`-` is
//! standard input). Lines starting with `#` are comments; a trailing
//! newline is dropped. ss also skips lines that start with the digit `0`
//! (an apparent slip for an empty line); sockscope does not, since no
//! filter term starts with a digit such a line is a parse error instead.
//! Offsets in errors count bytes of the combined text. A file (or stdin)
//! longer than [`MAX_FILE_BYTES`] is refused after reading that much
//! (`--filter /dev/zero` must not fill memory first).

use std::path::{Path, PathBuf};

use crate::capped::{read_capped, CappedError};

/// The longest filter file (or standard input) read: far above any real
/// filter, and past the parser's own token limit.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// A filter file could not be read, or was too long.
#[derive(Debug, thiserror::Error)]
#[error("cannot read filter file {}: {source}", shown(path))]
pub struct FileError {
    pub path: PathBuf,
    #[source]
    pub source: CappedError,
}

/// `-` is standard input.
fn shown(path: &Path) -> String {
    if path == Path::new("-") {
        "- (standard input)".to_owned()
    } else {
        path.display().to_string()
    }
}

/// The filter text of argv words: joined by single spaces (ss tokenizes
/// each word alike, so this changes nothing but gives one offset space).
pub fn from_args<S: AsRef<str>>(words: &[S]) -> String {
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w.as_ref());
    }
    out
}

/// The filter lines of a file's text: comments dropped, lines joined with
/// newlines.
pub fn from_file_text(text: &str) -> String {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Read `path` (`-` for standard input) as filter lines, at most
/// [`MAX_FILE_BYTES`] of them.
pub fn read(path: &Path) -> Result<String, FileError> {
    let bytes = read_capped(path, MAX_FILE_BYTES).map_err(|source| FileError {
        path: path.to_owned(),
        source,
    })?;
    Ok(from_file_text(&String::from_utf8_lossy(&bytes)))
}

/// Argv words, then the file lines on a new line.
pub fn combine(args: &str, file: Option<&str>) -> String {
    match file {
        Some(f) if !args.is_empty() => format!("{args}\n{f}"),
        Some(f) => f.to_owned(),
        None => args.to_owned(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_joining() {
        let text = "# ssh or http\nsport = :22\n#x\nor sport = :80\n";
        assert_eq!(from_file_text(text), "sport = :22\nor sport = :80");
        assert_eq!(from_args(&["sport", "=", ":22"]), "sport = :22");
        assert_eq!(
            combine("state listening", Some("sport = :22")),
            "state listening\nsport = :22"
        );
        assert_eq!(combine("", Some("a")), "a");
        assert_eq!(combine("a", None), "a");
    }

    #[test]
    fn missing_file_names_the_path() {
        let e = read(Path::new("/nonexistent/sockscope.filter")).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/sockscope.filter"));
    }

    #[test]
    fn endless_file_is_refused_at_the_limit() {
        let e = read(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "cannot read filter file /dev/zero: larger than the limit of 1 MiB (1048576 bytes)"
        );
    }
}
