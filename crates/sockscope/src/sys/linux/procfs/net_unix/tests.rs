//! Replay tests for /proc/net/unix: files recorded on Linux 6.18 in a private
//! namespace (paths with spaces, abstract names with NULs, spaces and
//! newlines, an embryo socket in an accept queue) and malformed input.

use super::*;
use crate::sys::linux::procfs::lines::Trickle;

macro_rules! data {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/proc/",
            $name
        ))
    };
}

const HEADER: &str = "Num       RefCount Protocol Flags    Type St Inode Path\n";

fn parse(bytes: &[u8]) -> Result<Vec<UnixSocket>> {
    let mut out = Vec::new();
    parse_unix(bytes, Path::new("test"), &mut out).map(|()| out)
}

fn path(p: &[u8]) -> Option<UnixPath> {
    Some(UnixPath::Path(p.into()))
}

fn abs(p: &[u8]) -> Option<UnixPath> {
    Some(UnixPath::Abstract(p.into()))
}

#[test]
fn recorded_unix() {
    let s = parse(data!("unix")).unwrap();
    assert_eq!(s.len(), 8);
    let l = &s[0];
    assert_eq!(
        (l.kind, l.state, l.listening, l.inode),
        (UnixType::Stream, UnixState::Unconnected, true, 15926)
    );
    assert_eq!(l.path, path(b"/tmp/rec dir/my sock"));
    assert_eq!(
        (l.refcnt, l.proc_flags, l.peer, l.recv_q, l.send_q),
        (Some(2), Some(0x10000), None, 0, 0)
    );
    // A connection waiting in the listener's accept queue: inode 0 printed
    // as "    0", CONNECTING, and the listener's path.
    assert_eq!(
        (s[1].inode, s[1].state, s[1].listening),
        (0, UnixState::Connecting, false)
    );
    assert_eq!(s[1].path, path(b"/tmp/rec dir/my sock"));
    // Unbound connected stream.
    assert_eq!(
        (s[2].path.as_ref(), s[2].state, s[2].refcnt),
        (None, UnixState::Connected, Some(3))
    );
    assert_eq!((s[3].kind, s[3].listening), (UnixType::Seqpacket, true));
    // Autobind name and an abstract name whose NUL the kernel shows as '@'.
    assert_eq!(
        (s[6].kind, s[6].path.clone()),
        (UnixType::Dgram, abs(b"d5c77"))
    );
    assert_eq!(s[7].path, abs(b"abstract@name"));
}

#[test]
fn recorded_newlines_in_names_are_rebuilt() {
    let s = parse(data!("unix_newlines")).unwrap();
    let names: Vec<_> = s.iter().map(|s| s.path.clone()).collect();
    assert_eq!(
        names,
        vec![
            abs(b"nul@inside"),
            abs(b"ends in newline\n"),
            abs(b" lead space"),
            abs(b"two\nlines and space"),
        ]
    );
    assert_eq!(s[3].inode, 15976);
}

#[test]
fn path_is_the_rest_after_one_space() {
    let mut text = HEADER.as_bytes().to_vec();
    text.extend_from_slice(
        b"0000000000000000: 00000002 00000000 00000000 0001 01 100000  two leading spaces \n\
          0000000000000000: 00000002 00000000 00000000 0001 01 7 @\n\
          0000000000000000: 00000002 00000000 00000000 0001 01 8 \n\
          00000000: 00000002 00000000 00000000 0007 09 9 rel\xffative\n",
    );
    let s = parse(&text).unwrap();
    assert_eq!(s[0].path, path(b" two leading spaces "));
    assert_eq!(s[0].inode, 100000);
    assert_eq!(s[1].path, abs(b""));
    assert_eq!(s[2].path, path(b""));
    assert_eq!(
        (s[3].kind, s[3].state),
        (UnixType::Other(7), UnixState::Other(9))
    );
    assert_eq!(s[3].path, path(b"rel\xffative"));
}

#[test]
fn a_forged_row_after_a_newline_is_indistinguishable() {
    // A name "x\n<a valid record>" reads as two sockets: documented.
    let text = format!(
        "{HEADER}\
         0000000000000000: 00000002 00000000 00010000 0001 01 5 @x\n\
         0000000000000000: 00000002 00000000 00010000 0001 01 99999 /forged\n"
    );
    assert_eq!(parse(text.as_bytes()).unwrap().len(), 2);
}

#[test]
fn malformed_lines_are_typed_errors() {
    let cases: &[(&str, usize, &str)] = &[
        ("garbage\n", 2, "bad Num"),
        ("0000000000000000: 00000002 00000000\n", 2, "missing Flags"),
        (
            "0000000000000000: 00000002 00000000 00000000 00001 01 5\n",
            2,
            "bad Type",
        ),
        (
            "0000000000000000: 00000002 00000000 00000000 0001 01 -5\n",
            2,
            "bad Inode",
        ),
        // A bad line after a pathless record cannot be a continuation.
        (
            "0000000000000000: 00000002 00000000 00000000 0001 01 5\nnext\n",
            3,
            "bad Num",
        ),
        (
            "0000000000000000: 00000002 00000000 00000000 0001 01 5",
            2,
            "line cut short",
        ),
    ];
    for (body, want_line, want) in cases {
        match parse(format!("{HEADER}{body}").as_bytes()) {
            Err(Error::ProcParse { line, reason, .. }) => {
                assert_eq!(line, *want_line, "{body:?}");
                assert!(reason.starts_with(want), "{body:?}: {reason}");
            }
            other => panic!("{body:?}: {other:?}"),
        }
    }
    assert!(matches!(
        parse(b"Inode\n"),
        Err(Error::ProcParse { line: 1, .. })
    ));
}

#[test]
fn every_prefix_parses_or_fails_cleanly() {
    for (name, bytes) in [
        ("unix", &data!("unix")[..]),
        ("unix_newlines", &data!("unix_newlines")[..]),
    ] {
        for cut in 0..=bytes.len() {
            let prefix = &bytes[..cut];
            match parse(prefix) {
                Ok(_) => assert!(cut == 0 || prefix.ends_with(b"\n"), "{name} cut at {cut}"),
                Err(Error::ProcParse { .. }) => assert!(!prefix.ends_with(b"\n")),
                Err(e) => panic!("{name} cut at {cut}: {e}"),
            }
        }
    }
}

#[test]
fn one_byte_reads_give_the_same_rows() {
    for bytes in [&data!("unix")[..], &data!("unix_newlines")[..]] {
        let mut out = Vec::new();
        parse_unix_reader(Trickle(bytes), Path::new("t"), &mut out).unwrap();
        assert_eq!(out, parse(bytes).unwrap());
    }
}

#[test]
fn single_byte_corruptions_never_panic() {
    for bytes in [&data!("unix")[..], &data!("unix_newlines")[..]] {
        let mut buf = bytes.to_vec();
        for i in 0..buf.len() {
            let keep = buf[i];
            for b in [b' ', b'\n', b':', b'@', b'F', 0, 0xff] {
                buf[i] = b;
                match parse(&buf) {
                    Ok(_) | Err(Error::ProcParse { .. }) => {}
                    Err(e) => panic!("byte {i} = {b}: {e}"),
                }
            }
            buf[i] = keep;
        }
    }
}
