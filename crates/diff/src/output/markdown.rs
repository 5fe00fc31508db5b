//! `--format markdown`: a pull-request comment. A summary, then per document the changed
//! sections with their paragraphs (deleted words struck through, inserted words in bold), a
//! table of changed figures, and the findings introduced and resolved. Sections with many
//! changed paragraphs are collapsed in `<details>` blocks.

use std::fmt::Write;

use reportkit_model::diff::{
    DiffReport, DocumentDiff, DocumentStatus, FactChangeKind, Hunk, HunkKind, SectionChange, WordTag,
};
use reportkit_model::Finding;

use super::{headline, kinds, lines, section_name, summary_line, trailing_unchanged, unchanged_note};

/// Sections with more changed paragraphs than this are collapsed.
const COLLAPSE_OVER: usize = 4;

/// Escape text for Markdown: characters that would start markup are backslash-escaped and
/// line breaks kept as hard breaks.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
    }
    out
}

/// Wrap a changed run: leading and trailing spaces stay outside the markers (Markdown requires
/// markers next to the text).
fn wrap(text: &str, marker: &str) -> String {
    let text = &super::visible(text).replace('\n', "");
    let t = text.trim();
    if t.is_empty() {
        return esc(text);
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    format!("{}{marker}{}{marker}{}", esc(lead), esc(t), esc(trail))
}

fn hunk(out: &mut String, h: &Hunk) {
    if h.skipped > 0 {
        let _ = writeln!(out, "- _{}_", unchanged_note(h.skipped));
    }
    match h.kind {
        HunkKind::Added => {
            let n = h.new.as_ref().expect("added has new");
            let _ = writeln!(out, "- ➕ line {}: {}", lines(n.span), wrap(&n.text, "**"));
        }
        HunkKind::Removed => {
            let o = h.old.as_ref().expect("removed has old");
            let _ = writeln!(out, "- ➖ old line {}: {}", lines(o.span), wrap(&o.text, "~~"));
        }
        HunkKind::Changed => {
            let (o, n) = (h.old.as_ref().expect("changed has old"), h.new.as_ref().expect("changed has new"));
            let mut s = String::new();
            for w in &h.words {
                match w.tag {
                    WordTag::Equal => s.push_str(&esc(&w.text)),
                    WordTag::Delete => s.push_str(&wrap(&w.text, "~~")),
                    WordTag::Insert => s.push_str(&wrap(&w.text, "**")),
                }
            }
            let _ = writeln!(out, "- ✏️ line {} → {}: {s}", lines(o.span), lines(n.span));
        }
    }
}

fn section(out: &mut String, c: &SectionChange) {
    let _ = writeln!(out, "#### {}: {}\n", capitalise(&kinds(c)), esc(&headline(c)));
    if let Some(d) = &c.duplicate_of {
        let _ = writeln!(out, "Same text as {} (lines {}).\n", esc(&section_name(d)), lines(d.span));
    }
    if c.hunks.is_empty() {
        return;
    }
    let collapse = c.hunks.len() > COLLAPSE_OVER;
    if collapse {
        let _ = writeln!(out, "<details><summary>{} paragraphs</summary>\n", c.hunks.len());
    }
    for h in &c.hunks {
        hunk(out, h);
    }
    let rest = trailing_unchanged(c);
    if rest > 0 {
        let _ = writeln!(out, "- _{}_", unchanged_note(rest));
    }
    out.push('\n');
    if collapse {
        out.push_str("</details>\n\n");
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn document(out: &mut String, d: &DocumentDiff) {
    let path = match (&d.old_path, &d.new_path) {
        (Some(o), Some(n)) if d.status == DocumentStatus::Renamed => format!(" (`{o}` → `{n}`)"),
        _ => d.new_path.as_ref().or(d.old_path.as_ref()).map_or(String::new(), |p| format!(" (`{p}`)")),
    };
    let status = match d.status {
        DocumentStatus::Added => "added",
        DocumentStatus::Removed => "removed",
        DocumentStatus::Changed => "changed",
        DocumentStatus::Renamed => "renamed",
    };
    let _ = writeln!(out, "### `{}` {status}{path}\n", d.id);
    for c in &d.sections {
        section(out, c);
    }
    if !d.facts.is_empty() {
        let _ = writeln!(out, "#### Figures\n\n| | figure | old | new | section |\n|---|---|---|---|---|");
        for f in &d.facts {
            let sign = match f.kind {
                FactChangeKind::Changed => "✏️",
                FactChangeKind::Added => "➕",
                FactChangeKind::Removed => "➖",
            };
            let side = |s: &Option<reportkit_model::diff::FactSide>| {
                s.as_ref().map_or("—".to_string(), |x| {
                    format!("**{}** (line {}: {})", esc(&x.written), x.line, esc(&x.text))
                })
            };
            let _ = writeln!(
                out,
                "| {sign} | {} | {} | {} | {} |",
                esc(&f.label),
                side(&f.old),
                side(&f.new),
                esc(&f.section)
            );
        }
        out.push('\n');
    }
}

fn findings(out: &mut String, title: &str, list: &[Finding]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "### {title}\n");
    for f in list {
        let _ =
            writeln!(out, "- **{}** `{}`: {} (`{}:{}`)", f.severity.as_str(), f.rule, esc(&f.message), f.file, f.line);
    }
    out.push('\n');
}

/// Render a report as Markdown.
pub fn render(report: &DiffReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## reportkit diff\n\n`{}` → `{}`{}\n",
        report.old,
        report.new,
        if report.exact { " (exact)" } else { "" }
    );
    let _ = writeln!(out, "**{}**\n", summary_line(&report.summary));
    for d in &report.documents {
        document(&mut out, d);
    }
    findings(&mut out, "Findings introduced", &report.findings.introduced);
    findings(&mut out, "Findings resolved", &report.findings.resolved);
    out
}
