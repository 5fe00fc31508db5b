//! Figures that changed, appeared or disappeared.
//!
//! Figures are grouped by (section, noun): the section is the matched pair (so a figure in a
//! moved or renamed section is still compared with its old self), the noun is what the figure
//! counts. Within a group the two sequences of values are aligned in order; a replaced value is
//! a change, the rest appeared or disappeared.

use std::collections::BTreeMap;

use reportkit_check::facts::Quantity;
use reportkit_check::units::Unit;
use reportkit_model::diff::{FactChange, FactChangeKind, FactSide};
use similar::{Algorithm, DiffOp};

use crate::matching::Matching;
use crate::tree::Tree;

/// One version's view of a document's figures.
pub(crate) struct Side<'a> {
    pub tree: &'a Tree,
    pub units: &'a [Unit],
    pub quantities: &'a [Quantity],
    pub lines: Vec<&'a str>,
}

impl Side<'_> {
    fn fact(&self, q: &Quantity) -> FactSide {
        let text = match self.lines.get((q.line as usize).wrapping_sub(1)) {
            Some(l) => l.trim().to_string(),
            None => {
                let u = &self.units[q.unit];
                let nth = q.line.saturating_sub(u.line) as usize;
                u.text.split('\n').nth(nth).unwrap_or("").trim().to_string()
            }
        };
        FactSide { written: q.written.clone(), value: q.value, line: q.line, text }
    }

    /// The words after the figure that make up its noun, as written.
    fn label(&self, q: &Quantity) -> String {
        let text = &self.units[q.unit].text;
        let n = q.noun.split(' ').filter(|w| !w.is_empty()).count();
        if n == 0 {
            return String::new();
        }
        let mut words: Vec<&str> = text[q.end.min(text.len())..].split_whitespace().collect();
        if q.percent && words.first().is_some_and(|w| w.eq_ignore_ascii_case("of")) {
            words.remove(0);
            if words.first().is_some_and(|w| w.eq_ignore_ascii_case("the")) {
                words.remove(0);
            }
        }
        let label = words.into_iter().take(n).collect::<Vec<_>>().join(" ");
        label.trim_matches(|c: char| !c.is_alphanumeric()).to_string()
    }

    /// The value as compared: what it means by default, how it is written with `--exact`.
    fn compared(q: &Quantity, exact: bool) -> String {
        if exact {
            q.written.clone()
        } else {
            format!("{}{:?}{}", q.value, q.qualifier, if q.percent { "%" } else { "" })
        }
    }
}

pub(crate) fn changes(old: &Side, new: &Side, m: &Matching, exact: bool) -> Vec<FactChange> {
    // Group key: (new node, or usize::MAX + old node for unmatched old sections; noun).
    type Groups<'q> = BTreeMap<(usize, usize, String), (Vec<&'q Quantity>, Vec<&'q Quantity>)>;
    let mut groups: Groups = BTreeMap::new();
    for q in old.quantities {
        let o = old.tree.node_at(q.line);
        let key = match m.old_to_new[o] {
            Some(n) => (n, 0, q.noun.clone()),
            None => (usize::MAX, o, q.noun.clone()),
        };
        groups.entry(key).or_default().0.push(q);
    }
    for q in new.quantities {
        let n = new.tree.node_at(q.line);
        groups.entry((n, 0, q.noun.clone())).or_default().1.push(q);
    }
    let mut out = Vec::new();
    for ((n, o, noun), (os, ns)) in groups {
        let section = if n != usize::MAX { &new.tree.nodes[n].title } else { &old.tree.nodes[o].title };
        let a: Vec<String> = os.iter().map(|q| Side::compared(q, exact)).collect();
        let b: Vec<String> = ns.iter().map(|q| Side::compared(q, exact)).collect();
        let mut emit = |kind, oq: Option<&Quantity>, nq: Option<&Quantity>| {
            let label = nq.map(|q| new.label(q)).or_else(|| oq.map(|q| old.label(q))).unwrap_or_default();
            out.push(FactChange {
                kind,
                section: section.clone(),
                label,
                noun: noun.clone(),
                old: oq.map(|q| old.fact(q)),
                new: nq.map(|q| new.fact(q)),
            });
        };
        for op in similar::capture_diff_slices(Algorithm::Myers, &a, &b) {
            match op {
                DiffOp::Equal { .. } => {}
                DiffOp::Delete { old_index, old_len, .. } => {
                    for q in &os[old_index..old_index + old_len] {
                        emit(FactChangeKind::Removed, Some(q), None);
                    }
                }
                DiffOp::Insert { new_index, new_len, .. } => {
                    for q in &ns[new_index..new_index + new_len] {
                        emit(FactChangeKind::Added, None, Some(q));
                    }
                }
                DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                    for k in 0..old_len.max(new_len) {
                        let oq = (k < old_len).then(|| os[old_index + k]);
                        let nq = (k < new_len).then(|| ns[new_index + k]);
                        let kind = match (oq, nq) {
                            (Some(_), Some(_)) => FactChangeKind::Changed,
                            (Some(_), None) => FactChangeKind::Removed,
                            _ => FactChangeKind::Added,
                        };
                        emit(kind, oq, nq);
                    }
                }
            }
        }
    }
    out.sort_by_key(|f| {
        let at = |s: &Option<FactSide>| s.as_ref().map(|x| x.line);
        (at(&f.new).or(at(&f.old)).unwrap_or(0), at(&f.old).unwrap_or(0), f.label.clone())
    });
    out
}
