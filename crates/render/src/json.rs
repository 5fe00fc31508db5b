//! The canonical JSON writer.

use rayon::prelude::*;
use reportkit_model::{Corpus, Document};
use reportkit_schema::{SchemaError, Violation};
use serde_json::json;

/// Serialize a corpus as pretty canonical JSON (two-space indent, fields in schema order, final
/// newline), after validating it against the document schema.
///
/// Documents are validated and written one by one, in parallel, and joined in corpus order:
/// the bytes are those of pretty-printing the whole corpus at once, but no JSON tree of the
/// whole corpus is ever built, so memory grows with the largest document, not the corpus.
pub fn to_string(corpus: &Corpus) -> Result<String, SchemaError> {
    if corpus.documents.is_empty() {
        let value = serde_json::to_value(corpus).expect("the model always serializes");
        reportkit_schema::validate_document(&value)?;
        return Ok(pretty(&value) + "\n");
    }
    let parts: Vec<Result<String, SchemaError>> =
        corpus.documents.par_iter().enumerate().map(|(i, d)| document(&corpus.version, i, d)).collect();
    let mut violations: Vec<Violation> = Vec::new();
    let mut texts = Vec::with_capacity(parts.len());
    for p in parts {
        match p {
            Ok(t) => texts.push(t),
            // A violation outside the documents (the version) is found once per document.
            Err(e) => {
                for v in e.violations {
                    if v.pointer.starts_with("/documents/") || !violations.contains(&v) {
                        violations.push(v);
                    }
                }
            }
        }
    }
    if !violations.is_empty() {
        return Err(SchemaError { violations });
    }
    Ok(assemble(&corpus.version, texts))
}

/// Serialize one document as a corpus of its own (the current schema version), validated: the
/// bytes of [`to_string`] on that corpus, without copying the document into one.
pub fn document_to_string(d: &Document) -> Result<String, SchemaError> {
    let version = reportkit_model::SCHEMA_VERSION;
    Ok(assemble(version, vec![document(version, 0, d)?]))
}

/// The corpus text around documents already printed and indented by [`document`].
fn assemble(version: &str, texts: Vec<String>) -> String {
    let mut out = String::with_capacity(texts.iter().map(|t| t.len() + 8).sum::<usize>() + 64);
    out.push_str("{\n  \"version\": ");
    out.push_str(&serde_json::to_string(version).expect("a string serializes"));
    out.push_str(",\n  \"documents\": [\n");
    // Each document's text is freed as soon as it is copied: the corpus is never held twice.
    for (i, t) in texts.into_iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str(&t);
    }
    out.push_str("\n  ]\n}\n");
    out
}

/// One document, validated as the only document of a corpus, pretty-printed and indented to
/// its place in the `documents` array (JSON strings hold no raw newline, so every line break
/// is the printer's). Violations name the document's real index.
fn document(version: &str, index: usize, d: &Document) -> Result<String, SchemaError> {
    // Validation needs the document as a JSON tree; the text is printed from the model itself,
    // on the other core (the same bytes: struct order fixes key order either way).
    let (checked, text) = rayon::join(
        || {
            let doc = serde_json::to_value(d).expect("the model always serializes");
            reportkit_schema::validate_document(&json!({ "version": version, "documents": [doc] }))
        },
        || serde_json::to_string_pretty(d).expect("the model always serializes"),
    );
    if let Err(e) = checked {
        let at = format!("/documents/{index}");
        let violations = e
            .violations
            .into_iter()
            .map(|v| Violation {
                pointer: v.pointer.strip_prefix("/documents/0").map_or(v.pointer.clone(), |rest| format!("{at}{rest}")),
                message: v.message,
            })
            .collect();
        return Err(SchemaError { violations });
    }
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(line);
    }
    Ok(out)
}

fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).expect("a JSON value always serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(texts: &[&str]) -> Corpus {
        let docs = texts
            .iter()
            .enumerate()
            .flat_map(|(i, t)| reportkit_parse::parse(&format!("d{i}.md"), t.as_bytes(), None).unwrap())
            .collect();
        reportkit_parse::corpus(docs)
    }

    #[test]
    fn the_bytes_are_those_of_printing_the_whole_corpus() {
        for texts in
            [&[][..], &["# One\n\nText with \"quotes\",\nlines and é.\n"][..], &["# A\n\n- x\n- y\n", "B\n", ""][..]]
        {
            let c = corpus(texts);
            let whole = pretty(&serde_json::to_value(&c).unwrap()) + "\n";
            assert_eq!(to_string(&c).unwrap(), whole);
        }
    }

    #[test]
    fn one_document_is_written_as_a_corpus_of_its_own() {
        let c = corpus(&["# A\n\n- x\n- y\n", "B\n"]);
        for d in &c.documents {
            let single = Corpus::new(vec![d.clone()]);
            assert_eq!(document_to_string(d).unwrap(), to_string(&single).unwrap());
        }
    }

    #[test]
    fn a_wrong_version_is_one_violation_however_many_documents() {
        let mut c = corpus(&["# A\n", "# B\n", "# C\n"]);
        c.version = "0.0.1".into();
        let e = to_string(&c).unwrap_err();
        assert_eq!(e.violations.len(), 1, "{:?}", e.violations);
        assert_eq!(e.violations[0].pointer, "/version");
    }
}
