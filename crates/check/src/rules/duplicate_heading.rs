//! # duplicate-heading
//!
//! Two sections with the same title under the same parent.
//!
//! ## What it does
//!
//! Compares the titles of sibling sections (ignoring case, punctuation and markup) and reports a
//! section whose title repeats an earlier sibling's. Siblings share a parent and a heading level.
//! A title that names a part of a topic ("Conclusion", "Discussion", "Next steps") is not
//! reported where it follows another topic: minutes give each topic such a part, at the topic's
//! own heading level. Two in a row are. Nor is a title that comes back right after each of
//! several dated headings ("### 12/14/2021", "### 10:30am (18:30 UTC)", "### 12/7/2021",
//! "### 10:30am (18:30 UTC)"): each meeting has that part. Sections that repeat, one after the other, the titles
//! of a run of earlier siblings in the same order (an agenda pasted twice) are one finding.
//! Headings without text of their own, side by side, whose titles come back later as the
//! sections themselves are contents written as headings, and are not reported.
//!
//! ## Why is this bad?
//!
//! Two "Foreword" chapters side by side read as a copy-paste slip, and links, bookmarks and a
//! table of contents cannot tell them apart.
//!
//! ## Fix
//!
//! None: which of the two sections to rename, and to what, is never certain from the text (the
//! second may be a slip for another title, or belong merged into the first), so `--fix` and
//! editors offer only the suppression.
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
use crate::analysis::days::names_a_day;
use crate::analysis::sections::flatten;
use reportkit_text::fold::fold;

/// A section titled like an earlier sibling.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DuplicateHeading {
    /// The repeated title, as written.
    pub title: String,
    /// The parent section's title (empty at the top level).
    pub parent: String,
    /// How many sections in a row repeat, in the same order, the titles of a run of earlier
    /// siblings (1 for a single section): a block of sections pasted twice.
    pub sections: usize,
}

impl Violation for DuplicateHeading {
    const KEY: &'static [&'static str] = &["title", "parent"];

    fn message(&self) -> String {
        if self.sections > 1 {
            format!(
                "{} sections in a row, from \"{}\", repeat the titles of earlier sibling sections in the same order",
                self.sections, self.title
            )
        } else {
            format!("section \"{}\" repeats the title of a sibling section", self.title)
        }
    }
}

/// Words that name a part of a topic rather than a topic ("Conclusion", "Discussion",
/// "Next steps", "Q&A"): minutes and reviews repeat such a section after every topic, at the
/// topic's own heading level.
const PART_WORDS: &[&str] = &[
    "action", "actions", "answers", "background", "comments", "conclusion", "conclusions", "consensus",
    "decision", "decisions", "discussion", "feedback", "follow", "followup", "items", "next", "notes",
    "outcome", "outcomes", "questions", "recommendation", "recommendations", "resolution", "resolutions",
    "result", "results", "speaker", "speakers", "status", "steps", "summary", "up",
];

/// Whether a folded title names only a part of a topic (see [`PART_WORDS`]).
fn names_a_part(key: &str) -> bool {
    let words: Vec<&str> = key.split(' ').collect();
    words.iter().any(|w| PART_WORDS.contains(w))
        && words.iter().all(|w| PART_WORDS.contains(w) || ["and", "of", "the", "q", "a", "s"].contains(w))
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Diagnostic<DuplicateHeading>> {
    let mut out = Vec::new();
    for (d, doc) in cx.corpus.documents.iter().enumerate() {
        let secs = flatten(doc);
        // Sections grouped by parent, heading level and folded title (headings of two levels
        // are not siblings, even under one parent), each with the folded title of the sibling
        // just before it.
        type Group = Vec<(usize, Option<(String, usize)>)>;
        let mut groups: HashMap<(Option<usize>, usize, u8, String), Group> = HashMap::new();
        let mut order: Vec<(Option<usize>, usize, u8, String)> = Vec::new();
        let mut last_child: HashMap<(Option<usize>, usize), (String, usize)> = HashMap::new();
        // Each section's place among its siblings.
        let mut ordinal = vec![0usize; secs.len()];
        let mut count: HashMap<(Option<usize>, usize), usize> = HashMap::new();
        for (k, p) in secs.iter().enumerate() {
            let key = fold(&p.section.title_text());
            // Top-level sections of different feed articles are not siblings.
            let scope = if p.parent.is_none() { p.depth } else { 0 };
            let n = count.entry((p.parent, scope)).or_default();
            ordinal[k] = *n;
            *n += 1;
            let before = last_child.insert((p.parent, scope), (key.clone(), k));
            if key.is_empty() {
                continue;
            }
            let g = (p.parent, scope, p.section.level, key);
            if !groups.contains_key(&g) {
                order.push(g.clone());
            }
            groups.entry(g).or_default().push((k, before));
        }
        // Repeats as (section, the first sibling with its title).
        let mut repeats: Vec<(usize, usize)> = Vec::new();
        for g in order {
            let found = &groups[&g];
            if found.len() < 2 {
                continue;
            }
            // A part of a topic repeated after another topic ("4.2 Schedule", "Conclusion",
            // "4.3 Reserved words", "Conclusion") is that topic's part, not a second copy; two
            // in a row are still one too many.
            let part = names_a_part(&g.3);
            // A heading that comes back right after each meeting's date ("### 12/14/2021",
            // "### 10:30am (18:30 UTC)") is that meeting's part.
            let after_date = |before: &Option<(String, usize)>| {
                before.as_ref().is_some_and(|(b, i)| *b != g.3 && names_a_day(&secs[*i].section.title_text()))
            };
            // (A dated title repeated is a meeting written up twice, whatever comes before it.)
            let meetings = !names_a_day(&secs[found[0].0].section.title_text()) && found.iter().all(|(_, before)| after_date(before));
            for (k, before) in &found[1..] {
                if part && before.as_ref().is_some_and(|(b, _)| *b != g.3) || meetings {
                    continue;
                }
                repeats.push((*k, found[0].0));
            }
        }
        // Contents written as headings: titles repeated from earlier siblings that have no text
        // of their own and stand side by side ("## 3. Budget", "## 4. Staffing" under
        // "# Contents", then the sections themselves) list the sections; they are no copies.
        let bare = |f: usize| secs[f].section.blocks.is_empty();
        let listed: Vec<usize> = repeats.iter().map(|&(_, f)| f).filter(|&f| bare(f)).collect();
        let contents_entry = |f: usize| {
            bare(f)
                && listed.iter().any(|&g| secs[g].parent == secs[f].parent && ordinal[g].abs_diff(ordinal[f]) == 1)
        };
        repeats.retain(|&(_, f)| !contents_entry(f));
        // Repeats that follow one another, of siblings that followed one another, are one block
        // pasted twice: one finding.
        repeats.sort_unstable();
        let mut runs: Vec<Vec<(usize, usize)>> = Vec::new();
        for (k, first) in repeats {
            let follows = |&(pk, pf): &(usize, usize)| {
                secs[pk].parent == secs[k].parent
                    && ordinal[k] == ordinal[pk] + 1
                    && secs[pf].parent == secs[first].parent
                    && ordinal[first] == ordinal[pf] + 1
            };
            match runs.last_mut() {
                Some(run) if run.last().is_some_and(follows) => run.push((k, first)),
                _ => runs.push(vec![(k, first)]),
            }
        }
        for run in runs {
            let ((k, first), (last, last_first)) = (run[0], run[run.len() - 1]);
            let p = &secs[k];
            let t = p.section.title_text();
            let mut diag = Diagnostic::new(
                DuplicateHeading {
                    title: t.clone(),
                    parent: p.parent.map_or(String::new(), |i| secs[i].section.title_text()),
                    sections: run.len(),
                },
                d,
                p.section.heading_span.start,
            )
            .snippet(t.trim().to_string())
            .related(d, secs[first].section.heading_span.start, "first section with this title")
            .hint("merge the two sections or give them distinct titles");
            if run.len() > 1 {
                diag = diag
                    .to_line(secs[last].section.heading_span.start)
                    .related(d, secs[last_first].section.heading_span.start, "last of the earlier run")
                    .hint("the sections were pasted twice: keep one copy");
            }
            out.push(diag);
        }
    }
    out.sort_by_key(|x| (x.doc, x.line));
    out
}
