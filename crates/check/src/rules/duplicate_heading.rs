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

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::Context;
use crate::violation::{Diagnostic, Violation};
use crate::analysis::sections::flatten;
use reportkit_text::fold::fold;

/// A section titled like an earlier sibling.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DuplicateHeading {
    /// The repeated title, as written.
    pub title: String,
    /// The parent section's title (empty at the top level).
    pub parent: String,
}

impl Violation for DuplicateHeading {
    const KEY: &'static [&'static str] = &["title", "parent"];

    fn message(&self) -> String {
        format!("section \"{}\" repeats the title of a sibling section", self.title)
    }
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Diagnostic<DuplicateHeading>> {
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
                    Diagnostic::new(
                        DuplicateHeading {
                            title: t.clone(),
                            parent: p.parent.map_or(String::new(), |i| secs[i].section.title_text()),
                        },
                        d,
                        line,
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
