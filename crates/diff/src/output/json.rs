//! `--format json`: the report as `schemas/diff.schema.json` describes it, validated before it
//! is returned.

use reportkit_model::diff::DiffReport;

/// Pretty JSON with a final newline; an error when the report breaks its schema.
pub fn render(report: &DiffReport) -> Result<String, reportkit_schema::SchemaError> {
    let value = serde_json::to_value(report).expect("a diff report serializes");
    reportkit_schema::validate_diff(&value)?;
    let mut s = serde_json::to_string_pretty(&value).expect("a JSON value serializes");
    s.push('\n');
    Ok(s)
}
