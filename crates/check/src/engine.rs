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

fn fingerprint(rule: &str, doc: &str, key: &str) -> String {
    let h = Sha256::digest(format!("{rule}\u{1f}{doc}\u{1f}{key}").as_bytes());
    h.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Run every enabled rule. `sources[i]` is the text of document `i` (used to match `contains`
/// suppressions against the flagged line; may be empty).
pub fn check(corpus: &Corpus, sources: &[String], config: &Config, baseline: Option<&Baseline>) -> Outcome {
    Analysis::new(corpus).check(sources, config, baseline)
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
    let mut line_starts: std::collections::HashMap<usize, Vec<usize>> = std::collections::HashMap::new();
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
            let f = Finding {
                rule: r.id.to_string(),
                severity,
                message: d.message,
                file: doc.source.path.clone(),
                document: doc.id.clone(),
                line: d.line,
                end_line: d.end_line.max(d.line),
                snippet: d.snippet,
                related: d
                    .related
                    .into_iter()
                    .map(|x| Related { file: corpus.documents[x.doc].source.path.clone(), line: x.line, note: x.note })
                    .collect(),
                hint: d.hint,
                data: d.data,
                fingerprint: fingerprint(r.id, &doc.id, &d.key),
            };
            let line_text = if config.suppress.is_empty() {
                ""
            } else {
                let starts = line_starts.entry(d.doc).or_insert_with(|| {
                    let s = sources.get(d.doc).map_or("", String::as_str);
                    std::iter::once(0).chain(s.match_indices('\n').map(|(i, _)| i + 1)).collect()
                });
                let s = sources.get(d.doc).map_or("", String::as_str);
                starts.get(f.line as usize - 1).map_or("", |&a| s[a..].lines().next().unwrap_or(""))
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
