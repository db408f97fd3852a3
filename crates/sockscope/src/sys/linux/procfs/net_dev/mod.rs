//! Parser for /proc/net/dev, the per-device counters:
//!
//! ```text
//! Inter-|   Receive                                                |  Transmit
//!  face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
//!     lo:   12365  226176    0    0    0     0          0         0    12365  226176    0    0    0     0       0          0
//! ```
//!
//! The second header line names the columns of each direction; values are
//! mapped by those names, so a kernel that adds, drops or reorders columns
//! still parses (unknown names are skipped, missing counters stay 0). Old
//! kernels without byte counters parse the same way.
//!
//! Error policy: strict, as the socket tables. A line that does not match the
//! header (fewer or more values, a value that is not a number, no `name:`),
//! or a file cut short, fails the whole file with [`Error::ProcParse`]; the
//! collector then shows no counters and says why.

use std::io::Read;
use std::path::Path;

use super::lines::{dec_u64, excerpt, LineReader};
use crate::model::LinkStats;
use crate::{Error, Result};

/// One device line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetDevRow {
    pub name: Box<[u8]>,
    pub stats: LinkStats,
}

/// Read /proc/net/dev at `path`. A file that cannot be opened or read is
/// [`Error::ProcRead`].
pub fn read_net_dev_from(path: &Path) -> Result<Vec<NetDevRow>> {
    let file = std::fs::File::open(path).map_err(|source| Error::ProcRead {
        path: path.to_path_buf(),
        source,
    })?;
    parse_reader(file, path)
}

/// Parse recorded bytes of /proc/net/dev; `path` only names the source in
/// errors.
pub fn parse_net_dev(bytes: &[u8], path: &Path) -> Result<Vec<NetDevRow>> {
    parse_reader(bytes, path)
}

/// Which counter a column fills (`None`: a column we do not know).
type Slot = Option<Counter>;

/// The counters /proc/net/dev has had.
#[derive(Debug, Clone, Copy)]
enum Counter {
    RxBytes,
    RxPackets,
    RxErrors,
    RxDropped,
    RxFifo,
    RxFrame,
    RxCompressed,
    Multicast,
    TxBytes,
    TxPackets,
    TxErrors,
    TxDropped,
    TxFifo,
    Collisions,
    TxCarrier,
    TxCompressed,
}

impl Counter {
    fn field(self, s: &mut LinkStats) -> &mut u64 {
        match self {
            Counter::RxBytes => &mut s.rx_bytes,
            Counter::RxPackets => &mut s.rx_packets,
            Counter::RxErrors => &mut s.rx_errors,
            Counter::RxDropped => &mut s.rx_dropped,
            Counter::RxFifo => &mut s.rx_fifo_errors,
            Counter::RxFrame => &mut s.rx_frame_errors,
            Counter::RxCompressed => &mut s.rx_compressed,
            Counter::Multicast => &mut s.multicast,
            Counter::TxBytes => &mut s.tx_bytes,
            Counter::TxPackets => &mut s.tx_packets,
            Counter::TxErrors => &mut s.tx_errors,
            Counter::TxDropped => &mut s.tx_dropped,
            Counter::TxFifo => &mut s.tx_fifo_errors,
            Counter::Collisions => &mut s.collisions,
            Counter::TxCarrier => &mut s.tx_carrier_errors,
            Counter::TxCompressed => &mut s.tx_compressed,
        }
    }
}

fn parse_reader<R: Read>(src: R, path: &Path) -> Result<Vec<NetDevRow>> {
    let mut lines = LineReader::new(src);
    let mut columns: Vec<Slot> = Vec::new();
    let mut rows = Vec::new();
    loop {
        let line = match lines.next_line() {
            Ok(Some(line)) => line,
            Ok(None) if columns.is_empty() => {
                return Err(Error::ProcParse {
                    path: path.to_path_buf(),
                    line: 0,
                    reason: "no header: the file is empty or cut short".into(),
                })
            }
            Ok(None) => return Ok(rows),
            Err(source) => {
                return Err(Error::ProcRead {
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        let parsed = if !line.terminated {
            Err("line cut short (no newline at end of file)")
        } else {
            match line.no {
                1 => Ok(()),
                2 => header(line.bytes).map(|c| columns = c),
                _ => row(line.bytes, &columns).map(|r| rows.push(r)),
            }
        };
        if let Err(why) = parsed {
            return Err(Error::ProcParse {
                path: path.to_path_buf(),
                line: line.no,
                reason: format!("{why}: \"{}\"", excerpt(line.bytes)),
            });
        }
    }
}

/// The column names of ` face |rx names|tx names`.
fn header(line: &[u8]) -> Result<Vec<Slot>, &'static str> {
    let mut parts = line.split(|&b| b == b'|');
    let (Some(_face), Some(rx), Some(tx), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("not a /proc/net/dev header (want \"face |receive|transmit\")");
    };
    let names = |group: &'static [u8], s: &[u8]| -> Vec<Slot> {
        s.split(u8::is_ascii_whitespace)
            .filter(|w| !w.is_empty())
            .map(|w| slot(group, w))
            .collect()
    };
    let mut columns = names(b"rx", rx);
    columns.extend(names(b"tx", tx));
    if columns.is_empty() {
        return Err("header names no columns");
    }
    Ok(columns)
}

fn slot(group: &[u8], name: &[u8]) -> Slot {
    use Counter::*;
    Some(match (group == b"rx", name) {
        (true, b"bytes") => RxBytes,
        (true, b"packets") => RxPackets,
        (true, b"errs") => RxErrors,
        (true, b"drop") => RxDropped,
        (true, b"fifo") => RxFifo,
        (true, b"frame") => RxFrame,
        (true, b"compressed") => RxCompressed,
        (true, b"multicast") => Multicast,
        (false, b"bytes") => TxBytes,
        (false, b"packets") => TxPackets,
        (false, b"errs") => TxErrors,
        (false, b"drop") => TxDropped,
        (false, b"fifo") => TxFifo,
        (false, b"colls") => Collisions,
        (false, b"carrier") => TxCarrier,
        (false, b"compressed") => TxCompressed,
        _ => return None,
    })
}

/// `  name: v1 v2 ...`: the name runs to the first `:` (device names cannot
/// hold one), values may follow the colon without a space.
fn row(line: &[u8], columns: &[Slot]) -> Result<NetDevRow, &'static str> {
    let start = line
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .ok_or("empty line")?;
    let line = &line[start..];
    let colon = line
        .iter()
        .position(|&b| b == b':')
        .ok_or("no \"name:\" at the start of the line")?;
    let name = &line[..colon];
    if name.is_empty() || name.iter().any(u8::is_ascii_whitespace) {
        return Err("bad device name");
    }
    let mut stats = LinkStats::default();
    let mut values = line[colon + 1..]
        .split(u8::is_ascii_whitespace)
        .filter(|w| !w.is_empty());
    for column in columns {
        let value = values.next().ok_or("fewer values than the header names")?;
        let value = dec_u64(value).ok_or("a value is not a number")?;
        if let Some(counter) = column {
            *counter.field(&mut stats) = value;
        }
    }
    if values.next().is_some() {
        return Err("more values than the header names");
    }
    Ok(NetDevRow {
        name: name.into(),
        stats,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap
mod tests;
