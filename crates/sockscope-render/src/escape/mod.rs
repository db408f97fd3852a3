//! The one place untrusted strings (process names and command lines, UNIX
//! paths, interface names, host, service and user names from resolvers) are
//! made safe to print. Every writer of the render crate goes through it; it
//! never looks at the terminal: escaping is the same piped or not.
//!
//! Input is decoded as UTF-8 completely: every byte of every sequence is
//! checked, so a lead byte can never hide what follows it (`\xc3\x1b` is an
//! invalid byte and an ESC, not one character). Invalid, overlong and
//! truncated sequences and encoded surrogates are *invalid bytes*.
//!
//! What is never printed raw ([`is_unsafe`]): C0 controls, DEL, C1 controls
//! (U+0080–U+009F, e.g. U+009B CSI), bidirectional and invisible format
//! characters (U+200B–U+200F, U+202A–U+202E, U+2060–U+206F with the
//! U+2066–U+2069 isolates, U+FEFF, ...) and the line and paragraph
//! separators U+2028/U+2029. One policy per kind of output:
//!
//! - **classic** netstat text ([`classic_into`], [`classic`]): each
//!   unsafe character and each invalid byte becomes one `?`. Outside a
//!   UTF-8 locale a terminal may read bytes one by one (an 8-bit terminal
//!   takes 0x80–0x9F as C1 controls, 0x9B as CSI): there a character one of
//!   whose bytes lies in 0x80–0x9F becomes one `?` per byte too, while
//!   well-formed text without such bytes (`café` is C3 A9) passes. Names
//!   with nothing unsafe pass byte for byte in either locale, so they print
//!   as netstat 2.10 prints them.
//! - **modern** table and CSV ([`visible`]): a visible, unambiguous form:
//!   `\x1b` for ASCII controls and invalid bytes, `\u{202e}` for the other
//!   unsafe characters, `\\` for a backslash.
//! - **JSON / NDJSON** ([`json::to_writer`]): every string of the document
//!   has its unsafe characters escaped as `\uXXXX` (serde_json already
//!   escapes C0, as `\n` or `\u001b`), so the document still parses back to
//!   the same strings and no record holds a raw line separator. Invalid
//!   bytes cannot be JSON text: the wire types carry a lossy copy (U+FFFD)
//!   plus the exact bytes in hex (`*_hex` fields, see `json/wire.rs`).

pub mod json;

use std::borrow::Cow;

#[cfg(test)]
mod tests;

/// Invisible or text-reordering format characters: bidi embeddings,
/// overrides and isolates, zero-width characters, the line and paragraph
/// separators, the byte-order mark, interlinear annotation marks.
fn is_format_char(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}')
}

/// A character no output prints raw: C0, DEL, C1 (`char::is_control` is
/// exactly these) and the format characters above.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_format_char(c)
}

/// Whether bytes are printable ASCII only (the common case: nothing to do).
fn plain_ascii(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| (0x20..0x7F).contains(&b))
}

/// Append `bytes` to `out` as classic text prints them: unsafe characters
/// and invalid bytes become `?` (one per character, one per invalid byte);
/// without a UTF-8 locale (`utf8` false) so does every character holding a
/// byte in 0x80–0x9F (one `?` per byte: the terminal sees bytes). Never
/// longer than the input.
pub fn classic_into(out: &mut Vec<u8>, bytes: &[u8], utf8: bool) {
    if plain_ascii(bytes) {
        return out.extend_from_slice(bytes);
    }
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid().as_bytes();
        let mut from = 0;
        for (i, c) in chunk.valid().char_indices() {
            let n = c.len_utf8();
            let c1_byte = || valid[i..i + n].iter().any(|b| (0x80..0xA0).contains(b));
            if is_unsafe(c) || (!utf8 && c1_byte()) {
                out.extend_from_slice(&valid[from..i]);
                let marks = if utf8 { 1 } else { n };
                out.resize(out.len() + marks, b'?');
                from = i + n;
            }
        }
        out.extend_from_slice(&valid[from..]);
        out.resize(out.len() + chunk.invalid().len(), b'?');
    }
}

/// `bytes` as classic text prints them (see [`classic_into`]); borrowed
/// when nothing needed escaping.
pub fn classic(bytes: &[u8], utf8: bool) -> Cow<'_, [u8]> {
    if plain_ascii(bytes) {
        return Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len());
    classic_into(&mut out, bytes, utf8);
    if out == bytes {
        Cow::Borrowed(bytes)
    } else {
        Cow::Owned(out)
    }
}

/// A string as classic text prints it (see [`classic_into`]); still a
/// string: the escaped form of UTF-8 text is UTF-8.
pub fn classic_str(s: &str, utf8: bool) -> Cow<'_, str> {
    match classic(s.as_bytes(), utf8) {
        Cow::Borrowed(_) => Cow::Borrowed(s),
        Cow::Owned(v) => Cow::Owned(String::from_utf8_lossy(&v).into_owned()),
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

/// A visible, unambiguous rendering of untrusted bytes for the modern
/// formats (table, CSV). Borrowed when nothing needed escaping.
pub fn visible(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        if !s.chars().any(|c| c == '\\' || is_unsafe(c)) {
            return Cow::Borrowed(s);
        }
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                c if c.is_ascii_control() => {
                    out.push_str(&format!("\\x{:02x}", c as u32));
                }
                c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    Cow::Owned(out)
}
