//! The HTML reader: a page parsed the way a browser parses it (html5ever, the WHATWG parser of
//! the Servo project), then what a reader sees of its body mapped onto the canonical model.
//!
//! - `<h1>`–`<h6>` open sections (their `id` becomes the section id); `<p>`, text between
//!   blocks, `<ul>`/`<ol>` (nested), `<table>` (a `<thead>` row or a first row of `<th>` cells is
//!   the header; `colspan`/`rowspan` keep columns aligned), `<blockquote>`, `<pre>`, `<hr>`
//!   become the model's blocks; `<figure>` gives its caption, then its image (captions stand above what they label).
//! - Inline `<em>`/`<i>`, `<strong>`/`<b>`, `<code>`, `<s>`/`<del>`, `<sup>`, `<sub>`,
//!   `<a href>`, `<img alt>` and `<br>` become the model's inlines.
//! - White space collapses as a browser collapses it outside `<pre>`; a line break in the source
//!   is kept as a soft break, so that a finding inside a paragraph names its own line. Entities
//!   are decoded by the parser.
//! - Nothing a reader does not see is read: the `<head>` (but its `<title>`, the title when no
//!   `<h1>` gives one), `<script>`, `<style>`, `<template>`, `<noscript>`, embedded `<svg>` and
//!   forms' controls, elements marked `hidden`, and a `<nav>` that links to other pages (site
//!   navigation; a `<nav>` of in-page links is a table of contents and is kept).
//!
//! Every block carries the line its first visible content is on: the sink records the source
//! line of each element and text node as html5ever reads it (see [`dom`]).

mod dom;

/// The images a fragment of HTML shows (`<img src alt>`), in order, read by the HTML parser.
pub(crate) fn figures(html: &str) -> Vec<reportkit_model::Figure> {
    if !html.as_bytes().windows(4).any(|w| w.eq_ignore_ascii_case(b"<img")) {
        return Vec::new();
    }
    let dom = dom::Dom::parse(html);
    dom.nodes
        .iter()
        .filter(|n| n.tag() == "img")
        .filter_map(|n| {
            let src = n.attr("src")?.trim();
            Some(reportkit_model::Figure { src: src.to_string(), alt: n.attr("alt").unwrap_or("").trim().to_string() })
        })
        .collect()
}

use std::collections::HashMap;

use reportkit_model::{Alignment, Block, Inline, LinkStyle, ListItem, QuoteStyle, Span, TableRow};

use crate::sections::{Anchor, Item};
use dom::{Data, Dom, Id};

/// Element nesting beyond which content is read as plain text (no stack overflow on hostile
/// input).
const MAX_DEPTH: usize = 256;

/// Lists and quotes nested deeper than this, and inline markup nested deeper than this, are
/// read flat (their text kept in order), as the Markdown reader bounds them: every later stage
/// recurses over the model, and canonical JSON must stay within the nesting its readers accept.
const MAX_NEST: usize = 24;

/// What the HTML reader finds.
#[derive(Debug, Default)]
pub struct Read {
    /// Headings and blocks in document order.
    pub items: Vec<Item>,
    /// Explicit heading ids (`<h2 id="…">`), keyed by the heading's line.
    pub anchors: HashMap<u32, Anchor>,
    /// The text of the `<title>` element, white space collapsed.
    pub title: Option<String>,
}

/// Read an HTML document.
pub fn read(text: &str) -> Read {
    let dom = Dom::parse(text);
    let ends = end_lines(&dom);
    let mut r =
        Reader { dom: &dom, ends, anchors: HashMap::new(), ws: true, start: None, end: 0, nest: 0, inline_nest: 0 };
    let html = r.children(Dom::DOCUMENT).into_iter().find(|c| r.tag(*c) == "html");
    let (head, body) = match html {
        Some(h) => {
            let kids = r.children(h);
            (kids.iter().copied().find(|c| r.tag(*c) == "head"), kids.iter().copied().find(|c| r.tag(*c) == "body"))
        }
        None => (None, None),
    };
    let title = head
        .and_then(|h| r.children(h).into_iter().find(|c| r.tag(*c) == "title"))
        .map(|t| collapse(&flat_text(&dom, t)))
        .filter(|t| !t.is_empty());
    let mut items = Vec::new();
    if let Some(b) = body {
        r.container(b, 0, &mut items, true);
    }
    Read { items, anchors: r.anchors, title }
}

/// The last line of every node: the furthest line its text reaches.
fn end_lines(dom: &Dom) -> Vec<u32> {
    let mut ends: Vec<u32> = dom
        .nodes
        .iter()
        .map(|n| match &n.data {
            Data::Text(t) => n.line.saturating_add(t.matches('\n').count() as u32),
            _ => n.line,
        })
        .collect();
    // Post-order without recursion: children finish before their parents.
    let mut order = Vec::with_capacity(dom.nodes.len());
    let mut stack = vec![Dom::DOCUMENT];
    while let Some(n) = stack.pop() {
        order.push(n);
        stack.extend(dom.nodes[n].children.iter().copied());
    }
    for &n in order.iter().rev() {
        if let Some(p) = dom.nodes[n].parent {
            ends[p] = ends[p].max(ends[n]);
        }
    }
    ends
}

/// All text under a node, as written, without recursion.
fn flat_text(dom: &Dom, id: Id) -> String {
    let mut out = String::new();
    let mut stack = vec![id];
    while let Some(n) = stack.pop() {
        let node = &dom.nodes[n];
        match &node.data {
            Data::Text(t) => out.push_str(t),
            Data::Element { .. } if skipped(dom, n) => {}
            Data::Element { .. } | Data::Document => {
                if matches!(node.tag(), "br" | "p" | "div" | "li" | "td" | "th" | "tr") {
                    out.push(' ');
                }
                if node.tag() == "img" {
                    out.push_str(node.attr("alt").unwrap_or(""));
                    out.push(' ');
                }
                stack.extend(node.children.iter().rev().copied());
            }
            Data::Other => {}
        }
    }
    out
}

/// White space collapsed to single spaces and trimmed.
fn collapse(s: &str) -> String {
    s.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// Elements whose content a reader never sees.
fn skipped(dom: &Dom, id: Id) -> bool {
    let n = &dom.nodes[id];
    if n.attr("hidden").is_some() || dom::is_template(n) {
        return true;
    }
    match n.tag() {
        "head" | "script" | "style" | "noscript" | "svg" | "math" | "iframe" | "object" | "embed" | "canvas"
        | "audio" | "video" | "select" | "textarea" | "input" | "button" | "datalist" | "dialog" | "map" => true,
        "nav" => !in_page_nav(dom, id),
        _ => false,
    }
}

/// A `<nav>` whose links all stay on the page: a table of contents, not site navigation.
fn in_page_nav(dom: &Dom, id: Id) -> bool {
    let mut stack = vec![id];
    let mut links = 0;
    while let Some(n) = stack.pop() {
        let node = &dom.nodes[n];
        if node.tag() == "a" {
            if let Some(href) = node.attr("href") {
                if !href.trim_start().starts_with('#') {
                    return false;
                }
                links += 1;
            }
        }
        stack.extend(node.children.iter().copied());
    }
    links > 0
}

/// Elements that break the flow of text into blocks.
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "search"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

fn heading_level(tag: &str) -> Option<u8> {
    match tag {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

struct Reader<'a> {
    dom: &'a Dom,
    ends: Vec<u32>,
    anchors: HashMap<u32, Anchor>,
    /// The inline content built so far ends in white space (or nothing): more is dropped.
    ws: bool,
    /// Line of the first visible content of the run being built.
    start: Option<u32>,
    /// Furthest line the run being built reaches.
    end: u32,
    /// Lists and quotes open around the current element.
    nest: usize,
    /// Inline elements open around the current element.
    inline_nest: usize,
}

impl Reader<'_> {
    fn tag(&self, id: Id) -> &str {
        self.dom.nodes[id].tag()
    }

    fn children(&self, id: Id) -> Vec<Id> {
        self.dom.nodes[id].children.clone()
    }

    fn line(&self, id: Id) -> u32 {
        self.dom.nodes[id].line
    }

    fn span(&self, id: Id) -> Span {
        Span::new(self.line(id), self.ends[id])
    }

    /// Blocks (and, at the top, headings) of a container's children, in order: runs of text and
    /// inline elements between blocks become paragraphs.
    fn container(&mut self, id: Id, depth: usize, items: &mut Vec<Item>, top: bool) {
        if depth > MAX_DEPTH {
            let text = collapse(&flat_text(self.dom, id));
            if !text.is_empty() {
                items.push(Item::Block(Block::Paragraph { span: self.span(id), content: vec![text_inline(text)] }));
            }
            return;
        }
        let mut run = Vec::new();
        self.begin_run();
        let mut children = self.children(id);
        if self.tag(id) == "figure" {
            // The caption first, as captions stand in the model: above what they label (a
            // caption with nothing under it reads as content gone missing).
            children.sort_by_key(|c| self.tag(*c) != "figcaption");
        }
        for c in children {
            match &self.dom.nodes[c].data {
                Data::Text(t) => self.text(t, self.line(c), &mut run),
                Data::Element { .. } if skipped(self.dom, c) => {}
                Data::Element { .. } if is_block(self.tag(c)) => {
                    self.flush(&mut run, items);
                    self.block(c, depth + 1, items, top);
                    self.begin_run();
                }
                Data::Element { .. } => self.inline(c, depth + 1, &mut run),
                Data::Document | Data::Other => {}
            }
        }
        self.flush(&mut run, items);
    }

    /// The blocks of a container that cannot hold sections (a list item, a quotation).
    fn blocks(&mut self, id: Id, depth: usize) -> Vec<Block> {
        let mut items = Vec::new();
        self.nest += 1;
        self.container(id, depth, &mut items, false);
        self.nest -= 1;
        items
            .into_iter()
            .map(|i| match i {
                Item::Block(b) => b,
                Item::Heading { title, span, .. } => {
                    Block::Paragraph { span, content: vec![Inline::Strong { children: title }] }
                }
            })
            .collect()
    }

    fn begin_run(&mut self) {
        self.ws = true;
        self.start = None;
        self.end = 0;
    }

    /// The run built so far as a paragraph, if it shows anything.
    fn flush(&mut self, run: &mut Vec<Inline>, items: &mut Vec<Item>) {
        let content = trim(std::mem::take(run));
        if let (false, Some(start)) = (content.is_empty(), self.start) {
            let breaks = soft_breaks(&content);
            let span = Span::new(start, self.end.max(start + breaks));
            items.push(Item::Block(Block::Paragraph { span, content }));
        }
        self.begin_run();
    }

    /// Note visible content at `line`.
    fn mark(&mut self, line: u32) {
        self.start.get_or_insert(line);
        self.end = self.end.max(line);
    }

    /// Text, its white space collapsed; a run of white space holding a line break is a soft break.
    fn text(&mut self, t: &str, line: u32, out: &mut Vec<Inline>) {
        let mut line = line;
        let mut buf = String::new();
        let mut rest = t;
        while !rest.is_empty() {
            let ws_len = rest.find(|c: char| !is_html_space(c)).unwrap_or(rest.len());
            if ws_len > 0 {
                let ws = &rest[..ws_len];
                let newlines = ws.matches('\n').count() as u32;
                if !self.ws {
                    if newlines > 0 {
                        push_text(out, std::mem::take(&mut buf));
                        out.push(Inline::SoftBreak);
                    } else {
                        buf.push(' ');
                    }
                    self.ws = true;
                }
                line += newlines;
                rest = &rest[ws_len..];
                continue;
            }
            let word_len = rest.find(is_html_space).unwrap_or(rest.len());
            buf.push_str(&rest[..word_len]);
            self.mark(line);
            self.ws = false;
            rest = &rest[word_len..];
        }
        push_text(out, buf);
    }

    /// A space between pieces of content (a block inside inline content, a table cell).
    fn space(&mut self, out: &mut Vec<Inline>) {
        if !self.ws {
            push_text(out, " ".to_string());
            self.ws = true;
        }
    }

    /// An inline element's content appended to `out`.
    fn inline(&mut self, id: Id, depth: usize, out: &mut Vec<Inline>) {
        if skipped(self.dom, id) {
            return;
        }
        let node = &self.dom.nodes[id];
        let line = node.line;
        if depth > MAX_DEPTH {
            let t = flat_text(self.dom, id);
            self.text(&t, line, out);
            return;
        }
        if self.inline_nest >= MAX_NEST && node.tag() != "img" && node.tag() != "br" {
            self.inner_into(id, depth, out);
            return;
        }
        let wrap = |children: Vec<Inline>, f: fn(Vec<Inline>) -> Inline, out: &mut Vec<Inline>| {
            if !children.is_empty() {
                out.push(f(children));
            }
        };
        match node.tag() {
            "em" | "i" | "cite" | "dfn" | "var" => {
                let c = self.inner(id, depth);
                wrap(c, |children| Inline::Emphasis { children }, out);
            }
            "strong" | "b" => {
                let c = self.inner(id, depth);
                wrap(c, |children| Inline::Strong { children }, out);
            }
            "s" | "del" | "strike" => {
                let c = self.inner(id, depth);
                wrap(c, |children| Inline::Strikethrough { children }, out);
            }
            "sup" => {
                let c = self.inner(id, depth);
                wrap(c, |children| Inline::Superscript { children }, out);
            }
            "sub" => {
                let c = self.inner(id, depth);
                wrap(c, |children| Inline::Subscript { children }, out);
            }
            "code" | "kbd" | "samp" | "tt" => {
                let raw = flat_text(self.dom, id);
                let text = collapse(&raw);
                if !text.is_empty() {
                    if raw.starts_with(is_html_space) {
                        self.space(out);
                    }
                    self.mark(line);
                    out.push(Inline::Code { text });
                    self.ws = false;
                    if raw.ends_with(is_html_space) {
                        self.space(out);
                    }
                }
            }
            "a" => match node.attr("href") {
                Some(href) => {
                    let url = href.trim().to_string();
                    let title = node.attr("title").unwrap_or("").to_string();
                    let children = self.inner(id, depth);
                    if !children.is_empty() || !url.is_empty() {
                        self.mark(line);
                        // The ordinary link of the format: written back as `[text](url)`.
                        out.push(Inline::Link { url, title, children, style: LinkStyle::Inline });
                    }
                }
                None => self.inner_into(id, depth, out),
            },
            "img" => {
                let alt = collapse(node.attr("alt").unwrap_or(""));
                let url = node.attr("src").unwrap_or("").trim().to_string();
                let title = node.attr("title").unwrap_or("").to_string();
                self.mark(line);
                let alt = if alt.is_empty() { Vec::new() } else { vec![text_inline(alt)] };
                out.push(Inline::Image { url, title, alt });
                self.ws = false;
            }
            "br" => {
                trim_end(out);
                if !out.is_empty() {
                    out.push(Inline::HardBreak);
                }
                self.ws = true;
            }
            "wbr" => {}
            "q" => {
                self.text("\u{201c}", line, out);
                self.inner_into(id, depth, out);
                push_text(out, "\u{201d}".to_string());
            }
            tag if is_block(tag) => {
                // A block inside inline content (a `<div>` in a link): its text, set apart.
                self.space(out);
                self.inner_into(id, depth, out);
                self.space(out);
            }
            _ => self.inner_into(id, depth, out),
        }
    }

    /// The inline content of an element's children.
    fn inner(&mut self, id: Id, depth: usize) -> Vec<Inline> {
        let mut v = Vec::new();
        self.inline_nest += 1;
        self.inner_into(id, depth, &mut v);
        self.inline_nest -= 1;
        v
    }

    fn inner_into(&mut self, id: Id, depth: usize, out: &mut Vec<Inline>) {
        for c in self.children(id) {
            match &self.dom.nodes[c].data {
                Data::Text(t) => self.text(t, self.line(c), out),
                Data::Element { .. } => self.inline(c, depth + 1, out),
                Data::Document | Data::Other => {}
            }
        }
    }

    /// The inline content of a whole element, blocks inside it set apart by spaces.
    fn inline_content(&mut self, id: Id, depth: usize) -> (Vec<Inline>, Option<u32>) {
        self.begin_run();
        let mut v = Vec::new();
        self.inner_into(id, depth, &mut v);
        let start = self.start;
        self.begin_run();
        (trim(v), start)
    }

    fn block(&mut self, id: Id, depth: usize, items: &mut Vec<Item>, top: bool) {
        let tag = self.tag(id).to_string();
        if let Some(level) = heading_level(&tag) {
            let (title, start) = self.inline_content(id, depth);
            if title.is_empty() {
                return;
            }
            let line = start.unwrap_or(self.line(id));
            let span = Span::new(line, self.ends[id]);
            if top {
                if let Some(anchor) = self.dom.nodes[id].attr("id").map(str::trim).filter(|a| !a.is_empty()) {
                    self.anchors.insert(line, Anchor::id(anchor));
                }
                items.push(Item::Heading { level, title, span });
            } else {
                items.push(Item::Block(Block::Paragraph { span, content: vec![Inline::Strong { children: title }] }));
            }
            return;
        }
        if self.nest >= MAX_NEST && matches!(tag.as_str(), "ul" | "ol" | "menu" | "dir" | "blockquote") {
            let text = collapse(&flat_text(self.dom, id));
            if !text.is_empty() {
                items.push(Item::Block(Block::Paragraph { span: self.span(id), content: vec![text_inline(text)] }));
            }
            return;
        }
        match tag.as_str() {
            "ul" | "ol" | "menu" | "dir" => {
                if let Some(list) = self.list(id, depth, tag == "ol") {
                    items.push(Item::Block(list));
                }
            }
            "table" => self.table(id, depth, items),
            "blockquote" => {
                let blocks = self.blocks(id, depth);
                if !blocks.is_empty() {
                    let span = blocks.iter().map(Block::span).reduce(Span::join).unwrap_or(self.span(id));
                    items.push(Item::Block(Block::Quote {
                        span,
                        blocks,
                        attribution: None,
                        style: QuoteStyle::Blockquote,
                    }));
                }
            }
            "pre" => {
                let mut text = flat_text(self.dom, id);
                if text.trim().is_empty() {
                    return;
                }
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                let info = self
                    .children(id)
                    .into_iter()
                    .find(|c| self.tag(*c) == "code")
                    .and_then(|c| self.dom.nodes[c].attr("class"))
                    .and_then(|class| {
                        class.split_ascii_whitespace().find_map(|k| {
                            k.strip_prefix("language-").or_else(|| k.strip_prefix("lang-")).map(str::to_string)
                        })
                    })
                    .unwrap_or_default();
                items.push(Item::Block(Block::Code { span: self.span(id), info, text, fenced: true }));
            }
            "hr" => items.push(Item::Block(Block::ThematicBreak { span: Span::line(self.line(id)) })),
            _ => self.container(id, depth, items, top),
        }
    }

    fn list(&mut self, id: Id, depth: usize, ordered: bool) -> Option<Block> {
        let mut items = Vec::new();
        let mut tight = true;
        for c in self.children(id) {
            let blocks = match &self.dom.nodes[c].data {
                Data::Element { .. } if skipped(self.dom, c) => continue,
                Data::Element { .. } if self.tag(c) == "li" => {
                    if self.children(c).iter().any(|g| self.tag(*g) == "p") {
                        tight = false;
                    }
                    self.blocks(c, depth + 1)
                }
                // Stray content between items (text, a nested list written outside an `<li>`).
                Data::Element { .. } | Data::Text(_) => {
                    let mut v = Vec::new();
                    let mut run = Vec::new();
                    self.begin_run();
                    match &self.dom.nodes[c].data {
                        Data::Text(t) => self.text(t, self.line(c), &mut run),
                        _ if is_block(self.tag(c)) => {
                            self.block(c, depth + 1, &mut v, false);
                        }
                        _ => self.inline(c, depth + 1, &mut run),
                    }
                    self.flush(&mut run, &mut v);
                    let blocks: Vec<Block> = v
                        .into_iter()
                        .filter_map(|i| match i {
                            Item::Block(b) => Some(b),
                            Item::Heading { .. } => None,
                        })
                        .collect();
                    // Nested lists written straight inside a list belong to the item before.
                    if let (Some(last), true) =
                        (items.last_mut(), blocks.iter().all(|b| matches!(b, Block::List { .. })))
                    {
                        let last: &mut ListItem = last;
                        for b in blocks {
                            last.span = last.span.join(b.span());
                            last.blocks.push(b);
                        }
                        continue;
                    }
                    blocks
                }
                Data::Document | Data::Other => continue,
            };
            if blocks.is_empty() {
                continue;
            }
            let content = blocks.iter().map(Block::span).reduce(Span::join).expect("not empty");
            let span = Span::new(self.line(c).min(content.start), content.end);
            items.push(ListItem { span, checked: None, blocks });
        }
        if items.is_empty() {
            return None;
        }
        let start = if ordered {
            Some(self.dom.nodes[id].attr("start").and_then(|s| s.trim().parse().ok()).unwrap_or(1))
        } else {
            None
        };
        let span = items.iter().map(|i| i.span).reduce(Span::join).expect("not empty");
        Some(Block::List { span, ordered, start, tight, items })
    }

    fn table(&mut self, id: Id, depth: usize, items: &mut Vec<Item>) {
        let mut head_rows = Vec::new();
        let mut body_rows = Vec::new();
        let mut foot_rows = Vec::new();
        for c in self.children(id) {
            match self.tag(c) {
                "caption" => self.container(c, depth + 1, items, false),
                "thead" => head_rows.extend(self.children(c).into_iter().filter(|r| self.tag(*r) == "tr")),
                "tfoot" => foot_rows.extend(self.children(c).into_iter().filter(|r| self.tag(*r) == "tr")),
                "tbody" => body_rows.extend(self.children(c).into_iter().filter(|r| self.tag(*r) == "tr")),
                "tr" => body_rows.push(c),
                _ => {}
            }
        }
        let all: Vec<Id> = head_rows.iter().chain(&body_rows).chain(&foot_rows).copied().collect();
        if all.is_empty() {
            return;
        }
        // Per column, the rows a `rowspan` above still covers.
        let mut carry: Vec<u32> = Vec::new();
        let mut rows: Vec<ReadRow> = Vec::new();
        for &r in &all {
            let mut cells = Vec::new();
            let mut aligns = Vec::new();
            let mut all_th = true;
            let mut col = 0;
            for cell in self.children(r) {
                let tag = self.tag(cell).to_string();
                if tag != "td" && tag != "th" {
                    continue;
                }
                all_th &= tag == "th";
                take_carried(&mut carry, &mut cells, &mut aligns, &mut col);
                let num = |a: &str| -> u32 {
                    self.dom.nodes[cell].attr(a).and_then(|v| v.trim().parse().ok()).unwrap_or(1).clamp(1, 1000)
                };
                let (span_cols, span_rows) = (num("colspan").min(100), num("rowspan"));
                let align = alignment(&self.dom.nodes[cell]);
                let (content, _) = self.inline_content(cell, depth + 2);
                for k in 0..span_cols as usize {
                    cells.push(if k == 0 { content.clone() } else { Vec::new() });
                    aligns.push(align);
                    if carry.len() <= col {
                        carry.resize(col + 1, 0);
                    }
                    carry[col] = span_rows - 1;
                    col += 1;
                }
            }
            take_carried(&mut carry, &mut cells, &mut aligns, &mut col);
            if cells.is_empty() {
                continue;
            }
            rows.push((r, cells, all_th, aligns));
        }
        if rows.is_empty() {
            return;
        }
        let width = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
        let has_head = !head_rows.is_empty() && rows[0].0 == head_rows[0] || rows[0].2;
        let mut rows = rows.into_iter();
        let (header, alignments) = if has_head {
            let (r, cells, _, aligns) = rows.next().expect("not empty");
            (TableRow { line: self.line(r), cells }, aligns)
        } else {
            // No header row: an empty one, so that no data row is read as labels.
            (TableRow { line: self.line(id), cells: Vec::new() }, Vec::new())
        };
        let pad = |mut cells: Vec<Vec<Inline>>| {
            cells.resize(width, Vec::new());
            cells
        };
        let mut alignments = alignments;
        alignments.resize(width, Alignment::None);
        let header = TableRow { line: header.line, cells: pad(header.cells) };
        let body: Vec<TableRow> =
            rows.map(|(r, cells, _, _)| TableRow { line: self.line(r), cells: pad(cells) }).collect();
        let start = header.line.min(body.first().map_or(header.line, |r| r.line));
        let end = body.last().map_or(header.line, |r| self.ends[all[all.len() - 1]].max(r.line));
        items.push(Item::Block(Block::Table { span: Span::new(start, end), alignments, header, rows: body }));
    }
}

/// A table row as read: its `<tr>`, its cells, whether all are `<th>`, their alignments.
type ReadRow = (Id, Vec<Vec<Inline>>, bool, Vec<Alignment>);

/// Empty cells for the columns a `rowspan` above still covers, from `col` on.
fn take_carried(carry: &mut [u32], cells: &mut Vec<Vec<Inline>>, aligns: &mut Vec<Alignment>, col: &mut usize) {
    while carry.get(*col).is_some_and(|n| *n > 0) {
        carry[*col] -= 1;
        cells.push(Vec::new());
        aligns.push(Alignment::None);
        *col += 1;
    }
}

/// A cell's alignment from its `align` attribute or a `text-align` style.
fn alignment(n: &dom::Node) -> Alignment {
    let style = n.attr("style").unwrap_or("").to_ascii_lowercase().replace(' ', "");
    let value = n
        .attr("align")
        .map(str::to_ascii_lowercase)
        .or_else(|| style.split(';').find_map(|d| d.strip_prefix("text-align:").map(|v| v.trim().to_string())));
    match value.as_deref() {
        Some("left") => Alignment::Left,
        Some("center") => Alignment::Center,
        Some("right") => Alignment::Right,
        _ => Alignment::None,
    }
}

/// HTML's white space (the parser has already turned `\r\n` into `\n`).
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C')
}

fn text_inline(text: String) -> Inline {
    Inline::Text { text }
}

fn push_text(out: &mut Vec<Inline>, text: String) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text { text: prev }) = out.last_mut() {
        prev.push_str(&text);
    } else {
        out.push(Inline::Text { text });
    }
}

fn soft_breaks(v: &[Inline]) -> u32 {
    v.iter()
        .map(|i| match i {
            Inline::SoftBreak => 1,
            Inline::Emphasis { children }
            | Inline::Strong { children }
            | Inline::Strikethrough { children }
            | Inline::Superscript { children }
            | Inline::Subscript { children }
            | Inline::Link { children, .. } => soft_breaks(children),
            _ => 0,
        })
        .sum()
}

fn children_mut(i: &mut Inline) -> Option<&mut Vec<Inline>> {
    match i {
        Inline::Emphasis { children }
        | Inline::Strong { children }
        | Inline::Strikethrough { children }
        | Inline::Superscript { children }
        | Inline::Subscript { children }
        | Inline::Link { children, .. } => Some(children),
        _ => None,
    }
}

/// Drop white space (and breaks) at the end of inline content, looking into its last element.
fn trim_end(v: &mut Vec<Inline>) {
    while let Some(last) = v.last_mut() {
        match last {
            Inline::SoftBreak | Inline::HardBreak => {
                v.pop();
            }
            Inline::Text { text } => {
                let t = text.trim_end_matches(is_html_space).len();
                text.truncate(t);
                if text.is_empty() {
                    v.pop();
                } else {
                    return;
                }
            }
            other => {
                if let Some(c) = children_mut(other) {
                    trim_end(c);
                }
                return;
            }
        }
    }
}

/// Drop white space at the start of inline content, looking into its first element.
fn trim_start(v: &mut Vec<Inline>) {
    while let Some(first) = v.first_mut() {
        match first {
            Inline::SoftBreak | Inline::HardBreak => {
                v.remove(0);
            }
            Inline::Text { text } => {
                let t = text.trim_start_matches(is_html_space).to_string();
                if t.is_empty() {
                    v.remove(0);
                } else {
                    *text = t;
                    return;
                }
            }
            other => {
                if let Some(c) = children_mut(other) {
                    trim_start(c);
                }
                return;
            }
        }
    }
}

fn trim(mut v: Vec<Inline>) -> Vec<Inline> {
    trim_start(&mut v);
    trim_end(&mut v);
    v
}

#[cfg(test)]
mod tests;
