//! # count-mismatch
//!
//! A stated count disagrees with the number of items, rows or entries it introduces.
//!
//! ## What it does
//!
//! Looks at the paragraph or heading right before a list or a run of tables. When it states a
//! count ("the four sub-themes:", "4 Sub-Themes", "the 32 coalitions below") that introduces
//! what follows (the text ends with a colon, is a short label, or names what the entries are),
//! the count is compared with the number of list items, or of non-empty table rows across the
//! tables that follow.
//!
//! Only figures that count things are read: a plural follows them ("five sub-themes", "seven
//! different commands"). Durations, frequencies and versions in a heading ("Planning (15 minute
//! timebox)", "Every two weeks?", "2.0 rollout") count nothing, nor does a figure in
//! parentheses. A statement that announces part of what it counts ("12 goals; here is a
//! subset:", "such as", "including", "features like:") is left alone, and so is a statement
//! whose counts of several kinds add up to the entries ("two maintainers and two
//! contributors", then four rows), and so is a shorter list whose items are
//! sentences about several things each ("`open` and `close` manage files."), and a count of
//! questions that as many items ask, whatever notes follow them (or as many concerns as the
//! questions the list opens with). An enumeration whose parts gloss one another ("`--user`, for
//! one person, and `--all`, for everyone") is not counted part by part, nor is one whose parts
//! go on with a verb ("`a`, the last one, is called the tap"); an item of things in the plural
//! joined by "and" ("the calls to `open` and `close`") may be two, and so may every part when
//! the last one holds an "and" of its own ("`a` and `b` on the server, and `c` and `d` on the
//! client"). Two short items joined by one "and" or "or" with no comma are an enumeration of
//! two ("three concepts: providers and injectors" lists two).
//!
//! Other readings that are not a miscount: a count in an earlier sentence than the one that
//! ends with the colon ("There are 21 repositories. Here are the ones most used:"), or, without
//! a colon, than the paragraph's last sentences of more than four words ("The release adds two
//! fields, … . The table below sums up every pairing."; "… the 127 contributors who made it
//! happen. Thank you!" still counts the list); a count of
//! things already introduced, followed by more of its clause ("all three shapes consistently:",
//! "these two fields are optional:"), since what follows says what becomes of them (when its
//! noun ends the lead-in, "these three plans:", a miscount is a warning: the list may be of
//! them or of what becomes of them); a time ("4 releases after phase 1:"); a figure
//! that sets the scene, after "with" or "for" and before more words ("For 100 nodes, with a
//! 4-core master:", "a case with 4 pods, all deferred:"; "a team with three members:" still
//! counts); a count more than twice the entries and three over ("the last 10 lines of the
//! log:" over two steps), as a miscount is off by an entry or two; alternatives ("…, where `<x>` is one of:"); a last item that adds to the counted
//! ones ("Plus a note on …"); an item that says there is none after its label ("March 10 -- no
//! meeting"); one item whose sub-items the count takes in (a list indented a step too far).
//! A table's header row is an entry only when it reads like one: not when it is short, wordier
//! than every entry under it, or plain over linked entries.
//!
//! A list whose items give counts ("52 workshops", or each "Completed: 9") breaks the count
//! down rather than listing what it counts: `sum-mismatch` adds it up.
//!
//! A figure right after a capitalised noun labels what follows rather than counting it: "Phase
//! 2 tasks:" introduces the tasks of phase 2, however many ("Tier 1", "Round 4", "Meeting 51").
//! Function words and qualifiers before a figure do not label it ("Only 3 tasks:", "The 3
//! tasks:", "About 3 tasks:"), nor do past participles ("Agreed 3 tasks").
//!
//! A list whose items run tight up to one blank line, and whose items after that line all refer
//! back to the ones before it ("the second", "both", "either", "those", "the two"), has as many
//! entries as items before the blank line: what follows it is a remark on them. When the items
//! before the blank line are as many as counted but those after it do not refer back, the
//! finding is a warning at most: they may be remarks all the same.
//!
//! ## Why is this bad?
//!
//! "The five priorities:" followed by four is a dropped item or a stale number; either way the
//! reader is left to guess which.
//!
//! ## Example
//!
//! Fails:
//!
//! ```markdown
//! The three themes:
//!
//! - Trust
//! - Access
//! ```
//!
//! Passes:
//!
//! ```markdown
//! The two themes:
//!
//! - Trust
//! - Access
//! ```

use crate::analysis::facts::{Qualifier, Quantity};
use reportkit_text::words::{is_acronym_plural, is_plural, singular};
use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::Context;
use crate::violation::{Diagnostic, Violation};
use crate::analysis::lists::{intro, leading, phrase, trailing, ListView, Numbering};
use reportkit_text::numbers::number_word;
use crate::analysis::units::{Unit, UnitKind};

type Draft = Diagnostic<CountMismatch>;

/// A count that the entries it introduces contradict.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CountMismatch {
    /// The count with what it counts, as written ("four themes").
    pub stated: String,
    /// The stated count.
    pub expected: f64,
    /// How many entries follow.
    pub actual: usize,
    /// `actual - expected`.
    pub difference: f64,
    /// What the entries are: "items" (of a list or enumeration) or "entries" (rows of tables).
    pub entries: String,
    /// Whether the entries are an enumeration after a colon in the same sentence.
    pub inline: bool,
}

impl Violation for CountMismatch {
    const KEY: &'static [&'static str] = &["stated"];

    fn message(&self) -> String {
        if self.inline {
            format!("says {} but the enumeration after the colon lists {}", self.stated, self.actual)
        } else {
            format!("says {} but {} {} follow", self.stated, self.actual, self.entries)
        }
    }
}

/// The count a unit states that introduces the `n` entries that follow it, if it disagrees: the
/// figure whose noun names the entries, else the last one. None when any figure of the unit
/// counts the entries right.
fn stated_count<'a>(cx: &'a Context, doc: usize, ui: usize, names: &[String], n: usize) -> Option<&'a Quantity> {
    let u = &cx.units[doc][ui];
    let counts: Vec<&Quantity> =
        cx.quantities_of(doc, ui).filter(|q| !q.noun.is_empty() && !q.percent).collect();
    if counts.iter().any(|q| q.qualifier == Qualifier::Exact && (q.value - n as f64).abs() < 1e-9) {
        return None;
    }
    // Counts of several kinds that the entries hold together ("two maintainers and two
    // contributors", then four rows).
    if counts.len() >= 2 && counts.iter().map(|q| q.value).sum::<f64>() == n as f64 {
        return None;
    }
    // What a figure counts is the word right after it, or the next ("seven different commands"),
    // not a noun later in its clause ("2 contributors became maintainers").
    let named_by = |q: &&Quantity| {
        names.iter().any(|n| {
            n.split(|c: char| !c.is_alphanumeric())
                .any(|w| !w.is_empty() && q.noun.split(' ').take(2).any(|counted| singular(w) == counted))
        })
    };
    let q = counts.iter().copied().find(named_by).or_else(|| counts.last().copied())?;
    if q.qualifier != Qualifier::Exact
        || q.value < 2.0
        || q.value.fract() != 0.0
        || q.decimals > 0
        || q.value > 10_000.0
        || !counts_things(q, &u.text)
        || in_parentheses(&u.text, q.start)
    {
        return None;
    }
    // From the count's sentence on: an earlier sentence's "for example" hedges something else.
    // (Words as one line, however the paragraph is wrapped.)
    let from = cx.sentences(doc, ui).iter().find(|(s, e)| (*s..*e).contains(&q.start)).map_or(0, |(s, _)| *s);
    let lower = u.text[from..].to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
    if PARTIAL.iter().any(|w| lower.contains(w)) {
        return None;
    }
    // "three components (…), the following scenarios apply:": what follows is the scenarios.
    let after: Vec<String> = u.text[q.end..].split_whitespace().map(str::to_lowercase).collect();
    if let Some(f) = after.windows(2).position(|w| w[0] == "the" && w[1] == "following") {
        let next = after.get(f + 2).map_or("", |w| w.trim_matches(|c: char| !c.is_alphanumeric()));
        if !next.is_empty() && !q.noun.split(' ').any(|w| w == singular(next)) {
            return None;
        }
    }
    // "These six functions are named …, where `<x>` is one of:": the list is of the
    // alternatives, not of what was counted.
    let rest: Vec<String> = u.text[q.end..]
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .collect();
    if rest.windows(2).any(|w| w[0] == "one" && w[1] == "of") {
        return None;
    }
    // "every two packets" is a rate, not a count of entries.
    let before = word_before_count(&u.text, q);
    // The words after the count's noun, up to the end of the unit.
    let more = rest.iter().filter(|w| !w.is_empty()).count().saturating_sub(1);
    if before == "every" {
        return None;
    }
    // A count of things already introduced ("all three shapes consistently:", "these three
    // fields are optional:") speaks of them again: what the list after it holds is something
    // else (what changes for them, what happens to them). When its noun ends the lead-in
    // ("these three plans:") it may name the list: see `refers_back_to`.
    if refers_back_to(&before) && more >= 1 {
        return None;
    }
    // "4 releases after Phase 1:" is a time, not a count of the steps that follow.
    if rest.get(1).is_some_and(|w| ["after", "later", "earlier", "ago"].contains(&w.as_str())) {
        return None;
    }
    // A figure that sets the scene ("For 100 nodes, with a 4-core master:", "a case with 4
    // pods, all deferred:") is not the count of what follows; "a team with three members:"
    // still is, its noun ending the lead-in.
    if ["with", "for"].contains(&before.as_str()) && more >= 2 {
        return None;
    }
    // A count in a clause of condition ("applied when comparing two pods regardless of their
    // cost:") is of the things compared, not of the criteria that follow.
    let clause_before: Vec<String> =
        u.text[from..q.start].split_whitespace().rev().take(3).map(str::to_lowercase).collect();
    if clause_before.iter().any(|w| ["when", "while", "whenever", "if", "unless"].contains(&w.as_str())) && more >= 2 {
        return None;
    }
    // A list of 2 under "1000 StatefulSets" or "the last 10 lines" lists something else: a
    // miscounted list is off by an entry or two, not by many times its length.
    if q.value > (2 * n + 3) as f64 {
        return None;
    }
    let text = u.text.trim();
    let colon = text.ends_with(':');
    // A short label ("4 Sub-Themes"), not a short statement ("3 members present.").
    let label = text.split_whitespace().count() <= 6 && q.end + 40 >= text.len() && !text.ends_with('.');
    // The count introduces the list when it is in the sentence that ends with the colon, or in
    // the one before a short sentence that points back to it ("We found three issues. They
    // are:"); not in an earlier sentence ("Three options. Leave it, not that. Other two:").
    let sentences = cx.sentences(doc, ui);
    let of_q = sentences.iter().position(|(s, e)| (*s..*e).contains(&q.start));
    let introduces = match (of_q, sentences.len().checked_sub(1)) {
        (Some(k), Some(last)) if k == last => true,
        (Some(k), Some(last)) if k + 1 == last => {
            let (s, e) = sentences[last];
            let words: Vec<String> = u.text[s..e].split_whitespace().map(str::to_lowercase).collect();
            words.len() <= 4
                && words.first().is_some_and(|w| ["they", "these", "those", "namely", "as", "here", "which"].contains(&w.as_str()))
        }
        _ => false,
    };
    // A paragraph introduces what follows by its last sentence, with a colon or without: a
    // count in an earlier one counts something else ("There are 21 repositories. Here are the
    // ones most used:"; "The change adds two fields, … . The table below sums up the cases.").
    // Without a colon, short sentences may close the paragraph after the count ("… the 127
    // contributors who made it happen. Thank you!").
    let closes = || {
        of_q.is_some_and(|k| sentences[k + 1..].iter().all(|&(s, e)| u.text[s..e].split_whitespace().count() <= 4))
    };
    let named = named_by(&q) && (introduces || !colon && closes());
    let last_before_colon =
        colon && introduces && cx.quantities_of(doc, ui).filter(|x| x.start > q.start).count() == 0;
    (label || last_before_colon || named).then_some(q)
}

/// Words that say a list shows only some of what was counted ("12 goals; here is a subset:").
const PARTIAL: &[&str] = &[
    "subset",
    "some of",
    "a few",
    "highlight",
    "for example",
    "examples",
    "e.g.",
    "including",
    "such as",
    "among them",
    "among which",
    "a selection",
    "selected",
    "notable",
    "sample",
    " like:",
];

/// Units a figure measures rather than counts: "a 15 minute timebox", "every two weeks", "25
/// mins" introduce no entries.
/// (Beside the units of time, [`reportkit_text::words::TIME_UNITS`].)
const MEASURES: &[&str] =
    &["sec", "min", "hr", "time", "km", "kg", "mb", "gb", "tb", "kb", "mile", "metre", "meter"];

/// Whether a figure counts things that could be entries: a plural follows it within a few
/// words of its phrase ("four themes", "4 Sub-Themes", "seven different commands") and it is
/// not a unit of time or measure. "Chrome 43 released" and "a 15 minute timebox" count
/// nothing. (`Quantity::noun` is in the singular: the plural is read from `text`, the figure's
/// unit text.)
fn counts_things(q: &Quantity, text: &str) -> bool {
    let phrase = text[q.end..].split([':', ';', ',', '.', '(', ')', '?', '!']).next().unwrap_or("");
    let written: Vec<&str> =
        phrase.split_whitespace().take(4).map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).collect();
    let words: Vec<String> = written.iter().map(|w| w.to_lowercase()).collect();
    let is_measure = |w: &str| MEASURES.contains(&w) || reportkit_text::words::TIME_UNITS.contains(&w);
    let measure = |w: &String| is_measure(&singular(w)) || is_measure(w);
    if words.first().is_some_and(measure) || q.noun.split(' ').next().is_some_and(is_measure) {
        return false;
    }
    words.iter().any(|w| w.len() > 2 && is_plural(w)) || written.iter().any(|w| is_acronym_plural(w))
}

/// Whether byte `at` of `text` is inside parentheses (an aside: "Planning (15 minutes)").
fn in_parentheses(text: &str, at: usize) -> bool {
    let before = &text[..at];
    before.rfind('(').is_some_and(|o| before.rfind(')').is_none_or(|c| c < o))
}

/// A finding on `q`. An inline enumeration always names where it starts and ends, even on one
/// line, so that the finding reads the same however its paragraph is wrapped.
/// Whether the word before a count points back at things already introduced ("all three",
/// "these two"): a list after it may be of them, or of what becomes of them ("these two
/// features: the objects can no longer be created, …"). A miscount there is a strong inference,
/// not a certainty: a warning.
fn refers_back_to(word_before: &str) -> bool {
    ["all", "both", "these", "those"].contains(&word_before)
}

/// The word right before a count, in lower case ("" at the start of its unit).
fn word_before_count(text: &str, q: &Quantity) -> String {
    text[..q.start].split_whitespace().next_back().map(str::to_lowercase).unwrap_or_default()
}

fn draft(q: &Quantity, unit: &Unit, found: usize, what: &str, (first_line, last_line): (u32, u32), inline: bool) -> Draft {
    let v = CountMismatch {
        stated: phrase(unit, q),
        expected: q.value,
        actual: found,
        difference: found as f64 - q.value,
        entries: what.to_string(),
        inline,
    };
    let mut d = Draft::new(v, q.doc, q.line)
    .snippet(q.written.clone())
    .hint(format!("update the count or restore the missing {what}"));
    d = d.related(q.doc, first_line, format!("first of the {found} {what}"));
    if last_line != first_line || inline {
        d = d.related(q.doc, last_line, format!("last of the {found} {what}"));
    }
    if refers_back_to(&word_before_count(&unit.text, q)) {
        d = d.inference();
    }
    d
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    for l in cx.lists() {
        // Lists of counts are breakdowns (sum-mismatch): items that open with one, or that all
        // give one after a label ("Completed: 9"). Lists of shares or labels are entries.
        if l.items.iter().any(|(i, _)| leading(cx, l.doc, *i).is_some_and(|q| !q.percent))
            || l.items.iter().all(|(i, _)| trailing(cx, l.doc, *i).is_some())
        {
            continue;
        }
        let last = l.items.last().expect("non-empty").1;
        // Items that label tables nested under them ("Initial maintainers", then a table of
        // them) group the entries: the entries are the tables' rows.
        let holds_tables = cx.units[l.doc][l.first..]
            .iter()
            .take_while(|u| u.line <= last.end_line)
            .any(|u| matches!(u.kind, UnitKind::Cell { .. }));
        if holds_tables {
            continue;
        }
        let Some((ii, iu)) = intro(cx, l.doc, l.first) else { continue };
        let names: Vec<String> = vec![iu.section_title.clone()];
        // An item that says there is none ("2021-08-11: No meeting this week") is no entry.
        let none = l.items.iter().filter(|(_, u)| says_none_after_label(&u.text)).count();
        let n = l.items.len() - none + numbered_on(&last.text, l.items.len());
        let Some(q) = stated_count(cx, l.doc, ii, &names, n) else { continue };
        let more = continued(cx, &l, cx.numbering(l.doc));
        if more.iter().any(|more| (q.value - (n + more) as f64).abs() < 1e-9) {
            continue;
        }
        // The items of every list that numbers on, when none of the readings matches.
        let numbered = n + more.last().copied().unwrap_or(0);
        // Fewer items than counted, some of them sentences about several things ("`open` and
        // `close` manage files."): the entries may be counted across the items. (Items that
        // are labels, "Trust and Resilience", are one entry each.)
        // So may an item that runs several names together ("Acme, Brio, Corvo").
        let several = |t: &str| {
            let head: String = t.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(40).collect();
            let names = t.trim_end().trim_end_matches('.').split(',').map(str::trim).collect::<Vec<_>>();
            // A comma that parts names ("`open`, `close` and `seek` …", "Acme, Brio …"), not one
            // that opens a clause or an example (", which allow …", ", like a file …").
            let names_after_comma = head.split(", ").skip(1).any(|rest| {
                rest.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || c == '`' || c == '*' || c == '[')
            });
            t.trim_end().ends_with('.') && (names_after_comma || head.contains(" and "))
                || names.len() >= 3 && names.iter().all(|n| n.split_whitespace().count() <= 3)
        };
        if (n as f64) < q.value && l.items.iter().any(|(_, u)| several(&u.text)) {
            continue;
        }
        // "3 key questions:" followed by the three questions and notes on them; "I heard two
        // concerns:" followed by two questions and remarks on them.
        let asked = l.items.iter().filter(|(_, u)| u.text.trim_end().ends_with('?')).count();
        let asked_first = l.items.iter().take_while(|(_, u)| u.text.trim_end().ends_with('?')).count();
        if (q.head() == "question" && asked as f64 == q.value || asked_first as f64 == q.value && asked == asked_first)
            && asked > 0
        {
            continue;
        }
        if remarks_after(&l, q.value) {
            continue;
        }
        // One item whose sub-items the count takes in: the list was indented one step too far
        // after its first item.
        if l.items.len() == 1 {
            let (i0, u0) = l.items[0];
            let depth = |u: &Unit| match u.kind {
                UnitKind::ListItem { depth, .. } => Some(depth),
                _ => None,
            };
            let top = depth(u0).unwrap_or(0);
            let nested = cx.units[l.doc][i0 + 1..]
                .iter()
                .take_while(|u| depth(u).is_some_and(|d| d > top) || u.text.trim().is_empty())
                .filter(|u| depth(u) == Some(top + 1))
                .count();
            if nested > 0 && (q.value - (1 + nested) as f64).abs() < 1e-9 {
                continue;
            }
        }
        // A last item that adds to the counted ones ("Plus a note on how changes are approved"):
        // the count is of the items before it.
        let added = |t: &str| {
            let first = t.split_whitespace().next().unwrap_or("").to_lowercase();
            ["plus", "also", "additionally", "besides"].contains(&first.trim_end_matches(',')) || t.trim_start().to_lowercase().starts_with("in addition")
        };
        if n >= 2 && (q.value - (n - 1) as f64).abs() < 1e-9 && added(&last.text) {
            continue;
        }
        if (q.value - n as f64).abs() > 1e-9 {
            let mut d = draft(q, iu, numbered, "items", (l.items[0].1.line, last.line), false);
            // As many items as counted before the list's one blank line: what follows it may
            // be a note on them rather than an item the count missed.
            if gap_at_count(&l, q.value) {
                d = d.inference();
            }
            out.push(d);
        }
    }
    // Tables: entries across the run of tables that follows the statement.
    for (d, units) in cx.units.iter().enumerate() {
        let mut i = 0;
        while i < units.len() {
            if !matches!(units[i].kind, UnitKind::Cell { .. })
                || i == 0
                || matches!(units[i - 1].kind, UnitKind::Cell { .. })
            {
                i += 1;
                continue;
            }
            let start = i;
            while i < units.len() && matches!(units[i].kind, UnitKind::Cell { .. }) {
                i += 1;
            }
            let Some((ii, iu)) = intro(cx, d, start) else { continue };
            let header: Vec<String> = units[start..i]
                .iter()
                .filter(|u| matches!(u.kind, UnitKind::Cell { row: 0, .. }))
                .map(|u| u.text.clone())
                .chain([iu.section_title.clone()])
                .collect();

            // Entries: rows with text (not empty, not a rule of dashes); the first cell may be
            // a wildcard ("*": every kind).
            let run = &units[start..i];
            let has_text = |u: &Unit| {
                let UnitKind::Cell { table, row, .. } = u.kind else { return false };
                run.iter().any(|c| {
                    matches!(c.kind, UnitKind::Cell { table: t, row: r, .. } if t == table && r == row)
                        && c.text.chars().any(char::is_alphanumeric)
                })
            };
            let rows: Vec<&Unit> = run
                .iter()
                .filter(|u| matches!(u.kind, UnitKind::Cell { col: 0, .. }))
                .filter(|u| u.text.chars().any(char::is_alphanumeric) || u.text.trim() == "*" && has_text(u))
                .filter(|u| !(matches!(u.kind, UnitKind::Cell { row: 0, .. }) && header_is_title(&units[start..i], u)))
                .collect();
            if rows.is_empty() {
                continue;
            }
            let Some(q) = stated_count(cx, d, ii, &header, rows.len()) else { continue };
            if (q.value - rows.len() as f64).abs() > 1e-9 && !counted_by_column(run, q) {
                out.push(draft(q, iu, rows.len(), "entries", (rows[0].line, rows.last().expect("non-empty").line), false));
            }
        }
    }
    inline_rule(cx, &mut out);
    out
}


/// Units after a numbered list that [`continued`] reads for the lists going on with it.
const LOOK_AHEAD: usize = 400;

/// The readings of an ordered list `l` that later lists of its section go on: the numbers of
/// items they add, one reading per list taken in. A later list goes on when it goes on
/// numbering (the text interrupts "1." … a paragraph … "2.") or, with nothing but list items
/// since `l`, numbers anew (bullets part a list whose items' sub-points are not indented far
/// enough, and the next item is numbered "1." again).
fn continued(cx: &Context, l: &ListView, ordered: &Numbering) -> Vec<usize> {
    let first = l.items[0].1;
    let Some(&(start, len)) = ordered.get(&first.line) else { return Vec::new() };
    let (mut next, mut extra, mut prose) = (start + len as u64, 0usize, false);
    let top = match first.kind {
        UnitKind::ListItem { depth, .. } => depth,
        _ => 0,
    };
    let mut readings = Vec::new();
    let last = l.items.last().map_or(l.first, |(i, _)| *i);
    // (A bounded look ahead: a section of thousands of counted lists stays linear.)
    for u in cx.units[l.doc][last + 1..].iter().take(LOOK_AHEAD) {
        if u.section != first.section || u.kind == UnitKind::Heading {
            break;
        }
        match u.kind {
            // Nested lists go on only by their numbers: "- 1) …", "- 2) …" are one-item lists,
            // each in an item of a bullet list, numbered on.
            UnitKind::ListItem { index: 0, depth, .. } if depth == top => {
                if let Some(&(s, n)) = ordered.get(&u.line) {
                    if s == next || !prose && top == 0 {
                        next = s + n as u64;
                        extra += n;
                        readings.push(extra);
                    }
                }
            }
            UnitKind::ListItem { .. } => {}
            UnitKind::Paragraph if u.text.trim().is_empty() => {}
            _ => prose = true,
        }
    }
    readings
}

/// Whether the items of a list that follow its one blank line are remarks on the `count` items
/// before it: those run tight (one after another, nothing between), and each later item refers
/// back to them ("- most of them fit the second", "- both need a reviewer").
fn remarks_after(l: &ListView, count: f64) -> bool {
    gap_at_count(l, count) && l.items[count as usize..].iter().all(|(_, u)| refers_back(&u.text, count as usize))
}

/// Whether the list runs tight up to one blank line, after exactly `count` items: what follows
/// the blank line may be a further item or a remark on the ones before it.
fn gap_at_count(l: &ListView, count: f64) -> bool {
    let items = &l.items;
    let tight = |k: usize| {
        let (i, prev) = items[k - 1];
        let (j, next) = items[k];
        j == i + 1 && next.line == prev.line_at(prev.text.len()) + 1
    };
    let blank = |k: usize| {
        let (i, prev) = items[k - 1];
        let (j, next) = items[k];
        j == i + 1 && next.line > prev.line_at(prev.text.len()) + 1
    };
    let loose: Vec<usize> = (1..items.len()).filter(|&k| !tight(k)).collect();
    let [gap] = loose[..] else { return false };
    blank(gap) && (gap as f64 - count).abs() < 1e-9
}

/// Words that point back at entries already listed.
const BACK_REFERENCES: &[&str] = &["both", "either", "neither", "former", "latter", "these", "those"];

/// Whether `text` refers back to `n` entries before it: "both", "either", "those", "the second",
/// "the two", "all three".
fn refers_back(text: &str, n: usize) -> bool {
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    const ORDINALS: &[&str] = &["first", "second", "third", "fourth", "fifth", "sixth", "last"];
    words.iter().any(|w| BACK_REFERENCES.contains(&w.as_str()))
        || words.windows(2).any(|p| {
            (p[0] == "the" && ORDINALS.contains(&p[1].as_str()))
                || (p[0] == "the" || p[0] == "all")
                    && (number_word(&p[1]) == Some(n as f64) || p[1].parse::<usize>().ok() == Some(n))
        })
}

/// How many numbered entries go on inside the last item of a list of `n`: "2) … and 3) …" is
/// the third entry run on into the second item, as a numbered line inside a paragraph is read.
fn numbered_on(text: &str, n: usize) -> usize {
    let mut extra = 0;
    loop {
        let k = n + extra + 1;
        let (a, b) = (format!("{k})"), format!("({k})"));
        let found = text.split_whitespace().any(|w| w == a || w == b);
        if !found {
            return extra;
        }
        extra += 1;
    }
}

/// "three themes in the feedback: a, b, and c.": a count whose colon opens an enumeration that
/// ends its sentence. The items are the comma- or semicolon-separated parts, the last one joined
/// by "and" or "or"; when an item may itself hold an "and", every reading is allowed and only a
/// count no reading gives is reported.
fn inline_rule(cx: &Context, out: &mut Vec<Draft>) {
    for (d, units) in cx.units.iter().enumerate() {
        for (ui, u) in units.iter().enumerate() {
            if !matches!(u.kind, UnitKind::Paragraph | UnitKind::ListItem { .. } | UnitKind::Quote) {
                continue;
            }
            let all: Vec<&Quantity> = cx.quantities_of(d, ui).collect();
            if all.is_empty() || !u.text.contains(':') {
                continue;
            }
            for &(s, e) in cx.sentences(d, ui) {
                let from = all.partition_point(|q| q.start < s);
                let to = all.partition_point(|q| q.start < e);
                let qs = &all[from..to];
                // The colon must come within a few words of the count.
                let Some(colon) = u.text[s..e].find(':').map(|c| s + c) else { continue };
                for (k, q) in qs.iter().enumerate() {
                    if q.end > colon || colon - q.end > 80 {
                        continue;
                    }
                    if q.percent
                        || q.noun.is_empty()
                        || !counts_things(q, &u.text)
                        || q.qualifier != Qualifier::Exact
                        || !(2.0..=20.0).contains(&q.value)
                        || q.value.fract() != 0.0
                    {
                        continue;
                    }
                    let lead = &u.text[q.end..colon];
                    if lead.split_whitespace().count() > 6 || qs.get(k + 1).is_some_and(|o| o.start < colon) {
                        continue;
                    }
                    let body = u.text[colon + 1..e].trim().trim_end_matches(['.', ';', '!']).replace('\n', " ");
                    let Some((min, max)) = enumeration_readings(&body) else { continue };
                    let n = q.value as usize;
                    if n >= min && n <= max {
                        continue;
                    }
                    let lines = (u.line_at(colon), u.line_at(e.saturating_sub(1)));
                    out.push(draft(q, u, min, "items", lines, true));
                }
            }
        }
    }
}

/// The numbers of items an inline enumeration may be read as holding, when it reads as one:
/// two to twenty short parts, the last joined by "and" or "or" (with no comma when there are
/// two).
fn enumeration_readings(body: &str) -> Option<(usize, usize)> {
    // An aside in parentheses glosses its item ("`lease` (the current default, and preferred
    // mode)"): its commas part nothing.
    let mut depth = 0usize;
    let body: String = body
        .chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth = depth.saturating_sub(1);
                    return false;
                }
                _ => {}
            }
            depth == 0
        })
        .collect();
    let mut parts: Vec<&str> = body.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()).collect();
    // Two short items joined by one "and" or "or", with no comma ("two concepts: providers and
    // injectors") are read as the last two of a series.
    if let [only] = parts[..] {
        let joins: Vec<usize> = only.match_indices(" and ").chain(only.match_indices(" or ")).map(|(k, _)| k).collect();
        if let [k] = joins[..] {
            let (a, b) = (&only[..k], only[k + 1..].trim());
            // (Not a clause: "three reasons: we lack staff and funding" may go on after it.)
            if a.split_whitespace().count() <= 4 && b.split_whitespace().count() <= 5 && !opens_clause(a) {
                parts = vec![a, b];
            }
        }
    }
    // A part that opens a new clause ("…, and snow at night, and we want to log
    // these with…") ends the enumeration before it.
    if let Some(end) = parts.iter().skip(1).position(|p| opens_clause(p)) {
        parts.truncate(end + 1);
    }
    if parts.len() < 2 || parts.len() > 20 || parts.iter().any(|p| p.split_whitespace().count() > 8) {
        return None;
    }
    // A part that opens with a preposition or a relative word glosses the one before it
    // ("`--user`, for a personal install, and `--system`"): the parts are not the items.
    let gloss = |p: &str| {
        let p = p.strip_prefix("and ").or_else(|| p.strip_prefix("or ")).unwrap_or(p);
        let first = p.split_whitespace().next().unwrap_or("").to_lowercase();
        GLOSS_WORDS.contains(&first.as_str())
    };
    if parts.iter().skip(1).any(|p| gloss(p)) {
        return None;
    }
    // A part that opens with a verb goes on with a sentence ("`a`, the last one, is called the
    // tap, and `b` is called the feed"): the colon opened a sentence, not a list.
    let verb = |p: &str| {
        let p = p.strip_prefix("and ").or_else(|| p.strip_prefix("or ")).unwrap_or(p);
        let first = p.split_whitespace().next().unwrap_or("").to_lowercase();
        ["is", "are", "was", "were", "has", "have", "had", "will", "can", "must", "should", "may"].contains(&first.as_str())
    };
    if parts.iter().skip(1).any(|p| verb(p)) {
        return None;
    }
    // A part that is a verb and its object pronoun ("both writers compute the list, compare it
    // to the stored one, and write only on a difference") goes on with the actions of one
    // subject: they are the steps of one of the things counted, not the things.
    let acts_on = |p: &str| {
        let p = p.strip_prefix("and ").or_else(|| p.strip_prefix("or ")).unwrap_or(p);
        p.split_whitespace().nth(1).is_some_and(|w| ["it", "them"].contains(&w.to_lowercase().as_str()))
    };
    if parts.iter().skip(1).any(|p| acts_on(p)) {
        return None;
    }
    // Parts that open with figures ("4 workshops, 5 panels and 2 forums") are a breakdown of
    // the count (sum-mismatch), not an enumeration of it.
    let counted = |p: &str| {
        let p = p.strip_prefix("and ").or_else(|| p.strip_prefix("or ")).unwrap_or(p);
        p.starts_with(|c: char| c.is_ascii_digit())
            || p.split_whitespace().next().is_some_and(|w| number_word(w).is_some())
    };
    if parts.iter().any(|p| counted(p)) {
        return None;
    }
    let last = parts[parts.len() - 1];
    let oxford = last.starts_with("and ") || last.starts_with("or ");
    let inner = |p: &str| p.matches(" and ").count() + p.matches(" or ").count();
    if oxford {
        // The serial comma marks the last item: "and" inside the others is part of an item,
        // unless that item names things in the plural ("the calls to `open` and `close`").
        let plural_pair = |p: &str| {
            let head = p.split_whitespace().find(|w| !["the", "a", "an", "its", "their", "our"].contains(&w.to_lowercase().as_str()));
            inner(p) > 0 && head.is_some_and(|w| w.len() > 3 && w.ends_with('s') && !w.ends_with("ss"))
        };
        let pairs = parts[..parts.len() - 1].iter().filter(|p| plural_pair(p)).count();
        // An "and" inside the last part too ("`a` and `b` on the server, and `c` and `d` on
        // the client") makes the parts groups: each "and" may join two items.
        let last_inner = last.split_once(' ').map_or(0, |(_, rest)| inner(rest));
        if last_inner > 0 {
            let all: usize = parts[..parts.len() - 1].iter().map(|p| inner(p)).sum::<usize>() + last_inner;
            return Some((parts.len(), parts.len() + all));
        }
        return Some((parts.len(), parts.len() + pairs));
    }
    if inner(last) == 0 {
        return None;
    }
    let others: usize = parts[..parts.len() - 1].iter().map(|p| inner(p)).sum();
    Some((parts.len() + 1, parts.len() + inner(last) + others))
}

/// Whether a list item says, after its label, that there is none ("2021-08-11: No meeting this
/// week", "March 10 -- cancelled"). Without a label, an option named "No …" is an entry.
fn says_none_after_label(text: &str) -> bool {
    let t = text.trim();
    let label_end = [": ", " -- ", " – ", " — ", " - "].iter().filter_map(|sep| t.find(sep).map(|k| (k, sep.len()))).min();
    let Some(body) = label_end.filter(|&(k, _)| t[..k].split_whitespace().count() <= 4).map(|(k, n)| &t[k + n..]) else {
        return false;
    };
    let first = body.split_whitespace().next().unwrap_or("").to_lowercase();
    matches!(first.as_str(), "no" | "none" | "cancelled" | "canceled")
}

/// Whether a part of an enumeration opens a clause of its own: a subject pronoun, or a
/// conjunction that joins clauses, possibly after "and"/"or"/"but" ("and we want to…").
fn opens_clause(part: &str) -> bool {
    let subject = |w: &str| {
        reportkit_text::words::PERSONAL_SUBJECTS.contains(&w) || ["this", "these", "there", "which", "who"].contains(&w)
    };
    const CLAUSE: &[&str] = &["but", "while", "whereas", "although", "though", "because", "so", "yet"];
    let words: Vec<String> = part.split_whitespace().take(2).map(str::to_lowercase).collect();
    let (first, second) = (words.first().map_or("", String::as_str), words.get(1).map_or("", String::as_str));
    CLAUSE.contains(&first)
        || subject(first) && first != "this" && first != "these"
        || matches!(first, "and" | "or" | "but") && (subject(second) || second == "then")
}

/// Words that open a gloss on the part before them rather than a new item.
const GLOSS_WORDS: &[&str] =
    &["for", "to", "with", "which", "that", "who", "where", "in", "on", "as", "by", "from", "i.e.", "e.g.", "like"];

/// Whether a count names a column of figures ("12 singers" before "| Section | Singers |" over
/// rows of numbers): the column counts them row by row, and the rows are not what is counted.
fn counted_by_column(run: &[Unit], q: &Quantity) -> bool {
    let figure = |t: &str| {
        let t = t.trim();
        !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || " ,.%\u{a0}\u{202f}'".contains(c))
    };
    run.iter().any(|h| {
        let UnitKind::Cell { table, row: 0, col } = h.kind else { return false };
        let named = h.text.split(|c: char| !c.is_alphanumeric()).any(|w| {
            !w.is_empty() && q.noun.split(' ').take(2).any(|counted| singular(w) == counted)
        });
        let mut body = run.iter().filter(|u| {
            matches!(u.kind, UnitKind::Cell { table: t, row, col: c } if t == table && row > 0 && c == col)
        });
        col > 0 && named && body.clone().next().is_some() && body.all(|u| figure(&u.text))
    })
}

/// A header row whose cells name columns rather than hold an entry: every other row of the same
/// table has text too, and the header text is short, wordier than every entry below, or plain
/// where every entry below is a link ("Sub project (working group)" over linked names).
fn header_is_title(units: &[Unit], header: &Unit) -> bool {
    let UnitKind::Cell { table, .. } = header.kind else { return false };
    let body: Vec<&Unit> = units
        .iter()
        .filter(|u| {
            matches!(u.kind, UnitKind::Cell { table: t, row, col: 0 } if t == table && row > 0)
                && (u.text.chars().any(char::is_alphanumeric) || u.text.trim() == "*")
        })
        .collect();
    let linked = |u: &Unit| !u.links.is_empty();
    let words = |u: &Unit| u.text.split_whitespace().count();
    let longest = body.iter().map(|u| words(u)).max().unwrap_or(0);
    // A header wordier than every entry under it names the column ("Self-evident it has a
    // lifetime" over "Yes" and "No").
    !body.is_empty()
        && (words(header) <= 3 || words(header) > longest || !linked(header) && body.iter().all(|u| linked(u)))
}

#[cfg(test)]
mod tests {
    use super::enumeration_readings;
    use crate::test_support::drafts;

    const FOUR: &str = "\n\n- Dredge the basin.\n- Paint the bridge.\n- Fix the lamps.\n- Clear the weir.\n";

    #[test]
    fn a_clause_after_the_last_item_ends_the_enumeration() {
        let body = "calm water and wind, fog and rain, and snow at night, and we want to log these with care, \
                    patience, speed and rigour";
        assert_eq!(enumeration_readings(body), Some((3, 3)));
        let body = "oars, sails and rope, but we lost the anchor, the chain and the buoy";
        assert_eq!(enumeration_readings(body), Some((3, 3)));
        // Without the clause, every part counts.
        assert_eq!(enumeration_readings("oars, sails, rope, the anchor, and the buoy"), Some((5, 5)));
    }

    #[test]
    fn two_short_items_joined_by_and_are_two() {
        assert_eq!(enumeration_readings("providers and injectors"), Some((2, 2)));
        assert_eq!(enumeration_readings("`hghttp2` or `libwebsockets`"), Some((2, 2)));
        // A sentence after the colon, or three joined without commas, is no enumeration.
        assert_eq!(enumeration_readings("we will ask the owners and they will decide for the whole team"), None);
        assert_eq!(enumeration_readings("salt and pepper and oil"), None);
        assert_eq!(enumeration_readings("we lack staff and funding"), None);
        let d = drafts(super::check, "# Wire\n\nWire has three core concepts: providers and injectors.\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(drafts(super::check, "# Wire\n\nWire has two core concepts: providers and injectors.\n").is_empty());
    }

    #[test]
    fn a_figure_after_a_capitalised_noun_labels_what_follows() {
        for intro in ["Phase 2 tasks:", "The Phase\n2 tasks:", "Tier two tasks:"] {
            assert!(drafts(super::check, &format!("{intro}{FOUR}")).is_empty(), "{intro}");
        }
        for intro in ["Only 3 tasks:", "The 3 tasks:", "Consider 3 tasks:", "Agreed 3 tasks:", "3 tasks:"] {
            assert_eq!(drafts(super::check, &format!("{intro}{FOUR}")).len(), 1, "{intro}");
        }
    }

    #[test]
    fn items_after_the_blank_line_that_refer_back_are_remarks() {
        let head = "Keys come in two kinds:\n\n- brass keys for the\n  gate\n- steel keys for the shed\n\n";
        for remark in ["- most members hold\n  the second kind\n", "- both open the store\n", "- the two hang by the door\n"] {
            assert!(drafts(super::check, &format!("{head}{remark}")).is_empty(), "{remark}");
        }
        // A further kind, or a loose list throughout, is still counted.
        assert_eq!(drafts(super::check, &format!("{head}- copper keys for the box\n")).len(), 1);
        let loose = "Keys come in two kinds:\n\n- brass keys\n\n- steel keys\n\n- both hang by the door\n";
        assert_eq!(drafts(super::check, loose).len(), 1);
    }
}
