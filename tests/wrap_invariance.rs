//! Findings never depend on where a paragraph's lines are wrapped.
//!
//! Every rule fixture (`fixtures/rules/*/`) and the bundled corpus are rendered to canonical
//! Markdown without wrapping and wrapped at 30, 72 and 120 columns (`render --to markdown
//! --wrap N`), each rendering is read back and checked (preview rules included), and the
//! findings must be the same every time: rule, severity, message, hint, data and fingerprint,
//! with every line (the finding's, its end, its related places') mapped to the text unit
//! (heading, paragraph, list item, table cell, quote) it falls in. Only the snippet, the text
//! marked on the finding's line, may differ. A property test does the same on generated
//! paragraphs with figures, dates, enumerations and links, wrapped at random widths.
//!
//! Everything runs in process (parse, render, parse, check), so the test stays fast.

use std::path::Path;

use proptest::prelude::*;
use reportkit_check::units::document_units;
use reportkit_check::{Analysis, Config};
use reportkit_model::{Corpus, Finding};
use reportkit_render::markdown::{to_markdown, MarkdownOptions};

/// The widths every text is wrapped at, besides not at all.
const WIDTHS: [usize; 3] = [30, 72, 120];

/// A finding with its lines replaced by the index of the unit each falls in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Mapped {
    rule: String,
    severity: String,
    document: String,
    unit: usize,
    end_unit: usize,
    message: String,
    hint: Option<String>,
    related: Vec<(String, usize, String)>,
    data: String,
    fingerprint: String,
}

/// Per file path: the first line of every unit of its document, in order.
fn unit_starts(corpus: &Corpus) -> Vec<(String, Vec<u32>)> {
    corpus
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.source.path.clone(), document_units(i, d).iter().map(|u| u.line).collect()))
        .collect()
}

/// The unit a line of a file falls in: the last unit starting at or before it.
fn unit_of(starts: &[(String, Vec<u32>)], file: &str, line: u32) -> usize {
    let (_, s) = starts.iter().find(|(p, _)| p == file).unwrap_or_else(|| panic!("no document read from {file}"));
    s.partition_point(|&l| l <= line)
}

/// `text` with every `<file>:<line>` of a document's file written `<file>:#<unit>`.
fn map_places(text: &str, starts: &[(String, Vec<u32>)]) -> String {
    let mut out = text.to_string();
    for (file, _) in starts {
        let pat = format!("{file}:");
        let mut from = 0;
        while let Some(i) = out[from..].find(&pat).map(|i| from + i + pat.len()) {
            let digits = out[i..].bytes().take_while(u8::is_ascii_digit).count();
            from = i;
            if let Ok(line) = out[i..i + digits].parse::<u32>() {
                let unit = format!("#{}", unit_of(starts, file, line));
                out.replace_range(i..i + digits, &unit);
                from = i + unit.len();
            }
        }
    }
    out
}

fn mapped(f: &Finding, starts: &[(String, Vec<u32>)]) -> Mapped {
    // A line in the data (`other_line`, with `other_file` beside it) is mapped too.
    let mut data = f.data.clone();
    let keys: Vec<String> = data.keys().filter(|k| k.ends_with("_line")).cloned().collect();
    for k in keys {
        let file =
            data.get(&k.replace("_line", "_file")).and_then(|v| v.as_str()).unwrap_or(f.file.as_str()).to_string();
        if let Some(line) = data[&k].as_u64() {
            data[&k] = serde_json::json!(unit_of(starts, &file, line as u32));
        }
    }
    Mapped {
        rule: f.rule.clone(),
        severity: f.severity.as_str().to_string(),
        document: f.document.clone(),
        unit: unit_of(starts, &f.file, f.line),
        end_unit: unit_of(starts, &f.file, f.end_line),
        message: map_places(&f.message, starts),
        hint: f.hint.clone(),
        related: f.related.iter().map(|r| (r.file.clone(), unit_of(starts, &r.file, r.line), r.note.clone())).collect(),
        data: serde_json::to_string(&data).expect("JSON data"),
        fingerprint: f.fingerprint.clone(),
    }
}

/// Parse named texts into one corpus.
fn read(texts: &[(String, String)]) -> Corpus {
    let mut docs = Vec::new();
    for (name, text) in texts {
        docs.extend(reportkit_parse::parse(name, text.as_bytes(), None).expect("a source parses"));
    }
    reportkit_parse::corpus(docs)
}

/// Render every document of `sources` as Markdown at `wrap`, read it back as `<id>.md` and
/// check it; the findings with their lines mapped, sorted.
fn findings_at(sources: &Corpus, wrap: Option<usize>) -> (Vec<Mapped>, Vec<(String, String)>) {
    let rendered: Vec<(String, String)> =
        sources.documents.iter().map(|d| (format!("{}.md", d.id), to_markdown(d, &MarkdownOptions { wrap }))).collect();
    let corpus = read(&rendered);
    let texts: Vec<String> = rendered.iter().map(|(_, t)| t.clone()).collect();
    let config = Config { preview: true, ..Config::default() };
    let outcome = Analysis::new(&corpus).check(&texts, &config, None);
    let starts = unit_starts(&corpus);
    let mut m: Vec<Mapped> = outcome.findings.iter().map(|f| mapped(f, &starts)).collect();
    m.sort();
    (m, rendered)
}

/// The findings on `sources` rendered unwrapped and at every width must be the same; returns
/// a description of the first difference.
fn wrap_difference(sources: &Corpus, widths: &[usize]) -> Option<String> {
    let (base, _) = findings_at(sources, None);
    for &w in widths {
        let (at, rendered) = findings_at(sources, Some(w));
        if at != base {
            let missing: Vec<&Mapped> = base.iter().filter(|f| !at.contains(f)).collect();
            let extra: Vec<&Mapped> = at.iter().filter(|f| !base.contains(f)).collect();
            let names: Vec<&str> = rendered.iter().map(|(n, _)| n.as_str()).collect();
            return Some(format!(
                "findings on {names:?} change when wrapped at {w} columns\n  unwrapped only: {missing:#?}\n  wrapped only: {extra:#?}"
            ));
        }
    }
    None
}

fn corpus_of(paths: &[&Path]) -> Corpus {
    let texts: Vec<(String, String)> = paths
        .iter()
        .map(|p| (p.to_string_lossy().into_owned(), std::fs::read_to_string(p).expect("fixture readable")))
        .collect();
    read(&texts)
}

#[test]
fn rule_fixtures_give_the_same_findings_at_every_width() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    let mut dirs: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
    dirs.sort();
    let mut files = 0;
    let mut failures = Vec::new();
    for dir in dirs {
        let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        for p in paths.iter().filter(|p| p.extension().is_some_and(|x| x == "md" || x == "txt")) {
            files += 1;
            if let Some(d) = wrap_difference(&corpus_of(&[p.as_path()]), &WIDTHS) {
                failures.push(format!("{}: {d}", p.display()));
            }
        }
    }
    assert!(files >= 30, "only {files} rule fixtures found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_corpus_gives_the_same_findings_at_every_width() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/igf2025");
    let mut paths: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    let corpus = corpus_of(&refs);
    // The corpus has findings of many rules, so the comparison is not an empty one.
    let (base, _) = findings_at(&corpus, None);
    let mut rules: Vec<&str> = base.iter().map(|f| f.rule.as_str()).collect();
    rules.sort_unstable();
    rules.dedup();
    assert!(rules.len() >= 10, "{rules:?}");
    if let Some(d) = wrap_difference(&corpus, &WIDTHS) {
        panic!("{d}");
    }
}

/// A failing comparison is reported: two placeholder links on one line and on two lines are
/// one finding, at the first, when reported per paragraph; a rule that reported per line would
/// fail this test (checked by hand when it was written).
#[test]
fn a_difference_would_be_seen() {
    let a = read(&[(
        "a.md".into(),
        "# T\n\nThe [agenda](#) went out before the meeting and the [minutes](#) after it.\n".into(),
    )]);
    let (base, _) = findings_at(&a, None);
    let (narrow, _) = findings_at(&a, Some(30));
    assert_eq!(base.len(), 1, "{base:#?}");
    assert_eq!(base, narrow);
    let mut other = base.clone();
    other[0].unit += 1;
    assert_ne!(base, other, "units are compared");
}

/// Documents on which the property test below once found findings that changed with the
/// width, each with the rule whose finding changed: a share quoted with the words after it
/// ("55% of⏎workshops"), a repeated item named across a line break, a number ending a list
/// item after a name ("*Asia*⏎12"), a count side by side with another across "and⏎", and a
/// lead-in's promise read across a line break ("as⏎follows:").
const ONCE_WRAP_DEPENDENT: &[(&str, &str)] = &[
    (
        "# Forum\n\n## 23–24 June 2025\n\n45% workshops five themes: a, b and c.\n\nWe held 1 sessions:\n\n\
         - 0 five themes: a, b and c\n- 1 report workshops Africa 7 in 7 55% of workshops\n",
        "fact-conflict",
    ),
    (
        "# Forum\n\n## 23–24 June 2025\n\nLyon, Porto, Graz, Porto and Turku Lyon, Porto, Graz, Porto and \
         Turku Lyon, Porto, Graz, Porto and Turku the.\n",
        "repeated-item",
    ),
    (
        "# the\n\n## 23–24 June 2025\n\nWe held 1 sessions:\n\n- 0 comprising the 1,700 total Monday, 23 \
         June 2025 three priorities: access, trust and skills one in five *Asia* 12\n",
        "sum-mismatch",
    ),
    (
        "# the\n\n## 23–24 June 2025\n\nthe forum one in five 1.2 million three priorities: access, trust \
         and skills and twenty-one sessions and held `code 9`.\n\nWe held 7 sessions:\n\n- 0 the\n",
        "",
    ),
    (
        "# T\n\nThe precedence order of the rules is as follows:\n\n`Admin` Deny (`Overridable`=false) > \
         `Admin` Allow (`Overridable`=false) > `Policy` > `Admin` Allow (`Overridable`=true) > `Admin` Deny \
         (`Overridable`=true)\n\nAs the semantics differ.\n",
        "missing-content",
    ),
];

#[test]
fn shapes_once_found_wrap_dependent_give_the_same_findings_at_every_width() {
    for (text, rule) in ONCE_WRAP_DEPENDENT {
        let c = read(&[("generated.md".to_string(), text.to_string())]);
        let (base, _) = findings_at(&c, None);
        assert!(rule.is_empty() || base.iter().any(|f| f.rule == *rule), "{rule} expected: {base:#?}");
        if let Some(d) = wrap_difference(&c, &[20, 27, 30, 35, 40, 59, 72, 108]) {
            panic!("{d}");
        }
    }
}

const WORDS: &[&str] = &[
    "the",
    "forum",
    "held",
    "sessions",
    "workshops",
    "participants",
    "from",
    "Africa",
    "Europe",
    "and",
    "of",
    "in",
    "total",
    "including",
    "with",
    "to",
    "12",
    "7",
    "1,700",
    "45%",
    "55%",
    "over 300",
    "2 to 5",
    "Monday, 23 June 2025",
    "Tuesday 24 June 2025",
    "Lyon, Porto, Graz, Porto and Turku",
    "[the agenda](#)",
    "[the minutes]()",
    "[a report](https://example.org/report)",
    "the Open Data Council (ODC)",
    "ODC",
    "three priorities: access, trust and skills",
    "five themes: a, b and c",
    "one in five",
    "a third of",
    "per cent",
    "2 000",
    "65K",
    "1.2 million",
    "between 10 and 20",
    "respondents",
    "comprising",
    "namely",
    "for a total of 40",
    "Wednesday, 25 June 2025",
    "Dr. Marten",
    "Martin",
    "e.g.",
    "U.S.",
    "No. 4",
    "`code 9`",
    "*Asia*",
    "version 2.1",
    "twenty-one",
    "the 12",
    "(24 excluded)",
    "up to 40 members;",
    "Monday, 24 June 2025",
    "[Section 2](#section-2)",
    "see https://example.org/a-12",
    "81% of respondents use the forum",
    "74% of 33 hubs",
    "about 1,200",
    "nearly half",
    "Marten Ek",
    "Martin Ek",
    "the Forum, the Forum, and the Forum",
    "2024",
    "3rd",
];

fn words(n: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), n).prop_map(|w| w.join(" "))
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => words(4..40).prop_map(|s| format!("{s}.")),
        1 => (1..3usize, words(1..5)).prop_map(|(l, s)| format!("{} {s}", "#".repeat(l + 1))),
        // A total and its breakdown, the items long enough to wrap.
        2 => (1..60u32, prop::collection::vec((0..30u32, words(1..14)), 1..5)).prop_map(|(total, items)| {
            let mut s = format!("We held {total} sessions:\n");
            for (n, w) in items {
                s.push_str(&format!("\n- {n} {w}"));
            }
            s
        }),
        1 => prop::collection::vec((0..100u32, words(2..12)), 2..4)
            .prop_map(|rows| rows.iter().map(|(p, s)| format!("- {p}% {s}")).collect::<Vec<_>>().join("\n")),
        1 => (words(1..8), words(1..8)).prop_map(|(a, b)| format!("| {a} | n |\n|---|---:|\n| {b} | 7 |")),
        1 => words(3..30).prop_map(|s| format!("> {s}")),
    ]
}

/// A generated document. Its dates come first, in a heading: the event dates a document states
/// about itself are read from its first 40 source lines (`reportkit_parse::meta`), the one
/// reading that still depends on line layout (a long paragraph wrapped narrow pushes a date
/// below line 40), so the generated documents state them where no wrapping moves them.
fn document() -> impl Strategy<Value = String> {
    (words(1..5), prop::collection::vec(block(), 1..10))
        .prop_map(|(t, b)| format!("# {t}\n\n## 23–24 June 2025\n\n{}\n", b.join("\n\n")))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn generated_paragraphs_give_the_same_findings_at_any_width(text in document(), width in 20..140usize) {
        let c = read(&[("generated.md".to_string(), text)]);
        if let Some(d) = wrap_difference(&c, &[width]) {
            prop_assert!(false, "{}", d);
        }
    }
}
