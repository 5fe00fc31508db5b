//! `check` in CI: narrowing the rules, shaping the output, exit codes, the error listing on
//! standard error, GitHub's annotation limits, changed-lines filtering, `config`, and
//! `diff --fail-on never`.

mod common;

use std::path::Path;
use std::process::Command as Std;

use common::*;
use serde_json::Value;

/// (exit code, stdout, stderr) of a reportkit run from the repository root.
fn run(args: &[&str]) -> (i32, String, String) {
    let out = reportkit().args(args).output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn json_findings(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["check", CORPUS, "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = run(&all);
    assert!(code <= 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    v["findings"].as_array().unwrap().clone()
}

fn rules_of(findings: &[Value]) -> std::collections::BTreeSet<String> {
    findings.iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect()
}

#[test]
fn concise_prints_one_line_per_finding_then_the_summary() {
    let all = json_findings(&[]);
    let (code, out, _) = run(&["check", CORPUS, "--format", "concise"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), all.len() + 1, "{out}");
    for (line, f) in lines.iter().zip(&all) {
        let at = format!("{}:{}:", f["file"].as_str().unwrap(), f["line"]);
        assert!(line.starts_with(&at), "{line} / {at}");
        let tag = format!(" {}[{}] ", f["severity"].as_str().unwrap(), f["rule"].as_str().unwrap());
        assert!(line.contains(&tag), "{line}");
    }
    assert!(lines.last().unwrap().contains("error"), "{out}");
    // Quiet: the findings and nothing else.
    let (_, quiet, _) = run(&["check", CORPUS, "--format", "concise", "-q"]);
    assert_eq!(quiet.lines().count(), all.len());
}

#[test]
fn select_and_ignore_narrow_the_rules_that_run() {
    let all = rules_of(&json_findings(&[]));
    assert!(all.contains("sum-mismatch") && all.contains("placeholder-link"), "{all:?}");
    let numbers = rules_of(&json_findings(&["--select", "numbers"]));
    assert!(!numbers.is_empty());
    assert!(
        numbers.iter().all(|r| ["sum-mismatch", "percent-sum", "percent-of-count", "count-mismatch", "fact-conflict"]
            .contains(&r.as_str())),
        "{numbers:?}"
    );
    let one = rules_of(&json_findings(&["--select", "links,sum-mismatch", "--ignore", "duplicate-link"]));
    assert!(one.contains("sum-mismatch") && one.contains("placeholder-link"), "{one:?}");
    assert!(!one.contains("duplicate-link"));
    assert!(one.iter().all(|r| ["sum-mismatch", "placeholder-link"].contains(&r.as_str())), "{one:?}");
    let ignored = rules_of(&json_findings(&["--ignore", "placeholder-link"]));
    assert!(!ignored.contains("placeholder-link") && ignored.contains("sum-mismatch"));
    let (code, _, err) = run(&["check", CORPUS, "--select", "sum-mismatc"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `sum-mismatch`"), "{err}");
}

#[test]
fn statistics_count_findings_per_rule() {
    let all = json_findings(&[]);
    let (code, out, _) = run(&["check", CORPUS, "--statistics"]);
    assert_eq!(code, 1);
    let placeholder = all.iter().filter(|f| f["rule"] == "placeholder-link").count();
    let row = out.lines().find(|l| l.contains("placeholder-link")).expect("a row for placeholder-link");
    assert_eq!(row.split_whitespace().next().unwrap(), placeholder.to_string(), "{out}");
    // Rows are sorted by count, most first.
    let rows: Vec<&str> = out.lines().filter(|l| !l.contains(" in 5 documents")).collect();
    assert_eq!(rows.len() + 1, out.lines().count(), "the summary line ends the table: {out}");
    let counts: Vec<usize> = rows.iter().map(|l| l.split_whitespace().next().unwrap().parse().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{out}");
    assert_eq!(counts.iter().sum::<usize>(), all.len());
    let (_, json, _) = run(&["check", CORPUS, "--statistics", "--format", "json"]);
    let rows: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.as_array().unwrap().iter().map(|r| r["count"].as_u64().unwrap()).sum::<u64>(), all.len() as u64);
    assert_eq!(run(&["check", CORPUS, "--statistics", "--format", "sarif"]).0, 2);
}

#[test]
fn a_failed_check_lists_its_errors_on_stderr_whatever_the_format() {
    let errors: Vec<Value> = json_findings(&[]).into_iter().filter(|f| f["severity"] == "error").collect();
    assert!(!errors.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("out.sarif");
    for args in [
        vec!["check", CORPUS, "--format", "sarif", "-o", sarif.to_str().unwrap()],
        vec!["check", CORPUS, "--format", "json"],
        vec!["check", CORPUS, "-q"],
    ] {
        let (code, _, err) = run(&args);
        assert_eq!(code, 1);
        for f in &errors {
            let at = format!("{}:{}", f["file"].as_str().unwrap(), f["line"]);
            assert!(err.contains(&at) && err.contains(f["rule"].as_str().unwrap()), "{args:?}: {err}");
        }
    }
    // --exit-zero: the report is the same, the exit code 0 and no listing.
    let (code, _, err) = run(&["check", CORPUS, "--format", "concise", "--exit-zero"]);
    assert_eq!(code, 0);
    assert!(!err.contains("at error severity"), "{err}");
}

#[test]
fn human_output_groups_many_findings_of_one_rule_in_one_file() {
    let all = json_findings(&[]);
    let mut per: std::collections::HashMap<(String, String), usize> = Default::default();
    for f in &all {
        *per.entry((f["file"].as_str().unwrap().into(), f["rule"].as_str().unwrap().into())).or_default() += 1;
    }
    let ((file, rule), n) = per.iter().max_by_key(|(_, n)| **n).unwrap();
    assert!(*n > 3, "the corpus has a rule with many findings in one file");
    let (_, out, _) = run(&["check", CORPUS, "--color", "never"]);
    let note = format!("{} more `{rule}`", n - 3);
    assert!(*n > 4, "a group worth a note");
    assert!(out.contains(&note) && out.contains(file.as_str()), "{note}");
    // Each finding shown in full has its `[rule]` title line; the grouped ones do not.
    let titles = out.lines().filter(|l| l.contains(&format!("[{rule}]"))).count();
    let full_in_other_files: usize =
        per.iter().filter(|((f, r), _)| r == rule && f != file).map(|(_, n)| if *n <= 4 { *n } else { 3 }).sum();
    assert_eq!(titles, 3 + full_in_other_files, "{out}");
    assert!(out.lines().count() < 1000, "grouped output is short: {}", out.lines().count());
}

#[test]
fn github_format_keeps_to_ten_annotations_of_each_kind_and_summarises_the_rest() {
    let all = json_findings(&[]);
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = reportkit()
        .args(["check", CORPUS, "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    let log = String::from_utf8(out.stdout).unwrap();
    let count = |kind: &str| log.lines().filter(|l| l.starts_with(&format!("::{kind} "))).count();
    let of = |sev: &str| all.iter().filter(|f| f["severity"] == sev).count();
    assert_eq!(count("error"), of("error").min(10));
    assert_eq!(count("warning"), of("warning").min(10));
    assert_eq!(count("notice"), of("info").min(10));
    assert!(of("warning") > 10, "the corpus overflows the warning budget");
    let rest = all.len() - count("error") - count("warning") - count("notice");
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.starts_with("earlier step\n"), "the summary is appended to");
    let rows = md.lines().filter(|l| l.starts_with("| `")).count();
    assert_eq!(rows, rest, "{md}");
    // Without a job summary the rest still reaches the log, one line each.
    let out =
        reportkit().args(["check", CORPUS, "--format", "github"]).env_remove("GITHUB_STEP_SUMMARY").output().unwrap();
    let log = String::from_utf8(out.stdout).unwrap();
    assert_eq!(log.lines().filter(|l| !l.starts_with("::")).count(), rest + 1, "{log}");
}

fn git(dir: &Path, args: &[&str]) {
    let out = Std::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

const BREAKDOWN_OK: &str =
    "# Figures\n\nThe team held 30 meetings in all: 10 in spring, 12 in summer and 8 in autumn.\n\n";

#[test]
fn changed_since_reports_only_findings_on_changed_lines() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    let doc = d.join("report.md");
    let old_defect = "The club had 50 members in all: 20 adults, 20 children and 20 guests.\n\n";
    std::fs::write(&doc, format!("{BREAKDOWN_OK}{old_defect}")).unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "one"]);
    let exe = assert_cmd::cargo::cargo_bin("reportkit");
    let check = |extra: &[&str]| {
        let out = Std::new(&exe)
            .current_dir(d)
            .args(["check", "report.md", "--format", "concise", "-q"])
            .args(extra)
            .output()
            .unwrap();
        (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap())
    };
    let (_, before) = check(&[]);
    assert!(before.contains("report.md:5:"), "the old defect is found: {before}");
    // Nothing changed yet: nothing to report, exit 0.
    assert_eq!(check(&["--changed-since", "HEAD"]), (0, String::new()));
    // A new defect on a new line is reported, the old one is not.
    let new_defect = "The fleet had 9 boats in all: 4 sailing boats, 4 motor boats and 4 canoes.\n";
    std::fs::write(&doc, format!("{BREAKDOWN_OK}{old_defect}{new_defect}")).unwrap();
    let (code, out) = check(&["--changed-since", "HEAD"]);
    assert!(out.contains("report.md:7:") && !out.contains("report.md:5:"), "{out}");
    assert_eq!(code, 1);
    // An untracked file counts as changed throughout.
    std::fs::write(d.join("new.md"), format!("# New\n\n{old_defect}")).unwrap();
    let out = Std::new(&exe)
        .current_dir(d)
        .args(["check", ".", "--format", "concise", "-q", "--changed-since", "main"])
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("new.md:3:"), "{out}");
    // Not a repository, or not a revision: a usage error that says so.
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("a.md"), BREAKDOWN_OK).unwrap();
    let out = Std::new(&exe)
        .current_dir(elsewhere.path())
        .args(["check", "a.md", "--changed-since", "HEAD"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("git repository"));
    let (code, _) = check(&["--changed-since", "no-such-branch"]);
    assert_eq!(code, 2);
}

#[test]
fn config_prints_the_configuration_in_force_and_its_origin() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("reportkit.toml"),
        "corpus = [\"docs\"]\n[rules]\nfact-conflict = \"off\"\nsum-mismatch = \"warning\"\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    let exe = assert_cmd::cargo::cargo_bin("reportkit");
    let out = Std::new(&exe).current_dir(dir.path().join("docs")).arg("config").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("reportkit.toml"), "{text}");
    let parsed: toml::Table = text.parse().expect("the output is TOML");
    assert_eq!(parsed["corpus"][0].as_str(), Some("docs"));
    assert_eq!(parsed["rules"]["fact-conflict"].as_str(), Some("off"));
    assert_eq!(parsed["rules"]["sum-mismatch"].as_str(), Some("warning"));
    assert_eq!(parsed["rules"]["weekday-mismatch"].as_str(), Some("error"), "defaults are listed too");
    let line = text.lines().find(|l| l.starts_with("sum-mismatch")).unwrap();
    assert!(line.contains("set in the configuration"), "{line}");
}

#[test]
fn diff_fail_on_never_exits_zero_on_differences() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
    std::fs::write(&a, BREAKDOWN_OK).unwrap();
    std::fs::write(&b, BREAKDOWN_OK.replace("30 meetings", "31 meetings")).unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    assert_eq!(run(&["diff", a, b]).0, 1);
    assert_eq!(run(&["diff", a, b, "--fail-on", "never"]).0, 0);
}

#[test]
fn a_failed_build_names_its_error_findings() {
    let errors: Vec<Value> = json_findings(&[]).into_iter().filter(|f| f["severity"] == "error").collect();
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let (code, _, err) = run(&["build", CORPUS, "-o", out_dir.to_str().unwrap(), "--no-pdf"]);
    assert_eq!(code, 1);
    for f in &errors {
        let at = format!("{}:{}", f["file"].as_str().unwrap(), f["line"]);
        assert!(err.contains(&at) && err.contains(f["rule"].as_str().unwrap()), "{err}");
    }
}
