//! # duplicate-passage
//!
//! A passage repeats, verbatim or nearly so, elsewhere in the document or in another document.
//!
//! ## What it does
//!
//! Compares every paragraph, list item, quoted paragraph and table cell of at least 8 words, and
//! every run of whole sentences inside one, with every other in the corpus, after folding case,
//! punctuation, white space and inline markup (a linked and an unlinked copy are the same text).
//! Copies with a few words changed, or with a sentence added or dropped, are found too: the
//! message states how similar the copies are (`2 × matching words / words of both`, at least
//! 80%; "verbatim" when they are identical). Web addresses are not words (two lists of
//! different links are not copies), and items of one list that are only alike are parallel
//! wording, not copies.
//!
//! All copies of one passage form one finding that lists every location. What recurs by design
//! is reported once by `repeated-boilerplate` instead: short passages closing each article
//! (footers, promotional lines), standard text reused by separate publications (one copy in
//! each of two or more documents that do not state the same event: a template's prompts, a
//! methodology section, a licence), a passage that stands three times or more in one
//! document (a refrain, the same answer under each question, a running page header), and a
//! block quote of a passage given elsewhere (two copies, one of them quoted). Two copies that
//! differ by design are not reported: two block quotes worded differently (a text and the
//! change proposed to it), and a short remark (25 words or fewer) made by two different
//! speakers of minutes ("AB: …" and "CD: …").
//!
//! Formulaic wording is not reported at all: a whole paragraph or list item with fewer than 7
//! distinct content words (words of three letters or more that are not function words: "X
//! seconded. No discussion. Motion passed."), a sentence inside longer passages with fewer
//! than 4, data rather than prose (more than a third of its words hold a digit), and
//! two reference entries with different labels (`[ISO8601]`, `[ISO8601:2000]`). List items of
//! one document are compared only when identical: parallel lists word their items alike (a
//! status line under each work item), and an identical item of at most 25 words once in each of
//! several sections, or once under each of several parent items, is a status line too ("No progress, will report next month" under two
//! agenda items). File paths (`org/repo/src/module`) are not words.
//!
//! The search stays near-linear in the size of the corpus: identical passages are grouped by
//! hashing, the rest are fingerprinted by winnowing word 5-grams, only passages that share a
//! fingerprint are compared (with a word diff), and the matches are clustered with union-find.
//!
//! ## Why is this bad?
//!
//! Repeated text is usually a copy-paste slip or a leftover of an edit: a paragraph pasted
//! twice, a summary section that restates a page word for word, two versions of one sentence
//! left side by side. Readers notice, and when the copies have drifted apart one of them is
//! probably out of date.
//!
//! ## Example
//!
//! Fails (the second paragraph repeats the first with one word changed):
//!
//! ```markdown
//! The survey was sent to every member in March and closed after six weeks of fieldwork.
//!
//! The survey was sent to every member in April and closed after six weeks of fieldwork.
//! ```
//!
//! Passes:
//!
//! ```markdown
//! The survey was sent to every member in March and closed after six weeks of fieldwork.
//!
//! Its results are summarised in the tables that follow, one table per region.
//! ```

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::Context;
use crate::violation::{Diagnostic, Violation};
use crate::analysis::passages::{excerpt, percent, Kind};
use crate::analysis::glossary::leading_labels;
use crate::analysis::units::UnitKind;

type Draft = Diagnostic<DuplicatePassage>;

/// A passage that appears more than once.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DuplicatePassage {
    /// The passage's first and last words, figures left out: what the finding is about.
    pub passage: String,
    /// Its first words.
    pub excerpt: String,
    /// How many copies.
    pub copies: usize,
    /// The lowest similarity between two copies, in percent.
    pub similarity: u32,
    /// Words in the first copy.
    pub words: usize,
}

impl Violation for DuplicatePassage {
    const KEY: &'static [&'static str] = &["passage"];

    fn message(&self) -> String {
        let how =
            if self.similarity >= 100 { "verbatim".to_string() } else { format!("{}% similar", self.similarity) };
        format!("passage appears {} times ({how}): “{}”", self.copies, self.excerpt)
    }
}

/// Two copies that differ by design: two block quotes worded differently (a text and the
/// change proposed to it), or a short remark made by two speakers of minutes or a transcript
/// ("AB: I am happy with the proposal." / "CD: I am also happy with the proposal.").
fn by_design(cx: &Context, c: &crate::analysis::passages::Cluster) -> bool {
    let [a, b] = c.copies.as_slice() else { return false };
    let (ua, ub) = (&cx.units[a.doc][a.unit], &cx.units[b.doc][b.unit]);
    if ua.kind == UnitKind::Quote && ub.kind == UnitKind::Quote && c.similarity < 1.0 {
        return true;
    }
    let speakers = |t: &str| leading_labels(t).into_iter().map(|(l, _)| l.to_string()).collect::<Vec<_>>();
    let (sa, sb) = (speakers(&ua.text), speakers(&ub.text));
    a.words <= 25 && !sa.is_empty() && !sb.is_empty() && sa != sb
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    for c in cx.clusters() {
        if c.kind != Kind::Duplicate || by_design(cx, c) {
            continue;
        }
        let first = &c.copies[0];
        let text = &cx.units[first.doc][first.unit].text[first.start..first.end];
        let v = DuplicatePassage {
            passage: c.key(cx),
            excerpt: excerpt(text, 8),
            copies: c.copies.len(),
            similarity: percent(c.similarity),
            words: first.words,
        };
        let mut d = Draft::new(v, first.doc, first.line)
        .hint("keep one copy and delete or rewrite the others; if the copies differ, check which one is current");
        d.end_line = first.end_line;
        for x in &c.copies[1..] {
            let sim = if percent(x.similarity) >= 100 {
                "identical copy".to_string()
            } else {
                format!("copy, {}% similar", percent(x.similarity))
            };
            let part = if x.whole { "" } else { " (within a longer passage)" };
            d = d.related(x.doc, x.line, format!("{sim}{part}"));
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::test_support::drafts;

    #[test]
    fn a_pasted_paragraph_is_one_finding_with_both_places() {
        let p = "The network of initiatives continued to grow in scope and impact during the year.";
        let d = drafts(super::check, &format!("# A\n\n{p}\n\nOther text here.\n\n# B\n\n{p}\n"));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 3);
        assert!(d[0].message.contains("2 times (verbatim)"), "{}", d[0].message);
        assert_eq!(d[0].related.iter().map(|r| r.line).collect::<Vec<_>>(), [9]);
    }

    #[test]
    fn near_copies_state_their_similarity() {
        let a = "The network of initiatives continued to grow in scope and impact during the year.";
        let b = "The network of initiatives continued to grow in reach and impact during the year.";
        let d = drafts(super::check, &format!("{a}\n\n{b}\n"));
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("2 times (93% similar)"), "{}", d[0].message);
    }

    #[test]
    fn a_sentence_copied_into_a_longer_paragraph_is_found() {
        let s = "Over six sessions, parliamentarians emphasised the importance of regional cooperation on water.";
        let text = format!("{s}\n\nThe track was new. {s} It ended on time with a short closing ceremony.\n");
        let d = drafts(super::check, &text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].related[0].note.contains("within a longer passage"));
    }

    #[test]
    fn a_hundred_copies_are_one_refrain() {
        let p = "The network of initiatives continued to grow in scope and impact during the year.";
        let text: String =
            (0..100).map(|i| format!("# S{i}\n\n{p}\n\nSection {i} has its own closing words here.\n\n")).collect();
        assert!(drafts(super::check, &text).is_empty());
        let d = drafts(crate::rules::repeated_boilerplate::check, &text);
        assert_eq!(d.len(), 1, "{:?}", d.iter().map(|d| &d.message).collect::<Vec<_>>());
        assert_eq!(d[0].related.len(), 99);
    }

    #[test]
    fn standard_text_of_separate_publications_is_boilerplate() {
        use reportkit_model::SourceFormat::Markdown;
        let p = "Respondents chose to take part, so the results describe the people who answered and may not \
                 describe everyone who uses the product; we report confidence intervals for every chart.";
        let a = format!("# First survey\n\n{p}\n\nThe first survey had its own findings.\n");
        let b = format!("# Second survey\n\nThe second survey is different.\n\n{p}\n");
        let files = [("a.md", a.as_str(), Markdown), ("b.md", b.as_str(), Markdown)];
        assert!(crate::test_support::run(super::check, &files).is_empty());
        assert_eq!(crate::test_support::run(crate::rules::repeated_boilerplate::check, &files).len(), 1);
    }

    #[test]
    fn formulaic_lines_and_parallel_status_items_pass() {
        let text = "# Minutes\n\n- Item one\n  - Kim seconded. No discussion. No objections. Motion passed.\n\
                    - Item two\n  - Kim seconded. No discussion. No objections. Motion passed.\n\n\
                    ## Status\n\n- Parser\n  - work starts in March and should be ready for review in June\n\
                    - Printer\n  - work starts in March and should be ready for review in October\n";
        assert!(drafts(super::check, text).is_empty(), "{:?}", drafts(super::check, text));
        assert!(drafts(crate::rules::repeated_boilerplate::check, text).is_empty());
    }

    #[test]
    fn the_same_status_line_under_two_agenda_items_passes() {
        let text = "# Minutes\n\n## Replace the gutters\n\n\
                    - Nothing new here, we will try to reach a decision within the next month or so\n\n\
                    ## Extend the opening hours\n\n\
                    - Nothing new here, we will try to reach a decision within the next month or so\n";
        assert!(drafts(super::check, text).is_empty(), "{:?}", drafts(super::check, text));
        // Twice in one section, it is a copy.
        let text = "# Minutes\n\n## Replace the gutters\n\n\
                    - Nothing new here, we will try to reach a decision within the next month or so\n\n\
                    Then the treasurer spoke at length about the budget for the coming year.\n\n\
                    - Nothing new here, we will try to reach a decision within the next month or so\n";
        assert_eq!(drafts(super::check, text).len(), 1, "{:?}", drafts(super::check, text));
    }

    #[test]
    fn data_and_distinct_reference_entries_pass() {
        let text = "[STD1] Data elements and interchange formats, representation of dates and times, first edition, 1988.\n\n\
                    [STD1:2000] Data elements and interchange formats, representation of dates and times, second edition, 2000.\n\n\
                    hour = 2DIGIT ; 00-23 minute = 2DIGIT ; 00-59 second = 2DIGIT ; 00-58, 00-59, 00-60\n\n\
                    hour = 2DIGIT ; 00-23 minute = 2DIGIT ; 00-59 second = 2DIGIT ; 00-58, 00-59\n";
        assert!(drafts(super::check, text).is_empty(), "{:?}", drafts(super::check, text));
    }

    #[test]
    fn parallel_items_of_a_list_pass_but_identical_ones_do_not() {
        let text = "# T\n\n- The first call returns the smallest value of the whole set of numbers.\n\
                    - The second call returns the largest value of the whole set of numbers.\n";
        assert!(drafts(super::check, text).is_empty());
        let text = "# T\n\n- The first call returns the smallest value of the whole set of numbers.\n\
                    - The first call returns the smallest value of the whole set of numbers.\n";
        assert_eq!(drafts(super::check, text).len(), 1);
    }

    #[test]
    fn short_labels_and_different_paragraphs_pass() {
        let text = "Digital Trust and Resilience\n\nDigital Trust and Resilience\n\n\
                    The network of initiatives continued to grow in scope and impact during the year.\n\n\
                    Its members met twice, once online and once at the annual meeting in June.\n";
        assert!(drafts(super::check, text).is_empty());
    }
}
