//! # duplicate-heading
//!
//! Two sections with the same title under the same parent.
//!
//! ## What it does
//!
//! Compares the titles of sibling sections (ignoring case, punctuation and markup) and reports a
//! section whose title repeats an earlier sibling's.
//!
//! ## Why is this bad?
//!
//! Two "Foreword" chapters side by side read as a copy-paste slip, and links, bookmarks and a
//! table of contents cannot tell them apart.
//!
//! ## Example
//!
//! Fails:
//!
//! ```markdown
//! # Report
//! ## Dynamic Coalitions
//! ## Policy Networks
//! ## Dynamic Coalitions
//! ```
//!
//! Passes:
//!
//! ```markdown
//! # Report
//! ## Dynamic Coalitions
//! ## Policy Networks
//! ## Dynamic Coalition Outputs
//! ```

use std::collections::HashMap;

use reportkit_text::fold::fold;

use crate::rule::{Context, Draft};
use crate::rules::structure::flatten;

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    for (d, doc) in cx.corpus.documents.iter().enumerate() {
        let secs = flatten(doc);
        let mut seen: HashMap<(Option<usize>, usize, String), u32> = HashMap::new();
        for p in &secs {
            let t = p.section.title_text();
            let key = fold(&t);
            if key.is_empty() {
                continue;
            }
            let line = p.section.heading_span.start;
            // Top-level sections of different feed articles are not siblings.
            let scope = if p.parent.is_none() { p.depth } else { 0 };
            match seen.get(&(p.parent, scope, key.clone())) {
                Some(&first) => out.push(
                    Draft::new(
                        d,
                        line,
                        format!("section \"{t}\" repeats the title of a sibling section"),
                        format!("{key}|{}", p.parent.map_or(String::new(), |i| fold(&secs[i].section.title_text()))),
                    )
                    .snippet(t.trim().to_string())
                    .related(d, first, "first section with this title")
                    .hint("merge the two sections or give them distinct titles"),
                ),
                None => {
                    seen.insert((p.parent, scope, key), line);
                }
            }
        }
    }
    out
}
