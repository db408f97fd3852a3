//! Streaming line reader and field cursor shared by the /proc table parsers.
//!
//! [`LineReader`] reads a file in large chunks into one reusable buffer and
//! hands out each line as a borrowed slice: no allocation per line, only a
//! buffer that grows when a single line is longer than it. [`Fields`] splits a
//! line on spaces without allocating. Neither knows any /proc format.

use std::io::{self, Read};

/// Size of the first read buffer. /proc seq files fill whatever they are
/// given, so a large buffer means few `read` calls on big tables.
const CHUNK: usize = 128 * 1024;

/// Longest line accepted: /proc socket lines are a few hundred bytes, so a
/// longer one means the file is not what we think it is (and we will not
/// buffer it whole).
pub(crate) const MAX_LINE: usize = 1024 * 1024;

/// One line of input, without its `\n`.
#[derive(Debug)]
pub(crate) struct Line<'a> {
    /// 1-based line number.
    pub no: usize,
    pub bytes: &'a [u8],
    /// False for a last line that had no `\n`: the file was cut short.
    pub terminated: bool,
}

/// Reads `src` line by line through one buffer.
#[derive(Debug)]
pub(crate) struct LineReader<R> {
    src: R,
    buf: Vec<u8>,
    /// Unconsumed data is `buf[start..end]`.
    start: usize,
    end: usize,
    eof: bool,
    line_no: usize,
}

impl<R: Read> LineReader<R> {
    /// A reader with the default chunk size.
    pub fn new(src: R) -> Self {
        Self::with_capacity(src, CHUNK)
    }

    /// A reader whose first buffer holds `cap` bytes (at least 1).
    pub fn with_capacity(src: R, cap: usize) -> Self {
        LineReader {
            src,
            buf: vec![0; cap.max(1)],
            start: 0,
            end: 0,
            eof: false,
            line_no: 0,
        }
    }

    /// The next line, `None` at the end of input.
    pub fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        let (from, to, terminated) = loop {
            let pending = &self.buf[self.start..self.end];
            if let Some(i) = pending.iter().position(|&b| b == b'\n') {
                let from = self.start;
                self.start += i + 1;
                break (from, from + i, true);
            }
            if self.eof {
                if self.start == self.end {
                    return Ok(None);
                }
                let from = self.start;
                self.start = self.end;
                break (from, self.end, false);
            }
            self.fill()?;
        };
        self.line_no += 1;
        Ok(Some(Line {
            no: self.line_no,
            bytes: &self.buf[from..to],
            terminated,
        }))
    }

    /// Move the partial line to the front, grow the buffer if the partial
    /// line fills it, and read more.
    fn fill(&mut self) -> io::Result<()> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            if self.end >= MAX_LINE {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("line {} is longer than {MAX_LINE} bytes", self.line_no + 1),
                ));
            }
            let grown = (self.buf.len() * 2).min(MAX_LINE.max(self.buf.len() + 1));
            self.buf.resize(grown, 0);
        }
        loop {
            match self.src.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

/// Space-separated fields of a line, with the position after the last one
/// taken (for formats whose last column is free text).
#[derive(Debug, Clone)]
pub(crate) struct Fields<'a> {
    line: &'a [u8],
    pos: usize,
}

impl<'a> Fields<'a> {
    pub fn new(line: &'a [u8]) -> Self {
        Fields { line, pos: 0 }
    }

    /// The next run of non-space bytes, skipping leading spaces.
    pub fn next_field(&mut self) -> Option<&'a [u8]> {
        let line = self.line;
        while self.pos < line.len() && line[self.pos] == b' ' {
            self.pos += 1;
        }
        if self.pos == line.len() {
            return None;
        }
        let from = self.pos;
        while self.pos < line.len() && line[self.pos] != b' ' {
            self.pos += 1;
        }
        Some(&line[from..self.pos])
    }

    /// Everything after the last field taken, untouched.
    pub fn rest(&self) -> &'a [u8] {
        &self.line[self.pos..]
    }
}

/// Parse 1..=`max_digits` hex digits (either case), nothing else.
pub(crate) fn hex_u64(s: &[u8], max_digits: usize) -> Option<u64> {
    if s.is_empty() || s.len() > max_digits || s.len() > 16 {
        return None;
    }
    let mut v: u64 = 0;
    for &c in s {
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => return None,
        };
        v = (v << 4) | u64::from(d);
    }
    Some(v)
}

/// Parse 1..=20 decimal digits that fit in a `u64`, nothing else (no sign).
pub(crate) fn dec_u64(s: &[u8]) -> Option<u64> {
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    let mut v: u64 = 0;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
    }
    Some(v)
}

/// A short, printable rendering of a bad line for an error message.
pub(crate) fn excerpt(line: &[u8]) -> String {
    const MAX: usize = 100;
    let cut = &line[..line.len().min(MAX)];
    let mut s = cut.escape_ascii().to_string();
    if line.len() > MAX {
        s.push_str("...");
    }
    s
}

/// Test source that returns at most one byte per read, to cross every chunk
/// boundary.
#[cfg(test)]
pub(crate) struct Trickle<'a>(pub &'a [u8]);

#[cfg(test)]
impl Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.0.is_empty() || out.is_empty() {
            return Ok(0);
        }
        out[0] = self.0[0];
        self.0 = &self.0[1..];
        Ok(1)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests {
    use super::*;

    fn collect<R: Read>(mut r: LineReader<R>) -> Vec<(usize, Vec<u8>, bool)> {
        let mut v = Vec::new();
        while let Some(l) = r.next_line().unwrap() {
            v.push((l.no, l.bytes.to_vec(), l.terminated));
        }
        v
    }

    #[test]
    fn splits_lines_and_flags_unterminated_tail() {
        let got = collect(LineReader::new(&b"a b\n\nlast"[..]));
        assert_eq!(
            got,
            vec![
                (1, b"a b".to_vec(), true),
                (2, b"".to_vec(), true),
                (3, b"last".to_vec(), false)
            ]
        );
        assert!(collect(LineReader::new(&b""[..])).is_empty());
    }

    #[test]
    fn tiny_buffer_and_trickle_give_the_same_lines() {
        let text = b"first line here\nsecond\n\nthe fourth, longer than the buffer\n";
        let want = collect(LineReader::new(&text[..]));
        assert_eq!(want.len(), 4);
        assert_eq!(collect(LineReader::with_capacity(&text[..], 3)), want);
        assert_eq!(collect(LineReader::with_capacity(Trickle(text), 1)), want);
    }

    #[test]
    fn overlong_line_is_an_error() {
        let text = vec![b'x'; MAX_LINE + 10];
        let mut r = LineReader::with_capacity(&text[..], 1000);
        let e = r.next_line().unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        // A line of exactly MAX_LINE - 1 bytes plus its newline still fits.
        let mut ok = vec![b'y'; MAX_LINE - 1];
        ok.push(b'\n');
        let mut r = LineReader::with_capacity(&ok[..], 1000);
        assert_eq!(r.next_line().unwrap().unwrap().bytes.len(), MAX_LINE - 1);
    }

    #[test]
    fn fields_and_rest() {
        let mut f = Fields::new(b"  12: ab  cd rest of it");
        assert_eq!(f.next_field(), Some(&b"12:"[..]));
        assert_eq!(f.next_field(), Some(&b"ab"[..]));
        assert_eq!(f.next_field(), Some(&b"cd"[..]));
        assert_eq!(f.rest(), b" rest of it");
        let mut e = Fields::new(b"   ");
        assert_eq!(e.next_field(), None);
    }

    #[test]
    fn number_parsers() {
        assert_eq!(hex_u64(b"0100007F", 8), Some(0x0100_007F));
        assert_eq!(hex_u64(b"ffFF", 4), Some(0xffff));
        assert_eq!(hex_u64(b"12345", 4), None);
        assert_eq!(hex_u64(b"", 4), None);
        assert_eq!(hex_u64(b"0x1", 4), None);
        assert_eq!(hex_u64(b"FFFFFFFFFFFFFFFF", 16), Some(u64::MAX));
        assert_eq!(dec_u64(b"18446744073709551615"), Some(u64::MAX));
        assert_eq!(dec_u64(b"18446744073709551616"), None);
        assert_eq!(dec_u64(b"-1"), None);
        assert_eq!(dec_u64(b"+1"), None);
        assert_eq!(dec_u64(b""), None);
    }

    #[test]
    fn excerpt_escapes_and_cuts() {
        assert_eq!(excerpt(b"a\x1b\n"), "a\\x1b\\n");
        assert!(excerpt(&[b'x'; 200]).ends_with("..."));
    }
}
