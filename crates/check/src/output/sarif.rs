//! `--format sarif`: SARIF 2.1.0 for code scanning.
//!
//! Every rule is described (id, short and full description from its documentation, help, default
//! level); every finding is a result with its physical location, related locations, and a
//! `partialFingerprints` entry built from the content fingerprint, so a finding keeps its
//! identity across commits that shift lines.

use reportkit_model::Severity;
use serde_json::{json, Value};

use crate::engine::Outcome;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a SARIF URI (forward slashes, spaces escaped).
fn uri(path: &str) -> String {
    path.replace('\\', "/").replace(' ', "%20")
}

/// The SARIF log.
pub fn render(outcome: &Outcome, tool_version: &str) -> String {
    let rules: Vec<Value> = crate::rules::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id.split('-').map(|w| { let mut c = w.chars(); c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default() }).collect::<String>(),
                "shortDescription": { "text": r.summary() },
                "fullDescription": { "text": r.summary() },
                "help": { "text": r.doc(), "markdown": r.doc() },
                "defaultConfiguration": { "level": level(r.severity) },
            })
        })
        .collect();
    let index_of = |id: &str| crate::rules::ALL.iter().position(|r| r.id == id).unwrap_or(0);
    let results: Vec<Value> = outcome
        .findings
        .iter()
        .map(|f| {
            let related: Vec<Value> = f
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    json!({
                        "id": i,
                        "physicalLocation": {
                            "artifactLocation": { "uri": uri(&r.file) },
                            "region": { "startLine": r.line }
                        },
                        "message": { "text": r.note }
                    })
                })
                .collect();
            let mut text = f.message.clone();
            if let Some(h) = &f.hint {
                text.push_str(&format!(" Hint: {h}."));
            }
            let mut region = json!({ "startLine": f.line, "endLine": f.end_line });
            if let (Some(a), Some(b)) = (f.column, f.end_column) {
                region["startColumn"] = json!(a);
                region["endColumn"] = json!(b);
            }
            json!({
                "ruleId": f.rule,
                "ruleIndex": index_of(&f.rule),
                "level": level(f.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&f.file) },
                        "region": region
                    }
                }],
                "relatedLocations": related,
                "partialFingerprints": { "reportkitContent/v1": f.fingerprint },
                "properties": { "data": f.data },
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "reportkit",
                    "version": tool_version,
                    "semanticVersion": tool_version,
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).expect("serializes");
    s.push('\n');
    s
}
