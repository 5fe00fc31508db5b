//! # repeated-item
//!
//! The same item appears twice in one list, one table column or one inline enumeration.
//!
//! ## What it does
//!
//! Compares items after collapsing white space and dropping surrounding punctuation and a
//! leading article:
//!
//! - the items of one list (nested lists are lists of their own), ignoring case; items that
//!   each carry a nested list are labels over it (a speaker's name over what they said) and
//!   repeat by design, and so do the steps of a sequence (an item opens with "then", "next",
//!   "finally", or the paragraph before the list speaks of steps, a sequence or an order), and
//!   so do actions, someone or something to do ("Omar to merge after call" after each of two
//!   motions, "Upgrade to 1.35." in the steps of a test), and the clauses of a numbered list
//!   of steps (three words or more, not all capitalised: "2. Created a suspended job");
//! - the first column of a table of at least 6 rows, ignoring case, when the column otherwise
//!   names distinct things (at most one surplus copy in ten cells); other columns hold
//!   categories or several rows per subject by design and are left alone. When the second
//!   column holds a different value on every row, rows that repeat the first cell but differ
//!   in the words of the second are different subjects (given names beside family names);
//! - the items of an inline enumeration: a series of at least three short items (at most four
//!   words each) separated by commas, the last one by "and" or "or", within one clause ("visited
//!   Lyon, Porto, Graz, Porto and Turku"); commas without that closing "and" or "or" separate
//!   clauses or the false starts of speech ("if we, like, if we"). Here case counts, and what
//!   reads as code is no item: identifiers mixing letters and digits, single characters,
//!   brackets and operators, and a repeated single lower-case word (`true, false, true`); nor
//!   is an item of pronouns and fillers alone ("you know", "I mean").
//!
//! Items with fewer than two letters (numbers, "1, 2, 3") are not compared. Items of 8 words or
//! more are left to `duplicate-passage`, and cells that are a bare URL to `duplicate-link`. The
//! finding points at the repeat and lists the earlier occurrence.
//!
//! ## Why is this bad?
//!
//! A repeated item is a slip that makes a list look longer than it is and usually hides the item
//! that should have been there instead: the one the author meant to type when the copy was made.
//!
//! ## Fix
//!
//! A list item written exactly as an earlier item of its list (same text, same case) is removed
//! (safe), when it is one paragraph on lines of its own followed by another item of the list;
//! with a blank line before the next item (a loose list) that line goes too. Repeats in table
//! columns and enumerations, or that differ in case or articles, get no fix: which copy was
//! meant, or what was meant instead, is the editor's call.
//!
//! ## Example
//!
//! Fails:
//!
//! ```markdown
//! The delegation visited Lyon, Porto, Graz, Porto and Turku.
//! ```
//!
//! Passes:
//!
//! ```markdown
//! The delegation visited Lyon, Porto, Graz, Bern and Turku.
//! ```

use rustc_hash::FxHashMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::Context;
use crate::violation::{Change, Diagnostic, Violation};
use crate::analysis::passages::{folded, MIN_WORDS};
use crate::analysis::units::{Unit, UnitKind};

type Draft = Diagnostic<RepeatedItem>;

/// An item listed twice in one list, table column or enumeration.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RepeatedItem {
    /// The repeated item, as written the second time.
    pub item: String,
    /// How often it appears.
    pub occurrences: usize,
    /// Where: "this list", "table column “Name”", "the enumeration “…”".
    pub within: String,
    /// The list, column or series, as a key.
    pub scope: String,
    /// The item folded for comparison.
    pub normalized: String,
}

impl Violation for RepeatedItem {
    const KEY: &'static [&'static str] = &["scope", "normalized"];

    fn message(&self) -> String {
        format!("“{}” appears {} in {}", self.item, times(self.occurrences), self.within)
    }
}

/// Longest item of an inline enumeration, in words.
const MAX_ITEM_WORDS: usize = 4;
/// Fewest body rows of a table whose first column is compared.
const TABLE_MIN_ROWS: usize = 6;

/// Pronouns, function words and fillers: an item of nothing else names nothing.
const SPOKEN: &[&str] = &[
    "i", "i'm", "i've", "i'd", "i'll", "you", "you're", "we", "we're", "he", "she", "it", "it's", "they", "they're",
    "me", "my", "your", "our", "their", "this", "that", "what", "when", "if", "so", "and", "or", "but", "on", "in",
    "of", "to", "the", "a", "an", "is", "was", "be", "know", "mean", "think", "guess", "like", "yeah", "yes", "no",
    "well", "um", "uh", "oh", "okay", "ok", "right", "just", "actually", "basically", "sure", "maybe",
];

/// How items are compared.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Items {
    /// List items and table cells: case is folded.
    Block,
    /// Items of an inline enumeration: case counts, and what looks like code (identifiers that
    /// mix letters and digits, single characters, brackets and operators) or a single
    /// lower-case word (`true, false, true`) is no item.
    Inline,
}

/// An item's comparison key: white space collapsed, surrounding punctuation and a leading
/// article dropped; `None` when it has fewer than two letters or is long enough to be a
/// passage. Punctuation inside stays, so "C" and "C++" differ.
fn item_key(text: &str, how: Items) -> Option<String> {
    let t = text
        .trim()
        .trim_matches(|c: char| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '*' | '"' | '\'' | '“' | '”'));
    let mut words: Vec<&str> = t.split_whitespace().take(MIN_WORDS + 1).collect();
    if words.len() > 1 && ["the", "a", "an"].iter().any(|a| words[0].eq_ignore_ascii_case(a)) {
        words.remove(0);
    }
    if words.len() >= MIN_WORDS || t.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return None;
    }
    let key = words.join(" ");
    if how == Items::Block {
        return Some(key.to_lowercase());
    }
    let code = |w: &&str| {
        w.chars().any(|c| c.is_alphabetic()) && w.chars().any(|c| c.is_ascii_digit())
            || w.contains(|c: char| "_<>{}()[]\\/=#@$%^&|~`".contains(c))
    };
    let one_lower_word = words.len() == 1 && !key.chars().any(char::is_uppercase);
    // Words of speech that name nothing ("you know", "I mean", "so we"): repeated, they are how
    // people talk, not an item listed twice.
    let spoken = words.iter().all(|w| SPOKEN.contains(&w.to_lowercase().trim_matches(|c: char| !c.is_alphabetic() && c != '\'')));
    (!words.iter().any(code) && !one_lower_word && !spoken).then_some(key)
}

/// The comparison key of a list item or table cell ([`item_key`]). An item that is nothing but
/// a link keeps its target in the key: "[proposal](a)" and "[proposal](b)" are two items.
fn block_key(u: &Unit) -> Option<String> {
    let key = item_key(&u.text, Items::Block)?;
    Some(match u.links.as_slice() {
        [(url, text)] if text.trim() == u.text.trim() => format!("{key} <{url}>"),
        _ => key,
    })
}

/// Occurrences (index, key) with a repeated key, grouped by key in order of first occurrence.
fn repeats<T: Copy>(items: &[(T, String)]) -> Vec<Vec<T>> {
    let mut order: Vec<&str> = Vec::new();
    let mut by: FxHashMap<&str, Vec<T>> = FxHashMap::default();
    for (t, k) in items {
        let e = by.entry(k.as_str()).or_default();
        if e.is_empty() {
            order.push(k);
        }
        e.push(*t);
    }
    order.into_iter().filter(|k| by[k].len() > 1).map(|k| by[k].clone()).collect()
}

fn times(n: usize) -> String {
    match n {
        2 => "twice".to_string(),
        n => format!("{n} times"),
    }
}

fn report(doc: usize, places: &[(u32, String)], what: &str, key_scope: &str, key: &str) -> Draft {
    let (line, shown) = &places[1];
    let v = RepeatedItem {
        item: shown.clone(),
        occurrences: places.len(),
        within: what.to_string(),
        scope: key_scope.to_string(),
        normalized: key.to_string(),
    };
    let mut d = Draft::new(v, doc, *line)
    .snippet(shown.clone())
    .hint("remove the repeat, or replace it with the item that was meant");
    d = d.related(doc, places[0].0, "first occurrence");
    for (l, _) in &places[2..] {
        d = d.related(doc, *l, "again");
    }
    d
}

/// The lines that remove item `k` of list `l`: its own lines, and the blank line after it in a
/// loose list. None when the item is the last (what follows it may continue it) or does not end
/// right before the next item.
fn removal(l: &crate::analysis::lists::ListView<'_>, k: usize) -> Vec<Change> {
    let (Some(&(i, item)), Some(&(j, next))) = (l.items.get(k), l.items.get(k + 1)) else { return Vec::new() };
    let end = item.line_at(item.text.len());
    if j != i + 1 || !(end + 1..=end + 2).contains(&next.line) {
        return Vec::new();
    }
    vec![Change::RemoveLines { line: item.line, end_line: next.line - 1 }]
}

/// Whether a list is a sequence of steps, where a step may come again ("fetch, read, fetch,
/// then compile"): an item opens with a word of sequence ("then", "next", "finally", "again"),
/// or the paragraph before the list speaks of steps, a sequence or an order.
fn sequence(cx: &Context, l: &crate::analysis::lists::ListView<'_>) -> bool {
    const OPENERS: &[&str] = &["then", "next", "finally", "afterwards", "again", "repeat"];
    const INTROS: &[&str] = &["step", "sequen", "in order", "in turn", "procedure", "workflow", "cycle"];
    let opens = |t: &str| {
        let first = t.split(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty()).unwrap_or("").to_lowercase();
        OPENERS.contains(&first.as_str())
    };
    let intro = l.first.checked_sub(1).and_then(|i| cx.units[l.doc].get(i)).filter(|u| u.kind == UnitKind::Paragraph);
    l.items.iter().any(|(_, u)| opens(&u.text))
        || intro.is_some_and(|u| {
            let t = u.text.to_lowercase();
            INTROS.iter().any(|w| t.contains(w))
        })
}

/// Whether an item is an action, someone or something to do ("Omar to merge after call", "Ana
/// will send the draft", "Upgrade to 1.35."): the same action follows each of several motions,
/// or comes twice in a test's steps.
fn action(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let (Some(who), Some(then)) = (words.next(), words.next()) else { return false };
    who.starts_with(char::is_uppercase) && ["to", "will"].contains(&then) && words.next().is_some()
}

fn list_items(cx: &Context, out: &mut Vec<Draft>) {
    for l in cx.lists() {
        let items: Vec<(usize, String)> = l
            .items
            .iter()
            .enumerate()
            .filter_map(|(k, (_, u))| block_key(u).map(|key| (k, key)))
            .collect();
        let groups = repeats(&items);
        if groups.is_empty() || sequence(cx, &l) {
            continue;
        }
        // (The fingerprint names the items by their text alone, as it did before link targets
        // were compared.)
        let scope: String =
            items.iter().map(|(k, _)| item_key(&l.items[*k].1.text, Items::Block).unwrap_or_default()).collect::<Vec<_>>().join(",");
        // An item that carries a nested list of its own is a label over it (a speaker's name
        // over what they said, a topic over its points): labels repeat by design.
        let labels = |k: usize| {
            let (i, u) = l.items[k];
            let depth = match u.kind {
                UnitKind::ListItem { depth, .. } => depth,
                _ => return false,
            };
            cx.units[l.doc]
                .get(i + 1)
                .is_some_and(|n| matches!(n.kind, UnitKind::ListItem { depth: d, .. } if d > depth))
        };
        for group in groups {
            let text = &l.items[group[0]].1.text;
            // A numbered list of steps ("2. Created a suspended job" … "5. Created a suspended
            // job"): an item that is a clause, not a name, comes again by design.
            let step = || {
                cx.numbering(l.doc).contains_key(&l.items[0].1.line)
                    && text.split_whitespace().count() >= 3
                    && text.split_whitespace().any(|w| w.starts_with(char::is_lowercase))
            };
            if group.iter().all(|&k| labels(k)) || action(text) || step() {
                continue;
            }
            let places: Vec<(u32, String)> =
                group.iter().map(|&k| (l.items[k].1.line, l.items[k].1.text.trim().replace('\n', " "))).collect();
            let key = item_key(&l.items[group[0]].1.text, Items::Block).unwrap_or_default();
            let (first, repeat) = (l.items[group[0]].1, l.items[group[1]].1);
            let mut d = report(l.doc, &places, "this list", &format!("list:{scope}"), &key);
            if first.text.trim() == repeat.text.trim() && !labels(group[1]) {
                d = d.safe_fix("Remove the repeated item", removal(&l, group[1]));
            }
            out.push(d);
        }
    }
}

fn is_bare_url(u: &Unit) -> bool {
    let t = u.text.trim();
    u.links.iter().any(|(url, _)| url.trim() == t) || t.starts_with("http://") || t.starts_with("https://")
}

fn table_columns(cx: &Context, out: &mut Vec<Draft>) {
    for (d, units) in cx.units.iter().enumerate() {
        // (table, col) -> body cells
        // (table, col), body cells, and their indices among the document's units.
        type Column<'u> = ((usize, usize), Vec<&'u Unit>, Vec<usize>);
        let mut cols: Vec<Column> = Vec::new();
        let mut at: FxHashMap<(usize, usize), usize> = FxHashMap::default();
        for (ui, u) in units.iter().enumerate() {
            if let UnitKind::Cell { table, row, col } = u.kind {
                if row == 0 || is_bare_url(u) {
                    continue;
                }
                let i = *at.entry((table, col)).or_insert_with(|| {
                    cols.push(((table, col), Vec::new(), Vec::new()));
                    cols.len() - 1
                });
                cols[i].1.push(u);
                cols[i].2.push(ui);
            }
        }
        for ((_, col), cells, at) in cols {
            // Other columns repeat by design (categories, a benchmark's several rows per
            // subject): only a long first column of names is compared.
            if col > 0 || cells.len() < TABLE_MIN_ROWS {
                continue;
            }
            let items: Vec<(usize, String)> = cells
                .iter()
                .enumerate()
                .filter_map(|(k, u)| block_key(u).map(|key| (k, key)))
                .collect();
            let mut groups = repeats(&items);
            // A first column that is only part of the row's name (given names beside family
            // names): when the next column names a different thing on every row, rows that
            // repeat the first cell but differ in the next one's words are different subjects.
            // A next column that repeats its own values holds categories ("Ann, Africa", "Ann,
            // Europe" is one Ann twice), and figures measure one subject twice.
            let next = |k: usize| {
                units
                    .get(at[k] + 1)
                    .filter(|n| matches!(n.kind, UnitKind::Cell { col: 1, .. }))
                    .map(|n| folded(&n.text))
            };
            let mut column: Vec<Option<String>> = (0..cells.len()).map(next).collect();
            let rows = column.len();
            column.sort_unstable();
            column.dedup();
            let compound = column.len() == rows;
            groups.retain(|g| {
                if !compound {
                    return true;
                }
                let mut seconds: Vec<Option<String>> = g.iter().map(|&k| next(k)).collect();
                let wordy = seconds
                    .iter()
                    .all(|s| s.as_ref().is_some_and(|s| !s.is_empty() && !s.bytes().any(|b| b.is_ascii_digit())));
                seconds.sort_unstable();
                seconds.dedup();
                !(wordy && seconds.len() == g.len())
            });
            let surplus: usize = groups.iter().map(|g| g.len() - 1).sum();
            if items.len() < 3 || surplus == 0 || surplus > (items.len() / 10).max(1) {
                continue;
            }
            let header = units
                .iter()
                .find(|u| matches!(u.kind, UnitKind::Cell { table, row: 0, col: c } if c == col && Some(table) == cell_table(cells[0])))
                .map(|u| u.text.trim().to_string())
                .filter(|t| !t.is_empty());
            let what = match header {
                Some(h) => format!("table column “{h}”"),
                None => format!("column {} of this table", col + 1),
            };
            for group in groups {
                let places: Vec<(u32, String)> =
                    group.iter().map(|&k| (cells[k].line, cells[k].text.trim().to_string())).collect();
                let key = item_key(&cells[group[0]].text, Items::Block).unwrap_or_default();
                out.push(report(d, &places, &what, &format!("column:{col}:{}", folded(&what)), &key));
            }
        }
    }
}

fn cell_table(u: &Unit) -> Option<usize> {
    match u.kind {
        UnitKind::Cell { table, .. } => Some(table),
        _ => None,
    }
}

/// Items of the inline enumerations of a text: byte ranges, one list per series.
pub(crate) fn enumerations(text: &str) -> Vec<Vec<(usize, usize)>> {
    // A line break is white space: a series may be wrapped anywhere ("NRK and⏎Aftenposten").
    // Both are one byte, so the ranges are those of `text`.
    let spaced;
    let text = if text.contains('\n') {
        spaced = text.replace('\n', " ");
        spaced.as_str()
    } else {
        text
    };
    let mut out = Vec::new();
    let b = text.as_bytes();
    // Clauses: a series never crosses these marks, sentence ends included (`–`, `—`, `“` and
    // `”` are E2 80 xx in UTF-8).
    let (mut clause_start, mut commas) = (0, 0);
    let mut i = 0;
    while i < b.len() {
        let width = match b[i] {
            b';' | b':' | b'(' | b')' | b'[' | b']' | b'.' | b'!' | b'?' | b'"' => 1,
            0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x93 | 0x94 | 0x9C | 0x9D)) => 3,
            b',' => {
                commas += 1;
                0
            }
            _ => 0,
        };
        if width > 0 {
            if commas >= 2 {
                series_in(text, clause_start, i, &mut out);
            }
            clause_start = i + width;
            commas = 0;
            i += width;
        } else {
            i += 1;
        }
    }
    if commas >= 2 {
        series_in(text, clause_start, b.len(), &mut out);
    }
    out
}

/// Where `needle` (ASCII, lower case) occurs first in `hay`, ignoring ASCII case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes().windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Words of a text, counted up to one more than an item may have.
fn words(t: &str) -> usize {
    t.split_whitespace().take(MAX_ITEM_WORDS + 1).count()
}

/// Split a clause at commas into series of short items.
fn series_in(text: &str, cs: usize, ce: usize, out: &mut Vec<Vec<(usize, usize)>>) {
    let clause = &text[cs..ce];
    let mut segs: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    for (i, _) in clause.match_indices(',') {
        segs.push((cs + from, cs + i));
        from = i + 1;
    }
    segs.push((cs + from, ce));
    if segs.len() < 3 {
        return;
    }
    let trim = |(a, b): (usize, usize)| -> (usize, usize) {
        let t = &text[a..b];
        let lead = t.len() - t.trim_start().len();
        let tail = t.trim_end().len();
        (a + lead, a + tail.max(lead))
    };
    let mut current: Vec<(usize, usize)> = Vec::new();
    // Only a series closed by "and" or "or" is an enumeration: commas alone also separate
    // clauses and the false starts of speech ("if we, like, if we").
    // A series whose parts open with a subject ("you rig, you wait, you hoist, you wait")
    // is a run of clauses, said for rhythm: not items.
    let clauses = |current: &[(usize, usize)]| {
        let opens = |&(a, b): &(usize, usize)| {
            text[a..b].split_whitespace().next().is_some_and(|w| reportkit_text::words::PERSONAL_SUBJECTS.contains(&w.to_lowercase().as_str()))
        };
        current.iter().filter(|r| opens(r)).count() * 2 > current.len()
    };
    let flush = |current: &mut Vec<(usize, usize)>, out: &mut Vec<Vec<(usize, usize)>>, closed: bool| {
        if closed && current.len() >= 3 && !clauses(current) {
            out.push(std::mem::take(current));
        }
        current.clear();
    };
    let n = segs.len();
    for (k, seg) in segs.into_iter().enumerate() {
        let (a, b) = trim(seg);
        let t = &text[a..b];
        if k == 0 {
            // The first segment carries the lead-in; only a short one is an item.
            if words(t) <= MAX_ITEM_WORDS && words(t) > 0 {
                current.push((a, b));
            }
            continue;
        }
        // "and"/"or" joins the last item (or opens a final segment).
        let last = k + 1 == n;
        let joined = if last {
            [" and ", " or "].iter().filter_map(|j| find_ci(t, j).map(|i| (i, j.len()))).min()
        } else {
            None
        };
        let opener = ["and ", "or "]
            .iter()
            .find(|o| t.as_bytes().get(..o.len()).is_some_and(|p| p.eq_ignore_ascii_case(o.as_bytes())))
            .map(|o| o.len());
        if let Some(skip) = opener {
            let rest = (a + skip, b);
            if words(&text[rest.0..rest.1]) <= MAX_ITEM_WORDS {
                current.push(rest);
            }
            flush(&mut current, out, true);
            continue;
        }
        // "A and B" in the middle of a series is one item ("Latin America and Caribbean").
        if words(t) <= MAX_ITEM_WORDS && joined.is_none() {
            current.push((a, b));
            continue;
        }
        if let Some((i, len)) = joined {
            let (x, y) = (trim((a, a + i)), trim((a + i + len, b)));
            if words(&text[x.0..x.1]) <= MAX_ITEM_WORDS && words(&text[y.0..y.1]) <= MAX_ITEM_WORDS {
                current.push(x);
                current.push(y);
            } else if words(&text[x.0..x.1]) <= MAX_ITEM_WORDS {
                current.push(x);
            }
            flush(&mut current, out, true);
            continue;
        }
        // A long segment breaks the series.
        flush(&mut current, out, false);
    }
    flush(&mut current, out, false);
}

fn inline_series(cx: &Context, out: &mut Vec<Draft>) {
    for (d, units) in cx.units.iter().enumerate() {
        for u in units {
            if !matches!(
                u.kind,
                UnitKind::Paragraph | UnitKind::ListItem { .. } | UnitKind::Quote | UnitKind::Cell { .. }
            ) {
                continue;
            }
            // A series has at least two commas.
            if u.text.bytes().filter(|&b| b == b',').take(2).count() < 2 {
                continue;
            }
            for series in enumerations(&u.text) {
                let items: Vec<((usize, usize), String)> = series
                    .iter()
                    .filter_map(|&(a, b)| item_key(&u.text[a..b], Items::Inline).map(|k| ((a, b), k)))
                    .collect();
                let scope = items.iter().map(|(_, k)| k.as_str()).collect::<Vec<_>>().join(",");
                for group in repeats(&items) {
                    let places: Vec<(u32, String)> =
                        group.iter().map(|&(a, b)| (u.line_at(a), u.text[a..b].to_string())).collect();
                    let key = item_key(&u.text[group[0].0..group[0].1], Items::Inline).unwrap_or_default();
                    let (a, _) = series[0];
                    let (_, b) = series[series.len() - 1];
                    let shown = u.text[a..b].replace('\n', " ");
                    let shown = if shown.chars().count() > 60 {
                        format!("{}…", shown.chars().take(60).collect::<String>().trim_end())
                    } else {
                        shown
                    };
                    let mut draft =
                        report(d, &places, &format!("the enumeration “{shown}”"), &format!("series:{scope}"), &key);
                    // The snippet marks the first match on its line: when the item stood earlier
                    // on the same line, mark it with the item before it ("Graz, Porto").
                    let (ra, rb) = group[1];
                    let line_start = u.line_start(ra);
                    if u.text[line_start..ra].contains(&u.text[ra..rb]) {
                        if let Some(&(pa, _)) = series.iter().rev().find(|&&(_, e)| e <= ra) {
                            if pa >= line_start {
                                draft.snippet = Some(u.text[pa..rb].to_string());
                            }
                        }
                    }
                    out.push(draft);
                }
            }
        }
    }
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    list_items(cx, &mut out);
    table_columns(cx, &mut out);
    inline_series(cx, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::drafts;

    fn items(text: &str) -> Vec<Vec<&str>> {
        enumerations(text).into_iter().map(|s| s.into_iter().map(|(a, b)| &text[a..b]).collect()).collect()
    }

    #[test]
    fn a_run_of_clauses_is_no_enumeration() {
        assert!(enumerations("It is like sailing: you rig, you wait, you hoist, you wait, you trim and you land.").is_empty());
        assert_eq!(enumerations("We need rope, sails, oars, rope and tar.").len(), 1);
    }

    #[test]
    fn enumerations_are_split_into_short_items() {
        assert_eq!(
            items("Covered by Xinhua, Bloomberg, Deutsche Welle, Digi, Altinget NRK and Aftenposten."),
            [vec!["Covered by Xinhua", "Bloomberg", "Deutsche Welle", "Digi", "Altinget NRK", "Aftenposten"]]
        );
        assert_eq!(items("Red, green, and blue."), [vec!["Red", "green", "blue"]]);
        // Dashes and semicolons end a series.
        assert_eq!(
            items("GDC 1, 2, 3 and 4 – SDG 1, 2, 3 or 4; more"),
            [vec!["GDC 1", "2", "3", "4"], vec!["SDG 1", "2", "3", "4"]]
        );
        // Without a closing "and" or "or", commas separate clauses or false starts.
        assert!(items("GDC 1, 2, 3 – SDG 1, 2, 3; more").is_empty());
        assert!(items("So for example, if we, like, if we start over, we lose it").is_empty());
        assert!(items("It was long, and it rained, which nobody had expected at all that day.").is_empty());
    }

    #[test]
    fn fillers_of_speech_are_no_items() {
        let d = drafts(check, "It was, you know, slow, you know, and late.\n\nWe met Bo, Ana, Cy, Ana and Di.\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.starts_with("“Ana” appears twice"), "{}", d[0].message);
    }

    #[test]
    fn a_repeat_in_a_sentence_is_reported_at_the_repeat() {
        let d = drafts(check, "# T\n\nCovered by Xinhua, AFP, Digi, Television Jamaica, Digi, NRK and Aftenposten.\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.starts_with("“Digi” appears twice in the enumeration"), "{}", d[0].message);
        assert_eq!(d[0].snippet.as_deref(), Some("Television Jamaica, Digi"), "marks the repeat, not the first");
        // Code is no enumeration of names; "C" is not "C++".
        assert!(drafts(check, "# T\n\nSizes u16, u32, u8, u16 and \\b, \\B, \\w; true, false, true.\n").is_empty());
        assert!(drafts(check, "# T\n\n- C\n- C++\n- Rust\n").is_empty());
        // Numbers repeat across separate series without a finding.
        assert!(drafts(check, "# T\n\n[GDC 1, 2, 3](#) – [SDG 1, 2, 3, 4](#); rights\n").is_empty());
    }

    #[test]
    fn lists_and_columns() {
        let d = drafts(check, "# T\n\n- Alpha\n- Beta\n- alpha.\n\n- Alpha\n- Gamma\n");
        assert_eq!(d.iter().map(|d| (d.line, d.related[0].line)).collect::<Vec<_>>(), [(5, 3)]);
        let table = "# T\n\n| Name | Region |\n|---|---|\n| Ann | Africa |\n| Bob | Africa |\n| Cy | Asia |\n\
                     | Di | Asia |\n| Ed | Europe |\n| Ann | Europe |\n";
        let d = drafts(check, table);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("table column “Name”"), "{}", d[0].message);
        assert_eq!(d[0].line, 10);
        // A short table repeats its subjects by design.
        let short = "# T\n\n| Name | Run |\n|---|---|\n| Ann | one |\n| Ann | two |\n| Bob | one |\n";
        assert!(drafts(check, short).is_empty());
        // Given names beside distinct family names are different people.
        let names = table
            .replace("Africa |\n| Bob | Africa", "Lind |\n| Bob | Ruiz")
            .replace("| Cy | Asia", "| Cy | Moss")
            .replace("| Di | Asia", "| Di | Kahn")
            .replace("| Ed | Europe", "| Ed | Vogt");
        assert!(drafts(check, &names).is_empty(), "{:?}", drafts(check, &names));
    }

    #[test]
    fn labels_over_nested_lists_repeat_by_design() {
        let text = "# T\n\n- Ann\n  - asked about the budget\n- Bob\n  - answered\n- Ann\n  - thanked him\n";
        assert!(drafts(check, text).is_empty(), "{:?}", drafts(check, text));
        let flat = "# T\n\n- Ann\n- Bob\n- Ann\n";
        assert_eq!(drafts(check, flat).len(), 1);
    }
}
