//! # weekday-mismatch
//!
//! A date's stated weekday is not the weekday the calendar gives it.
//!
//! ## What it does
//!
//! Checks every date written with a weekday ("Monday, 23 June 2025", "Tuesday 24 June",
//! "Thursday 2031/1/9") against the Gregorian calendar. A range of weekdays over a range of days
//! ("Tuesday–Wednesday, 4–5 March 2031") pairs the first weekday with the first day and the last
//! weekday with the last day.
//!
//! When the year is omitted it comes from the document's own context: the event dates it states
//! at the top, when the date falls within a month of them ("Tuesday, 1 March" under a first
//! paragraph that recalls a match of 16 January 1996 is not of 1996), or from its other dates
//! when they all name one year and one of them falls in the same or a neighbouring month. A
//! document with no event dates is dated by its front matter's `date` (a post's publication)
//! the same way; a finding whose year comes from it is a warning, not an error, since a post may
//! speak of another year's day. Such a date is reported only when its weekday fits none of the
//! years the document could mean: that year; a year written with a weekday on another of its
//! dates (a date of an event the document itself schedules); a year written on any of its dates
//! next to the one inferred (the top of a page may name a past event's date, and its year is
//! then taken); and, across the turn of a year, the next or the previous one (a December
//! meeting's "Monday, 12 January"). Years further away, as on a page's "last edited" date, do
//! not count.
//!
//! A date that does not exist ("31 June 2025") is reported when it is written as a calendar date
//! of events: with its year, or with its weekday when it exists in no year ("Monday, 31 June").
//! A bare day and month that do not exist ("February 30th", "29 February" without a year) are
//! not reported: as often as a slip they are an example or a hypothetical, and without a year
//! 29 February may exist.
//!
//! ## Why is this bad?
//!
//! Agendas and reports are read by people planning travel; a weekday that contradicts its date
//! sends half of them to the wrong day.
//!
//! ## Fix
//!
//! Two fixes, both unsafe (which of the two is wrong is the editor's call, so `--fix` never
//! applies either): write the date's real weekday, or move the date to the nearest day of the
//! weekday written (within its month), in the form the text uses ("Tues" → "Wed", "24th" →
//! "23rd").
//!
//! ## Example
//!
//! Fails (23 June 2025 was a Monday):
//!
//! ```markdown
//! The forum opened on Tuesday, 23 June 2025.
//! ```
//!
//! Passes:
//!
//! ```markdown
//! The forum opened on Monday, 23 June 2025.
//! ```

use reportkit_text::dates::{find_dates, is_valid, iso, weekday, weekday_of, WEEKDAYS};

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::facts::{dated_by, DateFact};
use crate::analysis::Context;
use crate::violation::{Change, Diagnostic, Violation};

type Draft = Diagnostic<WeekdayMismatch>;

/// A date that does not exist, or whose weekday is wrong.
#[derive(Debug, Serialize, JsonSchema)]
pub struct WeekdayMismatch {
    /// The date as written.
    pub written: String,
    /// The date read, `YYYY-MM-DD`.
    pub date: String,
    /// The day, the month's name and the year, as the message writes them.
    pub day: String,
    /// The weekday written, when the date exists; `None` for a date that does not.
    pub stated: Option<String>,
    /// The date's real weekday, when the date exists.
    pub actual: Option<String>,
    /// Where the year comes from when the text does not write it: "event dates", "publication
    /// date" (the front matter's) or "other dates".
    pub year_from: Option<String>,
}

impl Violation for WeekdayMismatch {
    const KEY: &'static [&'static str] = &["written", "stated"];

    fn message(&self) -> String {
        match (&self.stated, &self.actual) {
            (Some(stated), Some(actual)) => {
                let source = self.year_from.as_ref().map_or(String::new(), |from| {
                    format!(" (year {} from the document's {from})", &self.date[..4])
                });
                format!("{} is a {actual}, not a {stated}{source}", self.day)
            }
            _ => format!("{} does not exist", self.day),
        }
    }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// One day of a date mention to check: the day, its month, its year (stated or inferred) and the
/// weekday written with it.
struct Day {
    day: u8,
    month: u8,
    year: i32,
    weekday: Option<u8>,
}

/// The days of a date fact: its first day, and the last day of a range when a range of weekdays
/// names it ("Tuesday–Wednesday, 4–5 March").
fn days_of(f: &DateFact, year: i32) -> Vec<Day> {
    let (d, m) = f.day;
    let mut out = vec![Day { day: d, month: m, year, weekday: f.weekday }];
    // The fact keeps the first day and weekday; the range's end is read again from the text.
    let Some(mention) = find_dates(&f.written).into_iter().next() else { return out };
    if mention.from != f.day || mention.weekday != f.weekday {
        return out;
    }
    if let (Some(w2), Some((d2, m2))) = (mention.weekday_to, mention.to) {
        // A range that runs past the end of December ends in the next year.
        let y2 = if (m2, d2) < (m, d) { year + 1 } else { year };
        out.push(Day { day: d2, month: m2, year: y2, weekday: Some(w2) });
    }
    out
}

/// `written` with its weekday word naming `stated` changed to `actual`, in the same form (full
/// name or abbreviation) and case.
fn with_weekday(written: &str, stated: u8, actual: u8) -> Option<String> {
    let (at, word) = reportkit_text::word_runs(written, |b| b.is_ascii_alphabetic())
        .find(|(_, w)| weekday_of(&w.to_lowercase()) == Some(stated))?;
    let full = WEEKDAYS[actual as usize];
    let name = if word.chars().count() < WEEKDAYS[stated as usize].len() { &full[..3] } else { full };
    let name = if word.chars().all(char::is_uppercase) {
        name.to_uppercase()
    } else if word.starts_with(char::is_uppercase) {
        cap(name)
    } else {
        name.to_string()
    };
    Some(format!("{}{name}{}", &written[..at], &written[at + word.len()..]))
}

/// `written` with its day `from` changed to `to` (an ordinal suffix follows: "24th" → "23rd").
/// `None` when the day is not written as a number of its own.
fn with_day(written: &str, from: u8, to: u8) -> Option<String> {
    let b = written.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let digits = &written[start..i];
        let next = written[i..].chars().next();
        if digits.parse::<u8>().ok() != Some(from) || next == Some(':') || (start > 0 && b[start - 1].is_ascii_alphanumeric()) {
            continue;
        }
        let suffix_len = ["st", "nd", "rd", "th"].iter().find(|s| written[i..].to_ascii_lowercase().starts_with(*s)).map_or(0, |s| s.len());
        let after = &written[i + suffix_len..];
        if after.starts_with(|c: char| c.is_alphanumeric()) {
            continue;
        }
        let suffix = if suffix_len == 0 {
            ""
        } else {
            match (to % 10, to / 10 % 10) {
                (1, d) if d != 1 => "st",
                (2, d) if d != 1 => "nd",
                (3, d) if d != 1 => "rd",
                _ => "th",
            }
        };
        return Some(format!("{}{to}{suffix}{after}", &written[..start]));
    }
    None
}

/// Whether the day exists in no year at all (29 February exists in leap years).
fn never_exists(day: u8, month: u8) -> bool {
    !is_valid(2000, month, day)
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    for ds in &cx.facts().dates {
        // The years written on the document's dates, and whether one of those dates names its
        // weekday (a date of an event the document schedules, not a date of record).
        let mut stated_years: Vec<(i32, bool)> =
            ds.iter().filter(|f| f.year_stated).filter_map(|f| Some((f.year?, f.weekday.is_some()))).collect();
        stated_years.sort_unstable();
        stated_years.dedup();
        for f in ds {
            // A day no year has ("Monday, 31 June") is wrong whatever the year: the event's,
            // however far from it, names it.
            let impossible = f.weekday.is_some() && never_exists(f.day.0, f.day.1);
            let dated = dated_by(&cx.corpus.documents[f.doc]);
            let event_year = dated.and_then(|(start, _, _)| start.get(..4)?.parse::<i32>().ok());
            let Some(year) = f.year.or(event_year.filter(|_| impossible)) else { continue };
            let event_month = dated.and_then(|(start, _, _)| start.get(5..7)?.parse::<u8>().ok());
            // A year taken from the date a post was published is a strong inference, not a
            // certainty: the post may speak of another year's day.
            let from_publication = !f.year_stated && event_year == Some(year) && dated.is_some_and(|(_, _, p)| p);
            for Day { day: d, month: m, year, weekday: stated } in days_of(f, year) {
                let draft = |stated: Option<String>, actual: Option<String>, year_from: Option<String>, hint: String| {
                    Draft::new(
                        WeekdayMismatch {
                            written: f.written.clone(),
                            date: iso(year, m, d),
                            day: format!("{d} {} {year}", MONTH_NAMES[m as usize - 1]),
                            stated,
                            actual,
                            year_from,
                        },
                        f.doc,
                        f.line,
                    )
                    .snippet(f.written.clone())
                    .hint(hint)
                };
                if !is_valid(year, m, d) {
                    // Only a date written as a calendar date of events is certainly wrong.
                    if f.year_stated || (stated.is_some() && never_exists(d, m)) {
                        out.push(draft(None, None, None, "correct the day or the month".to_string()));
                    }
                    continue;
                }
                let Some(stated) = stated else { continue };
                let actual = weekday(year, m, d);
                if stated == actual {
                    continue;
                }
                if !f.year_stated {
                    // The years the document could mean besides the one inferred: a year written
                    // with a weekday on one of its dates, a year written on one of its dates next to
                    // the one inferred, and across the turn of a year the next or previous one.
                    let written = stated_years
                        .iter()
                        .filter(|(y, with_weekday)| *with_weekday || (y - year).abs() == 1)
                        .map(|(y, _)| *y);
                    let turn = event_month.and_then(|em| match (em, m) {
                        (11..=12, 1..=2) => Some(year + 1),
                        (1..=2, 11..=12) => Some(year - 1),
                        _ => None,
                    });
                    let fits = |y: i32| is_valid(y, m, d) && weekday(y, m, d) == stated;
                    if written.chain(turn).any(fits) {
                        continue;
                    }
                }
                let year_from = (!f.year_stated).then(|| {
                    if from_publication {
                        "publication date"
                    } else if event_year == Some(year) {
                        "event dates"
                    } else {
                        "other dates"
                    }
                    .to_string()
                });
                let hint = format!("write {} or correct the date", cap(WEEKDAYS[actual as usize]));
                let mut found =
                    draft(Some(cap(WEEKDAYS[stated as usize])), Some(cap(WEEKDAYS[actual as usize])), year_from, hint);
                // The two fixes are a judgement between them; only the first day of a range has them.
                if (d, m) == f.day {
                    let replace = |new: String| vec![Change::Replace { line: f.line, old: f.written.clone(), new, leading: false }];
                    if let Some(w) = with_weekday(&f.written, stated, actual) {
                        found = found.unsafe_fix(format!("Write {} (the weekday of {d} {})", cap(WEEKDAYS[actual as usize]), MONTH_NAMES[m as usize - 1]), replace(w));
                    }
                    let near = (-3i32..=3).map(|k| i32::from(d) + k).find(|&n| {
                        (1..=31).contains(&n) && is_valid(year, m, n as u8) && weekday(year, m, n as u8) == stated
                    });
                    if let Some(w) = near.and_then(|n| with_day(&f.written, d, n as u8)) {
                        let n = near.unwrap_or_default();
                        found = found.unsafe_fix(
                            format!("Change the date to {n} {} (a {})", MONTH_NAMES[m as usize - 1], cap(WEEKDAYS[stated as usize])),
                            replace(w),
                        );
                    }
                }
                if from_publication {
                    found = found.inference();
                }
                out.push(found);
            }
        }
    }
    out
}
