//! Escaping of untrusted strings (process names, UNIX paths) before they are
//! printed. Two policies, both pure functions:
//!
//! - [`netstat_replace`]: what fixed net-tools does since its fix for
//!   CVE-2024-58251 (lib/escape.c, derived from procps): a byte-for-byte
//!   replacement, so column widths stay what netstat computed. In a UTF-8
//!   locale, C0 controls and DEL become `?` and well-formed multi-byte
//!   sequences pass; from the first malformed sequence on, and everywhere in
//!   other locales, controls become `.` and bytes >= 0x80 become `?`.
//! - [`visible`]: for modern formats, a visible and unambiguous form:
//!   `\x1b` for control bytes and invalid UTF-8, `\u{202e}` for C1 controls,
//!   bidirectional and invisible format characters, `\\` for a backslash.

use std::borrow::Cow;

/// Length of the UTF-8 sequence a lead byte announces, as procps' table:
/// `None` for continuation bytes, overlong leads (0xC0, 0xC1) and >= 0xF5.
fn utf8_len(lead: u8) -> Option<usize> {
    match lead {
        0x00..=0x7F => Some(1),
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

/// net-tools' "bad locale or corrupt string" table: controls to `.`,
/// printable ASCII kept, everything >= 0x80 to `?`.
fn replace_all(bytes: &mut [u8]) {
    for b in bytes {
        *b = match *b {
            0x00 => b'@',
            0x01..=0x1F | 0x7F => b'.',
            0x80..=0xFF => b'?',
            other => other,
        };
    }
}

/// Replace, in place, what fixed net-tools replaces in a process name. `utf8`
/// is whether the locale's codeset is UTF-8 (see [`codeset_is_utf8`]). The
/// length never changes.
pub fn netstat_replace(bytes: &mut [u8], utf8: bool) {
    if !utf8 {
        replace_all(bytes);
        return;
    }
    let mut i = 0;
    while i < bytes.len() {
        let Some(n) = utf8_len(bytes[i]).filter(|n| i + n <= bytes.len()) else {
            replace_all(&mut bytes[i..]);
            return;
        };
        // Only the lead byte is checked, as net-tools: continuation bytes
        // are not validated and multi-byte controls (C1, bidi) pass.
        if bytes[i] < 0x20 || bytes[i] == 0x7F {
            bytes[i] = b'?';
        }
        i += n;
    }
}

/// Whether the C library would report a UTF-8 codeset for this environment:
/// the first non-empty of `LC_ALL`, `LC_CTYPE`, `LANG` names the locale; its
/// codeset (between `.` and `@`) must be UTF-8. Unset or `C`/`POSIX` is not
/// UTF-8. (A named locale that is not installed makes setlocale fall back to
/// "C"; this check cannot see that.)
pub fn codeset_is_utf8(lc_all: Option<&str>, lc_ctype: Option<&str>, lang: Option<&str>) -> bool {
    let Some(locale) = [lc_all, lc_ctype, lang]
        .into_iter()
        .flatten()
        .find(|v| !v.is_empty())
    else {
        return false;
    };
    let Some((_, rest)) = locale.split_once('.') else {
        return false;
    };
    let codeset = rest.split('@').next().unwrap_or("");
    codeset.eq_ignore_ascii_case("utf-8") || codeset.eq_ignore_ascii_case("utf8")
}

/// Characters that are invisible or reorder text: shown as `\u{...}`.
fn is_format_char(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}')
}

/// A visible, unambiguous rendering of untrusted bytes for modern formats.
/// Borrowed when nothing needed escaping.
pub fn visible(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        if !s
            .chars()
            .any(|c| c == '\\' || c.is_control() || is_format_char(c))
        {
            return Cow::Borrowed(s);
        }
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x80 && c.is_control() => {
                    out.push_str(&format!("\\x{:02x}", c as u32));
                }
                c if c.is_control() || is_format_char(c) => {
                    out.push_str(&format!("\\u{{{:x}}}", c as u32));
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replaced(s: &[u8], utf8: bool) -> Vec<u8> {
        let mut v = s.to_vec();
        netstat_replace(&mut v, utf8);
        v
    }

    #[test]
    fn c_locale_replaces_controls_with_dots_and_high_bytes_with_question_marks() {
        // The name used against the real netstat: ESC [ 1 m and U+202E.
        let evil = "7332/evil\x1b[1m\u{202e}nam".as_bytes();
        assert_eq!(replaced(evil, false), b"7332/evil.[1m???nam");
        assert_eq!(replaced(b"a\tb\x7fc", false), b"a.b.c");
        assert_eq!(replaced("caf\u{e9}".as_bytes(), false), b"caf??");
    }

    #[test]
    fn utf8_locale_keeps_valid_sequences_and_questions_controls() {
        let evil = "evil\x1b[1m\u{202e}nam".as_bytes();
        assert_eq!(replaced(evil, true), "evil?[1m\u{202e}nam".as_bytes());
        assert_eq!(
            replaced("caf\u{e9}\t".as_bytes(), true),
            "caf\u{e9}?".as_bytes()
        );
    }

    #[test]
    fn utf8_locale_falls_back_to_the_table_from_the_first_bad_sequence() {
        // 0xFF is never a lead byte: from there on, controls become '.'.
        assert_eq!(replaced(b"a\x01b\xff\x01c\xc3", true), b"a?b?.c?");
        // A sequence cut by truncation (as a 19-byte PID/Program field can).
        assert_eq!(replaced(b"ab\xe2\x80", true), b"ab??");
        // Continuation bytes are not checked, as in net-tools.
        assert_eq!(replaced(b"\xc3\x01", true), b"\xc3\x01");
    }

    #[test]
    fn length_never_changes() {
        for utf8 in [false, true] {
            let input: Vec<u8> = (0u8..=255).collect();
            assert_eq!(replaced(&input, utf8).len(), 256);
        }
    }

    #[test]
    fn codeset_detection() {
        assert!(codeset_is_utf8(None, None, Some("C.UTF-8")));
        assert!(codeset_is_utf8(Some("en_US.utf8"), None, Some("C")));
        assert!(codeset_is_utf8(None, Some("de_DE.UTF-8@euro"), None));
        assert!(!codeset_is_utf8(Some("C"), None, Some("C.UTF-8")));
        assert!(!codeset_is_utf8(Some(""), Some("POSIX"), Some("C.UTF-8")));
        assert!(codeset_is_utf8(Some(""), None, Some("C.UTF-8")));
        assert!(!codeset_is_utf8(None, None, None));
        assert!(!codeset_is_utf8(None, None, Some("en_US.ISO-8859-1")));
    }

    #[test]
    fn visible_escapes_controls_bidi_and_invalid_bytes() {
        assert!(matches!(visible(b"nginx"), Cow::Borrowed("nginx")));
        assert!(matches!(visible("caf\u{e9}".as_bytes()), Cow::Borrowed(_)));
        assert_eq!(
            visible("evil\x1b[1m\u{202e}name".as_bytes()),
            "evil\\x1b[1m\\u{202e}name"
        );
        assert_eq!(visible(b"a\\b\x7f\n"), "a\\\\b\\x7f\\x0a");
        assert_eq!(visible(b"bad\xff\xfe"), "bad\\xff\\xfe");
        assert_eq!(
            visible("c1\u{85}zw\u{200b}".as_bytes()),
            "c1\\u{85}zw\\u{200b}"
        );
    }
}
