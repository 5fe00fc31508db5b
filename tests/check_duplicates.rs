//! `reportkit check`: the duplication and link rules on the corpus and on edited copies.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

const REPORT: &str = "igf2025-summary-report.md";
const FEED: &str = "news-feed-igf2025.txt";

fn check_json(args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = reportkit().args(&all).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn name(f: &Value) -> String {
    Path::new(f.as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned()
}

/// Findings of one rule.
fn of<'a>(r: &'a Value, rule: &str) -> Vec<&'a Value> {
    r["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == rule).collect()
}

/// (file, line) of a finding's related locations.
fn related(f: &Value) -> Vec<(String, u64)> {
    f["related"].as_array().unwrap().iter().map(|x| (name(&x["file"]), x["line"].as_u64().unwrap())).collect()
}

fn lines(r: &Value, rule: &str) -> Vec<u64> {
    of(r, rule).iter().map(|f| f["line"].as_u64().unwrap()).collect()
}

/// A copy of the corpus with edits applied to one file; every edit must apply.
fn edited(file: &str, edits: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in CORPUS_FILES {
        let mut text = std::fs::read_to_string(root().join(corpus_path(f))).unwrap();
        if f == file {
            for (from, to) in edits {
                assert!(text.contains(from), "{from:?} not in {f}");
                text = text.replacen(from, to, 1);
            }
        }
        std::fs::write(dir.path().join(f), text).unwrap();
    }
    dir
}

/// The 1-based line of the first line of the report containing `text`.
fn report_line(text: &str) -> u64 {
    let report = std::fs::read_to_string(root().join(corpus_path(REPORT))).unwrap();
    report.lines().position(|l| l.contains(text)).expect("in the report") as u64 + 1
}

#[test]
fn corpus_duplicated_passages_are_pinned() {
    let r = check_json(&[CORPUS]);
    let found: Vec<(u64, Vec<u64>, u64)> = of(&r, "duplicate-passage")
        .iter()
        .map(|f| {
            assert_eq!(name(&f["file"]), REPORT);
            let rel = related(f).into_iter().map(|(file, l)| (assert_eq!(file, REPORT), l).1).collect();
            (f["line"].as_u64().unwrap(), rel, f["data"]["similarity"].as_u64().unwrap())
        })
        .collect();
    let expected: Vec<(u64, Vec<u64>, u64)> = vec![
        // The title page, printed twice.
        (9, vec![24], 100),
        // The disclaimer, again (reworded) before the Messages annex.
        (16, vec![1557], 95),
        // The outreach section's sentences, repeated by the statistics pages: one run of ten
        // passages (lines 557-577, again at 1218-1262, some of them edited).
        (557, vec![1218, 1262], 80),
        // The Messages introduction, again (edited) in the annex: a run of three.
        (623, vec![1561, 1563], 84),
        // A transcript fragment pasted twice.
        (731, vec![733], 100),
        // Two versions of one sentence left side by side.
        (922, vec![924], 84),
        // A session summary restated among the Messages.
        (975, vec![1588], 86),
    ];
    assert_eq!(found, expected);
    let run = of(&r, "duplicate-passage")[2];
    assert!(run["message"].as_str().unwrap().starts_with("run of 10 passages appears 2 times (80% similar)"), "{run}");
    assert_eq!(run["end_line"].as_u64(), Some(577));
    assert_eq!(run["related"][0]["note"].as_str(), Some("copy, 80% similar: the run's first passage"));
    assert_eq!(
        (run["related"][1]["line"].as_u64(), run["related"][1]["note"].as_str()),
        (Some(1262), Some("the copied run's last line"))
    );
    // Worded alike (86%) far from its copy, the restated session summary is only a note.
    let restated = of(&r, "duplicate-passage")[6];
    assert_eq!((restated["line"].as_u64(), restated["severity"].as_str()), (Some(975), Some("info")));
    let f = of(&r, "duplicate-passage")[0];
    assert!(f["message"].as_str().unwrap().starts_with("passage appears 2 times (verbatim)"), "{f}");
    let f = of(&r, "duplicate-passage")[1];
    assert!(f["message"].as_str().unwrap().starts_with("passage appears 2 times (95% similar)"), "{f}");
}

#[test]
fn corpus_footers_are_boilerplate_with_their_broken_copy() {
    let r = check_json(&[CORPUS]);
    let found = of(&r, "repeated-boilerplate");
    assert_eq!(found.len(), 2, "{found:?}");
    // "Track all key moments…": closes the single article and seven articles of the feed.
    let track = found[0];
    assert_eq!((name(&track["file"]), track["line"].as_u64().unwrap()), ("news-ai-cooperation.txt".to_string(), 9));
    assert_eq!(track["data"]["copies"], 8);
    assert_eq!(track["data"]["variants"], 1);
    let feed_lines: Vec<u64> = related(track).into_iter().map(|(f, l)| (assert_eq!(f, FEED), l).1).collect();
    assert_eq!(feed_lines, [21, 37, 115, 129, 143, 157, 171]);
    // "Would you like to learn more…": the third copy lost its question mark and a space.
    let diplo = found[1];
    assert_eq!((name(&diplo["file"]), diplo["line"].as_u64().unwrap()), (FEED.to_string(), 57));
    assert_eq!(diplo["data"]["variants"], 2);
    assert_eq!(related(diplo), [(FEED.to_string(), 79), (FEED.to_string(), 99)]);
    assert!(diplo["related"][1]["note"].as_str().unwrap().starts_with("variant, 91% similar"), "{diplo}");
    // Boilerplate is not duplication.
    assert!(of(&r, "duplicate-passage").iter().all(|f| name(&f["file"]) == REPORT));
}

#[test]
fn corpus_links_and_items_are_pinned() {
    let r = check_json(&[CORPUS]);
    // Core Internet Values links to Community Connectivity's page.
    let links = of(&r, "duplicate-link");
    assert_eq!(links.len(), 1);
    assert_eq!(links[0]["line"], 1377);
    assert_eq!(related(links[0]), [(REPORT.to_string(), 1370)]);
    let message = links[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("“Core Internet Values” links to https://www.intgovforum.org/en/content/dynamic-coalition-on-community-connectivity-0, the address of “Community Connectivity”"),
        "{message}"
    );
    // "Digi" twice among the media outlets.
    let items = of(&r, "repeated-item");
    assert_eq!(items.len(), 1);
    assert_eq!((items[0]["line"].as_u64().unwrap(), items[0]["data"]["item"].as_str().unwrap()), (1252, "Digi"));
    // Every paragraph of the report with a `#` link (each is one line here), once; none in the
    // other documents.
    let report = std::fs::read_to_string(root().join(corpus_path(REPORT))).unwrap();
    let expected: Vec<u64> =
        report.lines().enumerate().filter(|(_, l)| l.contains("](#)")).map(|(i, _)| i as u64 + 1).collect();
    assert_eq!(expected.len(), 78);
    assert_eq!(lines(&r, "placeholder-link"), expected);
    let placeholders = of(&r, "placeholder-link");
    assert!(placeholders.iter().all(|f| name(&f["file"]) == REPORT && f["data"]["document_total"] == 113));
    let links_total: u64 = placeholders.iter().map(|f| f["data"]["links"].as_u64().unwrap()).sum();
    assert_eq!(links_total, 113);
    let line_270 = placeholders.iter().find(|f| f["line"] == 270).unwrap();
    assert!(
        line_270["message"]
            .as_str()
            .unwrap()
            .starts_with("2 links lead nowhere: “IGF 2025 Multistakeholder Advisory Group” and “IGF Leadership Panel”"),
        "{line_270}"
    );
}

const PANEL: &str = "The Secretary-General appointed the [Leadership Panel](#), as a strategic high-level multistakeholder body in 2022. The 15-member Panel continued its work in 2025 through regular online meetings. A number of members met at the High-Level Political Forum at the UNHQ.";

#[test]
fn a_pasted_paragraph_is_reported_with_both_places() {
    let original = report_line("The Secretary-General appointed the [Leadership Panel](#)");
    let at = report_line("## Preparation");
    let dir = edited(REPORT, &[("## Preparation\n", &format!("{PANEL}\n\n## Preparation\n"))]);
    let r = check_json(&[dir.path().to_str().unwrap()]);
    let f = of(&r, "duplicate-passage").into_iter().find(|f| f["line"] == original).expect("reported");
    assert_eq!(related(f), [(REPORT.to_string(), at)]);
    assert_eq!(f["data"]["copies"], 2);
}

#[test]
fn a_pasted_paragraph_with_words_changed_and_a_sentence_dropped_is_a_near_duplicate() {
    let original = report_line("The Secretary-General appointed the [Leadership Panel](#)");
    let at = report_line("## Preparation");
    let copy = PANEL
        .replace("strategic high-level", "key senior")
        .replace(" A number of members met at the High-Level Political Forum at the UNHQ.", "");
    let dir = edited(REPORT, &[("## Preparation\n", &format!("{copy}\n\n## Preparation\n"))]);
    let r = check_json(&[dir.path().to_str().unwrap()]);
    let f = of(&r, "duplicate-passage").into_iter().find(|f| f["line"] == original).expect("reported");
    assert_eq!(related(f), [(REPORT.to_string(), at)]);
    let sim = f["data"]["similarity"].as_u64().unwrap();
    assert!((80..100).contains(&sim), "{f}");
    assert!(f["message"].as_str().unwrap().contains(&format!("({sim}% similar)")), "{f}");
}

#[test]
fn a_row_given_another_rows_url_is_reported_with_both_rows() {
    let dns = "https://www.intgovforum.org/content/dynamic-coalition-on-dns-issues-dc-dnsi";
    let health = "https://www.intgovforum.org/en/content/dynamic-coalition-on-digital-health";
    let dir =
        edited(REPORT, &[(&format!("<a href=\"{dns}\">{dns}</a>"), &format!("<a href=\"{health}\">{health}</a>"))]);
    let r = check_json(&[dir.path().to_str().unwrap()]);
    let f = of(&r, "duplicate-link").into_iter().find(|f| f["data"]["url"] == health).expect("reported");
    assert_eq!(f["line"], 1399);
    assert_eq!(related(f), [(REPORT.to_string(), 1398)]);
    assert!(f["message"].as_str().unwrap().starts_with("“DNS Issues” links to"), "{f}");
    assert_eq!(f["data"]["named"][0], "Digital Health");
}

#[test]
fn a_reworded_footer_stays_one_boilerplate_finding_with_a_variant() {
    let footer = "Track all key moments from the Internet Governance Forum 2025 on our dedicated IGF page.";
    let dir =
        edited(FEED, &[(footer, "Track all key moments from the Internet Governance Forum 2025 on our IGF page.")]);
    let r = check_json(&[dir.path().to_str().unwrap()]);
    let found = of(&r, "repeated-boilerplate");
    assert_eq!(found.len(), 2);
    assert_eq!(found[0]["data"]["copies"], 8);
    assert_eq!(found[0]["data"]["variants"], 2);
    let notes: Vec<&str> =
        found[0]["related"].as_array().unwrap().iter().map(|x| x["note"].as_str().unwrap()).collect();
    assert_eq!(notes.iter().filter(|n| n.starts_with("variant")).count(), 1, "{notes:?}");
    assert!(of(&r, "duplicate-passage").iter().all(|f| name(&f["file"]) == REPORT));
}

#[test]
fn a_repeated_list_item_is_reported_at_the_repeat() {
    let dir = edited(
        REPORT,
        &[(
            "- Universal Access and Digital Rights\n- Digital Cooperation\n",
            "- Universal Access and Digital Rights\n- Digital Trust and Resilience\n",
        )],
    );
    let r = check_json(&[dir.path().to_str().unwrap()]);
    let f = of(&r, "repeated-item")
        .into_iter()
        .find(|f| f["data"]["item"] == "Digital Trust and Resilience")
        .expect("reported");
    let repeat = report_line("- Digital Cooperation");
    assert_eq!(f["line"], repeat);
    assert_eq!(related(f), [(REPORT.to_string(), repeat - 3)]);
}
