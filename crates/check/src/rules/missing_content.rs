//! # missing-content
//!
//! An introduction promises content that is not there.
//!
//! ## What it does
//!
//! - A sentence ending in a colon with nothing after it before the next heading (a sub-section
//!   counts as content), or one that promises a list ("the following …:", "… included:") that
//!   no list or table fulfils before the next heading.
//! - A chart or table caption ("By Region (Percentage%)", "Figure 3: …") with no table, list or
//!   image under it.
//!
//! ## Why is this bad?
//!
//! Conversions and edits drop charts and lists silently; the introduction left behind tells the
//! reader something is missing without saying what.
//!
//! ## Example
//!
//! Fails:
//!
//! ```markdown
//! The following donors supported the meeting:
//!
//! The full list is on the website.
//! ```
//!
//! Passes:
//!
//! ```markdown
//! The following donors supported the meeting:
//!
//! - The host country
//! ```

use crate::rule::{Context, Draft};
use crate::rules::structure::flatten;
use crate::units::{Unit, UnitKind};

/// Words that promise a list or table after a colon.
const PROMISES: &[&str] = &[
    "following",
    "below",
    "as follows",
    "include:",
    "includes:",
    "included:",
    "including:",
    "are:",
    "were:",
    "namely:",
];

fn is_caption(u: &Unit) -> bool {
    if u.kind != UnitKind::Paragraph {
        return false;
    }
    let t = u.text.trim();
    let words = t.split_whitespace().count();
    let lower = t.to_lowercase();
    let figure_lead = ["figure", "chart", "graph", "table", "diagram"]
        .iter()
        .any(|w| lower.strip_prefix(w).is_some_and(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit())));
    (1..=8).contains(&words)
        && !t.ends_with('.')
        && (lower.contains("%)") || lower.contains("(percentage") || figure_lead)
}

fn blank(u: &Unit) -> bool {
    u.kind == UnitKind::Paragraph && u.text.trim().is_empty()
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    for (d, units) in cx.units.iter().enumerate() {
        let doc = &cx.corpus.documents[d];
        let secs = flatten(doc);
        let parents: std::collections::HashMap<&str, &str> = secs
            .iter()
            .filter_map(|p| p.parent.map(|i| (p.section.id.as_str(), secs[i].section.id.as_str())))
            .collect();
        let parent_of = |id: &str| parents.get(id).copied();
        for (i, u) in units.iter().enumerate() {
            let next = units[i + 1..].iter().find(|n| !blank(n));
            if is_caption(u) {
                let filled = next.is_some_and(|n| matches!(n.kind, UnitKind::Cell { .. } | UnitKind::ListItem { .. }));
                if !filled {
                    let t = u.text.trim();
                    out.push(
                        Draft::new(d, u.line, format!("caption \"{t}\" has no chart, table or list under it"), format!("caption|{t}"))
                            .snippet(t.to_string())
                            .hint("restore the chart or table (as a table or list the checks can read), or remove the caption"),
                    );
                }
                continue;
            }
            if u.kind != UnitKind::Paragraph || !u.text.trim_end().ends_with(':') {
                continue;
            }
            let lower = u.text.to_lowercase();
            let promise = PROMISES.iter().any(|p| lower.contains(p));
            let missing = match next {
                None => true,
                Some(n) => match n.kind {
                    UnitKind::ListItem { .. } | UnitKind::Cell { .. } | UnitKind::Quote => false,
                    UnitKind::Heading => parent_of(&n.section) != Some(u.section.as_str()),
                    // An introduction followed by another introduction: the first lost its content.
                    UnitKind::Paragraph if n.text.trim_end().ends_with(':') => true,
                    UnitKind::Paragraph | UnitKind::Attribution => {
                        promise
                            && !units[i + 1..]
                                .iter()
                                .take_while(|x| x.kind != UnitKind::Heading)
                                .any(|x| matches!(x.kind, UnitKind::ListItem { .. } | UnitKind::Cell { .. }))
                    }
                },
            };
            if missing {
                let sentence = u.text.trim().rsplit(['.', '\n']).next().unwrap_or("").trim().to_string();
                out.push(
                    Draft::new(
                        d,
                        u.line_at(u.text.trim_end().len() - 1),
                        format!("\"{sentence}\" introduces content that is not there"),
                        format!("colon|{sentence}"),
                    )
                    .snippet(sentence.clone())
                    .hint("add the list or table it introduces, or end the sentence differently"),
                );
            }
        }
    }
    out
}
