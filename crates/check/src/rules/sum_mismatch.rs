//! # sum-mismatch
//!
//! A stated total disagrees with the itemised parts that break it down.
//!
//! ## What it does
//!
//! Finds a total and its breakdown and adds the parts up:
//!
//! - a figure followed by a list whose every item opens with a count ("N label");
//! - a sentence "N things comprise a A, b B and c C" (also *consist of*, *made up of*,
//!   *composed of*, *broken down into*, *divided into*, *split into*);
//! - a figure followed in the same sentence by counts of what became of it, in words or digits
//!   ("twenty meetings were held, nineteen hosted by governments and one online").
//!
//! It reports the stated total, the sum, the difference, and every item as a related location.
//! Numbers that follow a figure without breaking it down are left alone: when no item mentions
//! what the total counts and the sum is far from it (different things counted), or when the first
//! item repeats the total.
//!
//! ## Why is this bad?
//!
//! A total that its own breakdown contradicts tells the reader that one of them is wrong, and
//! usually both get quoted. It is the kind of slip that survives every proofreading pass because
//! nobody adds the numbers up.
//!
//! ## Example
//!
//! Fails (the items add up to 9):
//!
//! ```markdown
//! 10 sessions at the meeting
//!
//! - 4 Workshops
//! - 5 Open Forum sessions
//! ```
//!
//! Passes:
//!
//! ```markdown
//! 9 sessions at the meeting
//!
//! - 4 Workshops
//! - 5 Open Forum sessions
//! ```

use crate::facts::{Qualifier, Quantity};
use crate::rule::{Context, Draft};
use crate::rules::{fmt_num, intro, leading, lists, quantities_of, sentences, ListView};

const COMPOSE: &[&str] = &[
    "comprise",
    "comprises",
    "comprised",
    "comprising",
    "consist of",
    "consists of",
    "consisted of",
    "consisting of",
    "made up of",
    "composed of",
    "broken down into",
    "divided into",
    "split into",
    "namely",
];

/// Whether the total's head noun shows up among the item labels.
fn named_in_items(total: &Quantity, labels: &[String]) -> bool {
    let head = total.head();
    !head.is_empty()
        && labels.iter().any(|l| l.split(|c: char| !c.is_alphanumeric()).any(|w| crate::facts::singular(w) == head))
}

fn contains(total: &Quantity, sum: f64) -> bool {
    let (lo, hi) = total.interval();
    sum >= lo - 1e-9 && sum <= hi + 1e-9
}

fn draft(cx: &Context, total: &Quantity, parts: &[&Quantity], how: &str) -> Option<Draft> {
    let sum: f64 = parts.iter().map(|p| p.value).sum();
    if contains(total, sum) {
        return None;
    }
    let unit = cx.unit(total.doc, total.unit);
    let diff = sum - total.value;
    let what = if total.noun.is_empty() { String::new() } else { format!(" {}", unit_noun(unit, total)) };
    let mut d = Draft::new(
        total.doc,
        total.line,
        format!(
            "stated total {}{what} does not match its breakdown: {} {how} add up to {} ({} {})",
            total.written,
            parts.len(),
            fmt_num(sum),
            fmt_num(diff.abs()),
            if diff < 0.0 { "fewer" } else { "more" }
        ),
        format!(
            "{}|{}",
            total.noun,
            parts.iter().map(|p| format!("{}:{}", p.written, p.noun)).collect::<Vec<_>>().join(",")
        ),
    )
    .snippet(total.written.clone())
    .with("expected", total.value)
    .with("actual", sum)
    .with("difference", diff)
    .with("items", parts.len())
    .hint("correct the total or the item that is off; `reportkit facts` lists every figure");
    for p in parts {
        let u = cx.unit(p.doc, p.unit);
        let note = u.text[p.start..].lines().next().unwrap_or("").trim().to_string();
        d = d.related(p.doc, p.line, note);
    }
    Some(d)
}

/// The noun phrase as written after the figure (for messages).
fn unit_noun(unit: &crate::units::Unit, q: &Quantity) -> String {
    let rest = unit.text[q.end..].trim_start();
    let n = q.noun.split(' ').count();
    rest.split_whitespace().take(n).collect::<Vec<_>>().join(" ").trim_end_matches([',', '.', ':', ';']).to_string()
}

pub(crate) fn usable(q: &Quantity) -> bool {
    !q.percent && q.qualifier != Qualifier::Change
}

/// A list of counted items and the figure it breaks down.
pub(crate) struct ListTotal<'a> {
    /// The stated total.
    pub total: &'a Quantity,
    /// The count each item opens with.
    pub leads: Vec<&'a Quantity>,
    /// Each item's text after its count.
    pub labels: Vec<String>,
}

/// The total that list `l` breaks down, when the list's every item opens with an exact count
/// and the paragraph introducing it states that total.
pub(crate) fn list_total<'a>(cx: &'a Context, l: &ListView<'a>) -> Option<ListTotal<'a>> {
    if l.items.len() < 2 {
        return None;
    }
    let leads: Vec<&Quantity> = l.items.iter().map(|(i, _)| leading(cx, l.doc, *i)).collect::<Option<_>>()?;
    if leads.iter().any(|q| !usable(q) || q.qualifier != Qualifier::Exact) {
        return None;
    }
    let (ii, _) = intro(cx, l.doc, l.first)?;
    let candidates: Vec<&Quantity> = quantities_of(cx, l.doc, ii).filter(|q| usable(q) && !q.noun.is_empty()).collect();
    let labels: Vec<String> = l.items.iter().zip(&leads).map(|((_, u), q)| u.text[q.end..].to_string()).collect();
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

/// A figure followed by a list of counted items.
fn lists_rule(cx: &Context, out: &mut Vec<Draft>) {
    for l in lists(cx) {
        if let Some(t) = list_total(cx, &l) {
            out.extend(draft(cx, t.total, &t.leads, "items"));
        }
    }
}

/// "N X comprise a A, b B and c C" and "N X …, a hosted … and b held …" within one sentence.
fn sentence_rule(cx: &Context, out: &mut Vec<Draft>) {
    for (d, units) in cx.units.iter().enumerate() {
        for (ui, u) in units.iter().enumerate() {
            let qs: Vec<&Quantity> = quantities_of(cx, d, ui).filter(|q| usable(q)).collect();
            if qs.len() < 3 {
                continue;
            }
            // ASCII lowercase keeps byte offsets (the quantities index the original text).
            let lower = u.text.to_ascii_lowercase();
            for (s, e) in sentences(&u.text) {
                let inside: Vec<&Quantity> = qs.iter().copied().filter(|q| q.start >= s && q.end <= e).collect();
                if inside.len() < 3 {
                    continue;
                }
                let total = inside[0];
                let rest = &inside[1..];
                // Composition verb between the total and the parts.
                let between = &lower[total.end..rest[0].start];
                let composed = COMPOSE.iter().any(|k| between.contains(k)) || between.trim_end().ends_with(':');
                // Or parts that say what became of the total, each with a participle ("nineteen
                // hosted by …, and one conducted …"), the last joined by "and".
                let what_became = rest.iter().all(|p| {
                    let first = p.noun.split(' ').next().unwrap_or("");
                    first.ends_with("ed") && first.len() > 3
                }) && lower[rest[rest.len() - 2].end..rest[rest.len() - 1].start].contains(" and ")
                    && lower[total.end..rest[0].start].contains(',');
                if !(composed || what_became) || total.noun.is_empty() {
                    continue;
                }
                if (rest[0].value - total.value).abs() < 1e-9 {
                    continue;
                }
                out.extend(draft(cx, total, rest, "parts"));
            }
        }
    }
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    lists_rule(cx, &mut out);
    sentence_rule(cx, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::drafts;

    #[test]
    fn composition_sentences_with_letters_that_grow_when_lowercased() {
        // "İ" lowercases to two characters: the sentence must still be read, not panic.
        let d = drafts(super::check, "İİİİ 10 sessions comprise 4 workshops, 5 forums and 2 talks.\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("add up to 11"), "{}", d[0].message);
    }
}
