//! The order net-tools 2.10 lists interfaces in: it inserts each name into a
//! list kept "sorted" by `nstrcmp` (lib/nstrcmp.c, 2004 rewrite), walking
//! back from the tail, first the devices of /proc/net/dev, then the labels
//! of `SIOCGIFCONF`. `nstrcmp` compares the non-digit stems, then the
//! trailing numbers, then the whole names, then `:N` alias numbers, so
//! `v9 < v10 < v2a` and `eth0 < eth0:1 < eth0:lab`.

use std::cmp::Ordering;

/// Indexes of `names` in the order netstat prints them. Equal names keep
/// the first (netstat's cache returns the entry it already has).
pub fn netstat_order<'a>(names: impl IntoIterator<Item = &'a [u8]>) -> Vec<usize> {
    let names: Vec<&[u8]> = names.into_iter().collect();
    let mut order: Vec<usize> = Vec::with_capacity(names.len());
    'next: for (i, name) in names.iter().enumerate() {
        let mut at = order.len();
        while at > 0 {
            match nstrcmp(names[order[at - 1]], name) {
                Ordering::Equal => continue 'next,
                Ordering::Less => break,
                Ordering::Greater => at -= 1,
            }
        }
        order.insert(at, i);
    }
    order
}

/// `nstrcmp(a, b)` of net-tools.
pub fn nstrcmp(a: &[u8], b: &[u8]) -> Ordering {
    let (a, a_alias) = cut_alias(a);
    let (b, b_alias) = cut_alias(b);
    let (ai, bi) = (stem_len(a), stem_len(b));
    let common = ai.min(bi);
    let by_stem = a[..common].cmp(&b[..common]).then(ai.cmp(&bi));
    if by_stem != Ordering::Equal {
        return by_stem;
    }
    let by_number = atoi(&a[ai..]).cmp(&atoi(&b[bi..]));
    if by_number != Ordering::Equal {
        return by_number;
    }
    let by_name = a.cmp(b);
    if by_name != Ordering::Equal {
        return by_name;
    }
    let number = |alias: Option<&[u8]>| alias.map_or(-1, atoi);
    number(a_alias)
        .cmp(&number(b_alias))
        .then_with(|| match (a_alias, b_alias) {
            (Some(x), Some(y)) => x.cmp(y),
            _ => Ordering::Equal,
        })
}

/// `cutalias`: a trailing `:` + digits is an alias number; split it off.
fn cut_alias(name: &[u8]) -> (&[u8], Option<&[u8]>) {
    let digits = name.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let colon = name.len() - digits;
    if digits > 0 && colon > 0 && name[colon - 1] == b':' {
        (&name[..colon - 1], Some(&name[colon..]))
    } else {
        (name, None)
    }
}

/// `rindex_nondigit`: the length of the name without its trailing digits.
fn stem_len(name: &[u8]) -> usize {
    name.len() - name.iter().rev().take_while(|b| b.is_ascii_digit()).count()
}

/// C `atoi`: leading digits as a long, then cut to an int (interface names
/// hold at most 15 digits, so the long never saturates).
fn atoi(digits: &[u8]) -> i32 {
    let mut v: i64 = 0;
    for &d in digits.iter().take_while(|b| b.is_ascii_digit()) {
        v = v.wrapping_mul(10).wrapping_add(i64::from(d - b'0'));
    }
    v as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        netstat_order(names.iter().map(|n| n.as_bytes()))
            .into_iter()
            .map(|i| names[i].to_string())
            .collect()
    }

    #[test]
    fn matches_netstat_2_10_on_a_namespace() {
        // /proc/net/dev order of a test namespace plus its SIOCGIFCONF
        // labels, and what netstat -ia printed (v0:lab after v10: the
        // comparison is not a total order, the walk from the tail decides).
        let proc = [
            "lo",
            "v1",
            "v0",
            "tap0",
            "tun0",
            "br0",
            "vx0",
            "mv0",
            "caf\u{e9}",
            "e\x1b[1mx",
            "v10",
            "abcdefghijklmno",
            "v2a",
            "v9",
            "v0:1",
            "v0:lab",
        ];
        let want = [
            "abcdefghijklmno",
            "br0",
            "caf\u{e9}",
            "e\x1b[1mx",
            "lo",
            "mv0",
            "tap0",
            "tun0",
            "v0",
            "v0:1",
            "v1",
            "v9",
            "v10",
            "v0:lab",
            "v2a",
            "vx0",
        ];
        assert_eq!(sorted(&proc), want);
    }

    #[test]
    fn numbers_and_aliases() {
        assert_eq!(nstrcmp(b"eth2", b"eth10"), Ordering::Less);
        assert_eq!(nstrcmp(b"eth01", b"eth1"), Ordering::Less);
        assert_eq!(nstrcmp(b"eth0:2", b"eth0:10"), Ordering::Less);
        assert_eq!(nstrcmp(b"eth0", b"eth0:0"), Ordering::Less);
        assert_eq!(nstrcmp(b"eth0:1", b"eth0:1"), Ordering::Equal);
        assert_eq!(sorted(&["b", "a", "b", "a1"]), ["a", "a1", "b"]);
        assert!(sorted(&[]).is_empty());
    }
}
