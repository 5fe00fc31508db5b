//! Bad input never panics: a one-line error naming the file and the place, exit 2, and no
//! output file left behind.

mod common;

use common::*;
use predicates::prelude::*;

fn fails_with(args: &[&str], needles: &[&str]) {
    let out = reportkit().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "exit code for {args:?}; stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    for n in needles {
        assert!(err.contains(n), "stderr lacks {n:?}: {err}");
    }
}

#[test]
fn missing_file() {
    fails_with(&["render", "no/such/file.md", "--to", "json"], &["no/such/file.md", "no such file"]);
}

#[test]
fn directory_without_sources() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("image.png"), b"\x89PNG").unwrap();
    let d = dir.path().to_str().unwrap();
    fails_with(&["render", d, "--to", "json"], &[d, "no sources"]);
}

#[test]
fn binary_file_names_the_nul_offset() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("blob.md");
    std::fs::write(&f, b"# ok\n\x00\x01\x02").unwrap();
    fails_with(&["render", f.to_str().unwrap(), "--to", "json"], &["blob.md", "byte offset 5"]);
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("latin1.txt");
    std::fs::write(&f, b"Headline\ncaf\xe9 au lait\n").unwrap();
    fails_with(&["render", f.to_str().unwrap(), "--to", "json"], &["latin1.txt", "invalid UTF-8", "byte offset 12"]);
}

#[test]
fn json_that_is_not_a_canonical_document_names_the_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("doc.json");
    let good = stdout_of(&["render", "fixtures/igf2025/news-ai-cooperation.txt", "--to", "json"]);
    let bad = good.replacen("\"kind\": \"article\"", "\"kind\": \"poem\"", 1);
    std::fs::write(&f, bad).unwrap();
    fails_with(&["render", f.to_str().unwrap(), "--to", "json"], &["doc.json", "/documents/0/kind"]);
    std::fs::write(&f, "{\"documents\": [ }").unwrap();
    fails_with(&["render", f.to_str().unwrap(), "--from", "json", "--to", "json"], &["doc.json", "line 1"]);
}

#[test]
fn a_failed_run_leaves_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    fails_with(&["render", "no/such.md", "--to", "json", "-o", out.to_str().unwrap()], &["no/such.md"]);
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no temporary file left either");
}

#[test]
fn output_into_a_missing_directory() {
    fails_with(
        &["render", "fixtures/igf2025/news-ai-cooperation.txt", "--to", "json", "-o", "/nonexistent-dir/x.json"],
        &["/nonexistent-dir", "does not exist"],
    );
}

#[test]
fn output_over_an_input_is_refused_and_the_input_kept() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.md");
    std::fs::write(&f, "# Title\n\nText.\n").unwrap();
    let p = f.to_str().unwrap();
    fails_with(&["render", p, "--to", "json", "-o", p], &["output path is an input"]);
    assert_eq!(std::fs::read_to_string(&f).unwrap(), "# Title\n\nText.\n");
}

#[test]
fn an_empty_file_is_a_valid_empty_document() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("empty.md");
    std::fs::write(&f, "").unwrap();
    let out = stdout_of(&["render", f.to_str().unwrap(), "--to", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d = &v["documents"][0];
    assert_eq!(d["id"], "empty");
    assert_eq!(d["sections"].as_array().unwrap().len(), 0);
    assert_eq!(d["blocks"].as_array().unwrap().len(), 0);
}

#[test]
fn usage_errors_exit_2() {
    reportkit().args(["render", "x.md"]).assert().code(2).stderr(predicate::str::contains("--to"));
    reportkit().args(["frobnicate"]).assert().code(2);
}

#[test]
fn help_has_examples_and_version_is_printed() {
    reportkit().args(["render", "--help"]).assert().success().stdout(predicate::str::contains("Examples:"));
    reportkit().arg("--version").assert().success().stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn binary_documents_are_refused_with_their_format_and_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &[&str]); 6] = [
        (
            "report.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
            &["report.pdf", "a PDF file", "not a report source", "export"],
        ),
        (
            "report.docx",
            b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
            &["report.docx", "Word document (DOCX)", "save it as Markdown"],
        ),
        ("notes.odt", b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.text", &["notes.odt", "OpenDocument"]),
        // Misnamed files are refused too: the bytes decide, not the name.
        ("wide.md", b"\xff\xfe#\x00 \x00T\x00\n\x00", &["wide.md", "UTF-16 text", "save it as UTF-8"]),
        ("chart.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", &["chart.txt", "an image"]),
        ("bundle.md", b"PK\x03\x04\x14\x00\x00\x00a.md", &["bundle.md", "ZIP archive", "unpack"]),
    ];
    for (name, bytes, needles) in cases {
        let f = dir.path().join(name);
        std::fs::write(&f, bytes).unwrap();
        fails_with(&["render", f.to_str().unwrap(), "--to", "json"], needles);
        fails_with(&["check", f.to_str().unwrap()], needles);
    }
    // `--from` names a reader; it does not make a PDF readable.
    let f = dir.path().join("report.pdf");
    fails_with(&["render", f.to_str().unwrap(), "--from", "text", "--to", "json"], &["a PDF file"]);
}

#[test]
fn utf16_without_a_byte_order_mark_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("le.txt");
    let text: Vec<u8> = "Heading\nSome text here.\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(&f, text).unwrap();
    fails_with(&["render", f.to_str().unwrap(), "--to", "json"], &["le.txt", "UTF-16 text"]);
}
