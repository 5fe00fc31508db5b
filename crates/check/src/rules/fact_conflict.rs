//! # fact-conflict
//!
//! The same quantity is stated with incompatible values in two places.
//!
//! ## What it does
//!
//! Groups the figures of the corpus by what they count (the normalised noun phrase after the
//! figure, plus what a "from N countries" figure belongs to) and compares each with the earlier
//! statements of the same quantity, in the same document or in another. Qualifiers decide
//! compatibility: "over 9,000" agrees with "9,435"; "over 270" contradicts "262"; "68%" agrees
//! with "68.4%" (a figure allows the rounding of its written precision; "about" allows 10%).
//! Figures an order of magnitude apart count different things and are not compared; nor are
//! changes ("+8%").
//!
//! ## Why is this bad?
//!
//! Readers quote figures; two versions of one figure in one publication undermine all the
//! others.
//!
//! ## Example
//!
//! Fails:
//!
//! ```markdown
//! The meeting held 262 sessions.
//!
//! Over 270 sessions took place.
//! ```
//!
//! Passes:
//!
//! ```markdown
//! The meeting held 262 sessions.
//!
//! Over 260 sessions took place.
//! ```

use std::collections::BTreeMap;

use crate::facts::{Qualifier, Quantity};
use crate::rule::{Context, Draft};
use crate::rules::{fmt_num, phrase};
use crate::units::UnitKind;

fn compatible(a: &Quantity, b: &Quantity) -> bool {
    let (a0, a1) = a.interval();
    let (b0, b1) = b.interval();
    a0 <= b1 + 1e-9 && b0 <= a1 + 1e-9
}

fn comparable(a: &Quantity, b: &Quantity) -> bool {
    if a.percent {
        return true;
    }
    let (x, y) = (a.value.abs().max(1e-9), b.value.abs().max(1e-9));
    x.max(y) / x.min(y) <= 3.0
}

/// Nouns too vague to identify a quantity on their own.
const VAGUE: &[&str] = &[
    "time", "way", "thing", "example", "other", "one", "part", "case", "point", "kind", "type", "people", "person",
    "year", "day", "hour", "minute",
];

/// Figures of one enumeration (one list, one sentence) count different things by construction.
fn same_enumeration(cx: &Context, a: &Quantity, b: &Quantity) -> bool {
    if a.doc != b.doc {
        return false;
    }
    if a.unit == b.unit {
        return true;
    }
    let (ua, ub) = (cx.unit(a.doc, a.unit), cx.unit(b.doc, b.unit));
    matches!((ua.kind, ub.kind), (UnitKind::ListItem { list: x, .. }, UnitKind::ListItem { list: y, .. }) if x == y)
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut groups: BTreeMap<(bool, &str, &str), Vec<&Quantity>> = BTreeMap::new();
    for qs in &cx.facts.quantities {
        for q in qs {
            let first = q.noun.split(' ').next().unwrap_or("");
            if q.noun.is_empty()
                || q.whole
                || q.qualifier == Qualifier::Change
                || VAGUE.contains(&q.noun.as_str())
                || (first.ends_with("ed") && first.len() > 3)
            {
                continue;
            }
            groups.entry((q.percent, q.noun.as_str(), q.anchor.as_str())).or_default().push(q);
        }
    }
    let mut out = Vec::new();
    for ((percent, noun, _), qs) in groups {
        for (i, q) in qs.iter().enumerate() {
            let earlier: Vec<&&Quantity> = qs[..i]
                .iter()
                .filter(|p| {
                    comparable(p, q)
                        && !compatible(p, q)
                        && !same_enumeration(cx, p, q)
                        && (p.complement.is_empty() || q.complement.is_empty() || p.complement == q.complement)
                })
                .collect();
            if earlier.is_empty() {
                continue;
            }
            // One finding per value: skip when an earlier statement with the same written value
            // was already reported.
            if qs[..i].iter().any(|p| {
                p.written == q.written && p.qualifier == q.qualifier && earlier.iter().all(|e| !compatible(e, p))
            }) {
                continue;
            }
            let unit = cx.unit(q.doc, q.unit);
            let written_here = phrase(unit, q);
            let first = earlier[0];
            let written_there = phrase(cx.unit(first.doc, first.unit), first);
            let file = &cx.corpus.documents[first.doc].source.path;
            let mut d = Draft::new(
                q.doc,
                q.line,
                format!("\"{written_here}\" contradicts \"{written_there}\" ({file}:{})", first.line),
                format!(
                    "{noun}|{}|{}",
                    q.written,
                    earlier.iter().map(|e| e.written.as_str()).collect::<Vec<_>>().join(",")
                ),
            )
            .snippet(q.written.clone())
            .with("value", q.value)
            .with("other_values", earlier.iter().map(|e| e.value).collect::<Vec<_>>())
            .with("counts", if percent { format!("{noun} (%)") } else { noun.to_string() })
            .hint("state the figure the same way everywhere, or qualify it (\"over\", \"about\") where it is rounded");
            for e in &earlier {
                let eu = cx.unit(e.doc, e.unit);
                d = d.related(e.doc, e.line, format!("stated as {} here: \"{}\"", fmt_num(e.value), phrase(eu, e)));
            }
            out.push(d);
        }
    }
    out
}
