//! Replay of recorded packet_diag, netlink_diag and MPTCP inet_diag reply
//! streams (tests/data/netlink/{packet,netlink,mptcp4-details}.bin): real
//! kernel bytes decode to the expected model, and every truncated prefix
//! and every single-byte mutation decodes or fails with a typed error.
//! Also holds the recorder (an ignored test); see the README there.

#![allow(clippy::unwrap_used)]

use super::nlmsg::Progress;
use super::replay_tests::{data_dir, read, record, replay};
use super::{inet_details, inet_diag, netlink_diag, packet_diag};
use crate::model::{Family, InetProto, InetSocket, NetlinkSocket, PacketSocket, PacketType};
use crate::{Error, Result};

fn packets(stream: &[u8]) -> Result<(Progress, Vec<PacketSocket>)> {
    let mut v = Vec::new();
    let p = replay(stream, &mut |m, off| {
        v.push(packet_diag::decode(m, off)?);
        Ok(())
    })?;
    Ok((p, v))
}

fn netlinks(stream: &[u8]) -> Result<(Progress, Vec<NetlinkSocket>)> {
    let mut v = Vec::new();
    let p = replay(stream, &mut |m, off| {
        v.push(netlink_diag::decode(m, off)?);
        Ok(())
    })?;
    Ok((p, v))
}

fn mptcp(stream: &[u8]) -> Result<(Progress, Vec<InetSocket>)> {
    let mut v = Vec::new();
    let p = replay(stream, &mut |m, off| {
        v.push(inet_diag::decode_with(m, InetProto::Mptcp, off, true)?);
        Ok(())
    })?;
    Ok((p, v))
}

#[test]
fn packet_recording() {
    let (p, v) = packets(&read("packet.bin")).unwrap();
    assert_eq!(p, Progress::Done);
    assert_eq!(v.len(), 3);
    // ETH_P_ALL on lo, in fanout group 7 (hash), with a TPACKET_V3 rx ring.
    let ring = &v.iter().find(|s| s.protocol == 3).unwrap();
    assert_eq!(
        (ring.kind, ring.ifindex, ring.running),
        (PacketType::Raw, 1, true)
    );
    let d = ring.details.as_ref().unwrap();
    assert_eq!(d.version, 2);
    let r = d.rx_ring.unwrap();
    assert_eq!(
        (
            r.block_size,
            r.block_nr,
            r.frame_size,
            r.frame_nr,
            r.retire_tmo
        ),
        (4096, 2, 2048, 4, 60)
    );
    assert!(d.tx_ring.is_none());
    let f = d.fanout.unwrap();
    assert_eq!((f.id, f.mode), (7, 0));
    // IPv4 cooked on every interface; a raw socket receiving nothing.
    let ip = v.iter().find(|s| s.protocol == 0x0800).unwrap();
    assert_eq!(
        (ip.kind, ip.ifindex, ip.running),
        (PacketType::Dgram, 0, true)
    );
    let none = v.iter().find(|s| s.protocol == 0).unwrap();
    assert!(!none.running);
    assert!(v
        .iter()
        .all(|s| s.cookie != 0 && s.inode != 0 && s.uid == 0));
}

#[test]
fn netlink_recording() {
    let (p, v) = netlinks(&read("netlink.bin")).unwrap();
    assert_eq!(p, Progress::Done);
    // A route socket in groups 1 and 3 (listed twice by this kernel: once
    // from the port hash, once from the multicast list; the dump keeps one).
    let route: Vec<_> = v
        .iter()
        .filter(|s| s.protocol == 0 && s.portid != 0)
        .collect();
    assert_eq!(route.len(), 2);
    assert_eq!(route[0], route[1]);
    assert_eq!(
        (route[0].groups.clone(), route[0].state),
        (vec![1, 3], Some(7))
    );
    // A generic netlink socket connected to the kernel.
    let genl = v
        .iter()
        .find(|s| s.protocol == 16 && s.portid != 0)
        .unwrap();
    assert_eq!(
        (genl.state, genl.dst_portid, genl.dst_group),
        (Some(1), 0, 0)
    );
    // The kernel's own sockets: port id 0, no groups.
    assert!(v.iter().filter(|s| s.portid == 0).count() >= 5);
}

#[test]
fn mptcp_recording() {
    let (p, v) = mptcp(&read("mptcp4-details.bin")).unwrap();
    assert_eq!(p, Progress::Done);
    assert_eq!(v.len(), 3);
    let listener = v.iter().find(|s| s.state.code() == 10).unwrap();
    assert_eq!(
        (listener.proto, listener.family, listener.local_port),
        (InetProto::Mptcp, Family::Inet, 40200)
    );
    let est: Vec<_> = v.iter().filter(|s| s.state.code() == 1).collect();
    assert_eq!(est.len(), 2);
    for s in est {
        let info = s.details.as_ref().unwrap().mptcp.unwrap();
        assert_eq!(info.len, 96);
        assert!(info.token != 0 && info.subflows_total == 1 && !info.fallback());
    }
    let server = v
        .iter()
        .find(|s| s.state.code() == 1 && s.local_port == 40200)
        .unwrap();
    assert_eq!(
        server
            .details
            .as_ref()
            .unwrap()
            .mptcp
            .unwrap()
            .bytes_received,
        5
    );
}

#[test]
fn every_prefix_and_mutation_of_the_recordings_fails_typed() {
    for name in ["packet.bin", "netlink.bin", "mptcp4-details.bin"] {
        let stream = read(name);
        let run = |b: &[u8]| match name {
            "packet.bin" => packets(b).map(|_| ()),
            "netlink.bin" => netlinks(b).map(|_| ()),
            _ => mptcp(b).map(|_| ()),
        };
        for cut in 16..stream.len() {
            match run(&stream[..cut]) {
                Ok(()) | Err(Error::Decode { .. } | Error::DumpRejected { .. }) => {}
                Err(e) => panic!("{name} prefix {cut}: {e}"),
            }
        }
        let mut buf = stream.clone();
        for i in 16..buf.len() {
            let keep = buf[i];
            for b in [0, 0xff, keep ^ 0x80] {
                buf[i] = b;
                match run(&buf) {
                    Ok(()) | Err(Error::Decode { .. } | Error::DumpRejected { .. }) => {}
                    Err(e) => panic!("{name} byte {i} = {b}: {e}"),
                }
            }
            buf[i] = keep;
        }
    }
}

/// Record the files. Run in a fresh network namespace as root:
/// `unshare -n sh -c 'ip link set lo up; <test binary> --ignored record_kinds'`
/// with SOCKSCOPE_RECORD=1 (see tests/data/netlink/README.md).
#[test]
#[ignore = "writes tests/data/netlink; run by hand in a private netns"]
fn record_kinds() {
    use super::kinds_live_tests::{bind, packet_on_lo, route_socket, socket};
    use std::io::Write;
    use std::os::fd::{AsRawFd, OwnedFd};
    if std::env::var_os("SOCKSCOPE_RECORD").is_none() {
        return;
    }
    let set = |fd: &OwnedFd, level: i32, name: i32, val: &[u8]| {
        // SAFETY: `val` is readable for its length; fd is open.
        let rc = unsafe {
            libc::setsockopt(
                fd.as_raw_fd(),
                level,
                name,
                val.as_ptr().cast(),
                val.len() as libc::socklen_t,
            )
        };
        assert_eq!(rc, 0, "{}", std::io::Error::last_os_error());
    };
    let all = packet_on_lo(libc::SOCK_RAW, 3);
    set(
        &all,
        libc::SOL_PACKET,
        libc::PACKET_VERSION,
        &2i32.to_ne_bytes(),
    );
    let req: Vec<u8> = [4096u32, 2, 2048, 4, 60, 0, 0]
        .iter()
        .flat_map(|w| w.to_ne_bytes())
        .collect();
    set(&all, libc::SOL_PACKET, libc::PACKET_RX_RING, &req);
    set(
        &all,
        libc::SOL_PACKET,
        libc::PACKET_FANOUT,
        &7i32.to_ne_bytes(),
    );
    let _ip = socket(
        libc::AF_PACKET,
        libc::SOCK_DGRAM,
        i32::from(0x0800u16.to_be()),
    )
    .unwrap();
    let _none = socket(libc::AF_PACKET, libc::SOCK_RAW, 0).unwrap();

    let (_route, _) = route_socket(1 | 4);
    let genl = socket(libc::AF_NETLINK, libc::SOCK_DGRAM, libc::NETLINK_GENERIC).unwrap();
    // SAFETY: sockaddr_nl is plain integers; all-zero (the kernel) is valid.
    let mut nl: libc::sockaddr_nl = unsafe { std::mem::zeroed() };
    nl.nl_family = libc::AF_NETLINK as u16;
    bind(&genl, &nl);
    // SAFETY: `nl` is a live sockaddr_nl of the given size.
    let rc = unsafe {
        libc::connect(
            genl.as_raw_fd(),
            (&raw const nl).cast(),
            size_of::<libc::sockaddr_nl>() as libc::socklen_t,
        )
    };
    assert_eq!(rc, 0);

    let l = socket(libc::AF_INET, libc::SOCK_STREAM, 262).unwrap();
    // SAFETY: sockaddr_in is plain integers; all-zero is valid.
    let mut sin: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    sin.sin_family = libc::AF_INET as u16;
    sin.sin_addr.s_addr = u32::from_ne_bytes([127, 0, 0, 1]);
    sin.sin_port = 40200u16.to_be();
    bind(&l, &sin);
    // SAFETY: listen(2) on an open, bound socket.
    assert_eq!(unsafe { libc::listen(l.as_raw_fd(), 8) }, 0);
    let l = std::net::TcpListener::from(l);
    let c = socket(libc::AF_INET, libc::SOCK_STREAM, 262).unwrap();
    // SAFETY: `sin` is a live sockaddr_in of the given size.
    let rc = unsafe {
        libc::connect(
            c.as_raw_fd(),
            (&raw const sin).cast(),
            size_of::<libc::sockaddr_in>() as libc::socklen_t,
        )
    };
    assert_eq!(rc, 0);
    let mut c = std::net::TcpStream::from(c);
    let (_a, _) = l.accept().unwrap();
    c.write_all(b"hello").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(100));

    let ext = inet_details::extensions(InetProto::Mptcp, false, true);
    let mptcp4 = inet_diag::request_body(
        InetProto::Mptcp,
        Family::Inet,
        inet_diag::PROC_STATES,
        ext,
        &[],
    );
    for (name, body) in [
        ("packet.bin", &packet_diag::request()[..]),
        ("netlink.bin", &netlink_diag::request()[..]),
        ("mptcp4-details.bin", &mptcp4[..]),
    ] {
        std::fs::write(data_dir().join(name), record(body)).unwrap();
    }
}
