//! The one trait every socket format implements — classic netstat text,
//! the modern table, CSV, JSON and NDJSON — so that a command streams the
//! pipeline's sockets into any of them the same way: [`header`] once,
//! [`socket`] for each socket in listing order, [`finish`] with the
//! warnings met. Sorting is done once, here, by [`Sorted`], for every
//! format. Printers write to the `io::Write` they were given (the binary
//! gives a buffered stdout: that is the one place output is batched).
//!
//! [`header`]: SocketPrinter::header
//! [`socket`]: SocketPrinter::socket
//! [`finish`]: SocketPrinter::finish

use std::io;

use sockscope::model::Warning;
use sockscope::{Socket, SocketRef};

use crate::columns::SortKey;
use crate::rows::{self, Context, Row};

/// A socket format.
pub trait SocketPrinter {
    /// What comes before the first socket (a title, a document's opening).
    fn header(&mut self) -> io::Result<()>;
    /// One socket, in listing order.
    fn socket(&mut self, s: SocketRef<'_>) -> io::Result<()>;
    /// What comes after the last socket. Formats that carry warnings in
    /// their output (JSON, NDJSON) write `warnings` there; the others
    /// ignore them (see [`writes_warnings`](Self::writes_warnings)).
    fn finish(&mut self, warnings: &[Warning]) -> io::Result<()>;
    /// Write out what is ready, when an error ends the listing early (the
    /// rows already listed are shown, then the error).
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
    /// Does [`finish`](Self::finish) put the warnings into the output?
    /// When not, the caller says them elsewhere (stderr).
    fn writes_warnings(&self) -> bool {
        false
    }
}

impl<P: SocketPrinter + ?Sized> SocketPrinter for Box<P> {
    fn header(&mut self) -> io::Result<()> {
        (**self).header()
    }
    fn socket(&mut self, s: SocketRef<'_>) -> io::Result<()> {
        (**self).socket(s)
    }
    fn finish(&mut self, warnings: &[Warning]) -> io::Result<()> {
        (**self).finish(warnings)
    }
    fn flush(&mut self) -> io::Result<()> {
        (**self).flush()
    }
    fn writes_warnings(&self) -> bool {
        (**self).writes_warnings()
    }
}

/// A printer fed in `keys` order: the sockets are held until
/// [`finish`](SocketPrinter::finish), then each kind's (internet, UNIX,
/// packet, netlink) sorted by the keys (ties keep listing order) and
/// handed on. Without keys it holds nothing and passes sockets through.
pub struct Sorted<'a, P> {
    inner: P,
    keys: &'a [SortKey],
    ctx: Context<'a>,
    held: Vec<Socket>,
}

impl<'a, P: SocketPrinter> Sorted<'a, P> {
    pub fn new(inner: P, keys: &'a [SortKey], ctx: Context<'a>) -> Sorted<'a, P> {
        Sorted {
            inner,
            keys,
            ctx,
            held: Vec::new(),
        }
    }
}

impl<P> std::fmt::Debug for Sorted<'_, P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sorted")
            .field("keys", &self.keys)
            .field("held", &self.held.len())
            .finish_non_exhaustive()
    }
}

/// Listing rank of a socket's kind: kinds never mix when sorted.
fn rank(s: &Socket) -> u8 {
    match s {
        Socket::Inet(_) => 0,
        Socket::Unix(_) => 1,
        Socket::Packet(_) => 2,
        Socket::Netlink(_) => 3,
    }
}

impl<P: SocketPrinter> SocketPrinter for Sorted<'_, P> {
    fn header(&mut self) -> io::Result<()> {
        self.inner.header()
    }

    fn socket(&mut self, s: SocketRef<'_>) -> io::Result<()> {
        if self.keys.is_empty() {
            return self.inner.socket(s);
        }
        self.held.push(s.to_owned());
        Ok(())
    }

    fn finish(&mut self, warnings: &[Warning]) -> io::Result<()> {
        let held = std::mem::take(&mut self.held);
        for r in 0..4 {
            let mut group: Vec<Row<'_>> = held
                .iter()
                .filter(|s| rank(s) == r)
                .map(Socket::as_ref)
                .collect();
            rows::sort(&mut group, self.keys, &self.ctx);
            group.iter().try_for_each(|row| self.inner.socket(*row))?;
        }
        self.inner.finish(warnings)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }

    fn writes_warnings(&self) -> bool {
        self.inner.writes_warnings()
    }
}
