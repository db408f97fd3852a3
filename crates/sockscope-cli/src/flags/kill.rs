//! `sockscope kill FILTER`: the clap definition of its arguments (the same
//! filter inputs as `conns`) and their resolution into one run, pure. The
//! command itself is `cmd/kill.rs`.

use clap::Args;
use sockscope::filter::ast::{Expr, Pred};
use sockscope::filter::StateSet;
use sockscope::model::{Family, InetProto};

use super::filter::FilterArgs;

const KILL_AFTER_HELP: &str = "\
Destroys the sockets the filter selects, as `ss -K` does (SOCK_DESTROY;
needs CAP_NET_ADMIN and a kernel with CONFIG_INET_DIAG_DESTROY). TCP
sockets are aborted: their owner's next call fails with ECONNABORTED and
the peer receives a reset. With -u, UDP sockets are disconnected (a
pending call fails); one bound to a port stays bound.

A filter is required: give an ss expression (`dport = :443`,
`src 10.0.0.0/8`) or a plain flag (--port, --pid, ...). Without a state
in the filter (and without -a), only connected sockets are killed, as ss
does: never listeners, TIME-WAIT or SYN-RECV sockets. `state listening`
or -a reach them. Options go before the filter expression: every word
after its first belongs to it.

Prints the sockets killed (a table, or --json), a summary on stderr.
Exit status: 0 when every selected socket was killed or was already
gone (also when none matched); 1 when one could not be killed (e.g. no
permission: nothing is killed then); 2 for a bad command line, a
malformed filter or no filter at all.";

/// `sockscope kill`: destroy the sockets a filter selects.
#[derive(Debug, Clone, Default, Args)]
#[command(after_help = KILL_AFTER_HELP)]
pub struct KillArgs {
    /// TCP sockets (the default)
    #[arg(short = 't', long)]
    pub tcp: bool,
    /// UDP sockets (disconnected rather than closed, see below)
    #[arg(short = 'u', long)]
    pub udp: bool,
    /// IPv4 only
    #[arg(short = '4', long)]
    pub ipv4: bool,
    /// IPv6 only
    #[arg(short = '6', long)]
    pub ipv6: bool,
    /// Every state, listeners included (default: connected sockets only)
    #[arg(short = 'a', long)]
    pub all: bool,
    /// Show the processes holding each socket (Process column)
    #[arg(short = 'p', long)]
    pub programs: bool,
    /// Show user ids, not names
    #[arg(short = 'n', long)]
    pub numeric: bool,
    /// List the sockets that would be killed; kill nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Print the report as one JSON document (schema sockscope.kill/1)
    #[arg(long)]
    pub json: bool,
    /// Leave out the header line of the table
    #[arg(long)]
    pub no_header: bool,
    /// The filter: ss expression, --filter FILE, plain flags, --no-pushdown
    #[command(flatten)]
    pub filter: super::filter_opts::FilterOpts,
}

impl KillArgs {
    /// The filter part of the command line, as the filter front ends take it.
    pub fn filter_args(&self) -> FilterArgs {
        self.filter.args()
    }

    /// Protocols to kill: those named, TCP when none is.
    pub fn protos(&self) -> Vec<InetProto> {
        let mut v = Vec::new();
        if self.tcp || !self.udp {
            v.push(InetProto::Tcp);
        }
        if self.udp {
            v.push(InetProto::Udp);
        }
        v
    }

    /// Families: `-4`/`-6` alone narrow, both or neither mean both.
    pub fn families(&self) -> Vec<Family> {
        match (self.ipv4, self.ipv6) {
            (true, false) => vec![Family::Inet],
            (false, true) => vec![Family::Inet6],
            _ => vec![Family::Inet, Family::Inet6],
        }
    }
}

/// The states a kill reaches when neither the filter nor `-a` says:
/// ss's default (`SS_CONN`, what `ss -K` without `-a`, `-l` or a state
/// kills): no LISTEN, CLOSE (unconnected UDP), TIME-WAIT or SYN-RECV.
pub fn default_states() -> Expr {
    Expr::Pred(Pred::State(StateSet::SS_CONN))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::modern::{parse, Command};
    use super::*;
    use sockscope::filter::plain::PlainFlag;

    fn kill(s: &str) -> KillArgs {
        let args: Vec<Vec<u8>> = s
            .split_whitespace()
            .map(|w| w.as_bytes().to_vec())
            .collect();
        match parse(&args).unwrap().command {
            Command::Kill(k) => *k,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn expression_words_and_plain_flags() {
        let k = kill("kill --dry-run -6 dport = :443 --port 80");
        assert!(k.dry_run && k.ipv6 && !k.json);
        let f = k.filter_args();
        assert_eq!(f.words, vec!["dport", "=", ":443", "--port", "80"]);
        let k = kill("kill --port 80 --pid 7 -a sport = :22");
        let f = k.filter_args();
        assert_eq!(
            f.plain,
            vec![
                (PlainFlag::Port, "80".to_owned()),
                (PlainFlag::Pid, "7".to_owned())
            ]
        );
        assert_eq!(f.words, vec!["sport", "=", ":22"]);
        assert!(k.all);
        assert!(kill("kill").filter_args().is_empty());
    }

    #[test]
    fn protocols_and_families() {
        assert_eq!(kill("kill x").protos(), vec![InetProto::Tcp]);
        assert_eq!(kill("kill -u x").protos(), vec![InetProto::Udp]);
        assert_eq!(
            kill("kill -tu x").protos(),
            vec![InetProto::Tcp, InetProto::Udp]
        );
        assert_eq!(kill("kill -4 x").families(), vec![Family::Inet]);
        assert_eq!(kill("kill -46 x").families().len(), 2);
    }

    #[test]
    fn default_states_are_ss_connected() {
        let Expr::Pred(Pred::State(s)) = default_states() else {
            panic!()
        };
        for (state, kept) in [
            (1, true),
            (10, false),
            (6, false),
            (3, false),
            (12, false),
            (7, false),
            (8, true),
        ] {
            assert_eq!(s.contains(state), kept, "state {state}");
        }
    }
}
