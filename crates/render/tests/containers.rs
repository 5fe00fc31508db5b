//! Headings inside containers and GFM footnotes through the Markdown reader and writer: the
//! model keeps them where they are written, and read → write → read gives the same document and
//! the same HTML (comrak, with reportkit's options).

mod common;

use reportkit_model::{walk_blocks, walk_sections, Block, Document, Inline};
use reportkit_render::markdown::{to_markdown, MarkdownOptions};

fn html(md: &str) -> String {
    comrak::markdown_to_html(md, &reportkit_parse::comrak_options())
}

/// Every block of the document, in order, descending into containers.
fn all_blocks(doc: &Document) -> Vec<Block> {
    let mut out = Vec::new();
    walk_blocks(&doc.blocks, &mut |b| out.push(b.clone()));
    walk_sections(&doc.sections, &mut |s, _| walk_blocks(&s.blocks, &mut |b| out.push(b.clone())));
    out
}

/// Read `md`, write it, and check that the HTML and the re-read document are the same.
fn round_trip(md: &str) -> Document {
    let doc = common::read_markdown("notes", md, false);
    let ours = to_markdown(&doc, &MarkdownOptions::default());
    assert_eq!(html(&ours), html(md), "the same HTML from\n{md}\nand from\n{ours}");
    common::assert_round_trip(&doc, false);
    doc
}

fn text(i: &[Inline]) -> String {
    reportkit_model::inline_text(i)
}

#[test]
fn a_heading_in_a_block_quote_stays_a_heading_there() {
    let md = "# Notes\n\n> ## Quoted heading\n>\n> Quoted text.\n\n> Setext in a quote\n> ---\n";
    let doc = round_trip(md);
    let headings: Vec<(u8, String)> = all_blocks(&doc)
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, content, .. } => Some((*level, text(content))),
            _ => None,
        })
        .collect();
    assert_eq!(headings, [(2, "Quoted heading".to_string()), (2, "Setext in a quote".to_string())]);
    assert_eq!(doc.sections.len(), 1, "headings in quotes open no section");
    match &doc.sections[0].blocks[0] {
        Block::Quote { blocks, .. } => assert!(matches!(blocks[0], Block::Heading { level: 2, .. })),
        other => panic!("a quote expected: {other:?}"),
    }
}

#[test]
fn a_heading_in_a_list_item_stays_a_heading_there() {
    let md = "- # Item heading\n  Item text.\n- plain item\n\n1. first\n\n   ### Deeper heading\n\n   more\n";
    let doc = round_trip(md);
    let Block::List { items, .. } = &doc.blocks[0] else { panic!("a list: {:?}", doc.blocks) };
    assert!(matches!(&items[0].blocks[0], Block::Heading { level: 1, content, .. } if text(content) == "Item heading"));
    let Block::List { items, .. } = &doc.blocks[1] else { panic!("a second list: {:?}", doc.blocks) };
    assert!(matches!(&items[0].blocks[1], Block::Heading { level: 3, .. }));
    assert!(doc.sections.is_empty());
}

#[test]
fn footnotes_are_references_and_definitions_where_written() {
    let md = "# Harvest\n\nYields rose[^1] and fell again.[^note]\n\n[^1]: Measured by weight.\n\n\
              [^note]: Two paragraphs of note.\n\n    The second one, with a [link](https://example.org/a).\n\n\
              Closing words.\n";
    let doc = round_trip(md);
    let blocks = all_blocks(&doc);
    let Block::Paragraph { content, .. } = &blocks[0] else { panic!("{blocks:?}") };
    let refs: Vec<&str> = content
        .iter()
        .filter_map(|i| match i {
            Inline::FootnoteReference { label } => Some(label.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(refs, ["1", "note"]);
    assert_eq!(text(content), "Yields rose and fell again.", "a reference adds no words to the sentence");
    let defs: Vec<(&str, usize)> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::FootnoteDefinition { label, blocks, .. } => Some((label.as_str(), blocks.len())),
            _ => None,
        })
        .collect();
    assert_eq!(defs, [("1", 1), ("note", 2)]);
    // Written where they stand: the closing paragraph is still last.
    assert!(
        matches!(doc.sections[0].blocks.last(), Some(Block::Paragraph { content, .. }) if text(content) == "Closing words.")
    );
}

#[test]
fn an_unreferenced_footnote_keeps_its_text() {
    let doc = round_trip("Text without references.\n\n[^orphan]: A note nobody cites.\n");
    assert!(matches!(&doc.blocks[1], Block::FootnoteDefinition { label, .. } if label == "orphan"));
}

#[test]
fn heading_attributes_give_id_and_classes_and_are_written_back_as_written() {
    let md = "# Notes\n\n## Poor interaction { #overload .wide }\n\nText.\n\nTwo\nlines {#tl}\n---\n\nMore.\n";
    let doc = round_trip(md);
    let s = &doc.sections[0].children[0];
    assert_eq!((s.id.as_str(), text(&s.title).as_str()), ("overload", "Poor interaction"));
    assert_eq!(s.classes, ["wide"]);
    assert_eq!(s.attributes.as_deref(), Some("{ #overload .wide }"));
    let ours = to_markdown(&doc, &MarkdownOptions::default());
    assert!(ours.contains("## Poor interaction { #overload .wide }\n"), "{ours}");
    assert_eq!(doc.sections[0].children[1].id, "tl");
}
