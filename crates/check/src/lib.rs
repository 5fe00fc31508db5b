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
    /// Facts per document, extracted by [`Analysis::new`], by [`Analysis::check`] beside the
    /// rules that do not read them, or by the first call to [`Analysis::facts`].
    facts: std::sync::OnceLock<facts::Facts>,
}

impl<'a> Analysis<'a> {
    /// Analyse a corpus: its units and its facts.
    pub fn new(corpus: &'a Corpus) -> Self {
        let analysis = Self::deferred(corpus);
        analysis.facts();
        analysis
    }

    /// Analyse a corpus's units only, for a caller that goes on to [`Analysis::check`]: the
    /// check extracts the facts on one core while the rules that do not read them start on the
    /// other.
    pub fn deferred(corpus: &'a Corpus) -> Self {
        Analysis { corpus, units: units::corpus_units(corpus), facts: std::sync::OnceLock::new() }
    }

    /// Facts per document (extracted now if no one has yet).
    pub fn facts(&self) -> &facts::Facts {
        self.facts.get_or_init(|| facts::extract(self.corpus, &self.units))
    }

    /// What a rule sees; `facts` only for the rules that read them.
    fn context<'s>(&'s self, shared: &'s rule::Shared, facts: Option<&'s facts::Facts>) -> rule::Context<'s> {
        rule::Context { corpus: self.corpus, units: &self.units, facts, shared }
    }
}

fn fingerprint(rule: &str, doc: &str, key: &str) -> String {
    let h = Sha256::digest(format!("{rule}\u{1f}{doc}\u{1f}{key}").as_bytes());
    h.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Run every enabled rule. `sources[i]` is the text of document `i` (used to match `contains`
/// suppressions against the flagged line; may be empty).
pub fn check(corpus: &Corpus, sources: &[String], config: &Config, baseline: Option<&Baseline>) -> Outcome {
    Analysis::deferred(corpus).check(sources, config, baseline)
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
    // The rules run in parallel, the costliest first so that no long rule starts last (longest
    // processing time first); their results are taken in registry order. When the facts are
    // not extracted yet, their extraction is a task of its own, next after the costliest rule,
    // and it starts the rules that read facts once it is done.
    let rules = rule::all();
    let slots: Vec<std::sync::OnceLock<Vec<rule::Draft>>> = rules.iter().map(|_| std::sync::OnceLock::new()).collect();
    let shared = rule::Shared::default();
    let mut schedule: Vec<usize> =
        (0..rules.len()).filter(|&i| config.severity(rules[i].id, rules[i].severity).is_some()).collect();
    schedule.sort_by_key(|&i| std::cmp::Reverse(rules[i].cost));
    let run = |i: usize, facts: Option<&facts::Facts>| {
        let t = std::time::Instant::now();
        let drafts = (rules[i].check)(&analysis.context(&shared, facts));
        if timings {
            eprintln!("{}: {:.1} ms", rules[i].id, t.elapsed().as_secs_f64() * 1e3);
        }
        let _ = slots[i].set(drafts);
    };
    let run = &run;
    let ready = analysis.facts.get();
    let (readers, others): (Vec<usize>, Vec<usize>) =
        schedule.iter().partition(|&&i| rules[i].facts && ready.is_none());
    rayon::scope_fifo(|s| {
        // `None` is the extraction of the facts.
        let mut jobs: Vec<Option<usize>> = others.into_iter().map(Some).collect();
        if !readers.is_empty() {
            jobs.insert(jobs.len().min(1), None);
        }
        let readers = &readers;
        for job in jobs {
            match job {
                Some(i) => s.spawn_fifo(move |_| run(i, ready)),
                None => s.spawn_fifo(move |s| {
                    let t = std::time::Instant::now();
                    let facts = analysis.facts();
                    if timings {
                        eprintln!("facts: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
                    }
                    for &i in readers {
                        s.spawn_fifo(move |_| run(i, Some(facts)));
                    }
                }),
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use reportkit_model::SourceFormat;

    /// A total that its items contradict, a copied paragraph and an undefined acronym: findings
    /// of rules that read facts and of rules that do not.
    const TEXT: &str = "# Report\n\nThe forum held 12 sessions:\n\n- 5 workshops\n- 4 panels\n- 2 talks\n\n\
        Delegates from every region met in the hall to agree on the common text for the year.\n\n\
        The XYZ met too.\n\n## Glossary\n\n| Acronym | Meaning |\n|---|---|\n| ABC | A Big Council |\n| DEF | Data Exchange Forum |\n\n\
        Delegates from every region met in the hall to agree on the common text for the year.\n";

    fn corpus() -> Corpus {
        rules::test_support::corpus(&[("r.md", TEXT, SourceFormat::Markdown)])
    }

    fn rule_ids(o: &Outcome) -> Vec<&str> {
        let mut ids: Vec<&str> = o.findings.iter().map(|f| f.rule.as_str()).collect();
        ids.dedup();
        ids
    }

    #[test]
    fn facts_extracted_beside_the_rules_give_the_same_findings_as_facts_extracted_first() {
        let c = corpus();
        let config = Config::default();
        let eager = Analysis::new(&c).check(&[], &config, None);
        let deferred = Analysis::deferred(&c).check(&[], &config, None);
        let ids = rule_ids(&deferred);
        assert!(ids.contains(&"sum-mismatch") && ids.contains(&"duplicate-passage"), "{ids:?}");
        assert_eq!(format!("{:?}", eager.findings), format!("{:?}", deferred.findings));
    }

    #[test]
    fn rules_that_read_facts_still_run_when_every_other_rule_is_off() {
        let c = corpus();
        let mut toml = String::from("[rules]\n");
        for r in rule::all().iter().filter(|r| !r.facts) {
            toml.push_str(&format!("{} = \"off\"\n", r.id));
        }
        let config = Config::parse(&toml).unwrap();
        let outcome = Analysis::deferred(&c).check(&[], &config, None);
        assert_eq!(rule_ids(&outcome), ["sum-mismatch"]);
    }
}
