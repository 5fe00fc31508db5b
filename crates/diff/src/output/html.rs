//! `--format html`: one self-contained page (inline CSS, no scripts, no external resources).
//! A summary at the top links to every change; each changed section shows its old and new
//! paragraphs side by side with deleted and inserted words highlighted; then the changed
//! figures and the findings introduced and resolved.

use std::fmt::Write;

use reportkit_model::diff::{
    DiffReport, DocumentStatus, FactChangeKind, FactSide, Hunk, HunkKind, SectionChange, TextSide, WordTag,
};
use reportkit_model::Finding;

use super::{headline, lines, plural, section_name, summary_line, trailing_unchanged, unchanged_note};

const CSS: &str = r#"
:root { color-scheme: light; --del: #ffd7d5; --del-strong: #ff9c95; --ins: #d5f5dc; --ins-strong: #7ee09a; --line: #d0d7de; --muted: #59636e; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 0; color: #1f2328; background: #fff; }
main { max-width: 1200px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.5em; margin: 0 0 4px; }
h2 { font-size: 1.25em; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 32px; }
h3 { font-size: 1.05em; margin: 24px 0 8px; }
.paths, .muted, small { color: var(--muted); }
code { font: 0.9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; padding: 1px 4px; border-radius: 4px; }
nav.summary { background: #f6f8fa; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 16px 0; }
nav.summary p { margin: 0 0 8px; font-weight: 600; }
nav.summary ol { margin: 0; padding-left: 22px; }
.badge { display: inline-block; font-size: 0.75em; font-weight: 600; text-transform: uppercase; letter-spacing: 0.03em; padding: 1px 7px; border-radius: 10px; margin-right: 4px; vertical-align: 1px; color: #fff; }
.b-added { background: #1a7f37; } .b-removed { background: #cf222e; } .b-changed { background: #9a6700; } .b-moved { background: #0969da; } .b-renamed { background: #8250df; }
table { border-collapse: collapse; width: 100%; }
table.sbs { table-layout: fixed; border: 1px solid var(--line); }
table.sbs col.ln { width: 4.5em; }
table.sbs th { background: #f6f8fa; text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); font-weight: 600; }
table.sbs td { vertical-align: top; padding: 4px 8px; white-space: pre-wrap; overflow-wrap: anywhere; border-top: 1px solid #eef1f4; }
td.ln { color: var(--muted); text-align: right; font: 0.85em ui-monospace, Menlo, Consolas, monospace; padding-top: 6px; }
td.old { background: #fff5f5; } td.new { background: #f3fcf5; } td.none { background: #f6f8fa; }
tr.skip td { color: var(--muted); font-style: italic; background: #fff; text-align: center; }
del { background: var(--del-strong); text-decoration: line-through; border-radius: 3px; }
ins { background: var(--ins-strong); text-decoration: none; border-radius: 3px; }
table.facts td, table.facts th { border: 1px solid var(--line); padding: 4px 8px; vertical-align: top; text-align: left; }
table.facts th { background: #f6f8fa; }
.num { font-weight: 600; white-space: nowrap; }
ul.findings li { margin: 4px 0; }
.none-msg { color: var(--muted); font-style: italic; }
"#;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn badges(c: &SectionChange) -> String {
    c.kinds.iter().map(|k| format!("<span class=\"badge b-{0}\">{0}</span>", k.as_str())).collect()
}

fn side_html(h: &Hunk, old: bool) -> String {
    if h.kind == HunkKind::Changed {
        let (keep, mark) = if old { (WordTag::Delete, "del") } else { (WordTag::Insert, "ins") };
        let mut s = String::new();
        for w in &h.words {
            if w.tag == WordTag::Equal {
                s.push_str(&esc(&w.text));
            } else if w.tag == keep {
                let _ = write!(s, "<{mark}>{}</{mark}>", esc(&super::visible(&w.text)));
            }
        }
        return s;
    }
    let side = if old { &h.old } else { &h.new };
    side.as_ref().map(|t| esc(&t.text)).unwrap_or_default()
}

fn cells(out: &mut String, side: Option<&TextSide>, body: &str, class: &str) {
    match side {
        Some(t) => {
            let _ = write!(out, "<td class=\"ln\">{}</td><td class=\"{class}\">{body}</td>", lines(t.span));
        }
        None => out.push_str("<td class=\"ln\"></td><td class=\"none\"></td>"),
    }
}

fn skip_row(out: &mut String, n: usize) {
    let _ = writeln!(out, "<tr class=\"skip\"><td colspan=\"4\">{}</td></tr>", esc(&unchanged_note(n)));
}

fn section(out: &mut String, id: &str, c: &SectionChange) {
    let _ = writeln!(out, "<section id=\"{id}\">\n<h3>{}{}</h3>", badges(c), esc(&headline(c)));
    if let Some(d) = &c.duplicate_of {
        let _ =
            writeln!(out, "<p class=\"muted\">Same text as {} (lines {}).</p>", esc(&section_name(d)), lines(d.span));
    }
    if !c.hunks.is_empty() {
        out.push_str("<table class=\"sbs\"><colgroup><col class=\"ln\"><col><col class=\"ln\"><col></colgroup>\n");
        let _ = writeln!(out, "<tr><th colspan=\"2\">old</th><th colspan=\"2\">new</th></tr>");
        for h in &c.hunks {
            if h.skipped > 0 {
                skip_row(out, h.skipped);
            }
            out.push_str("<tr>");
            cells(out, h.old.as_ref(), &side_html(h, true), "old");
            cells(out, h.new.as_ref(), &side_html(h, false), "new");
            out.push_str("</tr>\n");
        }
        let rest = trailing_unchanged(c);
        if rest > 0 {
            skip_row(out, rest);
        }
        out.push_str("</table>\n");
    }
    out.push_str("</section>\n");
}

fn fact_cell(s: &Option<FactSide>) -> String {
    match s {
        Some(f) => format!(
            "<span class=\"num\">{}</span> <small>line {}</small><br><small>{}</small>",
            esc(&f.written),
            f.line,
            esc(&f.text)
        ),
        None => "—".to_string(),
    }
}

fn findings(out: &mut String, id: &str, title: &str, list: &[Finding]) {
    let _ = writeln!(out, "<h2 id=\"{id}\">{title}</h2>");
    if list.is_empty() {
        out.push_str("<p class=\"none-msg\">None.</p>\n");
        return;
    }
    out.push_str("<ul class=\"findings\">\n");
    for f in list {
        let _ = writeln!(
            out,
            "<li><strong>{}</strong> <code>{}</code> {} <small>{}:{}</small></li>",
            f.severity.as_str(),
            esc(&f.rule),
            esc(&f.message),
            esc(&f.file),
            f.line
        );
    }
    out.push_str("</ul>\n");
}

/// Render a report as one HTML page.
pub fn render(report: &DiffReport) -> String {
    let mut out = String::new();
    let title = format!("reportkit diff: {} → {}", report.old, report.new);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        esc(&title)
    );
    let _ = writeln!(
        out,
        "<h1>reportkit diff</h1>\n<p class=\"paths\"><code>{}</code> → <code>{}</code>{}</p>",
        esc(&report.old),
        esc(&report.new),
        if report.exact { " (exact: source formatting compared)" } else { "" }
    );
    // Summary with a link to every change.
    out.push_str("<nav class=\"summary\">\n");
    let _ = writeln!(out, "<p>{}</p>", esc(&summary_line(&report.summary)));
    out.push_str("<ol>\n");
    for (di, d) in report.documents.iter().enumerate() {
        match d.status {
            DocumentStatus::Changed | DocumentStatus::Renamed => {
                if d.status == DocumentStatus::Renamed {
                    let _ = writeln!(
                        out,
                        "<li><a href=\"#d{di}\"><span class=\"badge b-renamed\">renamed</span>{}</a></li>",
                        esc(&d.id)
                    );
                }
                for (ci, c) in d.sections.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "<li><a href=\"#c{di}-{ci}\">{}{}</a> <small>{}</small></li>",
                        badges(c),
                        esc(&c.new.as_ref().or(c.old.as_ref()).map(section_name).unwrap_or_default()),
                        esc(&d.id)
                    );
                }
                if !d.facts.is_empty() {
                    let _ = writeln!(
                        out,
                        "<li><a href=\"#f{di}\">{}</a> <small>{}</small></li>",
                        plural(d.facts.len(), "figure", "figures"),
                        esc(&d.id)
                    );
                }
            }
            DocumentStatus::Added | DocumentStatus::Removed => {
                let status = if d.status == DocumentStatus::Added { "added" } else { "removed" };
                let _ = writeln!(
                    out,
                    "<li><a href=\"#d{di}\"><span class=\"badge b-{status}\">{status}</span>{}</a></li>",
                    esc(&d.id)
                );
            }
        }
    }
    if !report.findings.introduced.is_empty() {
        let _ = writeln!(
            out,
            "<li><a href=\"#introduced\">{} introduced</a></li>",
            plural(report.findings.introduced.len(), "finding", "findings")
        );
    }
    if !report.findings.resolved.is_empty() {
        let _ = writeln!(
            out,
            "<li><a href=\"#resolved\">{} resolved</a></li>",
            plural(report.findings.resolved.len(), "finding", "findings")
        );
    }
    out.push_str("</ol>\n</nav>\n");
    for (di, d) in report.documents.iter().enumerate() {
        let path = match (&d.old_path, &d.new_path) {
            (Some(o), Some(n)) if d.status == DocumentStatus::Renamed => format!("{o} → {n}"),
            _ => d.new_path.as_ref().or(d.old_path.as_ref()).cloned().unwrap_or_default(),
        };
        let _ = writeln!(out, "<h2 id=\"d{di}\">{} <small>{}</small></h2>", esc(&d.id), esc(&path));
        if d.status == DocumentStatus::Renamed {
            let what = if d.sections.is_empty() && d.facts.is_empty() { "; its text is the same" } else { "" };
            let _ = writeln!(
                out,
                "<p class=\"none-msg\">Renamed from {}{what}.</p>",
                esc(d.old_path.as_deref().unwrap_or_default())
            );
        }
        if matches!(d.status, DocumentStatus::Added | DocumentStatus::Removed) {
            let what =
                if d.status == DocumentStatus::Added { "Only in the new version." } else { "Only in the old version." };
            let _ = writeln!(out, "<p class=\"none-msg\">{what}</p>");
            continue;
        }
        for (ci, c) in d.sections.iter().enumerate() {
            section(&mut out, &format!("c{di}-{ci}"), c);
        }
        if !d.facts.is_empty() {
            let _ = writeln!(
                out,
                "<h3 id=\"f{di}\">Figures</h3>\n<table class=\"facts\"><tr><th></th><th>figure</th><th>old</th><th>new</th><th>section</th></tr>"
            );
            for f in &d.facts {
                let kind = match f.kind {
                    FactChangeKind::Changed => "changed",
                    FactChangeKind::Added => "added",
                    FactChangeKind::Removed => "removed",
                };
                let _ = writeln!(
                    out,
                    "<tr><td><span class=\"badge b-{kind}\">{kind}</span></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&f.label),
                    fact_cell(&f.old),
                    fact_cell(&f.new),
                    esc(&f.section)
                );
            }
            out.push_str("</table>\n");
        }
    }
    findings(&mut out, "introduced", "Findings introduced", &report.findings.introduced);
    findings(&mut out, "resolved", "Findings resolved", &report.findings.resolved);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
