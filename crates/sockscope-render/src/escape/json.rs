//! JSON with every unsafe character escaped: serde_json's compact output,
//! except that string fragments serde_json would copy raw have DEL, C1
//! controls, bidi/invisible format characters and U+2028/U+2029 written as
//! `\uXXXX` (all of them are in the BMP: one escape each). The result is
//! still valid JSON and parses back to the same strings; an NDJSON record
//! can no longer be cut in two by a reader that splits lines on U+2028 or
//! U+0085 (Python's `str.splitlines`). Every JSON writer of the render crate
//! serializes through [`to_writer`].

use std::io;

use serde::Serialize;
use serde_json::ser::Formatter;

use super::is_unsafe;

/// serde_json's compact formatter plus the escapes above.
#[derive(Debug, Clone, Copy, Default)]
pub struct SafeFormatter;

impl Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Every character escaped here is DEL or beyond ASCII.
        if fragment.bytes().all(|b| b < 0x7F) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut from = 0;
        for (i, c) in fragment.char_indices() {
            if is_unsafe(c) {
                writer.write_all(&fragment.as_bytes()[from..i])?;
                write!(writer, "\\u{:04x}", u32::from(c))?;
                from = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[from..])
    }
}

/// Serialize `value` as compact JSON to `out`, unsafe characters escaped.
/// The drop-in for `serde_json::to_writer`.
pub fn to_writer<W, T>(out: &mut W, value: &T) -> serde_json::Result<()>
where
    W: io::Write + ?Sized,
    T: Serialize + ?Sized,
{
    let mut ser = serde_json::Serializer::with_formatter(out, SafeFormatter);
    value.serialize(&mut ser)
}
