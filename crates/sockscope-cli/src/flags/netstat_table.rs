//! The option table of net-tools `netstat` 2.10 as the installed binary
//! accepts it (short option string and `getopt_long` table, in table order,
//! which decides abbreviation ambiguity), plus our `--json` / `--ndjson`,
//! which match only when spelled in full.
//!
//! Verified against /usr/bin/netstat 2.10 (Debian 2.10-0.1+deb12u2): every
//! letter, and `netstat --=x`, which makes glibc list the whole table.

use super::getopt::{HasArg, LongOpt, ShortOpt};

/// What an option means to netstat's `main()` (its `switch` cases).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opt {
    /// `--inet`, `--unix`, ... (glibc val 1): an address-family alias named
    /// by the long option itself.
    FamilyAlias,
    /// `-A`, `--protocol`
    Protocol,
    Cache,
    Fib,
    Masquerade,
    All,
    Continuous,
    Debug,
    Extend,
    Groups,
    Help,
    Interfaces,
    Listening,
    Numeric,
    NumericHosts,
    NumericPorts,
    NumericUsers,
    Symbolic,
    Timers,
    Programs,
    Route,
    Statistics,
    Sctp,
    Tcp,
    Udp,
    UdpLite,
    Verbose,
    Version,
    Wide,
    Raw,
    Unix,
    Inet6,
    Inet,
    /// `-?`: glibc returns '?' without a message; netstat prints its usage.
    Question,
    Context,
    L2cap,
    Rfcomm,
    /// Ours: `--json`.
    Json,
    /// Ours: `--ndjson`.
    Ndjson,
    /// Ours, `sockscope` only: `--port`, `--state`, ... (see `flags::filter`).
    Plain(sockscope::filter::plain::PlainFlag),
    /// Ours, `sockscope` only: `--filter FILE`.
    FilterFile,
    /// Ours, `sockscope` only: `--no-pushdown`.
    NoPushdown,
    /// Ours, `sockscope` only: `--netns NAME|PATH|pid:PID`.
    Netns,
}

const fn s(letter: u8, id: Opt) -> ShortOpt<Opt> {
    ShortOpt {
        letter,
        has_arg: HasArg::No,
        id,
    }
}

/// Short options: "A:CFMacdeghilnNoprsStuUvVWwx64?Z2f".
pub const SHORT: &[ShortOpt<Opt>] = &[
    ShortOpt {
        letter: b'A',
        has_arg: HasArg::Required,
        id: Opt::Protocol,
    },
    s(b'C', Opt::Cache),
    s(b'F', Opt::Fib),
    s(b'M', Opt::Masquerade),
    s(b'a', Opt::All),
    s(b'c', Opt::Continuous),
    s(b'd', Opt::Debug),
    s(b'e', Opt::Extend),
    s(b'g', Opt::Groups),
    s(b'h', Opt::Help),
    s(b'i', Opt::Interfaces),
    s(b'l', Opt::Listening),
    s(b'n', Opt::Numeric),
    s(b'N', Opt::Symbolic),
    s(b'o', Opt::Timers),
    s(b'p', Opt::Programs),
    s(b'r', Opt::Route),
    s(b's', Opt::Statistics),
    s(b'S', Opt::Sctp),
    s(b't', Opt::Tcp),
    s(b'u', Opt::Udp),
    s(b'U', Opt::UdpLite),
    s(b'v', Opt::Verbose),
    s(b'V', Opt::Version),
    s(b'W', Opt::Wide),
    s(b'w', Opt::Raw),
    s(b'x', Opt::Unix),
    s(b'6', Opt::Inet6),
    s(b'4', Opt::Inet),
    s(b'?', Opt::Question),
    s(b'Z', Opt::Context),
    s(b'2', Opt::L2cap),
    s(b'f', Opt::Rfcomm),
];

const fn l(name: &'static str, id: Opt) -> LongOpt<Opt> {
    LongOpt {
        name,
        has_arg: HasArg::No,
        id,
        exact_only: false,
    }
}

/// Long options in netstat's table order. The family aliases come first;
/// their relative order only matters for `--ine` (→ `inet`).
pub const LONG: &[LongOpt<Opt>] = &[
    l("ax25", Opt::FamilyAlias),
    l("x25", Opt::FamilyAlias),
    l("ip", Opt::FamilyAlias),
    l("ipx", Opt::FamilyAlias),
    l("appletalk", Opt::FamilyAlias),
    l("netrom", Opt::FamilyAlias),
    l("inet", Opt::FamilyAlias),
    l("inet6", Opt::FamilyAlias),
    l("ddp", Opt::FamilyAlias),
    l("unix", Opt::FamilyAlias),
    l("rose", Opt::FamilyAlias),
    l("bluetooth", Opt::FamilyAlias),
    l("tcpip", Opt::FamilyAlias),
    l("version", Opt::Version),
    l("interfaces", Opt::Interfaces),
    l("help", Opt::Help),
    l("route", Opt::Route),
    l("masquerade", Opt::Masquerade),
    LongOpt {
        name: "protocol",
        has_arg: HasArg::Required,
        id: Opt::Protocol,
        exact_only: false,
    },
    l("tcp", Opt::Tcp),
    l("sctp", Opt::Sctp),
    l("udp", Opt::Udp),
    l("udplite", Opt::UdpLite),
    l("raw", Opt::Raw),
    l("unix", Opt::Unix),
    l("l2cap", Opt::L2cap),
    l("rfcomm", Opt::Rfcomm),
    l("listening", Opt::Listening),
    l("all", Opt::All),
    l("timers", Opt::Timers),
    l("continuous", Opt::Continuous),
    l("extend", Opt::Extend),
    l("programs", Opt::Programs),
    l("verbose", Opt::Verbose),
    l("statistics", Opt::Statistics),
    l("wide", Opt::Wide),
    l("numeric", Opt::Numeric),
    l("numeric-hosts", Opt::NumericHosts),
    l("numeric-ports", Opt::NumericPorts),
    l("numeric-users", Opt::NumericUsers),
    l("symbolic", Opt::Symbolic),
    l("cache", Opt::Cache),
    l("fib", Opt::Fib),
    l("groups", Opt::Groups),
    l("context", Opt::Context),
    LongOpt {
        name: "json",
        has_arg: HasArg::No,
        id: Opt::Json,
        exact_only: true,
    },
    LongOpt {
        name: "ndjson",
        has_arg: HasArg::No,
        id: Opt::Ndjson,
        exact_only: true,
    },
];

/// netstat 2.10 declares one family alias fewer than its table holds, so
/// the last one (`--tcpip`) hits an internal range check: it prints this
/// line and has no effect. Reproduced for byte-exact stderr.
pub const TCPIP_QUIRK: &[u8] = b"netstat.c: Internal Error `longopts 1 range'.\n";
