//! Calendar dates written in prose: "23–27 June 2025", "Monday, 23 June", "June 23, 2025",
//! "30 October to 2 November 2006". Shared by the metadata reader and the date facts of `check`.

use crate::scan::char_at;

/// A date or date range mentioned in a line of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// Byte range of the mention in the text it was found in.
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
    /// Weekday named with the (first) date, 0 = Monday … 6 = Sunday.
    pub weekday: Option<u8>,
    /// First day: (day, month 1–12).
    pub from: (u8, u8),
    /// Last day of a range: (day, month).
    pub to: Option<(u8, u8)>,
    /// The year, when the text states it.
    pub year: Option<i32>,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
/// Weekday names, Monday first.
pub const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Num(u32),
    Month(u8),
    Weekday(u8),
    Dash,
    To,
    Comma,
    Other,
}

/// The month a lower-case word names (`l` is already lower case).
fn month_of(l: &str) -> Option<u8> {
    if l.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| *m == l || (l.len() == 3 && m.starts_with(l) && l != "may"))
        .map(|i| i as u8 + 1)
        .or_else(|| (l == "may").then_some(5))
        .or_else(|| {
            // "Sept" and abbreviations with four letters.
            (l == "sept").then_some(9)
        })
}

/// The weekday a lower-case word names (`l` is already lower case).
fn weekday_of(l: &str) -> Option<u8> {
    WEEKDAYS.iter().position(|d| *d == l || (l.len() == 3 && d.starts_with(l))).map(|i| i as u8)
}

/// Split a line into date-relevant tokens with their byte ranges. Called on every unit of a
/// corpus: ASCII is classified byte by byte and names are folded on the stack.
fn tokens(s: &str) -> Vec<(Tok, usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let (c, n) = char_at(s, i);
        if c.is_alphanumeric() {
            let mut end = i + n;
            while end < b.len() {
                let (d, m) = char_at(s, end);
                if !d.is_alphanumeric() {
                    break;
                }
                end += m;
            }
            out.push((word_token(&s[i..end]), i, end));
            i = end;
            continue;
        }
        if matches!(c, '-' | '–' | '—') {
            out.push((Tok::Dash, i, i + n));
        } else if c == ',' {
            out.push((Tok::Comma, i, i + 1));
        } else if !c.is_whitespace() && c != '.' {
            out.push((Tok::Other, i, i + n));
        }
        i += n;
    }
    out
}

/// The token a word (a run of letters and digits) is.
fn word_token(w: &str) -> Tok {
    let bytes = w.as_bytes();
    if bytes[0].is_ascii_digit() {
        if let Ok(n) = w.parse::<u32>() {
            return Tok::Num(n);
        }
        return ordinal(w).map_or(Tok::Other, Tok::Num);
    }
    // Month and weekday names are 3 to 9 ASCII letters: only those are folded.
    if (3..=9).contains(&bytes.len()) && bytes.iter().all(u8::is_ascii_alphabetic) {
        let mut buf = [0u8; 9];
        let lower = &mut buf[..bytes.len()];
        lower.copy_from_slice(bytes);
        lower.make_ascii_lowercase();
        let lower = std::str::from_utf8(lower).unwrap_or_default();
        if let Some(m) = month_of(lower) {
            return Tok::Month(m);
        }
        if let Some(d) = weekday_of(lower) {
            return Tok::Weekday(d);
        }
        if lower == "until" {
            return Tok::To;
        }
    } else if w.eq_ignore_ascii_case("to") {
        return Tok::To;
    }
    Tok::Other
}

fn ordinal(w: &str) -> Option<u32> {
    let l = w.to_ascii_lowercase();
    for suf in ["st", "nd", "rd", "th"] {
        if let Some(n) = l.strip_suffix(suf) {
            if !n.is_empty() && n.len() <= 2 {
                return n.parse().ok();
            }
        }
    }
    None
}

fn day(t: Option<&(Tok, usize, usize)>) -> Option<u8> {
    match t {
        Some((Tok::Num(n), ..)) if (1..=31).contains(n) => Some(*n as u8),
        _ => None,
    }
}

fn year(t: Option<&(Tok, usize, usize)>) -> Option<i32> {
    match t {
        Some((Tok::Num(n), ..)) if (1000..=2999).contains(n) => Some(*n as i32),
        _ => None,
    }
}

/// Every date mention in `s`, in order.
pub fn find_dates(s: &str) -> Vec<DateMention> {
    // Every date has a day number.
    if !s.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let t = tokens(s);
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if let Some((m, next)) = mention_at(&t, i) {
            out.push(m);
            i = next;
        } else {
            i += 1;
        }
    }
    out
}

/// A mention starting at token `i`: `[Weekday[,]] D[–D| to D Month] Month [[,] YYYY]` or
/// `[Weekday[,]] Month D[–D][,] [YYYY]`.
fn mention_at(t: &[(Tok, usize, usize)], i: usize) -> Option<(DateMention, usize)> {
    let mut k = i;
    let mut weekday = None;
    if let (Tok::Weekday(w), ..) = t[k] {
        weekday = Some(w);
        k += 1;
        if matches!(t.get(k), Some((Tok::Comma, ..))) {
            k += 1;
        }
    }
    let start = t[i].1;
    // Day first.
    if let Some(d1) = day(t.get(k)) {
        let mut j = k + 1;
        let mut to = None;
        if matches!(t.get(j), Some((Tok::Dash | Tok::To, ..))) {
            if let Some(d2) = day(t.get(j + 1)) {
                match t.get(j + 2) {
                    Some((Tok::Month(m2), ..)) => {
                        to = Some((d2, *m2));
                        j += 2;
                    }
                    _ => {
                        to = Some((d2, 0));
                        j += 2;
                    }
                }
            }
        }
        if let Some((Tok::Month(m), _, mend)) = t.get(j) {
            let mut end = *mend;
            let mut j2 = j + 1;
            // "30 October to 2 November": the first month belongs to d1, the range continues.
            if to.is_none() && matches!(t.get(j2), Some((Tok::Dash | Tok::To, ..))) {
                if let (Some(d2), Some((Tok::Month(m2), _, e2))) = (day(t.get(j2 + 1)), t.get(j2 + 2)) {
                    to = Some((d2, *m2));
                    end = *e2;
                    j2 += 3;
                }
            }
            let to = to.map(|(d, mm)| (d, if mm == 0 { *m } else { mm }));
            let mut y = None;
            let mut j3 = j2;
            if matches!(t.get(j3), Some((Tok::Comma, ..))) {
                j3 += 1;
            }
            if let Some(yy) = year(t.get(j3)) {
                y = Some(yy);
                end = t[j3].2;
                j2 = j3 + 1;
            }
            return Some((DateMention { start, end, weekday, from: (d1, *m), to, year: y }, j2));
        }
        return None;
    }
    // Month first.
    if let Some((Tok::Month(m), _, mend)) = t.get(k) {
        let d1 = day(t.get(k + 1))?;
        // "May 2025" is a month, not a day: a following number of 4 digits is a year, and the
        // first number must not be one.
        let mut end = t[k + 1].2;
        let _ = mend;
        let mut j = k + 2;
        let mut to = None;
        if matches!(t.get(j), Some((Tok::Dash | Tok::To, ..))) {
            if let Some(d2) = day(t.get(j + 1)) {
                to = Some((d2, *m));
                end = t[j + 1].2;
                j += 2;
            }
        }
        let mut y = None;
        let mut j3 = j;
        if matches!(t.get(j3), Some((Tok::Comma, ..))) {
            j3 += 1;
        }
        if let Some(yy) = year(t.get(j3)) {
            y = Some(yy);
            end = t[j3].2;
            j = j3 + 1;
        }
        return Some((DateMention { start, end, weekday, from: (d1, *m), to, year: y }, j));
    }
    None
}

/// Days in a month of a year (Gregorian).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Whether the day exists in that month and year.
pub fn is_valid(year: i32, month: u8, day: u8) -> bool {
    day >= 1 && day <= days_in_month(year, month)
}

/// Days since 1970-01-01 of a Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The weekday of a date, 0 = Monday … 6 = Sunday.
pub fn weekday(y: i32, m: u8, d: u8) -> u8 {
    // 1970-01-01 was a Thursday (3).
    (days_from_civil(y, m, d) + 3).rem_euclid(7) as u8
}

/// ISO 8601 form of a date.
pub fn iso(y: i32, m: u8, d: u8) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_follow_the_calendar() {
        assert_eq!(weekday(1970, 1, 1), 3);
        assert_eq!(weekday(2000, 2, 29), 1);
        assert_eq!(weekday(2024, 12, 25), 2);
    }

    #[test]
    fn ranges_and_weekdays() {
        let m = &find_dates("held 23–27 June 2025 in town")[0];
        assert_eq!((m.from, m.to, m.year), ((23, 6), Some((27, 6)), Some(2025)));
        let m = &find_dates("On Monday, 23 June, we met")[0];
        assert_eq!((m.weekday, m.from, m.year), (Some(0), (23, 6), None));
        let m = &find_dates("from 30 October to 2 November 2006")[0];
        assert_eq!((m.from, m.to, m.year), ((30, 10), Some((2, 11)), Some(2006)));
        let m = &find_dates("Tuesday, June 24, 2025")[0];
        assert_eq!((m.weekday, m.from, m.year), (Some(1), (24, 6), Some(2025)));
        assert!(find_dates("in May 2025 and 12 items").is_empty());
    }
}
