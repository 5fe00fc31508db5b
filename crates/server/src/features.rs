//! Requests: code actions (the findings' fixes and "suppress here"), hover on a figure, and go
//! to definition from a finding to its related places.

use std::collections::{HashMap, HashSet};

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, GotoDefinitionResponse, Hover, HoverContents,
    HoverParams, Location, MarkupContent, MarkupKind, Position, Range, TextEdit, WorkspaceEdit,
};
use reportkit_check::facts::{Qualifier, Quantity};
use reportkit_model::{Applicability, Finding};

use crate::workspace::Workspace;

fn meets(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

fn holds(r: Range, p: Position) -> bool {
    r.start <= p && p <= r.end
}

/// The findings of the file `uri` names whose range meets `range`.
fn findings_at<'w>(ws: &'w Workspace, uri: &lsp_types::Uri, range: Range) -> Vec<(&'w Finding, Range)> {
    let (Some(checked), Some(i)) = (&ws.checked, ws.index_of_uri(uri)) else { return Vec::new() };
    let path = &ws.sources[i].path;
    checked
        .outcome
        .findings
        .iter()
        .filter_map(|f| {
            let (p, r) = ws.range_of(f)?;
            (&p == path && meets(r, range)).then_some((f, r))
        })
        .collect()
}

/// `textDocument/codeAction`: for each finding whose range meets the request's, one quick fix per
/// fix the rule offers (preferred when it is safe and the only one; an unsafe one says so in its
/// title), and one "suppress here" per rule and place.
pub fn code_actions(ws: &Workspace, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    if let Some(only) = &params.context.only {
        if !only.iter().any(|k| k.as_str() == "quickfix" || CodeActionKind::QUICKFIX.as_str().starts_with(k.as_str())) {
            return Vec::new();
        }
    }
    let uri = &params.text_document.uri;
    let Some(i) = ws.index_of_uri(uri) else { return Vec::new() };
    let source = &ws.sources[i];
    let mut fixes = Vec::new();
    let mut suppressions = Vec::new();
    let mut placed: HashSet<(String, u32)> = HashSet::new();
    for (f, _) in findings_at(ws, uri, params.range) {
        let Some((_, diagnostic)) = ws.diagnostic(f) else { continue };
        for fix in &f.fixes {
            let edits: Vec<TextEdit> = fix
                .edits
                .iter()
                .map(|e| TextEdit {
                    range: Range {
                        start: source.lines.position(&source.text, ws.encoding, e.line, e.column),
                        end: source.lines.position(&source.text, ws.encoding, e.end_line, e.end_column),
                    },
                    new_text: e.content.clone(),
                })
                .collect();
            let safe = fix.applicability == Applicability::Safe;
            let title = if safe { fix.title.clone() } else { format!("Unsafe fix: {}", fix.title) };
            fixes.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(edit(uri, edits)),
                is_preferred: Some(safe && f.fixes.len() == 1),
                ..CodeAction::default()
            }));
        }
        if f.rule == "unused-suppression" {
            continue;
        }
        let Some(checked) = &ws.checked else { continue };
        let Some(doc) = checked.corpus.documents.iter().find(|d| d.id == f.document) else { continue };
        let Some(ins) = reportkit_check::suppress_here::next_block_comment(doc, &source.text, &f.rule, f.line) else {
            continue;
        };
        if !placed.insert((f.rule.clone(), ins.line)) {
            continue;
        }
        let at = Position { line: ins.line - 1, character: 0 };
        suppressions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Suppress {} here (then replace the TODO reason)", f.rule),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic]),
            edit: Some(edit(uri, vec![TextEdit { range: Range { start: at, end: at }, new_text: ins.text }])),
            is_preferred: Some(false),
            ..CodeAction::default()
        }));
    }
    fixes.extend(suppressions);
    fixes
}

fn edit(uri: &lsp_types::Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..WorkspaceEdit::default() }
}

/// `textDocument/definition`: from a finding's range, the places it relates to.
pub fn definition(ws: &Workspace, uri: &lsp_types::Uri, at: Position) -> Option<GotoDefinitionResponse> {
    let mut out: Vec<Location> = Vec::new();
    for (f, r) in findings_at(ws, uri, Range { start: at, end: at }) {
        if !holds(r, at) {
            continue;
        }
        for rel in &f.related {
            if let Some(l) = ws.line_location(&rel.file, rel.line) {
                if !out.contains(&l) {
                    out.push(l);
                }
            }
        }
    }
    (!out.is_empty()).then_some(GotoDefinitionResponse::Array(out))
}

fn qualifier(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "exactly",
        Qualifier::AtLeast => "at least",
        Qualifier::AtMost => "at most",
        Qualifier::Approx => "about",
        Qualifier::Estimated => "an estimated",
        Qualifier::Change => "a change of",
    }
}

fn value(q: &Quantity) -> String {
    reportkit_text::numbers::fmt_num(q.value) + if q.percent { "%" } else { "" }
}

/// `textDocument/hover` on a figure: what the checker read (value, qualifier, what it counts,
/// its section) and where else the corpus states a figure of the same thing.
pub fn hover(ws: &Workspace, params: &HoverParams) -> Option<Hover> {
    let uri = &params.text_document_position_params.text_document.uri;
    let at = params.text_document_position_params.position;
    let i = ws.index_of_uri(uri)?;
    let source = &ws.sources[i];
    let checked = ws.checked.as_ref()?;
    let docs: Vec<usize> = (0..checked.doc_source.len()).filter(|&d| checked.doc_source[d] == i).collect();
    if docs.is_empty() {
        return None;
    }
    let analysis = reportkit_check::Analysis::new(&checked.corpus);
    let facts = analysis.facts();
    let line_text = source.lines.line(&source.text, at.line);
    let cursor = source.lines.offset(&source.text, ws.encoding, at)
        - source.lines.offset(&source.text, ws.encoding, Position { line: at.line, character: 0 });
    for &d in &docs {
        let on_line: Vec<&Quantity> = facts.quantities[d].iter().filter(|q| q.line == at.line + 1).collect();
        for (k, q) in on_line.iter().enumerate() {
            // The n-th statement of the same text on the line is its n-th occurrence.
            let nth = on_line[..k].iter().filter(|o| o.written == q.written).count();
            let Some((start, _)) = line_text.match_indices(q.written.as_str()).nth(nth) else { continue };
            let end = start + q.written.len();
            if cursor < start || cursor > end {
                continue;
            }
            let enc = ws.encoding;
            let range = Range {
                start: Position { line: at.line, character: enc.len(&line_text[..start]) },
                end: Position { line: at.line, character: enc.len(&line_text[..end]) },
            };
            let text = describe(&analysis, q);
            return Some(Hover {
                contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: text }),
                range: Some(range),
            });
        }
    }
    None
}

/// How many other statements of the same thing a hover lists.
const LISTED: usize = 12;

fn describe(analysis: &reportkit_check::Analysis<'_>, q: &Quantity) -> String {
    let corpus = analysis.corpus;
    let unit = analysis.unit(q.doc, q.unit);
    let counts = if q.noun.is_empty() { "nothing named after it".to_string() } else { format!("“{}”", q.noun) };
    let mut out = format!("**{}**: {} {}, counts {counts}", q.written, qualifier(q.qualifier), value(q));
    if !q.anchor.is_empty() {
        out.push_str(&format!(" (of “{}”)", q.anchor));
    }
    let doc = &corpus.documents[q.doc];
    let section =
        if unit.section_title.is_empty() { "the top".to_string() } else { format!("“{}”", unit.section_title) };
    out.push_str(&format!("\n\nScope: {section} in {} ({})", doc.source.path, doc.id));
    if q.noun.is_empty() {
        return out;
    }
    let others: Vec<&Quantity> = analysis
        .facts()
        .quantities
        .iter()
        .flatten()
        .filter(|o| {
            o.noun == q.noun
                && o.percent == q.percent
                && !(o.doc == q.doc && o.line == q.line && o.start == q.start && o.unit == q.unit)
        })
        .collect();
    if others.is_empty() {
        out.push_str("\n\nNo other statement of this figure in the corpus.");
        return out;
    }
    out.push_str(&format!("\n\nAlso stated ({}):", others.len()));
    for o in others.iter().take(LISTED) {
        let file = &corpus.documents[o.doc].source.path;
        // Two statements agree when the values each allows (its qualifier, its rounding) meet.
        let ((a, b), (c, d)) = (q.interval(), o.interval());
        let mark = if a <= d && c <= b { "" } else { " — disagrees" };
        out.push_str(&format!(
            "\n- `{file}:{}`: “{}”, {} {}{mark}",
            o.line,
            o.written,
            qualifier(o.qualifier),
            value(o)
        ));
    }
    if others.len() > LISTED {
        out.push_str(&format!("\n- … and {} more", others.len() - LISTED));
    }
    out
}
