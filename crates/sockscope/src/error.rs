//! The library's error type. Every variant carries enough context (path,
//! protocol, offset) to be shown to a user as is. No printing here.

use std::path::PathBuf;

/// Result alias for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Errors the library returns. Partial data (a vanished process, an unreadable
/// fd) is not an error: it becomes a [`crate::model::Warning`] in the snapshot.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A netlink socket call failed (socket, bind, send, recv).
    #[error("netlink {op} failed: {source}")]
    Netlink {
        op: &'static str,
        #[source]
        source: std::io::Error,
    },
    /// The kernel answered a dump with an error code (in NLMSG_ERROR or in the
    /// NLMSG_DONE payload), e.g. ENOENT when a diag module is missing.
    #[error("netlink dump of {what} failed: {source}")]
    DumpRejected {
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
    /// A netlink message could not be decoded.
    #[error("malformed netlink message ({what}) at offset {offset}: {reason}")]
    Decode {
        what: &'static str,
        offset: usize,
        reason: &'static str,
    },
    /// A /proc file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    ProcRead {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Neither of two sources of a table could be read (e.g. ctnetlink,
    /// then its /proc fallback); both reasons are kept.
    #[error("cannot read {what}: {first}; {second}")]
    BothFailed {
        what: &'static str,
        first: Box<Error>,
        second: Box<Error>,
    },
    /// A /proc file had a line we could not parse.
    #[error("{}:{line}: {reason}", path.display())]
    ProcParse {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    /// A socket kind has no source this build can read (e.g. MPTCP has no
    /// /proc table; SCTP without sctp_diag nor /proc/net/sctp).
    #[error("{what}: {reason}")]
    Unsupported {
        what: &'static str,
        reason: &'static str,
    },
    /// A socket needed for interface ioctls could not be opened.
    #[error("cannot open a socket for {what}: {source}")]
    Socket {
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
    /// A network namespace file could not be opened or entered.
    #[error("cannot {op} network namespace {}: {source}", path.display())]
    Netns {
        path: PathBuf,
        op: &'static str,
        #[source]
        source: std::io::Error,
    },
    /// A file given as a network namespace is not one (not on nsfs).
    #[error("{} is not a network namespace file", path.display())]
    NotNetns { path: PathBuf },
    /// A `--netns` word that names no namespace form.
    #[error("bad network namespace `{spec}`: {reason}")]
    NetnsSpec { spec: String, reason: &'static str },
    /// A visitor (see [`crate::visit`]) asked to end the walk early; why
    /// is the visitor's own business.
    #[error("stopped by the caller")]
    Stopped,
}
