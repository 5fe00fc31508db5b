//! Suppressions: comments in the documents (next block, range, file, plain-text marker lines),
//! `[[suppress]]` entries of reportkit.toml resolved against the configuration's directory, and
//! the `unused-suppression` findings for those that suppress nothing.

mod common;

use std::path::Path;

use serde_json::Value;

/// A date whose weekday is wrong (24 June 2025 is a Tuesday): an error of `weekday-mismatch`.
const WRONG: &str = "The opening was held on Monday 24 June.";

/// A document: a heading, the year, then `body`.
fn doc(body: &str) -> String {
    format!("# Meeting\n\n23–27 June 2025\n\n{body}")
}

/// Run `reportkit check --format json ARGS` in `dir`: (exit code, report).
fn check_in(dir: &Path, args: &[&str]) -> (i32, Value) {
    let out = assert_cmd::Command::cargo_bin("reportkit")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    assert!(code == 0 || code == 1, "check failed: {}", String::from_utf8_lossy(&out.stderr));
    (code, serde_json::from_slice(&out.stdout).expect("a JSON report"))
}

/// (rule, line) of every finding.
fn found(r: &Value) -> Vec<(String, u64)> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["line"].as_u64().unwrap()))
        .collect()
}

/// The lines of the findings of `rule`.
fn lines_of(r: &Value, rule: &str) -> Vec<u64> {
    found(r).into_iter().filter(|(x, _)| x == rule).map(|(_, l)| l).collect()
}

/// The `unused-suppression` findings: (line, problem).
fn unused(r: &Value) -> Vec<(u64, String)> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "unused-suppression")
        .map(|f| (f["line"].as_u64().unwrap(), f["data"]["problem"].as_str().unwrap().to_string()))
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn a_config_suppression_applies_whether_check_runs_from_the_config_directory_or_below_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "corpus/report.md", &doc(&format!("{WRONG}\n")));
    write(
        dir.path(),
        "reportkit.toml",
        "corpus = [\"corpus\"]\n\n[[suppress]]\nrule = \"weekday-mismatch\"\nfile = \"corpus/report.md\"\n\
         contains = \"Monday 24 June\"\nreason = \"the invitation printed it so\"\n",
    );
    let sub = dir.path().join("corpus");
    for (cwd, args) in [
        (dir.path(), vec![]),
        (dir.path(), vec!["corpus/report.md"]),
        (sub.as_path(), vec![]),
        (sub.as_path(), vec!["report.md"]),
        (sub.as_path(), vec!["./report.md"]),
    ] {
        let (code, r) = check_in(cwd, &args);
        assert_eq!((code, r["summary"]["suppressed"].as_u64()), (0, Some(1)), "from {cwd:?} with {args:?}: {r}");
        assert!(unused(&r).is_empty(), "{r}");
    }
    // A file of the same name elsewhere is not the one the configuration names.
    write(dir.path(), "other/report.md", &doc(&format!("{WRONG}\n")));
    let (code, r) = check_in(dir.path(), &["other/report.md"]);
    assert_eq!((code, lines_of(&r, "weekday-mismatch")), (1, vec![5]));
}

#[test]
fn a_next_block_suppression_covers_that_block_only() {
    let dir = tempfile::tempdir().unwrap();
    let text = doc(&format!(
        "<!-- reportkit-disable-next-block weekday-mismatch -- the invitation printed it so -->\n{WRONG}\n\n\
         The closing was on Monday 24 June too.\n"
    ));
    write(dir.path(), "a.md", &text);
    let (code, r) = check_in(dir.path(), &["a.md"]);
    assert_eq!(lines_of(&r, "weekday-mismatch"), [8], "line 6 suppressed, line 8 not: {r}");
    assert_eq!((code, r["summary"]["suppressed"].as_u64()), (1, Some(1)));
    assert!(unused(&r).is_empty(), "{r}");
}

#[test]
fn a_range_suppression_ends_at_its_enable_comment() {
    let dir = tempfile::tempdir().unwrap();
    let text = doc(&format!(
        "<!-- reportkit-disable weekday-mismatch, fact-conflict -- quoted from the invitation -->\n\n{WRONG}\n\n\
         The reception was on Monday 24 June.\n\n<!-- reportkit-enable weekday-mismatch -->\n\n\
         The closing was on Monday 24 June too.\n"
    ));
    write(dir.path(), "a.md", &text);
    let (_, r) = check_in(dir.path(), &["a.md"]);
    assert_eq!(lines_of(&r, "weekday-mismatch"), [13], "{r}");
    assert_eq!(r["summary"]["suppressed"], 2);
    // fact-conflict ran and the range accepted none of its findings.
    assert_eq!(unused(&r), [(5, "unused".to_string())], "{r}");
    let f = r["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "unused-suppression").unwrap();
    assert_eq!(f["data"]["rules"], serde_json::json!(["fact-conflict"]));
}

#[test]
fn a_file_suppression_covers_the_whole_file_wherever_it_stands() {
    let dir = tempfile::tempdir().unwrap();
    let text = doc(&format!(
        "{WRONG}\n\nThe closing was on Monday 24 June too.\n\n\
         <!-- reportkit-disable-file weekday-mismatch -- the invitation printed these dates -->\n"
    ));
    write(dir.path(), "a.md", &text);
    let (code, r) = check_in(dir.path(), &["a.md"]);
    assert_eq!((code, lines_of(&r, "weekday-mismatch")), (0, vec![]), "{r}");
    assert_eq!(r["summary"]["suppressed"], 2);
}

#[test]
fn a_plain_text_marker_line_suppresses_and_is_not_text_of_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "Meeting notes\n\n23–27 June 2025\n\n{WRONG}\n\n\
         reportkit-disable-next-block weekday-mismatch -- the agenda printed it so\n\
         The closing was on Monday 24 June too.\n"
    );
    write(dir.path(), "a.txt", &text);
    let (_, r) = check_in(dir.path(), &["a.txt"]);
    assert_eq!(lines_of(&r, "weekday-mismatch"), [5], "{r}");
    assert_eq!(r["summary"]["suppressed"], 1);
    let out = assert_cmd::Command::cargo_bin("reportkit")
        .unwrap()
        .current_dir(dir.path())
        .args(["render", "a.txt", "--to", "json"])
        .output()
        .unwrap();
    let json = String::from_utf8(out.stdout).unwrap();
    assert!(json.contains("The closing was on Monday 24 June too."), "{json}");
    assert!(!json.contains("reportkit-disable"), "the marker line is not text: {json}");
}

#[test]
fn a_suppression_without_reason_or_with_an_unknown_rule_suppresses_nothing_and_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = doc(&format!(
        "<!-- reportkit-disable-next-block weekday-mismatch -->\n{WRONG}\n\n\
         <!-- reportkit-disable-next-block weekday-mismatch, no-such-rule -- a reason -->\n\
         The closing was on Monday 24 June too.\n"
    ));
    write(dir.path(), "a.md", &text);
    let (code, r) = check_in(dir.path(), &["a.md"]);
    assert_eq!((code, lines_of(&r, "weekday-mismatch")), (1, vec![6, 9]), "{r}");
    let problems = unused(&r);
    assert_eq!(problems.len(), 2, "{r}");
    assert_eq!(problems[0].0, 5);
    assert!(problems[0].1.contains("no reason"), "{problems:?}");
    assert_eq!(problems[1].0, 8);
    assert!(problems[1].1.contains("unknown rule `no-such-rule`"), "{problems:?}");
    let f = &r["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "unused-suppression").unwrap();
    assert_eq!(f["severity"], "warning");
}

#[test]
fn a_comment_in_a_code_block_is_not_a_suppression() {
    let dir = tempfile::tempdir().unwrap();
    let text = doc(&format!(
        "```\n<!-- reportkit-disable-file weekday-mismatch -- an example of the syntax -->\n```\n\n{WRONG}\n"
    ));
    write(dir.path(), "a.md", &text);
    let (code, r) = check_in(dir.path(), &["a.md"]);
    assert_eq!((code, lines_of(&r, "weekday-mismatch")), (1, vec![9]), "{r}");
    assert!(unused(&r).is_empty(), "{r}");
}

#[test]
fn unused_suppressions_in_a_document_and_in_the_config_are_reported_when_their_rule_ran() {
    let dir = tempfile::tempdir().unwrap();
    let text = doc("<!-- reportkit-disable-next-block weekday-mismatch -- the invitation printed it so -->\nNothing is wrong here.\n");
    write(dir.path(), "a.md", &text);
    let config = "[[suppress]]\nrule = \"sum-mismatch\"\nfile = \"a.md\"\nline = 3\nreason = \"fixed since\"\n\n\
                  [[suppress]]\nrule = \"weekday-mismatch\"\nfile = \"a.md\"\nline = 6\nreason = \"fixed since\"\n";
    write(dir.path(), "reportkit.toml", config);
    let (code, r) = check_in(dir.path(), &["a.md"]);
    assert_eq!(code, 0);
    let all: Vec<(String, u64, String)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["file"].as_str().unwrap().into(), f["line"].as_u64().unwrap(), f["rule"].as_str().unwrap().into()))
        .collect();
    let u = |f: &str, l| (f.to_string(), l, "unused-suppression".to_string());
    assert_eq!(all, [u("a.md", 5), u("reportkit.toml", 1), u("reportkit.toml", 7)], "{r}");
    // The same from a subdirectory: the configuration found upward is named relative to it.
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let (_, r) = check_in(&sub, &["../a.md"]);
    let files: Vec<&str> = r["findings"].as_array().unwrap().iter().map(|f| f["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["../a.md", "../reportkit.toml", "../reportkit.toml"], "{r}");
    // A rule that did not run is not held against its suppressions.
    write(
        dir.path(),
        "reportkit.toml",
        &format!("[rules]\nweekday-mismatch = \"off\"\nsum-mismatch = \"off\"\n\n{config}"),
    );
    let (_, r) = check_in(dir.path(), &["a.md"]);
    assert!(unused(&r).is_empty(), "{r}");
    // Nor when unused-suppression itself is off.
    write(dir.path(), "reportkit.toml", &format!("[rules]\nunused-suppression = \"off\"\n\n{config}"));
    let (_, r) = check_in(dir.path(), &["a.md"]);
    assert!(unused(&r).is_empty(), "{r}");
}

#[test]
fn an_html_comment_suppresses_the_next_element_of_an_html_page() {
    let dir = tempfile::tempdir().unwrap();
    let page = format!(
        "<html><body>\n<h1>Meeting</h1>\n<p>23–27 June 2025</p>\n\
         <!-- reportkit-disable-next-block weekday-mismatch -- the invitation printed it so -->\n\
         <p>{WRONG}</p>\n<p>The closing was on Monday 24 June too.</p>\n</body></html>\n"
    );
    write(dir.path(), "a.html", &page);
    let (_, r) = check_in(dir.path(), &["a.html"]);
    assert_eq!(lines_of(&r, "weekday-mismatch"), [6], "{r}");
    assert_eq!(r["summary"]["suppressed"], 1);
}
