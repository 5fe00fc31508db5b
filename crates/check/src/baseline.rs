//! Baselines: today's findings recorded, so that only new ones are reported.
//!
//! An entry is the rule, the file and the finding's fingerprint, which is made from what the
//! finding is about (the figures, the text), never from line numbers: edits that only shift lines
//! keep matching. Matching counts duplicates, so a second copy of a recorded defect is new.

use std::collections::HashMap;

use reportkit_model::Finding;
use serde::{Deserialize, Serialize};

/// A recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Rule id.
    pub rule: String,
    /// File as given.
    pub file: String,
    /// Fingerprint.
    pub fingerprint: String,
    /// The message when recorded (for people reading the file).
    pub message: String,
}

/// A baseline file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Format version.
    pub version: u32,
    /// Entries, sorted.
    pub findings: Vec<Entry>,
}

impl Baseline {
    /// Record findings.
    pub fn from_findings(findings: &[Finding]) -> Baseline {
        let mut v: Vec<Entry> = findings
            .iter()
            .map(|f| Entry {
                rule: f.rule.clone(),
                file: f.file.clone(),
                fingerprint: f.fingerprint.clone(),
                message: f.message.clone(),
            })
            .collect();
        v.sort_by(|a, b| (&a.file, &a.rule, &a.fingerprint).cmp(&(&b.file, &b.rule, &b.fingerprint)));
        Baseline { version: 1, findings: v }
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("serializes");
        s.push('\n');
        s
    }

    /// Parse a baseline file.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        serde_json::from_str(text).map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))
    }

    /// Split findings into (new, known).
    pub fn partition(&self, findings: Vec<Finding>) -> (Vec<Finding>, usize) {
        let mut budget: HashMap<(String, String), usize> = HashMap::new();
        for e in &self.findings {
            *budget.entry((e.rule.clone(), e.fingerprint.clone())).or_default() += 1;
        }
        let mut known = 0;
        let mut new = Vec::new();
        for f in findings {
            let slot = budget.get_mut(&(f.rule.clone(), f.fingerprint.clone()));
            match slot {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    known += 1;
                }
                _ => new.push(f),
            }
        }
        (new, known)
    }
}
