//! The engine: runs the enabled rules and turns their diagnostics into findings.
//!
//! It names no rule: it reads the registry (`rules::ALL`), the configuration, the documents'
//! suppression comments (`suppress`) and the baseline. The findings of the rule that reports
//! unused suppressions (`suppress::RULE`) are made last, from what the others found.

use reportkit_model::{Corpus, Edit, Finding, FindingsReport, Related, Summary, SCHEMA_VERSION};
use sha2::{Digest, Sha256};

use crate::analysis::Analysis;
use crate::baseline::Baseline;
use crate::config::{Config, SuppressionPaths};
use crate::rule::Rule;
use crate::rules::ALL;
use crate::suppress::{self, Directives, Suppressed, SuppressionKind};
use crate::violation;

/// The result of a check.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Findings to report, sorted by document order, line and rule.
    pub findings: Vec<Finding>,
    /// Findings suppressions accepted (in the document or in the configuration), in the same
    /// order.
    pub suppressed: Vec<Suppressed>,
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
    Analysis::new(corpus).with_publications(publications(corpus, config)).check(sources, config, baseline)
}

/// The publications of a configuration, for the documents of a corpus.
fn publications(corpus: &Corpus, config: &Config) -> crate::analysis::Publications {
    config.publications_of(corpus.documents.iter().map(|d| d.source.path.as_str()))
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

    /// Whether line `n` of document `doc` ends with a line break.
    fn has_break(&mut self, doc: usize, n: u32) -> bool {
        self.line(doc, n);
        // A line start after line `n` exists only after its break.
        self.starts.get(&doc).is_some_and(|st| (n as usize) < st.len())
    }
}

/// A rule's fix in the finding's coordinates: each change's text found on its line. `None` when
/// one is not where the rule says, or the changes overlap.
fn resolve_fix(lines: &mut SourceLines<'_>, doc: usize, fix: violation::FixAt) -> Option<reportkit_model::Fix> {
    use violation::Change;
    let chars = |s: &str| u32::try_from(s.chars().count()).ok();
    let mut edits = Vec::new();
    for c in fix.changes {
        let edit = match c {
            Change::Replace { line, old, new, leading } => {
                let text = lines.line(doc, line);
                if old.is_empty() || old == new {
                    return None;
                }
                let at = if leading {
                    let indent = text.len() - text.trim_start_matches([' ', '\t']).len();
                    text[indent..].starts_with(old.as_str()).then_some(indent)?
                } else {
                    text.find(old.as_str())?
                };
                let column = chars(&text[..at])? + 1;
                Edit { line, column, end_line: line, end_column: column + chars(&old)?, content: new }
            }
            Change::RemoveLines { line, end_line } => {
                if line == 0 || end_line < line {
                    return None;
                }
                if lines.has_break(doc, end_line) {
                    Edit { line, column: 1, end_line: end_line + 1, end_column: 1, content: String::new() }
                } else if line > 1 {
                    // The last line, without a break: remove the break before it instead.
                    let before = chars(lines.line(doc, line - 1))? + 1;
                    let end = chars(lines.line(doc, end_line))? + 1;
                    Edit { line: line - 1, column: before, end_line, end_column: end, content: String::new() }
                } else {
                    Edit {
                        line,
                        column: 1,
                        end_line,
                        end_column: chars(lines.line(doc, end_line))? + 1,
                        content: String::new(),
                    }
                }
            }
        };
        edits.push(edit);
    }
    edits.sort();
    if edits.windows(2).any(|w| (w[0].end_line, w[0].end_column) > (w[1].line, w[1].column)) {
        return None;
    }
    Some(reportkit_model::Fix { title: fix.title, applicability: fix.applicability, edits })
}

/// REPORTKIT_TIMINGS=1 prints how long each rule (and, in a deferred analysis, the extraction of
/// facts) took, to standard error.
fn timings() -> bool {
    std::env::var_os("REPORTKIT_TIMINGS").is_some()
}

/// Rules that read every word of every document, costliest first (on the corpus: 2.0, 1.2, 0.9,
/// 0.7 and 0.5 ms of a 7.5 ms rule phase on two threads). Taking them before the short rules
/// keeps a long rule from starting last while the other thread has nothing left: on the corpus
/// the rule phase then ends when both threads do.
const LONGEST_FIRST: &[&str] =
    &["name-variant", "glossary-undefined", "repeated-item", "fact-conflict", "sum-mismatch"];

/// Indices into `enabled` in the order the threads take them: [`LONGEST_FIRST`], then the rest
/// in registry order. (Results are kept in registry order whatever the order of the work.)
fn longest_first(enabled: &[(&Rule, reportkit_model::Severity)]) -> Vec<usize> {
    let rank = |i: usize| LONGEST_FIRST.iter().position(|&id| id == enabled[i].0.id).unwrap_or(LONGEST_FIRST.len());
    let mut order: Vec<usize> = (0..enabled.len()).collect();
    order.sort_by_key(|&i| rank(i));
    order
}

impl Analysis<'_> {
    /// Run every enabled rule on this analysis (see [`check`]). The documents are grouped into
    /// the configuration's publications: when the analysis was made with another grouping, the
    /// rules run on a fresh analysis of the corpus that has it.
    pub fn check(&self, sources: &[String], config: &Config, baseline: Option<&Baseline>) -> Outcome {
        let grouping = publications(self.corpus, config);
        if grouping != self.publications {
            let fresh = Analysis::new(self.corpus).with_publications(grouping);
            return run_rules(&fresh, sources, config, baseline);
        }
        run_rules(self, sources, config, baseline)
    }
}

thread_local! {
    /// Whether this thread runs the rule loop of [`run_rules`].
    static IN_LOOP: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Marks this thread as running the rule loop until dropped (also when a rule panics).
struct InLoop(bool);

impl InLoop {
    fn enter() -> InLoop {
        InLoop(IN_LOOP.replace(true))
    }
}

impl Drop for InLoop {
    fn drop(&mut self) {
        IN_LOOP.set(self.0);
    }
}

fn run_rules(analysis: &Analysis, sources: &[String], config: &Config, baseline: Option<&Baseline>) -> Outcome {
    let corpus = analysis.corpus;
    let timings = timings();
    let mut summary = Summary { documents: corpus.documents.len(), ..Summary::default() };
    let mut lines = SourceLines::new(sources);
    // The work runs on as many threads as there are cores (this thread and the others), each
    // thread taking the next task not yet taken: first the analysis's costliest views (see
    // `Analysis::WARM_UP`), so that a long view never starts last, then the enabled rules;
    // results are kept in registry order. A rule is not a rayon job of its own: a view a rule
    // asks for first splits its work on rayon's pool, and a thread that waits inside a view
    // (blocked, or joining the view's own parallel work) runs no other rule meanwhile, so no rule
    // can re-enter a view being computed below it. (A view's parallel work never asks for a
    // view: see `analysis`.) The threads are the calling thread and rayon's workers, no others:
    // a thread of its own cost a start and an allocator heap whose first pages the kernel
    // zeroes, and it competed with rayon's workers for the cores while views split their work.
    let enabled: Vec<(&Rule, reportkit_model::Severity)> =
        ALL.iter().filter_map(|r| Some((r, config.severity(r)?))).collect();
    let order = longest_first(&enabled);
    let slots: Vec<std::sync::OnceLock<Vec<violation::Draft>>> =
        enabled.iter().map(|_| std::sync::OnceLock::new()).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    // As many threads as rayon's pool has (it honours RAYON_NUM_THREADS), never more: a thread
    // blocked on a view another thread computes waits for that view's parallel work, which
    // needs a pool thread that is not blocked. With more threads here than in the pool (the
    // pool's only thread being this one), a run deadlocked.
    let threads = rayon::current_num_threads().min(enabled.len()).max(1);
    let views = if threads > 1 { Analysis::WARM_UP } else { &[] };
    let t0 = std::time::Instant::now();
    // With REPORTKIT_TIMINGS: what ran, from when to when (ms since the rules began), on which thread.
    let report = |what: &dyn std::fmt::Display, t: std::time::Instant| {
        if timings {
            let ms = |i: std::time::Instant| i.duration_since(t0).as_secs_f64() * 1e3;
            let thread = rayon::current_thread_index().unwrap_or(usize::MAX);
            let (from, to) = (ms(t), ms(std::time::Instant::now()));
            eprintln!("{what}: {:.1} ms ({from:.1}–{to:.1} ms, thread {thread})", to - from);
        }
    };
    let work = || loop {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if let Some(view) = views.get(i) {
            let t = std::time::Instant::now();
            view(analysis);
            report(&format_args!("view {i}"), t);
            continue;
        }
        let Some(&i) = order.get(i - views.len()) else { break };
        let (r, _) = enabled[i];
        let t = std::time::Instant::now();
        let drafts = (r.run)(analysis);
        report(&r.id, t);
        let _ = slots[i].set(drafts);
    };
    if threads > 1 {
        // The other threads are rayon's workers, each taking a job that runs the same loop.
        // Every loop job starts before any work of a view is queued: a job still queued then
        // could be taken by a thread waiting inside a view's parallel work, and a rule run there
        // that waits for that view would wait for itself (a hang in 4 runs of 300 with three
        // threads).
        let started = std::sync::atomic::AtomicUsize::new(0);
        rayon::scope(|s| {
            for _ in 1..threads {
                s.spawn(|_| {
                    started.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
                    // A thread joining a view's parallel work may take a queued job: there it runs
                    // nothing, as its own loop would re-enter the view being computed below it.
                    if !IN_LOOP.get() {
                        let _loop = InLoop::enter();
                        work();
                    }
                });
            }
            // The workers take their jobs within a fraction of a millisecond. Past a millisecond
            // this thread runs pending jobs itself (one of these, or those of a check beside
            // this one that waits the same way), so the wait always ends; before, running its
            // own job would leave the workers nothing and the rules one thread.
            let waiting = std::time::Instant::now();
            while started.load(std::sync::atomic::Ordering::Acquire) < threads - 1 {
                if waiting.elapsed() < std::time::Duration::from_millis(1)
                    || rayon::yield_now() != Some(rayon::Yield::Executed)
                {
                    std::thread::yield_now();
                }
            }
            let _loop = InLoop::enter();
            work();
        });
    } else {
        work();
    }
    let ran: Vec<&str> = enabled.iter().map(|(r, _)| r.id).collect();
    let unused_rule = enabled.iter().find(|(r, _)| r.id == suppress::RULE).map(|&(r, sev)| (r, sev));
    let mut sink = Sink {
        directives: Directives::read(corpus, sources),
        paths: (!config.suppress.is_empty()).then(|| config.paths()),
        config_used: vec![false; config.suppress.len()],
        findings: Vec::new(),
        suppressed: Vec::new(),
    };
    let results = enabled.into_iter().zip(slots).filter_map(|((r, sev), slot)| Some((r, sev, slot.into_inner()?)));
    for (r, severity, drafts) in results {
        for d in drafts {
            let doc = d.doc;
            let (f, line_text) = to_finding(corpus, &mut lines, r.id, severity, d, !config.suppress.is_empty());
            sink.add(doc, f, line_text, config);
        }
    }
    // Suppressions that suppressed nothing, once every other rule's findings are known.
    if let Some((r, severity)) = unused_rule {
        let ran = |id: &str| ran.contains(&id);
        for d in sink.directives.unused(&ran).into_iter().map(|x| x.draft()) {
            let doc = d.doc;
            let (f, line_text) = to_finding(corpus, &mut lines, r.id, severity, d, !config.suppress.is_empty());
            sink.add(doc, f, line_text, config);
        }
        let config_file = match &config.file {
            Some(p) => relative_to_cwd(p),
            None => "reportkit.toml".to_string(),
        };
        for (i, s) in config.suppress.iter().enumerate() {
            if sink.config_used[i] || s.rule == suppress::RULE || !ran(&s.rule) {
                continue;
            }
            let v = crate::rules::UnusedSuppression {
                form: "config".to_string(),
                rules: vec![s.rule.clone()],
                problem: "unused".to_string(),
            };
            let d = violation::Diagnostic::new(v, 0, s.config_line.unwrap_or(1))
                .hint(format!("remove [[suppress]] entry #{} (file = \"{}\"), or correct it", i + 1, s.file))
                .draft();
            let key = format!("{}|{}|{}", d.key, s.file, s.contains.as_deref().unwrap_or(""));
            let f = Finding {
                rule: r.id.to_string(),
                severity,
                message: d.message,
                file: config_file.clone(),
                document: String::new(),
                line: d.line,
                end_line: d.line,
                column: None,
                end_column: None,
                snippet: None,
                related: Vec::new(),
                hint: d.hint,
                data: d.data,
                fingerprint: fingerprint(r.id, &key),
                fixes: Vec::new(),
            };
            sink.findings.push((usize::MAX, f));
        }
    }
    let Sink { mut findings, mut suppressed, .. } = sink;
    let order = |da: usize, a: &Finding, db: usize, b: &Finding| {
        (da, a.line, &a.rule, &a.message).cmp(&(db, b.line, &b.rule, &b.message))
    };
    findings.sort_by(|(da, a), (db, b)| order(*da, a, *db, b));
    suppressed.sort_by(|(da, a), (db, b)| order(*da, &a.finding, *db, &b.finding));
    let mut findings: Vec<Finding> = findings.into_iter().map(|(_, f)| f).collect();
    let suppressed: Vec<Suppressed> = suppressed.into_iter().map(|(_, s)| s).collect();
    summary.suppressed = suppressed.len();
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
    Outcome { findings, suppressed, summary }
}

/// A path as the user would type it from the working directory: relative (with `..` where
/// needed) when it and the working directory are absolute on the same root, else as it is.
fn relative_to_cwd(p: &std::path::Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    if !(p.is_absolute() && cwd.is_absolute()) {
        return p.to_string_lossy().into_owned();
    }
    let (a, b): (Vec<_>, Vec<_>) = (p.components().collect(), cwd.components().collect());
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return p.to_string_lossy().into_owned();
    }
    let mut rel = std::path::PathBuf::new();
    for _ in common..b.len() {
        rel.push("..");
    }
    for c in &a[common..] {
        rel.push(c);
    }
    rel.to_string_lossy().into_owned()
}

/// Where findings go: reported, or suppressed (in the document, or by the configuration).
struct Sink {
    directives: Directives,
    paths: Option<SuppressionPaths>,
    config_used: Vec<bool>,
    findings: Vec<(usize, Finding)>,
    suppressed: Vec<(usize, Suppressed)>,
}

impl Sink {
    fn add(&mut self, doc: usize, f: Finding, line_text: &str, config: &Config) {
        if let Some(reason) = self.directives.suppress(doc, &f) {
            self.suppressed.push((doc, Suppressed { finding: f, kind: SuppressionKind::InSource, reason }));
            return;
        }
        if let Some(paths) = self.paths.as_mut() {
            if let Some(i) = config.suppression_for(&f, line_text, paths) {
                self.config_used[i] = true;
                let reason = config.suppress[i].reason.clone();
                self.suppressed.push((doc, Suppressed { finding: f, kind: SuppressionKind::External, reason }));
                return;
            }
        }
        self.findings.push((doc, f));
    }
}

/// A rule's draft as a finding, with the text of its line (read when the finding has a snippet
/// to place, or when `need_line`).
fn to_finding<'a>(
    corpus: &Corpus,
    lines: &mut SourceLines<'a>,
    rule: &str,
    severity: reportkit_model::Severity,
    mut d: violation::Draft,
    need_line: bool,
) -> (Finding, &'a str) {
    let doc = &corpus.documents[d.doc];
    let needs_line = d.snippet.as_deref().is_some_and(|x| !x.is_empty()) || need_line;
    let fixes: Vec<reportkit_model::Fix> =
        std::mem::take(&mut d.fixes).into_iter().filter_map(|fix| resolve_fix(lines, d.doc, fix)).collect();
    let line_text = if needs_line { lines.line(d.doc, d.line) } else { "" };
    let (column, end_column) = match d.snippet.as_deref().and_then(|x| columns(line_text, x)) {
        Some((a, b)) => (Some(a), Some(b)),
        None => (None, None),
    };
    let f = Finding {
        rule: rule.to_string(),
        severity: d.at_most.map_or(severity, |m| severity.min(m)),
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
        fingerprint: fingerprint(rule, &d.key),
        fixes,
    };
    (f, line_text)
}

/// Run `a` on a thread of its own and `b` on this one, and return both results; run them one
/// after the other when rayon's pool has a single thread. Both may split work on rayon's pool
/// (the checks of two versions, the reading of two inputs): a thread outside the pool hands its
/// parallel work to the pool and waits, and when the pool's only thread is this one, busy with
/// `b` and then waiting for `a`, that work never runs.
pub fn side_by_side<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    if rayon::current_num_threads() < 2 {
        let a = a();
        return (a, b());
    }
    std::thread::scope(|s| {
        let handle = s.spawn(a);
        let b = b();
        (handle.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), b)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reportkit_model::SourceFormat::Markdown;

    /// The long rules are taken first, every enabled rule exactly once; a renamed rule would
    /// silently fall back to registry order, so every name in the list must be registered.
    #[test]
    fn the_longest_rules_are_taken_first_and_every_rule_once() {
        assert!(LONGEST_FIRST.iter().all(|id| ALL.iter().any(|r| r.id == *id)), "{LONGEST_FIRST:?}");
        let enabled: Vec<(&Rule, reportkit_model::Severity)> = ALL.iter().map(|r| (r, r.severity)).collect();
        let order = longest_first(&enabled);
        let ids: Vec<&str> = order.iter().map(|&i| enabled[i].0.id).collect();
        assert_eq!(&ids[..LONGEST_FIRST.len()], LONGEST_FIRST);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..ALL.len()).collect::<Vec<_>>());
    }

    /// Checks run at once from several threads on one pool of two (the language server checks a
    /// document while another is saved): each finishes, with the findings it has alone. (The
    /// guard against running a queued loop job inside a view's parallel work is not shown to
    /// be needed here: that interleaving is too rare to provoke in a test.)
    #[test]
    fn checks_run_at_once_on_a_small_pool_each_finish_with_their_own_findings() {
        let texts: Vec<String> = (0..6)
            .map(|k| {
                let para = format!("The network of {k} partners met in the capital city to agree on the shared plan for the coming year.");
                format!("# Report {k}\n\n{para}\n\n## Again\n\n{para}\n\nThe 3 sessions: A, B.\n")
            })
            .collect();
        let corpora: Vec<Corpus> =
            texts.iter().map(|t| crate::test_support::corpus(&[("r.md", t.as_str(), Markdown)])).collect();
        let config = Config::default();
        let alone: Vec<Vec<String>> = corpora
            .iter()
            .zip(&texts)
            .map(|(c, t)| {
                check(c, std::slice::from_ref(t), &config, None).findings.iter().map(|f| f.message.clone()).collect()
            })
            .collect();
        assert!(alone.iter().all(|f| f.iter().any(|m| m.contains("passage appears 2 times"))), "{alone:?}");
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().expect("a pool");
        let together: Vec<Vec<String>> = std::thread::scope(|s| {
            let handles: Vec<_> = corpora
                .iter()
                .zip(&texts)
                .map(|(c, t)| {
                    let (config, pool) = (&config, &pool);
                    s.spawn(move || {
                        let outcome = pool.install(|| check(c, std::slice::from_ref(t), config, None));
                        outcome.findings.iter().map(|f| f.message.clone()).collect()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("a check finishes")).collect()
        });
        assert_eq!(together, alone);
    }
}
