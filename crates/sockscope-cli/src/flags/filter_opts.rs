//! The filter inputs the modern subcommands share (`conns`, `kill`), as one
//! clap argument group flattened into each: a trailing ss expression,
//! `--filter FILE`, the plain flags (built from the library's one table,
//! `PlainFlag::ALL`, as the netstat-flag parser's are) and `--no-pushdown`.
//! Turned into the front end's [`FilterArgs`] in one place.

use clap::{Arg, ArgAction, ArgMatches, Args, Command, FromArgMatches};
use sockscope::filter::plain::PlainFlag;

use super::filter::FilterArgs;

/// Filter arguments of a modern subcommand.
#[derive(Debug, Clone, Default)]
pub struct FilterOpts {
    /// `--filter FILE`.
    pub filter_file: Option<String>,
    /// The plain flags, grouped by flag in `PlainFlag::ALL` order (different
    /// flags AND, repeats OR, so the order does not matter).
    pub plain: Vec<(PlainFlag, String)>,
    pub no_pushdown: bool,
    /// The trailing ss expression's words.
    pub words: Vec<String>,
}

impl FilterOpts {
    /// The filter as the front ends take it.
    pub fn args(&self) -> FilterArgs {
        FilterArgs {
            words: self.words.clone(),
            file: self.filter_file.clone(),
            plain: self.plain.clone(),
            no_pushdown: self.no_pushdown,
        }
    }
}

impl Args for FilterOpts {
    fn augment_args(cmd: Command) -> Command {
        let mut cmd = cmd.arg(
            Arg::new("filter_file")
                .long("filter")
                .value_name("FILE")
                .help("Read the filter expression from FILE ('-': stdin)"),
        );
        for f in PlainFlag::ALL {
            cmd = cmd.arg(
                Arg::new(f.name())
                    .long(f.name())
                    .value_name(f.value_name())
                    .help(f.help())
                    .action(ArgAction::Append),
            );
        }
        cmd.arg(
            Arg::new("no_pushdown")
                .long("no-pushdown")
                .help("Filter in user space only (no inet_diag bytecode sent to the kernel)")
                .action(ArgAction::SetTrue),
        )
        .arg(
            Arg::new("words")
                .value_name("FILTER")
                .help("ss filter expression, e.g. state established '( dport = :443 or dport = :80 )'")
                .num_args(0..)
                .trailing_var_arg(true),
        )
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}

impl FromArgMatches for FilterOpts {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        let mut o = FilterOpts::default();
        o.update_from_arg_matches(m)?;
        Ok(o)
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        let strings = |id: &str| -> Vec<String> {
            m.get_many::<String>(id)
                .map(|v| v.cloned().collect())
                .unwrap_or_default()
        };
        self.filter_file = m.get_one::<String>("filter_file").cloned();
        self.plain = PlainFlag::ALL
            .iter()
            .flat_map(|&f| strings(f.name()).into_iter().map(move |v| (f, v)))
            .collect();
        self.no_pushdown = m.get_flag("no_pushdown");
        self.words = strings("words");
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::flags::modern::{parse, Command as Cmd};

    fn conns(words: &[&str]) -> FilterArgs {
        let mut args: Vec<Vec<u8>> = vec![b"conns".to_vec()];
        args.extend(words.iter().map(|w| w.as_bytes().to_vec()));
        match parse(&args).unwrap().command {
            Cmd::Conns(a) => a.filter_args(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_plain_flag_of_the_library_table_is_an_option() {
        for f in PlainFlag::ALL {
            let opt = format!("--{}", f.name());
            let got = conns(&[&opt, "x"]);
            assert_eq!(got.plain, vec![(f, "x".to_string())], "{opt}");
        }
    }

    #[test]
    fn repeats_file_pushdown_and_trailing_expression() {
        let got = conns(&[
            "--port",
            "22",
            "--user",
            "root",
            "--port",
            "80",
            "--filter",
            "f.txt",
            "--no-pushdown",
            "state",
            "established",
        ]);
        assert_eq!(
            got.plain,
            vec![
                (PlainFlag::Port, "22".into()),
                (PlainFlag::Port, "80".into()),
                (PlainFlag::User, "root".into()),
            ]
        );
        assert_eq!(got.file.as_deref(), Some("f.txt"));
        assert!(got.no_pushdown);
        assert_eq!(got.words, ["state", "established"]);
        assert!(conns(&[]).is_empty());
    }
}
