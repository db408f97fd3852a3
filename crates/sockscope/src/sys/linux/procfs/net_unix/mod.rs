//! Parser for /proc/net/unix:
//!
//! ```text
//! Num       RefCount Protocol Flags    Type St Inode Path
//! 00000000904cd6a2: 00000002 00000000 00010000 0001 01 15926 /tmp/rec dir/my sock
//! ```
//!
//! All columns but Inode are hex. The path is everything after the inode and
//! one space, so it may hold spaces; it is absent for unbound sockets. The
//! kernel prints an abstract name as `@` followed by the name with each NUL
//! byte shown as `@` (so interior NULs cannot be told from real `@`s here, and
//! a filesystem path that itself starts with `@` reads as abstract: netstat
//! has the same view). Path bytes are kept raw.
//!
//! A path may contain `\n`, which the kernel prints raw, breaking the record
//! across lines. Policy: a line that does not parse as a record, coming right
//! after a record that has a path (or after such a continuation), continues
//! that path: we append `\n` and the line, which rebuilds the name exactly. A
//! fragment that happens to parse as a whole record cannot be told from one
//! (a hostile name can forge a row; netstat is fooled the same way; sock_diag
//! has no such problem). Any other bad line is a strict [`Error::ProcParse`]
//! and `out` is left as it was, as for the internet tables.

use std::io::Read;
use std::path::Path;

use super::lines::{dec_u64, excerpt, hex_u64, Fields, LineReader};
use crate::model::{unix_flags, UnixPath, UnixSocket, UnixState, UnixType};
use crate::{Error, Result};

/// Read a unix table file (normally `/proc/net/unix`), streaming, appending
/// to `out`.
pub fn read_unix_from(path: &Path, out: &mut Vec<UnixSocket>) -> Result<()> {
    let file = std::fs::File::open(path).map_err(|source| Error::ProcRead {
        path: path.to_path_buf(),
        source,
    })?;
    parse_unix_reader(file, path, out)
}

/// Parse the bytes of a recorded /proc/net/unix; `path` only names the source
/// in errors.
pub fn parse_unix(bytes: &[u8], path: &Path, out: &mut Vec<UnixSocket>) -> Result<()> {
    parse_unix_reader(bytes, path, out)
}

fn parse_unix_reader<R: Read>(src: R, path: &Path, out: &mut Vec<UnixSocket>) -> Result<()> {
    let before = out.len();
    let res = parse_lines(src, path, out);
    if res.is_err() {
        out.truncate(before);
    }
    res
}

fn parse_lines<R: Read>(src: R, path: &Path, out: &mut Vec<UnixSocket>) -> Result<()> {
    let mut lines = LineReader::new(src);
    // Index in `out` of the record a non-record line would continue.
    let mut open_path: Option<usize> = None;
    loop {
        let line = match lines.next_line() {
            Ok(Some(line)) => line,
            Ok(None) => return Ok(()),
            Err(source) => {
                return Err(Error::ProcRead {
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        let res = if !line.terminated {
            Err("line cut short (no newline at end of file)")
        } else if line.no == 1 {
            if line.bytes.starts_with(b"Num ") {
                Ok(())
            } else {
                Err("not a /proc/net/unix header")
            }
        } else {
            match parse_record(line.bytes) {
                Ok(sock) => {
                    open_path = sock.path.is_some().then_some(out.len());
                    out.push(sock);
                    Ok(())
                }
                Err(why) => match open_path.and_then(|i| out.get_mut(i)) {
                    Some(prev) => {
                        continue_path(prev, line.bytes);
                        Ok(())
                    }
                    None => Err(why),
                },
            }
        };
        if let Err(why) = res {
            return Err(Error::ProcParse {
                path: path.to_path_buf(),
                line: line.no,
                reason: format!("{why}: \"{}\"", excerpt(line.bytes)),
            });
        }
    }
}

/// Append `\n` + `more` to the path of `sock` (a name the kernel split).
fn continue_path(sock: &mut UnixSocket, more: &[u8]) {
    if let Some(UnixPath::Path(b) | UnixPath::Abstract(b)) = &mut sock.path {
        let mut v = std::mem::take(b).into_vec();
        v.reserve(more.len() + 1);
        v.push(b'\n');
        v.extend_from_slice(more);
        *b = v.into_boxed_slice();
    }
}

/// Parse one record line.
fn parse_record(line: &[u8]) -> Result<UnixSocket, &'static str> {
    let mut f = Fields::new(line);
    let mut next = |what: &'static str| f.next_field().ok_or(what);

    let num = next("missing Num")?;
    match num.split_last() {
        Some((b':', hex)) if hex_u64(hex, 16).is_some() => {}
        _ => return Err("bad Num"),
    }
    let refcnt = hex_u64(next("missing RefCount")?, 8).ok_or("bad RefCount")? as u32;
    hex_u64(next("missing Protocol")?, 8).ok_or("bad Protocol")?;
    let flags = hex_u64(next("missing Flags")?, 8).ok_or("bad Flags")? as u32;
    let kind = hex_u64(next("missing Type")?, 4).ok_or("bad Type")? as u16;
    let state = hex_u64(next("missing St")?, 2).ok_or("bad St")? as u8;
    let inode = dec_u64(next("missing Inode")?).ok_or("bad Inode")?;

    // `rest` is empty or starts with the one separating space.
    let path = f.rest().get(1..).map(|p| match p.split_first() {
        Some((b'@', name)) => UnixPath::Abstract(name.into()),
        _ => UnixPath::Path(p.into()),
    });
    Ok(UnixSocket {
        netns: 0,
        kind: UnixType::from_raw(kind),
        state: UnixState::from_ss(state),
        listening: flags & unix_flags::ACCEPTCON != 0,
        inode,
        path,
        peer: None,
        recv_q: 0,
        send_q: 0,
        refcnt: Some(refcnt),
        proc_flags: Some(flags),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests;
