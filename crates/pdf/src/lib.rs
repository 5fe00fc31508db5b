//! PDF rendering of a reportkit [`Document`].
//!
//! A small layout engine of its own sets the document: [`text`] breaks styled inline runs into
//! lines by measured glyph advances, [`flow`] turns blocks into vertical boxes (lines, table
//! rows, rules, charts), [`page`] paginates them (headings kept with their text, no widows or
//! orphans, table headers repeated), and the backend draws the pages with printpdf and embeds
//! subsets of the DejaVu faces from the `dejavu` crate. The document gets a title page, a
//! table of contents with page numbers and links, a nested outline, a running footer and its
//! metadata. The same input and options (with a `SOURCE_DATE_EPOCH`) always give the same bytes.

mod backend;
mod content;
pub mod flow;
pub mod fonts;
pub mod knuth;
mod lang;
pub mod page;
mod save;
pub mod standards;
pub mod tags;
pub mod text;

use std::collections::HashMap;
use std::sync::Arc;

use reportkit_model::{Block, Document, Inline, Section};

use crate::backend::{Anchors, Geometry, Meta, OutlineNode};
use crate::flow::{Flow, TocEntry};
use crate::fonts::{Face, Fonts};
use crate::page::{paginate, Kind, Page, Placed, Prim, VBox};
pub use crate::standards::{PdfA, Standards};
use crate::tags::{Elem, Role, Tag};
use crate::text::{break_lines, Align, Run, Style, Target};

/// A bar chart to draw after a block.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Id of the section holding the block (an article id in a feed; empty for the blocks
    /// before the first heading).
    pub section_id: String,
    /// The chart goes after the block whose span ends at this line (or, if none ends there,
    /// after the last block ending before it).
    pub after_line: u32,
    /// The chart's title.
    pub title: String,
    /// Labels and values, drawn in this order.
    pub items: Vec<(String, f64)>,
    /// Unit appended to each value (`"%"`, or empty).
    pub unit: String,
}

/// Options of [`render_pdf`].
#[derive(Debug, Clone, PartialEq)]
pub struct PdfOptions {
    /// Draw the charts of `charts_data` (`--no-charts` turns them off).
    pub charts: bool,
    /// Seconds since the Unix epoch for the document dates (`SOURCE_DATE_EPOCH`); the time
    /// of writing otherwise.
    pub source_date_epoch: Option<i64>,
    /// BCP 47 language of the document (`/Lang`).
    pub language: String,
    /// The charts to draw.
    pub charts_data: Vec<Chart>,
    /// Hyphenate body text and table cells where a line would be loose, for the languages
    /// whose patterns are embedded (English); `--no-hyphenate` turns it off.
    pub hyphenate: bool,
    /// The standards the PDF claims (`--pdf-standard`); by default PDF/UA-1 where the document
    /// meets it.
    pub standards: Standards,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            charts: true,
            source_date_epoch: None,
            language: "en".to_string(),
            charts_data: Vec::new(),
            hyphenate: true,
            standards: Standards::default(),
        }
    }
}

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The embedded fonts could not be read (a build problem, not an input problem).
    #[error("font error: {0}")]
    Font(String),
    /// The document cannot meet a standard asked for; the message lists what is missing and
    /// what to do.
    #[error("{0}")]
    Unmet(String),
    /// A failure inside the PDF writer.
    #[error("internal error: {0}")]
    Internal(String),
}

/// A4 in points.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
/// Side margins: a text column of 403 pt, about 72 characters of the body face per line
/// (comfortable reading is 60–75; the full width of A4 less an inch each side gave 84).
const MARGIN_X: f32 = 96.0;
const MARGIN_TOP: f32 = 68.0;
const MARGIN_BOTTOM: f32 = 82.0;

/// A rendered PDF.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// The standards the file claims.
    pub standards: Standards,
    /// Why a default claim was left out (the document cannot meet it); empty otherwise.
    pub notes: Vec<String>,
}

/// Render one document to PDF bytes.
pub fn render_pdf(doc: &Document, opts: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    render(doc, opts).map(|r| r.bytes)
}

/// Render one document to PDF, telling how many pages it has.
pub fn render(doc: &Document, opts: &PdfOptions) -> Result<Rendered, PdfError> {
    let fonts = Fonts::load().map_err(PdfError::Font)?;
    let width = PAGE_W - 2.0 * MARGIN_X;
    let body = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM;
    let geo = Geometry { page_w: PAGE_W, page_h: PAGE_H, left: MARGIN_X, top: MARGIN_TOP };

    // The body.
    let charts: Vec<&Chart> = if opts.charts { opts.charts_data.iter().collect() } else { Vec::new() };
    let mut picker = ChartPicker { placed: vec![false; charts.len()], charts };
    let mut flow = Flow::new(&fonts, width, body);
    let mut tables = Vec::new();
    in_order(doc, &mut |b| {
        if matches!(b, Block::Table { .. }) {
            tables.push(b);
        }
    });
    flow.shared_widths = crate::flow::shared_table_widths(&fonts, &tables);
    flow.tags.passage_languages = crate::lang::detects_passages_in(&opts.language);
    if opts.hyphenate {
        flow.hyphenate(crate::text::Hyphenator::for_language(&opts.language));
    }
    let mut outline = Vec::new();
    let pre = picker.take("");
    flow.blocks(&doc.blocks, &pre);
    if doc.articles.is_empty() {
        sections(&mut flow, &doc.sections, 0, &mut outline, &mut picker);
    } else {
        sections(&mut flow, &doc.sections, 0, &mut outline, &mut picker);
        for a in &doc.articles {
            if !flow.boxes.is_empty() {
                flow.page_break();
            }
            let title = vec![Inline::Text { text: a.headline.clone() }];
            flow.tags.open(Role::Art);
            flow.heading(&title, 0, &a.id);
            let cs = picker.take(&a.id);
            flow.chart_source = a.headline.clone();
            flow.blocks(&a.blocks, &cs);
            let mut children = Vec::new();
            sections(&mut flow, &a.sections, 1, &mut children, &mut picker);
            flow.tags.close();
            outline.push(OutlineNode { title: a.headline.clone(), anchor: Arc::from(a.id.as_str()), children });
        }
    }
    // Charts whose section is not in the document still appear, at the end.
    flow.chart_source.clear();
    for c in picker.rest() {
        flow.chart(c);
    }
    flow.notes();
    let toc_entries = std::mem::take(&mut flow.toc);
    let mut body_boxes = std::mem::take(&mut flow.boxes);

    // Title page and contents; a document whose body fits on two pages opens with its title
    // instead, on the first page of the text.
    let shown_title = display_title(doc);
    // Paginated twice only when it may be short: a long document's boxes are not copied.
    let rough: f32 = body_boxes.iter().map(|b| b.height + b.space_before).sum();
    let compact = doc.articles.is_empty()
        && rough <= 1.5 * COMPACT_PAGES as f32 * body
        && paginate(body_boxes.clone(), body).len() <= COMPACT_PAGES;
    let (body_pages, title_page, toc_pages) = if compact {
        // The title opens the text; where the text opens with a heading that is the title, the
        // dates and place follow that heading instead (inside its section).
        let opens_with_title = doc.blocks.iter().all(|b| matches!(b, Block::Paragraph { content, .. } if reportkit_model::inline_text(content).trim().is_empty()))
            && doc.sections.first().is_some_and(|s| same_title(&s.title_text(), &shown_title));
        match flow.first_heading_end.filter(|_| opens_with_title) {
            Some(at) => {
                let sect = match &body_boxes[0].tag {
                    Tag::In(h) => h.parent.clone(),
                    _ => None,
                };
                let mut front = title_boxes(&fonts, None, doc, width, 20.0, sect);
                front.iter_mut().for_each(|b| b.keep_with_prev = true);
                body_boxes.splice(at..at, front);
            }
            None => {
                // A title that is only the file's name ("news-wrap-up") is not printed over
                // the text; it stays the file's title in its metadata.
                let printed = (!titled_by_file_name(doc)).then_some(shown_title.as_str());
                let mut front = title_boxes(&fonts, printed, doc, width, 20.0, None);
                let mut gap = VBox::new(14.0);
                gap.keep_with_prev = true;
                front.push(gap);
                body_boxes.splice(0..0, front);
            }
        }
        (paginate(body_boxes, body), None, Vec::new())
    } else {
        let toc_boxes = toc(&fonts, &toc_entries, &shown_title, width, body);
        let toc_pages = if toc_boxes.is_empty() { Vec::new() } else { paginate(toc_boxes, body) };
        (paginate(body_boxes, body), Some(title_page(&fonts, &shown_title, doc, width, body)), toc_pages)
    };

    let first_body = usize::from(title_page.is_some()) + toc_pages.len();
    let mut anchors: Anchors = HashMap::new();
    for (i, p) in body_pages.iter().enumerate() {
        for pl in p {
            for a in &pl.vbox.anchors {
                anchors.entry(a.clone()).or_insert((first_body + i, pl.y));
            }
        }
    }
    let has_title_page = title_page.is_some();
    let mut pages: Vec<Page> = title_page.into_iter().collect();
    pages.extend(toc_pages);
    pages.extend(body_pages);
    let total = pages.len();
    let footer_title = short_title(&fonts, &shown_title, width * 0.7);
    for (i, p) in pages.iter_mut().enumerate() {
        for pl in p.iter_mut() {
            if let Kind::Toc(a) = &pl.vbox.kind {
                if let Some(&(page, _)) = anchors.get(a) {
                    number_toc_line(&fonts, &mut pl.vbox, page + 1, width);
                }
            }
        }
        // Every page but a title page carries the running footer.
        if i > 0 || !has_title_page {
            p.push(footer(&fonts, &footer_title, i + 1, total, width, body));
        }
    }
    let (standards, notes) = claims(doc, opts.standards, &fonts, &pages)?;
    let meta = Meta {
        standards,
        title: if doc.title.trim().is_empty() { String::new() } else { shown_title.clone() },
        language: opts.language.clone(),
        epoch: opts.source_date_epoch,
        id_seed: format!(
            "{}|{}|{}|{}|{}|{}|{}|{}",
            doc.source.sha256,
            doc.title,
            total,
            opts.language,
            opts.charts,
            opts.charts_data.len(),
            opts.hyphenate,
            standards
        ),
    };
    let bytes = backend::write(&fonts, &geo, pages, &anchors, &outline, &meta)?;
    Ok(Rendered { bytes, pages: total, standards, notes })
}

/// The claims the PDF makes: those asked for, less (by default) or refusing (when asked
/// explicitly) those the document cannot meet. Returns the claims and the notes on what was
/// left out.
fn claims(
    doc: &Document,
    asked: Standards,
    fonts: &Fonts,
    pages: &[Page],
) -> Result<(Standards, Vec<String>), PdfError> {
    let mut unmet: Vec<String> = Vec::new();
    if asked.ua1 {
        unmet.extend(standards::unmet_ua1(doc));
    }
    // PDF/UA-1 (7.21.8) and PDF/A-2 (6.2.11.8) forbid drawing the missing-glyph box (.notdef).
    if asked.any() {
        let mut missing: std::collections::BTreeMap<char, std::collections::BTreeSet<&str>> = Default::default();
        for page in pages {
            for placed in page {
                for p in &placed.vbox.prims {
                    if let Prim::Text { frag, .. } = p {
                        let m = fonts.metrics(frag.style.face);
                        for c in frag.text.chars().filter(|c| !c.is_control() && *c != ' ') {
                            if m.glyph(c).is_none() {
                                missing.entry(c).or_default().insert(frag.style.face.postscript_name());
                            }
                        }
                    }
                }
            }
        }
        if !missing.is_empty() {
            let list: Vec<String> = missing
                .iter()
                .take(8)
                .map(|(c, faces)| {
                    format!("{c:?} (U+{:04X}, in {})", *c as u32, faces.iter().copied().collect::<Vec<_>>().join(", "))
                })
                .collect();
            let more = if missing.len() > 8 { format!(" and {} more", missing.len() - 8) } else { String::new() };
            unmet.push(format!(
                    "{} character{} ha{} no glyph in the embedded DejaVu fonts and would be drawn as the missing-glyph box, which PDF/UA-1 and PDF/A-2 forbid: {}{more}; replace {} in the source",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" },
                    if missing.len() == 1 { "s" } else { "ve" },
                    list.join(", "),
                    if missing.len() == 1 { "it" } else { "them" },
            ));
        }
    }
    if unmet.is_empty() {
        return Ok((asked, Vec::new()));
    }
    let names = asked.names().join(" and ");
    if asked.required {
        let items: Vec<String> = unmet.into_iter().map(|m| format!("\n  - {m}")).collect();
        return Err(PdfError::Unmet(format!(
            "the document cannot meet {names} (--pdf-standard {asked}):{}\nFix the source, or ask for fewer standards (--pdf-standard none claims none).",
            items.concat()
        )));
    }
    let notes = unmet.into_iter().map(|m| format!("the PDF does not claim {names}: {m}")).collect();
    Ok((Standards { ua1: false, pdfa: None, ..asked }, notes))
}

/// Every block of a document in reading order: the blocks before the first heading, each
/// section's blocks before its subsections', then each article's (nested blocks after the block
/// holding them).
fn in_order<'a>(doc: &'a Document, f: &mut dyn FnMut(&'a Block)) {
    fn secs<'a>(ss: &'a [Section], f: &mut dyn FnMut(&'a Block)) {
        for s in ss {
            reportkit_model::walk_blocks(&s.blocks, f);
            secs(&s.children, f);
        }
    }
    reportkit_model::walk_blocks(&doc.blocks, f);
    secs(&doc.sections, f);
    for a in &doc.articles {
        reportkit_model::walk_blocks(&a.blocks, f);
        secs(&a.sections, f);
    }
}

/// Hands out each chart once, to the section it names.
struct ChartPicker<'c> {
    charts: Vec<&'c Chart>,
    placed: Vec<bool>,
}

impl<'c> ChartPicker<'c> {
    fn take(&mut self, id: &str) -> Vec<&'c Chart> {
        let mut v = Vec::new();
        for (k, c) in self.charts.iter().enumerate() {
            if c.section_id == id && !self.placed[k] {
                self.placed[k] = true;
                v.push(*c);
            }
        }
        v
    }

    fn rest(&self) -> Vec<&'c Chart> {
        self.charts.iter().zip(&self.placed).filter(|(_, p)| !**p).map(|(c, _)| *c).collect()
    }
}

/// Lay out a section tree, collecting its outline.
fn sections(
    flow: &mut Flow<'_>,
    secs: &[Section],
    depth: usize,
    outline: &mut Vec<OutlineNode>,
    picker: &mut ChartPicker<'_>,
) {
    for s in secs {
        flow.tags.open(Role::Sect);
        flow.heading(&s.title, depth, &s.id);
        let cs = picker.take(&s.id);
        flow.chart_source = s.title_text();
        flow.blocks(&s.blocks, &cs);
        let mut children = Vec::new();
        sections(flow, &s.children, depth + 1, &mut children, picker);
        flow.tags.close();
        let title = s.title_text();
        outline.push(OutlineNode {
            title: if title.trim().is_empty() { s.id.clone() } else { title },
            anchor: Arc::from(s.id.as_str()),
            children,
        });
    }
}

fn text_box(fonts: &Fonts, runs: &[Run], width: f32, align: Align, leading: f32) -> Vec<VBox> {
    break_lines(fonts, runs, width, align)
        .into_iter()
        .map(|line| {
            let size = line.frags.iter().map(|f| f.style.size).fold(0.0, f32::max);
            let h = (size * leading).max(line.ascent + line.descent);
            let mut b = VBox::new(h);
            let baseline = (h - (line.ascent + line.descent)) / 2.0 + line.ascent;
            for f in line.frags {
                b.prims.push(Prim::Text { x: 0.0, baseline, frag: f });
            }
            b
        })
        .collect()
}

/// Bodies of up to this many pages get no title page and no contents.
const COMPACT_PAGES: usize = 2;

/// The title the PDF shows: the document's own, or, for a feed whose only title is its file
/// name, one made from its articles: the name most of their headlines share ("IGF 2025 in the
/// news"), else how many there are.
fn display_title(doc: &Document) -> String {
    if !titled_by_file_name(doc) || doc.articles.is_empty() {
        return if doc.title.trim().is_empty() { doc.id.clone() } else { doc.title.clone() };
    }
    let n = doc.articles.len();
    match shared_name(doc.articles.iter().map(|a| a.headline.as_str())) {
        Some((name, count)) if count >= 2 && count * 4 >= n => format!("{name} in the news"),
        _ => format!("News: {n} articles"),
    }
}

/// Whether the document has no title but its file's name (or none at all).
fn titled_by_file_name(doc: &Document) -> bool {
    let stem = std::path::Path::new(&doc.source.path).file_stem().and_then(|s| s.to_str()).unwrap_or("");
    doc.title.trim().is_empty() || doc.title == doc.id || doc.title == stem
}

/// The run of one to three capitalised words or numbers (not a number alone) that most of
/// `headlines` contain, with how many contain it; the longer run wins a tie.
fn shared_name<'a>(headlines: impl Iterator<Item = &'a str>) -> Option<(String, usize)> {
    let mut counts: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for (k, h) in headlines.enumerate() {
        let words: Vec<&str> = h
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .collect();
        let named = |w: &str| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        for start in 0..words.len() {
            for len in 1..=3 {
                let Some(run) = words.get(start..start + len) else { break };
                if !run.iter().all(|w| named(w)) || run.iter().all(|w| w.chars().all(|c| c.is_ascii_digit())) {
                    break;
                }
                // A headline's first word alone is capitalised as a sentence, not as a name.
                if start == 0 && len == 1 && run[0].chars().skip(1).all(|c| c.is_lowercase()) {
                    continue;
                }
                let e = counts.entry(run.join(" ")).or_insert((0, usize::MAX));
                if e.1 != k {
                    *e = (e.0 + 1, k);
                }
            }
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| (a.1 .0, a.0.split(' ').count()).cmp(&(b.1 .0, b.0.split(' ').count())).then(b.0.cmp(&a.0)))
        .map(|(name, (count, _))| (name, count))
}

/// Whether two titles are the same words (case and spacing aside).
fn same_title(a: &str, b: &str) -> bool {
    let norm = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    norm(a) == norm(b)
}

/// The title (when given) and what the document says about itself (its dates, as a reader
/// writes them, and place; for a feed, how many articles), as boxes of a `Div` inside
/// `parent` (the document when `None`).
fn title_boxes(
    fonts: &Fonts,
    title: Option<&str>,
    doc: &Document,
    width: f32,
    size: f32,
    parent: Option<Arc<Elem>>,
) -> Vec<VBox> {
    let mut boxes = Vec::new();
    let front = Elem::new(Role::Div, parent);
    let p = Elem::new(Role::P, Some(front.clone()));
    let title_runs = title.map(|t| vec![Run::Text(t.to_string(), Style::new(Face::SansBold, size))]);
    for mut b in title_runs.map(|r| text_box(fonts, &r, width, Align::Left, 1.2)).unwrap_or_default() {
        b.tag = Tag::In(p.clone());
        b.keep_with_prev = !boxes.is_empty();
        boxes.push(b);
    }
    let mut sub = Style::new(Face::Sans, (size * 0.46).max(11.0));
    sub.color = [0.3, 0.3, 0.3];
    let mut lines = Vec::new();
    if let Some(d) = &doc.metadata.event_dates {
        lines.push(reportkit_text::dates::human_range(&d.start, &d.end).unwrap_or_else(|| {
            if d.start == d.end {
                d.start.clone()
            } else {
                format!("{} – {}", d.start, d.end)
            }
        }));
    }
    if let Some(p) = &doc.metadata.place {
        lines.push(p.clone());
    }
    if doc.articles.len() > 1 {
        lines.push(format!("{} articles", doc.articles.len()));
    }
    for (k, l) in lines.into_iter().enumerate() {
        let p = Elem::new(Role::P, Some(front.clone()));
        for (j, mut b) in text_box(fonts, &[Run::Text(l, sub.clone())], width, Align::Left, 1.5).into_iter().enumerate()
        {
            b.tag = Tag::In(p.clone());
            b.keep_with_prev = true;
            if k == 0 && j == 0 && title.is_some() {
                b.space_before = size * 0.7;
            }
            boxes.push(b);
        }
    }
    boxes
}

/// The title page: a short rule, the title large, then what the document says about itself.
fn title_page(fonts: &Fonts, title: &str, doc: &Document, width: f32, body: f32) -> Page {
    let mut page = Vec::new();
    let mut y = body * 0.28;
    let mut rule = VBox::new(4.0);
    rule.prims.push(Prim::Rect { x: 0.0, y: 0.0, w: width * 0.25, h: 4.0, fill: [0.22, 0.42, 0.66] });
    page.push(Placed { y: y - 24.0, vbox: rule });
    for b in title_boxes(fonts, Some(title), doc, width, 26.0, None) {
        y += b.space_before;
        let h = b.height;
        page.push(Placed { y, vbox: b });
        y += h;
    }
    page
}

/// Contents: one entry per heading, each a link to its page with its number after a dot
/// leader, to the deepest level (at most the third) that fits on two pages. Left out: an entry
/// that only repeats the document's title, one that repeats the entry just before it, and
/// headings that are a figure rather than a topic ("6,000+", "68%"), which stay in the body.
fn toc(fonts: &Fonts, entries: &[TocEntry], doc_title: &str, width: f32, body: f32) -> Vec<VBox> {
    let mut kept: Vec<&TocEntry> = Vec::new();
    for e in entries {
        let repeat = kept.last().is_some_and(|p| p.depth == e.depth && same_title(&p.title, &e.title));
        if e.title.trim().is_empty() || same_title(&e.title, doc_title) || repeat || is_statistic(&e.title) {
            continue;
        }
        kept.push(e);
    }
    if kept.is_empty() {
        return Vec::new();
    }
    let top = kept.iter().map(|e| e.depth).min().unwrap_or(0);
    let mut max_depth = top + 2;
    loop {
        let boxes = toc_boxes(fonts, &kept, top, max_depth, width);
        if max_depth == top || paginate(boxes.clone(), body).len() <= 2 {
            return boxes;
        }
        max_depth -= 1;
    }
}

/// Whether a heading states a figure rather than naming a topic: a number (with its `%`, `+`
/// or scale) and at most one word after it, as a statistics page writes "6,000+" or
/// "177 initiatives". A year ("2025 Programme") is a name, not a figure.
fn is_statistic(title: &str) -> bool {
    let words: Vec<&str> = title.split_whitespace().collect();
    let Some(first) = words.first() else { return false };
    let first = first.trim_matches(|c: char| matches!(c, '*' | '_' | '(' | ')'));
    let digits = first.trim_start_matches(['~', '>', '<', '+', '$', '€', '£']);
    if !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let number = digits.trim_end_matches(['%', '+', 'k', 'K', 'm', 'M', 'x', '×']);
    if !number.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '\u{a0}' | '\u{202f}')) {
        return false;
    }
    let year = number.len() == 4
        && number.chars().all(|c| c.is_ascii_digit())
        && (1900..2100).contains(&number.parse::<u32>().unwrap_or(0));
    !year && words.len() <= 2
}

/// The contents' boxes for the entries down to `max_depth`.
fn toc_boxes(fonts: &Fonts, entries: &[&TocEntry], top: usize, max_depth: usize, width: f32) -> Vec<VBox> {
    let mut boxes = Vec::new();
    let mut head =
        text_box(fonts, &[Run::Text("Contents".into(), Style::new(Face::SansBold, 17.0))], width, Align::Left, 1.6);
    if let Some(b) = head.last_mut() {
        b.height += 8.0;
    }
    let (p, contents) = (Elem::new(Role::P, None), Elem::new(Role::TOC, None));
    head.iter_mut().for_each(|b| b.tag = Tag::In(p.clone()));
    boxes.extend(head);
    let num_w = 32.0;
    for e in entries.iter().filter(|e| e.depth <= max_depth) {
        let level = e.depth - top;
        let indent = level as f32 * 14.0;
        let style = if level == 0 { Style::new(Face::SerifBold, 10.0) } else { Style::new(Face::Serif, 10.0) };
        let style = Style { link: Some(Target::Anchor(e.anchor.clone())), ..style };
        let mut lines =
            text_box(fonts, &[Run::Text(e.title.clone(), style)], width - indent - num_w, Align::Left, 1.35);
        let n = lines.len();
        let item = Elem::new(Role::TOCI, Some(contents.clone()));
        for (k, b) in lines.iter_mut().enumerate() {
            b.tag = Tag::In(item.clone());
            for p in &mut b.prims {
                if let Prim::Text { x, .. } = p {
                    *x = indent;
                }
            }
            b.prims.push(Prim::Link {
                x: indent,
                y: 0.0,
                w: width - indent,
                h: b.height,
                target: Target::Anchor(e.anchor.clone()),
            });
            if k == 0 && level == 0 {
                b.space_before = 6.0;
            }
            if k > 0 {
                b.keep_with_prev = true;
            }
            if k + 1 == n {
                b.kind = Kind::Toc(e.anchor.clone());
            }
        }
        boxes.extend(lines);
    }
    boxes
}

/// Put the page number at the right end of a contents line, after a dot leader from the end
/// of the entry's text. The dots sit at fixed steps from the left edge, so the leaders of all
/// entries line up; they are drawn as graphics (an artifact), not text.
fn number_toc_line(fonts: &Fonts, b: &mut VBox, page: usize, width: f32) {
    let mut baseline = None;
    let mut text_end = 0.0f32;
    for p in &b.prims {
        if let Prim::Text { x, baseline: bl, frag } = p {
            baseline.get_or_insert(*bl);
            let w = if frag.text().ends_with(' ') { frag.width - frag.style.size * 0.3 } else { frag.width };
            text_end = text_end.max(x + frag.x + w);
        }
    }
    let Some(baseline) = baseline else { return };
    let style = Style::new(Face::Serif, 10.0);
    let s = page.to_string();
    let w = fonts.width(Face::Serif, &s, 10.0);
    const STEP: f32 = 4.5;
    let (from, to) = (text_end + 4.0, width - w - 5.0);
    let mut k = (from / STEP).ceil();
    while k * STEP + 0.9 <= to {
        b.prims.push(Prim::Rect { x: k * STEP, y: baseline - 0.9, w: 0.9, h: 0.9, fill: [0.35, 0.35, 0.35] });
        k += 1.0;
    }
    let frag = crate::text::Frag::plain(0.0, w, style, s);
    b.prims.push(Prim::Text { x: width - w, baseline, frag });
}

/// The title cut at a word boundary to fit `max` points.
fn short_title(fonts: &Fonts, title: &str, max: f32) -> String {
    if fonts.width(Face::Sans, title, 8.0) <= max {
        return title.to_string();
    }
    let mut out = String::new();
    for w in title.split_whitespace() {
        let next = if out.is_empty() { w.to_string() } else { format!("{out} {w}") };
        if fonts.width(Face::Sans, &format!("{next} …"), 8.0) > max {
            break;
        }
        out = next;
    }
    format!("{out} …")
}

fn footer(fonts: &Fonts, title: &str, page: usize, total: usize, width: f32, body: f32) -> Placed {
    let mut style = Style::new(Face::Sans, 8.0);
    style.color = [0.4, 0.4, 0.4];
    let mut b = VBox::new(12.0);
    b.tag = Tag::Artifact;
    b.prims.push(Prim::Rule { x1: 0.0, y1: 0.0, x2: width, y2: 0.0, width: 0.4, color: [0.7, 0.7, 0.7] });
    let tw = fonts.width(Face::Sans, title, 8.0);
    b.prims.push(Prim::Text {
        x: 0.0,
        baseline: 12.0,
        frag: crate::text::Frag::plain(0.0, tw, style.clone(), title.to_string()),
    });
    let num = format!("{page} / {total}");
    let nw = fonts.width(Face::Sans, &num, 8.0);
    b.prims.push(Prim::Text { x: width - nw, baseline: 12.0, frag: crate::text::Frag::plain(0.0, nw, style, num) });
    Placed { y: body + 22.0, vbox: b }
}

/// Every character of the blocks, for glyph coverage checks.
pub fn document_chars(doc: &Document) -> std::collections::BTreeSet<char> {
    let mut set: std::collections::BTreeSet<char> = doc.title.chars().collect();
    let add_inl = |v: &[Inline], set: &mut std::collections::BTreeSet<char>| {
        set.extend(reportkit_model::inline_text(v).chars());
    };
    let mut all_blocks: Vec<&Block> = Vec::new();
    reportkit_model::walk_blocks(&doc.blocks, &mut |b| all_blocks.push(b));
    reportkit_model::walk_sections(&doc.sections, &mut |s, _| {
        reportkit_model::walk_blocks(&s.blocks, &mut |b| all_blocks.push(b));
    });
    for a in &doc.articles {
        set.extend(a.headline.chars());
        reportkit_model::walk_blocks(&a.blocks, &mut |b| all_blocks.push(b));
        reportkit_model::walk_sections(&a.sections, &mut |s, _| {
            reportkit_model::walk_blocks(&s.blocks, &mut |b| all_blocks.push(b));
        });
    }
    reportkit_model::walk_sections(&doc.sections, &mut |s, _| set.extend(s.title_text().chars()));
    for b in all_blocks {
        match b {
            Block::Paragraph { content, .. } => add_inl(content, &mut set),
            Block::Table { header, rows, .. } => {
                for r in std::iter::once(header).chain(rows) {
                    for c in &r.cells {
                        add_inl(c, &mut set);
                    }
                }
            }
            Block::Quote { attribution: Some(a), .. } => {
                add_inl(&a.name, &mut set);
                for r in &a.roles {
                    add_inl(r, &mut set);
                }
            }
            Block::Code { text, .. } => set.extend(text.chars()),
            Block::Html { html, .. } => set.extend(html.chars()),
            _ => {}
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(path: &str, text: &str) -> Document {
        reportkit_parse::parse(path, text.as_bytes(), None).unwrap().remove(0)
    }

    fn page_texts(r: &Rendered) -> Vec<String> {
        let pdf = lopdf::Document::load_mem(&r.bytes).unwrap();
        let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
        pages.iter().map(|p| pdf.extract_text(&[*p]).unwrap_or_default()).collect()
    }

    fn opts() -> PdfOptions {
        PdfOptions { source_date_epoch: Some(1_751_241_600), ..PdfOptions::default() }
    }

    #[test]
    fn figures_as_headings_stay_out_of_the_contents() {
        for t in ["6,000+", "68%", "177 initiatives", "**22,000+**", "1.2M", "~40 countries"] {
            assert!(is_statistic(t), "{t}");
        }
        for t in [
            "2025 Programme",
            "10 Key Messages from the week",
            "Sessions",
            "Annex A: 2025 statistics",
            "3D printing in schools",
        ] {
            assert!(!is_statistic(t), "{t}");
        }
    }

    #[test]
    fn a_short_document_opens_with_its_title_and_a_long_one_gets_a_title_page_and_contents() {
        let short = doc("note.md", "# Harbour note\n\nThe keeper counted seven boats.\n\n## Tides\n\nHigh at noon.\n");
        let r = render(&short, &opts()).unwrap();
        assert_eq!(r.pages, 1, "a page of text is one page");
        let text = page_texts(&r).concat();
        // The title once (the opening heading), no contents.
        assert_eq!(text.matches("Harbour note").count(), 2, "heading and running footer: {text}");
        assert!(!text.contains("Contents"));

        let log: String = (1..=150)
            .map(|d| format!("Day {d}: calm water and a steady wind from the west all day long.\n\n"))
            .collect();
        let long =
            doc("log.md", &format!("# Harbour log\n\n## 6,000+\n\nvisitors.\n\n## Days\n\n{log}## Days\n\nMore.\n"));
        let r = render(&long, &opts()).unwrap();
        let pages = page_texts(&r);
        assert!(r.pages >= 4, "{} pages", r.pages);
        assert!(!pages[0].contains("Contents") && pages[1].contains("Contents"), "a title page, then the contents");
        let contents = &pages[1];
        // Not the title again, not the figure heading, not the same entry twice in a row.
        assert_eq!(contents.matches("Harbour log").count(), 1, "the running footer only: {contents}");
        assert!(!contents.contains("6,000+"), "{contents}");
        assert_eq!(contents.matches("Days").count(), 1, "{contents}");
        // The figure heading is still in the body.
        assert!(pages[2..].concat().contains("6,000+"));
    }

    #[test]
    fn contents_entries_have_dot_leaders_to_their_page_numbers() {
        let fonts = Fonts::load().unwrap();
        let e = TocEntry { depth: 0, title: "Tides".into(), anchor: Arc::from("tides") };
        let mut boxes = toc(&fonts, std::slice::from_ref(&e), "Harbour", 400.0, 700.0);
        let line = boxes.last_mut().unwrap();
        number_toc_line(&fonts, line, 12, 400.0);
        let dots: Vec<f32> = line
            .prims
            .iter()
            .filter_map(|p| match p {
                Prim::Rect { x, w, .. } if *w < 1.0 => Some(*x),
                _ => None,
            })
            .collect();
        assert!(dots.len() > 50, "{} dots", dots.len());
        // On a fixed grid from the left edge, so the leaders of all entries line up.
        assert!(dots.iter().all(|x| (x / 4.5 - (x / 4.5).round()).abs() < 0.01));
        let title_end = fonts.width(Face::SerifBold, "Tides", 10.0);
        let number_at = 400.0 - fonts.width(Face::Serif, "12", 10.0);
        assert!(dots[0] > title_end && *dots.last().unwrap() < number_at);
    }

    #[test]
    fn a_feed_named_after_its_file_is_titled_from_its_headlines() {
        let headlines = [
            "Harbour Days open in Bergen",
            "Fishing quotas debated at Harbour Days",
            "Weather: storms ahead",
            "Harbour Days close with a concert",
        ];
        assert_eq!(shared_name(headlines.iter().copied()), Some(("Harbour Days".to_string(), 3)));
        // A feed whose reader found no title but its file name.
        let mut feed = doc("news-feed.txt", "Some words.\n");
        feed.title = "news-feed".into();
        feed.articles = headlines
            .iter()
            .enumerate()
            .map(|(k, h)| reportkit_model::Article {
                id: format!("a{k}"),
                headline: h.to_string(),
                span: reportkit_model::Span::line(k as u32 + 1),
                blocks: Vec::new(),
                sections: Vec::new(),
            })
            .collect();
        assert_eq!(display_title(&feed), "Harbour Days in the news");
        let r = render(&feed, &opts()).unwrap();
        assert!(page_texts(&r)[0].contains("Harbour Days in the news"), "the title page");
        feed.articles.truncate(3);
        feed.articles[2].headline = "Storms ahead".into();
        feed.articles[1].headline = "Quotas debated".into();
        assert_eq!(display_title(&feed), "News: 3 articles", "no name most headlines share");
        // A document with a title of its own keeps it.
        assert_eq!(display_title(&doc("x.md", "# Own title\n\ntext\n")), "Own title");
    }
}
