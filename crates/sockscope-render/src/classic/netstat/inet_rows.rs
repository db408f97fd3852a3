//! One TCP, UDP, UDP-Lite or raw row, as netstat 2.10's tcp_do_one,
//! udp_do_one and raw_do_one print it. Each protocol has its own printf:
//!
//! - tcp: `%-4s  %6ld %6ld %-23s %-23s %-11s`, state by name;
//! - udp/udpl: `%-5s %6ld %6ld %-23s %-23s %-11s`, state "" (unconnected),
//!   "ESTABLISHED" or "UNKNOWN";
//! - raw: `%-4s  %6ld %6ld %-23s %-23s %-11d`, the kernel state number.
//!
//! netstat knows no other protocol: the caller never passes ICMP, SCTP or
//! MPTCP rows (`mod.rs` skips them); were one passed, it would print in
//! the nearest style (ICMP as UDP, SCTP and MPTCP as TCP).

use sockscope::model::{Family, InetProto, InetSocket, TcpState};

use super::columns::{self, pad, pad_from, TimerStyle};
use super::digits;
use super::Ctx;

/// netstat's protocol column: its own short names (`udpl` for UDP-Lite).
pub(super) fn label(proto: InetProto, family: Family) -> &'static str {
    match (proto, family) {
        (InetProto::UdpLite, Family::Inet) => "udpl",
        (InetProto::UdpLite, Family::Inet6) => "udpl6",
        (p, f) => sockscope::model::SocketKind::Inet(p, f).name(),
    }
}

/// TCP state names of netstat's `tcp_state[]`.
fn tcp_state(state: TcpState) -> &'static str {
    match state {
        TcpState::Unknown(0) => "",
        // NEW_SYN_RECV never reaches /proc: request sockets show as SYN_RECV
        // (which is also the model's name for it).
        TcpState::BoundInactive | TcpState::Unknown(_) => "UNKNOWN",
        known => known.name(),
    }
}

/// UDP states of `udp_do_one`.
fn udp_state(state: TcpState) -> &'static str {
    match state {
        TcpState::Established => "ESTABLISHED",
        TcpState::Close => "",
        _ => "UNKNOWN",
    }
}

/// Append the row for `s` (already selected) to `out`.
pub(super) fn write_row(out: &mut Vec<u8>, s: &InetSocket, ctx: &mut Ctx<'_>) {
    let (services, style) = match s.proto {
        InetProto::Tcp | InetProto::Sctp | InetProto::Mptcp => ("tcp", TimerStyle::Tcp),
        InetProto::Udp | InetProto::UdpLite | InetProto::Icmp => ("udp", TimerStyle::Udp),
        InetProto::Raw => ("raw", TimerStyle::Raw),
    };
    // A raw socket's local "port" is its IP protocol number.
    let local_port = if s.proto == InetProto::Raw && s.local_port == 0 {
        u16::from(s.raw_protocol)
    } else {
        s.local_port
    };
    let proto = label(s.proto, s.family);
    // /proc shows 0 as a listener's send queue; sock_diag reports the backlog
    // limit there. netstat read /proc.
    let send_q = if s.proto == InetProto::Tcp && s.state == TcpState::Listen {
        0
    } else {
        s.send_q
    };
    // `%-4s  ` (tcp, raw) or `%-5s ` (udp): labels are at most 5 bytes.
    match (s.proto, s.family) {
        (InetProto::Tcp, Family::Inet) => out.extend_from_slice(b"tcp   "),
        (InetProto::Tcp, Family::Inet6) => out.extend_from_slice(b"tcp6  "),
        (InetProto::Udp | InetProto::UdpLite | InetProto::Icmp, _) => {
            pad(out, proto.as_bytes(), 5);
            out.push(b' ');
        }
        (InetProto::Raw | InetProto::Sctp | InetProto::Mptcp, _) => {
            pad(out, proto.as_bytes(), 4);
            out.extend_from_slice(b"  ");
        }
    }
    digits::push_u64_right(out, u64::from(s.recv_q), 6);
    out.push(b' ');
    digits::push_u64_right(out, u64::from(send_q), 6);
    out.push(b' ');
    let naming = ctx.naming;
    let tmp = &mut ctx.scratch.endpoint;
    let start = out.len();
    naming.endpoint(out, tmp, s.local, local_port, services);
    pad_from(out, start, 23);
    out.push(b' ');
    let start = out.len();
    naming.endpoint(out, tmp, s.remote, s.remote_port, services);
    pad_from(out, start, 23);
    out.push(b' ');
    match s.proto {
        InetProto::Tcp if s.state == TcpState::Established => {
            out.extend_from_slice(b"ESTABLISHED");
        }
        InetProto::Tcp | InetProto::Sctp | InetProto::Mptcp => {
            pad(out, tcp_state(s.state).as_bytes(), 11)
        }
        InetProto::Udp | InetProto::UdpLite | InetProto::Icmp => {
            pad(out, udp_state(s.state).as_bytes(), 11)
        }
        InetProto::Raw => {
            digits::push_u64_left(out, u64::from(s.state.code()), 11);
        }
    }
    finish(out, s, style, ctx);
}

/// `finish_this_one`: the optional columns and the newline.
fn finish(out: &mut Vec<u8>, s: &InetSocket, style: TimerStyle, ctx: &mut Ctx<'_>) {
    let opts = ctx.opts;
    if opts.extend > 0 {
        columns::user_inode(
            out,
            s.uid,
            s.inode,
            opts.numeric_users,
            ctx.naming.names,
            opts.utf8,
        );
    }
    if opts.programs {
        columns::program(
            out,
            &mut ctx.scratch.field,
            ctx.processes,
            (s.netns, s.inode),
            opts.utf8,
        );
    }
    if opts.timers {
        columns::timer(out, &s.timer, style);
    }
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_names() {
        assert_eq!(tcp_state(TcpState::from_code(1)), "ESTABLISHED");
        assert_eq!(tcp_state(TcpState::from_code(3)), "SYN_RECV");
        assert_eq!(tcp_state(TcpState::from_code(11)), "CLOSING");
        assert_eq!(tcp_state(TcpState::from_code(12)), "SYN_RECV");
        assert_eq!(tcp_state(TcpState::from_code(13)), "UNKNOWN");
        assert_eq!(tcp_state(TcpState::from_code(0)), "");
        assert_eq!(udp_state(TcpState::from_code(1)), "ESTABLISHED");
        assert_eq!(udp_state(TcpState::from_code(7)), "");
        assert_eq!(udp_state(TcpState::from_code(10)), "UNKNOWN");
    }
}
