//! One UNIX domain socket row, as netstat 2.10's unix_do_one prints it:
//! `%-5s %-6ld %-11s %-10s %-13s ` then `%-8lu` inode, the optional
//! `-p` column and ` %s` path. The path is what netstat's `sscanf("%s")`
//! keeps of the /proc/net/unix line: it stops at the first whitespace.

use std::io::Write as _;

use sockscope::model::unix_flags::{ACCEPTCON, NOSPACE, WAITDATA};
use sockscope::model::{UnixPath, UnixSocket, UnixState};

use super::columns::{self, pad};
use super::Ctx;
use crate::escape;

/// netstat's state column: an unconnected socket is blank, or LISTENING
/// when its flags say it accepts connections.
fn state_name(state: UnixState, flags: u32) -> &'static str {
    match state {
        UnixState::Unconnected if flags & ACCEPTCON != 0 => "LISTENING",
        UnixState::Unconnected => "",
        other => other.name(),
    }
}

/// `[ ACC W N ]`, each flag when set.
fn write_flags(out: &mut Vec<u8>, flags: u32) {
    let start = out.len();
    out.extend_from_slice(b"[ ");
    for (bit, text) in [(ACCEPTCON, "ACC "), (WAITDATA, "W "), (NOSPACE, "N ")] {
        if flags & bit != 0 {
            out.extend_from_slice(text.as_bytes());
        }
    }
    out.push(b']');
    let width = out.len() - start;
    out.resize(out.len() + 11usize.saturating_sub(width), b' ');
}

/// The path as /proc/net/unix shows it (abstract names with a leading `@`;
/// the kernel prints every NUL byte as `@`), cut at the first whitespace
/// like `sscanf("%s")`.
fn write_path(field: &mut Vec<u8>, path: Option<&UnixPath>) {
    field.clear();
    let nul_as_at = |&b: &u8| if b == 0 { b'@' } else { b };
    match path {
        None => {}
        Some(UnixPath::Path(p)) => field.extend(p.iter().map(nul_as_at)),
        Some(UnixPath::Abstract(name)) => {
            field.push(b'@');
            field.extend(name.iter().map(nul_as_at));
        }
    }
    if let Some(ws) = field
        .iter()
        .position(|&b| matches!(b, b' ' | b'\t'..=b'\r'))
    {
        field.truncate(ws);
    }
}

/// Append the row for `s` (already selected) to `out`.
pub(super) fn write_row(out: &mut Vec<u8>, s: &UnixSocket, ctx: &mut Ctx<'_>) {
    let flags = s
        .proc_flags
        .unwrap_or(if s.listening { ACCEPTCON } else { 0 });
    out.extend_from_slice(b"unix  ");
    match s.refcnt {
        Some(refcnt) => {
            let _ = write!(out, "{refcnt:<6} ");
        }
        // sock_diag has no reference count; the CLI asks for /proc when it
        // needs this column.
        None => out.extend_from_slice(b"-      "),
    }
    write_flags(out, flags);
    out.push(b' ');
    pad(out, s.kind.name().as_bytes(), 10);
    out.push(b' ');
    pad(out, state_name(s.state, flags).as_bytes(), 13);
    let _ = write!(out, " {:<8}", s.inode);
    if ctx.opts.programs {
        columns::program(
            out,
            &mut ctx.scratch.field,
            ctx.processes,
            (s.netns, s.inode),
            ctx.opts.utf8,
        );
    }
    let field = &mut ctx.scratch.field;
    write_path(field, s.path.as_ref());
    out.push(b' ');
    escape::classic_into(out, field, ctx.opts.utf8);
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(f: u32) -> String {
        let mut out = Vec::new();
        write_flags(&mut out, f);
        String::from_utf8(out).unwrap_or_default()
    }

    fn path(p: UnixPath) -> Vec<u8> {
        let mut field = Vec::new();
        write_path(&mut field, Some(&p));
        field
    }

    #[test]
    fn flags_and_states() {
        assert_eq!(flags(0), "[ ]        ");
        assert_eq!(flags(ACCEPTCON), "[ ACC ]    ");
        assert_eq!(flags(ACCEPTCON | WAITDATA | NOSPACE), "[ ACC W N ]");
        assert_eq!(state_name(UnixState::Unconnected, ACCEPTCON), "LISTENING");
        assert_eq!(state_name(UnixState::Unconnected, 0), "");
        assert_eq!(state_name(UnixState::Other(9), 0), "UNKNOWN");
    }

    #[test]
    fn paths_stop_at_whitespace_and_abstract_nuls_show_as_at() {
        assert_eq!(
            path(UnixPath::Path((*b"/tmp/with space.sock").into())),
            b"/tmp/with"
        );
        assert_eq!(path(UnixPath::Path((*b"/tmp/a\tb").into())), b"/tmp/a");
        assert_eq!(path(UnixPath::Abstract((*b"foo\0bar").into())), b"@foo@bar");
        assert_eq!(path(UnixPath::Abstract((*b" lead").into())), b"@");
    }
}
