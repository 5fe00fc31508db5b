use super::*;
use reportkit_model::inline_text;

fn items(html: &str) -> Vec<Item> {
    read(html).items
}

fn blocks(html: &str) -> Vec<Block> {
    items(html)
        .into_iter()
        .filter_map(|i| match i {
            Item::Block(b) => Some(b),
            Item::Heading { .. } => None,
        })
        .collect()
}

fn only(html: &str) -> Block {
    let b = blocks(html);
    assert_eq!(b.len(), 1, "{b:#?}");
    b.into_iter().next().expect("one block")
}

fn para(html: &str) -> Vec<Inline> {
    match only(html) {
        Block::Paragraph { content, .. } => content,
        other => panic!("not a paragraph: {other:#?}"),
    }
}

fn t(s: &str) -> Inline {
    Inline::Text { text: s.to_string() }
}

#[test]
fn headings_carry_level_line_and_id() {
    let html = "<!doctype html>\n<html><head><title>Page</title></head>\n<body>\n<h1>Annual report</h1>\n<p>Intro.</p>\n<h2 id=\"money\">Money &amp; time</h2>\n</body></html>\n";
    let r = read(html);
    assert_eq!(r.title.as_deref(), Some("Page"));
    let heads: Vec<(u8, String, u32)> = r
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Heading { level, title, span } => Some((*level, inline_text(title), span.start)),
            Item::Block(_) => None,
        })
        .collect();
    assert_eq!(heads, vec![(1, "Annual report".into(), 4), (2, "Money & time".into(), 6)]);
    assert_eq!(r.anchors.get(&6).and_then(|a| a.id.as_deref()), Some("money"));
}

#[test]
fn paragraphs_start_at_their_first_visible_line_and_keep_line_breaks() {
    let html = "<body>\n<p>\n  One two\n  three <b>four</b>\n  five.</p>\n<p>Next &eacute;t&eacute;&nbsp;here.</p>\n";
    let b = blocks(html);
    assert_eq!(b.len(), 2);
    let Block::Paragraph { span, content } = &b[0] else { panic!() };
    assert_eq!(*span, Span::new(3, 5));
    assert_eq!(
        *content,
        vec![
            t("One two"),
            Inline::SoftBreak,
            t("three "),
            Inline::Strong { children: vec![t("four")] },
            Inline::SoftBreak,
            t("five.")
        ]
    );
    let Block::Paragraph { span, content } = &b[1] else { panic!() };
    assert_eq!(span.start, 6);
    assert_eq!(inline_text(content), "Next été\u{a0}here.");
}

#[test]
fn white_space_collapses_across_elements() {
    assert_eq!(
        para("<p>  a   <em> b </em>  c\t<code> x  y </code>d</p>"),
        vec![
            t("a "),
            Inline::Emphasis { children: vec![t("b ")] },
            t("c "),
            Inline::Code { text: "x y".into() },
            t(" d")
        ]
    );
}

#[test]
fn inline_markup_becomes_model_inlines() {
    let c = para(
        "<p><i>i</i> <strong>s</strong> <s>x</s> H<sub>2</sub>O m<sup>2</sup> <a href=\" https://example.org/a \" title=\"T\">link</a><br>next</p>",
    );
    assert_eq!(
        c,
        vec![
            Inline::Emphasis { children: vec![t("i")] },
            t(" "),
            Inline::Strong { children: vec![t("s")] },
            t(" "),
            Inline::Strikethrough { children: vec![t("x")] },
            t(" H"),
            Inline::Subscript { children: vec![t("2")] },
            t("O m"),
            Inline::Superscript { children: vec![t("2")] },
            t(" "),
            Inline::Link {
                url: "https://example.org/a".into(),
                title: "T".into(),
                children: vec![t("link")],
                style: LinkStyle::Inline
            },
            Inline::HardBreak,
            t("next"),
        ]
    );
}

#[test]
fn text_between_blocks_is_a_paragraph() {
    let b = blocks("<body><div>Loose text <b>here</b><p>Para</p>tail</div></body>");
    let texts: Vec<String> = b.iter().filter_map(crate::paragraph_text).collect();
    assert_eq!(texts, vec!["Loose text here", "Para", "tail"]);
}

#[test]
fn lists_nest_and_keep_their_numbering() {
    let html =
        "<ol start=\"3\">\n<li>Three\n<ul>\n<li>sub a</li>\n<li>sub b</li>\n</ul>\n</li>\n<li>Four</li>\n</ol>\n";
    let Block::List { ordered, start, tight, items, span } = only(html) else { panic!() };
    assert!(ordered && tight);
    assert_eq!(start, Some(3));
    assert_eq!(span, Span::new(2, 8));
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].span.start, 2);
    assert_eq!(crate::paragraph_text(&items[0].blocks[0]).as_deref(), Some("Three"));
    let Block::List { ordered: false, items: sub, .. } = &items[0].blocks[1] else { panic!("{:#?}", items[0]) };
    assert_eq!(sub.len(), 2);
    assert_eq!(sub[1].span.start, 5);
    assert_eq!(items[1].span.start, 8);
}

#[test]
fn tables_have_header_rows_lines_and_aligned_columns() {
    let html = "<table>\n<caption>Table 1. Staff</caption>\n<thead><tr><th>Unit</th><th align=\"right\">Staff</th></tr></thead>\n<tbody>\n<tr><td>North</td><td>12</td></tr>\n<tr><td colspan=\"2\">Wide</td></tr>\n<tr><td rowspan=\"2\">South</td><td>5</td></tr>\n<tr><td>6</td></tr>\n</tbody>\n<tfoot><tr><td>Total</td><td>23</td></tr></tfoot>\n</table>\n";
    let b = blocks(html);
    assert_eq!(b.len(), 2, "{b:#?}");
    assert_eq!(crate::paragraph_text(&b[0]).as_deref(), Some("Table 1. Staff"));
    let Block::Table { span, alignments, header, rows } = &b[1] else { panic!() };
    assert_eq!(alignments, &vec![Alignment::None, Alignment::Right]);
    assert_eq!(header.line, 3);
    let cells = |r: &TableRow| r.cells.iter().map(|c| inline_text(c)).collect::<Vec<_>>();
    assert_eq!(cells(header), vec!["Unit", "Staff"]);
    let lines: Vec<u32> = rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![5, 6, 7, 8, 10]);
    assert_eq!(cells(&rows[1]), vec!["Wide", ""]);
    assert_eq!(cells(&rows[3]), vec!["", "6"]);
    assert_eq!(cells(&rows[4]), vec!["Total", "23"]);
    assert_eq!(*span, Span::new(3, 10));
}

#[test]
fn a_table_without_a_header_row_reads_no_data_row_as_labels() {
    let Block::Table { header, rows, .. } =
        only("<table><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></table>")
    else {
        panic!()
    };
    assert_eq!(header.cells, vec![Vec::<Inline>::new(), Vec::new()]);
    assert_eq!(rows.len(), 2);
}

#[test]
fn a_first_row_of_th_cells_is_the_header() {
    let Block::Table { header, rows, .. } =
        only("<table><tr><th>Name</th><th>N</th></tr><tr><td>b</td><td>2</td></tr></table>")
    else {
        panic!()
    };
    assert_eq!(inline_text(&header.cells[0]), "Name");
    assert_eq!(rows.len(), 1);
}

#[test]
fn figures_give_the_image_with_its_alt_text_and_the_caption() {
    let html = "<figure>\n<img src=\"chart.png\" alt=\"Bar chart of staff\">\n<figcaption>Figure 2: Staff by unit</figcaption>\n</figure>";
    let b = blocks(html);
    assert_eq!(b.len(), 2, "{b:#?}");
    assert_eq!(crate::paragraph_text(&b[0]).as_deref(), Some("Figure 2: Staff by unit"));
    let Block::Paragraph { span, content } = &b[1] else { panic!() };
    assert_eq!(span.start, 2);
    assert_eq!(
        content,
        &vec![Inline::Image { url: "chart.png".into(), title: String::new(), alt: vec![t("Bar chart of staff")] }]
    );
}

#[test]
fn quotes_code_and_rules() {
    let b = blocks("<blockquote><p>Said <q>this</q>.</p></blockquote>\n<hr>\n<pre><code class=\"language-sh\">a  b\n  c</code></pre>");
    let Block::Quote { blocks: inner, style: QuoteStyle::Blockquote, .. } = &b[0] else { panic!("{b:#?}") };
    assert_eq!(crate::paragraph_text(&inner[0]).as_deref(), Some("Said \u{201c}this\u{201d}."));
    assert!(matches!(b[1], Block::ThematicBreak { span } if span.start == 2));
    let Block::Code { info, text, span, .. } = &b[2] else { panic!() };
    assert_eq!(info, "sh");
    assert_eq!(text, "a  b\n  c\n");
    assert_eq!(span.start, 3);
}

#[test]
fn what_a_reader_does_not_see_is_not_read() {
    let html = "<html><head><style>p{}</style><script>var x = 1;</script></head><body>\n<nav><a href=\"/\">Home</a> <a href=\"/about\">About</a></nav>\n<script>hidden()</script><p hidden>secret</p><template><p>tpl</p></template><noscript>Enable JS</noscript>\n<p>Shown</p><!-- a comment --></body></html>";
    let b = blocks(html);
    let texts: Vec<String> = b.iter().filter_map(crate::paragraph_text).collect();
    assert_eq!(texts, vec!["Shown"]);
}

#[test]
fn a_nav_of_in_page_links_is_a_table_of_contents_and_is_kept() {
    let b = blocks("<nav><ul><li><a href=\"#a\">A</a></li><li><a href=\"#b\">B</a></li></ul></nav>");
    assert!(matches!(&b[..], [Block::List { items, .. }] if items.len() == 2));
}

#[test]
fn a_fragment_without_html_or_body_tags_is_read() {
    let r = read("<h1>T</h1>\n<p>Body text.</p>\n");
    assert_eq!(r.items.len(), 2);
    assert!(r.title.is_none());
}

#[test]
fn deep_nesting_is_bounded_and_keeps_its_text() {
    let html = format!("{}deep words{}", "<div><span>".repeat(5000), "</span></div>".repeat(5000));
    let b = blocks(&html);
    let text: String = b.iter().filter_map(crate::paragraph_text).collect();
    assert!(text.contains("deep words"), "{b:?}");
    let lists = format!("{}<li>x", "<ul><li>".repeat(3000));
    let _ = blocks(&lists);
}

#[test]
fn lists_quotes_and_inline_markup_nest_no_deeper_than_markdown_allows() {
    fn list_depth(b: &Block) -> usize {
        match b {
            Block::List { items, .. } => 1 + items.iter().flat_map(|i| &i.blocks).map(list_depth).max().unwrap_or(0),
            Block::Quote { blocks, .. } => 1 + blocks.iter().map(list_depth).max().unwrap_or(0),
            _ => 0,
        }
    }
    fn inline_depth(v: &[Inline]) -> usize {
        v.iter()
            .map(|i| match i {
                Inline::Emphasis { children } | Inline::Strong { children } | Inline::Link { children, .. } => {
                    1 + inline_depth(children)
                }
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }
    let html = format!("{}deepest{}", "<ul><li><blockquote>".repeat(40), "</blockquote></li></ul>".repeat(40));
    let b = only(&html);
    assert!(list_depth(&b) <= MAX_NEST, "{}", list_depth(&b));
    let mut all = String::new();
    walk(&b, &mut all);
    assert!(all.contains("deepest"));
    let html = format!("<p>{}deep{}</p>", "<em><b>".repeat(40), "</b></em>".repeat(40));
    let c = para(&html);
    assert!(inline_depth(&c) <= MAX_NEST);
    assert_eq!(inline_text(&c), "deep");

    fn walk(b: &Block, out: &mut String) {
        reportkit_model::walk_blocks(std::slice::from_ref(b), &mut |x| {
            if let Some(t) = crate::paragraph_text(x) {
                out.push_str(&t);
            }
        });
    }
}

#[test]
fn lines_are_right_for_crlf_and_blank_lines() {
    let html =
        "<body>\r\n\r\n<p>\r\nfirst\r\nsecond</p>\r\n\r\n\r\n<p>third</p>\r\nloose\r\n<ul>\r\n\r\n<li>item</li></ul>";
    let spans: Vec<Span> = blocks(html).iter().map(Block::span).collect();
    assert_eq!(spans, vec![Span::new(4, 5), Span::line(8), Span::line(9), Span::line(12)]);
}

#[test]
fn text_lines_hold_around_entities_and_inline_markup() {
    let html = "<h2>x</h2>\n<p>The one &amp; and\nthe <a href=\"#\">full</a> are.</p>\n<p>&lt;tag&gt;\nnext\n<em>third</em></p>";
    let spans: Vec<Span> = blocks(html).iter().map(Block::span).collect();
    assert_eq!(spans, vec![Span::new(2, 3), Span::new(4, 6)]);
}
