//! Integers as printf writes them (`%lu`, `%6ld`, `%-10lu`, `%x`), appended
//! straight to a byte buffer: the socket tables print a handful of numbers
//! per row, and at 200k rows `core::fmt` machinery was a fifth of the run.

/// Decimal digits of `v`, right-aligned in a 20-byte array; returns the
/// index of the first digit.
fn decimal(mut v: u64, buf: &mut [u8; 20]) -> usize {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            return i;
        }
    }
}

/// `%lu`.
pub(crate) fn push_u64(out: &mut Vec<u8>, v: u64) {
    let mut buf = [0u8; 20];
    let i = decimal(v, &mut buf);
    out.extend_from_slice(&buf[i..]);
}

/// `%*lu`: right-aligned in `width` columns.
pub(crate) fn push_u64_right(out: &mut Vec<u8>, v: u64, width: usize) {
    let mut buf = [0u8; 20];
    let i = decimal(v, &mut buf);
    let len = buf.len() - i;
    out.resize(out.len() + width.saturating_sub(len), b' ');
    out.extend_from_slice(&buf[i..]);
}

/// `%-*lu`: left-aligned in `width` columns.
pub(crate) fn push_u64_left(out: &mut Vec<u8>, v: u64, width: usize) {
    let start = out.len();
    push_u64(out, v);
    let len = out.len() - start;
    out.resize(out.len() + width.saturating_sub(len), b' ');
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
        for v in [0u64, 7, 10, 99, 65535, 4_294_967_295, u64::MAX] {
            assert_eq!(s(|o| push_u64(o, v)), format!("|{v}"));
            assert_eq!(s(|o| push_u64_right(o, v, 6)), format!("|{v:>6}"));
            assert_eq!(s(|o| push_u64_left(o, v, 10)), format!("|{v:<10}"));
        }
        for v in [0i64, 5, -1, -2_147_483_648, i64::MIN] {
            assert_eq!(s(|o| push_i64_left(o, v, 10)), format!("|{v:<10}"));
        }
        for v in [0u16, 1, 0xa, 0x10, 0xfe80, 0xffff, 0x0100] {
            assert_eq!(s(|o| push_hex(o, v)), format!("|{v:x}"));
        }
    }
}
