//! `reportkit diff`: edited versions of the corpus report (a figure changed, a paragraph added,
//! a section moved, a section deleted, a duplicate introduced, a defect fixed), each format's
//! exact report, exit codes, `--exact`, `--fail-on new-findings`, and the HTML page as a
//! browser draws it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;
use serde_json::Value;

const REPORT: &str = "igf2025-summary-report.md";

const MOVED: &str = "## Members of Parliament\n\n\n\n4% Members of Parliament from 38 Countries\n\n";
const DELETED_START: &str = "## Global South Support\n";
const DELETED_END: &str = "- 130 received Travel Support\n\n";
const DUPLICATED: &str = "## Youth less than 30 years old (Percentage%)\n\nYouth less than 30 years old 21%\n\n";

/// Apply one edit, which must apply.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "edit target {from:?} not in the report");
    text.replacen(from, to, 1)
}

fn add_paragraph(text: &str) -> String {
    edit(
        text,
        "By Gender (Percentage%)",
        "Registrations stayed open until the meeting began.\n\nBy Gender (Percentage%)",
    )
}

/// Members of Parliament goes after Remote Hubs, before Sessions.
fn move_section(text: &str) -> String {
    let t = edit(text, MOVED, "");
    edit(&t, "## Sessions\n", &format!("{MOVED}## Sessions\n"))
}

fn delete_section(text: &str) -> String {
    let start = text.find(DELETED_START).expect("section to delete");
    let end = start + text[start..].find(DELETED_END).expect("its end") + DELETED_END.len();
    format!("{}{}", &text[..start], &text[end..])
}

/// The Youth section again, before Remote Hubs.
fn duplicate_section(text: &str) -> String {
    edit(text, "## Remote Hubs\n", &format!("{DUPLICATED}## Remote Hubs\n"))
}

/// Every edit of the acceptance list at once.
fn all_edits(text: &str) -> String {
    // A figure changed, which also fixes the defect: the Sessions breakdown now adds up.
    let t = edit(text, "- 52 Workshops", "- 82 Workshops");
    duplicate_section(&delete_section(&move_section(&add_paragraph(&t))))
}

/// A working directory with `old/` (the corpus) and `new/` (the corpus, the report edited), so
/// the reports name short relative paths.
fn versions(edit_report: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for side in ["old", "new"] {
        std::fs::create_dir(dir.path().join(side)).unwrap();
        for f in CORPUS_FILES {
            let text = std::fs::read_to_string(root().join(corpus_path(f))).unwrap();
            let text = if side == "new" && f == REPORT { edit_report(&text) } else { text };
            std::fs::write(dir.path().join(side).join(f), text).unwrap();
        }
    }
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    let mut c = reportkit();
    c.current_dir(dir).args(args);
    c.output().unwrap()
}

fn diff_in(dir: &Path, extra: &[&str]) -> (i32, String) {
    let old = format!("old/{REPORT}");
    let new = format!("new/{REPORT}");
    let mut args = vec!["diff", old.as_str(), new.as_str()];
    args.extend_from_slice(extra);
    let out = run_in(dir, &args);
    let code = out.status.code().unwrap();
    assert!(code == 0 || code == 1, "diff failed: {}", String::from_utf8_lossy(&out.stderr));
    (code, String::from_utf8(out.stdout).unwrap())
}

fn json_in(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let (code, text) = diff_in(dir, &args);
    (code, serde_json::from_str(&text).unwrap())
}

fn sections(r: &Value) -> Vec<(Vec<String>, String)> {
    r["documents"][0]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let kinds = s["kinds"].as_array().unwrap().iter().map(|k| k.as_str().unwrap().to_string()).collect();
            let side = if s["new"].is_null() { &s["old"] } else { &s["new"] };
            (kinds, side["title"].as_str().unwrap().to_string())
        })
        .collect()
}

fn kinds_of(r: &Value, title: &str) -> Vec<String> {
    sections(r).into_iter().filter(|(_, t)| t == title).flat_map(|(k, _)| k).collect()
}

/// The human report of one edit, without its first line (the paths).
fn human_report(edit_report: impl Fn(&str) -> String) -> String {
    let dir = versions(edit_report);
    let (code, text) = diff_in(dir.path(), &[]);
    assert_eq!(code, 1, "a difference: {text}");
    text.lines().skip(2).map(|l| format!("{l}\n")).collect()
}

const DOC: &str =
    "changed document igf2025-summary-report (old/igf2025-summary-report.md → new/igf2025-summary-report.md)\n";

#[test]
fn an_added_paragraph_is_shown_between_elided_unchanged_ones() {
    let expected = format!(
        "{DOC}  changed  Annex A: IGF 2025 Statistics › Breakdown of Registrations (lines 1096–1117 → 1096–1119)
      … 4 paragraphs unchanged
    +  1112 │ Registrations stayed open until the meeting began.
      … 2 paragraphs unchanged

1 section changed, 1 paragraph added
"
    );
    assert_eq!(human_report(add_paragraph), expected);
}

#[test]
fn a_moved_section_is_reported_once_with_its_new_place() {
    let expected = format!(
        "{DOC}  moved    Annex A: IGF 2025 Statistics › Members of Parliament (lines 1128–1132 → 1145–1149, now after Remote Hubs)

1 section moved
"
    );
    assert_eq!(human_report(move_section), expected);
}

#[test]
fn a_deleted_section_lists_its_paragraphs_and_figures() {
    let expected = format!(
        "{DOC}  removed  Annex A: IGF 2025 Statistics › Global South Support (old lines 1134–1140)
    -  1136 │ Estimated 1,700 stakeholders benefited from support
    -  1138 │ 11 grants to NRIs
    -  1139 │ 7 grants to Remote Hubs
    -  1140 │ 130 received Travel Support
  figures
    - stakeholders: 1,700 (gone)  in Global South Support
      -  1136 │ Estimated 1,700 stakeholders benefited from support
    - grants: 11 (gone)  in Global South Support
      -  1138 │ - 11 grants to NRIs
    - grants: 7 (gone)  in Global South Support
      -  1139 │ - 7 grants to Remote Hubs
    - received Travel Support: 130 (gone)  in Global South Support
      -  1140 │ - 130 received Travel Support

1 section removed, 4 paragraphs removed, 4 figures removed
"
    );
    assert_eq!(human_report(delete_section), expected);
}

#[test]
fn a_duplicated_section_names_the_section_it_copies() {
    let expected = format!(
        "{DOC}  added    Annex A: IGF 2025 Statistics › Youth less than 30 years old (Percentage%) (lines 1142–1144)
      same text as Annex A: IGF 2025 Statistics › Youth less than 30 years old (Percentage%) (lines 1122–1124)
    +  1144 │ Youth less than 30 years old 21%
  figures
    + 30 (new)  in Youth less than 30 years old (Percentage%)
      +  1142 │ ## Youth less than 30 years old (Percentage%)
    + 30 (new)  in Youth less than 30 years old (Percentage%)
      +  1144 │ Youth less than 30 years old 21%
    + 21% (new)  in Youth less than 30 years old (Percentage%)
      +  1144 │ Youth less than 30 years old 21%

findings introduced
  + warning[duplicate-heading]: section \"Youth less than 30 years old (Percentage%)\" repeats the title of a sibling section (new/igf2025-summary-report.md:1142)

1 section added, 1 paragraph added, 3 figures added, 1 finding introduced
"
    );
    assert_eq!(human_report(duplicate_section), expected);
}

#[test]
fn a_reworded_paragraph_shows_only_the_changed_words() {
    let report = human_report(|t| {
        edit(t, "engaging over thousands of young people.", "engaging thousands of young people, in person and online.")
    });
    let expected = format!(
        "{DOC}  changed  IGF 2025 Highlights › Focus on Youth (lines 455–459 → 455–459)
      … 1 paragraph unchanged
    -   459 │ The track has focused on social media regulation, particularly regulation through age verification, unpacking various aspects of AI governance and engaging [-over -]thousands of young people.
    +   459 │ The track has focused on social media regulation, particularly regulation through age verification, unpacking various aspects of AI governance and engaging thousands of young people{{+, in person and online+}}.

1 section changed, 1 paragraph changed
"
    );
    assert_eq!(report, expected);
}

#[test]
fn a_section_moved_and_edited_is_both() {
    let dir = versions(|t| edit(&move_section(t), "from 38 Countries", "from 39 Countries"));
    let (_, r) = json_in(dir.path(), &[]);
    assert_eq!(
        sections(&r),
        vec![(vec!["moved".to_string(), "changed".to_string()], "Members of Parliament".to_string())]
    );
    let f = &r["documents"][0]["facts"][0];
    assert_eq!((f["old"]["written"].as_str(), f["new"]["written"].as_str()), (Some("38"), Some("39")));
    assert_eq!((f["old"]["line"].as_u64(), f["new"]["line"].as_u64()), (Some(1132), Some(1149)));
}

#[test]
fn a_file_against_itself_reports_nothing_and_exits_0() {
    let path = format!("{CORPUS}/{REPORT}");
    let out = reportkit().args(["diff", &path, &path]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).trim_end().ends_with("no differences"));
    let out = reportkit().args(["diff", CORPUS, CORPUS, "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["documents"], serde_json::json!([]));
    reportkit_schema::validate_diff(&r).unwrap();
}

#[test]
fn a_changed_figure_is_shown_with_both_lines() {
    let dir = versions(|t| edit(t, "directly from 262 sessions", "directly from 272 sessions"));
    let (code, r) = json_in(dir.path(), &[]);
    assert_eq!(code, 1);
    let facts = r["documents"][0]["facts"].as_array().unwrap();
    assert_eq!(facts.len(), 1, "{facts:#?}");
    assert_eq!(facts[0]["kind"], "changed");
    assert_eq!(facts[0]["label"], "sessions");
    assert_eq!(facts[0]["old"]["written"], "262");
    assert_eq!(facts[0]["new"]["written"], "272");
    assert_eq!(facts[0]["old"]["line"], 625);
    assert_eq!(facts[0]["new"]["line"], 625);
    assert_eq!(sections(&r), vec![(vec!["changed".to_string()], "Lillestrøm IGF Messages".to_string())]);
    let hunk = &r["documents"][0]["sections"][0]["hunks"][0];
    assert_eq!(hunk["kind"], "changed");
    assert!(hunk["words"].as_array().unwrap().iter().any(|w| w["tag"] == "delete" && w["text"] == "262"));
    // It contradicts the other statements of the figure: a new finding.
    assert_eq!(r["summary"]["findings_introduced"], 1);
    assert_eq!(r["findings"]["introduced"][0]["rule"], "fact-conflict");
    let (code, _) = diff_in(dir.path(), &["--fail-on", "new-findings"]);
    assert_eq!(code, 1, "a new finding fails CI");
}

#[test]
fn fixing_the_sessions_breakdown_resolves_its_finding_and_passes_ci() {
    let dir = versions(|t| edit(t, "- 52 Workshops", "- 82 Workshops"));
    let (code, r) = json_in(dir.path(), &[]);
    assert_eq!(code, 1, "a difference");
    assert_eq!(r["summary"]["findings_resolved"], 1);
    assert_eq!(r["findings"]["resolved"][0]["rule"], "sum-mismatch");
    assert_eq!(r["summary"]["findings_introduced"], 0);
    let f = &r["documents"][0]["facts"][0];
    assert_eq!((f["label"].as_str(), f["old"]["text"].as_str()), (Some("Workshops"), Some("- 52 Workshops")));
    assert_eq!(f["new"]["text"], "- 82 Workshops");
    let (code, _) = diff_in(dir.path(), &["--fail-on", "new-findings"]);
    assert_eq!(code, 0, "no new finding");
}

#[test]
fn sections_are_matched_by_content_not_position() {
    let dir = versions(all_edits);
    let (_, r) = json_in(dir.path(), &[]);
    assert_eq!(kinds_of(&r, "Members of Parliament"), vec!["moved"]);
    assert_eq!(kinds_of(&r, "Global South Support"), vec!["removed"]);
    assert_eq!(kinds_of(&r, "Youth less than 30 years old (Percentage%)"), vec!["added"]);
    assert_eq!(kinds_of(&r, "Sessions"), vec!["changed"]);
    assert_eq!(kinds_of(&r, "Breakdown of Registrations"), vec!["changed"]);
    let dup = sections(&r).iter().position(|(k, _)| k == &["added"]).unwrap();
    let dup = &r["documents"][0]["sections"][dup];
    assert_eq!(dup["duplicate_of"]["title"], "Youth less than 30 years old (Percentage%)");
    let s = &r["summary"];
    assert_eq!(
        (s["sections_moved"].as_u64(), s["sections_removed"].as_u64(), s["sections_added"].as_u64()),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(s["paragraphs_added"], 2, "the new paragraph and the duplicate's");
}

#[test]
fn renaming_a_section_keeps_it_matched() {
    let dir = versions(|t| edit(t, "## Remote Hubs\n", "## Remote hubs around the world\n"));
    let (_, r) = json_in(dir.path(), &[]);
    assert_eq!(sections(&r), vec![(vec!["renamed".to_string()], "Remote hubs around the world".to_string())]);
    assert_eq!(r["documents"][0]["sections"][0]["old"]["title"], "Remote Hubs");
    assert_eq!(r["documents"][0]["facts"], serde_json::json!([]), "figures follow their section");
}

#[test]
fn what_a_reader_does_not_see_is_ignored_unless_exact() {
    let dir = versions(|t| {
        let t = edit(
            t,
            "Estimated 1,700 stakeholders benefited from support",
            "Estimated 1,700 stakeholders\nbenefited from support   ",
        );
        let t = edit(&t, "Youth less than 30 years old 21%", "Youth less than 30 years old *21%*");
        edit(&t, "- 11 grants to NRIs\n- 7 grants", "* 11 grants to NRIs\n* 7 grants")
    });
    let (code, text) = diff_in(dir.path(), &[]);
    assert_eq!(code, 0, "{text}");
    let (code, r) = json_in(dir.path(), &["--exact"]);
    assert_eq!(code, 1);
    assert_eq!(r["exact"], true);
    // The reflowed paragraph, the emphasis, and the two items whose marker changed.
    let changed: Vec<(u64, u64)> = r["documents"][0]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["hunks"].as_array().unwrap())
        .map(|h| (h["old"]["span"]["start"].as_u64().unwrap(), h["new"]["span"]["start"].as_u64().unwrap()))
        .collect();
    assert_eq!(changed, vec![(1124, 1124), (1136, 1136), (1138, 1139), (1139, 1140)], "{:#}", r["documents"]);
    assert_eq!(r["summary"]["facts_changed"], 0, "the figures are the same");
}

#[test]
fn directories_are_matched_by_document_id() {
    let dir = versions(all_edits);
    std::fs::remove_file(dir.path().join("new/news-ai-cooperation.txt")).unwrap();
    let out = run_in(dir.path(), &["diff", "old", "new", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs: Vec<(&str, &str)> = r["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["id"].as_str().unwrap(), d["status"].as_str().unwrap()))
        .collect();
    assert_eq!(docs, vec![("igf2025-summary-report", "changed"), ("news-ai-cooperation", "removed")]);
}

#[test]
fn trouble_exits_2_and_names_the_file() {
    let out = reportkit().args(["diff", "fixtures/igf2025/missing.md", CORPUS]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.md"));
    let out = reportkit().args(["diff", &format!("{CORPUS}/{REPORT}"), CORPUS]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("directory"));
}

#[test]
fn output_goes_through_the_atomic_writer() {
    let dir = versions(all_edits);
    let out = run_in(dir.path(), &["diff", "old", "new", "--format", "markdown", "-o", "diff.md"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    let text = std::fs::read_to_string(dir.path().join("diff.md")).unwrap();
    assert!(text.starts_with("## reportkit diff"));
    let out = run_in(dir.path(), &["diff", "old", "new", "-o", &format!("new/{REPORT}")]);
    assert_eq!(out.status.code(), Some(2), "an input is never overwritten");
}

#[test]
fn human_output_is_colored_only_when_asked() {
    let dir = versions(all_edits);
    let (_, plain) = diff_in(dir.path(), &[]);
    assert!(!plain.contains('\u{1b}'));
    assert!(plain.contains("[-52-]") && plain.contains("{+82+}"), "{plain}");
    let (_, colored) = diff_in(dir.path(), &["--color", "always"]);
    assert!(colored.contains("\u{1b}[31;7m52\u{1b}[0m"), "{colored}");
}

#[test]
fn every_format_gives_the_exact_report() {
    let dir = versions(all_edits);
    for (format, ext) in [("human", "txt"), ("markdown", "md"), ("json", "json"), ("html", "html")] {
        let (code, text) = diff_in(dir.path(), &["--format", format]);
        assert_eq!(code, 1);
        insta::assert_snapshot!(format!("all_edits.{ext}"), text);
    }
}

#[test]
fn json_output_follows_its_schema() {
    let dir = versions(all_edits);
    let (_, r) = json_in(dir.path(), &[]);
    reportkit_schema::validate_diff(&r).unwrap();
}

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"].iter().find_map(|n| {
        std::env::var_os("PATH")?.to_str()?.split(':').map(|d| Path::new(d).join(n)).find(|p| p.is_file())
    })
}

/// Pixels of a PNG within a small distance of a color.
fn pixels_near(png: &[u8], rgb: [u8; 3]) -> usize {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    assert!(channels >= 3, "a color screenshot");
    buf[..info.buffer_size()].chunks(channels).filter(|p| p.iter().zip(rgb).all(|(a, b)| a.abs_diff(b) <= 6)).count()
}

/// The HTML page as a browser draws it: headless Chromium screenshots the top of the page, and
/// the picture must show the deleted and inserted words highlighted, the colored change badges
/// of the summary, and the side-by-side tables. Skipped, saying why, when Chromium is not
/// installed.
#[test]
fn the_html_page_renders_in_a_browser() {
    let Some(chrome) = chromium() else {
        // A machine that must run it (REPORTKIT_REQUIRE_CHROMIUM=1) fails instead of skipping.
        assert!(
            std::env::var_os("REPORTKIT_REQUIRE_CHROMIUM").is_none(),
            "REPORTKIT_REQUIRE_CHROMIUM is set but chromium is not on PATH"
        );
        eprintln!("skipped: chromium is not installed (apt-get install -y chromium)");
        return;
    };
    let dir = versions(all_edits);
    let out = run_in(dir.path(), &["diff", "old", "new", "--format", "html", "-o", "diff.html"]);
    assert_eq!(out.status.code(), Some(1));
    let html = std::fs::read_to_string(dir.path().join("diff.html")).unwrap();
    for external in ["src=", "<link", "<script", "url("] {
        assert!(!html.contains(external), "self-contained: no {external}");
    }
    let shot =
        std::env::var_os("REPORTKIT_SCREENSHOT").map(PathBuf::from).unwrap_or_else(|| dir.path().join("diff.png"));
    let profile = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--window-size=1280,1600",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", dir.path().join("diff.html").display()))
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // The colors of the page's CSS: the highlighted old and new words ("52" → "82"), the
    // backgrounds of removed and added paragraphs, and the badges.
    for (what, rgb, least) in [
        ("deleted word", [0xff, 0x9c, 0x95], 40),
        ("inserted word", [0x7e, 0xe0, 0x9a], 40),
        ("removed paragraph", [0xff, 0xf5, 0xf5], 2_000),
        ("added paragraph", [0xf3, 0xfc, 0xf5], 2_000),
        ("moved badge", [0x09, 0x69, 0xda], 100),
        ("removed badge", [0xcf, 0x22, 0x2e], 100),
    ] {
        let n = pixels_near(&png, rgb);
        assert!(n >= least, "the screenshot shows too little {what} color: {n} pixels");
    }
}

/// A diff finishes, with the same report, whatever the number of threads: with
/// `RAYON_NUM_THREADS=1` the two versions' checks used to wait for each other forever.
#[test]
fn a_single_thread_diff_finishes_with_the_same_report() {
    let dir = versions(all_edits);
    let run = |threads: &str| {
        let mut c = reportkit();
        c.current_dir(dir.path()).args(["diff", "old", "new", "--format", "json", "--fail-on", "never"]);
        c.env("RAYON_NUM_THREADS", threads).timeout(std::time::Duration::from_secs(120));
        let out = c.output().unwrap();
        assert!(out.status.success(), "RAYON_NUM_THREADS={threads}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert!(one == run("2"), "one thread and two threads gave different reports");
}
