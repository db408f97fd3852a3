//! RFC 4180 CSV of sockets: a header row of the columns' CSV names, then one
//! record per socket with the same columns as the table. Values are plain
//! (integers in the unit the header names: `rtt_us`, `bytes_acked`,
//! `delivery_rate_bytes_per_sec`); a value the socket does not have is an
//! empty field. Every field is written in full; the `csv` crate quotes
//! fields holding commas, quotes or line breaks, and lines end in CRLF as
//! RFC 4180 says. Untrusted text is escaped as in the table, so a cell never
//! holds a control character.

use std::io;

use sockscope::model::{Snapshot, Warning};
use sockscope::SocketRef;

use crate::columns::Column;
use crate::printer::SocketPrinter;
use crate::rows::{self, Cells, Context, Style};

/// Write the CSV of every socket in `snap`, in snapshot order, to `out`.
/// A failing write comes back as its own `io::Error` (a closed pipe stays
/// `BrokenPipe`, which the binary ends on quietly).
pub fn render<W: io::Write>(
    snap: &Snapshot,
    ctx: &Context<'_>,
    columns: &[Column],
    out: W,
) -> io::Result<()> {
    let mut w = CsvWriter::new(columns, *ctx, out);
    w.header()?;
    rows::rows(snap).iter().try_for_each(|r| w.socket(*r))?;
    w.finish(&[])
}

/// CSV written row by row after its header, for rows that are never all
/// held at once (a listing streamed from the kernel).
pub struct CsvWriter<'c, W: io::Write> {
    w: ::csv::Writer<W>,
    columns: &'c [Column],
    ctx: Context<'c>,
}

impl<W: io::Write> std::fmt::Debug for CsvWriter<'_, W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvWriter")
            .field("columns", &self.columns)
            .finish_non_exhaustive()
    }
}

impl<'c, W: io::Write> CsvWriter<'c, W> {
    /// CSV of `columns` on `out`; cells look names up in `ctx`.
    pub fn new(columns: &'c [Column], ctx: Context<'c>, out: W) -> Self {
        let w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(out);
        CsvWriter { w, columns, ctx }
    }
}

impl<W: io::Write> SocketPrinter for CsvWriter<'_, W> {
    /// The header row.
    fn header(&mut self) -> io::Result<()> {
        self.w
            .write_record(self.columns.iter().map(|c| c.csv_header()))
            .map_err(io_error)
    }

    /// One record.
    fn socket(&mut self, s: SocketRef<'_>) -> io::Result<()> {
        let r = s;
        let ctx = &self.ctx;
        self.w
            .write_record(
                self.columns
                    .iter()
                    .map(|c| r.text(*c, ctx, Style::Machine).unwrap_or_default()),
            )
            .map_err(io_error)
    }

    /// Write out what the CSV writer still holds (warnings go elsewhere).
    fn finish(&mut self, _warnings: &[Warning]) -> io::Result<()> {
        self.w.flush()
    }
}

/// The writer's own error out of a `csv::Error` (which would otherwise
/// become an `io::Error` of kind `Other` wrapping it).
fn io_error(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("CSV: {other:?}")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::rows::tests::{ctx_names, tcp_with_info, Names};
    use sockscope::model::{ProcessMap, ProcessRef, SockKey};

    fn parse(bytes: &[u8]) -> Vec<Vec<String>> {
        let mut r = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes);
        r.records()
            .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    /// A writer whose reader went away.
    struct ClosedPipe;

    impl io::Write for ClosedPipe {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_stays_broken_pipe() {
        // More than the csv crate's buffer, so a record's write fails.
        let snap = Snapshot {
            inet: vec![tcp_with_info(); 2000],
            ..Snapshot::default()
        };
        let names = Names;
        let ctx = ctx_names(&names, None);
        let e = render(&snap, &ctx, &[Column::Local, Column::Remote], ClosedPipe).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::BrokenPipe, "{e:?}");
    }

    #[test]
    fn header_then_plain_values_and_empty_for_missing() {
        let snap = Snapshot {
            inet: vec![tcp_with_info()],
            ..Snapshot::default()
        };
        let names = Names;
        let ctx = ctx_names(&names, None);
        let cols = [
            Column::Proto,
            Column::Local,
            Column::Rtt,
            Column::DeliveryRate,
            Column::Process,
        ];
        let mut out = Vec::new();
        render(&snap, &ctx, &cols, &mut out).unwrap();
        assert!(out.ends_with(b"\r\n"));
        let recs = parse(&out);
        assert_eq!(
            recs[0],
            [
                "proto",
                "local",
                "rtt_us",
                "delivery_rate_bytes_per_sec",
                "process"
            ]
        );
        assert_eq!(recs[1], ["tcp", "127.0.0.1:22", "1234", "1500000", ""]);
    }

    #[test]
    fn fields_with_commas_quotes_and_newlines_are_quoted_and_escaped() {
        let snap = Snapshot {
            inet: vec![tcp_with_info()],
            ..Snapshot::default()
        };
        let mut map = ProcessMap::new(1);
        for (pid, name) in [(7u32, &b"a,b \"q\""[..]), (8, b"nl\nx")] {
            map.insert(
                SockKey {
                    netns: 1,
                    inode: snap.inet[0].inode,
                },
                ProcessRef {
                    pid,
                    name: name.into(),
                    fd: 3,
                },
            );
        }
        let names = Names;
        let ctx = ctx_names(&names, Some(&map));
        let mut out = Vec::new();
        render(&snap, &ctx, &[Column::Process, Column::State], &mut out).unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        // RFC 4180: the field is quoted and inner quotes are doubled; the
        // newline was escaped visibly before it got there.
        assert!(text.contains("\"7/a,b \"\"q\"\",8/nl\\x0ax\""), "{text}");
        assert_eq!(parse(&out)[1], ["7/a,b \"q\",8/nl\\x0ax", "ESTABLISHED"]);
    }
}
