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
//! answers only, or rates of different groups ("completion rate" by year). Changes ("+8%",
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
    if shares.len() < 2 || shares.iter().any(|q| !q.percent || q.qualifier != Qualifier::Exact) {
        return None;
    }
    let sum: f64 = shares.iter().map(|q| q.value).sum();
    let tolerance: f64 = shares.iter().map(|q| q.rounding()).sum::<f64>() + 1e-9;
    // Shares of one whole add up to about 100; a sum far from it belongs to a question with
    // several answers each, or to a list of the leading answers only, and says nothing.
    if (sum - 100.0).abs() <= tolerance || !(100.0 - NEAR..=100.0 + NEAR).contains(&sum) {
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
            out.extend(judge(cx, &shares, "list"));
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
