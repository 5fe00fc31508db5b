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

use crate::rule::{Context, Draft};

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
                        f.doc,
                        f.line,
                        format!("{} {} {year} does not exist", d, MONTH_NAMES[m as usize - 1]),
                        format!("invalid|{}", f.written),
                    )
                    .snippet(f.written.clone())
                    .with("date", f.written.clone())
                    .hint("correct the day or the month"),
                );
                continue;
            }
            let Some(stated) = f.weekday else { continue };
            let actual = weekday(year, m, d);
            if stated != actual {
                let source = if f.year_stated {
                    String::new()
                } else {
                    let from = if cx.corpus.documents[f.doc].metadata.event_dates.is_some() {
                        "event dates"
                    } else {
                        "other dates"
                    };
                    format!(" (year {year} from the document's {from})")
                };
                out.push(
                    Draft::new(
                        f.doc,
                        f.line,
                        format!(
                            "{} {} {year} is a {}, not a {}{source}",
                            d,
                            MONTH_NAMES[m as usize - 1],
                            cap(WEEKDAYS[actual as usize]),
                            cap(WEEKDAYS[stated as usize])
                        ),
                        format!("weekday|{}", f.written),
                    )
                    .snippet(f.written.clone())
                    .with("stated", cap(WEEKDAYS[stated as usize]))
                    .with("actual", cap(WEEKDAYS[actual as usize]))
                    .with("date", iso(year, m, d))
                    .hint(format!("write {} or correct the date", cap(WEEKDAYS[actual as usize]))),
                );
            }
        }
    }
    out
}
