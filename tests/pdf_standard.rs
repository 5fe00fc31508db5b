//! `--pdf-standard` on `render` and `build`: the claims reach the PDF (read back with lopdf), a
//! list that cannot be met together and a document that cannot meet a claim are refused with
//! exit code 2 and nothing written, and the default claim is dropped with a warning.

mod common;

use std::path::Path;

use common::*;

fn catalog_and_xmp(path: &Path) -> (lopdf::Dictionary, String) {
    let pdf = lopdf::Document::load(path).unwrap();
    let cat = pdf.catalog().unwrap().clone();
    let id = cat.get(b"Metadata").unwrap().as_reference().unwrap();
    let xmp = String::from_utf8(pdf.get_object(id).unwrap().as_stream().unwrap().content.clone()).unwrap();
    (cat, xmp)
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

const NO_ALT: &str = "# Harbour\n\nThe map ![](harbour.png) shows the quays.\n";

#[test]
fn render_writes_the_claims_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.pdf");
    let o = reportkit()
        .args(["render", "fixtures/igf2025/news-ai-cooperation.txt", "--to", "pdf", "-o"])
        .arg(&out)
        .args(["--pdf-standard", "ua-1,a-2u"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (cat, xmp) = catalog_and_xmp(&out);
    assert!(cat.get(b"OutputIntents").is_ok());
    assert!(xmp.contains("<pdfaid:conformance>U</pdfaid:conformance>"), "{xmp}");
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");

    let o = reportkit()
        .args(["render", "fixtures/igf2025/news-ai-cooperation.txt", "--to", "pdf", "-o"])
        .arg(&out)
        .args(["--pdf-standard", "a-2b"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (_, xmp) = catalog_and_xmp(&out);
    assert!(xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"), "{xmp}");
    assert!(!xmp.contains("pdfuaid:part>"), "{xmp}");
}

#[test]
fn two_pdf_a_levels_are_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.pdf");
    let o = reportkit()
        .args(["render", "fixtures/igf2025/news-ai-cooperation.txt", "--to", "pdf", "-o"])
        .arg(&out)
        .args(["--pdf-standard", "a-2b,a-2u"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("a-2b and a-2u are two levels of PDF/A-2"), "{err}");
    assert!(!out.exists());
    let o = reportkit()
        .args(["render", "fixtures/igf2025/news-ai-cooperation.txt", "--to", "json", "--pdf-standard", "ua-1"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--pdf-standard applies to --to pdf only"));
    let o = reportkit()
        .args(["build", "fixtures/igf2025", "--no-pdf", "--pdf-standard", "ua-1", "-o"])
        .arg(dir.path().join("b"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--no-pdf"));
}

#[test]
fn a_document_that_cannot_meet_ua_1_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let src = write(dir.path(), "harbour.md", NO_ALT);
    let out = dir.path().join("harbour.pdf");
    std::fs::write(&out, b"the previous file").unwrap();
    let o = reportkit()
        .args(["render", &src, "--to", "pdf", "-o"])
        .arg(&out)
        .args(["--pdf-standard", "ua-1"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("harbour.md: cannot make the PDF: the document cannot meet PDF/UA-1"), "{err}");
    assert!(err.contains("line 3: the image \"harbour.png\" has no alternative text"), "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), b"the previous file");

    // By default: a PDF without the claim, and a warning saying why.
    let o = reportkit().args(["render", &src, "--to", "pdf", "-o"]).arg(&out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("warning: ") && err.contains("the PDF does not claim PDF/UA-1: line 3"), "{err}");
    let (_, xmp) = catalog_and_xmp(&out);
    assert!(!xmp.contains("pdfuaid:part>"), "{xmp}");
}

#[test]
fn build_names_every_document_it_refuses_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    write(&src, "one.md", NO_ALT);
    write(&src, "two.md", &NO_ALT.replace("harbour.png", "quay.png"));
    let out = dir.path().join("out");
    let o = reportkit()
        .arg("build")
        .arg(&src)
        .arg("-o")
        .arg(&out)
        .args(["--pdf-standard", "ua-1,a-2a", "--no-fail"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("one.md: cannot make the PDF") && err.contains("two.md: cannot make the PDF"), "{err}");
    assert!(err.contains("\"quay.png\""), "{err}");
    assert!(!out.exists());
}

#[test]
fn build_makes_every_pdf_with_the_claims() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = reportkit()
        .args(["build", CORPUS, "--no-fail", "--pdf-standard", "ua-1,a-2u", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut n = 0;
    for e in std::fs::read_dir(&out).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "pdf") {
            let (cat, xmp) = catalog_and_xmp(&p);
            assert!(cat.get(b"OutputIntents").is_ok(), "{}", p.display());
            assert!(xmp.contains("<pdfaid:conformance>U</pdfaid:conformance>"), "{}", p.display());
            n += 1;
        }
    }
    assert_eq!(n, CORPUS_FILES.len());
}
