//! `reportkit facts`: every figure and date, for editors auditing numbers.

use serde_json::json;

use crate::analysis::facts::Qualifier;
use crate::analysis::Analysis;

fn qual(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "",
        Qualifier::AtLeast => "≥",
        Qualifier::AtMost => "≤",
        Qualifier::Approx => "≈",
        Qualifier::Estimated => "est.",
        Qualifier::Change => "Δ",
    }
}

/// One line per fact: `file:line  value  qualifier  counts  (as written)`.
pub fn human(a: &Analysis) -> String {
    let mut out = String::new();
    for (d, doc) in a.corpus.documents.iter().enumerate() {
        for q in &a.facts().quantities[d] {
            let v = reportkit_text::numbers::fmt_num(q.value) + if q.percent { "%" } else { "" };
            out.push_str(&format!(
                "{}:{}\t{}{}\t{}\t({})\n",
                doc.source.path,
                q.line,
                qual(q.qualifier),
                v,
                q.noun,
                q.written
            ));
        }
        for f in &a.facts().dates[d] {
            out.push_str(&format!("{}:{}\tdate\t{}\n", doc.source.path, f.line, f.written));
        }
    }
    out
}

/// The facts as JSON: `{"quantities": [...], "dates": [...]}` with file and section.
pub fn json(a: &Analysis) -> String {
    let mut quantities = Vec::new();
    let mut dates = Vec::new();
    for (d, doc) in a.corpus.documents.iter().enumerate() {
        for q in &a.facts().quantities[d] {
            let u = &a.units[d][q.unit];
            quantities.push(json!({
                "file": doc.source.path, "document": doc.id, "section": u.section, "line": q.line,
                "value": q.value, "written": q.written, "qualifier": q.qualifier, "percent": q.percent,
                "counts": q.noun, "of": q.anchor,
            }));
        }
        for f in &a.facts().dates[d] {
            let u = &a.units[d][f.unit];
            dates.push(json!({
                "file": doc.source.path, "document": doc.id, "section": u.section, "line": f.line,
                "written": f.written, "day": f.day.0, "month": f.day.1, "year": f.year, "year_stated": f.year_stated,
                "weekday": f.weekday.map(|w| reportkit_text::dates::WEEKDAYS[w as usize]),
            }));
        }
    }
    let mut s = serde_json::to_string_pretty(&json!({ "quantities": quantities, "dates": dates })).expect("serializes");
    s.push('\n');
    s
}
