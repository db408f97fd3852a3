//! Replay tests for /proc/net/dev: a file recorded on Linux 6.18 in a private
//! namespace (tests/data/proc/net_dev), header variants of other kernels,
//! and malformed input.

use super::*;
use crate::sys::linux::procfs::lines::Trickle;

const RECORDED: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/data/proc/net_dev"
));

fn parse(bytes: &[u8]) -> Result<Vec<NetDevRow>> {
    parse_net_dev(bytes, Path::new("/proc/net/dev"))
}

const HEADER: &str = "Inter-|   Receive                                                |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n";

#[test]
fn recorded_file_decodes_every_device() {
    let rows = parse(RECORDED).unwrap();
    let names: Vec<&[u8]> = rows.iter().map(|r| &*r.name).collect();
    assert_eq!(names[0], b"lo");
    assert!(names.contains(&&b"abcdefghijklmno"[..]));
    assert!(names.contains(&"caf\u{e9}".as_bytes()));
    assert!(names.contains(&&b"e\x1b[1mx"[..]));
    // Same result however the bytes arrive.
    let streamed = parse_reader(Trickle(RECORDED), Path::new("x")).unwrap();
    assert_eq!(streamed, rows);
}

#[test]
fn values_land_in_their_named_counters() {
    let text = format!("{HEADER}  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n");
    let s = parse(text.as_bytes()).unwrap()[0].stats;
    assert_eq!(
        [
            s.rx_bytes,
            s.rx_packets,
            s.rx_errors,
            s.rx_dropped,
            s.rx_fifo_errors
        ],
        [1, 2, 3, 4, 5]
    );
    assert_eq!([s.rx_frame_errors, s.rx_compressed, s.multicast], [6, 7, 8]);
    assert_eq!(
        [
            s.tx_bytes,
            s.tx_packets,
            s.tx_errors,
            s.tx_dropped,
            s.tx_fifo_errors
        ],
        [9, 10, 11, 12, 13]
    );
    assert_eq!(
        [s.collisions, s.tx_carrier_errors, s.tx_compressed],
        [14, 15, 16]
    );
}

#[test]
fn wide_values_without_space_after_the_colon_and_u64_max() {
    let text = format!("{HEADER}eth0:18446744073709551615 2 0 0 0 0 0 0 9 10 0 0 0 0 0 0\n");
    let rows = parse(text.as_bytes()).unwrap();
    assert_eq!(&*rows[0].name, b"eth0");
    assert_eq!(rows[0].stats.rx_bytes, u64::MAX);
}

#[test]
fn unknown_and_reordered_columns_are_mapped_by_name() {
    // An old kernel (no bytes) and a future one (a new column, reordered).
    let old = " Inter-|   Receive   |  Transmit\n face |packets errs drop fifo frame|packets errs drop fifo colls carrier\n lo: 5 0 0 0 0 6 0 0 0 0 0\n";
    let s = parse(old.as_bytes()).unwrap()[0].stats;
    assert_eq!((s.rx_packets, s.tx_packets, s.rx_bytes), (5, 6, 0));
    let new = "x|y|z\n face |packets bytes newthing|bytes packets\n lo: 1 2 3 4 5\n";
    let s = parse(new.as_bytes()).unwrap()[0].stats;
    assert_eq!(
        (s.rx_packets, s.rx_bytes, s.tx_bytes, s.tx_packets),
        (1, 2, 4, 5)
    );
}

#[test]
fn malformed_lines_are_typed_errors_with_line_numbers() {
    let bad = [
        ("  eth0: 1 2 3\n", "fewer values"),
        (
            "  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n",
            "more values",
        ),
        (
            "  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 x\n",
            "not a number",
        ),
        ("  eth0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", "name:"),
        (
            "   : 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n",
            "bad device name",
        ),
    ];
    for (line, why) in bad {
        let text = format!("{HEADER}{line}");
        match parse(text.as_bytes()) {
            Err(Error::ProcParse {
                line: 3, reason, ..
            }) => {
                assert!(reason.contains(why), "{reason}")
            }
            other => panic!("{line:?}: {other:?}"),
        }
    }
    match parse(b"Inter-|\n face no bars\n") {
        Err(Error::ProcParse { line: 2, .. }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_truncated_prefix_is_a_typed_error_or_whole_lines() {
    for cut in 0..RECORDED.len() {
        let prefix = &RECORDED[..cut];
        match parse(prefix) {
            Ok(rows) => {
                assert!(prefix.ends_with(b"\n"), "cut {cut} parsed a partial line");
                assert!(rows.len() <= prefix.iter().filter(|&&b| b == b'\n').count());
            }
            Err(Error::ProcParse { .. }) => {}
            Err(e) => panic!("cut {cut}: unexpected {e}"),
        }
    }
}

#[test]
fn missing_file_is_a_read_error() {
    let e = read_net_dev_from(Path::new("/nonexistent/dev")).unwrap_err();
    assert!(matches!(e, Error::ProcRead { .. }));
}
