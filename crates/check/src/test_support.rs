//! Helpers for the rules' unit tests: parse sources from strings and run one rule.

use reportkit_model::{Corpus, SourceFormat};

use crate::analysis::{Analysis, Context};
use crate::violation::{Diagnostic, Draft, Violation};

/// Parse `(path, text, format)` sources into a corpus.
pub(crate) fn corpus(files: &[(&str, &str, SourceFormat)]) -> Corpus {
    let docs = files
        .iter()
        .flat_map(|(path, text, format)| reportkit_parse::parse(path, text.as_bytes(), Some(*format)).expect("parses"))
        .collect();
    Corpus::new(docs)
}

/// Run one rule's check over sources; its diagnostics written out (message, data, key).
pub(crate) fn run<V: Violation>(
    check: fn(&Context) -> Vec<Diagnostic<V>>,
    files: &[(&str, &str, SourceFormat)],
) -> Vec<Draft> {
    let c = corpus(files);
    check(&Analysis::new(&c)).into_iter().map(Diagnostic::draft).collect()
}

/// Run one rule's check over one Markdown source.
pub(crate) fn drafts<V: Violation>(check: fn(&Context) -> Vec<Diagnostic<V>>, markdown: &str) -> Vec<Draft> {
    run(check, &[("a.md", markdown, SourceFormat::Markdown)])
}

/// Run one rule's check over one plain-text source.
pub(crate) fn drafts_text<V: Violation>(check: fn(&Context) -> Vec<Diagnostic<V>>, text: &str) -> Vec<Draft> {
    run(check, &[("a.txt", text, SourceFormat::Text)])
}

/// A finding of `rule` at line 1 of `file`, with no columns, related places, data or fixes (for
/// tests of what is done with findings: baselines, outputs, fixes).
pub(crate) fn finding(rule: &str, file: &str) -> reportkit_model::Finding {
    reportkit_model::Finding {
        rule: rule.into(),
        severity: reportkit_model::Severity::Warning,
        message: "m".into(),
        file: file.into(),
        document: "d".into(),
        line: 1,
        end_line: 1,
        column: None,
        end_column: None,
        snippet: None,
        related: Vec::new(),
        hint: None,
        data: Default::default(),
        fingerprint: String::new(),
        fixes: Vec::new(),
    }
}
