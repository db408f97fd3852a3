//! JSON and NDJSON wire format (versioned). (Being written.)

use sockscope::model::Snapshot;
use sockscope::names::Resolver;

/// Append the JSON document for `snap` to `out` (`ndjson`: one object per line).
pub fn render(_snap: &Snapshot, _names: &dyn Resolver, _ndjson: bool, _out: &mut Vec<u8>) {}
