//! Markdown round trip on the corpus: parse → Markdown → parse gives the same document, and
//! writing it again gives the same bytes.

mod common;

use std::path::PathBuf;

fn corpus() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/igf2025");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).expect("corpus").map(|e| e.expect("entry").path()).collect();
    files.sort();
    files
}

#[test]
fn every_corpus_file_round_trips_through_markdown() {
    let files = corpus();
    assert!(files.len() >= 5);
    for f in files {
        let bytes = std::fs::read(&f).expect("readable");
        let name = f.file_name().expect("a file").to_string_lossy().to_string();
        let docs = reportkit_parse::parse(&name, &bytes, None).expect("parses");
        for d in &docs {
            common::assert_round_trip(d, true);
        }
    }
}
