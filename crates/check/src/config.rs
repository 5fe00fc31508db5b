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
//! file = "reports/2030/report.md"   # relative to this file's directory
//! contains = "workshops in total"   # or: line = 120
//! reason = "the published PDF has the same figure; tracked in issue 12"
//!
//! [[publications]]
//! name = "Annual report 2030"
//! paths = ["reports/2030/*.md", "annex.md"]   # globs relative to this file's directory
//! ```
//!
//! `[[publications]]` group documents into publications: when any is configured, figures of two
//! documents are compared (`fact-conflict`) only when one publication holds both.
//!
//! A suppression's `file` is resolved against the configuration file's directory and compared
//! with each finding's file resolved against the working directory (both normalised, and
//! canonicalised when they exist), so it applies wherever `check` runs from.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use reportkit_model::{Finding, Severity};

use crate::analysis::Publications;
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
    /// The file, relative to the configuration file's directory (or absolute).
    pub file: String,
    /// A line the finding covers.
    #[serde(default)]
    pub line: Option<u32>,
    /// Text of the flagged line, the finding's snippet or its message.
    #[serde(default)]
    pub contains: Option<String>,
    /// Why the finding is accepted. Mandatory.
    pub reason: String,
    /// The line of its `[[suppress]]` header in the configuration file, when it has one.
    #[serde(skip)]
    pub config_line: Option<u32>,
}

/// One publication: documents whose figures may be compared with one another.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    /// What the publication is called (quoted in findings that compare its documents).
    pub name: String,
    /// Globs of its documents' paths, relative to the configuration file's directory (`*` and
    /// `?` do not match `/`; `**` matches any number of directories).
    pub paths: Vec<String>,
    /// The globs compiled (set by [`Config::parse`]).
    #[serde(skip)]
    matcher: Option<globset::GlobSet>,
}

impl Publication {
    /// Whether the publication holds the file at `relative` (a path relative to the
    /// configuration file's directory, `/`-separated).
    fn holds(&self, relative: &Path) -> bool {
        self.matcher.as_ref().is_some_and(|m| m.is_match(relative))
    }
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
    /// Publications: the documents whose figures may be compared with one another. None
    /// configured: documents whose titles name one series are compared (see `fact-conflict`).
    #[serde(default)]
    pub publications: Vec<Publication>,
    /// The directory relative paths start from: the configuration file's (set by the loader;
    /// empty for the working directory).
    #[serde(skip)]
    pub base: PathBuf,
    /// The configuration file read, as the loader found it (set by the loader).
    #[serde(skip)]
    pub file: Option<PathBuf>,
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
        let mut c: Config =
            toml::from_str(text).map_err(|e| ConfigError::Toml(e.to_string().trim().replace('\n', " ")))?;
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
        for (i, p) in c.publications.iter_mut().enumerate() {
            let n = i + 1;
            if p.name.trim().is_empty() {
                return Err(ConfigError::Invalid(format!("[[publications]] #{n}: `name` must not be empty")));
            }
            if p.paths.is_empty() {
                return Err(ConfigError::Invalid(format!(
                    "[[publications]] #{n} (`{}`): `paths` must name at least one file or glob",
                    p.name
                )));
            }
            let mut set = globset::GlobSetBuilder::new();
            for g in &p.paths {
                let glob = globset::GlobBuilder::new(g).literal_separator(true).build().map_err(|e| {
                    ConfigError::Invalid(format!(
                        "[[publications]] #{n} (`{}`): `paths`: `{g}` is not a valid glob: {e}",
                        p.name
                    ))
                })?;
                set.add(glob);
            }
            p.matcher =
                Some(set.build().map_err(|e| {
                    ConfigError::Invalid(format!("[[publications]] #{n} (`{}`): `paths`: {e}", p.name))
                })?);
        }
        // The header line of each entry, when every entry has one (not in inline-table form).
        let headers: Vec<u32> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| {
                l.trim_start()
                    .strip_prefix("[[suppress]]")
                    .is_some_and(|r| r.trim().is_empty() || r.trim_start().starts_with('#'))
            })
            .map(|(i, _)| i as u32 + 1)
            .collect();
        if headers.len() == c.suppress.len() {
            for (s, l) in c.suppress.iter_mut().zip(headers) {
                s.config_line = Some(l);
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

    /// The suppressions' files resolved, for [`Config::suppression_for`].
    pub fn paths(&self) -> SuppressionPaths {
        let cwd = std::env::current_dir().unwrap_or_default();
        let base = cwd.join(&self.base);
        let files = self.suppress.iter().map(|s| resolve(&base.join(&s.file))).collect();
        SuppressionPaths { cwd, files, findings: HashMap::new() }
    }

    /// The index of the first suppression covering the finding. `line_text` is the source text
    /// of its line.
    pub fn suppression_for(&self, f: &Finding, line_text: &str, paths: &mut SuppressionPaths) -> Option<usize> {
        let mut file = None;
        self.suppress.iter().enumerate().position(|(i, s)| {
            s.rule == f.rule
                && s.line.is_none_or(|l| l >= f.line && l <= f.end_line)
                && s.contains.as_deref().is_none_or(|c| {
                    line_text.contains(c)
                        || f.message.contains(c)
                        || f.snippet.as_deref().is_some_and(|x| x.contains(c))
                })
                && *file.get_or_insert_with(|| paths.finding(&f.file)) == paths.files[i]
        })
    }
}

impl Config {
    /// The publications holding each of `files` (documents' paths as given, relative to the
    /// working directory or absolute). A file is matched by its path relative to the
    /// configuration file's directory; a file outside that directory belongs to none.
    pub fn publications_of<'a>(&self, files: impl IntoIterator<Item = &'a str>) -> Publications {
        let names: Vec<String> = self.publications.iter().map(|p| p.name.clone()).collect();
        if names.is_empty() {
            return Publications::default();
        }
        let cwd = std::env::current_dir().unwrap_or_default();
        let base = resolve(&cwd.join(&self.base));
        let of = files
            .into_iter()
            .map(|f| {
                let path = resolve(&cwd.join(f));
                let Ok(rel) = path.strip_prefix(&base) else { return Vec::new() };
                (0..self.publications.len()).filter(|&i| self.publications[i].holds(rel)).collect()
            })
            .collect();
        Publications { names, of }
    }
}

/// The resolved files of a configuration's suppressions, and of the findings' files met so far
/// (each resolved once).
#[derive(Debug)]
pub struct SuppressionPaths {
    cwd: PathBuf,
    files: Vec<PathBuf>,
    findings: HashMap<String, PathBuf>,
}

impl SuppressionPaths {
    fn finding(&mut self, file: &str) -> PathBuf {
        let cwd = &self.cwd;
        self.findings.entry(file.to_string()).or_insert_with(|| resolve(&cwd.join(file))).clone()
    }
}

/// A path made absolute and normalised: canonical when it exists, else with `.` and `..`
/// resolved lexically.
fn resolve(p: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(p) {
        return c;
    }
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
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
    fn publications_group_files_by_glob_and_bad_ones_are_refused() {
        let c = Config::parse("[[publications]]\nname = \"R\"\npaths = [\"report/*.md\", \"annex.md\"]\n").unwrap();
        let p = c.publications_of(["report/a.md", "annex.md", "report/sub/b.md", "other.md"]);
        assert!(p.configured());
        assert_eq!(p.of, vec![vec![0], vec![0], vec![], vec![]]);
        assert_eq!(p.shared(0, 1), Some("R"));
        assert_eq!(p.shared(0, 3), None);
        let e = Config::parse("[[publications]]\nname = \"R\"\npaths = [\"a/[b\"]\n").unwrap_err().to_string();
        assert!(e.contains("[[publications]] #1") && e.contains("`paths`"), "{e}");
        let e = Config::parse("[[publications]]\nname = \"R\"\nglob = [\"a\"]\n").unwrap_err().to_string();
        assert!(e.contains("glob"), "{e}");
        assert!(!Config::default().publications_of(["a.md"]).configured());
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
