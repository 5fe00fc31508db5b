//! # glossary-undefined
//!
//! An acronym the text uses is neither in the document's glossary nor expanded at first use.
//!
//! ## What it does
//!
//! Where a document has a glossary (a section of acronym–definition pairs), collects the
//! acronyms its text uses (words in capitals, a plural `s` allowed) and reports each one the
//! glossary does not define and whose first use does not expand it, either as "Full Name (ACR)"
//! or as "ACR (Full Name)". One finding per acronym, at its first use, with the number of uses.
//!
//! People's initials need no entry: those a line of the document maps to a personal name
//! ("AB: Alma Birch", an attendance list), and speaker labels opening paragraphs or items in
//! minutes ("AB: I agree", a label of at most three capitals that opens two of them, or any
//! such label once two speakers do). Nor do abbreviations every reader knows ("OK", "README",
//! time zones like "UTC"). Attendance lists and speaker turns are not taken for a glossary (see
//! `glossary-unused`).
//!
//! ## Why is this bad?
//!
//! A reader who meets "GRULAC" and finds no entry in the glossary the report offers is left
//! guessing; a glossary is a promise that every acronym is explained.
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
//! # Report
//!
//! The UN and the ITU met.
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
//! The UN and the International Telecommunication Union (ITU) met.
//! ```

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::Context;
use crate::violation::{Diagnostic, Violation};
use crate::analysis::glossary;

type Draft = Diagnostic<GlossaryUndefined>;

/// An acronym the glossary does not define.
#[derive(Debug, Serialize, JsonSchema)]
pub struct GlossaryUndefined {
    /// The acronym.
    pub acronym: String,
    /// How often the text uses it.
    pub uses: usize,
}

impl Violation for GlossaryUndefined {
    const KEY: &'static [&'static str] = &["acronym"];

    fn message(&self) -> String {
        format!(
            "acronym \"{}\" ({} ×) is not in the glossary and not expanded at first use",
            self.acronym, self.uses
        )
    }
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    for d in 0..cx.corpus.documents.len() {
        let Some(g) = cx.glossary(d) else { continue };
        let mut uses: Vec<(String, (usize, usize, usize))> = glossary::uses(cx, d, g).into_iter().collect();
        uses.sort_by_key(|(_, (u, at, _))| (*u, *at));
        for (acr, (ui, at, count)) in uses {
            let u = &cx.units[d][ui];
            let before = u.text[..at].trim_end();
            let after = u.text[at + acr.len()..].trim_start_matches('s');
            let expanded = before.ends_with('(')
                || after.trim_start().starts_with('(') && after.trim_start()[1..].starts_with(char::is_uppercase);
            if expanded {
                continue;
            }
            out.push(
                Draft::new(GlossaryUndefined { acronym: acr.clone(), uses: count }, d, u.line_at(at))
                .snippet(acr.clone())
                .related(d, g.entries.first().map_or(1, |e| e.line), "the glossary")
                .hint(format!("add \"{acr}\" to the glossary, or write it out at first use: \"Full Name ({acr})\"")),
            );
        }
    }
    out
}
