//! Output formats of a diff report: `human` (terminal, optionally colored), `markdown` (a
//! pull-request comment), `json` (`schemas/diff.schema.json`) and `html` (one self-contained
//! page with the old and new text side by side).

pub mod html;
pub mod human;
pub mod json;
pub mod markdown;

use reportkit_model::diff::{DiffSummary, SectionChange, SectionRef};
use reportkit_model::{Finding, Span};

/// A section's place: its enclosing titles and its own, joined with `›`.
pub(crate) fn section_name(r: &SectionRef) -> String {
    let title = if r.id.is_empty() && r.title.is_empty() { "(before the first heading)" } else { r.title.as_str() };
    let mut parts: Vec<&str> = r.path.iter().map(String::as_str).collect();
    parts.push(title);
    parts.join(" › ")
}

/// `12` or `12–15`.
pub(crate) fn lines(s: Span) -> String {
    if s.start == s.end {
        s.start.to_string()
    } else {
        format!("{}–{}", s.start, s.end)
    }
}

/// The kinds of a change as words: `moved, renamed`.
pub(crate) fn kinds(c: &SectionChange) -> String {
    c.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
}

/// What a change is about, in one line: the section, where it was and where it is.
pub(crate) fn headline(c: &SectionChange) -> String {
    match (&c.old, &c.new) {
        (Some(o), Some(n)) => {
            let (on, nn) = (section_name(o), section_name(n));
            let place = if on == nn { nn } else { format!("{on} → {nn}") };
            let after = match c.after.as_deref() {
                None => String::new(),
                Some("") => ", now first".to_string(),
                Some(t) => format!(", now after {t}"),
            };
            format!("{place} (lines {} → {}{after})", lines(o.span), lines(n.span))
        }
        (None, Some(n)) => format!("{} (lines {})", section_name(n), lines(n.span)),
        (Some(o), None) => format!("{} (old lines {})", section_name(o), lines(o.span)),
        (None, None) => String::new(),
    }
}

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The summary as one sentence of non-zero counts ("no differences" when there are none).
pub fn summary_line(s: &DiffSummary) -> String {
    let counts = [
        (s.documents_added, "document added", "documents added"),
        (s.documents_removed, "document removed", "documents removed"),
        (s.documents_renamed, "document renamed", "documents renamed"),
        (s.sections_added, "section added", "sections added"),
        (s.sections_removed, "section removed", "sections removed"),
        (s.sections_moved, "section moved", "sections moved"),
        (s.sections_renamed, "section renamed", "sections renamed"),
        (s.sections_changed, "section changed", "sections changed"),
        (s.paragraphs_added, "paragraph added", "paragraphs added"),
        (s.paragraphs_removed, "paragraph removed", "paragraphs removed"),
        (s.paragraphs_changed, "paragraph changed", "paragraphs changed"),
        (s.facts_changed, "figure changed", "figures changed"),
        (s.facts_added, "figure added", "figures added"),
        (s.facts_removed, "figure removed", "figures removed"),
        (s.findings_introduced, "finding introduced", "findings introduced"),
        (s.findings_resolved, "finding resolved", "findings resolved"),
    ];
    let parts: Vec<String> = counts.iter().filter(|c| c.0 > 0).map(|(n, one, many)| plural(*n, one, many)).collect();
    if parts.is_empty() {
        "no differences".to_string()
    } else {
        parts.join(", ")
    }
}

/// `rule: message (file:line)`.
pub(crate) fn finding_line(f: &Finding) -> String {
    format!("{}[{}]: {} ({}:{})", f.severity.as_str(), f.rule, f.message, f.file, f.line)
}

/// The number of unchanged paragraphs after the last hunk of a section.
pub(crate) fn trailing_unchanged(c: &SectionChange) -> usize {
    c.unchanged.saturating_sub(c.hunks.iter().map(|h| h.skipped).sum())
}

pub(crate) fn unchanged_note(n: usize) -> String {
    format!("… {} unchanged", plural(n, "paragraph", "paragraphs"))
}

/// A changed run that is only whitespace (seen with `--exact`), made visible: spaces as `·`,
/// tabs as `→`, line breaks as `↵` followed by the break. Other runs are returned as they are.
pub(crate) fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.trim().is_empty() || text.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        match c {
            ' ' => out.push('·'),
            '\t' => out.push('→'),
            '\n' => out.push_str("↵\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}
