//! Comparing tool outputs: a line diff readable in a test log (control
//! characters escaped, line ends marked so trailing spaces show), and a
//! collector that gathers every mismatch of a table of cases and fails once
//! with all of them.

use std::fmt::Write as _;

/// Lines of context kept around each change.
const CONTEXT: usize = 2;

/// One line as shown in a diff: control bytes and non-UTF-8 escaped, `$` at
/// the end so trailing blanks are visible.
pub fn visible(line: &[u8]) -> String {
    let mut s = String::new();
    for chunk in line.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c.is_control() {
                s.extend(c.escape_default());
            } else {
                s.push(c);
            }
        }
        for b in chunk.invalid() {
            let _ = write!(s, "\\x{b:02x}");
        }
    }
    s.push('$');
    s
}

/// Split on `\n`, keeping a final line without newline (marked as such).
pub fn lines(text: &[u8]) -> Vec<&[u8]> {
    let mut v: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
    if v.last().is_some_and(|l| l.is_empty()) {
        v.pop();
    }
    v
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Same,
    Del,
    Add,
}

/// Longest-common-subsequence edit script (outputs here are a few hundred
/// lines at most, so the quadratic table is fine).
fn script(a: &[&[u8]], b: &[&[u8]]) -> Vec<(Op, usize)> {
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[at(i, j)] = if a[i] == b[j] {
                lcs[at(i + 1, j + 1)] + 1
            } else {
                lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            out.push((Op::Same, i));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[at(i + 1, j)] >= lcs[at(i, j + 1)]) {
            out.push((Op::Del, i));
            i += 1;
        } else {
            out.push((Op::Add, j));
            j += 1;
        }
    }
    out
}

/// A unified-style diff of `expected` against `actual` (`-` lines only in
/// expected, `+` only in actual), or `None` when the bytes are equal.
pub fn unified(
    expected_name: &str,
    expected: &[u8],
    actual_name: &str,
    actual: &[u8],
) -> Option<String> {
    if expected == actual {
        return None;
    }
    let (a, b) = (lines(expected), lines(actual));
    let ops = script(&a, &b);
    let mut out = format!("--- {expected_name}\n+++ {actual_name}\n");
    let changed: Vec<bool> = ops.iter().map(|(op, _)| *op != Op::Same).collect();
    let near = |k: usize| {
        let lo = k.saturating_sub(CONTEXT);
        let hi = (k + CONTEXT + 1).min(ops.len());
        changed[lo..hi].iter().any(|&c| c)
    };
    let mut skipped = false;
    for (k, (op, idx)) in ops.iter().enumerate() {
        if !near(k) {
            skipped = true;
            continue;
        }
        if skipped {
            out.push_str("@@\n");
            skipped = false;
        }
        let (mark, line) = match op {
            Op::Same => (' ', a[*idx]),
            Op::Del => ('-', a[*idx]),
            Op::Add => ('+', b[*idx]),
        };
        let _ = writeln!(out, "{mark}{}", visible(line));
    }
    let ends = |t: &[u8]| t.is_empty() || t.ends_with(b"\n");
    if ends(expected) != ends(actual) {
        out.push_str("(the outputs differ in the final newline)\n");
    }
    if a.len() == b.len() && ops.iter().all(|(op, _)| *op == Op::Same) {
        out.push_str("(no line differs: the difference is in line endings)\n");
    }
    Some(out)
}

/// Mismatches of a table of cases, reported together.
#[derive(Debug, Default)]
pub struct Mismatches {
    items: Vec<(String, String)>,
    checked: usize,
}

impl Mismatches {
    pub fn new() -> Mismatches {
        Mismatches::default()
    }

    /// Count one case as checked.
    pub fn checked(&mut self) {
        self.checked += 1;
    }

    /// Record a failed case with its explanation (a diff, an error).
    pub fn push(&mut self, case: impl Into<String>, detail: impl Into<String>) {
        self.items.push((case.into(), detail.into()));
    }

    /// True when nothing failed.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// All failures as one message.
    pub fn report(&self) -> String {
        let mut s = format!(
            "{} of {} cases failed:\n",
            self.items.len(),
            self.checked.max(self.items.len())
        );
        for (case, detail) in &self.items {
            let _ = write!(s, "\n=== {case}\n{detail}\n");
        }
        s
    }

    /// Panic with every failure if there was any.
    #[track_caller]
    pub fn finish(self) {
        if !self.is_empty() {
            panic!("{}", self.report());
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn equal_inputs_have_no_diff() {
        assert_eq!(unified("a", b"x\ny\n", "b", b"x\ny\n"), None);
    }

    #[test]
    fn changed_line_shows_both_sides_with_context() {
        let d = unified("netstat", b"h\n1\n2\n3\n", "sockscope", b"h\n1\nX\n3\n").unwrap();
        assert_eq!(d, "--- netstat\n+++ sockscope\n h$\n 1$\n-2$\n+X$\n 3$\n");
    }

    #[test]
    fn far_context_is_elided() {
        let a = b"1\n2\n3\n4\n5\n6\n7\n8\n";
        let b = b"1\n2\n3\n4\n5\n6\n7\n9\n";
        let d = unified("a", a, "b", b).unwrap();
        assert!(
            d.starts_with("--- a\n+++ b\n@@\n 6$\n 7$\n-8$\n+9$\n"),
            "{d}"
        );
    }

    #[test]
    fn trailing_space_and_escapes_are_visible() {
        assert_eq!(visible(b"a \x1b[31m\x07"), "a \\u{1b}[31m\\u{7}$");
        assert_eq!(visible(b"\xff"), "\\xff$");
        let d = unified("a", b"x \n", "b", b"x\n").unwrap();
        assert!(d.contains("-x $\n+x$\n"), "{d}");
    }

    #[test]
    fn empty_actual_shows_every_expected_line() {
        let d = unified("netstat", b"one\ntwo\n", "sockscope", b"").unwrap();
        assert_eq!(d, "--- netstat\n+++ sockscope\n-one$\n-two$\n");
    }

    #[test]
    fn missing_final_newline_is_reported() {
        let d = unified("a", b"x\n", "b", b"x").unwrap();
        assert!(d.contains("final newline"), "{d}");
    }

    #[test]
    fn mismatches_collect_and_report_all() {
        let mut m = Mismatches::new();
        m.checked();
        m.checked();
        m.push("-tan", "diff 1");
        let r = m.report();
        assert!(r.starts_with("1 of 2 cases failed"), "{r}");
        assert!(r.contains("=== -tan\ndiff 1"), "{r}");
    }
}
