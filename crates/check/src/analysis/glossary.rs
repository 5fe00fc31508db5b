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
    /// Initials of people: keys an attendance line maps to a personal name ("MD: Mary Dale"),
    /// and speaker labels of the minutes or transcript ("MD: I agree"). They need no entry.
    pub people: FxHashSet<String>,
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
/// A key ends at a word closing with a colon, and is kept without it ("UN: United Nations").
fn entry(text: &str) -> Option<(String, String)> {
    // Words are read one at a time: a unit may be megabytes long.
    let mut words = text.split_whitespace().peekable();
    let mut key: Vec<&str> = Vec::new();
    while key.len() < 3 {
        let Some(&w) = words.peek() else { break };
        let bare = w.strip_suffix(':').unwrap_or(w);
        if !acronym_like(bare) {
            break;
        }
        words.next();
        key.push(bare);
        // A colon ends the key.
        if bare.len() < w.len() {
            break;
        }
    }
    if key.is_empty() || !words.peek()?.starts_with(char::is_uppercase) {
        return None;
    }
    let mut def = String::new();
    for w in words {
        if !def.is_empty() {
            def.push(' ');
        }
        def.push_str(w);
    }
    Some((key.join(" "), def))
}

/// Lower-case words that stand inside personal names ("Ludwig van Beethoven").
const PARTICLES: &[&str] = &["van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "dos", "bin", "al"];

/// Whether `def` reads as the name of the person whose initials are `key` ("MD" → "Mary
/// Dale", "NOL" → "Nia O'Lee", "SRL" → "Sam R. Lowe"): two to four capitalised words, a middle
/// initial or a particle allowed, perhaps followed by a handle, an organisation in brackets or
/// after a comma or dash; the key starts with the first name's initial and holds the last
/// name's. Glossary terms can read alike ("UN United Nations"): callers weigh this with other
/// signs.
pub(crate) fn personal_name(key: &str, def: &str) -> bool {
    let key: Vec<char> = key.chars().collect();
    if !(2..=4).contains(&key.len()) || !key.iter().all(|c| c.is_uppercase()) {
        return false;
    }
    let name = def.split(['(', '[', '@', ',', ';', '|', '–', '—', '<']).next().unwrap_or("");
    let name = name.split(" - ").next().unwrap_or("");
    let words: Vec<&str> = name.split_whitespace().collect();
    if !(2..=4).contains(&words.len()) {
        return false;
    }
    let mut initials = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let w = w.strip_suffix('.').unwrap_or(w);
        let mut cs = w.chars();
        let Some(first) = cs.next() else { return false };
        if i > 0 && i + 1 < words.len() && PARTICLES.contains(&w) {
            continue;
        }
        let rest = cs.as_str();
        // An initial, or a capital then letters, some of them lower-case ("O'Lee", "McKay").
        let wordlike = rest.is_empty()
            || (rest.chars().any(char::is_lowercase) && rest.chars().all(|c| c.is_alphabetic() || "'’-".contains(c)));
        if !first.is_uppercase() || !wordlike {
            return false;
        }
        initials.push(first);
    }
    initials.first() == key.first() && initials.last().is_some_and(|l| key[1..].contains(l))
}

/// The speaker labels opening a paragraph or list item, with their byte offsets: "MD: …",
/// "AB / CD: …" and "AB: CD: all present" open with labels; "UN agencies: …" does not.
pub(crate) fn leading_labels(text: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut pending = Vec::new();
    let mut at = text.len() - text.trim_start().len();
    loop {
        let rest = &text[at..];
        let len = rest.find(|c: char| !c.is_uppercase()).unwrap_or(rest.len());
        let n = rest[..len].chars().count();
        if !(2..=4).contains(&n) {
            break;
        }
        pending.push((&rest[..len], at));
        let after = &rest[len..];
        let gap = after.len() - after.trim_start().len();
        let after = after.trim_start();
        match after.chars().next() {
            Some(c @ ('/' | '&' | ',')) => {
                at += len + gap + c.len_utf8();
                at += text[at..].len() - text[at..].trim_start().len();
            }
            Some(':') => {
                out.append(&mut pending);
                at += len + gap + 1;
                at += text[at..].len() - text[at..].trim_start().len();
            }
            _ => break,
        }
    }
    out
}

/// Whether a definition reads as something a speaker said: four words or more, one of them a
/// pronoun of the first person ("I can take that", "We agreed to wait"); terms are named, not
/// spoken.
fn first_person(def: &str) -> bool {
    const PRONOUNS: &[&str] =
        &["I", "I'm", "I've", "I'll", "I'd", "me", "my", "we", "We", "we're", "We're", "we'll", "our", "us"];
    let words: Vec<&str> =
        def.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')).collect();
    words.len() >= 4 && words.iter().any(|w| PRONOUNS.contains(w))
}

/// Section titles of attendance lists ("Present", "Attendees", "Participants").
fn attendance_title(title: &str) -> bool {
    const WORDS: &[&str] = &[
        "present",
        "attendee",
        "attendees",
        "attendance",
        "attending",
        "participant",
        "participants",
        "apologies",
        "regrets",
        "absent",
        "guests",
        "observers",
        "invitees",
        "members",
    ];
    title.split(|c: char| !c.is_alphanumeric()).any(|w| WORDS.contains(&w))
}

/// Speaker labels with the units each opens, and initials mapped to personal names.
type People<'c> = (FxHashMap<&'c str, Vec<usize>>, FxHashSet<String>);

/// Who speaks or attends in document `d`: how many paragraphs and items each speaker label
/// opens (unit indices), and the initials a line maps to a personal name ("MD: Mary Dale").
fn people<'c>(cx: &'c Context, d: usize) -> People<'c> {
    let mut openers: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut named = FxHashSet::default();
    for (ui, u) in cx.units[d].iter().enumerate() {
        if !matches!(u.kind, UnitKind::Paragraph | UnitKind::ListItem { .. }) {
            continue;
        }
        let t = u.text.trim_start();
        if !t.starts_with(char::is_uppercase) {
            continue;
        }
        for (k, _) in leading_labels(&u.text) {
            let v = openers.entry(k).or_default();
            if v.last() != Some(&ui) {
                v.push(ui);
            }
        }
        let first = t.split_whitespace().next().unwrap_or("");
        if acronym_like(first.strip_suffix(':').unwrap_or(first)) {
            if let Some((k, def)) = entry(t) {
                if personal_name(&k, &def) {
                    named.insert(k);
                }
            }
        }
    }
    (openers, named)
}

/// The glossary of document `d`: a section titled like one, or whose entries are mostly
/// acronym–definition pairs. An untitled list is no glossary when it is an attendance list
/// (its definitions are mostly personal names, under a heading like "Present", or with
/// handles, or their initials also label speakers elsewhere) or a run of speaker turns (half
/// its keys open other paragraphs or items too, or its definitions speak in the first person:
/// "MD: I agree").
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
    let mut who: Option<People> = None;
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
                    let t = t.strip_suffix(':').unwrap_or(t).trim_end();
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
        if !((titled && !entries.is_empty()) || mostly) {
            continue;
        }
        let (openers, named) = who.get_or_insert_with(|| people(cx, d));
        if !titled {
            let ours = |ui: &usize| cx.units[d][*ui].section == p.section.id;
            let spoken = |e: &Entry| openers.get(e.acronym.as_str()).map_or(0, Vec::len) >= 2;
            let spoken_elsewhere =
                |e: &Entry| openers.get(e.acronym.as_str()).is_some_and(|v| v.iter().any(|ui| !ours(ui)));
            let n = entries.len();
            let names = entries.iter().filter(|e| personal_name(&e.acronym, &e.definition)).count();
            let handles = entries.iter().filter(|e| e.definition.contains('@')).count();
            let turns = entries.iter().filter(|e| spoken(e) || first_person(&e.definition)).count();
            let elsewhere = entries.iter().filter(|e| spoken_elsewhere(e)).count();
            // Keys that are identifiers ("RFC-7231", "ISO 9001") or several of them ("A-1, A-2")
            // make a register (of documents, proposals, standards), not a list of acronyms.
            let identifiers =
                entries.iter().filter(|e| e.acronym.contains(|c: char| c.is_ascii_digit() || c == ',')).count();
            if identifiers * 10 > n * 3 {
                continue;
            }
            let attendance = names * 10 >= n * 7
                && (attendance_title(&title) || handles * 2 >= n || elsewhere >= 2 || elsewhere * 4 >= n);
            if attendance || turns * 2 >= n {
                continue;
            }
        }
        let mut sections = vec![p.section.id.clone()];
        for q in &secs[i + 1..] {
            if q.depth <= p.depth {
                break;
            }
            sections.push(q.section.id.clone());
        }
        // Speakers: labels of at most three capitals opening two paragraphs or items or more;
        // once two such speakers show a transcript, every such label.
        let short = |k: &str| k.chars().count() <= 3;
        let repeated = openers.iter().filter(|(k, v)| short(k) && v.len() >= 2).count();
        let mut people = named.clone();
        people.extend(
            openers.iter().filter(|(k, v)| short(k) && (v.len() >= 2 || repeated >= 2)).map(|(k, _)| (*k).to_string()),
        );
        return Some(Glossary { sections, entries, people });
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

/// Call `f` with every word of `text` that may be an acronym, and its byte offset: in ASCII
/// text, the words where two capitals stand with only digits or `+` between them (the others
/// are passed over without being cut out); in other text, every word ([`words`]).
fn acronym_words<'t>(text: &'t str, mut f: impl FnMut(&'t str, usize)) {
    if !text.is_ascii() {
        return words(text, f);
    }
    let b = text.as_bytes();
    let in_word = |c: u8| c.is_ascii_alphanumeric() || c == b'+';
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_uppercase() {
            i += 1;
            continue;
        }
        // The bytes of this word before `i` were passed over: none is a capital.
        let start = b[..i].iter().rposition(|&c| !in_word(c)).map_or(0, |k| k + 1);
        let end = b[i..].iter().position(|&c| !in_word(c)).map_or(b.len(), |k| i + k);
        if may_hold_acronym(&text[i..end]) {
            f(&text[start..end], start);
        }
        i = end;
    }
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

/// Abbreviations every reader knows, written in capitals but needing no expansion: "OK",
/// file names like "README", and time zones.
const UNIVERSAL: &[&str] = &[
    "OK", "README", "UTC", "GMT", "PST", "PDT", "MST", "MDT", "CST", "CDT", "EST", "EDT", "CET", "CEST", "EET", "EEST",
    "BST", "WET", "WEST", "JST", "KST", "AEST", "AEDT",
];

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
        acronym_words(&u.text, |w, start| {
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
    // People's initials and abbreviations every reader knows need no entry either.
    out.retain(|k, _| !covered(g, k) && !g.people.contains(k) && !UNIVERSAL.contains(&k.as_str()));
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
    fn entry_keys_lose_their_colon_and_end_at_it() {
        assert_eq!(entry("UN: United Nations"), Some(("UN".into(), "United Nations".into())));
        assert_eq!(
            entry("UN DESA United Nations Department"),
            Some(("UN DESA".into(), "United Nations Department".into()))
        );
        assert_eq!(entry("AB: CD: all present"), Some(("AB".into(), "CD: all present".into())));
        assert_eq!(entry("AB: all present"), None);
        assert_eq!(entry("AB: Alma Birch (@abirch)"), Some(("AB".into(), "Alma Birch (@abirch)".into())));
    }

    #[test]
    fn personal_names_carry_the_initials_of_the_key() {
        assert!(personal_name("AB", "Alma Birch (@abirch)"));
        assert!(personal_name("NOL", "Nia O'Lee"));
        assert!(personal_name("SRL", "Sam R. Lowe, Acme"));
        assert!(personal_name("JVB", "Jan van Berg - Example Org"));
        assert!(personal_name("JGI", "Jules Gibb"));
        assert!(!personal_name("AB", "Alma birch"));
        assert!(!personal_name("AB", "Carl Dunn"));
        assert!(!personal_name("AB", "Alma"));
        assert!(!personal_name("AB", "Agreed to book the hall"));
        assert!(!personal_name("AB", "Alma Birch Will Book The Hall"));
    }

    #[test]
    fn speakers_say_i_and_we_where_terms_do_not() {
        assert!(first_person("I can take that on."));
        assert!(first_person("Agreed, we will wait a week."));
        assert!(!first_person("Phase I"));
        assert!(!first_person("Programme for Infrastructure Development in Africa"));
    }

    #[test]
    fn speaker_labels_open_a_text() {
        assert_eq!(leading_labels("MD: I agree"), vec![("MD", 0)]);
        assert_eq!(leading_labels("TW / AC: fine"), vec![("TW", 0), ("AC", 5)]);
        assert_eq!(leading_labels("AB: CD: all present"), vec![("AB", 0), ("CD", 4)]);
        assert!(leading_labels("UN agencies: all").is_empty());
        assert!(leading_labels("UNESCO: hosted").is_empty());
        assert!(leading_labels("AB").is_empty());
        assert!(leading_labels("").is_empty());
    }

    #[test]
    fn acronym_words_are_the_words_where_two_capitals_meet() {
        let text = "The WSIS+20 review of iPhone, A1B and G7 by UNESCO's IGFs (Ab Cd) ends";
        let mut got = Vec::new();
        acronym_words(text, |w, at| got.push((w, at)));
        assert_eq!(got, [(4, "WSIS+20"), (30, "A1B"), (44, "UNESCO"), (53, "IGFs")].map(|(a, w)| (w, a)));
        // Other text: every word, for the caller to judge.
        let mut all = 0;
        acronym_words("Malmö WSIS", |_, _| all += 1);
        assert_eq!(all, 2);
    }

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
