//! Test-only: a bytecode interpreter mirroring the kernel's
//! `inet_diag_bc_run` (net/ipv4/inet_diag.c) over an entry built from a
//! model socket as `inet_diag_bc_sk` builds it from a `struct sock`. The
//! property tests run pushdown programs here to check that the kernel
//! would never drop a socket the user-space evaluator keeps.

use super::bytecode::{self as bc, op_at, OP_LEN};
use crate::model::{Family, InetSocket};
use std::net::IpAddr;

/// `struct inet_diag_entry`, addresses as host-order words of the
/// big-endian address (so bit tests read like the kernel's).
#[derive(Debug, Clone)]
pub struct Entry {
    pub family: u8,
    pub saddr: [u32; 4],
    pub daddr: [u32; 4],
    pub sport: u16,
    pub dport: u16,
    pub ifindex: u32,
    pub userlocks: u16,
    pub mark: u32,
}

fn words(a: IpAddr) -> [u32; 4] {
    match a {
        IpAddr::V4(v) => [u32::from(v), 0, 0, 0],
        IpAddr::V6(v) => {
            let o = v.octets();
            let w = |i: usize| u32::from_be_bytes([o[i], o[i + 1], o[i + 2], o[i + 3]]);
            [w(0), w(4), w(8), w(12)]
        }
    }
}

/// The entry the kernel would build for `s`.
pub fn entry(s: &InetSocket) -> Entry {
    Entry {
        family: match s.family {
            Family::Inet => bc::AF_INET,
            Family::Inet6 => bc::AF_INET6,
        },
        saddr: words(s.local),
        daddr: words(s.remote),
        sport: s.local_port,
        dport: s.remote_port,
        ifindex: s.ifindex,
        userlocks: 0,
        mark: 0,
    }
}

/// The kernel's `bitstring_match` over words.
fn bitstring_match(a1: &[u32], a2: &[u32], bits: usize) -> bool {
    let (words, bits) = (bits >> 5, bits & 0x1f);
    if a1[..words] != a2[..words] {
        return false;
    }
    if bits > 0 {
        let mask = u32::MAX << (32 - bits);
        if (a1[words] ^ a2[words]) & mask != 0 {
            return false;
        }
    }
    true
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[at..at + 4]);
    u32::from_ne_bytes(w)
}

/// Run `prog` (already audited) on `e`: true when the socket is kept.
pub fn run(prog: &[u8], e: &Entry) -> bool {
    let mut pos = 0usize;
    let len = prog.len();
    while pos < len {
        let Some((code, yes, no)) = op_at(prog, pos) else {
            return false;
        };
        let arg = pos + OP_LEN;
        let port_arg = || op_at(prog, arg).map_or(0, |(_, _, n)| n);
        let ok = match code {
            bc::NOP => true,
            bc::JMP => false,
            bc::S_EQ => e.sport == port_arg(),
            bc::S_GE => e.sport >= port_arg(),
            bc::S_LE => e.sport <= port_arg(),
            bc::D_EQ => e.dport == port_arg(),
            bc::D_GE => e.dport >= port_arg(),
            bc::D_LE => e.dport <= port_arg(),
            bc::AUTO => e.userlocks & 8 == 0,
            bc::S_COND | bc::D_COND => {
                let family = prog[arg];
                let prefix_len = usize::from(prog[arg + 1]);
                let port = u32_at(prog, arg + 4) as i32;
                let mut cond_addr = [0u32; 4];
                let alen = match family {
                    bc::AF_INET => 1,
                    bc::AF_INET6 => 4,
                    _ => 0,
                };
                for (i, w) in cond_addr.iter_mut().enumerate().take(alen) {
                    let b = &prog[arg + 8 + 4 * i..arg + 12 + 4 * i];
                    *w = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
                }
                let (port_of, addr) = if code == bc::S_COND {
                    (e.sport, &e.saddr)
                } else {
                    (e.dport, &e.daddr)
                };
                if port != -1 && port != i32::from(port_of) {
                    false
                } else if family != bc::AF_UNSPEC && family != e.family {
                    e.family == bc::AF_INET6
                        && family == bc::AF_INET
                        && addr[0] == 0
                        && addr[1] == 0
                        && addr[2] == 0xffff
                        && bitstring_match(&addr[3..], &cond_addr, prefix_len)
                } else {
                    prefix_len == 0 || bitstring_match(addr, &cond_addr, prefix_len)
                }
            }
            bc::DEV_COND => u32_at(prog, arg) == e.ifindex,
            bc::MARK_COND => (e.mark & u32_at(prog, arg + 4)) == u32_at(prog, arg),
            _ => true,
        };
        pos += usize::from(if ok { u16::from(yes) } else { no });
    }
    pos == len
}
