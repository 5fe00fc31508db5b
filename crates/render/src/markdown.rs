//! The canonical Markdown writer.
//!
//! One formatting whatever the input format: ATX headings at each section's source level, `-`
//! bullets and `1.` numbers, GFM tables with aligned pipes, hard breaks as a trailing backslash,
//! and escapes only where a character would otherwise change the meaning.
//!
//! The invariant it keeps (tested on the corpus, the CommonMark spec and generated documents):
//! reading its output back with `reportkit_parse` gives the same canonical document, spans and
//! source aside, and writing that document again gives the same bytes.
//!
//! What Markdown cannot say by itself (that a document is a plain-text article or a feed, or a
//! title that is not its first heading) goes in a leading comment the Markdown reader
//! recognises, e.g. `<!-- reportkit: kind=feed -->`:
//!
//! - `kind=K`: the document kind;
//! - `headline`: the first level-1 heading is the document's headline (its title), not a section;
//! - `title="…"` (a JSON string, last): the title, when it is neither a headline nor the id.
//!
//! A feed is written one level-1 heading per article.

use reportkit_model::{
    inline_text, Alignment, Article, Attribution, Block, Document, DocumentKind, Inline, LinkStyle, QuoteStyle, Section,
};

/// How to write Markdown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// Reflow paragraph text at this many columns (soft breaks become spaces first). `None` keeps
    /// the soft breaks where the source had them.
    pub wrap: Option<usize>,
}

/// The opening of the comment carrying what Markdown cannot say (see the module docs).
pub const HEADER_OPEN: &str = "<!-- reportkit:";

/// Narrowest paragraph width used when reflowing inside deep containers.
const MIN_WRAP: usize = 20;

/// Write a document as canonical Markdown.
pub fn to_markdown(doc: &Document, opts: &MarkdownOptions) -> String {
    let w = Writer { wrap: opts.wrap };
    let mut chunks: Vec<String> = Vec::new();
    // Front matter first, verbatim: the reader recognises it only on the first line.
    if let Some(fm) = doc.metadata.front_matter.as_ref().filter(|f| !f.text.is_empty()) {
        chunks.push(fm.text.clone());
    }
    if doc.kind == DocumentKind::Feed || !doc.articles.is_empty() {
        let title = (doc.title != doc.id).then_some(doc.title.as_str());
        chunks.push(header(DocumentKind::Feed, false, title));
        w.blocks(&doc.blocks, &mut chunks, 0);
        w.sections(&doc.sections, &mut chunks);
        for a in &doc.articles {
            w.article(a, &mut chunks);
        }
    } else if needs_header(doc) {
        let headline = doc.title != doc.id;
        chunks.push(header(doc.kind, headline, None));
        if headline {
            chunks.push(format!("# {}", w.plain_heading(&doc.title)));
        }
        w.blocks(&doc.blocks, &mut chunks, 0);
        w.sections(&doc.sections, &mut chunks);
    } else {
        w.blocks(&doc.blocks, &mut chunks, 0);
        w.sections(&doc.sections, &mut chunks);
    }
    let mut out = chunks.join("\n\n");
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

fn kind_name(k: DocumentKind) -> &'static str {
    match k {
        DocumentKind::Report => "report",
        DocumentKind::Article => "article",
        DocumentKind::Feed => "feed",
        DocumentKind::Other => "other",
    }
}

fn header(kind: DocumentKind, headline: bool, title: Option<&str>) -> String {
    let mut h = format!("{HEADER_OPEN} kind={}", kind_name(kind));
    if headline {
        h.push_str(" headline");
    }
    if let Some(t) = title {
        // `>` escaped so that no title can close the comment early.
        let json = serde_json::to_string(t).expect("a string always serializes").replace('>', "\\u003e");
        h.push_str(" title=");
        h.push_str(&json);
    }
    h.push_str(" -->");
    h
}

/// Whether plain Markdown would lose the kind or the title: the Markdown reader calls a document
/// with three or more headings a report (otherwise other), and takes its title from the first
/// level-1 heading, else the front matter's title (when the front matter is written back), else
/// the first heading, else the id.
fn needs_header(doc: &Document) -> bool {
    let mut count = 0;
    let mut first = None;
    let mut first_h1 = None;
    reportkit_model::walk_sections(&doc.sections, &mut |s, _| {
        count += 1;
        let t = s.title_text().trim().to_string();
        if t.is_empty() {
            return;
        }
        if s.level == 1 && first_h1.is_none() {
            first_h1 = Some(t.clone());
        }
        first.get_or_insert(t);
    });
    let kind = if count >= 3 { DocumentKind::Report } else { DocumentKind::Other };
    let fm_title = doc.metadata.front_matter.as_ref().filter(|f| !f.text.is_empty()).and_then(|f| f.title.clone());
    let fm_title = fm_title.filter(|t| !t.trim().is_empty());
    let title = first_h1.or(fm_title).or(first).unwrap_or_else(|| doc.id.clone());
    doc.kind != kind || doc.title != title
}

struct Writer {
    wrap: Option<usize>,
}

impl Writer {
    fn article(&self, a: &Article, chunks: &mut Vec<String>) {
        chunks.push(format!("# {}", self.plain_heading(&a.headline)));
        self.blocks(&a.blocks, chunks, 0);
        self.sections(&a.sections, chunks);
    }

    fn plain_heading(&self, text: &str) -> String {
        let mut w = Inl::new(None, Mode::Heading);
        w.seq(&[Inline::Text { text: text.to_string() }], None);
        w.finish_heading()
    }

    fn sections(&self, sections: &[Section], chunks: &mut Vec<String>) {
        for s in sections {
            let mut heading = self.heading(s.level, &s.title);
            if let Some(attributes) = &s.attributes {
                // Written back as the source wrote it, after the title (on a setext heading's
                // last line of text).
                match heading.rfind('\n') {
                    Some(at) => heading.insert_str(at, &format!(" {attributes}")),
                    None => heading.push_str(&format!(" {attributes}")),
                }
            }
            chunks.push(heading);
            self.blocks(&s.blocks, chunks, 0);
            self.sections(&s.children, chunks);
        }
    }

    fn heading(&self, level: u8, title: &[Inline]) -> String {
        let level = level.clamp(1, 6);
        if level <= 2 && has_soft_break(title) {
            // Only a setext heading can hold a line break.
            let mut w = Inl::new(None, Mode::Paragraph);
            w.seq(title, None);
            let body = w.out;
            let under = if level == 1 { "===" } else { "---" };
            return format!("{body}\n{under}");
        }
        let mut w = Inl::new(None, Mode::Heading);
        w.seq(title, None);
        let body = w.finish_heading();
        let hashes = "#".repeat(level as usize);
        if body.is_empty() {
            hashes
        } else {
            format!("{hashes} {body}")
        }
    }

    /// Write `blocks` as chunks (one per block, to be separated by blank lines). `indent` is the
    /// width taken by container prefixes, for reflowing.
    fn blocks(&self, blocks: &[Block], chunks: &mut Vec<String>, indent: usize) {
        let mut prev: Option<&Block> = None;
        let mut alternate = false;
        for b in blocks {
            // A list right after a list of the same type would continue it: switch markers.
            alternate = match (prev, b) {
                (Some(Block::List { ordered: a, .. }), Block::List { ordered: o, .. }) if a == o => !alternate,
                _ => false,
            };
            match (prev, b) {
                // Indented code right after a list would read as the last item's continuation,
                // whatever the indent: fenced, it stays a code block of its own.
                (Some(Block::List { .. }), Block::Code { info, text, fenced: false, .. }) => {
                    chunks.push(code_block(info, text, true))
                }
                _ => chunks.push(self.block(b, alternate, indent)),
            }
            prev = Some(b);
        }
    }

    fn width(&self, indent: usize) -> Option<usize> {
        self.wrap.map(|w| w.saturating_sub(indent).max(MIN_WRAP))
    }

    fn block(&self, b: &Block, alternate: bool, indent: usize) -> String {
        match b {
            Block::Paragraph { content, .. } => self.paragraph(content, indent, false),
            Block::List { ordered, start, tight, items, .. } => {
                let start = start.unwrap_or(1);
                let widest = if *ordered { format!("{}", start + items.len().max(1) as u64 - 1).len() } else { 0 };
                let mut out: Vec<String> = Vec::new();
                for (n, it) in items.iter().enumerate() {
                    let marker = if *ordered {
                        let num = format!("{}", start + n as u64);
                        let pad = (widest - num.len()).min(3);
                        format!("{num}{}{}", if alternate { ')' } else { '.' }, " ".repeat(pad))
                    } else {
                        (if alternate { "*" } else { "-" }).to_string()
                    };
                    let inner_indent = marker.chars().count() + 1;
                    let mut parts = Vec::new();
                    self.blocks(&it.blocks, &mut parts, indent + inner_indent);
                    if let (Some(Block::Paragraph { content, .. }), None) = (it.blocks.first(), it.checked) {
                        // A leading `[ ]` or `[x]` would make the item a task.
                        parts[0] = self.paragraph(content, indent + inner_indent, true);
                    }
                    if *tight {
                        // Without a blank line, `---` under a paragraph would underline a heading.
                        for (part, before) in parts.iter_mut().skip(1).zip(&it.blocks) {
                            if part == "---" && matches!(before, Block::Paragraph { .. }) {
                                *part = "***".to_string();
                            }
                        }
                    }
                    let mut body = parts.join(if *tight { "\n" } else { "\n\n" });
                    if let Some(c) = it.checked {
                        // The check box belongs to the item's first paragraph, not to its marker.
                        body.insert_str(0, if c { "[x] " } else { "[ ] " });
                    }
                    out.push(prefix_item(&marker, &body));
                }
                out.join(if *tight { "\n" } else { "\n\n" })
            }
            Block::Table { alignments, header, rows, .. } => self.table(alignments, &header.cells, rows),
            Block::Quote { blocks, attribution, style, .. } => match style {
                QuoteStyle::PullQuote => {
                    let mut chunks = vec!["“".to_string()];
                    self.blocks(blocks, &mut chunks, indent);
                    if let Some(a) = attribution {
                        chunks.push(self.attribution(a));
                    }
                    chunks.join("\n\n")
                }
                QuoteStyle::Blockquote => {
                    let mut chunks = Vec::new();
                    self.blocks(blocks, &mut chunks, indent + 2);
                    if let Some(a) = attribution {
                        chunks.push(self.attribution(a));
                    }
                    prefix_quote(&chunks.join("\n\n"))
                }
            },
            Block::Code { info, text, fenced, .. } => code_block(info, text, *fenced),
            Block::ThematicBreak { .. } => "---".to_string(),
            Block::Html { html, .. } => html.strip_suffix('\n').unwrap_or(html).to_string(),
            Block::Heading { level, content, .. } => self.heading(*level, content),
            Block::FootnoteDefinition { label, blocks, .. } => {
                let mut parts = Vec::new();
                self.blocks(blocks, &mut parts, indent + FOOTNOTE_INDENT);
                prefix_footnote(label, &parts.join("\n\n"))
            }
        }
    }

    /// The name line and role lines, hard-broken and never reflowed (a soft break would make
    /// them prose, and the reader would no longer see an attribution).
    fn attribution(&self, a: &Attribution) -> String {
        let mut content = a.name.clone();
        for r in &a.roles {
            content.push(Inline::HardBreak);
            content.extend(r.iter().cloned());
        }
        let mut w = Inl::new(None, Mode::Paragraph);
        w.seq(&content, None);
        w.out
    }

    fn paragraph(&self, content: &[Inline], indent: usize, list_first: bool) -> String {
        let mut w = Inl::new(self.width(indent), Mode::Paragraph);
        w.list_first = list_first;
        w.seq(content, None);
        w.out
    }

    fn table(&self, alignments: &[Alignment], header: &[Vec<Inline>], rows: &[reportkit_model::TableRow]) -> String {
        let ncols = alignments.len().max(header.len()).max(1);
        let cell = |c: Option<&Vec<Inline>>| -> String {
            let Some(c) = c else { return String::new() };
            let mut w = Inl::new(None, Mode::Table);
            w.seq(c, None);
            w.finish_heading()
        };
        let mut grid: Vec<Vec<String>> = Vec::with_capacity(rows.len() + 1);
        grid.push((0..ncols).map(|i| cell(header.get(i))).collect());
        for r in rows {
            grid.push((0..ncols).map(|i| cell(r.cells.get(i))).collect());
        }
        let mut widths = vec![3usize; ncols];
        for row in &grid {
            for (i, c) in row.iter().enumerate() {
                widths[i] = widths[i].max(c.chars().count());
            }
        }
        let line = |row: &[String]| -> String {
            let mut s = String::from("|");
            for (i, c) in row.iter().enumerate() {
                s.push(' ');
                s.push_str(c);
                s.extend(std::iter::repeat_n(' ', widths[i] - c.chars().count()));
                s.push_str(" |");
            }
            s
        };
        let mut out = vec![line(&grid[0])];
        let mut delim = String::from("|");
        for (i, w) in widths.iter().enumerate() {
            let a = alignments.get(i).copied().unwrap_or(Alignment::None);
            let (l, r) = match a {
                Alignment::None => ("-", "-"),
                Alignment::Left => (":", "-"),
                Alignment::Center => (":", ":"),
                Alignment::Right => ("-", ":"),
            };
            delim.push(' ');
            delim.push_str(l);
            delim.push_str(&"-".repeat(w - 2));
            delim.push_str(r);
            delim.push_str(" |");
        }
        out.push(delim);
        out.extend(grid[1..].iter().map(|r| line(r)));
        out.join("\n")
    }
}

fn has_soft_break(v: &[Inline]) -> bool {
    v.iter().any(|i| match i {
        Inline::SoftBreak => true,
        Inline::Emphasis { children }
        | Inline::Strong { children }
        | Inline::Strikethrough { children }
        | Inline::Superscript { children }
        | Inline::Subscript { children }
        | Inline::Link { children, .. } => has_soft_break(children),
        Inline::Image { alt, .. } => has_soft_break(alt),
        _ => false,
    })
}

/// How far a footnote definition indents the lines after its first.
const FOOTNOTE_INDENT: usize = 4;

/// A footnote definition: `[^label]: ` before the first line, the others indented (a
/// paragraph's lazy continuation lines are indented too, so they never read as anything else).
fn prefix_footnote(label: &str, body: &str) -> String {
    hang(&format!("[^{label}]:"), FOOTNOTE_INDENT, body)
}

/// Indent a list item's body under its marker.
fn prefix_item(marker: &str, body: &str) -> String {
    // `- ---` would read as one thematic break, not an item holding one.
    match body.strip_prefix("---").filter(|rest| rest.is_empty() || rest.starts_with('\n')) {
        Some(rest) => hang(marker, marker.chars().count() + 1, &format!("___{rest}")),
        None => hang(marker, marker.chars().count() + 1, body),
    }
}

/// `marker` and a space before the body's first line, the other lines indented by `pad` spaces
/// (blank lines stay blank).
fn hang(marker: &str, pad: usize, body: &str) -> String {
    let pad = " ".repeat(pad);
    let mut out = String::with_capacity(body.len() + 16);
    for (i, l) in body.split('\n').enumerate() {
        if i == 0 {
            out.push_str(marker);
            if !l.is_empty() {
                out.push(' ');
                out.push_str(l);
            }
        } else {
            out.push('\n');
            if !l.is_empty() {
                out.push_str(&pad);
                out.push_str(l);
            }
        }
    }
    out
}

fn prefix_quote(body: &str) -> String {
    body.split('\n')
        .map(|l| if l.is_empty() { ">".to_string() } else { format!("> {l}") })
        .collect::<Vec<_>>()
        .join("\n")
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut cur) = (0, 0);
    for x in s.chars() {
        if x == c {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

fn code_block(info: &str, text: &str, fenced: bool) -> String {
    let body = text.strip_suffix('\n').unwrap_or(text);
    if !fenced && !text.is_empty() {
        return body
            .split('\n')
            .map(|l| if l.is_empty() { String::new() } else { format!("    {l}") })
            .collect::<Vec<_>>()
            .join("\n");
    }
    let c = if info.contains('`') { '~' } else { '`' };
    let fence: String = std::iter::repeat_n(c, (longest_run(text, c) + 1).max(3)).collect();
    if text.is_empty() {
        format!("{fence}{info}\n{fence}")
    } else {
        format!("{fence}{info}\n{body}\n{fence}")
    }
}

/// Where inline content is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A paragraph (or setext heading): lines may break.
    Paragraph,
    /// An ATX heading: one line, trailing `#` escaped.
    Heading,
    /// A table cell: one line, `|` escaped.
    Table,
}

/// The inline writer: escapes text by what surrounds it, tracking the line start.
struct Inl {
    out: String,
    /// Characters written since the last newline.
    col: usize,
    width: Option<usize>,
    mode: Mode,
    /// Inside link text, where brackets must balance.
    in_link: usize,
    /// First line of a list item's first paragraph (a leading `[ ]` would make a task).
    list_first: bool,
    /// The inline being written is the first or last child of an emphasis.
    edge_child: bool,
}

fn ws(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

/// Roughly the first character an inline writes (for the escaping of its neighbours).
fn first_char(i: &Inline) -> Option<char> {
    match i {
        Inline::Text { text } => text.chars().next(),
        Inline::Emphasis { .. } | Inline::Strong { .. } => Some('*'),
        Inline::Strikethrough { .. } => Some('~'),
        Inline::Superscript { .. } | Inline::Subscript { .. } => Some('<'),
        Inline::Link { style: LinkStyle::Inline, .. } => Some('['),
        Inline::Link { .. } => Some('<'),
        Inline::Image { .. } => Some('!'),
        Inline::Code { .. } => Some('`'),
        Inline::HardBreak => Some('\\'),
        Inline::SoftBreak => Some('\n'),
        Inline::Html { html } => html.chars().next(),
        Inline::FootnoteReference { .. } => Some('['),
    }
}

/// Whether `s` at `i` starts an entity or numeric character reference (`&amp;`, `&#32;`).
fn entity_at(s: &[char], i: usize) -> bool {
    let mut j = i + 1;
    if s.get(j) == Some(&'#') {
        j += 1;
        let hex = matches!(s.get(j), Some('x' | 'X'));
        if hex {
            j += 1;
        }
        let start = j;
        while s.get(j).is_some_and(|c| if hex { c.is_ascii_hexdigit() } else { c.is_ascii_digit() }) {
            j += 1;
        }
        return j > start && s.get(j) == Some(&';');
    }
    let start = j;
    while s.get(j).is_some_and(char::is_ascii_alphanumeric) {
        j += 1;
    }
    j > start && s.get(j) == Some(&';')
}

impl Inl {
    fn new(width: Option<usize>, mode: Mode) -> Self {
        Inl { out: String::new(), col: 0, width, mode, in_link: 0, list_first: false, edge_child: false }
    }

    fn at_line_start(&self) -> bool {
        self.out.is_empty() || self.out.ends_with('\n')
    }

    fn last(&self) -> Option<char> {
        self.out.chars().next_back()
    }

    fn push(&mut self, s: &str) {
        for c in s.chars() {
            if c == '\n' {
                self.col = 0;
            } else {
                self.col += 1;
            }
        }
        self.out.push_str(s);
    }

    fn newline(&mut self) {
        // Trailing spaces before a line break would vanish, two of them would make a hard break.
        if self.out.ends_with(' ') {
            self.out.pop();
            self.out.push_str("&#32;");
        }
        self.out.push('\n');
        self.col = 0;
        self.list_first = false;
    }

    /// A heading or table cell: trailing white space and `#` runs kept literal.
    fn finish_heading(mut self) -> String {
        if self.out.ends_with(' ') || self.out.ends_with('\t') {
            let c = self.out.pop().expect("checked");
            self.out.push_str(&format!("&#{};", c as u32));
        }
        if self.mode == Mode::Heading && self.out.ends_with('#') {
            let run = self.out.len() - self.out.trim_end_matches('#').len();
            let at = self.out.len() - run;
            if !self.out[..at].ends_with('\\') {
                self.out.insert(at, '\\');
            }
        }
        self.out
    }

    /// Write a run of inlines; `after` is the character that follows the run.
    fn seq(&mut self, v: &[Inline], after: Option<char>) {
        for (k, i) in v.iter().enumerate() {
            let next = v.get(k + 1);
            let next_c = match next {
                Some(n) => first_char(n),
                None => after,
            };
            let at_end = k + 1 == v.len() && after.is_none();
            self.inline(i, next_c, at_end);
        }
    }

    fn inline(&mut self, i: &Inline, next: Option<char>, at_end: bool) {
        match i {
            Inline::Text { text } => self.text(text, next),
            Inline::Emphasis { children } => self.delimited(children, 1, next),
            Inline::Strong { children } => self.delimited(children, 2, next),
            Inline::Strikethrough { children } => {
                self.push("~~");
                self.seq(children, Some('~'));
                self.push("~~");
            }
            Inline::Superscript { children } => {
                self.push("<sup>");
                self.seq(children, Some('<'));
                self.push("</sup>");
            }
            Inline::Subscript { children } => {
                self.push("<sub>");
                self.seq(children, Some('<'));
                self.push("</sub>");
            }
            Inline::Link { url, title, children, style } => self.link(url, title, children, *style),
            Inline::Image { url, title, alt } => {
                self.push("![");
                self.in_link += 1;
                self.seq(alt, Some(']'));
                self.in_link -= 1;
                self.push("](");
                self.destination(url, title);
                self.push(")");
            }
            Inline::Code { text } => self.code(text),
            Inline::HardBreak => {
                // A hard break followed by a line end was a `<br>` tag at the end of a source
                // line (a Markdown hard break is a line end of its own): written as it was.
                if self.mode != Mode::Paragraph || at_end || next == Some('\n') {
                    // A backslash cannot end a block or a one-line context; the reader maps
                    // `<br>` back to a hard break.
                    self.push("<br>");
                } else {
                    self.push("\\");
                    self.newline();
                }
            }
            Inline::SoftBreak => {
                if self.mode != Mode::Paragraph {
                    self.push(" ");
                } else if self.width.is_some() {
                    self.space(next_word_len(next));
                } else {
                    self.newline();
                }
            }
            Inline::Html { html } => self.push(html),
            Inline::FootnoteReference { label } => {
                self.push("[^");
                self.push(label);
                self.push("]");
            }
        }
    }

    /// A breakable space when reflowing: a newline when the next word would overflow.
    fn space(&mut self, next_len: usize) {
        let w = self.width.unwrap_or(usize::MAX);
        if self.col > 0 && self.col + 1 + next_len > w && !self.at_line_start() {
            self.newline();
        } else {
            self.push(" ");
        }
    }

    /// Emphasis (`n` = 1) or strong emphasis (`n` = 2), with `*` unless `_` is needed to keep
    /// the delimiter from merging with a neighbouring `*`.
    fn delimited(&mut self, children: &[Inline], n: usize, next: Option<char>) {
        let prev = self.last();
        // A strong child may share `*` (see below); an emphasised one would merge with it.
        let em = |i: Option<&Inline>| matches!(i, Some(Inline::Emphasis { .. }));
        let (first, last) = (em(children.first()).then_some('*'), em(children.last()).then_some('*'));
        // `***x***` reads as emphasis around strong and `****x****` as strong around strong, so
        // those nestings may share `*` with their parent; others must not.
        let parent_ok = std::mem::take(&mut self.edge_child) && n == 2;
        let star_clash =
            (prev == Some('*') || next == Some('*')) && !parent_ok || first == Some('*') || last == Some('*');
        let underscore_ok = !prev.is_some_and(char::is_alphanumeric) && !next.is_some_and(char::is_alphanumeric);
        let d = if star_clash && underscore_ok { "_" } else { "*" };
        let d = d.repeat(n);
        self.push(&d);
        let dc = d.chars().next();
        self.seq_delimited(children, dc);
        self.push(&d);
    }

    /// Children of an emphasis: edge white space as references, so the delimiters still flank.
    fn seq_delimited(&mut self, children: &[Inline], d: Option<char>) {
        let n = children.len();
        for (k, i) in children.iter().enumerate() {
            let next_c = children.get(k + 1).and_then(first_char).or(d);
            if let Inline::Text { text } = i {
                let mut t = text.as_str();
                let lead = if k == 0 { t.chars().next().filter(|c| c.is_whitespace()) } else { None };
                if let Some(c) = lead {
                    self.push(&format!("&#{};", c as u32));
                    t = &t[c.len_utf8()..];
                }
                let trail = if k + 1 == n { t.chars().next_back().filter(|c| c.is_whitespace()) } else { None };
                if let Some(c) = trail {
                    t = &t[..t.len() - c.len_utf8()];
                }
                self.text(t, if trail.is_some() { Some('&') } else { next_c });
                if let Some(c) = trail {
                    self.push(&format!("&#{};", c as u32));
                }
            } else {
                self.edge_child = k == 0 || k + 1 == n;
                self.inline(i, next_c, false);
                self.edge_child = false;
            }
        }
    }

    fn link(&mut self, url: &str, title: &str, children: &[Inline], style: LinkStyle) {
        let text = inline_text(children);
        match style {
            LinkStyle::Autolink if title.is_empty() && text == url && autolink_safe(url) => {
                self.push("<");
                self.push(url);
                self.push(">");
            }
            LinkStyle::Autolink
                if title.is_empty() && url.strip_prefix("mailto:") == Some(text.as_str()) && email_safe(&text) =>
            {
                self.push("<");
                self.push(&text);
                self.push(">");
            }
            LinkStyle::Html => {
                let q = if url.contains('"') { '\'' } else { '"' };
                self.push(&format!("<a href={q}{url}{q}>"));
                self.seq(children, Some('<'));
                self.push("</a>");
            }
            _ => {
                self.push("[");
                self.in_link += 1;
                self.seq(children, Some(']'));
                self.in_link -= 1;
                self.push("](");
                self.destination(url, title);
                self.push(")");
            }
        }
    }

    fn destination(&mut self, url: &str, title: &str) {
        let chars: Vec<char> = url.chars().collect();
        let mut depth = 0i32;
        let mut balanced = true;
        for c in &chars {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth < 0 {
                        balanced = false;
                    }
                }
                _ => {}
            }
        }
        let angle = url.is_empty() && !title.is_empty()
            || depth != 0
            || !balanced
            || url.starts_with('<')
            || chars.iter().any(|c| c.is_whitespace() || c.is_control());
        let mut s = String::with_capacity(url.len() + 2);
        if angle {
            s.push('<');
        }
        for (i, &c) in chars.iter().enumerate() {
            let esc = match c {
                '\\' => chars.get(i + 1).is_none_or(|n| n.is_ascii_punctuation()),
                '<' | '>' => angle,
                '&' => entity_at(&chars, i),
                _ => false,
            };
            if esc {
                s.push('\\');
            }
            s.push(c);
        }
        if angle {
            s.push('>');
        }
        self.push(&s);
        if !title.is_empty() {
            let mut t = String::from(" \"");
            let tc: Vec<char> = title.chars().collect();
            for (i, &c) in tc.iter().enumerate() {
                if c == '"' || c == '\\' || (c == '&' && entity_at(&tc, i)) {
                    t.push('\\');
                }
                t.push(c);
            }
            t.push('"');
            self.push(&t);
        }
    }

    fn code(&mut self, text: &str) {
        let text = if self.mode == Mode::Table { text.replace('|', "\\|") } else { text.to_string() };
        // The shortest backtick run that does not occur in the text.
        let mut n = 1;
        while text.split(|c| c != '`').any(|r| r.len() == n) {
            n += 1;
        }
        let ticks = "`".repeat(n);
        let all_space = text.chars().all(|c| c == ' ');
        let pad = text.is_empty()
            || text.starts_with('`')
            || text.ends_with('`')
            || (!all_space && (text.starts_with(' ') || text.ends_with(' ')));
        let sp = if pad { " " } else { "" };
        self.push(&format!("{ticks}{sp}{text}{sp}{ticks}"));
    }

    /// Literal text, escaped only where it would otherwise read as markup.
    fn text(&mut self, text: &str, next: Option<char>) {
        let s: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len() + 8);
        let mut i = 0;
        // Index of a `.` or `)` to escape because the line would open an ordered list.
        let mut ordered_at: Option<usize> = None;
        while i < s.len() {
            let c = s[i];
            // Letters and digits need no escape except where a line starts (an ordered-list
            // marker): most text takes this path.
            if c.is_alphanumeric() && !out.is_empty() {
                out.push(c);
                i += 1;
                continue;
            }
            let prev = if i == 0 { self.last() } else { Some(s[i - 1]) };
            let nx = s.get(i + 1).copied().or(next);
            let line_start = out.is_empty() && self.at_line_start();
            if line_start {
                ordered_at = None;
                let digits = s[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                if (1..=9).contains(&digits) {
                    let j = i + digits;
                    if matches!(s.get(j), Some('.' | ')'))
                        && ws(s.get(j + 1).copied().or(if j + 1 == s.len() { next } else { None }))
                    {
                        ordered_at = Some(j);
                    }
                }
            }
            // Reflowing: a space may become a line break.
            if c == ' ' && self.width.is_some() && self.mode == Mode::Paragraph && !line_start {
                let word = s[i + 1..].iter().take_while(|c| !c.is_whitespace()).count();
                let word = if i + 1 + word == s.len() { word + next_word_len(next) } else { word };
                let w = self.width.unwrap_or(usize::MAX);
                if self.col + out.chars().count() + 1 + word > w && self.col + out.chars().count() > 0 {
                    self.push(&out);
                    out.clear();
                    self.newline();
                    i += 1;
                    continue;
                }
            }
            let rest_of_line = || s[i..].iter().collect::<String>();
            let line_ends_here = next.is_none_or(|n| n == '\n');
            let mut esc = false;
            let mut entity = false;
            match c {
                '-' | '+' | '=' | ':' | '|' if line_start && self.mode == Mode::Paragraph => {
                    let rest = rest_of_line();
                    // The line may end with this text or, when reflowing, at any of its spaces.
                    let wraps = self.width.is_some();
                    let mut lines = rest.match_indices(' ').filter(|_| wraps).map(|(k, _)| rest[..k].trim_end());
                    let mut lines = std::iter::once(rest.trim_end()).filter(|_| line_ends_here).chain(&mut lines);
                    let only = |l: &str, set: &str| !l.is_empty() && l.chars().all(|x| set.contains(x) || x == ' ');
                    let single = c.to_string();
                    esc = (c != '=' && c != ':' && c != '|' && ws(nx))
                        || lines.any(|l| only(l, &single) || (only(l, "|-: ") && l.contains('-')));
                }
                ' ' | '\t' => {
                    entity = line_start || (i + 1 == s.len() && line_ends_here && (self.mode == Mode::Paragraph));
                }
                // Before a line break a backslash is a hard break; reflowing may break at a space.
                '\\' => {
                    esc = nx.is_none_or(|n| n.is_ascii_punctuation() || n == '\n' || (n == ' ' && self.width.is_some()))
                }
                '`' => esc = true,
                '*' | '~' if line_start => esc = true,
                '_' if line_start => esc = true,
                '*' | '~' => esc = !(prev.is_some_and(char::is_whitespace) && nx.is_some_and(char::is_whitespace)),
                '\n' | '\r' => entity = true,
                // GFM would turn an e-mail address, `www.` or `scheme://` in text into a link.
                '@' => {
                    esc = prev.is_some_and(|p| p.is_alphanumeric() || "._+-".contains(p))
                        && nx.is_some_and(char::is_alphanumeric)
                }
                ':' => esc = nx == Some('/') && s.get(i + 2) == Some(&'/') && prev.is_some_and(char::is_alphanumeric),
                '.' if i >= 3 && s[i - 3..i].iter().collect::<String>().eq_ignore_ascii_case("www") => esc = true,
                '_' => {
                    let intraword = prev.is_some_and(char::is_alphanumeric) && nx.is_some_and(char::is_alphanumeric);
                    let spaced = prev.is_some_and(char::is_whitespace) && nx.is_some_and(char::is_whitespace);
                    esc = !(intraword || spaced);
                }
                '[' => esc = self.in_link > 0 || (line_start && self.list_first),
                ']' => esc = self.in_link > 0 || matches!(nx, Some('(' | '[' | ':')),
                '<' => esc = nx.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
                '&' => esc = entity_at(&s, i),
                '!' => esc = nx == Some('['),
                '|' => esc = self.mode == Mode::Table,
                '#' => {
                    esc = (line_start && self.mode == Mode::Paragraph)
                        || (self.mode == Mode::Heading && s[i..].iter().all(|c| *c == '#') && next.is_none())
                }
                '>' => esc = line_start && self.mode == Mode::Paragraph,
                '.' | ')' => esc = ordered_at == Some(i),
                _ => {}
            }
            if entity {
                out.push_str(&format!("&#{};", c as u32));
            } else {
                if esc {
                    out.push('\\');
                }
                out.push(c);
            }
            i += 1;
        }
        self.push(&out);
    }
}

/// Length of the word a following inline starts with (an estimate for reflowing).
fn next_word_len(next: Option<char>) -> usize {
    usize::from(next.is_some_and(|c| !c.is_whitespace()))
}

/// A URL `<…>` reads back as itself: a scheme, then no spaces, controls or angle brackets.
fn autolink_safe(url: &str) -> bool {
    let Some(colon) = url.find(':') else { return false };
    let scheme = &url[..colon];
    (2..=32).contains(&scheme.len())
        && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
        && !url.contains('\\')
}

fn email_safe(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && !domain.is_empty()
        && local.chars().all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c))
        && domain.split('.').all(|p| {
            !p.is_empty()
                && p.len() <= 63
                && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !p.starts_with('-')
                && !p.ends_with('-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(content: Vec<Inline>) -> String {
        let w = Writer { wrap: None };
        w.paragraph(&content, 0, false)
    }

    fn t(s: &str) -> Inline {
        Inline::Text { text: s.into() }
    }

    #[test]
    fn only_meaningful_characters_are_escaped() {
        assert_eq!(
            para(vec![t("[Building] Digital Trust: 5 * 3 = snake_case")]),
            "[Building] Digital Trust: 5 * 3 = snake_case"
        );
        assert_eq!(para(vec![t("# not a heading")]), "\\# not a heading");
        assert_eq!(para(vec![t("1. not a list")]), "1\\. not a list");
        assert_eq!(para(vec![t("- no"), Inline::SoftBreak, t("> no")]), "\\- no\n\\> no");
        assert_eq!(para(vec![t("a *b* [c](d) <e> &amp;")]), "a \\*b\\* [c\\](d) \\<e> \\&amp;");
    }

    #[test]
    fn a_reflowed_line_never_becomes_a_rule_or_an_underline() {
        let w = Writer { wrap: Some(20) };
        let out = w.paragraph(&[t("a few words here then --- --- --- and = more words follow")], 0, false);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() > 2, "{out}");
        for l in &lines[1..] {
            let bare = l.trim_matches(|c: char| c == ' ' || c == '-' || c == '=');
            assert!(!bare.is_empty() || l.starts_with('\\'), "line {l:?} would read as markup:\n{out}");
        }
    }

    #[test]
    fn hard_breaks_are_backslashes_but_not_at_the_end() {
        assert_eq!(para(vec![t("a"), Inline::HardBreak, t("b"), Inline::HardBreak]), "a\\\nb<br>");
    }

    #[test]
    fn tables_are_aligned() {
        let w = Writer { wrap: None };
        let s = w.table(
            &[Alignment::Left, Alignment::Right],
            &[vec![t("a")], vec![t("bb|b")]],
            &[reportkit_model::TableRow { line: 3, cells: vec![vec![t("long cell")], vec![t("1")]] }],
        );
        assert_eq!(s, "| a         | bb\\|b |\n| :-------- | ----: |\n| long cell | 1     |");
    }
}
