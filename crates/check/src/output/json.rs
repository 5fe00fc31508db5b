//! `--format json`: the findings report, validated against `schemas/findings.schema.json`.

use reportkit_schema::SchemaError;

use crate::engine::Outcome;

/// Pretty JSON of the report, validated before it is returned.
///
/// Validation needs the report as a JSON tree; the text is printed from the report itself on
/// the other core. The bytes are the same either way: struct order fixes the key order.
pub fn render(outcome: &Outcome) -> Result<String, SchemaError> {
    let report = outcome.report();
    let (checked, mut text) = rayon::join(
        || reportkit_schema::validate_findings(&serde_json::to_value(&report).expect("findings serialize")),
        || serde_json::to_string_pretty(&report).expect("findings serialize"),
    );
    checked?;
    text.push('\n');
    Ok(text)
}
