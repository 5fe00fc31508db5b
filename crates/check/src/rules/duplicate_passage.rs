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
//! All copies of one passage form one finding that lists every location, and passages copied
//! together form one finding too: when every copy of one passage is followed, within 24 units
//! (paragraphs, list items, cells) and in the same order, by a copy of the next, the run is
//! reported once ("run of 8 passages appears 2 times"), at its first passage, with the first
//! and last line of each other copy.
//!
//! A restatement is a note (info), not a warning: copies in different sections of which one
//! is a summary, an agenda, the decisions or actions of a meeting, a conclusion or an overview
//! (a short heading holding that word, other than the document's own title), and a table cell
//! that restates running text; but a whole paragraph of 40 words or more copied word for word
//! is a paste wherever it stands. So is a single passage less than 90% similar to a copy that
//! does not stand beside it: passages worded alike far apart are mostly parallel on purpose
//! (the same sentence frame under each scenario). What recurs by design
//! is reported once by `repeated-boilerplate` instead: short passages closing each article
//! (footers, promotional lines), standard text reused by separate publications (one copy in
//! each of two or more documents that do not state the same event: a template's prompts, a
//! methodology section, a licence), a passage that stands three times or more in one
//! document (a refrain, the same answer under each question, a running page header), and a
//! block quote of a passage given elsewhere (two copies, one of them quoted). Two copies that
//! differ by design are not reported: two block quotes worded differently (a text and the
//! change proposed to it), a short remark (25 words or fewer) made by two different speakers
//! of minutes ("AB: …" and "CD: …"), two remarks of minutes worded differently (a speaker
//! making a point again), a passage and a quotation of it (`Strike: "…"`), and two passages
//! whose links all lead to different places ("[wg-a](…) has its own meeting cadence" beside
//! the same of `wg-b`: a pasted copy keeps its links). Contents entries that are only an
//! in-page link repeat where their heading does, and `duplicate-heading` reports that.
//!
//! Formulaic wording is not reported at all: a whole paragraph or list item with fewer than 7
//! distinct content words (words of three letters or more that are not function words: "X
//! seconded. No discussion. Motion passed."), a sentence inside longer passages with fewer
//! than 4, data rather than prose (more than a third of its words hold a digit), and
//! two reference entries with different labels (`[ISO8601]`, `[ISO8601:2000]`). List items of
//! one document are compared only when identical: parallel lists word their items alike (a
//! status line under each work item); so are passages of one document made only of questions,
//! the parallel prompts of a questionnaire ("… feedback from subprojects?", "… feedback from
//! working groups?"), and an identical item of at most 25 words once in each of
//! several sections, or once under each of several parent items, is a status line too ("No
//! progress, will report next month" under two agenda items). So is the same short answer (at
//! most 25 words) to a form filled in under each section: copies in different sections, each
//! opening with one field label ("**How it's going:** we have a plan") that opens three
//! paragraphs or items of the document or more. Whole cells of one table are parallel by
//! design (its rows lay out like things alike). File paths (`org/repo/src/module`) are not words.
//!
//! The search stays near-linear in the size of the corpus: identical passages are grouped by
//! hashing, the rest are fingerprinted by winnowing word 5-grams, only passages that share a
//! fingerprint are compared (with a word diff), and the matches are clustered with union-find.
//!
//! ## Why is this bad?
//!
//! Repeated text is usually a copy-paste slip or a leftover of an edit: a paragraph pasted
//! twice, a block of paragraphs pasted into another section, two versions of one sentence left
//! side by side. Readers notice, and when the copies have drifted apart one of them is
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
use crate::analysis::passages::{excerpt, percent, Cluster, Kind, Occurrence};
use reportkit_text::fold::fold;
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
    /// How many passages were copied together, one after the other (1 for a single passage).
    pub passages: usize,
}

impl Violation for DuplicatePassage {
    const KEY: &'static [&'static str] = &["passage"];

    fn message(&self) -> String {
        let how =
            if self.similarity >= 100 { "verbatim".to_string() } else { format!("{}% similar", self.similarity) };
        let what = if self.passages > 1 { format!("run of {} passages", self.passages) } else { "passage".to_string() };
        format!("{what} appears {} times ({how}): “{}”", self.copies, self.excerpt)
    }
}

/// Two copies that differ by design: two block quotes worded differently (a text and the
/// change proposed to it); a short remark made by two speakers of minutes or a transcript
/// ("AB: I am happy with the proposal." / "CD: I am also happy with the proposal."), or two
/// remarks worded differently (a speaker making a point again in a discussion); a passage and
/// a quotation of it (`Strike: "…"`).
fn by_design(cx: &Context, c: &Cluster) -> bool {
    // Contents entries (a list item that is only an in-page link) repeat where their heading
    // does; `duplicate-heading` reports the heading.
    let entry = |x: &Occurrence| {
        let u = &cx.units[x.doc][x.unit];
        matches!(u.kind, UnitKind::ListItem { .. })
            && u.links.iter().any(|(url, t)| url.starts_with('#') && t.trim() == u.text.trim())
    };
    if c.copies.iter().all(entry) {
        return true;
    }
    let [a, b] = c.copies.as_slice() else { return false };
    let (ua, ub) = (&cx.units[a.doc][a.unit], &cx.units[b.doc][b.unit]);
    if ua.kind == UnitKind::Quote && ub.kind == UnitKind::Quote && c.similarity < 1.0 {
        return true;
    }
    if quoted(&ua.text, a) != quoted(&ub.text, b) {
        return true;
    }
    // Links to different places: the copies speak of different things ("[wg-a](…) has its own
    // meeting cadence", "[wg-b](…) has its own meeting cadence"); a pasted copy keeps its links.
    let targets = |u: &'_ crate::analysis::units::Unit, x: &Occurrence| -> Vec<String> {
        let span = &u.text[x.start..x.end];
        u.links.iter().filter(|(_, t)| !t.trim().is_empty() && span.contains(t.trim())).map(|(url, _)| url.clone()).collect()
    };
    let (ta, tb) = (targets(ua, a), targets(ub, b));
    if !ta.is_empty() && !tb.is_empty() && !ta.iter().any(|t| tb.contains(t)) {
        return true;
    }
    let speakers = |t: &str| leading_labels(t).into_iter().map(|(l, _)| l.to_string()).collect::<Vec<_>>();
    let (sa, sb) = (speakers(&ua.text), speakers(&ub.text));
    !sa.is_empty() && !sb.is_empty() && (a.words <= 25 && sa != sb || c.similarity < 1.0)
}

/// Whether a copy stands between quotation marks, or mostly does: a quotation of a passage.
fn quoted(unit: &str, x: &Occurrence) -> bool {
    // Double quotation marks only: a single one is as often an apostrophe ("it's").
    const MARKS: [char; 3] = ['"', '“', '”'];
    if unit[..x.start].trim_end().ends_with(MARKS) {
        return true;
    }
    // The run ends at its last word: take in the punctuation and quotation marks after it.
    let tail = &unit[x.end..];
    let end = x.end + tail.len() - tail.trim_start_matches(|c: char| c.is_ascii_punctuation() || c == '”').len();
    let t = &unit[x.start..end];
    let (Some(open), Some(close)) = (t.find(MARKS), t.rfind(MARKS)) else { return false };
    close > open && 5 * (close - open) >= 4 * t.trim().len()
}

/// Words of a heading that make its section restate the rest of the page by design: a summary,
/// an agenda, the decisions and actions of a meeting, its conclusions.
const RESTATING: &[&str] = &[
    "abstract", "action", "actions", "agenda", "conclusion", "conclusions", "decision", "decisions", "highlights",
    "outcomes", "overview", "recap", "resolution", "resolutions", "summary", "takeaways",
];

/// Copies in different sections, one of which restates the page (a summary, an agenda, the
/// decisions of a meeting), or a table cell that restates running text: the restatement is by
/// design, and only a note.
fn restated(cx: &Context, c: &Cluster) -> bool {
    // A whole paragraph of forty words or more copied word for word is a paste, whatever the
    // sections: a summary restates in its own words, or a line at a time.
    if c.similarity >= 1.0 && c.copies.iter().all(|x| x.whole) && c.copies[0].words >= LONG_PASTE {
        return false;
    }
    let unit = |x: &Occurrence| &cx.units[x.doc][x.unit];
    let cell = |x: &Occurrence| matches!(unit(x).kind, UnitKind::Cell { .. });
    if c.copies.iter().any(cell) && !c.copies.iter().all(cell) {
        return true;
    }
    let first = unit(&c.copies[0]);
    let apart = c.copies.iter().any(|x| unit(x).doc != first.doc || unit(x).section != first.section);
    // A short title names such a section ("Decisions made", "Speaker's summary of key
    // points"), but not the document's own title ("Annual meeting summary report").
    let restating = |x: &Occurrence| {
        let u = unit(x);
        let title = fold(&u.section_title);
        let doc_title = cx.corpus.documents[u.doc].sections.first().is_some_and(|s| fold(&s.title_text()) == title);
        !doc_title && title.split(' ').count() <= 6 && title.split(' ').any(|w| RESTATING.contains(&w))
    };
    apart && c.copies.iter().any(restating)
}

/// Words from which a whole paragraph copied word for word is a paste even into a summary.
const LONG_PASTE: usize = 40;

/// Whether cluster `b` continues the run that ends with cluster `a`: as many copies, each in
/// the same document as `a`'s, after it and at most [`RUN_GAP`] units further on.
fn continues(a: &Cluster, b: &Cluster) -> bool {
    a.copies.len() == b.copies.len()
        && a.copies.iter().zip(&b.copies).all(|(x, y)| {
            x.doc == y.doc && (y.unit > x.unit && y.unit - x.unit <= RUN_GAP || y.unit == x.unit && y.start >= x.end)
        })
}

/// How many units (paragraphs, list items, cells) may stand between two passages of one
/// copied run: short lines, headings, a list, a table, a paragraph added to one copy. Units,
/// not lines, so that re-wrapping the text cannot split a run.
const RUN_GAP: usize = 24;

/// Below this similarity, a single passage worded alike somewhere else in the text is only a
/// note: parallel descriptions ("This scenario demonstrates…" under each scenario) are written
/// that way on purpose. Side by side, or in a copied run, it is two versions of one text.
const LOOSE: f64 = 0.9;

/// Whether the copies stand next to each other in one document (at most one unit between).
fn side_by_side(c: &Cluster) -> bool {
    c.copies.windows(2).all(|w| w[0].doc == w[1].doc && w[1].unit <= w[0].unit + 2)
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut reported: Vec<&Cluster> =
        cx.clusters().iter().filter(|c| c.kind == Kind::Duplicate && !by_design(cx, c)).collect();
    reported.sort_by_key(|c| (c.copies[0].doc, c.copies[0].unit, c.copies[0].start));
    // Passages copied together, one after the other in every copy, are one copied run: one
    // finding, not one per paragraph.
    let mut runs: Vec<Vec<&Cluster>> = Vec::new();
    for c in reported {
        // Only runs whose last passage is near this one can continue: look back a little.
        match runs.iter_mut().rev().take(8).find(|r| continues(r.last().expect("a run is never empty"), c)) {
            Some(run) => run.push(c),
            None => runs.push(vec![c]),
        }
    }
    runs.sort_by_key(|r| (r[0].copies[0].doc, r[0].copies[0].line, r[0].copies[0].start));
    runs.into_iter().map(|run| finding(cx, &run)).collect()
}

/// The finding of a run of passages copied together (most often one passage).
fn finding(cx: &Context, run: &[&Cluster]) -> Draft {
    let (c, last) = (run[0], run[run.len() - 1]);
    let first = &c.copies[0];
    let text = &cx.units[first.doc][first.unit].text[first.start..first.end];
    let similarity = run.iter().map(|c| c.similarity).fold(1.0, f64::min);
    let v = DuplicatePassage {
        passage: c.key(cx),
        excerpt: excerpt(text, 8),
        copies: c.copies.len(),
        similarity: percent(similarity),
        words: run.iter().map(|c| c.copies[0].words).sum(),
        passages: run.len(),
    };
    let mut d = Draft::new(v, first.doc, first.line);
    d = if run.iter().all(|c| restated(cx, c)) {
        d.note_only().hint("a summary, agenda or list of decisions restates the passage; nothing to do unless the copies disagree")
    } else if run.len() == 1 && c.similarity < LOOSE && !side_by_side(c) {
        d.note_only().hint("passages worded alike far apart are often parallel on purpose; check that neither is out of date")
    } else {
        d.hint("keep one copy and delete or rewrite the others; if the copies differ, check which one is current")
    };
    d.end_line = last.copies[0].end_line;
    for (k, x) in c.copies.iter().enumerate().skip(1) {
        let lowest = run.iter().map(|c| c.copies[k].similarity).fold(1.0, f64::min);
        let sim = if percent(lowest) >= 100 { "identical copy".to_string() } else { format!("copy, {}% similar", percent(lowest)) };
        if run.len() > 1 {
            let end = &last.copies[k];
            d = d.related(x.doc, x.line, format!("{sim}: the run's first passage")).related(
                end.doc,
                end.end_line,
                "the copied run's last line",
            );
            continue;
        }
        let part = if x.whole { "" } else { " (within a longer passage)" };
        d = d.related(x.doc, x.line, format!("{sim}{part}"));
    }
    d
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

    const P1: &str = "The network of initiatives continued to grow in scope and impact during the year.";
    const P2: &str = "Its members met twice, once online and once at the annual meeting held in June.";
    const P3: &str = "A working group on open statistics was founded in spring and elected its chairs in autumn.";

    #[test]
    fn paragraphs_pasted_together_are_one_finding_spanning_the_run() {
        let block = format!("{P1}\n\n{P2}\n\nA short line.\n\n{P3}\n");
        let text = format!(
            "# A\n\n{block}\nSection A closes with words of its own.\n\n\
             # B\n\nOther words of section B come first here.\n\n{block}\nAnd B closes otherwise.\n"
        );
        let d = drafts(super::check, &text);
        assert_eq!(d.len(), 1, "{:?}", d.iter().map(|d| &d.message).collect::<Vec<_>>());
        assert!(d[0].message.starts_with("run of 3 passages appears 2 times (verbatim)"), "{}", d[0].message);
        assert_eq!((d[0].line, d[0].end_line), (3, 9));
        assert_eq!((d[0].related[0].line, d[0].related[1].line), (17, 23));
        assert!(d[0].related[0].note.ends_with("the run's first passage"), "{}", d[0].related[0].note);
        assert!(d[0].at_most.is_none());
    }

    #[test]
    fn a_summary_or_a_table_restating_the_page_is_a_note() {
        use reportkit_model::Severity::Info;
        let text = format!("# Report\n\n## Summary\n\n{P1}\n\n## Work\n\n{P2}\n\n{P1}\n");
        let d = drafts(super::check, &text);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].at_most, Some(Info), "{d:?}");
        let text = format!("# Report\n\n| Item | Note |\n|---|---|\n| 1 | {P1} |\n\n## Work\n\n{P2}\n\n{P1}\n");
        let d = drafts(super::check, &text);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].at_most, Some(Info), "{d:?}");
        // Pasted twice inside the summary itself, it is a slip.
        let text = format!("# Report\n\n## Summary\n\n{P1}\n\n{P2}\n\n{P1}\n");
        assert_eq!(drafts(super::check, &text)[0].at_most, None);
        // A long paragraph copied word for word out of the summary is a paste, not a restatement.
        let long = format!("{P1} {P3} The review found every step written down and followed by the whole team.");
        let text = format!("# Report\n\n## Summary\n\n{long}\n\n## Work\n\n{P2}\n\n{long}\n");
        let d = drafts(super::check, &text);
        assert!(d.len() == 1 && d[0].at_most.is_none(), "{d:?}");
    }

    #[test]
    fn a_quotation_of_a_passage_is_not_a_copy() {
        let text = "Here is a line.\nStill unsure what the exact use cases are, but it seems plausible.\n\n\
                    DD: Other words here.\n\n\
                    Strike: \"Still unsure what the exact use cases are, but it seems plausible.\"\n";
        assert!(drafts(super::check, text).is_empty(), "{:?}", drafts(super::check, text));
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
    fn contents_entries_of_a_heading_given_twice_are_not_copies() {
        let entry = "[Review of the storage design for mobile clients that reconnect after a network failure during upload](#review-of-the-storage-design)";
        let body = "## Review of the storage design\n\nThe group agreed on the first day.\n\n\
                    ## Review of the storage design\n\nThe group came back to it on the second day.\n";
        let text = format!("# Minutes\n\n- {entry}\n- [Other](#other)\n- {entry}\n\n{body}");
        assert!(drafts(super::check, &text).is_empty(), "{:?}", drafts(super::check, &text));
        // The same item as text, not a contents entry, is a copy.
        let item = "Review of the storage design for mobile clients that reconnect after a network failure during upload";
        let text = format!("# Minutes\n\n- {item}\n- Other\n- {item}\n");
        assert_eq!(drafts(super::check, &text).len(), 1);
    }

    #[test]
    fn short_labels_and_different_paragraphs_pass() {
        let text = "Digital Trust and Resilience\n\nDigital Trust and Resilience\n\n\
                    The network of initiatives continued to grow in scope and impact during the year.\n\n\
                    Its members met twice, once online and once at the annual meeting in June.\n";
        assert!(drafts(super::check, text).is_empty());
    }
}
