//! `--pdf-standard`: what a PDF/A-2 claim adds to the file (the sRGB output intent, the XMP
//! identification) and what PDF/A-2 asks of the file structure the writer makes (trailer id, no
//! encryption, embedded fonts with Unicode maps, printable annotations, no transparency,
//! uncompressed XMP equal to the information dictionary, the header); and the refusal of what a
//! standard asked for cannot meet. The PDFs are read back with lopdf.
//!
//! Every check is a function returning the problems it finds, and each is shown to fail on a
//! PDF that lacks what it checks (the default PDF, or one broken on purpose through lopdf).

mod common;

use common::text_of;
use lopdf::{Dictionary, Document as Pdf, Object};
use reportkit_model::Document;
use reportkit_pdf::{PdfA, PdfError, PdfOptions, Standards};

type Problems = Vec<String>;

fn fixture(name: &str) -> Document {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/igf2025").join(name);
    let text = std::fs::read(&path).unwrap();
    reportkit_parse::parse(&path.to_string_lossy(), &text, None).unwrap().remove(0)
}

fn md(text: &str) -> Document {
    reportkit_parse::parse("sample.md", text.as_bytes(), None).unwrap().remove(0)
}

fn opts(list: Option<&str>) -> PdfOptions {
    PdfOptions {
        source_date_epoch: Some(1_751_241_600),
        standards: list.map(|l| Standards::parse(l).unwrap()).unwrap_or_default(),
        ..PdfOptions::default()
    }
}

fn bytes(doc: &Document, list: Option<&str>) -> Vec<u8> {
    reportkit_pdf::render_pdf(doc, &opts(list)).unwrap()
}

fn load(b: &[u8]) -> Pdf {
    Pdf::load_mem(b).unwrap()
}

/// A short document with a link (an annotation), a table and a list.
fn sample() -> Document {
    md("# Harbour survey\n\nThe board counted [nets](https://example.org/nets) and boats.\n\n## Tallies\n\n\
        | Kind | Count |\n|---|---:|\n| Sloops | 12 |\n\n- one\n- two\n")
}

fn deref<'a>(pdf: &'a Pdf, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => pdf.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

/// The XMP packet, and whether its stream is filtered.
fn xmp(pdf: &Pdf) -> (String, bool) {
    let id = pdf.catalog().unwrap().get(b"Metadata").unwrap().as_reference().unwrap();
    let s = pdf.get_object(id).unwrap().as_stream().unwrap();
    (String::from_utf8(s.content.clone()).unwrap(), s.dict.get(b"Filter").is_ok())
}

/// The value of an XMP property written as `<prop>value</prop>`.
fn xmp_value(xmp: &str, prop: &str) -> Option<String> {
    let open = format!("<{prop}>");
    let start = xmp.find(&open)? + open.len();
    let end = xmp[start..].find(&format!("</{prop}>"))? + start;
    Some(xmp[start..end].to_string())
}

/// The problems of the output intent: one /OutputIntent, GTS_PDFA1, sRGB, with an ICC profile
/// stream of three components whose header is an RGB display profile.
fn output_intent_problems(pdf: &Pdf) -> Problems {
    let mut p = Vec::new();
    let Ok(intents) = pdf.catalog().unwrap().get(b"OutputIntents") else {
        return vec!["the catalog has no /OutputIntents".into()];
    };
    let Ok(intents) = deref(pdf, intents).as_array() else { return vec!["/OutputIntents is not an array".into()] };
    if intents.len() != 1 {
        p.push(format!("{} output intents, not 1", intents.len()));
    }
    let Some(Ok(oi)) = intents.first().map(|o| deref(pdf, o).as_dict()) else {
        p.push("the output intent is not a dictionary".into());
        return p;
    };
    let name = |d: &Dictionary, k: &[u8]| d.get(k).and_then(Object::as_name).map(|n| n.to_vec()).ok();
    if name(oi, b"Type").as_deref() != Some(b"OutputIntent") {
        p.push("/Type is not /OutputIntent".into());
    }
    if name(oi, b"S").as_deref() != Some(b"GTS_PDFA1") {
        p.push("/S is not /GTS_PDFA1".into());
    }
    if oi.get(b"OutputConditionIdentifier").ok().and_then(text_of).as_deref() != Some("sRGB IEC61966-2.1") {
        p.push("/OutputConditionIdentifier is not (sRGB IEC61966-2.1)".into());
    }
    if oi.get(b"Info").ok().and_then(text_of).is_none() {
        p.push("no /Info".into());
    }
    let Ok(profile) = oi.get(b"DestOutputProfile").and_then(|o| deref(pdf, o).as_stream()) else {
        p.push("/DestOutputProfile is not a stream".into());
        return p;
    };
    if profile.dict.get(b"N").and_then(Object::as_i64).ok() != Some(3) {
        p.push("the profile's /N is not 3".into());
    }
    let icc = if profile.dict.get(b"Filter").is_ok() {
        profile.decompressed_content().unwrap_or_default()
    } else {
        profile.content.clone()
    };
    if icc.len() < 132 {
        p.push(format!("the profile has {} bytes, less than an ICC header and tag count", icc.len()));
        return p;
    }
    if &icc[36..40] != b"acsp" {
        p.push(format!("the profile's signature at 36 is {:?}, not 'acsp'", &icc[36..40]));
    }
    if &icc[16..20] != b"RGB " {
        p.push(format!("the profile's colour space is {:?}, not 'RGB '", String::from_utf8_lossy(&icc[16..20])));
    }
    if &icc[12..16] != b"mntr" {
        p.push(format!("the profile's class is {:?}, not 'mntr'", String::from_utf8_lossy(&icc[12..16])));
    }
    if u32::from_be_bytes([icc[0], icc[1], icc[2], icc[3]]) as usize != icc.len() {
        p.push("the profile's size field is not its length".into());
    }
    if icc[8] > 4 {
        p.push(format!("the profile is ICC version {}, above 4", icc[8]));
    }
    p
}

/// What PDF/A-2 asks of the file structure this writer makes.
fn structure_problems(b: &[u8], pdf: &Pdf) -> Problems {
    let mut p = Vec::new();
    // 6.1.2: the header, version 1.7 at most, then a comment of four bytes above 127.
    let first = b.split(|&c| c == b'\n').next().unwrap_or_default();
    if !matches!(first, b"%PDF-1.4" | b"%PDF-1.5" | b"%PDF-1.6" | b"%PDF-1.7") {
        p.push(format!("header {:?}", String::from_utf8_lossy(first)));
    }
    let second = b.split(|&c| c == b'\n').nth(1).unwrap_or_default();
    if !(second.len() >= 5 && second[0] == b'%' && second[1..5].iter().all(|&c| c > 127)) {
        p.push(format!("the second line {second:?} is not a binary comment"));
    }
    // 6.1.3: a file id, no encryption.
    match pdf.trailer.get(b"ID").and_then(Object::as_array) {
        Ok(a) if a.len() == 2 && a.iter().all(|o| matches!(o, Object::String(s, _) if !s.is_empty())) => {}
        _ => p.push("the trailer has no /ID of two strings".into()),
    }
    if pdf.trailer.get(b"Encrypt").is_ok() {
        p.push("the file is encrypted".into());
    }
    // 6.6.2.1: the XMP is not filtered; 6.6.3: the information dictionary equals it.
    let (x, filtered) = xmp(pdf);
    if filtered {
        p.push("the XMP metadata stream is filtered".into());
    }
    let info = pdf.trailer.get(b"Info").ok().and_then(|o| deref(pdf, o).as_dict().ok()).cloned().unwrap_or_default();
    let pairs: [(&[u8], &str); 5] = [
        (b"Title", "dc:title"),
        (b"Creator", "xmp:CreatorTool"),
        (b"Producer", "pdf:Producer"),
        (b"CreationDate", "xmp:CreateDate"),
        (b"ModDate", "xmp:ModifyDate"),
    ];
    for (key, prop) in pairs {
        let Some(v) = info.get(key).ok().and_then(text_of) else { continue };
        let xv = if prop == "dc:title" {
            x.split_once("<rdf:li xml:lang=\"x-default\">")
                .and_then(|(_, r)| r.split_once("</rdf:li>"))
                .map(|(t, _)| t.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&"))
        } else {
            xmp_value(&x, prop)
        };
        let v = if key == b"CreationDate" || key == b"ModDate" {
            // D:YYYYMMDDHHmmSS+HH'mm' against YYYY-MM-DDTHH:mm:SS+HH:mm.
            let d: String = v.chars().filter(char::is_ascii_digit).collect();
            let xd: String = xv.clone().unwrap_or_default().chars().filter(char::is_ascii_digit).collect();
            if d != xd {
                p.push(format!("/{} {v:?} differs from {prop} {xv:?}", String::from_utf8_lossy(key)));
            }
            continue;
        } else {
            v
        };
        if Some(&v) != xv.as_ref() {
            p.push(format!("/{} {v:?} differs from {prop} {xv:?}", String::from_utf8_lossy(key)));
        }
    }
    if info.get(b"Trapped").is_ok() && !x.contains("pdf:Trapped") {
        p.push("/Trapped has no pdf:Trapped in the XMP".into());
    }
    for (id, o) in &pdf.objects {
        let d = match o {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        let ty = d.get(b"Type").and_then(Object::as_name).ok();
        let sub = d.get(b"Subtype").and_then(Object::as_name).ok();
        // 6.3.2: annotations printed, never hidden or invisible.
        if ty == Some(b"Annot") || (sub == Some(b"Link") && d.get(b"Rect").is_ok()) {
            let f = d.get(b"F").and_then(Object::as_i64).unwrap_or(0);
            if f & 4 == 0 || f & (1 | 2 | 32) != 0 {
                p.push(format!("annotation {id:?} has /F {f}: not printed, or hidden"));
            }
        }
        // 6.2.10 (transparency is allowed, but this writer makes none): no soft mask, no
        // transparency group, no constant alpha below 1.
        if d.get(b"SMask").is_ok_and(|m| m.as_name().map_or(true, |n| n != b"None")) {
            p.push(format!("object {id:?} has a soft mask"));
        }
        if let Ok(g) = d.get(b"Group").map(|g| deref(pdf, g)).and_then(Object::as_dict) {
            if g.get(b"S").and_then(Object::as_name).ok() == Some(b"Transparency") {
                p.push(format!("object {id:?} has a transparency group"));
            }
        }
        for k in [&b"CA"[..], b"ca"] {
            if d.get(k).and_then(Object::as_float).is_ok_and(|a| a < 1.0) {
                p.push(format!("object {id:?} has /{} below 1", String::from_utf8_lossy(k)));
            }
        }
        // 6.2.11.4: every font program embedded; 6.2.11.7.2 (level u): a Unicode map.
        if ty == Some(b"FontDescriptor") && !(d.has(b"FontFile") || d.has(b"FontFile2") || d.has(b"FontFile3")) {
            p.push(format!("font descriptor {id:?} has no embedded program"));
        }
        if ty == Some(b"Font") && sub == Some(b"Type0") && !d.has(b"ToUnicode") {
            p.push(format!("font {id:?} has no /ToUnicode"));
        }
        if ty == Some(b"Font") && sub == Some(b"CIDFontType2") && !d.has(b"CIDToGIDMap") {
            p.push(format!("CID font {id:?} has no /CIDToGIDMap"));
        }
    }
    p
}

#[test]
fn pdf_a_2u_has_an_srgb_output_intent_with_an_icc_profile() {
    let doc = fixture("igf2025-summary-report.md");
    let a = load(&bytes(&doc, Some("ua-1,a-2u")));
    let problems = output_intent_problems(&a);
    assert!(problems.is_empty(), "{problems:#?}");
    // The check fails where there is no output intent: the default PDF claims no PDF/A.
    let plain = load(&bytes(&doc, None));
    assert_eq!(output_intent_problems(&plain), vec!["the catalog has no /OutputIntents".to_string()]);
}

#[test]
fn xmp_identifies_the_standards_claimed_and_no_other() {
    let doc = sample();
    let cases: [(Option<&str>, Option<&str>, Option<&str>); 6] = [
        (None, Some("1"), None),
        (Some("ua-1"), Some("1"), None),
        (Some("a-2b"), None, Some("B")),
        (Some("a-2u"), None, Some("U")),
        (Some("ua-1,a-2a"), Some("1"), Some("A")),
        (Some("none"), None, None),
    ];
    for (list, ua, conformance) in cases {
        let (x, filtered) = xmp(&load(&bytes(&doc, list)));
        assert!(!filtered, "{list:?}: the XMP is compressed");
        assert_eq!(xmp_value(&x, "pdfuaid:part").as_deref(), ua, "{list:?}: {x}");
        assert_eq!(xmp_value(&x, "pdfaid:conformance").as_deref(), conformance, "{list:?}: {x}");
        assert_eq!(xmp_value(&x, "pdfaid:part").as_deref(), conformance.map(|_| "2"), "{list:?}: {x}");
        if conformance.is_some() {
            assert!(x.contains("xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\""), "{list:?}: {x}");
        }
        // PDF/A admits the PDF/UA property only with its extension schema.
        assert_eq!(
            x.contains("<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"),
            ua.is_some() && conformance.is_some(),
            "{list:?}: {x}"
        );
    }
}

#[test]
fn pdf_a_file_structure_holds_on_the_three_fixtures() {
    for name in ["igf2025-summary-report.md", "news-feed-igf2025.txt", "wsis-2025-session-outcome.txt"] {
        let doc = fixture(name);
        let b = bytes(&doc, Some("ua-1,a-2u"));
        let pdf = load(&b);
        let problems = structure_problems(&b, &pdf);
        assert!(problems.is_empty(), "{name}: {problems:#?}");
    }
}

#[test]
fn the_structure_check_finds_what_pdf_a_forbids() {
    let b = bytes(&sample(), Some("a-2b"));
    let mut pdf = load(&b);
    assert!(structure_problems(&b, &pdf).is_empty());
    // A hidden annotation, a soft mask, no file id, a filtered XMP, a header of 2.0.
    for o in pdf.objects.values_mut() {
        if let Object::Dictionary(d) = o {
            if d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Link") {
                d.set("F", Object::Integer(2));
            }
            if d.get(b"Type").and_then(Object::as_name).ok() == Some(b"Page") {
                d.set(
                    "Group",
                    Object::Dictionary(Dictionary::from_iter([("S", Object::Name(b"Transparency".to_vec()))])),
                );
            }
        }
    }
    pdf.trailer.remove(b"ID");
    let meta = pdf.catalog().unwrap().get(b"Metadata").unwrap().as_reference().unwrap();
    pdf.get_object_mut(meta)
        .unwrap()
        .as_stream_mut()
        .unwrap()
        .dict
        .set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let mut header = b"%PDF-2.0\n".to_vec();
    header.extend_from_slice(&b[9..]);
    let p = structure_problems(&header, &pdf).join("\n");
    for want in ["header", "has /F 2", "transparency group", "no /ID", "XMP metadata stream is filtered"] {
        assert!(p.contains(want), "{want}: {p}");
    }
}

#[test]
fn the_icc_profile_keeps_the_output_deterministic() {
    let doc = sample();
    let a = bytes(&doc, Some("ua-1,a-2u"));
    assert_eq!(a, bytes(&doc, Some("ua-1,a-2u")));
    // The claims are part of the file id: another claim, another file.
    assert_ne!(a, bytes(&doc, Some("ua-1,a-2b")));
}

fn refusal(doc: &Document, list: &str) -> String {
    match reportkit_pdf::render_pdf(doc, &opts(Some(list))) {
        Err(PdfError::Unmet(m)) => m,
        Err(e) => panic!("{list}: another error: {e}"),
        Ok(_) => panic!("{list}: a PDF was made"),
    }
}

#[test]
fn ua_1_refuses_a_document_without_a_title() {
    let mut doc = sample();
    doc.title = "  ".into();
    let m = refusal(&doc, "ua-1");
    assert!(m.contains("cannot meet PDF/UA-1 (--pdf-standard ua-1)"), "{m}");
    assert!(m.contains("the document has no title"), "{m}");
    assert!(m.contains("--pdf-standard none"), "{m}");
    // PDF/A-2b does not ask for a title.
    assert!(reportkit_pdf::render_pdf(&doc, &opts(Some("a-2b"))).is_ok());
    // By default the claim is left out, with a note, and the XMP does not make it.
    let r = reportkit_pdf::render(&doc, &opts(None)).unwrap();
    assert_eq!(r.standards, Standards { ua1: false, pdfa: None, required: false });
    assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
    assert!(r.notes[0].starts_with("the PDF does not claim PDF/UA-1: the document has no title"), "{:?}", r.notes);
    assert_eq!(xmp_value(&xmp(&load(&r.bytes)).0, "pdfuaid:part"), None);
    // A document with a title keeps the default claim, without a note.
    let r = reportkit_pdf::render(&sample(), &opts(None)).unwrap();
    assert!(r.standards.ua1 && r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn ua_1_refuses_an_image_without_alternative_text() {
    let doc = md("# Ports\n\nThe map ![](maps/harbour.png) shows the quays.\n\n## More\n\nA [link ![](icon.svg)](https://example.org).\n");
    let m = refusal(&doc, "ua-1,a-2u");
    assert!(m.contains("cannot meet PDF/UA-1 and PDF/A-2u"), "{m}");
    assert!(m.contains("line 3: the image \"maps/harbour.png\" has no alternative text"), "{m}");
    assert!(m.contains("line 7: the image \"icon.svg\""), "{m}");
    assert!(m.contains("![what it shows](maps/harbour.png)"), "{m}");
    // With alternative text, or without the UA claim, the PDF is made.
    let described = md("# Ports\n\nThe map ![quays and berths](maps/harbour.png) shows the quays.\n");
    assert!(reportkit_pdf::render_pdf(&described, &opts(Some("ua-1"))).is_ok());
    assert!(reportkit_pdf::render_pdf(&doc, &opts(Some("a-2u"))).is_ok());
}

#[test]
fn every_standard_refuses_a_character_without_a_glyph() {
    // An Egyptian hieroglyph: DejaVu has none, so it would be drawn as the missing-glyph box.
    let doc = md("# Signs\n\nThe sign \u{13000} is old.\n");
    for list in ["a-2b", "ua-1"] {
        let m = refusal(&doc, list);
        assert!(m.contains("1 character has no glyph in the embedded DejaVu fonts"), "{m}");
        assert!(m.contains("U+13000"), "{m}");
    }
    assert!(reportkit_pdf::render_pdf(&doc, &opts(Some("none"))).is_ok());
}

#[test]
fn two_pdf_a_levels_are_refused() {
    for list in ["a-2b,a-2u", "ua-1,a-2u,a-2a"] {
        let e = Standards::parse(list).unwrap_err();
        assert!(e.contains("are two levels of PDF/A-2"), "{list}: {e}");
    }
    let s = Standards::parse("a-2a,ua-1").unwrap();
    assert_eq!((s.ua1, s.pdfa), (true, Some(PdfA::A)));
}
