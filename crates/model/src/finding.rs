//! Findings: what `reportkit check` reports, in the shape of `schemas/findings.schema.json`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; never fails a build.
    Info,
    /// Probably a defect; does not fail a build.
    Warning,
    /// A defect; fails the build (exit code 1).
    Error,
}

impl Severity {
    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Another place a finding concerns (an item of a breakdown, the other statement of a figure).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Related {
    /// The source path as given.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// What is there.
    pub note: String,
}

/// Whether a fix may be applied without a person's judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Applicability {
    /// Certain and local: `check --fix` applies it.
    Safe,
    /// A judgement (which of two statements is right?): applied only with `--unsafe-fixes`, and
    /// then only when it is the finding's one fix.
    Unsafe,
}

impl Applicability {
    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// One replacement in a finding's file: the text from (`line`, `column`) up to (`end_line`,
/// `end_column`) becomes `content`. Positions are 1-based, columns counted in Unicode scalar
/// values of the line, the end exclusive (SARIF's `deletedRegion`); an end at column 1 of the
/// line after the last removes whole lines with their line breaks. An insertion has equal start
/// and end.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Edit {
    /// First line replaced (1-based).
    pub line: u32,
    /// First column replaced (1-based).
    pub column: u32,
    /// Line of the end (1-based).
    pub end_line: u32,
    /// Column just after the last character replaced (1-based, exclusive).
    pub end_column: u32,
    /// The replacement text (empty to delete).
    pub content: String,
}

/// A change to a finding's file that resolves the finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fix {
    /// What the fix does, as an imperative sentence ("Rename the entry to …").
    pub title: String,
    /// Whether it may be applied without review.
    pub applicability: Applicability,
    /// The replacements, in the finding's file, in order and not overlapping.
    pub edits: Vec<Edit>,
}

/// One defect found by a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// The rule's stable id, e.g. `sum-mismatch`.
    pub rule: String,
    /// Severity after configuration.
    pub severity: Severity,
    /// One sentence saying what is wrong.
    pub message: String,
    /// The source path as given.
    pub file: String,
    /// The id of the document.
    pub document: String,
    /// First line concerned (1-based).
    pub line: u32,
    /// Last line concerned (1-based, inclusive).
    pub end_line: u32,
    /// Column of the first character the finding points at on `line` (1-based, counted in
    /// Unicode scalar values of the line), when it points at its `snippet` found on that line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// Column just after the last character pointed at on `line` (1-based, exclusive, in Unicode
    /// scalar values: SARIF's `endColumn`); set with `column`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_column: Option<u32>,
    /// The text the finding points at on `line`, when it points at something narrower than the
    /// line (for marking the span).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
    /// Other places concerned.
    pub related: Vec<Related>,
    /// What to do about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Rule-specific data (expected, actual, difference…).
    pub data: serde_json::Map<String, serde_json::Value>,
    /// Stable across edits that only shift lines: used by baselines and SARIF fingerprints.
    pub fingerprint: String,
    /// Changes that resolve the finding, when the rule knows them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<Fix>,
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// Findings at error severity.
    pub error: usize,
    /// Findings at warning severity.
    pub warning: usize,
    /// Findings at info severity.
    pub info: usize,
    /// Findings hidden by suppressions in the configuration.
    pub suppressed: usize,
    /// Findings hidden because the baseline has them.
    pub baselined: usize,
    /// Documents checked.
    pub documents: usize,
}

/// The JSON output of `reportkit check --format json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingsReport {
    /// The schema version this report follows.
    pub version: String,
    /// The findings, ordered by file, line and rule.
    pub findings: Vec<Finding>,
    /// Counts.
    pub summary: Summary,
}
