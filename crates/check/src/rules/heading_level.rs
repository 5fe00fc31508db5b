//! # heading-level
//!
//! A heading skips levels under its parent, or parallel sections sit at different levels.
//!
//! ## What it does
//!
//! - Reports a heading whose level is more than one deeper than its parent's (a `###` directly
//!   under a `#`). The skip is a warning when the document elsewhere writes the skipped level
//!   under a parent of the same level, so that its own outline says the heading is misplaced; a
//!   document that never does (every `#` followed by `###`) skips as a style of its own, and
//!   its skips are info notes. So are skips by a heading with nothing under it, a line styled
//!   as a heading ("### Date: …" under the title) rather than a level of the outline.
//! - Groups headings that are plainly parallel, because they share a title pattern (a bracketed
//!   lead such as `[Theme] …`, an enumerated lead such as `Annex A`, `Part II`) or repeat the same
//!   title (`The theme` under each theme), and reports members written at a different level than
//!   the first of the group.
//!
//! ## Why is this bad?
//!
//! Heading levels are the document's outline: a table of contents, a PDF's bookmarks and a screen
//! reader's navigation are built from them. Parallel chapters at different levels make some look
//! like sub-sections of others.
//!
//! ## Fix
//!
//! A heading that skips levels is raised to one level below its parent, and the headings under
//! it move up with it, so their outline stays as it was (safe; ATX `#` headings only). Parallel
//! headings at different levels get no fix: which level is right is the editor's call.
//!
//! ## Example
//!
//! Fails:
//!
//! ```markdown
//! # Messages
//! ## [Theme] Trust
//! # [Theme] Access
//! ```
//!
//! Passes:
//!
//! ```markdown
//! # Messages
//! ## [Theme] Trust
//! ## [Theme] Access
//! ```

use std::collections::{BTreeMap, BTreeSet};

use reportkit_text::fold::fold;
use reportkit_text::headings::series_key;

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::Context;
use crate::violation::{Change, Diagnostic, Violation};
use crate::analysis::sections::flatten;

type Draft = Diagnostic<HeadingLevel>;

/// A heading at a level that breaks the outline.
#[derive(Debug, Serialize, JsonSchema)]
pub struct HeadingLevel {
    /// The heading, as written.
    pub heading: String,
    /// Its level.
    pub level: u8,
    /// The level of its parent, when it skips a level below it.
    pub parent_level: Option<u8>,
    /// The parallel heading at another level, when that is the problem.
    pub parallel: Option<String>,
    /// The parallel heading's level.
    pub parallel_level: Option<u8>,
}

impl Violation for HeadingLevel {
    const KEY: &'static [&'static str] = &["heading", "parallel"];

    fn message(&self) -> String {
        let (t, level) = (&self.heading, self.level);
        match (&self.parallel, self.parallel_level, self.parent_level) {
            (Some(other), Some(other_level), _) => {
                format!("\"{t}\" is a level-{level} heading, but the parallel \"{other}\" is level {other_level}")
            }
            (_, _, parent) => format!("heading \"{t}\" skips from level {} to level {level}", parent.unwrap_or(0)),
        }
    }
}

/// The changes that raise heading `i` of `secs` and the headings under it by `by` levels: the
/// `#` marks of each (a heading written otherwise leaves the fix out, as the engine finds no
/// marks to change).
fn raise(secs: &[crate::analysis::sections::Placed<'_>], i: usize, by: u8) -> Vec<Change> {
    let depth = secs[i].depth;
    let subtree = std::iter::once(&secs[i]).chain(secs[i + 1..].iter().take_while(|q| q.depth > depth));
    subtree
        .map(|q| {
            let level = usize::from(q.section.level);
            Change::Replace {
                line: q.section.heading_span.start,
                old: format!("{} ", "#".repeat(level)),
                new: format!("{} ", "#".repeat(level - usize::from(by))),
                leading: true,
            }
        })
        .collect()
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    for (d, doc) in cx.corpus.documents.iter().enumerate() {
        let secs = flatten(doc);
        // Headings written one level below their parent: by parent, and by title with the
        // parent's level.
        let mut kept_under: BTreeSet<usize> = BTreeSet::new();
        let mut kept_titles: BTreeSet<(String, u8)> = BTreeSet::new();
        for p in &secs {
            if let Some(j) = p.parent.filter(|&j| p.section.level == secs[j].section.level + 1) {
                kept_under.insert(j);
                kept_titles.insert((fold(&p.section.title_text()), secs[j].section.level));
            }
        }
        for (i, p) in secs.iter().enumerate() {
            let Some(parent) = p.parent.map(|i| secs[i].section) else { continue };
            let (pl, cl) = (parent.level, p.section.level);
            if cl > pl + 1 {
                let t = p.section.title_text();
                let draft = Draft::new(
                        HeadingLevel {
                            heading: t.clone(),
                            level: cl,
                            parent_level: Some(pl),
                            parallel: None,
                            parallel_level: None,
                        },
                        d,
                        p.section.heading_span.start,
                    )
                    .related(d, parent.heading_span.start, format!("parent heading (level {pl})"))
                    .hint(format!("make it a level-{} heading", pl + 1))
                    .safe_fix(format!("Make it a level-{} heading, and the headings under it follow", pl + 1), raise(&secs, i, cl - pl - 1));
                // The document's own outline says the heading is misplaced when a sibling, or
                // the same title elsewhere, sits one level below such a parent. Otherwise the
                // skip is the document's style (every `#` followed by `###`), and only a note.
                // A heading with nothing under it is a styled line ("### Date: …" under a
                // title), not a level of the outline, and is only a note too.
                let misplaced = p.parent.is_some_and(|j| kept_under.contains(&j)) || kept_titles.contains(&(fold(&t), pl));
                let empty = p.section.children.is_empty()
                    && p.section.blocks.iter().all(|b| matches!(b, reportkit_model::Block::ThematicBreak { .. }));
                out.push(if misplaced && !empty { draft } else { draft.note_only() });
            }
        }
        // Parallel groups: a title pattern, or the same title repeated.
        // A repeated title is parallel only when the parents are parallel too ("The theme"
        // under each "[Theme] …"), so its key includes the parent's key.
        let keys: Vec<String> = secs
            .iter()
            .map(|p| {
                let t = p.section.title_text();
                series_key(&t).map(|k| format!("series:{k}")).unwrap_or_else(|| format!("title:{}", fold(&t)))
            })
            .collect();
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, p) in secs.iter().enumerate() {
            let key = if keys[i].starts_with("series:") {
                keys[i].clone()
            } else {
                format!("{}<{}", keys[i], p.parent.map_or("", |j| keys[j].as_str()))
            };
            groups.entry(key).or_default().push(i);
        }
        for (key, members) in groups {
            if members.len() < 2 || key.starts_with("title:<") {
                continue;
            }
            let first = secs[members[0]].section;
            for &m in &members[1..] {
                let s = secs[m].section;
                if s.level == first.level {
                    continue;
                }
                let t = s.title_text();
                out.push(
                    Draft::new(
                        HeadingLevel {
                            heading: t.clone(),
                            level: s.level,
                            parent_level: None,
                            parallel: Some(first.title_text()),
                            parallel_level: Some(first.level),
                        },
                        d,
                        s.heading_span.start,
                    )
                    .related(d, first.heading_span.start, format!("\"{}\" (level {})", first.title_text(), first.level))
                    .hint("write parallel sections at the same heading level"),
                );
            }
        }
    }
    out
}
