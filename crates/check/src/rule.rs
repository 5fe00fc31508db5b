//! A registered rule, as the engine and the CLI see it.

use reportkit_model::Severity;

use crate::analysis::Context;
use crate::violation::{Diagnostic, Draft, Violation};

/// A rule: its id, default severity, documentation, check and the schema of its data.
pub struct Rule {
    /// Stable id.
    pub id: &'static str,
    /// The family the rule belongs to (see `rules::FAMILIES`): `--select numbers` runs them all.
    pub family: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// A preview rule runs only with `--preview` (or `preview = true` in reportkit.toml), or
    /// when reportkit.toml's `[rules]` names it.
    pub preview: bool,
    /// The source file of the rule; its `//!` lines are the documentation.
    pub source: &'static str,
    /// Run the rule and write its violations out.
    pub(crate) run: fn(&Context) -> Vec<Draft>,
    /// The JSON schema of the rule's violation (the findings' `data`).
    pub(crate) data_schema: fn(&mut schemars::SchemaGenerator) -> schemars::Schema,
    /// The fields the fingerprint is made from.
    pub key: &'static [&'static str],
}

/// Run a rule's check and write its violations out (what the registry's `run` does).
pub(crate) fn drafts<V: Violation>(check: fn(&Context) -> Vec<Diagnostic<V>>, cx: &Context) -> Vec<Draft> {
    check(cx).into_iter().map(Diagnostic::draft).collect()
}

/// The schema of the violation a check reports.
pub(crate) fn schema_of<V: Violation>(
    _check: fn(&Context) -> Vec<Diagnostic<V>>,
    generator: &mut schemars::SchemaGenerator,
) -> schemars::Schema {
    generator.subschema_for::<V>()
}

/// The fingerprint fields of the violation a check reports.
pub(crate) const fn key_of<V: Violation>(_check: fn(&Context) -> Vec<Diagnostic<V>>) -> &'static [&'static str] {
    V::KEY
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

    /// First sentence of the documentation (its first paragraph's lines joined).
    pub fn summary(&self) -> String {
        let doc = self.doc();
        let para: Vec<&str> = doc
            .lines()
            .skip_while(|l| l.trim().is_empty() || l.starts_with('#'))
            .take_while(|l| !l.trim().is_empty())
            .map(str::trim)
            .collect();
        let para = para.join(" ");
        match para.find(". ") {
            Some(i) => para[..=i].to_string(),
            None => para,
        }
    }

    /// The examples of the documentation's "Example" section: `(fails, passes)`, each the
    /// first fenced block after a line starting "Fails" or "Passes".
    pub fn examples(&self) -> (Option<String>, Option<String>) {
        let doc = self.doc();
        let block_after = |label: &str| -> Option<String> {
            let mut lines = doc.lines().skip_while(|l| !l.starts_with(label));
            lines.next()?;
            let mut lines = lines.skip_while(|l| !l.starts_with("```"));
            lines.next()?;
            let body: Vec<&str> = lines.take_while(|l| !l.starts_with("```")).collect();
            Some(body.join("\n") + "\n")
        };
        (block_after("Fails"), block_after("Passes"))
    }
}
