// The bodies of the fuzz targets, shared by fuzz_targets/*.rs (under `cargo fuzz`) and by the
// project's test tests/fuzz_regressions.rs, which replays every input the fuzzer once crashed on
// (tests/data/fuzz/<target>/). Each body must return normally on any input: an input the tool
// refuses is an `Err`, never a panic; what a body asserts beyond that is said in its comment.

/// Bytes as text the readers accept (no NUL, valid UTF-8), so the deeper stages get exercised
/// even when the fuzzer produces binary.
#[allow(dead_code)]
fn as_text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).replace('\0', " ")
}

#[allow(dead_code)]
fn parse_md(text: &str) -> reportkit_model::Corpus {
    let docs = reportkit_parse::parse("fuzz.md", text.as_bytes(), Some(reportkit_model::SourceFormat::Markdown))
        .expect("text without NUL always reads as Markdown");
    reportkit_parse::corpus(docs)
}

/// The Markdown reader on raw bytes; what it reads serialises to schema-valid canonical JSON.
#[allow(dead_code)]
fn read_markdown(data: &[u8]) {
    if let Ok(docs) = reportkit_parse::parse("fuzz.md", data, Some(reportkit_model::SourceFormat::Markdown)) {
        reportkit_render::json::to_string(&reportkit_parse::corpus(docs)).expect("canonical JSON follows its schema");
    }
}

/// The plain-text reader on raw bytes; what it reads serialises to schema-valid canonical JSON.
#[allow(dead_code)]
fn read_text(data: &[u8]) {
    if let Ok(docs) = reportkit_parse::parse("fuzz.txt", data, Some(reportkit_model::SourceFormat::Text)) {
        reportkit_render::json::to_string(&reportkit_parse::corpus(docs)).expect("canonical JSON follows its schema");
    }
}

/// The canonical-JSON reader on raw bytes; a corpus it accepts is written back and read again
/// to the same corpus.
#[allow(dead_code)]
fn read_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(corpus) = reportkit_parse::read_json(text) {
        let json = reportkit_render::json::to_string(&corpus).expect("an accepted corpus writes back");
        let again = reportkit_parse::read_json(&json).expect("reportkit reads its own JSON");
        assert!(again == corpus, "JSON round trip changed the corpus");
    }
}

/// The Markdown writer: writing what it wrote, read back, gives the same bytes (a fixpoint).
#[allow(dead_code)]
fn write_markdown(data: &[u8]) {
    let opts = reportkit_render::markdown::MarkdownOptions::default();
    let first = parse_md(&as_text(data));
    let once = reportkit_render::markdown::to_markdown(&first.documents[0], &opts);
    let second = parse_md(&once);
    let twice = reportkit_render::markdown::to_markdown(&second.documents[0], &opts);
    let third = parse_md(&twice);
    let thrice = reportkit_render::markdown::to_markdown(&third.documents[0], &opts);
    assert!(twice == thrice, "the Markdown writer is not stable on its own output");
}

/// The PDF writer never fails on a document the reader made (inputs up to 16 KiB, to keep the
/// fuzzer fast).
#[allow(dead_code)]
fn write_pdf(data: &[u8]) {
    if data.len() > 16 * 1024 {
        return;
    }
    let corpus = parse_md(&as_text(data));
    let opts = reportkit_pdf::PdfOptions::default();
    let r = reportkit_pdf::render(&corpus.documents[0], &opts).expect("a valid document renders");
    assert!(r.bytes.starts_with(b"%PDF-") && r.pages >= 1);
}

/// Every rule on any document.
#[allow(dead_code)]
fn check(data: &[u8]) {
    let text = as_text(data);
    let corpus = parse_md(&text);
    let config = reportkit_check::Config::default();
    let _ = reportkit_check::Analysis::new(&corpus).check(&[text], &config, None);
}

/// Two versions (the input split at its first 0xFF byte, or in half); a version against itself
/// has no differences.
#[allow(dead_code)]
fn diff(data: &[u8]) {
    let cut = data.iter().position(|&b| b == 0xFF).unwrap_or(data.len() / 2);
    let (old, new) = (as_text(&data[..cut]), as_text(&data[(cut + 1).min(data.len())..]));
    let (oc, nc) = (parse_md(&old), parse_md(&new));
    let (os, ns) = (vec![old], vec![new]);
    let config = reportkit_check::Config::default();
    let version = |label, corpus, sources| reportkit_diff::Version { label, corpus, sources };
    let opts = reportkit_diff::Options::default();
    let _ = reportkit_diff::diff(&version("old", &oc, &os), &version("new", &nc, &ns), &config, opts);
    let same = reportkit_diff::diff(&version("old", &oc, &os), &version("old", &oc, &os), &config, opts);
    assert!(!same.has_differences(), "a version differs from itself");
}
