//! /proc/net/snmp6 and /proc/net/sctp/snmp: one counter per line, its name
//! then its value, separated by blanks (spaces, then a tab):
//!
//! ```text
//! Ip6InReceives                    1
//! Icmp6InType1                     1
//! ```
//!
//! snmp6 has no block lines: a block is a run of counters with the same
//! prefix, the name up to and including its first `6` ("Ip6", "Icmp6",
//! "Udp6", "UdpLite6"), as netstat groups them. The SCTP file is one block,
//! "Sctp". Pure functions over bytes; a line that does not parse is left
//! out with a warning naming it, the others are kept.

use super::snmp::{lossy, parse_value, problem, tokens};
use crate::model::{Counter, CounterBlock, StatsSource, Warning};

/// Parse /proc/net/snmp6 into blocks by name prefix.
pub fn parse_snmp6(text: &[u8], warnings: &mut Vec<Warning>) -> Vec<CounterBlock> {
    let mut blocks: Vec<CounterBlock> = Vec::new();
    for (_, name, value) in counters(text, "snmp6", warnings) {
        let prefix = block_prefix(&name);
        match blocks.last_mut() {
            Some(b) if b.name == prefix => b.counters.push(Counter { name, value }),
            _ => blocks.push(CounterBlock {
                name: prefix.to_owned(),
                source: StatsSource::Snmp6,
                counters: vec![Counter { name, value }],
            }),
        }
    }
    blocks
}

/// Parse /proc/net/sctp/snmp into its one block, "Sctp" (present even when
/// the file is empty, as the file's existence means SCTP is loaded).
pub fn parse_sctp(text: &[u8], warnings: &mut Vec<Warning>) -> CounterBlock {
    CounterBlock {
        name: "Sctp".to_owned(),
        source: StatsSource::Sctp,
        counters: counters(text, "sctp", warnings)
            .map(|(_, name, value)| Counter { name, value })
            .collect(),
    }
}

/// The block a snmp6 counter belongs to: its name up to and including the
/// first `6`, or the whole name when it has none.
pub fn block_prefix(name: &str) -> &str {
    match name.find('6') {
        Some(i) => &name[..=i],
        None => name,
    }
}

/// (line number, name, value) of every well-formed line; the others become
/// warnings. Blank lines are skipped.
fn counters<'a>(
    text: &'a [u8],
    what: &'static str,
    warnings: &'a mut Vec<Warning>,
) -> impl Iterator<Item = (usize, String, i128)> + 'a {
    text.split(|&b| b == b'\n')
        .enumerate()
        .filter_map(move |(i, line)| {
            let no = i + 1;
            let t = tokens(line);
            match t.as_slice() {
                [] => None,
                [name, value] => match parse_value(value) {
                    Some(v) => Some((no, lossy(name), v)),
                    None => {
                        warnings.push(problem(
                            what,
                            no,
                            &format!(
                                "value {:?} of {} is not a number",
                                lossy(value),
                                lossy(name)
                            ),
                        ));
                        None
                    }
                },
                _ => {
                    warnings.push(problem(what, no, "expected a counter name and one value"));
                    None
                }
            }
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn blocks_follow_the_prefix() {
        let text = b"Ip6InReceives                   \t1\nIp6OutNew 2\nIcmp6InMsgs\t3\nIcmp6InType1 4\nUdp6InDatagrams 5\nUdpLite6InDatagrams 6\n";
        let mut w = Vec::new();
        let b = parse_snmp6(text, &mut w);
        assert!(w.is_empty());
        let names: Vec<_> = b
            .iter()
            .map(|b| (b.name.as_str(), b.counters.len()))
            .collect();
        assert_eq!(
            names,
            [("Ip6", 2), ("Icmp6", 2), ("Udp6", 1), ("UdpLite6", 1)]
        );
        assert_eq!(b[1].get("Icmp6InType1"), Some(4));
    }

    #[test]
    fn bad_lines_are_reported_and_skipped() {
        let mut w = Vec::new();
        let b = parse_snmp6(b"Ip6A 1\nIp6B x\nIp6C 1 2\nIp6D -3\n", &mut w);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].counters.len(), 2);
        assert_eq!(b[0].get("Ip6D"), Some(-3));
        assert_eq!(w.len(), 2);
        assert!(w[0].to_string().contains("line 2"));
        assert!(w[1].to_string().contains("line 3"));
    }

    #[test]
    fn sctp_is_one_block() {
        let mut w = Vec::new();
        let b = parse_sctp(
            b"SctpCurrEstab                   \t0\nSctpActiveEstabs 7\n",
            &mut w,
        );
        assert_eq!(b.name, "Sctp");
        assert_eq!(b.get("SctpActiveEstabs"), Some(7));
        assert!(parse_sctp(b"", &mut w).counters.is_empty());
    }

    #[test]
    fn prefixes() {
        assert_eq!(block_prefix("Icmp6OutType143"), "Icmp6");
        assert_eq!(block_prefix("Odd"), "Odd");
    }
}
