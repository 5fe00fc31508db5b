//! Comparison keys and closeness of short texts (names, headings, titles): case, punctuation and
//! diacritics folded, edit distance and similarity.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

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

/// Lower case, letters and digits only, nothing between them ("abi-layout", "ABI Layout" →
/// "abilayout"): a key on which different slug styles and spacings meet.
pub fn fold_tight(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Latin letters that carry a diacritic or are a ligature but have no canonical decomposition.
fn undecomposed(c: char) -> Option<&'static str> {
    Some(match c {
        'æ' => "ae",
        'Æ' => "AE",
        'đ' => "d",
        'Đ' => "D",
        'ı' => "i",
        'ł' => "l",
        'Ł' => "L",
        'ø' => "o",
        'Ø' => "O",
        'œ' => "oe",
        'Œ' => "OE",
        'ß' => "ss",
        _ => return None,
    })
}

/// Whether a character is a Latin letter beyond ASCII (Latin-1 Supplement, Latin Extended-A and
/// -B, Latin Extended Additional): only those lose their diacritics. Other scripts are kept as
/// they are: a breve or a diaeresis there can make a different letter ("й" is not "и").
fn latin_beyond_ascii(c: char) -> bool {
    matches!(c, '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}')
}

/// The text without diacritics on Latin letters ("Ørsted" → "Orsted", "Zürich" →
/// "Zurich", "Straße" → "Strasse"): the canonical decomposition with its combining marks dropped,
/// and a few letters without one (ø, ł, æ, œ, ß…) spelt with their base letters.
pub fn strip_diacritics(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !latin_beyond_ascii(c) {
            out.push(c);
        } else if let Some(b) = undecomposed(c) {
            out.push_str(b);
        } else {
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    out.push(d);
                }
            });
        }
    }
    out
}

/// Levenshtein distance on characters when it is at most `max`, and `max + 1` for anything more.
pub fn edit_distance(a: &str, b: &str, max: usize) -> usize {
    // The lengths alone often settle it (names and headings are short; lengths in bytes bound
    // those in characters by 4×).
    if a.len().abs_diff(b.len()) > max.saturating_mul(4) || a.chars().count().abs_diff(b.chars().count()) > max {
        return max + 1;
    }
    // A prefix or suffix both share changes no distance: only the middles are compared (names
    // that differ by a letter share most of their characters).
    let prefix: usize = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).map(|(x, _)| x.len_utf8()).sum();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix: usize =
        a.chars().rev().zip(b.chars().rev()).take_while(|(x, y)| x == y).map(|(x, _)| x.len_utf8()).sum();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    // What is left differs in its first and in its last character: one edit covers both only
    // when it is a single character (or nothing) on each side.
    let (na, nb) = (a.chars().count(), b.chars().count());
    if max <= 1 {
        return if na <= 1 && nb <= 1 { na.max(nb).min(max + 1) } else { max + 1 };
    }
    strsim::levenshtein(a, b).min(max + 1)
}

/// Similarity of two strings in 0..=1 from their edit distance: 1 − distance / the longer's
/// length in characters (1 for two empty strings).
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_levenshtein(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("IGF 2025 & WSIS+20 ....."), "igf 2025 wsis 20");
        assert_eq!(fold_tight("ABI-Layout err_handling"), "abilayouterrhandling");
    }

    #[test]
    fn diacritics() {
        assert_eq!(strip_diacritics("Lillestrøm Støre"), "Lillestrom Store");
        assert_eq!(
            strip_diacritics("Malmö, Kraków, Łódź, Straße, Œuvre, İzmir"),
            "Malmo, Krakow, Lodz, Strasse, OEuvre, Izmir"
        );
        assert_eq!(strip_diacritics("Nguyễn Thị Ánh"), "Nguyen Thi Anh");
        // Other scripts keep their letters.
        assert_eq!(strip_diacritics("Йошкар-Ола"), "Йошкар-Ола");
        assert_eq!(strip_diacritics("plain"), "plain");
    }

    #[test]
    fn edit_distances() {
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
        assert_eq!(edit_distance("ööö", "o", 1), 2);
        // Shared prefixes and suffixes that overlap in the shorter word.
        assert_eq!(edit_distance("aaab", "aab", 5), 1);
        assert_eq!(edit_distance("abab", "ab", 5), 2);
        assert_eq!(edit_distance("Karmada", "Karmda", 1), 1);
        assert_eq!(edit_distance("Gothenburg", "Gothenberg", 1), 1);
    }

    #[test]
    fn edit_distance_is_levenshtein_up_to_its_bound() {
        // Every pair of short words over a small alphabet (with a two-byte letter), against
        // the full computation.
        let letters = ["a", "b", "ø"];
        let mut words = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = words
                .iter()
                .filter(|w| w.chars().count() < 4)
                .flat_map(|w| letters.map(|l| format!("{w}{l}")))
                .collect();
            words.extend(longer);
            words.sort();
            words.dedup();
        }
        for a in &words {
            for b in &words {
                for max in 0..4 {
                    assert_eq!(edit_distance(a, b, max), strsim::levenshtein(a, b).min(max + 1), "{a} {b} {max}");
                }
            }
        }
    }

    #[test]
    fn similarities() {
        assert_eq!(similarity("", ""), 1.0);
        assert_eq!(similarity("abcd", "abcd"), 1.0);
        assert_eq!(similarity("abcd", "abce"), 0.75);
        assert_eq!(similarity("", "abc"), 0.0);
    }
}
