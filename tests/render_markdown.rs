//! `reportkit render --to markdown`: canonical Markdown of every corpus file, read back by
//! reportkit to the same document, and the CLI's rules for several documents and `--wrap`.

mod common;

use common::*;
use serde_json::Value;

/// A document's JSON with line numbers zeroed and its source dropped.
fn normalized(mut v: Value) -> Value {
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
    walk(&mut v);
    v
}

#[test]
fn snapshot_of_every_corpus_file() {
    for file in CORPUS_FILES {
        let path = format!("{CORPUS}/{file}");
        let md = stdout_of(&["render", &path, "--to", "markdown"]);
        insta::assert_snapshot!(file, md);
    }
}

#[test]
fn markdown_reads_back_to_the_same_document_and_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for file in CORPUS_FILES {
        let stem = file.rsplit_once('.').unwrap().0;
        let out = dir.path().join(format!("{stem}.md"));
        let out_s = out.to_str().unwrap();
        stdout_of(&["render", &format!("{CORPUS}/{file}"), "--to", "markdown", "-o", out_s]);
        let original = corpus_json(file)["documents"][0].clone();
        let json: Value = serde_json::from_str(&stdout_of(&["render", out_s, "--to", "json"])).unwrap();
        let back = json["documents"][0].clone();
        assert_eq!(back["source"]["format"], "markdown");
        assert!(normalized(original) == normalized(back), "{file}: the Markdown does not read back the same");
        let again = stdout_of(&["render", out_s, "--to", "markdown"]);
        assert_eq!(std::fs::read_to_string(&out).unwrap(), again, "{file}: rendering is not idempotent");
    }
}

#[test]
fn feeds_and_articles_say_what_they_are() {
    let feed = stdout_of(&["render", &format!("{CORPUS}/news-feed-igf2025.txt"), "--to", "markdown"]);
    assert!(feed.starts_with("<!-- reportkit: kind=feed -->\n\n# World gathers in Norway to shape digital future\n"));
    assert_eq!(feed.lines().filter(|l| l.starts_with("# ")).count(), 10, "one level-1 heading per article");
    let article = stdout_of(&["render", &format!("{CORPUS}/news-ai-cooperation.txt"), "--to", "markdown"]);
    assert!(article.starts_with("<!-- reportkit: kind=article headline -->\n\n# Global consensus grows"));
}

#[test]
fn several_documents_go_to_standard_output_only() {
    let out = reportkit().args(["render", CORPUS, "--to", "markdown", "-o", "target/all.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "one-line error: {err}");
    assert!(err.contains("single input"), "{err}");
    let all = stdout_of(&["render", CORPUS, "--to", "markdown"]);
    let report = stdout_of(&["render", &format!("{CORPUS}/igf2025-summary-report.md"), "--to", "markdown"]);
    assert!(all.starts_with(&report));
    assert!(
        all[report.len()..].starts_with("\n<!-- reportkit: kind=article headline -->"),
        "separated by a blank line"
    );
}

#[test]
fn wrap_reflows_paragraphs_and_keeps_the_words() {
    let path = format!("{CORPUS}/news-ai-cooperation.txt");
    let md = stdout_of(&["render", &path, "--to", "markdown", "--wrap", "60"]);
    for l in md.lines().filter(|l| !l.starts_with('#') && !l.starts_with("<!--")) {
        assert!(l.chars().count() <= 60 || !l.contains(' '), "line over 60 columns: {l}");
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("news-ai-cooperation.md");
    std::fs::write(&out, &md).unwrap();
    fn texts(v: &Value, out: &mut String) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(t)) = m.get("text") {
                    out.push_str(t);
                }
                if m.get("type").and_then(Value::as_str) == Some("soft_break") {
                    out.push(' ');
                }
                m.values().for_each(|x| texts(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| texts(x, out)),
            _ => {}
        }
    }
    let words = |v: &Value| {
        let mut s = String::new();
        texts(&v["documents"][0]["blocks"], &mut s);
        s.split_whitespace().map(str::to_string).collect::<Vec<_>>()
    };
    let back: Value = serde_json::from_str(&stdout_of(&["render", out.to_str().unwrap(), "--to", "json"])).unwrap();
    assert_eq!(words(&back), words(&corpus_json("news-ai-cooperation.txt")));
    assert_ne!(md, stdout_of(&["render", &path, "--to", "markdown"]), "reflowed");
    let out = reportkit().args(["render", &path, "--to", "json", "--wrap", "60"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
