//! In-document suppressions: comments in a source that accept findings of named rules, with a
//! reason.
//!
//! In Markdown and HTML sources a suppression is an HTML comment alone on its line; in plain
//! text, a line of its own (the text reader drops it, so no rule reads it as text):
//!
//! ```text
//! <!-- reportkit-disable-next-block sum-mismatch -- the printed report has the same figure -->
//! <!-- reportkit-disable fact-conflict, weekday-mismatch -- figures quoted from the 2024 call -->
//! ...
//! <!-- reportkit-enable fact-conflict, weekday-mismatch -->
//! <!-- reportkit-disable-file name-variant -- both spellings are official -->
//!
//! reportkit-disable-next-block sum-mismatch -- the printed report has the same figure
//! ```
//!
//! - `reportkit-disable-next-block RULES -- REASON` covers the next block of the document (a
//!   paragraph, list, list item, table, heading, quote…): a finding is covered when its first
//!   line lies within that block.
//! - `reportkit-disable RULES -- REASON` covers from its line to the `reportkit-enable` line that
//!   names the rule (or names none), else to the end of the file.
//! - `reportkit-disable-file RULES -- REASON` covers the whole file, wherever it stands.
//!
//! RULES are rule ids, separated by commas or spaces; the reason after ` -- ` is mandatory. A
//! suppression with no reason, no rule or an unknown rule suppresses nothing and is reported by
//! the rule `unused-suppression`, as is one that suppresses nothing. Comments inside code blocks,
//! and comments that share their line with other text, are not suppressions. A next-block or
//! file suppression that suppresses nothing for any of its rules has a safe fix that removes
//! its line (`check --fix`).

use reportkit_model::{Block, Corpus, Document, Finding, Section, SourceFormat};

use crate::rules::UnusedSuppression;
use crate::violation::Diagnostic;

/// The rule that reports suppressions that suppress nothing (its findings are made by the
/// engine after every other rule's).
pub(crate) const RULE: &str = "unused-suppression";

/// Where a suppression comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuppressionKind {
    /// A comment in the document.
    InSource,
    /// A `[[suppress]]` entry of the configuration file.
    External,
}

/// A finding a suppression accepted, kept for the outputs that show them (SARIF).
#[derive(Debug, Clone)]
pub struct Suppressed {
    /// The finding.
    pub finding: Finding,
    /// In the document or in the configuration.
    pub kind: SuppressionKind,
    /// The suppression's reason.
    pub reason: String,
}

/// The forms of suppression comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// `reportkit-disable-next-block`.
    NextBlock,
    /// `reportkit-disable` (… `reportkit-enable`).
    Range,
    /// `reportkit-disable-file`.
    File,
    /// `reportkit-enable`: closes ranges; suppresses nothing itself.
    Enable,
}

/// One suppression comment of a document.
#[derive(Debug, Clone)]
pub(crate) struct Directive {
    /// The line it is written on.
    pub line: u32,
    /// The comment as written (trimmed).
    pub text: String,
    /// Its form.
    pub scope: Scope,
    /// The rules it names.
    pub rules: Vec<String>,
    /// Its reason (empty when none is given).
    pub reason: String,
    /// The first line it covers.
    pub start: u32,
    /// Per named rule: the last line it covers (inclusive).
    pub ends: Vec<u32>,
    /// Why it suppresses nothing, when it is malformed.
    pub problem: Option<String>,
    /// Per named rule: whether it suppressed a finding.
    pub used: Vec<bool>,
}

/// The suppression comments of every document, by document index.
#[derive(Debug, Default)]
pub(crate) struct Directives {
    pub docs: Vec<Vec<Directive>>,
}

/// The keyword `line` starts with (`rest` after it), if it is a suppression keyword or looks
/// like a misspelt one (`reportkit-disable…`, `reportkit-enable…`).
fn keyword(s: &str) -> Option<(Result<Scope, String>, &str)> {
    let word_end = s.find(char::is_whitespace).unwrap_or(s.len());
    let (word, rest) = s.split_at(word_end);
    let scope = match word {
        "reportkit-disable-next-block" => Scope::NextBlock,
        "reportkit-disable" => Scope::Range,
        "reportkit-disable-file" => Scope::File,
        "reportkit-enable" => Scope::Enable,
        w if w.starts_with("reportkit-disable") || w.starts_with("reportkit-enable") => {
            return Some((Err(w.to_string()), rest));
        }
        _ => return None,
    };
    Some((Ok(scope), rest))
}

/// The directive text of a source line, if the line is one: in Markdown and HTML the inside of
/// a comment that is alone on its line and starts with `reportkit-`; in plain text the line
/// itself when it starts with `reportkit-disable` or `reportkit-enable`.
fn directive_text(line: &str, format: SourceFormat) -> Option<&str> {
    let t = line.trim();
    match format {
        SourceFormat::Text => (t.starts_with("reportkit-disable") || t.starts_with("reportkit-enable")).then_some(t),
        SourceFormat::Markdown | SourceFormat::Html => {
            let inner = t.strip_prefix("<!--")?.strip_suffix("-->")?.trim();
            (inner.starts_with("reportkit-") && !inner.contains("-->")).then_some(inner)
        }
        SourceFormat::Json => None,
    }
}

/// Parse one directive (without its line and coverage).
fn parse(text: &str) -> Option<(Scope, Vec<String>, String, Option<String>)> {
    let (scope, rest) = keyword(text)?;
    let scope = match scope {
        Ok(s) => s,
        Err(word) => {
            return Some((
                Scope::Enable,
                Vec::new(),
                String::new(),
                Some(format!(
                    "`{word}` is not a suppression keyword (reportkit-disable-next-block, reportkit-disable … \
                     reportkit-enable, reportkit-disable-file)"
                )),
            ));
        }
    };
    let (names, reason) = match rest.find("--") {
        Some(i) => (&rest[..i], rest[i + 2..].trim()),
        None => (rest, ""),
    };
    let rules: Vec<String> =
        names.split(|c: char| c == ',' || c.is_whitespace()).filter(|s| !s.is_empty()).map(str::to_string).collect();
    let problem = if let Some(unknown) = rules.iter().find(|r| crate::rules::by_id(r).is_none()) {
        Some(format!("unknown rule `{unknown}` (see `reportkit rules`)"))
    } else if rules.is_empty() && scope != Scope::Enable {
        Some("it names no rule".to_string())
    } else if reason.is_empty() && scope != Scope::Enable {
        Some("it gives no reason (add ` -- ` and why the findings are accepted)".to_string())
    } else {
        None
    };
    Some((scope, rules, reason.to_string(), problem))
}

/// Line spans (first, last), inclusive.
type Spans = Vec<(u32, u32)>;

/// The spans of a document's blocks and headings, and of its code blocks.
pub(crate) fn block_spans(doc: &Document) -> (Spans, Spans) {
    fn blocks(bs: &[Block], out: &mut Vec<(u32, u32)>, code: &mut Vec<(u32, u32)>) {
        for b in bs {
            let s = b.span();
            out.push((s.start, s.end));
            match b {
                Block::List { items, .. } => {
                    for it in items {
                        out.push((it.span.start, it.span.end));
                        blocks(&it.blocks, out, code);
                    }
                }
                Block::Quote { blocks: inner, .. } => blocks(inner, out, code),
                Block::Code { .. } => code.push((s.start, s.end)),
                _ => {}
            }
        }
    }
    fn sections(ss: &[Section], out: &mut Vec<(u32, u32)>, code: &mut Vec<(u32, u32)>) {
        for s in ss {
            out.push((s.heading_span.start, s.heading_span.end));
            blocks(&s.blocks, out, code);
            sections(&s.children, out, code);
        }
    }
    let (mut out, mut code) = (Vec::new(), Vec::new());
    blocks(&doc.blocks, &mut out, &mut code);
    sections(&doc.sections, &mut out, &mut code);
    for a in &doc.articles {
        out.push((a.span.start, a.span.start));
        blocks(&a.blocks, &mut out, &mut code);
        sections(&a.sections, &mut out, &mut code);
    }
    (out, code)
}

impl Directives {
    /// Read the suppression comments of every document from its source text. A source without
    /// `reportkit-` costs one substring search.
    pub(crate) fn read(corpus: &Corpus, sources: &[String]) -> Directives {
        let docs = corpus
            .documents
            .iter()
            .enumerate()
            .map(|(d, doc)| match sources.get(d) {
                Some(s) if s.contains("reportkit-") => read_doc(doc, s),
                _ => Vec::new(),
            })
            .collect();
        Directives { docs }
    }

    /// The suppressions that suppressed nothing: malformed ones, and the rules a well-formed one
    /// names that `ran` and that it accepted no finding of (`unused-suppression` itself is never
    /// held against a suppression: its findings come last).
    pub(crate) fn unused(&self, ran: &dyn Fn(&str) -> bool) -> Vec<Diagnostic<UnusedSuppression>> {
        let mut out = Vec::new();
        for (d, dirs) in self.docs.iter().enumerate() {
            for dir in dirs {
                let form = match dir.scope {
                    Scope::NextBlock => "next-block",
                    Scope::Range => "range",
                    Scope::File => "file",
                    Scope::Enable => "enable",
                };
                let (rules, problem, hint) = if let Some(p) = &dir.problem {
                    (dir.rules.clone(), p.clone(), "correct the comment, or remove it")
                } else if dir.scope == Scope::Enable {
                    continue;
                } else {
                    let rules: Vec<String> = dir
                        .rules
                        .iter()
                        .zip(&dir.used)
                        .filter(|(r, used)| !**used && *r != "unused-suppression" && ran(r))
                        .map(|(r, _)| r.clone())
                        .collect();
                    if rules.is_empty() {
                        continue;
                    }
                    (
                        rules,
                        "unused".to_string(),
                        "remove the suppression, or the rules it names that find nothing here",
                    )
                };
                // A comment of one line all of whose rules find nothing goes (ranges keep
                // theirs: removing the start would leave its end open).
                let whole = dir.problem.is_none()
                    && rules.len() == dir.rules.len()
                    && matches!(dir.scope, Scope::NextBlock | Scope::File)
                    && !dir.text.contains('\n');
                let v = UnusedSuppression { form: form.to_string(), rules, problem };
                let mut found = Diagnostic::new(v, d, dir.line).snippet(dir.text.clone()).hint(hint);
                if whole {
                    found = found.safe_fix(
                        "Remove the unused suppression",
                        vec![crate::violation::Change::RemoveLines { line: dir.line, end_line: dir.line }],
                    );
                }
                out.push(found);
            }
        }
        out
    }

    /// The reason of the first suppression of document `doc` covering the finding, marking every
    /// covering suppression as used.
    pub(crate) fn suppress(&mut self, doc: usize, f: &Finding) -> Option<String> {
        let mut reason = None;
        for dir in self.docs.get_mut(doc)?.iter_mut() {
            if dir.problem.is_some() || dir.scope == Scope::Enable || f.line < dir.start {
                continue;
            }
            if let Some(i) = dir.rules.iter().position(|r| *r == f.rule).filter(|&i| f.line <= dir.ends[i]) {
                dir.used[i] = true;
                reason.get_or_insert_with(|| dir.reason.clone());
            }
        }
        reason
    }
}

fn read_doc(doc: &Document, source: &str) -> Vec<Directive> {
    let format = doc.source.format;
    let (spans, code) = block_spans(doc);
    let found: Vec<(u32, &str)> = source
        .split('\n')
        .enumerate()
        .filter(|(_, line)| line.contains("reportkit-"))
        .map(|(i, line)| (i as u32 + 1, line))
        .filter(|&(n, _)| !code.iter().any(|&(a, b)| a <= n && n <= b))
        .filter_map(|(n, line)| Some((n, directive_text(line, format)?)))
        .collect();
    let mut out: Vec<Directive> = Vec::new();
    for &(n, text) in &found {
        let Some((scope, rules, reason, mut problem)) = parse(text) else { continue };
        let (start, end) = match scope {
            Scope::File | Scope::Enable => (1, u32::MAX),
            Scope::Range => (n, u32::MAX),
            Scope::NextBlock => {
                // The next block: the first to start after this line that is not another
                // suppression comment, the outermost of those starting there.
                let next = spans
                    .iter()
                    .filter(|&&(a, _)| a > n && !found.iter().any(|&(m, _)| m == a))
                    .min_by_key(|&&(a, b)| (a, std::cmp::Reverse(b)))
                    .copied();
                next.unwrap_or_else(|| {
                    problem.get_or_insert_with(|| "no block follows it".to_string());
                    (n, n)
                })
            }
        };
        if scope == Scope::Enable && problem.is_none() {
            // Close the open ranges of the rules it names (of every rule when it names none).
            let mut closed = false;
            for d in out.iter_mut().filter(|d| d.scope == Scope::Range && d.problem.is_none()) {
                for (r, e) in d.rules.iter().zip(d.ends.iter_mut()) {
                    if *e == u32::MAX && (rules.is_empty() || rules.contains(r)) {
                        *e = n;
                        closed = true;
                    }
                }
            }
            if !closed {
                problem = Some("no reportkit-disable above it disabled the rules it enables".to_string());
            }
        }
        let used = vec![false; rules.len()];
        let ends = vec![end; rules.len()];
        out.push(Directive { line: n, text: text.to_string(), scope, rules, reason, start, ends, problem, used });
    }
    out
}
