//! Shell globs as `fnmatch(3)` without flags reads them (what ss uses for
//! `src unix:PATTERN`): `*` any run of characters (`/` included), `?` one
//! character, `[...]` a class (`!` or `^` negates, `a-z` ranges, a leading
//! `]` is literal), `\` escapes. Iterative, so no input can blow the stack.

/// Does `text` match the whole `pattern`? With `fold`, ASCII case is ignored.
pub fn matches(pattern: &str, text: &str, fold: bool) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let eq = |a: char, b: char| {
        if fold {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    };
    let (mut pi, mut ti) = (0usize, 0usize);
    // Where to resume after the last `*`: (pattern index after it, text index).
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        let step = match p.get(pi) {
            Some('*') => {
                star = Some((pi + 1, ti));
                pi += 1;
                continue;
            }
            Some('?') => Some(1),
            Some('[') => class(&p[pi..], t[ti], fold),
            Some('\\') if pi + 1 < p.len() => eq(p[pi + 1], t[ti]).then_some(2),
            Some(&c) => eq(c, t[ti]).then_some(1),
            None => None,
        };
        match step {
            Some(n) => {
                pi += n;
                ti += 1;
            }
            None => match star {
                Some((sp, st)) => {
                    pi = sp;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Match `c` against the class at the start of `p` (`p[0] == '['`).
/// Returns the class length when it matches; a class without a closing `]`
/// is a literal `[`.
fn class(p: &[char], c: char, fold: bool) -> Option<usize> {
    let mut i = 1;
    let negate = matches!(p.get(i), Some('!') | Some('^'));
    if negate {
        i += 1;
    }
    let lower = |x: char| if fold { x.to_ascii_lowercase() } else { x };
    let c = lower(c);
    let mut hit = false;
    let mut first = true;
    loop {
        let Some(&a) = p.get(i) else {
            // Unterminated: `[` stands for itself.
            return (c == '[').then_some(1);
        };
        if a == ']' && !first {
            i += 1;
            break;
        }
        first = false;
        let (a, next) = if a == '\\' && i + 1 < p.len() {
            (p[i + 1], i + 2)
        } else {
            (a, i + 1)
        };
        if p.get(next) == Some(&'-') && p.get(next + 1).is_some_and(|&b| b != ']') {
            let b = p[next + 1];
            if lower(a) <= c && c <= lower(b) {
                hit = true;
            }
            i = next + 2;
        } else {
            if lower(a) == c {
                hit = true;
            }
            i = next;
        }
    }
    (hit != negate).then_some(i)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::matches;

    #[test]
    fn stars_and_questions() {
        assert!(matches("*", "", false));
        assert!(matches("/tmp/*", "/tmp/a/b.sock", false));
        assert!(matches("*.sock", "/run/x.sock", false));
        assert!(!matches("*.sock", "/run/x.socket", false));
        assert!(matches("a?c", "abc", false));
        assert!(!matches("a?c", "ac", false));
        assert!(matches("*a*b*c*", "xxaxxbxxcxx", false));
        assert!(!matches("*a*b*c*", "xxcxxbxxaxx", false));
    }

    #[test]
    fn classes_and_escapes() {
        assert!(matches("[abc]x", "bx", false));
        assert!(!matches("[!abc]x", "bx", false));
        assert!(matches("[^abc]x", "dx", false));
        assert!(matches("[a-f0-9]", "e", false));
        assert!(matches("[]]", "]", false));
        assert!(matches("\\*", "*", false));
        assert!(!matches("\\*", "x", false));
        assert!(matches("[", "[", false));
    }

    #[test]
    fn case_folding() {
        assert!(matches("/TMP/*", "/tmp/x", true));
        assert!(!matches("/TMP/*", "/tmp/x", false));
        assert!(matches("[A-C]", "b", true));
    }

    #[test]
    fn pathological_input_is_fast() {
        let text = "a".repeat(2000);
        let pat = format!("{}b", "*a".repeat(50));
        assert!(!matches(&pat, &text, false));
    }
}
