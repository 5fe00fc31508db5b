//! Property tests of the Markdown writer: generated documents (sections, paragraphs with
//! emphasis, links, code and breaks, lists, tables, quotes, code blocks) read back to the same
//! document, and writing them again gives the same bytes.
//!
//! Generated text mixes ordinary words with every character Markdown could misread (`#`, `-`,
//! `1.`, `*`, `_`, `[`, `<`, `&amp;`, `\`, `|`, addresses GFM would link…), so the escaping is
//! exercised at line starts, inside emphasis, link text and table cells.

mod common;

use proptest::prelude::*;
use reportkit_model::{
    Alignment, Attribution, Block, Document, DocumentKind, Inline, LinkStyle, ListItem, Metadata, QuoteStyle, Source,
    SourceFormat, Span, TableRow,
};
use reportkit_parse::header::{body, Header};
use reportkit_parse::sections::Item;

const WORDS: &[&str] = &[
    "alpha",
    "Beta",
    "gamma",
    "delta",
    "report",
    "snake_case",
    "#",
    "##",
    "-",
    "+",
    "1.",
    "2)",
    "*",
    "**",
    "_",
    "~",
    "~~",
    "[",
    "]",
    "[x]",
    "[ ]",
    "(",
    ")",
    "!",
    "![",
    "<",
    "<b>",
    "<!--",
    ">",
    "&",
    "&amp;",
    "&#35;",
    "\\",
    "\\*",
    "`",
    "```",
    "|",
    "=",
    "==",
    "---",
    ":",
    "a@b.org",
    "www.x.org",
    "http://e.org",
    "“quoted”",
    "é",
    "naïve",
];

fn words(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..=max).prop_map(|w| w.join(" "))
}

fn text(s: String) -> Inline {
    Inline::Text { text: s }
}

/// Join adjacent text runs, as the reader does.
fn merge(v: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for i in v {
        if let (Inline::Text { text: t }, Some(Inline::Text { text: prev })) = (&i, out.last_mut()) {
            prev.push_str(t);
            continue;
        }
        out.push(i);
    }
    out
}

/// One space-delimited segment of a paragraph.
fn segment() -> impl Strategy<Value = Inline> {
    let leaf = prop_oneof![
        4 => words(4).prop_map(text),
        1 => "[a-z ]{0,3}[a-z`|*_]{1,6}[a-z ]{0,3}".prop_map(|t| Inline::Code { text: t }),
    ];
    prop_oneof![
        6 => leaf,
        1 => words(3).prop_map(|w| Inline::Emphasis { children: vec![text(w)] }),
        1 => words(3).prop_map(|w| Inline::Strong { children: vec![text(w)] }),
        1 => (words(2), words(2)).prop_map(|(a, b)| Inline::Emphasis {
            children: vec![text(format!("{a} ")), Inline::Strong { children: vec![text(b)] }]
        }),
        1 => words(2).prop_map(|w| Inline::Strikethrough { children: vec![text(w)] }),
        1 => words(2).prop_map(|w| Inline::Superscript { children: vec![text(w)] }),
        1 => (words(3), "[a-z]{1,8}").prop_map(|(w, p)| Inline::Link {
            url: format!("https://example.org/{p}"),
            title: String::new(),
            children: vec![text(w)],
            style: LinkStyle::Inline
        }),
        1 => "[a-z]{1,8}".prop_map(|p| {
            let url = format!("https://example.org/{p}");
            Inline::Link { url: url.clone(), title: String::new(), children: vec![text(url)], style: LinkStyle::Autolink }
        }),
        1 => (words(2), "[a-z]{1,8}").prop_map(|(w, p)| Inline::Link {
            url: format!("https://example.org/{p}"),
            title: String::new(),
            children: vec![text(w)],
            style: LinkStyle::Html
        }),
    ]
}

/// Paragraph content: segments separated by a space, a soft break or a hard break.
fn content(max: usize, breaks: bool) -> impl Strategy<Value = Vec<Inline>> {
    let sep =
        if breaks { prop_oneof![6 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8)].boxed() } else { Just(0u8).boxed() };
    (segment(), prop::collection::vec((sep, segment()), 0..max)).prop_map(|(first, rest)| {
        let mut v = vec![first];
        for (s, seg) in rest {
            v.push(match s {
                0 => text(" ".into()),
                1 => Inline::SoftBreak,
                _ => Inline::HardBreak,
            });
            v.push(seg);
        }
        merge(v)
    })
}

fn paragraph() -> impl Strategy<Value = Block> {
    content(6, true).prop_map(|c| Block::Paragraph { span: Span::line(1), content: c })
}

fn list(inner: BoxedStrategy<Block>) -> impl Strategy<Value = Block> {
    let item = (paragraph(), prop::option::of(inner), prop::option::of(any::<bool>()), any::<bool>()).prop_map(
        |(p, sub, checked, second_para)| {
            let mut blocks = vec![p];
            if second_para {
                blocks.push(Block::Paragraph { span: Span::line(1), content: vec![text("more".into())] });
            }
            blocks.extend(sub);
            ListItem { span: Span::line(1), checked, blocks }
        },
    );
    (any::<bool>(), 0u64..12, any::<bool>(), prop::collection::vec(item, 1..4)).prop_map(
        |(ordered, start, tight, items)| {
            // Only a list with blank lines between its parts reads back loose, and a tight item
            // cannot hold two paragraphs.
            let two_paras = items.iter().any(|i| i.blocks.len() > 1 && matches!(i.blocks[1], Block::Paragraph { .. }));
            let loose_possible = items.len() > 1 || items.iter().any(|i| i.blocks.len() > 1);
            let tight = (tight && !two_paras) || !loose_possible;
            let mut items = items;
            if tight {
                // Only a list numbered from 1 can interrupt the paragraph above it, and a table
                // cannot follow a paragraph without a blank line.
                for it in &mut items {
                    let first = it.blocks.remove(0);
                    it.blocks.retain(|b| !matches!(b, Block::Table { .. }));
                    it.blocks.insert(0, first);
                    for b in it.blocks.iter_mut().skip(1) {
                        if let Block::List { ordered: true, start, .. } = b {
                            *start = Some(1);
                        }
                    }
                }
            }
            Block::List { span: Span::line(1), ordered, start: ordered.then_some(start), tight, items }
        },
    )
}

fn table() -> impl Strategy<Value = Block> {
    let align = prop::sample::select(vec![Alignment::None, Alignment::Left, Alignment::Center, Alignment::Right]);
    (1usize..4).prop_flat_map(move |n| {
        let row = || prop::collection::vec(content(2, false), n);
        (prop::collection::vec(align.clone(), n), row(), prop::collection::vec(row(), 0..3)).prop_map(
            |(alignments, header, rows)| Block::Table {
                span: Span::line(1),
                alignments,
                header: TableRow { line: 1, cells: header },
                rows: rows.into_iter().map(|cells| TableRow { line: 1, cells }).collect(),
            },
        )
    })
}

fn attribution() -> impl Strategy<Value = Attribution> {
    ("[A-Z][a-z]{2,8} [A-Z][a-z]{2,8},?", prop::collection::vec("[A-Z][a-z]{2,8}( [a-z]{2,8}){0,3}", 1..3)).prop_map(
        |(name, roles)| Attribution {
            span: Span::line(1),
            name: vec![text(name)],
            roles: roles.into_iter().map(|r| vec![text(r)]).collect(),
        },
    )
}

fn code() -> impl Strategy<Value = Block> {
    (prop::collection::vec(words(4), 1..4), any::<bool>(), "[a-z]{0,4}").prop_map(|(lines, fenced, info)| Block::Code {
        span: Span::line(1),
        info: if fenced { info } else { String::new() },
        text: lines.join("\n") + "\n",
        fenced,
    })
}

fn block() -> BoxedStrategy<Block> {
    let leaf = prop_oneof![
        6 => paragraph(),
        1 => table(),
        1 => code(),
        1 => Just(Block::ThematicBreak { span: Span::line(1) }),
    ]
    .boxed();
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            4 => paragraph(),
            2 => list(inner.clone().boxed()),
            1 => prop::collection::vec(inner, 1..3).prop_map(|blocks| Block::Quote {
                span: Span::line(1),
                blocks,
                attribution: None,
                style: QuoteStyle::Blockquote
            }),
        ]
    })
    .boxed()
}

/// A pull quote (only at the top level, where the reader folds them).
fn pull_quote() -> impl Strategy<Value = Block> {
    (prop::collection::vec(content(5, false), 1..3), attribution()).prop_map(|(paras, a)| Block::Quote {
        span: Span::line(1),
        blocks: paras.into_iter().map(|c| Block::Paragraph { span: Span::line(1), content: c }).collect(),
        attribution: Some(a),
        style: QuoteStyle::PullQuote,
    })
}

/// Indented code cannot follow a list (it would be read as the list's continuation) or another
/// indented code block (they would merge), nor sit in a list item: make those fenced.
fn fix_code(blocks: &mut [Block]) {
    for i in 0..blocks.len() {
        let after_list = i > 0 && matches!(blocks[i - 1], Block::List { .. } | Block::Code { fenced: false, .. });
        match &mut blocks[i] {
            Block::Code { fenced, .. } if after_list => *fenced = true,
            Block::List { items, .. } => {
                for it in items {
                    for b in &mut it.blocks {
                        if let Block::Code { fenced, .. } = b {
                            *fenced = true;
                        }
                    }
                    fix_code(&mut it.blocks);
                }
            }
            Block::Quote { blocks, .. } => fix_code(blocks),
            _ => {}
        }
    }
}

fn heading() -> impl Strategy<Value = Item> {
    (1u8..=6, prop_oneof![3 => words(4), 1 => words(2).prop_map(|w| format!("Annex {w}"))])
        .prop_map(|(level, t)| Item::Heading { level, title: vec![text(t)], span: Span::line(1) })
}

fn items() -> impl Strategy<Value = Vec<Item>> {
    prop::collection::vec(
        prop_oneof![6 => block().prop_map(Item::Block), 1 => pull_quote().prop_map(Item::Block), 2 => heading()],
        0..10,
    )
    .prop_map(fix_runs)
}

/// Apply the code fix on runs of blocks between headings.
fn fix_runs(v: Vec<Item>) -> Vec<Item> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut out = Vec::new();
    for it in v {
        match it {
            Item::Block(b) => blocks.push(b),
            h => {
                fix_code(&mut blocks);
                out.extend(blocks.drain(..).map(Item::Block));
                out.push(h);
            }
        }
    }
    fix_code(&mut blocks);
    out.extend(blocks.into_iter().map(Item::Block));
    out
}

fn document() -> impl Strategy<Value = Document> {
    let kind = prop::sample::select(vec![
        DocumentKind::Report,
        DocumentKind::Other,
        DocumentKind::Article,
        DocumentKind::Feed,
    ]);
    (kind, items(), prop::option::of(words(4)), prop::collection::vec((words(4), items()), 1..4)).prop_map(
        |(kind, items, title, articles)| {
            let source =
                Source { path: "doc.md".into(), sha256: String::new(), format: SourceFormat::Markdown, lines: 0 };
            let mut title = title.unwrap_or_else(|| "doc".into());
            let items = if kind == DocumentKind::Feed {
                // A feed holds articles: each a level-1 headline with its blocks and sections.
                let mut v = Vec::new();
                for (headline, mut body_items) in articles {
                    v.push(Item::Heading { level: 1, title: vec![text(headline)], span: Span::line(1) });
                    body_items.retain(|i| !matches!(i, Item::Heading { level: 1, .. }));
                    // Dropping a headline joins the runs of blocks around it.
                    v.extend(fix_runs(body_items));
                }
                v
            } else {
                items
            };
            if title.trim().is_empty() {
                title = "doc".into();
            }
            let header = Header { kind, headline: false, title: Some(title.clone()) };
            let b = body(&header, items);
            Document {
                id: "doc".into(),
                source,
                title,
                kind,
                metadata: Metadata::default(),
                blocks: b.blocks,
                sections: b.sections,
                articles: b.articles,
            }
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn generated_documents_round_trip(doc in document()) {
        common::assert_round_trip(&doc, false);
    }

    #[test]
    fn reflowed_markdown_keeps_the_words(doc in document(), width in 20usize..100) {
        let md = reportkit_render::markdown::to_markdown(&doc, &reportkit_render::markdown::MarkdownOptions { wrap: Some(width) });
        let back = common::read_markdown(&doc.id, &md, false);
        let words = |d: &Document| {
            let json = serde_json::to_string(&common::normalized(d)).expect("serializes");
            // Reflowing moves soft breaks and spaces, nothing else.
            json.replace("{\"type\":\"soft_break\"}", "{\"type\":\"text\",\"text\":\" \"}")
        };
        let (a, b) = (words(&doc), words(&back));
        let squash = |s: &str| s.replace("\"},{\"type\":\"text\",\"text\":\"", "").replace(' ', "");
        prop_assert_eq!(squash(&a), squash(&b), "markdown:\n{}", md);
    }
}
