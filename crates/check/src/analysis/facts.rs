//! Facts: every quantity and date the text states, as structured data.
//!
//! A quantity has a value (digits with thousands separators, decimals, `K`/`M` suffixes, scale
//! words such as "10 million", percentages, number words such as "nineteen" or
//! "seventy-five", shares written as fractions in words such as "one in five" or "a third of"),
//! a qualifier ("over", "about", "+", "estimated"…), the noun phrase it counts
//! (normalised: lower case, singular), and where it stands. Numbers that are not quantities
//! (years, ordinals, identifiers such as `G20` or `Rio+20`, times, labels such as "Day 0" or
//! "paragraph 72", parts of dates) are left out.

use reportkit_text::dates::find_dates;
use reportkit_text::numbers::number_word;
use reportkit_text::words::{is_participle, is_verb_form, singular};
use serde::Serialize;

use crate::analysis::units::{Unit, UnitKind};

/// How a figure is qualified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// Stated as is.
    Exact,
    /// "over", "more than", "at least", "exceeding", a trailing `+`.
    AtLeast,
    /// "under", "less than", "up to", "fewer than".
    AtMost,
    /// "about", "approximately", "around", "close to", "nearly", "some", "~".
    Approx,
    /// "estimated".
    Estimated,
    /// A change ("+8%", "↑"): not a share of anything.
    Change,
}

/// A stated quantity.
#[derive(Debug, Clone, Serialize)]
pub struct Quantity {
    /// The value (percentages as written: 41.3 for "41.3%").
    pub value: f64,
    /// As written ("6,000+", "nineteen", "10 million").
    pub written: String,
    /// Qualifier.
    pub qualifier: Qualifier,
    /// A percentage.
    pub percent: bool,
    /// Written as a number word.
    pub word: bool,
    /// A share written as a fraction in words ("one in five", "a third of", "half of"): a
    /// percentage as vague as its words (see [`Quantity::interval`]), never exact.
    pub fraction: bool,
    /// Decimal places written (for the rounding a figure allows).
    pub decimals: u32,
    /// Multiplier of a suffix or scale word (1000 for "65K").
    pub scale: f64,
    /// The noun phrase counted, normalised ("onsite participant"); empty when none follows.
    pub noun: String,
    /// The content word before a preposition that introduces the figure ("participants" in
    /// "participants from 165 countries"), normalised; empty when none.
    pub anchor: String,
    /// A prepositional complement right after the noun phrase ("to nris" in "11 grants to
    /// NRIs"), normalised; empty when none.
    pub complement: String,
    /// Preceded by "all" ("all five regions"): the figure names a whole set.
    pub whole: bool,
    /// Index of the document in the corpus.
    pub doc: usize,
    /// Index of the unit in the document's units.
    pub unit: usize,
    /// Line of the figure.
    pub line: u32,
    /// Byte range in the unit's text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// Where the qualifier words before the figure start (`start` when there are none).
    pub lead: usize,
    /// The noun names a rate before the figure ("completion rate of 82%"), not what follows it.
    pub named_before: bool,
}

impl Quantity {
    /// The interval of values the statement allows, from its qualifier and written precision.
    pub fn interval(&self) -> (f64, f64) {
        let half = if self.fraction {
            // "A third" is said of 30% as of 36%: a fifth of the value either way, with the
            // qualifier's tenth (a fraction is at least "about").
            0.1 * self.value.abs()
        } else if self.word {
            0.0
        } else {
            self.rounding() * self.scale
        };
        let v = self.value;
        match self.qualifier {
            Qualifier::Exact => (v - half, v + half),
            Qualifier::AtLeast => (v - half, f64::INFINITY),
            Qualifier::AtMost => (f64::NEG_INFINITY, v + half),
            Qualifier::Approx | Qualifier::Estimated => (v * 0.9 - half, v * 1.1 + half),
            Qualifier::Change => (v, v),
        }
    }

    /// How far rounding to the written precision may have moved the figure, before any scale:
    /// half a unit of its last written digit ("262" → 0.5, "68.4" → 0.05).
    pub fn rounding(&self) -> f64 {
        0.5 * 10f64.powi(-(self.decimals as i32))
    }

    /// Whether the statement allows the value `v` (its [`interval`](Self::interval) holds `v`,
    /// give or take floating-point noise): "over 270" allows 300, "262" does not allow 270.
    pub fn allows(&self, v: f64) -> bool {
        let (lo, hi) = self.interval();
        v >= lo - 1e-9 && v <= hi + 1e-9
    }

    /// Whether two statements can both be true: their intervals overlap. Intervals that only
    /// touch ("15" and "16" each allow half a unit of rounding) do not agree; a figure that
    /// allows no rounding agrees with any interval that holds it.
    pub fn agrees_with(&self, other: &Quantity) -> bool {
        let (a0, a1) = self.interval();
        let (b0, b1) = other.interval();
        let (lo, hi) = (a0.max(b0), a1.min(b1));
        hi - lo > 1e-9 || hi >= lo - 1e-9 && (a0 == a1 || b0 == b1)
    }

    /// The head noun (last word of the noun phrase).
    pub fn head(&self) -> &str {
        self.noun.rsplit(' ').next().unwrap_or("")
    }
}

/// A stated date.
#[derive(Debug, Clone, Serialize)]
pub struct DateFact {
    /// As written.
    pub written: String,
    /// Weekday named with it, 0 = Monday.
    pub weekday: Option<u8>,
    /// (day, month).
    pub day: (u8, u8),
    /// The year: stated, or the document's event dates' when the date falls within a month of
    /// them, or that of the document's other dates (see `year_from_neighbours`).
    pub year: Option<i32>,
    /// Whether the year was stated in the text.
    pub year_stated: bool,
    /// The date names a past event ("the 4 October 1957 launch"): it is no date of
    /// the document's own, and lends its year to no date near it.
    pub names_event: bool,
    /// Index of the document.
    pub doc: usize,
    /// Index of the unit.
    pub unit: usize,
    /// Line.
    pub line: u32,
    /// Byte range in the unit's text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

/// Words that make the number after them a label or a reference, not a quantity.
const LABELS: &[&str] = &[
    "day",
    "paragraph",
    "paragraphs",
    "annex",
    "table",
    "figure",
    "fig",
    "no",
    "number",
    "article",
    "articles",
    "resolution",
    "goal",
    "goals",
    "objective",
    "objectives",
    "sdg",
    "sdgs",
    "page",
    "pages",
    "section",
    "sections",
    "chapter",
    "part",
    "phase",
    "stage",
    "stages",
    "step",
    "version",
    "v",
    "covid",
    "level",
    "grade",
    "item",
    "items",
    "suite",
    "room",
    "floor",
    "line",
    "lines",
    "room",
    "hall",
    "session",
    "track",
    "week",
    "year",
    "years",
    "option",
    "series",
    "model",
    "slide",
    "slides",
    "resolutions",
    "round",
    "tier",
    "web",
    "industry",
    "generation",
    // Series of numbered documents: "RFC 2119", "STD 11", "ISO 8601", "PEP 8", "issue 12".
    "rfc",
    "std",
    "bcp",
    "iso",
    "cve",
    "pep",
    "kep",
    "issue",
    "ticket",
    "bug",
    "pr",
];
const AT_LEAST: &[&str] = &[
    "over",
    "more than",
    "at least",
    "above",
    "exceeding",
    "exceed",
    "exceeds",
    "exceeded",
    "upwards of",
    "in excess of",
    "beyond",
    "no fewer than",
    "no less than",
];
const AT_MOST: &[&str] = &["under", "less than", "fewer than", "below", "up to", "at most", "no more than"];
const APPROX: &[&str] =
    &["about", "approximately", "around", "close to", "nearly", "almost", "roughly", "some", "circa", "approx", "~"];
/// Words that end a noun phrase.
const STOP: &[&str] = &[
    "vs",
    "versus",
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "of",
    "from",
    "in",
    "at",
    "to",
    "for",
    "with",
    "on",
    "by",
    "across",
    "during",
    "who",
    "which",
    "that",
    "were",
    "was",
    "are",
    "is",
    "be",
    "been",
    "being",
    "have",
    "has",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "could",
    "should",
    "can",
    "may",
    "including",
    "per",
    "than",
    "as",
    "into",
    "over",
    "under",
    "via",
    "while",
    "where",
    "when",
    "since",
    "among",
    "between",
    "through",
    "about",
    "around",
    "within",
    "each",
    "this",
    "these",
    "those",
    "whose",
    "such",
    "not",
    "also",
    "all",
    "both",
    "their",
    "its",
    "our",
    "his",
    "her",
    "out",
    "up",
    "more",
    "less",
    "only",
    "so",
    "if",
    "then",
    "there",
    "here",
    "it",
    "they",
    "we",
    "you",
    "he",
    "she",
    "them",
    "following",
    "until",
    "after",
    "before",
    "like",
    "year",
    "years",
    "old",
    "against",
    "without",
];
const SCALES: &[(&str, f64)] =
    &[("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("trillion", 1e12), ("hundred", 1e2)];

/// Denominators of fractions in words: (singular, plural, denominator).
const FRACTIONS: &[(&str, &str, f64)] = &[
    ("half", "halves", 2.0),
    ("third", "thirds", 3.0),
    ("quarter", "quarters", 4.0),
    ("fifth", "fifths", 5.0),
    ("tenth", "tenths", 10.0),
];

/// Words before a fraction that make it a part of a period or a thing rather than a share of a
/// population ("the second half of the year", "its first quarter of").
const NOT_A_SHARE_AFTER: &[&str] = &[
    "the", "first", "second", "third", "fourth", "last", "final", "latter", "former", "other", "same", "this", "that",
    "each", "every", "its", "their", "his", "her", "our", "my", "your", "upper", "lower", "top", "bottom", "back",
    "front", "next", "previous", "early", "late", "earlier", "later",
];

/// Words before "N out of M" or "N in M" that make it a rating or a score, not a share.
const RATING: &[&str] = &[
    "at", "of", "rated", "rating", "rate", "scored", "score", "scores", "ranked", "gave", "give", "gives", "it", "them",
];

/// Words (letters, digits, inner hyphens) from byte `from`, separated by spaces only: the run
/// stops at punctuation.
fn plain_words(text: &str, from: usize, max: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = from;
    while out.len() < max && i < text.len() {
        let rest = &text[i..];
        let len = rest.find(|c: char| !(c.is_alphanumeric() || c == '-')).unwrap_or(rest.len());
        if len == 0 {
            break;
        }
        out.push((i, i + len));
        i += len;
        let gap = text[i..].len() - text[i..].trim_start_matches([' ', '\u{a0}']).len();
        if gap == 0 {
            break;
        }
        i += gap;
    }
    out
}

/// A share written as a fraction in words at byte `i`: "one in five", "1 in 4", "two out of
/// three" (numerator below denominator, denominator at most 100), "a third of", "one-quarter
/// of", "two thirds of", "half of" (the words must be followed by "of": "a third party" and "a
/// half-day" are not shares). Returns the percentage and where the fraction's words end.
fn fraction_at(text: &str, i: usize) -> Option<(f64, usize)> {
    let first = text.as_bytes()[i].to_ascii_lowercase();
    if !(first.is_ascii_digit() || matches!(first, b'a' | b'o' | b't' | b'f' | b's' | b'e' | b'n' | b'h')) {
        return None;
    }
    // Most words cannot start a fraction: decide on the first word before reading on.
    let end0 = text[i..].find(|c: char| !(c.is_alphanumeric() || c == '-')).map_or(text.len(), |k| i + k);
    let head = &text[i..end0];
    // "a" or "an" only before a fraction's name ("a third"); a hyphenated word only after a
    // numerator ("one-third", "two-thirds"; a compound number is a number word).
    let article = ["a", "an"].iter().any(|w| head.eq_ignore_ascii_case(w));
    let fraction_next = || {
        let next = text[end0..].trim_start_matches([' ', '\u{a0}']);
        let len = next.find(|c: char| !c.is_alphanumeric()).unwrap_or(next.len());
        FRACTIONS.iter().any(|(one, _, _)| next[..len].eq_ignore_ascii_case(one))
    };
    let numerator_hyphen = || {
        head.split_once('-').is_some_and(|(n, _)| {
            ["a", "an", "one"].iter().any(|w| n.eq_ignore_ascii_case(w)) || number_word(n).is_some()
        })
    };
    let candidate = article && fraction_next()
        || head.eq_ignore_ascii_case("half")
        || numerator_hyphen()
        || head.len() <= 3 && head.bytes().all(|b| b.is_ascii_digit())
        || number_word(head).is_some();
    if !candidate {
        return None;
    }
    let ws = plain_words(text, i, 5);
    let word = |k: usize| ws.get(k).map(|&(s, e)| text[s..e].to_ascii_lowercase());
    let w0 = word(0)?;
    if word_before(text, i).is_some_and(|(_, b)| NOT_A_SHARE_AFTER.contains(&b.to_ascii_lowercase().as_str())) {
        return None;
    }
    let count = |w: &str| -> Option<f64> {
        if w.bytes().all(|b| b.is_ascii_digit()) {
            (w.len() <= 3).then(|| w.parse().ok()).flatten()
        } else {
            number_word(w)
        }
    };
    // "one in five", "two out of three"
    if let Some(n) = count(&w0) {
        let d_at = match word(1).as_deref() {
            Some("in") => 2,
            Some("out") if word(2).as_deref() == Some("of") => 3,
            _ => 0,
        };
        // "one in every five", "three out of every four"
        let d_at = if d_at > 0 && word(d_at).as_deref() == Some("every") { d_at + 1 } else { d_at };
        if d_at > 0 {
            let d = word(d_at).and_then(|w| count(&w))?;
            let end = ws[d_at].1;
            // A rating ("a peak at 7 out of 10.", "rated it 4 out of 5") is not a share: a share
            // is followed by what it counts or says.
            let rating = word_before(text, i).is_some_and(|(_, b)| RATING.contains(&b.to_ascii_lowercase().as_str()));
            let followed = text[end..].trim_start_matches([' ', '\u{a0}']).starts_with(char::is_alphabetic);
            return (n >= 1.0 && n < d && d <= 100.0 && !rating && followed).then(|| (n / d * 100.0, end));
        }
    }
    // "half of", "a third of", "one-third of", "two thirds of"
    let numerator = |w: &str| match w {
        "a" | "an" | "one" => Some(1.0),
        _ => number_word(w).filter(|n| (2.0..10.0).contains(n)),
    };
    let (n, den, next) = if w0 == "half" {
        (1.0, "half".to_string(), 1)
    } else if let Some((a, b)) = w0.split_once('-') {
        (numerator(a)?, b.to_string(), 1)
    } else {
        (numerator(&w0)?, word(1)?, 2)
    };
    let &(_, _, d) = FRACTIONS.iter().find(|(one, many, _)| if n == 1.0 { *one == den } else { *many == den })?;
    (n < d && word(next).as_deref() == Some("of")).then(|| (n / d * 100.0, ws[next - 1].1))
}

/// Words of a text with byte offsets: letters, digits and inner hyphens/apostrophes.
fn words_after(text: &str, from: usize, max: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = from;
    let b = text.as_bytes();
    while out.len() < max && i < b.len() {
        let rest = &text[i..];
        let c = rest.chars().next().expect("in bounds");
        if c == ' ' || c == '\u{a0}' || c == '\t' || c == '\n' {
            i += c.len_utf8();
            continue;
        }
        if !c.is_alphabetic() {
            break;
        }
        let len =
            rest.find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '’')).unwrap_or(rest.len());
        out.push((i, i + len));
        i += len;
    }
    out
}

/// The word ending right before byte `at`, skipping spaces.
/// Whether a word opens with a capital and has a small letter after it ("Widget", "McKay";
/// not "IETF").
fn capitalised(w: &str) -> bool {
    w.starts_with(char::is_uppercase) && w.chars().skip(1).any(char::is_lowercase)
}

/// Whether the word before byte `at` is the article "a" or "an".
fn after_article(text: &str, at: usize) -> bool {
    word_before(text, at).is_some_and(|(_, w)| w.eq_ignore_ascii_case("a") || w.eq_ignore_ascii_case("an"))
}

fn word_before(text: &str, at: usize) -> Option<(usize, &str)> {
    let head = text[..at].trim_end_matches([' ', '\u{a0}', '\t', '\n']);
    let start = head
        .rfind(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map_or(0, |i| i + head[i..].chars().next().map_or(1, char::len_utf8));
    let w = &head[start..];
    (!w.is_empty()).then_some((start, w))
}

/// Capitalised words that may stand right before a count without labelling it: function words,
/// qualifiers, determiners, pronouns ("Over 150", "All 193", "The 5"), and verbs and adjectives
/// that commonly introduce a count ("Consider 3 options", "Top 5 risks").
const BEFORE_COUNTS: &[&str] = &[
    "a",
    "about",
    "above",
    "across",
    "add",
    "additional",
    "after",
    "again",
    "all",
    "almost",
    "already",
    "also",
    "among",
    "an",
    "and",
    "another",
    "any",
    "approximately",
    "april",
    "are",
    "around",
    "as",
    "at",
    "august",
    "average",
    "be",
    "been",
    "before",
    "below",
    "between",
    "both",
    "but",
    "by",
    "ca",
    "choose",
    "circa",
    "combined",
    "consider",
    "covers",
    "current",
    "december",
    "did",
    "discuss",
    "do",
    "does",
    "during",
    "each",
    "estimated",
    "even",
    "every",
    "exactly",
    "excluding",
    "extra",
    "february",
    "fewer",
    "final",
    "first",
    "for",
    "found",
    "friday",
    "from",
    "fully",
    "further",
    "get",
    "give",
    "gives",
    "got",
    "had",
    "has",
    "have",
    "he",
    "held",
    "her",
    "here",
    "his",
    "however",
    "i",
    "identify",
    "if",
    "in",
    "including",
    "into",
    "is",
    "it",
    "its",
    "january",
    "july",
    "june",
    "just",
    "keep",
    "key",
    "last",
    "least",
    "less",
    "likely",
    "list",
    "lists",
    "made",
    "main",
    "major",
    "make",
    "many",
    "march",
    "may",
    "maybe",
    "median",
    "meet",
    "monday",
    "more",
    "most",
    "my",
    "name",
    "names",
    "nearly",
    "need",
    "needs",
    "new",
    "next",
    "no",
    "nor",
    "note",
    "november",
    "now",
    "october",
    "of",
    "on",
    "only",
    "or",
    "other",
    "our",
    "over",
    "overall",
    "per",
    "perhaps",
    "pick",
    "plus",
    "possibly",
    "precisely",
    "probably",
    "ran",
    "read",
    "remaining",
    "remember",
    "review",
    "roughly",
    "saturday",
    "saw",
    "see",
    "september",
    "several",
    "she",
    "shows",
    "since",
    "so",
    "some",
    "still",
    "sunday",
    "take",
    "than",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "thursday",
    "to",
    "today",
    "tomorrow",
    "top",
    "total",
    "tuesday",
    "under",
    "until",
    "up",
    "use",
    "was",
    "we",
    "wednesday",
    "were",
    "what",
    "when",
    "while",
    "with",
    "within",
    "yesterday",
    "yet",
    "you",
    "your",
];

/// Whether a whole number is the label of what follows it, after a capitalised name ("Stage 3
/// proposals", "Proposal 4411 updates", "Meeting 51 Notes", "Calendars 1: open bugs"): the name
/// and its number name one thing. A number followed by punctuation or nothing ("Africa 12, Asia
/// 20") may be a count of the name before it and is kept.
fn named_label(text: &str, i: usize, j: usize, whole: bool) -> bool {
    let Some((_, w)) = word_before(text, i) else { return false };
    // A word in title case ("Stage", not "IGF"): an acronym before a number is as often the
    // name of what is counted ("NRI 12 sessions").
    let mut rest = w.chars().skip(1);
    let named = w.chars().count() >= 3
        && w.starts_with(|c: char| c.is_uppercase())
        && rest.all(char::is_lowercase)
        && !BEFORE_COUNTS.contains(&w.to_lowercase().as_str())
        && !is_participle(&w.to_lowercase());
    let after = text[j..].trim_start_matches([' ', '\u{a0}']);
    // An acronym before a bare number of three digits or more names a numbered thing ("EIP
    // 3436 updates", "CVE 4411"); counts after an acronym are small ("NRI 12 sessions").
    // So does an acronym before a number and a name ("IETF 96 Berlin Minutes": a meeting's
    // number, then its place).
    // "PEPs 615 …", "RFCs 9110 and …": a plural acronym labels numbers too.
    let letters = w.strip_suffix('s').filter(|r| r.len() >= 2).unwrap_or(w);
    let acronym = letters.len() >= 2 && letters.len() <= 6 && letters.chars().all(|c| c.is_ascii_uppercase());
    let digits = text[i..j].bytes().all(|b| b.is_ascii_digit());
    let then_name = after.split_whitespace().next().is_some_and(|n| {
        let n = n.trim_end_matches(|c: char| !c.is_alphanumeric());
        n.starts_with(|c: char| c.is_uppercase()) && n.chars().skip(1).any(char::is_lowercase) && !n.ends_with('s')
    });
    // "GDC 3, 4, 5": an acronym before a list of numbers numbers its items.
    let then_list =
        text[j..].strip_prefix(',').is_some_and(|r| r.trim_start().starts_with(|c: char| c.is_ascii_digit()));
    let numbered = acronym && digits && (j - i >= 3 || j - i >= 2 && then_name || then_list);
    whole && (numbered || named && (after.starts_with(char::is_alphabetic) || after.starts_with(':')))
}

/// Qualifier from the words before a figure; returns the qualifier and where it starts.
/// Bytes before a figure searched for a qualifier (longer than the longest qualifier and the
/// word boundary before it).
const QUALIFIER_WINDOW: usize = 48;

fn qualifier_before(text: &str, at: usize) -> (Qualifier, usize) {
    let head = text[..at].trim_end();
    // Only the last few words can be a qualifier: look at a short tail (at a character
    // boundary), so a line with thousands of figures is not re-read for each. ASCII lowercasing
    // keeps byte offsets; the qualifiers are ASCII.
    let mut from = head.len().saturating_sub(QUALIFIER_WINDOW);
    while !head.is_char_boundary(from) {
        from -= 1;
    }
    let mut lower = head[from..].to_ascii_lowercase();
    // An article between the qualifier and the figure ("more than a 5 per cent levy").
    let mut head = head;
    for article in [" a", " an"] {
        if lower.ends_with(article) {
            let cut = lower.len() - article.len();
            lower.truncate(cut);
            head = head[..head.len() - article.len()].trim_end();
            break;
        }
    }
    if lower.ends_with('~') {
        return (Qualifier::Approx, head.len() - 1);
    }
    let ends_with_word = |p: &str| {
        lower.ends_with(p) && lower[..lower.len() - p.len()].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
    };
    for (list, q) in [(AT_LEAST, Qualifier::AtLeast), (AT_MOST, Qualifier::AtMost), (APPROX, Qualifier::Approx)] {
        for p in list {
            if ends_with_word(p) {
                if topic(&lower[..lower.len() - p.len()], p) {
                    return (Qualifier::Exact, at);
                }
                return (q, head.len() - p.len());
            }
        }
    }
    if ends_with_word("estimated") || ends_with_word("an estimated") {
        return (Qualifier::Estimated, head.len() - "estimated".len());
    }
    (Qualifier::Exact, at)
}

/// Verbs after which "around" or "about" is a preposition, not a hedge: what follows is what
/// the verb is about ("focused around four initiatives", "talked about three issues").
const TOPIC_VERBS: &[&str] = &[
    "focus", "center", "centre", "revolv", "organi", "structur", "built", "talk", "think", "thought", "care", "know",
    "knew", "ask", "worr", "learn", "hear", "spoke", "spok", "wrote", "writ", "read", "discuss", "argu", "complain",
];

/// Whether "around" or "about" (`word`), after the text `head`, follows a verb it completes.
fn topic(head: &str, word: &str) -> bool {
    if !matches!(word, "around" | "about") {
        return false;
    }
    let before = head.split_whitespace().next_back().unwrap_or("");
    TOPIC_VERBS.iter().any(|v| before.starts_with(v))
}

/// Verbs that make the figure right after them a change, not a total ("added three members").
const CHANGE_VERBS: &[&str] = &[
    "added",
    "gained",
    "lost",
    "welcomed",
    "onboarded",
    "hired",
    "recruited",
    "removed",
    "retired",
    // Moves in a ranking or a table ("moved up seven places").
    "moved",
    "climbed",
    "jumped",
    "slipped",
    "leapt",
];

/// Verbs that make a figure after "by" a change ("grew by 40").
const CHANGE_BY_VERBS: &[&str] = &[
    "grew",
    "grown",
    "increased",
    "decreased",
    "rose",
    "risen",
    "fell",
    "fallen",
    "dropped",
    "declined",
    "improved",
    "reduced",
    "shrank",
    "up",
    "down",
];

/// Verbs after a counted noun that make its figure a change ("three members joined", "two
/// maintainers stepped down").
const CHANGE_AFTER: &[&str] = &["joined", "left", "departed", "retired", "resigned", "step", "stepped", "stepping"];

/// Whether the figure at byte `at`, ending at `end` and counting a noun of `noun_words` words, is
/// a change: the object of a verb of change, or the subject of one.
fn changed_by_verb(text: &str, at: usize, end: usize, noun_words: usize) -> bool {
    if noun_words > 0 {
        let after = words_after(text, end, noun_words + 1);
        if let Some((s, e)) = after.get(noun_words) {
            if CHANGE_AFTER.contains(&text[*s..*e].to_ascii_lowercase().as_str()) {
                return true;
            }
        }
    }
    let Some((s, w)) = word_before(text, at) else { return false };
    let w = w.to_ascii_lowercase();
    if CHANGE_VERBS.contains(&w.as_str()) {
        return true;
    }
    // "moved up seven places", "slipped down two" (not "made up 76%").
    if w == "up" || w == "down" {
        let verb = word_before(text, s).map(|(_, v)| v.to_ascii_lowercase());
        return verb.is_some_and(|v| CHANGE_VERBS.contains(&v.as_str()));
    }
    w == "by" && word_before(text, s).is_some_and(|(_, v)| CHANGE_BY_VERBS.contains(&v.to_ascii_lowercase().as_str()))
}

/// Normalised noun phrase after a figure, from byte `from`.
fn noun_after(text: &str, from: usize, percent: bool) -> String {
    let words = words_after(text, from, 8);
    let mut out: Vec<String> = Vec::new();
    let mut iter = words.iter().peekable();
    if percent {
        // "68% of viewers", "32% of the participants"
        if let Some((s, e)) = iter.peek() {
            if text[*s..*e].eq_ignore_ascii_case("of") {
                iter.next();
                if let Some((s, e)) = iter.peek() {
                    if text[*s..*e].eq_ignore_ascii_case("the") {
                        iter.next();
                    }
                }
            }
        }
    }
    // "15% said they …", "37% would": a figure that is the subject of a verb counts whatever
    // the rest of the clause says, not a noun; two such figures share no key.
    // A participle that a noun follows is an adjective ("40% registered participants"); one
    // that a pronoun, "that" or "to" follows is a verb ("13% agreed that …").
    let ahead: Vec<String> = iter.clone().take(2).map(|(s, e)| text[*s..*e].to_lowercase()).collect();
    if let Some(first) = ahead.first() {
        let verb_then_clause = is_participle(first)
            && ahead.get(1).is_some_and(|n| n == "that" || n == "to" || PRONOUNS.contains(&n.as_str()));
        if VERBS_AFTER_FIGURE.contains(&first.as_str()) || verb_then_clause {
            return String::new();
        }
    }
    for (s, e) in iter {
        let w = &text[*s..*e];
        let l = w.to_lowercase();
        if STOP.contains(&l.as_str()) || SCALES.iter().any(|(k, _)| *k == l) {
            // "onsite and online participants": keep "and" between modifiers.
            if l == "and" && !out.is_empty() && out.len() < 3 {
                out.push(l);
                continue;
            }
            break;
        }
        if !out.is_empty() && is_verb_form(&l) {
            break;
        }
        out.push(singular(w));
        if out.len() >= 4 {
            break;
        }
    }
    while out.last().is_some_and(|w| w == "and") {
        out.pop();
    }
    out.join(" ")
}

/// Verbs of reported answers that, right after a figure, make it the subject of a clause ("12%
/// say", "a third said"); auxiliaries end a noun phrase as stop words already.
const VERBS_AFTER_FIGURE: &[&str] = &[
    "say",
    "says",
    "report",
    "reports",
    "agree",
    "agrees",
    "indicate",
    "indicates",
    "think",
    "thinks",
    "believe",
    "believes",
    "feel",
    "feels",
    "prefer",
    "prefers",
    "want",
    "wants",
    "expect",
    "expects",
    "might",
    "must",
    "do",
    "does",
    "did",
    "said",
    "told",
    "thought",
    "felt",
    "knew",
];

/// Pronouns that open the clause after a verb ("said they", "agreed it").
const PRONOUNS: &[&str] = &["they", "it", "we", "i", "he", "she", "them", "us", "you", "there"];

/// Words after a percentage that make it a change rather than a share.
const CHANGE_NOUNS: &[&str] = &[
    "increase",
    "rise",
    "boost",
    "growth",
    "gain",
    "jump",
    "decrease",
    "drop",
    "decline",
    "fall",
    "reduction",
    "surge",
    "uplift",
];

/// The prepositional complement after the noun phrase that starts at `from`.
fn complement_after(text: &str, from: usize, noun_words: usize) -> String {
    if noun_words == 0 {
        return String::new();
    }
    let words = words_after(text, from, noun_words + 5);
    let mut it = words.iter().skip(noun_words);
    let Some((s, e)) = it.next() else { return String::new() };
    let prep = text[*s..*e].to_lowercase();
    if !["to", "for", "of", "on", "with", "at", "in"].contains(&prep.as_str()) {
        return String::new();
    }
    // The complement must follow the noun phrase directly (no punctuation in between).
    let gap = &text[words[noun_words - 1].1.min(*s)..*s];
    if gap.chars().any(|c| !c.is_whitespace()) {
        return String::new();
    }
    let mut out = vec![prep];
    for (s, e) in it.take(3) {
        let l = text[*s..*e].to_lowercase();
        if STOP.contains(&l.as_str()) {
            if out.len() == 1 && (l == "the" || l == "a" || l == "an") {
                continue;
            }
            break;
        }
        out.push(singular(&l));
    }
    if out.len() == 1 {
        String::new()
    } else {
        out.join(" ")
    }
}

/// The anchor of a figure introduced by a preposition: the content word before it.
fn anchor_before(text: &str, at: usize) -> String {
    let Some((s, w)) = word_before(text, at) else { return String::new() };
    let l = w.to_lowercase();
    if !["from", "of", "in", "across", "among", "to"].contains(&l.as_str()) {
        return String::new();
    }
    match word_before(text, s) {
        Some((_, w2)) => {
            let l = w2.to_lowercase();
            let noun_like = !STOP.contains(&l.as_str())
                && w2.chars().all(char::is_alphabetic)
                && !l.ends_with("ly")
                && !is_verb_form(&l);
            if noun_like {
                singular(w2)
            } else {
                String::new()
            }
        }
        None => String::new(),
    }
}

/// Words that introduce the value of a named rate ("a completion rate of 82%", "the response
/// rate was 35%", "growth rate: 4%").
const RATE_INTRODUCERS: &[&str] = &["of", "was", "is", "at", "reached", "hit", ":"];

/// The rate a share is the value of, when the words before it name one ("completion rate of
/// 82%" → "completion rate"): the word before "rate" (a noun or a participle, not a function
/// word) and "rate", normalised. Such a share is identified by its name, not by what follows it.
fn named_rate(text: &str, at: usize) -> Option<String> {
    let head = text[..at].trim_end();
    let (head, _) = RATE_INTRODUCERS.iter().find_map(|w| {
        let h = head.strip_suffix(w)?;
        let glued = *w == ":" || h.ends_with(' ');
        glued.then(|| (h.trim_end(), *w))
    })?;
    let (s, rate) = word_before(head, head.len())?;
    if !rate.eq_ignore_ascii_case("rate") {
        return None;
    }
    let (_, what) = word_before(head, s)?;
    let l = what.to_lowercase();
    (what.chars().all(|c| c.is_alphabetic() || c == '-') && !STOP.contains(&l.as_str()) && !l.ends_with("ly"))
        .then(|| format!("{} rate", singular(what)))
}

fn preceded_by_all(text: &str, at: usize) -> bool {
    let w = word_before(text, at).map(|(s, w)| (s, w.to_lowercase()));
    match w {
        Some((_, w)) if w == "all" => true,
        Some((s, w)) if w == "the" => word_before(text, s).is_some_and(|(_, w)| w.eq_ignore_ascii_case("all")),
        _ => false,
    }
}

/// A figure written with digits starting at byte `i`: (value, end, decimals, had separators).
fn digits_at(text: &str, i: usize) -> (f64, usize, u32, bool) {
    let b = text.as_bytes();
    let mut j = i;
    let mut int = String::new();
    // The thousands separator this figure uses, once it has used one: a figure never mixes two.
    let mut sep: Option<&str> = None;
    while j < b.len() {
        if b[j].is_ascii_digit() {
            int.push(b[j] as char);
            j += 1;
            continue;
        }
        let Some(s) = thousands_separator(text, j, int.len(), sep) else { break };
        sep = Some(s);
        j += s.len();
    }
    let mut decimals = 0;
    if b.get(j) == Some(&b'.') && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
        int.push('.');
        j += 1;
        while j < b.len() && b[j].is_ascii_digit() {
            int.push(b[j] as char);
            decimals += 1;
            j += 1;
        }
    }
    (int.parse().unwrap_or(f64::NAN), j, decimals, sep.is_some())
}

/// The thousands separator at `j`, inside a figure whose integer part has `digits` digits so
/// far: a comma, an apostrophe, a no-break, narrow no-break or thin space, or a plain space or
/// line break, each followed by exactly three digits. A plain space (or the line break a
/// re-wrapped paragraph puts in its place) separates groups only after a first group of one to
/// three digits ("2 000", "12 500"), never after a year or a longer number ("in 2019 500
/// people" is two numbers), and a figure keeps the separator it started with.
fn thousands_separator(text: &str, j: usize, digits: usize, used: Option<&str>) -> Option<&'static str> {
    const SEPARATORS: [&str; 8] = [",", "'", "\u{2019}", "\u{a0}", "\u{202f}", "\u{2009}", " ", "\n"];
    let rest = &text[j..];
    let s = SEPARATORS.into_iter().find(|s| rest.starts_with(s))?;
    let spaced = |s: &str| s == " " || s == "\n";
    match used {
        Some(u) if u != s && !(spaced(u) && spaced(s)) => return None,
        None if spaced(s) && !(1..=3).contains(&digits) => return None,
        _ => {}
    }
    let group = &rest.as_bytes()[s.len()..];
    let three = group.len() >= 3 && group[..3].iter().all(u8::is_ascii_digit);
    let fourth = group.get(3).copied();
    // Exactly three digits, not the first three of a longer number or of a decimal.
    let longer = fourth.is_some_and(|c| c.is_ascii_digit());
    let decimal = spaced(s) && fourth == Some(b'.') && group.get(4).is_some_and(u8::is_ascii_digit);
    let ends = !(longer || decimal);
    (three && ends).then_some(s)
}

/// Quantities in one unit.
pub fn quantities_in(unit: &Unit, doc: usize, unit_index: usize, dates: &[(usize, usize)]) -> Vec<Quantity> {
    figures_in(unit, doc, unit_index, dates).0
}

/// The quantities of a unit, and the release numbers it names ("1.29" of "in 1.29.", "v1.29",
/// "Kubernetes 1.19:"), as written, for the document to recognise elsewhere.
fn figures_in(unit: &Unit, doc: usize, unit_index: usize, dates: &[(usize, usize)]) -> (Vec<Quantity>, Vec<String>) {
    // A line break reads as a space ("2 to⏎5", "7⏎maintainers"), so where the source wrapped
    // its lines changes no figure; both are one byte, so offsets (and lines) stay those of the
    // unit's text.
    let spaced;
    let text = if unit.text.contains('\n') {
        spaced = unit.text.replace('\n', " ");
        spaced.as_str()
    } else {
        unit.text.as_str()
    };
    let b = text.as_bytes();
    let mut out = Vec::new();
    // Byte ranges of the decimals read as release numbers.
    let mut releases: Vec<(usize, usize)> = Vec::new();
    // Where the numbers a label names end ("RFC 9110", "paragraph 3").
    let mut labelled: Vec<usize> = Vec::new();
    let mut parens = Parens::default();
    // Where the unit's text starts after its opening brackets and spaces ("[2496], …").
    let lead = unit.text.find(|c: char| !(c == '[' || c == '(' || c.is_whitespace())).unwrap_or(unit.text.len());
    let mut i = 0;
    while i < b.len() {
        // White space and ASCII punctuation other than a point start nothing.
        if b[i].is_ascii() && !b[i].is_ascii_alphanumeric() && b[i] != b'.' {
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("in bounds");
        let prev = text[..i].chars().next_back();
        // A number glued by a hyphen to a word or a number before it is part of a name or a
        // date ("COVID-19", "day-2", "GPT-4", "2025-03-26"); a range's second end is skipped
        // with its first.
        let hyphen_glued = prev == Some('-') && text[..i - 1].chars().next_back().is_some_and(char::is_alphanumeric);
        let glued_before =
            prev.is_some_and(|p| p.is_alphanumeric() || p == '_' || p == '/' || p == '.' || p == ':') || hyphen_glued;
        // A decimal without its leading zero (".9%") starts at the point.
        let bare_decimal = c == '.'
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
            && prev.is_none_or(|p| p.is_whitespace() || p == '(');
        // A web address written out in the text ("https://host/d/8?orgId=1&refresh=15m") holds
        // no figure: it is skipped to the next space.
        if !glued_before && ["http://", "https://", "www."].iter().any(|p| text[i..].starts_with(p)) {
            i += text[i..].find(char::is_whitespace).unwrap_or(text.len() - i);
            continue;
        }
        if c.is_alphanumeric() && !glued_before {
            if let Some((value, end)) = fraction_at(text, i) {
                let (mut qualifier, qs) = qualifier_before(text, i);
                if matches!(qualifier, Qualifier::Exact | Qualifier::Estimated) {
                    qualifier = Qualifier::Approx;
                }
                let noun = noun_after(text, end, true);
                let n = noun.split(' ').filter(|w| !w.is_empty()).count();
                out.push(Quantity {
                    value,
                    written: text[i..end].to_string(),
                    qualifier,
                    percent: true,
                    word: true,
                    fraction: true,
                    decimals: 0,
                    scale: 1.0,
                    complement: complement_after(text, end, n),
                    whole: false,
                    noun,
                    anchor: anchor_before(text, qs),
                    doc,
                    unit: unit_index,
                    line: unit.line_at(i),
                    start: i,
                    end,
                    lead: qs,
                    named_before: false,
                });
                i = end;
                continue;
            }
        }
        // "v1.29" names a release.
        if c.is_ascii_digit()
            && prev == Some('v')
            && text[..i - 1].chars().next_back().is_none_or(|p| !p.is_alphanumeric())
        {
            let (_, j, decimals, _) = digits_at(text, i);
            if decimals > 0 && !text[j..].starts_with(|c: char| c.is_alphanumeric() || c == '.') {
                releases.push((i, j));
            }
            i = j.max(i + 1);
            continue;
        }
        if (c.is_ascii_digit() || bare_decimal) && !glued_before {
            let (mut value, mut j, decimals, seps) = digits_at(text, i);
            let in_date = dates.iter().any(|(s, e)| i >= *s && i < *e);
            let mut scale = 1.0;
            // Suffix K / M / B / bn directly after the digits.
            let rest = &text[j..];
            for (suf, m) in [("bn", 1e9), ("K", 1e3), ("k", 1e3), ("M", 1e6), ("B", 1e9)] {
                // "4096B" is bytes: billions are written with few digits ("$3B").
                let bytes = suf == "B" && value >= 1000.0;
                if rest.starts_with(suf)
                    && !rest[suf.len()..].chars().next().is_some_and(char::is_alphanumeric)
                    && !bytes
                {
                    scale = m;
                    j += suf.len();
                    break;
                }
            }
            let mut plus = false;
            if text[j..].starts_with('+') {
                plus = true;
                j += 1;
            }
            let mut percent = false;
            if text[j..].starts_with('%') {
                percent = true;
                j += 1;
            } else if text[j..].starts_with(" %")
                || text[j..].starts_with(" percent")
                || text[j..].starts_with(" per cent")
            {
                percent = true;
                j += text[j..].find(['%', 't']).map_or(1, |k| k + 1);
            }
            let next = text[j..].chars().next();
            let glued_after = next.is_some_and(|n| n.is_alphanumeric() || n == '/' || n == '_' || n == '^')
                || (next == Some(':') && text[j + 1..].starts_with(|c: char| c.is_ascii_digit()))
                || (next == Some('-') && text[j + 1..].starts_with(|c: char| c.is_alphanumeric()))
                // "1.x", "2.a": a release series or a sub-item.
                || (next == Some('.') && text[j + 1..].starts_with(|c: char| c.is_ascii_alphabetic()));
            // A scale word: "10 million".
            if !percent && scale == 1.0 {
                let ws = words_after(text, j, 1);
                if let Some((s, e)) = ws.first() {
                    if let Some((_, m)) = SCALES.iter().find(|(k, _)| text[*s..*e].eq_ignore_ascii_case(k)) {
                        scale = *m;
                        j = *e;
                    }
                }
            }
            let whole_number = !seps && decimals == 0 && scale == 1.0 && !percent && !plus;
            // Whether nothing counted follows the number, read once for the tests below that ask.
            let after_noun = std::cell::OnceCell::new();
            let counts_nothing = || after_noun.get_or_init(|| noun_after(text, j, false)).is_empty();
            let is_year = whole_number
                && (j - i == 4
                    && ((1900.0..=2100.0).contains(&value)
                        // An earlier year after a word that dates ("the sextant from 1731"),
                        // with nothing counted after it.
                        || (1000.0..1900.0).contains(&value)
                            && word_before(text, i).is_some_and(|(_, w)| {
                                let w = w.to_lowercase();
                                ["in", "from", "since", "until", "by", "circa"].contains(&w.as_str())
                                    || reportkit_text::dates::month_of(&w).is_some()
                            })
                            && counts_nothing())
                    // "190 A.D.", "500 BC".
                    || words_after(text, j, 1).first().is_some_and(|&(s, e)| {
                        ["AD", "BC", "BCE"].contains(&&text[s..e]) || text[s..].starts_with("A.D.") || text[s..].starts_with("B.C.")
                    }));
            // An abbreviated label ends in a point ("Goal No. 4", "Art. 5"); "No. 45 sites
            // reported" answers a question, a noun follows.
            let abbreviated =
                text[..i].trim_end().strip_suffix('.').and_then(|h| word_before(h, h.len())).filter(|(_, w)| {
                    ["no", "nos", "art", "arts", "para", "paras", "fig", "figs", "p", "pp", "vol", "sec", "ch"]
                        .contains(&w.to_lowercase().as_str())
                });
            // "13.4 per 1,000 live births": the base of a rate, no figure of its own.
            let label = abbreviated.is_some() && counts_nothing()
                || word_before(text, i).is_some_and(|(_, w)| {
                    let w = w.to_lowercase();
                    LABELS.contains(&w.as_str()) || w == "per"
                })
                || named_label(text, i, j, decimals == 0 && !percent && scale == 1.0 && !plus);
            // A version: three dotted parts ("2.0.0", "3.11.0rc1"), or a decimal right after a
            // capitalised name that counts nothing or names a release ("Python 3.11 release",
            // "Kubernetes 1.23,").
            let dotted =
                decimals > 0 && text[j..].starts_with('.') && text[j + 1..].starts_with(|c: char| c.is_ascii_digit());
            let named_version = decimals > 0 && !percent && scale == 1.0 && {
                let after = words_after(text, j, 1).first().map(|&(s, e)| text[s..e].to_ascii_lowercase());
                let releases = after.as_deref().is_some_and(|w| {
                    [
                        "release",
                        "releases",
                        "version",
                        "versions",
                        "alpha",
                        "beta",
                        "branch",
                        "series",
                        "license",
                        "licence",
                        "draft",
                        "specification",
                        "spec",
                        "standard",
                    ]
                    .contains(&w)
                });
                let bare = !text[j..].trim_start_matches([' ', '\u{a0}']).starts_with(char::is_alphabetic);
                // "the 3.11 release", "a 1.0 version": no count is a fraction of one thing.
                let one_release = after
                    .as_deref()
                    .is_some_and(|w| ["release", "version", "branch", "cycle", "milestone"].contains(&w));
                one_release
                    || word_before(text, i).is_some_and(|(s, w)| {
                        let named = w.len() >= 2
                            && w.chars().next().is_some_and(char::is_uppercase)
                            && w.chars().all(char::is_alphanumeric);
                        // A capitalised first word may be any word ("Average 3.4"): only a release
                        // after it says it is a name.
                        let initial =
                            text[..s].trim_end().is_empty() || text[..s].trim_end().ends_with(['.', '!', '?', ':']);
                        // "Kubernetes 1.19: alpha" heads what follows with a release.
                        let labelled = text[j..].starts_with(':');
                        // "Quux 7.0 and": a name, then a whole number written with ".0".
                        let point_zero = text[i..j].ends_with(".0") && !initial;
                        // "Go 1.20 added …", "Python 3.12 is …": a release does things; a count is
                        // followed by what it counts.
                        // So does a release that lands somewhere ("in Kubernetes 1.34 in 2025").
                        let acts = (!initial || !BEFORE_COUNTS.contains(&w.to_lowercase().as_str()))
                            && words_after(text, j, 1).first().is_some_and(|&(s, e)| {
                                let w = text[s..e].to_lowercase();
                                // ("rating", "meeting": a word in "-ing" is as often a noun.)
                                reportkit_text::words::is_verb_form(&w) && !w.ends_with("ing")
                                    || [
                                        "is", "was", "are", "were", "has", "had", "will", "and", "or", "in", "on",
                                        "for", "with",
                                    ]
                                    .contains(&w.as_str())
                            })
                            && text[j..].starts_with(' ');
                        // An acronym before a decimal names a protocol's or a standard's release
                        // ("TLS 1.2 magic", "HTTP 1.1 parsers"); "USD 2.50" is a price.
                        let acronym = (2..=6).contains(&w.len())
                            && w.bytes().all(|c| c.is_ascii_uppercase())
                            && !CURRENCY_CODES.contains(&w)
                            // ("our CSAT 4.6 rating" is a score.)
                            && (bare || acts);
                        acronym || named && (releases || point_zero || acts || bare && (!initial || labelled))
                    })
            };
            // "the Information Society plus 20 review", "(ABCD) Plus 20": an edition of a name
            // of two words in title case or of an acronym ("Nairobi plus 12 online" counts).
            let plus_edition = whole_number
                && word_before(text, i).is_some_and(|(s, w)| {
                    w.eq_ignore_ascii_case("plus")
                        && (text[..s].trim_end().ends_with(')')
                            || word_before(text, s).is_some_and(|(s2, n)| {
                                capitalised(n) && word_before(text, s2).is_some_and(|(_, m)| capitalised(m))
                            }))
                });
            // A whole number that is part of a name: right after a capitalised word that does
            // not open the sentence or a list item and is no month or weekday ("of Go 2
            // proposals", "to Python 3 code"). Acronyms are left to `named_label` ("NRI 12
            // sessions" is a count).
            let named_number = decimals == 0 && !percent && scale == 1.0 && !plus && !seps && {
                word_before(text, i).is_some_and(|(s, w)| {
                    let lower = w.to_lowercase();
                    let before = text[..s].trim_end();
                    let after = text[j..].trim_start_matches([' ', '\u{a0}']);
                    // "improved in Go 2.", "Toward Go 2": after a preposition, a name and its
                    // number end the clause.
                    let after_preposition = word_before(text, s).is_some_and(|(_, p)| {
                        ["in", "to", "toward", "towards", "for", "since", "until"].contains(&p.to_lowercase().as_str())
                    }) && !after.starts_with(char::is_alphanumeric);
                    // "at IETF 92 [March 2015]", not "at UNDP 12, at WHO 9".
                    let at_edition = word_before(text, s).is_some_and(|(_, p)| p.eq_ignore_ascii_case("at"))
                        && (after.is_empty() || after.starts_with(['[', '(', '.']));
                    // A heading ending in a name and its number ("Room: Kalta 1").
                    let heading_end = unit.kind == UnitKind::Heading && after.trim().is_empty();
                    // A model's name ending a sentence ("the Widget 100.", "Acme Widget 100?").
                    let model_end = (after.trim().is_empty() || after.starts_with(['.', '?', '!']))
                        && !reportkit_text::words::is_plural(&lower)
                        && word_before(text, s).is_some_and(|(_, p)| p == "the" || capitalised(p))
                        && before.ends_with(char::is_alphabetic);
                    // "at IETF 92 [March 2015]": an acronym and its number after a preposition,
                    // counting nothing, name a meeting or an edition ("USD 500" is money).
                    // So does one that a heading names ("Minutes - IETF 98", "ABCD 87, Berlin").
                    let heading_edition = unit.kind == UnitKind::Heading
                        && (after.trim().is_empty() || after.starts_with([',', ':', '-', '–', '—']));
                    let named_edition = (after_preposition || at_edition || heading_edition)
                        && (2..=6).contains(&w.len())
                        && w.bytes().all(|c| c.is_ascii_uppercase())
                        && !CURRENCY_CODES.contains(&w);
                    named_edition
                        || w.chars().count() >= 2
                        && capitalised(w)
                        && w.chars().all(char::is_alphabetic)
                        // Inside a clause, not after punctuation ("Sessions: Africa 12, Asia
                        // 20" are labelled counts), and before a word.
                        && (before.ends_with(char::is_alphabetic) && after.starts_with(char::is_alphabetic)
                            || after_preposition
                            || heading_end
                            || model_end)
                        && reportkit_text::dates::month_of(&lower).is_none()
                        && reportkit_text::dates::weekday_of(&lower).is_none()
                })
            };
            // A street address ("1050 Lakes Drive") and a day before its month ("9, Nov 1886").
            let address_or_day = whole_number && {
                let ws = words_after(text, j, 3);
                let word = |k: usize| ws.get(k).map(|&(s, e)| &text[s..e]);
                let street = (0..3).any(|k| {
                    word(k).is_some_and(|w| {
                        ["Street", "St", "Avenue", "Ave", "Road", "Rd", "Drive", "Dr", "Lane", "Boulevard", "Blvd"]
                            .contains(&w)
                    }) && (0..k).all(|m| word(m).is_some_and(|w| w.starts_with(char::is_uppercase)))
                }) && text[j..].starts_with(' ');
                let day = value <= 31.0
                    && text[j..].trim_start_matches([',', ' ']).split(' ').next().is_some_and(|w| {
                        // "Nov", not the verb of "5 may be".
                        w.starts_with(char::is_uppercase)
                            && reportkit_text::dates::month_of(&w.trim_end_matches('.').to_lowercase()).is_some()
                    })
                    && text[j..].starts_with([',', ' ']);
                street || day
            };
            // A number before a name in capitals that ends there ("107 Reykjavik", "1310 Waterside
            // Arlington Business Park,", "Windows 10 Pro."): a postcode, a street number or a
            // model's number. What a number counts is plural or followed by a noun in lower case
            // ("12 Member States", "3 Rust teams"). One thing is singular: 1 is left alone.
            let before_name = whole_number && value >= 2.0 && text[j..].starts_with([' ', '\u{a0}']) && {
                let from = j + text[j..].len() - text[j..].trim_start_matches([' ', '\u{a0}']).len();
                let ws = plain_words(text, from, 8);
                // Title case, each part of a compound too ("Alt-Svc"); a unit's symbol ("MiB",
                // "GHz", "Mbps", "Hz") is what a figure measures.
                let capital = |w: &str| {
                    let l = w.to_lowercase();
                    w.chars().count() >= 3
                        && w.split('-').all(|p| {
                            p.starts_with(char::is_uppercase)
                                && p.chars().skip(1).all(char::is_lowercase)
                                && p.chars().all(char::is_alphabetic)
                        })
                        && !l.ends_with("bps")
                        && !["mph", "kph", "rpm", "dpi", "ppi", "fps", "lbs", "ohm", "ohms"].contains(&l.as_str())
                };
                let run = ws.iter().take_while(|&&(s, e)| capital(&text[s..e])).count();
                let ends = ws.get(run).is_none()
                    && ws.get(run.wrapping_sub(1)).is_some_and(|&(_, e)| {
                        !text[e..].trim_start_matches([' ', '\u{a0}']).starts_with(char::is_alphanumeric)
                    });
                let first = ws.first().map(|&(s, e)| text[s..e].to_lowercase()).unwrap_or_default();
                // Counts listed by name ("(3 Acme, 2 Contoso, 1 Initech)") are a breakdown, and
                // a label's value may run on into the next label ("Keep: 12 Drain: 4"); an
                // address after a name and a comma is no list ("Widget House, 4410 Quayside").
                let head = text[..i].trim_end();
                let joined = [" and", " or", " &"]
                    .iter()
                    .find_map(|w| head.strip_suffix(w))
                    .map(|h| h.trim_end().trim_end_matches([',', ';']))
                    .or_else(|| head.strip_suffix([',', ';']));
                let item_before = joined.is_some_and(|h| {
                    h.rsplit([',', ';', '(', ':'])
                        .next()
                        .is_some_and(|p| p.trim_start().starts_with(|c: char| c.is_ascii_digit()))
                });
                let listed = head.ends_with(['(', ':'])
                    || item_before
                    || ws.get(run.wrapping_sub(1)).is_some_and(|&(_, e)| {
                        let r = text[e..].trim_start_matches([',', ';', ' ']);
                        let r = ["and ", "or ", "& "].iter().find_map(|w| r.strip_prefix(w)).unwrap_or(r);
                        r.trim_start().starts_with(|c: char| c.is_ascii_digit())
                    });
                run >= 1
                    && ends
                    && !listed
                    && !ws[..run].iter().any(|&(s, e)| reportkit_text::words::is_plural(&text[s..e].to_lowercase()))
                    && reportkit_text::dates::month_of(&first).is_none()
                    && reportkit_text::dates::weekday_of(&first).is_none()
                    && !reportkit_text::words::TIME_UNITS.contains(&first.as_str())
                    && !reportkit_text::words::MEASURE_UNITS.contains(&first.as_str())
                    && !SCALES.iter().any(|(k, _)| *k == first)
            };
            // A release number before what it holds ("1.15 docs", "1.23 Enhancements", "the
            // 1.4 features"): a count of whole things is never 1.15, and a release series
            // starts at 0 or 1. A unit of time or an average ("1.5 days", "1.8 children per
            // family") is still a figure.
            let release_number = decimals > 0 && !percent && scale == 1.0 && !plus && value < 2.0 && {
                let after = words_after(text, j, 3);
                let word = |k: usize| after.get(k).map(|&(s, e)| text[s..e].to_lowercase());
                word(0).is_some_and(|w| {
                    w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && {
                        let unit = reportkit_text::words::singular(&w);
                        !reportkit_text::words::TIME_UNITS.contains(&unit.as_str())
                            && !reportkit_text::words::MEASURE_UNITS.contains(&unit.as_str())
                    }
                }) && ![word(1), word(2)]
                    .iter()
                    .flatten()
                    .any(|w| ["per", "each", "a", "an", "on"].contains(&w.as_str()))
            };
            // A page number after a dot leader ("Glossary ....... 6", "| Foreword ..... | 8 |").
            let leader = {
                let head = text[..i].trim_end_matches([' ', '\u{a0}', '\t', '|']);
                head.ends_with("...") || head.ends_with('…') || head.ends_with(". .")
            };
            // A section or list number opening a unit ("4.1. Local Offsets", "2. Definitions").
            // The unit, not the line: where a paragraph's lines break must not decide it.
            let numbering = {
                let opens = unit.text[..i].trim().is_empty();
                let titled = |k: usize| text[k..].trim_start_matches([' ', '\u{a0}']).starts_with(char::is_uppercase);
                // "2. Definitions", "3.1.  Motives", and a decimal section number before a title
                // ("5.2 Calendars").
                // So does "1.6 — Libcore", a release heading what it brought.
                let dashed = ["—", "–", "-"].iter().find_map(|d| text[j..].trim_start().strip_prefix(d));
                opens
                    && (text[j..].starts_with(". ") && titled(j + 2)
                        || decimals > 0 && !percent && scale == 1.0 && text[j..].starts_with(' ') && titled(j + 1)
                        || decimals > 0
                            && !percent
                            && scale == 1.0
                            && dashed.is_some_and(|r| {
                                r.starts_with(' ') && {
                                    let r = r.trim_start();
                                    r.starts_with(char::is_uppercase)
                                }
                            }))
            };
            // A decimal right before a singular word in title case names a section or a release
            // wherever it stands ("Administrivia 1.1 Roll Call", "CSAF 2.1 Committee
            // Specification Draft"): a figure is followed by what it counts in lower case, in
            // the plural, or by a unit in capitals ("3.5 GB"). A written-out ".0" with nothing
            // counted after it ("move to 2.0.") is a release too, and so is a decimal that
            // counts nothing after "in", "since", "until" or "targeting" ("coming in 1.9
            // could", "enabled by default in 1.29.").
            let release_like = decimals > 0
                && !percent
                && scale == 1.0
                && !plus
                && {
                    let next = text[j..].trim_start_matches([' ', '\u{a0}']);
                    let word = next.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
                    let title = text[j..].starts_with([' ', '\u{a0}'])
                    && word.chars().count() >= 2
                    && word.starts_with(char::is_uppercase)
                    && word.chars().skip(1).all(char::is_lowercase)
                    && !SCALES.iter().any(|(k, _)| word.eq_ignore_ascii_case(k))
                    // "2.25 Petabytes", "Average 3.4 Days": what is counted, capitalised.
                    && !reportkit_text::words::is_plural(&word.to_lowercase());
                    // An acronym heading a title ("5.1 ANRW-SC Update"); a unit in capitals is
                    // followed by what it measures in lower case ("3.5 GB of storage").
                    let acronym_title = text[j..].starts_with([' ', '\u{a0}'])
                        && word.chars().count() >= 2
                        && word.chars().all(|c| c.is_ascii_uppercase())
                        && {
                            let rest = &next[word.len()..];
                            let rest = rest.trim_start_matches(|c: char| c.is_alphanumeric() || c == '-');
                            let w2 = rest.trim_start_matches([' ', '\u{a0}']);
                            rest.starts_with([' ', '\u{a0}'])
                                && w2.starts_with(char::is_uppercase)
                                && w2.chars().nth(1).is_some_and(char::is_lowercase)
                        };
                    let bare = !next.starts_with(char::is_alphanumeric);
                    // "2.0 development": a whole number written with ".0" before one thing.
                    // ("Ratios near 1.0 suggest …" compares a value.)
                    let compared = word_before(text, i).is_some_and(|(_, w)| {
                        [
                            "near",
                            "about",
                            "around",
                            "approximately",
                            "than",
                            "of",
                            "at",
                            "below",
                            "above",
                            "under",
                            "over",
                        ]
                        .contains(&w.to_lowercase().as_str())
                    });
                    let zero = text[i..j].ends_with(".0")
                        && (bare
                            || !compared
                                && !word.is_empty()
                                && word.chars().all(char::is_lowercase)
                                && !reportkit_text::words::is_plural(word)
                                && !reportkit_text::words::TIME_UNITS.contains(&word)
                                && !reportkit_text::words::MEASURE_UNITS.contains(&word));
                    // "[KEP title](…) - 1.22", "([1.22])": a release tagging an entry, after a dash
                    // at its end or alone in brackets.
                    let tag = {
                        let head = text[..i].trim_end_matches([' ', '\u{a0}', '[', '(']);
                        let tail = text[j..].trim_start_matches([']', ')', ' ', '\u{a0}']);
                        (head.ends_with(['-', '–', '—']) && tail.trim().is_empty())
                            || matches!(prev, Some('(' | '[')) && text[j..].starts_with([')', ']'])
                    };
                    let after_in = word_before(text, i)
                    .is_some_and(|(_, w)| ["in", "since", "until", "targeting"].contains(&w.to_lowercase().as_str()))
                    && (bare || counts_nothing())
                    // "for release 3.4", "Release 0.12"
                    || word_before(text, i).is_some_and(|(_, w)| ["release", "releases"].contains(&w.to_lowercase().as_str()));
                    title || acronym_title || zero || after_in || tag
                };
            let prefix_plus =
                prev == Some('+') || prev == Some('-') && text[..i - 1].chars().next_back().is_none_or(|c| c == ' ');
            let ident_plus = prev == Some('+') && text[..i - 1].chars().next_back().is_some_and(char::is_alphanumeric);
            // "#1" is a rank, "0600" a time or a code, "1400 UTC" a time of day.
            let rank = text[..i].trim_end_matches([' ', '\u{a0}']).ends_with('#');
            // "a 15 minute retro", "a 3 body problem": after "a", a number modifies the noun
            // it is written with, as "a 15-minute retro" does; it counts nothing. ("Our score
            // is a 61 (…)" and "a 10 out of 10" are values: no singular noun follows.)
            let modifier = whole_number
                && value >= 2.0
                && after_article(text, i)
                && text[j..].starts_with(' ')
                && singular_noun_after(text, j);
            // "'25": a year cut short.
            let short_year = matches!(prev, Some('\'' | '’'))
                && j - i == 2
                && counts_nothing()
                && text[..i - prev.map_or(1, char::len_utf8)].chars().next_back().is_none_or(char::is_whitespace);
            // "+1" agrees, "-1" objects; "-28" alone is a draft's revision ("-15 members" is
            // a change).
            let vote_or_draft = matches!(prev, Some('+' | '-'))
                && whole_number
                && text[..i - 1].chars().next_back().is_none_or(|c| c.is_whitespace() || c == '(')
                && (value == 1.0 || prev == Some('-') && j - i == 2)
                && counts_nothing();
            // "On 20 and 21 April", "3, 4 and 5 May": days listed before the date that names
            // their month.
            let listed_day = whole_number
                && value <= 31.0
                && [" and ", " & ", ", ", "-", "–", " to "].iter().any(|sep| {
                    text[j..].starts_with(sep) && {
                        let k = j + sep.len();
                        dates.iter().any(|&(s, e)| k >= s && k < e)
                            || text[k..].starts_with(|c: char| c.is_ascii_digit())
                                && dates.iter().any(|&(s, _)| {
                                    s > k
                                        && s <= k + 12
                                        && text[k..s].bytes().all(|b| b.is_ascii_digit() || b" ,&and".contains(&b))
                                })
                    }
                });
            // "the Group of 20", "Class of 95": a name ending in "of" and a number that counts
            // nothing.
            let name_of = whole_number
                && word_before(text, i).is_some_and(|(s, w)| {
                    w == "of"
                        && word_before(text, s).is_some_and(|(s2, n)| {
                            n.chars().count() >= 3
                                && n.starts_with(char::is_uppercase)
                                && n.chars().skip(1).all(char::is_lowercase)
                                && !BEFORE_COUNTS.contains(&n.to_lowercase().as_str())
                                && !text[..s2].trim_end().is_empty()
                                && !text[..s2].trim_end().ends_with(['.', '!', '?', ':'])
                                // ("a Panel of 12 found" is a count.)
                                && !word_before(text, s2).is_some_and(|(_, a)| ["a", "an"].contains(&a.to_lowercase().as_str()))
                        })
                })
                && counts_nothing();
            let leading_zero = b[i] == b'0' && b.get(i + 1).is_some_and(u8::is_ascii_digit);
            let clock = text[j..].trim_start_matches(' ').starts_with("p.m.")
                || text[j..].trim_start_matches(' ').starts_with("a.m.")
                || words_after(text, j, 1).first().is_some_and(|(s, e)| {
                    ["utc", "gmt", "cet", "cest", "est", "edt", "pst", "pdt", "bst", "hrs", "am", "pm"]
                        .contains(&text[*s..*e].to_ascii_lowercase().as_str())
                })
                || decimals == 2 && !percent && scale == 1.0 && {
                    // "starts at 15.30": hours and minutes after a word of time, counting nothing
                    // (which also leaves out the releases of "upgrade to 1.22" and "from 1.14").
                    let (h, m) = (value.trunc(), (value.fract() * 100.0).round());
                    h <= 23.0
                        && m <= 59.0
                        && word_before(text, i).is_some_and(|(_, w)| {
                            ["at", "from", "until", "till", "to"].contains(&w.to_lowercase().as_str())
                        })
                        && counts_nothing()
                };
            // An identifier heading a title, where the unit or a link's text opens ("1287 - In-place
            // Update", "[4411 - Quotas](…)"): a number and its name.
            // So is a number of three digits or more that opens a heading or an item and is
            // followed by a title or punctuation, counting nothing ("#### 2911 Not have a …",
            // "[2496], Ossification", "[171]: - Skip relabeling").
            let opens_unit = i <= lead;
            let identifier = whole_number
                && (opens_unit || unit.links.iter().any(|(_, t)| !t.is_empty() && text[i..].starts_with(t.as_str())))
                && text[j..]
                    .trim_start_matches(' ')
                    .strip_prefix(['-', '–', '—'])
                    .and_then(|r| r.strip_prefix(' '))
                    .is_some_and(|r| r.starts_with(char::is_alphanumeric))
                || whole_number
                    && j - i >= 3
                    && opens_unit
                    && matches!(unit.kind, UnitKind::Heading | UnitKind::ListItem { .. })
                    && counts_nothing()
                    && {
                        // ("1500 -> 2100 stars" is a change.)
                        let after = text[j..].trim_start_matches([']', ')', ' ', '\u{a0}']);
                        after.starts_with(':')
                            || after.strip_prefix(',').is_some_and(|r| r.trim_start().starts_with(char::is_uppercase))
                            || after.starts_with(char::is_uppercase)
                            || after.strip_prefix(['-', '–', '—']).is_some_and(|r| !r.starts_with(['>', '-']))
                    };
            // A telephone number: groups of digits after "+" and a country code, or after a
            // "Phone:" label.
            // (A number's run of digits and spaces is read back at most 32 bytes: a telephone
            // number is shorter, and a line of thousands of numbers is not re-read for each.)
            let phone = {
                let mut from = i.saturating_sub(PHONE_WINDOW);
                while !text.is_char_boundary(from) {
                    from += 1;
                }
                let run = text[from..i].trim_end_matches(|c: char| c.is_ascii_digit() || " +-()\u{a0}".contains(c));
                let longer = run.is_empty() && from > 0;
                let head = &text[..from + run.len()];
                let lead = &text[head.len()..i];
                let label = head.trim_end().ends_with(':')
                    && head.trim_end_matches([':', ' ']).rsplit(|c: char| !c.is_alphabetic()).next().is_some_and(|w| {
                        ["phone", "telephone", "tel", "fax", "mobile"].contains(&w.to_lowercase().as_str())
                    });
                let country_code = lead.trim_start().starts_with('+') && !head.ends_with(char::is_alphanumeric);
                !longer
                    && (label
                        || country_code && lead.contains(|c: char| c.is_ascii_digit())
                        || country_code
                            && text[j..].starts_with(' ')
                            && text[j + 1..].starts_with(|c: char| c.is_ascii_digit()))
            };
            // "1) how …" is an enumeration marker, not a figure.
            // So is "[3]", a reference, and "\"60\"", a value quoted as written.
            let quoted = matches!(prev, Some('"' | '“')) && text[j..].starts_with(['"', '”']);
            let marker = text[j..].starts_with(')') && !parens.open_at(text, i)
                || prev == Some('[') && text[j..].starts_with(']')
                // "(1) mucking with TLS, (2) general advice", "option (2) is right": a small
                // number in parentheses before what it marks; "Other (5) and …" counts.
                || prev == Some('(')
                    && whole_number
                    && value <= 30.0
                    && text[j..].strip_prefix(") ").is_some_and(|r| {
                        let w = r.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
                        w.starts_with(char::is_alphabetic)
                            && !["and", "or", "of", "in", "vs", "versus", "respectively", "each", "percent", "per"]
                                .contains(&w.to_lowercase().as_str())
                    })
                    // "* (5) Less drama": an item opened by its count; "the max (30) were
                    // ordered": a count after what it counts.
                    && !(matches!(unit.kind, UnitKind::ListItem { .. }) && opens_unit)
                    && {
                        // A marker opens the unit or a clause after a colon, or is one of a
                        // sequence ("(2)" with "(1)" or "(3)" in the same unit).
                        let head = text[..i - 1].trim_end();
                        let n = value as u32;
                        head.is_empty()
                            || head.ends_with(':')
                            || word_before(head, head.len()).is_some_and(|(_, w)| LABELS.contains(&w.to_lowercase().as_str()))
                            || {
                                // Read within a sentence's reach: a line of thousands of markers
                                // is not searched whole for each.
                                let (mut a, mut b) = (i.saturating_sub(MARKER_WINDOW), (j + MARKER_WINDOW).min(text.len()));
                                while !text.is_char_boundary(a) {
                                    a += 1;
                                }
                                while !text.is_char_boundary(b) {
                                    b -= 1;
                                }
                                [n.wrapping_sub(1), n + 1].iter().any(|k| text[a..b].contains(&format!("({k})")))
                            }
                    }
                // "O(1)", "f(2)": notation.
                || prev == Some('(') && text[..i - 1].chars().next_back().is_some_and(char::is_alphanumeric)
                    && text[j..].strip_prefix(") ").is_some_and(|r| {
                        let w = r.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
                        w.starts_with(char::is_alphabetic)
                            && !["and", "or", "of", "in", "vs", "versus", "respectively", "each", "percent", "per"]
                                .contains(&w.to_lowercase().as_str())
                    });
            // A range ("2 to 5", "18–44", "between 10 and 20") states no single figure: both ends
            // are skipped.
            // Alternatives ("every 25 or 50 days") state no single figure either.
            let range_end = ["–", "—", " to ", "-", " and ", " or "].iter().find_map(|sep| {
                let r = text[j..].strip_prefix(sep)?;
                if *sep == " and " && !text[..i].trim_end().to_ascii_lowercase().ends_with("between") {
                    return None;
                }
                r.starts_with(|c: char| c.is_ascii_digit()).then(|| {
                    let k = j + sep.len();
                    k + text[k..]
                        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
                        .unwrap_or(text.len() - k)
                })
            });
            if let Some(end) = range_end {
                i = end.max(i + 1);
                continue;
            }
            if decimals > 0 && !glued_after && (dotted || named_version || release_number || release_like) {
                releases.push((i, j));
            }
            if label && whole_number {
                labelled.push(j);
            }
            if glued_after
                || bare_decimal && !percent
                || in_date
                || is_year
                || label
                || ident_plus
                || value.is_nan()
                || rank
                || leading_zero
                || clock
                || marker
                || dotted
                || named_version
                || named_number
                || release_number
                || release_like
                || leader
                || numbering
                || identifier
                || phone
                || quoted
                || address_or_day
                || before_name
                || plus_edition
                || modifier
                || short_year
                || vote_or_draft
                || listed_day
                || name_of
            {
                i = j.max(i + 1);
                continue;
            }
            value *= scale;
            let (mut qualifier, _) = qualifier_before(text, i);
            if plus && qualifier == Qualifier::Exact {
                qualifier = Qualifier::AtLeast;
            }
            let (_, qstart) = qualifier_before(text, i);
            let rate = if percent { named_rate(text, qstart) } else { None };
            let noun = rate.clone().unwrap_or_else(|| noun_after(text, j, percent));
            let after_percent = noun.split(' ').next().unwrap_or("");
            if prefix_plus
                || changed_by_verb(text, i, j, noun.split(' ').filter(|w| !w.is_empty()).count())
                || text[j..].trim_start().starts_with('↑')
                || (percent && CHANGE_NOUNS.contains(&after_percent))
            {
                qualifier = Qualifier::Change;
            }
            out.push(Quantity {
                value,
                written: text[i..j].to_string(),
                qualifier,
                percent,
                word: false,
                fraction: false,
                decimals,
                scale,
                complement: complement_after(
                    text,
                    j,
                    if rate.is_some() { 0 } else { noun.split(' ').filter(|w| !w.is_empty()).count() },
                ),
                whole: preceded_by_all(text, qstart),
                noun,
                // A named rate is its own label: "of" before it introduces no anchor.
                anchor: if rate.is_some() { String::new() } else { anchor_before(text, qstart) },
                doc,
                unit: unit_index,
                line: unit.line_at(i),
                start: i,
                end: j,
                lead: qstart,
                named_before: rate.is_some(),
            });
            i = j;
            continue;
        }
        if c.is_alphabetic() && !glued_before {
            let mut len = text[i..].find(|c: char| !(c.is_alphabetic() || c == '-')).unwrap_or(text.len() - i);
            // "Twenty- six": a compound broken after its hyphen is read as "twenty six"; any
            // other word cut at a hyphen ("seventy- sixth", "two- State") is no number.
            let hyphened = text[i..i + len].ends_with('-');
            let w = text[i..i + len].trim_end_matches('-');
            if let Some(mut v) = number_word(w) {
                let whole = v;
                // "seventy five": tens and units written apart.
                if (20.0..100.0).contains(&v) && v % 10.0 == 0.0 && text[i + len..].starts_with(' ') {
                    let k = i + len + 1;
                    let l2 = text[k..].find(|c: char| !c.is_alphabetic()).unwrap_or(text.len() - k);
                    if let Some(o) = number_word(&text[k..k + l2]).filter(|o| (1.0..10.0).contains(o)) {
                        v += o;
                        len = k + l2 - i;
                    }
                }
                let w = &text[i..i + len];
                let cut = hyphened && v == whole;
                // "no one", "one another", "on the one hand", "one way or the other", "one
                // thing is certain": a pronoun or an idiom, no count.
                let idiom = v == 1.0 && {
                    let before = word_before(text, i).map(|(_, b)| b.to_lowercase());
                    let after: Vec<String> =
                        words_after(text, i + len, 2).iter().map(|&(s, e)| text[s..e].to_lowercase()).collect();
                    let after = |k: usize| after.get(k).map_or("", String::as_str);
                    // "One option is …", "One particular area of …": a sentence opened by "One"
                    // and a word for an idea or a part speaks of an example, it counts nothing
                    // ("One person indicated …" does count).
                    let opens = {
                        let head = text[..i].trim_end();
                        head.is_empty() || head.ends_with(['.', '!', '?', ':'])
                    };
                    let example = words_after(text, i + len, 3)
                        .iter()
                        .any(|&(s, e)| EXAMPLE_NOUNS.contains(&text[s..e].to_lowercase().as_str()));
                    w.starts_with('O') && opens && example
                        || matches!(before.as_deref(), Some("no" | "any" | "every"))
                        || ["another", "hand"].contains(&after(0))
                        || ["way", "thing"].contains(&after(0)) && ["or", "is"].contains(&after(1))
                };
                let noun = noun_after(text, i + len, false);
                // "two thirds every year": a fraction without "of", no count of thirds.
                // ("three quarters in a row" are periods.)
                let fraction_word = FRACTIONS.iter().any(|(one, many, _)| {
                    let head = noun.split(' ').next().unwrap_or("");
                    *one != "quarter" && (head == *one || head == *many)
                });
                // Number words count something only when a noun (or participle) follows;
                // "one of", "one another" and the like are not figures.
                // "a two state solution": a modifier (see the digits' `modifier`).
                let modifier = v >= 2.0 && after_article(text, i) && singular_noun_after(text, i + len);
                if !(noun.is_empty()
                    || cut
                    || modifier
                    || idiom
                    || fraction_word
                    || v == 1.0 && unit.kind == UnitKind::Heading
                    || named_label(text, i, i + len, true))
                {
                    let (mut qualifier, qs) = qualifier_before(text, i);
                    if changed_by_verb(text, i, i + len, noun.split(' ').count()) {
                        qualifier = Qualifier::Change;
                    }
                    let n = noun.split(' ').count();
                    out.push(Quantity {
                        complement: complement_after(text, i + len, n),
                        whole: preceded_by_all(text, qs),
                        value: v,
                        written: w.to_string(),
                        qualifier,
                        percent: false,
                        word: true,
                        fraction: false,
                        decimals: 0,
                        scale: 1.0,
                        noun,
                        anchor: anchor_before(text, qs),
                        doc,
                        unit: unit_index,
                        line: unit.line_at(i),
                        start: i,
                        end: i + len,
                        lead: qs,
                        named_before: false,
                    });
                }
            }
            i += len.max(1);
            continue;
        }
        i += c.len_utf8();
    }
    drop_release_lists(text, &mut out, &releases);
    drop_labelled_lists(text, &mut out, &labelled);
    let names = releases.iter().map(|&(s, e)| text[s..e].to_string()).collect();
    (out, names)
}

/// Nouns of ideas and parts that "One" opens a sentence with to give an example ("One option
/// is to wait", "One major part of the plan").
const EXAMPLE_NOUNS: &[&str] = &[
    "approach",
    "area",
    "aspect",
    "challenge",
    "change",
    "class",
    "concern",
    "direction",
    "element",
    "example",
    "explanation",
    "factor",
    "feature",
    "goal",
    "highlight",
    "idea",
    "improvement",
    "issue",
    "key",
    "lesson",
    "option",
    "part",
    "point",
    "possibility",
    "priority",
    "problem",
    "question",
    "reason",
    "solution",
    "theme",
    "thing",
    "topic",
    "way",
];

/// Whether the word after byte `at` is a singular noun in lower case, neither a grammar word
/// nor a plural ("a 3 month ban", not "a 10 out of 10" or "a 4 weeks cadence").
fn singular_noun_after(text: &str, at: usize) -> bool {
    words_after(text, at, 1).first().is_some_and(|&(s, e)| {
        let w = &text[s..e];
        w.starts_with(char::is_lowercase)
            && !STOP.contains(&w)
            && !reportkit_text::words::is_plural(w)
            && !reportkit_text::words::is_verb_form(w)
    })
}

/// ISO codes of the currencies most often written before an amount ("USD 500").
const CURRENCY_CODES: &[&str] =
    &["USD", "EUR", "GBP", "JPY", "CHF", "CNY", "RMB", "INR", "AUD", "CAD", "NZD", "SEK", "NOK", "DKK", "ZAR", "BRL"];

/// Bytes either side of "(N)" searched for the markers before and after it.
const MARKER_WINDOW: usize = 300;

/// Bytes before a number read back for a telephone number's run of digits.
const PHONE_WINDOW: usize = 32;

/// The parentheses open at a point of a unit's text, counted once from left to right as the
/// reading moves on (a line of many "1) …" markers is not re-counted from its start for each).
#[derive(Default)]
struct Parens {
    /// Bytes counted so far.
    at: usize,
    /// "(" minus ")" in them.
    depth: i64,
}

impl Parens {
    /// Whether a parenthesis is open at byte `i` (`i` never goes back).
    fn open_at(&mut self, text: &str, i: usize) -> bool {
        if i < self.at {
            *self = Parens::default();
        }
        for b in text.as_bytes()[self.at..i].iter() {
            match b {
                b'(' => self.depth += 1,
                b')' => self.depth -= 1,
                _ => {}
            }
        }
        self.at = i;
        self.depth > 0
    }
}

/// Whether the text between two listed numbers joins them as a list: a comma, "and", "or" or
/// "&", alone or after a comma.
fn list_joint(between: &str) -> bool {
    let between = between.split_whitespace().collect::<Vec<_>>().join(" ");
    [",", "and", "or", "&", ", and", ", or", ", &"].contains(&between.as_str())
}

/// A plain decimal: no percentage, scale, fraction or number word.
fn plain_decimal(q: &Quantity) -> bool {
    q.decimals > 0 && !q.percent && q.scale == 1.0 && !q.word && !q.fraction
}

/// Drops the decimals of a list that names releases: a list ("1.19 and 1.20", "3.8, 3.9, &
/// 3.10") holding one release number, or counting up one minor number at a time, three in a
/// row or two with nothing counted after the last ("3.10 and 3.11").
fn drop_release_lists(text: &str, out: &mut Vec<Quantity>, releases: &[(usize, usize)]) {
    let mut spans: Vec<(usize, usize, bool)> = releases.iter().map(|&(s, e)| (s, e, true)).collect();
    spans.extend(out.iter().filter(|q| plain_decimal(q)).map(|q| (q.start, q.end, false)));
    if spans.len() < 2 {
        return;
    }
    spans.sort_unstable();
    let joined = |a: usize, b: usize| list_joint(&text[a..b]) || text[a..b].trim() == "/";
    let mut drop: Vec<usize> = Vec::new();
    let mut k = 0;
    while k < spans.len() {
        let mut e = k + 1;
        while e < spans.len() && spans[e].0 > spans[e - 1].1 && joined(spans[e - 1].1, spans[e].0) {
            e += 1;
        }
        let run = &spans[k..e];
        if run.len() >= 2 {
            let parts: Vec<Option<(&str, u32)>> = run
                .iter()
                .map(|&(s, e, _)| {
                    let (major, minor) = text[s..e].split_once('.')?;
                    Some((major, minor.parse().ok()?))
                })
                .collect();
            let stepping = parts.windows(2).all(|w| match (w[0], w[1]) {
                (Some((a, x)), Some((b, y))) => a == b && y == x + 1,
                _ => false,
            });
            let last_counts = out.iter().any(|q| q.start == run[run.len() - 1].0 && !q.noun.is_empty());
            // Three in a row ("2.6, 2.7, & 2.8") are a series whatever follows.
            if run.iter().any(|r| r.2) || stepping && (run.len() >= 3 || !last_counts) {
                drop.extend(run.iter().map(|r| r.0));
            }
        }
        k = e;
    }
    if !drop.is_empty() {
        out.retain(|q| !(plain_decimal(q) && drop.contains(&q.start)));
    }
}

/// Drops the whole numbers listed after a labelled one ("RFCs 9110 and 9111", "paragraphs 3,
/// 4 and 7"): the label names each of them. A number that counts something stays.
fn drop_labelled_lists(text: &str, out: &mut Vec<Quantity>, labelled: &[usize]) {
    for &end in labelled {
        let mut at = end;
        // Quantities are in text order: only the next one can be listed right after.
        while let Some(k) = out.iter().position(|q| q.start > at) {
            let q = &out[k];
            let listed = q.decimals == 0
                && !q.percent
                && q.scale == 1.0
                && !q.word
                && q.noun.is_empty()
                && list_joint(after_gloss(&text[at..q.start]));
            if !listed {
                break;
            }
            at = q.end;
            out.remove(k);
        }
    }
}

/// The text after a parenthesis that opens it ("(new parser), and " gives ", and "): the
/// gloss of a listed number ("PEPs 615 (time zones), 616 (…) and 617") is no part of the list's
/// joints.
fn after_gloss(between: &str) -> &str {
    let t = between.trim_start();
    if !t.starts_with('(') {
        return between;
    }
    let mut depth = 0usize;
    for (k, ch) in t.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &t[k + 1..];
                }
            }
            _ => {}
        }
    }
    between
}

/// Drops the whole number that ends a list item after a name of two words or more ("* 15:30:
/// Parking Lot 1", "- Breakout Room 2") when no other item of its list ends in a number: the
/// item names a thing, it counts nothing. Items of a breakdown end in their numbers together
/// ("- South America 12", "- Africa 30"), and one after a label ("Sessions: Africa 12") is
/// kept.
fn drop_item_names(units: &[Unit], per_unit: &mut [(Vec<DateFact>, Vec<Quantity>, Vec<String>)]) {
    let ends_in_digit = |u: &Unit| u.text.trim_end().ends_with(|c: char| c.is_ascii_digit());
    let mut numbered: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for u in units {
        if let UnitKind::ListItem { list, .. } = u.kind {
            if ends_in_digit(u) {
                *numbered.entry(list).or_default() += 1;
            }
        }
    }
    for (u, (_, quantities, _)) in units.iter().zip(per_unit.iter_mut()) {
        let UnitKind::ListItem { list, .. } = u.kind else { continue };
        if numbered.get(&list) != Some(&1) || !ends_in_digit(u) {
            continue;
        }
        let text = u.text.trim_end();
        let Some(q) = quantities.last() else { continue };
        let bare =
            q.end == text.len() && q.decimals == 0 && !q.percent && q.scale == 1.0 && !q.word && q.noun.is_empty();
        let named = bare
            && word_before(text, q.start).is_some_and(|(s, w)| {
                capitalised(w)
                    // ("Registered Participants 320" counts them.)
                    && !reportkit_text::words::is_plural(&w.to_lowercase())
                    && text[..s].trim_end_matches([' ', '\u{a0}', '\n']).ends_with(char::is_alphabetic)
            });
        if named {
            quantities.pop();
        }
    }
}

/// Whether unit `u` is a cell holding only a page number after a cell that ends in a dot
/// leader ("| Foreword ..... | 8 |"): a contents table's page, not a figure.
fn page_after_leader(units: &[Unit], u: usize) -> bool {
    let UnitKind::Cell { table, row, col } = units[u].kind else { return false };
    let Some(before) = u.checked_sub(1).map(|b| &units[b]) else { return false };
    let beside =
        matches!(before.kind, UnitKind::Cell { table: t, row: r, col: c } if t == table && r == row && c + 1 == col);
    let leader = before.text.trim_end().ends_with("...") || before.text.trim_end().ends_with('…');
    let page = units[u].text.trim().bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b'/')
        && units[u].text.trim().starts_with(|c: char| c.is_ascii_digit());
    beside && leader && page
}

/// Everything extracted from a corpus.
#[derive(Debug, Default)]
pub struct Facts {
    /// Quantities per document, in document order.
    pub quantities: Vec<Vec<Quantity>>,
    /// Dates per document.
    pub dates: Vec<Vec<DateFact>>,
    /// Per document, per unit: the range of that unit's quantities in `quantities`.
    pub by_unit: Vec<Vec<std::ops::Range<usize>>>,
}

/// A date written without its year ("Thursday, 16 May") takes the year of the document's dated
/// mentions when they all name one year and one of them falls in the same or a neighbouring
/// month ("Friday, 17 May 2019" on the same page).
fn year_from_neighbours(dates: &mut [DateFact]) {
    // A date that names a past event ("the 4 October 1957 launch") dates nothing near it.
    let stated: Vec<(i32, u8)> =
        dates.iter().filter(|d| d.year_stated && !d.names_event).filter_map(|d| Some((d.year?, d.day.1))).collect();
    let Some(&(year, _)) = stated.first() else { return };
    if stated.iter().any(|(y, _)| *y != year) {
        return;
    }
    for d in dates.iter_mut().filter(|d| d.year.is_none()) {
        if stated.iter().any(|(_, m)| (i16::from(*m) - i16::from(d.day.1)).abs() <= 1) {
            d.year = Some(year);
        }
    }
}

/// The days a document is dated by, first and last (`YYYY-MM-DD`): the event dates it states
/// at the top or, without them, the date its front matter gives it (a post's publication),
/// and whether they are that publication date.
pub(crate) fn dated_by(doc: &reportkit_model::Document) -> Option<(&str, &str, bool)> {
    if let Some(r) = doc.metadata.event_dates.as_ref() {
        return Some((r.start.as_str(), r.end.as_str(), false));
    }
    let date = doc.metadata.front_matter.as_ref()?.date.as_deref()?.trim_matches(['"', '\'']);
    let iso = date.get(..10)?;
    let b = iso.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)).then_some((iso, iso, true))
}

/// Extract the facts of every document.
pub fn extract(corpus: &reportkit_model::Corpus, units: &[Vec<Unit>]) -> Facts {
    use rayon::prelude::*;
    let mut facts = Facts::default();
    for (d, doc_units) in units.iter().enumerate() {
        let event = dated_by(&corpus.documents[d]);
        let event_year = event.and_then(|(start, _, _)| start.get(..4)?.parse::<i32>().ok());
        let month = |iso: &str| iso.get(5..7)?.parse::<i32>().ok();
        let event_months: Vec<i32> =
            event.iter().flat_map(|&(start, end, _)| [month(start), month(end)]).flatten().collect();
        // A date without its year is of the event's year only near the event: within a month of
        // it ("Tuesday, 1 March" in a story whose first date is a match of 16 January 1996 is
        // not of 1996).
        let near_event = |m: u8| {
            event_months.iter().any(|&e| {
                let diff = (i32::from(m) - e).rem_euclid(12);
                diff <= 1 || diff == 11
            })
        };
        // Units are independent: their facts are read in parallel and kept in unit order.
        let mut per_unit: Vec<(Vec<DateFact>, Vec<Quantity>, Vec<String>)> = doc_units
            .par_iter()
            .enumerate()
            .map(|(u, unit)| {
                let mentions = find_dates(&unit.text);
                let ranges: Vec<(usize, usize)> = mentions.iter().map(|m| (m.start, m.end)).collect();
                let dates = mentions
                    .iter()
                    .map(|m| DateFact {
                        written: unit.text[m.start..m.end].replace('\n', " "),
                        weekday: m.weekday,
                        day: m.from,
                        year: m.year.or(event_year.filter(|_| near_event(m.from.1))),
                        year_stated: m.year.is_some(),
                        names_event: reportkit_text::dates::names_a_past_event(&unit.text, m.start, m.end),
                        doc: d,
                        unit: u,
                        line: unit.line_at(m.start),
                        start: m.start,
                        end: m.end,
                    })
                    .collect();
                let (mut quantities, releases) = figures_in(unit, d, u, &ranges);
                if page_after_leader(doc_units, u) {
                    quantities.clear();
                }
                // A paragraph or heading of digits alone ("15", "08-52272 24") is a page's
                // number and its furniture: it says nothing a number could count ("£450" and a
                // list of attendances are figures).
                if matches!(unit.kind, UnitKind::Paragraph | UnitKind::Heading)
                    && unit.text.chars().all(|c| c.is_ascii_digit() || c.is_whitespace() || "-/.,".contains(c))
                {
                    quantities.retain(|q| !(q.decimals == 0 && !q.percent && q.scale == 1.0 && q.written.len() <= 4));
                }
                (dates, quantities, releases)
            })
            .collect();
        drop_item_names(doc_units, &mut per_unit);
        // A release number named once ("enabled by default in 1.29", "v1.29") is that release
        // wherever the document writes it with nothing counted after it ("Storage - 1.29").
        let releases: std::collections::HashSet<String> =
            per_unit.iter_mut().flat_map(|(_, _, r)| std::mem::take(r)).collect();
        let mut qs = Vec::new();
        let mut ds: Vec<DateFact> = Vec::new();
        let mut by_unit = Vec::with_capacity(doc_units.len());
        for (dates, quantities, _) in per_unit {
            ds.extend(dates);
            let before = qs.len();
            qs.extend(
                quantities
                    .into_iter()
                    .filter(|q| !(plain_decimal(q) && q.noun.is_empty() && releases.contains(&q.written))),
            );
            by_unit.push(before..qs.len());
        }
        year_from_neighbours(&mut ds);
        facts.by_unit.push(by_unit);
        facts.quantities.push(qs);
        facts.dates.push(ds);
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(text: &str) -> Unit {
        Unit::from_text(UnitKind::Paragraph, 10, text)
    }

    fn q(text: &str) -> Vec<(f64, Qualifier, bool, String)> {
        quantities_in(&unit(text), 0, 0, &[]).into_iter().map(|q| (q.value, q.qualifier, q.percent, q.noun)).collect()
    }

    #[test]
    fn thousands_are_separated_as_the_world_writes_them() {
        let values = |t: &str| quantities_in(&unit(t), 0, 0, &[]).into_iter().map(|q| q.value).collect::<Vec<_>>();
        for t in [
            "2 000 staff",
            "2\u{a0}000 staff",
            "2\u{202f}000 staff",
            "2\u{2009}000 staff",
            "2'000 staff",
            "2,000 staff",
        ] {
            assert_eq!(values(t), [2000.0], "{t:?}");
        }
        assert_eq!(values("12 500 000 doses"), [12_500_000.0]);
        // A line break where a space was (a re-wrapped paragraph) reads the same.
        assert_eq!(values("12\n500 doses"), [12_500.0]);
        // A year, a longer number or a group of other than three digits stays apart.
        assert_eq!(values("in 2019 500 people came"), [500.0]);
        assert_eq!(values("rooms 12 34 and 5"), [12.0, 34.0, 5.0]);
        assert_eq!(values("boxes 1 5000 apples"), [1.0, 5000.0]);
        // One separator per figure: "1,000 500" is two figures.
        assert_eq!(values("1,000 500 pears"), [1000.0, 500.0]);
        // A decimal without its leading zero is a percentage only.
        let pct = quantities_in(&unit("only .9% of them, and .5 more"), 0, 0, &[]);
        assert_eq!(pct.iter().map(|q| (q.value, q.percent)).collect::<Vec<_>>(), [(0.9, true)]);
    }

    #[test]
    fn digits_separators_suffixes_and_qualifiers() {
        assert_eq!(
            q("over 9,000 onsite and online participants"),
            [(9000.0, Qualifier::AtLeast, false, "onsite and online participant".into())]
        );
        assert_eq!(q("6,000+ online participants"), [(6000.0, Qualifier::AtLeast, false, "online participant".into())]);
        // An article between the hedge and the figure.
        assert_eq!(q("more than a 5 per cent levy")[0].1, Qualifier::AtLeast);
        assert_eq!(q("only a 5 per cent levy")[0].1, Qualifier::Exact);
        assert_eq!(
            q("65K post impressions, ~37K page views"),
            [
                (65000.0, Qualifier::Exact, false, "post impression".into()),
                (37000.0, Qualifier::Approx, false, "page view".into())
            ]
        );
        assert_eq!(q("more than 68.4% of viewers")[0].0, 68.4);
        assert_eq!(q("more than 68.4% of viewers")[0].3, "viewer");
        assert_eq!(q("10 million interactions")[0].0, 1e7);
        assert_eq!(q("an estimated 1,700 stakeholders benefited")[0].1, Qualifier::Estimated);
        assert_eq!(q("1,700 stakeholders benefited")[0].3, "stakeholder");
    }

    #[test]
    fn a_figure_that_is_the_subject_of_a_verb_counts_no_noun() {
        for t in ["15% said they moved", "13% reported that it failed", "12% say so", "20% prefer tabs", "9% had none"]
        {
            assert_eq!(q(t)[0].3, "", "{t}");
        }
        assert_eq!(q("15% of respondents said so")[0].3, "respondent");
        assert_eq!(q("40% registered participants")[0].3, "registered participant");
    }

    #[test]
    fn number_words() {
        let v = q("twenty annual meetings, nineteen hosted by governments and one conducted online");
        assert_eq!(v.iter().map(|x| x.0).collect::<Vec<_>>(), [20.0, 19.0, 1.0]);
        assert!(q("one of the most important").is_empty());
    }

    #[test]
    fn non_quantities_are_left_out() {
        assert!(q("In 2024 the IGF2025 G20 met at 9:00-9:45 on WSIS+20 and 5G; see paragraph 72 and Day 0 and 20th")
            .is_empty());
        assert_eq!(q("an increase by +8%")[0].1, Qualifier::Change);
        assert_eq!(q("1.2K% ↑ shares")[0].1, Qualifier::Change);
    }

    #[test]
    fn numbers_that_label_a_name_are_no_figures() {
        let values = |t: &str| quantities_in(&unit(t), 0, 0, &[]).iter().map(|q| q.value).collect::<Vec<_>>();
        assert!(values("Stage 3 proposals: two are new.").iter().all(|v| *v != 3.0));
        assert!(values("Proposal 4411 updates were read.").is_empty());
        assert!(values("5.2 Calendars: open bugs").is_empty());
        assert!(values("The wicks are changed every 25 or 50 nights.").is_empty());
        // A count after a word that opens sentences, or before punctuation, stays a figure.
        assert_eq!(values("Over 150 sessions took place."), [150.0]);
        assert_eq!(values("Sessions by region: Africa 12, Asia 20."), [12.0, 20.0]);
        assert_eq!(values("NRI 12 sessions were held."), [12.0]);
    }

    #[test]
    fn anchors_tie_a_figure_to_what_it_belongs_to() {
        let v = quantities_in(&unit("participants from more than 165 countries"), 0, 0, &[]);
        assert_eq!(v[0].anchor, "participant");
        assert_eq!(v[0].noun, "country");
        let v = quantities_in(&unit("11 grants to Remote Hubs and all five regions of the world"), 0, 0, &[]);
        assert_eq!(v[0].complement, "to remote hub");
        assert!(v[1].whole);
        assert_eq!(q("a 670% increase in reactions")[0].1, Qualifier::Change);
        assert_eq!(q("we added three maintainers")[0].1, Qualifier::Change);
        assert_eq!(q("downloads grew by 40 percent")[0].1, Qualifier::Change);
        assert_eq!(q("we have eight maintainers")[0].1, Qualifier::Exact);
        assert_eq!(q("three maintainers stepped down")[0].1, Qualifier::Change);
    }

    #[test]
    fn intervals_follow_qualifier_and_precision() {
        let v = quantities_in(&unit("68% and 68.4% and over 270 and 262"), 0, 0, &[]);
        let iv: Vec<(f64, f64)> = v.iter().map(Quantity::interval).collect();
        assert!(iv[0].0 <= 68.4 && 68.4 <= iv[0].1);
        assert!(iv[2].0 > iv[3].1, "over 270 excludes 262");
        assert_eq!((v[0].rounding(), v[1].rounding()), (0.5, 0.05));
        assert!(v[0].allows(68.4) && v[2].allows(300.0) && !v[3].allows(270.0));
        assert!(v[0].agrees_with(&v[1]) && !v[2].agrees_with(&v[3]));
        let touching = quantities_in(&unit("15 and 16"), 0, 0, &[]);
        assert!(!touching[0].agrees_with(&touching[1]));
    }

    #[test]
    fn fractions_in_words_are_vague_shares() {
        let v = quantities_in(&unit("One in five volunteers and 1 in 4 members said so"), 0, 0, &[]);
        let shares: Vec<(f64, bool, &str)> = v.iter().map(|q| (q.value, q.fraction, q.noun.as_str())).collect();
        assert_eq!(shares, [(20.0, true, "volunteer"), (25.0, true, "member")]);
        assert!(v.iter().all(|q| q.percent && q.qualifier == Qualifier::Approx));
        let third = quantities_in(&unit("nearly a third of the volunteers"), 0, 0, &[]);
        assert_eq!((third[0].noun.as_str(), third[0].qualifier), ("volunteer", Qualifier::Approx));
        assert!((third[0].value - 100.0 / 3.0).abs() < 1e-9);
        assert!(third[0].allows(30.0) && third[0].allows(36.0) && !third[0].allows(20.0));
        let more = quantities_in(
            &unit("over two-thirds of donors and three quarters of hosts and half of the cities"),
            0,
            0,
            &[],
        );
        let got: Vec<(u32, Qualifier)> = more.iter().map(|q| (q.value.round() as u32, q.qualifier)).collect();
        assert_eq!(got, [(67, Qualifier::AtLeast), (75, Qualifier::Approx), (50, Qualifier::Approx)]);
        // Not shares: parts of a period, a third party, "half" without "of", a year.
        for t in [
            "the second half of the year",
            "in the first half of 2030",
            "a third party and a half-day session",
            "half the hosts",
            "3 in 2024",
            "five in one",
            "a third round of talks",
            "a clear peak at 7 out of 10.",
            "they rated it 4 out of 5 stars",
            "one in five.",
        ] {
            assert!(quantities_in(&unit(t), 0, 0, &[]).iter().all(|q| !q.fraction), "{t}");
        }
    }

    #[test]
    fn versions_identifiers_page_and_section_numbers_are_not_quantities() {
        for t in [
            "the Kubernetes 1.21 release was late",
            "Python 3.13 Release: on time",
            "In Go 1.8, a default value was introduced",
            "upgrading to 2.0.0 soon and 3.11.0rc1",
            "as described in RFC 2119 and ISO 8601 and PEP 8",
            "after COVID-19 and at IETF-104 on 2025-03-26 for day-2 work",
            "| Glossary ..... | 6 |",
            "Introduction ............ 2",
            "4.1. Coordinated Universal Time",
            "## EIP 3436 updates",
            "we propose the following selection of Go 2 proposals",
            "most teams moved to Python 3 code",
            "we reviewed the 1.15 docs and the 1.23 Enhancements",
            "Administrivia\n1.1 Roll Call",
            "3.1.  Motives",
            "the Quux 2.1 Committee Draft is out",
            "should we move to the next step of 2.0.",
            "the new package coming in 1.9 could grow",
            "licensed under the Open Data 1.0 license",
            "the 3.11 release notes are out, and a 1.0 version soon",
        ] {
            assert!(q(t).is_empty(), "{t}: {:?}", q(t));
        }
        assert_eq!(q("We have served over 2.25 Petabytes of data")[0].0, 2.25);
        assert_eq!(q("the score rose to 3.5 in May")[0].0, 3.5);
        // Still quantities: a decimal figure of something, a range, a figure after a word.
        assert_eq!(q("Revenue rose to 2.5 million dollars")[0].0, 2.5e6);
        assert_eq!(q("The Board approved 3.5 posts")[0].0, 3.5);
        assert_eq!(q("Average 3.4, median 3")[0].0, 3.4);
        assert_eq!(q("we counted 4. Then we left").len(), 1);
        assert_eq!(q("NRI 12 sessions took place")[0].0, 12.0);
        assert_eq!(q("Only 3 proposals were accepted")[0].0, 3.0);
        assert_eq!(q("it took 1.5 days")[0].0, 1.5);
        assert_eq!(q("about 1.8 children per family")[0].0, 1.8);
        assert_eq!(q("warming of 1.5 degrees")[0].0, 1.5);
        assert_eq!(q("it grew 1.25 times")[0].0, 1.25);
    }

    #[test]
    fn lines_follow_breaks() {
        let v = quantities_in(&unit("a\nb 12 items"), 0, 0, &[]);
        assert_eq!(v[0].line, 11);
    }

    #[test]
    fn a_share_after_a_rate_is_named_by_it() {
        for (text, noun) in [
            ("an increased survey completion rate of 82% vs. 76% before", "completion rate"),
            ("The response rate was about 35%.", "response rate"),
            ("Growth rate: 4%", "growth rate"),
            ("growing at a rate of 5% a year", ""),
        ] {
            let v = quantities_in(&unit(text), 0, 0, &[]);
            assert_eq!(v[0].noun, noun, "{text}");
            assert_eq!(v[0].named_before, !noun.is_empty(), "{text}");
        }
        // "vs." ends a noun phrase rather than opening one.
        assert_eq!(q("82% vs. 76%")[0].3, "");
    }
}
