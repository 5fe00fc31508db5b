//! One module per rule; `ALL` lists them in a stable order.

use reportkit_model::Severity;
pub(crate) use reportkit_text::numbers::fmt_num;
pub(crate) use reportkit_text::sentences::sentences;

use crate::facts::{Qualifier, Quantity};
use crate::rule::{Context, Rule};
use crate::units::{Unit, UnitKind};

mod count_mismatch;
mod duplicate_heading;
mod duplicate_link;
mod duplicate_passage;
mod fact_conflict;
mod glossary;
mod glossary_undefined;
mod glossary_unused;
mod heading_level;
mod missing_content;
mod name_variant;
pub(crate) mod passages;
mod percent_sum;
mod placeholder_link;
mod repeated_boilerplate;
mod repeated_item;
mod structure;
pub(crate) mod sum_mismatch;
#[cfg(test)]
pub(crate) mod test_support;
mod toc_mismatch;
mod weekday_mismatch;

/// A registry entry: id, default severity, module (whose source holds the documentation),
/// relative cost (see [`Rule::cost`]), and `facts` for a rule that reads facts (see
/// [`Rule::facts`]).
macro_rules! rule {
    ($id:literal, $sev:ident, $module:ident, $cost:literal) => {
        rule!($id, $sev, $module, $cost, false)
    };
    ($id:literal, $sev:ident, $module:ident, $cost:literal, facts) => {
        rule!($id, $sev, $module, $cost, true)
    };
    ($id:literal, $sev:ident, $module:ident, $cost:literal, $facts:literal) => {
        Rule {
            id: $id,
            severity: Severity::$sev,
            source: include_str!(concat!(stringify!($module), ".rs")),
            check: $module::check,
            cost: $cost,
            facts: $facts,
        }
    };
}

/// Every rule.
pub static ALL: &[Rule] = &[
    rule!("sum-mismatch", Error, sum_mismatch, 1, facts),
    rule!("percent-sum", Warning, percent_sum, 1, facts),
    rule!("count-mismatch", Error, count_mismatch, 1, facts),
    rule!("fact-conflict", Warning, fact_conflict, 1, facts),
    rule!("weekday-mismatch", Error, weekday_mismatch, 1, facts),
    rule!("toc-mismatch", Warning, toc_mismatch, 5),
    rule!("heading-level", Warning, heading_level, 1),
    rule!("duplicate-heading", Warning, duplicate_heading, 1),
    rule!("name-variant", Warning, name_variant, 8),
    rule!("glossary-undefined", Warning, glossary_undefined, 7),
    rule!("glossary-unused", Info, glossary_unused, 4),
    rule!("missing-content", Warning, missing_content, 4),
    rule!("duplicate-passage", Warning, duplicate_passage, 9),
    rule!("repeated-boilerplate", Info, repeated_boilerplate, 0),
    rule!("duplicate-link", Warning, duplicate_link, 3),
    rule!("placeholder-link", Warning, placeholder_link, 3),
    rule!("repeated-item", Warning, repeated_item, 5),
];

/// A list as rules see it: its items' units, in order.
pub(crate) struct ListView<'a> {
    pub doc: usize,
    /// Index in the document's units of the first item.
    pub first: usize,
    pub items: Vec<(usize, &'a Unit)>,
}

/// Every list of every document.
pub(crate) fn lists<'a>(cx: &'a Context) -> Vec<ListView<'a>> {
    let mut out: Vec<ListView<'a>> = Vec::new();
    for (d, units) in cx.units.iter().enumerate() {
        // Items of one list may be interrupted by a nested list's items.
        let mut index: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for (i, u) in units.iter().enumerate() {
            if let UnitKind::ListItem { list, .. } = u.kind {
                match index.get(&list) {
                    Some(&k) => out[k].items.push((i, u)),
                    None => {
                        index.insert(list, out.len());
                        out.push(ListView { doc: d, first: i, items: vec![(i, u)] });
                    }
                }
            }
        }
    }
    out
}

/// The unit introducing the block that starts at unit `first`: the unit just before it, when it
/// is a paragraph or heading of the same section.
pub(crate) fn intro<'a>(cx: &'a Context, doc: usize, first: usize) -> Option<(usize, &'a Unit)> {
    let i = first.checked_sub(1)?;
    let u = &cx.units[doc][i];
    let f = &cx.units[doc][first];
    (matches!(u.kind, UnitKind::Paragraph | UnitKind::Heading) && u.section == f.section).then_some((i, u))
}

/// Quantities of one unit.
pub(crate) fn quantities_of<'a>(cx: &'a Context, doc: usize, unit: usize) -> impl Iterator<Item = &'a Quantity> {
    let facts = cx.facts();
    facts.quantities[doc][facts.by_unit[doc][unit].clone()].iter()
}

/// The quantity an item opens with ("52 Workshops", "Over 22 meetings", "76% from Africa").
pub(crate) fn leading<'a>(cx: &'a Context, doc: usize, unit: usize) -> Option<&'a Quantity> {
    let u = &cx.units[doc][unit];
    let q = quantities_of(cx, doc, unit).next()?;
    let before = u.text[..q.start].trim().to_lowercase();
    let ok = before.is_empty() || before.split_whitespace().count() <= 2 && q.qualifier != Qualifier::Exact;
    ok.then_some(q)
}

/// A figure with the words it counts, as written ("140 sessions", "over 5,000 participants").
pub(crate) fn phrase(unit: &Unit, q: &Quantity) -> String {
    let n = q.noun.split(' ').filter(|w| !w.is_empty()).count();
    let rest = &unit.text[q.end..];
    let words: Vec<&str> =
        rest.split_whitespace().take(n + usize::from(q.percent && rest.trim_start().starts_with("of "))).collect();
    let mut s = unit.text[q.lead..q.end].to_string();
    if !words.is_empty() {
        if !rest.starts_with(char::is_whitespace) {
            s.push_str(words[0]);
            s.push(' ');
            s.push_str(&words[1..].join(" "));
        } else {
            s.push(' ');
            s.push_str(&words.join(" "));
        }
    }
    s.trim().trim_end_matches([',', '.', ':', ';', ')']).to_string()
}
