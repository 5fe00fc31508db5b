//! reportkit's checker.
//!
//! [`check`] reads a corpus (and the source texts, only to quote lines), extracts its text
//! units and facts once, runs every enabled rule (one module each under `rules/`), and turns
//! their drafts into [`Finding`]s: severity from the configuration, stable fingerprints,
//! suppressions and the baseline applied, sorted by file and line. Output formats live in
//! [`output`].

pub mod baseline;
pub mod breakdown;
pub mod config;
pub mod facts;
pub mod output;
pub mod rule;
pub(crate) mod rules;
pub mod text;
pub mod units;

use reportkit_model::{Corpus, Finding, FindingsReport, Related, Summary, SCHEMA_VERSION};
use sha2::{Digest, Sha256};

pub use baseline::Baseline;
pub use config::Config;

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

/// Text units and facts of a corpus, extracted once for every rule (and for `reportkit facts`).
pub struct Analysis<'a> {
    /// The corpus.
    pub corpus: &'a Corpus,
    /// Units per document.
    pub units: Vec<Vec<units::Unit>>,
    /// Facts per document.
    pub facts: facts::Facts,
}

impl<'a> Analysis<'a> {
    /// Analyse a corpus.
    pub fn new(corpus: &'a Corpus) -> Self {
        let units = units::corpus_units(corpus);
        let facts = facts::extract(corpus, &units);
        Analysis { corpus, units, facts }
    }

    fn context(&self) -> rule::Context<'_> {
        rule::Context { corpus: self.corpus, units: &self.units, facts: &self.facts, shared: Default::default() }
    }
}

fn fingerprint(rule: &str, doc: &str, key: &str) -> String {
    let h = Sha256::digest(format!("{rule}\u{1f}{doc}\u{1f}{key}").as_bytes());
    h.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Run every enabled rule. `sources[i]` is the text of document `i` (used to match `contains`
/// suppressions against the flagged line; may be empty).
pub fn check(corpus: &Corpus, sources: &[String], config: &Config, baseline: Option<&Baseline>) -> Outcome {
    let t0 = std::time::Instant::now();
    let analysis = Analysis::new(corpus);
    if timings() {
        eprintln!("analysis: {:.1} ms", t0.elapsed().as_secs_f64() * 1e3);
    }
    analysis.check(sources, config, baseline)
}

/// REPORTKIT_TIMINGS=1 prints how long the analysis and each rule took, to standard error.
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
    let cx = analysis.context();
    let timings = timings();
    let mut findings = Vec::new();
    let mut summary = Summary { documents: corpus.documents.len(), ..Summary::default() };
    let mut order = Vec::new();
    let mut line_starts: std::collections::HashMap<usize, Vec<usize>> = std::collections::HashMap::new();
    // The rules run in parallel, the costliest first so that no long rule starts last (longest
    // processing time first); their results are taken in registry order.
    let rules = rule::all();
    let slots: Vec<std::sync::OnceLock<Vec<rule::Draft>>> = rules.iter().map(|_| std::sync::OnceLock::new()).collect();
    let mut schedule: Vec<usize> = (0..rules.len()).collect();
    schedule.sort_by_key(|&i| std::cmp::Reverse(rules[i].cost));
    rayon::scope_fifo(|s| {
        for &i in &schedule {
            let (r, slot, cx) = (&rules[i], &slots[i], &cx);
            if config.severity(r.id, r.severity).is_none() {
                continue;
            }
            s.spawn_fifo(move |_| {
                let t = std::time::Instant::now();
                let drafts = (r.check)(cx);
                if timings {
                    eprintln!("{}: {:.1} ms", r.id, t.elapsed().as_secs_f64() * 1e3);
                }
                let _ = slot.set(drafts);
            });
        }
    });
    let results: Vec<(&rule::Rule, reportkit_model::Severity, Vec<rule::Draft>)> = rules
        .iter()
        .zip(slots)
        .filter_map(|(r, slot)| Some((r, config.severity(r.id, r.severity)?, slot.into_inner()?)))
        .collect();
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
