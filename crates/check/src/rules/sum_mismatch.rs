//! # sum-mismatch
//!
//! A stated total disagrees with the itemised parts that break it down.
//!
//! ## What it does
//!
//! Finds a total and its breakdown and adds the parts up:
//!
//! - a figure followed by a list whose every item gives a count with its label, before it ("N
//!   label") or after it ("Label: N", "Label – N things"; the item's only figure);
//! - a sentence "N things comprise a A, b B and c C" (also *consist of*, *made up of*,
//!   *composed of*, *broken down into*, *divided into*, *split into*);
//! - a figure followed in the same sentence by counts of what became of it, in words or digits
//!   ("twenty meetings were held, nineteen hosted by governments and one online").
//!
//! It reports the stated total, the sum, the difference, and every item as a related location.
//! Numbers that follow a figure without breaking it down are left alone: when no item mentions
//! what the total counts and the sum is far from it (different things counted), or when the first
//! item repeats the total.
//!
//! Two readings that look like a total and its parts are not:
//!
//! - a run of "Label: number" pairs ("Yes: 12 No: 4 Abstain: 1", one a line or run together,
//!   numbered labels too: "Worker 1: 3 CPU", "Worker 2: 1 CPU") is a record of values: its
//!   first value is no total of the others. Only a pair labelled as a
//!   total ("Total: 17") is read as one, first (its parts follow) or last (its parts come
//!   before it, as with a list's or table's total row);
//! - a count followed by as many bare numbers or more, with nothing counted after them ("two
//!   requests: 14 and 19"), names the things counted by their numbers, or gives a sequence:
//!   there is nothing to add up;
//! - parts that are each the subject of a clause with a modal verb ("three forms: two types
//!   must be identical, one type must be assignable …") state rules, not a breakdown.
//!
//! ## Why is this bad?
//!
//! A total that its own breakdown contradicts tells the reader that one of them is wrong, and
//! usually both get quoted. It is the kind of slip that survives every proofreading pass because
//! nobody adds the numbers up.
//!
//! ## Example
//!
//! Fails (the items add up to 9):
//!
//! ```markdown
//! 10 sessions at the meeting
//!
//! - 4 Workshops
//! - 5 Open Forum sessions
//! ```
//!
//! Passes:
//!
//! ```markdown
//! 9 sessions at the meeting
//!
//! - 4 Workshops
//! - 5 Open Forum sessions
//! ```

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::facts::{Qualifier, Quantity};
use crate::analysis::lists::{list_total, phrase, usable};
use reportkit_text::numbers::fmt_num;
use reportkit_text::words::is_participle;
use crate::analysis::Context;
use crate::violation::{Diagnostic, Violation};

type Draft = Diagnostic<SumMismatch>;

/// A total and the parts that do not add up to it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SumMismatch {
    /// The total as written ("10", "a total of 40").
    pub total: String,
    /// What the total counts, as written after it ("sessions"); empty when it names nothing.
    pub counts: String,
    /// The label of the total row, when the total is a table's or list's last row ("Total").
    pub total_row: Option<String>,
    /// The column of the total row's figure, counted from 0, when that row holds several.
    pub column: Option<usize>,
    /// The stated total.
    pub expected: f64,
    /// What the parts add up to.
    pub actual: f64,
    /// `actual - expected`.
    pub difference: f64,
    /// How many parts.
    pub items: usize,
    /// What the parts are ("items", "parts", "rows").
    pub parts: String,
    /// The parts as written, each with the words it counts ("4 workshops").
    pub breakdown: Vec<String>,
}

impl Violation for SumMismatch {
    const KEY: &'static [&'static str] = &["counts", "total_row", "column", "breakdown"];

    fn message(&self) -> String {
        let more = if self.difference < 0.0 { "fewer" } else { "more" };
        let (sum, diff) = (fmt_num(self.actual), fmt_num(self.difference.abs()));
        match &self.total_row {
            Some(label) => format!(
                "the {label} row states {} but the {} {} above it add up to {sum} ({diff} {more})",
                self.total, self.items, self.parts
            ),
            None => {
                let what = if self.counts.is_empty() { String::new() } else { format!(" {}", self.counts) };
                format!(
                    "stated total {}{what} does not match its breakdown: {} {} add up to {sum} ({diff} {more})",
                    self.total, self.items, self.parts
                )
            }
        }
    }
}

const COMPOSE: &[&str] = &[
    "comprise",
    "comprises",
    "comprised",
    "comprising",
    "consist of",
    "consists of",
    "consisted of",
    "consisting of",
    "made up of",
    "composed of",
    "broken down into",
    "divided into",
    "split into",
    "namely",
];

fn draft(cx: &Context, total: &Quantity, parts: &[&Quantity], how: &str) -> Option<Draft> {
    let sum: f64 = parts.iter().map(|p| p.value).sum();
    if total.allows(sum) {
        return None;
    }
    let unit = cx.unit(total.doc, total.unit);
    let diff = sum - total.value;
    let counts = if total.noun.is_empty() { String::new() } else { unit_noun(unit, total) };
    let v = SumMismatch {
        total: total.written.clone(),
        counts,
        total_row: None,
        column: None,
        expected: total.value,
        actual: sum,
        difference: diff,
        items: parts.len(),
        parts: how.to_string(),
        breakdown: parts.iter().map(|p| phrase(cx.unit(p.doc, p.unit), p)).collect(),
    };
    let mut d = Draft::new(v, total.doc, total.line)
    .snippet(total.written.clone())
    .hint("correct the total or the item that is off; `reportkit facts` lists every figure");
    for p in parts {
        let u = cx.unit(p.doc, p.unit);
        let note = u.excerpt(p.start, NOTE_CHARS);
        d = d.related(p.doc, p.line, note);
    }
    Some(d)
}

/// The noun phrase as written after the figure (for messages).
fn unit_noun(unit: &crate::analysis::units::Unit, q: &Quantity) -> String {
    let rest = unit.text[q.end..].trim_start();
    let n = q.noun.split(' ').count();
    rest.split_whitespace().take(n).collect::<Vec<_>>().join(" ").trim_end_matches([',', '.', ':', ';']).to_string()
}

/// A figure followed by a list of counted items.
fn lists_rule(cx: &Context, out: &mut Vec<Draft>) {
    for l in cx.lists() {
        if let Some(t) = list_total(cx, &l) {
            if identifies(t.total, &t.leads) {
                continue;
            }
            out.extend(draft(cx, t.total, &t.leads, "items"));
        }
    }
}

/// Whether `parts` are the numbers of the things `total` counts rather than counts of them: as
/// many bare figures as the total says or more, nothing counted after any of them ("two
/// requests: 14 and 19"). (Were they counts, they would add up to the total only if each were
/// 1, or some 0.)
fn identifies(total: &Quantity, parts: &[&Quantity]) -> bool {
    // As many items as the total counts: the total counts them, and a figure each opens with
    // names it ("2 tracks: 101 Harbour Basics Track, 201 Open Water Track"). A total with a
    // fraction over whole parts is no total of them ("Quick 2.31 plan update: 10 at risk, 5
    // confirmed").
    if parts.len() >= 2 && (parts.len() as f64 - total.value).abs() < 1e-9 && parts.iter().any(|p| p.value != 1.0)
        || total.value.fract() != 0.0 && parts.iter().all(|p| p.value.fract() == 0.0)
    {
        return true;
    }
    // More bare figures than the total counts cannot be counts of it (some would be 0): they
    // are a sequence ("two bits must count up: 0, 1, 2, 3, 0, 1, 2, 3").
    parts.len() as f64 >= total.value - 1e-9 && parts.iter().all(|p| p.noun.is_empty() && !p.percent)
}

/// The label of a figure written as the value of a "Label: number" pair ("no" in "No: 4"), lower
/// case: the word right before the colon that right precedes it. `lower` is its unit's text in
/// lower case, line breaks as spaces.
fn pair_label<'a>(lower: &'a str, q: &Quantity) -> Option<&'a str> {
    if q.lead != q.start {
        return None;
    }
    let before = lower[..q.start].trim_end().strip_suffix(':')?;
    let mut words = before.rsplit(char::is_whitespace);
    let mut word = words.next()?;
    // A numbered label ("Container 2: 1 CPU", "Site 3: 40") is a label too.
    if !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()) {
        word = words.next()?;
    }
    (!word.is_empty() && word.chars().all(|c| c.is_alphabetic() || c == '-' || c == '/')).then_some(word)
}

/// A unit stating at least three figures: those figures, its text in ASCII lower case
/// with line breaks as spaces (same byte offsets, so the figures index it; cue words match
/// however the paragraph is wrapped), and its sentences.
type WithFigures<'a> = (Vec<&'a Quantity>, String, &'a [(usize, usize)]);

/// The units stating at least three figures that `keep` accepts.
fn units_with_figures<'a, 'c>(
    cx: &'a Context<'c>,
    keep: fn(&Quantity) -> bool,
) -> impl Iterator<Item = WithFigures<'a>> + use<'a, 'c> {
    cx.units.iter().enumerate().flat_map(move |(d, units)| {
        units.iter().enumerate().filter_map(move |(ui, u)| {
            let qs: Vec<&Quantity> = cx.quantities_of(d, ui).filter(|q| keep(q)).collect();
            (qs.len() >= 3).then(|| {
                (qs, u.text.to_ascii_lowercase().replace(['\n', '\r', '\t'], " "), cx.sentences(d, ui))
            })
        })
    })
}

/// "N X comprise a A, b B and c C" and "N X …, a hosted … and b held …" within one sentence.
fn sentence_rule(cx: &Context, out: &mut Vec<Draft>) {
    for (qs, lower, sents) in units_with_figures(cx, usable) {
        for &(s, e) in sents {
            let inside: Vec<&Quantity> = qs.iter().copied().filter(|q| q.start >= s && q.end <= e).collect();
            if inside.len() < 3 {
                continue;
            }
            let total = inside[0];
            let rest = &inside[1..];
            // Composition verb between the total and the parts.
            let between = &lower[total.end..rest[0].start];
            let composed = COMPOSE.iter().any(|k| between.contains(k)) || between.trim_end().ends_with(':');
            // Or parts that say what became of the total, each with a participle ("nineteen
            // hosted by …, and one conducted …"), the last joined by "and".
            let what_became = rest.iter().all(|p| {
                let first = p.noun.split(' ').next().unwrap_or("");
                is_participle(first)
            }) && lower[rest[rest.len() - 2].end..rest[rest.len() - 1].start].contains(" and ")
                && lower[total.end..rest[0].start].contains(',');
            if !(composed || what_became) || total.noun.is_empty() {
                continue;
            }
            if (rest[0].value - total.value).abs() < 1e-9 || identifies(total, rest) {
                continue;
            }
            // Parts that are each the subject of a clause ("three forms: two types must be
            // identical, one type must be assignable …") state rules, not a breakdown.
            let clause = |p: &&Quantity| {
                p.noun.split(' ').any(|w| ["must", "can", "should", "will", "may", "might", "could", "would", "shall"].contains(&w))
            };
            if rest.iter().all(clause) {
                continue;
            }
            // "Yes: 12 No: 4 Abstain: 1": values recorded side by side, unless the first pair
            // says it is their total ("Total: 17 Yes: 12 …").
            let label = pair_label(&lower, total);
            if label.is_some_and(|l| !TOTAL_LABELS.contains(&l)) && pair_label(&lower, rest[0]).is_some() {
                continue;
            }
            let Some(mut d) = draft(cx, total, rest, "parts") else { continue };
            // "Total: 17 Yes: 12 …": the word after the total is the first part's label.
            if label.is_some() {
                d.violation.counts.clear();
            }
            out.push(d);
        }
    }
}

/// Labels of an item or row that states the total of the items or rows above it.
const TOTAL_LABELS: &[&str] = &["total", "grand total", "overall", "all", "sum", "combined"];

/// The label a list item or first cell opens with, lower case, without a trailing colon.
fn label_of(text: &str) -> String {
    let t = text.trim();
    let end = t.find(|c: char| c == ':' || c.is_ascii_digit()).unwrap_or(t.len());
    t[..end].trim().trim_end_matches(['-', '–', '(']).trim().to_lowercase()
}

/// The plain counts a text states, in order (thousands separators read; shares, decimals and
/// figures glued to letters left out): "68% (75/110)" gives 75 and 110.
fn plain_counts(text: &str) -> Vec<f64> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.') {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut digits = String::new();
        while j < b.len() && (b[j].is_ascii_digit() || b[j] == b',' && b.get(j + 1).is_some_and(u8::is_ascii_digit)) {
            if b[j] != b',' {
                digits.push(b[j] as char);
            }
            j += 1;
        }
        let next = b.get(j).copied();
        let share_or_decimal = next == Some(b'%') || next == Some(b'.') && b.get(j + 1).is_some_and(u8::is_ascii_digit);
        if !share_or_decimal && !next.is_some_and(|c| c.is_ascii_alphabetic()) {
            if let Ok(v) = digits.parse::<f64>() {
                out.push(v);
            }
        }
        i = j.max(i + 1);
    }
    out
}

/// Rows (list items or table rows) whose last one is labelled as their total: every column of
/// counts must add up ("Current: 227/254", "New: 75/110", "Total: 302/364").
fn total_rows(cx: &Context, rows: &[(u32, String, String)], doc: usize, what: &str, out: &mut Vec<Draft>) {
    if rows.len() < 3 {
        return;
    }
    let (last, parts) = rows.split_last().expect("three or more");
    if !TOTAL_LABELS.contains(&last.1.as_str()) || parts.iter().any(|r| TOTAL_LABELS.contains(&r.1.as_str())) {
        return;
    }
    let totals = plain_counts(&last.2);
    let columns: Vec<Vec<f64>> = parts.iter().map(|r| plain_counts(&r.2)).collect();
    if totals.is_empty() || columns.iter().any(|c| c.len() != totals.len()) {
        return;
    }
    for (k, total) in totals.iter().enumerate() {
        let sum: f64 = columns.iter().map(|c| c[k]).sum();
        if (sum - total).abs() < 1e-9 {
            continue;
        }
        let diff = sum - total;
        let v = SumMismatch {
            total: fmt_num(*total),
            counts: String::new(),
            total_row: Some(last.1.clone()),
            column: (totals.len() > 1).then_some(k),
            expected: *total,
            actual: sum,
            difference: diff,
            items: parts.len(),
            parts: what.to_string(),
            breakdown: parts.iter().map(|r| r.1.clone()).collect(),
        };
        let mut d = Draft::new(v, doc, last.0).snippet(fmt_num(*total)).hint("correct the total or the row that is off");
        for r in parts {
            d = d.related(doc, r.0, format!("{}: {}", r.1, r.2.trim()));
        }
        let _ = cx;
        out.push(d);
    }
}

/// The "Label: number" pairs a paragraph consists of, three or more, when it holds nothing
/// else: (line, label in lower case, the value as written). Read on the text with its line
/// breaks as spaces, so one pair a line and pairs run together read the same.
fn label_pairs(u: &crate::analysis::units::Unit) -> Option<Vec<(u32, String, String)>> {
    // Three pairs or more: three colons at least.
    u.text.matches(':').nth(2)?;
    let text = u.text.replace(['\n', '\r', '\t'], " ");
    let b = text.as_bytes();
    let skip = |mut i: usize| {
        while i < b.len() && (b[i] == b' ' || b[i] == b',' || b[i] == b';') {
            i += 1;
        }
        i
    };
    let mut rows = Vec::new();
    let mut i = skip(0);
    // A lead-in that names the values ("Ballot on the pond:").
    if let Some(c) = text.find(':') {
        let after = skip_spaces(b, c + 1);
        if !text[..c].contains(|ch: char| ch.is_ascii_digit()) && !b.get(after).is_some_and(u8::is_ascii_digit) {
            i = after;
        }
    }
    while i < b.len() {
        let colon = i + text[i..].find(':')?;
        let label = text[i..colon].trim();
        let words = label.split_whitespace().count();
        if !(1..=3).contains(&words) || !label.chars().all(|c| c.is_alphabetic() || " -/()'".contains(c)) {
            return None;
        }
        let v = skip_spaces(b, colon + 1);
        let mut e = v;
        while e < b.len() && (b[e].is_ascii_digit() || b[e] == b',' && b.get(e + 1).is_some_and(u8::is_ascii_digit)) {
            e += 1;
        }
        if e == v || b.get(e).is_some_and(|&c| !matches!(c, b' ' | b',' | b';' | b'.')) {
            return None;
        }
        rows.push((u.line_at(i), label.to_lowercase(), text[v..e].to_string()));
        i = skip(e + usize::from(b.get(e) == Some(&b'.')));
    }
    (rows.len() >= 3).then_some(rows)
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    i
}

/// Lists, tables and paragraphs of "Label: number" pairs that end in a total row.
fn total_row_rule(cx: &Context, out: &mut Vec<Draft>) {
    for (d, units) in cx.units.iter().enumerate() {
        for u in units.iter().filter(|u| matches!(u.kind, crate::analysis::units::UnitKind::Paragraph)) {
            if let Some(rows) = label_pairs(u) {
                total_rows(cx, &rows, d, "values", out);
            }
        }
    }
    for l in cx.lists() {
        let rows: Vec<(u32, String, String)> = l
            .items
            .iter()
            .map(|(_, u)| {
                let label = label_of(&u.text);
                let rest = u.text.trim().get(label.len()..).unwrap_or("").to_string();
                (u.line, label, rest)
            })
            .collect();
        total_rows(cx, &rows, l.doc, "items", out);
    }
    for (d, units) in cx.units.iter().enumerate() {
        let mut tables: std::collections::BTreeMap<usize, Vec<(u32, String, String)>> = Default::default();
        for u in units {
            if let crate::analysis::units::UnitKind::Cell { table, col, .. } = u.kind {
                let rows = tables.entry(table).or_default();
                if col == 0 {
                    rows.push((u.line, u.text.trim().trim_matches('*').trim().to_lowercase(), String::new()));
                } else if let Some(r) = rows.last_mut() {
                    // One column per cell, so that "1,200" in one cell is one figure.
                    let cell = u.text.trim();
                    r.2.push_str(if cell.is_empty() { " -" } else { " " });
                    r.2.push_str(cell);
                }
            }
        }
        // Every cell a single count (or empty, which no column may have).
        let counts = |r: &(u32, String, String)| {
            r.2.split_whitespace().all(|c| {
                plain_counts(c).len() == 1 && c.trim_start_matches(|ch: char| ch.is_ascii_digit() || ch == ',').is_empty()
            })
        };
        for rows in tables.values_mut() {
            // The header row names the columns, unless it holds counts itself (a table whose
            // first row of data stands where the header goes: "| FAILING | 16 |").
            if rows.first().is_some_and(|r| !counts(r) || r.2.trim().is_empty()) {
                rows.remove(0);
            }
            if !rows.is_empty() && rows.iter().all(counts) {
                total_rows(cx, rows, d, "rows", out);
            }
        }
    }
}

/// Words that introduce the part that completes a whole ("the remaining 2", "That left 1,361").
const REMAINDER: &[&str] = &["remaining", "the rest", "the other", "left", "leaving", "rest of"];

/// "Out of 67 X, 65 … and the remaining 2 …" and "Of the 5,096 X, 3,735 were … That left 1,361
/// …": a total stated first, then parts the last of which completes it.
fn remainder_rule(cx: &Context, out: &mut Vec<Draft>) {
    for (qs, lower, sents) in units_with_figures(cx, usable) {
        for (k, &(s, e)) in sents.iter().enumerate() {
            let head = lower[s..e].trim_start();
            let at = s + (lower[s..e].len() - head.len());
            let Some(after) = head.strip_prefix("out of ").or_else(|| head.strip_prefix("of ")) else { continue };
            let after = after.strip_prefix("the ").unwrap_or(after);
            let Some(total) = qs.iter().copied().find(|q| q.start == at + (head.len() - after.len())) else {
                continue;
            };
            if total.noun.is_empty() || !lower[total.end..e].contains(',') {
                continue;
            }
            let mut parts: Vec<&Quantity> = qs.iter().copied().filter(|q| q.start > total.end && q.end <= e).collect();
            // "That left 1,361 …" in the next sentence completes the whole.
            if let Some(&(s2, e2)) = sents.get(k + 1) {
                let next = lower[s2..e2].trim_start();
                if ["that left", "this left", "which left", "leaving"].iter().any(|p| next.starts_with(p)) {
                    parts.extend(qs.iter().copied().filter(|q| q.start >= s2 && q.end <= e2).take(1));
                }
            }
            if parts.len() < 2 || parts.len() > 6 || parts.iter().any(|p| p.qualifier != Qualifier::Exact) {
                continue;
            }
            let last = parts[parts.len() - 1];
            let before = &lower[parts[parts.len() - 2].end..last.start];
            let cue = before.rsplit([',', ';', '.']).next().unwrap_or(before);
            if !REMAINDER.iter().any(|r| cue.contains(r)) {
                continue;
            }
            // Every part counts what the total counts, or names nothing else.
            if parts.iter().any(|p| {
                !p.noun.is_empty() && p.head() != total.head() && !p.noun.split(' ').next().is_some_and(is_participle)
            }) {
                continue;
            }
            if parts.iter().any(|p| p.value >= total.value) {
                continue;
            }
            out.extend(draft(cx, total, &parts, "parts"));
        }
    }
}

/// "A (41%), B (35%). Together these made up 76%": a total stated after its parts, in the next
/// sentence, with "together", "combined" or "in total". Reported only when no run of two or more
/// of the parts adds up to it.
fn together_rule(cx: &Context, out: &mut Vec<Draft>) {
    const CUES: &[&str] = &["together", "combined", "in total", "altogether", "between them"];
    for (qs, lower, sents) in units_with_figures(cx, |_| true) {
        for w in sents.windows(2) {
            let ((s1, e1), (s2, e2)) = (w[0], w[1]);
            let this = &lower[s2..e2];
            // "Together with those from other coasts, the port hosts 2 million": a larger whole, not
            // the sum of the figures before.
            let cued = CUES.iter().any(|c| this.match_indices(c).any(|(at, _)| !this[at + c.len()..].trim_start().starts_with("with")));
            if !cued {
                continue;
            }
            let totals: Vec<&Quantity> = qs.iter().copied().filter(|q| q.start >= s2 && q.end <= e2).collect();
            let parts: Vec<&Quantity> = qs.iter().copied().filter(|q| q.start >= s1 && q.end <= e1).collect();
            let [total] = totals[..] else { continue };
            if !same_kind(total, &parts) {
                continue;
            }
            if parts.len() < 2
                || parts.len() > 5
                || total.qualifier != Qualifier::Exact
                || parts
                    .iter()
                    .any(|p| p.percent != total.percent || p.qualifier != Qualifier::Exact || p.value >= total.value)
            {
                continue;
            }
            let half = |q: &Quantity| {
                if q.percent || q.decimals > 0 {
                    q.rounding()
                } else {
                    0.0
                }
            };
            let fits = (0..parts.len()).any(|a| {
                (a + 2..=parts.len()).any(|b| {
                    let run = &parts[a..b];
                    let sum: f64 = run.iter().map(|p| p.value).sum();
                    let tol: f64 = run.iter().map(|p| half(p)).sum::<f64>() + half(total) + 1e-9;
                    (sum - total.value).abs() <= tol
                })
            });
            if fits {
                continue;
            }
            let sum: f64 = parts.iter().map(|p| p.value).sum();
            let tol: f64 = parts.iter().map(|p| half(p)).sum::<f64>() + half(total);
            if (sum - total.value).abs() <= tol + 1e-9 {
                continue;
            }
            out.extend(draft(cx, total, &parts, "figures before it"));
        }
    }
}

/// Whether figures before a total can be its parts: none is a span of time ("in the first
/// eight months"), and parts that all count one thing count what the total counts
/// ("3,000 sailors … 5,000 sailors" are not parts of "2 million people").
fn same_kind(total: &Quantity, parts: &[&Quantity]) -> bool {
    let head = |q: &Quantity| q.noun.split_whitespace().last().map(|w| reportkit_text::words::singular(&w.to_lowercase()));
    if parts.iter().any(|p| head(p).is_some_and(|h| reportkit_text::words::TIME_UNITS.contains(&h.as_str()))) {
        return false;
    }
    let heads: Vec<Option<String>> = parts.iter().map(|p| head(p)).collect();
    match (&heads[..], head(total)) {
        ([Some(first), rest @ ..], Some(t)) if rest.iter().all(|h| h.as_ref() == Some(first)) => *first == t,
        _ => true,
    }
}

/// Longest note on a part, in characters.
const NOTE_CHARS: usize = 100;

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    lists_rule(cx, &mut out);
    sentence_rule(cx, &mut out);
    total_row_rule(cx, &mut out);
    remainder_rule(cx, &mut out);
    together_rule(cx, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use crate::test_support::drafts;

    #[test]
    fn label_value_pairs_read_the_same_however_wrapped() {
        for text in ["Yes: 5\nNo: 12\nAway: 4\nLate: 0\n", "Yes: 5 No: 12\nAway: 4 Late: 0\n", "Yes: 5, No: 12, Away: 4, Late: 0\n"] {
            assert!(drafts(super::check, text).is_empty(), "{text}");
        }
        for text in ["Vote:\nYes: 5\nNo: 12\nTotal: 18\n", "Vote: Yes: 5 No: 12\nTotal: 18\n"] {
            let d = drafts(super::check, text);
            assert_eq!(d.len(), 1, "{text}");
            assert!(d[0].message.contains("states 18") && d[0].message.contains("add up to 17"), "{}", d[0].message);
        }
    }

    #[test]
    fn numbered_names_fractions_and_a_header_of_data() {
        // As many items as counted: the figures name the tracks.
        let text = "The workshops have 2 tracks:\n\n- 101 Harbour Basics Track: for new members\n- 201 Open Water Track: for members who sail\n";
        assert!(drafts(super::check, text).is_empty(), "{:?}", drafts(super::check, text));
        assert!(drafts(super::check, "Quick 2.31 plan update: 10 at risk, 5 confirmed.\n").is_empty());
        // A first row of data where the header goes is a part like the others.
        let table = |total: u32| format!("| FAILING | 16 |\n| :--- | ---: |\n| FLAKY | 26 |\n| PASSING | 45 |\n| **Grand Total** | **{total}** |\n");
        assert!(drafts(super::check, &table(87)).is_empty());
        let d = drafts(super::check, &table(95));
        assert!(d.len() == 1 && d[0].message.contains("95"), "{d:?}");
    }

    #[test]
    fn bare_numbers_as_many_as_counted_name_the_things() {
        assert!(drafts(super::check, "It is fixed in these three tickets: 41, 57 and 63.\n").is_empty());
        let d = drafts(super::check, "It took 12 tickets: 4, 5 and 2.\n");
        assert_eq!(d.len(), 1);
        // More bare numbers than counted: a sequence, not a breakdown.
        assert!(drafts(super::check, "The two low bits must count up: 0, 1, 2, 3, 0, 1, 2, 3.\n").is_empty());
    }

    #[test]
    fn clauses_with_a_modal_verb_are_rules_not_parts() {
        let text = "Such equations come in three forms: two values must be equal, one value must be \
                    smaller than the other, or one value must divide the other.\n";
        assert!(drafts(super::check, text).is_empty(), "{:?}", drafts(super::check, text));
        assert_eq!(drafts(super::check, "The 30 seats are made up of 12 elected seats, 10 appointed seats and 9 open seats.\n").len(), 1);
    }

    #[test]
    fn composition_sentences_with_letters_that_grow_when_lowercased() {
        // "İ" lowercases to two characters: the sentence must still be read, not panic.
        let d = drafts(super::check, "İİİİ 10 sessions comprise 4 workshops, 5 forums and 2 talks.\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("add up to 11"), "{}", d[0].message);
    }
}
