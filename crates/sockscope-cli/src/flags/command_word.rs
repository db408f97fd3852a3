//! The first word of a `sockscope` command line, looked at before any
//! parser: a modern subcommand (clap parses the line), `help [COMMAND]`,
//! a misspelt command (`con`, `sumary`, `kil`: refused with a suggestion),
//! or anything else: netstat's flags and an ss filter expression, parsed
//! by `netstat.rs`. A word that can start a filter expression (`state
//! established`, `dst 10.0.0.1`, `(`, `!`) is never taken for a misspelt
//! command, so every filter keeps working. Invoked as `netstat`, none of
//! this applies (netstat ignores operands).

use sockscope::filter::suggest::suggest;
use sockscope::filter::{Filter, FixedLookup};

use super::modern::{is_modern, SUBCOMMANDS};

/// The word that asks for help.
pub const HELP: &str = "help";

/// Every command word: the subcommands and `help`.
const COMMAND_WORDS: [&str; SUBCOMMANDS.len() + 1] = {
    let mut words = [HELP; SUBCOMMANDS.len() + 1];
    let mut i = 0;
    while i < SUBCOMMANDS.len() {
        words[i] = SUBCOMMANDS[i];
        i += 1;
    }
    words
};

/// What the first word asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FirstWord {
    /// A modern subcommand: the line is clap's.
    Subcommand,
    /// `help`: the usage (`None`), or `help COMMAND`: that command's help.
    Help(Option<&'static str>),
    /// Not a command, nor a filter, but close to a command (or an unknown
    /// `help` topic): refused, with the closest command if there is one.
    Unknown {
        word: String,
        suggestion: Option<&'static str>,
    },
    /// Netstat flags and a filter expression.
    Classic,
}

/// Classify `args` (argv without argv[0]) of the `sockscope` personality.
/// Words after a `help` topic are ignored.
pub fn classify(args: &[Vec<u8>]) -> FirstWord {
    if is_modern(args) {
        return FirstWord::Subcommand;
    }
    let Some(first) = args.first().and_then(|a| std::str::from_utf8(a).ok()) else {
        return FirstWord::Classic;
    };
    if first == HELP {
        return match args.get(1).map(|t| String::from_utf8_lossy(t)) {
            None => FirstWord::Help(None),
            Some(topic) => match COMMAND_WORDS.iter().find(|w| **w == topic) {
                Some(&HELP) => FirstWord::Help(None),
                Some(w) => FirstWord::Help(Some(w)),
                None => FirstWord::Unknown {
                    suggestion: suggest(&topic, &COMMAND_WORDS),
                    word: topic.into_owned(),
                },
            },
        };
    }
    if first.starts_with('-') || starts_a_filter(first) {
        return FirstWord::Classic;
    }
    match suggest(first, &COMMAND_WORDS) {
        Some(s) => FirstWord::Unknown {
            word: first.to_owned(),
            suggestion: Some(s),
        },
        None => FirstWord::Classic,
    }
}

/// Can `word` begin an ss filter expression? Parsed alone, such a word
/// fails (if at all) after its first token, never at offset 0. No name
/// is looked up: a failed lookup is past the keyword too.
fn starts_a_filter(word: &str) -> bool {
    match Filter::parse_ss(word, &FixedLookup::default()) {
        Ok(_) => true,
        Err(e) => e.offset > 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify_str(s: &str) -> FirstWord {
        let args: Vec<Vec<u8>> = s.split_whitespace().map(|w| w.into()).collect();
        classify(&args)
    }

    fn unknown(word: &str, suggestion: Option<&'static str>) -> FirstWord {
        FirstWord::Unknown {
            word: word.to_owned(),
            suggestion,
        }
    }

    #[test]
    fn subcommands_and_help() {
        assert_eq!(classify_str("conns -t"), FirstWord::Subcommand);
        assert_eq!(classify_str("generate-man /tmp"), FirstWord::Subcommand);
        assert_eq!(classify_str("help"), FirstWord::Help(None));
        assert_eq!(classify_str("help help"), FirstWord::Help(None));
        assert_eq!(classify_str("help kill"), FirstWord::Help(Some("kill")));
        assert_eq!(
            classify_str("help completions x"),
            FirstWord::Help(Some("completions"))
        );
        assert_eq!(classify_str("help con"), unknown("con", Some("conns")));
        assert_eq!(classify_str("help banana"), unknown("banana", None));
        assert_eq!(COMMAND_WORDS.last(), Some(&HELP));
    }

    #[test]
    fn words_close_to_a_command_are_refused_with_a_suggestion() {
        assert_eq!(classify_str("con"), unknown("con", Some("conns")));
        assert_eq!(classify_str("sumary"), unknown("sumary", Some("summary")));
        assert_eq!(classify_str("kil -t"), unknown("kil", Some("kill")));
        assert_eq!(classify_str("hlep"), unknown("hlep", Some("help")));
        assert_eq!(
            classify_str("completion bash"),
            unknown("completion", Some("completions"))
        );
    }

    #[test]
    fn filters_flags_and_far_words_stay_classic() {
        for line in [
            "",
            "-tan",
            "-t con",
            "state established",
            "exclude listening",
            "excl time-wait",
            "dst 10.0.0.1",
            "src=localhost",
            "sport = :22",
            "dev lo",
            "autobound",
            "( dport = :443 )",
            "! sport = :22",
            "not sport = :22",
            "banana",
        ] {
            assert_eq!(classify_str(line), FirstWord::Classic, "{line:?}");
        }
        assert_eq!(classify(&[vec![0xff, b'c']]), FirstWord::Classic);
    }
}
