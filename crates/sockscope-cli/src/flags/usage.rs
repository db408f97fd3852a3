//! Usage and version texts. Invoked as `netstat`, the usage is net-tools
//! 2.10's byte for byte (its address-family list goes to stderr even for
//! `-h`, as netstat does); invoked as `sockscope`, the same text names
//! sockscope and adds its commands (listed from the clap definitions, so
//! they cannot drift) and our own switches. `-V` never claims to be
//! net-tools.

use clap::CommandFactory;

/// Which name the binary answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Personality {
    /// Invoked through a link named `netstat`: byte-compatible texts.
    Netstat,
    /// Invoked as `sockscope`.
    Sockscope,
}

impl Personality {
    /// Pick from argv[0]: basename `netstat` means netstat.
    pub fn from_argv0(argv0: &[u8]) -> Personality {
        let base = argv0.rsplit(|&b| b == b'/').next().unwrap_or(argv0);
        if base == b"netstat" {
            Personality::Netstat
        } else {
            Personality::Sockscope
        }
    }

    /// Prefix of our own messages ("netstat" / "sockscope").
    pub fn name(self) -> &'static str {
        match self {
            Personality::Netstat => "netstat",
            Personality::Sockscope => "sockscope",
        }
    }
}

const SYNOPSIS: [&str; 3] = [
    "usage: {} [-vWeenNcCF] [<Af>] -r         {} {-V|--version|-h|--help}\n",
    "       {} [-vWnNcaeol] [<Socket> ...]\n",
    "       {} { [-vWeenNac] -i | [-cnNe] -M | -s [-6tuw] }\n\n",
];

const OPTIONS: &str = "        -r, --route              display routing table
        -i, --interfaces         display interface table
        -g, --groups             display multicast group memberships
        -s, --statistics         display networking statistics (like SNMP)
        -M, --masquerade         display masqueraded connections

        -v, --verbose            be verbose
        -W, --wide               don't truncate IP addresses
        -n, --numeric            don't resolve names
        --numeric-hosts          don't resolve host names
        --numeric-ports          don't resolve port names
        --numeric-users          don't resolve user names
        -N, --symbolic           resolve hardware names
        -e, --extend             display other/more information
        -p, --programs           display PID/Program name for sockets
        -o, --timers             display timers
        -c, --continuous         continuous listing

        -l, --listening          display listening server sockets
        -a, --all                display all sockets (default: connected)
        -F, --fib                display Forwarding Information Base (default)
        -C, --cache              display routing cache instead of FIB
        -Z, --context            display SELinux security context for sockets
";

const OURS: &str = "
        --json                   print one JSON document per listing
        --ndjson                 print one JSON object per line (sockets, then warnings)
";

const SOCKETS: &str = "
  <Socket>={-t|--tcp} {-u|--udp} {-U|--udplite} {-S|--sctp} {-w|--raw}
           {-x|--unix} --ax25 --ipx --netrom
  <AF>=Use '-6|-4' or '-A <af>' or '--<af>'; default: inet
  List of possible address families (which support routing):
";

/// The family list netstat prints to stderr after its usage.
pub const FAMILY_LIST: &str = concat!(
    "    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) \n",
    "    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) \n",
    "    ddp (Appletalk DDP) x25 (CCITT X.25) \n",
);

/// The usage text up to (not including) the family list.
pub fn usage(who: Personality) -> String {
    let name = who.name();
    let mut u = String::new();
    for line in SYNOPSIS {
        u.push_str(&line.replace("{}", name));
    }
    if who == Personality::Sockscope {
        u.push_str(&commands());
    }
    u.push_str(OPTIONS);
    if who == Personality::Sockscope {
        u.push_str(OURS);
        u.push_str(super::filter::USAGE);
    }
    u.push_str(SOCKETS);
    u
}

/// Where the descriptions of commands and options start, and the width
/// they wrap at.
const DESCRIPTION_COLUMN: usize = 33;
const WIDTH: usize = 80;

/// The "Commands:" section of the sockscope usage: every subcommand of
/// the clap definitions (the hidden generators too) with its required
/// operands and its one-line help, then `help`.
fn commands() -> String {
    let cli = super::modern::Cli::command();
    let mut s = String::from(
        "  Commands (sockscope only; `sockscope help COMMAND` shows a command's flags):\n",
    );
    for sub in cli.get_subcommands() {
        let mut name = sub.get_name().to_owned();
        for operand in sub.get_positionals().filter(|a| a.is_required_set()) {
            let value = operand
                .get_value_names()
                .and_then(|v| v.first())
                .map_or_else(
                    || operand.get_id().as_str().to_uppercase(),
                    |v| v.to_string(),
                );
            name.push(' ');
            name.push_str(&value);
        }
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        entry(&mut s, &name, &about);
    }
    entry(
        &mut s,
        "help [COMMAND]",
        "This text, or the help of COMMAND",
    );
    s.push('\n');
    s
}

/// One "        name    description" entry, the description wrapped at
/// [`WIDTH`] columns.
fn entry(out: &mut String, name: &str, about: &str) {
    let mut line = format!("        {name}");
    for (i, word) in about.split_whitespace().enumerate() {
        if i == 0 && line.len() < DESCRIPTION_COLUMN {
            line.extend(std::iter::repeat_n(' ', DESCRIPTION_COLUMN - line.len()));
        } else if i > 0 && line.len() + 1 + word.len() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = " ".repeat(DESCRIPTION_COLUMN);
        } else {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
}

/// `-V` text.
pub fn version(who: Personality) -> String {
    let v = env!("CARGO_PKG_VERSION");
    let how = match who {
        Personality::Netstat => " (invoked as netstat)",
        Personality::Sockscope => "",
    };
    format!(
        "sockscope {v}{how}\nA modern netstat for Linux; reads the command line of net-tools netstat 2.10.\nSources: sock_diag, /proc. Formats: classic netstat text, JSON, NDJSON.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personality_from_basename() {
        assert_eq!(Personality::from_argv0(b"netstat"), Personality::Netstat);
        assert_eq!(
            Personality::from_argv0(b"/tmp/x/netstat"),
            Personality::Netstat
        );
        assert_eq!(
            Personality::from_argv0(b"/usr/bin/sockscope"),
            Personality::Sockscope
        );
        assert_eq!(Personality::from_argv0(b"netstat2"), Personality::Sockscope);
        assert_eq!(Personality::from_argv0(b""), Personality::Sockscope);
    }

    #[test]
    fn netstat_usage_has_netstat_shape() {
        let u = usage(Personality::Netstat);
        assert!(u.starts_with(
            "usage: netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}\n"
        ));
        assert!(u.ends_with("  List of possible address families (which support routing):\n"));
        assert_eq!(u.lines().count(), 32);
        assert!(!u.contains("json"));
        // Trailing blanks of the family list are part of netstat's output.
        assert!(FAMILY_LIST.lines().all(|l| l.ends_with(' ')));
    }

    #[test]
    fn sockscope_usage_names_itself_and_our_switches() {
        let u = usage(Personality::Sockscope);
        assert!(u.starts_with("usage: sockscope [-vWeenNcCF]"));
        assert!(u.contains("--json") && u.contains("--ndjson"));
        assert!(!u.contains("netstat ["));
    }

    #[test]
    fn sockscope_usage_lists_every_command() {
        let u = usage(Personality::Sockscope);
        for c in super::super::modern::SUBCOMMANDS {
            assert!(
                u.lines().any(|l| l.starts_with(&format!("        {c}"))),
                "{c} missing from:\n{u}"
            );
        }
        assert!(u.contains("        generate-man DIR "), "{u}");
        assert!(u.contains("        completions SHELL "), "{u}");
        assert!(u.contains("        help [COMMAND] "), "{u}");
        assert!(commands().lines().all(|l| l.len() <= WIDTH), "{u}");
        let netstat = usage(Personality::Netstat);
        assert!(!netstat.contains("Commands") && !netstat.contains("conns"));
    }

    #[test]
    fn entries_wrap_under_the_description_column() {
        let mut s = String::new();
        entry(&mut s, "x", &"word ".repeat(20));
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines.len(), 3, "{s}");
        assert!(lines[0].starts_with("        x                        word word"));
        assert!(lines[1].starts_with(&format!("{}word", " ".repeat(DESCRIPTION_COLUMN))));
        assert!(lines.iter().all(|l| l.len() <= WIDTH));
        let mut s = String::new();
        entry(&mut s, &"n".repeat(40), "about");
        assert_eq!(s, format!("        {} about\n", "n".repeat(40)));
    }

    #[test]
    fn version_does_not_claim_net_tools() {
        for who in [Personality::Netstat, Personality::Sockscope] {
            let v = version(who);
            assert!(v.starts_with("sockscope "));
            assert!(!v.starts_with("net-tools"));
        }
    }
}
