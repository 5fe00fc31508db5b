//! The conversions `render` and `build` share: canonical JSON, Markdown and PDF of documents,
//! with the charts of the breakdowns the checker finds.

use anyhow::{anyhow, Result};
use reportkit_check::breakdown::Breakdown;
use reportkit_model::{Corpus, Document};

/// Validate the canonical JSON of a corpus against the document schema, piece by piece (see
/// `reportkit_render::json`); `reportkit_render::json::write` prints it.
pub fn validate_json(corpus: &Corpus) -> Result<()> {
    reportkit_render::json::validate(corpus).map_err(|e| anyhow!("internal error: output breaks the schema: {e}"))
}

/// Canonical JSON of one document, as a corpus of its own.
pub fn document_json(doc: &Document) -> Result<String> {
    reportkit_render::json::document_to_string(doc)
        .map_err(|e| anyhow!("internal error: output breaks the schema: {e}"))
}

/// Canonical Markdown of one document.
pub fn markdown(doc: &Document, wrap: Option<usize>) -> String {
    reportkit_render::markdown::to_markdown(doc, &reportkit_render::markdown::MarkdownOptions { wrap })
}

/// The charts of document `doc` (its index in the corpus the breakdowns come from).
pub fn charts(breakdowns: &[Breakdown], doc: usize) -> Vec<reportkit_pdf::Chart> {
    breakdowns
        .iter()
        .filter(|b| b.document == doc)
        .map(|b| reportkit_pdf::Chart {
            section_id: b.section_id.clone(),
            after_line: b.line,
            title: b.title.clone(),
            items: b.items.clone(),
            unit: b.unit.clone(),
        })
        .collect()
}

/// `SOURCE_DATE_EPOCH`, when set.
fn source_date_epoch() -> Result<Option<i64>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v
            .trim()
            .parse::<i64>()
            .map(Some)
            .map_err(|_| anyhow!("SOURCE_DATE_EPOCH={v:?} is not a number of seconds; unset it or give an integer")),
        Err(_) => Ok(None),
    }
}

/// The help of `--pdf-standard` (on `render` and `build`).
pub const PDF_STANDARD_HELP: &str = "The standards the PDF claims, comma-separated: ua-1 (PDF/UA-1, \
accessible), a-2b, a-2u or a-2a (PDF/A-2 at that level, archival: adds an sRGB output intent), or \
none. ua-1 goes with one PDF/A-2 level. A document that cannot meet them (no title, an image \
without alternative text, a character without a glyph) is refused with exit code 2 and nothing \
is written. Default: ua-1 where the document meets it (the PDF is tagged in any case), and no \
claim with a warning where it does not.";

/// One document as PDF; dates from `SOURCE_DATE_EPOCH` when set. `standards`: the claims
/// `--pdf-standard` asks for (`None`: the default, PDF/UA-1 where met). A claim the default
/// leaves out is reported on standard error.
pub fn pdf(
    doc: &Document,
    charts: Vec<reportkit_pdf::Chart>,
    draw_charts: bool,
    hyphenate: bool,
    standards: Option<reportkit_pdf::Standards>,
) -> Result<reportkit_pdf::Rendered> {
    let opts = reportkit_pdf::PdfOptions {
        charts: draw_charts,
        hyphenate,
        source_date_epoch: source_date_epoch()?,
        charts_data: charts,
        standards: standards.unwrap_or_default(),
        ..Default::default()
    };
    let rendered =
        reportkit_pdf::render(doc, &opts).map_err(|e| anyhow!("{}: cannot make the PDF: {e}", doc.source.path))?;
    for note in &rendered.notes {
        eprintln!("warning: {}: {note}", doc.source.path);
    }
    Ok(rendered)
}
