//! A byte-exact re-implementation of glibc's `getopt_long` scanning rules
//! (argument permutation, `--`, bundling, optional `POSIXLY_CORRECT` order,
//! unambiguous abbreviations of long options and glibc's diagnostics), over
//! raw argument bytes. It only scans: what an option means is the caller's
//! business, and it never prints (diagnostics are returned as bytes).

/// Whether an option takes an argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HasArg {
    No,
    Required,
}

/// A short option: its letter, whether it takes an argument, what it means.
#[derive(Debug, Clone, Copy)]
pub struct ShortOpt<T> {
    pub letter: u8,
    pub has_arg: HasArg,
    pub id: T,
}

/// A long option. Entries with the same `id` and `has_arg` are the same
/// option for glibc's ambiguity test (its `flag`/`val` comparison).
#[derive(Debug, Clone, Copy)]
pub struct LongOpt<T> {
    pub name: &'static str,
    pub has_arg: HasArg,
    pub id: T,
    /// Matched only when spelled in full (our own additions, so that they
    /// do not change which abbreviations of the reference tool's options
    /// are ambiguous).
    pub exact_only: bool,
}

/// One recognised option, in command-line order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<'a, T> {
    pub id: T,
    /// The long option's full name when it was given as a long option.
    pub long_name: Option<&'static str>,
    pub arg: Option<&'a [u8]>,
}

/// What glibc complains about (it then returns `'?'`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GetoptError {
    /// `-k`: a letter not in the short option string.
    InvalidOption(u8),
    /// `-A` with nothing after it.
    ShortNeedsArg(u8),
    /// `--foo` (the text after `--`, `=value` included).
    Unrecognized(Vec<u8>),
    /// `--nu`: several options start so (text after `--`, candidates in table order).
    Ambiguous {
        given: Vec<u8>,
        candidates: Vec<&'static str>,
    },
    /// `--tcp=3` (full option name).
    NoArgAllowed(&'static str),
    /// `--protocol` with nothing after it (full option name).
    LongNeedsArg(&'static str),
}

impl GetoptError {
    /// glibc's message for this error, prefixed with `argv0` exactly as given.
    pub fn message(&self, argv0: &[u8]) -> Vec<u8> {
        let mut m = argv0.to_vec();
        match self {
            GetoptError::InvalidOption(c) => {
                m.extend_from_slice(b": invalid option -- '");
                m.push(*c);
                m.extend_from_slice(b"'\n");
            }
            GetoptError::ShortNeedsArg(c) => {
                m.extend_from_slice(b": option requires an argument -- '");
                m.push(*c);
                m.extend_from_slice(b"'\n");
            }
            GetoptError::Unrecognized(given) => {
                m.extend_from_slice(b": unrecognized option '--");
                m.extend_from_slice(given);
                m.extend_from_slice(b"'\n");
            }
            GetoptError::Ambiguous { given, candidates } => {
                m.extend_from_slice(b": option '--");
                m.extend_from_slice(given);
                m.extend_from_slice(b"' is ambiguous; possibilities:");
                for c in candidates {
                    m.extend_from_slice(b" '--");
                    m.extend_from_slice(c.as_bytes());
                    m.push(b'\'');
                }
                m.push(b'\n');
            }
            GetoptError::NoArgAllowed(name) => {
                m.extend_from_slice(b": option '--");
                m.extend_from_slice(name.as_bytes());
                m.extend_from_slice(b"' doesn't allow an argument\n");
            }
            GetoptError::LongNeedsArg(name) => {
                m.extend_from_slice(b": option '--");
                m.extend_from_slice(name.as_bytes());
                m.extend_from_slice(b"' requires an argument\n");
            }
        }
        m
    }
}

/// Scans `args` (without argv[0]) like `getopt_long`. Iterate to get options
/// in order; non-option arguments are collected in [`Getopt::operands`].
#[derive(Debug)]
pub struct Getopt<'a, T: Copy + PartialEq> {
    args: &'a [Vec<u8>],
    shorts: &'a [ShortOpt<T>],
    longs: &'a [LongOpt<T>],
    /// Stop at the first non-option (`POSIXLY_CORRECT` is set).
    require_order: bool,
    /// Index of the next argument to look at.
    index: usize,
    /// Position inside a bundle of short options (`-tulpn`), 0 when none.
    cluster: usize,
    /// Scanning ended (`--`, or a non-option in require-order mode).
    done: bool,
    operands: Vec<&'a [u8]>,
}

impl<'a, T: Copy + PartialEq> Getopt<'a, T> {
    /// A scanner over `args`. `posixly_correct` mirrors glibc reading the
    /// `POSIXLY_CORRECT` environment variable.
    pub fn new(
        args: &'a [Vec<u8>],
        shorts: &'a [ShortOpt<T>],
        longs: &'a [LongOpt<T>],
        posixly_correct: bool,
    ) -> Self {
        Getopt {
            args,
            shorts,
            longs,
            require_order: posixly_correct,
            index: 0,
            cluster: 0,
            done: false,
            operands: Vec::new(),
        }
    }

    /// Non-option arguments seen so far (all of them once iteration ended).
    /// netstat ignores them; kept for callers that do not.
    pub fn operands(&self) -> &[&'a [u8]] {
        &self.operands
    }

    fn short(&mut self) -> Result<Found<'a, T>, GetoptError> {
        let arg: &'a [u8] = &self.args[self.index];
        let c = arg[self.cluster];
        self.cluster += 1;
        let at_end = self.cluster >= arg.len();
        let spec = self.shorts.iter().find(|s| s.letter == c);
        let Some(spec) = spec else {
            if at_end {
                self.next_arg();
            }
            return Err(GetoptError::InvalidOption(c));
        };
        match spec.has_arg {
            HasArg::No => {
                if at_end {
                    self.next_arg();
                }
                Ok(Found {
                    id: spec.id,
                    long_name: None,
                    arg: None,
                })
            }
            HasArg::Required => {
                let value = if !at_end {
                    let rest = &arg[self.cluster..];
                    self.next_arg();
                    rest
                } else {
                    self.next_arg();
                    match self.args.get(self.index) {
                        Some(next) => {
                            self.index += 1;
                            next.as_slice()
                        }
                        None => return Err(GetoptError::ShortNeedsArg(c)),
                    }
                };
                Ok(Found {
                    id: spec.id,
                    long_name: None,
                    arg: Some(value),
                })
            }
        }
    }

    fn long(&mut self) -> Result<Found<'a, T>, GetoptError> {
        let arg: &'a [u8] = &self.args[self.index];
        let text = &arg[2..];
        self.index += 1;
        let (name, value) = match text.iter().position(|&b| b == b'=') {
            Some(eq) => (&text[..eq], Some(&text[eq + 1..])),
            None => (text, None),
        };
        let spec = self.lookup(name, text)?;
        match (spec.has_arg, value) {
            (HasArg::No, Some(_)) => Err(GetoptError::NoArgAllowed(spec.name)),
            (HasArg::No, None) => Ok(Found {
                id: spec.id,
                long_name: Some(spec.name),
                arg: None,
            }),
            (HasArg::Required, Some(v)) => Ok(Found {
                id: spec.id,
                long_name: Some(spec.name),
                arg: Some(v),
            }),
            (HasArg::Required, None) => match self.args.get(self.index) {
                Some(next) => {
                    self.index += 1;
                    Ok(Found {
                        id: spec.id,
                        long_name: Some(spec.name),
                        arg: Some(next.as_slice()),
                    })
                }
                None => Err(GetoptError::LongNeedsArg(spec.name)),
            },
        }
    }

    /// glibc's search: an exact name first; else the first prefix match,
    /// ambiguous if a later prefix match is a different option.
    fn lookup(&self, name: &[u8], text: &[u8]) -> Result<&'a LongOpt<T>, GetoptError> {
        if let Some(exact) = self.longs.iter().find(|l| l.name.as_bytes() == name) {
            return Ok(exact);
        }
        let mut first: Option<&'a LongOpt<T>> = None;
        let mut candidates: Vec<&'static str> = Vec::new();
        let mut ambiguous = false;
        for l in self.longs.iter().filter(|l| !l.exact_only) {
            if !l.name.as_bytes().starts_with(name) {
                continue;
            }
            match first {
                None => {
                    first = Some(l);
                    candidates.push(l.name);
                }
                Some(f) if f.has_arg != l.has_arg || f.id != l.id => {
                    ambiguous = true;
                    candidates.push(l.name);
                }
                Some(_) => {}
            }
        }
        match first {
            None => Err(GetoptError::Unrecognized(text.to_vec())),
            Some(_) if ambiguous => Err(GetoptError::Ambiguous {
                given: text.to_vec(),
                candidates,
            }),
            Some(f) => Ok(f),
        }
    }

    fn next_arg(&mut self) {
        self.index += 1;
        self.cluster = 0;
    }
}

impl<'a, T: Copy + PartialEq> Iterator for Getopt<'a, T> {
    type Item = Result<Found<'a, T>, GetoptError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.cluster > 0 {
            return Some(self.short());
        }
        loop {
            let arg = self.args.get(self.index)?;
            if self.done {
                self.operands.push(arg);
                self.index += 1;
                continue;
            }
            if arg.as_slice() == b"--" {
                self.done = true;
                self.index += 1;
                continue;
            }
            if arg.len() < 2 || arg[0] != b'-' {
                self.operands.push(arg);
                self.index += 1;
                if self.require_order {
                    self.done = true;
                }
                continue;
            }
            if arg[1] == b'-' {
                return Some(self.long());
            }
            self.cluster = 1;
            return Some(self.short());
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Id {
        A,
        B,
        P,
        Alias,
        Json,
    }

    const SHORTS: &[ShortOpt<Id>] = &[
        ShortOpt {
            letter: b'a',
            has_arg: HasArg::No,
            id: Id::A,
        },
        ShortOpt {
            letter: b'b',
            has_arg: HasArg::No,
            id: Id::B,
        },
        ShortOpt {
            letter: b'P',
            has_arg: HasArg::Required,
            id: Id::P,
        },
    ];

    const fn long(name: &'static str, has_arg: HasArg, id: Id) -> LongOpt<Id> {
        LongOpt {
            name,
            has_arg,
            id,
            exact_only: false,
        }
    }

    const LONGS: &[LongOpt<Id>] = &[
        long("inet", HasArg::No, Id::Alias),
        long("inet6", HasArg::No, Id::Alias),
        long("all", HasArg::No, Id::A),
        long("alpha", HasArg::No, Id::B),
        long("proto", HasArg::Required, Id::P),
        long("interfaces", HasArg::No, Id::B),
        LongOpt {
            name: "json",
            has_arg: HasArg::No,
            id: Id::Json,
            exact_only: true,
        },
    ];

    fn argv(args: &[&str]) -> Vec<Vec<u8>> {
        args.iter().map(|a| a.as_bytes().to_vec()).collect()
    }

    type Scanned = Result<(Id, Option<String>), GetoptError>;

    fn scan(args: &[&str], posix: bool) -> (Vec<Scanned>, Vec<String>) {
        let v = argv(args);
        let mut g = Getopt::new(&v, SHORTS, LONGS, posix);
        let found = g
            .by_ref()
            .map(|r| r.map(|f| (f.id, f.arg.map(|a| String::from_utf8_lossy(a).into_owned()))))
            .collect();
        let ops = g
            .operands()
            .iter()
            .map(|o| String::from_utf8_lossy(o).into_owned())
            .collect();
        (found, ops)
    }

    #[test]
    fn bundles_and_permutes() {
        let (f, ops) = scan(&["-ab", "x", "-a", "-", "y"], false);
        assert_eq!(
            f,
            vec![Ok((Id::A, None)), Ok((Id::B, None)), Ok((Id::A, None))]
        );
        assert_eq!(ops, vec!["x", "-", "y"]);
    }

    #[test]
    fn posixly_correct_stops_at_first_operand() {
        let (f, ops) = scan(&["-a", "x", "-b"], true);
        assert_eq!(f, vec![Ok((Id::A, None))]);
        assert_eq!(ops, vec!["x", "-b"]);
    }

    #[test]
    fn double_dash_ends_options() {
        let (f, ops) = scan(&["-a", "--", "-b"], false);
        assert_eq!(f, vec![Ok((Id::A, None))]);
        assert_eq!(ops, vec!["-b"]);
    }

    #[test]
    fn short_argument_attached_or_next_even_if_dashed() {
        let (f, _) = scan(&["-aPinet", "-P", "-b"], false);
        assert_eq!(
            f,
            vec![
                Ok((Id::A, None)),
                Ok((Id::P, Some("inet".into()))),
                Ok((Id::P, Some("-b".into())))
            ]
        );
        let (f, _) = scan(&["-P"], false);
        assert_eq!(f, vec![Err(GetoptError::ShortNeedsArg(b'P'))]);
    }

    #[test]
    fn invalid_short_option_then_continues() {
        let (f, _) = scan(&["-akb"], false);
        assert_eq!(
            f,
            vec![
                Ok((Id::A, None)),
                Err(GetoptError::InvalidOption(b'k')),
                Ok((Id::B, None))
            ]
        );
    }

    #[test]
    fn long_exact_prefix_and_ambiguity() {
        // Exact match wins over longer names.
        assert_eq!(scan(&["--inet"], false).0, vec![Ok((Id::Alias, None))]);
        // Same option twice (same id) is not ambiguous: the first is taken.
        assert_eq!(scan(&["--ine"], false).0, vec![Ok((Id::Alias, None))]);
        // Different options: ambiguous; the list holds the first and the differing ones.
        assert_eq!(
            scan(&["--in"], false).0,
            vec![Err(GetoptError::Ambiguous {
                given: b"in".to_vec(),
                candidates: vec!["inet", "interfaces"],
            })]
        );
        assert_eq!(
            scan(&["--al=1"], false).0,
            vec![Err(GetoptError::Ambiguous {
                given: b"al=1".to_vec(),
                candidates: vec!["all", "alpha"],
            })]
        );
        assert_eq!(
            scan(&["--nope=1"], false).0,
            vec![Err(GetoptError::Unrecognized(b"nope=1".to_vec()))]
        );
    }

    #[test]
    fn long_arguments() {
        assert_eq!(
            scan(&["--pro=x", "--proto", "-a", "--all=1"], false).0,
            vec![
                Ok((Id::P, Some("x".into()))),
                Ok((Id::P, Some("-a".into()))),
                Err(GetoptError::NoArgAllowed("all")),
            ]
        );
        assert_eq!(
            scan(&["--pr"], false).0,
            vec![Err(GetoptError::LongNeedsArg("proto"))]
        );
    }

    #[test]
    fn exact_only_options_are_not_abbreviated() {
        assert_eq!(scan(&["--json"], false).0, vec![Ok((Id::Json, None))]);
        assert_eq!(
            scan(&["--js"], false).0,
            vec![Err(GetoptError::Unrecognized(b"js".to_vec()))]
        );
    }

    #[test]
    fn messages_match_glibc() {
        let m = |e: GetoptError| String::from_utf8(e.message(b"netstat")).unwrap();
        assert_eq!(
            m(GetoptError::InvalidOption(b'k')),
            "netstat: invalid option -- 'k'\n"
        );
        assert_eq!(
            m(GetoptError::ShortNeedsArg(b'A')),
            "netstat: option requires an argument -- 'A'\n"
        );
        assert_eq!(
            m(GetoptError::Unrecognized(b"foo=bar".to_vec())),
            "netstat: unrecognized option '--foo=bar'\n"
        );
        assert_eq!(
            m(GetoptError::Ambiguous {
                given: b"ro".to_vec(),
                candidates: vec!["rose", "route"]
            }),
            "netstat: option '--ro' is ambiguous; possibilities: '--rose' '--route'\n"
        );
        assert_eq!(
            m(GetoptError::NoArgAllowed("tcp")),
            "netstat: option '--tcp' doesn't allow an argument\n"
        );
        assert_eq!(
            m(GetoptError::LongNeedsArg("protocol")),
            "netstat: option '--protocol' requires an argument\n"
        );
    }
}
