//! `reportkit.toml`: the corpus, per-rule severity, and reasoned suppressions.
//!
//! ```toml
//! corpus = ["reports/2030"]
//! preview = true              # also run the preview rules (as `check --preview` does)
//!
//! [rules]
//! fact-conflict = "warning"   # error | warning | info | off
//!
//! [[suppress]]
//! rule = "sum-mismatch"
//! file = "reports/2030/report.md"
//! contains = "workshops in total"   # or: line = 120
//! reason = "the published PDF has the same figure; tracked in issue 12"
//! ```

use std::collections::BTreeMap;

use reportkit_model::{Finding, Severity};
use serde::Deserialize;

/// A rule's configured level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Report at error severity.
    Error,
    /// Report at warning severity.
    Warning,
    /// Report at info severity.
    Info,
    /// Do not run the rule.
    Off,
}

/// One suppression: a rule, a file, and a line or a text fragment, with a reason.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    /// The rule id.
    pub rule: String,
    /// The file, as given to `check` (a suffix of the path matches).
    pub file: String,
    /// A line the finding covers.
    #[serde(default)]
    pub line: Option<u32>,
    /// Text of the flagged line, the finding's snippet or its message.
    #[serde(default)]
    pub contains: Option<String>,
    /// Why the finding is accepted. Mandatory.
    pub reason: String,
}

/// The configuration file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Paths checked when `check` is given none (relative to the configuration file).
    #[serde(default)]
    pub corpus: Vec<String>,
    /// Per-rule levels.
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
    /// Suppressions.
    #[serde(default)]
    pub suppress: Vec<Suppression>,
    /// Run the preview rules too (`--preview` sets it).
    #[serde(default)]
    pub preview: bool,
}

/// A configuration that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// TOML syntax or shape.
    #[error("{0}")]
    Toml(String),
    /// A value that is well-formed but wrong.
    #[error("{0}")]
    Invalid(String),
}

impl Config {
    /// Parse and validate a configuration file's text.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let c: Config = toml::from_str(text).map_err(|e| ConfigError::Toml(e.to_string().trim().replace('\n', " ")))?;
        for id in c.rules.keys() {
            if crate::rules::by_id(id).is_none() {
                return Err(ConfigError::Invalid(format!("[rules]: unknown rule `{id}` (see `reportkit rules`)")));
            }
        }
        for (i, s) in c.suppress.iter().enumerate() {
            let n = i + 1;
            if crate::rules::by_id(&s.rule).is_none() {
                return Err(ConfigError::Invalid(format!("[[suppress]] #{n}: unknown rule `{}`", s.rule)));
            }
            if s.reason.trim().is_empty() {
                return Err(ConfigError::Invalid(format!(
                    "[[suppress]] #{n}: `reason` must say why the finding is accepted"
                )));
            }
            if s.line.is_none() && s.contains.as_deref().is_none_or(|c| c.trim().is_empty()) {
                return Err(ConfigError::Invalid(format!("[[suppress]] #{n}: give `line` or `contains`")));
            }
        }
        Ok(c)
    }

    /// The severity a rule reports at, or `None` when it is off. A preview rule is off unless
    /// [`Config::preview`] is set or `[rules]` names it.
    pub fn severity(&self, rule: &crate::rule::Rule) -> Option<Severity> {
        match self.rules.get(rule.id) {
            None if rule.preview && !self.preview => None,
            None => Some(rule.severity),
            Some(Level::Off) => None,
            Some(Level::Error) => Some(Severity::Error),
            Some(Level::Warning) => Some(Severity::Warning),
            Some(Level::Info) => Some(Severity::Info),
        }
    }

    /// Whether a suppression covers the finding. `line_text` is the source text of its line.
    pub fn suppressed(&self, f: &Finding, line_text: &str) -> bool {
        self.suppress.iter().any(|s| {
            s.rule == f.rule
                && (f.file == s.file
                    || f.file.ends_with(&format!("/{}", s.file))
                    || s.file.ends_with(&format!("/{}", f.file)))
                && s.line.is_none_or(|l| l >= f.line && l <= f.end_line)
                && s.contains.as_deref().is_none_or(|c| {
                    line_text.contains(c)
                        || f.message.contains(c)
                        || f.snippet.as_deref().is_some_and(|x| x.contains(c))
                })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suppression_needs_a_reason() {
        let e = Config::parse("[[suppress]]\nrule = \"sum-mismatch\"\nfile = \"a.md\"\nline = 3\nreason = \"\"\n")
            .unwrap_err();
        assert!(e.to_string().contains("reason"));
        let e = Config::parse("[[suppress]]\nrule = \"sum-mismatch\"\nfile = \"a.md\"\nline = 3\n").unwrap_err();
        assert!(e.to_string().contains("reason"), "{e}");
    }

    #[test]
    fn unknown_rules_are_refused() {
        assert!(Config::parse("[rules]\nno-such = \"off\"\n").unwrap_err().to_string().contains("no-such"));
        assert!(Config::parse("[rules]\nsum-mismatch = \"loud\"\n").is_err());
    }

    #[test]
    fn levels_map_to_severities() {
        let c = Config::parse("[rules]\nsum-mismatch = \"warning\"\nfact-conflict = \"off\"\n").unwrap();
        let rule = |id| crate::rules::by_id(id).unwrap();
        assert_eq!(c.severity(rule("sum-mismatch")), Some(Severity::Warning));
        assert_eq!(c.severity(rule("fact-conflict")), None);
        assert_eq!(c.severity(rule("count-mismatch")), Some(Severity::Error));
    }

    #[test]
    fn preview_rules_run_only_when_asked_for() {
        let preview = crate::rules::ALL.iter().find(|r| r.preview).expect("a preview rule");
        assert_eq!(Config::default().severity(preview), None);
        let on = Config { preview: true, ..Config::default() };
        assert_eq!(on.severity(preview), Some(preview.severity));
        let named = Config::parse(&format!("[rules]\n{} = \"error\"\n", preview.id)).unwrap();
        assert_eq!(named.severity(preview), Some(Severity::Error));
    }
}
