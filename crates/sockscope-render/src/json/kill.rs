//! JSON report of `sockscope kill`, schema `sockscope.kill/1` (documented
//! in crates/sockscope-cli/KILL.md): one document `{"schema", "dry_run",
//! "sockets", "warnings"}` where every socket the filter selected is one
//! object: an `"outcome"` (`killed`, `gone`, `failed`, `not_tried`, or
//! `would_kill` in a dry run), `"error"` and `"errno"` for a failure, and
//! then the fields of a `sockscope.socket/1` socket.

use std::io;

use serde::Serialize;
use sockscope::kill::Outcome;
use sockscope::model::{InetSocket, ProcessMap, Warning};
use sockscope::names::Resolver;

use super::line;
use super::wire::{Converter, Inet, WireWarning};

/// Schema of the kill report.
pub const KILL_SCHEMA: &str = "sockscope.kill/1";

#[derive(Debug, Serialize)]
struct Entry<'a> {
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errno: Option<i32>,
    #[serde(flatten)]
    socket: Inet<'a>,
}

#[derive(Debug, Serialize)]
struct Document<'a> {
    schema: &'static str,
    dry_run: bool,
    sockets: Vec<Entry<'a>>,
    warnings: Vec<WireWarning<'a>>,
}

/// What to report: the selected sockets and, unless this was a dry run,
/// what happened to each (`outcomes[i]` is about `sockets[i]`; a missing
/// outcome is reported as `not_tried`).
#[derive(Debug, Clone, Copy)]
pub struct KillReport<'a> {
    pub sockets: &'a [InetSocket],
    /// `None`: a dry run.
    pub outcomes: Option<&'a [Outcome]>,
    pub processes: Option<&'a ProcessMap>,
    pub warnings: &'a [Warning],
}

/// Append the report document (one line) to `out`.
pub fn render_kill(r: &KillReport<'_>, names: &dyn Resolver, out: &mut Vec<u8>) -> io::Result<()> {
    let conv = Converter::new(names, r.processes, None);
    let sockets = r
        .sockets
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (outcome, error, errno) = match r.outcomes {
                None => ("would_kill", None, None),
                Some(o) => match o.get(i) {
                    Some(Outcome::Destroyed) => ("killed", None, None),
                    Some(Outcome::AlreadyGone) => ("gone", None, None),
                    Some(Outcome::Failed(e)) => ("failed", Some(e.to_string()), e.errno()),
                    Some(Outcome::NotTried) | None => ("not_tried", None, None),
                },
            };
            Entry {
                outcome,
                error,
                errno,
                socket: conv.inet(s),
            }
        })
        .collect();
    let doc = Document {
        schema: KILL_SCHEMA,
        dry_run: r.outcomes.is_none(),
        sockets,
        warnings: r.warnings.iter().map(|w| conv.warning(w)).collect(),
    };
    line(out, &doc)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::Value;
    use sockscope::kill::DestroyError;
    use sockscope::model::{Family, InetProto, Timer};
    use sockscope::names::Numeric;
    use std::net::{IpAddr, Ipv4Addr};

    fn sock(port: u16) -> InetSocket {
        InetSocket {
            netns: 0,
            proto: InetProto::Tcp,
            family: Family::Inet,
            local: IpAddr::V4(Ipv4Addr::LOCALHOST),
            local_port: port,
            remote: IpAddr::V4(Ipv4Addr::LOCALHOST),
            remote_port: 18011,
            state: sockscope::model::TcpState::Established,
            recv_q: 0,
            send_q: 0,
            uid: 0,
            inode: 7,
            timer: Timer::default(),
            ifindex: 0,
            cookie: 99,
            raw_protocol: 0,
            details: None,
        }
    }

    fn doc(r: &KillReport<'_>) -> Value {
        let mut out = Vec::new();
        render_kill(r, &Numeric, &mut out).unwrap();
        assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 1);
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn outcomes_and_socket_fields_side_by_side() {
        let socks = [sock(1), sock(2), sock(3), sock(4)];
        let outcomes = [
            Outcome::Destroyed,
            Outcome::AlreadyGone,
            Outcome::Failed(DestroyError::PermissionDenied),
            Outcome::NotTried,
        ];
        let v = doc(&KillReport {
            sockets: &socks,
            outcomes: Some(&outcomes),
            processes: None,
            warnings: &[],
        });
        assert_eq!(v["schema"], KILL_SCHEMA);
        assert_eq!(v["dry_run"], false);
        let s = v["sockets"].as_array().unwrap();
        let got: Vec<&str> = s.iter().map(|e| e["outcome"].as_str().unwrap()).collect();
        assert_eq!(got, ["killed", "gone", "failed", "not_tried"]);
        assert_eq!(s[0]["local"]["port"], 1);
        assert_eq!(s[0]["state"], "ESTABLISHED");
        assert_eq!(s[0]["cookie"], 99);
        assert!(s[0].get("error").is_none());
        assert_eq!(s[2]["error"], "permission denied (needs CAP_NET_ADMIN)");
        assert_eq!(s[2]["errno"], 1); // EPERM
        assert_eq!(v["warnings"], Value::Array(Vec::new()));
    }

    #[test]
    fn dry_run_would_kill_everything_listed() {
        let socks = [sock(1)];
        let w = [Warning::ProcessVanished { pid: 5 }];
        let v = doc(&KillReport {
            sockets: &socks,
            outcomes: None,
            processes: None,
            warnings: &w,
        });
        assert_eq!(v["dry_run"], true);
        assert_eq!(v["sockets"][0]["outcome"], "would_kill");
        assert_eq!(v["warnings"][0]["kind"], "process_vanished");
    }
}
