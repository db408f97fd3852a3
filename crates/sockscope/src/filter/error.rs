//! Filter errors: where in the filter text (byte offset and the token
//! there) and what was expected. `Display` reads
//! `filter error at 12 (near "dpotr"): expected ...`.

use std::fmt;

/// A malformed filter. `source` holds the whole filter text the offset
/// refers to (argv words joined by single spaces, then `-F` lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    /// Byte offset of the offending token in `source`.
    pub offset: usize,
    /// The offending token as written (empty at the end of the filter).
    pub near: String,
    /// What was wrong or expected.
    pub message: String,
    /// The text the offset points into.
    pub source: String,
}

impl FilterError {
    /// An error at `offset` (token `near`) in `source`.
    pub fn new(source: &str, offset: usize, near: &str, message: impl Into<String>) -> FilterError {
        FilterError {
            offset,
            near: near.to_owned(),
            message: message.into(),
            source: source.to_owned(),
        }
    }

    /// The source line holding the error and a caret line under the token,
    /// for a terminal (`-F` files may span lines).
    pub fn caret(&self) -> (String, String) {
        let at = self.offset.min(self.source.len());
        let start = self.source[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = self.source[at..]
            .find('\n')
            .map_or(self.source.len(), |i| at + i);
        let line = self.source[start..end].to_owned();
        let col = self.source[start..at].chars().count();
        let width = self.near.chars().count().max(1);
        (line, format!("{}{}", " ".repeat(col), "^".repeat(width)))
    }
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.near.is_empty() {
            write!(
                f,
                "filter error at {} (at the end): {}",
                self.offset, self.message
            )
        } else {
            write!(
                f,
                "filter error at {} (near {:?}): {}",
                self.offset, self.near, self.message
            )
        }
    }
}

impl std::error::Error for FilterError {}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn display_and_caret() {
        let e = FilterError::new("sport = :22 dpotr = :80", 12, "dpotr", "expected a term");
        assert_eq!(
            e.to_string(),
            "filter error at 12 (near \"dpotr\"): expected a term"
        );
        let (line, caret) = e.caret();
        assert_eq!(line, "sport = :22 dpotr = :80");
        assert_eq!(caret, "            ^^^^^");
        let end = FilterError::new("sport =", 7, "", "expected a port");
        assert_eq!(
            end.to_string(),
            "filter error at 7 (at the end): expected a port"
        );
    }

    #[test]
    fn caret_on_later_line() {
        let e = FilterError::new("sport = :22\nand bogus", 16, "bogus", "x");
        assert_eq!(e.caret(), ("and bogus".to_owned(), "    ^^^^^".to_owned()));
    }
}
