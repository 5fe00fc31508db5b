//! # fact-conflict
//!
//! The same quantity is stated with incompatible values in two places.
//!
//! ## What it does
//!
//! Groups the figures of the corpus by what they count (the normalised noun phrase after the
//! figure, plus what a "from N countries" figure belongs to) and compares each with the earlier
//! statements of the same quantity, in the same document or in another. Qualifiers decide
//! compatibility: "over 5,000" agrees with "5,210"; "over 150" contradicts "140"; "41%" agrees
//! with "41.3%" (a figure allows the rounding of its written precision; "about" allows 10%).
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
//! The meeting held 140 sessions.
//!
//! Over 150 sessions took place.
//! ```
//!
//! Passes:
//!
//! ```markdown
//! The meeting held 140 sessions.
//!
//! Over 130 sessions took place.
//! ```

use std::collections::{BTreeMap, HashMap};

use crate::facts::{Qualifier, Quantity};
use crate::rule::{Context, Draft};
use crate::rules::{fmt_num, phrase, sentences};
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
        let text = &cx.unit(a.doc, a.unit).text;
        return sentences(text).iter().any(|(s, e)| (*s..*e).contains(&a.start) && (*s..*e).contains(&b.start));
    }
    let (ua, ub) = (cx.unit(a.doc, a.unit), cx.unit(b.doc, b.unit));
    matches!((ua.kind, ub.kind), (UnitKind::ListItem { list: x, .. }, UnitKind::ListItem { list: y, .. }) if x == y)
}

fn finding(cx: &Context, q: &Quantity, others: &[&Quantity], percent: bool) -> Draft {
    let unit = cx.unit(q.doc, q.unit);
    let noun = q.noun.as_str();
    let written_here = phrase(unit, q);
    let first = others[0];
    let written_there = phrase(cx.unit(first.doc, first.unit), first);
    let file = &cx.corpus.documents[first.doc].source.path;
    let mut d = Draft::new(
        q.doc,
        q.line,
        format!("\"{written_here}\" contradicts \"{written_there}\" ({file}:{})", first.line),
        format!("{noun}|{}|{}", q.written, others.iter().map(|e| e.written.as_str()).collect::<Vec<_>>().join(",")),
    )
    .snippet(q.written.clone())
    .with("value", q.value)
    .with("other_values", others.iter().map(|e| e.value).collect::<Vec<_>>())
    .with("counts", if percent { format!("{noun} (%)") } else { noun.to_string() })
    .hint("state the figure the same way everywhere, or qualify it (\"over\", \"about\") where it is rounded");
    for e in others {
        let eu = cx.unit(e.doc, e.unit);
        d = d.related(e.doc, e.line, format!("stated as {} here: \"{}\"", fmt_num(e.value), phrase(eu, e)));
    }
    d
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    // Word order does not change what is counted ("onsite participants", "participants onsite").
    let key = |noun: &str| {
        let mut w: Vec<&str> = noun.split(' ').collect();
        w.sort_unstable();
        w.join(" ")
    };
    let mut groups: BTreeMap<(bool, String, &str), Vec<&Quantity>> = BTreeMap::new();
    for qs in &cx.facts().quantities {
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
            groups.entry((q.percent, key(&q.noun), q.anchor.as_str())).or_default().push(q);
        }
    }
    let mut out = Vec::new();
    for ((percent, _, _), qs) in groups {
        // Every statement's contradictions. Whether two statements can contradict depends only
        // on their values and the intervals they allow, so equal statements form one class and
        // classes are compared once: a figure repeated across a thousand documents stays linear.
        let mut classes: Vec<Vec<usize>> = Vec::new();
        let mut class_of: HashMap<(u64, u64, u64), usize> = HashMap::new();
        for (i, q) in qs.iter().enumerate() {
            let (lo, hi) = q.interval();
            let k = *class_of.entry((q.value.to_bits(), lo.to_bits(), hi.to_bits())).or_insert_with(|| {
                classes.push(Vec::new());
                classes.len() - 1
            });
            classes[k].push(i);
        }
        let mut against: Vec<Vec<usize>> = vec![Vec::new(); qs.len()];
        for (ca, mine) in classes.iter().enumerate() {
            for (cb, theirs) in classes.iter().enumerate() {
                let (p, q) = (qs[theirs[0]], qs[mine[0]]);
                if ca == cb || !comparable(p, q) || compatible(p, q) {
                    continue;
                }
                for &i in mine {
                    for &j in theirs {
                        let (p, q) = (qs[j], qs[i]);
                        if !same_enumeration(cx, p, q)
                            && (p.complement.is_empty() || q.complement.is_empty() || p.complement == q.complement)
                        {
                            against[i].push(j);
                        }
                    }
                }
            }
        }
        against.iter_mut().for_each(|a| a.sort_unstable());
        // Report the odd ones out first: the statement contradicting the most others (the later
        // one on a tie), with everything it contradicts as related locations; a statement
        // already named in a finding is not reported again.
        let mut order: Vec<usize> = (0..qs.len()).filter(|&i| !against[i].is_empty()).collect();
        order.sort_by(|&a, &b| against[b].len().cmp(&against[a].len()).then(b.cmp(&a)));
        let mut covered = vec![false; qs.len()];
        for i in order {
            if covered[i] || against[i].iter().all(|&j| covered[j]) {
                continue;
            }
            covered[i] = true;
            against[i].iter().for_each(|&j| covered[j] = true);
            let q = qs[i];
            let earlier: Vec<&Quantity> = against[i].iter().map(|&j| qs[j]).collect();
            out.push(finding(cx, q, &earlier, percent));
        }
    }
    out
}
