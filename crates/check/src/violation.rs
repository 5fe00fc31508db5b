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

/// One change a fix makes, in the terms a rule knows: lines of the document's source and the
/// text on them. The engine finds the columns, and drops a fix any of whose changes does not find
/// its text where the rule says (so a fix never edits text the rule did not see).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Replace `old` by `new`: its first occurrence on `line`, or, when `leading`, only at the
    /// start of the line after its indentation.
    Replace {
        /// The line.
        line: u32,
        /// The text replaced (not empty).
        old: String,
        /// The replacement.
        new: String,
        /// Whether `old` must open the line (after spaces and tabs).
        leading: bool,
    },
    /// Remove lines `line` to `end_line` (inclusive) with their line breaks.
    RemoveLines {
        /// First line removed.
        line: u32,
        /// Last line removed.
        end_line: u32,
    },
}

/// A fix a rule offers: what it does, whether it is certain, and its changes (in the
/// diagnostic's document, not overlapping).
#[derive(Debug, Clone)]
pub struct FixAt {
    /// What the fix does, imperative ("Rename the entry to …").
    pub title: String,
    /// Safe (certain and local) or unsafe (a judgement).
    pub applicability: reportkit_model::Applicability,
    /// The changes.
    pub changes: Vec<Change>,
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
    /// Fixes, when the rule knows them.
    pub fixes: Vec<FixAt>,
    /// The most severe this finding may be, whatever the rule's severity: a rule whose findings
    /// are certainties marks the ones that rest on a weaker reading.
    pub at_most: Option<reportkit_model::Severity>,
}

impl<V> Diagnostic<V> {
    /// A diagnostic at one line of document `doc`.
    pub fn new(violation: V, doc: usize, line: u32) -> Self {
        Diagnostic {
            violation,
            doc,
            line,
            end_line: line,
            snippet: None,
            related: Vec::new(),
            hint: None,
            fixes: Vec::new(),
            at_most: None,
        }
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
    /// Mark the finding as a strong inference rather than a certainty: it is reported at most as
    /// a warning, whatever the rule's severity.
    pub fn inference(mut self) -> Self {
        self.at_most = Some(reportkit_model::Severity::Warning);
        self
    }
    /// Mark the finding as a note that needs no action: it is reported at info severity,
    /// whatever the rule's severity.
    pub fn note_only(mut self) -> Self {
        self.at_most = Some(reportkit_model::Severity::Info);
        self
    }
    /// Offer a fix that is certain and local: `check --fix` applies it.
    pub fn safe_fix(self, title: impl Into<String>, changes: Vec<Change>) -> Self {
        self.fix(title, reportkit_model::Applicability::Safe, changes)
    }
    /// Offer a fix that needs a person's judgement (applied only on request).
    pub fn unsafe_fix(self, title: impl Into<String>, changes: Vec<Change>) -> Self {
        self.fix(title, reportkit_model::Applicability::Unsafe, changes)
    }
    fn fix(
        mut self,
        title: impl Into<String>,
        applicability: reportkit_model::Applicability,
        changes: Vec<Change>,
    ) -> Self {
        if !changes.is_empty() {
            self.fixes.push(FixAt { title: title.into(), applicability, changes });
        }
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
    pub fixes: Vec<FixAt>,
    pub at_most: Option<reportkit_model::Severity>,
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
            fixes: self.fixes,
            at_most: self.at_most,
        }
    }
}
