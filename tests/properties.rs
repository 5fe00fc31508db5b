//! Property tests across the stages, on generated report-like Markdown (headings, paragraphs
//! with figures and dates, itemised lists with stated totals, percentages, tables, quotes,
//! links, and characters Markdown could misread):
//!
//! - `check` is deterministic: two runs on two parses of the same text give the same findings;
//! - `diff(a, a)` reports nothing, and `diff(a, a + paragraph)` reports the paragraph;
//! - the PDF writer never fails on a valid document, and gives the same bytes twice for one
//!   `SOURCE_DATE_EPOCH`.
//!
//! The render → parse round trip has its own generator in crates/render/tests/proptest.rs.

use proptest::prelude::*;
use reportkit_check::{Analysis, Config};
use reportkit_diff::{Options, Version};
use reportkit_model::Corpus;

const WORDS: &[&str] = &[
    "sessions",
    "Workshops",
    "participants",
    "the",
    "Forum",
    "held",
    "of",
    "and",
    "Africa",
    "youth",
    "IGF",
    "Internet Governance Forum",
    "42",
    "1,700",
    "3.5",
    "76%",
    "24%",
    "100%",
    "-5",
    "1e400",
    "*",
    "**",
    "_",
    "[",
    "]",
    "#",
    "`",
    "<b>",
    "&amp;",
    "|",
    "\\",
    "Monday, 23 June 2025",
    "Tuesday 24 June 2025",
    "31 February 2025",
    "https://example.org/a",
    "café",
    "Lillestrøm",
    "—",
];

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..12).prop_map(|w| w.join(" "))
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => sentence().prop_map(|s| format!("{s}.")),
        1 => (1..5usize, sentence()).prop_map(|(l, s)| format!("{} {s}", "#".repeat(l))),
        // An itemised total: the items may or may not add up.
        2 => (1..400u32, prop::collection::vec((0..200u32, prop::sample::select(WORDS)), 1..6)).prop_map(
            |(total, items)| {
                let mut s = format!("We held {total} sessions:\n");
                for (n, w) in items {
                    s.push_str(&format!("\n- {n} {w}"));
                }
                s
            }
        ),
        1 => prop::collection::vec((0..100u32, sentence()), 1..5).prop_map(|rows| {
            rows.iter().map(|(p, s)| format!("{s} {p}%")).collect::<Vec<_>>().join("\n\n")
        }),
        1 => (sentence(), sentence()).prop_map(|(a, b)| format!("| {a} | n |\n|---|---:|\n| {b} | 7 |")),
        1 => sentence().prop_map(|s| format!("> {s}\n>\n> — {s}")),
        1 => (sentence(), sentence()).prop_map(|(a, b)| format!("[{a}](https://example.org/{}) {b}", a.len())),
        1 => sentence().prop_map(|s| format!("```\n{s}\n```")),
    ]
}

fn markdown() -> impl Strategy<Value = String> {
    (sentence(), prop::collection::vec(block(), 0..24))
        .prop_map(|(title, blocks)| format!("# {title}\n\n{}\n", blocks.join("\n\n")))
}

fn corpus(text: &str) -> Corpus {
    let docs = reportkit_parse::parse("generated.md", text.as_bytes(), None).expect("Markdown text always parses");
    reportkit_parse::corpus(docs)
}

fn diff(old: &str, new: &str) -> reportkit_model::diff::DiffReport {
    let (oc, nc) = (corpus(old), corpus(new));
    let (os, ns) = (vec![old.to_string()], vec![new.to_string()]);
    reportkit_diff::diff(
        &Version { label: "old", corpus: &oc, sources: &os },
        &Version { label: "new", corpus: &nc, sources: &ns },
        &Config::default(),
        Options::default(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn check_is_deterministic(text in markdown()) {
        let findings = |t: &str| {
            let c = corpus(t);
            let outcome = Analysis::new(&c).check(&[t.to_string()], &Config::default(), None);
            serde_json::to_string(&outcome.report()).unwrap()
        };
        prop_assert_eq!(findings(&text), findings(&text));
    }

    #[test]
    fn a_version_against_itself_has_no_differences(text in markdown()) {
        let r = diff(&text, &text);
        prop_assert!(!r.has_differences(), "{:?}", r.summary);
        // The same text under another file's bytes (a trailing newline more) reads the same.
        let r = diff(&text, &format!("{text}\n"));
        prop_assert!(!r.has_differences(), "{:?}", r.summary);
    }

    #[test]
    fn an_added_paragraph_is_reported(text in markdown(), extra in sentence()) {
        let added = format!("{text}\nA closing note unlike any other: {extra}.\n");
        let r = diff(&text, &added);
        prop_assert!(r.summary.paragraphs_added >= 1, "{:?}", r.summary);
    }

    #[test]
    fn pdf_rendering_never_fails_and_is_reproducible(text in markdown()) {
        let c = corpus(&text);
        // Reproducible for one SOURCE_DATE_EPOCH (without it the dates are the time of writing).
        let opts = reportkit_pdf::PdfOptions { source_date_epoch: Some(0), ..reportkit_pdf::PdfOptions::default() };
        let a = reportkit_pdf::render(&c.documents[0], &opts).expect("a valid document renders");
        prop_assert!(a.bytes.starts_with(b"%PDF-") && a.pages >= 1);
        let b = reportkit_pdf::render(&c.documents[0], &opts).expect("a valid document renders");
        prop_assert!(a.bytes == b.bytes, "same document, same bytes");
    }
}
