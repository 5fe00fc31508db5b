//! Glossaries: finding a document's list of acronyms and the acronyms its text uses.

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::analysis::Context;

use crate::analysis::units::UnitKind;

/// A document's glossary.
pub(crate) struct Glossary {
    /// Section ids inside the glossary (its own and its sub-sections').
    pub sections: Vec<String>,
    /// Its entries, in order.
    pub entries: Vec<Entry>,
}

/// A glossary entry.
pub(crate) struct Entry {
    /// The acronym.
    pub acronym: String,
    /// What it stands for, as written.
    pub definition: String,
    /// The line of the entry.
    pub line: u32,
}

/// An acronym-like token: starts upper-case and is mostly capitals ("UN", "IoT", "OECD"), or
/// has an all-capitals lead before a hyphen ("WG-Youth").
pub(crate) fn acronym_like(t: &str) -> bool {
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    if !t.chars().next().is_some_and(char::is_uppercase) || t.chars().count() > 14 {
        return false;
    }
    if let Some((lead, _)) = t.split_once('-') {
        if lead.chars().count() >= 2 && lead.chars().all(|c| c.is_uppercase()) {
            return true;
        }
    }
    upper >= 2 && upper * 3 >= letters.len() * 2
}

/// Split "UN DESA United Nations Department…" into ("UN DESA", "United Nations Department…").
fn entry(text: &str) -> Option<(String, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let n = words.iter().take(3).take_while(|w| acronym_like(w)).count();
    if n == 0 || n == words.len() {
        return None;
    }
    let def = words[n..].join(" ");
    def.chars().next().filter(|c| c.is_uppercase())?;
    Some((words[..n].join(" "), def))
}

/// The glossary of document `d`: a section titled like one, or whose entries are mostly
/// acronym–definition pairs.
pub(crate) fn find(cx: &Context, d: usize) -> Option<Glossary> {
    let secs = cx.sections(d);
    let mut by_section: HashMap<&str, Vec<&crate::analysis::units::Unit>> = HashMap::new();
    let mut cells: HashMap<(usize, usize, usize), &crate::analysis::units::Unit> = HashMap::new();
    for u in &cx.units[d] {
        if u.kind != UnitKind::Heading {
            by_section.entry(u.section.as_str()).or_default().push(u);
        }
        if let UnitKind::Cell { table, row, col } = u.kind {
            cells.insert((table, row, col), u);
        }
    }
    for (i, p) in secs.iter().enumerate() {
        let title = p.section.title_text().to_lowercase();
        let titled = ["glossary", "acronyms", "abbreviations"].iter().any(|w| title.contains(w));
        let units: &[&crate::analysis::units::Unit] = by_section.get(p.section.id.as_str()).map_or(&[], Vec::as_slice);
        let mut entries = Vec::new();
        let mut candidates = 0;
        for u in units {
            match u.kind {
                UnitKind::Cell { col: 0, table, row } => {
                    candidates += 1;
                    let def = cells.get(&(table, row, 1)).map_or("", |v| v.text.trim());
                    let t = u.text.trim();
                    if !def.is_empty() && t.split_whitespace().all(acronym_like) && !t.is_empty() {
                        entries.push(Entry { acronym: t.to_string(), definition: def.to_string(), line: u.line });
                    }
                }
                UnitKind::Cell { .. } => {}
                _ => {
                    candidates += 1;
                    if let Some((acronym, definition)) = entry(u.text.trim()) {
                        entries.push(Entry { acronym, definition, line: u.line });
                    }
                }
            }
        }
        let mostly = entries.len() >= 5 && entries.len() * 10 >= candidates * 7;
        if (titled && !entries.is_empty()) || mostly {
            let mut sections = vec![p.section.id.clone()];
            for q in &secs[i + 1..] {
                if q.depth <= p.depth {
                    break;
                }
                sections.push(q.section.id.clone());
            }
            return Some(Glossary { sections, entries });
        }
    }
    None
}

/// Whether two capitals stand in one word with only digits or `+` between them (a cheap test
/// before splitting a text into words).
fn may_hold_acronym(text: &str) -> bool {
    if text.is_ascii() {
        let mut prev_upper = false;
        for &b in text.as_bytes() {
            if b.is_ascii_uppercase() {
                if prev_upper {
                    return true;
                }
                prev_upper = true;
            } else if !(b.is_ascii_digit() || b == b'+') {
                prev_upper = false;
            }
        }
        return false;
    }
    let mut prev_upper = false;
    for c in text.chars() {
        if c.is_uppercase() {
            if prev_upper {
                return true;
            }
            prev_upper = true;
        } else if !(c.is_ascii_digit() || c == '+') {
            prev_upper = false;
        }
    }
    false
}

/// Call `f` with every word of `text` (a run of letters, digits and `+`) and its byte offset.
fn words<'t>(text: &'t str, mut f: impl FnMut(&'t str, usize)) {
    for (at, w) in reportkit_model::word_runs(text, |b| b.is_ascii_alphanumeric() || b == b'+') {
        f(w, at);
    }
}

/// How many letters a text has, and how many of them are capitals; ASCII byte by byte.
fn letters_and_capitals(text: &str) -> (usize, usize) {
    if text.is_ascii() {
        let b = text.as_bytes();
        let upper = b.iter().filter(|c| c.is_ascii_uppercase()).count();
        return (upper + b.iter().filter(|c| c.is_ascii_lowercase()).count(), upper);
    }
    text.chars().fold((0, 0), |(l, u), c| (l + usize::from(c.is_alphabetic()), u + usize::from(c.is_uppercase())))
}

/// Acronyms used in the text outside the glossary that it does not cover ([`covered`]): token →
/// (first unit index, byte offset, count). All-capitals units (headings set in capitals) are
/// skipped, and a plural `s` folded.
pub(crate) fn uses(cx: &Context, d: usize, g: &Glossary) -> FxHashMap<String, (usize, usize, usize)> {
    let mut out: FxHashMap<String, (usize, usize, usize)> = FxHashMap::default();
    for (ui, u) in cx.units[d].iter().enumerate() {
        if g.sections.contains(&u.section) {
            continue;
        }
        if !may_hold_acronym(&u.text) {
            continue;
        }
        let mut found: Vec<(&str, usize)> = Vec::new();
        words(&u.text, |w, start| {
            // Most words start in lower case and cannot be acronyms.
            if w.len() < 2 || w.starts_with(char::is_lowercase) {
                return;
            }
            let base = w
                .strip_suffix('s')
                .filter(|b| b.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '+'))
                .unwrap_or(w);
            let caps = base.chars().filter(|c| c.is_uppercase()).count();
            if caps < 2 || !base.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '+') || roman(base) {
                return;
            }
            found.push((base, start));
        });
        if found.is_empty() {
            continue;
        }
        // Text set in capitals (cover lines, shouting headings) holds words, not acronyms.
        let (letters, upper) = letters_and_capitals(&u.text);
        if (letters > 12 && upper * 2 > letters) || (upper == letters && u.text.split_whitespace().count() >= 2) {
            continue;
        }
        for (base, start) in found {
            match out.get_mut(base) {
                Some(e) => e.2 += 1,
                None => {
                    out.insert(base.to_string(), (ui, start, 1));
                }
            }
        }
    }
    // Most acronyms of a document with a glossary are in it: only the others are looked into.
    out.retain(|k, _| !covered(g, k));
    if out.is_empty() {
        return out;
    }
    // A word in capitals whose ordinary spelling the document also uses is a word, not an
    // acronym ("CANADA" beside "Canada").
    let mut ordinary: FxHashSet<String> = FxHashSet::default();
    // ASCII candidates: one case-insensitive automaton over the text.
    let keys: Vec<&String> = out.keys().filter(|k| k.is_ascii()).collect();
    if let Ok(ac) = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&keys)
    {
        for u in &cx.units[d] {
            let t = u.text.as_str();
            for m in ac.find_iter(t) {
                let whole = !t[..m.start()].ends_with(char::is_alphanumeric)
                    && !t[m.end()..].starts_with(char::is_alphanumeric);
                if whole && t[m.start()..m.end()].chars().any(char::is_lowercase) {
                    ordinary.insert(keys[m.pattern().as_usize()].clone());
                }
            }
        }
    }
    // Other candidates (rare): word by word.
    if out.keys().any(|k| !k.is_ascii()) {
        let mut buf = String::new();
        for u in &cx.units[d] {
            for w in u.text.split(|c: char| !c.is_alphanumeric()) {
                if w.len() >= 2 && !w.is_ascii() && w.chars().any(char::is_lowercase) {
                    buf.clear();
                    buf.extend(w.chars().flat_map(char::to_uppercase));
                    if out.contains_key(buf.as_str()) {
                        ordinary.insert(buf.clone());
                    }
                }
            }
        }
    }
    out.retain(|k, _| !ordinary.contains(k));
    out
}

/// Whether an acronym is covered by the glossary: defined itself, as a word of a defined
/// multi-word acronym, as the lead of a hyphenated entry ("WG" of "WG-Youth"), or derived from a
/// defined one by a number ("Rio+20", "EXPO2030").
pub(crate) fn covered(g: &Glossary, acr: &str) -> bool {
    let defined = |a: &str| {
        g.entries
            .iter()
            .map(|e| &e.acronym)
            .any(|e| e == a || e.split_whitespace().any(|w| w == a || w.split('-').next() == Some(a)))
    };
    if defined(acr) {
        return true;
    }
    let base = acr.trim_end_matches(|c: char| c.is_ascii_digit()).trim_end_matches('+');
    base != acr && base.chars().count() >= 2 && defined(base)
}

fn roman(s: &str) -> bool {
    s.chars().all(|c| "IVXLCDM".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_letters_digits_and_plus_with_their_offsets() {
        let text = "The WSIS+20 review, Malmö's IGFs (G7)—ÉU";
        let mut got = Vec::new();
        words(text, |w, at| got.push((w, at)));
        let want: Vec<(&str, usize)> = text
            .split(|c: char| !(c.is_alphanumeric() || c == '+'))
            .scan(0, |pos, w| {
                let at = *pos;
                *pos += w.len() + text[*pos + w.len()..].chars().next().map_or(0, char::len_utf8);
                Some((w, at))
            })
            .filter(|(w, _)| !w.is_empty())
            .collect();
        assert_eq!(got, want);
        assert_eq!(got[1], ("WSIS+20", 4));
        assert_eq!(got.last(), Some(&("ÉU", text.len() - "ÉU".len())));
    }

    #[test]
    fn two_capitals_in_one_word_may_be_an_acronym_in_ascii_and_beyond() {
        assert!(may_hold_acronym("the IGF met"));
        assert!(may_hold_acronym("G+7 and C3PO"));
        assert!(!may_hold_acronym("The Forum Met In Oslo"));
        assert!(may_hold_acronym("Malmö hosted the ÉU"));
        assert!(!may_hold_acronym("Malmö Ét"));
    }

    #[test]
    fn letters_and_capitals_are_counted_alike_in_ascii_and_beyond() {
        assert_eq!(letters_and_capitals("THE IGF, 2025!"), (6, 6));
        assert_eq!(letters_and_capitals("Oslo met"), (7, 1));
        assert_eq!(letters_and_capitals("ÉTÉ à Malmö 20"), (9, 4));
        assert_eq!(letters_and_capitals(""), (0, 0));
    }
}
