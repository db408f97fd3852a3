//! The plain-flag front end: `--port`, `--sport`, `--dport`, `--state`,
//! `--remote`, `--local`, `--pid`, `--process`, `--user`, into the same AST.
//!
//! Rules: a value may list alternatives separated by commas (`--port
//! 22,80`, `--state listen,established`), except `--process`; giving the
//! same flag again adds alternatives; different flags must all hold.
//! Ports are numbers, service names or ranges `LO-HI`. `--remote` and
//! `--local` take what ss's `dst`/`src` take (`10.0.0.0/8`, `[::1]:22`,
//! host names). `--process` is an unanchored regular expression over the
//! program name, as pgrep reads its pattern (`^sshd$` for an exact name).
//! `--user` is a login name or a uid.

use super::ast::NameMatch;
use super::ast::{Expr, PortOp, Pred, Side};
use super::error::FilterError;
use super::hostcond::{parse_host, Host};
use super::lookup::Lookup;
use super::states::{parse_state, STATE_WORDS};

/// A plain filter flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlainFlag {
    Port,
    Sport,
    Dport,
    State,
    Remote,
    Local,
    Pid,
    Process,
    User,
}

impl PlainFlag {
    /// Every plain flag, in the order they are listed (and compiled).
    pub const ALL: [PlainFlag; 9] = [
        PlainFlag::Port,
        PlainFlag::Sport,
        PlainFlag::Dport,
        PlainFlag::State,
        PlainFlag::Local,
        PlainFlag::Remote,
        PlainFlag::Pid,
        PlainFlag::Process,
        PlainFlag::User,
    ];

    /// What the value looks like, for usage texts.
    pub fn value_name(self) -> &'static str {
        match self {
            PlainFlag::Port | PlainFlag::Sport | PlainFlag::Dport => "PORT",
            PlainFlag::State => "NAME[,NAME]",
            PlainFlag::Remote | PlainFlag::Local => "ADDR",
            PlainFlag::Pid => "PID",
            PlainFlag::Process => "REGEX",
            PlainFlag::User => "NAME|UID",
        }
    }

    /// One line saying what the flag selects, for help texts.
    pub fn help(self) -> &'static str {
        match self {
            PlainFlag::Port => {
                "Either end's port: number, service name or LO-HI (repeat or comma: any of)"
            }
            PlainFlag::Sport => "Local port: number, service name or LO-HI",
            PlainFlag::Dport => "Remote port: number, service name or LO-HI",
            PlainFlag::State => {
                "Socket states (ss names, or LISTEN, TIME_WAIT...), comma-separated"
            }
            PlainFlag::Local => "Local address, CIDR or host, optionally with :port",
            PlainFlag::Remote => "Remote address, CIDR or host, optionally with :port",
            PlainFlag::Pid => "Held by this process id",
            PlainFlag::Process => "Held by a process whose name matches this regular expression",
            PlainFlag::User => "Owned by this user (name or uid)",
        }
    }

    /// The long option's name, without dashes.
    pub fn name(self) -> &'static str {
        match self {
            PlainFlag::Port => "port",
            PlainFlag::Sport => "sport",
            PlainFlag::Dport => "dport",
            PlainFlag::State => "state",
            PlainFlag::Remote => "remote",
            PlainFlag::Local => "local",
            PlainFlag::Pid => "pid",
            PlainFlag::Process => "process",
            PlainFlag::User => "user",
        }
    }
}

/// Compile flags given in command-line order. Errors name the flag; their
/// offset is the byte offset inside its value.
pub fn compile(flags: &[(PlainFlag, String)], lookup: &dyn Lookup) -> Result<Expr, FilterError> {
    let mut groups: Vec<(PlainFlag, Vec<Expr>)> = Vec::new();
    for (flag, value) in flags {
        let e = one(*flag, value, lookup)?;
        match groups.iter_mut().find(|(f, _)| f == flag) {
            Some((_, alts)) => alts.push(e),
            None => groups.push((*flag, vec![e])),
        }
    }
    Ok(Expr::all(
        groups.into_iter().map(|(_, alts)| Expr::any(alts)),
    ))
}

fn one(flag: PlainFlag, value: &str, lookup: &dyn Lookup) -> Result<Expr, FilterError> {
    let src = format!("--{}={value}", flag.name());
    let base = src.len() - value.len();
    let err = |at: usize, near: &str, msg: String| FilterError::new(&src, base + at, near, msg);
    if flag == PlainFlag::Process {
        return regex_lite::Regex::new(value)
            .map(|r| Expr::Pred(Pred::Process(NameMatch::Regex(r))))
            .map_err(|e| err(0, value, format!("not a valid regular expression: {e}")));
    }
    let mut alts = Vec::new();
    let mut at = 0usize;
    for item in value.split(',') {
        let item_at = at;
        at += item.len() + 1;
        if item.is_empty() {
            return Err(err(item_at, item, "empty value".into()));
        }
        let e = match flag {
            PlainFlag::Port => {
                let (lo, hi) = ports(item, lookup).map_err(|m| err(item_at, item, m))?;
                Expr::or(range(Side::Local, lo, hi), range(Side::Remote, lo, hi))
            }
            PlainFlag::Sport | PlainFlag::Dport => {
                let side = if flag == PlainFlag::Sport {
                    Side::Local
                } else {
                    Side::Remote
                };
                let (lo, hi) = ports(item, lookup).map_err(|m| err(item_at, item, m))?;
                range(side, lo, hi)
            }
            PlainFlag::State => match parse_state(item) {
                Some(s) => Expr::Pred(Pred::State(s)),
                None => {
                    return Err(err(
                        item_at,
                        item,
                        format!("unknown state; expected {STATE_WORDS}"),
                    ))
                }
            },
            PlainFlag::Remote | PlainFlag::Local => {
                let side = if flag == PlainFlag::Local {
                    Side::Local
                } else {
                    Side::Remote
                };
                match parse_host(item, lookup).map_err(|m| err(item_at, item, m))? {
                    Host::Inet(c) => Expr::Pred(Pred::Host(side, c)),
                    Host::Unix(g) => Expr::Pred(Pred::UnixPath(side, g)),
                }
            }
            PlainFlag::Pid => match item.parse::<u32>() {
                Ok(p) => Expr::Pred(Pred::Pid(p)),
                Err(_) => return Err(err(item_at, item, "a process id is a number".into())),
            },
            PlainFlag::User => match item.parse::<u32>().ok().or_else(|| lookup.uid(item)) {
                Some(u) => Expr::Pred(Pred::Uid(u)),
                None => return Err(err(item_at, item, "no such user".into())),
            },
            PlainFlag::Process => Expr::True,
        };
        alts.push(e);
    }
    Ok(Expr::any(alts))
}

/// A port or `LO-HI` range: numbers or service names.
fn ports(item: &str, lookup: &dyn Lookup) -> Result<(u16, u16), String> {
    let single = |p: &str| -> Result<u16, String> {
        if let Ok(n) = p.parse::<u32>() {
            return u16::try_from(n).map_err(|_| format!("port {p} is out of range (0-65535)"));
        }
        match (lookup.service(p, "tcp"), lookup.service(p, "udp")) {
            (Some(t), Some(u)) if t != u => Err(format!("ambiguous port {p:?}: {t}/tcp, {u}/udp")),
            (Some(t), _) | (None, Some(t)) => Ok(t),
            (None, None) => Err(format!("{p:?} is not a port number or service name")),
        }
    };
    match item.split_once('-') {
        Some((a, b)) if !a.is_empty() && a.bytes().all(|c| c.is_ascii_digit()) => {
            let (lo, hi) = (single(a)?, single(b)?);
            if lo > hi {
                return Err(format!("empty port range {lo}-{hi}"));
            }
            Ok((lo, hi))
        }
        _ => single(item).map(|p| (p, p)),
    }
}

fn range(side: Side, lo: u16, hi: u16) -> Expr {
    if lo == hi {
        return Expr::Pred(Pred::Port(side, PortOp::Eq, lo));
    }
    Expr::and(
        Expr::Pred(Pred::Port(side, PortOp::Ge, lo)),
        Expr::Pred(Pred::Port(side, PortOp::Le, hi)),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::filter::lookup::FixedLookup;
    use crate::filter::states::StateSet;

    fn c(flags: &[(PlainFlag, &str)]) -> Result<Expr, FilterError> {
        let v: Vec<(PlainFlag, String)> = flags.iter().map(|(f, s)| (*f, s.to_string())).collect();
        compile(&v, &FixedLookup::sample())
    }
    fn port(side: Side, n: u16) -> Expr {
        Expr::Pred(Pred::Port(side, PortOp::Eq, n))
    }

    #[test]
    fn same_flag_or_different_flags_and() {
        use PlainFlag::*;
        let e = c(&[(Sport, "22"), (Sport, "ssh"), (Dport, "80")]).unwrap();
        assert_eq!(
            e,
            Expr::and(
                Expr::or(port(Side::Local, 22), port(Side::Local, 22)),
                port(Side::Remote, 80)
            )
        );
        let e = c(&[(Port, "53")]).unwrap();
        assert_eq!(e, Expr::or(port(Side::Local, 53), port(Side::Remote, 53)));
        assert_eq!(c(&[]).unwrap(), Expr::True);
    }

    #[test]
    fn lists_ranges_states_users() {
        use PlainFlag::*;
        let e = c(&[(State, "listen,established")]).unwrap();
        assert_eq!(
            e,
            Expr::or(
                Expr::Pred(Pred::State(StateSet(1 << 10))),
                Expr::Pred(Pred::State(StateSet(1 << 1)))
            )
        );
        let e = c(&[(Dport, "1000-2000")]).unwrap();
        assert_eq!(
            e,
            Expr::and(
                Expr::Pred(Pred::Port(Side::Remote, PortOp::Ge, 1000)),
                Expr::Pred(Pred::Port(Side::Remote, PortOp::Le, 2000))
            )
        );
        assert_eq!(
            c(&[(User, "nobody")]).unwrap(),
            Expr::Pred(Pred::Uid(65534))
        );
        assert_eq!(c(&[(User, "7")]).unwrap(), Expr::Pred(Pred::Uid(7)));
        assert_eq!(c(&[(Pid, "42")]).unwrap(), Expr::Pred(Pred::Pid(42)));
        assert!(matches!(
            c(&[(Process, "^ssh(d)?$")]).unwrap(),
            Expr::Pred(Pred::Process(_))
        ));
        assert!(matches!(
            c(&[(Local, "127.0.0.1:22")]).unwrap(),
            Expr::Pred(Pred::Host(Side::Local, _))
        ));
    }

    #[test]
    fn errors_point_into_the_value() {
        use PlainFlag::*;
        let e = c(&[(State, "listen,bogus")]).unwrap_err();
        assert_eq!((e.offset, e.near.as_str()), (15, "bogus"));
        assert_eq!(e.source, "--state=listen,bogus");
        assert!(c(&[(Port, "70000")])
            .unwrap_err()
            .message
            .contains("out of range"));
        assert!(c(&[(Port, "2000-1000")])
            .unwrap_err()
            .message
            .contains("empty port range"));
        assert!(c(&[(Port, "")]).unwrap_err().message.contains("empty"));
        assert!(c(&[(User, "no-such-user")])
            .unwrap_err()
            .message
            .contains("no such user"));
        assert!(c(&[(Pid, "x")]).is_err());
        assert!(c(&[(Process, "(")])
            .unwrap_err()
            .message
            .contains("regular expression"));
        assert!(c(&[(Remote, "nosuchhost")]).is_err());
    }
}
