//! Writing placed pages through printpdf, then finishing the document with lopdf: the nested
//! outline, the language, viewer preferences and a trailer id derived from the content (so
//! the same input gives the same bytes).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{
    Actions, BorderArray, Color, ColorArray, Destination, FontId, HighlightingMode, Line, LinePoint, LinkAnnotation,
    Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect,
    TextItem, TextMatrix,
};

use crate::fonts::{subset, Face, Fonts};
use crate::page::{Page, Prim};
use crate::text::{Rgb, Target};
use crate::PdfError;

/// Page size and margins in points.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    /// Page width.
    pub page_w: f32,
    /// Page height.
    pub page_h: f32,
    /// Left margin (origin of box x).
    pub left: f32,
    /// Top margin (origin of box y).
    pub top: f32,
}

/// A node of the PDF outline.
#[derive(Debug, Clone)]
pub struct OutlineNode {
    /// The title shown.
    pub title: String,
    /// The anchor it opens.
    pub anchor: Arc<str>,
    /// Sub-entries.
    pub children: Vec<OutlineNode>,
}

/// Document information.
#[derive(Debug, Clone)]
pub struct Meta {
    /// Title.
    pub title: String,
    /// BCP 47 language tag.
    pub language: String,
    /// Seconds since the epoch for the dates.
    pub epoch: i64,
    /// Seed of the trailer id (a digest of the source and options).
    pub id_seed: String,
}

/// Anchor → (0-based page index, y from the page top in points).
pub type Anchors = HashMap<Arc<str>, (usize, f32)>;

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb { r: c[0], g: c[1], b: c[2], icc_profile: None })
}

fn font_id(face: Face) -> FontId {
    FontId(format!("F{}", face.index()))
}

/// Serialize pages.
pub fn write(
    fonts: &Fonts,
    geo: &Geometry,
    pages: Vec<Page>,
    anchors: &Anchors,
    outline: &[OutlineNode],
    meta: &Meta,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = PdfDocument::new(&meta.title);
    let date = printpdf::OffsetDateTime::from_unix_timestamp(meta.epoch)
        .map_err(|e| PdfError::Internal(format!("date {}: {e}", meta.epoch)))?;
    let info = &mut doc.metadata.info;
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    info.creator = "reportkit".to_string();
    info.producer = format!("reportkit-pdf {} (printpdf)", env!("CARGO_PKG_VERSION"));

    // Embed only the glyphs each face draws.
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for page in &pages {
        for placed in page {
            for p in &placed.vbox.prims {
                if let Prim::Text { frag, .. } = p {
                    let set = used.entry(frag.style.face).or_default();
                    for part in &frag.parts {
                        set.extend(part.text.chars());
                    }
                }
            }
        }
    }
    for (face, chars) in &used {
        let m = fonts.metrics(*face);
        let mut parsed = match subset(*face, m, chars).and_then(|b| ParsedFont::from_bytes(&b, 0, &mut Vec::new())) {
            Some(mut p) => {
                // The subset tag: six capitals derived from the glyph set (ISO 32000-1 9.6.4).
                let text: String = chars.iter().collect();
                let mut h = fnv(0xcbf2_9ce4_8422_2325, &text);
                let tag: String = (0..6)
                    .map(|_| {
                        let c = char::from(b'A' + (h % 26) as u8);
                        h /= 26;
                        c
                    })
                    .collect();
                p.font_name = Some(format!("{tag}+{}", face.postscript_name()));
                p
            }
            None => fonts.parsed(*face).clone(),
        };
        if parsed.font_name.is_none() {
            parsed.font_name = Some(face.postscript_name().to_string());
        }
        doc.resources.fonts.map.insert(font_id(*face), printpdf::PdfFont::new(parsed));
    }

    let to_pdf_y = |y: f32| geo.page_h - geo.top - y;
    let mut out_pages = Vec::with_capacity(pages.len());
    // Pages are consumed as they are converted: a long document is never held twice.
    for page in pages {
        let mut gfx: Vec<Op> = Vec::new();
        let mut txt: Vec<Op> = vec![Op::StartTextSection];
        let mut links: Vec<Op> = Vec::new();
        let mut cur_font: Option<(Face, f32)> = None;
        let mut cur_fill: Option<Rgb> = None;
        let mut cur_gfx_fill: Option<Rgb> = None;
        let mut cur_stroke: Option<(Rgb, f32)> = None;
        for placed in &page {
            let top = placed.y;
            for p in &placed.vbox.prims {
                match p {
                    Prim::Text { x, baseline, frag } => {
                        if cur_font != Some((frag.style.face, frag.style.size)) {
                            txt.push(Op::SetFont {
                                font: PdfFontHandle::External(font_id(frag.style.face)),
                                size: Pt(frag.style.size),
                            });
                            cur_font = Some((frag.style.face, frag.style.size));
                        }
                        if cur_fill != Some(frag.style.color) {
                            txt.push(Op::SetFillColor { col: color(frag.style.color) });
                            cur_fill = Some(frag.style.color);
                        }
                        let px = geo.left + x + frag.x;
                        let py = to_pdf_y(top + baseline) + frag.style.rise;
                        txt.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(px), Pt(py)) });
                        let mut items = Vec::with_capacity(frag.parts.len() * 2);
                        for part in &frag.parts {
                            items.push(TextItem::Text(part.text.clone()));
                            if part.extra > 0.0 {
                                items.push(TextItem::Offset(-part.extra * 1000.0 / frag.style.size));
                            }
                        }
                        if let Some(actual) = &frag.actual {
                            txt.push(Op::BeginMarkedContentWithProperties {
                                tag: "Span".into(),
                                properties: actual_text(actual),
                            });
                            txt.push(Op::ShowText { items });
                            txt.push(Op::EndMarkedContent);
                        } else {
                            txt.push(Op::ShowText { items });
                        }
                    }
                    Prim::Rect { x, y, w, h, fill } => {
                        if cur_gfx_fill != Some(*fill) {
                            gfx.push(Op::SetFillColor { col: color(*fill) });
                            cur_gfx_fill = Some(*fill);
                        }
                        let x0 = geo.left + x;
                        let y1 = to_pdf_y(top + y);
                        let y0 = to_pdf_y(top + y + h);
                        gfx.push(Op::DrawPolygon {
                            polygon: Polygon {
                                rings: vec![PolygonRing {
                                    points: vec![pt(x0, y0), pt(x0 + w, y0), pt(x0 + w, y1), pt(x0, y1)],
                                }],
                                mode: printpdf::PaintMode::Fill,
                                winding_order: printpdf::WindingOrder::NonZero,
                            },
                        });
                    }
                    Prim::Rule { x1, y1, x2, y2, width, color: c } => {
                        if cur_stroke != Some((*c, *width)) {
                            gfx.push(Op::SetOutlineColor { col: color(*c) });
                            gfx.push(Op::SetOutlineThickness { pt: Pt(*width) });
                            cur_stroke = Some((*c, *width));
                        }
                        gfx.push(Op::DrawLine {
                            line: Line {
                                points: vec![
                                    pt(geo.left + x1, to_pdf_y(top + y1)),
                                    pt(geo.left + x2, to_pdf_y(top + y2)),
                                ],
                                is_closed: false,
                            },
                        });
                    }
                    Prim::Link { x, y, w, h, target } => {
                        let action = match target {
                            Target::Uri(u) => Actions::uri(u.to_string()),
                            Target::Anchor(a) => match anchors.get(a) {
                                Some(&(page, ay)) => Actions::go_to(Destination::Xyz {
                                    page: page + 1,
                                    left: Some(0.0),
                                    top: Some(to_pdf_y(ay) + 24.0),
                                    zoom: None,
                                }),
                                None => continue,
                            },
                        };
                        let rect = Rect::from_xywh(Pt(geo.left + x), Pt(to_pdf_y(top + y + h)), Pt(*w), Pt(*h));
                        links.push(Op::LinkAnnotation {
                            link: LinkAnnotation::new(
                                rect,
                                action,
                                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                                Some(ColorArray::Transparent),
                                Some(HighlightingMode::Invert),
                            ),
                        });
                    }
                }
            }
        }
        txt.push(Op::EndTextSection);
        let mut ops = gfx;
        ops.extend(txt);
        ops.extend(links);
        out_pages.push(PdfPage::new(printpdf::Mm::from(Pt(geo.page_w)), printpdf::Mm::from(Pt(geo.page_h)), ops));
    }
    doc.with_pages(out_pages);
    let opts = PdfSaveOptions { optimize: false, subset_fonts: false, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    drop(doc);
    finish(&mut lo, anchors, outline, meta, geo)?;
    compress(&mut lo);
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes).map_err(|e| PdfError::Internal(format!("writing the PDF: {e}")))?;
    Ok(bytes)
}

/// The property list `<< /ActualText (…) >>` of a marked-content span, the text in UTF-16BE
/// with its byte-order mark (ISO 32000-1 14.9.4).
fn actual_text(text: &str) -> printpdf::DictItem {
    let mut data = vec![0xFE, 0xFF];
    data.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let mut map = BTreeMap::new();
    map.insert("ActualText".to_string(), printpdf::DictItem::String { data, literal: false });
    printpdf::DictItem::Dict { map }
}

/// Deflate every stream that has no filter yet, streams in parallel. Level 3 makes the report's
/// PDF 6% larger than lopdf's level 9 for a quarter of the instructions; each stream's
/// bytes depend only on its content, so the output stays deterministic.
fn compress(lo: &mut lopdf::Document) {
    use flate2::{write::ZlibEncoder, Compression};
    use rayon::prelude::*;
    use std::io::Write;
    let streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    streams.into_par_iter().for_each(|s| {
        let mut z = ZlibEncoder::new(Vec::with_capacity(s.content.len() / 3), Compression::new(COMPRESSION_LEVEL));
        if z.write_all(&s.content).is_err() {
            return;
        }
        if let Ok(packed) = z.finish() {
            if packed.len() + 19 < s.content.len() {
                s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                s.set_content(packed);
            }
        }
    });
}

/// zlib level of the streams.
const COMPRESSION_LEVEL: u32 = 3;

fn pt(x: f32, y: f32) -> LinePoint {
    LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false }
}

/// A PDF text string: PDFDocEncoding-safe ASCII as is, anything else UTF-16BE with a BOM.
fn text_string(s: &str) -> Object {
    if s.chars().all(|c| c.is_ascii() && !c.is_ascii_control()) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut b = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            b.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(b, StringFormat::Hexadecimal)
    }
}

/// FNV-1a, 64 bits: enough to make a stable, content-derived file id.
fn fnv(seed: u64, s: &str) -> u64 {
    let mut h = seed;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

fn finish(
    lo: &mut lopdf::Document,
    anchors: &Anchors,
    outline: &[OutlineNode],
    meta: &Meta,
    geo: &Geometry,
) -> Result<(), PdfError> {
    let err = |e: lopdf::Error| PdfError::Internal(format!("finishing the PDF: {e}"));
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();

    // The outline, nested like the section tree.
    if !outline.is_empty() {
        let root = lo.new_object_id();
        let (first, last, count) = outline_level(lo, root, outline, anchors, &page_ids, geo, 0);
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Outlines".to_vec()));
        if let (Some(f), Some(l)) = (first, last) {
            d.set("First", Object::Reference(f));
            d.set("Last", Object::Reference(l));
        }
        d.set("Count", Object::Integer(count));
        lo.objects.insert(root, Object::Dictionary(d));
        let cat = lo.catalog_mut().map_err(err)?;
        cat.set("Outlines", Object::Reference(root));
        cat.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    let cat = lo.catalog_mut().map_err(err)?;
    cat.set("Lang", text_string(&meta.language));
    let mut vp = Dictionary::new();
    vp.set("DisplayDocTitle", Object::Boolean(true));
    cat.set("ViewerPreferences", Object::Dictionary(vp));

    let a = fnv(0xcbf2_9ce4_8422_2325, &meta.id_seed);
    let b = fnv(a ^ 0x9e37_79b9_7f4a_7c15, &meta.id_seed);
    let id = format!("{a:016x}{b:016x}").into_bytes();
    lo.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    Ok(())
}

/// Write one level of outline items under `parent`; returns (first, last, visible count).
#[allow(clippy::too_many_arguments)]
fn outline_level(
    lo: &mut lopdf::Document,
    parent: lopdf::ObjectId,
    nodes: &[OutlineNode],
    anchors: &Anchors,
    page_ids: &[lopdf::ObjectId],
    geo: &Geometry,
    depth: usize,
) -> (Option<lopdf::ObjectId>, Option<lopdf::ObjectId>, i64) {
    let ids: Vec<lopdf::ObjectId> = nodes.iter().map(|_| lo.new_object_id()).collect();
    let mut count = 0;
    for (i, node) in nodes.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", text_string(&node.title));
        d.set("Parent", Object::Reference(parent));
        if i > 0 {
            d.set("Prev", Object::Reference(ids[i - 1]));
        }
        if i + 1 < ids.len() {
            d.set("Next", Object::Reference(ids[i + 1]));
        }
        if let Some(&(page, y)) = anchors.get(&node.anchor) {
            if let Some(&pid) = page_ids.get(page) {
                d.set(
                    "Dest",
                    Object::Array(vec![
                        Object::Reference(pid),
                        Object::Name(b"XYZ".to_vec()),
                        Object::Integer(0),
                        Object::Real(geo.page_h - geo.top - y + 24.0),
                        Object::Null,
                    ]),
                );
            }
        }
        if !node.children.is_empty() {
            let (f, l, c) = outline_level(lo, ids[i], &node.children, anchors, page_ids, geo, depth + 1);
            if let (Some(f), Some(l)) = (f, l) {
                d.set("First", Object::Reference(f));
                d.set("Last", Object::Reference(l));
                // The top level is open; deeper levels are closed (negative count) until the
                // reader opens them.
                if depth == 0 {
                    d.set("Count", Object::Integer(c));
                    count += c;
                } else {
                    d.set("Count", Object::Integer(-(node.children.len() as i64)));
                }
            }
        }
        count += 1;
        lo.objects.insert(ids[i], Object::Dictionary(d));
    }
    (ids.first().copied(), ids.last().copied(), count)
}
