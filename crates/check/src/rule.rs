//! The rule registry and what a rule sees.

use reportkit_model::{Corpus, Severity};

use crate::facts::Facts;
use crate::units::Unit;

/// What every rule reads: the corpus, its text units and its facts.
pub struct Context<'a> {
    /// The documents.
    pub corpus: &'a Corpus,
    /// Text units per document.
    pub units: &'a [Vec<Unit>],
    /// Facts per document, given only to the rules registered as reading them.
    pub(crate) facts: Option<&'a Facts>,
    /// Results several rules share, computed by the first rule that needs them.
    pub(crate) shared: &'a Shared,
}

/// Results several rules share (`duplicate-passage` and `repeated-boilerplate` read the same
/// clusters of repeated passages), computed once per check.
#[derive(Default)]
pub(crate) struct Shared {
    pub(crate) clusters: std::sync::OnceLock<Vec<crate::rules::passages::Cluster>>,
}

impl<'a> Context<'a> {
    /// The unit a fact or location refers to.
    pub fn unit(&self, doc: usize, unit: usize) -> &Unit {
        &self.units[doc][unit]
    }
    /// Facts per document. Only a rule registered as reading facts ([`Rule::facts`]) may call
    /// this: the others run while the facts are still being extracted.
    pub fn facts(&self) -> &'a Facts {
        self.facts.expect("a rule that reads facts is registered with `facts: true`")
    }
}

/// A related location in a draft finding.
#[derive(Debug, Clone)]
pub struct RelatedAt {
    /// Document index.
    pub doc: usize,
    /// Line.
    pub line: u32,
    /// What is there.
    pub note: String,
}

/// A finding as a rule reports it; the engine adds severity, file and fingerprint.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Document index.
    pub doc: usize,
    /// First line.
    pub line: u32,
    /// Last line.
    pub end_line: u32,
    /// The text on `line` the finding points at.
    pub snippet: Option<String>,
    /// What is wrong.
    pub message: String,
    /// Other places.
    pub related: Vec<RelatedAt>,
    /// What to do.
    pub hint: Option<String>,
    /// Rule data.
    pub data: serde_json::Map<String, serde_json::Value>,
    /// Content the fingerprint is made from: what the finding is about, never line numbers.
    pub key: String,
}

impl Draft {
    /// A draft at one line.
    pub fn new(doc: usize, line: u32, message: impl Into<String>, key: impl Into<String>) -> Self {
        Draft {
            doc,
            line,
            end_line: line,
            snippet: None,
            message: message.into(),
            related: Vec::new(),
            hint: None,
            data: serde_json::Map::new(),
            key: key.into(),
        }
    }
    /// Add rule data.
    pub fn with(mut self, k: &str, v: impl Into<serde_json::Value>) -> Self {
        self.data.insert(k.to_string(), v.into());
        self
    }
    /// Add a hint.
    pub fn hint(mut self, h: impl Into<String>) -> Self {
        self.hint = Some(h.into());
        self
    }
    /// Point at a piece of text on the first line.
    pub fn snippet(mut self, s: impl Into<String>) -> Self {
        self.snippet = Some(s.into());
        self
    }
    /// Add a related location.
    pub fn related(mut self, doc: usize, line: u32, note: impl Into<String>) -> Self {
        self.related.push(RelatedAt { doc, line, note: note.into() });
        self
    }
}

/// A rule: its id, default severity, documentation and check.
pub struct Rule {
    /// Stable id.
    pub id: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// The source file of the rule; its `//!` lines are the documentation.
    pub source: &'static str,
    /// Run the rule.
    pub check: fn(&Context) -> Vec<Draft>,
    /// Relative cost, 0 to 9, for scheduling only: rules run costliest first, so that no long
    /// rule starts last. 9 for comparisons across the whole text, about 5 for one pass over
    /// it, 1 for a look-up over facts or headings, 0 for a rule that reads what another computes.
    pub cost: u8,
    /// Whether the rule reads facts ([`Context::facts`]); the others start before the facts are
    /// extracted.
    pub facts: bool,
}

impl Rule {
    /// The rule's documentation: its module doc comment, as Markdown.
    pub fn doc(&self) -> String {
        let mut out = String::new();
        for line in self.source.lines() {
            if let Some(rest) = line.strip_prefix("//!") {
                out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
                out.push('\n');
            } else if !line.trim().is_empty() {
                break;
            }
        }
        out
    }
    /// First sentence of the documentation.
    pub fn summary(&self) -> String {
        let doc = self.doc();
        let first = doc.lines().find(|l| !(l.trim().is_empty() || l.starts_with('#'))).unwrap_or("").trim().to_string();
        first
    }
}

/// Every rule, in a stable order.
pub fn all() -> &'static [Rule] {
    crate::rules::ALL
}

/// A rule by id.
pub fn by_id(id: &str) -> Option<&'static Rule> {
    all().iter().find(|r| r.id == id)
}
