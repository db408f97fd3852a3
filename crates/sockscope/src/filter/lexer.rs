//! Tokenizer for ss filter text. Like ss, words are separated by spaces and
//! tabs (and newlines, for `-F` files) and a backslash escapes the next
//! character. Unlike ss, operators and parentheses are split out of words,
//! so `dport=:22`, `(sport` and `!(a)` work unspaced. Word spellings of
//! operators (`and`, `eq`, ...) count only as whole, unescaped words.

/// What a token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    LParen,
    RParen,
    /// `!`, `not`
    Not,
    /// `&`, `&&`, `and`
    And,
    /// `|`, `||`, `or`
    Or,
    /// `=`, `==`, `eq`
    Eq,
    /// `!=`, `ne`, `neq`
    Ne,
    /// `>=`, `ge`, `geq`
    Ge,
    /// `<=`, `le`, `leq`
    Le,
    /// `>`, `gt`
    Gt,
    /// `<`, `lt`
    Lt,
    /// Anything else, escapes removed.
    Word(String),
}

/// A token, with its text as written and its byte offset in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub tok: Tok,
    pub text: String,
    pub offset: usize,
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn is_symbol(c: char) -> bool {
    matches!(c, '(' | ')' | '!' | '&' | '|' | '=' | '<' | '>')
}

fn word_op(w: &str) -> Option<Tok> {
    Some(match w {
        "not" => Tok::Not,
        "and" => Tok::And,
        "or" => Tok::Or,
        "eq" => Tok::Eq,
        "ne" | "neq" => Tok::Ne,
        "ge" | "geq" => Tok::Ge,
        "le" | "leq" => Tok::Le,
        "gt" => Tok::Gt,
        "lt" => Tok::Lt,
        _ => return None,
    })
}

/// Split `src` into tokens. Never fails: a trailing lone backslash is kept
/// as a literal backslash.
pub fn tokenize(src: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut it = src.char_indices().peekable();
    while let Some(&(start, c)) = it.peek() {
        if is_space(c) {
            it.next();
            continue;
        }
        if is_symbol(c) {
            it.next();
            let next = it.peek().map(|&(_, n)| n);
            let (tok, two) = match (c, next) {
                ('(', _) => (Tok::LParen, false),
                (')', _) => (Tok::RParen, false),
                ('!', Some('=')) => (Tok::Ne, true),
                ('!', _) => (Tok::Not, false),
                ('&', Some('&')) => (Tok::And, true),
                ('&', _) => (Tok::And, false),
                ('|', Some('|')) => (Tok::Or, true),
                ('|', _) => (Tok::Or, false),
                ('=', Some('=')) => (Tok::Eq, true),
                ('=', _) => (Tok::Eq, false),
                ('<', Some('=')) => (Tok::Le, true),
                ('<', _) => (Tok::Lt, false),
                ('>', Some('=')) => (Tok::Ge, true),
                _ => (Tok::Gt, false),
            };
            let mut end = start + c.len_utf8();
            if two {
                if let Some((i, n)) = it.next() {
                    end = i + n.len_utf8();
                }
            }
            out.push(Token {
                tok,
                text: src[start..end].to_owned(),
                offset: start,
            });
            continue;
        }
        let mut word = String::new();
        let mut escaped = false;
        let mut end = start;
        while let Some(&(i, c)) = it.peek() {
            if is_space(c) || is_symbol(c) {
                break;
            }
            it.next();
            end = i + c.len_utf8();
            if c == '\\' {
                escaped = true;
                match it.next() {
                    Some((j, e)) => {
                        word.push(e);
                        end = j + e.len_utf8();
                    }
                    None => word.push('\\'),
                }
            } else {
                word.push(c);
            }
        }
        let tok = match (escaped, word_op(&word)) {
            (false, Some(op)) => op,
            _ => Tok::Word(word),
        };
        out.push(Token {
            tok,
            text: src[start..end].to_owned(),
            offset: start,
        });
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<Tok> {
        tokenize(s).into_iter().map(|t| t.tok).collect()
    }
    fn w(s: &str) -> Tok {
        Tok::Word(s.to_owned())
    }

    #[test]
    fn spaced_and_glued_forms_agree() {
        let spaced = kinds("( sport = :22 ) and ! dport != :80");
        assert_eq!(kinds("(sport=:22)&&!dport!=:80"), spaced);
        assert_eq!(
            spaced,
            vec![
                Tok::LParen,
                w("sport"),
                Tok::Eq,
                w(":22"),
                Tok::RParen,
                Tok::And,
                Tok::Not,
                w("dport"),
                Tok::Ne,
                w(":80")
            ]
        );
    }

    #[test]
    fn every_operator_spelling() {
        assert_eq!(kinds("& && and"), vec![Tok::And; 3]);
        assert_eq!(kinds("| || or"), vec![Tok::Or; 3]);
        assert_eq!(kinds("! not"), vec![Tok::Not; 2]);
        assert_eq!(kinds("= == eq"), vec![Tok::Eq; 3]);
        assert_eq!(kinds("!= ne neq"), vec![Tok::Ne; 3]);
        assert_eq!(kinds(">= ge geq"), vec![Tok::Ge; 3]);
        assert_eq!(kinds("<= le leq"), vec![Tok::Le; 3]);
        assert_eq!(kinds("> gt"), vec![Tok::Gt; 2]);
        assert_eq!(kinds("< lt"), vec![Tok::Lt; 2]);
    }

    #[test]
    fn offsets_and_text() {
        let t = tokenize("src  [::1]:22\tdport>=:1024");
        let got: Vec<(usize, &str)> = t.iter().map(|t| (t.offset, t.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (0, "src"),
                (5, "[::1]:22"),
                (14, "dport"),
                (19, ">="),
                (21, ":1024")
            ]
        );
    }

    #[test]
    fn backslash_escapes_and_keeps_words_literal() {
        assert_eq!(
            kinds(r"src unix:/tmp/a\(b\ c \and"),
            vec![w("src"), w("unix:/tmp/a(b c"), w("and")]
        );
        assert_eq!(kinds("x\\"), vec![w("x\\")]);
    }

    #[test]
    fn non_ascii_is_kept_whole() {
        let t = tokenize("src unix:/tmp/é*");
        assert_eq!(t[1].tok, w("unix:/tmp/é*"));
        assert_eq!(t[1].text.len(), "unix:/tmp/é*".len());
    }
}
