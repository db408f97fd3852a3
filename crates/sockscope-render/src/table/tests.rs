//! Table layout tests: sizing to content, alignment, the narrow-terminal
//! gap, column choice, sorting, colour only when asked, escaping.

#![allow(clippy::unwrap_used)]

use std::net::{IpAddr, Ipv4Addr};

use sockscope::model::{InetProto, ProcessMap, ProcessRef, Snapshot, SockKey};

use super::*;
use crate::columns::SortKey;
use crate::rows::tests::{ctx_names, sock, tcp_with_info, Names};

const LO: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

fn opts(columns: &[Column]) -> TableOptions {
    TableOptions {
        columns: columns.to_vec(),
        color: false,
        width: None,
        header: true,
    }
}

fn draw(snap: &Snapshot, processes: Option<&ProcessMap>, o: &TableOptions) -> String {
    let names = Names;
    let mut out = String::new();
    render(snap, &ctx_names(&names, processes), o, &mut out);
    out
}

fn snap() -> Snapshot {
    let mut big = sock(InetProto::Tcp, LO, 8080, LO, 54321, 1);
    big.recv_q = 123_456;
    let listen = sock(
        InetProto::Tcp,
        "::".parse().unwrap(),
        22,
        "::".parse().unwrap(),
        0,
        10,
    );
    Snapshot {
        inet: vec![big, listen],
        ..Snapshot::default()
    }
}

#[test]
fn columns_sized_to_content_numbers_right_aligned_no_trailing_blanks() {
    let cols = [
        Column::Proto,
        Column::State,
        Column::RecvQ,
        Column::Local,
        Column::Remote,
    ];
    let got = draw(&snap(), None, &opts(&cols));
    let want = "\
Proto  State        Recv-Q  Local Address:Port  Peer Address:Port
tcp    ESTABLISHED  123456  127.0.0.1:8080      127.0.0.1:54321
tcp6   LISTEN            0  [::]:22             [::]:*
";
    assert_eq!(got, want);
}

#[test]
fn narrow_terminal_gets_one_space_and_nothing_is_cut() {
    let cols = [
        Column::Proto,
        Column::State,
        Column::RecvQ,
        Column::Local,
        Column::Remote,
    ];
    let mut o = opts(&cols);
    o.width = Some(40);
    let got = draw(&snap(), None, &o);
    assert!(
        got.contains("tcp   ESTABLISHED 123456 127.0.0.1:8080     127.0.0.1:54321\n"),
        "{got}"
    );
    o.width = Some(500);
    assert_eq!(got.len() + 4 * 3, draw(&snap(), None, &o).len());
}

#[test]
fn chosen_columns_in_the_given_order_and_no_header() {
    let mut o = opts(&[Column::Local, Column::Proto]);
    o.header = false;
    assert_eq!(
        draw(&snap(), None, &o),
        "127.0.0.1:8080  tcp\n[::]:22         tcp6\n"
    );
    assert_eq!(draw(&snap(), None, &opts(&[])), "");
}

/// The table as a printer, fed through `Sorted` (what `conns --sort` does).
fn draw_sorted(snap: &Snapshot, o: &TableOptions, keys: &[SortKey]) -> String {
    use crate::printer::{SocketPrinter, Sorted};
    let names = Names;
    let ctx = ctx_names(&names, None);
    let mut out = Vec::new();
    let mut p = Sorted::new(TablePrinter::new(ctx, o, &mut out), keys, ctx);
    p.header().unwrap();
    for s in &snap.inet {
        p.socket(sockscope::SocketRef::Inet(s)).unwrap();
    }
    p.finish(&[]).unwrap();
    drop(p);
    String::from_utf8(out).unwrap()
}

#[test]
fn sorted_by_a_column() {
    let mut o = opts(&[Column::Local]);
    o.header = false;
    let mut keys = vec![SortKey {
        column: Column::Local,
        descending: false,
    }];
    assert_eq!(draw(&snap(), None, &o), "127.0.0.1:8080\n[::]:22\n");
    // IPv4 before IPv6.
    let mut reversed = snap();
    reversed.inet.reverse();
    assert_eq!(
        draw_sorted(&reversed, &o, &keys),
        "127.0.0.1:8080\n[::]:22\n"
    );
    keys[0].descending = true;
    assert_eq!(draw_sorted(&snap(), &o, &keys), "[::]:22\n127.0.0.1:8080\n");
}

#[test]
fn colour_only_when_enabled() {
    let cols = [Column::State];
    assert!(!draw(&snap(), None, &opts(&cols)).contains('\x1b'));
    let mut o = opts(&cols);
    o.color = true;
    let got = draw(&snap(), None, &o);
    assert!(got.starts_with("\x1b[1mState\x1b[0m\n"), "{got:?}");
    // Padding stays outside the colour, widths count only visible text.
    assert!(
        got.contains("\x1b[32mESTABLISHED\x1b[0m\n\x1b[36mLISTEN\x1b[0m\n"),
        "{got:?}"
    );
}

#[test]
fn process_names_are_escaped_and_wide_characters_measured() {
    let s = snap();
    let mut map = ProcessMap::new(1);
    map.insert(
        SockKey {
            netns: 1,
            inode: 100,
        },
        ProcessRef {
            pid: 7,
            name: "\x1b]0;pwned\x07日本".as_bytes().into(),
            fd: 3,
        },
    );
    let got = draw(&s, Some(&map), &opts(&[Column::Process, Column::Proto]));
    assert!(!got.contains('\x1b') && !got.contains('\x07'));
    let lines: Vec<&str> = got.lines().collect();
    assert_eq!(lines[1], "7/\\x1b]0;pwned\\x07日本  tcp");
    // "7/\x1b]0;pwned\x07" is 18 columns, 日本 4 more: 22, then the gap.
    assert_eq!(lines[0], format!("Process{}  Proto", " ".repeat(22 - 7)));
}

#[test]
fn info_columns_show_values_or_dashes() {
    let s = Snapshot {
        inet: vec![tcp_with_info(), sock(InetProto::Udp, LO, 53, LO, 0, 7)],
        ..Snapshot::default()
    };
    let got = draw(
        &s,
        None,
        &opts(&[Column::Proto, Column::Rtt, Column::Cwnd, Column::Cong]),
    );
    assert_eq!(
        got,
        "Proto  RTT(ms)  Cwnd  Cong\ntcp      1.234    10  cubic\nudp          -     -  -\n"
    );
}
