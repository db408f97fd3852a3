//! Unit tests of the netstat command line: one per implied-flag rule and per
//! error, each checked against /usr/bin/netstat 2.10 by hand (see the
//! comment on each test for the observed behaviour).

use super::*;
use crate::config::LegacyFamily as L;
use sockscope::model::Family::{Inet, Inet6};
use sockscope::model::InetProto::{Raw, Tcp, Udp, UdpLite};

fn parse_str(args: &[&str]) -> Parsed {
    let v: Vec<Vec<u8>> = args.iter().map(|a| a.as_bytes().to_vec()).collect();
    parse(&v, false)
}

fn config(args: &[&str]) -> Config {
    match parse_str(args).result {
        Ok(Command::Run(c)) => *c,
        other => panic!("{args:?}: {other:?}"),
    }
}

fn error(args: &[&str]) -> FlagError {
    match parse_str(args).result {
        Err(e) => e,
        other => panic!("{args:?}: {other:?}"),
    }
}

#[test]
fn default_is_every_block_both_families_quietly() {
    let c = config(&[]);
    assert_eq!(c.mode, Mode::Sockets);
    assert_eq!(c.sockets.protos, [Tcp, Udp, UdpLite, Raw]);
    assert_eq!(c.sockets.families, [Inet, Inet6]);
    assert!(c.sockets.unix && c.sockets.sctp && !c.sockets.explicit);
    assert_eq!(
        c.sockets.legacy,
        [L::Ipx, L::Ax25, L::X25, L::Netrom, L::Rose]
    );
    assert_eq!(c.select, ListenSelection::Connected);
    assert_eq!(c.format, OutputFormat::Classic);
}

#[test]
fn protocol_without_family_means_both_families_and_no_unix() {
    // netstat -t: tcp and tcp6 rows, no UNIX block.
    let c = config(&["-t"]);
    assert_eq!(c.sockets.protos, [Tcp]);
    assert_eq!(c.sockets.families, [Inet, Inet6]);
    assert!(!c.sockets.unix && !c.sockets.sctp && c.sockets.explicit);
    assert!(c.sockets.legacy.is_empty());
}

#[test]
fn family_without_protocol_means_all_but_sctp() {
    // netstat -4 / -A inet: tcp, udp, udplite, raw over IPv4; no SCTP error.
    for args in [
        &["-4"][..],
        &["-A", "inet"],
        &["--inet"],
        &["-Ainet"],
        &["--protocol=ip"],
    ] {
        let c = config(args);
        assert_eq!(c.sockets.protos, [Tcp, Udp, UdpLite, Raw], "{args:?}");
        assert_eq!(c.sockets.families, [Inet], "{args:?}");
        assert!(!c.sockets.sctp && !c.sockets.unix, "{args:?}");
    }
    let c = config(&["-6"]);
    assert_eq!(c.sockets.families, [Inet6]);
}

#[test]
fn sctp_counts_as_a_protocol_for_the_family_rule() {
    // netstat -4 -S: only the header, then the SCTP failure.
    let c = config(&["-4", "-S"]);
    assert!(c.sockets.protos.is_empty() && c.sockets.sctp);
    assert!(c.sockets.inet_header());
}

#[test]
fn family_and_protocol_restrict_each_other() {
    let c = config(&["-t6"]);
    assert_eq!(
        (c.sockets.protos.as_slice(), c.sockets.families.as_slice()),
        (&[Tcp][..], &[Inet6][..])
    );
    let c = config(&["-4", "-6", "-u"]);
    assert_eq!(c.sockets.families, [Inet, Inet6]);
}

#[test]
fn unix_alone_and_with_a_family() {
    // netstat -x: only the UNIX block.
    let c = config(&["-x"]);
    assert!(c.sockets.unix && c.sockets.protos.is_empty() && !c.sockets.inet_header());
    // netstat -x -4: IPv4 internet block and the UNIX block.
    let c = config(&["-x", "-4"]);
    assert!(c.sockets.unix);
    assert_eq!(c.sockets.protos, [Tcp, Udp, UdpLite, Raw]);
    assert_eq!(c.sockets.families, [Inet]);
    // -A unix,inet6 and --unix name the same things.
    let c = config(&["-A", "unix,inet6"]);
    assert!(c.sockets.unix);
    assert_eq!(c.sockets.families, [Inet6]);
    assert!(config(&["--unix"]).sockets.unix);
    assert!(config(&["--protocol", "unix"]).sockets.unix);
}

#[test]
fn families_without_sockets_leave_the_default_set() {
    // netstat -A ddp / appletalk / econet / ash: the default output.
    for w in ["ddp", "appletalk", "econet", "ash"] {
        let c = config(&["-A", w]);
        assert!(!c.sockets.explicit && c.sockets.unix, "{w}");
    }
}

#[test]
fn legacy_families_are_explicit() {
    // netstat -A ipx: "netstat: no support for `AF IPX' on this system.", exit 1.
    let c = config(&["-t", "-A", "rose,ipx"]);
    assert_eq!(c.sockets.legacy, [L::Ipx, L::Rose]);
    assert!(c.sockets.explicit && !c.sockets.unix);
    assert_eq!(config(&["--x25"]).sockets.legacy, [L::X25]);
    for args in [
        &["-2"][..],
        &["-f"],
        &["--l2cap"],
        &["-A", "bluetooth"],
        &["--b"],
    ] {
        assert_eq!(config(args).sockets.legacy, [L::Bluetooth], "{args:?}");
    }
}

#[test]
fn groups_imply_both_families_but_no_protocol() {
    let c = config(&["-g"]);
    assert!(c.sockets.groups && c.sockets.protos.is_empty() && !c.sockets.unix);
    assert_eq!(c.sockets.families, [Inet, Inet6]);
}

#[test]
fn listen_selection_all_wins_over_listening() {
    assert_eq!(config(&["-l"]).select, ListenSelection::Listening);
    assert_eq!(config(&["-la"]).select, ListenSelection::All);
    assert_eq!(config(&["-al"]).select, ListenSelection::All);
    assert_eq!(config(&["--listening"]).select, ListenSelection::Listening);
}

#[test]
fn numeric_flags() {
    let all = Numeric {
        hosts: true,
        ports: true,
        users: true,
    };
    assert_eq!(config(&["-n"]).numeric, all);
    assert_eq!(config(&["--numeric"]).numeric, all);
    let c = config(&["--numeric-hosts", "--numeric-u"]);
    assert!(c.numeric.hosts && !c.numeric.ports && c.numeric.users);
    assert!(config(&["--numeric-p"]).numeric.ports);
}

#[test]
fn bundles_counts_and_display_flags() {
    let c = config(&["-tulpnWoeev", "-N", "-d"]);
    assert_eq!(c.sockets.protos, [Tcp, Udp]);
    assert_eq!(c.select, ListenSelection::Listening);
    assert!(c.programs && c.wide && c.timers && c.verbose && c.symbolic);
    assert_eq!(c.extend, 2);
    assert_eq!(config(&["-U"]).sockets.protos, [UdpLite]);
    assert_eq!(config(&["-w"]).sockets.protos, [Raw]);
    assert_eq!(config(&["--udpl"]).sockets.protos, [UdpLite]);
}

#[test]
fn continuous_takes_no_argument() {
    // netstat -c 5 -t: 5 is an ignored operand; -tc5: invalid option -- '5'.
    let c = config(&["-c", "5", "-t"]);
    assert!(c.continuous);
    assert_eq!(c.sockets.protos, [Tcp]);
    assert_eq!(
        error(&["-tc5"]),
        FlagError::Getopt(GetoptError::InvalidOption(b'5'))
    );
}

#[test]
fn operands_are_ignored_and_options_permuted() {
    // netstat -t foo -u: tcp and udp. POSIXLY_CORRECT stops at foo.
    assert_eq!(config(&["-t", "foo", "-u"]).sockets.protos, [Tcp, Udp]);
    let v: Vec<Vec<u8>> = ["-t", "foo", "-u"]
        .iter()
        .map(|a| a.as_bytes().to_vec())
        .collect();
    match parse(&v, true).result {
        Ok(Command::Run(c)) => assert_eq!(c.sockets.protos, [Tcp]),
        other => panic!("{other:?}"),
    }
    // netstat -- -t: the default set.
    assert!(!config(&["--", "-t"]).sockets.explicit);
}

#[test]
fn modes_and_conflicts() {
    assert_eq!(config(&["-r"]).mode, Mode::Route);
    assert_eq!(config(&["-i"]).mode, Mode::Interfaces);
    assert_eq!(config(&["-s"]).mode, Mode::Statistics);
    assert_eq!(config(&["-M"]).mode, Mode::Masquerade);
    assert_eq!(config(&["-C"]).mode, Mode::Sockets);
    let c = config(&["-rCF"]);
    assert!(c.route.cache && c.route.fib);
    // netstat -ri, -rr, -r -s: usage, exit 3 (each mode flag counts).
    for args in [
        &["-ri"][..],
        &["-rr"],
        &["-r", "-s"],
        &["-MM"],
        &["--route", "--interfaces"],
    ] {
        assert_eq!(error(args), FlagError::ModeConflict, "{args:?}");
    }
    // -s alone implies every internet protocol (for its table filter).
    assert_eq!(config(&["-s"]).sockets.protos, [Tcp, Udp, UdpLite, Raw]);
}

#[test]
fn help_and_version_stop_parsing_where_they_stand() {
    // netstat -V -k prints the version; netstat -k -V the usage error.
    assert_eq!(parse_str(&["-V", "-k"]).result, Ok(Command::Version));
    assert_eq!(parse_str(&["--vers"]).result, Ok(Command::Version));
    assert_eq!(
        error(&["-k", "-V"]),
        FlagError::Getopt(GetoptError::InvalidOption(b'k'))
    );
    assert_eq!(parse_str(&["-h", "-k"]).result, Ok(Command::Help));
    assert_eq!(parse_str(&["--he"]).result, Ok(Command::Help));
    assert_eq!(error(&["-?"]), FlagError::Question);
}

#[test]
fn getopt_errors() {
    use GetoptError::*;
    assert_eq!(error(&["-k"]), FlagError::Getopt(InvalidOption(b'k')));
    assert_eq!(error(&["-A"]), FlagError::Getopt(ShortNeedsArg(b'A')));
    assert_eq!(
        error(&["--protocol"]),
        FlagError::Getopt(LongNeedsArg("protocol"))
    );
    assert_eq!(
        error(&["--prot"]),
        FlagError::Getopt(LongNeedsArg("protocol"))
    );
    assert_eq!(error(&["--tcp=3"]), FlagError::Getopt(NoArgAllowed("tcp")));
    assert_eq!(
        error(&["--foo"]),
        FlagError::Getopt(Unrecognized(b"foo".to_vec()))
    );
    assert_eq!(
        error(&["--ash"]),
        FlagError::Getopt(Unrecognized(b"ash".to_vec()))
    );
    assert_eq!(
        error(&["---t"]),
        FlagError::Getopt(Unrecognized(b"-t".to_vec()))
    );
}

#[test]
fn ambiguous_abbreviations_list_netstat_candidates() {
    let amb = |args: &[&str]| match error(args) {
        FlagError::Getopt(GetoptError::Ambiguous { candidates, .. }) => candidates,
        e => panic!("{e:?}"),
    };
    // Observed with netstat 2.10.
    assert_eq!(
        amb(&["--nu"]),
        ["numeric", "numeric-hosts", "numeric-ports", "numeric-users"]
    );
    assert_eq!(amb(&["--r"]), ["rose", "route", "raw", "rfcomm"]);
    assert_eq!(amb(&["--i"]), ["ip", "interfaces"]);
    assert_eq!(amb(&["--in"]), ["inet", "interfaces"]);
    assert_eq!(amb(&["--a"]), ["ax25", "all"]);
    assert_eq!(amb(&["--t"]), ["tcpip", "tcp", "timers"]);
    assert_eq!(amb(&["--u"]), ["unix", "udp", "udplite", "unix"]);
    assert_eq!(amb(&["--un"]), ["unix", "unix"]);
    assert_eq!(amb(&["--c"]), ["continuous", "cache", "context"]);
    assert_eq!(
        amb(&["--n"]),
        [
            "netrom",
            "numeric",
            "numeric-hosts",
            "numeric-ports",
            "numeric-users"
        ]
    );
    // An empty name matches every entry: glibc lists the whole table (the
    // first alias and every option differing from it). Ours are
    // exact-only, so they never join a candidate list.
    let netstat_list = "ax25 version interfaces help route masquerade protocol tcp sctp udp \
        udplite raw unix l2cap rfcomm listening all timers continuous extend programs verbose \
        statistics wide numeric numeric-hosts numeric-ports numeric-users symbolic cache fib \
        groups context";
    assert_eq!(amb(&["--=x"]).join(" "), netstat_list);
    assert!(matches!(
        error(&["--js"]),
        FlagError::Getopt(GetoptError::Unrecognized(_))
    ));
}

#[test]
fn unambiguous_abbreviations() {
    assert_eq!(config(&["--ine"]).sockets.families, [Inet]);
    assert_eq!(config(&["--e"]).extend, 1);
    assert!(config(&["--w"]).wide);
    assert!(config(&["--g"]).sockets.groups);
    assert_eq!(config(&["--m"]).mode, Mode::Masquerade);
}

#[test]
fn bad_family_words_stop_with_exit_1_error() {
    // netstat -A foo / -A inet,foo / --protocol= / -A -t: "Unknown address family `x'.", exit 1.
    for (args, bad) in [
        (&["-A", "foo"][..], "foo"),
        (&["-A", "inet,foo"], "foo"),
        (&["--protocol="], ""),
        (&["-A", "-t"], "-t"),
    ] {
        assert_eq!(
            error(args),
            FlagError::UnknownFamily(UnknownFamily(bad.as_bytes().to_vec()))
        );
    }
    // The error stops parsing: a later -V is not seen.
    assert!(matches!(
        error(&["-A", "x", "-V"]),
        FlagError::UnknownFamily(_)
    ));
}

#[test]
fn tcpip_long_option_quirk_is_reproduced_and_ignored() {
    // netstat --tcpip: "netstat.c: Internal Error `longopts 1 range'." and the default set.
    let p = parse_str(&["--tcpi"]);
    assert_eq!(p.diagnostics, [TCPIP_QUIRK.to_vec()]);
    match p.result {
        Ok(Command::Run(c)) => assert!(!c.sockets.explicit),
        other => panic!("{other:?}"),
    }
    // -A tcpip works as inet.
    assert_eq!(config(&["-A", "tcpip"]).sockets.families, [Inet]);
}

#[test]
fn too_many_family_words_warn_and_continue() {
    let args = vec!["-6"; 60];
    let p = parse_str(&args);
    assert_eq!(p.diagnostics.len(), 18);
    assert!(matches!(p.result, Ok(Command::Run(_))));
}

#[test]
fn selinux_context_ends_parsing() {
    assert_eq!(error(&["-Z", "-k"]), FlagError::SelinuxContext);
    assert_eq!(error(&["--conte"]), FlagError::SelinuxContext);
}

#[test]
fn json_switches_last_wins() {
    assert_eq!(config(&["--json"]).format, OutputFormat::Json);
    assert_eq!(config(&["--json", "--ndjson"]).format, OutputFormat::Ndjson);
    assert_eq!(
        config(&["-t", "--ndjson", "--json"]).format,
        OutputFormat::Json
    );
}

#[test]
fn family_names_are_kept_for_route_and_statistics() {
    assert_eq!(config(&["-r", "-A", "inet6"]).family_names, ["inet6"]);
    assert_eq!(config(&["-4", "-6"]).family_names, ["inet", "inet6"]);
    assert!(config(&["-r"]).family_names.is_empty());
}

#[test]
fn non_utf8_arguments_do_not_panic() {
    let v = vec![vec![b'-', 0xff], vec![b'-', b'A', 0xfe]];
    assert_eq!(
        parse(&v, false).result,
        Err(FlagError::Getopt(GetoptError::InvalidOption(0xff)))
    );
    let v = vec![vec![b'-', b'A', 0xfe]];
    assert_eq!(
        parse(&v, false).result,
        Err(FlagError::UnknownFamily(UnknownFamily(vec![0xfe])))
    );
}
