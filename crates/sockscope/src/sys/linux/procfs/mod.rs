//! /proc readers. (Being written.)

use crate::model::{Family, InetProto, InetSocket, ProcessMap, UnixSocket, Warning};
use crate::Result;

/// Read /proc/net/{tcp,tcp6,udp,...} for `proto`/`family`, appending to `out`.
pub fn read_inet(_proto: InetProto, _family: Family, _out: &mut Vec<InetSocket>) -> Result<()> {
    Ok(())
}

/// Read /proc/net/unix, appending to `out`.
pub fn read_unix(_out: &mut Vec<UnixSocket>) -> Result<()> {
    Ok(())
}

/// Scan /proc/*/fd into a socket → process map.
pub fn process_map(_warnings: &mut Vec<Warning>) -> Result<ProcessMap> {
    Ok(ProcessMap::new(0))
}
