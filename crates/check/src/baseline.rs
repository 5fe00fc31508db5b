//! Baselines: today's findings recorded, so that only new ones are reported.
//!
//! An entry is the rule, the file and the finding's fingerprint, which is made from what the
//! finding is about (the figures, the text), never from line numbers or the file's name: edits
//! that only shift lines keep matching. Matching counts duplicates, so a second copy of a
//! recorded defect is new.
//!
//! A finding matches an entry of its rule and fingerprint in the same file. A file renamed since
//! the baseline was recorded keeps its entries: a finding in a file the baseline does not know
//! matches an entry of a file that no finding comes from any more (and the same holds when the
//! check runs from another directory, so that every path is spelt differently).

use std::collections::HashMap;

use reportkit_model::Finding;
use serde::{Deserialize, Serialize};

/// The format version this build writes and reads. Version 1 fingerprints included the
/// document's file name.
pub const VERSION: u32 = 2;

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
        Baseline { version: VERSION, findings: v }
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("serializes");
        s.push('\n');
        s
    }

    /// Parse a baseline file.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let b: Baseline =
            serde_json::from_str(text).map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))?;
        if b.version != VERSION {
            return Err(format!(
                "format version {} (this reportkit reads version {VERSION}, whose fingerprints survive renames): record it again with `check --write-baseline`",
                b.version
            ));
        }
        Ok(b)
    }

    /// Split findings into (new, known).
    pub fn partition(&self, findings: Vec<Finding>) -> (Vec<Finding>, usize) {
        type Key = (String, String);
        let key = |rule: &str, fp: &str| (rule.to_string(), fp.to_string());
        // Entries by file, then by (rule, fingerprint), counted.
        let mut by_file: HashMap<&str, HashMap<Key, usize>> = HashMap::new();
        for e in &self.findings {
            *by_file.entry(e.file.as_str()).or_default().entry(key(&e.rule, &e.fingerprint)).or_default() += 1;
        }
        let present: std::collections::HashSet<&str> = findings.iter().map(|f| f.file.as_str()).collect();
        // Entries of files no finding comes from: renamed (or all fixed), available to findings
        // of files the baseline does not know.
        let mut vanished: HashMap<Key, usize> = HashMap::new();
        for (file, entries) in &by_file {
            if !present.contains(file) {
                for (k, n) in entries {
                    *vanished.entry(k.clone()).or_default() += n;
                }
            }
        }
        let mut known = 0;
        let mut new = Vec::new();
        for f in findings {
            let k = key(&f.rule, &f.fingerprint);
            let slot = match by_file.get_mut(f.file.as_str()) {
                Some(entries) => entries.get_mut(&k),
                None => vanished.get_mut(&k),
            };
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

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(file: &str, fp: &str) -> Finding {
        Finding {
            severity: reportkit_model::Severity::Error,
            fingerprint: fp.into(),
            ..crate::test_support::finding("sum-mismatch", file)
        }
    }

    #[test]
    fn a_renamed_file_keeps_its_entries_and_other_files_keep_theirs() {
        let b = Baseline::from_findings(&[finding("a.md", "1"), finding("a.md", "2"), finding("b.md", "3")]);
        // a.md renamed to c.md; b.md unchanged but with a new copy of a.md's defect "1".
        let (new, known) =
            b.partition(vec![finding("c.md", "1"), finding("c.md", "2"), finding("b.md", "3"), finding("b.md", "1")]);
        assert_eq!(known, 3);
        assert_eq!(new.len(), 1);
        assert_eq!((new[0].file.as_str(), new[0].fingerprint.as_str()), ("b.md", "1"));
    }

    #[test]
    fn older_formats_are_refused_with_what_to_do() {
        let e = Baseline::parse("{\"version\": 1, \"findings\": []}").unwrap_err();
        assert!(e.contains("--write-baseline"), "{e}");
    }
}
