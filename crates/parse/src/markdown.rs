//! The Markdown reader: comrak's GFM tree mapped onto the canonical model.
//!
//! Beyond a one-to-one mapping it recovers what a reader of a converted report sees:
//! inline `<sup>`, `<sub>`, `<br>` and `<a href>` become model inlines; a lone opening quotation
//! mark followed by paragraphs and a hard-broken name/role block becomes a pull quote with its
//! attribution; and the section tree follows the reader's view of heading levels (see
//! [`crate::sections`]).

use std::collections::HashMap;

use comrak::nodes::{AstNode, ListType, NodeValue, TableAlignment};
use comrak::{parse_document, Arena, Options};
use reportkit_model::{Alignment, Attribution, Block, Inline, LinkStyle, ListItem, QuoteStyle, Span, TableRow};

use crate::sections::{Anchor, Item};

type Node<'a> = &'a AstNode<'a>;

/// comrak options for the GFM dialect reportkit reads and writes.
pub fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    o
}

/// Read Markdown text into headings and blocks, in document order.
#[cfg(test)]
pub fn read(text: &str) -> Vec<Item> {
    read_full(text).items
}

/// Everything the Markdown reader finds: the items, the explicit ids of headings and the front
/// matter.
#[derive(Debug, Default)]
pub struct Read {
    /// Headings and blocks in document order.
    pub items: Vec<Item>,
    /// Heading attributes (`## Title {#id .class}`) and explicit ids (`<h2 id="id">`), keyed by
    /// the heading's first line.
    pub anchors: HashMap<u32, Anchor>,
    /// The front matter block: its delimiter (`---` or `+++`), its text between the delimiter
    /// lines, its lines (delimiters included), and the block verbatim.
    pub front_matter: Option<(&'static str, String, Span, String)>,
}

/// Read Markdown text with its heading ids and front matter.
pub fn read_full(text: &str) -> Read {
    let arena = Arena::new();
    let mut opts = options();
    let delimiter = front_matter_delimiter(text);
    opts.extension.front_matter_delimiter = delimiter.map(str::to_string);
    // Footnote definitions stay where they are written (comrak would move them to the end and
    // drop those never referenced, and their text with them).
    opts.parse.leave_footnote_definitions = true;
    let root = parse_document(&arena, text, &opts);
    tighten_lists(root, text);
    let mut out = Read { items: Vec::with_capacity(root.children().count()), ..Read::default() };
    for child in root.children() {
        let data = child.data();
        match &data.value {
            NodeValue::FrontMatter(raw) => {
                let span = span_of(child);
                let body = raw.lines().skip(1).take_while(|l| Some(l.trim_end()) != delimiter).collect::<Vec<_>>();
                out.front_matter = delimiter.map(|d| (d, body.join("\n"), span, raw.trim_end().to_string()));
            }
            NodeValue::Heading(h) => {
                let level = h_level(h.level);
                drop(data);
                let span = span_of(child);
                let (title, anchor) = heading_attributes(inlines(child));
                if let Some(anchor) = anchor {
                    out.anchors.insert(span.start, anchor);
                }
                out.items.push(Item::Heading { level, title, span });
            }
            NodeValue::HtmlBlock(h) => {
                let literal = h.literal.clone();
                drop(data);
                let span = span_of(child);
                match html_heading(&literal) {
                    Some(hh) => {
                        if let Some(id) = hh.id {
                            out.anchors.insert(span.start, Anchor::id(&id));
                        }
                        let title = vec![Inline::Text { text: hh.title }];
                        out.items.push(Item::Heading { level: hh.level, title, span: Span::line(span.start) });
                        if !hh.rest.trim().is_empty() && span.end > span.start {
                            out.items.push(Item::Block(raw_block(Span::new(span.start + 1, span.end), hh.rest)));
                        }
                    }
                    None => out.items.push(Item::Block(raw_block(span, literal))),
                }
            }
            _ => {
                drop(data);
                out.items.extend(block(child, 0).map(Item::Block));
            }
        }
    }
    trim_spans(&mut out.items, text);
    out.items = crate::quotes::pull_quotes(std::mem::take(&mut out.items));
    out
}

/// The front matter delimiter when the text opens with a front matter block: a `---` (YAML) or
/// `+++` (TOML) line whose first meaningful line reads as a key. A document that merely opens
/// with a thematic break does not qualify.
fn front_matter_delimiter(text: &str) -> Option<&'static str> {
    let mut lines = text.split('\n').map(|l| l.trim_end_matches('\r'));
    let delimiter = match lines.next()?.trim_end() {
        "---" => "---",
        "+++" => "+++",
        _ => return None,
    };
    for l in lines {
        let t = l.trim();
        if t == delimiter {
            return None;
        }
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let key_end = l.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(l.len());
        let key = &l[..key_end];
        let rest = l[key_end..].trim_start();
        let keyed = !key.is_empty()
            && key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && if delimiter == "---" {
                rest.strip_prefix(':').is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
            } else {
                rest.starts_with('=')
            };
        let table = delimiter == "+++" && t.starts_with('[') && t.ends_with(']');
        return (keyed || table).then_some(delimiter);
    }
    None
}

/// Split a trailing attribute block (`{#id .class key=value}`) off a heading's content;
/// returns the content without it and what the block says, if there is one.
fn heading_attributes(mut title: Vec<Inline>) -> (Vec<Inline>, Option<Anchor>) {
    let Some(Inline::Text { text }) = title.last_mut() else { return (title, None) };
    let t = text.trim_end();
    let Some(body) = t.strip_suffix('}') else { return (title, None) };
    let Some(open) = body.rfind('{') else { return (title, None) };
    let before = &body[..open];
    if !(before.is_empty() || before.ends_with([' ', '\t'])) {
        return (title, None);
    }
    let mut anchor = Anchor { written: Some(t[open..].to_string()), ..Anchor::default() };
    for tok in body[open + 1..].split_whitespace() {
        if let Some(x) = tok.strip_prefix('#') {
            if x.is_empty() {
                return (title, None);
            }
            anchor.id = Some(x.to_string());
        } else if let Some(class) = tok.strip_prefix('.').filter(|c| !c.is_empty()) {
            anchor.classes.push(class.to_string());
        } else if !tok.contains('=') {
            return (title, None);
        }
    }
    let kept = before.trim_end().to_string();
    if kept.is_empty() {
        title.pop();
        if let Some(Inline::Text { text }) = title.last_mut() {
            *text = text.trim_end().to_string();
        }
    } else {
        *text = kept;
    }
    (merge_text(title), Some(anchor))
}

/// A heading written as an HTML block.
struct HtmlHeading {
    level: u8,
    title: String,
    id: Option<String>,
    /// What follows the heading's line in the same HTML block.
    rest: String,
}

/// Read `<h2 id="x">Title</h2>` on the first line of an HTML block. Links whose text has no
/// letter or digit (`#`, `¶`, `^` permalinks) are dropped from the title; other tags keep
/// their text.
fn html_heading(html: &str) -> Option<HtmlHeading> {
    let (first, rest) = html.split_once('\n').unwrap_or((html, ""));
    let line = first.trim();
    let lower = line.to_ascii_lowercase();
    let b = lower.as_bytes();
    if b.len() < 9
        || b[0] != b'<'
        || b[1] != b'h'
        || !(b'1'..=b'6').contains(&b[2])
        || !matches!(b[3], b' ' | b'>' | b'\t')
    {
        return None;
    }
    let level = b[2] - b'0';
    let close = format!("</h{level}>");
    if !lower.ends_with(&close) || lower[3..].contains(&format!("<h{level}")) {
        return None;
    }
    let open_end = line.find('>')?;
    let attrs = &line[3..open_end];
    let id = attribute(attrs, "id");
    let inner = &line[open_end + 1..line.len() - close.len()];
    let title = html_text(inner);
    if title.is_empty() {
        return None;
    }
    Some(HtmlHeading { level, title, id, rest: rest.to_string() })
}

/// The value of attribute `name` in an HTML tag's attribute text.
fn attribute(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(name).map(|p| p + from) {
        from = pos + name.len();
        let boundary = pos == 0 || lower.as_bytes()[pos - 1].is_ascii_whitespace();
        let rest = attrs[from..].trim_start();
        let (true, Some(rest)) = (boundary, rest.strip_prefix('=')) else { continue };
        let rest = rest.trim_start();
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or(""),
        };
        return (!value.is_empty()).then(|| value.to_string());
    }
    None
}

/// The text of an HTML fragment: tags dropped (and symbol-only links with their text), the
/// common entities decoded, white space collapsed.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt..];
        let Some(gt) = after.find('>') else {
            out.push_str(after);
            rest = "";
            break;
        };
        let tag = after[1..gt].trim().to_ascii_lowercase();
        rest = &after[gt + 1..];
        if tag == "a" || tag.starts_with("a ") {
            if let Some(end) = rest.to_ascii_lowercase().find("</a>") {
                let text = &rest[..end];
                if !html_text(text).chars().any(char::is_alphanumeric) {
                    rest = &rest[end + 4..];
                }
            }
        }
    }
    out.push_str(rest);
    decode_entities(&out).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decode the named entities common in headings and numeric character references.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                "ndash" => '–',
                "mdash" => '—',
                "rsquo" => '’',
                "lsquo" => '‘',
                "rdquo" => '”',
                "ldquo" => '“',
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
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
                Block::Quote { span, blocks: inner, .. } | Block::FootnoteDefinition { span, blocks: inner, .. } => {
                    fix(span);
                    blocks(inner, fix);
                }
                Block::Paragraph { span, .. }
                | Block::Heading { span, .. }
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

/// How deep quotes and lists nest in the model. Deeper containers of the source are flattened
/// into the deepest level: their text is kept in order, only the extra nesting is dropped. Real
/// reports nest a few levels; without a bound, a hostile file of `> > > …` would make every
/// later stage (and the canonical JSON, whose readers limit nesting) recurse without end.
pub const MAX_BLOCK_DEPTH: usize = 24;

/// How deep emphasis, links and other inline markup nest in the model; deeper markup keeps its
/// text as plain text.
pub const MAX_INLINE_DEPTH: usize = 24;

fn blocks(n: Node<'_>, depth: usize) -> Vec<Block> {
    if depth >= MAX_BLOCK_DEPTH {
        return flattened(n, depth);
    }
    n.children().filter_map(|c| block(c, depth)).collect()
}

/// The leaf blocks (paragraphs, headings, tables, code, HTML, breaks) under `n`, in document
/// order, without their containers; walked with an explicit stack, not recursion.
fn flattened(n: Node<'_>, depth: usize) -> Vec<Block> {
    let mut out = Vec::new();
    let mut stack: Vec<Node<'_>> = n.children().collect();
    stack.reverse();
    while let Some(c) = stack.pop() {
        let container = matches!(
            c.data().value,
            NodeValue::List(_)
                | NodeValue::Item(_)
                | NodeValue::TaskItem(_)
                | NodeValue::BlockQuote
                | NodeValue::MultilineBlockQuote(_)
                | NodeValue::FootnoteDefinition(_)
        );
        if container {
            let len = stack.len();
            stack.extend(c.children());
            stack[len..].reverse();
        } else {
            out.extend(block(c, depth));
        }
    }
    out
}

fn block(n: Node<'_>, depth: usize) -> Option<Block> {
    let span = span_of(n);
    let data = n.data();
    Some(match &data.value {
        NodeValue::Paragraph => {
            drop(data);
            let text = plain_text(n);
            if is_template_call(&text) {
                // A site generator's shortcode or template call (`{{< figure … >}}`,
                // `{{image "x.svg"}}`, `{% include … %}`): content, but not prose.
                return Some(raw_block(span, text));
            }
            Block::Paragraph { span, content: inlines(n) }
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
            let mut rows =
                n.children().map(|r| TableRow { line: span_of(r).start, cells: r.children().map(inlines).collect() });
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
        NodeValue::HtmlBlock(h) => raw_block(span, h.literal.clone()),
        NodeValue::Heading(h) => {
            // A heading nested in a list or quote cannot open a section; it stays where it is.
            let level = h_level(h.level);
            drop(data);
            Block::Heading { span, level, content: inlines(n) }
        }
        NodeValue::FootnoteDefinition(f) => {
            let label = f.name.clone();
            drop(data);
            Block::FootnoteDefinition { span, label, blocks: blocks(n, depth + 1) }
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

/// A paragraph that is one template call or shortcode of a static site generator.
/// A raw block (HTML or a shortcode), with the images it shows.
fn raw_block(span: Span, html: String) -> Block {
    let figures = if is_template_call(&html) { shortcode_figures(&html) } else { crate::html::figures(&html) };
    Block::Html { span, html, figures }
}

/// The image a shortcode shows: its `src` (or `image`, `url`) and `alt` arguments
/// (`{{< figure src="a.svg" alt="…" >}}`), or its first quoted argument when that names an
/// image file (`{{image "a.svg"}}`).
fn shortcode_figures(call: &str) -> Vec<reportkit_model::Figure> {
    // Quoted arguments with the name before them, if any.
    let mut args: Vec<(&str, &str)> = Vec::new();
    let mut rest = call;
    while let Some(open) = rest.find(['"', '\'']) {
        let quote = &rest[open..open + 1];
        let Some(len) = rest[open + 1..].find(quote) else { break };
        let name = rest[..open].trim_end().strip_suffix('=').map_or("", |n| {
            n.trim_end().rsplit(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')).next().unwrap_or("")
        });
        args.push((name, &rest[open + 1..open + 1 + len]));
        rest = &rest[open + 1 + len + 1..];
    }
    let named = |keys: &[&str]| args.iter().find(|(n, _)| keys.iter().any(|k| n.eq_ignore_ascii_case(k))).map(|a| a.1);
    let image_file = |v: &str| {
        let ext = v.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
        ["png", "jpg", "jpeg", "gif", "svg", "webp", "avif"].contains(&ext.as_str())
    };
    let src = named(&["src", "image", "url"])
        .or_else(|| args.iter().find(|(n, v)| n.is_empty() && image_file(v)).map(|a| a.1));
    match src {
        Some(src) => {
            vec![reportkit_model::Figure { src: src.to_string(), alt: named(&["alt"]).unwrap_or("").to_string() }]
        }
        None => Vec::new(),
    }
}

fn is_template_call(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with("{{") && t.ends_with("}}")) || (t.starts_with("{%") && t.ends_with("%}"))
}

/// Make tight each list comrak reads as loose although no blank line lies between two of its
/// items or between two blocks of one item: CommonMark loosens a list for a blank line there
/// only. comrak 0.59 also loosens a list when one of its items ends in a nested list whose last
/// block is a table of a header row alone after a blank line (it remembers that blank line past
/// the table). A line is blank here when it holds nothing but quote markers and spaces; the last
/// line of a block counts too, since in a quote comrak ends a list item on the blank line after
/// it. Only loose lists are looked at, and only made tight, never the other way.
fn tighten_lists<'a>(root: Node<'a>, text: &str) {
    let mut loose = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        match &n.data().value {
            NodeValue::List(l) if !l.tight => loose.push(n),
            NodeValue::List(_)
            | NodeValue::Document
            | NodeValue::Item(_)
            | NodeValue::TaskItem(_)
            | NodeValue::BlockQuote
            | NodeValue::MultilineBlockQuote(_)
            | NodeValue::Alert(_)
            | NodeValue::FootnoteDefinition(_) => {}
            _ => continue,
        }
        stack.extend(n.children());
    }
    if loose.is_empty() {
        return;
    }
    // Lines as comrak counts them: a line ends at LF, CR LF or CR.
    let crlf;
    let lines: Vec<&str> = if text.contains('\r') {
        crlf = text.replace("\r\n", "\n");
        crlf.split(['\n', '\r']).collect()
    } else {
        // A single-byte pattern is searched with memchr: the common case stays cheap.
        text.split('\n').collect()
    };
    let blank = |line: usize| {
        lines
            .get(line.wrapping_sub(1))
            .is_none_or(|l| l.trim_matches(|c: char| c == '>' || c.is_whitespace()).is_empty())
    };
    let apart = |nodes: Vec<Node<'a>>| {
        nodes.windows(2).any(|w| {
            let (a, b) = (w[0].data().sourcepos, w[1].data().sourcepos);
            b.start.line <= a.end.line || (a.end.line..b.start.line).any(blank)
        })
    };
    // A block that leaves no node (a link reference definition) after a blank line of the item:
    // lines of the item outside its children (in source order), a blank one and then one that
    // is not.
    let hidden_block = |item: Node<'a>| {
        let span = item.data().sourcepos;
        let mut children = item.children().map(|c| c.data().sourcepos).peekable();
        let mut seen_blank = false;
        for line in span.start.line..=span.end.line {
            while children.peek().is_some_and(|c| c.end.line < line) {
                children.next();
            }
            if children.peek().is_some_and(|c| c.start.line <= line) {
                continue;
            }
            if blank(line) {
                seen_blank = true;
            } else if seen_blank {
                return true;
            }
        }
        false
    };
    for list in loose {
        if !apart(list.children().collect())
            && !list.children().any(|item| apart(item.children().collect()) || hidden_block(item))
        {
            if let NodeValue::List(l) = &mut list.data_mut().value {
                l.tight = true;
            }
        }
    }
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
pub(crate) fn inlines(n: Node<'_>) -> Vec<Inline> {
    inlines_at(n, 0)
}

fn inlines_at(n: Node<'_>, depth: usize) -> Vec<Inline> {
    if depth >= MAX_INLINE_DEPTH {
        return merge_text(vec![Inline::Text { text: plain_text(n) }]);
    }
    let kids: Vec<Node<'_>> = n.children().collect();
    seq(&kids, depth)
}

/// The text under an inline node, markup dropped; walked with an explicit stack.
fn plain_text(n: Node<'_>) -> String {
    let mut out = String::new();
    let mut stack: Vec<Node<'_>> = n.children().collect();
    stack.reverse();
    while let Some(c) = stack.pop() {
        match &c.data().value {
            NodeValue::Text(t) => out.push_str(t),
            NodeValue::Code(code) => out.push_str(&code.literal),
            NodeValue::HtmlInline(h) | NodeValue::Raw(h) => out.push_str(h),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            _ => {}
        }
        let len = stack.len();
        stack.extend(c.children());
        stack[len..].reverse();
    }
    out
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
            if let Some(tag) = open_tag(&h).filter(|_| depth + 1 < MAX_INLINE_DEPTH) {
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
    let inlines = |n| inlines_at(n, depth + 1);
    let data = n.data();
    Some(match &data.value {
        NodeValue::Text(t) => Inline::Text { text: t.to_string() },
        NodeValue::SoftBreak => Inline::SoftBreak,
        NodeValue::LineBreak => Inline::HardBreak,
        NodeValue::Code(c) => Inline::Code { text: c.literal.clone() },
        NodeValue::Emph => {
            drop(data);
            Inline::Emphasis { children: inlines(n) }
        }
        NodeValue::Strong => {
            drop(data);
            Inline::Strong { children: inlines(n) }
        }
        NodeValue::Strikethrough => {
            drop(data);
            Inline::Strikethrough { children: inlines(n) }
        }
        NodeValue::Superscript => {
            drop(data);
            Inline::Superscript { children: inlines(n) }
        }
        NodeValue::Subscript => {
            drop(data);
            Inline::Subscript { children: inlines(n) }
        }
        NodeValue::Link(l) => {
            let (url, title) = (l.url.clone(), l.title.clone());
            drop(data);
            let children = inlines(n);
            let text = reportkit_model::inline_text(&children);
            let auto = text == url || format!("mailto:{text}") == url || format!("http://{text}") == url;
            let style = if auto && title.is_empty() { LinkStyle::Autolink } else { LinkStyle::Inline };
            Inline::Link { url, title, children, style }
        }
        NodeValue::Image(l) => {
            let (url, title) = (l.url.clone(), l.title.clone());
            drop(data);
            Inline::Image { url, title, alt: inlines(n) }
        }
        NodeValue::HtmlInline(h) => Inline::Html { html: h.clone() },
        NodeValue::Raw(r) => Inline::Text { text: r.clone() },
        NodeValue::FootnoteReference(r) => Inline::FootnoteReference { label: r.name.clone() },
        _ => {
            drop(data);
            let kids = inlines(n);
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

    fn quote_depth(b: &Block) -> usize {
        match b {
            Block::Quote { blocks, .. } => 1 + blocks.iter().map(quote_depth).max().unwrap_or(0),
            Block::List { items, .. } => 1 + items.iter().flat_map(|i| &i.blocks).map(quote_depth).max().unwrap_or(0),
            _ => 0,
        }
    }

    fn only_block(md: &str) -> Block {
        match read(md).into_iter().next() {
            Some(Item::Block(b)) => b,
            other => panic!("one block expected, got {other:?}"),
        }
    }

    #[test]
    fn deep_quotes_and_lists_are_bounded_and_keep_their_text() {
        let quotes = format!("{}deep\n", "> ".repeat(10_000));
        let b = only_block(&quotes);
        assert_eq!(quote_depth(&b), MAX_BLOCK_DEPTH);
        assert!(format!("{b:?}").contains("deep"));
        let lists: String = (0..2_000).map(|i| format!("{}- item {i}\n", "  ".repeat(i))).collect();
        let b = only_block(&lists);
        assert!(quote_depth(&b) <= MAX_BLOCK_DEPTH + 1);
        let text = format!("{b:?}");
        assert!(text.contains("item 0") && text.contains("item 1999"), "no item is lost");
    }

    fn tightness(b: &Block) -> Vec<bool> {
        match b {
            Block::List { tight, items, .. } => {
                std::iter::once(*tight).chain(items.iter().flat_map(|i| &i.blocks).flat_map(tightness)).collect()
            }
            Block::Quote { blocks, .. } => blocks.iter().flat_map(tightness).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn a_blank_line_loosens_only_the_list_it_lies_in() {
        // A header-only table closing a nested loose list: the outer list stays tight.
        let md = "- one\n  - two\n\n    | head |\n    | ---- |\n- three\n";
        assert_eq!(tightness(&only_block(md)), [true, false]);
        // With a body row, and with a paragraph, the same holds.
        let md = "- one\n  - two\n\n    | head |\n    | ---- |\n    | cell |\n- three\n";
        assert_eq!(tightness(&only_block(md)), [true, false]);
        let md = "- one\n  - two\n\n    more\n- three\n";
        assert_eq!(tightness(&only_block(md)), [true, false]);
        // A blank line between the outer items, or between an item's own blocks, loosens it.
        let md = "- one\n  - two\n\n    | head |\n    | ---- |\n\n- three\n";
        assert_eq!(tightness(&only_block(md)), [false, false]);
        assert_eq!(tightness(&only_block("- one\n\n  | head |\n  | ---- |\n- three\n")), [false]);
        // In a quote, a line of the quote marker alone is a blank line, whatever the line endings.
        assert_eq!(tightness(&only_block("> - one\n>\n> - two\n")), [false]);
        assert_eq!(tightness(&only_block("> - one\r\n>\r\n> - two\r\n")), [false]);
        let md = "> - one\r>   - two\r>\r>     | head |\r>     | ---- |\r> - three\r";
        assert_eq!(tightness(&only_block(md)), [true, false]);
        // A link reference definition is a block of its own although it leaves no node: after a
        // blank line in an item, it loosens the list (CommonMark example 319).
        assert_eq!(tightness(&only_block("- a\n- b\n\n  [ref]: /url\n- d\n")), [false]);
        assert_eq!(tightness(&only_block("- a\n- b\n  [ref]: /url\n- d\n")), [true]);
    }

    #[test]
    fn deep_inline_markup_is_bounded_and_keeps_its_text() {
        let md = format!("{}x{}", "*".repeat(3_000), "*".repeat(3_000));
        let content = para(&md);
        fn depth(i: &[Inline]) -> usize {
            i.iter()
                .map(|x| match x {
                    Inline::Emphasis { children } | Inline::Strong { children } => 1 + depth(children),
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        assert_eq!(depth(&content), MAX_INLINE_DEPTH, "nested to the bound, no deeper");
        assert_eq!(reportkit_model::inline_text(&content), "x");
        let md = format!("{}y{}", "<sup>".repeat(3_000), "</sup>".repeat(3_000));
        assert!(reportkit_model::inline_text(&para(&md)).contains('y'));
    }

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
    fn heading_attributes_give_the_id_and_leave_the_title() {
        let r = read_full("## Harvest totals {#totals .wide}\n\n## Plain {not attributes}\n");
        let titles: Vec<String> = r
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Heading { title, .. } => Some(reportkit_model::inline_text(title)),
                Item::Block(_) => None,
            })
            .collect();
        assert_eq!(titles, ["Harvest totals", "Plain {not attributes}"]);
        let a = &r.anchors[&1];
        assert_eq!(a.id.as_deref(), Some("totals"));
        assert_eq!(a.classes, ["wide"]);
        assert_eq!(a.written.as_deref(), Some("{#totals .wide}"));
        assert_eq!(r.anchors.len(), 1);
    }

    #[test]
    fn raw_blocks_name_the_images_they_show() {
        let figures = |md: &str| -> Vec<(String, String)> {
            read(md)
                .into_iter()
                .flat_map(|i| match i {
                    Item::Block(Block::Html { figures, .. }) => figures,
                    _ => Vec::new(),
                })
                .map(|f| (f.src, f.alt))
                .collect()
        };
        let pair = |s: &str, a: &str| (s.to_string(), a.to_string());
        assert_eq!(
            figures("<div><img src=\"a.png\" alt=\"Share by year\"><IMG SRC=b.png></div>\n"),
            [pair("a.png", "Share by year"), pair("b.png", "")]
        );
        assert_eq!(figures("{{< figure src=\"c.svg\" alt=\"Bar chart\" >}}\n"), [pair("c.svg", "Bar chart")]);
        assert_eq!(figures("{{image \"d.svg\"}}\n"), [pair("d.svg", "")]);
        // A shortcode or a block that shows no image names none.
        assert!(figures("{{< youtube abc >}}\n\n<div class=\"note\">Text</div>\n").is_empty());
    }

    #[test]
    fn html_headings_are_headings() {
        let r = read_full("<h3 id='q-7'><a href='#q-7'>#</a> Which tools &amp; why? <a href='#'>^</a></h3>\n\nText.\n");
        match &r.items[0] {
            Item::Heading { level, title, .. } => {
                assert_eq!(*level, 3);
                assert_eq!(reportkit_model::inline_text(title), "Which tools & why?");
            }
            other => panic!("heading expected: {other:?}"),
        }
        assert_eq!(r.anchors.get(&1).and_then(|a| a.id.as_deref()), Some("q-7"));
    }

    #[test]
    fn front_matter_is_not_body_text() {
        let r = read_full("---\ntitle: Notes\ntags:\n- a\nsummary: short\n---\n\nBody.\n");
        let (delimiter, body, span, verbatim) = r.front_matter.expect("front matter");
        assert_eq!(verbatim, "---\ntitle: Notes\ntags:\n- a\nsummary: short\n---");
        assert_eq!((delimiter, span), ("---", Span::new(1, 6)));
        assert!(body.starts_with("title: Notes") && !body.contains("---"));
        assert_eq!(r.items.len(), 1, "only the body paragraph: {:?}", r.items);
        assert_eq!(
            r.items[0],
            Item::Block(Block::Paragraph { span: Span::line(8), content: vec![Inline::Text { text: "Body.".into() }] })
        );
        let toml = read_full("+++\ntitle = \"Notes\"\n+++\n# Head\n");
        assert_eq!(toml.front_matter.map(|f| f.0), Some("+++"));
        // A leading thematic break is not front matter.
        let rule = read_full("---\n\nSome text.\n\n---\n");
        assert!(rule.front_matter.is_none());
    }

    #[test]
    fn shortcodes_are_raw_blocks() {
        let b = only_block("{{< figure src=\"a.svg\" alt=\"A chart\" >}}\n");
        assert!(matches!(b, Block::Html { .. }), "{b:?}");
    }

    #[test]
    fn hard_and_soft_breaks_are_kept_apart() {
        let p = para("a  \nb\nc\n");
        assert!(p.contains(&Inline::HardBreak));
        assert!(p.contains(&Inline::SoftBreak));
    }
}
