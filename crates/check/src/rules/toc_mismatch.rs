//! # toc-mismatch
//!
//! A table of contents does not match the document's headings.
//!
//! ## What it does
//!
//! Finds a table of contents and compares its entries with the headings after it. A contents is
//! a table or list (nested lists included) of at least three entries, four in five of them
//! either one link to an in-page anchor (`[Title](#anchor)`, optionally followed by a short
//! tail such as "by Author"), or page-numbered ("Title ..... 12" with a dot leader, or
//! "Title 12" under a "Contents" heading; "label: 12" is a count, not a page). A list of
//! sentences that merely contain in-page links is a summary, not a contents.
//!
//! - an entry whose anchor leads to a heading worded differently (anchors resolve against
//!   heading ids, explicit `{#id}` / `<h2 id>` ones included, and against title slugs);
//! - an entry that matches no heading (comparison ignores case, punctuation, dot leaders,
//!   leading section numbers such as "5.6." and a trailing parenthetical note, but not wording
//!   or spelling: a dropped diacritic is a different spelling); the closest heading is
//!   suggested;
//! - a heading the contents skip: at the depth of the shallowest heading listed, between the
//!   first and the last heading listed (a contents may cover only part of a document);
//! - entries whose headings come in a different order.
//!
//! ## Why is this bad?
//!
//! The contents page is how readers find their way; an entry that names a chapter differently,
//! or a chapter it forgets, sends them looking for something that is not there.
//!
//! ## Fix
//!
//! An entry that links to a heading worded differently is renamed to the heading's wording
//! (safe: the link says which heading it means). An entry that matches no heading is renamed to
//! the closest heading's wording (unsafe: the closest is a guess). A leading section number of
//! the entry is kept; an entry written with markup, or a heading whose wording would need
//! escaping in the entry, gets no fix.
//!
//! ## Example
//!
//! Fails ("Annex A: Statistics" is not the heading's wording):
//!
//! ```markdown
//! # Report
//!
//! ## Contents
//!
//! - Introduction ..... 3
//! - Annex A: Statistics ..... 9
//! - Annex B: Speakers ..... 12
//!
//! ## Introduction
//!
//! Text.
//!
//! ## Annex A: Meeting Statistics
//!
//! Text.
//!
//! ## Annex B: Speakers
//!
//! Text.
//! ```
//!
//! Passes:
//!
//! ```markdown
//! # Report
//!
//! ## Contents
//!
//! - Introduction ..... 3
//! - Annex A: Meeting Statistics ..... 9
//! - Annex B: Speakers ..... 12
//!
//! ## Introduction
//!
//! Text.
//!
//! ## Annex A: Meeting Statistics
//!
//! Text.
//!
//! ## Annex B: Speakers
//!
//! Text.
//! ```

use std::collections::HashMap;

use reportkit_model::{inline_text, slugify, Block, Inline};
use reportkit_text::fold::{fold, fold_tight, similarity, strip_diacritics};

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::Context;
use crate::violation::{Change, Diagnostic, Violation};
use crate::analysis::sections::{blocks_with_section, flatten};

type Draft = Diagnostic<TocMismatch>;

/// How a table of contents and the headings disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TocProblem {
    /// An entry links to a heading worded differently.
    Reworded,
    /// An entry matches no heading.
    Unmatched,
    /// An entry's heading comes before the previous entry's.
    OutOfOrder,
    /// A heading the contents should list is not listed.
    Missing,
}

/// A table of contents that disagrees with the headings.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TocMismatch {
    /// What is wrong.
    pub problem: TocProblem,
    /// The contents entry, as written (none for a missing heading).
    pub entry: Option<String>,
    /// The heading concerned: linked, closest, or missing.
    pub heading: Option<String>,
    /// How close the entry's wording is to the closest heading's (0 to 1).
    pub similarity: Option<f64>,
    /// Whether the entry and the closest heading differ only in diacritics.
    pub diacritics: bool,
    /// Whether the missing heading is a top-level one.
    pub top_level: bool,
}

impl Violation for TocMismatch {
    const KEY: &'static [&'static str] = &["problem", "entry", "heading"];

    fn message(&self) -> String {
        let entry = self.entry.as_deref().unwrap_or("");
        let heading = self.heading.as_deref().unwrap_or("");
        match self.problem {
            TocProblem::Reworded => {
                format!("contents entry \"{entry}\" links to the heading \"{heading}\", which is worded differently")
            }
            TocProblem::Unmatched if self.heading.is_some() => {
                let how = if self.diacritics { "spelled differently (diacritics)" } else { "worded differently" };
                format!("contents entry \"{entry}\" matches no heading; the closest, \"{heading}\", is {how}")
            }
            TocProblem::Unmatched => format!("contents entry \"{entry}\" matches no heading"),
            TocProblem::OutOfOrder => {
                format!("contents entry \"{entry}\" is out of order: its heading comes earlier in the document")
            }
            TocProblem::Missing => {
                format!("{}heading \"{heading}\" is missing from the contents", if self.top_level { "top-level " } else { "" })
            }
        }
    }
}

impl TocMismatch {
    fn new(problem: TocProblem, entry: Option<&str>, heading: Option<&str>) -> Self {
        TocMismatch {
            problem,
            entry: entry.map(str::to_string),
            heading: heading.map(str::to_string),
            similarity: None,
            diacritics: false,
            top_level: false,
        }
    }
}

/// An entry of a table of contents.
struct Entry {
    text: String,
    line: u32,
    /// The in-page anchor the entry links to (without `#`).
    anchor: Option<String>,
}

/// The change that makes entry `e` read `heading`, keeping the entry's leading section number
/// ("5.6. "); none when the heading's wording would need escaping in the entry (link brackets,
/// emphasis, code or HTML marks).
fn rename(e: &Entry, heading: &str) -> Vec<Change> {
    if heading.trim().is_empty() || heading.contains(['[', ']', '*', '_', '`', '<', '>', '\\']) {
        return Vec::new();
    }
    let number: &str = {
        let t = e.text.trim_start();
        let n = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.').len();
        let (num, rest) = t.split_at(n);
        if n > 0 && num.chars().any(|c| c.is_ascii_digit()) && rest.starts_with(' ') { num } else { "" }
    };
    let new = if !number.is_empty() && !heading.trim_start().starts_with(number) {
        format!("{number} {}", heading.trim())
    } else {
        heading.trim().to_string()
    };
    vec![Change::Replace { line: e.line, old: e.text.clone(), new, leading: false }]
}

/// Strip dot leaders and a trailing page number: "Glossary ..... 6" → "Glossary".
fn clean(s: &str) -> String {
    let t = s.trim().trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    t.trim_end_matches(['.', '…', ' ', '\u{a0}', '·', '_']).trim().to_string()
}

fn is_page(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.len() <= 4
        && t.chars().all(|c| c.is_ascii_digit() || c.is_ascii_lowercase() && "ivxlc".contains(c))
}

fn ends_with_page(s: &str) -> bool {
    s.trim_end().rsplit(|c: char| c.is_whitespace() || c == '.').next().is_some_and(is_page)
}

/// A dot leader: three or more dots (or an ellipsis, or spaced dots) before a page number.
fn has_leader(s: &str) -> bool {
    s.contains("...") || s.contains('…') || s.contains(". . .") || s.contains("···") || s.contains("· · ·")
}

/// An entry read as a page-numbered line: "Title ..... 12", or "Title 12" under a contents
/// heading; never "label: 12" (a count, not a page).
fn paged(s: &str, under_contents: bool) -> bool {
    if !ends_with_page(s) {
        return false;
    }
    let head = s.trim_end().trim_end_matches(|c: char| c.is_ascii_alphanumeric()).trim_end();
    !head.ends_with(':') && (has_leader(s) || under_contents)
}

/// A heading that announces a table of contents.
fn contents_title(title: &str) -> bool {
    let f = fold(title);
    matches!(f.as_str(), "contents" | "content" | "table of contents" | "toc" | "index" | "in this report")
        || f.ends_with(" contents")
}

/// An item that is essentially one link to an in-page anchor: the link opens the item and at
/// most a short tail follows it ("by Author", a page number). Returns the link text and anchor.
fn link_entry(content: &[Inline]) -> Option<(String, String)> {
    let mut it = content.iter().skip_while(|i| matches!(i, Inline::Text { text } if text.trim().is_empty()));
    let mut first = it.next()?;
    // A link wrapped in emphasis counts as the link.
    while let Inline::Strong { children } | Inline::Emphasis { children } = first {
        let [only] = children.as_slice() else { return None };
        first = only;
    }
    let Inline::Link { url, children, .. } = first else { return None };
    let anchor = url.strip_prefix('#').filter(|a| !a.is_empty())?;
    let tail = inline_text(&it.cloned().collect::<Vec<_>>());
    if tail.split_whitespace().count() > 6 {
        return None;
    }
    Some((inline_text(children).trim().to_string(), anchor.to_string()))
}

/// The entries of a block when it is a table of contents: a table or list of at least three
/// entries, four in five of them one in-page link each or page-numbered. `under_contents` says
/// the block sits under a "Contents" heading.
fn toc_entries(b: &Block, under_contents: bool) -> Option<Vec<Entry>> {
    let mut entries = Vec::new();
    let mut others = 0;
    match b {
        Block::Table { header, rows, .. } => {
            for r in std::iter::once(header).chain(rows) {
                let cells: Vec<String> = r.cells.iter().map(|c| inline_text(c)).collect();
                let Some(first) = cells.first() else { continue };
                if first.trim().is_empty() {
                    continue;
                }
                let last = cells.last().expect("non-empty");
                if let Some((text, anchor)) = r.cells.first().and_then(|c| link_entry(c)) {
                    entries.push(Entry { text, line: r.line, anchor: Some(anchor) });
                } else if (cells.len() > 1 && is_page(last) && (has_leader(first) || under_contents))
                    || paged(first, under_contents)
                {
                    entries.push(Entry { text: clean(first), line: r.line, anchor: None });
                } else {
                    others += 1;
                }
            }
        }
        Block::List { .. } => list_entries(b, under_contents, &mut entries, &mut others),
        _ => return None,
    }
    (entries.len() >= 3 && entries.len() * 10 >= (entries.len() + others) * 8).then_some(entries)
}

/// The entries of a (possibly nested) list, in order.
fn list_entries(b: &Block, under_contents: bool, entries: &mut Vec<Entry>, others: &mut usize) {
    let Block::List { items, .. } = b else { return };
    for it in items {
        let mut rest = it.blocks.as_slice();
        if let Some(Block::Paragraph { content, .. }) = it.blocks.first() {
            rest = &it.blocks[1..];
            let t = inline_text(content);
            if let Some((text, anchor)) = link_entry(content) {
                entries.push(Entry { text, line: it.span.start, anchor: Some(anchor) });
            } else if paged(&t, under_contents) {
                entries.push(Entry { text: clean(&t), line: it.span.start, anchor: None });
            } else {
                *others += 1;
            }
        }
        for inner in rest {
            list_entries(inner, under_contents, entries, others);
        }
    }
}

/// Drop a leading section number ("5.6.", "2.1", "A.1.", "3") from a title, so that entries
/// and headings compare alike whether or not they carry it. A bare number of three or more
/// digits without a dot is a year or a figure, not a section number.
fn strip_number(s: &str) -> &str {
    let t = s.trim_start();
    let Some((tok, rest)) = t.split_once(char::is_whitespace) else { return t };
    if rest.trim().is_empty() {
        return t;
    }
    let dotted = tok.ends_with(['.', ')']);
    let body = tok.trim_end_matches(['.', ')']);
    let parts: Vec<&str> = body.split('.').collect();
    let digits = |p: &str| !p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit());
    let letter = |p: &str| p.len() == 1 && p.chars().all(|c| c.is_ascii_uppercase());
    let number = if parts.len() > 1 {
        (digits(parts[0]) || letter(parts[0])) && parts[1..].iter().all(|p| digits(p))
    } else {
        digits(body) && (body.len() <= 2 || dotted)
    };
    if number {
        rest.trim_start()
    } else {
        t
    }
}

/// The comparison key of a title: folded, without a leading section number.
fn key(s: &str) -> String {
    fold(strip_number(s))
}

/// The key without one trailing parenthetical ("Which editors? (multiple select)").
fn bare_key(s: &str) -> String {
    let t = s.trim_end();
    match t.strip_suffix(')').and_then(|x| x.rfind('(').map(|i| &t[..i])) {
        Some(head) if !head.trim().is_empty() => key(head),
        _ => key(t),
    }
}

/// A title's comparison keys, computed once per entry and per heading: [`key`] and
/// [`bare_key`].
struct Keys {
    full: String,
    bare: String,
}

impl Keys {
    fn of(title: &str) -> Keys {
        Keys { full: key(title), bare: bare_key(title) }
    }
}

/// An entry and a heading name the same thing: equal keys, or equal once a trailing
/// parenthetical note is dropped from either.
fn same_title(entry: &Keys, heading: &Keys) -> bool {
    entry.full == heading.full || heading.bare == entry.full || entry.bare == heading.full
}

/// An anchor reduced to its letters and digits, so that the slug styles of different site
/// generators (`abi-layout`, `abilayout`, `err_handling`) meet.
fn loose(anchor: &str) -> String {
    fold_tight(anchor)
}

/// In-page anchors, reduced with [`loose`], to indices into `headings`. In order of trust:
/// explicit heading ids (`{#id}`, `<h2 id>`); title slugs numbered as GitHub, Hugo and Zola
/// number repeats (`intro`, `intro-1`, `intro-2`, counted over the whole document); then the
/// section ids reportkit gives (`intro-2` for the second).
fn anchor_index(
    sections: &[crate::analysis::sections::Placed<'_>],
    headings: &[(usize, String, u32)],
) -> HashMap<String, usize> {
    let at: HashMap<usize, usize> = headings.iter().enumerate().map(|(k, h)| (h.0, k)).collect();
    let mut anchors: HashMap<String, usize> = HashMap::new();
    for (i, p) in sections.iter().enumerate() {
        let (id, slug) = (loose(&p.section.id), loose(&slugify(&p.section.title_text())));
        if let (Some(&k), false) = (at.get(&i), id.starts_with(&slug)) {
            anchors.entry(id).or_insert(k);
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, p) in sections.iter().enumerate() {
        let slug = loose(&slugify(&p.section.title_text()));
        let n = seen.entry(slug.clone()).or_insert(0);
        let anchor = if *n == 0 { slug } else { format!("{slug}{n}") };
        *n += 1;
        if let Some(&k) = at.get(&i) {
            anchors.entry(anchor).or_insert(k);
        }
    }
    for (i, p) in sections.iter().enumerate() {
        if let Some(&k) = at.get(&i) {
            anchors.entry(loose(&p.section.id)).or_insert(k);
        }
    }
    anchors
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    for (d, doc) in cx.corpus.documents.iter().enumerate() {
        let sections = flatten(doc);
        let title_of: HashMap<&str, String> =
            sections.iter().map(|p| (p.section.id.as_str(), p.section.title_text())).collect();
        let Some((toc_section, entries, toc_line)) = blocks_with_section(doc).into_iter().find_map(|(s, b)| {
            let under_contents = title_of.get(s).is_some_and(|t| contents_title(t));
            toc_entries(b, under_contents).map(|e| (s.to_string(), e, b.span().end))
        }) else {
            continue;
        };
        // Headings after the contents (cover pages come before it), the contents' own excluded.
        let headings: Vec<(usize, String, u32)> = sections
            .iter()
            .enumerate()
            .filter(|(_, p)| p.section.heading_span.start > toc_line && p.section.id != toc_section)
            .map(|(i, p)| (i, p.section.title_text(), p.section.heading_span.start))
            .collect();
        let folded: Vec<Keys> = headings.iter().map(|h| Keys::of(&h.1)).collect();
        // Headings at or before the contents (the title above them, the section holding them):
        // an entry may name them too ("- [Annual Review](#annual-review)" under that heading).
        let before: Vec<Keys> = sections
            .iter()
            .filter(|p| p.section.heading_span.start <= toc_line || p.section.id == toc_section)
            .map(|p| Keys::of(&p.section.title_text()))
            .collect();
        let anchors = anchor_index(&sections, &headings);
        let mut used = vec![false; headings.len()];
        // Headings an unmatched entry was taken to mean; they are not "missing" as well.
        let mut meant = vec![false; headings.len()];
        let mut matched: Vec<(usize, &Entry)> = Vec::new();
        for e in &entries {
            let keys = Keys::of(&e.text);
            let key = &keys.full;
            if key.is_empty() {
                continue;
            }
            // An entry linked to a heading names that heading.
            if let Some(&k) = e.anchor.as_deref().and_then(|a| anchors.get(&loose(a))) {
                if same_title(&keys, &folded[k]) {
                    used[k] = true;
                    matched.push((k, e));
                    continue;
                }
                // Unless its wording is another heading's (then the link, not the entry, is off).
                if !folded.iter().any(|f| &f.full == key) {
                    meant[k] = true;
                    let h = &headings[k];
                    out.push(
                        Draft::new(TocMismatch::new(TocProblem::Reworded, Some(&e.text), Some(&h.1)), d, e.line)
                        .snippet(e.text.clone())
                        .related(d, h.2, format!("heading \"{}\"", h.1))
                        .hint(format!("make the entry read \"{}\", or rename the heading", h.1))
                        .safe_fix(format!("Rename the entry to \"{}\"", h.1), rename(e, &h.1)),
                    );
                    continue;
                }
            }
            let hit = headings
                .iter()
                .enumerate()
                .position(|(k, _)| !used[k] && same_title(&keys, &folded[k]));
            if let Some(k) = hit {
                used[k] = true;
                matched.push((k, e));
                continue;
            }
            if folded.iter().any(|f| &f.full == key) {
                continue; // matched a heading already used by an earlier duplicate entry
            }
            if before.iter().any(|b| same_title(&keys, b)) {
                continue; // names the heading the contents sit under
            }
            let closest = headings
                .iter()
                .enumerate()
                .filter(|(k, _)| {
                    // Similarity cannot reach 0.6 when the lengths differ that much.
                    let (a, b) = (key.chars().count(), folded[*k].full.chars().count());
                    a.min(b) * 10 >= a.max(b) * 6
                })
                .map(|(k, h)| (similarity(key, &folded[k].full), (k, h)))
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1 .1 .2.cmp(&a.1 .1 .2)));
            let mut draft = Draft::new(TocMismatch::new(TocProblem::Unmatched, Some(&e.text), None), d, e.line)
                .snippet(e.text.clone());
            if let Some((sim, (k, h))) = closest.filter(|(s, _)| *s >= 0.6) {
                meant[k] = true;
                draft.violation.diacritics = fold(&strip_diacritics(&h.1)) == fold(&strip_diacritics(&e.text));
                draft.violation.heading = Some(h.1.clone());
                draft.violation.similarity = Some((sim * 100.0).round() / 100.0);
                draft = draft
                    .related(d, h.2, format!("heading \"{}\"", h.1))
                    .hint(format!("make the entry read \"{}\", or rename the heading", h.1))
                    .unsafe_fix(format!("Rename the entry to the closest heading, \"{}\"", h.1), rename(e, &h.1));
            } else {
                draft = draft.hint("remove the entry or add the section it names");
            }
            out.push(draft);
        }
        // Order: each matched entry's heading should come after the previous one's.
        let mut last_line = 0;
        for (k, e) in &matched {
            let line = headings[*k].2;
            if line < last_line {
                out.push(
                    Draft::new(TocMismatch::new(TocProblem::OutOfOrder, Some(&e.text), None), d, e.line)
                    .related(d, line, "the heading")
                    .hint("order the contents as the headings are ordered"),
                );
            }
            last_line = last_line.max(line);
        }
        // Headings the contents skip: at the depth of the shallowest heading it lists, between
        // the first and the last heading it lists (a contents may cover part of a document).
        let listed_lines: Vec<u32> =
            (0..headings.len()).filter(|k| used[*k] || meant[*k]).map(|k| headings[k].2).collect();
        let (Some(&first), Some(&last)) = (listed_lines.iter().min(), listed_lines.iter().max()) else { continue };
        let depth = (0..headings.len())
            .filter(|k| used[*k] || meant[*k])
            .map(|k| sections[headings[k].0].depth)
            .min()
            .unwrap_or(0);
        let listed: Vec<String> = entries.iter().map(|e| key(&e.text)).collect();
        for (k, (i, title, line)) in headings.iter().enumerate() {
            if used[k]
                || meant[k]
                || sections[*i].depth != depth
                || *line < first
                || *line > last
                || listed.contains(&folded[k].full)
                || folded[k].full.is_empty()
            {
                continue;
            }
            out.push(
                Draft::new(
                    TocMismatch { top_level: depth == 0, ..TocMismatch::new(TocProblem::Missing, None, Some(title)) },
                    d,
                    *line,
                )
                .snippet(title.clone())
                .related(d, entries[0].line, "the contents")
                .hint("list it in the contents, or make it a sub-heading if it belongs to a chapter"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::drafts;

    fn messages(md: &str) -> Vec<(u32, String)> {
        drafts(check, md).into_iter().map(|d| (d.line, d.message)).collect()
    }

    const LINKED: &str = "# Plan\n\n## Contents\n\n- [Scope](#scope)\n- [Budget and costs](#budget)\n  - [Travel](#travel)\n- [Next steps](#next-steps)\n\n## Scope {#scope}\n\nText.\n\n## Budget and costs {#budget}\n\nText.\n\n### Travel\n\nText.\n\n## Next steps\n\nText.\n";

    #[test]
    fn linked_entries_resolve_through_explicit_ids_and_slugs() {
        assert_eq!(messages(LINKED), []);
    }

    #[test]
    fn a_reworded_linked_entry_is_reported_against_its_heading() {
        let md = LINKED.replace("[Travel](#travel)", "[Journeys](#travel)");
        let m = messages(&md);
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].0, 7);
        assert!(m[0].1.contains("links to the heading \"Travel\""), "{}", m[0].1);
    }

    #[test]
    fn a_skipped_heading_between_listed_ones_is_reported() {
        let md = LINKED.replace("## Next steps\n", "## Risks\n\nText.\n\n## Next steps\n");
        let m = messages(&md);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].1.contains("\"Risks\" is missing"), "{}", m[0].1);
        // After the last listed heading, an unlisted heading may lie outside the contents' scope.
        let md = format!("{LINKED}\n## Appendix\n\nText.\n");
        assert_eq!(messages(&md), []);
    }

    #[test]
    fn a_summary_with_inline_links_is_not_a_contents() {
        let md = "# Review\n\n## Highlights\n\n- Membership rose, as the [members section](#members) shows for each region.\n- [Spending](#money) stayed well inside the budget that the board approved.\n- The club ran [more events](#events) than in any earlier year on record.\n\n## Members\n\nText.\n\n## Money\n\nText.\n";
        assert_eq!(messages(md), []);
    }

    #[test]
    fn counts_after_a_colon_are_not_page_numbers() {
        let md = "# Report\n\n## Membership\n\n- Chat channel members: 412\n- Mailing list subscribers: 96\n- Meeting attendees: 14\n\n## Projects\n\nText.\n";
        assert_eq!(messages(md), []);
    }

    #[test]
    fn page_numbered_entries_compare_without_section_numbers() {
        let md = "# Standard\n\n## Table of Contents\n\n- 1\\. Overview ....... 2\n- 2\\. Terms ....... 3\n- 2.1\\. Short forms ....... 3\n- Appendix A. Day Counting ....... 9\n\n## Overview\n\nText.\n\n## 2. Terms\n\nText.\n\n### 2.1 Short forms\n\nText.\n\n## Appendix A. Counting of Days\n\nText.\n";
        let m = messages(md);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].1.contains("\"Appendix A. Day Counting\" matches no heading"), "{}", m[0].1);
    }

    #[test]
    fn section_numbers_are_stripped_but_years_are_not() {
        assert_eq!(strip_number("5.6. Internet Date Format"), "Internet Date Format");
        assert_eq!(strip_number("3 Scope"), "Scope");
        assert_eq!(strip_number("A.1 Grammar"), "Grammar");
        assert_eq!(strip_number("2025 Highlights"), "2025 Highlights");
        assert_eq!(strip_number("Appendix B. Days"), "Appendix B. Days");
    }

    #[test]
    fn repeated_titles_resolve_as_github_numbers_them() {
        let md = "# Guide\n\n## Contents\n\n- [Setup](#setup)\n  - [Example](#example)\n- [Usage](#usage)\n  - [Example](#example-1)\n\n## Setup\n\n### Example\n\nText.\n\n## Usage\n\n### Example\n\nText.\n";
        assert_eq!(messages(md), []);
    }
}
