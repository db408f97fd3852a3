//! The fuzz targets' entry points in plain `cargo test`, so they never rot:
//! every decoder gets every truncated prefix of its recorded fixtures
//! (tests/data) and of a few inline samples, then pseudo-random mutations
//! of them (fixed seed, so a failure reproduces), and must not panic.
//! Inputs the fuzzers found crashing live as regression tests beside the
//! decoder they broke, not here.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use super::*;

fn data(rel: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

const NETLINK: &[&str] = &[
    "netlink/tcp4.bin",
    "netlink/tcp4-details.bin",
    "netlink/mptcp4-details.bin",
    "netlink/unix.bin",
    "netlink/packet.bin",
    "netlink/netlink.bin",
    "netlink/raw4-enoent.bin",
];

const SCTP_EPS: &[u8] = b" ENDPT     SOCK   STY SST HBKT LPORT   UID INODE LADDRS
ffff8881 ffff8882 2   10  29   5000      0 12345 127.0.0.1 10.0.0.1 
ffff8883 ffff8884 1   10  30   5001   1000 12346 0000:0000:0000:0000:0000:0000:0000:0001 
";

const SCTP_ASSOCS: &[u8] = b" ASSOC     SOCK   STY SST ST HBKT ASSOC-ID TX_QUEUE RX_QUEUE UID INODE LPORT RPORT LADDRS <-> RADDRS HBINT INS OUTS MAXRT T1X T2X RTXC wmema wmemq sndbuf rcvbuf
ffff8885 ffff8886 2   1   3  0       1      100      200     0 12347 5000  40000  10.0.0.1 *127.0.0.1 <-> *127.0.0.1 10.0.0.1 \t   30000    10    10   10    0    0        0        1        0   212992   212992
";

const SNMP: &[u8] = b"Ip: Forwarding DefaultTTL InReceives InHdrErrors
Ip: 2 64 3743 0
Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens
Tcp: 1 200 120000 -1 12
Udp: InDatagrams NoPorts
Udp: 7 0
";

const NETSTAT: &[u8] = b"TcpExt: SyncookiesSent SyncookiesRecv TW DelayedACKs
TcpExt: 0 0 4 9
IpExt: InNoRoutes InOctets
IpExt: 0 123456789012
";

const SNMP6: &[u8] =
    b"Ip6InReceives                   \t121\nIp6InHdrErrors 0\nIcmp6InMsgs\t3\nUdp6InDatagrams 5\n";

const SCTP_SNMP: &[u8] = b"SctpCurrEstab                   \t0\nSctpActiveEstabs 7\n";

/// An `NLMSG_ERROR` acknowledgement carrying `code`, echoing the header
/// of a SOCK_DESTROY request (sequence 1, port 4242).
fn ack(code: i32) -> Vec<u8> {
    let header = |len: u32, kind: u16| {
        let mut h = len.to_ne_bytes().to_vec();
        h.extend_from_slice(&kind.to_ne_bytes());
        h.extend_from_slice(&0u16.to_ne_bytes());
        h.extend_from_slice(&1u32.to_ne_bytes());
        h.extend_from_slice(&4242u32.to_ne_bytes());
        h
    };
    let mut v = header(36, 2);
    v.extend_from_slice(&code.to_ne_bytes());
    v.extend(header(88, 21));
    v
}

/// The payloads a message-level decoder sees inside the recorded streams:
/// each message's attribute list (past the 72-byte `inet_diag_msg`) and
/// each attribute's payload (`tcp_info`, `mptcp_info`, ...).
fn inner_payloads() -> Vec<Vec<u8>> {
    let mut v = Vec::new();
    for name in ["netlink/tcp4-details.bin", "netlink/mptcp4-details.bin"] {
        let stream = data(name);
        walk(&stream, SOCK_DIAG_BY_FAMILY, &mut |m, _| {
            if let Some(attrs) = m.get(72..) {
                v.push(attrs.to_vec());
                v.extend(Attrs::new(attrs, 0).flatten().map(|a| a.payload.to_vec()));
            }
            Ok(())
        });
    }
    v
}

/// The seed inputs of decoder `name`.
fn seeds(name: &str) -> Vec<Vec<u8>> {
    let files = |names: &[&str]| names.iter().map(|n| data(n)).collect::<Vec<_>>();
    let inline = |samples: &[&[u8]]| samples.iter().map(|s| s.to_vec()).collect::<Vec<_>>();
    match name {
        "nlmsg" | "nl_attrs" | "inet_diag" | "unix_diag" | "packet_diag" | "netlink_diag" => {
            files(NETLINK)
        }
        "destroy_ack" => vec![ack(0), ack(-libc::ENOENT)],
        "inet_details" | "tcp_info" | "mptcp_info" => inner_payloads(),
        "rtnl_route" => files(&["rtnl/route4.bin", "rtnl/route6.bin"]),
        "ctnetlink" => files(&["ctnetlink/nat-dump.bin", "ctnetlink/eperm.bin"]),
        "proc_inet" => files(&[
            "proc/tcp",
            "proc/tcp6",
            "proc/udp",
            "proc/udp6",
            "proc/udplite",
            "proc/udplite6",
            "proc/raw",
            "proc/raw6",
            "proc/icmp",
            "proc/icmp6",
        ]),
        "proc_unix" => files(&["proc/unix", "proc/unix_newlines"]),
        "proc_packet" => files(&["proc/packet"]),
        "proc_netlink" => files(&["proc/netlink"]),
        "proc_sctp_eps" => inline(&[SCTP_EPS]),
        "proc_sctp_assocs" => inline(&[SCTP_ASSOCS]),
        "proc_net_dev" => files(&["proc/net_dev"]),
        "proc_route" => files(&["rtnl/proc_net_route"]),
        "proc_ipv6_route" => files(&["rtnl/proc_net_ipv6_route"]),
        "proc_if_inet6" => files(&["proc/if_inet6"]),
        "proc_igmp" => files(&["proc/igmp"]),
        "proc_igmp6" => files(&["proc/igmp6"]),
        "proc_snmp" => inline(&[SNMP]),
        "proc_netstat" => inline(&[NETSTAT]),
        "proc_snmp6" => inline(&[SNMP6]),
        "proc_sctp_snmp" => inline(&[SCTP_SNMP]),
        "proc_nf_conntrack" => files(&["proc/nf_conntrack"]),
        "proc_cmdline" => inline(&[b"/usr/sbin/sshd\0-D\0", b"nginx: worker process"]),
        "fd_link" => inline(&[b"socket:[12345]", b"[0000]:678", b"4242"]),
        "mountinfo" => inline(&[
            b"41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n",
            b"1 2 0:3 / /a\\040b rw - cgroup2 none rw\n",
        ]),
        "port_range" => inline(&[b"32768\t60999\n"]),
        "cgroup_identity" => inline(&[
            b"0::/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope\n",
            b"12:memory:/kubepods/besteffort/pod1b2c3d4e-0000-1111-2222-333344445555/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n0::/\n",
            b"0::/user.slice/user-1000.slice/session-3.scope\n",
        ]),
        "nsfs_mounts" => inline(&[
            b"611 29 0:4 net:[4026532281] /run/netns/blue rw shared:5 - nsfs nsfs rw\n",
            b"612 29 0:4 net:[4026532282] /tmp/odd\\040place rw - nsfs nsfs rw\n",
        ]),
        other => panic!("no seeds for decoder {other}"),
    }
}

/// xorshift64*: a fixed sequence, so a failing mutation reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap()
    }
}

/// One to four edits of `input`: a byte set to a random or boundary value,
/// a 16- or 32-bit length-like field rewritten, a byte inserted or removed,
/// the tail cut, or a digit or separator written (for the text parsers).
fn mutate(input: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(v.len());
        match rng.below(7) {
            0 if !v.is_empty() => v[at] = rng.next() as u8,
            1 if !v.is_empty() => v[at] = [0, 1, 0x7f, 0x80, 0xff][rng.below(5)],
            2 if at + 4 <= v.len() => {
                let w = [0u32, 3, 4, 15, 16, 0xffff, u32::MAX][rng.below(7)];
                v[at..at + 4].copy_from_slice(&w.to_ne_bytes());
            }
            3 if at + 2 <= v.len() => {
                let w = [0u16, 3, 4, 5, 0x8000, u16::MAX][rng.below(6)];
                v[at..at + 2].copy_from_slice(&w.to_ne_bytes());
            }
            4 => v.insert(at, rng.next() as u8),
            5 if !v.is_empty() => {
                v.remove(at);
            }
            _ if !v.is_empty() => v[at] = b" \t\n:0f9-*x\\"[rng.below(11)],
            _ => v.push(rng.next() as u8),
        }
    }
    v
}

/// Mutations per decoder.
const MUTATIONS: usize = 150;

#[test]
fn every_decoder_survives_prefixes_and_mutations() {
    let mut rng = Rng(0x5EED_50C5_C09E_0001);
    for (name, decode) in DECODERS {
        let seeds = seeds(name);
        assert!(!seeds.is_empty(), "{name}: no seeds");
        // Every seed decodes to something: the entry point reaches the decoder.
        assert!(
            seeds.iter().map(|s| decode(s)).sum::<usize>() > 0,
            "{name}: no seed decodes"
        );
        for s in &seeds {
            for cut in 0..s.len() {
                decode(&s[..cut]);
            }
        }
        for i in 0..MUTATIONS {
            let seed = &seeds[i % seeds.len()];
            decode(&mutate(seed, &mut rng));
        }
    }
}

#[test]
fn empty_and_tiny_inputs() {
    for (_, decode) in DECODERS {
        decode(&[]);
        for b in 0..=255u8 {
            decode(&[b]);
            decode(&[b; 17]);
        }
    }
}
