//! # name-variant
//!
//! A proper name or title is spelled two ways across the corpus.
//!
//! ## What it does
//!
//! Collects capitalised words across every document and compares the distinct spellings: two
//! that differ only by diacritics ("Malmö", "Malmo"), or by one edit or a swap of two
//! neighbouring letters in a word of five letters or more ("Gothenburg", "Gothenberg"), are variants of
//! one name. Plurals, possessives and words that extend one another are not variants. It reports
//! each minority spelling with its count and locations and suggests the majority spelling.
//!
//! ## Why is this bad?
//!
//! A misspelt name is discourteous to the person or place, and it defeats search: readers
//! looking for one spelling miss the other.
//!
//! ## Example
//!
//! Fails:
//!
//! ```markdown
//! The fair met in Malmö. Malmö hosted 3,000 people. See you in Malmo.
//! ```
//!
//! Passes:
//!
//! ```markdown
//! The fair met in Malmö. Malmö hosted 3,000 people. See you in Malmö.
//! ```

use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::rule::{Context, Draft};
use crate::text::{edit_distance, strip_diacritics};

struct Spelling {
    count: usize,
    places: Vec<(usize, u32)>,
    /// Words next to it (hashes of their lower case), for telling one name from another.
    neighbours: FxHashSet<u64>,
}

/// Hash of a word folded to lower case, computed without building the folded word.
fn folded_hash(w: &str) -> u64 {
    let mut h = FxHasher::default();
    for c in w.chars().flat_map(char::to_lowercase) {
        h.write_u32(c as u32);
    }
    h.finish()
}

/// The word before and the word after byte range `at..at + len` (see [`folded_hash`]).
fn neighbours(text: &str, at: usize, len: usize) -> [Option<u64>; 2] {
    let word = |s: &str| s.split(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty()).map(folded_hash);
    let before = text[..at].rsplit(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty()).map(folded_hash);
    [before, word(&text[at + len..])]
}

/// Capitalised words of length ≥ 4 with at least one lower-case letter (so acronyms and
/// all-capitals headings are left out).
fn is_name(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase)
        && w.chars().count() >= 4
        && w.chars().skip(1).any(char::is_lowercase)
        && w.chars().all(|c| c.is_alphabetic() || c == '-')
}

/// Words of a text (runs of letters, digits and hyphens) with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    reportkit_model::word_runs(text, |b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Whether two spellings differ by a swap of two neighbouring letters.
fn swapped(a: &str, b: &str) -> bool {
    // A swap keeps the length in bytes: most pairs stop here, before any character is decoded.
    if a.len() != b.len() {
        return false;
    }
    if a.is_ascii() && b.is_ascii() {
        return swapped_in(a.as_bytes(), b.as_bytes());
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    swapped_in(&a, &b)
}

fn swapped_in<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut diff = (0..a.len()).filter(|&i| a[i] != b[i]);
    match (diff.next(), diff.next(), diff.next()) {
        (Some(i), Some(j), None) => j == i + 1 && a[i] == b[j] && a[j] == b[i],
        _ => false,
    }
}

/// A distinct spelling with the forms the comparison needs, computed once per spelling rather
/// than once per candidate pair.
struct Form<'a> {
    word: &'a str,
    lower: String,
    plain: String,
    chars: usize,
    /// First letter, lower case, without diacritics.
    initial: char,
}

impl<'a> Form<'a> {
    fn new(word: &'a str) -> Self {
        let lower = word.to_lowercase();
        let initial = strip_diacritics(&lower).chars().next().unwrap_or(' ');
        Form { word, plain: strip_diacritics(word), chars: word.chars().count(), lower, initial }
    }
}

/// Whether two distinct spellings are variants of one name.
fn variants(a: &Form, b: &Form) -> Option<&'static str> {
    let (la, lb) = (a.lower.as_str(), b.lower.as_str());
    if la == lb {
        return None;
    }
    if a.plain == b.plain {
        return Some("diacritics");
    }
    if la.starts_with(lb) || lb.starts_with(la) || la.chars().next() != lb.chars().next() {
        return None;
    }
    if a.chars < 5 || b.chars < 5 {
        return None;
    }
    // Inflections: a trailing letter or two ("Nation"/"Nations", "Africa"/"African").
    fn stem(s: &str) -> &str {
        s.trim_end_matches(['s', 'n', 'e'])
    }
    if stem(la) == stem(lb) {
        return None;
    }
    if swapped(la, lb) {
        return Some("letters swapped");
    }
    // Names that differ in their last letter are usually different names ("Mario", "Maria").
    let last_differs = la.chars().last() != lb.chars().last() && la.chars().count() == lb.chars().count();
    (edit_distance(la, lb, 1) == 1 && !last_differs).then_some("one letter")
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    // One pass over the text: capitalised candidates (document, unit, offset, word), and the
    // words that also occur in lower case, which are common words, not names.
    let mut lower_words: FxHashSet<&str> = FxHashSet::default();
    let mut candidates: Vec<(usize, usize, usize, &str)> = Vec::new();
    for (d, units) in cx.units.iter().enumerate() {
        for (ui, u) in units.iter().enumerate() {
            for (at, w) in words(&u.text) {
                if w.starts_with(char::is_lowercase) {
                    // Names have at least four letters: shorter words cannot be their lower case.
                    if w.len() >= 4 {
                        lower_words.insert(w);
                    }
                } else if is_name(w) {
                    candidates.push((d, ui, at, w));
                }
            }
        }
    }
    let mut buf = String::new();
    let mut spellings: FxHashMap<&str, Spelling> = FxHashMap::default();
    // Lines are counted forward within a unit: candidates come in text order.
    let mut line_from: (usize, usize, usize, u32) = (usize::MAX, 0, 0, 0);
    for (d, ui, at, w) in candidates {
        buf.clear();
        if w.is_ascii() {
            buf.push_str(w);
            buf.make_ascii_lowercase();
        } else {
            buf.extend(w.chars().flat_map(char::to_lowercase));
        }
        if lower_words.contains(buf.as_str()) {
            continue;
        }
        let u = &cx.units[d][ui];
        let s = spellings.entry(w).or_insert(Spelling { count: 0, places: Vec::new(), neighbours: Default::default() });
        s.count += 1;
        if s.neighbours.len() < 64 {
            s.neighbours.extend(neighbours(&u.text, at, w.len()).into_iter().flatten());
        }
        if s.places.len() < 50 {
            if (line_from.0, line_from.1) != (d, ui) {
                line_from = (d, ui, 0, u.line);
            }
            let (_, _, from, line) = line_from;
            let line = line + u.text[from..at].bytes().filter(|&b| b == b'\n').count() as u32;
            line_from = (d, ui, at, line);
            s.places.push((d, line));
        }
    }
    // Candidate pairs: same first letter and similar length, compared once each.
    // Spellings in byte order, so findings come out in the same order on every run.
    let mut words: Vec<&str> = spellings.keys().copied().collect();
    words.sort_unstable();
    let forms: Vec<Form> = words.iter().map(|w| Form::new(w)).collect();
    let mut by_initial: FxHashMap<(char, usize), Vec<usize>> = FxHashMap::default();
    for (i, f) in forms.iter().enumerate() {
        by_initial.entry((f.initial, f.chars)).or_default().push(i);
    }
    let mut out = Vec::new();
    let mut reported: FxHashSet<&str> = FxHashSet::default();
    for (i, fa) in forms.iter().enumerate() {
        let n = fa.chars;
        for len in n.saturating_sub(1)..=n + 1 {
            for &j in by_initial.get(&(fa.initial, len)).map(Vec::as_slice).unwrap_or(&[]) {
                if j <= i {
                    continue;
                }
                let fb = &forms[j];
                let Some(how) = variants(fa, fb) else { continue };
                let (a, b) = (fa.word, fb.word);
                let (sa, sb) = (&spellings[a], &spellings[b]);
                // Beyond diacritics, two spellings are one name only when they keep the same
                // company somewhere ("Gothenburg Accord", "Gothenberg Accord").
                if how != "diacritics" && sa.neighbours.is_disjoint(&sb.neighbours) {
                    continue;
                }
                let (major, minor, smaj, smin) = if sa.count >= sb.count { (a, b, sa, sb) } else { (b, a, sb, sa) };
                if smaj.count < smin.count * 2 && smaj.count != smin.count || !reported.insert(minor) {
                    continue;
                }
                let (d, line) = smin.places[0];
                let message = if smaj.count == smin.count {
                    format!(
                        "\"{minor}\" and \"{major}\" ({} × each) look like two spellings of one name: {how}",
                        smin.count
                    )
                } else {
                    format!(
                        "\"{minor}\" ({} ×) looks like a variant of \"{major}\" ({} ×): {how}",
                        smin.count, smaj.count
                    )
                };
                let mut draft = Draft::new(d, line, message, format!("{minor}|{major}"))
                    .snippet(minor.to_string())
                    .with("variant", minor.to_string())
                    .with("variant_count", smin.count)
                    .with("majority", major.to_string())
                    .with("majority_count", smaj.count)
                    .hint(format!("write \"{major}\" everywhere, unless these are different names"));
                for &(dd, l) in smin.places.iter().skip(1) {
                    draft = draft.related(dd, l, format!("\"{minor}\" again"));
                }
                for &(dd, l) in smaj.places.iter().take(3) {
                    draft = draft.related(dd, l, format!("\"{major}\""));
                }
                out.push(draft);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_letters_digits_and_hyphens_with_their_offsets() {
        let text = "Tromsøya hosted the ABC-2030, then Ærøskøbing—later";
        let got: Vec<(usize, &str)> = words(text).collect();
        let want = [
            (0, "Tromsøya"),
            (10, "hosted"),
            (17, "the"),
            (21, "ABC-2030"),
            (31, "then"),
            (36, "Ærøskøbing"),
            (52, "later"),
        ];
        assert_eq!(got, want);
        assert_eq!(words("").count(), 0);
        assert_eq!(words(" , ").count(), 0);
    }
}
