//! Page content streams, made one page at a time and deflated at once.
//!
//! printpdf turns a whole document into lopdf objects in one go: every page's operations and
//! then every page's uncompressed stream are alive together, several times the size of the
//! finished file (a 10 MB paragraph peaked at 350 MB). So the pages' drawing is encoded here,
//! page by page and in parallel, with lopdf's content encoder, and each stream is deflated as
//! soon as it is made; printpdf still writes the document around them (fonts with their
//! widths and ToUnicode maps, annotations, metadata), and [`install`] puts the streams in.
//!
//! The operators are the ones printpdf writes for the same drawing: `rg`/`RG`/`w` for
//! colours and strokes, `re f` for filled boxes, `m l S` for rules, and inside `BT … ET`
//! `Tf`, `Tm` and `TJ` with the faces' glyph ids as two-byte codes (Identity-H), words broken
//! over lines inside `/Span << /ActualText … >> BDC … EMC`. Greys, black among them, are
//! written in DeviceGray (`g`/`G`).
//!
//! Tagged content: the graphics (rules, bars, backgrounds) are one `/Artifact BMC … EMC`
//! sequence; in the text object each run of text of one structure element is a
//! `/<Type> << /MCID n >> BDC … EMC` sequence ([`crate::tags`]), and footer and repeated
//! header text is `/Artifact << /Type /Pagination >> BDC … EMC`.

use std::collections::{BTreeMap, HashMap};

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use crate::backend::Geometry;
use crate::fonts::{Face, Fonts};
use crate::page::{Page, Prim};
use crate::tags::Mark;
use crate::text::{Frag, Rgb};
use crate::PdfError;

/// Each face's glyph id for every character it draws.
pub type Glyphs = BTreeMap<Face, HashMap<char, u16>>;

/// The resource name of a face's font (the same as the font map's keys).
pub fn font_name(face: Face) -> String {
    format!("F{}", face.index())
}

/// Set the fill (`stroke` false) or stroke colour: `g`/`G` for a grey, `rg`/`RG` otherwise.
fn color(c: Rgb, stroke: bool) -> Operation {
    if c[0] == c[1] && c[1] == c[2] {
        op(if stroke { "G" } else { "g" }, vec![Object::Real(c[0])])
    } else {
        op(if stroke { "RG" } else { "rg" }, c.iter().map(|&v| Object::Real(v)).collect())
    }
}

/// Open the marked-content sequence of a text mark.
fn open_mark(m: Mark) -> Option<Operation> {
    match m {
        Mark::None => None,
        Mark::Artifact => {
            let mut d = Dictionary::new();
            d.set("Type", Object::Name(b"Pagination".to_vec()));
            Some(op("BDC", vec![Object::Name(b"Artifact".to_vec()), Object::Dictionary(d)]))
        }
        Mark::Mcid(id, role) => {
            let mut d = Dictionary::new();
            d.set("MCID", Object::Integer(id as i64));
            Some(op("BDC", vec![Object::Name(role.as_bytes().to_vec()), Object::Dictionary(d)]))
        }
    }
}

fn op(name: &str, operands: Vec<Object>) -> Operation {
    Operation::new(name, operands)
}

/// The `/ActualText` property list, the text in UTF-16BE with its byte-order mark
/// (ISO 32000-1 14.9.4).
fn actual_text(text: &str) -> Object {
    let mut data = vec![0xFE, 0xFF];
    data.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let mut d = Dictionary::new();
    d.set("ActualText", Object::String(data, StringFormat::Hexadecimal));
    Object::Dictionary(d)
}

/// Show a fragment: one string of two-byte glyph codes, or a `TJ` array whose numbers kern
/// the pairs the face kerns (in thousandths of the size, as [`crate::fonts::FaceMetrics::width`]
/// measured them) and, with justification, widen every space by the fragment's spacing.
fn show(fonts: &Fonts, glyphs: &Glyphs, frag: &Frag) -> Operation {
    let face = frag.style.face;
    let metrics = fonts.metrics(face);
    let map = glyphs.get(&face);
    let widen = (frag.spacing != 0.0).then(|| Object::Real(-frag.spacing * 1000.0 / frag.style.size));
    let mut items: Vec<Object> = Vec::new();
    let mut codes: Vec<u8> = Vec::with_capacity(frag.text.len() * 2);
    let flush = |codes: &mut Vec<u8>, items: &mut Vec<Object>| {
        if !codes.is_empty() {
            items.push(Object::String(std::mem::take(codes), StringFormat::Hexadecimal));
        }
    };
    let mut prev: Option<char> = None;
    for c in frag.text.chars() {
        if let Some(p) = prev {
            let k = metrics.kern(p, c);
            if k != 0 {
                flush(&mut codes, &mut items);
                items.push(Object::Integer(-i64::from(k)));
            }
        }
        codes.extend(map.and_then(|m| m.get(&c)).copied().unwrap_or(0).to_be_bytes());
        if let (' ', Some(w)) = (c, &widen) {
            flush(&mut codes, &mut items);
            items.push(w.clone());
        }
        prev = Some(c);
    }
    flush(&mut codes, &mut items);
    match items.as_slice() {
        [Object::String(..)] => op("Tj", items),
        [] => op("Tj", vec![Object::String(Vec::new(), StringFormat::Hexadecimal)]),
        _ => op("TJ", vec![Object::Array(items)]),
    }
}

/// The operations drawing one page: graphics first, then the text in one text object; `marks`
/// holds the mark of every primitive of the page in order.
fn operations(page: &Page, geo: &Geometry, fonts: &Fonts, glyphs: &Glyphs, marks: &[Mark]) -> Vec<Operation> {
    let mut gfx = vec![op("BMC", vec![Object::Name(b"Artifact".to_vec())])];
    let mut txt = vec![op("BT", vec![])];
    let mut marks = marks.iter().copied();
    let mut open = Mark::None;
    let mut cur_font: Option<(Face, f32)> = None;
    let mut cur_fill: Option<Rgb> = None;
    let mut cur_gfx_fill: Option<Rgb> = None;
    let mut cur_stroke: Option<(Rgb, f32)> = None;
    for placed in page {
        let top = placed.y;
        for p in &placed.vbox.prims {
            let mark = marks.next().unwrap_or(Mark::None);
            match p {
                Prim::Text { x, baseline, frag } => {
                    if mark != open {
                        if open != Mark::None {
                            txt.push(op("EMC", vec![]));
                        }
                        txt.extend(open_mark(mark));
                        open = mark;
                    }
                    if cur_font != Some((frag.style.face, frag.style.size)) {
                        let name = Object::Name(font_name(frag.style.face).into_bytes());
                        txt.push(op("Tf", vec![name, Object::Real(frag.style.size)]));
                        cur_font = Some((frag.style.face, frag.style.size));
                    }
                    if cur_fill != Some(frag.style.color) {
                        txt.push(color(frag.style.color, false));
                        cur_fill = Some(frag.style.color);
                    }
                    let px = geo.left + x + frag.x;
                    let py = geo.pdf_y(top + baseline) + frag.style.rise;
                    let m = [1.0, 0.0, 0.0, 1.0, px, py];
                    txt.push(op("Tm", m.iter().map(|&v| Object::Real(v)).collect()));
                    match &frag.actual {
                        Some(a) => {
                            txt.push(op("BDC", vec![Object::Name(b"Span".to_vec()), actual_text(a)]));
                            txt.push(show(fonts, glyphs, frag));
                            txt.push(op("EMC", vec![]));
                        }
                        None => txt.push(show(fonts, glyphs, frag)),
                    }
                }
                Prim::Rect { x, y, w, h, fill } => {
                    if cur_gfx_fill != Some(*fill) {
                        gfx.push(color(*fill, false));
                        cur_gfx_fill = Some(*fill);
                    }
                    let (x0, y0) = (geo.left + x, geo.pdf_y(top + y + h));
                    gfx.push(op("re", [x0, y0, *w, *h].iter().map(|&v| Object::Real(v)).collect()));
                    gfx.push(op("f", vec![]));
                }
                Prim::Rule { x1, y1, x2, y2, width, color } => {
                    if cur_stroke != Some((*color, *width)) {
                        gfx.push(self::color(*color, true));
                        gfx.push(op("w", vec![Object::Real(*width)]));
                        cur_stroke = Some((*color, *width));
                    }
                    let (ax, ay) = (geo.left + x1, geo.pdf_y(top + y1));
                    let (bx, by) = (geo.left + x2, geo.pdf_y(top + y2));
                    gfx.push(op("m", vec![Object::Real(ax), Object::Real(ay)]));
                    gfx.push(op("l", vec![Object::Real(bx), Object::Real(by)]));
                    gfx.push(op("S", vec![]));
                }
                Prim::Link { .. } | Prim::Tag(_) => {}
            }
        }
    }
    if open != Mark::None {
        txt.push(op("EMC", vec![]));
    }
    txt.push(op("ET", vec![]));
    if gfx.len() > 1 {
        gfx.push(op("EMC", vec![]));
    } else {
        gfx.clear();
    }
    gfx.extend(txt);
    gfx
}

/// Deflate `bytes` at `level`; `None` when that would not make them smaller.
pub fn deflate(bytes: &[u8], level: u32) -> Option<Vec<u8>> {
    use flate2::{write::ZlibEncoder, Compression};
    use std::io::Write;
    let mut z = ZlibEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::new(level));
    z.write_all(bytes).ok()?;
    let packed = z.finish().ok()?;
    (packed.len() + 19 < bytes.len()).then_some(packed)
}

/// A page's content stream: its bytes and whether they are deflated.
pub struct Stream {
    bytes: Vec<u8>,
    deflated: bool,
}

/// Encode and deflate one page's content.
pub fn page(
    page: &Page,
    geo: &Geometry,
    fonts: &Fonts,
    glyphs: &Glyphs,
    marks: &[Mark],
    level: u32,
) -> Result<Stream, PdfError> {
    let raw = Content { operations: operations(page, geo, fonts, glyphs, marks) }
        .encode()
        .map_err(|e| PdfError::Internal(format!("encoding a page: {e}")))?;
    Ok(match deflate(&raw, level) {
        Some(bytes) => Stream { bytes, deflated: true },
        None => Stream { bytes: raw, deflated: false },
    })
}

/// Replace the content stream of every page of `lo`, in page order, with `streams`.
pub fn install(lo: &mut lopdf::Document, streams: Vec<Stream>) -> Result<(), PdfError> {
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
    if pages.len() != streams.len() {
        return Err(PdfError::Internal(format!("{} pages but {} content streams", pages.len(), streams.len())));
    }
    for (id, s) in pages.into_iter().zip(streams) {
        let contents = lo
            .get_dictionary(id)
            .and_then(|d| d.get(b"Contents"))
            .and_then(Object::as_reference)
            .map_err(|e| PdfError::Internal(format!("page {id:?} has no content stream: {e}")))?;
        let mut dict = Dictionary::new();
        if s.deflated {
            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        }
        let stream = lopdf::Stream::new(dict, s.bytes).with_compression(false);
        lo.objects.insert(contents, Object::Stream(stream));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Style;

    fn frag(text: &str, spacing: f32) -> Frag {
        Frag { spacing, ..Frag::plain(0.0, 10.0, Style::new(Face::Serif, 10.0), text.to_string()) }
    }

    fn fonts() -> &'static Fonts {
        static F: std::sync::OnceLock<Fonts> = std::sync::OnceLock::new();
        F.get_or_init(|| Fonts::load().unwrap())
    }

    #[test]
    fn justified_fragments_widen_every_space_and_plain_ones_show_one_string() {
        let glyphs: Glyphs = [(Face::Serif, [('a', 1u16), (' ', 2), ('b', 3)].into_iter().collect())].into();
        // DejaVu Serif does not kern "a" or "b" against anything here.
        assert_eq!(fonts().metrics(Face::Serif).kern('a', 'b'), 0);
        let op = show(fonts(), &glyphs, &frag("a b a", 2.0));
        assert_eq!(op.operator, "TJ");
        let Object::Array(items) = &op.operands[0] else { panic!("{op:?}") };
        // "a " kern "b " kern "a": the kern is -spacing in thousandths of the size.
        assert_eq!(items.len(), 5);
        assert_eq!(items[0], Object::String(vec![0, 1, 0, 2], StringFormat::Hexadecimal));
        assert_eq!(items[1], Object::Real(-200.0));
        assert_eq!(items[4], Object::String(vec![0, 1], StringFormat::Hexadecimal));
        let op = show(fonts(), &glyphs, &frag("a b", 0.0));
        assert_eq!(op.operator, "Tj");
        assert_eq!(op.operands, vec![Object::String(vec![0, 1, 0, 2, 0, 3], StringFormat::Hexadecimal)]);
    }

    #[test]
    fn kerned_pairs_are_adjusted_inside_the_word_next_to_the_spacing() {
        let text = "AVA To";
        let glyphs: Glyphs = [(Face::Serif, [('A', 1u16), ('V', 2), (' ', 4), ('T', 5), ('o', 6)].into())].into();
        let m = fonts().metrics(Face::Serif);
        let (av, to) = (m.kern('A', 'V'), m.kern('T', 'o'));
        assert!(av < 0 && to < 0 && m.kern('V', 'A') < 0, "AV {av}, To {to}");
        let op = show(fonts(), &glyphs, &frag(text, 1.5));
        assert_eq!(op.operator, "TJ");
        let Object::Array(items) = &op.operands[0] else { panic!("{op:?}") };
        // A V A and T o are drawn with the kerning between them (a positive number moves the
        // next glyph left), the space with the justification after it.
        let s = |codes: &[u16]| {
            Object::String(codes.iter().flat_map(|c| c.to_be_bytes()).collect(), StringFormat::Hexadecimal)
        };
        let want = vec![
            s(&[1]),
            Object::Integer(-i64::from(av)),
            s(&[2]),
            Object::Integer(-i64::from(m.kern('V', 'A'))),
            s(&[1, 4]),
            Object::Real(-150.0),
            s(&[5]),
            Object::Integer(-i64::from(to)),
            s(&[6]),
        ];
        assert_eq!(items, &want);
        // Without justification the kerning is still drawn.
        assert_eq!(show(fonts(), &glyphs, &frag("AV", 0.0)).operator, "TJ");
    }

    #[test]
    fn streams_are_deflated_only_when_that_makes_them_smaller() {
        let long = b"BT /F0 10 Tf ET ".repeat(100);
        let packed = deflate(&long, 3).expect("repetitive content shrinks");
        assert!(packed.len() < long.len() / 10);
        assert_eq!(deflate(b"BT ET", 3), None);
    }
}
