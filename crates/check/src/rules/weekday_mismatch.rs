//! # weekday-mismatch
//!
//! A date's stated weekday is not the weekday the calendar gives it.
//!
//! ## What it does
//!
//! Checks every date written with a weekday ("Monday, 23 June 2025", "Tuesday 24 June") against
//! the Gregorian calendar. When the year is omitted it comes from the document's own context:
//! the event dates it states at the top, or from its other dates when they all name one year
//! and one of them falls in the same or a neighbouring month. A date that does not exist ("31 June") is reported too.
//!
//! ## Why is this bad?
//!
//! Agendas and reports are read by people planning travel; a weekday that contradicts its date
//! sends half of them to the wrong day.
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

use reportkit_text::dates::{is_valid, iso, weekday, WEEKDAYS};

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::Context;
use crate::violation::{Diagnostic, Violation};

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
    /// Where the year comes from when the text does not write it: "event dates" or "other dates".
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

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    for ds in &cx.facts().dates {
        for f in ds {
            let Some(year) = f.year else { continue };
            let (d, m) = f.day;
            if !is_valid(year, m, d) {
                out.push(
                    Draft::new(
                        WeekdayMismatch {
                            written: f.written.clone(),
                            date: iso(year, m, d),
                            day: format!("{d} {} {year}", MONTH_NAMES[m as usize - 1]),
                            stated: None,
                            actual: None,
                            year_from: None,
                        },
                        f.doc,
                        f.line,
                    )
                    .snippet(f.written.clone())
                    .hint("correct the day or the month"),
                );
                continue;
            }
            let Some(stated) = f.weekday else { continue };
            let actual = weekday(year, m, d);
            if stated != actual {
                let year_from = (!f.year_stated).then(|| {
                    if cx.corpus.documents[f.doc].metadata.event_dates.is_some() {
                        "event dates"
                    } else {
                        "other dates"
                    }
                    .to_string()
                });
                out.push(
                    Draft::new(
                        WeekdayMismatch {
                            written: f.written.clone(),
                            date: iso(year, m, d),
                            day: format!("{d} {} {year}", MONTH_NAMES[m as usize - 1]),
                            stated: Some(cap(WEEKDAYS[stated as usize])),
                            actual: Some(cap(WEEKDAYS[actual as usize])),
                            year_from,
                        },
                        f.doc,
                        f.line,
                    )
                    .snippet(f.written.clone())
                    .hint(format!("write {} or correct the date", cap(WEEKDAYS[actual as usize]))),
                );
            }
        }
    }
    out
}
