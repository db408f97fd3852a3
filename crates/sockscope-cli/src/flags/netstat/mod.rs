//! netstat's command line, exactly as net-tools 2.10 reads it: options are
//! applied in order (so `-V`, `-h`, `-Z`, a bad `-A` word or a getopt error
//! end parsing where they stand), then the implied-flag rules of its
//! `main()` turn the counters into a [`Config`]. Operands are ignored, as
//! netstat ignores them; invoked as `sockscope`, operands are a filter
//! expression and the filter options of `flags::filter` are known too.

use sockscope::filter::ListenSelection;
use sockscope::model::{Family, InetProto};

use super::families::{AddressFamily, FamilyWords, UnknownFamily};
use super::filter::{self as filter_flags, FilterArgs};
use super::getopt::{Getopt, GetoptError};
use super::netstat_table::{Opt, LONG, SHORT, TCPIP_QUIRK};
use super::usage::Personality;
use crate::config::{Config, LegacyFamily, Mode, Numeric, OutputFormat, RouteOptions, SocketSet};

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Run(Box<Config>),
    /// `-h` / `--help`.
    Help,
    /// `-V` / `--version`.
    Version,
}

/// Why the command line was refused, in netstat's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagError {
    /// glibc complained; netstat then prints its usage (exit 3).
    Getopt(GetoptError),
    /// `-?`: usage without a message (exit 3).
    Question,
    /// More than one of `-r -i -M -s` (each counted): usage (exit 3).
    ModeConflict,
    /// `-A foo` (exit 1).
    UnknownFamily(UnknownFamily),
    /// `-Z`: SELinux contexts (netstat exits 1 when SELinux is off).
    SelinuxContext,
}

/// The result of parsing, with the non-fatal lines netstat prints to
/// stderr while parsing (they come first, whatever the result).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub diagnostics: Vec<Vec<u8>>,
    pub result: Result<Command, FlagError>,
}

/// netstat's option counters, before the implied-flag rules.
#[derive(Debug, Default)]
struct Counters {
    interfaces: u32,
    route: u32,
    masquerade: u32,
    statistics: u32,
    all: bool,
    listening: bool,
    continuous: bool,
    groups: bool,
    extend: u8,
    programs: bool,
    wide: bool,
    timers: bool,
    tcp: bool,
    sctp: bool,
    udp: bool,
    udplite: bool,
    raw: bool,
    l2cap: bool,
    rfcomm: bool,
    numeric: Numeric,
    symbolic: bool,
    cache: bool,
    fib: bool,
    verbose: bool,
    families: FamilyWords,
    format: OutputFormat,
    filter: FilterArgs,
    netns: Option<String>,
}

/// Parse `args` (argv without argv[0]) as netstat. `posixly_correct`: the
/// `POSIXLY_CORRECT` variable is set (glibc then stops at the first operand).
#[cfg(test)]
pub fn parse(args: &[Vec<u8>], posixly_correct: bool) -> Parsed {
    parse_as(Personality::Netstat, args, posixly_correct)
}

/// Parse `args` for personality `who`: as `sockscope`, the filter options
/// exist and operands are a filter expression.
pub fn parse_as(who: Personality, args: &[Vec<u8>], posixly_correct: bool) -> Parsed {
    let mut diagnostics = Vec::new();
    let result = scan(who, args, posixly_correct, &mut diagnostics);
    Parsed {
        diagnostics,
        result,
    }
}

fn scan(
    who: Personality,
    args: &[Vec<u8>],
    posixly_correct: bool,
    diag: &mut Vec<Vec<u8>>,
) -> Result<Command, FlagError> {
    let mut c = Counters::default();
    let longs: Vec<_> = match who {
        Personality::Netstat => LONG.to_vec(),
        Personality::Sockscope => LONG
            .iter()
            .copied()
            .chain(filter_flags::long_options())
            .collect(),
    };
    let mut getopt = Getopt::new(args, SHORT, &longs, posixly_correct);
    for found in getopt.by_ref() {
        let found = found.map_err(FlagError::Getopt)?;
        let family = |c: &mut Counters, word: &[u8], diag: &mut Vec<Vec<u8>>| {
            c.families
                .apply(word, diag)
                .map_err(FlagError::UnknownFamily)
        };
        match found.id {
            Opt::FamilyAlias => match found.long_name {
                Some("tcpip") | None => diag.push(TCPIP_QUIRK.to_vec()),
                Some(name) => family(&mut c, name.as_bytes(), diag)?,
            },
            Opt::Protocol => family(&mut c, found.arg.unwrap_or_default(), diag)?,
            Opt::Unix => family(&mut c, b"unix", diag)?,
            Opt::Inet6 => family(&mut c, b"inet6", diag)?,
            Opt::Inet => family(&mut c, b"inet", diag)?,
            Opt::Cache => c.cache = true,
            Opt::Fib => c.fib = true,
            Opt::Masquerade => c.masquerade += 1,
            Opt::All => c.all = true,
            Opt::Continuous => c.continuous = true,
            Opt::Debug => {}
            Opt::Extend => c.extend = c.extend.saturating_add(1),
            Opt::Groups => c.groups = true,
            Opt::Help => return Ok(Command::Help),
            Opt::Question => return Err(FlagError::Question),
            Opt::Interfaces => c.interfaces += 1,
            Opt::Listening => c.listening = true,
            Opt::Numeric => {
                c.numeric = Numeric {
                    hosts: true,
                    ports: true,
                    users: true,
                }
            }
            Opt::NumericHosts => c.numeric.hosts = true,
            Opt::NumericPorts => c.numeric.ports = true,
            Opt::NumericUsers => c.numeric.users = true,
            Opt::Symbolic => c.symbolic = true,
            Opt::Timers => c.timers = true,
            Opt::Programs => c.programs = true,
            Opt::Route => c.route += 1,
            Opt::Statistics => c.statistics += 1,
            Opt::Sctp => c.sctp = true,
            Opt::Tcp => c.tcp = true,
            Opt::Udp => c.udp = true,
            Opt::UdpLite => c.udplite = true,
            Opt::Raw => c.raw = true,
            Opt::L2cap => c.l2cap = true,
            Opt::Rfcomm => c.rfcomm = true,
            Opt::Verbose => c.verbose = true,
            Opt::Version => return Ok(Command::Version),
            Opt::Wide => c.wide = true,
            Opt::Context => return Err(FlagError::SelinuxContext),
            Opt::Json => c.format = OutputFormat::Json,
            Opt::Ndjson => c.format = OutputFormat::Ndjson,
            Opt::Plain(flag) => {
                let v = String::from_utf8_lossy(found.arg.unwrap_or_default()).into_owned();
                c.filter.plain.push((flag, v));
            }
            Opt::FilterFile => {
                let v = String::from_utf8_lossy(found.arg.unwrap_or_default()).into_owned();
                c.filter.file = Some(v);
            }
            Opt::NoPushdown => c.filter.no_pushdown = true,
            Opt::Netns => {
                let v = String::from_utf8_lossy(found.arg.unwrap_or_default()).into_owned();
                c.netns = Some(v);
            }
        }
    }
    if who == Personality::Sockscope {
        c.filter.words = getopt
            .operands()
            .iter()
            .map(|w| String::from_utf8_lossy(w).into_owned())
            .collect();
    }
    resolve(c).map(|config| Command::Run(Box::new(config)))
}

/// netstat's `main()` after `getopt`: mode choice and implied flags.
fn resolve(mut c: Counters) -> Result<Config, FlagError> {
    if c.interfaces + c.route + c.masquerade + c.statistics > 1 {
        return Err(FlagError::ModeConflict);
    }
    let mode = if c.masquerade > 0 {
        Mode::Masquerade
    } else if c.statistics > 0 {
        Mode::Statistics
    } else if c.route > 0 {
        Mode::Route
    } else if c.interfaces > 0 {
        Mode::Interfaces
    } else {
        Mode::Sockets
    };

    let f = &c.families;
    let (mut inet, mut inet6) = (f.has(AddressFamily::Inet), f.has(AddressFamily::Inet6));
    let any_proto = |c: &Counters| c.tcp || c.sctp || c.udp || c.udplite || c.raw;
    // A family (or -s) without a protocol means every internet protocol but SCTP.
    if (inet || inet6 || mode == Mode::Statistics) && !any_proto(&c) {
        (c.tcp, c.udp, c.udplite, c.raw) = (true, true, true, true);
        // netstat turns SCTP on too; only -s uses it (/proc/net/sctp/snmp).
        c.sctp |= mode == Mode::Statistics;
    }
    // A protocol (or -g) without a family means both families.
    if (any_proto(&c) || c.groups) && !(inet || inet6) {
        (inet, inet6) = (true, true);
    }
    if f.has(AddressFamily::Bluetooth) && !(c.l2cap || c.rfcomm) {
        (c.l2cap, c.rfcomm) = (true, true);
    }
    let legacy_named = [
        (LegacyFamily::Ipx, f.has(AddressFamily::Ipx)),
        (LegacyFamily::Ax25, f.has(AddressFamily::Ax25)),
        (LegacyFamily::X25, f.has(AddressFamily::X25)),
        (LegacyFamily::Netrom, f.has(AddressFamily::Netrom)),
        (LegacyFamily::Rose, f.has(AddressFamily::Rose)),
        (LegacyFamily::Bluetooth, c.l2cap || c.rfcomm),
    ];
    let unix = f.has(AddressFamily::Unix);
    let named_any = any_proto(&c) || unix || c.groups || legacy_named.iter().any(|(_, on)| *on);

    let sockets = if named_any {
        let wanted = [
            (InetProto::Tcp, c.tcp),
            (InetProto::Udp, c.udp),
            (InetProto::UdpLite, c.udplite),
            (InetProto::Raw, c.raw),
        ];
        let families = [(Family::Inet, inet), (Family::Inet6, inet6)];
        SocketSet {
            protos: wanted.iter().filter(|w| w.1).map(|w| w.0).collect(),
            families: families.iter().filter(|w| w.1).map(|w| w.0).collect(),
            sctp: c.sctp,
            unix,
            groups: c.groups,
            legacy: legacy_named.iter().filter(|w| w.1).map(|w| w.0).collect(),
            explicit: true,
        }
    } else {
        // Nothing named: every block netstat has, both families; the
        // families it cannot find are skipped silently (noted with -v).
        SocketSet {
            protos: vec![
                InetProto::Tcp,
                InetProto::Udp,
                InetProto::UdpLite,
                InetProto::Raw,
            ],
            families: vec![Family::Inet, Family::Inet6],
            sctp: true,
            unix: true,
            groups: false,
            legacy: vec![
                LegacyFamily::Ipx,
                LegacyFamily::Ax25,
                LegacyFamily::X25,
                LegacyFamily::Netrom,
                LegacyFamily::Rose,
            ],
            explicit: false,
        }
    };

    let select = if c.all {
        ListenSelection::All
    } else if c.listening {
        ListenSelection::Listening
    } else {
        ListenSelection::Connected
    };
    let family_names = c.families.names().to_vec();
    Ok(Config {
        mode,
        sockets,
        select,
        numeric: c.numeric,
        symbolic: c.symbolic,
        extend: c.extend,
        timers: c.timers,
        wide: c.wide,
        programs: c.programs,
        verbose: c.verbose,
        continuous: c.continuous,
        route: RouteOptions {
            cache: c.cache,
            fib: c.fib,
        },
        family_names,
        format: c.format,
        filter: c.filter,
        netns: c.netns,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
