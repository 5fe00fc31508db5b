//! Writing the finished document to bytes: object streams and a cross-reference stream.
//!
//! lopdf's own writer with object streams first copies every object that goes into one, so the
//! whole document was held twice while it was written: the ×100 report peaked at 1.18 GB, of
//! which 0.49 GB were the copies. Here the objects are taken out of the document, and each
//! object stream is serialized, deflated and written, and its objects freed, before the next is
//! made: the peak is the document plus the output.
//!
//! The file: the header, with a comment of four bytes above 127 (PDF/A-2, 6.1.2); every stream,
//! and every object the file's structure keeps outside object streams (ISO 32000-1 7.5.7: no
//! stream, no object of another generation), written whole; the other objects, in id order,
//! packed `per_stream` to an object stream; then one cross-reference stream that also carries
//! the trailer.

use std::io::Write;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use crate::PdfError;

/// An object with its id.
type Numbered = (ObjectId, Object);

/// One cross-reference entry: where an object written whole starts, with its generation, or
/// its place in an object stream.
#[derive(Clone, Copy)]
enum Entry {
    Free,
    At { offset: usize, generation: u16 },
    In { stream: u32, index: u32 },
}

/// Serialize `lo` (its objects are taken out), deflating object streams and the cross-reference
/// stream at zlib `level`.
pub(crate) fn save(lo: &mut lopdf::Document, per_stream: usize, level: u32) -> Result<Vec<u8>, PdfError> {
    let objects = std::mem::take(&mut lo.objects);
    let max_id = objects.keys().map(|id| id.0).max().unwrap_or(0);
    let encrypt = lo.trailer.get(b"Encrypt").and_then(Object::as_reference).ok();
    let (whole, packed): (Vec<Numbered>, Vec<Numbered>) =
        objects.into_iter().partition(|(id, o)| matches!(o, Object::Stream(_)) || id.1 != 0 || Some(*id) == encrypt);
    let per_stream = per_stream.max(1);
    let streams = packed.len().div_ceil(per_stream) as u32;
    // Ids: the document's, then one per object stream, then the cross-reference stream.
    let xref_id = max_id + streams + 1;
    let mut entries = vec![Entry::Free; xref_id as usize + 1];

    let mut out = Vec::new();
    write!(out, "%PDF-{}\n%", lo.version).map_err(io)?;
    out.extend_from_slice(&lo.binary_mark);
    out.push(b'\n');
    for (id, o) in whole {
        entries[id.0 as usize] = Entry::At { offset: out.len(), generation: id.1 };
        indirect(&mut out, id, &o);
    }
    let mut packed = packed.into_iter();
    for k in 0..streams {
        let stream_id = max_id + 1 + k;
        let mut table = Vec::new();
        let mut body = Vec::new();
        let mut n = 0;
        for (id, o) in packed.by_ref().take(per_stream) {
            entries[id.0 as usize] = Entry::In { stream: stream_id, index: n };
            write!(table, "{} {} ", id.0, body.len()).map_err(io)?;
            object(&mut body, &o);
            body.push(b' ');
            n += 1;
        }
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        dict.set("N", Object::Integer(i64::from(n)));
        dict.set("First", Object::Integer(table.len() as i64));
        table.extend_from_slice(&body);
        drop(body);
        let s = deflated(dict, table, level);
        entries[stream_id as usize] = Entry::At { offset: out.len(), generation: 0 };
        indirect(&mut out, (stream_id, 0), &s);
    }

    // The cross-reference stream: type, offset or stream (4 bytes), generation or index (2).
    let start = out.len();
    entries[xref_id as usize] = Entry::At { offset: start, generation: 0 };
    let mut table = Vec::with_capacity(entries.len() * 7);
    for e in &entries {
        let (kind, field2, field3): (u8, u32, u16) = match *e {
            Entry::Free => (0, 0, 0),
            Entry::At { offset, generation } => (1, u32::try_from(offset).map_err(|_| too_large())?, generation),
            Entry::In { stream, index } => (2, stream, u16::try_from(index).map_err(|_| too_large())?),
        };
        table.push(kind);
        table.extend_from_slice(&field2.to_be_bytes());
        table.extend_from_slice(&field3.to_be_bytes());
    }
    // Object 0 heads the list of free objects, with the generation 65535.
    table[5..7].copy_from_slice(&u16::MAX.to_be_bytes());
    let mut dict = lo.trailer.clone();
    dict.remove(b"Prev");
    dict.set("Type", Object::Name(b"XRef".to_vec()));
    dict.set("Size", Object::Integer(i64::from(xref_id) + 1));
    dict.set("W", Object::Array(vec![Object::Integer(1), Object::Integer(4), Object::Integer(2)]));
    let s = deflated(dict, table, level);
    indirect(&mut out, (xref_id, 0), &s);
    write!(out, "startxref\n{start}\n%%EOF\n").map_err(io)?;
    Ok(out)
}

fn io(e: std::io::Error) -> PdfError {
    PdfError::Internal(format!("writing the PDF: {e}"))
}

fn too_large() -> PdfError {
    PdfError::Internal("the PDF is larger than 4 GB or an object stream holds over 65,535 objects".to_string())
}

/// A stream of `content` with `dict`, deflated when that makes it smaller.
fn deflated(mut dict: Dictionary, content: Vec<u8>, level: u32) -> Object {
    let content = match crate::content::deflate(&content, level) {
        Some(packed) => {
            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            packed
        }
        None => content,
    };
    Object::Stream(lopdf::Stream::new(dict, content))
}

/// `id gen obj … endobj`.
fn indirect(out: &mut Vec<u8>, id: ObjectId, o: &Object) {
    let _ = writeln!(out, "{} {} obj", id.0, id.1);
    object(out, o);
    out.extend_from_slice(b"\nendobj\n");
}

/// One object in PDF syntax (ISO 32000-1 7.3). A delimiter (`/`, `(`, `<`, `[`) needs no space
/// before it; a number, keyword or reference after another token does.
fn object(out: &mut Vec<u8>, o: &Object) {
    match o {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Object::Real(r) => real(out, *r),
        Object::Name(n) => name(out, n),
        Object::String(s, StringFormat::Literal) => literal(out, s),
        Object::String(s, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in s {
                let _ = write!(out, "{b:02X}");
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 && bare(item) {
                    out.push(b' ');
                }
                object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => dictionary(out, d),
        Object::Stream(s) => {
            let mut dict = s.dict.clone();
            dict.set("Length", Object::Integer(s.content.len() as i64));
            dictionary(out, &dict);
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference(id) => {
            let _ = write!(out, "{} {} R", id.0, id.1);
        }
    }
}

/// Whether a token starts without a delimiter (a number, keyword or reference).
fn bare(o: &Object) -> bool {
    matches!(o, Object::Null | Object::Boolean(_) | Object::Integer(_) | Object::Real(_) | Object::Reference(_))
}

fn dictionary(out: &mut Vec<u8>, d: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (k, v) in d {
        name(out, k);
        if bare(v) {
            out.push(b' ');
        }
        object(out, v);
    }
    out.extend_from_slice(b">>");
}

/// A real number: the shortest decimal that reads back as the same `f32`, which Rust writes
/// without an exponent (PDF has none); not-a-number and infinities, which PDF cannot write, as 0.
fn real(out: &mut Vec<u8>, r: f32) {
    let r = if r.is_finite() { r } else { 0.0 };
    let _ = write!(out, "{}", if r == 0.0 { 0.0 } else { r });
}

/// A name: bytes outside `!`–`~`, white space and delimiters written as `#xx` (7.3.5).
fn name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        if !(33..=126).contains(&b) || b"()<>[]{}/%#".contains(&b) {
            let _ = write!(out, "#{b:02X}");
        } else {
            out.push(b);
        }
    }
}

/// A literal string: `\`, both parentheses and carriage returns escaped (7.3.4.2).
fn literal(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'(');
    for &b in s {
        match b {
            b'\\' | b'(' | b')' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(o: &Object) -> String {
        let mut out = Vec::new();
        object(&mut out, o);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn objects_are_written_in_pdf_syntax() {
        let mut d = Dictionary::new();
        d.set("S", Object::Name(b"P".to_vec()));
        d.set("K", Object::Array(vec![Object::Integer(1), Object::Integer(2), Object::Reference((7, 0))]));
        d.set("Alt", Object::String(b"a (b) \\ c".to_vec(), StringFormat::Literal));
        d.set("Rect", Object::Array(vec![Object::Real(1.5), Object::Real(-0.0), Object::Real(2.0)]));
        d.set("A b", Object::Boolean(true));
        assert_eq!(
            text(&Object::Dictionary(d)),
            "<</S/P/K[1 2 7 0 R]/Alt(a \\(b\\) \\\\ c)/Rect[1.5 0 2]/A#20b true>>"
        );
        assert_eq!(text(&Object::String(vec![0xFE, 0xFF], StringFormat::Hexadecimal)), "<FEFF>");
    }

    /// The file reads back whole: every object, in and out of object streams, with its
    /// content, from the cross-reference stream.
    #[test]
    fn a_saved_document_reads_back_with_every_object() {
        let mut lo = lopdf::Document::with_version("1.7");
        lo.binary_mark = vec![0xBB, 0xAD, 0xC0, 0xDE];
        let pages = lo.new_object_id();
        let content = lo.add_object(lopdf::Stream::new(Dictionary::new(), b"BT /F1 12 Tf (Hi) Tj ET".to_vec()));
        let mut page = Dictionary::new();
        page.set("Type", Object::Name(b"Page".to_vec()));
        page.set("Parent", Object::Reference(pages));
        page.set("Contents", Object::Reference(content));
        page.set("MediaBox", Object::Array([0, 0, 595, 842].iter().map(|&v| Object::Integer(v)).collect()));
        let page = lo.add_object(page);
        let mut tree = Dictionary::new();
        tree.set("Type", Object::Name(b"Pages".to_vec()));
        tree.set("Kids", Object::Array(vec![Object::Reference(page)]));
        tree.set("Count", Object::Integer(1));
        lo.objects.insert(pages, Object::Dictionary(tree));
        let extra: Vec<ObjectId> = (0..7)
            .map(|i| lo.add_object(Object::String(format!("note {i}").into_bytes(), StringFormat::Literal)))
            .collect();
        let mut cat = Dictionary::new();
        cat.set("Type", Object::Name(b"Catalog".to_vec()));
        cat.set("Pages", Object::Reference(pages));
        let cat = lo.add_object(cat);
        lo.trailer.set("Root", Object::Reference(cat));
        let bytes = save(&mut lo, 3, 6).expect("saved");
        assert!(bytes.starts_with(b"%PDF-1.7\n%\xBB\xAD\xC0\xDE\n"));
        let back = lopdf::Document::load_mem(&bytes).expect("reads back");
        assert_eq!(back.get_pages().len(), 1);
        for (i, id) in extra.iter().enumerate() {
            let s = back.get_object(*id).and_then(Object::as_str).expect("packed object");
            assert_eq!(s, format!("note {i}").as_bytes());
        }
        let page = back.get_pages()[&1];
        // (lopdf ends a page's content with a line break of its own.)
        assert_eq!(back.get_page_content(page).trim_ascii_end(), b"BT /F1 12 Tf (Hi) Tj ET");
    }
}
