//! SARIF and JSON details for code scanning: columns, suppressed findings kept as results with
//! their `suppressions`, URIs relative to `%SRCROOT%`, all valid against the official schema.

mod common;

use std::path::Path;

use common::root;
use serde_json::Value;

/// Run `reportkit check ARGS` in `dir` and parse standard output as JSON.
fn check_in(dir: &Path, args: &[&str]) -> Value {
    let out =
        assert_cmd::Command::cargo_bin("reportkit").unwrap().current_dir(dir).arg("check").args(args).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

/// Errors of `sarif` against the official SARIF 2.1.0 schema (tests/data), with the errata's
/// correction of its one invalid pattern (see tests/check.rs).
fn schema_errors(sarif: &Value) -> Vec<String> {
    let text = std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap();
    let bad = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    assert!(text.contains(bad), "the shipped schema is the one this test knows");
    let schema: Value = serde_json::from_str(&text.replace(bad, "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    validator.iter_errors(sarif).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

/// A line whose wrong weekday comes after characters of two bytes each (é, «, »): its column in
/// characters (28) is not its byte offset (31).
const LINE: &str = "Café «Ouverture» opened on Monday 24 June.";

#[test]
fn columns_count_characters_in_json_and_sarif() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), format!("# Meeting\n\n23–27 June 2025\n\n{LINE}\n")).unwrap();
    let json = check_in(dir.path(), &["a.md", "--format", "json"]);
    let f = json["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "weekday-mismatch").expect("a finding");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64(), f["end_column"].as_u64()),
        (Some(5), Some(28), Some(42)),
        "{f}"
    );
    let chars: Vec<char> = LINE.chars().collect();
    assert_eq!(chars[27..41].iter().collect::<String>(), f["snippet"].as_str().unwrap());
    let sarif = check_in(dir.path(), &["a.md", "--format", "sarif"]);
    assert_eq!(sarif["runs"][0]["columnKind"], "unicodeCodePoints");
    let result =
        sarif["runs"][0]["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "weekday-mismatch").unwrap();
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startColumn"].as_u64(), region["endColumn"].as_u64()), (Some(28), Some(42)), "{region}");
}

#[test]
fn sarif_keeps_suppressed_findings_with_their_suppressions_and_stays_valid() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    let text = "# Meeting\n\n23–27 June 2025\n\n\
        <!-- reportkit-disable-next-block weekday-mismatch -- the invitation printed it so -->\n\
        The opening was held on Monday 24 June.\n\n\
        The reception was on Monday 24 June.\n\n\
        The closing was on Monday 24 June too.\n";
    std::fs::write(dir.path().join("docs/a b.md"), text).unwrap();
    std::fs::write(
        dir.path().join("reportkit.toml"),
        "[[suppress]]\nrule = \"weekday-mismatch\"\nfile = \"docs/a b.md\"\nline = 8\nreason = \"quoted as printed\"\n",
    )
    .unwrap();
    let sarif = check_in(dir.path(), &["docs", "--format", "sarif"]);
    let errors = schema_errors(&sarif);
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &sarif["runs"][0];
    let results = run["results"].as_array().unwrap();
    let weekday: Vec<&Value> = results.iter().filter(|r| r["ruleId"] == "weekday-mismatch").collect();
    let at = |r: &Value| r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap();
    let suppression = |line: u64| {
        weekday.iter().find(|r| at(r) == line).map(|r| r.get("suppressions").cloned()).expect("a result at the line")
    };
    assert_eq!(
        suppression(6),
        Some(serde_json::json!([{ "kind": "inSource", "justification": "the invitation printed it so" }]))
    );
    assert_eq!(suppression(8), Some(serde_json::json!([{ "kind": "external", "justification": "quoted as printed" }])));
    assert_eq!(suppression(10), None, "the finding nothing suppressed has no suppressions");
    // URIs: relative to %SRCROOT%, which is the working directory.
    let location = &weekday[0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(location["uri"], "docs/a%20b.md");
    assert_eq!(location["uriBaseId"], "%SRCROOT%");
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap();
    let cwd = std::fs::canonicalize(dir.path()).unwrap();
    assert!(base.starts_with("file:///") && base.ends_with('/'), "{base}");
    assert_eq!(base, format!("file://{}/", cwd.to_str().unwrap().replace(' ', "%20")));
    // The JSON output reports the one left and counts the two suppressed.
    let json = check_in(dir.path(), &["docs", "--format", "json"]);
    let lines: Vec<u64> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "weekday-mismatch")
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!((lines, json["summary"]["suppressed"].as_u64()), (vec![10], Some(2)));
}
