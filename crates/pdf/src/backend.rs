//! Writing placed pages: their content streams page by page ([`crate::content`]), the document
//! around them through printpdf, then finishing it with lopdf: the structure tree of the
//! tagged PDF ([`crate::tags`]) with its parent tree, the link annotations (indirect objects
//! with a description, tied to their `Link` elements), the nested outline, the language,
//! viewer preferences, XMP metadata matching the information dictionary, and a trailer id
//! derived from the content (so the same input gives the same bytes).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{FontId, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem};

use crate::content::{self, Glyphs};
use crate::fonts::{subset, Face, Fonts};
use crate::page::{Page, Prim};
use crate::tags::{self, Kid, Role, Tree};
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
    /// The standards the file claims (already known to be met).
    pub standards: crate::Standards,
    /// Title.
    pub title: String,
    /// BCP 47 language tag.
    pub language: String,
    /// Seconds since the epoch for the dates; `None`: now.
    pub epoch: Option<i64>,
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
    let epoch = meta.epoch.unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
    });
    let date = printpdf::OffsetDateTime::from_unix_timestamp(epoch)
        .map_err(|e| PdfError::Internal(format!("date {epoch}: {e}")))?;
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

    // The structure tree, then every page's drawing, encoded and deflated page by page in
    // parallel (each page's layout is let go as soon as it is drawn).
    let mut tree = tags::build(&pages, anchors);
    let marks = std::mem::take(&mut tree.marks);
    let drawn: Vec<Result<content::Stream, PdfError>> = {
        use rayon::prelude::*;
        pages
            .into_par_iter()
            .zip(marks)
            .map(|(page, marks)| content::page(&page, geo, fonts, &glyphs, &marks, COMPRESSION_LEVEL))
            .collect()
    };
    let mut streams = Vec::with_capacity(drawn.len());
    let mut out_pages = Vec::with_capacity(drawn.len());
    let (w, h) = (printpdf::Mm::from(Pt(geo.page_w)), printpdf::Mm::from(Pt(geo.page_h)));
    for d in drawn {
        let stream = d?;
        let mut ops = Vec::new();
        if out_pages.is_empty() {
            // printpdf makes each font's widths and ToUnicode map from the glyphs its pages
            // show: the first page shows every glyph once. Its content is replaced below.
            let mut all = vec![Op::StartTextSection];
            for (face, chars) in &used {
                all.push(Op::SetFont { font: PdfFontHandle::External(font_id(*face)), size: Pt(1.0) });
                all.push(Op::ShowText { items: vec![TextItem::Text(chars.iter().collect())] });
            }
            all.push(Op::EndTextSection);
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
    structure(&mut lo, &tree, anchors, outline, meta, geo)?;
    metadata(&mut lo, meta, &date)?;
    if meta.standards.pdfa.is_some() {
        output_intent(&mut lo)?;
    }
    compress(&mut lo);
    // The tree is written: its memory goes before the file is.
    drop(tree);
    // The many small objects of the structure tree go into compressed object streams.
    let bytes = crate::save::save(&mut lo, OBJECTS_PER_STREAM, COMPRESSION_LEVEL)?;
    Ok(bytes)
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

/// Objects per object stream.
const OBJECTS_PER_STREAM: usize = 400;

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

/// Each outline entry's title by its anchor.
fn titles<'o>(nodes: &'o [OutlineNode], out: &mut HashMap<&'o str, &'o str>) {
    for n in nodes {
        out.entry(&*n.anchor).or_insert(&n.title);
        titles(&n.children, out);
    }
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// Write the structure tree of the tagged PDF: the elements with their marked content, the
/// link annotations (indirect, described by `/Contents`, printable, each in its `Link`
/// element through an OBJR), the parent tree, `/StructParents` and `/Tabs /S` on the pages,
/// and `/MarkInfo` on the catalog.
fn structure(
    lo: &mut lopdf::Document,
    tree: &Tree,
    anchors: &Anchors,
    outline: &[OutlineNode],
    meta: &Meta,
    geo: &Geometry,
) -> Result<(), PdfError> {
    let err = |e: lopdf::Error| PdfError::Internal(format!("tagging the PDF: {e}"));
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();
    let npages = page_ids.len();
    let page_ref = |p: usize| -> Result<Object, PdfError> {
        page_ids
            .get(p)
            .map(|&id| Object::Reference(id))
            .ok_or_else(|| PdfError::Internal(format!("structure on page {p} of {npages}")))
    };
    let root_id = lo.new_object_id();
    let node_ids: Vec<lopdf::ObjectId> = tree.nodes.iter().map(|_| lo.new_object_id()).collect();
    let annot_ids: Vec<lopdf::ObjectId> = tree.annots.iter().map(|_| lo.new_object_id()).collect();
    let mut by_anchor = HashMap::new();
    titles(outline, &mut by_anchor);

    // The link annotations.
    let mut page_annots: Vec<Vec<Object>> = vec![Vec::new(); npages];
    for (k, a) in tree.annots.iter().enumerate() {
        let [x, y, w, h] = a.rect;
        let rect = [geo.left + x, geo.pdf_y(y + h), geo.left + x + w, geo.pdf_y(y)];
        let mut d = Dictionary::new();
        d.set("Type", name("Annot"));
        d.set("Subtype", name("Link"));
        d.set("Rect", Object::Array(rect.iter().map(|&v| Object::Real(v)).collect()));
        d.set("Border", Object::Array(vec![Object::Integer(0), Object::Integer(0), Object::Integer(0)]));
        d.set("F", Object::Integer(4));
        d.set("P", page_ref(a.page)?);
        d.set("StructParent", Object::Integer((npages + k) as i64));
        let contents = match &a.target {
            Target::Uri(u) => {
                let mut action = Dictionary::new();
                action.set("S", name("URI"));
                action.set("URI", Object::String(u.as_bytes().to_vec(), StringFormat::Literal));
                d.set("A", Object::Dictionary(action));
                format!("Link to {u}")
            }
            Target::Anchor(an) => {
                let Some(&(page, ay)) = anchors.get(an) else {
                    return Err(PdfError::Internal(format!("link to the unknown anchor {an}")));
                };
                d.set(
                    "Dest",
                    Object::Array(vec![
                        page_ref(page)?,
                        name("XYZ"),
                        Object::Integer(0),
                        Object::Real(geo.pdf_y(ay) + 24.0),
                        Object::Null,
                    ]),
                );
                match (by_anchor.get(&**an), an.strip_prefix(crate::flow::NOTE_ANCHOR)) {
                    (Some(t), _) => format!("Go to \u{201c}{t}\u{201d}, page {}", page + 1),
                    (None, Some(label)) => format!("Go to note {label}, page {}", page + 1),
                    (None, None) => format!("Go to page {}", page + 1),
                }
            }
        };
        d.set("Contents", text_string(&contents));
        lo.objects.insert(annot_ids[k], Object::Dictionary(d));
        page_annots[a.page].push(Object::Reference(annot_ids[k]));
    }

    // The elements.
    let mut notes = 0;
    for (n, node) in tree.nodes.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Type", name("StructElem"));
        d.set("S", name(node.role.name()));
        d.set("P", Object::Reference(if n == 0 { root_id } else { node_ids[node.parent] }));
        if let Some(p) = node.page {
            d.set("Pg", page_ref(p)?);
        }
        let mut kids = Vec::with_capacity(node.kids.len());
        for kid in &node.kids {
            kids.push(match *kid {
                Kid::Node(c) => Object::Reference(node_ids[c]),
                Kid::Mcid { page, mcid } if node.page == Some(page) => Object::Integer(mcid as i64),
                Kid::Mcid { page, mcid } => {
                    let mut r = Dictionary::new();
                    r.set("Type", name("MCR"));
                    r.set("Pg", page_ref(page)?);
                    r.set("MCID", Object::Integer(mcid as i64));
                    Object::Dictionary(r)
                }
                Kid::Annot(a) => {
                    let mut r = Dictionary::new();
                    r.set("Type", name("OBJR"));
                    r.set("Obj", Object::Reference(annot_ids[a]));
                    r.set("Pg", page_ref(tree.annots[a].page)?);
                    Object::Dictionary(r)
                }
            });
        }
        if kids.len() == 1 {
            d.set("K", kids.pop().unwrap_or(Object::Null));
        } else {
            d.set("K", Object::Array(kids));
        }
        match &node.role {
            Role::Figure(alt) => d.set("Alt", text_string(alt)),
            Role::TH | Role::RowTH => {
                let mut a = Dictionary::new();
                a.set("O", name("Table"));
                a.set("Scope", name(if node.role == Role::TH { "Column" } else { "Row" }));
                d.set("A", Object::Dictionary(a));
            }
            Role::Note => {
                notes += 1;
                d.set("ID", Object::String(format!("note-{notes}").into_bytes(), StringFormat::Literal));
            }
            Role::Document => d.set("Lang", text_string(&meta.language)),
            _ => {}
        }
        if let Some(lang) = node.lang {
            d.set("Lang", text_string(lang));
        }
        lo.objects.insert(node_ids[n], Object::Dictionary(d));
    }

    // The parent tree: each page's MCIDs, then each annotation.
    let mut nums = Vec::with_capacity(2 * (npages + tree.annots.len()));
    for (p, parents) in tree.parents.iter().enumerate() {
        nums.push(Object::Integer(p as i64));
        nums.push(Object::Array(parents.iter().map(|&n| Object::Reference(node_ids[n])).collect()));
    }
    for (k, a) in tree.annots.iter().enumerate() {
        nums.push(Object::Integer((npages + k) as i64));
        nums.push(Object::Reference(node_ids[a.node]));
    }
    let parent_tree = lo.add_object(Dictionary::from_iter([("Nums", Object::Array(nums))]));
    let mut root = Dictionary::new();
    root.set("Type", name("StructTreeRoot"));
    root.set("K", Object::Reference(node_ids[0]));
    root.set("ParentTree", Object::Reference(parent_tree));
    root.set("ParentTreeNextKey", Object::Integer((npages + tree.annots.len()) as i64));
    lo.objects.insert(root_id, Object::Dictionary(root));

    for (p, (&pid, annots)) in page_ids.iter().zip(page_annots).enumerate() {
        let page = lo.get_dictionary_mut(pid).map_err(err)?;
        page.set("StructParents", Object::Integer(p as i64));
        if annots.is_empty() {
            page.remove(b"Annots");
        } else {
            page.set("Annots", Object::Array(annots));
            page.set("Tabs", name("S"));
        }
    }
    let cat = lo.catalog_mut().map_err(err)?;
    cat.set("StructTreeRoot", Object::Reference(root_id));
    cat.set("MarkInfo", Object::Dictionary(Dictionary::from_iter([("Marked", Object::Boolean(true))])));
    Ok(())
}

/// Escape text for XML.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// The XMP metadata stream on the catalog (title, language, dates equal to the information
/// dictionary's, producer, the PDF/UA and PDF/A identification of the standards claimed), the
/// information dictionary without empty entries, and the header version.
fn metadata(lo: &mut lopdf::Document, meta: &Meta, date: &printpdf::OffsetDateTime) -> Result<(), PdfError> {
    let err = |e: lopdf::Error| PdfError::Internal(format!("writing the metadata: {e}"));
    let when = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+00:00",
        date.year(),
        u8::from(date.month()),
        date.day(),
        date.hour(),
        date.minute(),
        date.second()
    );
    let producer = format!("reportkit-pdf {} (printpdf)", env!("CARGO_PKG_VERSION"));
    let mut ids = String::new();
    if meta.standards.ua1 {
        ids.push_str("<pdfuaid:part>1</pdfuaid:part>\n");
    }
    if let Some(a) = meta.standards.pdfa {
        ids.push_str(&format!(
            "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>{}</pdfaid:conformance>\n",
            a.letter()
        ));
    }
    // PDF/A admits only the schemas of XMP and its own unless a file describes the others
    // (ISO 19005-2, 6.6.2.3): with both claims, the PDF/UA identification is described.
    let extension = if meta.standards.ua1 && meta.standards.pdfa.is_some() { PDFUA_EXTENSION } else { "" };
    let xmp = format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" \
xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n\
<dc:format>application/pdf</dc:format>\n\
<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n\
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n\
<xmp:CreatorTool>reportkit</xmp:CreatorTool>\n\
<xmp:CreateDate>{when}</xmp:CreateDate>\n\
<xmp:ModifyDate>{when}</xmp:ModifyDate>\n\
<xmp:MetadataDate>{when}</xmp:MetadataDate>\n\
<pdf:Producer>{producer}</pdf:Producer>\n\
{ids}\
</rdf:Description>\n\
{extension}\
</rdf:RDF>\n\
</x:xmpmeta>\n\
<?xpacket end=\"w\"?>",
        title = xml(&meta.title),
        lang = xml(&meta.language),
        producer = xml(&producer),
    );
    let mut d = Dictionary::new();
    d.set("Type", name("Metadata"));
    d.set("Subtype", name("XML"));
    let id = lo.add_object(lopdf::Stream::new(d, xmp.into_bytes()).with_compression(false));
    lo.catalog_mut().map_err(err)?.set("Metadata", Object::Reference(id));

    // printpdf writes every information entry, empty or not.
    if let Ok(info) = lo.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(d) = lo.get_dictionary_mut(info) {
            let empty: Vec<Vec<u8>> = d
                .iter()
                .filter(|(_, v)| matches!(v, Object::String(s, _) if s.is_empty()))
                .map(|(k, _)| k.clone())
                .collect();
            for k in empty {
                d.remove(&k);
            }
            // Every entry has its XMP equal (PDF/A-2, 6.6.3); /Trapped, which printpdf sets,
            // says nothing about this file.
            d.remove(b"Trapped");
            d.set("Producer", text_string(&producer));
        }
    }
    // PDF/A-2 (6.1.2): version 1.7 at most, and a comment of four bytes above 127 on the second
    // line.
    lo.version = "1.7".to_string();
    lo.binary_mark = vec![0xBB, 0xAD, 0xC0, 0xDE];
    Ok(())
}

/// The XMP extension schema describing `pdfuaid:part`, for a file that claims PDF/A as well.
const PDFUA_EXTENSION: &str = "<rdf:Description rdf:about=\"\" \
xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" \
xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" \
xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n\
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n\
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n\
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n\
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n\
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n\
<pdfaProperty:name>part</pdfaProperty:name>\n\
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n\
<pdfaProperty:category>internal</pdfaProperty:category>\n\
<pdfaProperty:description>Indicates which part of ISO 14289 the file conforms to</pdfaProperty:description>\n\
</rdf:li></rdf:Seq></pdfaSchema:property>\n\
</rdf:li></rdf:Bag></pdfaExtension:schemas>\n\
</rdf:Description>\n";

/// The output condition of the PDF/A output intent: the colours are sRGB.
pub const OUTPUT_CONDITION: &str = "sRGB IEC61966-2.1";

/// The sRGB ICC profile moxcms builds, with a fixed creation date (moxcms stamps the time of
/// encoding at bytes 24..36) so the same input gives the same bytes.
fn srgb_profile() -> Result<&'static [u8], PdfError> {
    static PROFILE: std::sync::OnceLock<Result<Vec<u8>, String>> = std::sync::OnceLock::new();
    let made = PROFILE.get_or_init(|| {
        let mut p = moxcms::ColorProfile::new_srgb();
        // Without the CICP tag the profile is ICC version 4.0 (with it, 4.3).
        p.cicp = None;
        let mut bytes = p.encode().map_err(|e| format!("{e:?}"))?;
        if bytes.len() < 128 || &bytes[36..40] != b"acsp" {
            return Err("moxcms made no ICC profile".to_string());
        }
        // dateTimeNumber: 2025-01-01 00:00:00.
        let date: [u16; 6] = [2025, 1, 1, 0, 0, 0];
        for (k, v) in date.iter().enumerate() {
            bytes[24 + 2 * k..26 + 2 * k].copy_from_slice(&v.to_be_bytes());
        }
        Ok(bytes)
    });
    made.as_deref().map_err(|e| PdfError::Internal(format!("making the sRGB profile: {e}")))
}

/// The PDF/A output intent on the catalog: the device-dependent colours the pages use
/// (DeviceRGB, DeviceGray) are sRGB, given by an embedded ICC profile.
fn output_intent(lo: &mut lopdf::Document) -> Result<(), PdfError> {
    let err = |e: lopdf::Error| PdfError::Internal(format!("writing the output intent: {e}"));
    let mut d = Dictionary::new();
    d.set("N", Object::Integer(3));
    let profile = lo.add_object(lopdf::Stream::new(d, srgb_profile()?.to_vec()));
    let mut oi = Dictionary::new();
    oi.set("Type", name("OutputIntent"));
    oi.set("S", name("GTS_PDFA1"));
    oi.set("OutputConditionIdentifier", text_string(OUTPUT_CONDITION));
    oi.set("Info", text_string(OUTPUT_CONDITION));
    oi.set("DestOutputProfile", Object::Reference(profile));
    let oi = lo.add_object(oi);
    lo.catalog_mut().map_err(err)?.set("OutputIntents", Object::Array(vec![Object::Reference(oi)]));
    Ok(())
}
