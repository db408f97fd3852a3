//! net-tools netstat 2.10 `-i`: the "Kernel Interface table", byte for byte
//! as the installed binary prints it to a pipe. Short form (lib/interface.c
//! `ife_print_short`) one row per interface; with `-e` the ifconfig-style
//! block of `ife_print_long` (see `long`). Interfaces are listed in net-tools'
//! order (see `order`), only those that are up unless `-a`.
//!
//! Interface names are escaped, piped or not (see `escape`: Linux allows
//! control bytes in them); names with nothing unsafe print as the kernel
//! gives them, as netstat prints them.

mod hwtype;
mod long;
mod order;

use std::io::Write as _;

use sockscope::model::{link_flags as f, Link, LinkConfig, LinkTable};

pub use order::{netstat_order, nstrcmp};

/// What changes how netstat prints the interface table.
#[derive(Debug, Clone, Copy, Default)]
pub struct IfaceOptions {
    /// `-a`: interfaces that are down too.
    pub all: bool,
    /// `-e`: the ifconfig-style block instead of the table.
    pub long: bool,
    /// Print the "Kernel Interface table" title (netstat prints it once,
    /// not again on each `-c` round).
    pub title: bool,
    /// The locale's codeset is UTF-8: how interface names are escaped (see
    /// [`crate::escape::classic_into`]).
    pub utf8: bool,
}

/// The short table's column titles.
pub const SHORT_HEADER: &str =
    "Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n";

/// Append netstat's `-i` output for `table` to `out`.
pub fn render(table: &LinkTable, opts: &IfaceOptions, out: &mut Vec<u8>) {
    if opts.title {
        out.extend_from_slice(b"Kernel Interface table\n");
    }
    if !opts.long {
        out.extend_from_slice(SHORT_HEADER.as_bytes());
    }
    for link in shown(table, opts.all) {
        let Ok(config) = &link.config else { continue };
        let name = crate::escape::classic(&link.name, opts.utf8);
        if opts.long {
            long::write_block(out, link, config, &name);
        } else {
            short_row(out, link, config, &name);
        }
    }
}

/// netstat's stderr line for each interface that vanished before its flags
/// could be read, in listing order (`utf8`: as in [`IfaceOptions`]).
pub fn fetch_errors(table: &LinkTable, utf8: bool, out: &mut Vec<u8>) {
    for link in ordered(table) {
        if let Err(e) = &link.config {
            crate::escape::classic_into(out, &link.name, utf8);
            let _ = writeln!(out, ": error fetching interface information: {e}");
        }
    }
}

/// The interfaces netstat prints, in its order: up ones, or all with `-a`.
pub fn shown(table: &LinkTable, all: bool) -> impl Iterator<Item = &Link> {
    ordered(table).filter(move |l| l.config.is_ok() && (all || l.is_up()))
}

fn ordered(table: &LinkTable) -> impl Iterator<Item = &Link> {
    netstat_order(table.links.iter().map(|l| &*l.name))
        .into_iter()
        .map(|i| &table.links[i])
}

/// `printf("%-15.15s ", name)`: at most 15 bytes, padded to 15.
fn pad_name(out: &mut Vec<u8>, name: &[u8]) {
    let cut = &name[..name.len().min(15)];
    out.extend_from_slice(cut);
    out.resize(out.len() + (15 - cut.len()), b' ');
    out.push(b' ');
}

fn short_row(out: &mut Vec<u8>, link: &Link, config: &LinkConfig, name: &[u8]) {
    pad_name(out, name);
    let _ = write!(out, "{:5} ", config.mtu as i32);
    match &link.stats {
        Some(s) => {
            let _ = write!(
                out,
                "{:8} {:6} {:6} {:<6} {:8} {:6} {:6} {:6} ",
                s.rx_packets,
                s.rx_errors,
                s.rx_dropped,
                s.rx_fifo_errors,
                s.tx_packets,
                s.tx_errors,
                s.tx_dropped,
                s.tx_fifo_errors
            );
        }
        None => {
            let _ = write!(out, "{:<56}", "     - no statistics available -");
        }
    }
    out.extend_from_slice(short_flags(config.flags).as_bytes());
    out.push(b'\n');
}

/// The Flg column: one letter per flag in netstat's order (two flags print
/// `P`), or "[NO FLAGS]".
pub fn short_flags(flags: u32) -> String {
    const LETTERS: [(u32, char); 14] = [
        (f::ALLMULTI, 'A'),
        (f::BROADCAST, 'B'),
        (f::DEBUG, 'D'),
        (f::LOOPBACK, 'L'),
        (f::MULTICAST, 'M'),
        (f::DYNAMIC, 'd'),
        (f::PROMISC, 'P'),
        (f::NOTRAILERS, 'N'),
        (f::NOARP, 'O'),
        (f::POINTOPOINT, 'P'),
        (f::SLAVE, 's'),
        (f::MASTER, 'm'),
        (f::RUNNING, 'R'),
        (f::UP, 'U'),
    ];
    // netstat keeps the flags in a C short: only the low 16 bits exist.
    let flags = flags & 0xFFFF;
    let mut s = String::new();
    if flags == 0 {
        s.push_str("[NO FLAGS]");
    }
    s.extend(
        LETTERS
            .iter()
            .filter(|(bit, _)| flags & bit != 0)
            .map(|(_, c)| c),
    );
    s
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
