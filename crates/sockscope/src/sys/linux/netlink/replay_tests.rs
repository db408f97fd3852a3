//! Replay of recorded sock_diag reply streams (tests/data/netlink/*.bin):
//! real kernel bytes decode to the expected model, and every truncated
//! prefix decodes or fails with a typed error. Also holds the recorder
//! (an ignored test) that produced the files; see the README there.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use super::nlmsg::{self, u32_at, Expect, Progress};
use super::socket::{NlSocket, RECV_BUF};
use super::SOCK_DIAG_BY_FAMILY;
use super::{inet_diag, unix_diag};
use crate::model::{Family, InetProto, InetSocket, TcpState, UnixPath, UnixSocket, UnixState};
use crate::{Error, Result};

pub(super) fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/netlink")
}

pub(super) fn read(name: &str) -> Vec<u8> {
    std::fs::read(data_dir().join(name)).unwrap()
}

/// Walk a recorded stream (datagrams back to back) as the dump loop would.
pub(super) fn replay(
    stream: &[u8],
    on_msg: &mut dyn FnMut(&[u8], usize) -> Result<()>,
) -> Result<Progress> {
    let expect = Expect {
        seq: u32_at(stream, 8),
        port_id: u32_at(stream, 12),
        reply: SOCK_DIAG_BY_FAMILY,
    };
    nlmsg::walk_datagram(stream, 0, expect, "replay", on_msg)
}

fn tcp(stream: &[u8]) -> Result<(Progress, Vec<InetSocket>)> {
    let mut v = Vec::new();
    let p = replay(stream, &mut |m, off| {
        v.push(inet_diag::decode(m, InetProto::Tcp, off)?);
        Ok(())
    })?;
    Ok((p, v))
}

fn unix(stream: &[u8]) -> Result<(Progress, Vec<UnixSocket>)> {
    let mut v = Vec::new();
    let p = replay(stream, &mut |m, off| unix_diag::decode_into(m, off, &mut v))?;
    Ok((p, v))
}

#[test]
fn tcp4_recording() {
    let (p, v) = tcp(&read("tcp4.bin")).unwrap();
    assert_eq!(p, Progress::Done);
    let port = 40000;
    let listen: Vec<_> = v.iter().filter(|s| s.state == TcpState::Listen).collect();
    assert_eq!(listen.len(), 1);
    assert_eq!(
        (listen[0].local_port, listen[0].family),
        (port, Family::Inet)
    );
    let client = v
        .iter()
        .find(|s| s.remote_port == port && s.state == TcpState::Established)
        .unwrap();
    assert_eq!(client.timer.kind, crate::model::TimerKind::Keepalive);
    let server = v
        .iter()
        .find(|s| s.remote_port == client.local_port)
        .unwrap();
    assert_eq!((server.local_port, server.recv_q), (port, 5));
    let tw = v.iter().find(|s| s.state == TcpState::TimeWait).unwrap();
    assert_eq!((tw.inode, tw.remote_port), (0, port));
    assert_eq!(v.len(), 4, "listener, TIME_WAIT, client, accepted");
}

#[test]
fn unix_recording() {
    let (p, v) = unix(&read("unix.bin")).unwrap();
    assert_eq!(p, Progress::Done);
    let srv = UnixPath::Path(b"/tmp/sockscope-rec/srv.sock".to_vec().into());
    let l = v.iter().position(|s| s.listening).unwrap();
    assert_eq!(v[l].path.as_ref(), Some(&srv));
    assert_eq!(v[l + 1].state, UnixState::Connecting);
    assert_eq!(v[l + 1].inode, 0);
    let abs = UnixPath::Abstract(b"sockscope\0rec".to_vec().into());
    assert!(v.iter().any(|s| s.path.as_ref() == Some(&abs)));
    let connected = v.iter().filter(|s| s.state == UnixState::Connected).count();
    assert_eq!(
        connected, 5,
        "accepted + its client, a socketpair, the pending client"
    );
    // Peers point at each other (the pending client's peer is the embryo: 0).
    for s in v
        .iter()
        .filter(|s| s.state == UnixState::Connected && s.peer != Some(0))
    {
        let peer = v.iter().find(|o| Some(o.inode) == s.peer).unwrap();
        assert_eq!(peer.peer, Some(s.inode));
    }
}

#[test]
fn raw_recording_is_enoent() {
    match tcp(&read("raw4-enoent.bin")) {
        Err(Error::DumpRejected { source, .. }) => {
            assert_eq!(source.raw_os_error(), Some(libc::ENOENT))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_prefix_of_the_recordings_decodes_or_fails_typed() {
    for name in ["tcp4.bin", "unix.bin"] {
        let s = read(name);
        for cut in 16..s.len() {
            let r = if name == "unix.bin" {
                unix(&s[..cut]).map(|x| x.0)
            } else {
                tcp(&s[..cut]).map(|x| x.0)
            };
            match r {
                Ok(Progress::More) => {}
                Err(Error::Decode { offset, .. }) => assert!(offset <= cut),
                other => panic!("{name} prefix {cut}: {other:?}"),
            }
        }
    }
}

#[test]
fn mutated_recordings_never_panic() {
    for name in ["tcp4.bin", "unix.bin"] {
        let orig = read(name);
        for i in 0..orig.len() {
            for val in [0x00, 0xff, orig[i] ^ 0x80, orig[i].wrapping_add(4)] {
                let mut s = orig.clone();
                s[i] = val;
                // Any Ok or Err is fine; only a panic fails.
                let _ = if name == "unix.bin" {
                    unix(&s).map(|x| x.0)
                } else {
                    tcp(&s).map(|x| x.0)
                };
            }
        }
    }
}

/// Record the files. Run in a fresh network namespace as root:
/// `unshare -n sh -c 'ip link set lo up; <test binary> --ignored record_'`
/// with SOCKSCOPE_RECORD=1 (see tests/data/netlink/README.md).
#[test]
#[ignore = "writes tests/data/netlink; run by hand in a private netns"]
fn record_recordings() {
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::os::linux::net::SocketAddrExt;
    use std::os::unix::net::{SocketAddr, UnixDatagram, UnixListener, UnixStream};
    if std::env::var_os("SOCKSCOPE_RECORD").is_none() {
        return;
    }
    let l = TcpListener::bind("127.0.0.1:40000").unwrap();
    let tw = TcpStream::connect("127.0.0.1:40000").unwrap();
    let (mut a, _) = l.accept().unwrap();
    drop(tw);
    a.read_to_end(&mut Vec::new()).unwrap();
    drop(a);
    let mut c = TcpStream::connect("127.0.0.1:40000").unwrap();
    let (_srv, _) = l.accept().unwrap();
    super::live_tests::set_int(&c, libc::SOL_SOCKET, libc::SO_KEEPALIVE, 1);
    c.write_all(b"hello").unwrap();

    let dir = PathBuf::from("/tmp/sockscope-rec");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let ul = UnixListener::bind(dir.join("srv.sock")).unwrap();
    let uc = UnixStream::connect(dir.join("srv.sock")).unwrap();
    let (ua, _) = ul.accept().unwrap();
    let _pending = UnixStream::connect(dir.join("srv.sock")).unwrap();
    let abs = SocketAddr::from_abstract_name(b"sockscope\0rec").unwrap();
    let _abs = UnixDatagram::bind_addr(&abs).unwrap();
    let _pair = UnixStream::pair().unwrap();
    let _unbound = UnixDatagram::unbound().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(100));

    let tcp4 = inet_diag::request(InetProto::Tcp, Family::Inet, inet_diag::PROC_STATES, false);
    let raw4 = inet_diag::request(InetProto::Raw, Family::Inet, inet_diag::PROC_STATES, false);
    for (name, body) in [
        ("tcp4.bin", &tcp4[..]),
        ("raw4-enoent.bin", &raw4[..]),
        ("unix.bin", &unix_diag::request()[..]),
    ] {
        std::fs::write(data_dir().join(name), record(body)).unwrap();
    }
    drop((uc, ua, ul));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every datagram of one dump, back to back.
pub(super) fn record(body: &[u8]) -> Vec<u8> {
    let sock = NlSocket::open(libc::NETLINK_SOCK_DIAG).unwrap();
    let seq = 0x5eed;
    sock.send(&nlmsg::dump_request(SOCK_DIAG_BY_FAMILY, seq, body, &[]))
        .unwrap();
    let expect = Expect {
        seq,
        port_id: sock.port_id,
        reply: SOCK_DIAG_BY_FAMILY,
    };
    let (mut buf, mut all) = (vec![0u8; RECV_BUF], Vec::new());
    loop {
        let n = sock.recv(&mut buf).unwrap();
        all.extend_from_slice(&buf[..n]);
        match nlmsg::walk_datagram(&buf[..n], 0, expect, "record", &mut |_, _| Ok(())) {
            Ok(Progress::More) => {}
            _ => return all,
        }
    }
}
