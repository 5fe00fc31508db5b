//! # percent-of-count
//!
//! A percentage that its own counts contradict.
//!
//! ## What it does
//!
//! Recomputes a percentage from the counts it is stated with, allowing for the precision it is
//! written to (rounded, or cut off at its last digit):
//!
//! - a share written with its part and its whole, either way round: "45 of 60 members (70%)",
//!   "12.5% (3 out of 24)";
//! - a share of a stated number of things: "74% of 33 hubs" cannot be, since 24 hubs are
//!   72.7% and 25 are 75.8% (a percentage of a small count takes only a few values; this is
//!   the GRIM test of survey research). Measures (days, kilometres, money) are not counted
//!   things and are left alone;
//! - a table column of rates beside the two columns they are the ratio of: a header that
//!   shares its word with one column ("Completion rate", "Completed") and the column, among
//!   the others, that every row's rate is nearest to as a denominator ("Started"). A row is
//!   reported when other rows agree with the ratio and it does not, or when the column's
//!   rates are the right values in the wrong rows.
//!
//! It is a warning, all three: the arithmetic is certain, but that the counts are the share's
//! part and whole (or that the figure is a share of that count, or that the column is that
//! ratio) is read from the wording.
//!
//! ## Why is this bad?
//!
//! A percentage beside its counts is checked by every careful reader in seconds; when it is
//! wrong, they stop trusting the figures around it. A percentage that cannot be a share of
//! its base usually means the base or the share was changed in one place only.
//!
//! ## Example
//!
//! Fails (45 of 60 is 75%):
//!
//! ```markdown
//! In all, 45 of 60 members (70%) voted for the proposal.
//! ```
//!
//! Passes:
//!
//! ```markdown
//! In all, 45 of 60 members (75%) voted for the proposal.
//! ```

use reportkit_text::numbers::fmt_num;
use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::facts::{Qualifier, Quantity};
use crate::analysis::units::UnitKind;
use crate::analysis::Context;
use crate::violation::{Diagnostic, Violation};

type Draft = Diagnostic<PercentOfCount>;

/// A percentage its counts contradict.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PercentOfCount {
    /// `"stated"` (part and whole written with the share), `"base"` (a share of a stated
    /// count that no whole number of things makes) or `"table"` (a column of rates).
    pub kind: String,
    /// The percentage as written.
    pub percent: String,
    /// Its value.
    pub value: f64,
    /// The part, when it is written.
    pub part: Option<f64>,
    /// The whole.
    pub whole: f64,
    /// The percentage the counts give (for `base`, the two nearest possible values).
    pub computed: Vec<f64>,
    /// For `table`: the row's label, the rate column's header, the part's and the whole's
    /// columns' headers.
    pub table: Option<TableRatio>,
    /// For `table`: the column's rates are the right values in the wrong rows.
    pub swapped: bool,
}

/// Where a rate column's ratio comes from.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TableRatio {
    /// The row's first cell.
    pub row: String,
    /// The rate column's header.
    pub rate: String,
    /// The part's column.
    pub part: String,
    /// The whole's column.
    pub whole: String,
}

impl Violation for PercentOfCount {
    const KEY: &'static [&'static str] = &["kind", "percent", "whole", "table"];

    fn message(&self) -> String {
        let pct = |v: f64| format!("{}%", fmt_num((v * 10.0).round() / 10.0));
        match (self.kind.as_str(), self.part, &self.table) {
            ("base", _, _) => {
                let (lo, hi) = (self.computed[0], self.computed[1]);
                let k = ((lo * self.whole / 100.0).round(), (hi * self.whole / 100.0).round());
                format!(
                    "{} of {} is {}, not a whole number: {} of {} is {}, {} is {}",
                    self.percent,
                    fmt_num(self.whole),
                    fmt_num((self.whole * self.value).round() / 100.0),
                    fmt_num(k.0),
                    fmt_num(self.whole),
                    pct(lo),
                    fmt_num(k.1),
                    pct(hi)
                )
            }
            (_, Some(part), Some(t)) => format!(
                "row “{}”: {} / {} = {} of {} is {}, not {}{}",
                t.row,
                t.part,
                t.whole,
                fmt_num(part),
                fmt_num(self.whole),
                pct(self.computed[0]),
                self.percent,
                if self.swapped { " (the column's rates are in the wrong rows)" } else { "" }
            ),
            (_, part, _) => format!(
                "{} of {} is {}, not {}",
                fmt_num(part.unwrap_or_default()),
                fmt_num(self.whole),
                pct(self.computed.first().copied().unwrap_or_default()),
                self.percent
            ),
        }
    }
}

/// Measures, not counted things: a share of them need not be whole.
const MEASURES: &[&str] = &[
    "second", "minute", "hour", "day", "week", "month", "year", "decade", "century", "km", "kilometre", "kilometer",
    "mile", "metre", "meter", "kg", "kilogram", "gram", "tonne", "ton", "litre", "liter", "dollar", "euro", "pound",
    "franc", "yen", "point", "percent", "per", "hectare", "acre", "mb", "gb", "tb", "byte",
];

/// Words between "of" and the whole in "74% of the 33 hubs".
const DETERMINERS: &[&str] = &["the", "all", "our", "its", "their", "these", "those", "his", "her", "your"];

/// Words that name a rate column.
const RATE_WORDS: &[&str] = &["rate", "share", "percent", "percentage", "proportion", "ratio", "%"];

/// One unit of the percentage's last written digit ("70" → 1, "12.5" → 0.1): a percentage
/// rounded or cut off at that digit is within one unit of the exact value.
fn unit_of(p: &Quantity) -> f64 {
    10f64.powi(-(p.decimals as i32))
}

fn count(q: &Quantity) -> Option<f64> {
    let whole = q.value.fract() == 0.0 && q.value >= 0.0;
    (!q.percent && whole && q.scale == 1.0 && q.qualifier == Qualifier::Exact).then_some(q.value)
}

fn exact_percent(q: &Quantity) -> bool {
    q.percent && q.qualifier == Qualifier::Exact
}

fn agrees(p: &Quantity, part: f64, whole: f64) -> bool {
    (100.0 * part / whole - p.value).abs() < unit_of(p) - 1e-9
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    for (d, units) in cx.units.iter().enumerate() {
        for (ui, u) in units.iter().enumerate() {
            if u.kind == UnitKind::Heading || matches!(u.kind, UnitKind::Cell { .. }) {
                continue;
            }
            let qs: Vec<&Quantity> = cx.quantities_of(d, ui).collect();
            stated(&u.text, &qs, d, &mut out);
            base(&u.text, &qs, d, &mut out);
        }
        tables(cx, d, &mut out);
    }
    out
}

/// The text between two quantities, folded to lower case and single spaces.
fn between(text: &str, a: &Quantity, b: &Quantity) -> String {
    text.get(a.end..b.lead.max(a.end)).unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn of_link(s: &str) -> bool {
    matches!(s, "of" | "out of" | "of the" | "out of the" | "of all")
}

/// "45 of 60 members (70%)", "12.5% (3 out of 24)".
fn stated(text: &str, qs: &[&Quantity], d: usize, out: &mut Vec<Draft>) {
    for w in qs.windows(3) {
        let [a, b, c] = [w[0], w[1], w[2]];
        // part of whole (p%)
        let forward = count(a).zip(count(b)).filter(|_| exact_percent(c) && of_link(&between(text, a, b))).filter(
            |_| {
                let gap = between(text, b, c);
                let words = gap.split(' ').count();
                (gap.ends_with('(') || gap.ends_with(" or") || gap == "or")
                    && words <= 6
                    && !gap.contains(['.', ';', ':'])
                    && !gap.bytes().any(|x| x.is_ascii_digit())
            },
        );
        // p% (part of whole)
        let backward =
            count(b).zip(count(c)).filter(|_| exact_percent(a) && between(text, a, b) == "(" && of_link(&between(text, b, c)));
        let (p, part, whole, at) = match (forward, backward) {
            (Some((part, whole)), _) => (c, part, whole, a),
            (None, Some((part, whole))) => (a, part, whole, a),
            _ => continue,
        };
        if whole <= 0.0 || part > whole || agrees(p, part, whole) {
            continue;
        }
        out.push(
            Draft::new(
                PercentOfCount {
                    kind: "stated".into(),
                    percent: p.written.clone(),
                    value: p.value,
                    part: Some(part),
                    whole,
                    computed: vec![100.0 * part / whole],
                    table: None,
                    swapped: false,
                },
                d,
                at.line,
            )
            .snippet(text[w[0].start..w[2].end].to_string())
            .hint("correct the percentage or the counts"),
        );
    }
}

/// "74% of 33 hubs": a percentage no whole number of the things counted gives.
fn base(text: &str, qs: &[&Quantity], d: usize, out: &mut Vec<Draft>) {
    for w in qs.windows(2) {
        let (p, n) = (w[0], w[1]);
        let Some(whole) = count(n).filter(|&v| v >= 2.0) else { continue };
        if !exact_percent(p) || n.word || n.noun.is_empty() {
            continue;
        }
        let gap = between(text, p, n);
        let mut words = gap.split(' ');
        if words.next() != Some("of") || !words.all(|x| DETERMINERS.contains(&x)) {
            continue;
        }
        let head = n.noun.split(' ').next().unwrap_or("");
        if MEASURES.iter().any(|m| head == *m || head.strip_suffix('s') == Some(m)) {
            continue;
        }
        let unit = unit_of(p);
        // Every share a whole number of things gives is at most 100/whole apart from the next:
        // once that is within the written precision, any percentage can be.
        if 100.0 / whole < unit {
            continue;
        }
        let k = (p.value * whole / 100.0).floor();
        if p.value > 100.0 || agrees(p, k, whole) || agrees(p, k + 1.0, whole) {
            continue;
        }
        out.push(
            Draft::new(
                PercentOfCount {
                    kind: "base".into(),
                    percent: p.written.clone(),
                    value: p.value,
                    part: None,
                    whole,
                    computed: vec![100.0 * k / whole, 100.0 * (k + 1.0) / whole],
                    table: None,
                    swapped: false,
                },
                d,
                p.line,
            )
            .snippet(text[p.start..n.end].to_string())
            .hint("check the percentage and the count it is a share of"),
        );
    }
}

/// A table's body: per row, per column, the cell's text and its single quantity.
type Grid<'a> = Vec<Vec<(&'a str, Option<&'a Quantity>, u32)>>;

fn tables(cx: &Context, d: usize, out: &mut Vec<Draft>) {
    let units = &cx.units[d];
    let mut i = 0;
    while i < units.len() {
        let UnitKind::Cell { table, .. } = units[i].kind else {
            i += 1;
            continue;
        };
        let mut grid: Grid = Vec::new();
        let mut header: Vec<String> = Vec::new();
        while let Some(u) = units.get(i) {
            let UnitKind::Cell { table: t, row, col } = u.kind else { break };
            if t != table {
                break;
            }
            let qs: Vec<&Quantity> = cx.quantities_of(d, i).collect();
            let q = if qs.len() == 1 { Some(qs[0]) } else { None };
            if row == 0 {
                header.push(u.text.trim().to_string());
            } else {
                while grid.len() < row {
                    grid.push(Vec::new());
                }
                let r = &mut grid[row - 1];
                while r.len() < col {
                    r.push(("", None, u.line));
                }
                r.push((u.text.trim(), q, u.line));
            }
            i += 1;
        }
        rate_columns(&header, &grid, d, out);
    }
}

/// The first five letters of each word of a header, lower case.
fn stems(h: &str) -> Vec<String> {
    h.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 5)
        .map(|w| w.to_lowercase().chars().take(5).collect())
        .collect()
}

fn rate_columns(header: &[String], grid: &Grid, d: usize, out: &mut Vec<Draft>) {
    if grid.len() < 2 {
        return;
    }
    let column = |c: usize| -> Option<Vec<&Quantity>> { grid.iter().map(|r| r.get(c).and_then(|x| x.1)).collect() };
    let counts = |c: usize| column(c).filter(|qs| qs.iter().all(|q| count(q).is_some()));
    for (rc, h) in header.iter().enumerate() {
        let words: Vec<String> = h.to_lowercase().split(|c: char| !c.is_alphanumeric() && c != '%').map(String::from).collect();
        if !words.iter().any(|w| RATE_WORDS.contains(&w.as_str())) {
            continue;
        }
        let Some(rates) = column(rc).filter(|qs| qs.iter().all(|q| exact_percent(q))) else { continue };
        let rate_stems: Vec<String> = stems(h).into_iter().filter(|s| !RATE_WORDS.iter().any(|r| r.starts_with(s.as_str()))).collect();
        // The part: the one count column whose header shares a word with the rate's.
        let parts: Vec<usize> = (0..header.len())
            .filter(|&c| c != rc && counts(c).is_some() && stems(&header[c]).iter().any(|s| rate_stems.contains(s)))
            .collect();
        let [pc] = parts[..] else { continue };
        let part = counts(pc).expect("a count column");
        // The whole: the count column, never smaller than the part, whose ratios are nearest.
        let deviation = |whole: &[&Quantity]| {
            rates
                .iter()
                .zip(&part)
                .zip(whole)
                .map(|((r, p), w)| if w.value > 0.0 { (100.0 * p.value / w.value - r.value).abs() } else { f64::INFINITY })
                .fold(0.0, f64::max)
        };
        let best = (0..header.len())
            .filter(|&c| c != rc && c != pc)
            .filter_map(|c| counts(c).map(|w| (c, w)))
            .filter(|(_, w)| w.iter().zip(&part).all(|(w, p)| w.value >= p.value && w.value > 0.0))
            .map(|(c, w)| (deviation(&w), c, w))
            .min_by(|a, b| a.0.total_cmp(&b.0));
        // A ratio the column does not follow at all is some other definition of the rate.
        let Some((_, wc, whole)) = best.filter(|(dev, ..)| *dev <= 5.0) else { continue };
                let ok: Vec<bool> = rates.iter().zip(&part).zip(&whole).map(|((r, p), w)| agrees(r, p.value, w.value)).collect();
        let mut stated: Vec<i64> = rates.iter().map(|r| (r.value / unit_of(r)).round() as i64).collect();
        let mut computed: Vec<i64> = rates
            .iter()
            .zip(&part)
            .zip(&whole)
            .map(|((r, p), w)| (100.0 * p.value / w.value / unit_of(r)).round() as i64)
            .collect();
        stated.sort_unstable();
        computed.sort_unstable();
        let swapped = stated == computed && ok.iter().any(|o| !o);
        if !swapped && !ok.iter().any(|o| *o) {
            continue;
        }
        for (r, row) in grid.iter().enumerate() {
            if ok[r] {
                continue;
            }
            let label = row.first().map_or("", |x| x.0).to_string();
            let line = row.get(rc).map_or(0, |x| x.2);
            out.push(
                Draft::new(
                    PercentOfCount {
                        kind: "table".into(),
                        percent: rates[r].written.clone(),
                        value: rates[r].value,
                        part: Some(part[r].value),
                        whole: whole[r].value,
                        computed: vec![100.0 * part[r].value / whole[r].value],
                        table: Some(TableRatio {
                            row: label,
                            rate: h.clone(),
                            part: header[pc].clone(),
                            whole: header[wc].clone(),
                        }),
                        swapped,
                    },
                    d,
                    line,
                )
                .snippet(rates[r].written.clone())
                .hint("recompute the rate from its row's counts"),
            );
        }
    }
}
