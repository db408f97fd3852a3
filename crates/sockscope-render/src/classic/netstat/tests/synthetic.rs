//! The sockets, processes and name tables of testdata/gen_synthetic.py,
//! rebuilt by hand. Each row's comment says what it exercises.

use std::net::IpAddr;

use sockscope::model::{ProcessMap, ProcessRef, Snapshot, SockKey};

use super::build::*;

const NETNS: u64 = 1;
const ACC: u32 = 1 << 16;

pub fn snapshot() -> Snapshot {
    let inet = vec![
        tcp("0.0.0.0:8080", "0.0.0.0:0", 0x0A).ino(1001),
        // Accept backlog in Recv-Q; uid with a name.
        tcp("127.0.0.1:22", "0.0.0.0:0", 0x0A)
            .q(3, 0)
            .uid(65534)
            .ino(1002),
        // Queues wider than the 6-column fields; uid without a name.
        tcp("127.0.0.1:80", "127.0.0.1:54321", 0x01)
            .q(1234567, 7654321)
            .timer(1, 0x64, 2, 0)
            .uid(4242)
            .ino(1003),
        // uid above 2^31 (printed as -2); long host name is truncated.
        tcp("127.0.0.2:443", "10.0.0.1:5353", 0x02)
            .q(0, 1)
            .timer(1, 0x1F4, 3, 0)
            .uid(4294967294)
            .ino(1004),
        tcp("127.0.0.1:8080", "127.0.0.1:40000", 0x06).timer(3, 0x1770, 0, 0),
        tcp("127.0.0.1:22", "127.0.0.1:40001", 0x03)
            .timer(1, 0x5, 1, 0)
            .uid(65534),
        tcp("127.0.0.1:1", "127.0.0.1:2", 0x04)
            .q(0, 10)
            .timer(4, 0x123, 0, 2)
            .ino(1005),
        tcp("127.0.0.1:3", "127.0.0.1:4", 0x05)
            .timer(2, 0xAF0DC, 0, 9)
            .ino(1006),
        tcp("127.0.0.1:5", "127.0.0.1:6", 0x07)
            .timer(5, 0x10, 7, 0)
            .ino(1007),
        tcp("127.0.0.1:7", "127.0.0.1:8", 0x08)
            .timer(0xFF, 0x1, 0x1A, 0)
            .ino(1008),
        tcp("127.0.0.1:9", "127.0.0.1:10", 0x09).ino(1009),
        tcp("127.0.0.1:11", "127.0.0.1:12", 0x0B).ino(1010),
        // A "server" by netstat's rule (remote port 0) though not LISTEN.
        tcp("0.0.0.0:9000", "0.0.0.0:0", 0x07).ino(1011),
        // First octet 0: looked up in /etc/networks.
        tcp("0.1.2.0:12", "0.0.0.0:0", 0x0A).ino(1012),
        // Last octet 0 but first non-zero: a host lookup (no name).
        tcp("169.254.0.0:7000", "0.0.0.0:0", 0x0A).ino(1013),
        tcp("10.20.30.40:65535", "192.168.100.200:65534", 0x01).ino(1014),
        // Inode wider than its column.
        tcp("127.0.0.3:8080", "0.0.0.0:0", 0x0A)
            .uid(33)
            .ino(123456789012),
        tcp("[::]:8081", "[::]:0", 0x0A).ino(2001),
        tcp("[::1]:443", "[::]:0", 0x0A).ino(2002),
        tcp(
            "[2001:db8:aaaa:bbbb:cccc:dddd:eeee:1]:44321",
            "[::]:0",
            0x0A,
        )
        .ino(2003),
        tcp("[::ffff:127.0.0.1]:50634", "[::ffff:127.0.0.1]:8080", 0x01).ino(2004),
        tcp("[::1.2.3.4]:1", "[::1:2]:2", 0x01).ino(2005),
        tcp("[fe80::1234]:22", "[2001:db8:1:2:3:4:5:6]:65535", 0x01).ino(2006),
        tcp(
            "[2001:db8:0:1:2:3:4:5]:80",
            "[2001:0:0:1:0:0:1:1]:443",
            0x01,
        )
        .ino(2007),
        tcp("[::ffff:0.0.0.0]:5000", "[::]:0", 0x0A).ino(2008),
        tcp("[::1]:8081", "[::1]:33988", 0x06).timer(3, 0x1000, 0, 0),
        tcp("[2001:db8::2]:80", "[2001:db8::3]:1234", 0x01).ino(2009),
        udp("0.0.0.0:5353", "0.0.0.0:0", 0x07).ino(3001),
        udp("127.0.0.1:53", "0.0.0.0:0", 0x07).q(832, 0).ino(3002),
        udp("127.0.0.1:49322", "127.0.0.1:53", 0x01).ino(3003),
        // UDP states other than 1 and 7; timers (retransmits forced to 0).
        udp("127.0.0.1:1000", "0.0.0.0:0", 0x02)
            .timer(1, 0x64, 5, 0)
            .ino(3004),
        udp("127.0.0.1:1001", "127.0.0.1:2000", 0x01)
            .timer(2, 0x65, 0, 1)
            .ino(3005),
        udp("127.0.0.1:1002", "127.0.0.1:2001", 0x01)
            .timer(3, 0x66, 0, 0)
            .ino(3006),
        udp("[::]:5301", "[::]:0", 0x07).ino(4001),
        udp(
            "[2001:db8:aaaa:bbbb:cccc:dddd:eeee:1]:40968",
            "[2001:db8:aaaa:bbbb:cccc:dddd:eeee:1]:5301",
            0x01,
        )
        .ino(4002),
        udp("[::ffff:127.0.0.1]:7", "[::ffff:127.0.0.1]:9", 0x01).ino(4003),
        // UDP-Lite asks the "udp" services; a service name over 63 bytes.
        udpl("127.0.0.1:9999", "0.0.0.0:0", 0x07).ino(5001),
        udpl("[::1]:9998", "[::]:0", 0x07).ino(5002),
        raw("0.0.0.0:1", "0.0.0.0:0", 0x07).ino(6001),
        raw("127.0.0.1:253", "127.0.0.1:0", 0x01)
            .timer(1, 0x64, 3, 0)
            .ino(6002),
        raw("0.0.0.0:255", "0.0.0.0:0", 0x07)
            .timer(5, 0x1, 0, 0)
            .ino(6003),
        raw("[::]:58", "[::]:0", 0x07).ino(7001),
    ];
    let unix_rows = vec![
        unix(2, ACC, 1, 1, 8001, Some(b"/tmp/u/stream.sock")),
        unix(3, 0, 1, 3, 8002, Some(b"/tmp/u/stream.sock")),
        unix(3, 0, 1, 3, 8003, None),
        // An embryo in a listener's queue: inode 0, the listener's path.
        unix(3, 0, 1, 2, 0, Some(b"/tmp/u/with space.sock")),
        unix(2, 0, 2, 1, 8004, None),
        unix(2, ACC, 5, 1, 8005, Some(b"/tmp/u/seq.sock")),
        unix(2, ACC, 1, 1, 8006, Some(b"@cls-abstract")),
        unix(2, 0, 2, 1, 8007, Some(b"@foo\0bar")),
        unix(2, 0, 2, 1, 8008, Some(b"/tmp/u/a\tb")),
        unix(2, 1 << 17, 1, 3, 8009, None),
        unix(2, 1 << 18, 1, 3, 8010, None),
        unix(2, 0x70000, 1, 1, 8011, Some(b"/tmp/u/all.sock")),
        unix(1, 0, 1, 0, 8012, None),
        unix(1, 0, 1, 4, 8013, None),
        unix(1, 0, 1, 5, 8014, None),
        unix(1, 0, 3, 1, 8015, None),
        unix(1, 0, 4, 1, 8016, None),
        unix(1, 0, 6, 1, 8017, None),
        // Accepting but connected: not a "server" for -l.
        unix(0x123456, ACC, 1, 3, 8018, Some(b"/tmp/u/acc-connected")),
        unix(
            2,
            ACC,
            1,
            1,
            8019,
            Some("/tmp/u/evil\x1b[1m\u{202e}.sock".as_bytes()),
        ),
        unix(2, 0, 2, 1, 123456789012, Some(b"/tmp/u/bigino")),
    ];
    Snapshot {
        inet,
        unix: unix_rows,
        packet: Vec::new(),
        netlink: Vec::new(),
        processes: Some(processes()),
        warnings: Vec::new(),
    }
}

/// Holders in netstat's scan order (inode 1001: pid 200 came first).
fn processes() -> ProcessMap {
    let long = "averyveryverylongprogramname";
    let table: &[(u32, &[u8], &[u64])] = &[
        (200, b"python3", &[1001, 1003, 2001, 3001, 8002]),
        (100, b"sshd", &[1002, 1001, 8001]),
        (300, b"./bin/server", &[2002, 3002, 8003]),
        (400, b"", &[2003, 4001]),
        (500, long.as_bytes(), &[1004, 6001, 8005]),
        (123456, long.as_bytes(), &[1005, 7001, 8006]),
        (600, "evil\x1b[1m\u{202e}name".as_bytes(), &[1006, 8019]),
        (700, b"", &[1007]),
        (800, b"", &[1008]),
        (900, "caf\u{e9}".as_bytes(), &[1009]),
        (901, b"bad\xff\xfename", &[1010]),
        (902, b"tab\there", &[1011]),
    ];
    let mut map = ProcessMap::new(NETNS);
    for &(pid, name, inodes) in table {
        for (fd, &inode) in inodes.iter().enumerate() {
            let proc = ProcessRef {
                pid,
                name: name.into(),
                fd: fd as u32 + 3,
            };
            map.insert(
                SockKey {
                    netns: NETNS,
                    inode,
                },
                proc,
            );
        }
    }
    map
}

/// The synthetic /etc/{services,protocols,hosts,networks,passwd}, as the
/// answers the system resolver gives for them (last service entry wins,
/// protocols override "raw" services).
pub fn resolver() -> MapResolver {
    let mut r = MapResolver::default();
    for (port, proto, name) in [
        (22, "tcp", "ssh"),
        (80, "tcp", "http"),
        (443, "tcp", "https"),
        (8080, "tcp", "webcache"),
        (53, "tcp", "domain"),
        (53, "udp", "domain"),
        (5353, "udp", "mdns"),
        (5353, "tcp", "mdns-tcp-first"),
        (8081, "tcp", "tproxy"),
        (44321, "tcp", "a-service-name-that-is-very-long"),
        (253, "raw", "raw-svc"),
        (1, "raw", "icmp"),
        (
            9999,
            "udp",
            "sixtyfour-chars-service-name-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-yyyyyyy",
        ),
        (0, "raw", "ip"),
        (58, "raw", "ipv6-icmp"),
        (255, "raw", "reserved"),
    ] {
        r.services.insert((port, proto), name);
    }
    for (addr, name) in [
        ("127.0.0.1", "localhost"),
        ("127.0.0.2", "a-rather-long-hostname.example.org"),
        ("10.0.0.1", "ten"),
        ("::1", "ip6-localhost"),
        ("2001:db8:aaaa:bbbb:cccc:dddd:eeee:1", "longv6"),
        ("10.20.30.40", "x"),
        (
            "192.168.100.200",
            "the-remote-peer-has-a-very-long-name-indeed-and-then-some-more-text.example.com",
        ),
    ] {
        let ip: IpAddr = addr.parse().unwrap_or_else(|_| panic!("{addr}"));
        r.hosts.insert(ip, name.to_owned());
    }
    r.networks.insert([0, 1, 2, 0].into(), "zeronet");
    // Never asked: 169.254.0.0 is a "host" to netstat.
    r.networks.insert([169, 254, 0, 0].into(), "link-local");
    for (uid, name) in [
        (0, "root"),
        (65534, "nobody"),
        (33, "www-data"),
        (4294967294, "averylongusername"),
    ] {
        r.users.insert(uid, name);
    }
    r
}
