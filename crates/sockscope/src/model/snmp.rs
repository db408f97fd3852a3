//! Protocol statistics (`netstat -s`): the kernel's SNMP-style counters as
//! plain data, block by block ("Ip", "TcpExt", "Icmp6", ...) and counter by
//! counter, named exactly as the kernel names them and in the kernel's
//! order. Counters the kernel adds in a later release are kept like any
//! other: nothing here knows which counters exist.
//!
//! No sentences, no selection by protocol: those are the renderers' work.

use super::{Family, Warning};

/// The file a block was read from. Renderers that mimic netstat need it:
/// netstat reads each file with its own rules and tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatsSource {
    /// `/proc/net/snmp`: header line / value line pairs (Ip, Icmp, Tcp, ...).
    Snmp,
    /// `/proc/net/netstat`: same format (TcpExt, IpExt, MPTcpExt, ...).
    Netstat,
    /// `/proc/net/snmp6`: one "name value" line per counter (Ip6..., Icmp6...).
    Snmp6,
    /// `/proc/net/sctp/snmp`: one "name value" line per counter, one block.
    Sctp,
}

/// One counter. Values are what the kernel printed: almost all are unsigned
/// 64-bit, a few are signed (Tcp `MaxConn` is -1 on Linux), so the value is
/// kept in a type that holds both exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counter {
    pub name: String,
    pub value: i128,
}

/// One block of counters: the kernel's name for it ("Tcp", "IcmpMsg",
/// "Udp6") and its counters in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterBlock {
    pub name: String,
    pub source: StatsSource,
    pub counters: Vec<Counter>,
}

impl CounterBlock {
    /// The value of counter `name`, if the block has it.
    pub fn get(&self, name: &str) -> Option<i128> {
        self.counters
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.value)
    }
}

/// Every block read for one family, in the order netstat reads them.
///
/// IPv4 (`Family::Inet`): /proc/net/snmp, then /proc/net/netstat, then
/// /proc/net/sctp/snmp. IPv6: /proc/net/snmp6 (blocks cut where the name
/// prefix up to its first `6` changes: Ip6, Icmp6, Udp6, UdpLite6), then the
/// /proc/net/snmp blocks whose name starts with "Tcp" (the kernel keeps one
/// TCP MIB for both families; netstat -s -6 shows it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statistics {
    pub family: Family,
    pub blocks: Vec<CounterBlock>,
    /// Files or blocks that could not be read or parsed; the blocks above
    /// are everything that could.
    pub warnings: Vec<Warning>,
}

impl Statistics {
    /// The first block called `name`.
    pub fn block(&self, name: &str) -> Option<&CounterBlock> {
        self.blocks.iter().find(|b| b.name == name)
    }
}
