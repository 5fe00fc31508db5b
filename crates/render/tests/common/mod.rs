//! Helpers shared by the render crate's tests: the normalised comparison of documents.
#![allow(dead_code)]

use reportkit_model::{Document, SourceFormat};
use reportkit_render::markdown::{to_markdown, MarkdownOptions};
use serde_json::Value;

/// The document as JSON with everything that names source lines zeroed (`span`,
/// `heading_span`, `line`) and the `source` dropped: what a round trip through another format
/// must keep.
pub fn normalized(doc: &Document) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.remove("source");
                for (k, x) in m.iter_mut() {
                    match k.as_str() {
                        "span" | "heading_span" => *x = serde_json::json!({"start": 0, "end": 0}),
                        "line" => *x = Value::from(0),
                        _ => walk(x),
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(walk),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(doc).expect("the model serializes");
    walk(&mut v);
    v
}

/// Read Markdown under a path with the given id: as the CLI would (format detected) when
/// `detect`, else as `--from markdown`.
pub fn read_markdown(id: &str, md: &str, detect: bool) -> Document {
    let from = (!detect).then_some(SourceFormat::Markdown);
    let docs = reportkit_parse::parse(&format!("{id}.md"), md.as_bytes(), from).expect("Markdown always parses");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].source.format, SourceFormat::Markdown, "reportkit's Markdown is detected as Markdown");
    docs.into_iter().next().expect("one document")
}

/// Where two JSON values first differ, as a readable message.
pub fn first_difference(a: &Value, b: &Value) -> String {
    let a = serde_json::to_string_pretty(a).expect("serializes");
    let b = serde_json::to_string_pretty(b).expect("serializes");
    let (al, bl): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let at = al.iter().zip(&bl).position(|(x, y)| x != y).unwrap_or(al.len().min(bl.len()));
    let from = at.saturating_sub(12);
    format!(
        "first difference at JSON line {at}\n--- original\n{}\n--- re-read\n{}",
        al[from..(at + 6).min(al.len())].join("\n"),
        bl[from..(at + 6).min(bl.len())].join("\n")
    )
}

/// Check the round trip of one document: Markdown read back is the same document (spans and
/// source aside), and writing it again gives the same bytes. Returns the Markdown.
pub fn assert_round_trip(doc: &Document, detect: bool) -> String {
    let opts = MarkdownOptions::default();
    let md = to_markdown(doc, &opts);
    let back = read_markdown(&doc.id, &md, detect);
    let (a, b) = (normalized(doc), normalized(&back));
    assert!(
        a == b,
        "{}: the Markdown does not read back the same\n{}\n--- markdown\n{md}",
        doc.id,
        first_difference(&a, &b)
    );
    let again = to_markdown(&back, &opts);
    assert_eq!(md, again, "{}: writing the re-read document gives other bytes", doc.id);
    md
}
