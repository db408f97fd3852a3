//! Filter arguments of the `sockscope` personality (netstat ignores
//! operands and has none of these options): trailing operands are an ss
//! filter expression; `--filter FILE` adds a filter file (ss's `-F`; `-F`
//! itself is netstat's `--fib`); the plain flags `--port`, `--sport`,
//! `--dport`, `--state`, `--remote`, `--local`, `--pid`, `--process`,
//! `--user`; `--no-pushdown` (or `SOCKSCOPE_NO_PUSHDOWN=1`) keeps every
//! test in user space. All long options match only when spelled in full.
//!
//! Parsing only records the raw values; [`compile`] turns them into a
//! library [`Filter`] (resolving names), so flag parsing stays pure.

use sockscope::filter::plain::{self, PlainFlag};
use sockscope::filter::{file, Filter, FilterError, Lookup};

use super::getopt::{HasArg, LongOpt};
use super::netstat_table::Opt;

/// Environment variable that disables kernel pushdown when set (to
/// anything but empty or `0`).
pub const NO_PUSHDOWN_ENV: &str = "SOCKSCOPE_NO_PUSHDOWN";

const fn arg(name: &'static str, id: Opt) -> LongOpt<Opt> {
    LongOpt {
        name,
        has_arg: HasArg::Required,
        id,
        exact_only: true,
    }
}

/// The long options only the `sockscope` personality has: the library's
/// plain flags (one table: `PlainFlag::ALL`), `--filter`, `--no-pushdown`.
pub fn long_options() -> Vec<LongOpt<Opt>> {
    let mut opts: Vec<LongOpt<Opt>> = PlainFlag::ALL
        .iter()
        .map(|&f| arg(f.name(), Opt::Plain(f)))
        .collect();
    opts.push(arg("filter", Opt::FilterFile));
    opts.push(arg("netns", Opt::Netns));
    opts.push(LongOpt {
        name: "no-pushdown",
        has_arg: HasArg::No,
        id: Opt::NoPushdown,
        exact_only: true,
    });
    opts
}

/// Usage lines for these options.
pub const USAGE: &str = "
  Filters (sockscope only; see ss(8) for the expression grammar):
        [FILTER]                 trailing words: an ss filter expression,
                                 e.g. state listening '( sport = :22 or sport = :80 )'
        --filter FILE            read the expression from FILE ('-': stdin)
        --port N|NAME|LO-HI      either end's port (--sport, --dport: one end)
        --state NAME[,NAME]      socket states (ss names, or LISTEN, TIME_WAIT...)
        --local ADDR  --remote ADDR   address, CIDR or host, optionally :port
        --pid N  --process REGEX  --user NAME|UID
        --no-pushdown            filter in user space only (no kernel bytecode)
        --netns NAME|PATH|pid:PID|all   list that network namespace (an `ip
                                 netns` name, an nsfs file, or a process's), or
                                 every one (`all`: one block per namespace, each
                                 under a `netns: NAME` line); every mode
";

/// The filter as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilterArgs {
    /// Trailing operands (the ss expression), in order.
    pub words: Vec<String>,
    /// `--filter FILE`.
    pub file: Option<String>,
    /// Plain flags in command-line order.
    pub plain: Vec<(PlainFlag, String)>,
    pub no_pushdown: bool,
}

impl FilterArgs {
    /// Nothing was given.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.file.is_none() && self.plain.is_empty()
    }
}

/// Why a filter could not be built.
#[derive(Debug, thiserror::Error)]
pub enum FilterArgError {
    #[error("{0}")]
    Syntax(#[from] FilterError),
    #[error("{0}")]
    File(#[from] file::FileError),
}

/// Build the filter (`None` when none was given). Names are resolved now,
/// as ss resolves them.
pub fn compile(a: &FilterArgs, lookup: &dyn Lookup) -> Result<Option<Filter>, FilterArgError> {
    if a.is_empty() {
        return Ok(None);
    }
    let file_text = match &a.file {
        Some(path) => Some(file::read(std::path::Path::new(path))?),
        None => None,
    };
    let text = file::combine(&file::from_args(&a.words), file_text.as_deref());
    let expr = Filter::parse_ss(&text, lookup)?;
    let plain = Filter::new(plain::compile(&a.plain, lookup)?);
    Ok(Some(expr.and(plain)))
}

/// Is kernel pushdown disabled by the environment?
pub fn pushdown_disabled_by_env() -> bool {
    std::env::var(NO_PUSHDOWN_ENV).is_ok_and(|v| !v.is_empty() && v != "0")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use sockscope::filter::FixedLookup;

    use crate::flags::netstat::{parse_as, Command, FlagError};
    use crate::flags::usage::Personality;

    fn args(a: &[&str]) -> Vec<Vec<u8>> {
        a.iter().map(|s| s.as_bytes().to_vec()).collect()
    }

    #[test]
    fn sockscope_takes_operands_and_filter_flags() {
        let argv = args(&[
            "-tan",
            "sport",
            "=",
            ":22",
            "--port",
            "80",
            "--no-pushdown",
            "--filter=-",
        ]);
        let Ok(Command::Run(c)) = parse_as(Personality::Sockscope, &argv, false).result else {
            panic!("not parsed");
        };
        assert_eq!(c.filter.words, vec!["sport", "=", ":22"]);
        assert_eq!(c.filter.plain, vec![(PlainFlag::Port, "80".to_owned())]);
        assert_eq!(c.filter.file.as_deref(), Some("-"));
        assert!(c.filter.no_pushdown);
        // Only in full: "--pro" stays netstat's --protocol prefix, and
        // "--stat" netstat's --statistics.
        let argv = args(&["--stat"]);
        let Ok(Command::Run(c)) = parse_as(Personality::Sockscope, &argv, false).result else {
            panic!("not parsed");
        };
        assert!(c.filter.is_empty());
    }

    #[test]
    fn netstat_ignores_operands_and_lacks_the_flags() {
        let argv = args(&["-tan", "sport", "=", ":22"]);
        let Ok(Command::Run(c)) = parse_as(Personality::Netstat, &argv, false).result else {
            panic!("not parsed");
        };
        assert!(c.filter.is_empty());
        let argv = args(&["--port", "22"]);
        assert!(matches!(
            parse_as(Personality::Netstat, &argv, false).result,
            Err(FlagError::Getopt(_))
        ));
    }

    #[test]
    fn words_file_and_flags_combine() {
        let mut a = FilterArgs::default();
        assert!(compile(&a, &FixedLookup::sample()).unwrap().is_none());
        a.words = vec!["state".into(), "listening".into()];
        a.plain = vec![(PlainFlag::Port, "22".into())];
        let f = compile(&a, &FixedLookup::sample()).unwrap().unwrap();
        assert!(f.decides_states());
        a.words = vec!["sport".into(), "=".into(), ":bogus".into()];
        match compile(&a, &FixedLookup::sample()) {
            Err(FilterArgError::Syntax(e)) => assert_eq!(e.offset, 8),
            other => panic!("{other:?}"),
        }
        a.words.clear();
        a.file = Some("/nonexistent/f".into());
        assert!(matches!(
            compile(&a, &FixedLookup::sample()),
            Err(FilterArgError::File(_))
        ));
    }
}
