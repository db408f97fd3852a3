//! The ss expression front end: leading `state`/`exclude` clauses as ss's
//! `main()` reads them, then the expression grammar of ss's `ssfilter.y`,
//! into [`Expr`]. Recursive descent with precise error positions.
//!
//! ```text
//! filter  := { ("state" | "exclude" | "excl") STATE } [or]
//! or      := and { "|" and }
//! and     := unary { ["&"] unary }          juxtaposition is AND
//! unary   := "!" unary | primary
//! primary := "(" or ")" | ("src" | "dst") ["=" | "!="] HOST
//!          | ("sport" | "dport") [OP] PORT  | "dev" ["=" | "!="] DEVICE
//!          | "autobound" | ("state" | "exclude") STATE
//! ```
//!
//! Precedence: `!` binds tightest, then `and`, then `or`. ss 6.1 itself
//! reads and/or strictly left to right (`a or b and c` is `(a or b) and c`
//! there); where the two readings differ the parse carries a note saying so.
//! Leading state clauses follow ss: the first `state` starts from the empty
//! set, the first `exclude` from all states, later ones add or remove. A
//! `state`/`exclude` inside the expression (ss refuses it) is a plain state
//! test. `fwmark` and `cgroup` are refused: the model carries neither.

use super::ast::{Expr, PortOp, Pred, Side};
use super::error::FilterError;
use super::hostcond::{parse_host, parse_port_word, Host};
use super::lexer::{tokenize, Tok, Token};
use super::lookup::Lookup;
use super::states::{parse_state, StateSet, STATE_WORDS};
use super::suggest::suggest;

/// Parentheses and `!` nest at most this deep.
const MAX_DEPTH: usize = 200;
/// Filters longer than this many tokens are refused.
const MAX_TOKENS: usize = 200_000;

const TERMS: &str = "src, dst, sport, dport, dev, autobound, state, exclude, '(' or '!'";
const KEYWORDS: [&str; 9] = [
    "src",
    "dst",
    "sport",
    "dport",
    "dev",
    "autobound",
    "state",
    "exclude",
    "excl",
];

/// A parsed ss filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub expr: Expr,
    /// Leading `state`/`exclude` clauses were given (they decide the states).
    pub has_states: bool,
    /// Remarks for the user (e.g. where ss would read the filter differently).
    pub notes: Vec<String>,
}

/// Parse ss filter text (argv words joined by spaces, `-F` lines by
/// newlines). Empty text is the filter that keeps everything.
pub fn parse(src: &str, lookup: &dyn Lookup) -> Result<Parsed, FilterError> {
    let toks = tokenize(src);
    if toks.len() > MAX_TOKENS {
        return Err(FilterError::new(src, 0, "", "the filter is too long"));
    }
    let mut p = Parser {
        src,
        toks,
        pos: 0,
        depth: 0,
        lookup,
        notes: Vec::new(),
    };
    let states = p.leading_states()?;
    let expr = if p.at_end() {
        Expr::True
    } else {
        let e = p.or()?;
        if let Some(t) = p.peek() {
            let msg = if t.tok == Tok::RParen {
                "unmatched ')'".to_owned()
            } else {
                format!("unexpected token; expected 'and', 'or' or a term ({TERMS})")
            };
            return Err(p.err_at(p.pos, msg));
        }
        e
    };
    let has_states = states.is_some();
    let expr = match states {
        Some(set) => conj(Expr::Pred(Pred::State(set)), expr),
        None => expr,
    };
    Ok(Parsed {
        expr,
        has_states,
        notes: p.notes,
    })
}

fn conj(a: Expr, b: Expr) -> Expr {
    match b {
        Expr::True => a,
        b => Expr::and(a, b),
    }
}

/// Combine `items` with `f` as a balanced tree (depth log n: long chains
/// from `-F` files cannot exhaust the stack later).
fn balanced(mut items: Vec<Expr>, f: fn(Expr, Expr) -> Expr) -> Expr {
    while items.len() > 1 {
        let mut next = Vec::with_capacity(items.len().div_ceil(2));
        let mut it = items.into_iter();
        while let Some(a) = it.next() {
            next.push(match it.next() {
                Some(b) => f(a, b),
                None => a,
            });
        }
        items = next;
    }
    items.pop().unwrap_or(Expr::True)
}

struct Parser<'a> {
    src: &'a str,
    toks: Vec<Token>,
    pos: usize,
    depth: usize,
    lookup: &'a dyn Lookup,
    notes: Vec<String>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.pos)
    }
    fn at_end(&self) -> bool {
        self.pos >= self.toks.len()
    }
    fn next(&mut self) -> Option<Token> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }
    fn is_word(&self, words: &[&str]) -> bool {
        matches!(self.peek().map(|t| &t.tok), Some(Tok::Word(w)) if words.contains(&w.as_str()))
    }

    /// An error at token index `i` (or at the end of the text).
    fn err_at(&self, i: usize, msg: impl Into<String>) -> FilterError {
        match self.toks.get(i) {
            Some(t) => FilterError::new(self.src, t.offset, &t.text, msg),
            None => FilterError::new(self.src, self.src.trim_end().len(), "", msg),
        }
    }

    fn leading_states(&mut self) -> Result<Option<StateSet>, FilterError> {
        let mut set: Option<StateSet> = None;
        while self.is_word(&["state", "exclude", "excl"]) {
            let include = self.is_word(&["state"]);
            self.pos += 1;
            let s = self.state_word()?;
            set = Some(match (set, include) {
                (None, true) => s,
                (None, false) => StateSet::SS_ALL.without(s),
                (Some(cur), true) => cur.union(s),
                (Some(cur), false) => cur.without(s),
            });
        }
        Ok(set)
    }

    fn state_word(&mut self) -> Result<StateSet, FilterError> {
        let i = self.pos;
        match self.next().map(|t| t.tok) {
            Some(Tok::Word(w)) => parse_state(&w)
                .ok_or_else(|| self.err_at(i, format!("unknown state; expected {STATE_WORDS}"))),
            _ => Err(self.err_at(i, format!("expected a state name ({STATE_WORDS})"))),
        }
    }

    fn or(&mut self) -> Result<Expr, FilterError> {
        let first_at = self.pos;
        let mut terms = vec![self.and()?.0];
        let mut ambiguous = None;
        while matches!(self.peek().map(|t| &t.tok), Some(Tok::Or)) {
            self.pos += 1;
            let at = self.pos;
            let (term, chained) = self.and()?;
            if chained && ambiguous.is_none() {
                ambiguous = Some(at);
            }
            terms.push(term);
        }
        if let Some(at) = ambiguous {
            let offset = self.toks.get(first_at).map_or(0, |t| t.offset);
            let near = self.toks.get(at).map_or(0, |t| t.offset);
            self.notes.push(format!(
                "'and' binds tighter than 'or' here (offset {near}); ss reads the \
                 expression starting at offset {offset} strictly left to right: add \
                 parentheses to make the meaning explicit"
            ));
        }
        Ok(balanced(terms, Expr::or))
    }

    /// An AND chain; the flag says whether it had more than one term.
    fn and(&mut self) -> Result<(Expr, bool), FilterError> {
        let mut terms = vec![self.unary()?];
        loop {
            match self.peek().map(|t| &t.tok) {
                Some(Tok::And) => {
                    self.pos += 1;
                    terms.push(self.unary()?);
                }
                Some(Tok::Word(_)) | Some(Tok::Not) | Some(Tok::LParen) => {
                    terms.push(self.unary()?)
                }
                _ => break,
            }
        }
        let chained = terms.len() > 1;
        Ok((balanced(terms, Expr::and), chained))
    }

    fn unary(&mut self) -> Result<Expr, FilterError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err_at(self.pos, "parentheses and '!' nest too deeply"));
        }
        let r = if matches!(self.peek().map(|t| &t.tok), Some(Tok::Not)) {
            self.pos += 1;
            self.unary().map(Expr::not)
        } else {
            self.primary()
        };
        self.depth -= 1;
        r
    }

    fn primary(&mut self) -> Result<Expr, FilterError> {
        let i = self.pos;
        let Some(t) = self.next() else {
            return Err(self.err_at(i, format!("expected a term ({TERMS})")));
        };
        let word = match t.tok {
            Tok::LParen => {
                if matches!(self.peek().map(|t| &t.tok), Some(Tok::RParen)) {
                    return Err(self.err_at(
                        self.pos,
                        format!("empty parentheses: expected a term ({TERMS})"),
                    ));
                }
                let e = self.or()?;
                return match self.next().map(|t| t.tok) {
                    Some(Tok::RParen) => Ok(e),
                    _ => Err(self.err_at(self.pos - 1, "expected ')'")),
                };
            }
            Tok::Word(w) => w,
            _ => return Err(self.err_at(i, format!("expected a term ({TERMS})"))),
        };
        match word.as_str() {
            "src" | "dst" => {
                let side = if word == "src" {
                    Side::Local
                } else {
                    Side::Remote
                };
                let negate = self.eq_or_ne()?;
                let (j, w) =
                    self.value("an address (e.g. 10.0.0.0/8, [::1]:22, *:http, unix:/run/*)")?;
                let pred = match parse_host(&w, self.lookup).map_err(|m| self.err_at(j, m))? {
                    Host::Inet(c) => Pred::Host(side, c),
                    Host::Unix(g) => Pred::UnixPath(side, g),
                };
                Ok(negated(negate, Expr::Pred(pred)))
            }
            "sport" | "dport" => {
                let side = if word == "sport" {
                    Side::Local
                } else {
                    Side::Remote
                };
                self.port_term(side)
            }
            "dev" => {
                let negate = self.eq_or_ne()?;
                let (j, w) = self.value("a device name or index")?;
                let index = self.lookup.ifindex(&w).or_else(|| parse_uint(&w));
                let index = index.ok_or_else(|| self.err_at(j, "no such device"))?;
                Ok(negated(negate, Expr::Pred(Pred::Dev(index))))
            }
            "autobound" => {
                let (lo, hi) = self.lookup.ephemeral_range();
                Ok(Expr::Pred(Pred::AutoBound { lo, hi }))
            }
            "state" => Ok(Expr::Pred(Pred::State(self.state_word()?))),
            "exclude" | "excl" => Ok(Expr::not(Expr::Pred(Pred::State(self.state_word()?)))),
            "fwmark" | "cgroup" => Err(self.err_at(
                i,
                format!("{word} filters are not supported (sockscope does not collect them)"),
            )),
            _ => {
                let hint = suggest(&word, &KEYWORDS)
                    .map(|k| format!(" (did you mean {k:?}?)"))
                    .unwrap_or_default();
                Err(self.err_at(i, format!("unknown term{hint}; expected {TERMS}")))
            }
        }
    }

    /// After `src`/`dst`/`dev`: an optional `=` (or `!=`, which ss refuses
    /// for src/dst). Returns whether the term is negated.
    fn eq_or_ne(&mut self) -> Result<bool, FilterError> {
        match self.peek().map(|t| &t.tok) {
            Some(Tok::Eq) => {
                self.pos += 1;
                Ok(false)
            }
            Some(Tok::Ne) => {
                self.pos += 1;
                Ok(true)
            }
            Some(Tok::Ge | Tok::Le | Tok::Gt | Tok::Lt) => {
                Err(self.err_at(self.pos, "only '=' and '!=' compare addresses and devices"))
            }
            _ => Ok(false),
        }
    }

    /// The value word of a term; `what` names it in errors.
    fn value(&mut self, what: &str) -> Result<(usize, String), FilterError> {
        let j = self.pos;
        match self.next().map(|t| t.tok) {
            Some(Tok::Word(w)) if !KEYWORDS.contains(&w.as_str()) => Ok((j, w)),
            _ => Err(self.err_at(j, format!("expected {what}"))),
        }
    }

    fn port_term(&mut self, side: Side) -> Result<Expr, FilterError> {
        let op = match self.peek().map(|t| &t.tok) {
            Some(t @ (Tok::Eq | Tok::Ne | Tok::Ge | Tok::Le | Tok::Gt | Tok::Lt)) => {
                let t = t.clone();
                self.pos += 1;
                t
            }
            _ => Tok::Eq,
        };
        let (j, w) = self.value("a port (e.g. :22, :ssh, :*)")?;
        let port = parse_port_word(&w, self.lookup).map_err(|m| self.err_at(j, m))?;
        let pred = |op, p| Expr::Pred(Pred::Port(side, op, p));
        let Some(p) = port else {
            return match op {
                Tok::Eq => Ok(Expr::True),
                Tok::Ne => Ok(Expr::False),
                _ => Err(self.err_at(j, "a port number is needed for an ordering comparison")),
            };
        };
        Ok(match op {
            Tok::Ne => Expr::not(pred(PortOp::Eq, p)),
            Tok::Ge => pred(PortOp::Ge, p),
            Tok::Le => pred(PortOp::Le, p),
            Tok::Gt => Expr::not(pred(PortOp::Le, p)),
            Tok::Lt => Expr::not(pred(PortOp::Ge, p)),
            _ => pred(PortOp::Eq, p),
        })
    }
}

fn negated(negate: bool, e: Expr) -> Expr {
    if negate {
        Expr::not(e)
    } else {
        e
    }
}

/// strtoul-style unsigned: decimal or 0x-hex.
fn parse_uint(w: &str) -> Option<u32> {
    match w.strip_prefix("0x").or_else(|| w.strip_prefix("0X")) {
        Some(h) => u32::from_str_radix(h, 16).ok(),
        None => w.parse().ok(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
