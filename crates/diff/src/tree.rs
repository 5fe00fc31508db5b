//! A document flattened for comparison: one node per section (the text before the first heading
//! and feed articles are nodes too), each with its own text as a list of paragraphs.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use reportkit_model::diff::SectionRef;
use reportkit_model::{inline_text, Block, Document, Inline, Section, Span};

/// One paragraph-sized piece of a section's own text: a paragraph, a list item's paragraph, a
/// table row, a code block, raw HTML, an attribution.
#[derive(Debug, Clone)]
pub(crate) struct Para {
    /// Its lines.
    pub span: Span,
    /// Plain text with whitespace collapsed: what matching uses.
    pub norm: String,
    /// What is compared and shown: `norm`, or with `--exact` the source lines verbatim.
    pub shown: String,
}

/// A section (or the preamble, or a feed article).
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub id: String,
    /// Title as plain text, whitespace collapsed.
    pub title: String,
    /// With `--exact`, the heading line(s) as written, compared like a paragraph.
    pub heading: Option<Para>,
    pub parent: Option<usize>,
    pub path: Vec<String>,
    pub span: Span,
    pub paras: Vec<Para>,
    /// Hash of the normalised own text (0 when there is none).
    pub key: u64,
    /// Sorted, deduplicated hashes of the own text's lower-case words.
    pub words: Vec<u64>,
}

impl Node {
    pub(crate) fn reference(&self) -> SectionRef {
        SectionRef { id: self.id.clone(), title: self.title.clone(), path: self.path.clone(), span: self.span }
    }
    pub(crate) fn has_text(&self) -> bool {
        !self.paras.is_empty()
    }
}

/// A flattened document.
pub(crate) struct Tree {
    pub nodes: Vec<Node>,
    /// `line_node[l]`: the innermost node whose lines hold line `l`.
    line_node: Vec<usize>,
}

impl Tree {
    /// The sibling just before node `j` (same parent), if any.
    pub(crate) fn previous_sibling(&self, j: usize) -> Option<usize> {
        let parent = self.nodes[j].parent;
        let stop = parent.map_or(0, |p| p + 1);
        (stop..j).rev().find(|k| self.nodes[*k].parent == parent && *k != 0)
    }

    /// The innermost node holding a line.
    pub(crate) fn node_at(&self, line: u32) -> usize {
        self.line_node.get(line as usize).copied().unwrap_or(0)
    }
}

pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn hash<T: Hash + ?Sized>(t: &T) -> u64 {
    let mut h = DefaultHasher::new();
    t.hash(&mut h);
    h.finish()
}

/// Word hashes of a text, lower-cased, sorted and deduplicated.
pub(crate) fn word_set(text: &str) -> Vec<u64> {
    let mut v: Vec<u64> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| hash(&w.to_lowercase())).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Dice coefficient of two sorted sets (or multisets).
pub(crate) fn dice<T: Ord>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

struct Builder<'a> {
    lines: Vec<&'a str>,
    exact: bool,
    nodes: Vec<Node>,
}

impl Builder<'_> {
    fn source(&self, span: Span) -> Option<String> {
        if !self.exact || self.lines.is_empty() {
            return None;
        }
        let (s, e) = (span.start.max(1) as usize - 1, (span.end as usize).min(self.lines.len()));
        (s < e).then(|| self.lines[s..e].join("\n"))
    }

    fn para(&self, out: &mut Vec<Para>, span: Span, text: &str) {
        let norm = collapse(text);
        if norm.is_empty() {
            return;
        }
        let shown = self.source(span).unwrap_or_else(|| norm.clone());
        out.push(Para { span, norm, shown });
    }

    fn blocks(&self, blocks: &[Block], out: &mut Vec<Para>) {
        for b in blocks {
            match b {
                Block::Paragraph { span, content } | Block::Heading { span, content, .. } => {
                    self.para(out, *span, &inline_text(content))
                }
                Block::FootnoteDefinition { blocks, .. } => self.blocks(blocks, out),
                Block::List { items, .. } => {
                    for it in items {
                        self.blocks(&it.blocks, out);
                    }
                }
                Block::Table { header, rows, .. } => {
                    for row in std::iter::once(header).chain(rows) {
                        let cells: Vec<String> = row.cells.iter().map(|c| collapse(&inline_text(c))).collect();
                        self.para(out, Span::line(row.line), &cells.join(" | "));
                    }
                }
                Block::Quote { blocks, attribution, .. } => {
                    self.blocks(blocks, out);
                    if let Some(a) = attribution {
                        let mut t = inline_text(&a.name);
                        for r in &a.roles {
                            t.push(' ');
                            t.push_str(&inline_text(r));
                        }
                        self.para(out, a.span, &t);
                    }
                }
                Block::Code { span, text, .. } => self.para(out, *span, text),
                Block::ThematicBreak { span } => self.para(out, *span, "---"),
                Block::Html { span, html, .. } => self.para(out, *span, html),
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        id: &str,
        title: &[Inline],
        heading: Option<Span>,
        span: Span,
        blocks: &[Block],
        parent: Option<usize>,
        path: &[String],
    ) -> usize {
        let mut paras = Vec::new();
        self.blocks(blocks, &mut paras);
        let title_norm = collapse(&inline_text(title));
        let heading = heading.and_then(|h| Some(Para { span: h, norm: title_norm.clone(), shown: self.source(h)? }));
        let own: Vec<&str> = paras.iter().map(|p| p.norm.as_str()).collect();
        let joined = own.join("\n");
        let key = if joined.is_empty() { 0 } else { hash(&joined) };
        let words = word_set(&joined);
        self.nodes.push(Node {
            id: id.to_string(),
            title: title_norm,
            heading,
            parent,
            path: path.to_vec(),
            span,
            paras,
            key,
            words,
        });
        self.nodes.len() - 1
    }

    fn sections(&mut self, sections: &[Section], parent: Option<usize>, path: &mut Vec<String>) {
        for s in sections {
            let i = self.push(&s.id, &s.title, Some(s.heading_span), s.span, &s.blocks, parent, path);
            path.push(self.nodes[i].title.clone());
            self.sections(&s.children, Some(i), path);
            path.pop();
        }
    }
}

/// Flatten a document. `source` is its text (empty when read from JSON); with `exact`, the
/// source lines are what is compared.
pub(crate) fn build(doc: &Document, source: &str, exact: bool) -> Tree {
    let mut b = Builder { lines: source.lines().collect(), exact, nodes: Vec::new() };
    let first = doc
        .sections
        .first()
        .map(|s| s.span.start)
        .or_else(|| doc.articles.first().map(|a| a.span.start))
        .unwrap_or(doc.source.lines + 1);
    let pre_span = Span::new(1, first.saturating_sub(1).max(1));
    b.push("", &[], None, pre_span, &doc.blocks, None, &[]);
    let mut path = Vec::new();
    b.sections(&doc.sections, None, &mut path);
    for a in &doc.articles {
        let title = [Inline::Text { text: a.headline.clone() }];
        let i = b.push(&a.id, &title, Some(Span::line(a.span.start)), a.span, &a.blocks, None, &[]);
        path.push(b.nodes[i].title.clone());
        b.sections(&a.sections, Some(i), &mut path);
        path.pop();
    }
    let max_line = b.nodes.iter().map(|n| n.span.end).max().unwrap_or(0).max(doc.source.lines) as usize;
    let mut line_node = vec![0; max_line + 2];
    // Pre-order: a child paints over its parent.
    for (i, n) in b.nodes.iter().enumerate().skip(1) {
        let end = (n.span.end as usize).min(max_line);
        for slot in line_node.iter_mut().take(end + 1).skip(n.span.start as usize) {
            *slot = i;
        }
    }
    Tree { nodes: b.nodes, line_node }
}
