//! The columns of the modern socket formats (table and CSV): their names on
//! the command line (`--columns`, `--sort`), their headers, which are numbers,
//! and the default sets. Pure data; what goes in a cell is `rows.rs`.

use std::fmt;

/// One column of the modern table and CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Proto,
    State,
    RecvQ,
    SendQ,
    Local,
    Remote,
    Process,
    User,
    Uid,
    Inode,
    Cookie,
    Timer,
    Rtt,
    RttVar,
    MinRtt,
    Rto,
    Cwnd,
    Ssthresh,
    Mss,
    Retrans,
    Lost,
    Unacked,
    BytesSent,
    BytesAcked,
    BytesReceived,
    BytesRetrans,
    DeliveryRate,
    PacingRate,
    LastSend,
    LastRecv,
    LastAck,
    Cong,
    Rmem,
    Wmem,
    Drops,
    Mark,
    Cgroup,
    Tos,
    Netns,
    Container,
    NoPid,
}

/// How a column's values compare and align.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text, sorted as text, left-aligned.
    Text,
    /// A number, sorted numerically, right-aligned.
    Number,
    /// An endpoint, sorted by address then port.
    Address,
}

/// (column, `--columns` name, table header, CSV header, kind).
const TABLE: &[(Column, &str, &str, &str, Kind)] = {
    use Column::*;
    use Kind::*;
    &[
        (Proto, "proto", "Proto", "proto", Text),
        (State, "state", "State", "state", Text),
        (RecvQ, "recv-q", "Recv-Q", "recv_q", Number),
        (SendQ, "send-q", "Send-Q", "send_q", Number),
        (Local, "local", "Local Address:Port", "local", Address),
        (Remote, "remote", "Peer Address:Port", "remote", Address),
        (Process, "process", "Process", "process", Text),
        (User, "user", "User", "user", Text),
        (Uid, "uid", "UID", "uid", Number),
        (Inode, "inode", "Inode", "inode", Number),
        (Cookie, "cookie", "Cookie", "cookie", Number),
        (Timer, "timer", "Timer", "timer", Text),
        (Rtt, "rtt", "RTT(ms)", "rtt_us", Number),
        (RttVar, "rttvar", "RTTvar(ms)", "rttvar_us", Number),
        (MinRtt, "min-rtt", "MinRTT(ms)", "min_rtt_us", Number),
        (Rto, "rto", "RTO(ms)", "rto_us", Number),
        (Cwnd, "cwnd", "Cwnd", "cwnd", Number),
        (Ssthresh, "ssthresh", "Ssthresh", "ssthresh", Number),
        (Mss, "mss", "MSS", "mss", Number),
        (Retrans, "retrans", "Retrans", "total_retrans", Number),
        (Lost, "lost", "Lost", "lost", Number),
        (Unacked, "unacked", "Unacked", "unacked", Number),
        (BytesSent, "bytes-sent", "Sent", "bytes_sent", Number),
        (BytesAcked, "bytes-acked", "Acked", "bytes_acked", Number),
        (
            BytesReceived,
            "bytes-received",
            "Received",
            "bytes_received",
            Number,
        ),
        (
            BytesRetrans,
            "bytes-retrans",
            "Retrans(B)",
            "bytes_retrans",
            Number,
        ),
        (
            DeliveryRate,
            "delivery-rate",
            "Delivery",
            "delivery_rate_bytes_per_sec",
            Number,
        ),
        (
            PacingRate,
            "pacing-rate",
            "Pacing",
            "pacing_rate_bytes_per_sec",
            Number,
        ),
        (
            LastSend,
            "last-send",
            "LastSnd(ms)",
            "last_data_sent_ms",
            Number,
        ),
        (
            LastRecv,
            "last-recv",
            "LastRcv(ms)",
            "last_data_recv_ms",
            Number,
        ),
        (
            LastAck,
            "last-ack",
            "LastAck(ms)",
            "last_ack_recv_ms",
            Number,
        ),
        (Cong, "cong", "Cong", "congestion", Text),
        (Rmem, "rmem", "Rmem", "rmem_alloc", Number),
        (Wmem, "wmem", "Wmem", "wmem_queued", Number),
        (Drops, "drops", "Drops", "drops", Number),
        (Mark, "mark", "Mark", "mark", Number),
        (Cgroup, "cgroup", "Cgroup", "cgroup", Text),
        (Tos, "tos", "TOS", "tos", Number),
        (Netns, "netns", "Netns", "netns", Text),
        (Container, "container", "Container", "container", Text),
        (NoPid, "no-pid", "No-PID", "no_pid", Text),
    ]
};

impl Column {
    /// Every column, in table order.
    pub fn all() -> impl Iterator<Item = Column> {
        TABLE.iter().map(|r| r.0)
    }

    fn row(self) -> &'static (Column, &'static str, &'static str, &'static str, Kind) {
        // Every variant has exactly one row (checked by a test); the
        // fallback keeps this total without a panic path.
        TABLE.iter().find(|r| r.0 == self).unwrap_or(&TABLE[0])
    }

    /// Name on the command line (`recv-q`, `bytes-acked`).
    pub fn name(self) -> &'static str {
        self.row().1
    }

    /// Header in the terminal table.
    pub fn header(self) -> &'static str {
        self.row().2
    }

    /// Header in CSV: the value's meaning and unit, snake case.
    pub fn csv_header(self) -> &'static str {
        self.row().3
    }

    /// How values compare and align.
    pub fn kind(self) -> Kind {
        self.row().4
    }

    /// Parse a `--columns` / `--sort` name; `_` may stand for `-`, case is
    /// ignored, and the CSV header is accepted too.
    pub fn parse(s: &str) -> Option<Column> {
        let want = s.trim().to_ascii_lowercase().replace('_', "-");
        TABLE
            .iter()
            .find(|r| r.1 == want || r.3.replace('_', "-") == want)
            .map(|r| r.0)
    }

    /// True for columns that need socket details (sock_diag extensions).
    pub fn needs_details(self) -> bool {
        use Column::*;
        matches!(
            self,
            Rtt | RttVar
                | MinRtt
                | Rto
                | Cwnd
                | Ssthresh
                | Mss
                | Retrans
                | Lost
                | Unacked
                | BytesSent
                | BytesAcked
                | BytesReceived
                | BytesRetrans
                | DeliveryRate
                | PacingRate
                | LastSend
                | LastRecv
                | LastAck
                | Cong
                | Rmem
                | Wmem
                | Drops
                | Mark
                | Cgroup
                | Tos
        )
    }

    /// True for columns that need the socket → process map.
    pub fn needs_processes(self) -> bool {
        matches!(self, Column::Process | Column::NoPid)
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The columns shown without `--columns`.
pub fn default_set(processes: bool, extended: bool, info: bool) -> Vec<Column> {
    use Column::*;
    let mut v = vec![Proto, State, RecvQ, SendQ, Local, Remote];
    if extended {
        v.extend([User, Inode]);
    }
    if info {
        v.extend([
            Rtt,
            Cwnd,
            Retrans,
            BytesSent,
            BytesAcked,
            BytesReceived,
            DeliveryRate,
            Cong,
        ]);
    }
    if processes {
        v.extend([Process, NoPid]);
    }
    v
}

/// Parse a comma-separated column list; the error names the unknown word.
pub fn parse_list(s: &str) -> Result<Vec<Column>, String> {
    s.split(',')
        .filter(|w| !w.trim().is_empty())
        .map(|w| Column::parse(w).ok_or_else(|| unknown(w)))
        .collect()
}

/// One `--sort` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortKey {
    pub column: Column,
    /// Largest first.
    pub descending: bool,
}

/// Parse `col[,col]`; a leading `-` sorts that column descending.
pub fn parse_sort(s: &str) -> Result<Vec<SortKey>, String> {
    s.split(',')
        .filter(|w| !w.trim().is_empty())
        .map(|w| {
            let w = w.trim();
            let (descending, name) = match w.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, w),
            };
            let column = Column::parse(name).ok_or_else(|| unknown(name))?;
            Ok(SortKey { column, descending })
        })
        .collect()
}

fn unknown(w: &str) -> String {
    let names: Vec<&str> = TABLE.iter().map(|r| r.1).collect();
    format!(
        "unknown column {:?} (known: {})",
        w.trim(),
        names.join(", ")
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_column_has_one_distinct_row() {
        let cols: Vec<Column> = Column::all().collect();
        assert_eq!(cols.len(), TABLE.len());
        assert_eq!(cols.iter().collect::<HashSet<_>>().len(), cols.len());
        for c in cols {
            assert_eq!(Column::parse(c.name()), Some(c));
            assert_eq!(Column::parse(c.csv_header()), Some(c));
            assert!(!c.header().is_empty());
        }
    }

    #[test]
    fn lists_and_sort_keys_parse_with_errors_naming_the_word() {
        assert_eq!(
            parse_list("proto, RECV_Q,local,").unwrap(),
            vec![Column::Proto, Column::RecvQ, Column::Local]
        );
        let e = parse_list("proto,bogus").unwrap_err();
        assert!(e.contains("\"bogus\"") && e.contains("recv-q"), "{e}");
        assert_eq!(
            parse_sort("-rtt,local").unwrap(),
            vec![
                SortKey {
                    column: Column::Rtt,
                    descending: true
                },
                SortKey {
                    column: Column::Local,
                    descending: false
                },
            ]
        );
        assert!(parse_sort("-").is_err());
    }

    #[test]
    fn default_sets() {
        assert_eq!(default_set(false, false, false).len(), 6);
        let all = default_set(true, true, true);
        assert_eq!(&all[all.len() - 2..], &[Column::Process, Column::NoPid]);
        assert!(all.contains(&Column::Cong) && all.contains(&Column::Inode));
        assert!(all.iter().any(|c| c.needs_details()));
        assert!(!default_set(true, true, false)
            .iter()
            .any(|c| c.needs_details()));
    }
}
