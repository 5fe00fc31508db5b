//! reportkit's version comparison: what changed between two versions of a report, for a reader.
//!
//! [`diff`] matches documents by id, then the rest by content (a document under a new file name
//! whose paragraphs are at least half those of a vanished one is that one, renamed) and, inside each, sections by content (identical text
//! first, then word-set similarity, then titles; see `matching`), so a section that moved or
//! was renamed is recognised rather than reported as removed and added. Inside a matched
//! section the paragraphs are aligned and changed ones diffed word by word (`similar`).
//! Figures come from [`reportkit_check::Analysis`] and are compared per section and noun;
//! findings from [`reportkit_check::Analysis::check`] on both versions (analysed side by side) are compared by rule and content
//! fingerprint, so moved lines do not make a finding "new".
//!
//! By default what a reader does not see is ignored (line breaks within paragraphs, list-marker
//! and emphasis style, trailing spaces): paragraphs are compared as plain text with whitespace
//! collapsed. [`Options::exact`] compares the source lines as written instead.
//!
//! Output formats live in [`output`].

mod facts;
mod matching;
pub mod output;
mod text;
mod tree;

use std::collections::HashMap;

use reportkit_check::{Analysis, Config};
use reportkit_model::diff::{
    DiffReport, DiffSummary, DocumentDiff, DocumentStatus, FindingChanges, HunkKind, SectionChange, SectionChangeKind,
};
use reportkit_model::{Corpus, Document, Finding, SCHEMA_VERSION};

/// How to compare.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Compare source lines as written (inline markup, list markers, line breaks, trailing
    /// spaces) instead of the text a reader sees.
    pub exact: bool,
}

/// One version: a corpus and the text of each document's source.
pub struct Version<'a> {
    /// The path as given (a file or a directory), for the report.
    pub label: &'a str,
    /// The documents.
    pub corpus: &'a Corpus,
    /// `sources[i]` is the source text of document `i` (empty when read from JSON).
    pub sources: &'a [String],
}

/// Compare two versions. Findings come from [`reportkit_check::Analysis::check`] on each with
/// `config`.
pub fn diff<'a>(old: &Version<'a>, new: &Version<'a>, config: &Config, options: Options) -> DiffReport {
    // Each version is analysed and checked once, the two side by side.
    let study = |v: &Version<'a>| {
        let analysis = Analysis::new(v.corpus);
        let findings = analysis.check(v.sources, config, None).findings;
        (analysis, findings)
    };
    let ((old_analysis, old_findings), (new_analysis, new_findings)) =
        reportkit_check::side_by_side(|| study(old), || study(new));
    let mut documents = Vec::new();
    let mut summary = DiffSummary::default();
    let old_ids: HashMap<&str, usize> =
        old.corpus.documents.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect();
    let new_ids: HashMap<&str, usize> =
        new.corpus.documents.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect();
    let renamed = renames(old.corpus, new.corpus, &old_ids, &new_ids);
    // The new version's document that each old document is (by id, or renamed).
    let mut counterpart: HashMap<&str, &str> = HashMap::new();
    for (j, nd) in new.corpus.documents.iter().enumerate() {
        let matched = old_ids.get(nd.id.as_str()).copied().map(|i| (i, false));
        match matched.or_else(|| renamed.get(&j).map(|&i| (i, true))) {
            None => {
                summary.documents_added += 1;
                documents.push(DocumentDiff {
                    id: nd.id.clone(),
                    status: DocumentStatus::Added,
                    old_path: None,
                    new_path: Some(nd.source.path.clone()),
                    sections: Vec::new(),
                    facts: Vec::new(),
                });
            }
            Some((i, is_rename)) => {
                let od = &old.corpus.documents[i];
                counterpart.insert(od.id.as_str(), nd.id.as_str());
                let pair = Pair {
                    old: od,
                    new: nd,
                    old_source: old.sources.get(i).map_or("", String::as_str),
                    new_source: new.sources.get(j).map_or("", String::as_str),
                    old_analysis: (&old_analysis, i),
                    new_analysis: (&new_analysis, j),
                };
                let changed = document_diff(&pair, options, &mut summary);
                if is_rename {
                    summary.documents_renamed += 1;
                    let mut d = changed.unwrap_or_else(|| DocumentDiff {
                        id: nd.id.clone(),
                        status: DocumentStatus::Renamed,
                        old_path: Some(od.source.path.clone()),
                        new_path: Some(nd.source.path.clone()),
                        sections: Vec::new(),
                        facts: Vec::new(),
                    });
                    d.status = DocumentStatus::Renamed;
                    documents.push(d);
                } else if let Some(d) = changed {
                    summary.documents_changed += 1;
                    documents.push(d);
                }
            }
        }
    }
    for od in &old.corpus.documents {
        if !counterpart.contains_key(od.id.as_str()) {
            summary.documents_removed += 1;
            documents.push(DocumentDiff {
                id: od.id.clone(),
                status: DocumentStatus::Removed,
                old_path: Some(od.source.path.clone()),
                new_path: None,
                sections: Vec::new(),
                facts: Vec::new(),
            });
        }
    }
    let findings = finding_changes(old_findings, new_findings, &counterpart);
    summary.findings_introduced = findings.introduced.len();
    summary.findings_resolved = findings.resolved.len();
    DiffReport {
        version: SCHEMA_VERSION.to_string(),
        old: old.label.to_string(),
        new: new.label.to_string(),
        exact: options.exact,
        documents,
        findings,
        summary,
    }
}

/// Documents of the new version without a namesake in the old one, paired with old documents
/// without a namesake in the new one when their paragraphs are at least half the same (the Dice
/// coefficient of the two multisets of paragraph texts, as git's rename detection asks half the
/// content to be the same): `new index → old index`. The most similar pairs are taken first.
fn renames(
    old: &Corpus,
    new: &Corpus,
    old_ids: &HashMap<&str, usize>,
    new_ids: &HashMap<&str, usize>,
) -> HashMap<usize, usize> {
    let lone_old: Vec<usize> =
        (0..old.documents.len()).filter(|&i| !new_ids.contains_key(old.documents[i].id.as_str())).collect();
    let lone_new: Vec<usize> =
        (0..new.documents.len()).filter(|&j| !old_ids.contains_key(new.documents[j].id.as_str())).collect();
    if lone_old.is_empty() || lone_new.is_empty() {
        return HashMap::new();
    }
    let paragraphs = |d: &Document| -> Vec<String> {
        let mut v: Vec<String> =
            tree::build(d, "", false).nodes.into_iter().flat_map(|n| n.paras.into_iter().map(|p| p.norm)).collect();
        v.sort_unstable();
        v
    };
    let old_paras: Vec<Vec<String>> = lone_old.iter().map(|&i| paragraphs(&old.documents[i])).collect();
    let new_paras: Vec<Vec<String>> = lone_new.iter().map(|&j| paragraphs(&new.documents[j])).collect();
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (a, op) in old_paras.iter().enumerate() {
        for (b, np) in new_paras.iter().enumerate() {
            // Empty documents show no identity (`dice` calls two empty sets equal).
            let similarity = if op.is_empty() || np.is_empty() { 0.0 } else { tree::dice(op, np) };
            if similarity >= 0.5 {
                candidates.push((similarity, a, b));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let mut out = HashMap::new();
    let mut old_taken = vec![false; lone_old.len()];
    for (_, a, b) in candidates {
        if !old_taken[a] && !out.contains_key(&lone_new[b]) {
            old_taken[a] = true;
            out.insert(lone_new[b], lone_old[a]);
        }
    }
    out
}

/// Findings compared by rule, fingerprint (the finding's content, not its lines or file name)
/// and document (an old finding's document is its counterpart in the new version), as
/// multisets.
fn finding_changes(old: Vec<Finding>, new: Vec<Finding>, counterpart: &HashMap<&str, &str>) -> FindingChanges {
    let old_key = |f: &Finding| {
        let doc = counterpart.get(f.document.as_str()).copied().unwrap_or(f.document.as_str()).to_string();
        (f.rule.clone(), f.fingerprint.clone(), doc)
    };
    let new_key = |f: &Finding| (f.rule.clone(), f.fingerprint.clone(), f.document.clone());
    let mut old_count: HashMap<(String, String, String), usize> = HashMap::new();
    for f in &old {
        *old_count.entry(old_key(f)).or_default() += 1;
    }
    let mut new_count: HashMap<(String, String, String), usize> = HashMap::new();
    for f in &new {
        *new_count.entry(new_key(f)).or_default() += 1;
    }
    let mut introduced = Vec::new();
    for f in new {
        let c = old_count.entry(new_key(&f)).or_default();
        if *c > 0 {
            *c -= 1;
        } else {
            introduced.push(f);
        }
    }
    let mut resolved = Vec::new();
    for f in old {
        let c = new_count.entry(old_key(&f)).or_default();
        if *c > 0 {
            *c -= 1;
        } else {
            resolved.push(f);
        }
    }
    FindingChanges { introduced, resolved }
}

struct Pair<'a> {
    old: &'a Document,
    new: &'a Document,
    old_source: &'a str,
    new_source: &'a str,
    old_analysis: (&'a Analysis<'a>, usize),
    new_analysis: (&'a Analysis<'a>, usize),
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn document_diff(p: &Pair, options: Options, summary: &mut DiffSummary) -> Option<DocumentDiff> {
    if p.old_source == p.new_source && !p.old_source.is_empty() || p.old == p.new {
        return None;
    }
    let old = tree::build(p.old, p.old_source, options.exact);
    let new = tree::build(p.new, p.new_source, options.exact);
    let m = matching::match_sections(&old, &new);
    let moved = matching::moved(&old, &new, &m);
    // (position in the new order, order among removed sections there, change)
    let mut changes: Vec<(usize, usize, SectionChange)> = Vec::new();
    let mut text_of: HashMap<u64, Vec<usize>> = HashMap::new();
    for (j, n) in new.nodes.iter().enumerate() {
        if n.key != 0 {
            text_of.entry(n.key).or_default().push(j);
        }
    }
    for (j, n) in new.nodes.iter().enumerate() {
        let change = match m.new_to_old[j] {
            None => {
                let duplicate_of =
                    text_of.get(&n.key).and_then(|ks| ks.iter().find(|k| **k != j)).map(|k| new.nodes[*k].reference());
                SectionChange {
                    kinds: vec![SectionChangeKind::Added],
                    old: None,
                    new: Some(n.reference()),
                    similarity: 0.0,
                    after: None,
                    duplicate_of,
                    hunks: text::whole(&n.paras, HunkKind::Added),
                    unchanged: 0,
                }
            }
            Some(o) => {
                let on = &old.nodes[o];
                let mut kinds = Vec::new();
                if moved[j] {
                    kinds.push(SectionChangeKind::Moved);
                }
                if on.title != n.title {
                    kinds.push(SectionChangeKind::Renamed);
                }
                let same = on.heading.as_ref().map(|h| &h.shown) == n.heading.as_ref().map(|h| &h.shown)
                    && on.paras.len() == n.paras.len()
                    && on.paras.iter().zip(&n.paras).all(|(a, b)| a.shown == b.shown);
                let (hunks, unchanged) = if same {
                    (Vec::new(), on.paras.len())
                } else {
                    // With --exact the heading line is compared like a paragraph.
                    let text = |x: &tree::Node| x.heading.iter().chain(&x.paras).cloned().collect::<Vec<_>>();
                    text::hunks(&text(on), &text(n))
                };
                if !hunks.is_empty() {
                    kinds.push(SectionChangeKind::Changed);
                }
                if kinds.is_empty() {
                    continue;
                }
                let similarity = if on.key == n.key { 1.0 } else { round2(tree::dice(&on.words, &n.words)) };
                let after =
                    moved[j].then(|| new.previous_sibling(j).map(|k| new.nodes[k].title.clone()).unwrap_or_default());
                SectionChange {
                    kinds,
                    old: Some(on.reference()),
                    new: Some(n.reference()),
                    similarity,
                    after,
                    duplicate_of: None,
                    hunks,
                    unchanged,
                }
            }
        };
        changes.push((j, 0, change));
    }
    for (o, on) in old.nodes.iter().enumerate() {
        if m.old_to_new[o].is_some() {
            continue;
        }
        // Place a removed section after the new match of the nearest earlier old section.
        let at = (0..o).rev().find_map(|k| m.old_to_new[k]).unwrap_or(0);
        changes.push((
            at,
            o + 1,
            SectionChange {
                kinds: vec![SectionChangeKind::Removed],
                old: Some(on.reference()),
                new: None,
                similarity: 0.0,
                after: None,
                duplicate_of: None,
                hunks: text::whole(&on.paras, HunkKind::Removed),
                unchanged: 0,
            },
        ));
    }
    changes.sort_by_key(|(j, k, _)| (*j, *k));
    let sections: Vec<SectionChange> = changes.into_iter().map(|(_, _, c)| c).collect();
    let (oa, oi) = p.old_analysis;
    let (na, ni) = p.new_analysis;
    let old_side = facts::Side {
        tree: &old,
        units: &oa.units[oi],
        quantities: &oa.facts().quantities[oi],
        lines: p.old_source.lines().collect(),
    };
    let new_side = facts::Side {
        tree: &new,
        units: &na.units[ni],
        quantities: &na.facts().quantities[ni],
        lines: p.new_source.lines().collect(),
    };
    let facts = facts::changes(&old_side, &new_side, &m, options.exact);
    if sections.is_empty() && facts.is_empty() {
        return None;
    }
    for s in &sections {
        for k in &s.kinds {
            match k {
                SectionChangeKind::Added => summary.sections_added += 1,
                SectionChangeKind::Removed => summary.sections_removed += 1,
                SectionChangeKind::Moved => summary.sections_moved += 1,
                SectionChangeKind::Renamed => summary.sections_renamed += 1,
                SectionChangeKind::Changed => summary.sections_changed += 1,
            }
        }
        for h in &s.hunks {
            match h.kind {
                HunkKind::Added => summary.paragraphs_added += 1,
                HunkKind::Removed => summary.paragraphs_removed += 1,
                HunkKind::Changed => summary.paragraphs_changed += 1,
            }
        }
    }
    for f in &facts {
        match f.kind {
            reportkit_model::diff::FactChangeKind::Changed => summary.facts_changed += 1,
            reportkit_model::diff::FactChangeKind::Added => summary.facts_added += 1,
            reportkit_model::diff::FactChangeKind::Removed => summary.facts_removed += 1,
        }
    }
    Some(DocumentDiff {
        id: p.new.id.clone(),
        status: DocumentStatus::Changed,
        old_path: Some(p.old.source.path.clone()),
        new_path: Some(p.new.source.path.clone()),
        sections,
        facts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reportkit_model::diff::SectionChangeKind as K;

    fn report(old: &str, new: &str, exact: bool) -> DiffReport {
        let parse = |text: &str| {
            let docs = reportkit_parse::parse("doc.md", text.as_bytes(), None).expect("parses");
            reportkit_parse::corpus(docs)
        };
        let (oc, nc) = (parse(old), parse(new));
        let (os, ns) = (vec![old.to_string()], vec![new.to_string()]);
        diff(
            &Version { label: "old", corpus: &oc, sources: &os },
            &Version { label: "new", corpus: &nc, sources: &ns },
            &Config::default(),
            Options { exact },
        )
    }

    fn kinds(r: &DiffReport) -> Vec<(Vec<K>, String)> {
        r.documents
            .iter()
            .flat_map(|d| &d.sections)
            .map(|s| (s.kinds.clone(), s.new.as_ref().or(s.old.as_ref()).map(|x| x.title.clone()).unwrap_or_default()))
            .collect()
    }

    const TWO_PARTS: &str = "# Doc\n\n## Part one\n\n### Messages\n\n#### Water\n\nRivers are long and wide.\n\n\
        ## Part two\n\n### Messages\n\n#### Fire\n\nFlames are hot and bright.\n";

    #[test]
    fn containers_with_the_same_title_follow_their_sub_sections() {
        let new = TWO_PARTS.replace("Flames are hot and bright.", "Flames are hot, bright and loud.");
        let r = report(TWO_PARTS, &new, false);
        assert_eq!(kinds(&r), vec![(vec![K::Changed], "Fire".to_string())]);
    }

    #[test]
    fn a_section_moved_to_another_parent_is_moved_not_removed_and_added() {
        let new = "# Doc\n\n## Part one\n\n### Messages\n\n#### Water\n\nRivers are long and wide.\n\n\
            #### Fire\n\nFlames are hot and bright.\n\n## Part two\n\n### Messages\n";
        let r = report(TWO_PARTS, new, false);
        assert_eq!(kinds(&r), vec![(vec![K::Moved], "Fire".to_string())]);
        assert_eq!(r.documents[0].sections[0].after.as_deref(), Some("Water"));
    }

    #[test]
    fn a_renamed_section_with_the_same_text_is_renamed() {
        let new = TWO_PARTS.replace("#### Water", "#### Rivers");
        let r = report(TWO_PARTS, &new, false);
        assert_eq!(kinds(&r), vec![(vec![K::Renamed], "Rivers".to_string())]);
    }

    #[test]
    fn heading_markup_counts_only_when_exact() {
        let new = TWO_PARTS.replace("#### Water", "#### *Water*");
        assert!(!report(TWO_PARTS, &new, false).has_differences());
        let r = report(TWO_PARTS, &new, true);
        assert_eq!(kinds(&r), vec![(vec![K::Changed], "Water".to_string())]);
        assert_eq!(r.documents[0].sections[0].hunks[0].new.as_ref().map(|t| t.text.as_str()), Some("#### *Water*"));
    }

    #[test]
    fn a_finding_that_only_moved_is_neither_introduced_nor_resolved() {
        let old = "# Doc\n\n## A\n\nWe held 10 sessions: 4 workshops, 5 panels and 2 forums.\n\n## B\n\nText here.\n";
        let new = "# Doc\n\n## B\n\nText here.\n\n## A\n\nWe held 10 sessions: 4 workshops, 5 panels and 2 forums.\n";
        let r = report(old, new, false);
        assert_eq!(kinds(&r), vec![(vec![K::Moved], "A".to_string())]);
        assert_eq!((r.summary.findings_introduced, r.summary.findings_resolved), (0, 0));
        // The finding is there to be compared: fixing the figure resolves it.
        let fixed = new.replace("10 sessions", "11 sessions");
        let r = report(old, &fixed, false);
        assert_eq!((r.summary.findings_introduced, r.summary.findings_resolved), (0, 1));
        assert_eq!(r.findings.resolved[0].rule, "sum-mismatch");
    }
}
