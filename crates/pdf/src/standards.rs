//! The standards a PDF claims to meet (`--pdf-standard`): PDF/UA-1 (ISO 14289-1) and PDF/A-2
//! (ISO 19005-2) at level b, u or a, and what a document must give for each claim to hold.
//!
//! The writer always makes the same tagged PDF; a claim adds what the standard asks of the file
//! (the PDF/A output intent, the XMP identification) once the document is known to meet it. A
//! claim asked for explicitly is refused when the document cannot meet it; the default claim
//! (PDF/UA-1) is dropped instead, with a note saying why.

use std::fmt;
use std::str::FromStr;

use reportkit_model::{Block, Document, Inline};

/// A conformance level of PDF/A-2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfA {
    /// PDF/A-2b: the visual appearance is preserved.
    B,
    /// PDF/A-2u: b, and every character maps to Unicode.
    U,
    /// PDF/A-2a: u, and the document is tagged (logical structure, language, alternative text).
    A,
}

impl PdfA {
    /// The conformance letter as XMP writes it (`pdfaid:conformance`).
    pub fn letter(self) -> &'static str {
        match self {
            PdfA::B => "B",
            PdfA::U => "U",
            PdfA::A => "A",
        }
    }

    /// The value of `--pdf-standard` that asks for it.
    pub fn flag(self) -> &'static str {
        match self {
            PdfA::B => "a-2b",
            PdfA::U => "a-2u",
            PdfA::A => "a-2a",
        }
    }
}

/// The standards a PDF claims to meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standards {
    /// PDF/UA-1: `pdfuaid:part 1` in the XMP metadata.
    pub ua1: bool,
    /// PDF/A-2 at this level: an sRGB output intent and `pdfaid:part 2` in the XMP metadata.
    pub pdfa: Option<PdfA>,
    /// The claims were asked for (`--pdf-standard`): a document that cannot meet them is
    /// refused. When false (the default), a claim the document cannot meet is left out and
    /// [`crate::Rendered::notes`] says why.
    pub required: bool,
}

impl Default for Standards {
    /// PDF/UA-1, dropped with a note for a document that cannot meet it.
    fn default() -> Self {
        Standards { ua1: true, pdfa: None, required: false }
    }
}

/// The values `--pdf-standard` takes.
pub const VALUES: &[&str] = &["ua-1", "a-2b", "a-2u", "a-2a", "none"];

impl Standards {
    /// No claim at all (the PDF is tagged all the same).
    pub fn none() -> Self {
        Standards { ua1: false, pdfa: None, required: true }
    }

    /// Parse a comma-separated list of `ua-1`, `a-2b`, `a-2u`, `a-2a` or `none`: PDF/UA-1 goes
    /// with any one PDF/A-2 level; two PDF/A-2 levels, or `none` with a standard, are refused.
    pub fn parse(list: &str) -> Result<Standards, String> {
        let mut s = Standards::none();
        let mut none = false;
        for item in list.split(',').map(str::trim) {
            let a = match item.to_ascii_lowercase().as_str() {
                "ua-1" | "ua1" | "pdf/ua-1" => {
                    s.ua1 = true;
                    None
                }
                "a-2b" | "pdf/a-2b" => Some(PdfA::B),
                "a-2u" | "pdf/a-2u" => Some(PdfA::U),
                "a-2a" | "pdf/a-2a" => Some(PdfA::A),
                "none" => {
                    none = true;
                    None
                }
                "" => {
                    return Err(format!("empty item in {list:?}; give a comma-separated list of {}", VALUES.join(", ")))
                }
                _ => {
                    return Err(format!(
                        "unknown PDF standard {item:?}; the values are {} (comma-separated, e.g. ua-1,a-2u)",
                        VALUES.join(", ")
                    ))
                }
            };
            if let Some(a) = a {
                if let Some(old) = s.pdfa.filter(|&old| old != a) {
                    return Err(format!(
                        "{} and {} are two levels of PDF/A-2, and a file claims one; keep one of them (a-2a includes what a-2u and a-2b ask)",
                        old.flag(),
                        a.flag()
                    ));
                }
                s.pdfa = Some(a);
            }
        }
        if none && (s.ua1 || s.pdfa.is_some()) {
            return Err(format!(
                "`none` claims no standard and cannot go with others in {list:?}; give one or the other"
            ));
        }
        Ok(s)
    }

    /// Whether the PDF claims any standard.
    pub fn any(&self) -> bool {
        self.ua1 || self.pdfa.is_some()
    }

    /// The claims by their names, e.g. `["PDF/UA-1", "PDF/A-2u"]`.
    pub fn names(&self) -> Vec<String> {
        let mut v = Vec::new();
        if self.ua1 {
            v.push("PDF/UA-1".to_string());
        }
        if let Some(a) = self.pdfa {
            v.push(format!("PDF/A-2{}", a.letter().to_ascii_lowercase()));
        }
        v
    }
}

impl FromStr for Standards {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Standards::parse(s)
    }
}

impl fmt::Display for Standards {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut v: Vec<&str> = Vec::new();
        if self.ua1 {
            v.push("ua-1");
        }
        if let Some(a) = self.pdfa {
            v.push(a.flag());
        }
        if v.is_empty() {
            v.push("none");
        }
        f.write_str(&v.join(","))
    }
}

/// What the document's source lacks for PDF/UA-1: a title, alternative text of its images.
/// Each item says what is missing, where, and what to do.
pub fn unmet_ua1(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    if doc.title.trim().is_empty() {
        out.push(
            "the document has no title, which PDF/UA-1 shows as the window title and needs in the metadata; \
             give it one (a first heading, `title:` in the front matter, or the `title` of the JSON)"
                .to_string(),
        );
    }
    let mut images = Vec::new();
    let mut check = |inl: &[Inline], line: u32| {
        fn go(v: &[Inline], line: u32, out: &mut Vec<(u32, String)>) {
            for i in v {
                match i {
                    Inline::Image { url, alt, .. } if reportkit_model::inline_text(alt).trim().is_empty() => {
                        out.push((line, url.clone()));
                    }
                    Inline::Emphasis { children }
                    | Inline::Strong { children }
                    | Inline::Strikethrough { children }
                    | Inline::Superscript { children }
                    | Inline::Subscript { children }
                    | Inline::Link { children, .. } => go(children, line, out),
                    _ => {}
                }
            }
        }
        go(inl, line, &mut images);
    };
    let mut blocks: Vec<&Block> = Vec::new();
    reportkit_model::walk_blocks(&doc.blocks, &mut |b| blocks.push(b));
    let mut titles = Vec::new();
    reportkit_model::walk_sections(&doc.sections, &mut |s, _| {
        titles.push(s);
        reportkit_model::walk_blocks(&s.blocks, &mut |b| blocks.push(b));
    });
    for a in &doc.articles {
        reportkit_model::walk_blocks(&a.blocks, &mut |b| blocks.push(b));
        reportkit_model::walk_sections(&a.sections, &mut |s, _| {
            titles.push(s);
            reportkit_model::walk_blocks(&s.blocks, &mut |b| blocks.push(b));
        });
    }
    for s in titles {
        check(&s.title, s.heading_span.start);
    }
    for b in blocks {
        let line = b.span().start;
        match b {
            Block::Paragraph { content, .. } | Block::Heading { content, .. } => check(content, line),
            Block::Table { header, rows, .. } => {
                for r in std::iter::once(header).chain(rows) {
                    for c in &r.cells {
                        check(c, line);
                    }
                }
            }
            _ => {}
        }
    }
    images.sort();
    images.dedup();
    for (line, url) in images {
        out.push(format!(
            "line {line}: the image {url:?} has no alternative text, which PDF/UA-1 requires of every image; \
             describe it (Markdown `![what it shows]({url})`, HTML `alt=\"what it shows\"`)"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_combine_ua_with_one_pdfa_level() {
        let s = Standards::parse("ua-1,a-2u").unwrap();
        assert_eq!((s.ua1, s.pdfa, s.required), (true, Some(PdfA::U), true));
        assert_eq!(s.to_string(), "ua-1,a-2u");
        assert_eq!(Standards::parse(" A-2b ").unwrap().pdfa, Some(PdfA::B));
        assert!(!Standards::parse("a-2b").unwrap().ua1);
        assert_eq!(Standards::parse("none").unwrap(), Standards::none());
        let e = Standards::parse("a-2b,a-2u").unwrap_err();
        assert!(e.contains("a-2b and a-2u are two levels of PDF/A-2"), "{e}");
        assert!(Standards::parse("a-2u,a-2u").is_ok());
        assert!(Standards::parse("none,ua-1").unwrap_err().contains("`none`"));
        assert!(Standards::parse("a-3b").unwrap_err().contains("unknown PDF standard \"a-3b\""));
        assert!(Standards::parse("ua-1,").unwrap_err().contains("empty item"));
    }
}
