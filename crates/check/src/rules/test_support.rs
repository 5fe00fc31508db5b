//! Helpers for the rules' unit tests: parse sources from strings and run one rule.

use reportkit_model::{Corpus, SourceFormat};

use crate::rule::{Context, Draft};
use crate::Analysis;

/// Parse `(path, text, format)` sources into a corpus.
pub(crate) fn corpus(files: &[(&str, &str, SourceFormat)]) -> Corpus {
    let docs = files
        .iter()
        .flat_map(|(path, text, format)| reportkit_parse::parse(path, text.as_bytes(), Some(*format)).expect("parses"))
        .collect();
    Corpus::new(docs)
}

/// Run one rule's check over sources.
pub(crate) fn run(check: fn(&Context) -> Vec<Draft>, files: &[(&str, &str, SourceFormat)]) -> Vec<Draft> {
    let c = corpus(files);
    let a = Analysis::new(&c);
    check(&a.context(&Default::default(), Some(a.facts())))
}

/// Run one rule's check over one Markdown source.
pub(crate) fn drafts(check: fn(&Context) -> Vec<Draft>, markdown: &str) -> Vec<Draft> {
    run(check, &[("a.md", markdown, SourceFormat::Markdown)])
}

/// Run one rule's check over one plain-text source.
pub(crate) fn drafts_text(check: fn(&Context) -> Vec<Draft>, text: &str) -> Vec<Draft> {
    run(check, &[("a.txt", text, SourceFormat::Text)])
}
