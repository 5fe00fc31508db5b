//! `render --to pdf`: a valid PDF (qpdf), embedded fonts with Unicode maps (pdffonts), the
//! source words in order (pdftotext), the same bytes on every run, bad input laid out without
//! panicking. Checks that need poppler-utils or qpdf are skipped, with a message, when the
//! tools are not installed.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use reportkit_model::{Block, Document, Inline, Section};

const REPORT: &str = "fixtures/igf2025/igf2025-summary-report.md";

fn have(tool: &str) -> bool {
    let ok = Command::new(tool).arg("-v").output().is_ok() || Command::new(tool).arg("--version").output().is_ok();
    if !ok {
        eprintln!("skipping the {tool} check: {tool} is not installed (apt-get install poppler-utils qpdf)");
    }
    ok
}

/// Render `input` to a PDF in `dir`; returns its path.
fn render(input: &str, dir: &Path, name: &str, extra: &[&str]) -> std::path::PathBuf {
    let out = dir.join(name);
    let mut args = vec!["render", input, "--to", "pdf", "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = reportkit().args(&args).output().unwrap();
    assert!(o.status.success(), "render failed: {}", String::from_utf8_lossy(&o.stderr));
    out
}

fn pdftotext(pdf: &Path) -> String {
    let o = Command::new("pdftotext").args(["-raw", "-enc", "UTF-8"]).arg(pdf).arg("-").output().unwrap();
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap()
}

/// Lower-case letter-and-digit tokens.
fn tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).map(|t| t.to_lowercase()).collect()
}

/// Every word a reader should find, in document order.
fn source_words(doc: &Document) -> Vec<String> {
    fn inl(v: &[Inline], out: &mut String) {
        out.push_str(&reportkit_model::inline_text(v));
        out.push(' ');
    }
    fn blocks(bs: &[Block], out: &mut String) {
        for b in bs {
            match b {
                Block::Paragraph { content, .. } => inl(content, out),
                Block::List { items, .. } => items.iter().for_each(|i| blocks(&i.blocks, out)),
                Block::Table { header, rows, .. } => {
                    for r in std::iter::once(header).chain(rows) {
                        r.cells.iter().for_each(|c| inl(c, out));
                    }
                }
                Block::Quote { blocks: q, attribution, .. } => {
                    blocks(q, out);
                    if let Some(a) = attribution {
                        inl(&a.name, out);
                        a.roles.iter().for_each(|r| inl(r, out));
                    }
                }
                Block::Code { text, .. } => out.push_str(text),
                Block::Html { html, .. } => out.push_str(html),
                Block::ThematicBreak { .. } => {}
                Block::Heading { content, .. } => inl(content, out),
                Block::FootnoteDefinition { blocks: b, .. } => blocks(b, out),
            }
            out.push(' ');
        }
    }
    fn sections(ss: &[Section], out: &mut String) {
        for s in ss {
            inl(&s.title, out);
            blocks(&s.blocks, out);
            sections(&s.children, out);
        }
    }
    let mut s = String::new();
    blocks(&doc.blocks, &mut s);
    sections(&doc.sections, &mut s);
    for a in &doc.articles {
        s.push_str(&a.headline);
        s.push(' ');
        blocks(&a.blocks, &mut s);
        sections(&a.sections, &mut s);
    }
    tokens(&s)
}

/// Whether a line ends with the footer's `page / pages`.
fn ends_with_page_number(l: &str) -> bool {
    let t: Vec<&str> = l.split_whitespace().collect();
    let n = t.len();
    n >= 3 && t[n - 2] == "/" && t[n - 1].parse::<u32>().is_ok() && t[n - 3].parse::<u32>().is_ok()
}

/// The PDF's words without the title page (the only page without a running footer; a short
/// document has none and opens with its title) and the running footers (the title and
/// `page / pages` drawn last on every other page).
fn pdf_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, page) in text.split('\u{c}').enumerate() {
        let mut lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
        if i == 0 && !lines.last().is_some_and(|l| ends_with_page_number(l)) {
            continue;
        }
        if lines.last().is_some_and(|l| ends_with_page_number(l)) {
            let last = lines.pop().unwrap_or_default();
            if last.split_whitespace().count() == 3 {
                lines.pop(); // the title on a line of its own
            }
        }
        for l in &lines {
            out.extend(tokens(l));
        }
    }
    out
}

/// Find `want` in order in `have`; a wanted word may be split over consecutive tokens (a
/// word broken at the end of a line). Returns the index of the first word not found.
fn in_order(want: &[String], have: &[String]) -> Result<(), usize> {
    let mut j = 0;
    'words: for (i, w) in want.iter().enumerate() {
        while j < have.len() {
            if have[j] == *w {
                j += 1;
                continue 'words;
            }
            if w.starts_with(have[j].as_str()) {
                let mut acc = have[j].clone();
                let mut k = j + 1;
                while acc.len() < w.len() && k < have.len() {
                    acc.push_str(&have[k]);
                    k += 1;
                }
                if acc == *w {
                    j = k;
                    continue 'words;
                }
            }
            j += 1;
        }
        return Err(i);
    }
    Ok(())
}

fn parse(path: &str) -> Document {
    let bytes = std::fs::read(root().join(path)).unwrap();
    reportkit_parse::parse(path, &bytes, None).unwrap().remove(0)
}

#[test]
fn the_report_is_a_valid_pdf_with_embedded_unicode_fonts() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = render(REPORT, dir.path(), "r.pdf", &[]);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    if have("qpdf") {
        let o = Command::new("qpdf").arg("--check").arg(&pdf).output().unwrap();
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "qpdf --check failed: {text}");
        assert!(text.contains("No syntax or stream encoding errors"), "{text}");
    }
    if have("pdffonts") {
        let o = Command::new("pdffonts").arg(&pdf).output().unwrap();
        let text = String::from_utf8(o.stdout).unwrap();
        let rows: Vec<&str> = text.lines().skip(2).collect();
        assert!(rows.len() >= 3, "{text}");
        for r in rows {
            let cols: Vec<&str> = r.split_whitespace().collect();
            let n = cols.len();
            // ... emb sub uni objectnum gen
            assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "not embedded with a ToUnicode map: {r}");
            assert!(cols[0].contains("DejaVu"), "{r}");
        }
    }
    if have("pdfinfo") {
        let o = Command::new("pdfinfo").arg(&pdf).output().unwrap();
        let info = String::from_utf8(o.stdout).unwrap();
        assert!(info.contains("Title:           IGF 2025"), "{info}");
        assert!(info.contains("Creator:         reportkit"), "{info}");
        assert!(info.contains("A4"), "{info}");
    }
}

#[test]
fn pdftotext_gives_every_corpus_word_in_order() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for file in CORPUS_FILES {
        let path = format!("{CORPUS}/{file}");
        let pdf = render(&path, dir.path(), &format!("{file}.pdf"), &[]);
        let want = source_words(&parse(&path));
        let have = pdf_words(&pdftotext(&pdf));
        if let Err(i) = in_order(&want, &have) {
            let ctx = want[i.saturating_sub(5)..(i + 5).min(want.len())].join(" ");
            panic!("{file}: word {i} of {} ({:?}) not found in order; around: {ctx}", want.len(), want[i]);
        }
        eprintln!("{file}: {} words found in order", want.len());
    }
}

#[test]
fn same_input_same_bytes_and_dates_from_source_date_epoch() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, epoch: Option<&str>| -> Vec<u8> {
        let out = dir.path().join(name);
        let mut cmd = reportkit();
        match epoch {
            Some(e) => cmd.env("SOURCE_DATE_EPOCH", e),
            None => cmd.env_remove("SOURCE_DATE_EPOCH"),
        };
        let o = cmd.args(["render", REPORT, "--to", "pdf", "-o", out.to_str().unwrap()]).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read(&out).unwrap()
    };
    let a = run("a.pdf", Some("1751241600"));
    let b = run("b.pdf", Some("1751241600"));
    assert!(a == b, "two runs differ");
    // The dates are in the (uncompressed) XMP packet as well as in the information dictionary.
    assert!(String::from_utf8_lossy(&a).contains("2025-06-30T00:00:00+00:00"), "dates from SOURCE_DATE_EPOCH");
    let c = run("c.pdf", Some("1751328000"));
    assert!(c != a, "SOURCE_DATE_EPOCH changes the dates");
    // Without SOURCE_DATE_EPOCH the dates are the time of writing.
    let before = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let now = run("now.pdf", None);
    let year = 1970 + before / 31_556_952;
    assert!(
        String::from_utf8_lossy(&now).contains(&format!("<xmp:CreateDate>{year}-")),
        "creation date of now ({year})"
    );
}

#[test]
fn a_feed_gets_one_chapter_per_article() {
    let doc = parse("fixtures/igf2025/news-feed-igf2025.txt");
    assert!(doc.articles.len() > 1);
    if !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = render("fixtures/igf2025/news-feed-igf2025.txt", dir.path(), "feed.pdf", &[]);
    let text = pdftotext(&pdf);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    for a in &doc.articles {
        let first_words: String = a.headline.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
        // Each headline opens a page.
        assert!(pages.iter().any(|p| p.trim_start().starts_with(&first_words)), "no page opens with {:?}", a.headline);
    }
}

/// A text whose only title is its file's name opens with its text, not with the file name as
/// a heading; the name stays in the running footer.
#[test]
fn a_file_name_is_not_printed_as_a_title() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("harbour-notes-2031.txt");
    std::fs::write(
        &input,
        "The harbour board met on the quay and counted the boats moored for the winter season.\n\
         The count was shared with the town council the following week for its planning.\n",
    )
    .unwrap();
    let pdf = render(input.to_str().unwrap(), dir.path(), "notes.pdf", &[]);
    let text = pdftotext(&pdf);
    assert!(text.trim_start().starts_with("The harbour board met"), "{text}");
}

#[test]
fn bad_input_is_laid_out_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let word = "x".repeat(10_000);
    let cell = "lorem ipsum dolor sit amet ".repeat(400);
    let url = format!("https://example.org/{}", "segment/".repeat(60));
    let md = format!(
        "# Bad input\n\n{word}\n\n| a | b |\n|---|---|\n| {cell} | {word} |\n| short | <{url}> |\n\n- {word}\n\n> {word}\n"
    );
    let src = dir.path().join("bad.md");
    std::fs::write(&src, md).unwrap();
    let pdf = render(src.to_str().unwrap(), dir.path(), "bad.pdf", &[]);
    if have("qpdf") {
        assert!(Command::new("qpdf").arg("--check").arg(&pdf).status().unwrap().success());
    }
    if have("pdftotext") {
        let text = pdftotext(&pdf);
        let xs: usize = text.chars().filter(|&c| c == 'x').count();
        assert!(xs >= 40_000, "the long words are all there ({xs} x)");
        assert!(text.matches("lorem").count() >= 400, "the enormous cell is all there");
    }
}

#[test]
fn pdf_needs_an_output_file_and_a_single_document() {
    let o = reportkit().args(["render", REPORT, "--to", "pdf"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("-o FILE"));
    let o = reportkit().args(["render", CORPUS, "--to", "pdf", "-o", "target/never.pdf"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("one document"));
    let o = reportkit().args(["render", REPORT, "--to", "pdf", "-o", "-"]).output().unwrap();
    assert!(o.status.success());
    assert!(o.stdout.starts_with(b"%PDF-"));
}

#[test]
fn charts_are_drawn_after_their_block_and_can_be_turned_off() {
    let md = "# Results\n\nFirst paragraph before the chart.\n\nSecond paragraph after the chart.\n";
    let doc = reportkit_parse::parse("c.md", md.as_bytes(), None).unwrap().remove(0);
    let chart = reportkit_pdf::Chart {
        section_id: doc.sections[0].id.clone(),
        after_line: 3,
        title: "Participation by region".into(),
        items: vec![("Europe".into(), 41.5), ("Africa".into(), 22.0), ("Asia-Pacific".into(), 18.25)],
        unit: "%".into(),
    };
    let with = reportkit_pdf::PdfOptions { charts_data: vec![chart], ..Default::default() };
    let without = reportkit_pdf::PdfOptions { charts: false, ..with.clone() };
    let a = reportkit_pdf::render_pdf(&doc, &with).unwrap();
    let b = reportkit_pdf::render_pdf(&doc, &without).unwrap();
    assert!(a.len() > b.len());
    if !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("chart.pdf");
    std::fs::write(&p, &a).unwrap();
    let text = pdftotext(&p);
    let first = text.find("First paragraph").unwrap();
    let title = text.find("Participation by region").expect("chart title");
    let second = text.find("Second paragraph").unwrap();
    assert!(first < title && title < second, "{text}");
    assert!(text.contains("41.5%") && text.contains("Asia-Pacific"), "{text}");
    std::fs::write(&p, &b).unwrap();
    assert!(!pdftotext(&p).contains("Participation by region"));
}

#[test]
fn the_report_charts_the_breakdowns_the_checker_finds() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let with = pdftotext(&render(REPORT, dir.path(), "with.pdf", &[]));
    let without = pdftotext(&render(REPORT, dir.path(), "without.pdf", &["--no-charts"]));
    // The session breakdown, numbered and captioned with the sentence that introduces its list
    // (never with the checker's verdict on its sum, which is not part of the publication), and
    // the shares of the remote hubs, each after its list, with a source line.
    let title = "Figure 2. 262 sessions at IGF 2025";
    let at = with.find(title).expect("sessions chart");
    assert!(!with.contains("add up to"), "no verdict in a chart");
    assert!(with[at..].contains("Pre-Events (Day 0 Sessions)"), "bars carry the item labels");
    // A label longer than a line is wrapped, not cut.
    assert!(with[at..].contains("intersessional work main sessions"), "whole labels");
    assert!(with.find("34 Pre-Events").unwrap() < at, "the chart follows its list");
    assert!(with[at..].contains("Source: the list in \u{201c}Sessions\u{201d}."), "a source line");
    assert!(with.contains("from Africa\n76%") || with.contains("from Africa 76%"), "share bars carry their values");
    assert!(with.find("Figure 1.").unwrap() < at, "figures are numbered in order");
    assert!(!without.contains(title));
}

/// Find each of `want` whole, in order, in `have`.
fn whole_in_order(want: &[String], have: &[String]) -> Result<(), usize> {
    let mut j = 0;
    for (i, w) in want.iter().enumerate() {
        match have[j..].iter().position(|h| h == w) {
            Some(k) => j += k + 1,
            None => return Err(i),
        }
    }
    Ok(())
}

/// How many `/ActualText` spans the page streams hold (words broken over lines).
fn actual_text_spans(pdf: &Path) -> usize {
    let out = pdf.with_extension("qdf.pdf");
    let o = Command::new("qpdf").args(["--qdf", "--object-streams=disable"]).arg(pdf).arg(&out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&out).unwrap();
    bytes.windows(b"/ActualText".len()).filter(|w| w == b"/ActualText").count()
}

#[test]
fn hyphenated_words_and_broken_urls_copy_as_whole_words() {
    if !have("pdftotext") || !have("qpdf") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let long_words = "The internationalization of telecommunications infrastructure requires \
        interoperability, accountability and characteristically incomprehensible institutionalization \
        of responsibilities across multistakeholder representativeness. ";
    let url = "https://example.org/a/very/long/path/that/does/not/fit/on/one/line/of/the/page/at/all/even/in/the/body/text/column/of/an/a4/page";
    let md = format!("{}\n\nSee {url} for the rest.\n", long_words.repeat(12));
    let src = dir.path().join("words.md");
    std::fs::write(&src, &md).unwrap();
    let src = src.to_str().unwrap();
    let on = render(src, dir.path(), "on.pdf", &[]);
    let off = render(src, dir.path(), "off.pdf", &["--no-hyphenate"]);
    // Hyphenation is on by default and breaks words; `--no-hyphenate` breaks only the URL.
    let (spans_on, spans_off) = (actual_text_spans(&on), actual_text_spans(&off));
    assert!(spans_on > spans_off + 10, "hyphenated: {spans_on} spans, not: {spans_off}");
    assert!(spans_off >= 2, "the URL is broken over lines: {spans_off} spans");
    // Either way, every word comes out whole, the URL included.
    let want = tokens(&md);
    for pdf in [&on, &off] {
        let text = pdftotext(pdf);
        assert!(text.contains(url), "the URL copies whole");
        let have = pdf_words(&text);
        if let Err(i) = whole_in_order(&want, &have) {
            panic!("{}: word {i} ({:?}) is not whole in the text", pdf.display(), want[i]);
        }
    }
}

/// The numbers inside words in the page streams' `TJ` arrays (kerning): those between two
/// glyph strings where neither side is a space glyph (each font's space code read from its
/// ToUnicode map), so the widening of justified spaces is not counted.
fn in_word_adjustments(pdf: &Path) -> usize {
    let out = pdf.with_extension("kern.qdf.pdf");
    let o = Command::new("qpdf").args(["--qdf", "--object-streams=disable"]).arg(pdf).arg(&out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&std::fs::read(&out).unwrap()).into_owned();
    // `<XXXX> <0020>` lines of the ToUnicode maps.
    let spaces: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_suffix(" <0020>").and_then(|c| c.strip_prefix('<')?.strip_suffix('>')))
        .collect();
    let mut count = 0;
    let mut rest = text.as_str();
    while let Some(at) = rest.find("] TJ") {
        let array = &rest[rest[..at].rfind('[').map_or(at, |s| s + 1)..at];
        rest = &rest[at + 4..];
        // Tokens: glyph strings and numbers.
        let mut toks: Vec<&str> = Vec::new();
        let mut s = array;
        while !s.is_empty() {
            if let Some(r) = s.strip_prefix('<') {
                let end = r.find('>').unwrap();
                toks.push(&s[..end + 2]);
                s = &r[end + 1..];
            } else {
                let end = s.find('<').unwrap_or(s.len());
                toks.extend(s[..end].split_whitespace());
                s = &s[end..];
            }
        }
        for w in toks.windows(3) {
            let (a, n, b) = (w[0], w[1], w[2]);
            if a.starts_with('<') && b.starts_with('<') && !n.starts_with('<') && a.len() >= 6 && b.len() >= 6 {
                let (last, first) = (&a[a.len() - 5..a.len() - 1], &b[1..5]);
                if !spaces.contains(&last) && !spaces.contains(&first) {
                    count += 1;
                }
            }
        }
    }
    count
}

#[test]
fn kerning_is_drawn_inside_words_and_every_word_still_extracts_whole() {
    if !have("pdftotext") || !have("qpdf") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let para = "AVATAR Today: WAVE after WAVE of Yvonne's LAVA Tours, Tokyo and Taiwan. \
        Every VAT return was filed AWAY from the Valley; P. Young wrote To You. ";
    let md = format!("# WAVE Tokyo AVATAR\n\n{}\n\n## LAVA Today\n\n{}\n", para.repeat(8), para.repeat(3));
    let src = dir.path().join("kern.md");
    std::fs::write(&src, &md).unwrap();
    let pdf = render(src.to_str().unwrap(), dir.path(), "kern.pdf", &[]);
    let o = Command::new("qpdf").arg("--check").arg(&pdf).output().unwrap();
    assert!(o.status.success(), "qpdf --check: {}", String::from_utf8_lossy(&o.stdout));
    // Every "AV", "VA", "WA", "To", "Yo"… of the text is kerned inside its word.
    let n = in_word_adjustments(&pdf);
    assert!(n >= 11 * 10, "{n} adjustments inside words");
    // And a reader still gets every word whole, in order: no space inside a kerned word.
    let want = tokens(&md);
    let have = pdf_words(&pdftotext(&pdf));
    if let Err(i) = whole_in_order(&want, &have) {
        panic!("word {i} ({:?}) is not whole in the text", want[i]);
    }
}

#[test]
fn the_report_is_kerned_inside_words() {
    if !have("qpdf") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = render(REPORT, dir.path(), "report.pdf", &[]);
    let n = in_word_adjustments(&pdf);
    eprintln!("the report's page streams kern {n} times inside words");
    assert!(n > 500, "{n} adjustments inside words");
}
