//! What `reportkit diff` reports, in the shape of `schemas/diff.schema.json`.
//!
//! A report compares two versions of a corpus: documents are matched by id, sections by
//! content, paragraphs by text; figures are matched within matched sections; findings are
//! compared by rule and content fingerprint.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Finding, Span};

/// The JSON output of `reportkit diff --format json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiffReport {
    /// The schema version this report follows.
    pub version: String,
    /// The old version as given (a file or a directory).
    pub old: String,
    /// The new version as given.
    pub new: String,
    /// Whether source formatting and inline markup were compared too (`--exact`).
    pub exact: bool,
    /// Documents that differ, in the new version's order (removed ones after).
    pub documents: Vec<DocumentDiff>,
    /// Check findings the new version introduces or resolves.
    pub findings: FindingChanges,
    /// Counts.
    pub summary: DiffSummary,
}

impl DiffReport {
    /// Whether the two versions differ in anything reported.
    pub fn has_differences(&self) -> bool {
        !self.documents.is_empty() || self.summary.findings_introduced > 0 || self.summary.findings_resolved > 0
    }
}

/// How a document changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, with differences.
    Changed,
    /// In both under different file names: the old file's document is this one, as the
    /// similarity of their paragraphs shows (git's rename detection); differences inside, if
    /// any, are listed as for a changed document.
    Renamed,
}

/// The differences of one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentDiff {
    /// The document id (the slug of the file stem, or the old version's id when two files are
    /// compared).
    pub id: String,
    /// How the document changed.
    pub status: DocumentStatus,
    /// The old source path, unless added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_path: Option<String>,
    /// The new source path, unless removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_path: Option<String>,
    /// Section changes, in the new version's order (removed sections where they stood).
    pub sections: Vec<SectionChange>,
    /// Figures that changed, appeared or disappeared.
    pub facts: Vec<FactChange>,
}

/// One kind of section change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SectionChangeKind {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// Same content in another place (another parent or another order among its siblings).
    Moved,
    /// Same content under another title.
    Renamed,
    /// Its own text changed.
    Changed,
}

impl SectionChangeKind {
    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            SectionChangeKind::Added => "added",
            SectionChangeKind::Removed => "removed",
            SectionChangeKind::Moved => "moved",
            SectionChangeKind::Renamed => "renamed",
            SectionChangeKind::Changed => "changed",
        }
    }
}

/// A section in one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionRef {
    /// The section id (empty for the text before the first heading).
    pub id: String,
    /// The title as plain text, whitespace collapsed.
    pub title: String,
    /// Titles of the enclosing sections, outermost first.
    pub path: Vec<String>,
    /// The section's lines (heading to last line of its own text and sub-sections).
    pub span: Span,
}

/// A section that was added, removed, moved, renamed or changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionChange {
    /// What happened, in the order added, removed, moved, renamed, changed (a section can be
    /// moved, renamed and changed at once).
    pub kinds: Vec<SectionChangeKind>,
    /// The section in the old version, unless added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<SectionRef>,
    /// The section in the new version, unless removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<SectionRef>,
    /// Similarity of the section's own text in the two versions (0 to 1, two decimals).
    pub similarity: f64,
    /// For a moved section: the title of the section it now follows under its parent (empty
    /// when it now comes first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Another section of the new version with the same text, for an added section that
    /// duplicates one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<SectionRef>,
    /// Paragraphs added, removed or changed in the section's own text.
    pub hunks: Vec<Hunk>,
    /// Paragraphs of the section's own text that did not change (elided from the hunks).
    pub unchanged: usize,
}

/// How a paragraph changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HunkKind {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// Edited.
    Changed,
}

/// A paragraph (paragraph, list item, table row, quote, code block…) in one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TextSide {
    /// Its lines.
    pub span: Span,
    /// Its text as compared: plain text, or with `--exact` the source lines.
    pub text: String,
}

/// One changed paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hunk {
    /// What happened.
    pub kind: HunkKind,
    /// Unchanged paragraphs elided between the previous hunk (or the section start) and this one.
    pub skipped: usize,
    /// The paragraph in the old version, unless added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<TextSide>,
    /// The paragraph in the new version, unless removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<TextSide>,
    /// Word-level differences of a changed paragraph (empty otherwise).
    pub words: Vec<WordChange>,
}

/// Whether a run of words is in both versions or in one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WordTag {
    /// In both.
    Equal,
    /// Only in the old version.
    Delete,
    /// Only in the new version.
    Insert,
}

/// A run of words of a changed paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WordChange {
    /// Which version has it.
    pub tag: WordTag,
    /// The words, with the spaces between them.
    pub text: String,
}

/// How a figure changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FactChangeKind {
    /// Another value at the same place.
    Changed,
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
}

/// A figure as one version states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactSide {
    /// As written ("6,000+").
    pub written: String,
    /// The value.
    pub value: f64,
    /// The line.
    pub line: u32,
    /// The text of that line, trimmed.
    pub text: String,
}

/// A figure that changed, appeared or disappeared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactChange {
    /// What happened.
    pub kind: FactChangeKind,
    /// Title of the section that states it (the new version's title when both have it).
    pub section: String,
    /// What the figure counts, as written after it ("Workshops"); may be empty.
    pub label: String,
    /// The normalised noun the figures were matched on ("workshop").
    pub noun: String,
    /// The old statement, unless added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<FactSide>,
    /// The new statement, unless removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<FactSide>,
}

/// Check findings that differ between the versions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingChanges {
    /// Findings of the new version that the old one does not have (new lines).
    pub introduced: Vec<Finding>,
    /// Findings of the old version that the new one no longer has (old lines).
    pub resolved: Vec<Finding>,
}

/// Counts of a diff.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiffSummary {
    /// Documents only in the new version.
    pub documents_added: usize,
    /// Documents only in the old version.
    pub documents_removed: usize,
    /// Documents in both that differ.
    pub documents_changed: usize,
    /// Documents found under another file name (renamed, and perhaps changed too).
    #[serde(default)]
    pub documents_renamed: usize,
    /// Sections added.
    pub sections_added: usize,
    /// Sections removed.
    pub sections_removed: usize,
    /// Sections moved.
    pub sections_moved: usize,
    /// Sections renamed.
    pub sections_renamed: usize,
    /// Sections whose own text changed.
    pub sections_changed: usize,
    /// Paragraphs added (in changed or added sections).
    pub paragraphs_added: usize,
    /// Paragraphs removed (in changed or removed sections).
    pub paragraphs_removed: usize,
    /// Paragraphs edited.
    pub paragraphs_changed: usize,
    /// Figures whose value changed.
    pub facts_changed: usize,
    /// Figures only in the new version.
    pub facts_added: usize,
    /// Figures only in the old version.
    pub facts_removed: usize,
    /// Findings the new version introduces.
    pub findings_introduced: usize,
    /// Findings the new version resolves.
    pub findings_resolved: usize,
}
