//! `check --fix`, `--unsafe-fixes` and `--diff`: which fixes are applied, what they change (and
//! nothing else), that a second run changes nothing, and the fixes in JSON and SARIF.

use std::path::Path;

use serde_json::Value;

/// A report with one finding of each kind of fix: a contents entry worded differently from the
/// heading it links to (safe), a skipped heading level with a sub-heading under it (safe), an
/// item repeated in a list (safe), an unused suppression (safe), a contents entry that matches
/// no heading but is close to one (unsafe, the only fix), and a wrong weekday (two unsafe fixes).
const REPORT: &str = "\
# Field report

## Contents

- [Starting out](#start)
- [Birds](#birds)
- [Next stepz](#next-stepz)

## Getting started today {#start}

The survey ran on Monday, 24 June 2025.

## Birds

#### Waders

Text.

##### Curlews

Text.

## Next steps {#next}

We counted:

- gulls
- terns
- gulls
- geese

<!-- reportkit-disable-next-block sum-mismatch -- the printed report carries it -->
The last paragraph.
";

/// The report after `--fix`: every safe fix applied, nothing else changed.
const FIXED: &str = "\
# Field report

## Contents

- [Getting started today](#start)
- [Birds](#birds)
- [Next stepz](#next-stepz)

## Getting started today {#start}

The survey ran on Monday, 24 June 2025.

## Birds

### Waders

Text.

#### Curlews

Text.

## Next steps {#next}

We counted:

- gulls
- terns
- geese

The last paragraph.
";

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::Command::cargo_bin("reportkit")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.md"), REPORT).unwrap();
    dir
}

fn rules(report: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(report).unwrap();
    v["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect()
}

#[test]
fn fix_applies_the_safe_fixes_in_place_and_a_second_run_changes_nothing() {
    let dir = setup();
    let (code, out, err) = run(dir.path(), &["--fix", "--format", "json", "report.md"]);
    assert_eq!(std::fs::read_to_string(dir.path().join("report.md")).unwrap(), FIXED);
    assert!(err.contains("fixed 4 findings in 1 file"), "{err}");
    // What remains: the judgements (the unmatched entry and its dead anchor, the weekday),
    // reported as before.
    assert_eq!(rules(&out), ["dead-anchor", "toc-mismatch", "weekday-mismatch"]);
    assert_eq!(code, 1, "the weekday error remains");
    let modified = std::fs::metadata(dir.path().join("report.md")).unwrap().modified().unwrap();

    let (code, out, err) = run(dir.path(), &["--fix", "--format", "json", "report.md"]);
    assert_eq!(std::fs::read_to_string(dir.path().join("report.md")).unwrap(), FIXED);
    assert!(err.contains("no fix to apply"), "{err}");
    assert_eq!(rules(&out), ["dead-anchor", "toc-mismatch", "weekday-mismatch"]);
    assert_eq!(code, 1);
    assert_eq!(std::fs::metadata(dir.path().join("report.md")).unwrap().modified().unwrap(), modified, "not rewritten");
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn unsafe_fixes_apply_only_a_findings_one_fix_and_only_on_request() {
    let dir = setup();
    let (_, out, _) = run(dir.path(), &["--fix", "--unsafe-fixes", "--format", "json", "report.md"]);
    let text = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
    assert!(text.contains("- [Next steps](#next-stepz)"), "the closest heading's wording:\n{text}");
    assert!(text.contains("Monday, 24 June 2025"), "two fixes to choose from: neither applied");
    // The entry now reads as its heading; its anchor is still dead (no rule rewrites a target).
    assert_eq!(rules(&out), ["dead-anchor", "weekday-mismatch"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let weekday = v["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "weekday-mismatch").unwrap();
    let fixes = weekday["fixes"].as_array().unwrap();
    let titles: Vec<&str> = fixes.iter().map(|f| f["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Write Tuesday (the weekday of 24 June)", "Change the date to 23 June (a Monday)"]);
    assert!(fixes.iter().all(|f| f["applicability"] == "unsafe"));
    assert_eq!(fixes[1]["edits"][0]["content"], "Monday, 23 June 2025");
}

#[test]
fn diff_prints_the_patch_and_changes_no_file() {
    let dir = setup();
    let (code, out, err) = run(dir.path(), &["--diff", "report.md"]);
    assert_eq!(code, 1, "a patch to apply");
    assert_eq!(std::fs::read_to_string(dir.path().join("report.md")).unwrap(), REPORT);
    assert!(out.starts_with("--- a/report.md\n+++ b/report.md\n@@ "), "{out}");
    assert!(out.contains("-- [Starting out](#start)\n+- [Getting started today](#start)\n"), "{out}");
    assert!(out.contains("-#### Waders\n+### Waders\n"), "{out}");
    assert!(out.contains("-##### Curlews\n+#### Curlews\n"), "{out}");
    assert!(out.contains("-<!-- reportkit-disable-next-block"), "{out}");
    assert!(!out.contains("-- [Next stepz]"), "an unsafe fix is not in the patch without --unsafe-fixes");
    assert!(err.contains("would fix 4 findings in 1 file"), "{err}");
    // Applying the patch's fixes gives the text --fix writes; with nothing left, no patch.
    std::fs::write(dir.path().join("report.md"), FIXED).unwrap();
    let (code, out, _) = run(dir.path(), &["--diff", "report.md"]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn fixes_are_in_sarif_and_refused_where_they_cannot_apply() {
    let dir = setup();
    let (_, out, _) = run(dir.path(), &["--format", "sarif", "report.md"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    let toc = results.iter().find(|r| r["ruleId"] == "toc-mismatch").unwrap();
    let change = &toc["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "report.md");
    assert_eq!(change["replacements"][0]["deletedRegion"]["startLine"], 5);
    assert_eq!(change["replacements"][0]["insertedContent"]["text"], "Getting started today");
    assert_eq!(toc["fixes"][0]["properties"]["applicability"], "safe");

    let (code, _, err) = run(dir.path(), &["--fix", "-"]);
    assert_eq!(code, 2);
    assert!(err.contains("--fix writes files in place"), "{err}");
    let (code, _, err) = run(dir.path(), &["--unsafe-fixes", "report.md"]);
    assert_eq!(code, 2);
    assert!(err.contains("use it with --fix or --diff"), "{err}");
    assert_eq!(std::fs::read_to_string(dir.path().join("report.md")).unwrap(), REPORT);
}
