//! Renderer tests: tables built by hand, expected text copied from what
//! net-tools netstat 2.10 printed for the same interfaces in a namespace.

use super::long::{human, long_flags};
use super::*;
use sockscope::model::{DeviceMap, Ipv4Config, Ipv6Config, LinkFetchError, LinkStats};

fn config(flags: u32, hw_type: u16, hw_addr: &[u8], ipv4: Option<[&str; 4]>) -> LinkConfig {
    LinkConfig {
        flags,
        mtu: 1500,
        index: Some(3),
        hw_type,
        hw_addr: hw_addr.to_vec(),
        tx_queue_len: Some(1000),
        map: DeviceMap::default(),
        ipv4: ipv4.map(|[a, m, b, d]| Ipv4Config {
            address: a.parse().unwrap(),
            netmask: m.parse().unwrap(),
            broadcast: b.parse().unwrap(),
            destination: d.parse().unwrap(),
        }),
        ipv6: Vec::new(),
    }
}

fn link(name: &str, stats: Option<LinkStats>, config: LinkConfig) -> Link {
    Link {
        name: name.as_bytes().into(),
        stats,
        config: Ok(config),
    }
}

const MAC: [u8; 6] = [0xe6, 0xad, 0x87, 0x53, 0x47, 0x49];

/// The t1 namespace of the module notes: a tun device with a peer address,
/// an up veth with two alias labels, a down veth, a vanished device.
fn table() -> LinkTable {
    // UP POINTOPOINT NOARP MULTICAST
    let tun_addr = ["10.3.0.1", "255.255.255.255", "0.0.0.0", "10.3.0.2"];
    let mut tun = config(0x1091, 0xFFFE, &[], Some(tun_addr));
    tun.tx_queue_len = Some(500);
    let v0 = |ip: &str, mask: &str| config(0x1003, 1, &MAC, Some([ip, mask, "0.0.0.0", ip]));
    let mut lo = config(
        0x49,
        772,
        &[0; 6],
        Some(["127.0.0.1", "255.0.0.0", "0.0.0.0", "127.0.0.1"]),
    );
    lo.mtu = 65536;
    lo.ipv6.push(Ipv6Config {
        address: "::1".parse().unwrap(),
        prefix_len: 128,
        scope: 0x10,
        flags: 0x80,
    });
    let busy = LinkStats {
        rx_packets: 226176,
        rx_bytes: 12365621,
        tx_packets: 226176,
        tx_bytes: 237165,
        ..LinkStats::default()
    };
    LinkTable {
        links: vec![
            link("lo", Some(busy), lo),
            link(
                "v1",
                Some(LinkStats::default()),
                config(0x1002, 1, &MAC, None),
            ),
            link(
                "v0",
                Some(LinkStats::default()),
                v0("10.1.0.1", "255.255.255.0"),
            ),
            link("tun0", Some(LinkStats::default()), tun),
            Link {
                name: (*b"gone0").into(),
                stats: Some(LinkStats::default()),
                // ENODEV
                config: Err(LinkFetchError { errno: 19 }),
            },
            link("v0:1", None, v0("10.1.0.5", "255.255.255.0")),
        ],
        warnings: vec![],
    }
}

fn text(opts: IfaceOptions) -> String {
    let mut out = Vec::new();
    render(&table(), &opts, &mut out);
    String::from_utf8(out).unwrap()
}

#[test]
fn short_table_up_only_and_all() {
    let opts = IfaceOptions {
        title: true,
        ..IfaceOptions::default()
    };
    assert_eq!(
        text(opts),
        "Kernel Interface table\n\
Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n\
lo              65536   226176      0      0 0        226176      0      0      0 LRU\n\
tun0             1500        0      0      0 0             0      0      0      0 MOPU\n\
v0               1500        0      0      0 0             0      0      0      0 BMU\n\
v0:1             1500      - no statistics available -                        BMU\n"
    );
    let all = text(IfaceOptions {
        all: true,
        ..IfaceOptions::default()
    });
    assert!(all.starts_with("Iface "), "no title asked for");
    assert!(all.contains(
        "\nv1               1500        0      0      0 0             0      0      0      0 BM\n"
    ));
    assert!(!all.contains("gone0"));
}

#[test]
fn long_blocks() {
    let got = text(IfaceOptions {
        long: true,
        title: true,
        ..IfaceOptions::default()
    });
    let want = "Kernel Interface table
lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536
        inet 127.0.0.1  netmask 255.0.0.0
        inet6 ::1  prefixlen 128  scopeid 0x10<host>
        loop  txqueuelen 1000  (Local Loopback)
        RX packets 226176  bytes 12365621 (11.7 MiB)
        RX errors 0  dropped 0  overruns 0  frame 0
        TX packets 226176  bytes 237165 (231.6 KiB)
        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0

tun0: flags=4241<UP,POINTOPOINT,NOARP,MULTICAST>  mtu 1500
        inet 10.3.0.1  netmask 255.255.255.255  destination 10.3.0.2
        unspec 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00  txqueuelen 500  (UNSPEC)
        RX packets 0  bytes 0 (0.0 B)
        RX errors 0  dropped 0  overruns 0  frame 0
        TX packets 0  bytes 0 (0.0 B)
        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0

v0: flags=4099<UP,BROADCAST,MULTICAST>  mtu 1500
        inet 10.1.0.1  netmask 255.255.255.0  broadcast 0.0.0.0
        ether e6:ad:87:53:47:49  txqueuelen 1000  (Ethernet)
        RX packets 0  bytes 0 (0.0 B)
        RX errors 0  dropped 0  overruns 0  frame 0
        TX packets 0  bytes 0 (0.0 B)
        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0

v0:1: flags=4099<UP,BROADCAST,MULTICAST>  mtu 1500
        inet 10.1.0.5  netmask 255.255.255.0  broadcast 0.0.0.0
        ether e6:ad:87:53:47:49  txqueuelen 1000  (Ethernet)

";
    assert_eq!(got, want);
}

#[test]
fn vanished_interfaces_go_to_stderr() {
    let mut err = Vec::new();
    fetch_errors(&table(), true, &mut err);
    assert_eq!(
        String::from_utf8(err).unwrap(),
        "gone0: error fetching interface information: Device not found\n"
    );
}

#[test]
fn flag_texts() {
    assert_eq!(short_flags(0), "[NO FLAGS]");
    assert_eq!(short_flags(0x1043), "BMRU");
    assert_eq!(
        short_flags(0x8000 | 0x100 | 0x10 | 0x800 | 0x400 | 0x200 | 0x4 | 0x20 | 0x80),
        "ADdPNOPsm"
    );
    assert_eq!(long_flags(0), "flags=0<");
    assert_eq!(long_flags(0x2000), "flags=8192");
    assert_eq!(long_flags(0x8001), "flags=-32767<UP,DYNAMIC>");
}

#[test]
fn byte_units() {
    assert_eq!(human(0), "0.0 B");
    assert_eq!(human(1024), "1024.0 B");
    assert_eq!(human(1025), "1.0 KiB");
    assert_eq!(human(50129898), "47.8 MiB");
    assert_eq!(human(3 << 30), "3.0 GiB");
    assert_eq!(human(1 << 60), "1024.0 PiB");
    assert_eq!(human((1 << 60) + 1), "1.0 EiB");
    assert_eq!(human(u64::MAX), "16.0 EiB");
}

#[test]
fn hostile_names_are_escaped_in_every_form() {
    // Linux allows control bytes in interface names (not '/', ':' or
    // whitespace); up to 15 bytes.
    let up = |name: &[u8]| Link {
        name: name.into(),
        stats: Some(LinkStats::default()),
        config: Ok(config(0x1043, 1, &MAC, None)),
    };
    let table = LinkTable {
        links: vec![
            up(b"e\x1b[31m"),
            up("b\u{202e}x".as_bytes()),
            up(b"x\xc3\x1b[2J"),
            up("c\u{9b}1".as_bytes()),
            Link {
                name: (*b"g\x07").into(),
                stats: None,
                config: Err(LinkFetchError { errno: 19 }),
            },
        ],
        warnings: vec![],
    };
    for utf8 in [true, false] {
        for long in [false, true] {
            let mut out = Vec::new();
            let opts = IfaceOptions {
                long,
                utf8,
                ..IfaceOptions::default()
            };
            render(&table, &opts, &mut out);
            fetch_errors(&table, utf8, &mut out);
            let text = String::from_utf8(out).unwrap();
            assert!(
                !text
                    .chars()
                    .any(|c| c != '\n' && crate::escape::is_unsafe(c)),
                "{text:?}"
            );
            for name in ["e?[31m", "x??[2J", "g?: error"] {
                assert!(text.contains(name), "{name} in {text:?}");
            }
            let (bidi, c1) = if utf8 {
                ("b?x", "c?1")
            } else {
                ("b???x", "c??1")
            };
            assert!(text.contains(bidi) && text.contains(c1), "{text:?}");
        }
    }
}
