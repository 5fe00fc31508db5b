//! # glossary-unused
//!
//! A glossary entry the text never uses.
//!
//! ## What it does
//!
//! Where a document has a glossary (a section of acronym–definition pairs), reports each entry
//! whose acronym does not occur anywhere else in the document.
//!
//! ## Why is this bad?
//!
//! Entries left over from an earlier edition make the glossary longer and suggest content the
//! report no longer has.
//!
//! ## Example
//!
//! Fails:
//!
//! ```markdown
//! # Glossary
//!
//! UN United Nations
//!
//! LP Leadership Panel
//!
//! # Report
//!
//! The UN met.
//! ```
//!
//! Passes:
//!
//! ```markdown
//! # Glossary
//!
//! UN United Nations
//!
//! # Report
//!
//! The UN met.
//! ```

use crate::rule::{Context, Draft};
use crate::rules::glossary;

fn occurs(text: &str, acr: &str) -> bool {
    text.match_indices(acr).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + acr.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric() || c == 's')
    })
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    for d in 0..cx.corpus.documents.len() {
        let Some(g) = glossary::find(cx, d) else { continue };
        let text: Vec<&str> =
            cx.units[d].iter().filter(|u| !g.sections.contains(&u.section)).map(|u| u.text.as_str()).collect();
        for (acr, line) in &g.entries {
            if text.iter().any(|t| occurs(t, acr)) {
                continue;
            }
            out.push(
                Draft::new(d, *line, format!("glossary entry \"{acr}\" is never used in the text"), acr.clone())
                    .snippet(acr.clone())
                    .with("acronym", acr.clone())
                    .hint("remove the entry, or use the acronym where the text spells the name out"),
            );
        }
    }
    out
}
