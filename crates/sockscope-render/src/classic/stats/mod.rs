//! net-tools netstat 2.10 `-s` (protocol statistics), byte for byte as the
//! installed binary prints it to a pipe in the C locale.
//!
//! netstat walks the files block by block with one piece of state carried
//! across blocks and files (the "state" of the last counter printed), and
//! these quirks follow from it and are reproduced:
//! - a block netstat has no table for (IcmpMsg, UdpLite, IpExt, MPTcpExt,
//!   UdpLite6...) is always printed, whatever `-t`/`-u`/`-w` asked, and its
//!   counters print as `Name: value` when non-zero, indented as the LAST
//!   counter before it was (so IcmpMsg's lines after Icmp's output histogram
//!   are indented 8, but 4 with `-st`, where Icmp is not printed);
//! - a counter missing from a known block's table (new kernels add many, and
//!   some are only "missing" because the table is not sorted, see
//!   `tables`) prints the same way;
//! - a histogram title is indented as the line before it, so IPv6's
//!   "ICMP output histogram:" follows the input histogram at indent 8;
//! - a histogram title prints even when none of its counters does.
//!
//! Values are printed as C's `strtoull` would read the kernel's text: a
//! negative value wraps (it only ever occurs in Tcp MaxConn, which netstat
//! does not print).

mod tables;

use sockscope::model::{CounterBlock, Statistics, StatsSource};
use tables::{lookup, Entry, Kind, STATIC, TITLED};

/// netstat's per-protocol switches for `-s`: `-w` (raw: Ip, Icmp), `-t`
/// (Tcp, TcpExt), `-u` (Udp), and SCTP. With none of `-t -u -w -U -S`
/// given, netstat turns all of them on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatsOptions {
    pub raw: bool,
    pub tcp: bool,
    pub udp: bool,
    pub sctp: bool,
}

/// Which switch enables a known table.
#[derive(Debug, Clone, Copy)]
enum Switch {
    Raw,
    Tcp,
    Udp,
    Sctp,
}

/// A table netstat knows: block name, entries, switch.
type Known = (&'static str, &'static [Entry], Switch);

/// netstat's `snmptabs` (/proc/net/snmp, /proc/net/netstat, SCTP).
const SNMP_TABLES: [Known; 6] = [
    ("Ip", tables::IP, Switch::Raw),
    ("Icmp", tables::ICMP, Switch::Raw),
    ("Tcp", tables::TCP, Switch::Tcp),
    ("Udp", tables::UDP, Switch::Udp),
    ("Sctp", tables::SCTP, Switch::Sctp),
    ("TcpExt", tables::TCP_EXT, Switch::Tcp),
];

/// netstat's `snmp6tabs` (/proc/net/snmp6).
const SNMP6_TABLES: [Known; 4] = [
    ("Ip6", tables::IP6, Switch::Raw),
    ("Icmp6", tables::ICMP6, Switch::Raw),
    ("Udp6", tables::UDP6, Switch::Udp),
    ("Tcp6", tables::TCP, Switch::Tcp),
];

/// `snprintf` into netstat's 512-byte buffer.
const LINE_MAX: usize = 511;

/// netstat's line (on stdout) when `-s` is asked for a family it has no
/// statistics for; `who` names the program as invoked.
pub fn unsupported_family(who: &str, families: &[&str]) -> String {
    format!(
        "{who}: No statistics support for specified address family: {}\n",
        families.join(",")
    )
}

/// Append netstat's `-s` text for `stats` (IPv4 or IPv6, as read by
/// `sockscope::stats::statistics`) to `out`.
pub fn render(stats: &Statistics, opts: &StatsOptions, out: &mut Vec<u8>) {
    let mut p = Printer {
        opts: *opts,
        state: Kind::Number,
        out,
    };
    for block in &stats.blocks {
        p.block(block);
    }
}

struct Printer<'a> {
    opts: StatsOptions,
    /// Kind of the last counter printed (netstat's static `state`).
    state: Kind,
    out: &'a mut Vec<u8>,
}

impl Printer<'_> {
    fn block(&mut self, block: &CounterBlock) {
        let tables: &[Known] = match block.source {
            StatsSource::Snmp6 => &SNMP6_TABLES,
            StatsSource::Snmp | StatsSource::Netstat | StatsSource::Sctp => &SNMP_TABLES,
        };
        let known = tables.iter().find(|(name, _, _)| *name == block.name);
        let (entries, on) = match known {
            Some((_, entries, switch)) => {
                let on = self.switch(*switch);
                if on {
                    self.line(0, block.name.as_bytes());
                    self.out.extend_from_slice(b":\n");
                }
                self.state = Kind::Number;
                (*entries, on)
            }
            // Unknown blocks always print, and the state is NOT reset.
            None => {
                self.line(0, block.name.as_bytes());
                self.out.extend_from_slice(b":\n");
                (&[][..], true)
            }
        };
        if !on {
            return;
        }
        for c in &block.counters {
            self.value(entries, &c.name, strtoull(c.value));
        }
    }

    fn switch(&self, s: Switch) -> bool {
        match s {
            Switch::Raw => self.opts.raw,
            Switch::Tcp => self.opts.tcp,
            Switch::Udp => self.opts.udp,
            Switch::Sctp => self.opts.sctp,
        }
    }

    /// netstat's `printval`.
    fn value(&mut self, entries: &[Entry], name: &str, val: u64) {
        let Some(entry) = lookup(entries, name) else {
            if val != 0 {
                self.line(indent(self.state), name.as_bytes());
                self.out.extend_from_slice(format!(": {val}\n").as_bytes());
            }
            return;
        };
        if entry.flags & STATIC != 0 || entry.sentence.is_empty() {
            return;
        }
        let mut kind = entry.kind;
        if entry.flags & TITLED != 0 && self.state != kind {
            let title: &[u8] = match kind {
                Kind::InIcmp => b"ICMP input histogram:",
                Kind::OutIcmp => b"ICMP output histogram:",
                _ => b"",
            };
            self.line(indent(self.state), title);
            self.out.push(b'\n');
        }
        let text = match kind {
            Kind::OptNumber | Kind::InIcmp | Kind::OutIcmp if val == 0 => None,
            Kind::Number | Kind::OptNumber | Kind::InIcmp | Kind::OutIcmp => {
                Some(fill(entry.sentence, &val.to_string()))
            }
            Kind::Forward => {
                kind = Kind::Number;
                Some(fill(
                    entry.sentence,
                    if val == 2 { "enabled" } else { "disabled" },
                ))
            }
            Kind::RtoAlg => None,
        };
        if let Some(mut text) = text.filter(|t| !t.is_empty()) {
            text.truncate(LINE_MAX);
            self.line(indent(kind), &text);
            self.out.push(b'\n');
        }
        self.state = kind;
    }

    /// `indent` spaces then `text` (no newline).
    fn line(&mut self, indent: usize, text: &[u8]) {
        self.out.resize(self.out.len() + indent, b' ');
        self.out.extend_from_slice(text);
    }
}

/// Indent of each state (netstat's `states[].indent`).
fn indent(kind: Kind) -> usize {
    match kind {
        Kind::Number | Kind::OptNumber | Kind::Forward => 4,
        Kind::InIcmp | Kind::OutIcmp => 8,
        Kind::RtoAlg => 0,
    }
}

/// The sentence with its one `%llu` or `%s` replaced by `value`.
fn fill(sentence: &str, value: &str) -> Vec<u8> {
    let (at, len) = match (sentence.find("%llu"), sentence.find("%s")) {
        (Some(i), _) => (i, 4),
        (None, Some(i)) => (i, 2),
        (None, None) => return sentence.as_bytes().to_vec(),
    };
    let mut v = Vec::with_capacity(sentence.len() + value.len());
    v.extend_from_slice(&sentence.as_bytes()[..at]);
    v.extend_from_slice(value.as_bytes());
    v.extend_from_slice(&sentence.as_bytes()[at + len..]);
    v
}

/// What C's `strtoull` makes of the kernel's decimal text for `v`: negative
/// values wrap modulo 2^64, out-of-range values saturate.
fn strtoull(v: i128) -> u64 {
    let mag = v.unsigned_abs();
    if mag > u128::from(u64::MAX) {
        return u64::MAX;
    }
    // In range: the cast keeps every bit.
    let m = mag as u64;
    if v < 0 {
        m.wrapping_neg()
    } else {
        m
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
