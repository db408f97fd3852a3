//! Each class of character through each policy.

#![allow(clippy::unwrap_used)]

use super::*;

fn cl(s: &[u8], utf8: bool) -> Vec<u8> {
    let mut out = Vec::new();
    classic_into(&mut out, s, utf8);
    out
}

/// One of each class the policies neutralise, as UTF-8.
const UNSAFE: &[char] = &[
    '\0', '\x01', '\x07', '\t', '\n', '\x0b', '\x0c', '\r', '\x1b', '\x1f', '\x7f', '\u{80}',
    '\u{85}', '\u{9b}', '\u{9f}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{200e}', '\u{200f}',
    '\u{2028}', '\u{2029}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}',
    '\u{2067}', '\u{2068}', '\u{2069}', '\u{feff}',
];

#[test]
fn every_unsafe_class_is_unsafe_and_text_is_not() {
    for &c in UNSAFE {
        assert!(is_unsafe(c), "{:x}", c as u32);
    }
    for c in [
        'a',
        ' ',
        '~',
        '\u{a0}',
        '\u{e9}',
        '\u{3b1}',
        '\u{4e2d}',
        '\u{1f600}',
        '\u{fffd}',
    ] {
        assert!(!is_unsafe(c), "{:x}", c as u32);
    }
}

#[test]
fn classic_replaces_each_unsafe_character_with_one_question_mark() {
    for &c in UNSAFE {
        let name = format!("a{c}b");
        assert_eq!(cl(name.as_bytes(), true), b"a?b", "{:x}", c as u32);
        // Outside UTF-8 every byte of it is a '?'.
        let expect = format!("a{}b", "?".repeat(c.len_utf8()));
        assert_eq!(cl(name.as_bytes(), false), expect.as_bytes());
    }
}

#[test]
fn classic_keeps_text_byte_for_byte() {
    for name in [
        "nginx",
        "/run/systemd/private",
        "caf\u{e9}",
        "\u{4e2d}\u{6587}",
        "a b",
    ] {
        assert_eq!(cl(name.as_bytes(), true), name.as_bytes());
        assert!(matches!(classic(name.as_bytes(), true), Cow::Borrowed(_)));
    }
    // Outside a UTF-8 locale, text an 8-bit terminal cannot misread passes
    // too (as netstat 2.10 prints it): é is C3 A9, no byte in 0x80-0x9F.
    assert_eq!(cl("caf\u{e9}".as_bytes(), false), "caf\u{e9}".as_bytes());
    assert!(matches!(classic(b"sshd", false), Cow::Borrowed(_)));
    // ě is C4 9B: 0x9B is CSI to an 8-bit terminal, so every byte is a '?'
    // there; a UTF-8 terminal reads a letter.
    assert_eq!(cl("\u{11b}x".as_bytes(), false), b"??x");
    assert_eq!(cl("\u{11b}x".as_bytes(), true), "\u{11b}x".as_bytes());
    // U+009B itself (C2 9B) is unsafe in either locale.
    assert_eq!(cl("a\u{9b}b".as_bytes(), true), b"a?b");
    assert_eq!(cl("a\u{9b}b".as_bytes(), false), b"a??b");
}

#[test]
fn a_lead_byte_does_not_hide_what_follows() {
    // net-tools checks only lead bytes: \xc3 swallowed the ESC.
    assert_eq!(cl(b"x\xc3\x1b[2J", true), b"x??[2J");
    assert_eq!(cl(b"y\xc3\x1b[31mX", true), b"y??[31mX");
    assert_eq!(cl(b"\xe2\x80\x1b", true), b"???");
    assert_eq!(cl(b"\xf0\x9f\x98\x07", true), b"????");
}

#[test]
fn invalid_overlong_surrogate_and_truncated_sequences_are_invalid_bytes() {
    assert_eq!(cl(b"\xc0\xaf", true), b"??"); // overlong '/'
    assert_eq!(cl(b"\xe0\x80\xaf", true), b"???"); // overlong '/'
    assert_eq!(cl(b"\xc1\x9b", true), b"??"); // overlong C1 CSI
    assert_eq!(cl(b"\xff", true), b"?");
    assert_eq!(cl(b"\xed\xa0\x80", true), b"???"); // surrogate U+D800
    assert_eq!(cl(b"\xf4\x90\x80\x80", true), b"????"); // beyond U+10FFFF
    assert_eq!(cl(b"ab\xe2\x80", true), b"ab??"); // truncated
    assert_eq!(cl(b"ab\xc3", true), b"ab?");
    // A valid character after an invalid byte stays.
    assert_eq!(cl("\u{ff}".as_bytes(), true), "\u{ff}".as_bytes());
    assert_eq!(cl(b"\xff\xc3\xa9", true), "?\u{e9}".as_bytes());
}

#[test]
fn long_names_are_escaped_in_full() {
    let evil: Vec<u8> = b"\x1b[31m\xc2\x9b".repeat(100); // 700 bytes
    let out = cl(&evil, true);
    assert_eq!(out, b"?[31m?".repeat(100));
    let text = "n".repeat(600);
    assert_eq!(cl(text.as_bytes(), true), text.as_bytes());
    let v = visible(&evil);
    assert!(!v.chars().any(is_unsafe));
    assert_eq!(v.matches("\\x1b[31m\\u{9b}").count(), 100);
}

#[test]
fn output_is_never_longer_and_never_unsafe() {
    let all: Vec<u8> = (0u8..=255).collect();
    for utf8 in [false, true] {
        let out = cl(&all, utf8);
        assert!(out.len() <= all.len());
        assert!(out.iter().all(|&b| b >= 0x20 && b != 0x7F));
        if let Ok(s) = std::str::from_utf8(&out) {
            assert!(!s.chars().any(is_unsafe));
        }
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
    assert_eq!(visible(b"x\xc3\x1b[2J"), "x\\xc3\\x1b[2J");
    assert_eq!(visible(b"\xc0\xaf"), "\\xc0\\xaf");
    for &c in UNSAFE {
        let v = visible(format!("a{c}b").as_bytes()).into_owned();
        assert!(!v.chars().any(is_unsafe), "{v}");
        assert_ne!(v, format!("a{c}b"));
    }
    assert_eq!(
        visible("c1\u{85}zw\u{200b}ls\u{2028}".as_bytes()),
        "c1\\u{85}zw\\u{200b}ls\\u{2028}"
    );
}

fn json(s: &str) -> String {
    let mut out = Vec::new();
    json::to_writer(&mut out, &serde_json::json!({ "name": s })).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn json_escapes_every_unsafe_character_and_round_trips() {
    for &c in UNSAFE {
        let name = format!("a{c}b\u{e9}");
        let doc = json(&name);
        assert!(!doc.chars().any(is_unsafe), "{doc}");
        let back: serde_json::Value = serde_json::from_str(&doc).unwrap();
        assert_eq!(back["name"], name.as_str());
    }
    assert_eq!(json("\u{202e}x\u{7f}"), r#"{"name":"\u202ex\u007f"}"#);
    assert_eq!(json("l\u{2028}s\u{85}"), r#"{"name":"l\u2028s\u0085"}"#);
    // What serde_json escapes itself stays as it was.
    assert_eq!(json("a\n\x1b\"\\"), r#"{"name":"a\n\u001b\"\\"}"#);
    assert_eq!(
        json("caf\u{e9} \u{1f600}"),
        "{\"name\":\"caf\u{e9} \u{1f600}\"}"
    );
}

#[test]
fn json_keys_are_escaped_too() {
    let mut map = std::collections::BTreeMap::new();
    map.insert("k\u{2029}", 1);
    let mut out = Vec::new();
    json::to_writer(&mut out, &map).unwrap();
    assert_eq!(out, br#"{"k\u2029":1}"#);
}
