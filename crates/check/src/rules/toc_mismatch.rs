//! # toc-mismatch
//!
//! A table of contents does not match the document's headings.
//!
//! ## What it does
//!
//! Finds a table of contents (a table or list of at least three entries that end with page
//! numbers or link to anchors) and compares its entries with the headings after it:
//!
//! - an entry that matches no heading (comparison ignores case, punctuation and dot leaders, but
//!   not wording or spelling: a dropped diacritic is a different spelling); the closest heading
//!   is suggested;
//! - a top-level heading that no entry lists;
//! - entries whose headings come in a different order.
//!
//! ## Why is this bad?
//!
//! The contents page is how readers find their way; an entry that names a chapter differently,
//! or a chapter it forgets, sends them looking for something that is not there.
//!
//! ## Example
//!
//! Fails ("Annex A: Statistics" is not the heading's wording):
//!
//! ```markdown
//! | Introduction ..... | 3 |
//! | Annex A: Statistics ..... | 9 |
//!
//! # Introduction
//! # Annex A: Meeting Statistics
//! ```
//!
//! Passes:
//!
//! ```markdown
//! | Introduction ..... | 3 |
//! | Annex A: Meeting Statistics ..... | 9 |
//!
//! # Introduction
//! # Annex A: Meeting Statistics
//! ```

use reportkit_model::{inline_text, Block, Inline};

use crate::rule::{Context, Draft};
use crate::rules::structure::{blocks_with_section, flatten};
use crate::text::{fold, similarity, strip_diacritics};

/// An entry of a table of contents.
struct Entry {
    text: String,
    line: u32,
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

fn anchor_link(inl: &[Inline]) -> bool {
    inl.iter().any(|i| matches!(i, Inline::Link { url, .. } if url.starts_with('#') && url.len() > 1))
}

/// The entries of a block when it is a table of contents.
fn toc_entries(b: &Block) -> Option<Vec<Entry>> {
    let mut entries = Vec::new();
    let mut paged = 0;
    match b {
        Block::Table { header, rows, .. } => {
            for r in std::iter::once(header).chain(rows) {
                let cells: Vec<String> = r.cells.iter().map(|c| inline_text(c)).collect();
                let Some(first) = cells.first() else { continue };
                if first.trim().is_empty() {
                    continue;
                }
                let last = cells.last().expect("non-empty");
                if (cells.len() > 1 && is_page(last))
                    || ends_with_page(first)
                    || r.cells.first().is_some_and(|c| anchor_link(c))
                {
                    paged += 1;
                }
                entries.push(Entry { text: clean(first), line: r.line });
            }
        }
        Block::List { items, .. } => {
            for it in items {
                let Some(Block::Paragraph { content, .. }) = it.blocks.first() else { continue };
                let t = inline_text(content);
                if ends_with_page(&t) || anchor_link(content) {
                    paged += 1;
                }
                entries.push(Entry { text: clean(&t), line: it.span.start });
            }
        }
        _ => return None,
    }
    (entries.len() >= 3 && paged * 10 >= entries.len() * 8).then_some(entries)
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    for (d, doc) in cx.corpus.documents.iter().enumerate() {
        let Some((toc_section, entries, toc_line)) = blocks_with_section(doc)
            .into_iter()
            .find_map(|(s, b)| toc_entries(b).map(|e| (s.to_string(), e, b.span().end)))
        else {
            continue;
        };
        let sections = flatten(doc);
        // Headings after the contents (cover pages come before it), the contents' own excluded.
        let headings: Vec<(usize, String, u32)> = sections
            .iter()
            .enumerate()
            .filter(|(_, p)| p.section.heading_span.start > toc_line && p.section.id != toc_section)
            .map(|(i, p)| (i, p.section.title_text(), p.section.heading_span.start))
            .collect();
        let folded: Vec<String> = headings.iter().map(|h| fold(&h.1)).collect();
        let mut used = vec![false; headings.len()];
        // Headings an unmatched entry was taken to mean; they are not "missing" as well.
        let mut meant = vec![false; headings.len()];
        let mut matched: Vec<(usize, &Entry)> = Vec::new();
        for e in &entries {
            let key = fold(&e.text);
            if key.is_empty() {
                continue;
            }
            let hit = headings.iter().enumerate().position(|(k, _)| !used[k] && folded[k] == key);
            if let Some(k) = hit {
                used[k] = true;
                matched.push((k, e));
                continue;
            }
            if folded.contains(&key) {
                continue; // matched a heading already used by an earlier duplicate entry
            }
            let closest = headings
                .iter()
                .enumerate()
                .filter(|(k, _)| {
                    // Similarity cannot reach 0.6 when the lengths differ that much.
                    let (a, b) = (key.chars().count(), folded[*k].chars().count());
                    a.min(b) * 10 >= a.max(b) * 6
                })
                .map(|(k, h)| (similarity(&key, &folded[k]), (k, h)))
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1 .1 .2.cmp(&a.1 .1 .2)));
            let mut draft = Draft::new(
                d,
                e.line,
                format!("contents entry \"{}\" matches no heading", e.text),
                format!("entry|{key}"),
            )
            .snippet(e.text.clone())
            .with("entry", e.text.clone());
            if let Some((sim, (k, h))) = closest.filter(|(s, _)| *s >= 0.6) {
                meant[k] = true;
                let how = if fold(&strip_diacritics(&h.1)) == fold(&strip_diacritics(&e.text)) {
                    "spelled differently (diacritics)"
                } else {
                    "worded differently"
                };
                draft.message =
                    format!("contents entry \"{}\" matches no heading; the closest, \"{}\", is {how}", e.text, h.1);
                draft = draft
                    .related(d, h.2, format!("heading \"{}\"", h.1))
                    .with("closest", h.1.clone())
                    .with("similarity", (sim * 100.0).round() / 100.0)
                    .hint(format!("make the entry read \"{}\", or rename the heading", h.1));
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
                    Draft::new(
                        d,
                        e.line,
                        format!(
                            "contents entry \"{}\" is out of order: its heading comes earlier in the document",
                            e.text
                        ),
                        format!("order|{}", fold(&e.text)),
                    )
                    .related(d, line, "the heading")
                    .hint("order the contents as the headings are ordered"),
                );
            }
            last_line = last_line.max(line);
        }
        // Top-level headings the contents do not list.
        let listed: Vec<String> = entries.iter().map(|e| fold(&e.text)).collect();
        for (k, (i, title, line)) in headings.iter().enumerate() {
            if used[k] || meant[k] || sections[*i].depth != 0 || listed.contains(&fold(title)) || fold(title).is_empty()
            {
                continue;
            }
            out.push(
                Draft::new(
                    d,
                    *line,
                    format!("top-level heading \"{title}\" is missing from the contents"),
                    format!("missing|{}", fold(title)),
                )
                .snippet(title.clone())
                .related(d, entries[0].line, "the contents")
                .hint("list it in the contents, or make it a sub-heading if it belongs to a chapter"),
            );
        }
    }
    out
}
