//! `reportkit build`: every output of every document, the findings, the summary and exit code,
//! the same bytes as the single-purpose commands, and its refusals.

mod common;

use std::path::Path;

use common::*;

fn build(args: &[&str]) -> std::process::Output {
    reportkit().arg("build").args(args).output().expect("runs")
}

fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn builds_every_output_of_the_corpus_and_fails_on_its_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let o = build(&[CORPUS, "-o", out.to_str().unwrap()]);
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(1), "the corpus has error-severity findings: {err}");
    assert!(err.contains("built 5 documents"), "{err}");
    assert!(err.contains("findings: 2 errors"), "{err}");
    assert!(err.contains("pages)"), "{err}");
    assert!(!err.contains('\r'), "no progress bar outside a terminal: {err:?}");
    for file in CORPUS_FILES {
        let stem = file.rsplit_once('.').unwrap().0;
        let path = format!("{CORPUS}/{file}");
        assert_eq!(
            String::from_utf8(read(&out.join(format!("{stem}.json")))).unwrap(),
            stdout_of(&["render", &path, "--to", "json"]),
            "{stem}.json is what render --to json gives"
        );
        assert_eq!(
            String::from_utf8(read(&out.join(format!("{stem}.md")))).unwrap(),
            stdout_of(&["render", &path, "--to", "markdown"]),
            "{stem}.md is what render --to markdown gives"
        );
        let pdf = out.join(format!("{stem}.pdf"));
        let single = dir.path().join(format!("{stem}.pdf"));
        stdout_of(&["render", &path, "--to", "pdf", "-o", single.to_str().unwrap()]);
        assert_eq!(read(&pdf), read(&single), "{stem}.pdf is what render --to pdf gives");
    }
    let check = |format: &str| {
        let o = reportkit().args(["check", CORPUS, "--format", format]).output().unwrap();
        o.stdout
    };
    assert_eq!(read(&out.join("findings.json")), check("json"));
    assert_eq!(read(&out.join("findings.sarif")), check("sarif"));
    let mut names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names.len(), 18, "3 files per document, 2 findings files and the manifest, nothing else: {names:?}");
}

#[test]
fn no_fail_no_pdf_and_the_same_bytes_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for d in [&a, &b] {
        let o = build(&[CORPUS, "-o", d.to_str().unwrap(), "--no-pdf", "--no-fail"]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(String::from_utf8_lossy(&o.stderr).contains("JSON and Markdown,"));
    }
    let list = |d: &Path| {
        let mut v: Vec<_> = std::fs::read_dir(d).unwrap().map(|e| e.unwrap().path()).collect();
        v.sort();
        v
    };
    assert!(list(&a).iter().all(|p| p.extension().unwrap() != "pdf"));
    assert_eq!(list(&a).len(), 13, "2 files per document, 2 findings files and the manifest");
    for (x, y) in list(&a).iter().zip(list(&b)) {
        assert_eq!(read(x), read(&y), "{} differs between runs", x.display());
    }
}

#[test]
fn a_rebuild_leaves_unchanged_outputs_alone_and_replaces_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let run = || {
        let o = build(&[CORPUS, "-o", out.to_str().unwrap(), "--no-pdf", "--no-fail"]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stderr).unwrap()
    };
    let first = run();
    assert!(!first.contains("unchanged"), "{first}");
    let stamp = |name: &str| std::fs::metadata(out.join(name)).unwrap().modified().unwrap();
    let before = stamp("findings.json");
    let second = run();
    assert!(second.contains("(all unchanged)"), "{second}");
    assert_eq!(stamp("findings.json"), before, "an unchanged output keeps its modification time");
    // A changed or damaged output is replaced; the others stay as they are.
    let md = out.join("news-ai-cooperation.md");
    let good = read(&md);
    std::fs::write(&md, b"edited by hand\n").unwrap();
    let third = run();
    assert!(third.contains("(11 of 12 unchanged)"), "{third}");
    assert_eq!(read(&md), good);
    assert_eq!(stamp("findings.json"), before);
}

#[test]
fn an_output_directory_inside_the_inputs_is_not_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::copy(corpus_path("news-ai-cooperation.txt"), src.join("news.txt")).unwrap();
    let out = src.join("out");
    for _ in 0..2 {
        let o = build(&[src.to_str().unwrap(), "-o", out.to_str().unwrap(), "--no-pdf"]);
        let err = String::from_utf8(o.stderr).unwrap();
        assert!(o.status.code().is_some_and(|c| c < 2), "{err}");
        assert!(err.contains("built 1 document "), "the outputs are not sources: {err}");
    }
    assert_eq!(std::fs::read(src.join("news.txt")).unwrap(), read(&corpus_path("news-ai-cooperation.txt")));
}

#[test]
fn refusals_name_the_path_and_leave_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the output directory should be.
    let file = dir.path().join("taken");
    std::fs::write(&file, "x").unwrap();
    let o = build(&[CORPUS, "-o", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("taken"));

    // An input that does not parse: no output directory at all.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{ not json").unwrap();
    let out = dir.path().join("out");
    let o = build(&[bad.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad.json"));
    assert!(!out.exists(), "nothing written for a failed run");

    // Two sources with one name get distinct document ids, hence distinct files (they differ:
    // the same bytes twice would be read once).
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        let mut text = std::fs::read_to_string(corpus_path("news-ai-cooperation.txt")).unwrap();
        text.push_str(&format!("\nA closing line of copy {sub}.\n"));
        std::fs::write(dir.path().join(sub).join("news.txt"), text).unwrap();
    }
    let both = dir.path().join("both");
    let o = build(&[
        dir.path().join("a").to_str().unwrap(),
        dir.path().join("b").to_str().unwrap(),
        "-o",
        both.to_str().unwrap(),
        "--no-pdf",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(both.join("news.md").is_file() && both.join("news-2.md").is_file());

    // An input file inside the output directory: refused before any output is written, and the
    // input is left as it was.
    let mixed = dir.path().join("mixed");
    std::fs::create_dir(&mixed).unwrap();
    let inside = mixed.join("notes.md");
    std::fs::write(&inside, "# Notes\n\nKept as written.\n").unwrap();
    let news = corpus_path("news-ai-cooperation.txt");
    let o = build(&[inside.to_str().unwrap(), news.to_str().unwrap(), "-o", mixed.to_str().unwrap(), "--no-pdf"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("notes.md") && err.contains("output path is an input"), "{err}");
    assert_eq!(std::fs::read_to_string(&inside).unwrap(), "# Notes\n\nKept as written.\n");
    let names: Vec<String> =
        std::fs::read_dir(&mixed).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["notes.md"], "no output written beside the refused one");

    // An output directory that cannot be created.
    let o = build(&[CORPUS, "-o", file.join("sub").to_str().unwrap(), "--no-pdf"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("taken/sub"));
}
