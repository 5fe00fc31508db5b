//! Every registered rule, tested from the registry: its fixtures under `fixtures/rules/<id>/`
//! and the examples of its documentation.
//!
//! - A rule without a `fail*` and a `pass*` fixture fails the test.
//! - A `fail*` fixture must yield at least one finding of its rule; the human output of the
//!   rule's findings on it is snapshotted (`snapshots/rules__<id>__<file>.snap`).
//! - A `pass*` fixture must yield no finding of its rule.
//! - The "Fails" example of `reportkit explain <id>` must yield the rule's finding, the "Passes"
//!   example none.
//!
//! Each run checks with the rule alone enabled (preview rules included), in process.

use std::path::{Path, PathBuf};

use reportkit_check::{Config, Outcome, Rule};
use reportkit_model::{Corpus, SourceFormat};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Check sources with `rule` alone enabled.
fn check_alone(rule: &Rule, files: &[(String, String)]) -> Outcome {
    let mut docs = Vec::new();
    for (path, text) in files {
        let format = if path.ends_with(".txt") { SourceFormat::Text } else { SourceFormat::Markdown };
        docs.extend(reportkit_parse::parse(path, text.as_bytes(), Some(format)).expect("a fixture parses"));
    }
    let corpus = Corpus::new(docs);
    let mut toml = String::from("preview = true\n[rules]\n");
    for r in reportkit_check::rules().iter().filter(|r| r.id != rule.id) {
        toml.push_str(&format!("{} = \"off\"\n", r.id));
    }
    let config = Config::parse(&toml).expect("a valid configuration");
    let sources: Vec<String> = files.iter().map(|(_, t)| t.clone()).collect();
    reportkit_check::check(&corpus, &sources, &config, None)
}

fn human(outcome: &Outcome, files: &[(String, String)]) -> String {
    let source_of = |f: &str| files.iter().find(|(p, _)| p == f).map(|(_, t)| t.clone());
    reportkit_check::output::human::render(outcome, &source_of, false)
}

/// The fixture files of a rule: `(name, path, text)`, sorted by name.
fn fixtures(id: &str) -> Vec<(String, String, String)> {
    let dir = root().join("fixtures/rules").join(id);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut out: Vec<(String, String, String)> = entries
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(dir.join(&name)).ok()?;
            Some((name.clone(), format!("fixtures/rules/{id}/{name}"), text))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_rule_passes_its_fixtures() {
    let mut problems = Vec::new();
    for rule in reportkit_check::rules() {
        let files = fixtures(rule.id);
        let fails = files.iter().filter(|(n, ..)| n.starts_with("fail")).count();
        let passes = files.iter().filter(|(n, ..)| n.starts_with("pass")).count();
        if fails == 0 || passes == 0 {
            problems.push(format!("{}: needs fail* and pass* fixtures in fixtures/rules/{}/", rule.id, rule.id));
            continue;
        }
        for (name, path, text) in &files {
            let input = vec![(path.clone(), text.clone())];
            let outcome = check_alone(rule, &input);
            if name.starts_with("fail") {
                if outcome.findings.is_empty() {
                    problems.push(format!("{path}: a fail fixture yields no {} finding", rule.id));
                }
                let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
                insta::assert_snapshot!(format!("{}__{stem}", rule.id), human(&outcome, &input));
            } else if name.starts_with("pass") && !outcome.findings.is_empty() {
                problems.push(format!("{path}: a pass fixture yields {}", human(&outcome, &input)));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn every_rules_documented_examples_do_what_they_say() {
    let mut problems = Vec::new();
    for rule in reportkit_check::rules() {
        let doc = rule.doc();
        for heading in ["## What it does", "## Why is this bad?", "## Example"] {
            if !doc.contains(heading) {
                problems.push(format!("{}: the documentation has no \"{heading}\"", rule.id));
            }
        }
        if !doc.starts_with(&format!("# {}\n", rule.id)) {
            problems.push(format!("{}: the documentation does not open with \"# {}\"", rule.id, rule.id));
        }
        let (fails, passes) = rule.examples();
        match fails {
            Some(text) => {
                let outcome = check_alone(rule, &[("example.md".into(), text)]);
                if outcome.findings.is_empty() {
                    problems.push(format!("{}: the \"Fails\" example yields no finding", rule.id));
                }
            }
            None => problems.push(format!("{}: no \"Fails\" example", rule.id)),
        }
        match passes {
            Some(text) => {
                let outcome = check_alone(rule, &[("example.md".into(), text.clone())]);
                if !outcome.findings.is_empty() {
                    let shown = human(&outcome, &[("example.md".into(), text)]);
                    problems.push(format!("{}: the \"Passes\" example yields:\n{shown}", rule.id));
                }
            }
            None => problems.push(format!("{}: no \"Passes\" example", rule.id)),
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn every_rules_fingerprint_is_made_of_its_data_fields() {
    let schema = reportkit_check::findings_schema();
    for rule in reportkit_check::rules() {
        let branch = schema["$defs"]["Finding"]["allOf"]
            .as_array()
            .expect("a branch per rule")
            .iter()
            .find(|b| b["if"]["properties"]["rule"]["const"] == rule.id)
            .unwrap_or_else(|| panic!("{}: no data schema", rule.id));
        let reference = branch["then"]["properties"]["data"]["$ref"].as_str().expect("a reference");
        let name = reference.rsplit('/').next().expect("a name");
        let properties = &schema["$defs"][name]["properties"];
        assert!(!rule.key.is_empty(), "{}: an empty fingerprint key", rule.id);
        for k in rule.key {
            assert!(properties.get(k).is_some(), "{}: key field `{k}` is not a data field", rule.id);
            assert!(!k.contains("line"), "{}: key field `{k}` looks like a line number", rule.id);
        }
    }
}

/// The text of `files[0]` with the fixes `check --fix --unsafe-fixes` would apply, pass after
/// pass until none applies (at most ten), and the outcome on the result.
fn fixed(rule: &Rule, path: &str, text: &str) -> (String, Outcome) {
    let mut text = text.to_string();
    for _ in 0..10 {
        let input = vec![(path.to_string(), text.clone())];
        let outcome = check_alone(rule, &input);
        let chosen = reportkit_check::fix::choose(&outcome.findings, true);
        let Some((edits, _)) = chosen.files.get(path) else { return (text, outcome) };
        text = reportkit_check::fix::apply(&text, edits).expect("a chosen fix fits the text it was made for");
    }
    panic!("{path}: {} fixes still apply after ten passes", rule.id);
}

/// Every fix a rule offers on its fixtures: it fits the text, changes nothing outside its edits,
/// resolves its finding, and the fixes settle (applying them again changes nothing). The change
/// the fixes make to each `fail*` fixture is snapshotted as a unified diff
/// (`rules__<id>__<file>__fixed.snap`).
#[test]
fn every_rules_fixes_resolve_their_findings_and_touch_nothing_else() {
    let mut problems = Vec::new();
    for rule in reportkit_check::rules() {
        for (name, path, text) in fixtures(rule.id).into_iter().filter(|(n, ..)| n.starts_with("fail")) {
            let outcome = check_alone(rule, &[(path.clone(), text.clone())]);
            for f in &outcome.findings {
                for fix in &f.fixes {
                    let Some(after) = reportkit_check::fix::apply(&text, &fix.edits) else {
                        problems.push(format!("{path}:{}: the fix \"{}\" does not fit the text", f.line, fix.title));
                        continue;
                    };
                    // Lines before the first edit and after the last are the same.
                    let (first, last) = (fix.edits[0].line as usize, fix.edits[fix.edits.len() - 1].end_line as usize);
                    let (a, b): (Vec<&str>, Vec<&str>) = (text.lines().collect(), after.lines().collect());
                    let kept_tail = a.len().saturating_sub(last);
                    if a[..first - 1] != b[..first - 1]
                        || a[a.len() - kept_tail..] != b[b.len() - kept_tail.min(b.len())..]
                    {
                        problems.push(format!(
                            "{path}:{}: the fix \"{}\" changes lines outside its edits",
                            f.line, fix.title
                        ));
                    }
                }
            }
            let (after, settled) = fixed(rule, &path, &text);
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
            if after != text {
                let gone =
                    outcome.findings.iter().filter(|f| reportkit_check::fix::applicable(f, true).is_some()).all(|f| {
                        !settled.findings.iter().any(|g| g.fingerprint == f.fingerprint && g.message == f.message)
                    });
                if !gone {
                    problems.push(format!("{path}: a fixed finding is still reported after its fix"));
                }
                insta::assert_snapshot!(
                    format!("{}__{stem}__fixed", rule.id),
                    reportkit_check::fix::unified_diff(&path, &text, &after)
                );
                let (again, _) = fixed(rule, &path, &after);
                if again != after {
                    problems.push(format!("{path}: fixing the fixed text changes it again"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
