//! From the model to boxes: blocks, headings, lists, tables, quotes, charts.

use std::sync::Arc;

use reportkit_model::{Alignment, Block, Inline, LinkStyle, TableRow};
use reportkit_text::numbers::fmt_plain;

use crate::fonts::{Face, Fonts};
use crate::page::{Bar, Kind, Prim, VBox};
use crate::tags::{Role, Tag, Tagger};
use crate::text::{break_lines, break_lines_hyphenated, Align, Hyphenator, Line, Run, Style, Target};
use crate::Chart;

/// Body text size.
pub const BODY: f32 = 10.0;
const LEADING: f32 = 1.42;
const TABLE_SIZE: f32 = 8.5;
const CODE_SIZE: f32 = 8.5;
const LINK: [f32; 3] = [0.05, 0.22, 0.55];
const GREY: [f32; 3] = [0.4, 0.4, 0.4];
const RULE: [f32; 3] = [0.6, 0.6, 0.6];
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.0;

/// An entry of the table of contents.
#[derive(Debug, Clone)]
pub struct TocEntry {
    /// Depth in the section tree (0 = top).
    pub depth: usize,
    /// The heading text.
    pub title: String,
    /// The section's anchor.
    pub anchor: Arc<str>,
}

/// Builds the vertical list of boxes for a document body.
pub struct Flow<'a> {
    fonts: &'a Fonts,
    /// Text width.
    width: f32,
    /// Body height of a page (rows taller than this are split).
    body: f32,
    /// The boxes so far.
    pub boxes: Vec<VBox>,
    /// Headings in document order.
    pub toc: Vec<TocEntry>,
    next_table: u32,
    /// The next box must keep with the previous one (after a heading).
    keep_next: bool,
    /// `keep_next` was set by a paragraph that introduces what follows; a heading after it
    /// does not keep with it (a section's closing label does not follow the next title).
    keep_for_paragraph: bool,
    /// Hyphenation of body text and table cells (`None`: off).
    hyph: Option<&'a Hyphenator>,
    /// Footnote definitions met so far, set at the end by [`Flow::notes`].
    notes: Vec<(String, Vec<Block>)>,
    /// The structure elements open (tagged PDF).
    pub tags: Tagger,
    /// Column measures shared by the tables of a run (see [`shared_table_widths`]).
    pub shared_widths: std::collections::HashMap<u32, Measures>,
    /// Where the boxes of the first heading (with the air under it) end.
    pub first_heading_end: Option<usize>,
    /// Charts drawn so far (their figure numbers).
    figures: usize,
    /// Quotes set so far (their bars' identity).
    quotes: u32,
    /// How many list items the block being set is inside.
    list_depth: usize,
    /// The title of the section whose charts are being drawn (their source line; empty: none).
    pub chart_source: String,
}

/// Where blocks are set: left indent, right indent, base style, alignment.
#[derive(Clone)]
struct Ctx {
    left: f32,
    right: f32,
    style: Style,
    align: Align,
    /// Quote bars to draw at these x positions on every line, with their quote's number.
    bars: Vec<(f32, u32)>,
}

impl<'a> Flow<'a> {
    /// A new flow for a text column `width` wide on pages with `body` points of height.
    pub fn new(fonts: &'a Fonts, width: f32, body: f32) -> Flow<'a> {
        Flow {
            fonts,
            width,
            body,
            boxes: Vec::new(),
            toc: Vec::new(),
            next_table: 0,
            keep_next: false,
            keep_for_paragraph: false,
            hyph: None,
            notes: Vec::new(),
            tags: Tagger::default(),
            shared_widths: std::collections::HashMap::new(),
            first_heading_end: None,
            figures: 0,
            quotes: 0,
            list_depth: 0,
            chart_source: String::new(),
        }
    }

    /// Hyphenate body text and table cells with `hyph`.
    pub fn hyphenate(&mut self, hyph: Option<&'a Hyphenator>) {
        self.hyph = hyph;
    }

    fn base(&self) -> Ctx {
        Ctx { left: 0.0, right: 0.0, style: Style::new(Face::Serif, BODY), align: Align::Justify, bars: Vec::new() }
    }

    /// Start a new page.
    pub fn page_break(&mut self) {
        let mut b = VBox::new(0.0);
        b.kind = Kind::PageBreak;
        self.boxes.push(b);
    }

    fn push(&mut self, mut b: VBox, ctx: &Ctx) {
        if self.keep_next {
            b.keep_with_prev = true;
            self.keep_next = false;
            self.keep_for_paragraph = false;
        }
        if b.tag == Tag::Untagged {
            b.tag = self.tags.tag();
        }
        b.bars = ctx.bars.iter().map(|&(x, quote)| Bar { x, bottom: b.height, quote }).collect();
        self.boxes.push(b);
    }

    /// Push set lines as boxes, one per line, with widow and orphan control.
    fn push_lines(&mut self, lines: Vec<Line>, ctx: &Ctx, space_before: f32, leading: f32) -> usize {
        let n = lines.len();
        let first = self.boxes.len();
        let mut broken_before = false;
        for (i, line) in lines.into_iter().enumerate() {
            let size = line.frags.iter().map(|f| f.style.size).fold(ctx.style.size, f32::max);
            let natural = size * leading;
            let height = natural.max(line.ascent + line.descent + 1.0);
            let baseline = (height - (line.ascent + line.descent)) / 2.0 + line.ascent;
            let mut b = VBox::new(height);
            b.space_before = if i == 0 { space_before } else { 0.0 };
            // No orphans (first two lines together) and no widows (last two together), and
            // no word split across a page turn (a line after a broken word stays with it).
            b.keep_with_prev = (n > 1 && (i == 1 || (i + 1 == n && i > 0))) || (i > 0 && broken_before);
            broken_before = ends_inside_word(&line);
            line_prims(&mut b.prims, &line, ctx.left, baseline);
            self.push(b, ctx);
        }
        self.boxes.len() - first
    }

    /// A heading: kept with what follows, anchored for the outline and the TOC.
    pub fn heading(&mut self, title: &[Inline], depth: usize, anchor: &str) {
        let (size, before) = match depth {
            0 => (17.0, 22.0),
            1 => (13.5, 16.0),
            2 => (11.5, 12.0),
            _ => (10.5, 10.0),
        };
        let ctx = Ctx {
            left: 0.0,
            right: 0.0,
            style: Style::new(Face::SansBold, size),
            align: Align::Left,
            bars: Vec::new(),
        };
        let mut runs = Vec::new();
        inline_runs(title, &ctx.style, &mut runs);
        let lines = break_lines(self.fonts, &runs, self.width, Align::Left);
        let first = self.boxes.len();
        self.tags.open(Role::H(depth));
        // A heading right after a heading stays with it (a chain of headings never ends a page).
        let after_heading = self.keep_next && !self.keep_for_paragraph;
        let n = self.push_lines(lines, &ctx, before, 1.25);
        for k in first..first + n {
            self.boxes[k].keep_with_prev = k > first || after_heading;
        }
        if n == 0 {
            let mut b = VBox::new(size);
            b.space_before = before;
            self.push(b, &ctx);
        }
        self.tags.close();
        let anchor: Arc<str> = Arc::from(anchor);
        self.boxes[first].anchors.push(anchor.clone());
        // A little air under the heading, kept with it.
        let mut gap = VBox::new(size * 0.3);
        gap.keep_with_prev = true;
        self.boxes.push(gap);
        self.first_heading_end.get_or_insert(self.boxes.len());
        self.toc.push(TocEntry { depth, title: reportkit_model::inline_text(title), anchor });
        self.keep_next = true;
    }

    /// Blocks at the top level of the text column, with charts placed after the block whose
    /// span ends at their line.
    pub fn blocks(&mut self, blocks: &[Block], charts: &[&Chart]) {
        let ctx = self.base();
        for (i, b) in blocks.iter().enumerate() {
            self.block(b, &ctx);
            let end = b.span().end;
            let next = blocks.get(i + 1).map(|n| n.span().start);
            for c in charts {
                if c.after_line >= end && next.is_none_or(|s| c.after_line < s) {
                    self.chart(c);
                }
            }
        }
        if blocks.is_empty() {
            for c in charts {
                self.chart(c);
            }
        }
    }

    fn block(&mut self, b: &Block, ctx: &Ctx) {
        let opened = self.tags.open_block(b);
        match b {
            // A paragraph of nothing but spaces (a line holding a no-break space) draws nothing:
            // a blank line would only part a heading from what follows it.
            Block::Paragraph { content, .. } if reportkit_model::inline_text(content).trim().is_empty() => {}
            Block::Paragraph { content, .. } => {
                let mut runs = Vec::new();
                inline_runs(content, &ctx.style, &mut runs);
                let w = self.width - ctx.left - ctx.right;
                let lines = break_lines_hyphenated(self.fonts, &runs, w, ctx.align, self.hyph);
                self.push_lines(lines, ctx, BODY * 0.6, LEADING);
                // A lead-in ("…as follows:") or a label ("When") stays with what it introduces.
                if introduces(&reportkit_model::inline_text(content)) {
                    self.keep_next = true;
                    self.keep_for_paragraph = true;
                }
            }
            Block::List { ordered, start, items, .. } => {
                let indent = 16.0;
                for (n, (idx, item)) in (start.unwrap_or(1)..).zip(items.iter().enumerate()) {
                    let marker = match (ordered, item.checked) {
                        (_, Some(true)) => "☑".to_string(),
                        (_, Some(false)) => "☐".to_string(),
                        (true, None) => format!("{n}."),
                        // A list inside a list item gets the open bullet, however deep the block sits.
                        (false, None) => if self.list_depth > 0 { "◦" } else { "•" }.to_string(),
                    };
                    let inner = Ctx { left: ctx.left + indent, ..ctx.clone() };
                    let first = self.boxes.len();
                    self.tags.open(Role::LI);
                    let lbl = self.tags.child(Role::Lbl);
                    self.tags.open(Role::LBody);
                    self.list_depth += 1;
                    for (k, blk) in item.blocks.iter().enumerate() {
                        self.block(blk, &inner);
                        if k == 0 && idx > 0 {
                            if let Some(b) = self.boxes.get_mut(first) {
                                b.space_before = b.space_before.min(BODY * 0.3);
                            }
                        }
                    }
                    self.list_depth -= 1;
                    // The marker hangs in the indent, on the first baseline of the item.
                    let marker_style =
                        Style::new(if item.checked.is_some() { Face::Sans } else { ctx.style.face }, ctx.style.size);
                    let mw = self.fonts.width(marker_style.face, &marker, marker_style.size);
                    if let Some(b) =
                        self.boxes[first..].iter_mut().find(|b| b.prims.iter().any(|p| matches!(p, Prim::Text { .. })))
                    {
                        let baseline = b.prims.iter().find_map(|p| match p {
                            Prim::Text { baseline, .. } => Some(*baseline),
                            _ => None,
                        });
                        if let Some(baseline) = baseline {
                            let frag = crate::text::Frag::plain(0.0, mw, marker_style, format!("{marker} "));
                            let text = Prim::Text { x: ctx.left + indent - mw - 5.0, baseline, frag };
                            b.prims.splice(0..0, [Prim::Tag(Some(lbl)), text, Prim::Tag(None)]);
                        }
                    }
                    self.tags.close_n(2);
                }
            }
            Block::Table { span, alignments, header, rows } => self.table(span.start, alignments, header, rows, ctx),
            Block::Quote { blocks, attribution, .. } => {
                let mut inner = ctx.clone();
                inner.left += 18.0;
                inner.right += 18.0;
                inner.style.face = inner.style.face.italic();
                inner.align = Align::Left;
                self.quotes += 1;
                inner.bars.push((ctx.left + 6.0, self.quotes));
                let first = self.boxes.len();
                for blk in blocks {
                    self.block(blk, &inner);
                }
                if let Some(b) = self.boxes.get_mut(first) {
                    b.space_before = BODY;
                }
                if let Some(a) = attribution {
                    let mut name_style = Style::new(Face::SansBold, BODY * 0.9);
                    name_style.color = [0.2, 0.2, 0.2];
                    let mut runs = Vec::new();
                    inline_runs(&a.name, &name_style, &mut runs);
                    let mut role_style = Style::new(Face::Sans, BODY * 0.85);
                    role_style.color = GREY;
                    for r in &a.roles {
                        runs.push(Run::Break);
                        inline_runs(r, &role_style, &mut runs);
                    }
                    let actx = Ctx { style: name_style, align: Align::Left, ..inner.clone() };
                    let lines = break_lines(self.fonts, &runs, self.width - actx.left - actx.right, Align::Left);
                    let start = self.boxes.len();
                    self.tags.open(Role::P);
                    self.push_lines(lines, &actx, BODY * 0.5, 1.3);
                    self.tags.close();
                    // The attribution stays with the end of the quote.
                    for b in &mut self.boxes[start..] {
                        b.keep_with_prev = true;
                    }
                }
                if let Some(last) = self.boxes.last_mut() {
                    last.height += BODY * 0.4;
                }
            }
            Block::Code { text, .. } => self.preformatted(text, ctx),
            Block::Html { html, .. } => self.preformatted(html, ctx),
            Block::Heading { content, .. } => {
                // A heading inside a quote or list item: a bold paragraph, kept with what follows.
                let style = Style { face: ctx.style.face.bold(), ..ctx.style.clone() };
                let hctx = Ctx { style, align: Align::Left, ..ctx.clone() };
                let mut runs = Vec::new();
                inline_runs(content, &hctx.style, &mut runs);
                let lines = break_lines(self.fonts, &runs, self.width - ctx.left - ctx.right, Align::Left);
                self.push_lines(lines, &hctx, BODY * 0.8, LEADING);
                self.keep_next = true;
            }
            // Notes are set together at the end of the document.
            Block::FootnoteDefinition { label, blocks, .. } => self.notes.push((label.clone(), blocks.clone())),
            Block::ThematicBreak { .. } => {
                let mut b = VBox::new(BODY * 2.0);
                let w = self.width - ctx.left - ctx.right;
                let x = ctx.left + w / 3.0;
                b.prims.push(Prim::Rule { x1: x, y1: BODY, x2: x + w / 3.0, y2: BODY, width: 0.8, color: RULE });
                b.space_before = BODY * 0.5;
                self.push(b, ctx);
                // A break between passages never ends a page: it goes over with the next one.
                self.keep_next = true;
            }
        }
        self.tags.close_n(opened);
    }

    /// The footnote definitions met so far, under a short rule, in smaller type, each opened by
    /// its label; nothing when there are none.
    pub fn notes(&mut self) {
        let notes = std::mem::take(&mut self.notes);
        if notes.is_empty() {
            return;
        }
        let base = self.base();
        let mut rule = VBox::new(BODY * 1.5);
        rule.prims.push(Prim::Rule { x1: 0.0, y1: BODY, x2: self.width / 4.0, y2: BODY, width: 0.6, color: RULE });
        rule.space_before = BODY;
        self.push(rule, &base);
        let size = BODY * 0.85;
        let ctx = Ctx { left: 14.0, style: Style::new(Face::Serif, size), align: Align::Left, ..base };
        for (label, blocks) in notes {
            let first = self.boxes.len();
            let anchor = note_anchor(&label);
            self.tags.open(Role::Note);
            let lbl = self.tags.child(Role::Lbl);
            for b in &blocks {
                self.block(b, &ctx);
            }
            // The label hangs in the indent, on the note's first baseline.
            let style = Style::new(Face::Sans, size);
            let mark = format!("{label}.");
            let mw = self.fonts.width(style.face, &mark, style.size);
            let hung = self.boxes[first..].iter_mut().find_map(|b| {
                let baseline = b.prims.iter().find_map(|p| match p {
                    Prim::Text { baseline, .. } => Some(*baseline),
                    _ => None,
                })?;
                Some((b, baseline))
            });
            let frag = crate::text::Frag::plain(0.0, mw, style.clone(), mark.clone());
            match hung {
                Some((b, baseline)) => {
                    let text = Prim::Text { x: ctx.left - mw - 4.0, baseline, frag };
                    b.prims.splice(0..0, [Prim::Tag(Some(lbl)), text, Prim::Tag(None)]);
                }
                None => {
                    let runs = vec![Run::Text(mark, style)];
                    let lines = break_lines(self.fonts, &runs, self.width - ctx.left, Align::Left);
                    self.push_lines(lines, &ctx, BODY * 0.3, LEADING);
                }
            }
            if let Some(b) = self.boxes.get_mut(first) {
                b.anchors.push(anchor);
            }
            self.tags.close();
        }
    }

    fn preformatted(&mut self, text: &str, ctx: &Ctx) {
        let style = Style::new(Face::Mono, CODE_SIZE);
        let w = self.width - ctx.left - ctx.right;
        let mut lines = Vec::new();
        for src in text.trim_end_matches('\n').split('\n') {
            // Keep leading spaces visible by using no-break spaces for indentation.
            let indent = src.len() - src.trim_start_matches(' ').len();
            let shown = format!("{}{}", "\u{a0}".repeat(indent), &src[indent..]);
            let runs = vec![Run::Text(shown, style.clone())];
            let mut set = break_lines(self.fonts, &runs, w - 8.0, Align::Left);
            if set.is_empty() {
                set.push(Line { ascent: CODE_SIZE * 0.8, descent: CODE_SIZE * 0.2, ..Line::default() });
            }
            lines.extend(set);
        }
        let n = lines.len();
        let first = self.boxes.len();
        let inner = Ctx { left: ctx.left + 4.0, style, ..ctx.clone() };
        self.push_lines(lines, &inner, BODY * 0.6, 1.3);
        for (k, b) in self.boxes[first..].iter_mut().enumerate() {
            let pad_top = if k == 0 { 3.0 } else { 0.0 };
            let pad_bottom = if k + 1 == n { 3.0 } else { 0.0 };
            b.height += pad_top + pad_bottom;
            for p in &mut b.prims {
                if let Prim::Text { baseline, .. } = p {
                    *baseline += pad_top;
                }
            }
            b.prims.insert(0, Prim::Rect { x: ctx.left, y: 0.0, w, h: b.height, fill: [0.95, 0.95, 0.94] });
        }
    }

    fn table(&mut self, span_start: u32, alignments: &[Alignment], header: &TableRow, rows: &[TableRow], ctx: &Ctx) {
        let id = self.next_table;
        self.next_table += 1;
        let ncols = table_columns(header, rows);
        let avail = self.width - ctx.left - ctx.right;
        let all = table_cells(header, rows, ncols);
        // Column widths from content: each column's widest word (min) and its longest
        // unbroken line (max), shared by every table of the same kind in a run.
        let (min, max) = match self.shared_widths.get(&span_start) {
            Some((min, max)) if min.len() == ncols => (min.clone(), max.clone()),
            _ => measure_cells(self.fonts, &all, ncols),
        };
        let widths = column_widths(&min, &max, avail);
        let header_empty = all.first().is_none_or(|r| !r.header);
        let aligns: Vec<Align> = (0..ncols)
            .map(|c| match alignments.get(c) {
                Some(Alignment::Right) => Align::Right,
                Some(Alignment::Center) => Align::Center,
                _ => Align::Left,
            })
            .collect();
        let mut header_height = 0.0;
        for (r, TableLine { cells, header: is_header, rule_below }) in all.iter().enumerate() {
            let set: Vec<Vec<Line>> = cells
                .iter()
                .enumerate()
                .map(|(c, runs)| {
                    break_lines_hyphenated(self.fonts, runs, widths[c] - 2.0 * CELL_PAD_X, aligns[c], self.hyph)
                })
                .collect();
            let line_h = TABLE_SIZE * 1.3;
            // Rows taller than a page are cut into slices, line by line.
            let max_lines = (((self.body - header_height - 2.0 * CELL_PAD_Y) / line_h).floor() as usize).max(1);
            let nlines = set.iter().map(|l| l.len()).max().unwrap_or(0).max(1);
            self.tags.row(*is_header);
            let cells = self.tags.cells(set.len(), *is_header);
            let mut start = 0;
            while start < nlines {
                let end = (start + max_lines).min(nlines);
                let height = (end - start) as f32 * line_h + 2.0 * CELL_PAD_Y;
                let mut b = VBox::new(height);
                if *is_header {
                    b.prims.push(Prim::Rect {
                        x: ctx.left,
                        y: 0.0,
                        w: widths.iter().sum(),
                        h: height,
                        fill: [0.9, 0.91, 0.93],
                    });
                }
                let mut x = ctx.left;
                for (c, lines) in set.iter().enumerate() {
                    b.prims.push(Prim::Tag(Some(cells[c].clone())));
                    for (k, line) in lines.iter().enumerate().take(end).skip(start) {
                        let baseline = CELL_PAD_Y + (k - start) as f32 * line_h + TABLE_SIZE * 1.0;
                        line_prims(&mut b.prims, line, x + CELL_PAD_X, baseline);
                    }
                    x += widths[c];
                }
                let total: f32 = widths.iter().sum();
                // A row of dashes in the source is drawn as the rule it stands for.
                let (w, color) =
                    if *is_header || (*rule_below && end == nlines) { (0.9, [0.3, 0.3, 0.3]) } else { (0.4, RULE) };
                b.prims.push(Prim::Rule {
                    x1: ctx.left,
                    y1: height,
                    x2: ctx.left + total,
                    y2: height,
                    width: w,
                    color,
                });
                if r == 0 && start == 0 {
                    b.prims.push(Prim::Rule {
                        x1: ctx.left,
                        y1: 0.0,
                        x2: ctx.left + total,
                        y2: 0.0,
                        width: 0.9,
                        color: [0.3, 0.3, 0.3],
                    });
                    b.space_before = BODY * 0.8;
                }
                b.kind = if *is_header { Kind::TableHeader(id) } else { Kind::TableRow(id) };
                if *is_header {
                    header_height = height;
                } else if r == 1 && start == 0 && !header_empty {
                    // The header never ends a page alone.
                    b.keep_with_prev = true;
                }
                if start > 0 {
                    b.keep_with_prev = false;
                }
                self.push(b, ctx);
                start = end;
            }
        }
        self.tags.end_rows();
        // Air after the table.
        let mut gap = VBox::new(BODY * 0.6);
        gap.keep_with_prev = true;
        self.boxes.push(gap);
    }

    /// A labelled horizontal bar chart in vector graphics.
    pub fn chart(&mut self, chart: &Chart) {
        let fonts = self.fonts;
        let title_style = Style::new(Face::SansBold, 9.5);
        let label_style = Style::new(Face::Sans, 8.0);
        let row_h = 13.0;
        let label_w = self.width * 0.38;
        let value_w = 48.0;
        let bar_x = label_w + 6.0;
        let bar_max = (self.width - bar_x - value_w).max(10.0);
        let max = chart.items.iter().map(|(_, v)| v.abs()).fold(0.0f64, f64::max);
        self.figures += 1;
        // "Figure 3. <the breakdown's caption>", numbered through the document.
        let mut title_runs = vec![Run::Text(format!("Figure {}.", self.figures), title_style.clone())];
        if !chart.title.trim().is_empty() {
            title_runs.push(Run::Text(format!(" {}", chart.title.trim()), Style::new(Face::Sans, 9.5)));
        }
        let title_lines = break_lines(fonts, &title_runs, self.width, Align::Left);
        let mut y = 0.0;
        let mut prims = Vec::new();
        for l in &title_lines {
            line_prims(&mut prims, l, 0.0, y + 10.0);
            y += 13.0;
        }
        let caption_end = prims.len();
        y += 4.0;
        for (label, value) in &chart.items {
            let lines = break_lines(fonts, &[Run::Text(label.clone(), label_style.clone())], label_w, Align::Right);
            let h = (lines.len() as f32 * 10.0).max(row_h);
            for (k, l) in lines.iter().enumerate() {
                line_prims(&mut prims, l, 0.0, y + 9.0 + k as f32 * 10.0);
            }
            let frac = if max > 0.0 { (value.abs() / max) as f32 } else { 0.0 };
            let bw = (bar_max * frac).max(0.5);
            prims.push(Prim::Rect { x: bar_x, y: y + 2.0, w: bw, h: 9.0, fill: [0.22, 0.42, 0.66] });
            let text = format!("{}{}", fmt_plain(*value), chart.unit);
            let vl = break_lines(fonts, &[Run::Text(text, label_style.clone())], value_w + 40.0, Align::Left);
            for l in vl.iter().take(1) {
                line_prims(&mut prims, l, bar_x + bw + 4.0, y + 9.0);
            }
            y += h + 2.0;
        }
        // Axis line.
        prims.push(Prim::Rule {
            x1: bar_x,
            y1: title_lines.len() as f32 * 13.0 + 2.0,
            x2: bar_x,
            y2: y,
            width: 0.6,
            color: GREY,
        });
        // Where the figures come from: the list the chart redraws.
        if !self.chart_source.is_empty() {
            let mut st = Style::new(Face::Sans, 7.5);
            st.color = GREY;
            let text = format!("Source: the list in \u{201c}{}\u{201d}.", self.chart_source);
            y += 3.0;
            for l in break_lines(fonts, &[Run::Text(text, st)], self.width, Align::Left) {
                line_prims(&mut prims, &l, 0.0, y + 8.0);
                y += 10.0;
            }
        }
        let mut b = VBox::new(y + 4.0);
        b.space_before = BODY;
        b.prims = prims;
        b.float = true;
        let ctx = self.base();
        self.tags.open(Role::Figure(crate::tags::chart_alt(chart)));
        // The title is the figure's caption, inside it.
        let caption = self.tags.child(Role::Caption);
        b.prims.insert(caption_end, Prim::Tag(None));
        b.prims.insert(0, Prim::Tag(Some(caption)));
        self.push(b, &ctx);
        self.tags.close();
    }
}

/// Number of columns of a table (at least one).
fn table_columns(header: &TableRow, rows: &[TableRow]) -> usize {
    std::iter::once(header).chain(rows).map(|r| r.cells.len()).max().unwrap_or(0).max(1)
}

/// One row of a table as it is drawn.
struct TableLine {
    /// Each column's runs.
    cells: Vec<Vec<Run>>,
    /// The header row.
    header: bool,
    /// The source has a row of dashes after this one: a rule, not data.
    rule_below: bool,
}

/// Whether every cell of a row is empty or only dashes and colons (`|---|:--:|`, a source's
/// closing delimiter line), with at least one dash: a rule in the source, not a row of data.
fn is_rule_row(row: &TableRow) -> bool {
    let texts: Vec<String> = row.cells.iter().map(|c| reportkit_model::inline_text(c)).collect();
    let dashes = |t: &str| t.chars().all(|c| matches!(c, '-' | ':' | '–' | '—' | '=' | ' ' | '\u{a0}'));
    texts.iter().any(|t| t.chars().any(|c| matches!(c, '-' | '–' | '—' | '='))) && texts.iter().all(|t| dashes(t))
}

/// The rows of a table as drawn: the header (left out when blank), then the body rows, a row
/// of dashes becoming the rule below the row before it.
fn table_cells(header: &TableRow, rows: &[TableRow], ncols: usize) -> Vec<TableLine> {
    let head_style = Style::new(Face::SansBold, TABLE_SIZE);
    let body_style = Style::new(Face::Sans, TABLE_SIZE);
    let cell_runs = |row: &TableRow, style: &Style| -> Vec<Vec<Run>> {
        (0..ncols)
            .map(|c| {
                let mut runs = Vec::new();
                if let Some(cell) = row.cells.get(c) {
                    inline_runs(cell, style, &mut runs);
                }
                runs
            })
            .collect()
    };
    let mut all = Vec::new();
    // An empty header row (a Markdown table whose first row is blank) is left out.
    if !header.cells.iter().all(|c| reportkit_model::inline_text(c).trim().is_empty()) {
        all.push(TableLine { cells: cell_runs(header, &head_style), header: true, rule_below: false });
    }
    for r in rows {
        if is_rule_row(r) {
            if let Some(last) = all.last_mut() {
                last.rule_below = true;
            }
            continue;
        }
        all.push(TableLine { cells: cell_runs(r, &body_style), header: false, rule_below: false });
    }
    all
}

/// Each column's widest word (min) and longest unbroken line (max) of a table.
pub type Measures = (Vec<f32>, Vec<f32>);

/// Each column's widest word (min) and longest unbroken line (max), padding included.
fn measure_cells(fonts: &Fonts, all: &[TableLine], ncols: usize) -> Measures {
    let mut min = vec![0.0f32; ncols];
    let mut max = vec![0.0f32; ncols];
    for line in all {
        for (c, runs) in line.cells.iter().enumerate() {
            let (mn, mx) = content_widths(fonts, runs);
            min[c] = min[c].max(mn + 2.0 * CELL_PAD_X);
            max[c] = max[c].max(mx + 2.0 * CELL_PAD_X);
        }
    }
    (min, max)
}

/// Column measures shared by tables of one kind in a run, keyed by each table's first source
/// line. Tables are of one kind when they have the same number of columns and the same header
/// texts; a run is a sequence of such tables in document order with no other table between.
/// Each table of a run of two or more gets the widest minimum and maximum of the run, so the
/// columns line up from one table to the next (a list of links split over sub-headings, one
/// table each).
pub fn shared_table_widths(fonts: &Fonts, tables: &[&Block]) -> std::collections::HashMap<u32, Measures> {
    /// A table's number of columns and header texts.
    type TableKind = (usize, Vec<String>);
    let mut out = std::collections::HashMap::new();
    let kind = |header: &TableRow, ncols: usize| -> TableKind {
        (ncols, header.cells.iter().map(|c| reportkit_model::inline_text(c).trim().to_lowercase()).collect())
    };
    let mut run: Vec<(u32, TableKind, Measures)> = Vec::new();
    let mut flush = |run: &mut Vec<(u32, TableKind, Measures)>| {
        if run.len() > 1 {
            let ncols = run[0].1 .0;
            let (mut min, mut max) = (vec![0.0f32; ncols], vec![0.0f32; ncols]);
            for (_, _, (mn, mx)) in run.iter() {
                for c in 0..ncols {
                    min[c] = min[c].max(mn[c]);
                    max[c] = max[c].max(mx[c]);
                }
            }
            for (line, _, _) in run.iter() {
                out.insert(*line, (min.clone(), max.clone()));
            }
        }
        run.clear();
    };
    for b in tables {
        let Block::Table { span, header, rows, .. } = b else { continue };
        let ncols = table_columns(header, rows);
        let k = kind(header, ncols);
        if run.last().is_some_and(|(_, rk, _)| *rk != k) {
            flush(&mut run);
        }
        let widths = measure_cells(fonts, &table_cells(header, rows, ncols), ncols);
        run.push((span.start, k, widths));
    }
    flush(&mut run);
    out
}

/// Widest word and longest line of inline content at its own styles.
fn content_widths(fonts: &Fonts, runs: &[Run]) -> (f32, f32) {
    let (mut min, mut max, mut cur_word, mut cur_line) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
    for r in runs {
        match r {
            Run::Break => {
                max = max.max(cur_line);
                cur_line = 0.0;
                min = min.max(cur_word);
                cur_word = 0.0;
            }
            Run::Text(t, st) => {
                let m = fonts.metrics(st.face);
                let mut prev: Option<char> = None;
                for c in t.chars() {
                    let c = if c == '\n' { ' ' } else { c };
                    let w = m.advance(c) * st.size + prev.map_or(0.0, |p| m.kern_at(p, c, st.size));
                    prev = Some(c);
                    cur_line += w;
                    if c == ' ' {
                        min = min.max(cur_word);
                        cur_word = 0.0;
                    } else {
                        cur_word += w;
                    }
                }
            }
        }
    }
    (min.max(cur_word), max.max(cur_line))
}

/// Share `avail` among columns: natural widths when they fit, otherwise each column gets its
/// minimum plus a share of the rest in proportion to how much more it would like. Minimums are
/// capped (a long URL is broken rather than given the whole table).
pub fn column_widths(min: &[f32], max: &[f32], avail: f32) -> Vec<f32> {
    let n = min.len().max(1);
    let cap = (avail / n as f32).max(avail * 0.3);
    let min: Vec<f32> = min.iter().map(|m| m.min(cap)).collect();
    let max: Vec<f32> = max.iter().zip(&min).map(|(x, m)| x.max(*m)).collect();
    let sum_max: f32 = max.iter().sum();
    let sum_min: f32 = min.iter().sum();
    if sum_max <= avail {
        // Spread the spare room evenly so the table spans the column.
        let extra = (avail - sum_max) / n as f32;
        return max.iter().map(|m| m + extra).collect();
    }
    if sum_min >= avail {
        return min.iter().map(|m| m * avail / sum_min).collect();
    }
    // Columns that want no more than a fair share get what they want; the rest share what is
    // left, beyond their minimums, in proportion to how much more they would like.
    let mut out = vec![0.0f32; n];
    let mut open: Vec<usize> = (0..n).collect();
    let mut left = avail;
    loop {
        let fair = left / open.len().max(1) as f32;
        let (fit, rest): (Vec<usize>, Vec<usize>) = open.iter().partition(|&&c| max[c] <= fair);
        if fit.is_empty() || rest.is_empty() {
            break;
        }
        for c in fit {
            out[c] = max[c];
            left -= max[c];
        }
        open = rest;
    }
    let rest_min: f32 = open.iter().map(|&c| min[c]).sum();
    let want: f32 = open.iter().map(|&c| max[c] - min[c]).sum();
    let spare = (left - rest_min).max(0.0);
    for &c in &open {
        out[c] = min[c] + (max[c] - min[c]) * spare / want.max(0.001);
    }
    if rest_min > left {
        // Cannot happen with the checks above, but keep the total exact.
        let total: f32 = out.iter().sum();
        return out.iter().map(|w| w * avail / total).collect();
    }
    out
}

/// Whether a set line ends inside a word (its last fragment is the head of a word broken over
/// lines: it carries the whole word as its `/ActualText`).
fn ends_inside_word(line: &Line) -> bool {
    line.frags.last().is_some_and(|f| f.actual.as_deref().is_some_and(|a| !a.is_empty()))
}

/// The prims of one set line at `x` with its baseline at `baseline`.
fn line_prims(prims: &mut Vec<Prim>, line: &Line, x: f32, baseline: f32) {
    for f in &line.frags {
        if f.text.trim().is_empty() && f.style.link.is_none() {
            // A bare space fragment: its glyph is still drawn for text extraction.
        }
        if f.style.strike {
            let y = baseline - f.style.rise - f.style.size * 0.3;
            prims.push(Prim::Rule {
                x1: x + f.x,
                y1: y,
                x2: x + f.x + f.width,
                y2: y,
                width: 0.6,
                color: f.style.color,
            });
        }
        if let Some(t) = &f.style.link {
            let trimmed = f.width - if f.text().ends_with(' ') { f.style.size * 0.3 } else { 0.0 };
            prims.push(Prim::Link {
                x: x + f.x,
                y: baseline - f.style.size,
                w: trimmed.max(1.0),
                h: f.style.size * 1.25,
                target: t.clone(),
            });
        }
        prims.push(Prim::Text { x, baseline, frag: f.clone() });
    }
}

/// Whether a paragraph introduces the block after it: a lead-in ending with a colon, or a
/// label of one to three words without a sentence's closing point ("When", "Key figures").
fn introduces(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with(':') || t.split_whitespace().count() <= 3 && !t.ends_with(['.', '!', '?', ';', ','])
}

/// The anchor of the footnote `label`: its note's first line. (A colon never occurs in a
/// heading's anchor, so the two cannot meet.)
pub fn note_anchor(label: &str) -> Arc<str> {
    Arc::from(format!("{NOTE_ANCHOR}{label}"))
}

/// What every footnote's anchor starts with.
pub const NOTE_ANCHOR: &str = "note:";

/// Flatten inline content into styled runs.
pub fn inline_runs(inlines: &[Inline], style: &Style, out: &mut Vec<Run>) {
    for i in inlines {
        match i {
            Inline::Text { text } => out.push(Run::Text(text.clone(), style.clone())),
            Inline::Emphasis { children } => {
                let s = Style { face: style.face.italic(), ..style.clone() };
                inline_runs(children, &s, out);
            }
            Inline::Strong { children } => {
                let s = Style { face: style.face.bold(), ..style.clone() };
                inline_runs(children, &s, out);
            }
            Inline::Strikethrough { children } => {
                let s = Style { strike: true, ..style.clone() };
                inline_runs(children, &s, out);
            }
            Inline::Superscript { children } => {
                let s = Style { size: style.size * 0.7, rise: style.rise + style.size * 0.35, ..style.clone() };
                inline_runs(children, &s, out);
            }
            Inline::Subscript { children } => {
                let s = Style { size: style.size * 0.7, rise: style.rise - style.size * 0.18, ..style.clone() };
                inline_runs(children, &s, out);
            }
            // A placeholder link (`[text](#)`, or no target at all) leads nowhere: its text is
            // set as plain text, not coloured as a link the reader cannot follow.
            Inline::Link { url, children, .. } if url.trim().is_empty() || url.trim() == "#" => {
                inline_runs(children, style, out);
            }
            Inline::Link { url, children, style: how, .. } => {
                let target = match url.strip_prefix('#') {
                    Some(anchor) => Target::Anchor(Arc::from(anchor)),
                    None => Target::Uri(Arc::from(url.as_str())),
                };
                let s = Style { color: LINK, link: Some(target), ..style.clone() };
                if children.is_empty()
                    || *how == LinkStyle::Autolink && reportkit_model::inline_text(children).is_empty()
                {
                    out.push(Run::Text(url.clone(), s));
                } else {
                    inline_runs(children, &s, out);
                }
            }
            Inline::Image { alt, url, .. } => {
                let s = Style { face: style.face.italic(), color: GREY, ..style.clone() };
                if alt.is_empty() {
                    out.push(Run::Text(url.clone(), s));
                } else {
                    inline_runs(alt, &s, out);
                }
            }
            Inline::Code { text } => {
                let s = Style { face: style.face.mono(), size: style.size * 0.9, ..style.clone() };
                out.push(Run::Text(text.clone(), s));
            }
            Inline::HardBreak => out.push(Run::Break),
            Inline::SoftBreak => out.push(Run::Text(" ".into(), style.clone())),
            Inline::Html { html } => out.push(Run::Text(html.clone(), Style { color: GREY, ..style.clone() })),
            Inline::FootnoteReference { label } => {
                // The label raised, and a link to its note (at the end of the document).
                let s = Style {
                    size: style.size * 0.7,
                    rise: style.rise + style.size * 0.35,
                    link: Some(Target::Anchor(note_anchor(label))),
                    ..style.clone()
                };
                out.push(Run::Text(label.clone(), s));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reportkit_model::{ListItem, Span};

    fn fonts() -> &'static Fonts {
        static F: std::sync::OnceLock<Fonts> = std::sync::OnceLock::new();
        F.get_or_init(|| Fonts::load().unwrap())
    }

    fn para(line: u32, text: &str) -> Block {
        Block::Paragraph { span: Span::line(line), content: vec![Inline::Text { text: text.into() }] }
    }

    fn texts(b: &VBox) -> String {
        b.prims
            .iter()
            .filter_map(|p| match p {
                Prim::Text { frag, .. } => Some(frag.text()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_chart_follows_the_block_ending_at_its_line() {
        let chart = Chart {
            section_id: "s".into(),
            after_line: 3,
            title: "Shares".into(),
            items: vec![("One".into(), 60.0), ("Two".into(), 40.0)],
            unit: "%".into(),
        };
        let mut flow = Flow::new(fonts(), 400.0, 700.0);
        flow.blocks(&[para(1, "before"), para(3, "also before"), para(5, "after")], &[&chart]);
        let order: Vec<String> = flow.boxes.iter().map(texts).collect();
        let chart_at = order.iter().position(|t| t.contains("Shares")).expect("chart box");
        assert_eq!(order[chart_at - 1], "also before");
        assert_eq!(order[chart_at + 1], "after");
        // Two bars, the longer for the larger value.
        let bars: Vec<f32> = flow.boxes[chart_at]
            .prims
            .iter()
            .filter_map(|p| match p {
                Prim::Rect { w, .. } => Some(*w),
                _ => None,
            })
            .collect();
        assert_eq!(bars.len(), 2);
        assert!(bars[0] > bars[1]);
        assert!(order[chart_at].contains("60%") && order[chart_at].contains("40%"));
    }

    #[test]
    fn list_markers_hang_in_the_indent_and_nest() {
        let inner = Block::List {
            span: Span::line(2),
            ordered: false,
            start: None,
            tight: true,
            items: vec![ListItem { span: Span::line(2), checked: None, blocks: vec![para(2, "nested")] }],
        };
        let list = Block::List {
            span: Span::new(1, 2),
            ordered: true,
            start: Some(3),
            tight: true,
            items: vec![ListItem { span: Span::line(1), checked: None, blocks: vec![para(1, "outer"), inner] }],
        };
        let mut flow = Flow::new(fonts(), 400.0, 700.0);
        flow.blocks(&[list], &[]);
        let xs = |b: &VBox| -> Vec<(String, f32)> {
            b.prims
                .iter()
                .filter_map(|p| match p {
                    Prim::Text { x, frag, .. } => Some((frag.text().to_string(), *x + frag.x)),
                    _ => None,
                })
                .collect()
        };
        let first = xs(&flow.boxes[0]);
        assert_eq!(first[0].0.trim(), "3.");
        assert!(first[0].1 < first[1].1, "marker left of the text: {first:?}");
        let nested = xs(&flow.boxes[1]);
        assert!(nested[1].1 > first[1].1, "nested text indented further: {nested:?}");
        // A bullet list inside an item gets the open bullet.
        assert_eq!(nested[0].0.trim(), "◦", "{nested:?}");
    }

    #[test]
    fn a_heading_keeps_with_the_next_lines() {
        let mut flow = Flow::new(fonts(), 400.0, 700.0);
        flow.heading(&[Inline::Text { text: "Title".into() }], 0, "title");
        flow.blocks(&[para(2, "text")], &[]);
        assert_eq!(&*flow.boxes[0].anchors[0], "title");
        assert!(flow.boxes[1..].iter().all(|b| b.keep_with_prev));
        assert_eq!(flow.toc.len(), 1);
    }

    #[test]
    fn a_chain_of_headings_keeps_together_down_to_the_text() {
        let mut flow = Flow::new(fonts(), 400.0, 700.0);
        flow.blocks(&[para(1, "before")], &[]);
        let start = flow.boxes.len();
        flow.heading(&[Inline::Text { text: "Part".into() }], 0, "part");
        flow.heading(&[Inline::Text { text: "Chapter".into() }], 1, "chapter");
        flow.blocks(&[para(3, "text")], &[]);
        assert!(!flow.boxes[start].keep_with_prev);
        assert!(flow.boxes[start + 1..].iter().all(|b| b.keep_with_prev));
    }

    /// A lead-in and a label stay with what they introduce, and so does a rule between
    /// passages; a sentence does not, and a label does not follow the next section's title.
    #[test]
    fn a_lead_in_a_label_and_a_rule_keep_with_the_next_block() {
        let keeps = |blocks: &[Block]| {
            let mut flow = Flow::new(fonts(), 400.0, 700.0);
            flow.blocks(blocks, &[]);
            flow.boxes.last().is_some_and(|b| b.keep_with_prev)
        };
        assert!(keeps(&[para(1, "The partners agreed on the following:"), para(3, "Open data for all.")]));
        assert!(keeps(&[para(1, "When"), para(3, "23 to 27 June, in the town hall.")]));
        assert!(keeps(&[
            para(1, "One passage ends here."),
            Block::ThematicBreak { span: Span::line(3) },
            para(5, "Another.")
        ]));
        assert!(!keeps(&[para(1, "The partners agreed on the plan."), para(3, "Open data for all.")]));
        let mut flow = Flow::new(fonts(), 400.0, 700.0);
        flow.blocks(&[para(1, "Photo caption")], &[]);
        let start = flow.boxes.len();
        flow.heading(&[Inline::Text { text: "Next part".into() }], 0, "next");
        assert!(!flow.boxes[start].keep_with_prev);
    }

    #[test]
    fn a_line_after_a_broken_word_stays_on_its_page() {
        let mut flow = Flow::new(fonts(), 180.0, 700.0);
        flow.hyphenate(Hyphenator::for_language("en"));
        let text = "Communities everywhere are experimenting with participatory governance arrangements, \
                    establishing consultative mechanisms, and strengthening accountability through \
                    transparent reporting, comprehensive documentation and institutional collaboration.";
        flow.blocks(&[para(1, text)], &[]);
        let mut broken = 0;
        for k in 1..flow.boxes.len() {
            let prev_broken = flow.boxes[k - 1].prims.iter().rev().find_map(|p| match p {
                Prim::Text { frag, .. } => Some(frag.actual.as_deref().is_some_and(|a| !a.is_empty())),
                _ => None,
            });
            if prev_broken == Some(true) {
                broken += 1;
                assert!(flow.boxes[k].keep_with_prev, "line {k}");
            }
        }
        assert!(broken > 0);
    }

    #[test]
    fn table_rows_wrap_and_the_header_is_marked() {
        let cell = |t: &str| vec![Inline::Text { text: t.into() }];
        let header = TableRow { line: 1, cells: vec![cell("Name"), cell("Link")] };
        let long = "https://example.org/".to_string() + &"segment/".repeat(30);
        let rows = vec![TableRow { line: 3, cells: vec![cell("A"), cell(&long)] }];
        let mut flow = Flow::new(fonts(), 300.0, 700.0);
        let t = Block::Table { span: Span::new(1, 3), alignments: vec![Alignment::None; 2], header, rows };
        flow.blocks(&[t], &[]);
        assert_eq!(flow.boxes[0].kind, Kind::TableHeader(0));
        assert_eq!(flow.boxes[1].kind, Kind::TableRow(0));
        // The URL wraps onto several lines inside its cell, all within the table.
        let lines = flow.boxes[1].prims.iter().filter(|p| matches!(p, Prim::Text { .. })).count();
        assert!(lines > 3);
        for p in &flow.boxes[1].prims {
            if let Prim::Text { x, frag, .. } = p {
                assert!(x + frag.x + frag.width <= 300.5, "{} overflows", frag.text());
            }
        }
    }

    fn cell(t: &str) -> Vec<Inline> {
        vec![Inline::Text { text: t.into() }]
    }

    fn table(line: u32, header: [&str; 2], rows: &[[&str; 2]]) -> Block {
        let header = TableRow { line, cells: header.iter().map(|t| cell(t)).collect() };
        let rows = rows
            .iter()
            .enumerate()
            .map(|(k, r)| TableRow { line: line + 2 + k as u32, cells: r.iter().map(|t| cell(t)).collect() })
            .collect();
        Block::Table { span: Span::new(line, line + 5), alignments: vec![Alignment::None; 2], header, rows }
    }

    /// The x of each cell's first text in a row box.
    fn cell_xs(b: &VBox) -> Vec<f32> {
        let mut xs: Vec<f32> = Vec::new();
        for p in &b.prims {
            if let Prim::Text { x, .. } = p {
                if !xs.iter().any(|v| (v - x).abs() < 0.01) {
                    xs.push(*x);
                }
            }
        }
        xs
    }

    #[test]
    fn a_row_of_dashes_is_a_rule_and_a_blank_header_is_not_drawn() {
        // A one-row layout table closed by a delimiter line, as some converters write it.
        let t = table(1, ["", ""], &[["Owner", "Guild"], ["---", ":---:"]]);
        let mut flow = Flow::new(fonts(), 400.0, 700.0);
        flow.blocks(&[t], &[]);
        let rows: Vec<&VBox> = flow.boxes.iter().filter(|b| matches!(b.kind, Kind::TableRow(_))).collect();
        assert_eq!(rows.len(), 1, "one data row, no row of dashes");
        assert!(!flow.boxes.iter().any(|b| texts(b).contains("---")));
        assert!(!flow.boxes.iter().any(|b| matches!(b.kind, Kind::TableHeader(_))));
        // The dashes close the table with a strong rule.
        let strong =
            rows[0].prims.iter().any(|p| matches!(p, Prim::Rule { width, y1, .. } if *width > 0.8 && *y1 > 1.0));
        assert!(strong, "{:?}", rows[0].prims);
        assert!(!is_rule_row(&TableRow { line: 1, cells: vec![cell("|:--"), cell("")] }));
        assert!(is_rule_row(&TableRow { line: 1, cells: vec![cell("—"), cell("")] }));
        assert!(!is_rule_row(&TableRow { line: 1, cells: vec![cell("-"), cell("n/a")] }));
    }

    #[test]
    fn tables_of_one_kind_in_a_run_share_their_column_widths() {
        let short = table(1, ["Group", "Page"], &[["Youth", "https://example.org/y"]]);
        let long =
            table(10, ["Group", "Page"], &[["Best practice forum on cybersecurity", "https://example.org/bpf-cyber"]]);
        let other = table(20, ["Name", "Role"], &[["A", "B"]]);
        let blocks = [short, para(8, "between"), long, other];
        let refs: Vec<&Block> = blocks.iter().filter(|b| matches!(b, Block::Table { .. })).collect();
        let shared = shared_table_widths(fonts(), &refs);
        assert!(shared.contains_key(&1) && shared.contains_key(&10), "the two tables of one kind share");
        assert!(!shared.contains_key(&20), "a table of another kind keeps its own");
        let mut flow = Flow::new(fonts(), 400.0, 700.0);
        flow.shared_widths = shared;
        flow.blocks(&blocks, &[]);
        let rows: Vec<&VBox> = flow.boxes.iter().filter(|b| matches!(b.kind, Kind::TableRow(0 | 1))).collect();
        assert_eq!(rows.len(), 2);
        // The link column starts at the same x in both tables.
        assert_eq!(cell_xs(rows[0]), cell_xs(rows[1]));
        // Without sharing, it does not.
        let mut alone = Flow::new(fonts(), 400.0, 700.0);
        alone.blocks(&blocks, &[]);
        let rows: Vec<&VBox> = alone.boxes.iter().filter(|b| matches!(b.kind, Kind::TableRow(0 | 1))).collect();
        assert_ne!(cell_xs(rows[0]), cell_xs(rows[1]));
    }

    #[test]
    fn charts_are_numbered_captioned_and_sourced() {
        let chart = |title: &str| Chart {
            section_id: "s".into(),
            after_line: 1,
            title: title.into(),
            items: vec![
                ("A label long enough to need a second line in the label column of the chart".into(), 3.0),
                ("Two".into(), 4.0),
            ],
            unit: String::new(),
        };
        let (a, b) = (chart("7 boats in the harbour"), chart("Nets by kind"));
        let mut flow = Flow::new(fonts(), 400.0, 700.0);
        flow.chart_source = "Harbour".into();
        flow.blocks(&[para(1, "text")], &[&a, &b]);
        let charts: Vec<String> = flow.boxes.iter().filter(|b| b.float).map(texts).collect();
        assert_eq!(charts.len(), 2);
        assert!(charts[0].starts_with("Figure 1. 7 boats in the harbour"), "{}", charts[0]);
        assert!(charts[1].starts_with("Figure 2. Nets by kind"), "{}", charts[1]);
        assert!(charts[0].contains("Source: the list in \u{201c}Harbour\u{201d}."), "{}", charts[0]);
        // The long label is wrapped whole, not cut.
        assert!(charts[0].contains("label column of the chart") && !charts[0].contains('…'), "{}", charts[0]);
    }

    #[test]
    fn a_placeholder_link_is_plain_text() {
        let link = |url: &str| Inline::Link {
            url: url.into(),
            title: String::new(),
            children: vec![Inline::Text { text: "Sessions".into() }],
            style: LinkStyle::Inline,
        };
        let mut runs = Vec::new();
        let base = Style::new(Face::Serif, BODY);
        inline_runs(&[link("#"), link(""), link("#sessions")], &base, &mut runs);
        let styles: Vec<&Style> =
            runs.iter().filter_map(|r| if let Run::Text(_, s) = r { Some(s) } else { None }).collect();
        assert_eq!(styles.len(), 3);
        for s in &styles[..2] {
            assert!(s.link.is_none() && s.color == base.color, "a link to nowhere is drawn as text");
        }
        assert!(styles[2].link.is_some() && styles[2].color == LINK);
    }

    #[test]
    fn natural_widths_when_they_fit() {
        let w = column_widths(&[20.0, 30.0], &[50.0, 60.0], 200.0);
        assert!((w.iter().sum::<f32>() - 200.0).abs() < 0.01);
        assert!(w[1] > w[0]);
    }

    #[test]
    fn wide_columns_get_more_of_a_tight_table() {
        let w = column_widths(&[30.0, 30.0, 30.0], &[40.0, 400.0, 100.0], 300.0);
        assert!((w.iter().sum::<f32>() - 300.0).abs() < 0.01);
        assert!(w[1] > w[2] && w[2] > w[0]);
        assert!(w.iter().zip([30.0, 30.0, 30.0]).all(|(a, m)| *a >= m - 0.01));
    }

    #[test]
    fn narrow_columns_keep_their_natural_width_beside_a_long_one() {
        let w = column_widths(&[60.0, 130.0], &[110.0, 600.0], 450.0);
        assert!((w[0] - 110.0).abs() < 0.01, "{w:?}");
        assert!((w.iter().sum::<f32>() - 450.0).abs() < 0.01);
    }

    #[test]
    fn an_unbreakable_cell_cannot_take_the_whole_table() {
        let w = column_widths(&[5000.0, 20.0], &[5000.0, 80.0], 400.0);
        assert!(w[0] < 400.0 && w[1] >= 20.0, "{w:?}");
        assert!((w.iter().sum::<f32>() - 400.0).abs() < 0.01);
    }
}
