//! inet_diag filter bytecode (include/uapi/linux/inet_diag.h): the op
//! numbers, the encoding of the conditions we emit, and a structural check
//! mirroring the kernel's `inet_diag_bc_audit` (net/ipv4/inet_diag.c), so
//! that nothing the kernel would refuse with EINVAL is ever sent.
//!
//! An op is `{ u8 code; u8 yes; u16 no }` in host byte order, followed by
//! its operand. Running it: when the condition holds, jump `yes` bytes,
//! else `no` bytes; the socket is kept when execution lands exactly on the
//! end, dropped when it jumps past it (to end + 4).

/// `INET_DIAG_REQ_BYTECODE`: the request attribute carrying the program.
pub const REQ_BYTECODE: u16 = 1;

pub const NOP: u8 = 0;
pub const JMP: u8 = 1;
pub const S_GE: u8 = 2;
pub const S_LE: u8 = 3;
pub const D_GE: u8 = 4;
pub const D_LE: u8 = 5;
pub const AUTO: u8 = 6;
pub const S_COND: u8 = 7;
pub const D_COND: u8 = 8;
pub const DEV_COND: u8 = 9;
pub const MARK_COND: u8 = 10;
pub const S_EQ: u8 = 11;
pub const D_EQ: u8 = 12;
pub const CGROUP_COND: u8 = 13;

/// Size of `struct inet_diag_bc_op`.
pub const OP_LEN: usize = 4;
/// Size of `struct inet_diag_hostcond` without its address.
pub const HOSTCOND_LEN: usize = 8;

pub const AF_UNSPEC: u8 = 0;
pub const AF_INET: u8 = libc::AF_INET as u8;
pub const AF_INET6: u8 = libc::AF_INET6 as u8;

/// Append an op header.
pub fn put_op(out: &mut Vec<u8>, code: u8, yes: u8, no: u16) {
    out.push(code);
    out.push(yes);
    out.extend_from_slice(&no.to_ne_bytes());
}

/// Read the op header at `at` (code, yes, no); `None` past the end.
pub fn op_at(bc: &[u8], at: usize) -> Option<(u8, u8, u16)> {
    let b = bc.get(at..at.checked_add(OP_LEN)?)?;
    Some((b[0], b[1], u16::from_ne_bytes([b[2], b[3]])))
}

/// Why a program fails the kernel's audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditError {
    /// Byte offset of the offending op.
    pub at: usize,
    pub reason: &'static str,
}

/// The kernel's `inet_diag_bc_audit`, for a caller with CAP_NET_ADMIN
/// (MARK_COND would need it; we never emit it). `Ok` means the kernel
/// accepts the program.
pub fn audit(bc: &[u8]) -> Result<(), AuditError> {
    let fail = |at, reason| Err(AuditError { at, reason });
    if bc.len() < OP_LEN {
        return fail(0, "shorter than one op");
    }
    if bc.len() > usize::from(u16::MAX) - OP_LEN {
        return fail(0, "longer than a netlink attribute");
    }
    let total = bc.len();
    let mut pos = 0usize;
    // `len` is what is left from `pos`, as in the kernel.
    while pos < total {
        let len = total - pos;
        let Some((code, yes, no)) = op_at(bc, pos) else {
            return fail(pos, "truncated op");
        };
        let mut min_len = OP_LEN;
        match code {
            S_COND | D_COND => {
                min_len += HOSTCOND_LEN;
                if len < min_len {
                    return fail(pos, "truncated hostcond");
                }
                let family = bc[pos + OP_LEN];
                let prefix_len = usize::from(bc[pos + OP_LEN + 1]);
                let addr_len = match family {
                    AF_UNSPEC => 0,
                    AF_INET => 4,
                    AF_INET6 => 16,
                    _ => return fail(pos, "bad hostcond family"),
                };
                min_len += addr_len;
                if len < min_len {
                    return fail(pos, "truncated hostcond address");
                }
                if prefix_len > 8 * addr_len {
                    return fail(pos, "prefix longer than the address");
                }
            }
            DEV_COND => {
                min_len += 4;
                if len < min_len {
                    return fail(pos, "truncated ifindex");
                }
            }
            S_EQ | S_GE | S_LE | D_EQ | D_GE | D_LE => {
                min_len += OP_LEN;
                if len < min_len {
                    return fail(pos, "truncated port operand");
                }
            }
            MARK_COND => {
                min_len += 8;
                if len < min_len {
                    return fail(pos, "truncated markcond");
                }
            }
            AUTO | JMP | NOP => {}
            _ => return fail(pos, "unknown op"),
        }
        let (yes, no) = (usize::from(yes), usize::from(no));
        if code != NOP {
            if no < min_len || no > len + 4 || no & 3 != 0 {
                return fail(pos, "bad 'no' offset");
            }
            if no < len && !valid_cc(bc, len - no) {
                return fail(pos, "'no' lands inside an op");
            }
        }
        if yes < min_len || yes > len + 4 || yes & 3 != 0 {
            return fail(pos, "bad 'yes' offset");
        }
        pos += yes;
    }
    if pos == total {
        Ok(())
    } else {
        fail(pos, "runs past the end")
    }
}

/// The kernel's `valid_cc`: is the point with `cc` bytes left an op
/// boundary on the chain of `yes` steps from the start?
fn valid_cc(bc: &[u8], cc: usize) -> bool {
    let mut pos = 0usize;
    loop {
        let len = bc.len() - pos.min(bc.len());
        if cc > len {
            return false;
        }
        if cc == len {
            return true;
        }
        let Some((_, yes, _)) = op_at(bc, pos) else {
            return false;
        };
        let yes = usize::from(yes);
        if yes < 4 || yes & 3 != 0 {
            return false;
        }
        pos += yes;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn prog(ops: &[(u8, u8, u16)]) -> Vec<u8> {
        let mut v = Vec::new();
        for &(c, y, n) in ops {
            put_op(&mut v, c, y, n);
        }
        v
    }

    #[test]
    fn ss_style_programs_pass() {
        // sport >= 1024: S_GE {8, 12} + operand.
        assert_eq!(audit(&prog(&[(S_GE, 8, 12), (0, 0, 1024)])), Ok(()));
        // not autobound: AUTO {4, 8}; JMP {4, 8}.
        assert_eq!(audit(&prog(&[(AUTO, 4, 8), (JMP, 4, 8)])), Ok(()));
        // hostcond AF_UNSPEC port 22.
        let mut v = prog(&[(S_COND, 12, 16)]);
        v.extend_from_slice(&[AF_UNSPEC, 0, 0, 0]);
        v.extend_from_slice(&22i32.to_ne_bytes());
        assert_eq!(audit(&v), Ok(()));
    }

    #[test]
    fn kernel_rejections_are_caught() {
        assert!(audit(&[]).is_err());
        assert!(audit(&prog(&[(99, 4, 8)])).is_err());
        assert!(audit(&prog(&[(AUTO, 4, 5)])).is_err());
        assert!(audit(&prog(&[(AUTO, 4, 16)])).is_err());
        assert!(audit(&prog(&[(S_GE, 4, 12), (0, 0, 1)])).is_err());
        // A jump into the operand of S_GE.
        assert!(audit(&prog(&[(JMP, 4, 8), (S_GE, 8, 12), (0, 0, 1)])).is_err());
        // Prefix longer than the address.
        let mut v = prog(&[(D_COND, 16, 20)]);
        v.extend_from_slice(&[AF_INET, 33, 0, 0]);
        v.extend_from_slice(&(-1i32).to_ne_bytes());
        v.extend_from_slice(&[127, 0, 0, 1]);
        assert_eq!(
            audit(&v).map_err(|e| e.reason),
            Err("prefix longer than the address")
        );
    }
}
