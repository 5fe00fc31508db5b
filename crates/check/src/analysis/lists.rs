//! Lists and the totals they break down.

use crate::analysis::facts::{Qualifier, Quantity};
use crate::analysis::units::{Unit, UnitKind};
use crate::analysis::Context;
use reportkit_model::{walk_blocks, walk_sections, Block, Document};
use reportkit_text::words::singular;
use std::collections::HashMap;

/// A list as stored: its document, and its items' unit indices.
pub(crate) struct ListIndex {
    doc: usize,
    items: Vec<usize>,
}

impl ListIndex {
    pub(crate) fn view<'a>(&self, units: &'a [Vec<Unit>]) -> ListView<'a> {
        ListView {
            doc: self.doc,
            first: self.items[0],
            items: self.items.iter().map(|&i| (i, &units[self.doc][i])).collect(),
        }
    }
}

/// A list as rules see it: its items' units, in order.
pub(crate) struct ListView<'a> {
    pub doc: usize,
    /// Index in the document's units of the first item.
    pub first: usize,
    pub items: Vec<(usize, &'a Unit)>,
}

/// Every list of every document.
pub(crate) fn index(units: &[Vec<Unit>]) -> Vec<ListIndex> {
    let mut out: Vec<ListIndex> = Vec::new();
    for (d, units) in units.iter().enumerate() {
        // Items of one list may be interrupted by a nested list's items.
        let mut index: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for (i, u) in units.iter().enumerate() {
            if let UnitKind::ListItem { list, .. } = u.kind {
                match index.get(&list) {
                    Some(&k) => out[k].items.push(i),
                    None => {
                        index.insert(list, out.len());
                        out.push(ListIndex { doc: d, items: vec![i] });
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

/// The quantity an item opens with ("52 Workshops", "Over 22 meetings", "76% from Africa").
pub(crate) fn leading<'a>(cx: &'a Context, doc: usize, unit: usize) -> Option<&'a Quantity> {
    let u = &cx.units[doc][unit];
    let q = cx.quantities_of(doc, unit).next()?;
    let before = u.text[..q.start].trim().to_lowercase();
    let ok = before.is_empty() || before.split_whitespace().count() <= 2 && q.qualifier != Qualifier::Exact;
    ok.then_some(q)
}

/// The count an item states after its label ("Completed: 9", "No progress – 4", "Open = 12
/// issues"): the item's only figure, exact, at its end (a plural noun may follow), after a
/// label of at most four words and a colon, a dash or an equals sign.
pub(crate) fn trailing<'a>(cx: &'a Context, doc: usize, unit: usize) -> Option<(&'a Quantity, &'a str)> {
    let u = &cx.units[doc][unit];
    let mut figures = cx.quantities_of(doc, unit);
    let q = figures.next()?;
    if figures.next().is_some() || q.percent || q.qualifier != Qualifier::Exact {
        return None;
    }
    let label = u.text[..q.lead].trim_end().strip_suffix([':', '-', '–', '—', '='])?.trim();
    let after = u.text[q.end..].trim().trim_end_matches(['.', ';', ',']);
    let words = label.split_whitespace().count();
    ((1..=4).contains(&words) && label.chars().any(char::is_alphabetic) && after.split_whitespace().count() <= 1)
        .then_some((q, label))
}

/// The count an item gives with its label, before it ("52 Workshops") or after it
/// ("Workshops: 52"), and the label.
fn counted_item<'a>(cx: &'a Context, doc: usize, unit: usize) -> Option<(&'a Quantity, String)> {
    let text = &cx.units[doc][unit].text;
    if let Some(q) = leading(cx, doc, unit) {
        return Some((q, text[q.end..].to_string()));
    }
    trailing(cx, doc, unit).map(|(q, label)| (q, label.to_string()))
}

/// A figure with the words it counts, as written ("140 sessions", "over 5,000 participants").
pub(crate) fn phrase(unit: &Unit, q: &Quantity) -> String {
    let n = q.noun.split(' ').filter(|w| !w.is_empty()).count();
    if q.named_before {
        // "completion rate of 82%": the rate's name and the word introducing the figure.
        let before: Vec<&str> = unit.text[..q.lead].split_whitespace().collect();
        let from = before.len().saturating_sub(n + 1);
        return format!(
            "{} {}",
            before[from..].join(" "),
            unit.text[q.lead..q.end].split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }
    let rest = &unit.text[q.end..];
    let words: Vec<&str> = rest
        .split_whitespace()
        .take(n + usize::from(q.percent && rest.split_whitespace().next() == Some("of")))
        .collect();
    // The figure as one line: a line break inside it ("one in⏎five") reads as a space.
    let mut s = unit.text[q.lead..q.end].split('\n').map(str::trim_start).collect::<Vec<_>>().join(" ");
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

/// Whether a figure can be a total or a part: a count, not a share or a change.
pub(crate) fn usable(q: &Quantity) -> bool {
    !q.percent && q.qualifier != Qualifier::Change
}

/// Whether the total's head noun shows up among the item labels.
fn named_in_items(total: &Quantity, labels: &[String]) -> bool {
    let head = total.head();
    !head.is_empty() && labels.iter().any(|l| l.split(|c: char| !c.is_alphanumeric()).any(|w| singular(w) == head))
}

/// A list of counted items and the figure it breaks down.
pub(crate) struct ListTotal<'a> {
    /// The stated total.
    pub total: &'a Quantity,
    /// The count each item gives.
    pub leads: Vec<&'a Quantity>,
    /// Each item's label: its text after its count, or before it.
    pub labels: Vec<String>,
}

/// The total that list `l` breaks down, when the list's every item gives an exact count with its
/// label ("52 Workshops", "Completed: 9") and the paragraph introducing it states that total.
pub(crate) fn list_total<'a>(cx: &'a Context, l: &ListView<'a>) -> Option<ListTotal<'a>> {
    if l.items.len() < 2 {
        return None;
    }
    let (leads, labels): (Vec<&Quantity>, Vec<String>) =
        l.items.iter().map(|(i, _)| counted_item(cx, l.doc, *i)).collect::<Option<Vec<_>>>()?.into_iter().unzip();
    if leads.iter().any(|q| !usable(q) || q.qualifier != Qualifier::Exact) {
        return None;
    }
    let (ii, _) = intro(cx, l.doc, l.first)?;
    let candidates: Vec<&Quantity> = cx.quantities_of(l.doc, ii).filter(|q| usable(q) && !q.noun.is_empty()).collect();
    let sum: f64 = leads.iter().map(|q| q.value).sum();
    let total = candidates.iter().find(|t| named_in_items(t, &labels)).copied().or_else(|| {
        (candidates.len() == 1 && sum >= candidates[0].value * 0.5 && sum <= candidates[0].value * 1.5)
            .then(|| candidates[0])
    })?;
    // The total repeated as the first item is not a breakdown.
    if (leads[0].value - total.value).abs() < 1e-9 {
        return None;
    }
    Some(ListTotal { total, leads, labels })
}

/// The ordered lists of a document: (first number, items) by the line of the first item.
pub(crate) type Numbering = HashMap<u32, (u64, usize)>;

/// The [`Numbering`] of a document (see `Analysis::numbering`).
pub(crate) fn ordered_lists(doc: &Document) -> Numbering {
    let mut out = HashMap::new();
    let mut visit = |b: &Block| {
        if let Block::List { ordered: true, start, items, span, .. } = b {
            out.insert(span.start, (start.unwrap_or(1), items.len()));
        }
    };
    walk_blocks(&doc.blocks, &mut visit);
    walk_sections(&doc.sections, &mut |s, _| walk_blocks(&s.blocks, &mut visit));
    out
}
