//! `netstat -ie`: the ifconfig-style block of lib/interface.c
//! `ife_print_long` (net-tools 2.10):
//!
//! ```text
//! eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1400
//!         inet 192.0.2.2  netmask 255.255.255.0  broadcast 192.0.2.255
//!         inet6 fe80::fc:ff:fe00:1  prefixlen 64  scopeid 0x20<link>
//!         ether 02:fc:00:00:00:01  txqueuelen 1000  (Ethernet)
//!         RX packets 3647  bytes 34568220 (32.9 MiB)
//!         RX errors 0  dropped 0  overruns 0  frame 0
//!         TX packets 3337  bytes 510730 (498.7 KiB)
//!         TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0
//!
//! ```
//!
//! Addresses are always numeric.

use std::io::Write as _;
use std::net::IpAddr;

use sockscope::model::{link_flags as f, Ipv6Config, Link, LinkConfig, LinkStats};
use sockscope::names::Numeric;

use super::hwtype::{self, AddrStyle};
use crate::classic::netstat::addr::{write_v4, Naming};

const INDENT: &[u8] = b"        ";

/// `if_port_text[port][0]` of lib/interface.c.
const PORT_TEXT: [&str; 7] = [
    "unknown",
    "10base2",
    "10baseT",
    "AUI",
    "100baseT",
    "100baseTX",
    "100baseFX",
];

/// Append the block for one interface (ends with an empty line).
pub(super) fn write_block(out: &mut Vec<u8>, link: &Link, config: &LinkConfig, name: &[u8]) {
    let flags = config.flags & 0xFFFF;
    out.extend_from_slice(name);
    let _ = writeln!(out, ": {}  mtu {}", long_flags(flags), config.mtu as i32);
    if let Some(v4) = &config.ipv4 {
        out.extend_from_slice(INDENT);
        out.extend_from_slice(b"inet ");
        write_v4(out, v4.address);
        out.extend_from_slice(b"  netmask ");
        write_v4(out, v4.netmask);
        if flags & f::BROADCAST != 0 {
            out.extend_from_slice(b"  broadcast ");
            write_v4(out, v4.broadcast);
        }
        if flags & f::POINTOPOINT != 0 {
            out.extend_from_slice(b"  destination ");
            write_v4(out, v4.destination);
        }
        out.push(b'\n');
    }
    for v6 in &config.ipv6 {
        inet6_line(out, v6);
    }
    hardware_line(out, config);
    if flags & f::PORTSEL != 0 {
        out.extend_from_slice(INDENT);
        out.extend_from_slice(b"media ");
        let port = PORT_TEXT
            .get(usize::from(config.map.port))
            .copied()
            .unwrap_or("(null)");
        out.extend_from_slice(port.as_bytes());
        if flags & f::AUTOMEDIA != 0 {
            out.extend_from_slice(b"autoselect");
        }
        out.push(b'\n');
    }
    if let Some(stats) = &link.stats {
        counters(out, stats, matches!(config.hw_type, 257 | 259));
    }
    let map = &config.map;
    if map.irq != 0 || map.mem_start != 0 || map.dma != 0 || map.base_addr >= 0x100 {
        out.extend_from_slice(b"        device ");
        if map.irq != 0 {
            let _ = write!(out, "interrupt {}  ", map.irq);
        }
        if map.base_addr >= 0x100 {
            let _ = write!(out, "base 0x{:x}  ", map.base_addr);
        }
        if map.mem_start != 0 {
            let _ = write!(out, "memory 0x{:x}-{:x}  ", map.mem_start, map.mem_end);
        }
        if map.dma != 0 {
            let _ = write!(out, "  dma 0x{:x}", map.dma);
        }
        out.push(b'\n');
    }
    out.push(b'\n');
}

/// `flags=4163<UP,BROADCAST,RUNNING,MULTICAST>`. The number is a C short
/// (IFF_DYNAMIC makes it negative); with no flag "flags=0<", and with only
/// flags that have no name the `<` is cut ("flags=8192").
pub(super) fn long_flags(flags: u32) -> String {
    const NAMES: [(u32, &str); 14] = [
        (f::UP, "UP"),
        (f::BROADCAST, "BROADCAST"),
        (f::DEBUG, "DEBUG"),
        (f::LOOPBACK, "LOOPBACK"),
        (f::POINTOPOINT, "POINTOPOINT"),
        (f::NOTRAILERS, "NOTRAILERS"),
        (f::RUNNING, "RUNNING"),
        (f::NOARP, "NOARP"),
        (f::PROMISC, "PROMISC"),
        (f::ALLMULTI, "ALLMULTI"),
        (f::SLAVE, "SLAVE"),
        (f::MASTER, "MASTER"),
        (f::MULTICAST, "MULTICAST"),
        (f::DYNAMIC, "DYNAMIC"),
    ];
    let names: Vec<&str> = NAMES
        .iter()
        .filter(|(bit, _)| flags & bit != 0)
        .map(|(_, n)| *n)
        .collect();
    let number = flags as u16 as i16;
    if names.is_empty() {
        return if flags == 0 {
            "flags=0<".to_string()
        } else {
            format!("flags={number}")
        };
    }
    format!("flags={number}<{}>", names.join(","))
}

/// `        inet6 ::1  prefixlen 128  scopeid 0x10<host>`
fn inet6_line(out: &mut Vec<u8>, v6: &Ipv6Config) {
    out.extend_from_slice(INDENT);
    out.extend_from_slice(b"inet6 ");
    let naming = Naming {
        names: &Numeric,
        numeric_hosts: true,
        numeric_ports: true,
        wide: true,
        utf8: true,
    };
    naming.host(out, IpAddr::V6(v6.address));
    let _ = write!(
        out,
        "  prefixlen {}  scopeid 0x{:x}",
        v6.prefix_len, v6.scope
    );
    let mut scope = v6.scope;
    let mut words = Vec::new();
    if scope & 0x80 != 0 {
        words.push("compat");
        scope -= 0x80;
    }
    if scope == 0 {
        words.push("global");
    }
    for (bit, word) in [(0x20, "link"), (0x40, "site"), (0x10, "host")] {
        if scope & bit != 0 {
            words.push(word);
        }
    }
    if !words.is_empty() {
        let _ = write!(out, "<{}>", words.join(","));
    }
    out.push(b'\n');
}

/// `        ether 02:fc:00:00:00:01  txqueuelen 1000  (Ethernet)`
fn hardware_line(out: &mut Vec<u8>, config: &LinkConfig) {
    let hw = hwtype::lookup(config.hw_type);
    out.extend_from_slice(INDENT);
    out.extend_from_slice(hw.name.as_bytes());
    if hw.addr != AddrStyle::None {
        out.push(b' ');
        hwtype::format_addr(hw.addr, &config.hw_addr, out);
    }
    if let Some(q) = config.tx_queue_len {
        let _ = write!(out, "  txqueuelen {}", q as i32);
    }
    let _ = writeln!(out, "  ({})", hw.title);
}

fn counters(out: &mut Vec<u8>, s: &LinkStats, compressed: bool) {
    let _ = writeln!(
        out,
        "        RX packets {}  bytes {} ({})",
        s.rx_packets,
        s.rx_bytes,
        human(s.rx_bytes)
    );
    if compressed {
        let _ = writeln!(out, "        RX compressed:{}", s.rx_compressed);
    }
    let _ = writeln!(
        out,
        "        RX errors {}  dropped {}  overruns {}  frame {}",
        s.rx_errors, s.rx_dropped, s.rx_fifo_errors, s.rx_frame_errors
    );
    let _ = writeln!(
        out,
        "        TX packets {}  bytes {} ({})",
        s.tx_packets,
        s.tx_bytes,
        human(s.tx_bytes)
    );
    if compressed {
        let _ = writeln!(out, "        TX compressed {}", s.tx_compressed);
    }
    let _ = writeln!(
        out,
        "        TX errors {}  dropped {} overruns {}  carrier {}  collisions {}",
        s.tx_errors, s.tx_dropped, s.tx_fifo_errors, s.tx_carrier_errors, s.collisions
    );
}

/// "32.9 MiB": tenths, truncated, of the largest binary unit the value
/// exceeds. Above 1 EiB net-tools divides by a constant ten times too small
/// (it cannot multiply by 10 first without overflow) and so does this.
pub(super) fn human(bytes: u64) -> String {
    const UNITS: [(u64, &str); 5] = [
        (1 << 50, "PiB"),
        (1 << 40, "TiB"),
        (1 << 30, "GiB"),
        (1 << 20, "MiB"),
        (1 << 10, "KiB"),
    ];
    let (tenths, unit) = if bytes > 1 << 60 {
        (bytes / 115_292_150_460_684_697, "EiB")
    } else {
        UNITS
            .iter()
            .find(|(size, _)| bytes > *size)
            .map_or((bytes * 10, "B"), |(size, unit)| (bytes * 10 / size, *unit))
    };
    format!("{}.{} {unit}", tenths / 10, tenths % 10)
}
