//! The canonical JSON writer.

use reportkit_model::Corpus;
use reportkit_schema::SchemaError;

/// Serialize a corpus as pretty canonical JSON (two-space indent, fields in schema order, final
/// newline), after validating it against the document schema.
pub fn to_string(corpus: &Corpus) -> Result<String, SchemaError> {
    let value = serde_json::to_value(corpus).expect("the model always serializes");
    reportkit_schema::validate_document(&value)?;
    let mut s = serde_json::to_string_pretty(&value).expect("a JSON value always serializes");
    s.push('\n');
    Ok(s)
}
