//! The modern terminal table of sockets: the chosen columns, sized to their
//! content, never truncated. Numbers are right-aligned, text left-aligned;
//! the last column is not padded (no trailing blanks). Columns are
//! separated by two spaces, or one when two would make the table wider than
//! the terminal; a table wider than the terminal stays wide (the terminal
//! wraps or the pager scrolls) rather than losing characters.
//!
//! Colour (`style.rs`) is the caller's decision (`TableOptions::color`):
//! the CLI enables it only on a terminal without `NO_COLOR`. Everything
//! shown is escaped by `rows.rs`, so no cell can carry a control character.

mod style;

use std::io;

use sockscope::model::{Snapshot, Warning};
use sockscope::{Socket, SocketRef};
use unicode_width::UnicodeWidthStr;

use crate::columns::{Column, Kind};
use crate::printer::SocketPrinter;
use crate::rows::{self, Cells as _, Context, Row, Style};

/// How to draw the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableOptions {
    pub columns: Vec<Column>,
    /// Emit SGR colour codes.
    pub color: bool,
    /// Terminal width, when writing to a terminal.
    pub width: Option<usize>,
    /// Print the header line.
    pub header: bool,
}

/// Append the table of every socket in `snap` to `out`, in snapshot
/// order. The caller has already selected the rows (`-l`/`-a`, filters).
pub fn render(snap: &Snapshot, ctx: &Context<'_>, opts: &TableOptions, out: &mut String) {
    render_rows(&rows::rows(snap), ctx, opts, out);
}

/// The table as a [`SocketPrinter`]: sized to its content, so every
/// socket is held until [`finish`](SocketPrinter::finish) draws it and
/// writes it to `out` in one write.
pub struct TablePrinter<'a, W: io::Write> {
    ctx: Context<'a>,
    opts: &'a TableOptions,
    held: Vec<Socket>,
    out: W,
}

impl<'a, W: io::Write> TablePrinter<'a, W> {
    pub fn new(ctx: Context<'a>, opts: &'a TableOptions, out: W) -> Self {
        TablePrinter {
            ctx,
            opts,
            held: Vec::new(),
            out,
        }
    }
}

impl<W: io::Write> std::fmt::Debug for TablePrinter<'_, W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TablePrinter")
            .field("opts", self.opts)
            .field("held", &self.held.len())
            .finish_non_exhaustive()
    }
}

impl<W: io::Write> SocketPrinter for TablePrinter<'_, W> {
    fn header(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn socket(&mut self, s: SocketRef<'_>) -> io::Result<()> {
        self.held.push(s.to_owned());
        Ok(())
    }

    /// Draw and write the table (warnings go elsewhere).
    fn finish(&mut self, _warnings: &[Warning]) -> io::Result<()> {
        let rows: Vec<Row<'_>> = self.held.iter().map(Socket::as_ref).collect();
        let mut text = String::new();
        render_rows(&rows, &self.ctx, self.opts, &mut text);
        self.out.write_all(text.as_bytes())?;
        self.out.flush()
    }
}

/// As [`render`], for rows already chosen and ordered.
pub fn render_rows(rows: &[Row<'_>], ctx: &Context<'_>, opts: &TableOptions, out: &mut String) {
    let cols = &opts.columns;
    if cols.is_empty() {
        return;
    }
    let cells = Cells::of(rows, cols, ctx);
    let mut widths: Vec<usize> = if opts.header {
        cols.iter().map(|c| c.header().width()).collect()
    } else {
        vec![0; cols.len()]
    };
    for (i, width) in cells.widths.iter().enumerate() {
        let w = &mut widths[i % cols.len()];
        *w = (*w).max(*width as usize);
    }
    let gap = gap(&widths, opts.width);
    if opts.header {
        let headers: Vec<&str> = cols.iter().map(|c| c.header()).collect();
        line(out, cols, &widths, gap, &headers, |_, text| {
            style::paint(text, style::HEADER, opts.color)
        });
    }
    let mut texts: Vec<&str> = Vec::with_capacity(cols.len());
    for (r, row) in rows.iter().enumerate() {
        texts.clear();
        texts.extend((0..cols.len()).map(|c| cells.get(r * cols.len() + c)));
        line(out, cols, &widths, gap, &texts, |col, text| match col {
            Column::State => style::paint(text, style::for_state(row.state()), opts.color),
            _ => text.to_owned(),
        });
    }
}

/// Every cell's text in one string (a table of 200k rows held as one
/// `String` per cell took five times the memory of its sockets): cell `i`
/// (row-major) ends at `ends[i]`, and is `widths[i]` columns wide.
struct Cells {
    text: String,
    ends: Vec<usize>,
    widths: Vec<u32>,
}

impl Cells {
    fn of(rows: &[Row<'_>], cols: &[Column], ctx: &Context<'_>) -> Cells {
        let n = rows.len() * cols.len();
        let mut cells = Cells {
            text: String::new(),
            ends: Vec::with_capacity(n),
            widths: Vec::with_capacity(n),
        };
        for r in rows {
            for c in cols {
                let start = cells.text.len();
                match r.text(*c, ctx, Style::Human) {
                    Some(t) => cells.text.push_str(&t),
                    None => cells.text.push('-'),
                }
                let width = cells.text[start..].width();
                cells.ends.push(cells.text.len());
                cells.widths.push(u32::try_from(width).unwrap_or(u32::MAX));
            }
        }
        cells
    }

    fn get(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p]);
        &self.text[start..self.ends[i]]
    }
}

/// Two spaces between columns, one if two overflow the terminal.
fn gap(widths: &[usize], terminal: Option<usize>) -> usize {
    let content: usize = widths.iter().sum();
    let seps = widths.len().saturating_sub(1);
    match terminal {
        Some(t) if content + 2 * seps > t => 1,
        _ => 2,
    }
}

/// One line: each cell padded to its column's width (right-aligned for
/// numbers), the last one unpadded; `paint` wraps the text, not the padding.
fn line(
    out: &mut String,
    cols: &[Column],
    widths: &[usize],
    gap: usize,
    texts: &[&str],
    paint: impl Fn(Column, &str) -> String,
) {
    let last = cols.len() - 1;
    for (i, ((col, w), text)) in cols.iter().zip(widths).zip(texts).enumerate() {
        let pad = w.saturating_sub(text.width());
        let painted = paint(*col, text);
        if col.kind() == Kind::Number {
            push_spaces(out, pad);
            out.push_str(&painted);
        } else {
            out.push_str(&painted);
            if i != last {
                push_spaces(out, pad);
            }
        }
        if i != last {
            push_spaces(out, gap);
        }
    }
    out.push('\n');
}

fn push_spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

#[cfg(test)]
mod tests;
