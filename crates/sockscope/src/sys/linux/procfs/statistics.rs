//! Reading the protocol statistics files of one family from a /proc/net
//! directory: which files, in which order, and which of them may be absent.
//! Parsing is `snmp` and `snmp6`'s work.
//!
//! IPv4: /proc/net/snmp (required), /proc/net/netstat and
//! /proc/net/sctp/snmp (each optional: absent when the kernel has no such
//! counters or SCTP is not loaded). IPv6: /proc/net/snmp6 (required), then
//! the blocks of /proc/net/snmp whose name starts with "Tcp" (one TCP MIB
//! serves both families). A required file that cannot be read is an error;
//! an optional one that exists but cannot be read, and every block that does
//! not parse, is a warning.

use std::io;
use std::path::Path;

use super::snmp::parse_snmp;
use super::snmp6::{parse_sctp, parse_snmp6};
use crate::model::{Family, Statistics, StatsSource, Warning};
use crate::{Error, Result};

/// Read the statistics of `family` from the calling thread's /proc/net.
pub fn read_statistics(family: Family) -> Result<Statistics> {
    read_statistics_from(&super::net_dir(), family)
}

/// Read the statistics of `family` from `dir` (a /proc/net directory or a
/// copy of one).
pub fn read_statistics_from(dir: &Path, family: Family) -> Result<Statistics> {
    let mut warnings = Vec::new();
    let mut blocks = Vec::new();
    match family {
        Family::Inet => {
            let snmp = read_required(dir, "snmp")?;
            blocks.extend(parse_snmp(&snmp, StatsSource::Snmp, "snmp", &mut warnings));
            if let Some(text) = read_optional(dir, "netstat", &mut warnings) {
                blocks.extend(parse_snmp(
                    &text,
                    StatsSource::Netstat,
                    "netstat",
                    &mut warnings,
                ));
            }
            if let Some(text) = read_optional(dir, "sctp/snmp", &mut warnings) {
                blocks.push(parse_sctp(&text, &mut warnings));
            }
        }
        Family::Inet6 => {
            let snmp6 = read_required(dir, "snmp6")?;
            blocks.extend(parse_snmp6(&snmp6, &mut warnings));
            match std::fs::read(dir.join("snmp")) {
                Ok(text) => {
                    let mut all = parse_snmp(&text, StatsSource::Snmp, "snmp", &mut warnings);
                    all.retain(|b| b.name.starts_with("Tcp"));
                    blocks.extend(all);
                }
                Err(e) => warnings.push(unreadable("snmp", &dir.join("snmp"), &e)),
            }
        }
    }
    Ok(Statistics {
        family,
        blocks,
        warnings,
    })
}

fn read_required(dir: &Path, name: &str) -> Result<Vec<u8>> {
    let path = dir.join(name);
    std::fs::read(&path).map_err(|source| Error::ProcRead { path, source })
}

/// The file's bytes; `None` when it does not exist (silently) or cannot be
/// read (with a warning).
fn read_optional(dir: &Path, name: &'static str, warnings: &mut Vec<Warning>) -> Option<Vec<u8>> {
    let path = dir.join(name);
    match std::fs::read(&path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => {
            warnings.push(unreadable(name, &path, &e));
            None
        }
    }
}

fn unreadable(what: &'static str, path: &Path, e: &io::Error) -> Warning {
    Warning::Unavailable {
        what,
        reason: format!("cannot read {}: {e}", path.display()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn dir_with(files: &[(&str, &str)]) -> std::path::PathBuf {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let d = std::env::temp_dir().join(format!(
            "sockscope-stats-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        for (name, text) in files {
            let p = d.join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn ipv4_reads_three_files_in_order() {
        let d = dir_with(&[
            ("snmp", "Ip: A\nIp: 1\nTcp: B\nTcp: 2\n"),
            ("netstat", "TcpExt: C\nTcpExt: 3\n"),
            ("sctp/snmp", "SctpX 4\n"),
        ]);
        let s = read_statistics_from(&d, Family::Inet).unwrap();
        let names: Vec<_> = s.blocks.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["Ip", "Tcp", "TcpExt", "Sctp"]);
        assert_eq!(s.blocks[2].source, StatsSource::Netstat);
        assert!(s.warnings.is_empty());
        std::fs::remove_dir_all(d).unwrap();
    }

    #[test]
    fn optional_files_may_be_absent_required_may_not() {
        let d = dir_with(&[("snmp", "Ip: A\nIp: 1\nTcp: B\nTcp: 2\nTcpX: C\nTcpX: 3\n")]);
        let s = read_statistics_from(&d, Family::Inet).unwrap();
        assert_eq!(s.blocks.len(), 3);
        assert!(s.warnings.is_empty());
        let e = read_statistics_from(&d, Family::Inet6).unwrap_err();
        assert!(e.to_string().contains("snmp6"), "{e}");
        std::fs::write(d.join("snmp6"), "Ip6InReceives 5\n").unwrap();
        let s = read_statistics_from(&d, Family::Inet6).unwrap();
        let names: Vec<_> = s.blocks.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["Ip6", "Tcp", "TcpX"]);
        std::fs::remove_dir_all(d).unwrap();
    }
}
