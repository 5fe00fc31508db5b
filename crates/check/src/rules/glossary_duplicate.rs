//! # glossary-duplicate
//!
//! An acronym defined twice with different expansions.
//!
//! ## What it does
//!
//! Reads the document's glossary (a section titled "Glossary", "Acronyms" or "Abbreviations", or
//! one whose entries are mostly acronym–definition pairs) and reports an acronym that has two
//! entries whose expansions differ once case, punctuation and a trailing plural are ignored.
//!
//! ## Why is this bad?
//!
//! A reader who looks an acronym up finds two meanings and cannot tell which one the text uses;
//! usually one entry was updated and the old one kept, or two lists were merged.
//!
//! ## Example
//!
//! Fails:
//!
//! ```markdown
//! # Report
//!
//! The WG met twice.
//!
//! ## Acronyms
//!
//! | Acronym | Meaning |
//! |---|---|
//! | WG | Working Group |
//! | SC | Steering Committee |
//! | WG | Writing Guild |
//! ```
//!
//! Passes:
//!
//! ```markdown
//! # Report
//!
//! The WG met twice.
//!
//! ## Acronyms
//!
//! | Acronym | Meaning |
//! |---|---|
//! | WG | Working Group |
//! | SC | Steering Committee |
//! | WG | Working groups |
//! ```

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::Serialize;

use reportkit_text::words::singular;
use reportkit_text::fold::fold;
use crate::analysis::Context;
use crate::violation::{Diagnostic, Violation};

/// An acronym with two different expansions in one glossary.
#[derive(Debug, Serialize, JsonSchema)]
pub struct GlossaryDuplicate {
    /// The acronym.
    pub acronym: String,
    /// This entry's expansion.
    pub expansion: String,
    /// The earlier entry's expansion.
    pub earlier: String,
}

impl Violation for GlossaryDuplicate {
    const KEY: &'static [&'static str] = &["acronym", "expansion", "earlier"];

    fn message(&self) -> String {
        format!(
            "glossary defines \"{}\" twice: \"{}\" here, \"{}\" earlier",
            self.acronym, self.expansion, self.earlier
        )
    }
}

/// An expansion as compared: words folded, each singular.
fn meaning(definition: &str) -> String {
    fold(definition).split(' ').map(singular).collect::<Vec<_>>().join(" ")
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Diagnostic<GlossaryDuplicate>> {
    let mut out = Vec::new();
    for d in 0..cx.corpus.documents.len() {
        let Some(g) = cx.glossary(d) else { continue };
        let mut first: HashMap<&str, Vec<(String, &str, u32)>> = HashMap::new();
        for e in &g.entries {
            let m = meaning(&e.definition);
            let seen = first.entry(e.acronym.as_str()).or_default();
            if m.is_empty() || seen.iter().any(|(k, ..)| *k == m) {
                continue;
            }
            if let Some((_, earlier, line)) = seen.first() {
                out.push(
                    Diagnostic::new(
                        GlossaryDuplicate {
                            acronym: e.acronym.clone(),
                            expansion: e.definition.clone(),
                            earlier: earlier.to_string(),
                        },
                        d,
                        e.line,
                    )
                    .snippet(e.acronym.clone())
                    .related(d, *line, format!("\"{}\" defined as \"{earlier}\"", e.acronym))
                    .hint("keep the expansion the text means and delete the other entry"),
                );
            }
            seen.push((m, &e.definition, e.line));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::drafts;

    const HEAD: &str = "# R\n\nThe WG and the UN met.\n\n## Glossary\n\n";

    #[test]
    fn two_meanings_of_one_acronym_are_reported_at_the_second() {
        let md = format!("{HEAD}- WG Working Group\n- UN United Nations\n- WG Writing Guild\n");
        let d = drafts(check, &md);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 9);
        assert_eq!(d[0].related[0].line, 7);
        assert!(d[0].message.contains("\"Writing Guild\" here, \"Working Group\" earlier"), "{}", d[0].message);
    }

    #[test]
    fn the_same_meaning_written_twice_is_not_a_conflict() {
        let md = format!("{HEAD}- WG Working Group\n- UN United Nations\n- WG working groups.\n");
        assert!(drafts(check, &md).is_empty());
    }
}
