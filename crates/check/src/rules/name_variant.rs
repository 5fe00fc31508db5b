//! # name-variant
//!
//! A proper name or title is spelled two ways across the corpus.
//!
//! ## What it does
//!
//! Collects capitalised words across every document and compares the distinct spellings: two
//! that differ only by diacritics ("Malmö", "Malmo") or a hyphen ("Fenwood", "Fen-wood"), or by one edit or a swap of two
//! neighbouring letters in a word of five letters or more ("Gothenburg", "Gothenberg"), are variants of
//! one name. Plurals, possessives and words that extend one another are not variants, and
//! handles ("@Jaanki" beside "Janki Chhatbar") are no spellings of a name, nor are function
//! words ("These", "There"). Words
//! also written in lower case are common words, unless the capitalised form outnumbers them
//! ten to one (a name once in lower case in a command is still a name).
//!
//! Beyond diacritics, the two spellings must keep the same company somewhere (a word next to
//! both), unless one spelling of six letters or more is written once against at least five
//! times the other way in the same document (three times, for eight letters or more). Spellings that differ by more than diacritics or
//! a hyphen are compared only where one document holds both, or where `[[publications]]` in
//! reportkit.toml makes their documents one publication. A spelling that always follows a given name the other never follows is
//! part of another name ("Cinema Brasil" is not a misspelt "Brazil"); a given name followed
//! by a family name the other spelling never has, when that one has family names of its own,
//! is another person's, and so is a given name against a family name ("Willson Mock", "Joe
//! Wilson"), and a family name after given names the other spelling never follows ("Dan
//! Fockler", "Steven Fackler"); these hold for diacritics too ("Inés Ortega", "Ines Walsh"). Four-letter family names
//! are compared too, but only after the same given name ("Mira Hollt", "Mira Holt"). It reports
//! each minority spelling with its count and locations and suggests the majority spelling. A
//! minority spelling that differs by more than diacritics or a hyphen and is written five times
//! or more, in more than one document, is a name of its own ("Ricard" beside "Richard").
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

use reportkit_text::fold::{edit_distance, strip_diacritics};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::passages::FUNCTION_WORDS;
use crate::analysis::Context;
use crate::violation::{Diagnostic, Violation};

type Draft = Diagnostic<NameVariant>;

/// A name spelled two ways.
#[derive(Debug, Serialize, JsonSchema)]
pub struct NameVariant {
    /// The rarer spelling.
    pub variant: String,
    /// How often it is written.
    pub variant_count: usize,
    /// The commoner spelling.
    pub majority: String,
    /// How often that is written.
    pub majority_count: usize,
    /// How the two differ ("diacritics", "one letter", …).
    pub how: String,
}

impl Violation for NameVariant {
    const KEY: &'static [&'static str] = &["variant", "majority"];

    fn message(&self) -> String {
        let (minor, major, how) = (&self.variant, &self.majority, &self.how);
        if self.majority_count == self.variant_count {
            format!("\"{minor}\" and \"{major}\" ({} × each) look like two spellings of one name: {how}", self.variant_count)
        } else {
            format!(
                "\"{minor}\" ({} ×) looks like a variant of \"{major}\" ({} ×): {how}",
                self.variant_count, self.majority_count
            )
        }
    }
}

struct Spelling {
    count: usize,
    places: Vec<(usize, u32)>,
    /// Where it is written: indices into the candidates, in text order.
    at: Vec<u32>,
    /// The documents it is written in, in order.
    docs: Vec<usize>,
}

/// The company a spelling keeps, read only for the spellings that come to be compared (most
/// are never paired with a look-alike).
struct Company<'a> {
    /// Words next to it (hashes of their lower case), for telling one name from another.
    neighbours: FxHashSet<u64>,
    /// The capitalised word just before each occurrence, if any (the first name before a
    /// family name, "Auxilio" before "Brasil"); at most [`MAX_BEFORE`].
    before: Vec<Option<&'a str>>,
    /// The capitalised word just after each occurrence, if any (the family name after a given
    /// name); at most [`MAX_BEFORE`].
    after: Vec<Option<&'a str>>,
}

/// A capitalised word where it is written: document, unit, byte offset, the word.
type Candidate<'a> = (usize, usize, usize, &'a str);

impl<'a> Company<'a> {
    /// The company of a spelling written where `written` says (indices into `candidates`).
    fn of(cx: &'a Context<'_>, candidates: &[Candidate<'a>], written: &[u32]) -> Self {
        let mut c = Company { neighbours: FxHashSet::default(), before: Vec::new(), after: Vec::new() };
        for &k in written {
            let (d, ui, at, w) = candidates[k as usize];
            let text = cx.units[d][ui].text.as_str();
            if c.neighbours.len() < MAX_NEIGHBOURS {
                c.neighbours.extend(neighbours(text, at, w.len()).into_iter().flatten());
            }
            if c.before.len() < MAX_BEFORE {
                c.before.push(capitalised_before(text, at));
                c.after.push(capitalised_after(text, at + w.len()));
            } else if c.neighbours.len() >= MAX_NEIGHBOURS {
                break;
            }
        }
        c
    }
}

/// Neighbours and predecessors kept per spelling: enough to find shared company.
const MAX_NEIGHBOURS: usize = 256;
const MAX_BEFORE: usize = 64;

/// The capitalised word directly before byte `at` (separated by white space only), or the
/// initial ("S" of "S Horgan" or "S. Horgan").
fn capitalised_before(text: &str, at: usize) -> Option<&str> {
    let head = &text[..at];
    let trimmed = head.trim_end_matches([' ', '\n', '\t']);
    if trimmed.len() == head.len() {
        return None;
    }
    let w = trimmed.rsplit(|c: char| !(c.is_alphabetic() || c == '-')).next()?;
    if w.is_empty() {
        // "S. Horgan": the initial before the full stop.
        let t = trimmed.strip_suffix('.')?;
        let w = t.rsplit(|c: char| !c.is_alphabetic()).next()?;
        return (w.chars().count() == 1 && w.starts_with(char::is_uppercase)).then_some(w);
    }
    (is_short_name(w) || w.chars().count() == 1 && w.starts_with(char::is_uppercase)).then_some(w)
}

/// Short words that open sentences or stand before names without being names.
const SHORT_WORDS: &[&str] = &[
    "The", "An", "In", "On", "At", "For", "And", "But", "Or", "Nor", "By", "To", "Of", "As", "If", "So", "Yet", "Our",
    "Its", "His", "Her", "My", "We", "It", "He", "She", "You", "Mr", "Mrs", "Ms", "Dr", "St", "Sir", "Not", "All", "Any",
    "Has", "Had", "Was", "Are", "Is", "Be", "Do", "Did", "Can", "May", "Now", "Why", "How", "Who", "New", "Old", "One",
    "Two", "Ten", "Per", "Via", "Vs", "Up", "No", "Yes", "Hi",
];

/// A capitalised word of two letters or more with a lower-case letter: a name of any length
/// ("Joe", "Tan"), for the company a spelling keeps.
fn is_short_name(w: &str) -> bool {
    !(w.len() <= 3 && SHORT_WORDS.contains(&w)) && capitalised(w, 2)
}

/// A capitalised word of at least `min` letters (hyphens allowed) with a lower-case letter.
fn capitalised(w: &str, min: usize) -> bool {
    w.starts_with(char::is_uppercase)
        && w.chars().count() >= min
        && w.chars().skip(1).any(char::is_lowercase)
        && w.chars().all(|c| c.is_alphabetic() || c == '-')
}

/// Whether two spellings follow different initials and never the same one ("S Horgan",
/// "M Horan"): two people.
fn other_initials(minor: &Company, major: &Company) -> bool {
    let initials = |s: &Company| -> FxHashSet<char> {
        s.before.iter().flatten().filter(|w| w.chars().count() == 1).filter_map(|w| w.chars().next()).collect()
    };
    let (a, b) = (initials(minor), initials(major));
    !a.is_empty() && !b.is_empty() && a.is_disjoint(&b)
}

/// Whether the two spellings play different parts in people's names: one is always a given
/// name (a capitalised name follows it, none comes before) and the other always a family name
/// (one comes before, none follows): "Willson Mock" and "Joe Wilson" are two people.
fn other_role(minor: &Company, major: &Company) -> bool {
    // Four occurrences in five play the part: a name also written alone ("Michael:" opening a
    // turn) keeps its part.
    let mostly = |s: &Company, f: &dyn Fn(&Option<&str>, &Option<&str>) -> bool| {
        let n = s.before.iter().zip(&s.after).filter(|(b, a)| f(b, a)).count();
        !s.before.is_empty() && n * 5 >= s.before.len() * 4
    };
    let given = |s: &Company| mostly(s, &|b, a| b.is_none() && a.is_some());
    let family = |s: &Company| mostly(s, &|b, a| b.is_some() && a.is_none());
    given(minor) && family(major) || family(minor) && given(major)
}

/// Whether two spellings are the family names of different people: every occurrence of the
/// minority follows a given name the majority never follows, and the majority follows given
/// names of its own ("Dan Fockler" is not a misspelt "Fackler" of "Steven Fackler").
fn other_given(minor: &Company, major: &Company) -> bool {
    let major_before: FxHashSet<&str> =
        major.before.iter().flatten().copied().filter(|w| w.chars().count() > 1).collect();
    !major_before.is_empty()
        && minor.before.iter().all(|w| w.is_some_and(|w| w.chars().count() > 1 && !major_before.contains(w)))
}

/// The capitalised word directly after byte `at` (separated by white space only).
fn capitalised_after(text: &str, at: usize) -> Option<&str> {
    let tail = &text[at..];
    let trimmed = tail.trim_start_matches([' ', '\n', '\t']);
    if trimmed.len() == tail.len() {
        return None;
    }
    let w = trimmed.split(|c: char| !(c.is_alphabetic() || c == '-')).next()?;
    is_short_name(w).then_some(w)
}

/// Whether two spellings are the given names of different people: the minority is followed by
/// a family name the majority never is, and the majority is followed by family names of its own
/// ("Brendon Burns" is not a misspelt "Brandon" of "Brandon Philips").
fn other_family(minor: &Company, major: &Company) -> bool {
    let major_after: FxHashSet<&str> = major.after.iter().flatten().copied().collect();
    !major_after.is_empty() && minor.after.iter().flatten().any(|w| !major_after.contains(w))
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
    capitalised(w, 4)
}

/// Whether a capitalised word is a function word ("These", "There"): a word of the grammar,
/// never a name, however few times the text writes it in lower case.
fn function_word(w: &str) -> bool {
    w.len() <= 8 && FUNCTION_WORDS.binary_search_by(|f| f.bytes().cmp(w.bytes().map(|b| b.to_ascii_lowercase()))).is_ok()
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
    if la.contains('-') != lb.contains('-') && la.replace('-', "") == lb.replace('-', "") {
        return Some("a hyphen");
    }
    // Words of four letters are compared too, but only as family names after the same given
    // name (see `same_company`).
    if a.chars < 4 || b.chars < 4 {
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

/// Whether the name before two spellings allows them to be one name. The given names (the
/// capitalised names just before) of the minority spelling: when every occurrence has one
/// and the majority spelling never follows any of them, the minority is part of another
/// name ("Auxilio Brasil" is not a misspelt "Brazil"). A `short` spelling (four letters) must
/// follow the same name as the majority at least once ("Karin Tunng", "Karin Tung").
fn same_company<'a>(
    spellings: &FxHashMap<&'a str, Spelling>,
    minor: &Company<'a>,
    major: &Company<'a>,
    short: bool,
) -> bool {
    let name = |b: &Option<&'a str>| b.filter(|w| spellings.contains_key(w));
    let minor_names: Vec<Option<&str>> = minor.before.iter().map(name).collect();
    let major_names: FxHashSet<&str> = major.before.iter().filter_map(name).collect();
    let shared = minor_names.iter().flatten().any(|w| major_names.contains(w));
    if short {
        return shared;
    }
    shared || minor_names.iter().any(Option::is_none)
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    // One pass over the text: capitalised candidates (document, unit, offset, word), and the
    // words that also occur in lower case, which are common words, not names (unless the
    // capitalised form outnumbers them ten to one: a name written once in lower case in a
    // command or an address is still a name).
    let mut lower_words: FxHashMap<&str, usize> = FxHashMap::default();
    let mut candidates: Vec<Candidate> = Vec::new();
    for (d, units) in cx.units.iter().enumerate() {
        for (ui, u) in units.iter().enumerate() {
            for (at, w) in words(&u.text) {
                if w.starts_with(char::is_lowercase) {
                    // Names have at least four letters: shorter words cannot be their lower case.
                    if w.len() >= 4 {
                        *lower_words.entry(w).or_default() += 1;
                    }
                } else if is_name(w) && !function_word(w) && !u.text[..at].ends_with(['\'', '’', '@']) {
                    // (The part after an apostrophe is part of a name: "O'Brien" is no "Brien";
                    // a word after "@" is an account's handle, spelt as its owner chose.)
                    candidates.push((d, ui, at, w));
                }
            }
        }
    }
    let mut spellings: FxHashMap<&str, Spelling> = FxHashMap::default();
    for (k, &(d, ui, at, w)) in candidates.iter().enumerate() {
        let u = &cx.units[d][ui];
        let s = spellings.entry(w).or_insert(Spelling { count: 0, places: Vec::new(), at: Vec::new(), docs: Vec::new() });
        s.count += 1;
        s.at.push(k as u32);
        if s.docs.last() != Some(&d) {
            s.docs.push(d);
        }
        if s.places.len() < 50 {
            s.places.push((d, u.line_at(at)));
        }
    }
    // Common words: capitalised forms (all spellings of one lower case together) that do not
    // outnumber the lower-case form ten to one.
    let mut capitalised: FxHashMap<String, usize> = FxHashMap::default();
    for (w, s) in &spellings {
        *capitalised.entry(w.to_lowercase()).or_default() += s.count;
    }
    spellings.retain(|w, _| {
        let lower = w.to_lowercase();
        match lower_words.get(lower.as_str()) {
            None => true,
            Some(&n) => n <= 2 && capitalised[&lower] >= 10 * n,
        }
    });
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
                let (major, minor, smaj, smin) = if sa.count >= sb.count { (a, b, sa, sb) } else { (b, a, sb, sa) };
                // A long name written once and the other way at least five times is a slip even
                // in new company ("Karmda was proposed" in a report that says "Karmada" 40 times).
                // Beyond diacritics and hyphens, two spellings that no document shares are as
                // likely two words as one slip ("Iceland" in one article, "Ireland" in another),
                // unless the configuration makes their documents one publication.
                let share_doc = smin.docs.iter().any(|d| smaj.docs.binary_search(d).is_ok());
                let one_publication = || {
                    smin.docs.iter().any(|&a| smaj.docs.iter().any(|&b| cx.publications.shared(a, b).is_some()))
                };
                let strong = how == "diacritics" || how == "a hyphen";
                if !strong && !share_doc && !one_publication() {
                    continue;
                }
                // A spelling written five times or more, in more than one document, is a name of
                // its own rather than a slip ("Ricard" beside "Richard").
                if !strong && smin.count >= 5 && smin.docs.len() >= 2 {
                    continue;
                }
                let shortest = fa.chars.min(fb.chars);
                let dominant = smin.count == 1
                    && (smaj.count >= 5 && shortest >= 6 || smaj.count >= 3 && shortest >= 8)
                    && share_doc;
                let (cmaj, cmin) = (Company::of(cx, &candidates, &smaj.at), Company::of(cx, &candidates, &smin.at));
                if how != "diacritics" && !dominant && cmin.neighbours.is_disjoint(&cmaj.neighbours) {
                    continue;
                }
                if how != "diacritics" && !same_company(&spellings, &cmin, &cmaj, fa.chars.min(fb.chars) < 5) {
                    continue;
                }
                // Different family names after the given names, different initials before the
                // family names, or a given name against a family name: different people, even
                // when only diacritics tell the spellings apart ("Inés Ortega", "Ines Walsh").
                if other_family(&cmin, &cmaj)
                    || other_given(&cmin, &cmaj)
                    || other_initials(&cmin, &cmaj)
                    || other_role(&cmin, &cmaj)
                {
                    continue;
                }
                if smaj.count < smin.count * 2 && smaj.count != smin.count || !reported.insert(minor) {
                    continue;
                }
                let (d, line) = smin.places[0];
                let v = NameVariant {
                    variant: minor.to_string(),
                    variant_count: smin.count,
                    majority: major.to_string(),
                    majority_count: smaj.count,
                    how: how.to_string(),
                };
                let mut draft = Draft::new(v, d, line)
                    .snippet(minor.to_string())
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

    fn messages(text: &str) -> Vec<String> {
        crate::test_support::drafts(check, text).into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn function_words_opening_sentences_are_no_names() {
        // Neither word is ever written in lower case here, and they share company ("Vex").
        let text = "These Vex tools ship today. There Vex tools wait. These Vex rules hold. There Vex rules fail.\n";
        assert!(messages(text).is_empty(), "{:?}", messages(text));
        assert!(function_word("There") && function_word("THESE") && !function_word("Thesis"));
    }

    #[test]
    fn a_long_name_misspelt_once_is_found_in_new_company() {
        let text = "Veltraxo grew. Veltraxo shipped. Veltraxo scaled. We like Veltraxo. Use Veltraxo now.\n\n\
                    Veltrxo was proposed in May.\n";
        let m = messages(text);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].starts_with("\"Veltrxo\" (1 ×) looks like a variant of \"Veltraxo\" (5 ×)"), "{}", m[0]);
        // Written in lower case once, in a command, it is still a name when it is capitalised
        // ten times as often.
        let more = "Veltraxo grew. Veltraxo shipped. Veltraxo scaled. We like Veltraxo. Use Veltraxo now.\n\n";
        assert_eq!(messages(&format!("{more}{text}\nRun `veltraxo init` first.\n")).len(), 1);
        assert!(messages(&format!("{text}\nRun `veltraxo init` first.\n")).is_empty());
    }

    #[test]
    fn a_long_name_written_three_times_is_enough_to_find_a_slip() {
        let text = "Veltraxomo grew. Veltraxomo shipped. We like Veltraxomo.\n\nVeltrxomo was proposed in May.\n";
        let m = messages(text);
        assert_eq!(m.len(), 1, "{m:?}");
        // A shorter name needs five: with three, a slip in new company is not told from a name.
        assert!(messages("Veltra grew. Veltra shipped. We like Veltra.\n\nVelta was proposed in May.\n").is_empty());
    }

    #[test]
    fn a_slip_after_a_break_written_as_br_is_on_its_own_line() {
        let text = "**Veltraxomo review criteria for the project**\n<br>\n**Stage:** Veltrxomo\n\n\
                    Veltraxomo grew. Veltraxomo shipped. Veltraxomo scaled.\n";
        let d = crate::test_support::drafts(check, text);
        assert_eq!(d.iter().map(|d| d.line).collect::<Vec<_>>(), [3], "{d:?}");
    }

    #[test]
    fn a_word_written_once_is_not_a_slip_for_a_name_of_another_document() {
        use reportkit_model::SourceFormat::Markdown;
        let names = "Veltraxo grew. Veltraxo shipped. Veltraxo scaled. We like Veltraxo. Use Veltraxo now.\n";
        let other = "Our year went well. Veltrxo was proposed in May.\n";
        let run = |files: &[(&str, &str, reportkit_model::SourceFormat)]| {
            crate::test_support::run(check, files).into_iter().map(|d| d.message).collect::<Vec<_>>()
        };
        assert!(run(&[("a.md", names, Markdown), ("b.md", other, Markdown)]).is_empty());
        let other_place = "Our year went well in Veltraxa, where Veltraxa Street met.\n";
        assert!(run(&[("a.md", names, Markdown), ("b.md", other_place, Markdown)]).is_empty());
        // In the same document it is a slip.
        assert_eq!(run(&[("a.md", &format!("{names}\n{other}"), Markdown)]).len(), 1);
    }

    #[test]
    fn a_spelling_written_five_times_in_two_documents_is_a_name_of_its_own() {
        use reportkit_model::SourceFormat::Markdown;
        let major = "Thanks to Halvard Berg. Halvard Berg spoke. Halvard Berg agreed. Halvard Berg left. \
                     Halvard Berg wrote. Halvard Berg asked. Halvard Berg chaired. Halvard Berg closed.\n";
        let minor = |n: usize| (0..n).map(|_| "Halvad Berg presented. ").collect::<String>() + "\n";
        let run = |files: &[(&str, &str, reportkit_model::SourceFormat)]| crate::test_support::run(check, files).len();
        // Twice in one document beside the other spelling: a slip, reported.
        assert_eq!(run(&[("a.md", &format!("{major}\n{}", minor(2)), Markdown)]), 1);
        // Written five times or more, in two documents: another person's name.
        let (a, b) = (format!("{major}\n{major}\n{}", minor(3)), minor(3));
        assert_eq!(run(&[("a.md", &a, Markdown), ("b.md", &b, Markdown)]), 0);
    }

    #[test]
    fn family_names_follow_their_given_names() {
        let m = messages("Mira Holt chaired. Mira Holt spoke. Then Mira Hollt closed.\n");
        assert_eq!(m.len(), 1, "{m:?}");
        // Different given names: different people, whatever the family names.
        assert!(messages("Mira Holt chaired. Mira Holt spoke. Then Jonas Hollt closed.\n").is_empty());
        // Given names before different family names are different people.
        let five = "Corwin Fenn spoke. Corwin Fenn chaired. Corwin Fenn closed. Corwin Fenn left. Corwin Fenn ate.\n\n";
        assert!(messages(&format!("{five}Carwin Marlow replied.\n")).is_empty());
        assert_eq!(messages(&format!("{five}Carwin Fenn replied.\n")).len(), 1);
        assert!(messages("Selected: S Horgan, D Hickie, R Ogara. Replacements: M Horan, D Miller.\n").is_empty());
        assert!(messages("Brian spoke. Brian chaired. Brian closed. Brian left. Brian ate. Then O'Brien replied.\n")
            .is_empty());
        let m = messages("The Fenwood Trust met. The Fenwood Trust voted. The Fen-wood Trust closed.\n");
        assert!(m.len() == 1 && m[0].ends_with(": a hyphen"), "{m:?}");
        // A spelling that only ever follows another name is part of that name.
        assert!(messages("The Brazil festival opened; the Brazil festival closed; the Cinema Brasil festival ran.\n")
            .is_empty());
    }

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
