//! Readers that turn source texts into the canonical reportkit model.
//!
//! Parsing never touches the filesystem: callers hand in a path (for naming only) and the bytes.
//! [`parse`] detects the format (Markdown, plain text, HTML, canonical JSON) unless told, and
//! returns the documents the source holds (a JSON corpus may hold several). Binary files (PDF,
//! word-processor documents, archives, images, UTF-16 text) are refused with their format named.

pub mod header;
mod html;
mod markdown;
mod meta;
mod quotes;
pub mod sections;
mod text;

use reportkit_model::{Block, Corpus, Document, DocumentKind, Section, SlugSet, Source, SourceFormat};
use sha2::{Digest, Sha256};

pub use markdown::options as comrak_options;

/// Why a source could not be read. The caller adds the file name.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// The bytes are not UTF-8.
    #[error("invalid UTF-8 at byte offset {offset}; save the file as UTF-8")]
    InvalidUtf8 {
        /// Offset of the first bad byte.
        offset: usize,
    },
    /// The bytes look binary.
    #[error(
        "binary content (NUL byte at byte offset {offset}); reportkit reads Markdown, plain text, HTML or canonical JSON"
    )]
    Binary {
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// A file of a known format that is not a report source (a PDF, a word-processor document, an
    /// archive, an image, UTF-16 text).
    #[error("{what}, not a report source: {advice}")]
    NotASource {
        /// The format found ("a PDF file").
        what: &'static str,
        /// What to do instead.
        advice: &'static str,
    },
    /// JSON that does not parse.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What serde_json said.
        message: String,
    },
    /// Canonical JSON of a schema version this reportkit cannot read (another major version).
    #[error(
        "canonical JSON of version {found}, but this reportkit reads versions {major}.x only (it writes {current}); \
         read it with a reportkit that reads {found}, or render the sources again with this one \
         (`reportkit render SOURCES --to json`)"
    )]
    Version {
        /// The version the JSON names.
        found: String,
        /// The major version this reportkit reads.
        major: u64,
        /// The version this reportkit writes.
        current: &'static str,
    },
    /// JSON that is not a canonical corpus.
    #[error("not a canonical reportkit document: {0}; produce it with `reportkit render --to json`")]
    Schema(#[from] reportkit_schema::SchemaError),
}

/// Decode source bytes: UTF-8 only, a leading byte-order mark dropped, NUL bytes refused, and
/// lone carriage returns (old Mac line endings) read as line feeds, so that every reader and
/// rule counts lines alike for LF, CRLF and CR files (CommonMark counts a lone CR as a line end).
pub fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, ParseError> {
    if let Some((what, advice)) = foreign_format(bytes) {
        return Err(ParseError::NotASource { what, advice });
    }
    if let Some(offset) = bytes.iter().position(|b| *b == 0) {
        return Err(ParseError::Binary { offset });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| ParseError::InvalidUtf8 { offset: e.valid_up_to() })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lone_cr = |i: usize| text.as_bytes()[i] == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n');
    // Carriage returns are found with a fast substring search, not byte by byte.
    if !text.match_indices('\r').any(|(i, _)| lone_cr(i)) {
        return Ok(std::borrow::Cow::Borrowed(text));
    }
    // Byte for byte, so offsets into the text stay offsets into the file.
    let fixed: Vec<u8> = (0..text.len()).map(|i| if lone_cr(i) { b'\n' } else { text.as_bytes()[i] }).collect();
    Ok(std::borrow::Cow::Owned(String::from_utf8(fixed).expect("only ASCII bytes replaced")))
}

/// What to tell the user to do with a file exported from an office program.
const EXPORT: &str = "export or save it as Markdown, plain text or HTML first";

/// A binary (or non-UTF-8 text) format recognised by its first bytes, named, with what to do.
fn foreign_format(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    let contains = |needle: &[u8]| bytes.windows(needle.len()).take(64 * 1024).any(|w| w == needle);
    let utf8 = "save it as UTF-8 (most editors offer the encoding in \"Save as\")";
    Some(if starts(b"%PDF-") {
        ("a PDF file", "export the document it was made from to Markdown, plain text or HTML (or copy its text out)")
    } else if starts(b"PK\x03\x04") {
        if contains(b"word/") {
            ("a Word document (DOCX)", EXPORT)
        } else if contains(b"opendocument") {
            ("an OpenDocument file (ODT)", EXPORT)
        } else if contains(b"xl/") || contains(b"ppt/") {
            ("an Office spreadsheet or presentation", EXPORT)
        } else {
            ("a ZIP archive", "unpack it and give the report files inside")
        }
    } else if starts(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        ("a legacy Office document (DOC, XLS or PPT)", EXPORT)
    } else if starts(b"{\\rtf") {
        ("an RTF document", EXPORT)
    } else if starts(b"\xFF\xFE") || starts(b"\xFE\xFF") {
        ("UTF-16 text", utf8)
    } else if starts(b"\x89PNG\r\n\x1A\n")
        || starts(b"\xFF\xD8\xFF")
        || starts(b"GIF87a")
        || starts(b"GIF89a")
        || (starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"))
        || starts(b"II*\0")
        || starts(b"MM\0*")
    {
        ("an image", "reportkit reads text; give it the report's source, not a picture of it")
    } else if starts(b"\x1F\x8B")
        || starts(b"7z\xBC\xAF\x27\x1C")
        || starts(b"Rar!\x1A\x07")
        || starts(b"BZh") && bytes.len() > 4 && bytes[3].is_ascii_digit() && bytes.get(4..10) == Some(b"1AY&SY")
    {
        ("a compressed archive", "unpack it and give the report files inside")
    } else if utf16_without_bom(bytes) {
        ("UTF-16 text", utf8)
    } else {
        return None;
    })
}

/// Text in UTF-16 without a byte-order mark: in its first bytes, most of the odd (or most of
/// the even) bytes are NUL, as for ASCII letters in UTF-16.
fn utf16_without_bom(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    if head.len() < 8 {
        return false;
    }
    let pairs = head.len() / 2;
    let even = head.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    (even * 10 >= pairs * 7 && odd * 10 <= pairs) || (odd * 10 >= pairs * 7 && even * 10 <= pairs)
}

/// Guess a source's format from its content.
pub fn detect(text: &str) -> SourceFormat {
    let t = text.trim_start();
    if t.starts_with('{') && t.contains("\"documents\"") {
        return SourceFormat::Json;
    }
    if looks_like_html(t) {
        return SourceFormat::Html;
    }
    if t.starts_with("<!-- reportkit:") {
        // The header of reportkit's own Markdown (see `header`).
        return SourceFormat::Markdown;
    }
    let mut signals = 0;
    for line in text.lines().take(2000) {
        let l = line.trim_start();
        let hashes = l.bytes().take_while(|b| *b == b'#').count();
        if (1..=6).contains(&hashes) && l[hashes..].starts_with(' ') {
            signals += 2;
        }
        if l.starts_with('|') && l.trim_end().ends_with('|') || l.starts_with("```") || l.starts_with("> ") {
            signals += 1;
        }
        if l.contains("](") || l.contains("**") || l.ends_with("  ") && !l.trim().is_empty() {
            signals += 1;
        }
        // Signals only add up: two settle it.
        if signals >= 2 {
            break;
        }
    }
    if signals >= 2 {
        SourceFormat::Markdown
    } else {
        SourceFormat::Text
    }
}

/// A document that opens as an HTML page does: a doctype, or an `<html>`, `<head>` or `<body>`
/// tag (after comments). Markdown with a little inline HTML does not qualify.
fn looks_like_html(t: &str) -> bool {
    let mut t = t;
    while let Some(rest) = t.strip_prefix("<!--") {
        if rest.starts_with(" reportkit:") {
            return false;
        }
        match rest.find("-->") {
            Some(i) => t = rest[i + 3..].trim_start(),
            None => return false,
        }
    }
    let head: String = t.chars().take(15).collect::<String>().to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body", "<?xml"].iter().any(|p| head.starts_with(p))
        && (!head.starts_with("<?xml") || t.contains("<html"))
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The id of a document read from `path`: the slug of its file stem.
pub fn id_from_path(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    };
    reportkit_model::slugify(stem)
}

/// Parse one source. `path` names the source (as given by the user) and gives the document id.
pub fn parse(path: &str, bytes: &[u8], from: Option<SourceFormat>) -> Result<Vec<Document>, ParseError> {
    let text = &*decode(bytes)?;
    // A `.json` file is canonical JSON, and an error when it is not, rather than plain text.
    let json_name = path.rsplit('.').next().is_some_and(|x| x.eq_ignore_ascii_case("json")) && path.contains('.');
    // The extension decides where it names a format; content is sniffed only for others.
    let ext = path.rsplit_once('.').map(|(_, x)| x.to_ascii_lowercase()).unwrap_or_default();
    let by_name = match ext.as_str() {
        _ if json_name => Some(SourceFormat::Json),
        "md" | "markdown" | "mdown" | "mkd" => Some(SourceFormat::Markdown),
        "txt" | "text" => Some(SourceFormat::Text),
        "html" | "htm" | "xhtml" => Some(SourceFormat::Html),
        _ => None,
    };
    let format = from.or(by_name).unwrap_or_else(|| detect(text));
    let source = Source { path: path.to_string(), sha256: sha256_hex(bytes), format, lines: line_count(text) };
    let id = id_from_path(path);
    Ok(match format {
        SourceFormat::Json => read_json(text)?.documents,
        SourceFormat::Markdown => vec![read_markdown(id, source, text)],
        SourceFormat::Text => vec![read_text(id, source, text)],
        SourceFormat::Html => vec![read_html(id, source, text)],
    })
}

fn line_count(text: &str) -> u32 {
    if text.is_empty() {
        0
    } else {
        text.split('\n').count() as u32 - u32::from(text.ends_with('\n'))
    }
}

/// Read canonical JSON: parse, validate against the schema, then deserialize.
pub fn read_json(text: &str) -> Result<Corpus, ParseError> {
    let json_err =
        |e: serde_json::Error| ParseError::Json { line: e.line(), column: e.column(), message: e.to_string() };
    let value: serde_json::Value = serde_json::from_str(text).map_err(json_err)?;
    check_version(&value)?;
    reportkit_schema::validate_document(&value)?;
    serde_json::from_value(value).map_err(json_err)
}

/// Refuse a corpus (an object with `version` and `documents`) of another major version with an
/// error that says so; minor versions only add optional elements, so every `1.x` reads. JSON
/// that is no corpus at all is left to the schema.
fn check_version(value: &serde_json::Value) -> Result<(), ParseError> {
    let (Some(version), Some(_)) = (value.get("version").and_then(|v| v.as_str()), value.get("documents")) else {
        return Ok(());
    };
    let major = version.split('.').next().and_then(|m| m.parse::<u64>().ok());
    if major.is_some_and(|m| m != reportkit_model::SCHEMA_MAJOR) {
        return Err(ParseError::Version {
            found: version.to_string(),
            major: reportkit_model::SCHEMA_MAJOR,
            current: reportkit_model::SCHEMA_VERSION,
        });
    }
    Ok(())
}

fn first_paragraph<'a>(blocks: &'a [Block], sections: &'a [Section]) -> Option<&'a Block> {
    let mut found = None;
    let mut visit = |b: &'a Block| {
        if found.is_none() && matches!(b, Block::Paragraph { .. }) {
            found = Some(b);
        }
    };
    reportkit_model::walk_blocks(blocks, &mut visit);
    reportkit_model::walk_sections(sections, &mut |s, _| reportkit_model::walk_blocks(&s.blocks, &mut visit));
    found
}

fn read_markdown(id: String, source: Source, text: &str) -> Document {
    let read = markdown::read_full(text);
    let mut items = read.items;
    let front_matter = read.front_matter.map(|(delimiter, body, span, verbatim)| {
        let mut fm = meta::front_matter(delimiter, &body, span);
        fm.text = verbatim;
        fm
    });
    // The dates and place are searched for below the front matter, never in it.
    let body_text = match &front_matter {
        Some(fm) => std::borrow::Cow::Owned(blank_lines(text, fm.span.end)),
        None => std::borrow::Cow::Borrowed(text),
    };
    let body_text = &*body_text;
    // reportkit's own Markdown of a plain-text article or feed says so in a leading comment.
    if let Some(h) = header::take(&mut items) {
        let body = header::body(&h, items);
        let mut metadata = match body.articles.first() {
            Some(a) => meta::read(body_text, first_paragraph(&a.blocks, &a.sections)),
            None => meta::read(body_text, first_paragraph(&body.blocks, &body.sections)),
        };
        metadata.front_matter = front_matter;
        return Document {
            title: body.title.unwrap_or_else(|| id.clone()),
            id,
            source,
            kind: h.kind,
            metadata,
            blocks: body.blocks,
            sections: body.sections,
            articles: body.articles,
        };
    }
    let mut slugs = SlugSet::default();
    let heading_count = items.iter().filter(|i| matches!(i, sections::Item::Heading { .. })).count();
    let (blocks, sections) = sections::build_with_ids(items, &mut slugs, &read.anchors);
    let fm_title = front_matter.as_ref().and_then(|f| f.title.clone()).filter(|t| !t.trim().is_empty());
    let title = title_of(&sections, fm_title).unwrap_or_else(|| id.clone());
    let kind = if heading_count >= 3 { DocumentKind::Report } else { DocumentKind::Other };
    let mut metadata = meta::read(body_text, first_paragraph(&blocks, &sections));
    metadata.front_matter = front_matter;
    Document { id, source, title, kind, metadata, blocks, sections, articles: Vec::new() }
}

fn read_html(id: String, source: Source, text: &str) -> Document {
    let read = html::read(text);
    let mut slugs = SlugSet::default();
    let heading_count = read.items.iter().filter(|i| matches!(i, sections::Item::Heading { .. })).count();
    let (blocks, sections) = sections::build_with_ids(read.items, &mut slugs, &read.anchors);
    let title = title_of(&sections, read.title).unwrap_or_else(|| id.clone());
    let kind = if heading_count >= 3 { DocumentKind::Report } else { DocumentKind::Other };
    // Dates and place are searched for in what a reader sees, at its source lines, not in markup.
    let visible = visible_lines(&blocks, &sections, source.lines);
    let metadata = meta::read(&visible, first_paragraph(&blocks, &sections));
    Document { id, source, title, kind, metadata, blocks, sections, articles: Vec::new() }
}

/// The visible text of headings and paragraphs placed at their source lines (other lines
/// empty), one line per source line.
fn visible_lines(blocks: &[Block], sections: &[Section], lines: u32) -> String {
    fn paragraphs<'a>(blocks: &'a [Block], placed: &mut Vec<(u32, &'a [reportkit_model::Inline])>) {
        reportkit_model::walk_blocks(blocks, &mut |b| {
            if let Block::Paragraph { span, content } = b {
                placed.push((span.start, content));
            }
        });
    }
    let mut placed = Vec::new();
    paragraphs(blocks, &mut placed);
    reportkit_model::walk_sections(sections, &mut |s, _| {
        placed.push((s.heading_span.start, &s.title));
        paragraphs(&s.blocks, &mut placed);
    });
    let mut out: Vec<String> = vec![String::new(); lines as usize + 1];
    for (line, content) in placed {
        let mut at = line as usize;
        for i in content {
            if at >= out.len() {
                break;
            }
            match i {
                reportkit_model::Inline::SoftBreak => at += 1,
                other => out[at].push_str(&reportkit_model::inline_text(std::slice::from_ref(other))),
            }
        }
    }
    out.drain(1..).collect::<Vec<_>>().join("\n")
}

/// The text with its first `n` lines emptied (line numbers are kept).
fn blank_lines(text: &str, n: u32) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if (i as u32) < n {
            if line.ends_with('\n') {
                out.push('\n');
            }
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The first level-1 heading's text, else the front matter's title, else the first heading's.
fn title_of(sections: &[Section], front_matter_title: Option<String>) -> Option<String> {
    let mut first = None;
    let mut first_h1 = None;
    reportkit_model::walk_sections(sections, &mut |s, _| {
        let t = s.title_text().trim().to_string();
        if t.is_empty() {
            return;
        }
        if first.is_none() {
            first = Some(t.clone());
        }
        if first_h1.is_none() && s.level == 1 {
            first_h1 = Some(t);
        }
    });
    first_h1.or(front_matter_title).or(first)
}

fn read_text(id: String, source: Source, text: &str) -> Document {
    let doc = text::read(text);
    if !doc.articles.is_empty() {
        let a = &doc.articles[0];
        let metadata = meta::read(text, first_paragraph(&a.blocks, &a.sections));
        return Document {
            title: id.clone(),
            id,
            source,
            kind: DocumentKind::Feed,
            metadata,
            blocks: Vec::new(),
            sections: Vec::new(),
            articles: doc.articles,
        };
    }
    let metadata = meta::read(text, first_paragraph(&doc.blocks, &doc.sections));
    let paragraphs = doc.blocks.iter().filter(|b| matches!(b, Block::Paragraph { .. })).count();
    let kind = if !doc.structured && paragraphs >= 2 { DocumentKind::Article } else { DocumentKind::Other };
    Document {
        title: doc.title.unwrap_or_else(|| id.clone()),
        id,
        source,
        kind,
        metadata,
        blocks: doc.blocks,
        sections: doc.sections,
        articles: Vec::new(),
    }
}

/// Gather documents into a corpus, making ids unique (`-2`, `-3`… on repeats, in order).
pub fn corpus(documents: Vec<Document>) -> Corpus {
    let mut slugs = SlugSet::default();
    let documents = documents
        .into_iter()
        .map(|mut d| {
            d.id = slugs.unique(&d.id);
            d
        })
        .collect();
    Corpus::new(documents)
}

/// Convenience for tests and tools: the inline text of a paragraph block.
pub fn paragraph_text(b: &Block) -> Option<String> {
    match b {
        Block::Paragraph { content, .. } => Some(reportkit_model::inline_text(content)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Canonical JSON of a small invented document, naming `version`.
    fn json_of_version(version: &str) -> String {
        let docs = parse("notes.md", b"# Notes\n\nA line of text.\n", None).expect("parses");
        let mut v = serde_json::to_value(Corpus::new(docs)).expect("serializes");
        v["version"] = version.into();
        v.to_string()
    }

    #[test]
    fn json_of_every_minor_version_reads_and_another_major_version_is_refused() {
        for ok in ["1.0.0", "1.1.0", reportkit_model::SCHEMA_VERSION, "1.7.2"] {
            let c = read_json(&json_of_version(ok)).unwrap_or_else(|e| panic!("{ok}: {e}"));
            assert_eq!(c.documents.len(), 1);
        }
        for bad in ["2.0.0", "0.9.0"] {
            let err = read_json(&json_of_version(bad)).expect_err(bad);
            assert!(matches!(&err, ParseError::Version { found, .. } if found == bad), "{err:?}");
            let msg = err.to_string();
            assert!(msg.contains(bad) && msg.contains("1.x") && msg.contains("render"), "{msg}");
        }
        // JSON that is not a corpus is the schema's business, not a version question.
        let other = r#"{"version": "3.0.0", "name": "a package"}"#;
        assert!(matches!(read_json(other), Err(ParseError::Schema(_))));
    }

    fn format_of(path: &str, text: &str, from: Option<SourceFormat>) -> SourceFormat {
        parse(path, text.as_bytes(), from).expect("parses")[0].source.format
    }

    #[test]
    fn the_extension_decides_then_the_content_and_from_always_wins() {
        let page = "<!DOCTYPE html>\n<html><body><h1>T</h1><p>x</p></body></html>\n";
        assert_eq!(format_of("a.html", "# Not a page\n", None), SourceFormat::Html);
        assert_eq!(format_of("a.HTM", "plain", None), SourceFormat::Html);
        assert_eq!(format_of("a.md", page, None), SourceFormat::Markdown);
        assert_eq!(format_of("a.txt", page, None), SourceFormat::Text);
        assert_eq!(format_of("page", page, None), SourceFormat::Html);
        assert_eq!(
            format_of("page.out", "<!-- saved -->\n<html lang=\"en\"><p>x</p></html>", None),
            SourceFormat::Html
        );
        assert_eq!(format_of("a.html", page, Some(SourceFormat::Text)), SourceFormat::Text);
        assert_eq!(format_of("a.md", page, Some(SourceFormat::Html)), SourceFormat::Html);
        // Markdown with a little HTML in it stays Markdown.
        assert_eq!(detect("# Title\n\n<div>boxed</div>\n\nSome **bold** text.\n"), SourceFormat::Markdown);
        assert_eq!(detect("<!-- reportkit: article -->\n# T\n"), SourceFormat::Markdown);
    }

    #[test]
    fn an_html_document_has_its_title_kind_and_sections() {
        let page = "<html><head><title>Head title</title></head><body>\n<h2>One</h2><p>a</p>\n<h2>Two</h2>\n<h3>Three</h3>\n</body></html>";
        let d = &parse("dir/report.html", page.as_bytes(), None).unwrap()[0];
        assert_eq!(d.id, "report");
        assert_eq!(d.title, "Head title", "no h1: the <title>");
        assert_eq!(d.kind, DocumentKind::Report);
        assert_eq!(d.sections.len(), 2);
        assert_eq!(d.sections[1].children[0].heading_span.start, 4);
        assert_eq!(d.source.lines, 5);
        let with_h1 = "<title>Head</title><h1>Body title</h1>";
        assert_eq!(parse("r.html", with_h1.as_bytes(), None).unwrap()[0].title, "Body title");
    }

    #[test]
    fn dates_are_read_from_the_visible_text_of_a_page() {
        let page = "<html>\n<head><meta name=\"date\" content=\"1999-01-01\"></head>\n<body>\n<h1>Forum</h1>\n<p>12–14 May 2031</p>\n<p>Lisbon, Portugal</p>\n</body></html>";
        let d = &parse("r.html", page.as_bytes(), None).unwrap()[0];
        let dates = d.metadata.event_dates.as_ref().expect("dates");
        assert_eq!((dates.start.as_str(), dates.end.as_str(), dates.line), ("2031-05-12", "2031-05-14", 5));
        assert_eq!(d.metadata.place.as_deref(), Some("Lisbon, Portugal"));
    }

    #[test]
    fn binary_formats_are_refused_by_name() {
        let refused = |bytes: &[u8]| match parse("x.md", bytes, Some(SourceFormat::Markdown)) {
            Err(e @ ParseError::NotASource { .. }) => e.to_string(),
            other => panic!("not refused: {other:?}"),
        };
        assert!(refused(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj").starts_with("a PDF file, not a report source: export"));
        assert!(refused(b"PK\x03\x04\x14\0\0\0[Content_Types].xml word/document.xml").contains("Word document (DOCX)"));
        assert!(refused(b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.text").contains("OpenDocument"));
        assert!(refused(b"PK\x03\x04\x14\0\0\0notes.txt").contains("ZIP archive"));
        assert!(
            refused(b"\xff\xfe#\0 \0T\0i\0t\0l\0e\0").contains("UTF-16 text, not a report source: save it as UTF-8")
        );
        assert!(refused(b"\xfe\xff\0#\0 \0T\0i\0t").contains("UTF-16"));
        assert!(refused(b"#\0 \0T\0i\0t\0l\0e\0\n\0T\0e\0x\0t\0").contains("UTF-16"));
        assert!(refused(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").contains("an image"));
        assert!(refused(b"\xff\xd8\xff\xe0\0\x10JFIF").contains("an image"));
        assert!(refused(b"\x1f\x8b\x08\0\0\0").contains("compressed archive"));
        assert!(refused(b"{\\rtf1\\ansi Hello}").contains("RTF"));
        assert!(refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0").contains("legacy Office"));
        // Other NUL bytes keep their own message; text is read.
        assert!(matches!(parse("x.md", b"# ok\n\0\x01", None), Err(ParseError::Binary { offset: 5 })));
        assert!(parse("x.txt", "PK and %PDF- mid-text are fine\n".as_bytes(), None).is_ok());
    }
}
