//! Text units: the pieces of prose rules read (headings, paragraphs, list items, table cells,
//! quotes), flattened in document order with their lines and context.

use reportkit_model::{Block, Corpus, Document, Inline, Section};

/// Where a unit sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A section heading.
    Heading,
    /// A paragraph outside lists and tables.
    Paragraph,
    /// The first paragraph of a list item: `list` numbers lists within the document, `index`
    /// the item within its list.
    ListItem {
        /// Document-wide list number.
        list: usize,
        /// Item index within the list.
        index: usize,
        /// Nesting depth (0 for a top-level list).
        depth: usize,
    },
    /// A table cell.
    Cell {
        /// Document-wide table number.
        table: usize,
        /// Row index (0 for the header).
        row: usize,
        /// Column index.
        col: usize,
    },
    /// A paragraph of a quotation.
    Quote,
    /// An attribution block.
    Attribution,
    /// A paragraph of a footnote's text (`[^1]: …`): notes read apart from the prose.
    Footnote,
}

/// One unit of text.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Index of the document in the corpus.
    pub doc: usize,
    /// Id of the innermost section (or article) the unit is in; empty at the top.
    pub section: String,
    /// Title of that section.
    pub section_title: String,
    /// Index of the feed article, if any.
    pub article: Option<usize>,
    /// Kind and position.
    pub kind: UnitKind,
    /// First line of the unit.
    pub line: u32,
    /// Last line of the unit's block (a list's last line for list items' block context).
    pub end_line: u32,
    /// Plain text. Where the source merely wraps a line (a soft break) the text has a space,
    /// so no reading depends on the wrapping; where it breaks one (a hard break: `<br>`, two
    /// trailing spaces) it has `\n`. Either is one byte.
    pub text: String,
    /// Byte offsets in `text` of the source's line ends, soft and hard, ascending: the lines
    /// of the text ([`Unit::line_at`]).
    pub breaks: Vec<u32>,
    /// Links in the unit: (url, link text).
    pub links: Vec<(String, String)>,
}

impl Unit {
    /// The source line of a byte offset in `text`.
    pub fn line_at(&self, byte: usize) -> u32 {
        self.line + self.breaks.partition_point(|&b| (b as usize) < byte) as u32
    }

    /// The byte offset where the source line holding byte `byte` starts in `text`.
    pub fn line_start(&self, byte: usize) -> usize {
        let k = self.breaks.partition_point(|&b| (b as usize) < byte);
        k.checked_sub(1).map_or(0, |k| self.breaks[k] as usize + 1)
    }

    /// A unit of text whose line breaks are written `\n`, each a hard break (for tests that
    /// build units by hand).
    #[cfg(test)]
    pub(crate) fn from_text(kind: UnitKind, line: u32, text: &str) -> Unit {
        Unit {
            doc: 0,
            section: String::new(),
            section_title: String::new(),
            article: None,
            kind,
            line,
            end_line: line + text.matches('\n').count() as u32,
            breaks: text.match_indices('\n').map(|(i, _)| i as u32).collect(),
            text: text.to_string(),
            links: Vec::new(),
        }
    }

    /// The text from byte `from` to the end of the unit, white space (line breaks included)
    /// collapsed, cut after at most `max` characters at a word boundary (then ending in `…`).
    /// Where the source wrapped its lines makes no difference to it.
    pub fn excerpt(&self, from: usize, max: usize) -> String {
        let rest = self.text.get(from..).unwrap_or("");
        let t = rest.split_whitespace().collect::<Vec<_>>().join(" ");
        if t.chars().count() <= max {
            return t;
        }
        let mut cut: String = t.chars().take(max.saturating_sub(1)).collect();
        if let Some(i) = cut.rfind(' ') {
            cut.truncate(i);
        }
        cut.push('…');
        cut
    }
}

/// Plain text of inlines (see [`Unit::text`]), the line ends in it, and its links.
#[derive(Default)]
struct Flat {
    text: String,
    breaks: Vec<u32>,
    links: Vec<(String, String)>,
}

impl Flat {
    /// A line end of the source: `\n` where the line breaks, a space where it wraps.
    fn line_end(&mut self, hard: bool) {
        self.breaks.push(self.text.len() as u32);
        self.text.push(if hard { '\n' } else { ' ' });
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        let mut hard = false;
        for (k, i) in inlines.iter().enumerate() {
            match i {
                Inline::Text { text } | Inline::Code { text } => {
                    // (A reader's text holds no line end; one that does wraps there.)
                    for (n, piece) in text.split('\n').enumerate() {
                        if n > 0 {
                            self.line_end(false);
                        }
                        self.text.push_str(piece);
                    }
                }
                // A break written as `<br>` before the end of its line: the line's end is the
                // break in the source, one `\n`, so that lines are counted right after it.
                Inline::HardBreak if matches!(inlines.get(k + 1), Some(Inline::SoftBreak)) => hard = true,
                Inline::SoftBreak => {
                    self.line_end(hard);
                    hard = false;
                }
                Inline::HardBreak => self.line_end(true),
                Inline::Html { .. } | Inline::FootnoteReference { .. } => {}
                Inline::Image { alt, .. } => self.inlines(alt),
                Inline::Link { url, children, .. } => {
                    let start = self.text.len();
                    self.inlines(children);
                    let text = self.text[start..].to_string();
                    self.links.push((url.clone(), text));
                }
                Inline::Emphasis { children }
                | Inline::Strong { children }
                | Inline::Strikethrough { children }
                | Inline::Superscript { children }
                | Inline::Subscript { children } => self.inlines(children),
            }
        }
    }
}

struct Walker<'a> {
    doc: usize,
    article: Option<usize>,
    section: &'a str,
    section_title: String,
    lists: usize,
    tables: usize,
    /// Inside a footnote definition.
    in_note: bool,
    out: Vec<Unit>,
}

impl<'a> Walker<'a> {
    fn push(&mut self, kind: UnitKind, line: u32, end_line: u32, inlines: &[Inline]) {
        let mut flat = Flat::default();
        flat.inlines(inlines);
        let Flat { text, breaks, links } = flat;
        self.out.push(Unit {
            doc: self.doc,
            section: self.section.to_string(),
            section_title: self.section_title.clone(),
            article: self.article,
            kind,
            line,
            end_line,
            text,
            breaks,
            links,
        });
    }

    fn blocks(&mut self, blocks: &'a [Block], in_quote: bool, depth: usize) {
        for b in blocks {
            match b {
                // A heading inside a quote or list item reads as a paragraph there.
                Block::Paragraph { span, content } | Block::Heading { span, content, .. } => {
                    let kind = if self.in_note {
                        UnitKind::Footnote
                    } else if in_quote {
                        UnitKind::Quote
                    } else {
                        UnitKind::Paragraph
                    };
                    self.push(kind, span.start, span.end, content);
                }
                Block::FootnoteDefinition { blocks, .. } => {
                    let outer = std::mem::replace(&mut self.in_note, true);
                    self.blocks(blocks, in_quote, depth);
                    self.in_note = outer;
                }
                Block::List { items, span, .. } => {
                    let list = self.lists;
                    self.lists += 1;
                    for (index, it) in items.iter().enumerate() {
                        let mut rest: &[Block] = &it.blocks;
                        if let Some(Block::Paragraph { content, span: p } | Block::Heading { content, span: p, .. }) =
                            it.blocks.first()
                        {
                            self.push(UnitKind::ListItem { list, index, depth }, p.start, span.end, content);
                            rest = &it.blocks[1..];
                        }
                        self.blocks(rest, in_quote, depth + 1);
                    }
                }
                Block::Table { header, rows, span, .. } => {
                    let table = self.tables;
                    self.tables += 1;
                    for (r, row) in std::iter::once(header).chain(rows).enumerate() {
                        for (c, cell) in row.cells.iter().enumerate() {
                            self.push(UnitKind::Cell { table, row: r, col: c }, row.line, span.end, cell);
                        }
                    }
                }
                Block::Quote { blocks, attribution, .. } => {
                    self.blocks(blocks, true, depth);
                    if let Some(a) = attribution {
                        let mut inl = a.name.clone();
                        for r in &a.roles {
                            inl.push(Inline::HardBreak);
                            inl.extend(r.iter().cloned());
                        }
                        self.push(UnitKind::Attribution, a.span.start, a.span.end, &inl);
                    }
                }
                Block::Code { .. } | Block::ThematicBreak { .. } | Block::Html { .. } => {}
            }
        }
    }

    fn sections(&mut self, sections: &'a [Section]) {
        for s in sections {
            let (prev, prev_title) = (self.section, std::mem::take(&mut self.section_title));
            self.section = &s.id;
            self.section_title = s.title_text();
            self.push(UnitKind::Heading, s.heading_span.start, s.heading_span.end, &s.title);
            self.blocks(&s.blocks, false, 0);
            self.sections(&s.children);
            self.section = prev;
            self.section_title = prev_title;
        }
    }
}

/// Every unit of one document, in document order.
pub fn document_units(doc_index: usize, doc: &Document) -> Vec<Unit> {
    let mut w = Walker {
        doc: doc_index,
        article: None,
        section: "",
        section_title: String::new(),
        lists: 0,
        tables: 0,
        in_note: false,
        out: Vec::new(),
    };
    w.blocks(&doc.blocks, false, 0);
    w.sections(&doc.sections);
    for (i, a) in doc.articles.iter().enumerate() {
        w.article = Some(i);
        w.section = &a.id;
        w.section_title = a.headline.clone();
        w.push(UnitKind::Heading, a.span.start, a.span.start, &[Inline::Text { text: a.headline.clone() }]);
        w.blocks(&a.blocks, false, 0);
        w.sections(&a.sections);
    }
    w.out
}

/// Units of every document of a corpus.
pub fn corpus_units(corpus: &Corpus) -> Vec<Vec<Unit>> {
    use rayon::prelude::*;
    corpus.documents.par_iter().enumerate().map(|(i, d)| document_units(i, d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units_of(md: &str) -> Vec<Unit> {
        let corpus = crate::test_support::corpus(&[("a.md", md, reportkit_model::SourceFormat::Markdown)]);
        document_units(0, &corpus.documents[0])
    }

    #[test]
    fn a_wrapped_line_reads_as_a_space_and_a_broken_one_as_a_line_break() {
        let u = units_of("# T\n\nThe rules are as\nfollows: one  \ntwo<br>\nthree.\n");
        let p = &u[1];
        assert_eq!(p.text, "The rules are as follows: one\ntwo\nthree.");
        assert_eq!(p.breaks, [16, 29, 33]);
        assert_eq!([p.line_at(0), p.line_at(17), p.line_at(30), p.line_at(34)], [3, 4, 5, 6]);
        assert_eq!(p.line_start(36), 34);
        assert_eq!(p.line_start(5), 0);
    }

    #[test]
    fn a_link_wrapped_inside_its_text_is_named_on_one_line() {
        let u = units_of("See [the annual\nreport](https://example.org/r).\n");
        assert_eq!(u[0].links, [("https://example.org/r".to_string(), "the annual report".to_string())]);
        assert_eq!(u[0].line_at(u[0].text.find("report").unwrap()), 2);
    }
}
