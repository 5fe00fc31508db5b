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
pub mod page;
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
const MARGIN_X: f32 = 72.0;
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
            flow.blocks(&a.blocks, &cs);
            let mut children = Vec::new();
            sections(&mut flow, &a.sections, 1, &mut children, &mut picker);
            flow.tags.close();
            outline.push(OutlineNode { title: a.headline.clone(), anchor: Arc::from(a.id.as_str()), children });
        }
    }
    // Charts whose section is not in the document still appear, at the end.
    for c in picker.rest() {
        flow.chart(c);
    }
    flow.notes();
    let toc_entries = std::mem::take(&mut flow.toc);
    let body_boxes = std::mem::take(&mut flow.boxes);

    // Title page and contents.
    let title_page = title_page(&fonts, doc, width, body);
    let toc_boxes = toc(&fonts, &toc_entries, width);
    let toc_pages = if toc_boxes.is_empty() { Vec::new() } else { paginate(toc_boxes, body) };
    let body_pages = paginate(body_boxes, body);

    let first_body = 1 + toc_pages.len();
    let mut anchors: Anchors = HashMap::new();
    for (i, p) in body_pages.iter().enumerate() {
        for pl in p {
            for a in &pl.vbox.anchors {
                anchors.entry(a.clone()).or_insert((first_body + i, pl.y));
            }
        }
    }
    let mut pages: Vec<Page> = vec![title_page];
    pages.extend(toc_pages);
    pages.extend(body_pages);
    let total = pages.len();
    let footer_title = short_title(&fonts, &doc.title, width * 0.7);
    for (i, p) in pages.iter_mut().enumerate() {
        for pl in p.iter_mut() {
            if let Kind::Toc(a) = &pl.vbox.kind {
                if let Some(&(page, _)) = anchors.get(a) {
                    number_toc_line(&fonts, &mut pl.vbox, page + 1, width);
                }
            }
        }
        if i > 0 {
            p.push(footer(&fonts, &footer_title, i + 1, total, width, body));
        }
    }
    let (standards, notes) = claims(doc, opts.standards, &fonts, &pages)?;
    let meta = Meta {
        standards,
        title: doc.title.clone(),
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

/// The title page: the title large, then what the document says about itself.
fn title_page(fonts: &Fonts, doc: &Document, width: f32, body: f32) -> Page {
    let mut page = Vec::new();
    let mut y = body * 0.28;
    let mut rule = VBox::new(4.0);
    rule.prims.push(Prim::Rect { x: 0.0, y: 0.0, w: width * 0.25, h: 4.0, fill: [0.22, 0.42, 0.66] });
    page.push(Placed { y: y - 24.0, vbox: rule });
    let title = if doc.title.trim().is_empty() { doc.id.clone() } else { doc.title.clone() };
    let p = Elem::new(Role::P, None);
    for mut b in text_box(fonts, &[Run::Text(title, Style::new(Face::SansBold, 26.0))], width, Align::Left, 1.2) {
        b.tag = Tag::In(p.clone());
        let h = b.height;
        page.push(Placed { y, vbox: b });
        y += h;
    }
    y += 18.0;
    let mut sub = Style::new(Face::Sans, 12.0);
    sub.color = [0.3, 0.3, 0.3];
    let mut lines = Vec::new();
    if let Some(d) = &doc.metadata.event_dates {
        lines.push(if d.start == d.end { d.start.clone() } else { format!("{} – {}", d.start, d.end) });
    }
    if let Some(p) = &doc.metadata.place {
        lines.push(p.clone());
    }
    for l in lines {
        let p = Elem::new(Role::P, None);
        for mut b in text_box(fonts, &[Run::Text(l, sub.clone())], width, Align::Left, 1.5) {
            b.tag = Tag::In(p.clone());
            let h = b.height;
            page.push(Placed { y, vbox: b });
            y += h;
        }
    }
    page
}

/// Contents: one entry per heading down to the third level, each a link to its page.
fn toc(fonts: &Fonts, entries: &[TocEntry], width: f32) -> Vec<VBox> {
    if entries.is_empty() {
        return Vec::new();
    }
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
    for e in entries.iter().filter(|e| e.depth <= 2) {
        let indent = e.depth as f32 * 14.0;
        let style = if e.depth == 0 { Style::new(Face::SerifBold, 10.0) } else { Style::new(Face::Serif, 10.0) };
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
            if k == 0 && e.depth == 0 {
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

/// Put the page number at the right end of a contents line.
fn number_toc_line(fonts: &Fonts, b: &mut VBox, page: usize, width: f32) {
    let baseline = b.prims.iter().find_map(|p| match p {
        Prim::Text { baseline, .. } => Some(*baseline),
        _ => None,
    });
    let Some(baseline) = baseline else { return };
    let style = Style::new(Face::Serif, 10.0);
    let s = page.to_string();
    let w = fonts.width(Face::Serif, &s, 10.0);
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
