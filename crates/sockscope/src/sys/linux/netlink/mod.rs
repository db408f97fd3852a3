//! sock_diag over NETLINK_SOCK_DIAG. (Being written.)

use crate::model::{Family, InetProto, InetSocket, UnixSocket};
use crate::{Error, Result};

/// Dump every socket of `proto`/`family` in this network namespace, appending
/// to `out` in kernel order.
pub fn dump_inet(_proto: InetProto, _family: Family, _out: &mut Vec<InetSocket>) -> Result<()> {
    Err(Error::Netlink {
        op: "dump",
        source: std::io::Error::from(std::io::ErrorKind::Unsupported),
    })
}

/// Dump every UNIX socket in this network namespace, appending to `out`.
pub fn dump_unix(_out: &mut Vec<UnixSocket>) -> Result<()> {
    Err(Error::Netlink {
        op: "dump",
        source: std::io::Error::from(std::io::ErrorKind::Unsupported),
    })
}
