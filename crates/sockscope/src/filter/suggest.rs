//! "Did you mean ...?" for misspelt filter words: the closest keyword by
//! optimal string alignment distance (a swap of neighbours counts once).

/// The word of `words` within edit distance 2 of `w`, if any (the
/// closest; the first of equals).
pub fn suggest(w: &str, words: &[&'static str]) -> Option<&'static str> {
    words
        .iter()
        .copied()
        .map(|k| (distance(w, k), k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Optimal string alignment distance (adjacent swaps count once).
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 2 || a.len() > 32 {
        return usize::MAX;
    }
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_words_are_suggested() {
        let words = ["sport", "dport", "src"];
        assert_eq!(suggest("dpotr", &words), Some("dport"));
        assert_eq!(suggest("sprot", &words), Some("sport"));
        assert_eq!(suggest("scr", &words), Some("src"));
        assert_eq!(suggest("banana", &words), None);
        assert_eq!(distance("ab", "ba"), 1);
    }
}
