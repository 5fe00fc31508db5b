//! The canonical JSON writer.
//!
//! The text is streamed: [`write`] serializes the model straight into a writer (a temporary
//! file, for the CLI), so no JSON tree and no text of a whole document is ever held.
//!
//! [`validate`] checks the same serialization against the committed document schema piece by
//! piece, one bounded piece at a time, rather than as one JSON tree of the corpus, which for a
//! 51 MB source cost about 900 MB beside the model. Each piece is a corpus whose one document
//! carries only its own fields (id, source, title, kind, metadata) plus at most one node of its
//! tree: a run of up to [`BLOCKS_PER_PIECE`] of a container's top-level blocks, or one section
//! or article with its title and span, its blocks in such runs and its sub-sections left empty
//! (each is a piece of its own). Every node of the document is validated exactly once, by the
//! real schema, in the context it has in the document; this is the whole validation, not a
//! sample, because the schema puts no constraint on the arrays that are split (`documents`,
//! `blocks`, `sections`, `children`, `articles`: no length, no uniqueness; a test checks this),
//! so a corpus is valid exactly when every piece is. Memory grows with the largest block (a
//! 10 MB paragraph is one piece), not with the document. Violations name their place in the
//! whole corpus.
//!
//! Validation could have relied on the model instead (the schema is generated from the same
//! types, so their serialization is valid by construction) and checked a sample; validating
//! everything in pieces costs little more on the second core while the text is written on the
//! first, and still catches a serialization that drifts from the committed schema anywhere.

use std::io::{self, Write};

use rayon::prelude::*;
use reportkit_model::{Article, Block, Corpus, Document, Section};
use reportkit_schema::{SchemaError, Violation};
use serde_json::{json, Value};

/// A model value as a JSON tree.
macro_rules! value {
    ($v:expr) => {
        serde_json::to_value($v).expect("the model always serializes")
    };
}

/// Top-level blocks of one container validated together: enough to make each validation
/// worth its set-up, few enough that their JSON trees stay small.
pub const BLOCKS_PER_PIECE: usize = 64;

/// Write a corpus as pretty canonical JSON (two-space indent, fields in schema order, final
/// newline) to `out`, without validating it (see [`validate`]). Nothing is buffered here:
/// give a buffered writer.
pub fn write(corpus: &Corpus, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, corpus)?;
    out.write_all(b"\n")
}

/// Write one document as a corpus of its own (the current schema version): the bytes of
/// [`write`] on that corpus, without copying the document into one.
pub fn write_document(d: &Document, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"{\n  \"version\": ")?;
    serde_json::to_writer(&mut *out, reportkit_model::SCHEMA_VERSION)?;
    out.write_all(b",\n  \"documents\": [\n    ")?;
    // JSON strings hold no raw newline, so every line break is the printer's: each is followed
    // by the indent of the document's place in the array.
    serde_json::to_writer_pretty(Indented { out: &mut *out }, d)?;
    out.write_all(b"\n  ]\n}\n")
}

/// A writer that indents every line after the first by four spaces.
struct Indented<'w> {
    out: &'w mut dyn Write,
}

impl Write for Indented<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            self.out.write_all(&rest[..=i])?;
            self.out.write_all(b"    ")?;
            rest = &rest[i + 1..];
        }
        self.out.write_all(rest)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Serialize a corpus as canonical JSON text (see [`write`]), validated against the document
/// schema (see [`validate`]) on one core while it is printed on the other.
pub fn to_string(corpus: &Corpus) -> Result<String, SchemaError> {
    validated_text(|| validate(corpus), |out| write(corpus, out))
}

/// Serialize one document as a corpus of its own (see [`write_document`]), validated.
pub fn document_to_string(d: &Document) -> Result<String, SchemaError> {
    validated_text(|| validate_document(reportkit_model::SCHEMA_VERSION, 0, d), |out| write_document(d, out))
}

fn validated_text(
    check: impl FnOnce() -> Result<(), SchemaError> + Send,
    print: impl FnOnce(&mut dyn Write) -> io::Result<()> + Send,
) -> Result<String, SchemaError> {
    let (checked, text) = rayon::join(check, || {
        let mut text = Vec::new();
        print(&mut text).expect("the model always serializes into memory");
        text
    });
    checked?;
    Ok(String::from_utf8(text).expect("serde_json writes UTF-8"))
}

/// Validate the canonical JSON of a corpus against the document schema, piece by piece (see
/// the module's documentation); documents in parallel. Violations are in document order, each
/// once, with pointers into the whole corpus.
pub fn validate(corpus: &Corpus) -> Result<(), SchemaError> {
    let mut violations = Vec::new();
    // The corpus's own fields.
    if let Err(e) = reportkit_schema::validate_document(&json!({ "version": corpus.version, "documents": [] })) {
        violations.extend(e.violations);
    }
    let per_document: Vec<Result<(), SchemaError>> =
        corpus.documents.par_iter().enumerate().map(|(i, d)| validate_document(&corpus.version, i, d)).collect();
    for e in per_document.into_iter().filter_map(Result::err) {
        for v in e.violations {
            if !violations.contains(&v) {
                violations.push(v);
            }
        }
    }
    if violations.is_empty() {
        Ok(())
    } else {
        Err(SchemaError { violations })
    }
}

/// Validate document `index` of a corpus of version `version`, piece by piece.
fn validate_document(version: &str, index: usize, d: &Document) -> Result<(), SchemaError> {
    // Every field of the document but its tree (a struct literal: a field added to the model
    // must be placed here).
    let Document { id, source, title, kind, metadata, blocks, sections, articles } = d;
    let skeleton = Document {
        id: id.clone(),
        source: source.clone(),
        title: title.clone(),
        kind: *kind,
        metadata: metadata.clone(),
        blocks: Vec::new(),
        sections: Vec::new(),
        articles: Vec::new(),
    };
    let mut pieces = Pieces {
        corpus: json!({ "version": version, "documents": [value!(&skeleton)] }),
        document: format!("/documents/{index}"),
        violations: Vec::new(),
    };
    pieces.check("", "", 0);
    pieces.blocks(&["blocks"], blocks, &format!("/documents/{index}/blocks"));
    for (k, s) in sections.iter().enumerate() {
        pieces.section(s, &format!("/documents/{index}/sections/{k}"));
    }
    for (k, a) in articles.iter().enumerate() {
        let at = format!("/documents/{index}/articles/{k}");
        let Article { id, headline, span, blocks, sections } = a;
        let skeleton = Article {
            id: id.clone(),
            headline: headline.clone(),
            span: *span,
            blocks: Vec::new(),
            sections: Vec::new(),
        };
        pieces.mount("articles", json!([value!(&skeleton)]));
        pieces.check("/documents/0/articles/0", &at, 0);
        pieces.blocks(&["articles", "0", "blocks"], blocks, &format!("{at}/blocks"));
        pieces.mount("articles", json!([]));
        for (m, s) in sections.iter().enumerate() {
            pieces.section(s, &format!("{at}/sections/{m}"));
        }
    }
    if pieces.violations.is_empty() {
        Ok(())
    } else {
        Err(SchemaError { violations: pieces.violations })
    }
}

/// The pieces of one document. They are validated one at a time inside one corpus tree that
/// holds the document's own fields: each piece is mounted in it, validated and taken out.
struct Pieces {
    corpus: Value,
    /// Pointer of the document in the whole corpus.
    document: String,
    violations: Vec<Violation>,
}

impl Pieces {
    /// The value at `path` inside the document (object keys and array indices).
    fn slot(&mut self, path: &[&str]) -> &mut Value {
        let mut v = &mut self.corpus["documents"][0];
        for p in path {
            v = match p.parse::<usize>() {
                Ok(i) => &mut v[i],
                Err(_) => &mut v[*p],
            };
        }
        v
    }

    /// Set the document's tree field `field` (`blocks`, `sections`, `articles`).
    fn mount(&mut self, field: &str, value: Value) {
        *self.slot(&[field]) = value;
    }

    /// Validate the corpus as it stands. A violation at or under the pointer `skeleton` (a
    /// node of the piece; empty for none) is moved to `real`, its next index shifted by
    /// `offset` (the first block of a run); one elsewhere in the document is moved to the
    /// document's place.
    fn check(&mut self, skeleton: &str, real: &str, offset: usize) {
        let Err(e) = reportkit_schema::validate_document(&self.corpus) else { return };
        for v in e.violations {
            let pointer = if let Some(rest) = under(&v.pointer, skeleton).filter(|_| !skeleton.is_empty()) {
                let (first, tail) = rest
                    .trim_start_matches('/')
                    .split_once('/')
                    .map_or((rest.trim_start_matches('/'), String::new()), |(f, t)| (f, format!("/{t}")));
                match first.parse::<usize>() {
                    Ok(k) => format!("{real}/{}{tail}", k + offset),
                    Err(_) => format!("{real}{rest}"),
                }
            } else if let Some(rest) = under(&v.pointer, "/documents/0") {
                format!("{}{rest}", self.document)
            } else {
                v.pointer.clone()
            };
            let v = Violation { pointer, message: v.message };
            if !self.violations.contains(&v) {
                self.violations.push(v);
            }
        }
    }

    /// Validate `blocks`, the array at `path` inside the document whose pointer in the whole
    /// corpus is `real`, in runs of [`BLOCKS_PER_PIECE`].
    fn blocks(&mut self, path: &[&str], blocks: &[Block], real: &str) {
        let skeleton = format!("/documents/0/{}", path.join("/"));
        for (n, run) in blocks.chunks(BLOCKS_PER_PIECE).enumerate() {
            *self.slot(path) = Value::Array(run.iter().map(|b| value!(b)).collect());
            self.check(&skeleton, real, n * BLOCKS_PER_PIECE);
        }
        *self.slot(path) = Value::Array(Vec::new());
    }

    /// Validate a section (at `real` in the whole corpus): its own fields, its blocks in runs,
    /// then each sub-section as a piece of its own. Every section is validated as the
    /// document's one section: sub-sections and the sections of articles have the same schema.
    fn section(&mut self, s: &Section, real: &str) {
        let Section { id, level, title, classes, attributes, span, heading_span, blocks, children } = s;
        let skeleton = Section {
            id: id.clone(),
            level: *level,
            title: title.clone(),
            classes: classes.clone(),
            attributes: attributes.clone(),
            span: *span,
            heading_span: *heading_span,
            blocks: Vec::new(),
            children: Vec::new(),
        };
        self.mount("sections", json!([value!(&skeleton)]));
        self.check("/documents/0/sections/0", real, 0);
        self.blocks(&["sections", "0", "blocks"], blocks, &format!("{real}/blocks"));
        self.mount("sections", json!([]));
        for (k, c) in children.iter().enumerate() {
            self.section(c, &format!("{real}/children/{k}"));
        }
    }
}

/// The rest of `pointer` after `prefix` when `prefix` names it or one of its ancestors.
fn under<'p>(pointer: &'p str, prefix: &str) -> Option<&'p str> {
    pointer.strip_prefix(prefix).filter(|rest| rest.is_empty() || rest.starts_with('/'))
}
#[cfg(test)]
mod tests {
    use super::*;

    fn pretty(v: &serde_json::Value) -> String {
        serde_json::to_string_pretty(v).expect("a JSON value always serializes")
    }

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

    #[test]
    fn the_schema_constrains_no_array_as_a_whole() {
        // Validating piece by piece is the whole validation only while no keyword of the
        // schema looks at an array as a whole: its length, its uniqueness, what it contains.
        fn walk(v: &Value, at: &str) {
            match v {
                Value::Object(m) => {
                    for (k, x) in m {
                        let whole = ["minItems", "maxItems", "uniqueItems", "contains", "prefixItems"];
                        assert!(!whole.contains(&k.as_str()) || at.ends_with("/properties"), "{at}/{k}");
                        walk(x, &format!("{at}/{k}"));
                    }
                }
                Value::Array(a) => a.iter().for_each(|x| walk(x, at)),
                _ => {}
            }
        }
        walk(&serde_json::from_str(reportkit_schema::DOCUMENT_SCHEMA).unwrap(), "");
    }

    #[test]
    fn a_violation_in_a_piece_names_its_place_in_the_whole_corpus() {
        let c = corpus(&["# A\n\nx\n"]);
        let mut p = Pieces {
            corpus: json!({ "version": c.version, "documents": [value!(&c.documents[0])] }),
            document: "/documents/5".into(),
            violations: Vec::new(),
        };
        let good = value!(&c.documents[0].sections[0].blocks[0]);
        let mut bad = good.clone();
        bad["span"]["start"] = json!(-1);
        p.mount("blocks", json!([good, good, bad]));
        p.check("/documents/0/blocks", "/documents/5/sections/2/blocks", 128);
        p.mount("blocks", json!([]));
        p.mount("sections", json!([{ "id": 7 }]));
        p.check("/documents/0/sections/0", "/documents/5/sections/2/children/1", 0);
        p.mount("sections", json!([]));
        p.corpus["documents"][0]["title"] = json!(3);
        p.check("", "", 0);
        p.check("", "", 0);
        let pointers: Vec<&str> = p.violations.iter().map(|v| v.pointer.as_str()).collect();
        // A block is one of several kinds: the violation is the block's.
        assert!(pointers.iter().any(|p| p.starts_with("/documents/5/sections/2/blocks/130")), "{pointers:?}");
        assert!(pointers.contains(&"/documents/5/sections/2/children/1/id"), "{pointers:?}");
        assert_eq!(pointers.iter().filter(|p| **p == "/documents/5/title").count(), 1, "{pointers:?}");
    }

    #[test]
    fn every_piece_of_a_valid_corpus_is_valid() {
        let mut long = String::from("# A\n\n");
        for i in 0..200 {
            long.push_str(&format!("Paragraph {i}.\n\n## B{i}\n\n- item\n\n### C\n\ntext\n\n"));
        }
        let c = corpus(&[&long, "Plain\n"]);
        validate(&c).unwrap();
        reportkit_schema::validate_document(&value!(&c)).unwrap();
    }
}
