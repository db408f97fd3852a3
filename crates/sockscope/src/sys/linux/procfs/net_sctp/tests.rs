//! Tests of the /proc/net/sctp parsers with lines written from the kernel's
//! formats (net/sctp/proc.c; this kernel has no SCTP to record from):
//! endpoints of both families, associations with a primary address
//! marked, multi-homed lists, and malformed input.

use super::*;
use crate::Error;
use std::net::{Ipv4Addr, Ipv6Addr};

const EPS: &str = " ENDPT     SOCK   STY SST HBKT LPORT   UID INODE LADDRS
ffff8881 ffff8882 2   10  29   5000      0 12345 127.0.0.1 10.0.0.1 
ffff8883 ffff8884 1   10  30   5001   1000 12346 0000:0000:0000:0000:0000:0000:0000:0001 
";

const ASSOCS: &str = " ASSOC     SOCK   STY SST ST HBKT ASSOC-ID TX_QUEUE RX_QUEUE UID INODE LPORT RPORT LADDRS <-> RADDRS HBINT INS OUTS MAXRT T1X T2X RTXC wmema wmemq sndbuf rcvbuf
ffff8885 ffff8886 2   1   3  0       1      100      200     0 12347 5000  40000  10.0.0.1 *127.0.0.1 <-> *127.0.0.1 10.0.0.1 \t   30000    10    10   10    0    0        0        1        0   212992   212992
ffff8887 ffff8888 1   1   6  0       2        0        0     0 12348 40001  5001  *0000:0000:0000:0000:0000:0000:0000:0001 <-> *0000:0000:0000:0000:0000:0000:0000:0001 \t   30000    10    10   10    0    0        0        1        0   212992   212992
";

fn eps(text: &str) -> Result<Vec<InetSocket>> {
    let mut out = Vec::new();
    parse_sctp_eps(text.as_bytes(), Path::new("eps"), &mut out).map(|()| out)
}

fn assocs(text: &str) -> Result<Vec<InetSocket>> {
    let mut out = Vec::new();
    parse_sctp_assocs(text.as_bytes(), Path::new("assocs"), &mut out).map(|()| out)
}

#[test]
fn endpoints() {
    let s = eps(EPS).unwrap();
    assert_eq!(s.len(), 2);
    assert_eq!((s[0].proto, s[0].family), (InetProto::Sctp, Family::Inet));
    assert_eq!(
        (s[0].local, s[0].local_port, s[0].state.code()),
        (IpAddr::V4(Ipv4Addr::LOCALHOST), 5000, 10)
    );
    assert_eq!((s[0].remote_port, s[0].inode), (0, 12345));
    assert_eq!(
        (s[1].family, s[1].local, s[1].uid),
        (Family::Inet6, IpAddr::V6(Ipv6Addr::LOCALHOST), 1000)
    );
}

#[test]
fn associations_keep_the_primary_addresses_and_map_the_state() {
    let s = assocs(ASSOCS).unwrap();
    assert_eq!(s.len(), 2);
    let lo = IpAddr::V4(Ipv4Addr::LOCALHOST);
    assert_eq!(
        (s[0].local, s[0].local_port, s[0].remote, s[0].remote_port),
        (lo, 5000, lo, 40000)
    );
    // SCTP ESTABLISHED (3) is TCP ESTABLISHED (1); queues TX/RX.
    assert_eq!(
        (s[0].state.code(), s[0].send_q, s[0].recv_q, s[0].inode),
        (1, 100, 200, 12347)
    );
    // SHUTDOWN_RECEIVED (6) reads as CLOSE_WAIT.
    assert_eq!((s[1].family, s[1].state.code()), (Family::Inet6, 8));
}

#[test]
fn malformed_lines_fail_typed() {
    let header = ASSOCS.lines().next().unwrap();
    for bad in [
        "ffff8885 ffff8886 2 1 3 0 1 100 200 0 12347 5000 40000 *127.0.0.1 *127.0.0.1 \t 1\n", // no <->
        "ffff8885 ffff8886 2 1 3 0 1 100 200 0 12347 5000 40000 *127.0.0.1 <-> *127.0.0.1\n", // no tab
        "ffff8885 ffff8886 2 1 3 0 1 100 200 0 12347 5000 70000 *1.2.3.4 <-> *1.2.3.4 \t 1\n", // port
        "ffff8885 ffff8886 2 1 3 0 1 100 200 0 12347 5000 4 *1.2.3 <-> *1.2.3.4 \t 1\n", // address
    ] {
        let e = assocs(&format!("{header}\n{bad}")).unwrap_err();
        assert!(matches!(e, Error::ProcParse { line: 2, .. }), "{bad}: {e}");
    }
    assert!(matches!(
        eps("junk\n"),
        Err(Error::ProcParse { line: 1, .. })
    ));
    for text in [EPS, ASSOCS] {
        for cut in 0..text.len() {
            let _ = eps(&text[..cut]);
            let _ = assocs(&text[..cut]);
        }
    }
}
