//! # fact-conflict
//!
//! The same quantity is stated with incompatible values in two places.
//!
//! ## What it does
//!
//! Compares figures that state the same quantity: the same thing counted (the normalised noun
//! phrase after the figure, what a "from N countries" figure belongs to, and a complement such as
//! "to the board"), about the same period, in one publication. Qualifiers decide compatibility:
//! "over 5,000" agrees with "5,210"; "over 150" contradicts "140"; "41%" agrees with "41.3%" (a
//! figure allows the rounding of its written precision; "about" allows 10%).
//!
//! What makes two figures the same quantity, and when they are left alone:
//!
//! - **Period.** A figure belongs to the year its sentence names nearest to it ("in 2022",
//!   "last year's", "this year"), else to the document's own year (from its title or event
//!   dates). Figures of different years are never compared, nor are figures under two sections
//!   whose headings state different days (the minutes of several meetings kept in one file:
//!   "## 2022-10-10", "## 2022-10-17", "### 12/14/2021", "# December 16th weekly meeting"); a
//!   dated heading's day runs on through the undated sibling headings after it ("### 10:30am
//!   UTC" under each date). A paragraph that is nothing but a date ("**_06/29/2021_**") heads
//!   a meeting's notes the same way, up to the next such paragraph or heading.
//! - **Publication.** Figures of two documents are compared only when the documents are one
//!   publication. When reportkit.toml groups documents into publications (`[[publications]]`),
//!   that grouping decides: two documents are compared only when one publication holds both (a
//!   document in none is compared with no other). Otherwise documents whose titles, years and
//!   numbers aside, name the same thing are taken as one series (both titles stating their
//!   year, or neither: "December Project Update", dated by when it was posted, and "Project
//!   update — December 2025" may be a year apart), unless their titles date them
//!   to different days or number them differently ("Meeting 47", "Meeting 51"), or each states
//!   a different single day as its date: the minutes of two meetings state figures of two
//!   occasions. A finding
//!   across documents says which of the two made them comparable.
//! - **Identity.** Vague or generic nouns ("respondents", "people", "one") do not identify a
//!   quantity on their own, nor do durations ("a 20 minute slot" of each agenda item), release
//!   names ("2.4 stable") or adverbs ("this and 311 together"), nor a figure that counts no
//!   plural noun, which qualifies it ("32 bit firmware", "a three way merge") or measures ("23
//!   GB"); numbers that label a name ("Stage 3 proposals", "Proposal 4411") and alternatives
//!   ("every 25 or 50 days") are no figures at all; percentages need a specific label. A share
//!   of people ("77% of respondents", or a bare "74%" in a run of figures after a dash that
//!   follows "respondents taking the survey in English") is identified by what is said of them:
//!   the same content words, inflections aside, three at least ("took the survey in English"
//!   and "taking the survey in English" are one quantity; "use Linux" is too thin to be sure).
//!   Such a share is compared on its own, like a count. Figures of one enumeration (one
//!   sentence, one list, one table) count different things by construction. Two enumerations
//!   that disagree on every label they share are about different questions and stay silent;
//!   when they agree on some labels and disagree on one, that one is reported.
//! - **Subjects.** Two counts in one section (or one article of a feed) whose sentences name
//!   people, places or titles, none of them shared, are about two subjects of one story ("The
//!   Aviator leads with 14 nominations … Vera Drake, which has 11 nominations") and are left
//!   alone unless the two passages agree on another figure; so are two counts whose sentences
//!   open with the names of different things ("Keylime has 9 maintainers", "Rust-keylime has 7
//!   maintainers": a hyphenated name is one name), or with different version numbers ("The
//!   Lantern 2.3 release merged 512 changes", "The Lantern 2.4 release merged over 630"). Two
//!   hedged figures that overlap ("40+ contributors", "48+ contributors") are no agreement
//!   that makes two passages one account. A sample's size ("from a random sampling of 12
//!   repositories") is no count to compare. So are two counts when either is
//!   said in a speaker's turn of minutes or a transcript ("JM: I'd prefer three", "Ana Ruiz -
//!   two would do"), or in speech written down (fillers, hedges and restarts: "Yeah, so I
//!   think the, the dock holds two boats"), or anywhere in a transcript (a quarter of its
//!   paragraphs are such turns or such speech); in speech, two passages must agree on two other
//!   figures, not one. A count of things the passage has already introduced ("the two
//!   nodes", "these 4 pods") is compared only where the two passages agree on another figure,
//!   and "no two pods" counts nothing. So is a count said of someone named before, by a pronoun
//!   ("Quay Street, which has 6 nominations", "He had three"), and one that a rule allows
//!   rather than one there is ("up to four producers can be named"); a count of a sentence
//!   whose counts add up to the other ("about 70 jobs went in catering while 30 and 20 went in
//!   security and cleaning" against "120 jobs") is a part of it, never compared. Days and
//!   months name no subject. A count written side by side with another count of its sentence
//!   ("three sailings, two crossings and a mooring slot") is one answer of many and is compared
//!   only where the two passages agree on another figure. Two small counts (under 100) that
//!   are the only figure their passages share must say something more in common than the
//!   thing counted, a content word of their sentences ("Three feature gates are involved in the
//!   rollout" and "Execution is decided by two feature gates" say different things of feature
//!   gates; "… are involved in the rollout" twice is one statement), unless a sentence says
//!   nothing but the count. An acronym before a bare number of three
//!   digits or more names a numbered thing ("EIP 3436 updates"), not a count.
//! - **Tables.** A bare figure in a cell ("81.3%", "5.1k") is named by its table: in rows of
//!   years ("| 2022 | 81.3% |" under "| Survey | Completion rate |") by its column's header and
//!   its row's year; under a header of years ("| Stars | 4000 | 5.1k |" under "| Metric | 2021 |
//!   2022 |") by its row's label and its column's year; under "Value" or "Count" by its row's
//!   label when that names things counted ("Pull requests", not "SF"). Such a figure is compared
//!   with figures of the prose, never with another table's: two tables of one shape are as often
//!   about two subjects (one per project). A share after a rate's name ("a completion rate of
//!   82%") is known by that name and compared on its own, like a count.
//! - **Support.** A figure is reported only when no exact statement of the same quantity agrees
//!   with it: a table with one column per period (10 then, 15 now) supports a "15" in the text.
//!
//! A share written as a fraction in words ("one in five members", "a third of", "half of") is a
//! percentage as vague as its words: "a third" agrees with anything from about 27% to 40%, so it
//! is reported only against a figure well outside that ("one in five volunteers" against "60% of
//! volunteers").
//!
//! Figures an order of magnitude apart count different things and are not compared; nor are
//! rates ("each approver reviewed 22 KEPs", "3 talks per speaker"), changes ("+8%") or the
//! value one started from ("31 contributors, up from 18"), nor two figures of one paragraph
//! that tells of a change ("we provided around 15 scalers … we have grown to more than 30
//! scalers": the before and the after).
//!
//! Two limits that cannot both hold ("less than 20% occupancy", "exceeds 96% occupancy") are
//! more often two thresholds of a rule or a design than two statements of one figure: such a
//! conflict, where every figure in it is a limit, is an info note.
//!
//! ## Why is this bad?
//!
//! Readers quote figures; two versions of one figure in one publication undermine all the
//! others.
//!
//! ## Example
//!
//! Fails:
//!
//! ```markdown
//! The meeting held 140 sessions.
//!
//! Over 150 sessions took place.
//! ```
//!
//! Passes (different years):
//!
//! ```markdown
//! The meeting held 140 sessions in 2024.
//!
//! Over 150 sessions took place in 2025.
//! ```

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::analysis::facts::{Qualifier, Quantity};
use reportkit_text::words::{is_participle, is_plural, singular, stem};
use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::days::{heading_day, title_day};
use crate::analysis::Context;
use crate::violation::{Diagnostic, Violation};
use crate::analysis::lists::phrase;
use crate::analysis::passages::FUNCTION_WORDS;
use reportkit_text::numbers::fmt_num;
use crate::analysis::units::UnitKind;

type Draft = Diagnostic<FactConflict>;

/// One figure stated two ways.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FactConflict {
    /// The figure with what it counts, as written here ("140 sessions").
    pub stated: String,
    /// The first other statement, as written there.
    pub other: String,
    /// The file of the other statement.
    pub other_file: String,
    /// The line of the other statement.
    pub other_line: u32,
    /// The figure as written here ("140").
    pub written: String,
    /// The other statements' figures as written.
    pub others_written: Vec<String>,
    /// The value here.
    pub value: f64,
    /// The values of the other statements.
    pub other_values: Vec<f64>,
    /// What the figure counts ("sessions"; "(%)" added for a share).
    pub counts: String,
    /// The year both statements are about, when one is known.
    pub period: Option<i32>,
    /// Why the two statements are about the same thing.
    pub why: String,
}

impl Violation for FactConflict {
    const KEY: &'static [&'static str] = &["counts", "written", "others_written"];

    fn message(&self) -> String {
        format!("\"{}\" contradicts \"{}\" ({}:{}); {}", self.stated, self.other, self.other_file, self.other_line, self.why)
    }
}

fn comparable(a: &Quantity, b: &Quantity) -> bool {
    if a.percent {
        // Shares known by one label: when both say more than the label and say it differently,
        // they are two shares ("49% use macOS", "18% use Windows").
        fn words(q: &Quantity) -> Vec<&str> {
            let mut w: Vec<&str> = q.noun.split(' ').filter(|w| !w.is_empty()).collect();
            w.sort_unstable();
            w
        }
        let (x, y) = (words(a), words(b));
        return x.len() < 2 || y.len() < 2 || x == y;
    }
    let (x, y) = (a.value.abs().max(1e-9), b.value.abs().max(1e-9));
    x.max(y) / x.min(y) <= 3.0
}

/// Nouns too vague to identify a quantity at all: units of time, money and measure say how much,
/// not of what ("nine days ago", "1.4bn euros", "23 GB"). So do releases: plans count time in
/// them ("deprecated next release, then removed after 2 releases").
const VAGUE: &[&str] = &[
    "time", "way", "thing", "example", "other", "one", "part", "case", "point", "kind", "type", "people", "person",
    "year", "day", "hour", "minute", "min", "second", "sec", "hr", "yes", "no", "not", "none", "last", "next", "this",
    "first", "rest", "total", "ago", "later", "earlier", "euro", "dollar", "pound", "yen", "yuan", "franc", "rupee",
    "cent", "pence", "penny", "together", "stable", "beta", "alpha", "nightly", "release", "lts", "version",
    // Units of measure say how much, not of what.
    "millisecond", "ms", "microsecond", "nanosecond", "byte", "kilobyte", "megabyte", "gigabyte", "terabyte", "kb",
    "mb", "gb", "tb", "kib", "mib", "gib", "metre", "meter", "kilometre", "kilometer", "km", "mile", "gram",
    "kilogram", "kg", "tonne", "litre", "liter",
];

/// Units of time that open a figure's noun: the figure is a duration of what follows ("a 20
/// minute timebox", "a 5 year plan"), different for each thing it is said of.
const DURATIONS: &[&str] = &["second", "sec", "minute", "min", "hour", "hr", "day", "week", "month", "year"];

/// Nouns that name who or what is counted in almost every figure of a survey or a report: alone
/// they do not say which quantity a figure is.
const GENERIC: &[&str] = &[
    "respondent",
    "response",
    "answer",
    "user",
    "participant",
    "developer",
    "member",
    "organization",
    "organisation",
    "company",
    "country",
    "language",
    "team",
    "project",
    "group",
    "area",
    "issue",
    "item",
    "entry",
    "percent",
    "percentage",
    "share",
    "month",
    "week",
    "vote",
    "comment",
    "question",
    "survey",
    "digit",
    "character",
    "byte",
    "bit",
    "letter",
    "word",
    "line",
    "page",
    "option",
    "step",
];

/// Words naming the people a survey or a report counts: a share of them is one quantity only
/// with what is said of them ("77% of respondents took the survey in English").
const PEOPLE: &[&str] = &["respondent", "participant", "user", "developer", "member", "people", "person", "attendee"];

fn is_people(w: &str) -> bool {
    PEOPLE.contains(&w) || PEOPLE.contains(&singular(w).as_str())
}

/// Words that say nothing of what a share of people did or are; the period is read apart.
const FILLER: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "with", "by", "from", "and", "or", "as", "this", "that",
    "these", "those", "their", "its", "our", "we", "they", "it", "is", "are", "was", "were", "be", "been", "who",
    "which", "year", "years", "last", "next", "previous", "current", "than", "more", "most", "also", "still",
];

/// What a share of people is said of, in its sentence `lower` (lower case, starting at byte `s`
/// of its unit): the clause after the people ("77% of respondents took this year's survey in
/// English"), or, for a bare share in a run of figures after a dash or a colon, the clause after
/// the people before it ("respondents taking the survey in English – 80% in 2023 and 77% in
/// 2022"). Returns the key (the people, then the clause's content words stemmed and sorted) and
/// the byte range of the people and the clause in `lower`. None when the clause has fewer than
/// three content words: "45% of respondents use Linux" may answer one of several questions.
fn predicate(lower: &str, q: &Quantity, s: usize) -> Option<(String, usize, usize)> {
    const CLAUSE_END: &[char] = &[',', ';', ':', '(', ')', '.', '–', '—', '?', '!'];
    let (at, end) = (q.start - s, (q.end - s).min(lower.len()));
    let (people, from, clause) = if q.noun.is_empty() {
        let before = &lower[..at];
        let sep = before.rfind(['–', '—', ':'])?;
        let between = &before[sep..].trim_start_matches(['–', '—', ':']);
        let figures_only = between
            .split(|c: char| c.is_whitespace() || c == ',')
            .all(|w| w.is_empty() || ["in", "and", "for", "or"].contains(&w) || w.starts_with(|c: char| c.is_ascii_digit()));
        if !figures_only {
            return None;
        }
        let head = &before[..sep];
        let head = &head[head.rfind(CLAUSE_END).map_or(0, |i| i + head[i..].chars().next().map_or(1, char::len_utf8))..];
        let from = sep - head.len();
        let (i, w) = reportkit_text::word_runs(head, |b| b.is_ascii_alphanumeric()).filter(|(_, w)| is_people(w)).last()?;
        (singular(w), from + i, &head[i + w.len()..])
    } else {
        let rest = lower[end..].trim_start();
        let rest = rest.strip_prefix("of ").unwrap_or(rest);
        let rest = rest.strip_prefix("the ").or_else(|| rest.strip_prefix("all ")).unwrap_or(rest);
        let from = lower.len() - rest.len();
        let (w, after) = rest.split_once(' ')?;
        if !is_people(w) {
            return None;
        }
        (singular(w), from, &after[..after.find(CLAUSE_END).unwrap_or(after.len())])
    };
    let mut words: Vec<String> = reportkit_text::word_runs(clause, |b| b.is_ascii_alphanumeric())
        .map(|(_, w)| w)
        .filter(|w| w.len() > 1 && !FILLER.contains(w) && !w.starts_with(|c: char| c.is_ascii_digit()))
        .map(stem)
        .collect();
    words.sort_unstable();
    words.dedup();
    if words.len() < 3 {
        return None;
    }
    let to = clause.as_ptr() as usize - lower.as_ptr() as usize + clause.len();
    Some((format!("{people}|{}", words.join(" ")), from, to))
}

/// The sentence a figure stands in: its index among its unit's sentences and its byte range.
fn sentence_of(cx: &Context, q: &Quantity) -> (usize, (usize, usize)) {
    let sents = cx.sentences(q.doc, q.unit);
    let si = sents.partition_point(|(_, e)| *e <= q.start).min(sents.len().saturating_sub(1));
    (si, sents.get(si).copied().unwrap_or((0, cx.unit(q.doc, q.unit).text.len())))
}

/// The capitalised words of a figure's sentence after its first word: the names it mentions.
fn names_near<'a>(cx: &'a Context, q: &Quantity) -> Vec<&'a str> {
    let text = &cx.unit(q.doc, q.unit).text;
    let (_, (s, e)) = sentence_of(cx, q);
    let mut words = text[s..e].split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
    words.next();
    words
        .filter(|w| w.starts_with(char::is_uppercase) && w.chars().skip(1).any(char::is_lowercase))
        .filter(|w| {
            let l = w.to_lowercase();
            FUNCTION_WORDS.binary_search(&l.as_str()).is_err() && !CALENDAR.iter().any(|c| l.starts_with(c))
        })
        .collect()
}

/// The day each unit of a document falls under when a paragraph that is nothing but a date
/// ("**_06/29/2021_**", "12/7/2021 - in Slack") heads a meeting's notes, as headings do in
/// other minutes: it runs until the next such paragraph or the next heading.
fn paragraph_days(cx: &Context, doc: usize) -> Vec<Option<(i32, u8, u8)>> {
    let mut day = None;
    cx.units[doc]
        .iter()
        .map(|u| {
            match u.kind {
                UnitKind::Heading => day = None,
                UnitKind::Paragraph if u.text.split_whitespace().count() <= 5 => {
                    if let Some(d) = heading_day(&u.text) {
                        day = Some(d);
                    }
                }
                _ => {}
            }
            day
        })
        .collect()
}

/// Whether the sentences of two small counts (under 100) say something more in common than
/// the thing counted: a content word of one, its stem, in the other ("the board has two co-chairs",
/// "three co-chairs lead the board"). Two lone small counts with nothing else in common
/// ("Three feature gates are involved in the rollout", "Execution is decided by two feature
/// gates") say different things of the thing counted: a few dozen things are counted afresh
/// for each purpose, unlike the headline figures of a publication ("The forum held 262
/// sessions", "Over 270 sessions took place"), which are asked nothing more. A figure of a
/// table says no more than its row and column: it is not asked either.
fn share_a_predicate(cx: &Context, a: &Quantity, b: &Quantity) -> bool {
    if a.value >= 100.0
        || b.value >= 100.0
        || a.percent
        || [a, b].iter().any(|q| matches!(cx.unit(q.doc, q.unit).kind, UnitKind::Cell { .. }))
    {
        return true;
    }
    let words = |q: &Quantity| -> HashSet<String> {
        let text = &cx.unit(q.doc, q.unit).text;
        let (_, (s, e)) = sentence_of(cx, q);
        let counted: HashSet<String> = q.noun.split(' ').map(stem).collect();
        text[s..e]
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3 && !w.starts_with(|c: char| c.is_ascii_digit()))
            .map(str::to_lowercase)
            .filter(|w| FUNCTION_WORDS.binary_search(&w.as_str()).is_err())
            .filter(|w| reportkit_text::numbers::number_word(w).is_none())
            .map(|w| stem(&w))
            .filter(|w| !counted.contains(w))
            .collect()
    };
    // A sentence that says nothing but the count ("There were 7 committee members present.")
    // says what the other says.
    let (ours, theirs) = (words(a), words(b));
    ours.is_empty() || theirs.is_empty() || ours.iter().any(|w| theirs.contains(w))
}

/// Days and months (by their first letters): capitalised, but no name of a subject.
const CALENDAR: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "june", "july", "august", "september", "october", "november", "december",
];

/// Whether a figure is said of someone or something named before, by a pronoun just before it
/// ("Vera Drake, which has 11 nominations", "He had four nominations", "their 3 wins"): a
/// property of that one subject.
fn of_a_referent(cx: &Context, q: &Quantity) -> bool {
    const REFERRING: &[&str] = &["he", "she", "they", "who", "whose", "which", "his", "her", "their"];
    let text = &cx.unit(q.doc, q.unit).text;
    let before: Vec<&str> = text[..q.lead].split_whitespace().rev().take(3).collect();
    before
        .iter()
        .take_while(|w| !w.ends_with([',', ';', ':', '.']))
        .any(|w| REFERRING.contains(&w.to_lowercase().trim_matches(|c: char| !c.is_alphabetic())))
}

/// Whether a figure is one part of a breakdown of the other: the counts of its sentence add up
/// to the other ("2,850 jobs" against "about 1,100 jobs will go in banking while 1,200 and 550
/// will go in IT and human resources").
fn part_of(cx: &Context, part: &Quantity, total: &Quantity) -> bool {
    let (_, (s, e)) = sentence_of(cx, part);
    let parts: Vec<&Quantity> = cx
        .quantities_of(part.doc, part.unit)
        .filter(|q| q.start >= s && q.start < e && !q.percent && q.qualifier != Qualifier::Change)
        .collect();
    let sum: f64 = parts.iter().map(|q| q.value).sum();
    parts.len() >= 2 && total.allows(sum)
}

/// Whether what a figure counts is what a rule allows, not what there is: a modal verb follows
/// it ("up to three producers can be named").
fn allowed(cx: &Context, q: &Quantity) -> bool {
    let nouns = q.noun.split(' ').filter(|w| !w.is_empty()).count();
    let text = &cx.unit(q.doc, q.unit).text;
    text[q.end..].split_whitespace().nth(nouns).is_some_and(|w| {
        ["can", "may", "might", "could", "must", "should", "cannot"].contains(&w.to_lowercase().as_str())
    })
}

/// The names a figure's sentence opens with, when the figure comes within four words of its
/// start ("Keylime has 9 maintainers", "Rust-keylime has 7"): capitalised words, a hyphenated
/// name whole, function words aside.
fn subject_names<'a>(cx: &'a Context, q: &Quantity) -> Vec<&'a str> {
    opening_words(cx, q, 4)
        .filter(|w| {
            w.chars().count() >= 3
                && w.starts_with(char::is_uppercase)
                && w.chars().skip(1).any(char::is_lowercase)
                && FUNCTION_WORDS.binary_search(&w.to_lowercase().as_str()).is_err()
        })
        .collect()
}

/// The words a figure's sentence opens with, up to the figure, without their punctuation; none
/// when there are more than `max` (the figure is not near the sentence's start).
fn opening_words<'a>(cx: &'a Context, q: &Quantity, max: usize) -> impl Iterator<Item = &'a str> {
    let text = &cx.unit(q.doc, q.unit).text;
    let (_, (start, _)) = sentence_of(cx, q);
    let before: Vec<&'a str> = text[start.min(q.lead)..q.lead].split_whitespace().collect();
    let keep = if before.len() > max { 0 } else { before.len() };
    before.into_iter().take(keep).map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
}

/// Whether two counts of one section are about different subjects: both sentences name
/// someone or something, and never the same; or both open with the names of what they count
/// for, and different ones.
fn other_subjects(cx: &Context, a: &Quantity, b: &Quantity) -> bool {
    let (ua, ub) = (cx.unit(a.doc, a.unit), cx.unit(b.doc, b.unit));
    if ua.doc != ub.doc || ua.section != ub.section || ua.article != ub.article {
        return false;
    }
    let disjoint = |x: &[&str], y: &[&str]| !x.is_empty() && !y.is_empty() && !x.iter().any(|w| y.contains(w));
    disjoint(&names_near(cx, a), &names_near(cx, b))
        || disjoint(&subject_names(cx, a), &subject_names(cx, b))
        || disjoint(&subject_versions(cx, a), &subject_versions(cx, b))
}

/// The version numbers in the words a figure's sentence opens with, up to the figure ("The
/// Lantern 2.3 release merged 512 changes"): two releases are two subjects.
fn subject_versions<'a>(cx: &'a Context, q: &Quantity) -> Vec<&'a str> {
    opening_words(cx, q, 8)
        .filter(|w| {
            let digits = w.trim_start_matches(['v', 'V']);
            digits.contains('.')
                && digits.split('.').count() >= 2
                && digits.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        })
        .collect()
}

/// Whether a figure is the value a change started from ("up from 18 at acceptance", "grew
/// from 12"): the figure of another time. `before` is its unit's text up to the figure.
fn before_a_change(before: &str) -> bool {
    // The last two words only: a figure late in a long paragraph is not read from its start.
    let mut words = before.split_whitespace().rev().map(|w| w.to_lowercase());
    let (Some(from), Some(prior)) = (words.next(), words.next()) else { return false };
    from == "from"
        && ["up", "down", "grew", "grown", "increased", "rose", "risen", "went", "dropped", "fell", "declined"]
            .contains(&prior.trim_matches(|c: char| !c.is_alphabetic()))
}

/// Whether a figure is the size of a sample ("from a random sampling of 10 repos", "a sample
/// of 40 answers"): each sample is its own, and two of them are no conflict.
/// `before` is its unit's text up to the figure.
fn sample_size(before: &str) -> bool {
    let mut words = before.split_whitespace().rev().map(|w| w.to_lowercase());
    let (Some(of), Some(what)) = (words.next(), words.next()) else { return false };
    of == "of" && ["sample", "sampling", "subset", "selection", "samples"].contains(&what.as_str())
}

/// Whether a figure is a rate for each of something ("each approver reviewed 22 KEPs", "22
/// KEPs per approver", "3 talks each"), not a total: the five words before it hold "each",
/// "every" or "per" (not "each of the 22"), or the two after what it counts hold "each", "per"
/// or "apiece".
fn per_unit(text: &str, q: &Quantity) -> bool {
    let word = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    let before: Vec<String> = text[..q.lead].split_whitespace().rev().take(5).map(word).collect();
    let clause_before = before.iter().take_while(|w| !w.is_empty()).collect::<Vec<_>>();
    let each_before = clause_before.iter().enumerate().any(|(i, w)| {
        ["each", "every", "per"].contains(&w.as_str()) && !(i > 0 && clause_before[i - 1] == "of")
    });
    let nouns = q.noun.split(' ').filter(|w| !w.is_empty()).count();
    let after: Vec<String> = text[q.end..].split_whitespace().skip(nouns).take(2).map(word).collect();
    each_before || after.iter().any(|w| ["each", "per", "apiece"].contains(&w.as_str()))
}

/// Whether a count names things the passage has already introduced ("the two nodes", "these
/// 4 pods") rather than stating how many there are: the figure follows "the", "these" or
/// "those".
fn definite(cx: &Context, q: &Quantity) -> bool {
    !q.percent && ["the", "these", "those"].contains(&word_before(&cx.unit(q.doc, q.unit).text, q).as_str())
}

/// The word right before a figure, in lower case.
fn word_before(text: &str, q: &Quantity) -> String {
    text[..q.lead].split_whitespace().next_back().unwrap_or("").to_lowercase()
}

/// Words that tell of a change over time: a paragraph holding one states a figure before and
/// after it.
const CHANGE: &[&str] = &[
    "grown", "grew", "grow to", "increased", "rose to", "risen", "doubled", "tripled", "dropped", "fell to",
    "declined", "initially", "up from", "down from", "went from", "compared to", "compared with",
];

/// Whether a paragraph tells of a change over time ("we provided around 15 scalers … we've
/// grown to more than 30").
fn tells_of_change(text: &str) -> bool {
    let lower = text.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
    CHANGE.iter().any(|w| lower.contains(w))
}

/// The day each section of a document is about: the day its heading states ("## 2022-10-10",
/// "## Meeting of 3 May 2024"), else its parent's. Keyed by section id.
fn section_days<'a>(cx: &Context<'a>, doc: usize) -> HashMap<&'a str, (i32, u8, u8)> {
    fn go<'a>(s: &'a [reportkit_model::Section], parent: Option<(i32, u8, u8)>, out: &mut HashMap<&'a str, (i32, u8, u8)>) {
        // A dated heading opens a meeting that runs on through the undated sibling headings
        // after it ("### 12/14/2021" then "### 10:30am (18:30 UTC)" and its notes).
        let mut running = parent;
        for sec in s {
            let own = title_day(&sec.title_text()).or_else(|| heading_day(&sec.title_text()));
            if own.is_some() {
                running = own;
            }
            let day = own.or(running);
            if let Some(d) = day {
                out.insert(sec.id.as_str(), d);
            }
            go(&sec.children, day, out);
        }
    }
    let mut out = HashMap::new();
    go(&cx.corpus.documents[doc].sections, None, &mut out);
    out
}

/// The period a figure belongs to: a year, or unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Scope {
    /// A calendar year.
    Year(i32),
    /// Years before the document's own (0 for its own), when the document's year is unknown.
    Relative(i32),
    /// Several years are named and none is clearly the figure's.
    Unknown,
}

/// A year written as a word of its own ("2022", "2022's").
fn year_at(text: &str, i: usize) -> Option<i32> {
    let b = text.as_bytes();
    let digits = b.get(i..i + 4)?;
    if !digits.iter().all(u8::is_ascii_digit) || i > 0 && b[i - 1].is_ascii_alphanumeric() {
        return None;
    }
    if b.get(i + 4).is_some_and(|c| {
        c.is_ascii_alphanumeric() && *c != b's' || *c == b'.' && b.get(i + 5).is_some_and(u8::is_ascii_digit)
    }) {
        return None;
    }
    let y: i32 = text[i..i + 4].parse().ok()?;
    (1900..=2100).contains(&y).then_some(y)
}

/// Phrases that place a figure in the document's year or the one before, with that offset.
const RELATIVE: &[(&str, i32)] = &[
    ("last year", -1),
    ("previous year", -1),
    ("prior year", -1),
    ("year before", -1),
    ("a year ago", -1),
    ("this year", 0),
    ("current year", 0),
];

/// Every period marker of a (lower-case) text: (byte offset, end, scope).
fn markers(lower: &str, doc_year: Option<i32>) -> Vec<(usize, usize, Scope)> {
    let mut out = Vec::new();
    for (i, _) in lower.char_indices() {
        if let Some(y) = year_at(lower, i) {
            out.push((i, i + 4, Scope::Year(y)));
        }
    }
    for (p, off) in RELATIVE {
        for (i, _) in lower.match_indices(p) {
            let scope = doc_year.map_or(Scope::Relative(*off), |y| Scope::Year(y + off));
            out.push((i, i + p.len(), scope));
        }
    }
    // A marker inside parentheses belongs to what the parentheses say ("(down from 2022)").
    let mut depth = 0usize;
    let mut inside = vec![false; lower.len() + 1];
    for (i, c) in lower.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        inside[i] = depth > 0 && c != '(';
    }
    out.retain(|m| !inside[m.0] || m.0 > 0 && lower[..m.0].ends_with('('));
    out.sort_by_key(|m| m.0);
    out
}

/// The byte offset past the next `n` words of `text` from `from` (the words a figure counts).
fn past_words(text: &str, from: usize, n: usize) -> usize {
    let mut at = from;
    for _ in 0..n {
        let rest = text[at..].trim_start();
        at = text.len() - rest.len() + rest.find(char::is_whitespace).unwrap_or(rest.len());
    }
    at
}

/// The period of a figure: a marker right after what it counts ("77% in 2022", "89% last
/// year"), else the nearest marker before it in its sentence ("last year's 4.4% …"), else the one
/// year its sentence names after it with no other figure in between, else the document's year.
///
/// `lower` is the figure's sentence in lower case (starting at byte `s` of its unit) and `found`
/// its markers.
fn scope_of(lower: &str, found: &[(usize, usize, Scope)], s: usize, q: &Quantity, doc_year: Option<i32>) -> Scope {
    let (at, end) = (q.start - s, (q.end - s).min(lower.len()));
    // Right after the figure and the words it counts.
    let nouns = if q.named_before {
        0
    } else {
        q.noun.split(' ').filter(|w| !w.is_empty()).count() + usize::from(q.percent && q.noun.is_empty())
    };
    let after = past_words(lower, end, nouns);
    let rest = lower[after..].trim_start();
    for lead in ["in ", "during ", "for ", "(", "as of ", "from ", ""] {
        if let Some(r) = rest.strip_prefix(lead) {
            let r = r.strip_prefix("the ").unwrap_or(r);
            let pos = lower.len() - r.len();
            if let Some(m) = found.iter().find(|m| m.0 == pos) {
                return m.2;
            }
            // A year right after what the figure counts is its own, inside parentheses too
            // ("(from 16 views in 2031 to 25)").
            if lead == "in " {
                if let Some(y) = year_at(lower, pos) {
                    return Scope::Year(y);
                }
            }
        }
    }
    if let Some(m) = found.iter().rev().find(|m| m.1 <= at) {
        return m.2;
    }
    // A marker after another figure is that figure's ("59% …, up from 55% last year").
    let later: Vec<Scope> =
        found.iter().filter(|m| m.0 >= end && !lower[end..m.0].contains(|c: char| c.is_ascii_digit())).map(|m| m.2).collect();
    if let Some(first) = later.first() {
        if later.iter().all(|s| s == first) {
            return *first;
        }
        return Scope::Unknown;
    }
    own(doc_year)
}

/// The period of a figure that names none: the document's.
fn own(doc_year: Option<i32>) -> Scope {
    doc_year.map_or(Scope::Relative(0), Scope::Year)
}

/// A document's title: the one its front matter gives, else its own.
fn title<'a>(cx: &Context<'a>, doc: usize) -> &'a str {
    let d = &cx.corpus.documents[doc];
    d.metadata.front_matter.as_ref().and_then(|f| f.title.as_deref()).unwrap_or(&d.title)
}

/// The day a document is dated to: its title's, else the one day of its event dates (the
/// minutes of a meeting).
fn day_of(cx: &Context, doc: usize) -> Option<(i32, u8, u8)> {
    title_day(title(cx, doc)).or_else(|| {
        let r = cx.corpus.documents[doc].metadata.event_dates.as_ref().filter(|r| r.start == r.end)?;
        let mut parts = r.start.split('-').map(|p| p.parse::<i32>().ok());
        let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
        Some((y, u8::try_from(m).ok()?, u8::try_from(d).ok()?))
    })
}

/// The year a document is about: the first year of its title, else of its event dates, else of
/// its front matter's date.
fn doc_year(cx: &Context, doc: usize) -> Option<i32> {
    let d = &cx.corpus.documents[doc];
    let t = title(cx, doc);
    let year = |s: &str| s.get(..4)?.parse::<i32>().ok();
    // The front matter's date is the page's own; dates read from the text may be of what it
    // announces ("to be released Feb 20, 2025").
    t.char_indices()
        .find_map(|(i, _)| year_at(t, i))
        .or_else(|| d.metadata.front_matter.as_ref().and_then(|f| year(f.date.as_deref()?)))
        .or_else(|| d.metadata.event_dates.as_ref().and_then(|r| year(&r.start)))
}

/// What a title names once years, numbers and small words are set aside: documents whose titles
/// name the same thing are one series ("Survey 2017 Results", "2018 Survey Results").
fn series(title: &str) -> Vec<String> {
    const SMALL: &[&str] = &["a", "an", "the", "of", "and", "for", "in", "on", "to", "at"];
    let mut w: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .map(singular)
        .filter(|w| !SMALL.contains(&w.as_str()))
        .collect();
    w.sort();
    w.dedup();
    w
}

/// The numbers of a title other than years: "Meeting 51 Notes" and "Meeting 47 Notes" are two
/// occasions of one series.
fn numbers(title: &str) -> Vec<&str> {
    title
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !(n.is_empty() || n.len() == 4 && (1900..=2100).contains(&n.parse::<i32>().unwrap_or(0))))
        .collect()
}

/// Whether a figure above one counts no plural noun: it qualifies what follows ("32 bit
/// firmware", "a three way switch") or is a unit of measure ("23 GB"), and names no quantity of
/// its own that another statement could contradict. "40 volunteer lamplighters" counts
/// lamplighters.
fn modifier(cx: &Context, q: &Quantity) -> bool {
    if q.percent || q.value <= 1.0 || q.noun.is_empty() {
        return false;
    }
    let text = &cx.unit(q.doc, q.unit).text;
    let n = q.noun.split(' ').filter(|w| !w.is_empty()).count();
    !text[q.end..].split_whitespace().take(n).any(|w| is_plural(&w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase()))
}

/// Whether another figure of a statement's sentence counts what it counts (the same first
/// word: "eight players plus injuries") and agrees with `other`.
fn sentence_states(cx: &Context, one: &Stated, other: &Quantity) -> bool {
    let (q, (_, kind, _, si)) = (one.q, one.enumeration);
    if kind != 0 || q.noun.is_empty() {
        return false;
    }
    let Some(&(s, e)) = cx.sentences(q.doc, q.unit).get(si) else { return false };
    let first = |n: &str| n.split(' ').next().unwrap_or("").to_string();
    cx.quantities_of(q.doc, q.unit).any(|c| {
        (s..e).contains(&c.start) && c.start != q.start && c.percent == q.percent && first(&c.noun) == first(&q.noun)
            && c.qualifier == Qualifier::Exact
            && c.agrees_with(other)
    })
}

/// A share named as a rate ("completion rate"): known by its name alone.
fn named_rate(q: &Quantity) -> bool {
    q.percent && q.noun.ends_with(" rate")
}

/// A table's cells by position: (document, table, row, column) → unit index.
type Cells = HashMap<(usize, usize, usize, usize), usize>;

fn cells(cx: &Context) -> Cells {
    let mut out = Cells::new();
    for (d, units) in cx.units.iter().enumerate() {
        for (i, u) in units.iter().enumerate() {
            if let UnitKind::Cell { table, row, col } = u.kind {
                out.insert((d, table, row, col), i);
            }
        }
    }
    out
}

/// A cell's whole text as a year ("2022"), if it is one.
fn year_cell(text: &str) -> Option<i32> {
    let t = text.trim();
    (t.len() == 4).then(|| year_at(t, 0)).flatten()
}

/// A row's label or a column's header as the name of a quantity: one to four words, lower
/// case and singular ("Completion rate" → "completion rate"), with whether it marks its figures
/// as shares ("Completion rate (%)"). None for a label holding figures or anything but words.
fn label_noun(text: &str) -> Option<(String, bool)> {
    let t = text.trim();
    let (t, percent) = match t.strip_suffix("(%)").or_else(|| t.strip_suffix('%')) {
        Some(rest) => (rest.trim_end(), true),
        None => (t, false),
    };
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty()
        || words.len() > 4
        || !words.iter().all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’'))
    {
        return None;
    }
    Some((words.iter().map(|w| singular(w)).collect::<Vec<_>>().join(" "), percent))
}

/// What a bare figure in a table cell ("81.3%", "120") states: its table names the quantity and
/// the year. Under a header of years ("| | 2022 | 2023 |") the row's label names the quantity
/// ("| Contributors | 100 | 120 |"); in rows of years ("| 2022 | 81.3% |") the column's header
/// does ("| Survey | Completion rate |"); under a header such as "Value" or "Count" the row's
/// label names it ("| Pull requests | 120 |"), of the document's period. The figure, with that
/// noun, and its year when the table names one; None for a cell of any other table, whose rows
/// are different subjects, or one holding words.
fn cell_statement(cx: &Context, all: &Cells, q: &Quantity) -> Option<(Quantity, Option<i32>)> {
    let unit = cx.unit(q.doc, q.unit);
    let UnitKind::Cell { table, row, col } = unit.kind else { return None };
    if row == 0 || col == 0 || !q.noun.is_empty() {
        return None;
    }
    let rest = format!("{}{}", &unit.text[..q.lead.min(q.start)], &unit.text[q.end..]);
    if rest.chars().any(char::is_alphanumeric) {
        return None;
    }
    let text_of = |r: usize, c: usize| all.get(&(q.doc, table, r, c)).map(|&i| cx.unit(q.doc, i).text.as_str());
    let (label, header) = (text_of(row, 0)?, text_of(0, col)?);
    let header_noun = label_noun(header);
    let ((noun, percent), year) = match (year_cell(label), year_cell(header)) {
        (Some(y), None) => (header_noun?, Some(y)),
        (None, Some(y)) => (label_noun(label)?, Some(y)),
        // "| Metric | Value |": each row names its figure, of the document's period, when it
        // names things counted ("Pull requests"), not an option or a code ("SF").
        (None, None) if header_noun.as_ref().is_some_and(|(h, _)| VALUE_HEADERS.contains(&h.as_str())) => {
            let last = label.split_whitespace().next_back()?;
            if !is_plural(&last.to_lowercase()) || last.len() < 4 || last.chars().all(char::is_uppercase) {
                return None;
            }
            (label_noun(label)?, None)
        }
        _ => return None,
    };
    let mut stated = q.clone();
    stated.noun = noun;
    stated.percent |= percent;
    Some((stated, year))
}

/// Headers of a column of figures that the rows name ("| Metric | Value |").
const VALUE_HEADERS: &[&str] = &["value", "count", "number", "total", "amount", "figure", "#"];

/// Whether a text opens with a speaker's label: initials ("JM: …") or a name of one to three
/// words before a colon or a spaced dash ("Ana Ruiz: …", "Bo - …"). A figure said in a
/// speaker's turn is a remark, which another speaker's remark need not match.
fn speaker_turn(text: &str) -> bool {
    if !crate::analysis::glossary::leading_labels(text).is_empty() {
        return true;
    }
    // The label stands in the first few words: look no further.
    let head = text.char_indices().nth(48).map_or(text, |(i, _)| &text[..i]);
    let Some(end) = head.find([':', '-', '\u{2013}']) else { return false };
    let (name, mark) = (&text[..end], &text[end..]);
    let words: Vec<&str> = name.split_whitespace().collect();
    let dash = !mark.starts_with(':');
    (1..=3).contains(&words.len())
        && words.iter().all(|w| w.starts_with(char::is_uppercase) && w.chars().all(char::is_alphabetic))
        && (!dash || name.ends_with(' ') && mark[mark.chars().next().map_or(1, char::len_utf8)..].starts_with(' '))
}

/// Whether a segment of text (between commas) holds a figure: digits or a number word.
fn holds_figure(segment: &str) -> bool {
    segment.split_whitespace().any(|w| {
        // (Number words are matched in any case.)
        w.starts_with(|c: char| c.is_ascii_digit()) || reportkit_text::numbers::number_word(w).is_some()
    })
}

/// Whether a count is written side by side with another in its sentence: across a comma or
/// an "and" right before its figure, or right after the words it counts, the neighbouring
/// segment holds a figure ("three subtractions, three shifts, and a mask").
fn in_series(text: &str, q: &Quantity) -> bool {
    const SEGMENT_END: &[char] = &[',', ';', '.', ':', '(', ')'];
    let segment = |t: &str| holds_figure(&t[..t.find(SEGMENT_END).unwrap_or(t.len())]);
    // Before: "…, three shifts", "… and three shifts".
    let mut head = text[..q.lead.min(text.len())].trim_end();
    let mut joined = false;
    // (A line break reads as a space: "three shifts and⏎four masks" is one series.)
    for conj in ["and", "or"] {
        if let Some(h) = head.strip_suffix(conj).filter(|h| h.ends_with(char::is_whitespace)) {
            (head, joined) = (h.trim_end(), true);
            break;
        }
    }
    if let Some(h) = head.strip_suffix(',') {
        (head, joined) = (h, true);
    }
    if joined && holds_figure(&head[head.rfind(SEGMENT_END).map_or(0, |k| k + 1)..]) {
        return true;
    }
    // After: "three subtractions, three shifts", "two shifts and four masks".
    let after = past_words(text, q.end.min(text.len()), q.noun.split(' ').filter(|w| !w.is_empty()).count());
    let mut rest = text[after..].trim_start();
    let mut joined = false;
    if let Some(r) = rest.strip_prefix(',') {
        (rest, joined) = (r.trim_start(), true);
    }
    for conj in ["and", "or"] {
        if let Some(r) = rest.strip_prefix(conj).filter(|r| r.starts_with(char::is_whitespace)) {
            (rest, joined) = (r.trim_start(), true);
            break;
        }
    }
    joined && segment(rest)
}

/// Words and phrases of speech written down: fillers and hedges a report's prose does not use.
const SPOKEN: &[&str] = &["yeah", "okay", "um", "uh", "gonna", "wanna", "i think", "i mean", "you know", "i guess", "kind of", "sort of"];

/// Whether a paragraph or item is speech written down ("Yeah. So I think we could do two
/// blocks, you know"): two of its words or phrases, or more, are fillers, hedges or restarts
/// ("we, we", "if like, if like"). A figure said in passing is a remark, not a statement of the
/// publication.
fn conversational(text: &str) -> bool {
    let words: Vec<&str> = reportkit_text::word_runs(text, |b| b.is_ascii_alphanumeric()).map(|(_, w)| w).collect();
    let same = |i: usize, j: usize| match (words.get(i), words.get(j)) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    };
    let filler = |i: usize| {
        SPOKEN.iter().any(|p| match p.split_once(' ') {
            Some((a, b)) => words[i].eq_ignore_ascii_case(a) && words.get(i + 1).is_some_and(|n| n.eq_ignore_ascii_case(b)),
            None => words[i].eq_ignore_ascii_case(p),
        })
    };
    let mut found = 0;
    for (i, w) in words.iter().enumerate() {
        let restart = !w.starts_with(|c: char| c.is_ascii_digit()) && (same(i, i + 1) || same(i, i + 2) && same(i + 1, i + 3));
        found += usize::from(restart || filler(i));
        if found >= 2 {
            return true;
        }
    }
    false
}

/// Whether a document is a transcript: at least five of its paragraphs and items, and a quarter
/// of them, open with a speaker's label. Every figure in it is a remark of the one speaking.
fn transcript(cx: &Context, doc: usize) -> bool {
    let turns = cx.units[doc].iter().filter(|u| matches!(u.kind, UnitKind::Paragraph | UnitKind::ListItem { .. }));
    let (mut n, mut spoken) = (0usize, 0usize);
    for u in turns {
        n += 1;
        spoken += usize::from(speaker_turn(&u.text) || conversational(&u.text));
    }
    spoken >= 5 && spoken * 4 >= n
}

/// An enumeration: (document, kind: 0 a unit, 1 a list, 2 a table, its number).
type Block = (usize, u8, usize);

/// A figure with what the rule knows of it.
struct Stated<'a> {
    q: &'a Quantity,
    scope: Scope,
    /// The enumeration it is part of: a list, a table, or its own unit.
    block: Block,
    /// The table row it sits in, if it is a cell.
    row: Option<(usize, usize, usize)>,
    /// The day of the dated section it is in ("## 2022-10-10" of minutes kept in one file).
    day: Option<(i32, u8, u8)>,
    /// A bare figure of a table, named by its table ([`cell_statement`]): compared with prose
    /// only, for two tables of one shape are as often about two subjects (a table per project).
    tabled: bool,
    /// Its paragraph tells of a change ("we provided around 15 … we've grown to 30").
    changing: bool,
    specific: bool,
    /// The sentence, list or table it is part of.
    enumeration: (usize, u8, usize, usize),
    /// For a share of people, the people and what is said of them, as written ("respondents
    /// took this year's survey in English").
    said: Option<String>,
    /// Asked lazily of the few statements that reach the last comparisons: written side by
    /// side with another count, and said in speech.
    series: OnceCell<bool>,
    remark: OnceCell<bool>,
}

fn block_of(cx: &Context, q: &Quantity) -> Block {
    match cx.unit(q.doc, q.unit).kind {
        UnitKind::ListItem { list, .. } => (q.doc, 1, list),
        UnitKind::Cell { table, .. } => (q.doc, 2, table),
        _ => (q.doc, 0, q.unit),
    }
}

/// The enumeration a figure is part of: figures of one sentence, one list or one table count
/// different things by construction. (document, kind, number, sentence).
fn enumeration_of(cx: &Context, q: &Quantity, sentence: usize) -> (usize, u8, usize, usize) {
    match cx.unit(q.doc, q.unit).kind {
        UnitKind::ListItem { list, .. } => (q.doc, 1, list, 0),
        UnitKind::Cell { table, .. } => (q.doc, 2, table, 0),
        _ => (q.doc, 0, q.unit, sentence),
    }
}

/// Pairs of statements of one quantity looked at, at most, per quantity: a document stating one
/// noun tens of thousands of times stays bounded (the pairs past it are not compared).
const MAX_PAIRS: usize = 4_000_000;

fn what(q: &Quantity) -> String {
    let mut w = q.noun.clone();
    if !q.complement.is_empty() {
        w.push(' ');
        w.push_str(&q.complement);
    }
    if named_rate(q) {
        w = format!("the {}", q.noun);
    } else if q.percent {
        w = format!("% {}", q.noun.split(' ').next().unwrap_or(""));
    }
    w
}

/// A statement as written, with what its table names it for a bare figure of a cell ("81.3%
/// (completion rate, 2031)").
fn stated_as(cx: &Context, s: &Stated) -> String {
    let unit = cx.unit(s.q.doc, s.q.unit);
    match s.scope {
        Scope::Year(y) if s.tabled => format!("{} ({}, {y})", s.q.written, s.q.noun),
        _ if s.tabled => format!("{} ({})", s.q.written, s.q.noun),
        _ => phrase(unit, s.q),
    }
}

fn finding(cx: &Context, s: &Stated, others: &[&Stated], agreeing: usize) -> Draft {
    let q = s.q;
    let written_here = stated_as(cx, s);
    let first = others[0].q;
    let written_there = stated_as(cx, others[0]);
    let file = &cx.corpus.documents[first.doc].source.path;
    let mut why = match &s.said {
        Some(said) => format!("both state the share of \"{said}\""),
        None => format!("both state {}", what(q).trim()),
    };
    if let Scope::Year(y) = s.scope {
        why.push_str(&format!(" for {y}"));
    }
    if first.doc != q.doc {
        why.push_str("; compared across documents because ");
        why.push_str(&across(cx, q.doc, first.doc));
    }
    if agreeing > 0 {
        why.push_str(&format!(
            "; the two passages agree on {agreeing} other figure{}",
            if agreeing == 1 { "" } else { "s" }
        ));
    }
    let v = FactConflict {
        stated: written_here,
        other: written_there,
        other_file: file.clone(),
        other_line: first.line,
        written: q.written.clone(),
        others_written: others.iter().map(|e| e.q.written.clone()).collect(),
        value: q.value,
        other_values: others.iter().map(|e| e.q.value).collect(),
        counts: if q.percent { format!("{} (%)", q.noun) } else { q.noun.clone() },
        period: if let Scope::Year(y) = s.scope { Some(y) } else { None },
        why,
    };
    let mut d = Draft::new(v, q.doc, q.line)
    .snippet(q.written.clone())
    .hint("state the figure the same way everywhere, or qualify it (\"over\", \"about\") where it is rounded");
    for e in others {
        let value = if e.q.fraction { format!("about {}%", fmt_num(e.q.value)) } else { fmt_num(e.q.value) };
        let mut note = format!("stated as {value} here: \"{}\"", stated_as(cx, e));
        if e.q.doc != q.doc {
            note.push_str(&format!(" (compared because {})", across(cx, q.doc, e.q.doc)));
        }
        d = d.related(e.q.doc, e.q.line, note);
    }
    d
}

/// Why the figures of two documents were compared: the publication of reportkit.toml holding
/// both, or the series their titles name.
fn across(cx: &Context, a: usize, b: usize) -> String {
    match cx.publications.shared(a, b) {
        Some(name) => format!("both are in publication `{name}` of reportkit.toml"),
        None => format!(
            "both are titled as one series `{}` (\"{}\", \"{}\"), same year",
            series(title(cx, a)).join(" "),
            title(cx, a),
            title(cx, b)
        ),
    }
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    // Word order does not change what is counted ("onsite participants", "participants onsite").
    let key = |noun: &str| {
        let mut w: Vec<&str> = noun.split(' ').collect();
        w.sort_unstable();
        w.join(" ")
    };
    let years: Vec<Option<i32>> = (0..cx.corpus.documents.len()).map(|d| doc_year(cx, d)).collect();
    let titles: Vec<Vec<String>> = (0..cx.corpus.documents.len()).map(|d| series(title(cx, d))).collect();
    let days: Vec<Option<(i32, u8, u8)>> = (0..cx.corpus.documents.len()).map(|d| day_of(cx, d)).collect();
    let numbered: Vec<Vec<&str>> = (0..cx.corpus.documents.len()).map(|d| numbers(title(cx, d))).collect();
    // Whether a title states its year: a series whose titles do ("… — December 2025") and one
    // whose title does not ("December … Update", dated by when it was posted) may be a year
    // apart.
    let titled_year: Vec<bool> = (0..cx.corpus.documents.len())
        .map(|d| {
            let t = title(cx, d);
            t.char_indices().any(|(i, _)| year_at(t, i).is_some())
        })
        .collect();
    let dated: Vec<HashMap<&str, (i32, u8, u8)>> = (0..cx.corpus.documents.len()).map(|d| section_days(cx, d)).collect();
    let dated_units: Vec<Vec<Option<(i32, u8, u8)>>> = (0..cx.corpus.documents.len()).map(|d| paragraph_days(cx, d)).collect();
    // Asked only of the few figures reported as lone counts.
    let transcripts: Vec<OnceCell<bool>> = vec![Default::default(); cx.corpus.documents.len()];
    // Said in a transcript or in a passage of speech written down.
    let speech = |s: &Stated| {
        *s.remark.get_or_init(|| {
            let q = s.q;
            *transcripts[q.doc].get_or_init(|| transcript(cx, q.doc)) || conversational(&cx.unit(q.doc, q.unit).text)
        })
    };
    // Or in a speaker's turn ("JM: I'd prefer three").
    let spoken = |s: &Stated| speech(s) || speaker_turn(&cx.unit(s.q.doc, s.q.unit).text);
    let publications = &cx.publications;
    let one_publication = |a: usize, b: usize| {
        a == b
            || if publications.configured() {
                publications.shared(a, b).is_some()
            } else {
                // Documents of a series dated to different days (the minutes of two meetings) state
                // figures of different occasions.
                titles[a].len() >= 2
                    && titles[a] == titles[b]
                    && titled_year[a] == titled_year[b]
                    && !matches!((days[a], days[b]), (Some(x), Some(y)) if x != y)
                    && numbered[a] == numbered[b]
            }
    };

    let mut groups: BTreeMap<(bool, String, &str), Vec<Stated>> = BTreeMap::new();
    type Markers = (String, Vec<(usize, usize, Scope)>);
    let mut markers_of: HashMap<(usize, usize, usize), Markers> = HashMap::new();
    let mut changing: HashMap<(usize, usize), bool> = HashMap::new();
    // Bare figures of tables, stated with what their table names them (and the year it gives
    // them, if any).
    let table = cells(cx);
    let tabled: Vec<(Quantity, Option<i32>)> =
        cx.facts().quantities.iter().flatten().filter_map(|q| cell_statement(cx, &table, q)).collect();
    let statements =
        cx.facts().quantities.iter().flatten().map(|q| (q, None)).chain(tabled.iter().map(|(q, y)| (q, Some(*y))));
    for (q, from_table) in statements {
        let first = q.noun.split(' ').next().unwrap_or("");
        // A share of people ("77% of respondents", or a bare "80%" after a dash) is known
        // by what is said of them, read below.
        let of_people = q.percent && !q.fraction && q.noun.split(' ').all(|w| w.is_empty() || is_people(w));
        let text = &cx.unit(q.doc, q.unit).text;
        // "No two pods are ever …" counts nothing.
        if q.whole
            || word_before(text, q) == "no"
            || q.qualifier == Qualifier::Change
            || before_a_change(&text[..q.lead])
            || per_unit(text, q)
            || sample_size(&text[..q.lead])
        {
            continue;
        }
        if !of_people
            && (q.noun.is_empty()
            || VAGUE.contains(&q.noun.as_str())
            || VAGUE.contains(&q.head())
            || is_participle(first)
            || DURATIONS.contains(&first) && q.noun.contains(' ')
            || ["don't", "not", "no", "never"].contains(&first)
            || q.word && q.value < 2.0)
            || from_table.is_none() && modifier(cx, q)
        {
            continue;
        }
        let generic = GENERIC.contains(&q.head());
        if q.percent && generic && !of_people {
            continue;
        }
        let specific = if q.percent {
            !generic || of_people
        } else {
            !generic || q.noun.contains(' ') || !q.complement.is_empty() || !q.anchor.is_empty()
        };
        let unit = cx.unit(q.doc, q.unit);
        let row = match unit.kind {
            UnitKind::Cell { table, row, .. } => Some((q.doc, table, row)),
            _ => None,
        };
        // Sentences and their period markers, once per unit and sentence.
        let (si, (ss, se)) = sentence_of(cx, q);
        let (lower, found) = markers_of.entry((q.doc, q.unit, si)).or_insert_with(|| {
            let lower = unit.text[ss..se].to_ascii_lowercase().replace(['\n', '\r', '\t'], " ");
            let found = markers(&lower, years[q.doc]);
            (lower, found)
        });
        let scope = if let Some(Some(y)) = from_table {
            Scope::Year(y)
        } else if (ss..se).contains(&q.start) {
            scope_of(lower, found, ss, q, years[q.doc])
        } else {
            own(years[q.doc])
        };
        let said = if of_people {
            let Some((k, from, to)) = (ss..se).contains(&q.start).then(|| predicate(lower, q, ss)).flatten() else {
                continue;
            };
            Some((k, unit.text[ss + from..ss + to].split_whitespace().collect::<Vec<_>>().join(" ")))
        } else {
            None
        };
        let enumeration = enumeration_of(cx, q, si);
        // A share of people is known by what is said of them; any other share by its label,
        // the first word after it ("16.6% part-time" and "16.6% part-time workers"); a count
        // by everything it counts.
        let k = match &said {
            Some((k, _)) => k.clone(),
            None if q.percent => first.to_string(),
            None => key(&q.noun),
        };
        let said = said.map(|(_, phrase)| phrase);
        let s = Stated {
            q,
            scope,
            block: block_of(cx, q),
            row,
            day: dated_units[q.doc][q.unit].or_else(|| dated[q.doc].get(unit.section.as_str()).copied()),
            changing: *changing.entry((q.doc, q.unit)).or_insert_with(|| tells_of_change(&unit.text)),
            specific,
            enumeration,
            said,
            series: OnceCell::new(),
            remark: OnceCell::new(),
            tabled: from_table.is_some(),
        };
        groups.entry((q.percent, k, q.anchor.as_str())).or_default().push(s);
    }

    // Every pair of statements of one quantity that may be compared, agreeing or not, in a
    // fixed order (group, first statement, second statement). Each pass below enumerates the
    // pairs again rather than storing them: a quantity stated in every copy of a repeated
    // passage has millions of pairs (a report repeated 330 times: ten million, which stored
    // with their relations took 2.2 GB).
    let groups: Vec<Vec<Stated>> = groups.into_values().collect();
    // A count written side by side with others ("three subtractions, three shifts, and a
    // mask") is one answer of many: two such, sharing one label, answer different questions.
    // (Shares of people are known by what is said of them, wherever they stand.)
    let enumerates =
        |s: &Stated| *s.series.get_or_init(|| !s.q.percent && in_series(&cx.unit(s.q.doc, s.q.unit).text, s.q));
    let pairs_of = |g: usize, f: &mut dyn FnMut(usize, usize, bool)| {
        let st = &groups[g];
        let mut looked = 0usize;
        'all: for i in 0..st.len() {
            for j in i + 1..st.len() {
                looked += 1;
                if looked > MAX_PAIRS {
                    break 'all;
                }
                let (p, q) = (&st[i], &st[j]);
                // Across documents, a figure's period must be a known year, unless the
                // configuration says the documents are one publication (then their own periods
                // are one).
                let same_period = p.scope == q.scope
                    && (p.q.doc == q.q.doc || matches!(p.scope, Scope::Year(_)) || publications.configured());
                // Figures under two dated sections (minutes of two meetings in one file) are
                // of two occasions.
                let other_days = matches!((p.day, q.day), (Some(x), Some(y)) if x != y);
                // Two figures of one paragraph that tells of a change are its before and after.
                let before_after = p.changing && (p.q.doc, p.q.unit) == (q.q.doc, q.q.unit);
                if !same_period
                    || p.tabled && q.tabled
                    || other_days
                    || before_after
                    || p.enumeration == q.enumeration
                    || !one_publication(p.q.doc, q.q.doc)
                    || !comparable(p.q, q.q)
                    || !(p.q.complement.is_empty() || q.q.complement.is_empty() || p.q.complement == q.q.complement)
                {
                    continue;
                }
                f(i, j, p.q.agrees_with(q.q));
            }
        }
    };
    let block_pair = |g: usize, a: usize, b: usize| {
        let (x, y) = (groups[g][a].block, groups[g][b].block);
        if x <= y {
            (x, y)
        } else {
            (y, x)
        }
    };
    let specific = |g: usize, a: usize, b: usize| groups[g][a].specific && groups[g][b].specific;
    // How two passages relate across all the figures they share, for the passages that
    // disagree on one (the only ones asked about below).
    let mut contested: HashSet<(Block, Block)> = HashSet::new();
    for g in 0..groups.len() {
        pairs_of(g, &mut |a, b, agree| {
            if !agree && specific(g, a, b) {
                contested.insert(block_pair(g, a, b));
            }
        });
    }
    // The cells of one row that state one quantity (one column per period) count as one
    // statement there: the question is whether the other passage agrees with any of them.
    // A statement's entity is its index, or for such a cell the group's length plus the index
    // of its row's first cell (which stands for the row: all its cells share its table).
    let entities: Vec<Vec<usize>> = groups
        .iter()
        .map(|st| {
            let mut rows: HashMap<(usize, usize, usize), (usize, usize)> = HashMap::new();
            for (i, s) in st.iter().enumerate() {
                if let Some(r) = s.row {
                    rows.entry(r).or_insert((i, 0)).1 += 1;
                }
            }
            let cells = |s: &Stated| s.row.and_then(|r| rows.get(&r).copied()).filter(|&(_, n)| n > 1);
            st.iter().enumerate().map(|(i, s)| cells(s).map_or(i, |(first, _)| st.len() + first)).collect()
        })
        .collect();
    let mut align: HashMap<(Block, Block), (usize, usize)> = HashMap::new();
    for g in (0..groups.len()).filter(|_| !contested.is_empty()) {
        let (n, entity) = (groups[g].len(), &entities[g]);
        // (entity, entity, agree) of each pair; sorted, a run of one pair of entities agrees
        // when any of its pairs does.
        let mut relations: Vec<(usize, usize, bool)> = Vec::new();
        pairs_of(g, &mut |a, b, agree| {
            // Two hedged figures that overlap ("60+ contributors", "70+ contributors") agree
            // on nothing that would make the passages one account.
            let hedged = |i: usize| groups[g][i].q.qualifier != Qualifier::Exact;
            if agree && hedged(a) && hedged(b) {
                return;
            }
            if specific(g, a, b) && contested.contains(&block_pair(g, a, b)) {
                relations.push((entity[a], entity[b], agree));
            }
        });
        relations.sort_unstable();
        let statement = |e: usize| if e < n { e } else { e - n };
        for run in relations.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
            let (ea, eb, _) = run[0];
            let e = align.entry(block_pair(g, statement(ea), statement(eb))).or_default();
            if run.iter().any(|r| r.2) {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
    }
    let mut support: HashMap<(usize, usize), bool> = HashMap::new();
    let mut against: HashMap<(usize, usize), Vec<(usize, usize)>> = HashMap::new();
    for (g, st) in groups.iter().enumerate() {
        pairs_of(g, &mut |a, b, agree| {
            if agree {
                // Only an exact statement supports another: "more than 260" agrees with both
                // 262 and 272 and settles nothing.
                if st[b].q.qualifier == Qualifier::Exact {
                    support.insert((g, a), true);
                }
                if st[a].q.qualifier == Qualifier::Exact {
                    support.insert((g, b), true);
                }
                return;
            }
            if !specific(g, a, b) {
                return;
            }
            let (agreeing, disagreeing) = align.get(&block_pair(g, a, b)).copied().unwrap_or_default();
            // A percentage is compared only where the two passages agree on another figure:
            // shares with one label ("Linux 45%") are too often answers to different questions.
            let lone_count = disagreeing == 1
                && !enumerates(&st[a])
                && !enumerates(&st[b])
                && !definite(cx, st[a].q)
                && !definite(cx, st[b].q)
                && (!st[a].q.percent || st[a].said.is_some() || named_rate(st[a].q) && named_rate(st[b].q))
                && !other_subjects(cx, st[a].q, st[b].q)
                && !of_a_referent(cx, st[a].q)
                && !of_a_referent(cx, st[b].q)
                && !allowed(cx, st[a].q)
                && !allowed(cx, st[b].q)
                && !spoken(&st[a])
                && !spoken(&st[b])
                && share_a_predicate(cx, st[a].q, st[b].q);
            if agreeing == 0 && !lone_count {
                return;
            }
            // In speech, one shared figure is a coincidence of the conversation: two remarks
            // are compared only when they agree on two figures or more.
            if agreeing == 1 && !lone_count && (speech(&st[a]) || speech(&st[b])) {
                return;
            }
            // A row with one column per period: the text agrees with one of its cells.
            // (A cell its table dates is of its own period, whatever its row's other cells say.)
            let row_agrees = |cell: &Stated, other: &Stated| {
                !cell.tabled && cell.row.is_some_and(|r| {
                    st.iter().any(|c| c.row == Some(r) && !std::ptr::eq(c, cell) && c.q.agrees_with(other.q))
                })
            };
            if row_agrees(&st[a], &st[b]) || row_agrees(&st[b], &st[a]) {
                return;
            }
            // A sentence (list, table) that states the other figure beside this one tells them
            // apart: "eight players plus injuries - 13 players out" against "eight players".
            let told_apart = |one: &Stated, other: &Stated| {
                st.iter().any(|c| {
                    c.enumeration == one.enumeration
                        && c.scope == one.scope
                        && !std::ptr::eq(c, one)
                        && c.q.qualifier == Qualifier::Exact
                        && c.q.agrees_with(other.q)
                }) || sentence_states(cx, one, other.q)
            };
            if told_apart(&st[a], &st[b]) || told_apart(&st[b], &st[a]) {
                return;
            }
            // One figure of a breakdown of the other.
            if part_of(cx, st[a].q, st[b].q) || part_of(cx, st[b].q, st[a].q) {
                return;
            }
            against.entry((g, a)).or_default().push((b, agreeing));
            against.entry((g, b)).or_default().push((a, agreeing));
        });
    }
    // Report the odd ones out first: the statement contradicting the most others (the later
    // one on a tie), with everything it contradicts as related locations; a statement already
    // named in a finding, or one that another statement of its quantity supports, is not
    // reported.
    let mut order: Vec<(usize, usize)> =
        against.keys().copied().filter(|k| !support.get(k).copied().unwrap_or(false)).collect();
    order.sort_by(|a, b| {
        against[b].len().cmp(&against[a].len()).then((b.0, groups[b.0][b.1].q.doc, b.1).cmp(&(
            a.0,
            groups[a.0][a.1].q.doc,
            a.1,
        )))
    });
    let mut covered: HashSet<(usize, usize)> = Default::default();
    let mut out = Vec::new();
    for (g, i) in order {
        let list = &against[&(g, i)];
        if covered.contains(&(g, i)) || list.iter().all(|(j, _)| covered.contains(&(g, *j))) {
            continue;
        }
        covered.insert((g, i));
        let st = &groups[g];
        let mut others: Vec<(usize, usize)> = list.clone();
        others.sort_by(|x, y| {
            let (dx, dy) = ((st[x.0].q.value - st[i].q.value).abs(), (st[y.0].q.value - st[i].q.value).abs());
            dx.total_cmp(&dy).then(x.0.cmp(&y.0))
        });
        others.dedup_by_key(|x| x.0);
        others.iter().for_each(|(j, _)| {
            covered.insert((g, *j));
        });
        let agreeing = others.iter().map(|x| x.1).max().unwrap_or(0);
        let refs: Vec<&Stated> = others.iter().map(|(j, _)| &st[*j]).collect();
        let limit = |s: &Stated| matches!(s.q.qualifier, Qualifier::AtLeast | Qualifier::AtMost);
        let draft = finding(cx, &st[i], &refs, agreeing);
        out.push(if limit(&st[i]) && refs.iter().all(|s| limit(s)) { draft.note_only() } else { draft });
    }
    out.sort_by_key(|d| (d.doc, d.line));
    out
}

#[cfg(test)]
mod tests {
    use super::{numbers, speaker_turn};

    #[test]
    fn speakers_turns_open_with_initials_or_a_short_name() {
        for turn in ["JM: I'd prefer three.", "Ana Ruiz: two would do.", "Bo - we need four.", "Bo Lind – four."] {
            assert!(speaker_turn(turn), "{turn}");
        }
        for prose in ["The plan: three ferries.", "Twenty-two boats came.", "A well-known quay: four lamps."] {
            assert!(!speaker_turn(prose), "{prose}");
        }
    }

    #[test]
    fn numbers_of_a_title_leave_years_out() {
        assert_eq!(numbers("Choir Meeting 14, 2031"), ["14"]);
        assert!(numbers("Survey 2031 Results").is_empty());
    }
}
