//! The machine-checkable failure conditions of the Matterhorn Protocol (PDF/UA-1) that apply to
//! what the writer makes, checked on its PDFs read back with lopdf: all content tagged or an
//! artifact, standard structure types, headings nested without skips, tables with header cells
//! and scope, figures with alternative text, links with OBJRs and descriptions, the catalog's
//! /Lang, /MarkInfo and DisplayDocTitle, the XMP identification, fonts embedded with ToUnicode
//! maps; and the text read in tag order is the source's words in order, with no footer inside.
//!
//! Every check is a function returning the problems it finds; each is also run on a PDF broken
//! on purpose (through lopdf) to show that it can fail.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

mod common;

use common::text_of;
use lopdf::content::Content;
use lopdf::{Dictionary, Document as Pdf, Object, ObjectId};
use reportkit_model::{Block, Document, Inline, Section};
use reportkit_pdf::{Chart, PdfOptions};

type Problems = Vec<String>;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/igf2025").join(name)
}

fn parse(path: &Path) -> Document {
    let text = std::fs::read(path).unwrap();
    reportkit_parse::parse(&path.to_string_lossy(), &text, None).unwrap().remove(0)
}

fn opts() -> PdfOptions {
    PdfOptions { source_date_epoch: Some(1_751_241_600), ..PdfOptions::default() }
}

fn render(doc: &Document, opts: &PdfOptions) -> Pdf {
    let bytes = reportkit_pdf::render_pdf(doc, opts).unwrap();
    Pdf::load_mem(&bytes).unwrap()
}

/// A small invented document with every kind of block, a chart and links.
fn sample() -> (Document, PdfOptions) {
    let md = "# Harbour survey\n\nThe harbour board counted *boats* and [nets](https://example.org/nets) \
        across the season, see [the table](#tallies).\n\n## Tallies\n\n| Kind | Count |\n|---|---:|\n\
        | Sloops | 12 |\n| Ketches | 7 |\n\n|  |  |\n|---|---|\n| Owner | Guild |\n| Berth | North |\n\n\
        ### Notes of the keeper\n\n- first item of the list\n- second item\n  1. nested ordered\n\n\
        > A quoted remark about tides.\n\n```\nlet tide = high;\n```\n\nA closing paragraph with a note.[^1]\n\n\
        [^1]: The note's own words.\n\n## Weather\n\nWind and rain all spring.\n";
    // A log long enough that the body runs past two pages: the PDF then has a title page and
    // contents (a shorter document opens with its title on its first page).
    let log: String = (1..=120)
        .map(|d| format!("Day {d}: the keeper noted calm water and a steady wind from the west all day.\n\n"))
        .collect();
    let md = format!("{md}\n## Log\n\n{log}");
    let doc = reportkit_parse::parse("harbour.md", md.as_bytes(), None).unwrap().remove(0);
    let chart = Chart {
        section_id: doc.sections[0].children[0].id.clone(),
        after_line: 10_000,
        title: "Boats by kind".into(),
        items: vec![("Sloops".into(), 12.0), ("Ketches".into(), 7.0)],
        unit: String::new(),
    };
    (doc, PdfOptions { charts_data: vec![chart], ..opts() })
}

fn dict<'a>(pdf: &'a Pdf, o: &'a Object) -> Option<&'a Dictionary> {
    match o {
        Object::Reference(id) => pdf.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

fn name_of(d: &Dictionary, key: &[u8]) -> Option<String> {
    d.get(key).ok().and_then(|o| o.as_name().ok()).map(|n| String::from_utf8_lossy(n).into_owned())
}

fn root(pdf: &Pdf) -> &Dictionary {
    pdf.catalog().unwrap()
}

/// A structure element in reading order: its object, type, depth and parent's index.
struct Elem {
    id: Option<ObjectId>,
    role: String,
    dict: Dictionary,
    parent: Option<usize>,
}

/// The structure elements depth first, in reading order; their content (MCIDs by page, OBJRs)
/// in order.
struct Tree {
    elems: Vec<Elem>,
    /// (element index, page object, MCID) in reading order.
    mcids: Vec<(usize, ObjectId, i64)>,
    /// (element index, annotation object).
    objrs: Vec<(usize, ObjectId)>,
}

fn tree(pdf: &Pdf) -> Result<Tree, String> {
    let cat = root(pdf);
    let str_root = cat.get(b"StructTreeRoot").ok().and_then(|o| dict(pdf, o)).ok_or("no StructTreeRoot")?;
    let mut t = Tree { elems: Vec::new(), mcids: Vec::new(), objrs: Vec::new() };
    fn walk(pdf: &Pdf, o: &Object, parent: Option<usize>, page: Option<ObjectId>, t: &mut Tree) {
        match o {
            Object::Array(a) => a.iter().for_each(|k| walk(pdf, k, parent, page, t)),
            Object::Integer(m) => {
                if let (Some(p), Some(pg)) = (parent, page) {
                    t.mcids.push((p, pg, *m));
                }
            }
            _ => {
                let Some(d) = dict(pdf, o) else { return };
                let ty = name_of(d, b"Type");
                match ty.as_deref() {
                    Some("MCR") => {
                        let pg = d.get(b"Pg").ok().and_then(|o| o.as_reference().ok()).or(page);
                        if let (Some(p), Some(pg), Ok(m)) = (parent, pg, d.get(b"MCID").and_then(Object::as_i64)) {
                            t.mcids.push((p, pg, m));
                        }
                    }
                    Some("OBJR") => {
                        if let (Some(p), Ok(a)) = (parent, d.get(b"Obj").and_then(Object::as_reference)) {
                            t.objrs.push((p, a));
                        }
                    }
                    _ => {
                        let i = t.elems.len();
                        t.elems.push(Elem {
                            id: o.as_reference().ok(),
                            role: name_of(d, b"S").unwrap_or_default(),
                            dict: d.clone(),
                            parent,
                        });
                        let pg = d.get(b"Pg").ok().and_then(|o| o.as_reference().ok()).or(page);
                        if let Ok(k) = d.get(b"K") {
                            walk(pdf, k, Some(i), pg, t);
                        }
                    }
                }
            }
        }
    }
    walk(pdf, str_root.get(b"K").map_err(|e| e.to_string())?, None, None, &mut t);
    Ok(t)
}

/// One marked run of text on a page.
#[derive(Debug, Clone, PartialEq)]
enum Marked {
    /// Inside marked content with this MCID.
    Mcid(i64),
    /// Inside an artifact.
    Artifact,
    /// Outside any marked content.
    None,
}

/// Each page's text by how it is marked, in content order; `/ActualText` replaces the glyphs
/// it covers, and a move to another baseline is a space.
fn page_texts(pdf: &Pdf) -> Vec<(ObjectId, Vec<(Marked, String)>)> {
    let mut out = Vec::new();
    for (_, pid) in pdf.get_pages() {
        let fonts = pdf.get_page_fonts(pid).unwrap();
        let encodings: HashMap<Vec<u8>, lopdf::Encoding> =
            fonts.iter().map(|(k, f)| (k.clone(), f.get_font_encoding(pdf).unwrap())).collect();
        let content = Content::decode(&pdf.get_page_content(pid)).unwrap();
        // The open marked-content sequences: MCID, artifact, actual text.
        let mut stack: Vec<(Option<i64>, bool, Option<String>)> = Vec::new();
        let mut font: Vec<u8> = Vec::new();
        let mut baseline: Option<f32> = None;
        let mut runs: Vec<(Marked, String)> = Vec::new();
        let mark = |stack: &[(Option<i64>, bool, Option<String>)]| {
            if stack.iter().any(|s| s.1) {
                return Marked::Artifact;
            }
            stack.iter().rev().find_map(|s| s.0).map_or(Marked::None, Marked::Mcid)
        };
        let push = |runs: &mut Vec<(Marked, String)>, m: Marked, s: &str| match runs.last_mut() {
            Some((lm, t)) if *lm == m => t.push_str(s),
            _ => runs.push((m, s.to_string())),
        };
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" | "BMC" => {
                    let tag = op.operands.first().and_then(|o| o.as_name().ok()).unwrap_or(b"");
                    let props = op.operands.get(1).and_then(|o| o.as_dict().ok());
                    let mcid = props.and_then(|d| d.get(b"MCID").ok()).and_then(|o| o.as_i64().ok());
                    let actual = props.and_then(|d| d.get(b"ActualText").ok()).and_then(text_of);
                    stack.push((mcid, tag == b"Artifact", actual));
                }
                "EMC" => {
                    if let Some((_, _, Some(a))) = stack.pop() {
                        let m = mark(&stack);
                        push(&mut runs, m, &a);
                    }
                }
                "Tf" => font = op.operands[0].as_name().unwrap().to_vec(),
                "Tm" => {
                    let y = op.operands[5].as_float().unwrap();
                    if baseline.is_some_and(|b| (b - y).abs() > 6.0) {
                        let m = mark(&stack);
                        push(&mut runs, m, " ");
                    }
                    baseline = Some(y);
                }
                "Tj" | "TJ" => {
                    if stack.iter().any(|s| s.2.is_some()) {
                        continue;
                    }
                    let strings: Vec<&Object> = match &op.operands[0] {
                        Object::Array(a) => a.iter().collect(),
                        o => vec![o],
                    };
                    let mut s = String::new();
                    for o in strings {
                        if let Object::String(b, _) = o {
                            s.push_str(&Pdf::decode_text(&encodings[&font], b).unwrap());
                        }
                    }
                    let m = mark(&stack);
                    push(&mut runs, m, &s);
                }
                _ => {}
            }
        }
        out.push((pid, runs));
    }
    out
}

// ---- The checks. ----

/// Matterhorn 01-005 (untagged content) / 01-004: every text run is inside an MCID sequence
/// reachable through the parent tree or inside an artifact; every MCID of the parent tree is
/// in the structure tree.
fn check_all_content_tagged(pdf: &Pdf) -> Problems {
    let mut p = Vec::new();
    let Ok(t) = tree(pdf) else { return vec!["no structure tree".into()] };
    let in_tree: HashSet<(ObjectId, i64)> = t.mcids.iter().map(|&(_, pg, m)| (pg, m)).collect();
    let parent_tree = root(pdf)
        .get(b"StructTreeRoot")
        .ok()
        .and_then(|o| dict(pdf, o))
        .and_then(|d| d.get(b"ParentTree").ok())
        .and_then(|o| dict(pdf, o))
        .and_then(|d| d.get(b"Nums").ok())
        .and_then(|o| o.as_array().ok())
        .cloned()
        .unwrap_or_default();
    let nums: HashMap<i64, &Object> =
        parent_tree.chunks(2).filter_map(|c| Some((c[0].as_i64().ok()?, c.get(1)?))).collect();
    for (pid, runs) in page_texts(pdf) {
        let page = pdf.get_dictionary(pid).unwrap();
        let sp = page.get(b"StructParents").and_then(Object::as_i64).ok();
        for (m, text) in runs {
            match m {
                Marked::None if !text.trim().is_empty() => p.push(format!("untagged text {text:?}")),
                Marked::Mcid(id) => {
                    if !in_tree.contains(&(pid, id)) {
                        p.push(format!("MCID {id} ({text:?}) is in no structure element"));
                    }
                    let listed = sp
                        .and_then(|k| nums.get(&k))
                        .and_then(|o| match o {
                            Object::Reference(r) => pdf.get_object(*r).ok(),
                            o => Some(*o),
                        })
                        .and_then(|o| o.as_array().ok())
                        .and_then(|a| a.get(id as usize))
                        .is_some_and(|o| o.as_reference().is_ok());
                    if !listed {
                        p.push(format!("MCID {id} ({text:?}) is not in the parent tree"));
                    }
                }
                _ => {}
            }
        }
    }
    p
}

const STANDARD: &[&str] = &[
    "Document",
    "Part",
    "Art",
    "Sect",
    "Div",
    "BlockQuote",
    "Caption",
    "TOC",
    "TOCI",
    "Index",
    "NonStruct",
    "Private",
    "P",
    "H",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "L",
    "LI",
    "Lbl",
    "LBody",
    "Table",
    "TR",
    "TH",
    "TD",
    "THead",
    "TBody",
    "TFoot",
    "Span",
    "Quote",
    "Note",
    "Reference",
    "BibEntry",
    "Code",
    "Link",
    "Annot",
    "Ruby",
    "RB",
    "RT",
    "RP",
    "Warichu",
    "WT",
    "WP",
    "Figure",
    "Formula",
    "Form",
];

/// Matterhorn 02-001: structure types are standard (no role map is written).
fn check_standard_types(pdf: &Pdf) -> Problems {
    let Ok(t) = tree(pdf) else { return vec!["no structure tree".into()] };
    t.elems.iter().filter(|e| !STANDARD.contains(&e.role.as_str())).map(|e| format!("type {}", e.role)).collect()
}

/// Matterhorn 14-002/14-003: the first heading is H1 and no level is skipped going down; the
/// headings are the outline's titles in order.
fn check_headings(pdf: &Pdf) -> Problems {
    let Ok(t) = tree(pdf) else { return vec!["no structure tree".into()] };
    let mut p = Vec::new();
    let mut prev = 0;
    for e in &t.elems {
        let Some(level) = e.role.strip_prefix('H').and_then(|l| l.parse::<u32>().ok()) else { continue };
        if level > prev + 1 {
            p.push(format!("H{level} after H{prev}"));
        }
        prev = level;
    }
    p
}

/// Matterhorn 15-003 and 15-005: every table has TH cells, each with a /Scope; cells are in
/// rows, rows in the table (or its head or body).
fn check_tables(pdf: &Pdf) -> Problems {
    let Ok(t) = tree(pdf) else { return vec!["no structure tree".into()] };
    let mut p = Vec::new();
    for (i, e) in t.elems.iter().enumerate() {
        let parent = e.parent.map(|k| t.elems[k].role.as_str());
        match e.role.as_str() {
            "Table" => {
                let in_table = |k: usize| {
                    let mut up = t.elems[k].parent;
                    while let Some(u) = up {
                        if u == i {
                            return true;
                        }
                        up = t.elems[u].parent;
                    }
                    false
                };
                let ths: Vec<usize> = (0..t.elems.len()).filter(|&k| t.elems[k].role == "TH" && in_table(k)).collect();
                if ths.is_empty() {
                    p.push("a table without header cells".into());
                }
            }
            "TH" => {
                let scope = e
                    .dict
                    .get(b"A")
                    .ok()
                    .and_then(|o| dict(pdf, o))
                    .and_then(|a| a.get(b"Scope").ok())
                    .and_then(|s| s.as_name().ok())
                    .map(|s| s.to_vec());
                if !matches!(scope.as_deref(), Some(b"Row" | b"Column" | b"Both")) {
                    p.push("a header cell without /Scope".into());
                }
                if parent != Some("TR") {
                    p.push(format!("a header cell in {parent:?}"));
                }
            }
            "TD" if parent != Some("TR") => p.push(format!("a data cell in {parent:?}")),
            "TR" if !matches!(parent, Some("Table" | "THead" | "TBody" | "TFoot")) => {
                p.push(format!("a row in {parent:?}"))
            }
            _ => {}
        }
    }
    p
}

/// Matterhorn 13-004: every figure has alternative text.
fn check_figures(pdf: &Pdf) -> Problems {
    let Ok(t) = tree(pdf) else { return vec!["no structure tree".into()] };
    t.elems
        .iter()
        .filter(|e| e.role == "Figure")
        .filter(|e| e.dict.get(b"Alt").ok().and_then(text_of).is_none_or(|a| a.trim().is_empty()))
        .map(|_| "a figure without /Alt".to_string())
        .collect()
}

/// Matterhorn 28-002, 28-009, 28-011 and 28-012: every link annotation is an indirect object
/// with /Contents, /StructParent, the print flag, held by an OBJR in a Link element; pages
/// with annotations have /Tabs /S.
fn check_links(pdf: &Pdf) -> Problems {
    let Ok(t) = tree(pdf) else { return vec!["no structure tree".into()] };
    let mut p = Vec::new();
    let objr: HashMap<ObjectId, &str> = t.objrs.iter().map(|&(e, a)| (a, t.elems[e].role.as_str())).collect();
    for (_, pid) in pdf.get_pages() {
        let page = pdf.get_dictionary(pid).unwrap();
        let Ok(annots) = page.get(b"Annots").and_then(Object::as_array) else { continue };
        if !annots.is_empty() && page.get(b"Tabs").and_then(Object::as_name).ok() != Some(&b"S"[..]) {
            p.push("a page with annotations but no /Tabs /S".into());
        }
        for a in annots {
            let Ok(id) = a.as_reference() else {
                p.push("a direct annotation".into());
                continue;
            };
            let d = pdf.get_dictionary(id).unwrap();
            if d.get(b"Contents").ok().and_then(text_of).is_none_or(|c| c.trim().is_empty()) {
                p.push("a link without /Contents".into());
            }
            if d.get(b"StructParent").and_then(Object::as_i64).is_err() {
                p.push("a link without /StructParent".into());
            }
            if d.get(b"F").and_then(Object::as_i64).map_or(true, |f| f & 4 == 0) {
                p.push("a link not printed".into());
            }
            if objr.get(&id) != Some(&"Link") {
                p.push(format!("an annotation in {:?}, not in a Link element", objr.get(&id)));
            }
        }
    }
    p
}

/// Matterhorn 06-001..06-003, 07-001, 11-006 and 01-002: XMP with dc:title and the PDF/UA
/// identification, DisplayDocTitle, /Lang, /MarkInfo /Marked true; the XMP dates are the
/// information dictionary's.
fn check_catalog(pdf: &Pdf) -> Problems {
    let mut p = Vec::new();
    let cat = root(pdf);
    if cat.get(b"Lang").ok().and_then(text_of).is_none_or(|l| l.is_empty()) {
        p.push("no /Lang".into());
    }
    let marked = cat.get(b"MarkInfo").ok().and_then(|o| dict(pdf, o)).and_then(|d| d.get(b"Marked").ok());
    if marked.and_then(|m| m.as_bool().ok()) != Some(true) {
        p.push("not /Marked".into());
    }
    let vp = cat.get(b"ViewerPreferences").ok().and_then(|o| dict(pdf, o)).and_then(|d| d.get(b"DisplayDocTitle").ok());
    if vp.and_then(|m| m.as_bool().ok()) != Some(true) {
        p.push("no DisplayDocTitle".into());
    }
    let xmp = cat
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .and_then(|id| pdf.get_object(id))
        .and_then(Object::as_stream)
        .map(|s| String::from_utf8_lossy(&s.content).into_owned());
    let Ok(xmp) = xmp else {
        p.push("no XMP metadata".into());
        return p;
    };
    if !xmp.contains("<pdfuaid:part>1</pdfuaid:part>") {
        p.push("no pdfuaid:part 1".into());
    }
    let info = pdf.trailer.get(b"Info").and_then(Object::as_reference).and_then(|id| pdf.get_dictionary(id));
    let Ok(info) = info else {
        p.push("no information dictionary".into());
        return p;
    };
    let title = info.get(b"Title").ok().and_then(text_of).unwrap_or_default();
    if title.is_empty() || !xmp.contains(&format!(">{}</rdf:li></rdf:Alt></dc:title>", title.replace('&', "&amp;"))) {
        p.push(format!("dc:title is not the title {title:?}"));
    }
    // D:YYYYMMDDHHmmSS → YYYY-MM-DDTHH:mm:SS
    let iso = |d: &str| -> String {
        let d = d.trim_start_matches("D:");
        format!("{}-{}-{}T{}:{}:{}", &d[0..4], &d[4..6], &d[6..8], &d[8..10], &d[10..12], &d[12..14])
    };
    for (key, tag) in [(&b"CreationDate"[..], "xmp:CreateDate"), (b"ModDate", "xmp:ModifyDate")] {
        match info.get(key).ok().and_then(text_of) {
            Some(d) if d.len() >= 16 && xmp.contains(&format!("<{tag}>{}", iso(&d))) => {}
            d => p.push(format!("{tag} is not the information dictionary's {d:?}")),
        }
    }
    if info.iter().any(|(_, v)| matches!(v, Object::String(s, _) if s.is_empty())) {
        p.push("an empty information entry".into());
    }
    p
}

/// Matterhorn 31-001 and 31-009: every font is embedded and has a ToUnicode map.
fn check_fonts(pdf: &Pdf) -> Problems {
    let mut p = Vec::new();
    for (_, pid) in pdf.get_pages() {
        for (name, f) in pdf.get_page_fonts(pid).unwrap() {
            let n = String::from_utf8_lossy(&name);
            if f.get(b"ToUnicode").is_err() {
                p.push(format!("font {n} without ToUnicode"));
            }
            let descendant = f
                .get(b"DescendantFonts")
                .and_then(Object::as_array)
                .ok()
                .and_then(|a| a.first())
                .and_then(|o| dict(pdf, o));
            let descriptor = descendant.unwrap_or(f).get(b"FontDescriptor").ok().and_then(|o| dict(pdf, o));
            let embedded = descriptor
                .is_some_and(|d| [&b"FontFile"[..], b"FontFile2", b"FontFile3"].iter().any(|k| d.get(k).is_ok()));
            if !embedded {
                p.push(format!("font {n} not embedded"));
            }
        }
    }
    p
}

/// All checks by name.
/// A named check over a PDF.
type Check = (&'static str, fn(&Pdf) -> Problems);

fn all_checks() -> Vec<Check> {
    vec![
        ("content tagged", check_all_content_tagged),
        ("standard types", check_standard_types),
        ("headings", check_headings),
        ("tables", check_tables),
        ("figures", check_figures),
        ("links", check_links),
        ("catalog", check_catalog),
        ("fonts", check_fonts),
    ]
}

fn assert_clean(what: &str, pdf: &Pdf) {
    for (name, check) in all_checks() {
        let p = check(pdf);
        assert!(p.is_empty(), "{what}: {name}: {} problems, first {:?}", p.len(), &p[..p.len().min(5)]);
    }
}

#[test]
fn the_sample_passes_every_check() {
    let (doc, opts) = sample();
    let pdf = render(&doc, &opts);
    assert_clean("sample", &pdf);
    let t = tree(&pdf).unwrap();
    let roles: HashSet<&str> = t.elems.iter().map(|e| e.role.as_str()).collect();
    for r in [
        "Document",
        "Sect",
        "H1",
        "H2",
        "H3",
        "P",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "THead",
        "TBody",
        "TR",
        "TH",
        "TD",
        "BlockQuote",
        "Code",
        "Figure",
        "Link",
        "TOC",
        "TOCI",
        "Note",
    ] {
        assert!(roles.contains(r), "no {r} in {roles:?}");
    }
    // The figure is described by the chart's data.
    let fig = t.elems.iter().find(|e| e.role == "Figure").unwrap();
    let alt = fig.dict.get(b"Alt").ok().and_then(text_of).unwrap();
    assert_eq!(alt, "Bar chart, Boats by kind: Sloops 12, Ketches 7.");
    // Its title is its caption, the first element inside it.
    let fig_index = t.elems.iter().position(|e| e.role == "Figure").unwrap();
    let caption = t.elems.iter().position(|e| e.parent == Some(fig_index)).unwrap();
    assert_eq!(t.elems[caption].role, "Caption");
    // The note's number in the text is a link to the note, named as one.
    let to_note: Vec<String> = t
        .objrs
        .iter()
        .filter_map(|&(_, a)| pdf.get_dictionary(a).ok()?.get(b"Contents").ok().and_then(text_of))
        .filter(|c| c.starts_with("Go to note"))
        .collect();
    assert_eq!(to_note.len(), 1, "{to_note:?}");
    assert!(to_note[0].starts_with("Go to note 1, page "), "{to_note:?}");
    // A table without a header row: its first column heads the rows.
    let row_scopes = t
        .elems
        .iter()
        .filter(|e| e.role == "TH")
        .filter(|e| {
            e.dict
                .get(b"A")
                .ok()
                .and_then(|o| dict(&pdf, o))
                .and_then(|a| a.get(b"Scope").ok())
                .and_then(|s| s.as_name().ok())
                == Some(&b"Row"[..])
        })
        .count();
    assert_eq!(row_scopes, 2);
}

/// A passage in another language than the document's carries its own /Lang; the English
/// around it carries none (it has the document's).
#[test]
fn a_passage_in_another_language_has_its_own_lang() {
    let text = "# Remarks\n\nThe chair opened the meeting and thanked the hosts for their welcome, \
        and then gave the floor to the first speaker of the morning.\n\n\
        Le Forum sur la gouvernance de l'Internet a réuni des participants du monde entier pour \
        débattre de l'avenir du numérique et des droits fondamentaux en ligne.\n\n\
        The speaker closed with thanks to the organisers.\n";
    let doc = reportkit_parse::parse("remarks.md", text.as_bytes(), None).unwrap().remove(0);
    let pdf = render(&doc, &opts());
    assert_clean("remarks", &pdf);
    let t = tree(&pdf).unwrap();
    let langs: Vec<(&str, Option<String>)> = t
        .elems
        .iter()
        .filter(|e| e.role == "P")
        .map(|e| (e.role.as_str(), e.dict.get(b"Lang").ok().and_then(text_of)))
        .collect();
    assert_eq!(langs, [("P", None), ("P", Some("fr".to_string())), ("P", None)]);
}

#[test]
fn the_corpus_passes_every_check() {
    for f in ["igf2025-summary-report.md", "news-feed-igf2025.txt", "wsis-2025-session-outcome.txt"] {
        let pdf = render(&parse(&fixture(f)), &opts());
        assert_clean(f, &pdf);
    }
}

// ---- Each check fails on a PDF broken on purpose. ----

/// The object id of the first structure element of a type.
fn first_elem(pdf: &Pdf, role: &str) -> ObjectId {
    tree(pdf).unwrap().elems.iter().find(|e| e.role == role).and_then(|e| e.id).unwrap()
}

fn broken(f: impl FnOnce(&mut Pdf)) -> Pdf {
    let (doc, opts) = sample();
    let mut pdf = render(&doc, &opts);
    f(&mut pdf);
    // Through bytes, as a reader would see it.
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes).unwrap();
    Pdf::load_mem(&bytes).unwrap()
}

fn fails(check: fn(&Pdf) -> Problems, pdf: &Pdf, what: &str) {
    let p = check(pdf);
    assert!(p.iter().any(|m| m.contains(what)), "expected a problem with {what:?}, got {p:?}");
}

#[test]
fn untagged_content_is_found() {
    // Drop the marked-content operators of page 2: its text is then untagged.
    let pdf = broken(|pdf| {
        let pid = pdf.get_pages()[&2];
        let mut content = Content::decode(&pdf.get_page_content(pid)).unwrap();
        content.operations.retain(|o| !matches!(o.operator.as_str(), "BDC" | "EMC" | "BMC"));
        let bytes = content.encode().unwrap();
        let cid = pdf.get_page_contents(pid)[0];
        pdf.objects.insert(cid, Object::Stream(lopdf::Stream::new(Dictionary::new(), bytes)));
    });
    fails(check_all_content_tagged, &pdf, "untagged text");
    // And an MCID the parent tree does not list.
    let pdf = broken(|pdf| {
        let pid = pdf.get_pages()[&2];
        pdf.get_dictionary_mut(pid).unwrap().set("StructParents", Object::Integer(9999));
    });
    fails(check_all_content_tagged, &pdf, "not in the parent tree");
}

#[test]
fn a_non_standard_type_is_found() {
    let pdf = broken(|pdf| {
        let id = first_elem(pdf, "BlockQuote");
        pdf.get_dictionary_mut(id).unwrap().set("S", Object::Name(b"Aside".to_vec()));
    });
    fails(check_standard_types, &pdf, "type Aside");
}

#[test]
fn a_skipped_heading_level_is_found() {
    let pdf = broken(|pdf| {
        let id = first_elem(pdf, "H2");
        pdf.get_dictionary_mut(id).unwrap().set("S", Object::Name(b"H3".to_vec()));
    });
    fails(check_headings, &pdf, "H3 after H1");
}

#[test]
fn a_header_cell_without_scope_and_a_table_without_headers_are_found() {
    let pdf = broken(|pdf| {
        let id = first_elem(pdf, "TH");
        pdf.get_dictionary_mut(id).unwrap().remove(b"A");
    });
    fails(check_tables, &pdf, "without /Scope");
    let pdf = broken(|pdf| {
        let ids: Vec<ObjectId> =
            tree(pdf).unwrap().elems.iter().filter(|e| e.role == "TH").filter_map(|e| e.id).collect();
        for id in ids {
            pdf.get_dictionary_mut(id).unwrap().set("S", Object::Name(b"TD".to_vec()));
        }
    });
    fails(check_tables, &pdf, "without header cells");
}

#[test]
fn a_figure_without_alt_is_found() {
    let pdf = broken(|pdf| {
        let id = first_elem(pdf, "Figure");
        pdf.get_dictionary_mut(id).unwrap().remove(b"Alt");
    });
    fails(check_figures, &pdf, "without /Alt");
}

#[test]
fn links_without_contents_or_objr_are_found() {
    let annots = |pdf: &Pdf| -> Vec<ObjectId> {
        pdf.get_pages()
            .values()
            .filter_map(|&p| pdf.get_dictionary(p).unwrap().get(b"Annots").ok()?.as_array().ok().cloned())
            .flatten()
            .filter_map(|o| o.as_reference().ok())
            .collect()
    };
    let pdf = broken(|pdf| {
        let a = annots(pdf)[0];
        pdf.get_dictionary_mut(a).unwrap().remove(b"Contents");
    });
    fails(check_links, &pdf, "without /Contents");
    let pdf = broken(|pdf| {
        let link = first_elem(pdf, "Link");
        pdf.get_dictionary_mut(link).unwrap().set("S", Object::Name(b"Span".to_vec()));
    });
    fails(check_links, &pdf, "not in a Link element");
    let pdf = broken(|pdf| {
        let a = annots(pdf)[0];
        pdf.get_dictionary_mut(a).unwrap().set("F", Object::Integer(0));
    });
    fails(check_links, &pdf, "not printed");
}

#[test]
fn catalog_and_metadata_problems_are_found() {
    let pdf = broken(|pdf| {
        let cat = pdf.catalog_mut().unwrap();
        cat.remove(b"Lang");
        cat.remove(b"MarkInfo");
        cat.remove(b"ViewerPreferences");
    });
    for what in ["no /Lang", "not /Marked", "no DisplayDocTitle"] {
        fails(check_catalog, &pdf, what);
    }
    let pdf = broken(|pdf| {
        let id = pdf.catalog().unwrap().get(b"Metadata").unwrap().as_reference().unwrap();
        let s = pdf.get_object_mut(id).unwrap().as_stream_mut().unwrap();
        let xmp = String::from_utf8_lossy(&s.content).replace("<pdfuaid:part>1</pdfuaid:part>", "");
        s.set_plain_content(xmp.into_bytes());
    });
    fails(check_catalog, &pdf, "no pdfuaid");
    let pdf = broken(|pdf| {
        let info = pdf.trailer.get(b"Info").unwrap().as_reference().unwrap();
        let d = pdf.get_dictionary_mut(info).unwrap();
        d.set("ModDate", Object::string_literal("D:20010101000000+00'00'"));
        d.set("Subject", Object::string_literal(""));
    });
    fails(check_catalog, &pdf, "xmp:ModifyDate");
    fails(check_catalog, &pdf, "empty information entry");
}

#[test]
fn a_font_without_tounicode_is_found() {
    let pdf = broken(|pdf| {
        let font = pdf
            .objects
            .iter()
            .find(|(_, o)| o.as_dict().is_ok_and(|d| d.has_type(b"Font") && d.get(b"ToUnicode").is_ok()))
            .map(|(&id, _)| id)
            .unwrap();
        pdf.get_dictionary_mut(font).unwrap().remove(b"ToUnicode");
    });
    fails(check_fonts, &pdf, "without ToUnicode");
}

// ---- Reading order. ----

/// The text of the structure tree in reading order, leaving out what is not the source's
/// running text: labels (list markers, note numbers), figures (their text is the chart's,
/// described by /Alt), the title page and the pages of the contents.
fn tag_order_text(pdf: &Pdf) -> String {
    let t = tree(pdf).unwrap();
    let in_toc = |mut e: usize| loop {
        if t.elems[e].role == "TOC" {
            return true;
        }
        match t.elems[e].parent {
            Some(p) => e = p,
            None => return false,
        }
    };
    let front: HashSet<ObjectId> = t.mcids.iter().filter(|m| in_toc(m.0)).map(|m| m.1).collect();
    let texts: HashMap<(ObjectId, i64), String> = page_texts(pdf)
        .into_iter()
        .flat_map(|(pid, runs)| {
            let mut m: BTreeMap<i64, String> = BTreeMap::new();
            for (mk, s) in runs {
                if let Marked::Mcid(id) = mk {
                    m.entry(id).or_default().push_str(&s);
                }
            }
            m.into_iter().map(move |(id, s)| ((pid, id), s))
        })
        .collect();
    let skipped = |mut e: usize| -> bool {
        loop {
            // Labels, charts, and the title block (a Div: the title, dates and place, on the
            // title page or atop a short document's first page) are not the source's text.
            if matches!(t.elems[e].role.as_str(), "Lbl" | "Figure" | "Div") {
                return true;
            }
            match t.elems[e].parent {
                Some(p) => e = p,
                None => return false,
            }
        }
    };
    let mut out = String::new();
    for &(e, pg, m) in &t.mcids {
        if !front.contains(&pg) && !skipped(e) {
            out.push_str(texts.get(&(pg, m)).map_or("", String::as_str));
            out.push(' ');
        }
    }
    out
}

/// Lower-case letter-and-digit words.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).map(str::to_lowercase).collect()
}

/// The source's words in the order the PDF sets them: footnote definitions last.
fn source_words(doc: &Document) -> Vec<String> {
    fn inl(v: &[Inline], out: &mut String) {
        out.push_str(&reportkit_model::inline_text(v));
        out.push(' ');
    }
    fn blocks(bs: &[Block], out: &mut String, notes: &mut String) {
        for b in bs {
            match b {
                Block::Paragraph { content, .. } | Block::Heading { content, .. } => inl(content, out),
                Block::List { items, .. } => items.iter().for_each(|i| blocks(&i.blocks, out, notes)),
                Block::Table { header, rows, .. } => {
                    for r in std::iter::once(header).chain(rows) {
                        r.cells.iter().for_each(|c| inl(c, out));
                    }
                }
                Block::Quote { blocks: q, attribution, .. } => {
                    blocks(q, out, notes);
                    if let Some(a) = attribution {
                        inl(&a.name, out);
                        a.roles.iter().for_each(|r| inl(r, out));
                    }
                }
                Block::Code { text, .. } => out.push_str(text),
                Block::Html { html, .. } => out.push_str(html),
                Block::ThematicBreak { .. } => {}
                Block::FootnoteDefinition { blocks: b, .. } => {
                    let mut inner = String::new();
                    blocks(b, &mut inner, notes);
                    notes.push_str(&inner);
                }
            }
            out.push(' ');
        }
    }
    fn sections(ss: &[Section], out: &mut String, notes: &mut String) {
        for s in ss {
            inl(&s.title, out);
            blocks(&s.blocks, out, notes);
            sections(&s.children, out, notes);
        }
    }
    let (mut s, mut notes) = (String::new(), String::new());
    blocks(&doc.blocks, &mut s, &mut notes);
    sections(&doc.sections, &mut s, &mut notes);
    for a in &doc.articles {
        s.push_str(&a.headline);
        s.push(' ');
        blocks(&a.blocks, &mut s, &mut notes);
        sections(&a.sections, &mut s, &mut notes);
    }
    s.push_str(&notes);
    words(&s)
}

/// Where two word sequences first differ, with context.
fn first_difference(want: &[String], have: &[String]) -> Option<String> {
    let i = want.iter().zip(have).position(|(a, b)| a != b).unwrap_or(want.len().min(have.len()));
    if i == want.len() && i == have.len() {
        return None;
    }
    let ctx = |v: &[String]| v[i.saturating_sub(6)..(i + 6).min(v.len())].join(" ");
    Some(format!("word {i} of {}/{}: source …{}… tags …{}…", want.len(), have.len(), ctx(want), ctx(have)))
}

#[test]
fn text_in_tag_order_is_the_source_in_order() {
    for f in ["igf2025-summary-report.md", "news-feed-igf2025.txt", "wsis-2025-session-outcome.txt"] {
        let doc = parse(&fixture(f));
        let pdf = render(&doc, &opts());
        let have = words(&tag_order_text(&pdf));
        if let Some(d) = first_difference(&source_words(&doc), &have) {
            panic!("{f}: {d}");
        }
    }
}

#[test]
fn the_reading_order_check_finds_a_footer_inside_a_sentence() {
    // The same document with its running footers tagged as content: a page number and the
    // title then come between the two halves of a sentence.
    let doc = parse(&fixture("igf2025-summary-report.md"));
    let pdf = render(&doc, &opts());
    let want = source_words(&doc);
    let mut broken = pdf.clone();
    untag_artifacts(&mut broken);
    let have = words(&tag_order_text(&broken));
    assert!(first_difference(&want, &have).is_some(), "footers read as body text go unnoticed");
}

/// Turn every artifact sequence of every page into content of the page's first structure
/// element, listed in the parent tree: a writer that tagged its footers as body text.
fn untag_artifacts(pdf: &mut Pdf) {
    let t = tree(pdf).unwrap();
    for (_, pid) in pdf.get_pages() {
        // The MCID of the last content run on the page: the footer joins it.
        let Some(&(_, _, last)) = t.mcids.iter().filter(|m| m.1 == pid).max_by_key(|m| m.2) else { continue };
        let mut content = Content::decode(&pdf.get_page_content(pid)).unwrap();
        for o in &mut content.operations {
            if o.operator == "BDC" && o.operands.first().and_then(|n| n.as_name().ok()) == Some(b"Artifact") {
                let mut d = Dictionary::new();
                d.set("MCID", Object::Integer(last));
                o.operands = vec![Object::Name(b"P".to_vec()), Object::Dictionary(d)];
            }
        }
        let bytes = content.encode().unwrap();
        let cid = pdf.get_page_contents(pid)[0];
        pdf.objects.insert(cid, Object::Stream(lopdf::Stream::new(Dictionary::new(), bytes)));
    }
}
