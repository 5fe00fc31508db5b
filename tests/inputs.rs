//! Gathering inputs as ripgrep does: ignore files, hidden and output directories, `--exclude`,
//! globs on the command line, JSON that is not a document, copies, and standard input.

mod common;

use std::path::Path;

use assert_cmd::Command;

/// reportkit run in `dir`.
fn rk(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("reportkit").expect("binary built");
    c.current_dir(dir);
    c.env("NO_COLOR", "1");
    c
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A small Markdown document whose bytes differ by `name`.
fn doc(name: &str) -> String {
    format!("# {name}\n\nThe {name} paragraph says something of its own.\n")
}

/// The source paths of the documents `render ARGS --to json` reads, and its standard error.
fn read_paths(dir: &Path, args: &[&str]) -> (Vec<String>, String) {
    let mut all = vec!["render"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--to", "json"]);
    let o = rk(dir).args(&all).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(0), "render {args:?}: {err}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths =
        v["documents"].as_array().unwrap().iter().map(|d| d["source"]["path"].as_str().unwrap().to_string()).collect();
    (paths, err)
}

/// A tree with sources, ignored files, hidden entries and output directories (no `.git`).
fn tree() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "a.md", &doc("alpha"));
    write(d, "sub/c.txt", "Gamma\n\nA plain text note about gamma.\n");
    write(d, ".gitignore", "drafts/\n*.tmp.md\n");
    write(d, ".ignore", "private.md\n");
    write(d, "drafts/x.md", &doc("draft"));
    write(d, "b.tmp.md", &doc("temporary"));
    write(d, "private.md", &doc("private"));
    write(d, ".hidden/h.md", &doc("hidden"));
    write(d, "node_modules/pkg/readme.md", &doc("package"));
    write(d, "target/t.md", &doc("target"));
    write(d, "cache/CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n");
    write(d, "cache/c.md", &doc("cache"));
    write(d, "out/.reportkit-manifest.json", "{\"version\":1,\"files\":[]}\n");
    write(d, "out/o.md", &doc("output"));
    t
}

#[test]
fn a_walk_honours_ignore_files_without_git_and_skips_hidden_and_output_directories() {
    let t = tree();
    let (paths, _) = read_paths(t.path(), &["."]);
    assert_eq!(paths, ["./a.md", "./sub/c.txt"]);
    // The ignore files let go; hidden entries and output directories stay skipped.
    let (paths, _) = read_paths(t.path(), &[".", "--no-respect-gitignore"]);
    assert_eq!(paths, ["./a.md", "./b.tmp.md", "./drafts/x.md", "./private.md", "./sub/c.txt"]);
    // A file named on the command line is read, ignored or not.
    let (paths, _) = read_paths(t.path(), &["private.md", "out/o.md"]);
    assert_eq!(paths, ["private.md", "out/o.md"]);
    // A skipped directory named on the command line is walked.
    let (paths, _) = read_paths(t.path(), &["node_modules"]);
    assert_eq!(paths, ["node_modules/pkg/readme.md"]);
    // A directory of ignored files only holds no sources.
    write(t.path(), "more/.gitignore", "*.md\n");
    write(t.path(), "more/m.md", &doc("more"));
    let o = rk(t.path()).args(["check", "more"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("more: directory holds no sources"));
}

#[test]
fn exclude_globs_match_names_anywhere_and_paths_from_the_walked_directory() {
    let t = tree();
    let d = t.path();
    write(d, "sub/deep/e.md", &doc("epsilon"));
    write(d, "sub/notes.old.md", &doc("old notes"));
    let (paths, _) = read_paths(d, &[".", "--exclude", "*.old.md"]);
    assert_eq!(paths, ["./a.md", "./sub/c.txt", "./sub/deep/e.md"]);
    let (paths, _) = read_paths(d, &[".", "--exclude", "deep", "--exclude", "sub/c.txt"]);
    assert_eq!(paths, ["./a.md", "./sub/notes.old.md"]);
    // Anchored to the directory walked: `c.txt` is at the top of `sub`.
    let (paths, _) = read_paths(d, &["sub", "--exclude", "/c.txt"]);
    assert_eq!(paths, ["sub/deep/e.md", "sub/notes.old.md"]);
    let o = rk(d).args(["check", ".", "--exclude", "a[.md"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--exclude a[.md"));
}

#[test]
fn globs_the_shell_did_not_expand_are_expanded() {
    let t = tree();
    let d = t.path();
    write(d, "docs/one.md", &doc("one"));
    write(d, "docs/guide/two.md", &doc("two"));
    write(d, "docs/guide/three.txt", "Three\n\nA text about three.\n");
    write(d, "docs/notes/four.md", &doc("four"));
    let (paths, _) = read_paths(d, &["docs/**/*.md"]);
    assert_eq!(paths, ["docs/guide/two.md", "docs/notes/four.md", "docs/one.md"]);
    // `*` stays within one directory; ignore files and --exclude apply.
    let (paths, _) = read_paths(d, &["*.md"]);
    assert_eq!(paths, ["a.md"]);
    let (paths, _) = read_paths(d, &["docs/*/*", "--exclude", "notes"]);
    assert_eq!(paths, ["docs/guide/three.txt", "docs/guide/two.md"]);
    // A matched directory gives its sources.
    let (paths, _) = read_paths(d, &["doc?"]);
    assert_eq!(paths, ["docs/guide/three.txt", "docs/guide/two.md", "docs/notes/four.md", "docs/one.md"]);
    let o = rk(d).args(["check", "docs/**/*.rst"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("docs/**/*.rst: no such file, and no source") && err.contains("matches it as a glob"),
        "{err}"
    );
}

#[test]
fn json_that_is_not_a_document_is_skipped_in_a_walk_and_refused_when_named() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "report.md", &doc("report"));
    write(d, "schemas/thing.schema.json", "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"}\n");
    write(d, "tsconfig.json", "{ // comments are not JSON\n}\n");
    // reportkit's own canonical JSON is a source wherever it is.
    std::fs::create_dir(d.join("canonical")).unwrap();
    let o = rk(d).args(["render", "report.md", "--to", "json", "-o", "canonical/report-copy.json"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let o = rk(d).args(["check", "."]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("note: ./schemas/thing.schema.json: skipped: not a reportkit document\n"), "{err}");
    assert!(
        err.contains("note: ./tsconfig.json: skipped: not a reportkit document (invalid JSON at line 1, column 3)"),
        "{err}"
    );
    let (paths, _) = read_paths(d, &["."]);
    assert_eq!(paths.len(), 2, "the canonical JSON's document and report.md: {paths:?}");
    // Named, it is refused.
    let o = rk(d).args(["check", "schemas/thing.schema.json"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("schemas/thing.schema.json: not a canonical reportkit document")
    );
    // A walk that finds nothing but such JSON is an error, not an empty success.
    let o = rk(d).args(["check", "schemas"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no sources: the 1 JSON file found is not"));
}

#[test]
fn the_same_bytes_under_two_names_are_read_once_with_a_warning() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(d, "a/report.md", &doc("report"));
    write(d, "b/report-copy.md", &doc("report"));
    write(d, "b/other.md", &doc("other"));
    let (paths, err) = read_paths(d, &["a", "b"]);
    assert_eq!(paths, ["a/report.md", "b/other.md"]);
    assert!(err.contains("warning: b/report-copy.md: same content as a/report.md; read once, as a/report.md"), "{err}");
    let (paths, err) = read_paths(d, &["b/other.md", "b/other.md"]);
    assert_eq!(paths, ["b/other.md"]);
    assert!(err.contains("warning: b/other.md: named twice; read once"), "{err}");
    // Empty files are not copies of each other.
    write(d, "e/one.md", "");
    write(d, "e/two.md", "");
    let (paths, err) = read_paths(d, &["e"]);
    assert_eq!(paths.len(), 2, "{err}");
}

#[test]
fn standard_input_with_a_name_for_messages_and_format() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let text = "# Budget\n\nThe total is 10, of which 3 and 4.\n\n| Item | Amount |\n|---|---|\n| A | 3 |\n| B | 4 |\n| Total | 10 |\n";
    let o = rk(d).args(["render", "-", "--to", "json"]).write_stdin(text).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["documents"][0]["source"]["path"], "<stdin>");
    assert_eq!(v["documents"][0]["source"]["format"], "markdown", "told by the content");
    // The name gives the format: read as plain text.
    let o =
        rk(d).args(["render", "-", "--stdin-filename", "notes/budget.txt", "--to", "json"]).write_stdin(text).output();
    let v: serde_json::Value = serde_json::from_slice(&o.unwrap().stdout).unwrap();
    assert_eq!(v["documents"][0]["source"]["path"], "notes/budget.txt");
    assert_eq!(v["documents"][0]["source"]["format"], "text");
    // check names the findings by it.
    let o = rk(d)
        .args(["check", "-", "--stdin-filename", "budget.md", "--format", "json"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "the table's total is wrong: {}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert!(!findings.is_empty() && findings.iter().all(|f| f["file"] == "budget.md"), "{v}");
    // facts reads it too.
    let o = rk(d).args(["facts", "-"]).write_stdin(text).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("<stdin>"));
    // diff: one side from standard input.
    write(d, "budget.md", text);
    let o = rk(d).args(["diff", "budget.md", "-"]).write_stdin(text).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let o = rk(d)
        .args(["diff", "-", "budget.md", "--stdin-filename", "old/budget.md", "--format", "json"])
        .write_stdin(text.replace("10", "7"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("old/budget.md"));
    // The version read from standard input is labelled by its name, not `-`.
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((v["old"].as_str(), v["new"].as_str()), (Some("old/budget.md"), Some("budget.md")), "{v}");
    let o = rk(d).args(["diff", "budget.md", "budget.md", "--stdin-filename", "x.md"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    // Once only; and a name without `-` is a mistake.
    let o = rk(d).args(["diff", "-", "-"]).write_stdin(text).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("standard input is named twice"));
    let o = rk(d).args(["check", "budget.md", "--stdin-filename", "x.md"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("give `-` among the inputs"));
    // build writes the outputs under the name.
    let o = rk(d)
        .args(["build", "-", "--stdin-filename", "budget.md", "-o", "out", "--no-pdf", "--no-fail"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(d.join("out/budget.json").is_file() && d.join("out/budget.md").is_file());
}

#[test]
fn the_repository_itself_can_be_checked() {
    // The repository holds JSON schemas, test data and build outputs beside its fixtures.
    let o = common::reportkit().args(["check", ".", "--format", "json"]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{err}");
    assert!(err.contains("note: ./schemas/document.schema.json: skipped: not a reportkit document"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["summary"]["documents"].as_u64().unwrap() > 5);
}
