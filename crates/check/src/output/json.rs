//! `--format json`: the findings report, validated against `schemas/findings.schema.json`.

use reportkit_schema::SchemaError;

use crate::Outcome;

/// Pretty JSON of the report, validated before it is returned.
pub fn render(outcome: &Outcome) -> Result<String, SchemaError> {
    let value = serde_json::to_value(outcome.report()).expect("findings serialize");
    reportkit_schema::validate_findings(&value)?;
    let mut s = serde_json::to_string_pretty(&value).expect("serializes");
    s.push('\n');
    Ok(s)
}
