//! `--format sarif`: SARIF 2.1.0 for code scanning.
//!
//! Every rule is described (id, short and full description from its documentation, help, default
//! level); every finding is a result with its physical location, related locations, and a
//! `partialFingerprints` entry built from the content fingerprint, so a finding keeps its
//! identity across commits that shift lines. Findings that a suppression accepted are results
//! too, with `suppressions` (`inSource` for a comment in the document, `external` for
//! `reportkit.toml`) and the suppression's reason as justification. Relative paths are URIs
//! relative to `%SRCROOT%`, which `originalUriBaseIds` sets to the working directory.

use reportkit_model::{Finding, Severity};
use serde_json::{json, Value};

use crate::engine::Outcome;
use crate::suppress::SuppressionKind;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encode a path for a URI (its `/` kept).
fn encode(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A path as a SARIF artifact location: relative to `%SRCROOT%` (the working directory), or an
/// absolute `file://` URI for an absolute path.
fn location(path: &str) -> Value {
    let p = path.replace('\\', "/");
    if std::path::Path::new(path).is_absolute() || p.starts_with('/') {
        let p = if p.starts_with('/') { p } else { format!("/{p}") };
        json!({ "uri": format!("file://{}", encode(&p)) })
    } else {
        json!({ "uri": encode(p.strip_prefix("./").unwrap_or(&p)), "uriBaseId": "%SRCROOT%" })
    }
}

/// The working directory as a `file://` URI ending in `/`.
fn root_uri() -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut p = cwd.to_string_lossy().replace('\\', "/");
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    if !p.ends_with('/') {
        p.push('/');
    }
    format!("file://{}", encode(&p))
}

fn result(f: &Finding, suppression: Option<(SuppressionKind, &str)>) -> Value {
    let related: Vec<Value> = f
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| {
            json!({
                "id": i,
                "physicalLocation": {
                    "artifactLocation": location(&r.file),
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
    let index_of = |id: &str| crate::rules::ALL.iter().position(|r| r.id == id).unwrap_or(0);
    let mut v = json!({
        "ruleId": f.rule,
        "ruleIndex": index_of(&f.rule),
        "level": level(f.severity),
        "message": { "text": text },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": location(&f.file),
                "region": region
            }
        }],
        "relatedLocations": related,
        "partialFingerprints": { "reportkitContent/v1": f.fingerprint },
        "properties": { "data": f.data },
    });
    if !f.fixes.is_empty() {
        v["fixes"] = f.fixes.iter().map(|x| fix(&f.file, x)).collect();
    }
    if let Some((kind, reason)) = suppression {
        let kind = match kind {
            SuppressionKind::InSource => "inSource",
            SuppressionKind::External => "external",
        };
        v["suppressions"] = json!([{ "kind": kind, "justification": reason }]);
    }
    v
}

/// A fix as SARIF's `fix` object: its replacements in the finding's file (SARIF has no safety
/// level: it is in the fix's `properties`).
fn fix(file: &str, x: &reportkit_model::Fix) -> Value {
    let replacements: Vec<Value> = x
        .edits
        .iter()
        .map(|e| {
            json!({
                "deletedRegion": {
                    "startLine": e.line,
                    "startColumn": e.column,
                    "endLine": e.end_line,
                    "endColumn": e.end_column,
                },
                "insertedContent": { "text": e.content },
            })
        })
        .collect();
    json!({
        "description": { "text": x.title },
        "artifactChanges": [{ "artifactLocation": location(file), "replacements": replacements }],
        "properties": { "applicability": x.applicability.as_str() },
    })
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
    let results: Vec<Value> = outcome
        .findings
        .iter()
        .map(|f| result(f, None))
        .chain(outcome.suppressed.iter().map(|x| result(&x.finding, Some((x.kind, x.reason.as_str())))))
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
            "originalUriBaseIds": { "%SRCROOT%": { "uri": root_uri() } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).expect("serializes");
    s.push('\n');
    s
}
