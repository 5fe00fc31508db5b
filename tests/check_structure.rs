//! `reportkit check`: the structure, name and glossary rules on the corpus and on edited copies.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

const REPORT: &str = "igf2025-summary-report.md";

fn check_json(args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = reportkit().args(&all).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn found(r: &Value, rule: &str) -> Vec<(String, u64)> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| {
            let name = Path::new(f["file"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned();
            (name, f["line"].as_u64().unwrap())
        })
        .collect()
}

fn lines(r: &Value, rule: &str) -> Vec<u64> {
    found(r, rule).into_iter().filter(|(f, _)| f == REPORT).map(|(_, l)| l).collect()
}

fn edited(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in CORPUS_FILES {
        let text = std::fs::read_to_string(root().join(corpus_path(f))).unwrap();
        let text = if f == file {
            assert!(text.contains(from), "{from:?} not in {f}");
            text.replacen(from, to, 1)
        } else {
            text
        };
        std::fs::write(dir.path().join(f), text).unwrap();
    }
    dir
}

#[test]
fn corpus_structure_findings_are_pinned() {
    let r = check_json(&[CORPUS]);
    // Contents entries worded or spelled unlike their headings; top-level headings it omits.
    assert_eq!(lines(&r, "toc-mismatch"), [58, 60, 61, 488, 721, 758]);
    // The first [Building] sub-theme is ##, the other three #; their sub-sections follow suit.
    assert_eq!(lines(&r, "heading-level"), [1619, 1621, 1625, 1680, 1682, 1686, 1741, 1743, 1747]);
    // Title page repeated, two Forewords, two "Dynamic Coalitions", two messages chapters.
    assert_eq!(lines(&r, "duplicate-heading"), [20, 169, 1063, 1555]);
    assert_eq!(found(&r, "name-variant"), [(REPORT.to_string(), 61), ("news-feed-igf2025.txt".to_string(), 113)]);
    assert_eq!(lines(&r, "glossary-unused"), [67, 71, 79, 93, 99]);
    // Chart captions without charts, a donor list and a sub-theme list that are missing.
    assert_eq!(lines(&r, "missing-content"), [1100, 1105, 1112, 1117, 1500, 1547]);
    let undefined: Vec<String> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "glossary-undefined")
        .map(|f| f["data"]["acronym"].as_str().unwrap().to_string())
        .collect();
    for acr in ["AI", "GIZ", "ECOWAS", "GRULAC", "WEOG", "USG", "UNHQ", "ICRC", "CERT", "WEF", "NGO"] {
        assert!(undefined.iter().any(|a| a == acr), "{acr} reported: {undefined:?}");
    }
    for defined in ["IGF", "MAG", "WSIS", "NRI", "UN", "WSIS+20", "NORWAY"] {
        assert!(!undefined.iter().any(|a| a == defined), "{defined} is covered by the glossary or is a word");
    }
}

#[test]
fn a_dropped_diacritic_is_a_name_variant() {
    let dir = edited(
        REPORT,
        "a fact reflected clearly at the 2025 IGF in Lillestrøm",
        "a fact reflected clearly at the 2025 IGF in Lillestrom",
    );
    let r = check_json(&[dir.path().to_str().unwrap()]);
    let f = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "name-variant" && f["data"]["variant"] == "Lillestrom")
        .unwrap();
    assert_eq!(f["data"]["variant_count"], 2);
    assert_eq!(f["data"]["majority"], "Lillestrøm");
    let lines: Vec<u64> = std::iter::once(&f["line"])
        .chain(f["related"].as_array().unwrap().iter().map(|x| &x["line"]))
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert!(lines.contains(&61) && lines.contains(&139), "both variant places: {lines:?}");
}

#[test]
fn a_reworded_contents_entry_is_a_toc_mismatch() {
    let dir = edited(REPORT, "| IGF 2025 Youth Track .....", "| IGF 2025 Youth Programme .....");
    let r = check_json(&[dir.path().to_str().unwrap()]);
    let f = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "toc-mismatch" && f["line"] == 55)
        .expect("reported at the entry");
    assert_eq!(f["data"]["heading"], "IGF 2025 Youth Track");
    assert!(f["message"].as_str().unwrap().contains("worded differently"));
}

#[test]
fn contents_out_of_order_are_reported() {
    let dir = edited(
        REPORT,
        "| Glossary .....  | 6  |\n| Internet Governance Forum .....                       | 7  |",
        "| Internet Governance Forum .....                       | 7  |\n| Glossary .....  | 6  |",
    );
    let r = check_json(&[dir.path().to_str().unwrap()]);
    assert!(r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "toc-mismatch" && f["message"].as_str().unwrap().contains("out of order")));
}
