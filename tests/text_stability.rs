//! Property test of the plain-text reader's stability: adding (or, read the other way,
//! removing) one paragraph changes only that paragraph's blocks. The headline, the subheadings,
//! the lists and every other paragraph read the same, at the same lines shifted past the
//! insertion, whether paragraphs are blank-line separated (wrapped or one line each) or written
//! one per line with no blank lines.

use proptest::prelude::*;
use reportkit_model::{inline_text, Block, Document, Section, SourceFormat};

const WORDS: &[&str] = &[
    "the",
    "committee",
    "agreed",
    "budget",
    "members",
    "of",
    "and",
    "a",
    "review",
    "noted",
    "that",
    "plan",
    "was",
    "late",
    "region",
    "reported",
    "growth",
    "in",
    "schools",
    "water",
    "projects",
    "were",
    "funded",
    "by",
    "donors",
    "with",
    "support",
    "from",
    "local",
    "partners",
    "during",
    "year",
    "its",
    "staff",
    "visited",
    "districts",
];
const TITLE_WORDS: &[&str] =
    &["Budget", "Review", "Regional", "Outcomes", "Water", "Schools", "Funding", "Partners", "Annual", "Results"];

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 8..14).prop_map(|w| {
        let s = w.join(" ");
        let mut c = s.chars();
        let first = c.next().map(|f| f.to_uppercase().collect::<String>()).unwrap_or_default();
        format!("{first}{}.", c.as_str())
    })
}

/// A paragraph of four to six sentences (always more than 25 words and 100 characters).
fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(sentence(), 4..7).prop_map(|s| s.join(" "))
}

fn title() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TITLE_WORDS), 2..5).prop_map(|w| w.join(" "))
}

/// One block of the body: a paragraph, a subheading and its paragraph, or a bulleted list and
/// the paragraph after it.
#[derive(Debug, Clone)]
enum Part {
    Para(String),
    Headed(String, String),
    Listed(Vec<String>, String),
}

fn part() -> impl Strategy<Value = Part> {
    prop_oneof![
        3 => paragraph().prop_map(Part::Para),
        1 => (title(), paragraph()).prop_map(|(t, p)| Part::Headed(t, p)),
        1 => (prop::collection::vec(title(), 2..4), paragraph()).prop_map(|(i, p)| Part::Listed(i, p)),
    ]
}

/// Lines wrapped at 72 columns.
fn wrap(p: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for w in p.split(' ') {
        if !line.is_empty() && line.len() + 1 + w.len() > 72 {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
    out.push_str(&line);
    out
}

/// The text of a document: blank-line separated (paragraphs wrapped or not), or one paragraph
/// per line with no blank lines (plain paragraphs only).
fn render(headline: &str, parts: &[Part], blank: bool, wrapped: bool) -> String {
    let para = |p: &str| if wrapped { wrap(p) } else { p.to_string() };
    let mut blocks = vec![headline.to_string()];
    for p in parts {
        blocks.push(match p {
            Part::Para(t) => para(t),
            Part::Headed(h, t) => format!("{h}\n\n{}", para(t)),
            Part::Listed(items, t) => {
                format!("{}\n\n{}", items.iter().map(|i| format!("- {i}")).collect::<Vec<_>>().join("\n"), para(t))
            }
        });
    }
    blocks.join(if blank { "\n\n" } else { "\n" }) + "\n"
}

/// Headings and blocks in document order: kind, text, first and last line.
fn flatten(doc: &Document) -> Vec<(String, String, u32, u32)> {
    fn block(b: &Block, out: &mut Vec<(String, String, u32, u32)>) {
        let s = b.span();
        let text = match b {
            Block::Paragraph { content, .. } => inline_text(content),
            Block::List { items, .. } => items
                .iter()
                .flat_map(|i| i.blocks.iter().filter_map(reportkit_parse::paragraph_text))
                .collect::<Vec<_>>()
                .join(" | "),
            Block::Code { text, .. } => text.clone(),
            _ => String::new(),
        };
        let kind = format!("{b:?}").split([' ', '{']).next().unwrap_or_default().to_string();
        out.push((kind, text, s.start, s.end));
    }
    fn section(s: &Section, out: &mut Vec<(String, String, u32, u32)>) {
        out.push(("Heading".into(), s.title_text(), s.heading_span.start, s.heading_span.end));
        s.blocks.iter().for_each(|b| block(b, out));
        s.children.iter().for_each(|c| section(c, out));
    }
    let mut out = Vec::new();
    doc.blocks.iter().for_each(|b| block(b, &mut out));
    doc.sections.iter().for_each(|s| section(s, &mut out));
    out
}

fn read(text: &str) -> Document {
    reportkit_parse::parse("generated.txt", text.as_bytes(), Some(SourceFormat::Text))
        .expect("plain text always parses")
        .remove(0)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn adding_a_paragraph_changes_only_that_paragraph(
        headline in title(),
        mut parts in prop::collection::vec(part(), 1..8),
        extra in paragraph(),
        at in 0usize..8,
        blank in any::<bool>(),
        wrapped in any::<bool>(),
    ) {
        // Without blank lines, a paragraph is one line, and there are no subheadings or lists.
        let wrapped = wrapped && blank;
        if !blank {
            parts = parts.into_iter().map(|p| match p {
                Part::Para(t) | Part::Headed(_, t) | Part::Listed(_, t) => Part::Para(t),
            }).collect();
        }
        let at = at.min(parts.len());
        let before = render(&headline, &parts, blank, wrapped);
        let mut more = parts.clone();
        more.insert(at, Part::Para(extra.clone()));
        let after = render(&headline, &more, blank, wrapped);
        // The inserted lines: the lines of the text before the insertion point are unchanged.
        let head = render(&headline, &parts[..at], blank, wrapped);
        let first = head.lines().count() as u32 + 1 + u32::from(blank);
        let added = (after.lines().count() - before.lines().count()) as u32;
        let last = first + added - 1 - u32::from(blank);

        let (a, b) = (read(&before), read(&after));
        prop_assert_eq!(&a.title, &headline);
        prop_assert_eq!(&b.title, &headline);
        let old = flatten(&a);
        let new: Vec<_> = flatten(&b)
            .into_iter()
            .filter(|(_, _, s, e)| !(*s >= first && *e <= last))
            .map(|(k, t, s, e)| if s > last { (k, t, s - added, e - added) } else { (k, t, s, e) })
            .collect();
        prop_assert_eq!(old, new, "inserted at lines {}..={}\n--- before\n{}\n--- after\n{}", first, last, before, after);
        // The inserted paragraph reads as one paragraph of its own.
        let mine: Vec<_> = flatten(&b).into_iter().filter(|(_, _, s, e)| *s >= first && *e <= last).collect();
        prop_assert_eq!(mine.len(), 1);
        prop_assert_eq!(&mine[0].0, "Paragraph");
    }
}
