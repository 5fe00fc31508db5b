//! `reportkit check`: findings on the corpus and on edited copies of it, outputs, exit codes,
//! configuration, suppressions and baselines.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

const REPORT: &str = "igf2025-summary-report.md";
const NUMERIC: [&str; 5] = ["sum-mismatch", "percent-sum", "count-mismatch", "fact-conflict", "weekday-mismatch"];

/// Run check with JSON output; returns (exit code, report).
fn check_json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = reportkit().args(&all).output().unwrap();
    let code = out.status.code().unwrap();
    assert!(code == 0 || code == 1, "check failed: {}", String::from_utf8_lossy(&out.stderr));
    (code, serde_json::from_slice(&out.stdout).expect("JSON report"))
}

/// (rule, file name, line) of every finding.
fn found(report: &Value) -> Vec<(String, String, u64)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap();
            let name = Path::new(file).file_name().unwrap().to_string_lossy().into_owned();
            (f["rule"].as_str().unwrap().to_string(), name, f["line"].as_u64().unwrap())
        })
        .collect()
}

fn has(report: &Value, rule: &str, line: u64) -> bool {
    found(report).iter().any(|(r, _, l)| r == rule && *l == line)
}

/// A copy of the corpus in a temporary directory with one file edited. The edit must apply.
fn edited(file: &str, from: &str, to: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for f in CORPUS_FILES {
        let text = std::fs::read_to_string(root().join(corpus_path(f))).unwrap();
        let text = if f == file {
            assert!(text.contains(from), "edit target {from:?} not in {f}");
            text.replacen(from, to, 1)
        } else {
            text
        };
        std::fs::write(dir.path().join(f), text).unwrap();
    }
    let p = dir.path().to_path_buf();
    (dir, p)
}

#[test]
fn corpus_findings_are_the_real_numeric_defects_and_nothing_else() {
    let (code, r) = check_json(&[CORPUS]);
    assert_eq!(code, 1, "errors fail the build");
    let mut got: Vec<_> = found(&r).into_iter().filter(|(rule, ..)| NUMERIC.contains(&rule.as_str())).collect();
    got.sort();
    let expected = vec![
        ("sum-mismatch".to_string(), REPORT.to_string(), 1153),
        ("weekday-mismatch".to_string(), REPORT.to_string(), 555),
    ];
    assert_eq!(got, expected);
    let sum = r["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "sum-mismatch").unwrap();
    assert_eq!(sum["data"]["expected"], 262.0);
    assert_eq!(sum["data"]["actual"], 232.0);
    assert_eq!(sum["data"]["difference"], -30.0);
    assert_eq!(sum["related"].as_array().unwrap().len(), 20, "every item is a related location");
    assert_eq!(sum["related"][0]["line"], 1155);
    assert_eq!(sum["related"][19]["line"], 1174);
}

#[test]
fn an_item_that_makes_the_breakdown_add_up_removes_the_finding() {
    let (_d, dir) = edited(REPORT, "- 52 Workshops", "- 82 Workshops");
    let (_, r) = check_json(&[dir.to_str().unwrap()]);
    assert!(!found(&r).iter().any(|(rule, ..)| rule == "sum-mismatch"), "{:?}", found(&r));
}

#[test]
fn a_figure_changed_in_one_place_conflicts_with_its_other_statements() {
    let (_d, dir) = edited(REPORT, "directly from 262 sessions", "directly from 272 sessions");
    let (_, r) = check_json(&[dir.to_str().unwrap()]);
    let f = r["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "fact-conflict").expect("fact-conflict");
    assert_eq!(f["line"], 625);
    let related: Vec<u64> = f["related"].as_array().unwrap().iter().map(|x| x["line"].as_u64().unwrap()).collect();
    assert!(related.contains(&228), "points at the other statement: {related:?}");
    // A change within what a qualifier allows is no conflict.
    let (_d, dir) = edited(REPORT, "more than 260 sessions", "more than 250 sessions");
    let (_, r) = check_json(&[dir.to_str().unwrap()]);
    assert!(!found(&r).iter().any(|(rule, ..)| rule == "fact-conflict"));
}

#[test]
fn a_conflict_across_documents_of_one_publication_names_both_files() {
    // Two documents whose titles name the same publication once the year is set aside.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "# Forum Summary Report 2030\n\nThe forum held 262 sessions.\n").unwrap();
    std::fs::write(dir.path().join("b.md"), "# 2030 Forum Summary Report\n\nOver 270 sessions took place.\n").unwrap();
    let (_, r) = check_json(&[dir.path().to_str().unwrap()]);
    let f = r["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "fact-conflict").expect("fact-conflict");
    let files: Vec<&str> = std::iter::once(f["file"].as_str().unwrap())
        .chain(f["related"].as_array().unwrap().iter().map(|x| x["file"].as_str().unwrap()))
        .collect();
    assert!(files.iter().any(|f| f.ends_with("a.md")) && files.iter().any(|f| f.ends_with("b.md")), "{files:?}");
    assert!(f["message"].as_str().unwrap().contains("one series"), "{}", f["message"]);
    // A document of another publication, or of another year of the same one, is not compared.
    std::fs::write(dir.path().join("b.md"), "# Annual Review of Another Project\n\nOver 270 sessions took place.\n")
        .unwrap();
    let (_, r) = check_json(&[dir.path().to_str().unwrap()]);
    assert!(!found(&r).iter().any(|(rule, ..)| rule == "fact-conflict"), "{:?}", found(&r));
    std::fs::write(dir.path().join("b.md"), "# 2031 Forum Summary Report\n\nOver 270 sessions took place.\n").unwrap();
    let (_, r) = check_json(&[dir.path().to_str().unwrap()]);
    assert!(!found(&r).iter().any(|(rule, ..)| rule == "fact-conflict"), "{:?}", found(&r));
}

#[test]
fn minutes_of_one_series_dated_to_different_days_or_numbered_are_not_compared() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, title: &str, n: u32| {
        let text = format!("# {title}\n\n## Attendance\n\nThere were {n} committee members present.\n");
        std::fs::write(dir.path().join(name), text).unwrap();
    };
    write("a.md", "Choir Committee Meeting 2031-05-01", 7);
    write("b.md", "Choir Committee Meeting 2031-06-05", 5);
    let (_, r) = check_json(&[dir.path().to_str().unwrap(), "--select", "fact-conflict"]);
    assert!(found(&r).is_empty(), "{:?}", found(&r));
    // Numbered meetings of one year are two occasions as well.
    write("a.md", "Choir Committee Meeting 14, 2031", 7);
    write("b.md", "Choir Committee Meeting 15, 2031", 5);
    let (_, r) = check_json(&[dir.path().to_str().unwrap(), "--select", "fact-conflict"]);
    assert!(found(&r).is_empty(), "{:?}", found(&r));
    // The same titles without their days are one series of one year: compared.
    write("a.md", "Choir Committee Report 2031", 7);
    write("b.md", "Choir Committee Report 2031", 5);
    let (_, r) = check_json(&[dir.path().to_str().unwrap(), "--select", "fact-conflict"]);
    assert_eq!(found(&r).len(), 1, "{:?}", found(&r));
}

#[test]
fn publications_in_the_configuration_decide_which_documents_are_compared() {
    let dir = root().join("fixtures/publications");
    let cfg = dir.join("reportkit.toml");
    let (_, r) = check_json(&[dir.to_str().unwrap(), "--config", cfg.to_str().unwrap(), "--select", "fact-conflict"]);
    let conflicts: Vec<&Value> = r["findings"].as_array().unwrap().iter().collect();
    // The two documents of the festival's report, titled differently, are compared.
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let f = conflicts[0];
    let files: Vec<&str> = std::iter::once(f["file"].as_str().unwrap())
        .chain(f["related"].as_array().unwrap().iter().map(|x| x["file"].as_str().unwrap()))
        .collect();
    assert!(files.iter().all(|f| f.contains("festival")), "{files:?}");
    let message = f["message"].as_str().unwrap();
    assert!(message.contains("publication `Harbour Festival report 2031` of reportkit.toml"), "{message}");
    // Without the configuration, the programme and the press kit's programme (one series by
    // their titles) are compared, and the reason is the series.
    let empty = tempfile::tempdir().unwrap();
    let none = empty.path().join("reportkit.toml");
    std::fs::write(&none, "").unwrap();
    let (_, r) = check_json(&[dir.to_str().unwrap(), "--config", none.to_str().unwrap(), "--select", "fact-conflict"]);
    let f = r["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "fact-conflict").expect("fact-conflict");
    let files: Vec<&str> = std::iter::once(f["file"].as_str().unwrap())
        .chain(f["related"].as_array().unwrap().iter().map(|x| x["file"].as_str().unwrap()))
        .collect();
    assert!(files.iter().any(|f| f.contains("press")), "{files:?}");
    assert!(f["message"].as_str().unwrap().contains("titled as one series"), "{}", f["message"]);
}

#[test]
fn an_invalid_publication_names_the_file_and_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("reportkit.toml");
    for (text, key) in [
        ("[[publications]]\nname = \"A\"\npathz = [\"a.md\"]\n", "pathz"),
        ("[[publications]]\nname = \"A\"\npaths = [\"docs/[a.md\"]\n", "paths"),
        ("[[publications]]\nname = \"A\"\npaths = []\n", "paths"),
    ] {
        std::fs::write(&cfg, text).unwrap();
        let out = reportkit().args(["check", CORPUS, "--config", cfg.to_str().unwrap()]).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("reportkit.toml") && err.contains(key), "{err}");
    }
}

#[test]
fn a_dropped_item_or_changed_count_is_a_count_mismatch() {
    let (_d, dir) = edited(
        REPORT,
        "- Universal Access and Digital Rights\n- Digital Cooperation\n\n\n\nIGF Focus",
        "- Universal Access and Digital Rights\n\n\n\nIGF Focus",
    );
    let (_, r) = check_json(&[dir.to_str().unwrap()]);
    let f = r["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "count-mismatch").expect("count-mismatch");
    assert_eq!(f["data"]["expected"], 4.0);
    assert_eq!(f["data"]["actual"], 3);
    let (_d, dir) = edited(REPORT, "4 Sub-  \nThemes", "5 Sub-  \nThemes");
    let (_, r) = check_json(&[dir.to_str().unwrap()]);
    assert!(found(&r).iter().any(|(rule, ..)| rule == "count-mismatch"));
}

#[test]
fn a_wrong_weekday_is_reported_and_a_right_one_is_not() {
    let (_, r) = check_json(&[CORPUS]);
    assert!(has(&r, "weekday-mismatch", 555));
    let (_d, dir) = edited(REPORT, "Monday 24 June", "Tuesday 24 June");
    let (_, r) = check_json(&[dir.to_str().unwrap()]);
    assert!(!found(&r).iter().any(|(rule, ..)| rule == "weekday-mismatch"));
}

#[test]
fn json_output_follows_its_schema() {
    let (_, r) = check_json(&[CORPUS]);
    reportkit_schema::validate_findings(&r).unwrap();
    assert_eq!(r["summary"]["error"], 2, "the numeric defects are the errors");
    assert_eq!(r["summary"]["documents"], 5);
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let out = reportkit().args(["check", CORPUS, "--format", "sarif"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The official OASIS schema (shipped in tests/data, from the serde-sarif crate) has one
    // pattern that is not a valid regex (a stray `]`, fixed in the SARIF errata); the Rust
    // validator refuses to compile it, so the test applies the errata's correction.
    let text = std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap();
    let bad = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    assert!(text.contains(bad), "the shipped schema is the one this test knows");
    let schema: Value = serde_json::from_str(&text.replace(bad, "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> =
        validator.iter_errors(&sarif).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &sarif["runs"][0];
    let rules = stdout_of(&["rules"]);
    // One line per rule, then a blank line and the families.
    assert_eq!(
        run["tool"]["driver"]["rules"].as_array().unwrap().len(),
        rules.lines().take_while(|l| !l.is_empty()).count()
    );
    let result = run["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "sum-mismatch").unwrap();
    assert_eq!(result["locations"][0]["physicalLocation"]["region"]["startLine"], 1153);
    assert_eq!(result["relatedLocations"].as_array().unwrap().len(), 20);
    assert!(result["partialFingerprints"]["reportkitContent/v1"].is_string());
}

#[test]
fn fingerprints_survive_edits_that_shift_lines() {
    let (_, before) = check_json(&[CORPUS]);
    let (_d, dir) = edited(REPORT, "# Glossary\n", "# Glossary\n\nA new paragraph.\n\nAnd another.\n");
    let (_, after) = check_json(&[dir.to_str().unwrap()]);
    let fp = |r: &Value| -> Vec<(String, String, u64)> {
        let mut v: Vec<_> = r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let in_report = f["file"].as_str().unwrap().ends_with(REPORT);
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["fingerprint"].as_str().unwrap().to_string(),
                    f["line"].as_u64().unwrap() + if in_report { 0 } else { 100_000 },
                )
            })
            .collect();
        v.sort();
        v
    };
    let (b, a) = (fp(&before), fp(&after));
    assert_eq!(b.len(), a.len());
    for ((rb, fb, lb), (ra, fa, la)) in b.iter().zip(&a) {
        assert_eq!((rb, fb), (ra, fa), "same fingerprints");
        // The glossary heading is line 63: findings after it moved down by the four lines.
        assert_eq!(*la, if (63..100_000).contains(lb) { lb + 4 } else { *lb }, "{rb} moved with its line");
    }
}

#[test]
fn github_output_is_workflow_commands() {
    let out = reportkit().args(["check", CORPUS, "--format", "github"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().any(|l| l.starts_with("::error file=fixtures/igf2025/igf2025-summary-report.md,line=1153,")
        && l.contains("title=reportkit sum-mismatch::")));
    // Annotations first (GitHub shows ten of each kind per step), then the other findings as
    // plain lines, one each.
    let commands = text.lines().take_while(|l| l.starts_with("::")).count();
    assert!(commands <= 30, "{text}");
    let rest = text.lines().skip(commands).skip(1).count();
    assert!(
        text.lines()
            .skip(commands)
            .skip(1)
            .all(|l| l.contains(": warning[") || l.contains(": error[") || l.contains(": info[")),
        "{text}"
    );
    assert_eq!(commands + rest, 146);
}

#[test]
fn human_output_shows_the_line_the_span_and_a_hint() {
    let out = reportkit().args(["check", CORPUS]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("error[sum-mismatch]: stated total 262 sessions does not match its breakdown: 20 items add up to 232 (30 fewer)"));
    assert!(text.contains("fixtures/igf2025/igf2025-summary-report.md:1153"));
    assert!(text.contains("1153 │ 262 [sessions](#) at IGF 2025"), "{text}");
    assert!(text.contains("1155 │ - 1 Opening Session"), "related line shown");
    assert!(text.contains("help:"));
    let summary = text.trim_end().lines().last().unwrap();
    assert!(summary.starts_with("2 errors, ") && summary.contains(" in 5 documents"), "{summary}");
    // The contents entries that match no heading offer the closest heading's wording (unsafe).
    assert!(summary.ends_with("; 3 fixable with --fix --unsafe-fixes"), "{summary}");
    assert!(!text.contains('\u{1b}'), "no color when not a terminal");
    let colored = reportkit().args(["check", CORPUS, "--color", "always"]).output().unwrap();
    assert!(String::from_utf8(colored.stdout).unwrap().contains('\u{1b}'));
}

#[test]
fn configuration_sets_severity_and_suppresses_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("reportkit.toml");
    // The suppression's file is resolved against the configuration's directory: here, absolute.
    let report = root().join(CORPUS).join(REPORT);
    std::fs::write(&cfg, format!("[rules]\nweekday-mismatch = \"warning\"\n\n[[suppress]]\nrule = \"sum-mismatch\"\nfile = {:?}\ncontains = \"sessions\"\nreason = \"the printed report has the same figure\"\n", report.to_str().unwrap())).unwrap();
    let (code, r) = check_json(&[CORPUS, "--config", cfg.to_str().unwrap()]);
    assert_eq!(code, 0, "no error left");
    let numeric: Vec<_> = found(&r).into_iter().filter(|(rule, ..)| NUMERIC.contains(&rule.as_str())).collect();
    assert_eq!(numeric, vec![("weekday-mismatch".to_string(), REPORT.to_string(), 555)]);
    let weekday = r["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "weekday-mismatch").unwrap();
    assert_eq!(weekday["severity"], "warning");
    assert_eq!(r["summary"]["suppressed"], 1);
    std::fs::write(&cfg, "[[suppress]]\nrule = \"sum-mismatch\"\nfile = \"a.md\"\nline = 3\n").unwrap();
    let out = reportkit().args(["check", CORPUS, "--config", cfg.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("reportkit.toml") && err.contains("reason"), "{err}");
}

#[test]
fn the_corpus_comes_from_the_configuration_when_no_path_is_given() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    std::fs::copy(root().join("fixtures/rules/weekday-mismatch/fail.md"), dir.path().join("docs/a.md")).unwrap();
    std::fs::write(dir.path().join("reportkit.toml"), "corpus = [\"docs\"]\n").unwrap();
    let sub = dir.path().join("docs");
    let out = assert_cmd::Command::cargo_bin("reportkit")
        .unwrap()
        .current_dir(&sub)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found(&r).iter().filter(|f| f.0 == "weekday-mismatch").count(), 2);
    let empty = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("reportkit")
        .unwrap()
        .current_dir(empty.path())
        .args(["check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no input"));
}

#[test]
fn a_baseline_reports_only_new_findings_and_survives_shifted_lines() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("baseline.json");
    let out = reportkit().args(["check", CORPUS, "--write-baseline", base.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let (code, r) = check_json(&[CORPUS, "--baseline", base.to_str().unwrap()]);
    assert_eq!((code, found(&r).len()), (0, 0));
    assert!(r["summary"]["baselined"].as_u64().unwrap() >= 2);
    // Lines shift: still known.
    let (_d, shifted) = edited(REPORT, "# Glossary\n", "# Glossary\n\nInserted.\n");
    let (code, r) = check_json(&[shifted.to_str().unwrap(), "--baseline", base.to_str().unwrap()]);
    assert_eq!((code, found(&r).len()), (0, 0), "{:?}", found(&r));
    // A new warning is reported but does not fail; a new error fails.
    let (_d, worse) = edited(REPORT, "directly from 262 sessions", "directly from 272 sessions");
    let (code, r) = check_json(&[worse.to_str().unwrap(), "--baseline", base.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(found(&r).iter().map(|f| f.0.as_str()).collect::<Vec<_>>(), ["fact-conflict"]);
    let (_d, worse) = edited(REPORT, "- 52 Workshops", "- 62 Workshops");
    let (code, r) = check_json(&[worse.to_str().unwrap(), "--baseline", base.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(found(&r).iter().map(|f| f.0.as_str()).collect::<Vec<_>>(), ["sum-mismatch"]);
}

#[test]
fn facts_lists_figures_with_what_they_count() {
    let v: Value =
        serde_json::from_str(&stdout_of(&["facts", &format!("{CORPUS}/{REPORT}"), "--format", "json"])).unwrap();
    let q = v["quantities"].as_array().unwrap();
    let total = q.iter().find(|x| x["line"] == 1153).unwrap();
    assert_eq!((total["value"].as_f64(), total["counts"].as_str()), (Some(262.0), Some("session")));
    let over = q.iter().find(|x| x["line"] == 139 && x["counts"] == "country").unwrap();
    assert_eq!(over["qualifier"], "at_least");
    let dates = v["dates"].as_array().unwrap();
    assert!(dates.iter().any(|d| d["line"] == 555 && d["weekday"] == "monday"));
    let human = stdout_of(&["facts", &format!("{CORPUS}/{REPORT}")]);
    assert!(human.contains("igf2025-summary-report.md:1153\t262\tsession\t(262)"));
}

/// The figures `reportkit facts` reads from a Markdown text, as written.
fn facts_written(text: &str) -> Vec<String> {
    let out = assert_cmd::Command::cargo_bin("reportkit")
        .unwrap()
        .args(["facts", "-", "--format", "json"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["quantities"].as_array().unwrap().iter().filter_map(|q| Some(q["written"].as_str()?.to_string())).collect()
}

#[test]
fn facts_lists_no_release_number_marker_or_old_year() {
    // A release named once ("shipped in 4.12.", "v4.13") is that release wherever the document
    // writes it bare; a list of releases is releases throughout; "[2]" and "2)" mark notes
    // and items; "from 1642" and "80 A.D." are years; an item's number, a telephone number
    // and numbered standards are identifiers; a contents table's pages are pages; so are a
    // room's name, an address and a day before its month, and a name's number after "to".
    let text = "# Widget notes\n\nThe cache shipped in 4.12. The new parser lands in v4.13.\n\n\
                - Cache rework - 4.12\n- Widget 4.14: beta\n- [4411 - Faster widgets](https://example.org/4411) - beta\n\n\
                Desk phone: +41 22 555 0100. We read RFCs 9110 and 9111.\n\n\
                Support for 2.6, 2.7, & 2.8 ends soon, and Quux 7.0 and 7.1 follow.\n\n\
                We asked 1) who reads it and 2) who writes it [2]. The loom from 1642 and the \
                coin from 80 A.D. are kept.\n\n\
                The team served 310 readers and 4.5 terabytes of pages in 2.5 days.\n\n\
                | Part | Page |\n|---|---|\n| Foreword ..... | 8 |\n| Findings ..... | 12 |\n\n\
                ## Tuesday - Room: Alder 2\n\nWe wrote to 77 Harbour Road, Suite 40, and cited the ruling of 9, Nov 1901. \
                It all moved to Quux 3. The talk starts at 15.30.\n";
    let written = facts_written(text);
    assert_eq!(written, ["310", "4.5", "2.5"], "only the figures that count something");
}

#[test]
fn facts_lists_no_address_page_vote_draft_or_idiom() {
    // A postcode line and a street number before a name, a page's number and its symbol, a
    // web address written out, "+1" and a draft's "-12", "slide 4", "'24", the days listed
    // before their month, the Group of 8, an edition after "at", a number glossed in a list
    // ("PEPs 701 (…), 702 (…)"), a list item's name ("Breakout Room 2"), a model ("the
    // Widget 100.") and "no one", "one another": none of them counts anything. "Three out of every four" is a share; a count
    // listed by name ("(3 Acme, 2 Initech)") and "seventy five" are counts.
    let text = "# Retreat\n\n221 Lakeside\n\nThe office is at Widget House, 4410 Quayside Harbour, Sheffield.\n\n\
                See https://stats.example.org/d/8/board?orgId=1&refresh=15m for more.\n\n\
                Ana: +1 to that. We moved to -12 after slide 4 at WidgetCon EU '24.\n\n\
                The workshops ran on 20 and 21 April 2023, after the Group of 8, at ABCD 97.\n\n\
                We read PEPs 701 (string syntax), 702 (deprecations), and 703 (free threading).\n\n\
                - 09:00: Welcome\n- 10:00: Breakout Room 2\n- 11:00: Wrap-up\n\n\
                No one objected, and the teams helped one another. Three out of every four members \
                voted, seventy five members in all, from (3 Acme, 2 Initech).\n\n\
                08-52272 24\n\nWe kept the Widget 100.\n";
    let written = facts_written(text);
    assert_eq!(written, ["Three out of every four", "seventy five", "3", "2"], "only the figures that count something");
}

#[test]
fn facts_lists_no_release_in_its_other_shapes() {
    // Releases tag an entry after a dash or in brackets, head what they brought ("1.6 — …"),
    // act ("Widget 1.20 added"), follow an acronym ("TLS 1.3") or "release", name a cycle, and
    // ".0" before one thing is a release too; "-18" is a draft. "One option is" names an
    // example. A score after an acronym ("CSAT 4.6 rating"), a fall ("-15 members"), a value
    // compared ("near 1.0") and a count stay.
    let text = "# Releases\n\n- [Faster widgets](https://example.org/k) - 1.22\n- (1.23) [Quieter widgets](https://example.org/q)\n\n\
                1.6 — Widget Core: a subset.\n\nWidget 1.20 added caching in the 1.25 cycle, for release 3.4. \
                TLS 1.3 is out and we moved to -18. Our CSAT 4.6 rating held as 2.0 development went \
                on, with -15 members.\n\n\
                One option is to wait. Ratios near 1.0 suggest balance across 12 widgets.\n";
    let written = facts_written(text);
    assert_eq!(written, ["4.6", "15", "1.0", "12"], "only the figures that count or measure something");
}

#[test]
fn facts_lists_no_marker_label_or_cut_compound() {
    // "(1) … (2) …" and "option (3)" mark items; "No. 4", "SDGs 6, 7 and 9", "ABC 3, 4, 5",
    // "stage 2" and "per 1,000" label or base; "Summit plus 20" names; "O(1)" is notation; an issue's number heads its title; a meeting's number
    // ends a heading; "seventy- sixth" and "two- State" are cut words; "two thirds every" is no
    // count of thirds; "a 3 month ban" and "a two state plan" are modifiers. "Twenty- six
    // people", "the max (30)" and "(5) Less noise" are counts.
    let text = "# Minutes - ABCD 98\n\n#### 2911 Not have a space\n\nWe could (1) wait, (2) ship, or take option (3) at most.\n\n\
                See Goal No. 4, Objective 3, and SDGs 6, 7 and 9 ([ABC 3, 4, 5](#)), with 13.4 deaths per 1,000 births in O(1) \
                time at stage 2 of the Widget Summit plus 20 review.\n\n\
                At its seventy- sixth session the two- State solution grew by two thirds every year. Twenty- six people \
                came and the max (30) were ordered. They set a 3 month ban on a two state plan.\n\n\
                - (5) Less noise\n- (2) More tests\n";
    let written = facts_written(text);
    assert_eq!(written, ["13.4", "Twenty- six", "30", "5", "2"], "only the figures that count something");
}

#[test]
fn facts_keeps_real_counts_shaped_like_names_markers_and_drafts() {
    // Each sentence looks like one of the shapes `facts` leaves out (a name's number, a
    // marker, a draft, an edition, a label), but states real figures an editor checks.
    let text = "# Results\n\nDonations came from 3 Acme, 2 Initech, and 4 Globex. Votes: Yes (12), No (11). \
                Net change: -15 members. We ran 30 sessions in Nairobi plus 12 online. Attendance at \
                Nairobi 31, at Lagos 45. A Panel of 13 found gaps. Was it met? No. 46 sites reported \
                delays. Sales grew for three quarters in a row. Our CSAT 4.6 rating held; our score is a \
                61 (up).\n\n\
                - Venue: Berlin\n- Registered Participants 320\n\nAttendance by session:\n\n- 47\n- 52\n\n£450\n";
    let written = facts_written(text);
    assert_eq!(
        written,
        [
            "3", "2", "4", "12", "11", "15", "30", "12", "31", "45", "13", "46", "three", "4.6", "61", "320", "47",
            "52", "450"
        ],
        "every real figure is read"
    );
}

#[test]
fn preview_rules_run_only_with_preview() {
    let fixture = "fixtures/rules/glossary-duplicate/fail.md";
    let rules = stdout_of(&["rules"]);
    let line = rules.lines().find(|l| l.starts_with("glossary-duplicate ")).expect("listed");
    assert!(line.contains("(preview)"), "{line}");
    let (code, r) = check_json(&[fixture]);
    assert_eq!((code, found(&r)), (0, vec![]), "off by default");
    let (_, r) = check_json(&[fixture, "--preview"]);
    let rules: Vec<String> = found(&r).into_iter().map(|(rule, ..)| rule).collect();
    assert_eq!(rules, ["glossary-duplicate"]);
    assert!(stdout_of(&["explain", "glossary-duplicate"]).contains("--preview"));
}

/// The findings do not depend on how many threads run the check, and no thread count hangs:
/// with `RAYON_NUM_THREADS=1` on a machine of several cores, a run used to wait forever (a rule
/// waiting for a view whose parallel work had no free thread to run on).
#[test]
fn any_thread_count_finishes_with_the_same_findings() {
    let run = |threads: Option<&str>| {
        let mut c = common::reportkit();
        c.args(["check", common::CORPUS, "--format", "json", "--exit-zero"]);
        c.timeout(std::time::Duration::from_secs(120));
        match threads {
            Some(n) => c.env("RAYON_NUM_THREADS", n),
            None => c.env_remove("RAYON_NUM_THREADS"),
        };
        let out = c.output().expect("runs");
        assert!(out.status.success(), "RAYON_NUM_THREADS={threads:?}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let default = run(None);
    for n in ["1", "2", "3"] {
        assert!(run(Some(n)) == default, "RAYON_NUM_THREADS={n} changed the findings");
    }
}
