//! The Markdown reader: comrak's GFM tree mapped onto the canonical model.
//!
//! Beyond a one-to-one mapping it recovers what a reader of a converted report sees:
//! inline `<sup>`, `<sub>`, `<br>` and `<a href>` become model inlines; a lone opening quotation
//! mark followed by paragraphs and a hard-broken name/role block becomes a pull quote with its
//! attribution; and the section tree follows the reader's view of heading levels (see
//! [`crate::sections`]).

use comrak::nodes::{AstNode, ListType, NodeValue, TableAlignment};
use comrak::{parse_document, Arena, Options};
use reportkit_model::{Alignment, Attribution, Block, Inline, LinkStyle, ListItem, QuoteStyle, Span, TableRow};

use crate::sections::Item;

type Node<'a> = &'a AstNode<'a>;

/// Containers (quotes, lists) nested deeper than this are flattened: their paragraphs and other
/// leaf blocks are kept, in order, at this depth. Inline markup nested deeper than this becomes
/// its plain text. Every consumer of the model walks it recursively, so hostile nesting (ten
/// thousand `>`) must not reach them as ten thousand levels.
const MAX_DEPTH: usize = 64;

/// comrak options for the GFM dialect reportkit reads and writes.
pub fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o
}

/// Read Markdown text into headings and blocks, in document order.
pub fn read(text: &str) -> Vec<Item> {
    let arena = Arena::new();
    let root = parse_document(&arena, text, &options());
    let mut items = Vec::new();
    for child in root.children() {
        let heading = match &child.data().value {
            NodeValue::Heading(h) => Some(h.level),
            _ => None,
        };
        match heading {
            Some(level) => {
                items.push(Item::Heading { level: h_level(level), title: inlines(child, 0), span: span_of(child) })
            }
            None => {
                let mut bs = Vec::new();
                push_block(child, 0, &mut bs);
                items.extend(bs.into_iter().map(Item::Block));
            }
        }
    }
    trim_spans(&mut items, text);
    crate::quotes::pull_quotes(items)
}

/// comrak extends container spans over trailing blank lines; end them at their last text line.
fn trim_spans(items: &mut [Item], text: &str) {
    let blank: Vec<bool> = text.split('\n').map(|l| l.trim().is_empty()).collect();
    let fix = |s: &mut Span| {
        while s.end > s.start && blank.get(s.end as usize - 1).copied().unwrap_or(false) {
            s.end -= 1;
        }
    };
    fn blocks(bs: &mut [Block], fix: &dyn Fn(&mut Span)) {
        for b in bs {
            match b {
                Block::List { span, items, .. } => {
                    fix(span);
                    for it in items {
                        fix(&mut it.span);
                        blocks(&mut it.blocks, fix);
                    }
                }
                Block::Quote { span, blocks: inner, .. } => {
                    fix(span);
                    blocks(inner, fix);
                }
                Block::Paragraph { span, .. }
                | Block::Table { span, .. }
                | Block::Code { span, .. }
                | Block::ThematicBreak { span }
                | Block::Html { span, .. } => fix(span),
            }
        }
    }
    for it in items {
        match it {
            Item::Heading { span, .. } => fix(span),
            Item::Block(b) => blocks(std::slice::from_mut(b), &fix),
        }
    }
}

fn h_level(l: u8) -> u8 {
    l.clamp(1, 6)
}

fn span_of(n: Node<'_>) -> Span {
    let p = n.data().sourcepos;
    Span::new(p.start.line.max(1) as u32, p.end.line.max(p.start.line).max(1) as u32)
}

fn blocks(n: Node<'_>, depth: usize) -> Vec<Block> {
    let mut out = Vec::new();
    for c in n.children() {
        push_block(c, depth, &mut out);
    }
    out
}

/// A block with no blocks inside.
fn is_leaf(n: Node<'_>) -> bool {
    matches!(
        n.data().value,
        NodeValue::Paragraph
            | NodeValue::Table(_)
            | NodeValue::CodeBlock(_)
            | NodeValue::ThematicBreak
            | NodeValue::HtmlBlock(_)
            | NodeValue::Heading(_)
    )
}

/// Map `n` at nesting `depth` onto `out`; past [`MAX_DEPTH`], a container's leaf blocks
/// instead, without the container (iteratively: comrak's traversal does not recurse).
fn push_block(n: Node<'_>, depth: usize, out: &mut Vec<Block>) {
    if depth >= MAX_DEPTH && !is_leaf(n) {
        out.extend(n.descendants().skip(1).filter(|d| is_leaf(d)).filter_map(|d| block(d, depth)));
        return;
    }
    out.extend(block(n, depth));
}

fn block(n: Node<'_>, depth: usize) -> Option<Block> {
    let span = span_of(n);
    let data = n.data();
    Some(match &data.value {
        NodeValue::Paragraph => {
            drop(data);
            Block::Paragraph { span, content: inlines(n, 0) }
        }
        NodeValue::List(l) => {
            let (ordered, start, tight) = (l.list_type == ListType::Ordered, l.start as u64, l.tight);
            drop(data);
            let items = n.children().map(|i| list_item(i, depth + 1)).collect();
            Block::List { span, ordered, start: ordered.then_some(start), tight, items }
        }
        NodeValue::Table(t) => {
            let alignments = t.alignments.iter().map(|a| align(*a)).collect();
            drop(data);
            let mut rows = n
                .children()
                .map(|r| TableRow { line: span_of(r).start, cells: r.children().map(|c| inlines(c, 0)).collect() });
            let header = rows.next().unwrap_or(TableRow { line: span.start, cells: Vec::new() });
            Block::Table { span, alignments, header, rows: rows.collect() }
        }
        NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) => {
            drop(data);
            Block::Quote { span, blocks: blocks(n, depth + 1), attribution: None, style: QuoteStyle::Blockquote }
        }
        NodeValue::CodeBlock(c) => {
            Block::Code { span, info: c.info.clone(), text: c.literal.clone(), fenced: c.fenced }
        }
        NodeValue::ThematicBreak => Block::ThematicBreak { span },
        NodeValue::HtmlBlock(h) => Block::Html { span, html: h.literal.clone() },
        NodeValue::Heading(_) => {
            // A heading nested in a list or quote cannot open a section; keep its text visible.
            drop(data);
            Block::Paragraph { span, content: vec![Inline::Strong { children: inlines(n, 0) }] }
        }
        _ => {
            drop(data);
            let inner = blocks(n, depth + 1);
            if inner.is_empty() {
                return None;
            }
            Block::Quote { span, blocks: inner, attribution: None, style: QuoteStyle::Blockquote }
        }
    })
}

fn list_item(n: Node<'_>, depth: usize) -> ListItem {
    let span = span_of(n);
    let checked = match &n.data().value {
        NodeValue::TaskItem(t) => Some(t.symbol.is_some()),
        _ => None,
    };
    ListItem { span, checked, blocks: blocks(n, depth) }
}

fn align(a: TableAlignment) -> Alignment {
    match a {
        TableAlignment::None => Alignment::None,
        TableAlignment::Left => Alignment::Left,
        TableAlignment::Center => Alignment::Center,
        TableAlignment::Right => Alignment::Right,
    }
}

/// The inline content of a node.
pub(crate) fn inlines(n: Node<'_>, depth: usize) -> Vec<Inline> {
    let kids: Vec<Node<'_>> = n.children().collect();
    seq(&kids, depth)
}

/// The plain text under `n`, gathered without recursion.
fn plain_text(n: Node<'_>) -> String {
    let mut s = String::new();
    for d in n.descendants() {
        match &d.data().value {
            NodeValue::Text(t) => s.push_str(t),
            NodeValue::Code(c) => s.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => s.push(' '),
            NodeValue::HtmlInline(h) => s.push_str(h),
            _ => {}
        }
    }
    s
}

/// An inline HTML tag reportkit gives meaning to.
enum Tag {
    Sup,
    Sub,
    A(String),
}

impl Tag {
    fn name(&self) -> &'static str {
        match self {
            Tag::Sup => "sup",
            Tag::Sub => "sub",
            Tag::A(_) => "a",
        }
    }
}

/// Parse `<sup>`, `<sub>` or `<a … href="…" …>`.
fn open_tag(html: &str) -> Option<Tag> {
    let h = html.trim();
    let inner = h.strip_prefix('<')?.strip_suffix('>')?.trim();
    let lower = inner.to_ascii_lowercase();
    match lower.as_str() {
        "sup" => return Some(Tag::Sup),
        "sub" => return Some(Tag::Sub),
        _ => {}
    }
    if !(lower.starts_with("a ") || lower.starts_with("a\t") || lower.starts_with("a\n")) {
        return None;
    }
    let pos = lower.find("href")?;
    let rest = inner[pos + 4..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next()?;
    let url = if quote == '"' || quote == '\'' {
        let body = &rest[1..];
        &body[..body.find(quote)?]
    } else {
        rest.split(|c: char| c.is_whitespace()).next()?
    };
    Some(Tag::A(url.to_string()))
}

fn close_tag(html: &str) -> Option<String> {
    let h = html.trim();
    let inner = h.strip_prefix("</")?.strip_suffix('>')?.trim();
    Some(inner.to_ascii_lowercase())
}

fn is_br(html: &str) -> bool {
    let l = html.trim().to_ascii_lowercase().replace(' ', "");
    matches!(l.as_str(), "<br>" | "<br/>")
}

fn html_of(n: Node<'_>) -> Option<String> {
    match &n.data().value {
        NodeValue::HtmlInline(h) => Some(h.clone()),
        _ => None,
    }
}

/// Index of the tag closing `name` among `nodes[from..]`, honouring nesting.
fn find_close(nodes: &[Node<'_>], from: usize, name: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, n) in nodes.iter().enumerate().skip(from) {
        let Some(h) = html_of(n) else { continue };
        if open_tag(&h).is_some_and(|t| t.name() == name) {
            depth += 1;
        } else if close_tag(&h).as_deref() == Some(name) {
            if depth == 0 {
                return Some(i);
            }
            depth -= 1;
        }
    }
    None
}

fn seq(nodes: &[Node<'_>], depth: usize) -> Vec<Inline> {
    let mut out = Vec::with_capacity(nodes.len());
    let mut i = 0;
    while i < nodes.len() {
        let n = nodes[i];
        if let Some(h) = html_of(n) {
            if let Some(tag) = open_tag(&h).filter(|_| depth < MAX_DEPTH) {
                if let Some(j) = find_close(nodes, i + 1, tag.name()) {
                    let children = seq(&nodes[i + 1..j], depth + 1);
                    out.push(match tag {
                        Tag::Sup => Inline::Superscript { children },
                        Tag::Sub => Inline::Subscript { children },
                        Tag::A(url) => Inline::Link {
                            url,
                            title: String::new(),
                            children: unlink(children),
                            style: LinkStyle::Html,
                        },
                    });
                    i = j + 1;
                    continue;
                }
            }
            out.push(if is_br(&h) { Inline::HardBreak } else { Inline::Html { html: h } });
            i += 1;
            continue;
        }
        if let Some(x) = inline(n, depth) {
            out.push(x);
        }
        i += 1;
    }
    merge_text(out)
}

/// Links inside an HTML link (GFM autolinks its URL text) are its text, not links of their own.
fn unlink(children: Vec<Inline>) -> Vec<Inline> {
    let flat = children
        .into_iter()
        .flat_map(|c| match c {
            Inline::Link { children, style: LinkStyle::Autolink, .. } => children,
            other => vec![other],
        })
        .collect();
    merge_text(flat)
}

/// Join adjacent text runs (comrak splits text at every character that might open markup).
pub(crate) fn merge_text(v: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(v.len());
    for i in v {
        if let Inline::Text { text } = &i {
            if let Some(Inline::Text { text: prev }) = out.last_mut() {
                prev.push_str(text);
                continue;
            }
            if text.is_empty() {
                continue;
            }
        }
        out.push(i);
    }
    out
}

fn inline(n: Node<'_>, depth: usize) -> Option<Inline> {
    if depth >= MAX_DEPTH && n.first_child().is_some() {
        let text = plain_text(n);
        return (!text.is_empty()).then_some(Inline::Text { text });
    }
    let data = n.data();
    Some(match &data.value {
        NodeValue::Text(t) => Inline::Text { text: t.to_string() },
        NodeValue::SoftBreak => Inline::SoftBreak,
        NodeValue::LineBreak => Inline::HardBreak,
        NodeValue::Code(c) => Inline::Code { text: c.literal.clone() },
        NodeValue::Emph => {
            drop(data);
            Inline::Emphasis { children: inlines(n, depth + 1) }
        }
        NodeValue::Strong => {
            drop(data);
            Inline::Strong { children: inlines(n, depth + 1) }
        }
        NodeValue::Strikethrough => {
            drop(data);
            Inline::Strikethrough { children: inlines(n, depth + 1) }
        }
        NodeValue::Superscript => {
            drop(data);
            Inline::Superscript { children: inlines(n, depth + 1) }
        }
        NodeValue::Subscript => {
            drop(data);
            Inline::Subscript { children: inlines(n, depth + 1) }
        }
        NodeValue::Link(l) => {
            let (url, title) = (l.url.clone(), l.title.clone());
            drop(data);
            let children = inlines(n, depth + 1);
            let text = reportkit_model::inline_text(&children);
            let auto = text == url || format!("mailto:{text}") == url || format!("http://{text}") == url;
            let style = if auto && title.is_empty() { LinkStyle::Autolink } else { LinkStyle::Inline };
            Inline::Link { url, title, children, style }
        }
        NodeValue::Image(l) => {
            let (url, title) = (l.url.clone(), l.title.clone());
            drop(data);
            Inline::Image { url, title, alt: inlines(n, depth + 1) }
        }
        NodeValue::HtmlInline(h) => Inline::Html { html: h.clone() },
        NodeValue::Raw(r) => Inline::Text { text: r.clone() },
        _ => {
            drop(data);
            let kids = inlines(n, depth + 1);
            if kids.is_empty() {
                return None;
            }
            Inline::Emphasis { children: kids }
        }
    })
}

/// An attribution block: a paragraph of hard-broken short lines, the first a name.
pub(crate) fn attribution(b: &Block) -> Option<Attribution> {
    let Block::Paragraph { span, content } = b else { return None };
    let mut lines: Vec<Vec<Inline>> = vec![Vec::new()];
    for i in content {
        match i {
            Inline::HardBreak => lines.push(Vec::new()),
            Inline::SoftBreak => return None,
            other => lines.last_mut().expect("never empty").push(other.clone()),
        }
    }
    if lines.len() < 2 || lines.len() > 8 {
        return None;
    }
    let texts: Vec<String> = lines.iter().map(|l| reportkit_model::inline_text(l).trim().to_string()).collect();
    if texts.iter().any(|t| t.is_empty() || t.chars().count() > 90) {
        return None;
    }
    let name = &texts[0];
    if name.ends_with('.') || name.ends_with('”') || name.split_whitespace().count() > 8 {
        return None;
    }
    let mut lines = lines.into_iter().map(|l| trim_inlines(merge_text(l)));
    let name = lines.next().expect("at least two lines");
    Some(Attribution { span: *span, name, roles: lines.collect() })
}

/// Trim white space at the ends of inline content (comrak keeps the space before a hard break).
fn trim_inlines(mut v: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline::Text { text }) = v.first_mut() {
        *text = text.trim_start().to_string();
    }
    if let Some(Inline::Text { text }) = v.last_mut() {
        *text = text.trim_end().to_string();
    }
    v.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(md: &str) -> Vec<Inline> {
        match read(md).into_iter().next() {
            Some(Item::Block(Block::Paragraph { content, .. })) => content,
            other => panic!("not a paragraph: {other:?}"),
        }
    }

    #[test]
    fn sup_and_sub_tags_become_inlines() {
        let p = para("IGF<sup>20</sup><sub>25</sub>\n");
        assert_eq!(p[1], Inline::Superscript { children: vec![Inline::Text { text: "20".into() }] });
        assert_eq!(p[2], Inline::Subscript { children: vec![Inline::Text { text: "25".into() }] });
    }

    #[test]
    fn html_anchor_becomes_one_link_with_its_text() {
        let p = para("<a href=\"https://x.org/a\">https://x.org/a</a>\n");
        assert_eq!(
            p,
            vec![Inline::Link {
                url: "https://x.org/a".into(),
                title: String::new(),
                children: vec![Inline::Text { text: "https://x.org/a".into() }],
                style: LinkStyle::Html
            }]
        );
    }

    #[test]
    fn unknown_or_unclosed_html_stays_raw() {
        let p = para("a <span>b</span> <sup>c\n");
        assert!(p.contains(&Inline::Html { html: "<span>".into() }));
        assert!(p.contains(&Inline::Html { html: "<sup>".into() }));
    }

    #[test]
    fn hard_and_soft_breaks_are_kept_apart() {
        let p = para("a  \nb\nc\n");
        assert!(p.contains(&Inline::HardBreak));
        assert!(p.contains(&Inline::SoftBreak));
    }
}
