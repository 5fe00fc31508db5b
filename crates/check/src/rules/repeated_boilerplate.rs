//! # repeated-boilerplate
//!
//! A short passage recurs by design (a footer, a disclaimer, a promotional line); reported once.
//!
//! ## What it does
//!
//! Finds the clusters of repeated passages that `duplicate-passage` finds (the same comparison:
//! at least 8 words, folded case, punctuation and markup, at least 80% similar) and recognises
//! boilerplate among them:
//!
//! - passages of at most 30 words whose copies either stand in at least three different feed
//!   articles or documents, or each close (as the last prose before the next heading) a
//!   different article: a feed article, a document, or a top-level section of a Markdown
//!   document;
//! - standard text reused by separate publications: one copy in each of two or more documents
//!   that do not state the same event (overlapping event dates), such as a template's prompts,
//!   a methodology section or a licence, whatever its length;
//! - a refrain: a passage of some substance (not formulaic wording, see `duplicate-passage`)
//!   standing three times or more in one document, such as the same answer under each question or a running
//!   page header;
//! - a quotation: two copies of which one is a block quote, citing a passage the corpus gives in
//!   full elsewhere (an epigraph quoting a charter, a pull quote).
//!
//! Other repeats, within one article or in the middle of sections, are duplication.
//!
//! Each is reported once, at info severity, with every location and the count, and with the
//! number of variants when the copies are not all identical: a footer that lost a word or a
//! question mark in one article is a variant, marked as such among the locations, with how
//! similar it is to the most common wording. `duplicate-passage` does not report these.
//!
//! ## Why is this bad?
//!
//! It usually is not: footers and disclaimers recur on purpose. The finding says where they are
//! so that a reader can check that every copy reads the same, and so that they are not mistaken
//! for duplicated content.
//!
//! ## Example
//!
//! Fails (reported as a note: a footer closing both articles):
//!
//! ```markdown
//! # First headline
//!
//! The first article has one paragraph of its own.
//!
//! Subscribe to our weekly newsletter for more stories like this one.
//!
//! # Second headline
//!
//! The second article has another paragraph of its own.
//!
//! Subscribe to our weekly newsletter for more stories like this one.
//! ```
//!
//! Passes (each article ends in its own words):
//!
//! ```markdown
//! # First headline
//!
//! The first article has one paragraph of its own.
//!
//! # Second headline
//!
//! The second article has another paragraph of its own.
//! ```

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::Context;
use crate::violation::{Diagnostic, Violation};
use crate::analysis::passages::{excerpt, folded, home, percent, Kind, Occurrence};

type Draft = Diagnostic<RepeatedBoilerplate>;

/// A passage that recurs by design (a footer, a standard paragraph).
#[derive(Debug, Serialize, JsonSchema)]
pub struct RepeatedBoilerplate {
    /// The passage's first and last words, figures left out: what the finding is about.
    pub passage: String,
    /// Its first words.
    pub excerpt: String,
    /// How many copies.
    pub copies: usize,
    /// How many different wordings.
    pub variants: usize,
    /// The lowest similarity between two copies, in percent.
    pub similarity: u32,
    /// Whether this copy differs from the most common wording.
    pub differs: bool,
}

impl Violation for RepeatedBoilerplate {
    const KEY: &'static [&'static str] = &["passage"];

    fn message(&self) -> String {
        let how = if self.variants > 1 {
            format!(" ({} variants, {}% similar)", self.variants, self.similarity)
        } else {
            String::new()
        };
        let odd = if self.differs { "; this copy differs from the most common wording" } else { "" };
        format!("boilerplate recurs {} times{how}: “{}”{odd}", self.copies, self.excerpt)
    }
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    for c in cx.clusters() {
        if c.kind != Kind::Boilerplate {
            continue;
        }
        let text_of = |x: &Occurrence| &cx.units[x.doc][x.unit].text[x.start..x.end];
        let first = &c.copies[0];
        // Each distinct text is folded once, and each wording counted once: a footer copied
        // thousands of times stays linear.
        let mut folds: rustc_hash::FxHashMap<&str, String> = rustc_hash::FxHashMap::default();
        for x in &c.copies {
            folds.entry(text_of(x)).or_insert_with_key(|t| folded(t));
        }
        let texts: Vec<&str> = c.copies.iter().map(|x| folds[text_of(x)].as_str()).collect();
        let mut counts: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
        for t in &texts {
            *counts.entry(t).or_default() += 1;
        }
        let mut variants: Vec<&str> = counts.keys().copied().collect();
        variants.sort_unstable();
        // The most common wording is the reference the others are compared with.
        let reference = *variants.iter().max_by_key(|v| (counts[*v], std::cmp::Reverse(**v))).expect("a cluster has copies");
        let v = RepeatedBoilerplate {
            passage: c.key(cx),
            excerpt: excerpt(text_of(first), 8),
            copies: c.copies.len(),
            variants: variants.len(),
            similarity: percent(c.similarity),
            differs: texts[0] != reference,
        };
        let mut d = Draft::new(v, first.doc, first.line)
        .hint("nothing to fix if it recurs by design; check that every copy reads the same");
        d.end_line = first.end_line;
        let mut homes = std::collections::HashSet::new();
        homes.insert(home(cx, first.doc, first.unit));
        for (k, x) in c.copies.iter().enumerate().skip(1) {
            let again = !homes.insert(home(cx, x.doc, x.unit));
            let mut note = if texts[k] == reference {
                "same text".to_string()
            } else {
                format!("variant, {}% similar", percent(x.similarity))
            };
            if again {
                note.push_str("; a second copy in the same article");
            }
            d = d.related(x.doc, x.line, note);
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::test_support::drafts_text;

    const FEED: &str = "First headline\n\nThe first article has one paragraph of its own.\n\n\
        Follow every story from the meeting on our dedicated event page today.\n\n\
        Second headline\n\nThe second article has another paragraph of its own.\n\n\
        Follow every story from the meeting on our dedicated event page today.\n\n\
        Third headline\n\nThe third article is different from the others again.\n\n\
        Follow every story from the meeting on our dedicated event page, today!\n";

    #[test]
    fn a_footer_closing_every_article_is_one_info_finding() {
        let d = drafts_text(super::check, FEED);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.starts_with("boilerplate recurs 3 times"), "{}", d[0].message);
        assert_eq!(d[0].related.len(), 2);
        // Duplicate-passage leaves it alone.
        assert!(drafts_text(crate::rules::duplicate_passage::check, FEED).is_empty());
    }

    #[test]
    fn a_variant_is_counted() {
        let feed = FEED.replace("page, today!", "page — today, really");
        let d = drafts_text(super::check, &feed);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("2 variants"), "{}", d[0].message);
        assert!(d[0].related[1].note.starts_with("variant, "), "{}", d[0].related[1].note);
    }
}
