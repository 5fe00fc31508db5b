//! What a rule reports: a typed [`Violation`] at a place in a document ([`Diagnostic`]).
//!
//! A rule declares its violation as a type whose fields are the finding's `data` (and whose
//! JSON schema the findings schema carries for that rule), one method writes the message, and
//! [`Violation::KEY`] names the fields the fingerprint is made from. The engine turns each
//! diagnostic into a [`reportkit_model::Finding`].

use schemars::JsonSchema;
use serde::Serialize;

/// A rule's violation: the facts of one finding.
pub trait Violation: Serialize + JsonSchema {
    /// The fields the finding's fingerprint is made from, in order: what the finding is about,
    /// never where it is (no line numbers), so that a baseline survives edits elsewhere.
    const KEY: &'static [&'static str];

    /// The finding's message, one line, in lower case, from the fields alone.
    fn message(&self) -> String;
}

/// A related place in a diagnostic.
#[derive(Debug, Clone)]
pub struct RelatedAt {
    /// Document index.
    pub doc: usize,
    /// Line.
    pub line: u32,
    /// What is there.
    pub note: String,
}

/// A violation at a place: document, lines, the text pointed at, related places and a hint.
#[derive(Debug, Clone)]
pub struct Diagnostic<V> {
    /// What is wrong.
    pub violation: V,
    /// Document index.
    pub doc: usize,
    /// First line.
    pub line: u32,
    /// Last line.
    pub end_line: u32,
    /// The text on `line` the finding points at.
    pub snippet: Option<String>,
    /// Other places.
    pub related: Vec<RelatedAt>,
    /// What to do.
    pub hint: Option<String>,
}

impl<V> Diagnostic<V> {
    /// A diagnostic at one line of document `doc`.
    pub fn new(violation: V, doc: usize, line: u32) -> Self {
        Diagnostic { violation, doc, line, end_line: line, snippet: None, related: Vec::new(), hint: None }
    }
    /// Extend the diagnostic to `end_line`.
    pub fn to_line(mut self, end_line: u32) -> Self {
        self.end_line = end_line;
        self
    }
    /// Add a hint: what to do.
    pub fn hint(mut self, h: impl Into<String>) -> Self {
        self.hint = Some(h.into());
        self
    }
    /// Point at a piece of text on the first line.
    pub fn snippet(mut self, s: impl Into<String>) -> Self {
        self.snippet = Some(s.into());
        self
    }
    /// Add a related place.
    pub fn related(mut self, doc: usize, line: u32, note: impl Into<String>) -> Self {
        self.related.push(RelatedAt { doc, line, note: note.into() });
        self
    }
}

/// A diagnostic with its violation written out: message, data and fingerprint key. The engine
/// works on these, whatever the rule.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub doc: usize,
    pub line: u32,
    pub end_line: u32,
    pub snippet: Option<String>,
    pub message: String,
    pub related: Vec<RelatedAt>,
    pub hint: Option<String>,
    pub data: serde_json::Map<String, serde_json::Value>,
    pub key: String,
}

impl<V: Violation> Diagnostic<V> {
    /// Write the violation out.
    pub(crate) fn draft(self) -> Draft {
        let message = self.violation.message();
        let data = match serde_json::to_value(&self.violation) {
            Ok(serde_json::Value::Object(m)) => m,
            _ => serde_json::Map::new(),
        };
        let key = V::KEY
            .iter()
            .map(|k| match data.get(*k) {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
                None => String::new(),
            })
            .collect::<Vec<_>>()
            .join("|");
        Draft {
            doc: self.doc,
            line: self.line,
            end_line: self.end_line.max(self.line),
            snippet: self.snippet,
            message,
            related: self.related,
            hint: self.hint,
            data,
            key,
        }
    }
}
