//! Writing placed pages: their content streams page by page ([`crate::content`]), the document
//! around them through printpdf, then finishing it with lopdf: the nested outline, the
//! language, viewer preferences and a trailer id derived from the content (so the same input
//! gives the same bytes).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{
    Actions, BorderArray, ColorArray, Destination, FontId, HighlightingMode, LinkAnnotation, Op, ParsedFont,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect, TextItem,
};

use crate::content::{self, Glyphs};
use crate::fonts::{subset, Face, Fonts};
use crate::page::{Page, Prim};
use crate::text::Target;
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

impl Geometry {
    /// PDF's y (up from the page's foot) of a y down from the top of the body area.
    pub fn pdf_y(&self, y: f32) -> f32 {
        self.page_h - self.top - y
    }
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

fn font_id(face: Face) -> FontId {
    FontId(content::font_name(face))
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
                    set.extend(frag.text.chars());
                }
            }
        }
    }
    let mut glyphs = Glyphs::new();
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
        // The glyph ids the content streams draw: those of the font embedded.
        glyphs.insert(*face, chars.iter().map(|&c| (c, parsed.lookup_glyph_index(c as u32).unwrap_or(0))).collect());
        doc.resources.fonts.map.insert(font_id(*face), printpdf::PdfFont::new(parsed));
    }

    // Every page's drawing, encoded and deflated page by page in parallel (each page's layout
    // is let go as soon as it is drawn), and its link annotations.
    let drawn: Vec<Result<(content::Stream, Vec<Op>), PdfError>> = {
        use rayon::prelude::*;
        pages
            .into_par_iter()
            .map(|page| {
                let stream = content::page(&page, geo, &glyphs, COMPRESSION_LEVEL)?;
                Ok((stream, links(&page, geo, anchors)))
            })
            .collect()
    };
    let mut streams = Vec::with_capacity(drawn.len());
    let mut out_pages = Vec::with_capacity(drawn.len());
    let (w, h) = (printpdf::Mm::from(Pt(geo.page_w)), printpdf::Mm::from(Pt(geo.page_h)));
    for d in drawn {
        let (stream, mut ops) = d?;
        if out_pages.is_empty() {
            // printpdf makes each font's widths and ToUnicode map from the glyphs its pages
            // show: the first page shows every glyph once. Its content is replaced below.
            let mut all = vec![Op::StartTextSection];
            for (face, chars) in &used {
                all.push(Op::SetFont { font: PdfFontHandle::External(font_id(*face)), size: Pt(1.0) });
                all.push(Op::ShowText { items: vec![TextItem::Text(chars.iter().collect())] });
            }
            all.push(Op::EndTextSection);
            all.append(&mut ops);
            ops = all;
        }
        streams.push(stream);
        out_pages.push(PdfPage::new(w, h, ops));
    }
    doc.with_pages(out_pages);
    let opts = PdfSaveOptions { optimize: false, subset_fonts: false, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    drop(doc);
    content::install(&mut lo, streams)?;
    finish(&mut lo, anchors, outline, meta, geo)?;
    compress(&mut lo);
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes).map_err(|e| PdfError::Internal(format!("writing the PDF: {e}")))?;
    Ok(bytes)
}

/// The link annotations of a page.
fn links(page: &Page, geo: &Geometry, anchors: &Anchors) -> Vec<Op> {
    let mut links = Vec::new();
    for placed in page {
        let top = placed.y;
        for p in &placed.vbox.prims {
            let Prim::Link { x, y, w, h, target } = p else { continue };
            let action = match target {
                Target::Uri(u) => Actions::uri(u.to_string()),
                Target::Anchor(a) => match anchors.get(a) {
                    Some(&(page, ay)) => Actions::go_to(Destination::Xyz {
                        page: page + 1,
                        left: Some(0.0),
                        top: Some(geo.pdf_y(ay) + 24.0),
                        zoom: None,
                    }),
                    None => continue,
                },
            };
            let rect = Rect::from_xywh(Pt(geo.left + x), Pt(geo.pdf_y(top + y + h)), Pt(*w), Pt(*h));
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
    links
}

/// Deflate every stream that has no filter yet, streams in parallel. Level 3 makes the report's
/// PDF 6% larger than lopdf's level 9 for a quarter of the instructions; each stream's
/// bytes depend only on its content, so the output stays deterministic.
fn compress(lo: &mut lopdf::Document) {
    use rayon::prelude::*;
    let streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    streams.into_par_iter().for_each(|s| {
        if let Some(packed) = content::deflate(&s.content, COMPRESSION_LEVEL) {
            s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            s.set_content(packed);
        }
    });
}

/// zlib level of the streams.
const COMPRESSION_LEVEL: u32 = 3;

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
