//! `--format human`: compiler-style diagnostics (annotate-snippets), then a summary line.

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use reportkit_model::{Finding, Severity};

use crate::engine::Outcome;

/// Related locations shown with their source line; the rest are counted.
const MAX_RELATED_SHOWN: usize = 6;

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// Byte range of `needle` in `line`, or of the line's text without its indentation.
fn mark(line: &str, needle: Option<&str>) -> std::ops::Range<usize> {
    if let Some(n) = needle.filter(|n| !n.is_empty()) {
        if let Some(i) = line.find(n) {
            return i..i + n.len();
        }
    }
    let start = line.len() - line.trim_start().len();
    let end = line.trim_end().len().max(start);
    start..end.max(start + usize::from(end == start && !line.is_empty()))
}

/// A file's text and the byte offset where each of its lines starts.
type Indexed = Option<(String, Vec<usize>)>;

/// Source lines by file, each file fetched and indexed once (findings are many and files
/// large), before any finding is rendered: the findings are then rendered on all cores.
struct Lines {
    files: std::collections::HashMap<String, Indexed>,
}

impl Lines {
    /// Fetch and index every file a finding shows a line of.
    fn new(outcome: &Outcome, source_of: &dyn Fn(&str) -> Option<String>) -> Self {
        let mut files = std::collections::HashMap::new();
        let named =
            outcome.findings.iter().flat_map(|f| std::iter::once(&f.file).chain(f.related.iter().map(|r| &r.file)));
        for file in named {
            if !files.contains_key(file) {
                let indexed = source_of(file).map(|s| {
                    let starts = std::iter::once(0).chain(s.match_indices('\n').map(|(i, _)| i + 1)).collect();
                    (s, starts)
                });
                files.insert(file.clone(), indexed);
            }
        }
        Lines { files }
    }

    /// Line `n` (1-based) of a file, as `str::lines` gives it.
    fn get(&self, file: &str, n: u32) -> Option<String> {
        let (s, starts) = self.files.get(file)?.as_ref()?;
        let from = *starts.get((n as usize).checked_sub(1)?)?;
        if from >= s.len() {
            return None;
        }
        let to = starts.get(n as usize).map_or(s.len(), |&e| e - 1);
        let line = &s[from..to];
        Some(line.strip_suffix('\r').unwrap_or(line).to_string())
    }
}

fn render_one(f: &Finding, sources: &Lines, renderer: &Renderer) -> String {
    let primary_line = sources.get(&f.file, f.line);
    let title = level(f.severity).primary_title(f.message.as_str()).id(f.rule.as_str());
    let mut groups: Vec<Group> = Vec::new();
    let mut group_elems = Vec::new();
    if let Some(text) = primary_line.as_deref() {
        group_elems.push(Snippet::source(text).line_start(f.line as usize).path(f.file.as_str()).annotation(
            AnnotationKind::Primary.span(crate::engine::byte_span(text, f).unwrap_or_else(|| mark(text, None))),
        ));
    }
    // Related lines, owned here so the snippets can borrow them.
    let related: Vec<(&str, usize, String, &str)> = f
        .related
        .iter()
        .take(MAX_RELATED_SHOWN)
        .filter_map(|r| Some((r.file.as_str(), r.line as usize, sources.get(&r.file, r.line)?, r.note.as_str())))
        .collect();
    for (path, line, text, note) in &related {
        group_elems.push(
            Snippet::source(text.as_str())
                .line_start(*line)
                .path(*path)
                .annotation(AnnotationKind::Context.span(mark(text, None)).label(*note)),
        );
    }
    let mut elems = group_elems.into_iter();
    let Some(first) = elems.next() else { return plain(f) };
    let mut g = title.element(first);
    for e in elems {
        g = g.element(e);
    }
    groups.push(g);
    let mut notes = Vec::new();
    if f.related.len() > MAX_RELATED_SHOWN {
        notes.push(format!("and {} more related lines (see --format json)", f.related.len() - MAX_RELATED_SHOWN));
    }
    if primary_line.is_none() {
        notes.push(format!("at {}:{}", f.file, f.line));
    }
    for n in &notes {
        groups.push(Group::with_title(Level::NOTE.secondary_title(n.as_str())));
    }
    if let Some(h) = &f.hint {
        groups.push(Group::with_title(Level::HELP.secondary_title(h.as_str())));
    }
    renderer.render(&groups).to_string()
}

/// A finding without source lines to show.
fn plain(f: &Finding) -> String {
    let mut s = format!("{}[{}]: {}\n  --> {}:{}\n", f.severity.as_str(), f.rule, f.message, f.file, f.line);
    if let Some(h) = &f.hint {
        s.push_str(&format!("  = help: {h}\n"));
    }
    s
}

/// Render every finding and a summary. `source_of` returns the text of a file as given.
pub fn render(outcome: &Outcome, source_of: &dyn Fn(&str) -> Option<String>, color: bool) -> String {
    render_with(outcome, source_of, &Options { color, group_after: None, summary: true })
}

/// How the human output is laid out.
pub struct Options {
    /// Color the output (ANSI escapes).
    pub color: bool,
    /// Show at most this many findings of one rule in one file with their source lines; the
    /// others are listed by position in a note after the last one shown. `None` shows all.
    pub group_after: Option<usize>,
    /// End with the summary line.
    pub summary: bool,
}

/// Positions listed in a group's note; the rest are counted.
const GROUP_POSITIONS_LISTED: usize = 12;

/// Render the findings (see [`Options`]). `source_of` returns the text of a file as given.
pub fn render_with(outcome: &Outcome, source_of: &dyn Fn(&str) -> Option<String>, options: &Options) -> String {
    let renderer = if options.color { Renderer::styled() } else { Renderer::plain() }.decor_style(DecorStyle::Unicode);
    let sources = Lines::new(outcome, source_of);
    // Findings of each (file, rule) in order, to know which to show and what to say after them.
    let mut groups: std::collections::HashMap<(&str, &str), Vec<&Finding>> = std::collections::HashMap::new();
    if options.group_after.is_some() {
        for f in &outcome.findings {
            groups.entry((f.file.as_str(), f.rule.as_str())).or_default().push(f);
        }
    }
    // Which findings are shown, and which close their group with a note on the others.
    let mut seen: std::collections::HashMap<(&str, &str), usize> = std::collections::HashMap::new();
    let mut shown: Vec<(&Finding, Option<&[&Finding]>)> = Vec::new();
    for f in &outcome.findings {
        let key = (f.file.as_str(), f.rule.as_str());
        let k = seen.entry(key).or_default();
        *k += 1;
        match options.group_after.filter(|&l| l > 0) {
            Some(limit) => {
                let group = &groups[&key];
                // A group one longer than the limit is shown whole: a note would not be shorter.
                let limit = if group.len() <= limit + 1 { group.len() } else { limit };
                if *k <= limit {
                    shown.push((f, (*k == limit && group.len() > limit).then(|| &group[limit..])));
                }
            }
            None => shown.push((f, None)),
        }
    }
    use rayon::prelude::*;
    let rendered: Vec<String> = shown
        .par_iter()
        .map(|&(f, rest)| {
            let mut one = render_one(f, &sources, &renderer);
            one.push('\n');
            if let Some(rest) = rest {
                one.push_str(&group_note(rest, &renderer));
            }
            one.push('\n');
            one
        })
        .collect();
    let mut out = rendered.concat();
    if options.summary {
        out.push_str(&summary_line(outcome));
    }
    out
}

/// "note: 75 more `placeholder-link` warnings in a.md, at lines 3:5, 9, … (--format concise lists
/// each)".
fn group_note(rest: &[&Finding], renderer: &Renderer) -> String {
    let first = rest[0];
    let same_severity = rest.iter().all(|f| f.severity == first.severity);
    let what = if same_severity {
        match (first.severity, rest.len()) {
            (Severity::Error, 1) => "error",
            (Severity::Error, _) => "errors",
            (Severity::Warning, 1) => "warning",
            (Severity::Warning, _) => "warnings",
            (Severity::Info, _) => "info",
        }
    } else if rest.len() == 1 {
        "finding"
    } else {
        "findings"
    };
    let mut at: Vec<String> = rest
        .iter()
        .map(|f| match f.column {
            Some(c) => format!("{}:{c}", f.line),
            None => f.line.to_string(),
        })
        .collect();
    at.dedup();
    let many = at.len() > GROUP_POSITIONS_LISTED;
    at.truncate(GROUP_POSITIONS_LISTED);
    if many {
        at.push("…".into());
    }
    let text = format!(
        "{} more `{}` {what} in {}, at lines {} (`--format concise` lists each)",
        rest.len(),
        first.rule,
        first.file,
        at.join(", ")
    );
    renderer.render(&[Group::with_title(Level::NOTE.secondary_title(text.as_str()))]).to_string() + "\n"
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "2 errors, 1 warning, 0 notes in 5 documents (3 suppressed, 4 in baseline)".
pub fn summary_line(outcome: &Outcome) -> String {
    let s = &outcome.summary;
    let mut line = format!(
        "{}, {}, {} in {}",
        plural(s.error, "error", "errors"),
        plural(s.warning, "warning", "warnings"),
        plural(s.info, "info", "info"),
        plural(s.documents, "document", "documents")
    );
    let mut extra = Vec::new();
    if s.suppressed > 0 {
        extra.push(format!("{} suppressed", s.suppressed));
    }
    if s.baselined > 0 {
        extra.push(format!("{} in baseline", s.baselined));
    }
    if !extra.is_empty() {
        line.push_str(&format!(" ({})", extra.join(", ")));
    }
    line.push_str(&fixable(&outcome.findings));
    line.push('\n');
    line
}

/// "; 3 fixable with --fix (1 more with --unsafe-fixes)", or nothing when no fix applies.
fn fixable(findings: &[Finding]) -> String {
    let safe = findings.iter().filter(|f| crate::fix::applicable(f, false).is_some()).count();
    let more = findings.iter().filter(|f| crate::fix::applicable(f, true).is_some()).count() - safe;
    match (safe, more) {
        (0, 0) => String::new(),
        (0, m) => format!("; {m} fixable with --fix --unsafe-fixes"),
        (n, 0) => format!("; {n} fixable with --fix"),
        (n, m) => format!("; {n} fixable with --fix ({m} more with --unsafe-fixes)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reportkit_model::{Related, Summary};

    fn finding(line: u32, related: u32) -> Finding {
        Finding {
            rule: "r".into(),
            severity: Severity::Warning,
            message: "m".into(),
            file: "a.md".into(),
            document: "a".into(),
            line,
            end_line: line,
            column: Some(1),
            end_column: Some(4),
            snippet: Some("two".into()),
            related: vec![Related { file: "b.md".into(), line: related, note: "n".into() }],
            hint: None,
            data: Default::default(),
            fingerprint: "f".into(),
            fixes: Vec::new(),
        }
    }

    #[test]
    fn each_source_is_read_once_however_many_findings() {
        let calls = std::cell::Cell::new(0);
        let source_of = |f: &str| {
            calls.set(calls.get() + 1);
            Some(if f == "a.md" { "one\r\ntwo\nthree" } else { "x\ny" }.to_string())
        };
        let findings: Vec<Finding> = (0..50).map(|i| finding(2 + i % 2, 2)).collect();
        let outcome = Outcome { findings, suppressed: Vec::new(), summary: Summary::default() };
        let text = render(&outcome, &source_of, false);
        assert_eq!(calls.get(), 2);
        assert!(text.contains("2 │ two"), "{text}");
        assert!(text.contains("3 │ three"), "{text}");
        assert!(text.contains("2 │ y"), "{text}");
        assert!(!text.contains('\r'));
    }
}
