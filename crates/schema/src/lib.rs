//! reportkit's JSON Schemas and validation against them.
//!
//! The schemas are generated from the model types (`generate_*`), committed under `schemas/`
//! (`cargo xtask schemas` rewrites them; a test fails when they are stale) and embedded here, so
//! the schema a user reads is exactly the one every input and output is validated against.

use reportkit_model::{Corpus, SCHEMA_VERSION};
use serde_json::Value;

/// The committed document schema (`schemas/document.schema.json`).
pub const DOCUMENT_SCHEMA: &str = include_str!("../../../schemas/document.schema.json");

/// The committed findings schema (`schemas/findings.schema.json`).
pub const FINDINGS_SCHEMA: &str = include_str!("../../../schemas/findings.schema.json");

/// The committed diff report schema (`schemas/diff.schema.json`).
pub const DIFF_SCHEMA: &str = include_str!("../../../schemas/diff.schema.json");

/// One way a JSON value breaks a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer to the offending value (`""` for the root).
    pub pointer: String,
    /// What was expected there.
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() { "/" } else { &self.pointer };
        write!(f, "at {at}: {}", self.message)
    }
}

/// A value does not follow its schema.
#[derive(Debug, thiserror::Error)]
#[error("{} schema violation(s); first {}", .violations.len(), .violations[0])]
pub struct SchemaError {
    /// Every violation found (at least one), in the validator's order.
    pub violations: Vec<Violation>,
}

/// Generate the document schema from the model types (draft 2020-12).
pub fn generate_document_schema() -> Value {
    let schema = schemars::schema_for!(Corpus);
    let mut v = serde_json::to_value(schema).expect("a generated schema is valid JSON");
    finish(&mut v, "document", "reportkit canonical document corpus");
    v
}

/// Generate the findings schema from the model types (draft 2020-12), with `data` free; the
/// checker's `findings_schema` adds each rule's `data` and is what `schemas/` holds.
pub fn generate_findings_schema() -> Value {
    let schema = schemars::schema_for!(reportkit_model::FindingsReport);
    let mut v = serde_json::to_value(schema).expect("a generated schema is valid JSON");
    finish(&mut v, "findings", "reportkit check findings");
    v
}

/// Generate the diff report schema from the model types (draft 2020-12).
pub fn generate_diff_schema() -> Value {
    let schema = schemars::schema_for!(reportkit_model::diff::DiffReport);
    let mut v = serde_json::to_value(schema).expect("a generated schema is valid JSON");
    finish(&mut v, "diff", "reportkit diff report");
    v
}

/// The `version` values the document schema accepts: any version of the current major version
/// (minor versions only add optional elements, so older JSON of the same major version reads).
pub fn document_version_pattern() -> String {
    format!("^{}\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$", reportkit_model::SCHEMA_MAJOR)
}

/// Give a generated schema its id, title and a constraint on its `version` property, so a JSON
/// naming another version is rejected at `/version`: the document schema (read as input)
/// accepts every version of the current major version, the others (output only) the current
/// version exactly.
fn finish(v: &mut Value, name: &str, title: &str) {
    let Value::Object(map) = v else { return };
    let mut out = serde_json::Map::new();
    out.insert("$schema".into(), "https://json-schema.org/draft/2020-12/schema".into());
    out.insert("$id".into(), format!("urn:reportkit:schema:{name}:{SCHEMA_VERSION}").into());
    out.insert("title".into(), title.into());
    for (k, val) in std::mem::take(map) {
        if k != "$schema" && k != "title" {
            out.insert(k, val);
        }
    }
    if let Some(Value::Object(version)) = out.get_mut("properties").and_then(|p| p.get_mut("version")) {
        if name == "document" {
            version.insert("pattern".into(), document_version_pattern().into());
        } else {
            version.insert("const".into(), SCHEMA_VERSION.into());
        }
    }
    *map = out;
}

/// Pretty JSON text of a schema, with a final newline, as committed under `schemas/`.
pub fn schema_text(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("schema serializes");
    s.push('\n');
    s
}

// The validators are generated from the committed schemas at compile time (jsonschema's
// `validator` attribute), so no run pays for compiling a schema; a schema that stops being
// valid JSON Schema is a build error.

/// Validator of `schemas/document.schema.json`.
#[jsonschema::validator(path = "../../schemas/document.schema.json")]
struct DocumentValidator;

/// Validator of `schemas/findings.schema.json`.
#[jsonschema::validator(path = "../../schemas/findings.schema.json")]
struct FindingsValidator;

/// Validator of `schemas/diff.schema.json`.
#[jsonschema::validator(path = "../../schemas/diff.schema.json")]
struct DiffValidator;

/// Validate a JSON value against the document schema.
pub fn validate_document(value: &Value) -> Result<(), SchemaError> {
    collect(DocumentValidator::is_valid(value), || DocumentValidator::iter_errors(value))
}

/// Validate a JSON value against the findings schema.
pub fn validate_findings(value: &Value) -> Result<(), SchemaError> {
    collect(FindingsValidator::is_valid(value), || FindingsValidator::iter_errors(value))
}

/// Validate a JSON value against the diff report schema.
pub fn validate_diff(value: &Value) -> Result<(), SchemaError> {
    collect(DiffValidator::is_valid(value), || DiffValidator::iter_errors(value))
}

/// The violations of a value, gathered only when it is not valid: answering "valid?" is cheaper
/// than gathering every error.
fn collect<'v>(valid: bool, errors: impl FnOnce() -> jsonschema::ErrorIterator<'v>) -> Result<(), SchemaError> {
    if valid {
        return Ok(());
    }
    let violations: Vec<Violation> =
        errors().map(|e| Violation { pointer: e.instance_path().to_string(), message: e.to_string() }).collect();
    if violations.is_empty() {
        Ok(())
    } else {
        Err(SchemaError { violations })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_document_schema_is_current() {
        let generated = schema_text(&generate_document_schema());
        assert!(
            generated == DOCUMENT_SCHEMA,
            "schemas/document.schema.json is stale: run `cargo xtask schemas` and commit the result"
        );
    }

    #[test]
    fn committed_diff_schema_is_current() {
        let generated = schema_text(&generate_diff_schema());
        assert!(
            generated == DIFF_SCHEMA,
            "schemas/diff.schema.json is stale: run `cargo xtask schemas` and commit the result"
        );
    }

    #[test]
    fn a_wrong_field_is_reported_with_its_pointer() {
        let v = serde_json::json!({"version": SCHEMA_VERSION, "documents": [{"id": 3}]});
        let err = validate_document(&v).unwrap_err();
        assert!(err.violations.iter().any(|x| x.pointer == "/documents/0/id"), "{err:?}");
    }

    #[test]
    fn another_version_is_rejected_at_version() {
        let v = serde_json::json!({"version": "0.0.1", "documents": []});
        let err = validate_document(&v).unwrap_err();
        assert_eq!(err.violations[0].pointer, "/version");
    }

    #[test]
    fn every_version_of_the_major_version_is_valid_and_no_other() {
        for ok in ["1.0.0", "1.1.0", "1.12.3"] {
            validate_document(&serde_json::json!({"version": ok, "documents": []})).unwrap();
        }
        for bad in ["2.0.0", "0.9.0", "1.0", "1.01.0", "10.0.0"] {
            let err = validate_document(&serde_json::json!({"version": bad, "documents": []})).unwrap_err();
            assert_eq!(err.violations[0].pointer, "/version", "{bad}");
        }
    }

    #[test]
    fn an_empty_corpus_is_valid() {
        validate_document(&serde_json::json!({"version": SCHEMA_VERSION, "documents": []})).unwrap();
    }
}
