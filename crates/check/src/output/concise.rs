//! `--format concise`: one line per finding, `file:line:col: severity[rule] message`, the form
//! editors, terminals and CI problem matchers read (the column is left out when the finding has
//! none). Also the listing of error findings written to standard error when `check` fails.

use reportkit_model::{Finding, Severity};

use crate::engine::Outcome;

/// One finding on one line: `file:line:col: severity[rule] message`. Line breaks in the
/// message become spaces so that the line stays one line.
pub fn line(f: &Finding) -> String {
    let at = match f.column {
        Some(c) => format!("{}:{}:{c}", f.file, f.line),
        None => format!("{}:{}", f.file, f.line),
    };
    let message: String = f.message.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
    format!("{at}: {}[{}] {message}\n", f.severity.as_str(), f.rule)
}

/// Every finding, one per line, then the summary line (unless `quiet`).
pub fn render(outcome: &Outcome, quiet: bool) -> String {
    let mut out: String = outcome.findings.iter().map(line).collect();
    if !quiet {
        out.push_str(&super::human::summary_line(outcome));
    }
    out
}

/// Error findings listed for standard error, at most `limit` of them, the rest counted:
/// what a failed CI job shows whatever format the report itself was written in.
pub fn errors(outcome: &Outcome, limit: usize) -> String {
    let errors: Vec<&Finding> = outcome.findings.iter().filter(|f| f.severity == Severity::Error).collect();
    let mut out = format!(
        "error: {} at error severity:\n",
        if errors.len() == 1 { "1 finding".to_string() } else { format!("{} findings", errors.len()) }
    );
    for f in errors.iter().take(limit) {
        out.push_str("  ");
        out.push_str(&line(f));
    }
    if errors.len() > limit {
        out.push_str(&format!("  … and {} more (see the report)\n", errors.len() - limit));
    }
    out
}

/// `--statistics`: how many findings each rule reported, most first (then by rule id), with the
/// severity and the rule's summary.
pub fn statistics(outcome: &Outcome) -> Vec<Statistic> {
    let mut by_rule: std::collections::BTreeMap<(&str, Severity), usize> = Default::default();
    for f in &outcome.findings {
        *by_rule.entry((f.rule.as_str(), f.severity)).or_default() += 1;
    }
    let mut v: Vec<Statistic> = by_rule
        .into_iter()
        .map(|((rule, severity), count)| Statistic {
            count,
            rule: rule.to_string(),
            severity,
            summary: crate::rules::by_id(rule).map(|r| r.summary()).unwrap_or_default(),
        })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
    v
}

/// One row of `--statistics`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Statistic {
    /// Findings of the rule.
    pub count: usize,
    /// The rule id.
    pub rule: String,
    /// Their severity.
    pub severity: Severity,
    /// The rule's one-line summary.
    pub summary: String,
}

/// The statistics as aligned text: `count  rule  severity  summary`, then the summary line.
pub fn statistics_text(outcome: &Outcome, quiet: bool) -> String {
    let rows = statistics(outcome);
    let cw = rows.iter().map(|r| r.count.to_string().len()).max().unwrap_or(1);
    let rw = rows.iter().map(|r| r.rule.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in &rows {
        out.push_str(&format!("{:>cw$}  {:<rw$}  {:<7}  {}\n", r.count, r.rule, r.severity.as_str(), r.summary));
    }
    if !quiet {
        out.push_str(&super::human::summary_line(outcome));
    }
    out
}

/// The statistics as a JSON array.
pub fn statistics_json(outcome: &Outcome) -> String {
    let mut s = serde_json::to_string_pretty(&statistics(outcome)).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}
