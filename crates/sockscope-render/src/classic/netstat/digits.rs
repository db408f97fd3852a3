//! Integers as printf writes them (`%lu`, `%6ld`, `%-10lu`, `%x`), appended
//! straight to a byte buffer: the socket tables print a handful of numbers
//! per row, and at 200k rows `core::fmt` machinery was a fifth of the run.

/// "00".."99": two digits per division.
const PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Number of decimal digits of `v`.
fn digit_count(v: u64) -> usize {
    v.checked_ilog10().map_or(1, |l| l as usize + 1)
}

/// Write the decimal digits of `v` into `buf` ending at `end` (exclusive).
fn decimal_at(mut v: u64, buf: &mut [u8], end: usize) {
    let mut i = end;
    while v >= 100 {
        let pair = (v % 100) as usize * 2;
        v /= 100;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if v >= 10 {
        let pair = v as usize * 2;
        buf[i - 2..i].copy_from_slice(&PAIRS[pair..pair + 2]);
    } else {
        buf[i - 1] = b'0' + v as u8;
    }
}

/// Append a fixed-size blank of `N` bytes to `out` and return where it
/// starts: the caller writes its field into that blank in place and cuts
/// the rest off. A fixed-size append is a few moves, where a copy of a
/// run-time length is a call into libc; and writing digits straight into
/// `out` (rather than into a stack buffer copied afterwards, whose wide
/// reload of just-written bytes stalls store forwarding) keeps a number a
/// few cycles. Both were a third of the user time at 200k rows.
fn blank<const N: usize>(out: &mut Vec<u8>, fill: &[u8; N]) -> usize {
    let start = out.len();
    out.extend_from_slice(fill);
    start
}

/// `%lu`.
pub(crate) fn push_u64(out: &mut Vec<u8>, v: u64) {
    let len = digit_count(v);
    let start = blank(out, &[0u8; 20]);
    decimal_at(v, &mut out[start..], len);
    out.truncate(start + len);
}

/// `%*lu`: right-aligned in `width` columns.
pub(crate) fn push_u64_right(out: &mut Vec<u8>, v: u64, width: usize) {
    let len = digit_count(v);
    let pad = width.saturating_sub(len);
    if pad + len > 20 {
        out.resize(out.len() + pad, b' ');
        return push_u64(out, v);
    }
    let start = blank(out, &[b' '; 20]);
    decimal_at(v, &mut out[start..], pad + len);
    out.truncate(start + pad + len);
}

/// Dotted quad (inet_ntoa), written in place.
pub(crate) fn push_v4(out: &mut Vec<u8>, octets: [u8; 4]) {
    let start = blank(out, &[0u8; 16]);
    let buf = &mut out[start..];
    let mut n = 0;
    for (k, o) in octets.into_iter().enumerate() {
        if k > 0 {
            buf[n] = b'.';
            n += 1;
        }
        if o >= 100 {
            buf[n] = b'0' + o / 100;
            n += 1;
        }
        if o >= 10 {
            buf[n] = b'0' + o / 10 % 10;
            n += 1;
        }
        buf[n] = b'0' + o % 10;
        n += 1;
    }
    out.truncate(start + n);
}

/// `%-*lu`: left-aligned in `width` columns.
pub(crate) fn push_u64_left(out: &mut Vec<u8>, v: u64, width: usize) {
    let start = out.len();
    push_u64(out, v);
    super::columns::pad_from(out, start, width);
}

/// `%-*d` of a signed value.
pub(crate) fn push_i64_left(out: &mut Vec<u8>, v: i64, width: usize) {
    let start = out.len();
    if v < 0 {
        out.push(b'-');
    }
    push_u64(out, v.unsigned_abs());
    let len = out.len() - start;
    out.resize(out.len() + width.saturating_sub(len), b' ');
}

/// `%x`: lower-case hexadecimal, no leading zeros.
pub(crate) fn push_hex(out: &mut Vec<u8>, v: u16) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut started = false;
    for shift in [12u16, 8, 4, 0] {
        let d = (v >> shift) & 0xf;
        if d != 0 || started || shift == 0 {
            out.push(HEX[usize::from(d)]);
            started = true;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn s(f: impl Fn(&mut Vec<u8>)) -> String {
        let mut out = b"|".to_vec();
        f(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn like_printf() {
        for v in 0..=100_000u64 {
            assert_eq!(s(|o| push_u64(o, v)), format!("|{v}"));
        }
        for v in [
            0u64,
            7,
            10,
            99,
            100,
            101,
            999,
            1000,
            65535,
            4_294_967_295,
            u64::MAX,
        ] {
            assert_eq!(s(|o| push_u64(o, v)), format!("|{v}"));
            assert_eq!(s(|o| push_u64_right(o, v, 6)), format!("|{v:>6}"));
            assert_eq!(s(|o| push_u64_left(o, v, 10)), format!("|{v:<10}"));
        }
        for v in [0u64, 5, 123_456, u64::MAX] {
            assert_eq!(s(|o| push_u64_right(o, v, 25)), format!("|{v:>25}"));
        }
        for o in [
            [0, 0, 0, 0],
            [127, 0, 0, 1],
            [255, 9, 10, 100],
            [1, 22, 199, 250],
        ] {
            let want = std::net::Ipv4Addr::from(o).to_string();
            assert_eq!(s(|b| push_v4(b, o)), format!("|{want}"));
        }
        for v in [0i64, 5, -1, -2_147_483_648, i64::MIN] {
            assert_eq!(s(|o| push_i64_left(o, v, 10)), format!("|{v:<10}"));
        }
        for v in [0u16, 1, 0xa, 0x10, 0xfe80, 0xffff, 0x0100] {
            assert_eq!(s(|o| push_hex(o, v)), format!("|{v:x}"));
        }
    }
}
