//! # heading-level
//!
//! A heading skips levels under its parent, or parallel sections sit at different levels.
//!
//! ## What it does
//!
//! - Reports a heading whose level is more than one deeper than its parent's (a `###` directly
//!   under a `#`).
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

use std::collections::BTreeMap;

use reportkit_text::fold::fold;
use reportkit_text::headings::series_key;

use crate::rule::{Context, Draft};
use crate::rules::structure::flatten;

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    for (d, doc) in cx.corpus.documents.iter().enumerate() {
        let secs = flatten(doc);
        for p in &secs {
            let Some(parent) = p.parent.map(|i| secs[i].section) else { continue };
            let (pl, cl) = (parent.level, p.section.level);
            if cl > pl + 1 {
                let t = p.section.title_text();
                out.push(
                    Draft::new(
                        d,
                        p.section.heading_span.start,
                        format!("heading \"{t}\" skips from level {pl} to level {cl}"),
                        format!("skip|{}", fold(&t)),
                    )
                    .related(d, parent.heading_span.start, format!("parent heading (level {pl})"))
                    .with("level", cl)
                    .with("parent_level", pl)
                    .hint(format!("make it a level-{} heading", pl + 1)),
                );
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
                        d,
                        s.heading_span.start,
                        format!(
                            "\"{t}\" is a level-{} heading, but the parallel \"{}\" is level {}",
                            s.level,
                            first.title_text(),
                            first.level
                        ),
                        format!("parallel|{key}|{}", fold(&t)),
                    )
                    .related(d, first.heading_span.start, format!("\"{}\" (level {})", first.title_text(), first.level))
                    .with("level", s.level)
                    .with("parallel_level", first.level)
                    .hint("write parallel sections at the same heading level"),
                );
            }
        }
    }
    out
}
