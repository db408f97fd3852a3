//! /proc/net/snmp and /proc/net/netstat: blocks of two lines, a header line
//! naming the counters and a value line with as many numbers, both opening
//! with the block name and a colon:
//!
//! ```text
//! Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens ...
//! Tcp: 1 200 120000 -1 37710 ...
//! ```
//!
//! Pure functions over bytes. Every counter is kept, known or not, with its
//! kernel name; values may be negative (Tcp MaxConn). A block that does not
//! parse (value line missing or for another block, counts differ, a value
//! that is not a number) is left out with a warning naming its line; the
//! blocks around it are kept.

use crate::model::{Counter, CounterBlock, StatsSource, Warning};

/// Parse the text of /proc/net/snmp or /proc/net/netstat. `what` labels
/// warnings ("snmp", "netstat").
pub fn parse_snmp(
    text: &[u8],
    source: StatsSource,
    what: &'static str,
    warnings: &mut Vec<Warning>,
) -> Vec<CounterBlock> {
    let mut blocks = Vec::new();
    // Empty lines carry nothing (some 2.6 kernels opened with one).
    let mut lines = text
        .split(|&b| b == b'\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.iter().all(u8::is_ascii_whitespace))
        .peekable();
    while let Some((no, header)) = lines.next() {
        let Some((name, names)) = split_title(header) else {
            warnings.push(problem(what, no, "no block name before a colon"));
            continue;
        };
        // The value line must belong to the same block; if it does not, it
        // starts the next block and this header has no values.
        let values = match lines.peek() {
            Some((_, l)) if split_title(l).is_some_and(|(n, _)| n == name) => lines.next(),
            _ => None,
        };
        let Some((vno, value_line)) = values else {
            warnings.push(problem(
                what,
                no,
                &format!("block {} has no value line", lossy(name)),
            ));
            continue;
        };
        let values = split_title(value_line).map(|(_, v)| v).unwrap_or_default();
        match pair_up(name, &names, &values, source) {
            Ok(block) => blocks.push(block),
            Err(reason) => warnings.push(problem(what, vno, &reason)),
        }
    }
    blocks
}

/// "Name: a b c" → ("Name", ["a", "b", "c"]).
fn split_title(line: &[u8]) -> Option<(&[u8], Vec<&[u8]>)> {
    let colon = line.iter().position(|&b| b == b':')?;
    let name = line[..colon].trim_ascii();
    if name.is_empty() {
        return None;
    }
    Some((name, tokens(&line[colon + 1..])))
}

/// Whitespace-separated tokens.
pub(super) fn tokens(s: &[u8]) -> Vec<&[u8]> {
    s.split(|b| b.is_ascii_whitespace())
        .filter(|t| !t.is_empty())
        .collect()
}

fn pair_up(
    name: &[u8],
    names: &[&[u8]],
    values: &[&[u8]],
    source: StatsSource,
) -> Result<CounterBlock, String> {
    if names.len() != values.len() {
        return Err(format!(
            "block {}: {} counter names but {} values",
            lossy(name),
            names.len(),
            values.len()
        ));
    }
    let mut counters = Vec::with_capacity(names.len());
    for (n, v) in names.iter().zip(values) {
        let value = parse_value(v).ok_or_else(|| {
            format!(
                "block {}: value {:?} of {} is not a number",
                lossy(name),
                lossy(v),
                lossy(n)
            )
        })?;
        counters.push(Counter {
            name: lossy(n),
            value,
        });
    }
    Ok(CounterBlock {
        name: lossy(name),
        source,
        counters,
    })
}

/// A decimal integer with an optional minus sign, as the kernel prints
/// counters (`%lu`, and `%ld` for Tcp MaxConn).
pub(super) fn parse_value(v: &[u8]) -> Option<i128> {
    let (neg, digits) = match v.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, v),
    };
    if digits.is_empty() || digits.len() > 30 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut n: i128 = 0;
    for d in digits {
        n = n * 10 + i128::from(d - b'0');
    }
    Some(if neg { -n } else { n })
}

pub(super) fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub(super) fn problem(what: &'static str, line: usize, reason: &str) -> Warning {
    Warning::Unavailable {
        what,
        reason: format!("line {line}: {reason}"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Vec<CounterBlock>, Vec<Warning>) {
        let mut w = Vec::new();
        let b = parse_snmp(text.as_bytes(), StatsSource::Snmp, "snmp", &mut w);
        (b, w)
    }

    #[test]
    fn blocks_keep_kernel_names_order_and_negative_values() {
        let (b, w) = parse("Tcp: RtoAlgorithm MaxConn ActiveOpens\nTcp: 1 -1 37\nUdp: InDatagrams NewKernelCounter\nUdp: 5 18446744073709551615\n");
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].name, "Tcp");
        assert_eq!(b[0].get("MaxConn"), Some(-1));
        assert_eq!(b[0].counters[2].name, "ActiveOpens");
        assert_eq!(b[1].get("NewKernelCounter"), Some(u64::MAX.into()));
    }

    #[test]
    fn empty_lines_and_a_missing_final_newline_are_fine() {
        let (b, w) = parse("\nIp: A B\nIp: 1 2");
        assert!(w.is_empty());
        assert_eq!(b[0].get("B"), Some(2));
    }

    #[test]
    fn a_bad_block_is_dropped_with_its_line_and_the_rest_kept() {
        let (b, w) = parse("Ip: A B\nIp: 1\nIcmp: X\nIcmp: y\nTcp: C\nUdp: D\nUdp: 4\n");
        let names: Vec<_> = b.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["Udp"]);
        let reasons: Vec<_> = w.iter().map(ToString::to_string).collect();
        assert_eq!(reasons.len(), 3, "{reasons:?}");
        assert!(
            reasons[0].contains("line 2") && reasons[0].contains("2 counter names but 1 values")
        );
        assert!(reasons[1].contains("line 4") && reasons[1].contains("not a number"));
        assert!(reasons[2].contains("line 5") && reasons[2].contains("no value line"));
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_value(b"0"), Some(0));
        assert_eq!(parse_value(b"-12"), Some(-12));
        for bad in [
            &b""[..],
            b"-",
            b"1x",
            b"+1",
            b"1234567890123456789012345678901",
        ] {
            assert_eq!(parse_value(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn garbage_never_panics() {
        let text = b"Ip: A\xff B\nIp: 1 2\n:\n: \n\xff\xfe:\nTcp:";
        for cut in 0..=text.len() {
            let mut w = Vec::new();
            let _ = parse_snmp(&text[..cut], StatsSource::Netstat, "netstat", &mut w);
        }
    }
}
