//! Text folding shared by the structure and name rules.

/// The base letter of a Latin letter with a diacritic ("ø" → "o", "é" → "e", "ß" → "ss").
pub fn base_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'æ' => "ae",
        'Æ' => "AE",
        'ç' | 'ć' | 'č' => "c",
        'Ç' | 'Ć' | 'Č' => "C",
        'ď' | 'đ' => "d",
        'Ď' | 'Đ' => "D",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => "I",
        'ł' => "l",
        'Ł' => "L",
        'ñ' | 'ń' | 'ň' => "n",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
        'œ' => "oe",
        'Œ' => "OE",
        'ř' => "r",
        'Ř' => "R",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'Ś' | 'Š' | 'Ş' | 'Ș' => "S",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'Ť' | 'Ţ' | 'Ț' => "T",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' | 'Ÿ' => "Y",
        'ź' | 'ż' | 'ž' => "z",
        'Ź' | 'Ż' | 'Ž' => "Z",
        _ => return None,
    })
}

/// The text without diacritics.
pub fn strip_diacritics(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match base_letter(c) {
            Some(b) => out.push_str(b),
            None => out.push(c),
        }
    }
    out
}

/// Lower case, letters and digits only, words separated by one space ("Expo 2030 & Rio+20" →
/// "expo 2030 rio 20"). Diacritics are kept: a dropped one is a spelling difference.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// Levenshtein distance on characters, giving up (returning `max + 1`) beyond `max`.
pub fn edit_distance(a: &str, b: &str, max: usize) -> usize {
    // Names and headings are short: compare bytes when both are ASCII, characters otherwise.
    if a.is_ascii() && b.is_ascii() {
        return bounded_levenshtein(a.as_bytes(), b.as_bytes(), max);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    bounded_levenshtein(&a, &b, max)
}

fn bounded_levenshtein<T: PartialEq>(a: &[T], b: &[T], max: usize) -> usize {
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    if max <= 1 {
        return within_one(a, b).min(max + 1);
    }
    // Two rows, reused.
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > max {
            return max + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Levenshtein distance when it is 0 or 1, and 2 for anything more, in one pass.
fn within_one<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let same = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if same == long.len() {
        return 0;
    }
    let rest_matches = if short.len() == long.len() {
        short[same + 1..] == long[same + 1..]
    } else {
        long.len() == short.len() + 1 && short[same..] == long[same + 1..]
    };
    if rest_matches {
        1
    } else {
        2
    }
}

/// Similarity of two strings in 0..=1 from their edit distance.
pub fn similarity(a: &str, b: &str) -> f64 {
    let n = a.chars().count().max(b.chars().count());
    if n == 0 {
        return 1.0;
    }
    1.0 - edit_distance(a, b, n) as f64 / n as f64
}

/// Format a number as people write it: thousands separated, no needless decimals.
pub(crate) fn fmt_num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        let s = format!("{}", v.round() as i64);
        let neg = s.starts_with('-');
        let digits: Vec<char> = s.trim_start_matches('-').chars().collect();
        let mut out = String::new();
        for (i, c) in digits.iter().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(*c);
        }
        if neg {
            format!("-{out}")
        } else {
            out
        }
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Sentences of a text as byte ranges (split after `.`, `!`, `?`, `;` followed by white space).
pub(crate) fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    // The marks are ASCII, and ASCII bytes never occur inside another character's encoding.
    for (i, &c) in b.iter().enumerate() {
        if matches!(c, b'.' | b'!' | b'?' | b';') && b.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()) {
            // "Mr." and single capitals ("U.") do not end sentences.
            let word = text[start..i].rsplit(' ').next().unwrap_or("");
            if c == b'.'
                && (word.len() <= 2 && word.chars().next().is_some_and(char::is_uppercase)
                    || ["Mr", "Ms", "Dr", "St", "e.g", "i.e", "etc", "vs"].contains(&word))
            {
                continue;
            }
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("IGF 2025 & WSIS+20 ....."), "igf 2025 wsis 20");
        assert_eq!(strip_diacritics("Lillestrøm Støre"), "Lillestrom Store");
        assert_eq!(edit_distance("Lillestrøm", "Lillestrom", 2), 1);
        assert_eq!(edit_distance("kitten", "sitting", 5), 3);
        assert_eq!(edit_distance("a", "abcdef", 2), 3);
        for (a, b, d) in [("abc", "abc", 0), ("abc", "abd", 1), ("abc", "ab", 1), ("abc", "xbc", 1), ("ab", "ba", 2)] {
            assert_eq!(edit_distance(a, b, 1), d, "{a} {b}");
            assert_eq!(edit_distance(b, a, 1), d, "{b} {a}");
            assert_eq!(edit_distance(a, b, 5).min(2), d, "{a} {b} unbounded");
        }
        assert_eq!(edit_distance("Malmö", "Malmo", 1), 1);
        assert_eq!(edit_distance("abcd", "abdc", 1), 2);
    }

    #[test]
    fn numbers_format_like_prose() {
        assert_eq!(fmt_num(262.0), "262");
        assert_eq!(fmt_num(9435.0), "9,435");
        assert_eq!(fmt_num(-30.0), "-30");
        assert_eq!(fmt_num(68.4), "68.4");
    }

    #[test]
    fn sentence_split() {
        let t = "Mr. A met Bob. Then C; and D.";
        let s: Vec<&str> = sentences(t).iter().map(|(a, b)| t[*a..*b].trim()).collect();
        assert_eq!(s, ["Mr. A met Bob.", "Then C;", "and D."]);
    }
}
