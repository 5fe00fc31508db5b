//! # glossary-unused
//!
//! A glossary entry the text never uses.
//!
//! ## What it does
//!
//! Where a document has a glossary (a section of acronym–definition pairs, "UN United Nations"
//! or "UN: United Nations"), reports each entry whose acronym does not occur anywhere else in
//! the document. The entry is named without its colon.
//!
//! Meeting minutes are not glossaries: a list that is not titled as a glossary is left alone
//! when it is an attendance list (its definitions are mostly people's names whose initials are
//! the key, "AB: Alma Birch (@abirch)", under a heading like "Present" or "Attendees", or with
//! handles, or with initials that also label speakers elsewhere), or a run of speaker turns
//! (half its keys open other paragraphs or items too, or its entries speak in the first person:
//! "TW: I agree"). An attendee who never speaks is no unused entry. Nor is a register a glossary
//! unless titled so: a table or list most of whose keys are identifiers with digits or several
//! keys at once ("RFC-7231 | Accepted", "A-1, A-2 | Withdrawn").
//!
//! ## Why is this bad?
//!
//! Entries left over from an earlier edition make the glossary longer and suggest content the
//! report no longer has, or the text lost the passage that used the term. It is a warning: an
//! editor acts on it, by deleting the entry or restoring the term.
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

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::Context;
use crate::violation::{Diagnostic, Violation};

type Draft = Diagnostic<GlossaryUnused>;

/// A glossary entry the text never uses.
#[derive(Debug, Serialize, JsonSchema)]
pub struct GlossaryUnused {
    /// The acronym.
    pub acronym: String,
}

impl Violation for GlossaryUnused {
    const KEY: &'static [&'static str] = &["acronym"];

    fn message(&self) -> String {
        format!("glossary entry \"{}\" is never used in the text", self.acronym)
    }
}


/// Whether the match `at..end` of an acronym in `text` stands as a word (a plural `s` allowed).
fn stands_alone(text: &str, at: usize, end: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[end..].chars().next();
    before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric() || c == 's')
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    for d in 0..cx.corpus.documents.len() {
        let Some(g) = cx.glossary(d) else { continue };
        // One pass over the text finds every entry's occurrences (overlapping, so "UN" is found
        // inside "UN Women" too).
        let Ok(ac) = aho_corasick::AhoCorasick::new(g.entries.iter().map(|e| &e.acronym)) else { continue };
        let mut used = vec![false; g.entries.len()];
        for u in cx.units[d].iter().filter(|u| !g.sections.contains(&u.section)) {
            for m in ac.find_overlapping_iter(&u.text) {
                if !used[m.pattern().as_usize()] && stands_alone(&u.text, m.start(), m.end()) {
                    used[m.pattern().as_usize()] = true;
                }
            }
        }
        for (e, used) in g.entries.iter().zip(used) {
            let (acr, line) = (&e.acronym, &e.line);
            if used {
                continue;
            }
            out.push(
                Draft::new(GlossaryUnused { acronym: acr.clone() }, d, *line)
                    .snippet(acr.clone())
                    .hint("remove the entry, or use the acronym where the text spells the name out"),
            );
        }
    }
    out
}
