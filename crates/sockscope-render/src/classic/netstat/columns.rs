//! The optional trailing columns of netstat 2.10's socket rows
//! (`finish_this_one` and the UNIX row): User/Inode (`-e`), PID/Program name
//! (`-p`), Timer (`-o`), plus the padding helper every column uses.

use std::io::Write as _;

use sockscope::model::{ProcessMap, Timer, TimerKind};
use sockscope::names::Resolver;

use super::digits;
use crate::escape;

/// netstat's PROGNAME_WIDTH: the "pid/name" buffer is 20 bytes, so at most 19
/// bytes of text, padded to 20 columns.
const PROGNAME_WIDTH: usize = 20;

/// `printf("%-*s", width, bytes)`: the bytes, then spaces up to `width`.
pub(super) fn pad(out: &mut Vec<u8>, bytes: &[u8], width: usize) {
    let start = out.len();
    out.extend_from_slice(bytes);
    pad_from(out, start, width);
}

/// Spaces after what was appended since `start`, up to `width` columns.
pub(super) fn pad_from(out: &mut Vec<u8>, start: usize, width: usize) {
    const SPACES: [u8; 32] = [b' '; 32];
    let mut missing = (start + width).saturating_sub(out.len());
    while missing > 0 {
        let n = missing.min(SPACES.len());
        out.extend_from_slice(&SPACES[..n]);
        missing -= n;
    }
}

/// `-e`: `" %-10s "` user name (or `" %-10d "` uid) then `"%-10lu"` inode.
/// netstat reads the uid with `%d`: ids above 2^31 print negative. The name
/// is escaped (see `escape`; `utf8`: the locale's codeset).
pub(super) fn user_inode(
    out: &mut Vec<u8>,
    uid: u32,
    inode: u64,
    numeric: bool,
    names: &dyn Resolver,
    utf8: bool,
) {
    out.push(b' ');
    match (!numeric).then(|| names.user(uid)).flatten() {
        Some(name) => {
            let start = out.len();
            escape::classic_into(out, name.as_bytes(), utf8);
            pad_from(out, start, 10);
        }
        None => {
            digits::push_i64_left(out, i64::from(uid as i32), 10);
        }
    }
    out.push(b' ');
    digits::push_u64_left(out, inode, 10);
}

/// `-p`: `" %-20s"` of "pid/name" for the first process holding `inode`
/// (of namespace `netns`), or
/// "-". The text is cut to 19 bytes like netstat's snprintf, then escaped
/// (see `escape`): a hostile name can be shorter than 19 bytes then.
pub(super) fn program(
    out: &mut Vec<u8>,
    field: &mut Vec<u8>,
    processes: Option<&ProcessMap>,
    (netns, inode): (u64, u64),
    utf8: bool,
) {
    out.push(b' ');
    let holder = processes
        .filter(|_| inode != 0)
        .and_then(|p| p.holders(netns, inode).first());
    let Some(holder) = holder else {
        return pad(out, b"-", PROGNAME_WIDTH);
    };
    field.clear();
    digits::push_u64(field, u64::from(holder.pid));
    field.push(b'/');
    // The name is a C string to netstat: it ends at the first NUL.
    let name = holder.name.split(|&b| b == 0).next().unwrap_or(&[]);
    field.extend_from_slice(name);
    field.truncate(PROGNAME_WIDTH - 1);
    let start = out.len();
    escape::classic_into(out, field, utf8);
    pad_from(out, start, PROGNAME_WIDTH);
}

/// Which `-o` vocabulary a protocol uses.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum TimerStyle {
    /// tcp_do_one: off / on / keepalive / timewait / probe / unkn-N.
    Tcp,
    /// udp_do_one: off / onN / unkn-N, retransmits always 0.
    Udp,
    /// raw_do_one: like UDP but keeps the retransmit count.
    Raw,
}

/// `-o`: `" "` then the timer text, e.g. `on (0.20/1/0)`.
pub(super) fn timer(out: &mut Vec<u8>, t: &Timer, style: TimerStyle) {
    let code = match t.kind {
        TimerKind::Off => 0,
        TimerKind::On => 1,
        TimerKind::Keepalive => 2,
        TimerKind::TimeWait => 3,
        TimerKind::Probe => 4,
        TimerKind::Unknown(c) => c,
    };
    let retrans = if style == TimerStyle::Udp {
        0
    } else {
        t.retrans
    };
    // /proc gives clock ticks (1/100 s) and netstat prints ticks / 100 with
    // two decimals; expires_ms / 10 is the same tick count.
    let ticks = t.expires_ms / 10;
    let (secs, hundredths) = (ticks / 100, ticks % 100);
    out.push(b' ');
    if code == 0 {
        let _ = write!(out, "off (0.00/{retrans}/{})", t.probes);
        return;
    }
    let _ = match (style, code) {
        (TimerStyle::Tcp, 1) => write!(out, "on"),
        (TimerStyle::Tcp, 2) => write!(out, "keepalive"),
        (TimerStyle::Tcp, 3) => write!(out, "timewait"),
        (TimerStyle::Tcp, 4) => write!(out, "probe"),
        (TimerStyle::Udp | TimerStyle::Raw, 1 | 2) => write!(out, "on{code}"),
        _ => write!(out, "unkn-{code}"),
    };
    let _ = write!(out, " ({secs}.{hundredths:02}/{retrans}/{})", t.probes);
}

#[cfg(test)]
mod tests {
    use super::*;
    use sockscope::model::{ProcessRef, SockKey};
    use sockscope::names::Numeric;

    fn t(kind: TimerKind, expires_ms: u64, retrans: u32, probes: u32) -> Timer {
        Timer {
            kind,
            expires_ms,
            retrans,
            probes,
        }
    }

    fn text(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut out = Vec::new();
        f(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn timers_in_each_vocabulary() {
        let on = t(TimerKind::On, 1000, 2, 0);
        assert_eq!(text(|o| timer(o, &on, TimerStyle::Tcp)), " on (1.00/2/0)");
        assert_eq!(text(|o| timer(o, &on, TimerStyle::Udp)), " on1 (1.00/0/0)");
        assert_eq!(text(|o| timer(o, &on, TimerStyle::Raw)), " on1 (1.00/2/0)");
        let ka = t(TimerKind::Keepalive, 7_170_209, 0, 9);
        assert_eq!(
            text(|o| timer(o, &ka, TimerStyle::Tcp)),
            " keepalive (7170.20/0/9)"
        );
        assert_eq!(
            text(|o| timer(o, &ka, TimerStyle::Udp)),
            " on2 (7170.20/0/9)"
        );
        let tw = t(TimerKind::TimeWait, 60_000, 0, 0);
        assert_eq!(
            text(|o| timer(o, &tw, TimerStyle::Tcp)),
            " timewait (60.00/0/0)"
        );
        assert_eq!(
            text(|o| timer(o, &tw, TimerStyle::Udp)),
            " unkn-3 (60.00/0/0)"
        );
        let pr = t(TimerKind::Probe, 2910, 0, 2);
        assert_eq!(
            text(|o| timer(o, &pr, TimerStyle::Tcp)),
            " probe (2.91/0/2)"
        );
        let off = t(TimerKind::Off, 5000, 3, 1);
        assert_eq!(text(|o| timer(o, &off, TimerStyle::Tcp)), " off (0.00/3/1)");
        let unk = t(TimerKind::Unknown(255), 10, 26, 0);
        assert_eq!(
            text(|o| timer(o, &unk, TimerStyle::Tcp)),
            " unkn-255 (0.01/26/0)"
        );
    }

    #[test]
    fn user_column_names_or_signed_numbers() {
        assert_eq!(
            text(|o| user_inode(o, 0, 1001, true, &Numeric, true)),
            " 0          1001      "
        );
        assert_eq!(
            text(|o| user_inode(o, 4_294_967_294, 123_456_789_012, true, &Numeric, true)),
            " -2         123456789012"
        );
    }

    #[test]
    fn program_column_truncates_then_escapes() {
        let mut map = ProcessMap::new(7);
        let name: &[u8] = "evil\x1b[1m\u{202e}name".as_bytes();
        map.insert(
            SockKey { netns: 7, inode: 5 },
            ProcessRef {
                pid: 7332,
                name: name.into(),
                fd: 3,
            },
        );
        let mut field = Vec::new();
        let got = text(|o| program(o, &mut field, Some(&map), (0, 5), false));
        assert_eq!(got, " 7332/evil?[1m???nam ");
        // In UTF-8 the bidi override is one '?', and the column still pads
        // to 20.
        let got = text(|o| program(o, &mut field, Some(&map), (0, 5), true));
        assert_eq!(got, " 7332/evil?[1m?nam   ");
        let got = text(|o| program(o, &mut field, Some(&map), (0, 0), false));
        assert_eq!(got, format!(" {:<20}", "-"));
        let got = text(|o| program(o, &mut field, None, (0, 5), false));
        assert_eq!(got, format!(" {:<20}", "-"));
    }
}
