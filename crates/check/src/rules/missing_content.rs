//! # missing-content
//!
//! An introduction promises content that is not there.
//!
//! ## What it does
//!
//! - A sentence ending in a colon with nothing after it before the next heading (a sub-section
//!   counts as content, and so does any heading after text that comes before the first one), or
//!   followed by another introduction (unless the first is a bare label of up to three words,
//!   "RB:", or the second is a short label for a part, "For the
//!   desktop app:", or says something before its colon), or one that promises a list ("the
//!   following …:", "… included:") that no list or table fulfils right after it or after one
//!   paragraph on it. Any non-prose block right after the
//!   colon is the content: a list, table, quote, code block, raw HTML (a chart, figure or
//!   image; comments and style sheets excepted), a shortcode, a paragraph of images only, or a
//!   formula (a short line with an operator, not closed like a sentence), or a paragraph whose
//!   opens with three words or more in bold, with a label in bold, or with a word in bold
//!   before a new sentence (a heading run in: "**Used in production by three users**" then
//!   its text, "**Option 1:** …", "**Roadmap** The roadmap …"). So is a paragraph of entries
//!   under short labels ("Core: Ana and Ben Loss Recovery: Chen HTTP: Dev", one a line in the
//!   source). A lead-in that says there is none ("No issues were identified:"), or one
//!   answered by "None" or "No issues were found.", promises nothing. A paragraph all in bold ending in a
//!   colon ("**Kubelet and runtime:**") is such a heading itself, not a lead-in. A
//!   lead-in that announces statements ("the following rules apply:", "… identity holds:")
//!   may be fulfilled by prose, and any lead-in by a paragraph that is mostly a quotation
//!   (feedback quoted after "Some feedback we received includes:"). A heading right after the
//!   lead-in holds its content when its title shares a word with the lead-in, inflections
//!   aside ("to share their experiences below:", then "## My Contribution Experience").
//! - A chart or table caption ("By Region (Percentage%)", "Figure 3: …") with no table, list,
//!   image or other non-prose block under it.
//!
//! ## Why is this bad?
//!
//! Conversions and edits drop charts and lists silently; the introduction left behind tells the
//! reader something is missing without saying what.
//!
//! ## Example
//!
//! Fails:
//!
//! ```markdown
//! The following donors supported the meeting:
//!
//! The full list is on the website.
//! ```
//!
//! Passes:
//!
//! ```markdown
//! The following donors supported the meeting:
//!
//! - The host country
//! ```

use reportkit_model::{walk_blocks, walk_sections, Block, Document, Inline};

use reportkit_text::words::singular;
use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::Context;
use crate::violation::{Diagnostic, Violation};
use crate::analysis::sections::flatten;
use crate::analysis::units::{Unit, UnitKind};

type Draft = Diagnostic<MissingContent>;

/// A caption or an introduction without the content it announces.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MissingContent {
    /// The caption, or the sentence ending in a colon.
    pub text: String,
    /// Whether `text` is a caption ("Figure 3: …") rather than a sentence.
    pub caption: bool,
}

impl Violation for MissingContent {
    const KEY: &'static [&'static str] = &["caption", "text"];

    fn message(&self) -> String {
        if self.caption {
            format!("caption \"{}\" has no chart, table or list under it", self.text)
        } else {
            format!("\"{}\" introduces content that is not there", self.text)
        }
    }
}

/// Words that promise a list or table after a colon.
const PROMISES: &[&str] = &[
    "following",
    "below",
    "as follows",
    "include:",
    "includes:",
    "included:",
    "including:",
    "are:",
    "were:",
    "namely:",
];

fn is_caption(u: &Unit) -> bool {
    if u.kind != UnitKind::Paragraph {
        return false;
    }
    let t = u.text.trim();
    let words = t.split_whitespace().count();
    let lower = t.to_lowercase();
    let figure_lead = ["figure", "chart", "graph", "table", "diagram"]
        .iter()
        .any(|w| lower.strip_prefix(w).is_some_and(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit())));
    (1..=8).contains(&words)
        && !t.ends_with('.')
        && (lower.contains("%)") || lower.contains("(percentage") || figure_lead)
}

/// First lines of the blocks that are content without being prose: code, raw HTML (a chart,
/// a figure, an image, a shortcode; comments and style sheets excepted), tables, lists, quotes,
/// paragraphs that hold only images or HTML, and paragraphs under a line in bold. Sorted.
fn content_lines(doc: &Document) -> Vec<u32> {
    let mut out = Vec::new();
    let mut visit = |b: &Block| {
        let content = match b {
            Block::Code { .. } | Block::Table { .. } | Block::List { .. } | Block::Quote { .. } => true,
            Block::Html { html, .. } => {
                let t = html.trim().to_ascii_lowercase();
                !(t.starts_with("<!--") && t.ends_with("-->") || t.starts_with("<style"))
            }
            // A paragraph under a heading run in: a first line in bold ("**Used in production
            // by three users**", then the text on it) or a label in bold ("**Option 1:** …").
            Block::Paragraph { content, .. } if run_in(content) => true,
            Block::Paragraph { content, .. } => {
                content.iter().any(|i| matches!(i, Inline::Image { .. } | Inline::Html { .. }))
                    && content.iter().all(|i| match i {
                        Inline::Image { .. } | Inline::Html { .. } | Inline::SoftBreak | Inline::HardBreak => true,
                        Inline::Text { text } => text.trim().is_empty(),
                        Inline::Link { children, .. } => children.iter().all(|c| matches!(c, Inline::Image { .. })),
                        _ => false,
                    })
            }
            Block::ThematicBreak { .. } | Block::Heading { .. } | Block::FootnoteDefinition { .. } => false,
        };
        if content {
            out.push(b.span().start);
        }
    };
    walk_blocks(&doc.blocks, &mut visit);
    walk_sections(&doc.sections, &mut |s, _| walk_blocks(&s.blocks, &mut visit));
    for a in &doc.articles {
        walk_blocks(&a.blocks, &mut visit);
        walk_sections(&a.sections, &mut |s, _| walk_blocks(&s.blocks, &mut visit));
    }
    out.sort_unstable();
    out
}

/// Some content block starts after line `after` and before line `before` (callers pass the
/// line after the next unit's first: that unit may be the content itself, an image paragraph).
fn content_between(lines: &[u32], after: u32, before: u32) -> bool {
    let i = lines.partition_point(|l| *l <= after);
    lines.get(i).is_some_and(|l| *l < before)
}

/// Whether a paragraph opens the first of items written as paragraphs: "One:", "First,",
/// "Firstly:", "First of all,", "1)" (a speech that announces "the following:" and numbers its
/// points in words).
fn first_of_items(text: &str) -> bool {
    let t = text.trim_start();
    let lower = t.to_lowercase();
    ["one", "first", "firstly", "first of all", "1"].iter().any(|w| {
        lower.strip_prefix(w).is_some_and(|rest| rest.starts_with([':', ',', '.', ')', '-', '–']))
    })
}

/// A label of at most three words and a colon, with no verb of its own to promise anything
/// ("RB:", "Open questions:", "Ana López:").
fn bare_label(text: &str) -> bool {
    let t = text.trim();
    t.split_whitespace().count() <= 3 && t.matches(':').count() == 1 && !t.contains(['.', ',', ';'])
}

/// Whether a paragraph says there is nothing to list: "None", "N/A", "No issues were found
/// that would block the move.", "There are no open items."
fn says_none(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', ':', '!']).to_lowercase();
    let first = t.split_whitespace().next().unwrap_or("");
    matches!(t.as_str(), "none" | "n/a" | "nothing" | "not applicable" | "none so far" | "none yet")
        || matches!(first, "no" | "none" | "nothing")
        || ["there are no ", "there were no ", "there is no ", "there is nothing", "there was no "].iter().any(|p| t.starts_with(p))
}

/// Whether a paragraph is entries written one per line without list markers, each under a
/// short label ("Core: Ana and Ben", "Loss Recovery: Chen", "Transport: Dev"): it opens with a
/// label of at most three words and holds at least two labels more. Counted on the text, not
/// on its lines, so the wrapping does not change the answer.
fn labelled_entries(text: &str) -> bool {
    let t = text.trim();
    let opens = t.split_once(':').is_some_and(|(head, _)| {
        let n = head.split_whitespace().count();
        (1..=3).contains(&n) && head.split_whitespace().all(|w| w.starts_with(char::is_uppercase))
    });
    let labels = t.char_indices().filter(|&(i, c)| c == ':' && t[i + 1..].chars().next().is_none_or(char::is_whitespace));
    opens && labels.count() >= 3
}

/// Whether a paragraph opens under a heading run in: words in bold, three or more ("**Used in
/// production by three users** Lantern runs …") or a label ending in a colon or a full stop
/// ("**Option 1:** Top-level resources"). (Not where its lines break: that changes with the
/// wrapping.)
fn run_in(content: &[Inline]) -> bool {
    let Some(Inline::Strong { children }) = content.first() else { return false };
    let label: String = children
        .iter()
        .map(|i| match i {
            Inline::Text { text } => text.as_str(),
            _ => " ",
        })
        .collect();
    if label.split_whitespace().count() >= 3 || label.trim_end().ends_with([':', '.']) {
        return true;
    }
    // A short label in bold, then a new sentence: "**Roadmap** The roadmap has not been updated".
    let after = content[1..].iter().find_map(|i| match i {
        Inline::Text { text } if !text.trim().is_empty() => Some(text.trim_start().chars().next()),
        Inline::SoftBreak | Inline::HardBreak | Inline::Text { .. } => None,
        _ => Some(None),
    });
    !label.trim().is_empty() && matches!(after, Some(Some(c)) if c.is_uppercase())
}

/// The first lines of the paragraphs all in bold ("**Kubelet and runtime:**"): headings run in,
/// whose content is whatever comes under them.
fn bold_lines(doc: &Document) -> Vec<u32> {
    let mut out = Vec::new();
    let mut visit = |b: &Block| {
        if let Block::Paragraph { content, span } = b {
            if matches!(content.as_slice(), [Inline::Strong { .. }]) {
                out.push(span.start);
            }
        }
    };
    walk_blocks(&doc.blocks, &mut visit);
    walk_sections(&doc.sections, &mut |s, _| walk_blocks(&s.blocks, &mut visit));
    out.sort_unstable();
    out
}

/// A paragraph that is mostly a quotation (a testimonial: `Ana Ruiz "I feel at home here …"`):
/// quoted words are what a lead-in such as "Some feedback we received includes:" announces.
fn quotation(text: &str) -> bool {
    let quoted: usize = text.split(['"', '“', '”']).skip(1).step_by(2).map(|q| q.split_whitespace().count()).sum();
    quoted >= 8 && quoted * 2 >= text.split_whitespace().count()
}

/// A paragraph that is a formula rather than prose: short, with an operator, not closed like a
/// sentence ("short(a + b) == a +s b", "x ≤ 2y").
fn formula(text: &str) -> bool {
    let t = text.trim();
    t.split_whitespace().count() <= 12
        && !t.ends_with(['.', '?', '!', ':'])
        && t.contains(['=', '<', '>', '+', '*', '/', '^', '≤', '≥', '≠', '→', '⇒', '∑', '×'])
}

/// A lead-in that is a condition running on into its list: it ends in "if:", "when:", "where:"
/// or "unless:", or opens with "upon", "when", "if", "after" and the like ("Upon upgrade of
/// the controller:").
fn condition(text: &str) -> bool {
    let t = text.trim_end().to_lowercase();
    let first = t.split_whitespace().next().unwrap_or("");
    [" if:", " when:", " where:", " unless:"].iter().any(|e| t.ends_with(e))
        || ["upon", "when", "if", "after", "before", "during", "once", "while"].contains(&first)
}

/// A lead-in that announces statements rather than a list: "the following rules apply:", "the
/// following identity holds:". Prose may fulfil it.
fn states_rules(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches(':').trim_end().to_lowercase();
    // Without a closing parenthetical ("… apply to structs (among others):").
    let t = match t.strip_suffix(')').and_then(|x| x.rfind('(').map(|i| &t[..i])) {
        Some(head) => head.trim_end().to_string(),
        None => t,
    };
    let last = t.rsplit(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty()).unwrap_or("");
    matches!(last, "apply" | "applies" | "hold" | "holds")
}

/// Whether the heading right after a lead-in holds what it promises: its title shares a word
/// with the lead-in, inflections aside ("Expanded conclusion for the release:" then "##
/// Conclusion"; "to share their experiences below:" then "## My Contribution Experience").
fn heading_holds_it(lead: &str, heading: &Unit) -> bool {
    let words = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4)
            .map(|w| singular(&w.to_lowercase()))
            .collect()
    };
    let lead = words(lead);
    words(&heading.text).iter().any(|w| lead.contains(w))
}

fn blank(u: &Unit) -> bool {
    u.kind == UnitKind::Paragraph && u.text.trim().is_empty()
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    for (d, units) in cx.units.iter().enumerate() {
        let doc = &cx.corpus.documents[d];
        let secs = flatten(doc);
        let parents: std::collections::HashMap<&str, &str> = secs
            .iter()
            .filter_map(|p| p.parent.map(|i| (p.section.id.as_str(), secs[i].section.id.as_str())))
            .collect();
        let parent_of = |id: &str| parents.get(id).copied();
        let levels: std::collections::HashMap<&str, u8> =
            secs.iter().map(|p| (p.section.id.as_str(), p.section.level)).collect();
        // The level of a unit's section; text before the first heading is at level 0.
        let level_of = |id: &str| levels.get(id).copied().unwrap_or(0);
        let content = content_lines(doc);
        let bold = bold_lines(doc);
        for (i, u) in units.iter().enumerate() {
            let next_at = units[i + 1..].iter().position(|n| !blank(n)).map(|p| i + 1 + p);
            let next = next_at.map(|k| &units[k]);
            if is_caption(u) {
                let filled = next.is_some_and(|n| matches!(n.kind, UnitKind::Cell { .. } | UnitKind::ListItem { .. }))
                    || content_between(&content, u.end_line, next.map_or(u32::MAX, |n| n.line + 1));
                if !filled {
                    let t = u.text.trim();
                    out.push(
                        Draft::new(MissingContent { text: t.to_string(), caption: true }, d, u.line)
                            .snippet(t.to_string())
                            .hint("restore the chart or table (as a table or list the checks can read), or remove the caption"),
                    );
                }
                continue;
            }
            if u.kind != UnitKind::Paragraph || !u.text.trim_end().ends_with(':') || bold.binary_search(&u.line).is_ok() {
                continue;
            }
            let lower = u.text.to_lowercase();
            // "No issues have been identified that need to be resolved:": nothing is promised.
            if says_none(&u.text) {
                continue;
            }
            let promise = PROMISES.iter().any(|p| lower.contains(p));
            // A code block, chart, figure or other non-prose block right after the colon is
            // the content.
            if content_between(&content, u.end_line, next.map_or(u32::MAX, |n| n.line + 1)) {
                continue;
            }
            let missing = match next {
                None => true,
                Some(n) => match n.kind {
                    UnitKind::ListItem { .. } | UnitKind::Cell { .. } | UnitKind::Quote => false,
                    // Sub-sections are the content: a heading nested in the introduction's
                    // section, or any heading after text that comes before the first one.
                    UnitKind::Heading => {
                        (parent_of(&n.section) != Some(u.section.as_str()) && level_of(&u.section) != 0
                            || level_of(&n.section) <= level_of(&u.section))
                            && !heading_holds_it(&u.text, n)
                    }
                    // An introduction followed by another introduction: the first lost its
                    // content, unless the second paragraph says something before its own colon
                    // (prose is the content: "here's a summary:" then "The main change is …
                    // Tell us what you think:"), or is a short label for a part of the content
                    // ("Platforms gained support:" then "For the desktop app:" and its list).
                    // A bare label ("RB:", "Notes:") opens the paragraph after it, whatever that
                    // paragraph ends with (a speaker's notes that open with a lead-in of their own).
                    UnitKind::Paragraph if bare_label(&u.text) && !promise => false,
                    UnitKind::Paragraph if n.text.trim_end().ends_with(':') => {
                        let k = next_at.expect("`next` is the unit at `next_at`");
                        let prose_first = cx.sentences(d, k).len() > 1;
                        // A short label, or a condition whose sentence runs on into its list
                        // ("A value converts to T if:"): part of the first one's content.
                        let label = (n.text.split_whitespace().count() <= 8 || condition(&n.text)) && {
                            let nl = n.text.to_lowercase();
                            !PROMISES.iter().any(|p| nl.contains(p))
                        };
                        let after = units[k + 1..].iter().find(|x| !blank(x));
                        let filled = after.is_some_and(|a| {
                            matches!(a.kind, UnitKind::ListItem { .. } | UnitKind::Cell { .. } | UnitKind::Quote)
                                || a.kind == UnitKind::Paragraph && formula(&a.text)
                        }) || content_between(&content, n.end_line, after.map_or(u32::MAX, |a| a.line + 1));
                        // A second lead-in to a formula states what the first announced.
                        let formula_after = after.is_some_and(|a| a.kind == UnitKind::Paragraph && formula(&a.text));
                        !(prose_first || label && filled || formula_after)
                    }
                    UnitKind::Paragraph | UnitKind::Attribution | UnitKind::Footnote => {
                        promise
                            && !formula(&n.text)
                            && !quotation(&n.text)
                            && !first_of_items(&n.text)
                            && !labelled_entries(&n.text)
                            && !says_none(&n.text)
                            && !states_rules(&u.text)
                            // The list may come after one paragraph on it ("Dates may
                            // change."), not further on.
                            && !units[i + 1..]
                                .iter()
                                .filter(|x| !blank(x))
                                .take(2)
                                .any(|x| matches!(x.kind, UnitKind::ListItem { .. } | UnitKind::Cell { .. }))
                    }
                },
            };
            if missing {
                let sentence = u.text.trim().rsplit('.').next().unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ");
                out.push(
                    Draft::new(
                        MissingContent { text: sentence.clone(), caption: false },
                        d,
                        u.line_at(u.text.trim_end().len() - 1),
                    )
                    .snippet(sentence.clone())
                    .hint("add the list or table it introduces, or end the sentence differently"),
                );
            }
        }
    }
    out
}
