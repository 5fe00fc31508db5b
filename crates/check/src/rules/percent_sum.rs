//! # percent-sum
//!
//! The percentages of one breakdown do not add up to 100.
//!
//! ## What it does
//!
//! Adds up the shares of a list whose every item opens with a percentage ("76% from Africa") or
//! is a label and a percentage ("English: 75%"), and of a table column whose every body cell is
//! a percentage, and reports a total that misses 100 by more than the rounding of the written
//! figures allows (each figure written to whole percents may be off by half a percent).
//!
//! Only totals within 10 points of 100 are reported: shares that add up to far more are answers
//! to a question with several answers each, and shares that add up to far less are the leading
//! answers only, or rates of different groups ("completion rate" by year). A total must also
//! miss 100 by more than a point past the rounding (shares rounded from slightly different
//! bases). A list that falls short is left alone when it says it leaves some out (a count of
//! more things than it lists, up to twice as many, in the three paragraphs before it: "the
//! survey was offered in 14 languages" over the shares of 12), and when its shares fall in
//! order and the shortfall is less than the last of them (the smaller answers left out).
//!
//! A sentence is a breakdown too when it states three or more shares and one of them is the
//! rest of the whole: those who never, no longer or do not, or the others ("90% use it, 6% used
//! to and 4% never have"). Naming the rest says the shares cover everyone, so such a sentence
//! may fall short of 100 by up to 15 points and still be read as one whole with a figure wrong.
//! Sentences that compare (“up from”, “than”, “respectively”, two years) or nest shares in
//! parentheses are left alone, and so are sentences without a share for the rest: “78% in
//! English, followed by German (6%)” names the leading answers only. Changes ("+8%",
//! "485% ↑") are not shares and are left out; a breakdown with a share written in words ("a
//! third of", "one in five") is not exact and is not added up.
//!
//! ## Why is this bad?
//!
//! Shares of one whole that do not make a whole mean a group is missing or a figure is wrong;
//! readers notice, and charts drawn from them lie.
//!
//! ## Example
//!
//! Fails (adds up to 97%):
//!
//! ```markdown
//! - 76% from Africa
//! - 18% from Asia
//! - 3% from Europe
//! ```
//!
//! Passes:
//!
//! ```markdown
//! - 76% from Africa
//! - 18% from Asia
//! - 3% from Europe
//! - 3% from the Americas
//! ```

use crate::analysis::facts::{Qualifier, Quantity};
use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::Context;
use crate::violation::{Diagnostic, Violation};
use crate::analysis::lists::leading;
use reportkit_text::numbers::fmt_num;
use crate::analysis::units::UnitKind;

type Draft = Diagnostic<PercentSum>;

/// Shares of one whole that do not add up to 100%.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PercentSum {
    /// What holds the shares: "list" or "table column".
    pub within: String,
    /// The shares as written, in order.
    pub shares: Vec<String>,
    /// What they add up to.
    pub actual: f64,
    /// 100.
    pub expected: f64,
    /// `actual - expected`.
    pub difference: f64,
}

impl Violation for PercentSum {
    const KEY: &'static [&'static str] = &["shares"];

    fn message(&self) -> String {
        format!(
            "the {} percentages of this {} add up to {}%, not 100%",
            self.shares.len(),
            self.within,
            fmt_num(self.actual)
        )
    }
}

fn judge(cx: &Context, shares: &[&Quantity], what: &str) -> Option<Draft> {
    // Shares in falling order that fall short by less than the last of them may leave out the
    // smaller answers ("other", "none"), which are smaller than any listed. (A sentence names
    // the rest of its whole, and is judged without this.)
    let sum: f64 = shares.iter().map(|q| q.value).sum();
    let falling = shares.windows(2).all(|w| w[0].value >= w[1].value);
    if sum < 100.0 && falling && shares.last().is_some_and(|q| 100.0 - sum < q.value) {
        return None;
    }
    judge_within(cx, shares, what, 100.0 - NEAR..=100.0 + NEAR)
}

fn judge_within(
    cx: &Context,
    shares: &[&Quantity],
    what: &str,
    plausible: std::ops::RangeInclusive<f64>,
) -> Option<Draft> {
    if shares.len() < 2 || shares.iter().any(|q| !q.percent || q.qualifier != Qualifier::Exact) {
        return None;
    }
    // The sum to the decimals written: 66.9 + 19.9 + 23.2 is 110, not 110.00000000000001
    // (past the plausible range in binary floating point).
    let scale = 10f64.powi(shares.iter().map(|q| q.decimals).max().unwrap_or(0).min(6) as i32);
    let sum: f64 = (shares.iter().map(|q| q.value).sum::<f64>() * scale).round() / scale;
    let tolerance: f64 = shares.iter().map(|q| q.rounding()).sum::<f64>() + 1e-9;
    // Shares of one whole add up to about 100; a sum far from it belongs to a question with
    // several answers each, or to a list of the leading answers only, and says nothing. A
    // point past the rounding is slack too: shares rounded from slightly different bases.
    if (sum - 100.0).abs() <= tolerance + SLACK || !plausible.contains(&sum) {
        return None;
    }
    let first = shares[0];
    let v = PercentSum {
        within: what.to_string(),
        shares: shares.iter().map(|q| q.written.clone()).collect(),
        actual: sum,
        expected: 100.0,
        difference: sum - 100.0,
    };
    let mut d = Draft::new(v, first.doc, first.line)
    .snippet(first.written.clone())
    .hint(
        "a share is missing or mistyped; rounding allows at most ±".to_string() + &fmt_num(tolerance) + " points here",
    );
    d.end_line = shares.last().expect("two or more").line;
    for q in shares {
        let u = cx.unit(q.doc, q.unit);
        d = d.related(q.doc, q.line, u.excerpt(q.start, NOTE_CHARS));
    }
    Some(d)
}

/// How far from 100 the shares of a list may add up to and still be read as one whole with a
/// figure wrong, rather than as answers to a question with several answers each.
const NEAR: f64 = 10.0;

/// Points past the rounding of the written shares that a sum may still miss 100 by.
const SLACK: f64 = 1.0;

/// A list of shares that says it leaves some out: near its lead-in (the three units before
/// its first item), a count of more things than it has items, but not more than twice as
/// many ("available in 14 languages" over a list of the shares of 12).
fn stated_as_partial(cx: &Context, l: &crate::analysis::lists::ListView<'_>) -> bool {
    let items = l.items.len() as f64;
    (l.first.saturating_sub(3)..l.first).any(|i| {
        let u = cx.unit(l.doc, i);
        matches!(u.kind, UnitKind::Paragraph)
            && cx.quantities_of(l.doc, i).any(|q| {
                !q.percent && !q.noun.is_empty() && q.value.fract() == 0.0 && q.value > items && q.value <= 2.0 * items
            })
    })
}

/// How far under 100 the shares of a sentence that names the rest of the whole may add up to.
const NEAR_WITH_REST: f64 = 15.0;

/// Words that make a share the rest of the whole: those who do not, never, no longer, or the
/// others.
const REST: &[&str] =
    &["never", "not", "no longer", "yet to", "none", "neither", "the rest", "remaining", "remainder", "other"];

/// Words of a sentence whose shares are compared, of different wholes, or changes.
const NOT_ONE_WHOLE: &[&str] = &[
    " from ",
    " than ",
    "compared",
    "respectively",
    "previous",
    "last year",
    "increase",
    "decrease",
    " rose",
    " fell",
    " up ",
    " down ",
    " each",
    " both",
];

/// Shares of one whole stated in one sentence that also states the rest of it (see the rule's
/// documentation).
fn sentence_shares<'a>(cx: &'a Context, doc: usize, unit: usize) -> Vec<Vec<&'a Quantity>> {
    let u = cx.unit(doc, unit);
    let mut out = Vec::new();
    for &(s, e) in cx.sentences(doc, unit) {
        let shares: Vec<&Quantity> =
            cx.quantities_of(doc, unit).filter(|q| q.percent && q.start >= s && q.end <= e).collect();
        if shares.len() < 3 {
            continue;
        }
        let text = u.text[s..e].replace('\n', " ").to_lowercase();
        let years = text.split(|c: char| !c.is_ascii_digit()).filter(|w| w.len() == 4 && w.starts_with(['1', '2'])).count();
        if years > 1 || NOT_ONE_WHOLE.iter().any(|w| text.contains(w)) || text.contains(['(', ')']) {
            continue;
        }
        // The words after the last share, up to the end of the sentence, and those between
        // shares: one of them must name the rest.
        let mut rest = false;
        for (k, q) in shares.iter().enumerate() {
            let to = shares.get(k + 1).map_or(e, |n| n.start);
            let after = u.text[q.end..to].replace('\n', " ").to_lowercase();
            rest |= after.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).any(|w| {
                REST.contains(&w) || w.ends_with("n't") || w.ends_with("n’t")
            }) || REST.iter().any(|r| r.contains(' ') && after.contains(r));
        }
        // A share the others add up to is their whole, split in the same sentence ("the 51% who
        // chose one split into 29%, 17% and 5%").
        let sum: f64 = shares.iter().map(|q| q.value).sum();
        let tolerance: f64 = shares.iter().map(|q| q.rounding()).sum();
        let split = shares.iter().any(|q| (sum - 2.0 * q.value).abs() <= tolerance);
        if rest && !split {
            out.push(shares);
        }
    }
    out
}

/// The share an item ends with when it is only a label and that share ("English: 75.0%").
fn trailing<'a>(cx: &'a Context, doc: usize, unit: usize) -> Option<&'a Quantity> {
    let u = cx.unit(doc, unit);
    let mut qs = cx.quantities_of(doc, unit);
    let q = qs.next()?;
    if qs.next().is_some() || !q.percent {
        return None;
    }
    let before = u.text[..q.start].trim_end();
    let after = u.text[q.end..].trim();
    (before.ends_with(':') && after.is_empty()).then_some(q)
}

/// Longest note on a share, in characters.
const NOTE_CHARS: usize = 100;

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    for l in cx.lists() {
        let leads: Option<Vec<&Quantity>> = l.items.iter().map(|(i, _)| leading(cx, l.doc, *i)).collect();
        let labelled = || l.items.iter().map(|(i, _)| trailing(cx, l.doc, *i)).collect::<Option<Vec<&Quantity>>>();
        if let Some(shares) = leads.or_else(labelled) {
            let short = shares.iter().map(|q| q.value).sum::<f64>() < 100.0;
            if !(short && stated_as_partial(cx, &l)) {
                out.extend(judge(cx, &shares, "list"));
            }
        }
    }
    // Sentences that state the shares of a whole and its rest.
    for (d, units) in cx.units.iter().enumerate() {
        for (i, u) in units.iter().enumerate() {
            if !matches!(u.kind, UnitKind::Paragraph | UnitKind::ListItem { .. }) {
                continue;
            }
            for shares in sentence_shares(cx, d, i) {
                out.extend(judge_within(cx, &shares, "sentence", 100.0 - NEAR_WITH_REST..=100.0 + NEAR));
            }
        }
    }
    // Table columns: every body cell a single percentage.
    for (d, units) in cx.units.iter().enumerate() {
        let mut columns: std::collections::BTreeMap<(usize, usize), Vec<Option<&Quantity>>> = Default::default();
        for (i, u) in units.iter().enumerate() {
            if let UnitKind::Cell { table, row, col } = u.kind {
                if row == 0 {
                    continue;
                }
                let qs: Vec<&Quantity> = cx.quantities_of(d, i).collect();
                let only = (qs.len() == 1 && u.text.trim() == qs[0].written).then(|| qs[0]);
                columns.entry((table, col)).or_default().push(only);
            }
        }
        for cells in columns.values() {
            if let Some(all) = cells.iter().copied().collect::<Option<Vec<&Quantity>>>() {
                out.extend(judge(cx, &all, "table column"));
            }
        }
    }
    out
}
