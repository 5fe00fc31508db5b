//! The engine: runs the enabled rules and turns their diagnostics into findings.
//!
//! It names no rule: it reads the registry (`rules::ALL`), the configuration and the baseline.

use reportkit_model::{Corpus, Finding, FindingsReport, Related, Summary, SCHEMA_VERSION};
use sha2::{Digest, Sha256};

use crate::analysis::Analysis;
use crate::baseline::Baseline;
use crate::config::Config;
use crate::rule::Rule;
use crate::rules::ALL;
use crate::violation;

/// The result of a check.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Findings to report, sorted by document order, line and rule.
    pub findings: Vec<Finding>,
    /// Counts.
    pub summary: Summary,
}

impl Outcome {
    /// Whether a finding at error severity remains.
    pub fn has_errors(&self) -> bool {
        self.summary.error > 0
    }
    /// The JSON report form.
    pub fn report(&self) -> FindingsReport {
        FindingsReport {
            version: SCHEMA_VERSION.to_string(),
            findings: self.findings.clone(),
            summary: self.summary.clone(),
        }
    }
}

/// A finding's identity: its rule and what it is about (the violation's key fields), neither its
/// lines nor its file's name, so that it survives edits that shift lines and renames (baselines
/// and `diff` tell documents apart themselves).
fn fingerprint(rule: &str, key: &str) -> String {
    let h = Sha256::digest(format!("{rule}\u{1f}{key}").as_bytes());
    h.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Run every enabled rule. `sources[i]` is the text of document `i` (used to match `contains`
/// suppressions against the flagged line; may be empty).
pub fn check(corpus: &Corpus, sources: &[String], config: &Config, baseline: Option<&Baseline>) -> Outcome {
    Analysis::new(corpus).check(sources, config, baseline)
}

/// The columns of `snippet` on `line`: 1-based, in Unicode scalar values, the end exclusive (the
/// column after its last character), at the first place the snippet occurs; `None` when it is
/// empty or not on the line. The human output marks the same span (see [`byte_span`]).
pub(crate) fn columns(line: &str, snippet: &str) -> Option<(u32, u32)> {
    if snippet.is_empty() {
        return None;
    }
    let at = line.find(snippet)?;
    let start = line[..at].chars().count() + 1;
    let end = start + snippet.chars().count();
    Some((u32::try_from(start).ok()?, u32::try_from(end).ok()?))
}

/// The byte range of a finding's columns on its line's text (`None` when it has no columns or
/// they do not fit the line).
pub(crate) fn byte_span(line: &str, f: &Finding) -> Option<std::ops::Range<usize>> {
    let (a, b) = (f.column? as usize, f.end_column? as usize);
    let mut offsets = line.char_indices().map(|(i, _)| i).chain(std::iter::once(line.len()));
    let start = offsets.nth(a.checked_sub(1)?)?;
    let end = if b > a { offsets.nth(b - a - 1)? } else { start };
    Some(start..end)
}

/// Source lines by document, each document's line starts found once, on first use.
pub(crate) struct SourceLines<'a> {
    sources: &'a [String],
    starts: std::collections::HashMap<usize, Vec<usize>>,
}

impl<'a> SourceLines<'a> {
    pub(crate) fn new(sources: &'a [String]) -> Self {
        SourceLines { sources, starts: std::collections::HashMap::new() }
    }

    /// Line `n` (1-based) of document `doc` without its line break (`""` when there is none).
    pub(crate) fn line(&mut self, doc: usize, n: u32) -> &'a str {
        let s = self.sources.get(doc).map_or("", String::as_str);
        let starts = self
            .starts
            .entry(doc)
            .or_insert_with(|| std::iter::once(0).chain(s.match_indices('\n').map(|(i, _)| i + 1)).collect());
        let Some(&from) = (n as usize).checked_sub(1).and_then(|i| starts.get(i)) else { return "" };
        let to = starts.get(n as usize).map_or(s.len(), |&e| e - 1);
        let line = s.get(from..to.max(from)).unwrap_or("");
        line.strip_suffix('\r').unwrap_or(line)
    }
}

/// REPORTKIT_TIMINGS=1 prints how long each rule (and, in a deferred analysis, the extraction of
/// facts) took, to standard error.
fn timings() -> bool {
    std::env::var_os("REPORTKIT_TIMINGS").is_some()
}

impl Analysis<'_> {
    /// Run every enabled rule on this analysis (see [`check`]).
    pub fn check(&self, sources: &[String], config: &Config, baseline: Option<&Baseline>) -> Outcome {
        run_rules(self, sources, config, baseline)
    }
}

fn run_rules(analysis: &Analysis, sources: &[String], config: &Config, baseline: Option<&Baseline>) -> Outcome {
    let corpus = analysis.corpus;
    let timings = timings();
    let mut findings = Vec::new();
    let mut summary = Summary { documents: corpus.documents.len(), ..Summary::default() };
    let mut order = Vec::new();
    let mut lines = SourceLines::new(sources);
    // The work runs on as many threads as there are cores (this thread and the others), each
    // thread taking the next task not yet taken: first the analysis's costliest views (see
    // `Analysis::WARM_UP`), so that a long view never starts last, then the enabled rules;
    // results are kept in registry order. Rules are not rayon jobs: a view a rule asks for first
    // splits its work on rayon's pool, and a thread that waits inside a view (blocked, or joining
    // the view's own parallel work) can run no other rule meanwhile, so no rule can re-enter a
    // view being computed below it. (A view's parallel work never asks for a view: see
    // `analysis`.) The calling thread is one of the threads: each thread has an allocator heap
    // whose first pages the kernel zeroes.
    let enabled: Vec<(&Rule, reportkit_model::Severity)> =
        ALL.iter().filter_map(|r| Some((r, config.severity(r)?))).collect();
    let slots: Vec<std::sync::OnceLock<Vec<violation::Draft>>> =
        enabled.iter().map(|_| std::sync::OnceLock::new()).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(enabled.len());
    let views = if threads > 1 { Analysis::WARM_UP } else { &[] };
    let work = || loop {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if let Some(view) = views.get(i) {
            view(analysis);
            continue;
        }
        let i = i - views.len();
        let Some((r, _)) = enabled.get(i) else { break };
        let t = std::time::Instant::now();
        let drafts = (r.run)(analysis);
        if timings {
            eprintln!("{}: {:.1} ms", r.id, t.elapsed().as_secs_f64() * 1e3);
        }
        let _ = slots[i].set(drafts);
    };
    std::thread::scope(|s| {
        for _ in 1..threads {
            s.spawn(work);
        }
        work();
    });
    let results = enabled.into_iter().zip(slots).filter_map(|((r, sev), slot)| Some((r, sev, slot.into_inner()?)));
    for (r, severity, drafts) in results {
        for d in drafts {
            let doc = &corpus.documents[d.doc];
            let needs_line = d.snippet.as_deref().is_some_and(|x| !x.is_empty()) || !config.suppress.is_empty();
            let line_text = if needs_line { lines.line(d.doc, d.line) } else { "" };
            let (column, end_column) = match d.snippet.as_deref().and_then(|x| columns(line_text, x)) {
                Some((a, b)) => (Some(a), Some(b)),
                None => (None, None),
            };
            let f = Finding {
                rule: r.id.to_string(),
                severity,
                message: d.message,
                file: doc.source.path.clone(),
                document: doc.id.clone(),
                line: d.line,
                end_line: d.end_line.max(d.line),
                column,
                end_column,
                snippet: d.snippet,
                related: d
                    .related
                    .into_iter()
                    .map(|x| Related { file: corpus.documents[x.doc].source.path.clone(), line: x.line, note: x.note })
                    .collect(),
                hint: d.hint,
                data: d.data,
                fingerprint: fingerprint(r.id, &d.key),
            };
            if config.suppressed(&f, line_text) {
                summary.suppressed += 1;
                continue;
            }
            order.push(d.doc);
            findings.push((d.doc, f));
        }
    }
    findings.sort_by(|(da, a), (db, b)| (da, a.line, &a.rule, &a.message).cmp(&(db, b.line, &b.rule, &b.message)));
    let mut findings: Vec<Finding> = findings.into_iter().map(|(_, f)| f).collect();
    if let Some(b) = baseline {
        let (new, known) = b.partition(findings);
        findings = new;
        summary.baselined = known;
    }
    for f in &findings {
        match f.severity {
            reportkit_model::Severity::Error => summary.error += 1,
            reportkit_model::Severity::Warning => summary.warning += 1,
            reportkit_model::Severity::Info => summary.info += 1,
        }
    }
    Outcome { findings, summary }
}
