//! Socket details (`tcp_info`, skmem, congestion, cgroup, ...): a recorded
//! dump with every detail decodes to the expected values, the recorded
//! `tcp_info` cut to the lengths older kernels send (104, 168, 232, 248
//! bytes) decodes with zeros past the cut, and a live established loopback
//! pair with known traffic shows plausible values.

#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use super::attrs::Attrs;
use super::inet_details::{self, INET_DIAG_INFO};
use super::live_tests::ino;
use super::nlmsg::Progress;
use super::replay_tests::{data_dir, read, record, replay};
use super::tcp_info::RawTcpInfo;
use super::{dump_inet_ext, inet_diag};
use crate::model::{Family, InetProto, InetSocket, TcpInfo, TcpState};
use crate::Error;

/// Bytes the recorded client wrote (and the server read).
const REC_CLIENT_BYTES: usize = 5000;
/// Bytes the recorded server wrote (and the client read).
const REC_SERVER_BYTES: usize = 3000;
/// Port of the recorded listener.
const REC_PORT: u16 = 40100;

fn decode_details(stream: &[u8]) -> Vec<InetSocket> {
    let mut v = Vec::new();
    replay(stream, &mut |m, off| {
        v.push(inet_diag::decode_with(m, InetProto::Tcp, off, true)?);
        Ok(())
    })
    .unwrap();
    v
}

/// The `tcp_info` attribute payload of the recorded client socket.
fn recorded_client_tcp_info() -> Vec<u8> {
    let stream = read("tcp4-details.bin");
    let mut found = None;
    replay(&stream, &mut |m, off| {
        let s = inet_diag::decode(m, InetProto::Tcp, off)?;
        if s.remote_port == REC_PORT {
            for a in Attrs::new(&m[72..], off + 72) {
                let a = a?;
                if a.kind == INET_DIAG_INFO {
                    found = Some(a.payload.to_vec());
                }
            }
        }
        Ok(())
    })
    .unwrap();
    found.unwrap()
}

#[test]
fn recorded_dump_with_details_decodes() {
    let v = decode_details(&read("tcp4-details.bin"));
    let listener = v.iter().find(|s| s.state == TcpState::Listen).unwrap();
    let client = v.iter().find(|s| s.remote_port == REC_PORT).unwrap();
    let server = v
        .iter()
        .find(|s| s.local_port == REC_PORT && s.state == TcpState::Established)
        .unwrap();
    for s in [client, server] {
        let d = s.details.as_deref().unwrap();
        let t = d.tcp_info.unwrap();
        assert_eq!(t.len, 280, "recorded on 6.18");
        assert_eq!(t.state, TcpState::Established.code());
        assert!(t.rtt > 0 && t.snd_cwnd > 0 && t.snd_mss > 0);
        assert_eq!(
            d.congestion.as_deref(),
            Some("bbr"),
            "the recording host default"
        );
        assert!(d.skmem.unwrap().rcvbuf > 0);
        assert_eq!(d.shutdown, Some(0));
        assert!(d.cgroup_id.is_some());
        assert_eq!(d.mark, Some(0), "recorded as root: CAP_NET_ADMIN");
        assert_eq!(d.tos, Some(0));
    }
    let (c, s) = (
        client.details.as_deref().unwrap().tcp_info.unwrap(),
        server.details.as_deref().unwrap().tcp_info.unwrap(),
    );
    assert!(c.bytes_acked >= REC_CLIENT_BYTES as u64 && c.bytes_sent >= REC_CLIENT_BYTES as u64);
    assert!(c.bytes_received >= REC_SERVER_BYTES as u64);
    assert!(s.bytes_received >= REC_CLIENT_BYTES as u64);
    assert!(s.bytes_acked >= REC_SERVER_BYTES as u64);
    let l = listener.details.as_deref().unwrap();
    assert!(l.tcp_info.is_some());
}

fn try_decode_details(stream: &[u8]) -> crate::Result<Progress> {
    replay(stream, &mut |m, off| {
        inet_diag::decode_with(m, InetProto::Tcp, off, true).map(drop)
    })
}

#[test]
fn every_prefix_and_mutation_of_the_details_recording_is_safe() {
    let orig = read("tcp4-details.bin");
    for cut in 16..orig.len() {
        match try_decode_details(&orig[..cut]) {
            Ok(Progress::More) => {}
            Err(Error::Decode { offset, .. }) => assert!(offset <= cut),
            other => panic!("prefix {cut}: {other:?}"),
        }
    }
    for i in 0..orig.len() {
        for val in [0x00, 0xff, orig[i] ^ 0x80, orig[i].wrapping_add(4)] {
            let mut s = orig.clone();
            s[i] = val;
            // Any Ok or Err is fine; only a panic fails.
            let _ = try_decode_details(&s);
        }
    }
}

/// What a kernel sending only `len` bytes would give: this decoder must
/// return exactly the full decode with every field past `len` zeroed.
#[test]
fn recorded_tcp_info_cut_to_older_kernel_lengths() {
    let full_bytes = recorded_client_tcp_info();
    assert_eq!(full_bytes.len(), 280);
    let full = RawTcpInfo::new(&full_bytes).decode();
    for len in [104usize, 168, 232, 248] {
        let got = RawTcpInfo::new(&full_bytes[..len]).decode();
        assert_eq!(got.len as usize, len);
        // Fields inside the prefix are identical.
        assert_eq!(
            (got.rtt, got.snd_cwnd, got.total_retrans, got.rcv_space),
            (full.rtt, full.snd_cwnd, full.total_retrans, full.rcv_space)
        );
        // Past the prefix: zero.
        let mut zeroed_tail = RawTcpInfo::new(&pad(&full_bytes[..len], 280)).decode();
        zeroed_tail.len = len as u16;
        assert_eq!(got, zeroed_tail, "length {len}");
    }
    let v104 = RawTcpInfo::new(&full_bytes[..104]).decode();
    assert_eq!((v104.bytes_acked, v104.delivery_rate), (0, 0));
    let v168 = RawTcpInfo::new(&full_bytes[..168]).decode();
    assert_eq!(v168.bytes_acked, full.bytes_acked);
    assert_eq!((v168.bytes_sent, v168.busy_time), (0, 0));
    let v232 = RawTcpInfo::new(&full_bytes[..232]).decode();
    assert_eq!(v232.bytes_sent, full.bytes_sent);
    assert_eq!(v232.snd_wnd, full.snd_wnd);
    assert_eq!(v232.rcv_wnd, 0);
    // Extra bytes from a future kernel are ignored.
    let mut longer = full_bytes.clone();
    longer.extend_from_slice(&[0xab; 64]);
    let mut l = RawTcpInfo::new(&longer).decode();
    l.len = 280;
    assert_eq!(l, full);
}

fn pad(b: &[u8], len: usize) -> Vec<u8> {
    let mut v = b.to_vec();
    v.resize(len, 0);
    v
}

/// The dump of `family` TCP sockets with details.
fn dump_details(family: Family) -> Vec<InetSocket> {
    let mut v = Vec::new();
    dump_inet_ext(InetProto::Tcp, family, false, true, &mut v).unwrap();
    v
}

fn info_of(v: &[InetSocket], inode: u64) -> (TcpInfo, &str) {
    let s = v.iter().find(|s| s.inode == inode).unwrap();
    let d = s.details.as_deref().unwrap();
    (d.tcp_info.unwrap(), d.congestion.as_deref().unwrap())
}

#[test]
fn live_pair_with_known_traffic_has_plausible_tcp_info() {
    const N: usize = 100_000;
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
    let (mut s, _) = l.accept().unwrap();
    let writer = std::thread::spawn(move || {
        c.write_all(&vec![7u8; N]).unwrap();
        c
    });
    let mut got = vec![0u8; N];
    s.read_exact(&mut got).unwrap();
    let c = writer.join().unwrap();
    // The reader has everything; wait for the sender to see the last ACK.
    let deadline = Instant::now() + Duration::from_secs(5);
    let (sent, recv) = loop {
        let v = dump_details(Family::Inet);
        let (sent, cong) = info_of(&v, ino(&c));
        let (recv, _) = info_of(&v, ino(&s));
        assert!(!cong.is_empty());
        if sent.bytes_acked >= N as u64 || Instant::now() > deadline {
            break (sent, recv);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        sent.bytes_acked >= N as u64,
        "bytes_acked {}",
        sent.bytes_acked
    );
    assert!(sent.bytes_sent >= N as u64);
    assert!(
        recv.bytes_received >= N as u64,
        "bytes_received {}",
        recv.bytes_received
    );
    for t in [sent, recv] {
        assert!(t.rtt > 0 && t.snd_cwnd > 0 && t.snd_mss > 0, "{t:?}");
        assert_eq!(t.state, TcpState::Established.code());
        assert!(t.len >= 104);
    }
    assert!(sent.data_segs_out > 0 && recv.data_segs_in > 0);
}

#[test]
fn live_udp_has_memory_but_no_tcp_info_and_default_path_has_no_details() {
    let u = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let mut v = Vec::new();
    dump_inet_ext(InetProto::Udp, Family::Inet, false, true, &mut v).unwrap();
    let s = v.iter().find(|s| s.inode == ino(&u)).unwrap();
    let d = s.details.as_deref().unwrap();
    assert!(d.tcp_info.is_none() && d.congestion.is_none());
    assert!(d.skmem.unwrap().rcvbuf > 0);
    let mut plain = Vec::new();
    dump_inet_ext(InetProto::Udp, Family::Inet, true, false, &mut plain).unwrap();
    assert!(plain.iter().all(|s| s.details.is_none()));
}

#[test]
fn extension_bits_reach_the_request() {
    let ext = inet_details::extensions(InetProto::Tcp, false, true);
    let r = inet_diag::request_ext(InetProto::Tcp, Family::Inet, 0, ext);
    assert_eq!(r[2], ext);
}

/// Record `tcp4-details.bin`. Run in a fresh network namespace as root:
/// `SOCKSCOPE_RECORD=1 unshare -n sh -c 'ip link set lo up; <test binary> --ignored record_details'`.
#[test]
#[ignore = "writes tests/data/netlink; run by hand in a private netns"]
fn record_details() {
    if std::env::var_os("SOCKSCOPE_RECORD").is_none() {
        return;
    }
    let l = TcpListener::bind(("127.0.0.1", REC_PORT)).unwrap();
    let mut c = TcpStream::connect(("127.0.0.1", REC_PORT)).unwrap();
    let (mut s, _) = l.accept().unwrap();
    c.write_all(&[1u8; REC_CLIENT_BYTES]).unwrap();
    s.read_exact(&mut [0u8; REC_CLIENT_BYTES]).unwrap();
    s.write_all(&[2u8; REC_SERVER_BYTES]).unwrap();
    c.read_exact(&mut [0u8; REC_SERVER_BYTES]).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let ext = inet_details::extensions(InetProto::Tcp, false, true);
    let body = inet_diag::request_ext(InetProto::Tcp, Family::Inet, inet_diag::PROC_STATES, ext);
    std::fs::write(data_dir().join("tcp4-details.bin"), record(&body)).unwrap();
}
