//! `--format json`: the findings report, validated against `schemas/findings.schema.json`.

use reportkit_model::{Finding, Summary, SCHEMA_VERSION};
use reportkit_schema::{SchemaError, Violation};
use serde::Serialize;

use crate::engine::Outcome;

/// Findings validated together: a bounded JSON tree at a time.
const FINDINGS_PER_PIECE: usize = 256;

/// The report's fields, borrowed from the outcome: the same JSON as
/// [`reportkit_model::FindingsReport`] (same fields, same order), without copying the findings.
#[derive(Serialize)]
struct Report<'a> {
    version: &'a str,
    findings: &'a [Finding],
    summary: &'a Summary,
}

/// Pretty JSON of the report, validated before it is returned.
///
/// The text is printed from the outcome itself on one core while the report is validated on
/// the other, as a JSON tree of its summary and at most [`FINDINGS_PER_PIECE`] findings at a
/// time: the schema constrains the findings array only item by item, so the report is valid
/// exactly when every piece is, and no JSON tree of every finding is built (tens of thousands
/// of findings made that tree a few hundred megabytes).
pub fn render(outcome: &Outcome) -> Result<String, SchemaError> {
    let report = Report { version: SCHEMA_VERSION, findings: &outcome.findings, summary: &outcome.summary };
    let (checked, mut text) =
        rayon::join(|| validate(&report), || serde_json::to_string_pretty(&report).expect("findings serialize"));
    checked?;
    text.push('\n');
    Ok(text)
}

/// Validate the report piece by piece; violations point into the whole report, each once.
fn validate(report: &Report) -> Result<(), SchemaError> {
    let mut tree = serde_json::json!({
        "version": report.version,
        "findings": [],
        "summary": value(report.summary),
    });
    let mut violations: Vec<Violation> = Vec::new();
    let mut check = |tree: &serde_json::Value, offset: usize| {
        let Err(e) = reportkit_schema::validate_findings(tree) else { return };
        for v in e.violations {
            let pointer = match v.pointer.strip_prefix("/findings/").map(|r| r.split_once('/').unwrap_or((r, ""))) {
                Some((k, rest)) => match k.parse::<usize>() {
                    Ok(k) if rest.is_empty() => format!("/findings/{}", k + offset),
                    Ok(k) => format!("/findings/{}/{rest}", k + offset),
                    Err(_) => v.pointer.clone(),
                },
                None => v.pointer.clone(),
            };
            let v = Violation { pointer, message: v.message };
            if !violations.contains(&v) {
                violations.push(v);
            }
        }
    };
    check(&tree, 0);
    for (n, run) in report.findings.chunks(FINDINGS_PER_PIECE).enumerate() {
        tree["findings"] = serde_json::Value::Array(run.iter().map(value).collect());
        check(&tree, n * FINDINGS_PER_PIECE);
    }
    if violations.is_empty() {
        Ok(())
    } else {
        Err(SchemaError { violations })
    }
}

/// A part of the report as a JSON tree.
fn value<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).expect("findings serialize")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_borrowed_report_prints_as_the_report() {
        let f = Finding {
            rule: "sum-mismatch".into(),
            severity: reportkit_model::Severity::Error,
            message: "m".into(),
            file: "a.md".into(),
            document: "a".into(),
            line: 3,
            end_line: 4,
            column: Some(2),
            end_column: Some(3),
            snippet: Some("s".into()),
            related: Vec::new(),
            hint: None,
            // The schema describes each rule's data: these are a sum-mismatch's fields.
            data: serde_json::json!({
                "total": "10", "counts": "sessions", "expected": 10.0, "actual": 9.0, "difference": -1.0,
                "items": 2, "parts": "items", "breakdown": ["4 workshops", "5 panels"],
            })
            .as_object()
            .cloned()
            .expect("an object"),
            fingerprint: "0123456789abcdef".into(),
            fixes: Vec::new(),
        };
        for n in [0, 1, FINDINGS_PER_PIECE + 3] {
            let outcome = Outcome {
                findings: vec![f.clone(); n],
                suppressed: Vec::new(),
                summary: Summary { error: n, ..Summary::default() },
            };
            let whole = serde_json::to_string_pretty(&outcome.report()).unwrap() + "\n";
            assert_eq!(render(&outcome).unwrap(), whole);
            reportkit_schema::validate_findings(&serde_json::to_value(outcome.report()).unwrap()).unwrap();
        }
    }
}
