//! Socket state sets: a bit per kernel TCP state number (include/net/
//! tcp_states.h), the state names ss accepts (`established`, `syn-recv`,
//! ..., and the groups `all`, `connected`, `synchronized`, `bucket`, `big`),
//! plus netstat's spellings (`ESTABLISHED`, `TIME_WAIT`, `LISTEN`, ...).
//! Matching is case-insensitive, as in ss.

/// A set of kernel state numbers (bit n = state n).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct StateSet(pub u32);

const fn bit(n: u32) -> u32 {
    1 << n
}

pub const ESTABLISHED: u32 = 1;
pub const SYN_SENT: u32 = 2;
pub const SYN_RECV: u32 = 3;
pub const FIN_WAIT1: u32 = 4;
pub const FIN_WAIT2: u32 = 5;
pub const TIME_WAIT: u32 = 6;
pub const CLOSE: u32 = 7;
pub const CLOSE_WAIT: u32 = 8;
pub const LAST_ACK: u32 = 9;
pub const LISTEN: u32 = 10;
pub const CLOSING: u32 = 11;
pub const NEW_SYN_RECV: u32 = 12;
pub const BOUND_INACTIVE: u32 = 13;

impl StateSet {
    /// ss's `SS_ALL`: states 0 (unknown) through CLOSING.
    pub const SS_ALL: StateSet = StateSet(bit(12) - 1);
    /// Every state number this build knows (0-13).
    pub const EVERY: StateSet = StateSet(bit(14) - 1);
    /// ss's default without `-a`, `-l` or a state filter (`SS_CONN`): all
    /// but LISTEN, CLOSE, TIME-WAIT and SYN-RECV.
    pub const SS_CONN: StateSet =
        StateSet(Self::SS_ALL.0 & !(bit(LISTEN) | bit(CLOSE) | bit(TIME_WAIT) | bit(SYN_RECV)));

    /// The empty set.
    pub const fn empty() -> StateSet {
        StateSet(0)
    }
    /// Does the set hold state number `n`? NEW_SYN_RECV counts as
    /// SYN-RECV (the kernel reports request sockets as SYN-RECV).
    pub fn contains(self, n: u8) -> bool {
        let n = if u32::from(n) == NEW_SYN_RECV {
            SYN_RECV
        } else {
            u32::from(n)
        };
        n < 32 && self.0 & bit(n) != 0
    }
    /// Union.
    pub fn union(self, o: StateSet) -> StateSet {
        StateSet(self.0 | o.0)
    }
    /// This set without `o`.
    pub fn without(self, o: StateSet) -> StateSet {
        StateSet(self.0 & !o.0)
    }
    /// True when no state is in the set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// The set a state word names, or `None` when unknown. Case-insensitive.
pub fn parse_state(word: &str) -> Option<StateSet> {
    let w = word.to_ascii_lowercase();
    let all = StateSet::SS_ALL.0;
    let one = |n: u32| Some(StateSet(bit(n)));
    match w.as_str() {
        // ss's words (scan_state) and aliases.
        "all" => Some(StateSet::SS_ALL),
        "connected" => Some(StateSet(all & !(bit(CLOSE) | bit(LISTEN)))),
        "synchronized" => Some(StateSet(all & !(bit(CLOSE) | bit(LISTEN) | bit(SYN_SENT)))),
        "bucket" => Some(StateSet(bit(SYN_RECV) | bit(TIME_WAIT))),
        "big" => Some(StateSet(all & !(bit(SYN_RECV) | bit(TIME_WAIT)))),
        "unknown" => one(0),
        "established" | "estab" => one(ESTABLISHED),
        "syn-sent" | "syn_sent" => one(SYN_SENT),
        "syn-recv" | "syn-rcv" | "syn_recv" => one(SYN_RECV),
        "fin-wait-1" | "fin_wait1" => one(FIN_WAIT1),
        "fin-wait-2" | "fin_wait2" => one(FIN_WAIT2),
        "time-wait" | "time_wait" => one(TIME_WAIT),
        "closed" | "close" | "unconnected" | "unconn" => one(CLOSE),
        "close-wait" | "close_wait" => one(CLOSE_WAIT),
        "last-ack" | "last_ack" => one(LAST_ACK),
        "listening" | "listen" => one(LISTEN),
        "closing" => one(CLOSING),
        "bound-inactive" | "bound_inactive" => one(BOUND_INACTIVE),
        _ => None,
    }
}

/// The state words accepted, for messages.
pub const STATE_WORDS: &str = "established, syn-sent, syn-recv, fin-wait-1, fin-wait-2, \
time-wait, closed, close-wait, last-ack, listening, closing, bound-inactive, \
or a group: all, connected, synchronized, bucket, big";

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn groups_match_ss() {
        assert_eq!(parse_state("all"), Some(StateSet(0x0fff)));
        assert_eq!(StateSet::SS_CONN.0, 0x0fff & !(0x400 | 0x80 | 0x40 | 0x8));
        let bucket = parse_state("BUCKET").unwrap_or_default();
        assert!(bucket.contains(3) && bucket.contains(6) && !bucket.contains(1));
        let conn = parse_state("connected").unwrap_or_default();
        assert!(conn.contains(6) && !conn.contains(10) && !conn.contains(7));
        let sync = parse_state("synchronized").unwrap_or_default();
        assert!(!sync.contains(2) && sync.contains(1));
        let big = parse_state("big").unwrap_or_default();
        assert!(!big.contains(3) && big.contains(10));
    }

    #[test]
    fn names_and_aliases() {
        for (w, n) in [
            ("Established", 1),
            ("syn-rcv", 3),
            ("close", 7),
            ("closed", 7),
            ("TIME_WAIT", 6),
            ("LISTEN", 10),
            ("listening", 10),
        ] {
            assert_eq!(parse_state(w), Some(StateSet(1 << n)), "{w}");
        }
        assert_eq!(parse_state("new-syn-recv"), None);
        assert_eq!(parse_state("bogus"), None);
    }

    #[test]
    fn new_syn_recv_counts_as_syn_recv() {
        assert!(StateSet(1 << 3).contains(12));
        assert!(!StateSet(1 << 12).contains(200));
    }
}
