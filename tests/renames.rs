//! A renamed source keeps its identity: the baseline still matches its findings, and `diff`
//! pairs the old and new file (as git detects renames) instead of reporting every finding as
//! introduced and resolved.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

fn copy_corpus(to: &Path) {
    for f in CORPUS_FILES {
        std::fs::copy(root().join(corpus_path(f)), to.join(f)).unwrap();
    }
}

#[test]
fn a_renamed_file_keeps_its_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let d = &dir.path().join("corpus");
    std::fs::create_dir(d).unwrap();
    copy_corpus(d);
    let baseline = dir.path().join("baseline.json");
    let corpus = d.to_str().unwrap();
    let out = reportkit().args(["check", corpus, "--write-baseline", baseline.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success());
    let recorded: Value = serde_json::from_slice(&std::fs::read(&baseline).unwrap()).unwrap();
    let total = recorded["findings"].as_array().unwrap().len();
    assert!(total > 100, "{total}");
    std::fs::rename(d.join("igf2025-summary-report.md"), d.join("annual-meeting-report.md")).unwrap();
    let out = reportkit()
        .args(["check", corpus, "--format", "json", "--baseline", baseline.to_str().unwrap()])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["findings"].as_array().unwrap().len(), 0, "{:#}", report["findings"]);
    assert_eq!(report["summary"]["baselined"].as_u64().unwrap() as usize, total);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn diff_pairs_a_renamed_file_with_its_old_name() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    std::fs::create_dir_all(&old).unwrap();
    std::fs::create_dir_all(&new).unwrap();
    copy_corpus(&old);
    copy_corpus(&new);
    std::fs::rename(new.join("igf2025-summary-report.md"), new.join("annual-meeting-report.md")).unwrap();
    // And one edit inside the renamed file, so the pairing rests on similarity, not identity.
    let renamed = new.join("annual-meeting-report.md");
    let text = std::fs::read_to_string(&renamed).unwrap();
    let first_para = text.lines().position(|l| l.len() > 60).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let edited = format!("{} (edited)", lines[first_para]);
    lines[first_para] = &edited;
    std::fs::write(&renamed, lines.join("\n") + "\n").unwrap();
    let out = reportkit()
        .args(["diff", old.to_str().unwrap(), new.to_str().unwrap(), "--format", "json", "--fail-on", "new-findings"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &report["summary"];
    assert_eq!(s["documents_renamed"], 1, "{s:#}");
    assert_eq!(s["documents_added"], 0);
    assert_eq!(s["documents_removed"], 0);
    assert_eq!(s["findings_introduced"], 0, "{:#}", report["findings"]["introduced"]);
    assert_eq!(s["findings_resolved"], 0);
    assert_eq!(out.status.code(), Some(0), "no finding introduced: --fail-on new-findings passes");
    let doc = report["documents"].as_array().unwrap().iter().find(|d| d["status"] == "renamed").unwrap();
    assert!(doc["old_path"].as_str().unwrap().ends_with("igf2025-summary-report.md"));
    assert!(doc["new_path"].as_str().unwrap().ends_with("annual-meeting-report.md"));
    // A different document under a new name is added, not a rename.
    std::fs::write(new.join("other.md"), "# Something else\n\nUnrelated text about another subject.\n").unwrap();
    std::fs::remove_file(new.join("news-ai-cooperation.txt")).unwrap();
    let out =
        reportkit().args(["diff", old.to_str().unwrap(), new.to_str().unwrap(), "--format", "json"]).output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["documents_added"], 1);
    assert_eq!(report["summary"]["documents_removed"], 1);
}
