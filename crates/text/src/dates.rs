//! Calendar dates written in prose: "23–27 June 2025", "Monday, 23 June", "June 23, 2025",
//! "30 October to 2 November 2006", "Tuesday–Wednesday, 4–5 March 2031", and year-first numeric
//! dates "2031/1/9", "2031/01/09", "2031-01-09". Shared by the metadata reader and the date
//! facts of `check`.
//!
//! A numeric date is read only year first with four digits: "1/9/2031" or "9/1" leave the order
//! of day and month open and are never read.

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
    /// Last weekday of a range of weekdays ("Tuesday–Wednesday, 4–5 March"): it goes with the
    /// last day, `to`, as `weekday` goes with the first.
    pub weekday_to: Option<u8>,
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
    Slash,
    /// An opening parenthesis: a weekday may give its date in one ("Friday (7 February 2020)").
    Open,
    Other,
}

/// The month a lower-case word names (`l` is already lower case).
pub fn month_of(l: &str) -> Option<u8> {
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

/// The weekday a lower-case word names (`l` is already lower case): the name, its first three
/// letters, or the four- and five-letter forms "Tues", "Weds", "Thur", "Thurs".
pub fn weekday_of(l: &str) -> Option<u8> {
    WEEKDAYS
        .iter()
        .position(|d| *d == l || (l.len() == 3 && d.starts_with(l)))
        .or(match l {
            "tues" => Some(1),
            "weds" => Some(2),
            "thur" | "thurs" => Some(3),
            _ => None,
        })
        .map(|i| i as u8)
}

/// Split a line into date-relevant tokens with their byte ranges, handing each to `each`.
/// Called on every unit of a corpus: ASCII is classified byte by byte and names are folded on
/// the stack.
fn tokens(s: &str, mut each: impl FnMut((Tok, usize, usize))) {
    let b = s.as_bytes();
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
            each((word_token(&s[i..end]), i, end));
            i = end;
            continue;
        }
        if matches!(c, '-' | '–' | '—') {
            each((Tok::Dash, i, i + n));
        } else if c == ',' {
            each((Tok::Comma, i, i + 1));
        } else if c == '/' {
            each((Tok::Slash, i, i + 1));
        } else if c == '(' {
            each((Tok::Open, i, i + 1));
        } else if !c.is_whitespace() && c != '.' {
            each((Tok::Other, i, i + n));
        }
        i += n;
    }
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
    // A mention is made of date tokens only, and what follows it is read only to see whether
    // it continues, which any other token ends: so each run of date tokens between two others
    // is read on its own, and a long unit never holds all its tokens at once (a 10 MB line
    // held 2 million).
    let mut out = Vec::new();
    let mut run = Vec::new();
    let read = |run: &mut Vec<(Tok, usize, usize)>, out: &mut Vec<DateMention>| {
        let mut i = 0;
        while i < run.len() {
            if let Some((m, next)) = mention_at(s, run, i) {
                out.push(m);
                i = next;
            } else {
                i += 1;
            }
        }
        run.clear();
    };
    tokens(s, |t| {
        if matches!(t.0, Tok::Other) {
            read(&mut run, &mut out);
        } else {
            run.push(t);
        }
    });
    read(&mut run, &mut out);
    out
}

/// A mention starting at token `i`: `[Weekday[–Weekday][,]] D[–D| to D Month] Month [[,] YYYY]`,
/// `[Weekday[–Weekday][,]] Month D[–D][,] [YYYY]` or `[Weekday[,]] YYYY/M/D`.
fn mention_at(s: &str, t: &[(Tok, usize, usize)], i: usize) -> Option<(DateMention, usize)> {
    let mut k = i;
    let mut weekday = None;
    let mut weekday_to = None;
    if let (Tok::Weekday(w), ..) = t[k] {
        weekday = Some(w);
        k += 1;
        // A range of weekdays: "Tuesday–Wednesday", "Tue to Wed".
        if let (Some((Tok::Dash | Tok::To, ..)), Some((Tok::Weekday(w2), ..))) = (t.get(k), t.get(k + 1)) {
            weekday_to = Some(*w2);
            k += 2;
        }
        if matches!(t.get(k), Some((Tok::Comma | Tok::Open, ..))) {
            k += 1;
        }
    }
    let start = t[i].1;
    if let Some((from, y, next)) = numeric_at(s, t, k) {
        // A numeric date is one day: a range of weekdays does not go with it.
        let weekday_to = None;
        return Some((
            DateMention { start, end: t[next - 1].2, weekday, weekday_to, from, to: None, year: Some(y) },
            next,
        ));
    }
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
            return Some((DateMention { start, end, weekday, weekday_to, from: (d1, *m), to, year: y }, j2));
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
        return Some((DateMention { start, end, weekday, weekday_to, from: (d1, *m), to, year: y }, j));
    }
    None
}

/// A year-first numeric date at token `k`: "2031/1/9", "2031/01/09" or "2031-01-09" (with a
/// hyphen, month and day have two digits), written without spaces and not part of a longer run
/// of numbers, a path or a version ("x/2031/01/09/", "2031/01/09.2"). Returns ((day, month),
/// year, the token after it).
fn numeric_at(s: &str, t: &[(Tok, usize, usize)], k: usize) -> Option<((u8, u8), i32, usize)> {
    let parts = t.get(k..k + 5)?;
    let digits = |p: &(Tok, usize, usize), n: std::ops::RangeInclusive<usize>| {
        let w = &s[p.1..p.2];
        n.contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit())
    };
    let adjacent = parts.windows(2).all(|w| w[0].2 == w[1].1);
    let slash = matches!((parts[1].0, parts[3].0), (Tok::Slash, Tok::Slash));
    // An ASCII hyphen, not a dash of a range.
    let hyphen = matches!((parts[1].0, parts[3].0), (Tok::Dash, Tok::Dash))
        && s.as_bytes()[parts[1].1] == b'-'
        && s.as_bytes()[parts[3].1] == b'-';
    let width = if hyphen { 2..=2 } else { 1..=2 };
    if !adjacent
        || !(slash || hyphen)
        || !digits(&parts[0], 4..=4)
        || !digits(&parts[2], width.clone())
        || !digits(&parts[4], width)
    {
        return None;
    }
    let b = s.as_bytes();
    let (from, to) = (parts[0].1, parts[4].2);
    if from > 0 && matches!(b[from - 1], b'/' | b'-' | b'.' | b'_' | b'\\') {
        return None;
    }
    match b.get(to) {
        Some(b'/' | b'-' | b'_' | b'\\') => return None,
        Some(b'.') if b.get(to + 1).is_some_and(u8::is_ascii_digit) => return None,
        _ => {}
    }
    let (Tok::Num(y), Tok::Num(m), Tok::Num(d)) = (parts[0].0, parts[2].0, parts[4].0) else { return None };
    if !(1000..=2999).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(((d as u8, m as u8), y as i32, k + 5))
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

/// Whether the date at `start..end` of `text` is the name of an event ("the 4 October 1957
/// launch", "the 9 May 2031 storm"): after "the" and before a word in lower case
/// that is not a function word. A speech or an article recalls such dates; they are not the
/// dates of the event the document is about.
pub fn names_a_past_event(text: &str, start: usize, end: usize) -> bool {
    const FUNCTION: &[&str] = &[
        "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "it", "of", "on", "or", "that", "the",
        "through", "to", "until", "was", "were", "we", "when", "where", "which", "while", "with", "will", "would",
    ];
    let before = text[..start].split_whitespace().next_back().unwrap_or("");
    let before = before.trim_start_matches(|c: char| !c.is_alphanumeric());
    let after = text[end..].split_whitespace().next().unwrap_or("");
    let after = after.trim_end_matches(|c: char| !c.is_alphanumeric());
    before.eq_ignore_ascii_case("the")
        && after.chars().next().is_some_and(char::is_lowercase)
        && !FUNCTION.contains(&after)
}

/// A day or a span of days as a reader writes them, day first: "23 June 2025", "23–27 June
/// 2025", "30 June – 2 July 2025", "30 December 2025 – 2 January 2026". `start` and `end` are
/// ISO dates (`YYYY-MM-DD`); `None` when either is not one.
pub fn human_range(start: &str, end: &str) -> Option<String> {
    let parse = |s: &str| -> Option<(i32, u8, u8)> {
        let mut it = s.trim().splitn(3, '-');
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        ((1..=12).contains(&m) && is_valid(y, m, d)).then_some((y, m, d))
    };
    let month = |m: u8| {
        let name = MONTHS[usize::from(m - 1)];
        let mut c = name.chars();
        c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
    };
    let (a, b) = (parse(start)?, parse(end)?);
    let (a, b) = if b < a { (b, a) } else { (a, b) };
    Some(if a == b {
        format!("{} {} {}", a.2, month(a.1), a.0)
    } else if (a.0, a.1) == (b.0, b.1) {
        format!("{}–{} {} {}", a.2, b.2, month(a.1), a.0)
    } else if a.0 == b.0 {
        format!("{} {} – {} {} {}", a.2, month(a.1), b.2, month(b.1), a.0)
    } else {
        format!("{} {} {} – {} {} {}", a.2, month(a.1), a.0, b.2, month(b.1), b.0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_days_are_written_as_a_reader_writes_them() {
        assert_eq!(human_range("2025-06-23", "2025-06-23").unwrap(), "23 June 2025");
        assert_eq!(human_range("2025-06-23", "2025-06-27").unwrap(), "23–27 June 2025");
        assert_eq!(human_range("2025-06-30", "2025-07-02").unwrap(), "30 June – 2 July 2025");
        assert_eq!(human_range("2025-12-30", "2026-01-02").unwrap(), "30 December 2025 – 2 January 2026");
        assert_eq!(human_range("2025-06-27", "2025-06-23").unwrap(), "23–27 June 2025");
        assert_eq!(human_range("2025-02-30", "2025-03-01"), None);
        assert_eq!(human_range("June 2025", "2025-06-23"), None);
    }

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

    #[test]
    fn a_weekday_gives_its_date_in_parentheses() {
        let m = &find_dates("this Saturday (7 February 2020), at noon")[0];
        assert_eq!((m.start, m.weekday, m.from, m.year), (5, Some(5), (7, 2), Some(2020)));
        let m = &find_dates("Friday (2020-02-07)")[0];
        assert_eq!((m.weekday, m.from, m.year), (Some(4), (7, 2), Some(2020)));
        // A parenthesis before no date leaves the weekday alone.
        assert!(find_dates("on Friday (as planned) and 12 items").is_empty());
    }

    #[test]
    fn ranges_of_weekdays() {
        for text in [
            "Tuesday-Wednesday, March 4-5, 2031",
            "Tuesday–Wednesday, March 4–5, 2031",
            "Tuesday to Wednesday, 4 to 5 March 2031",
            "Tue–Wed 4–5 March 2031",
            "Tues-Weds, 4–5 March 2031",
        ] {
            let m = &find_dates(text)[0];
            assert_eq!((m.start, m.weekday, m.weekday_to), (0, Some(1), Some(2)), "{text}");
            assert_eq!((m.from, m.to, m.year), ((4, 3), Some((5, 3)), Some(2031)), "{text}");
        }
        // Two weekdays each with its own day stay two dates.
        let ms = find_dates("Monday 30 June – Tuesday 1 July 2031");
        assert_eq!(ms.len(), 2);
        assert_eq!((ms[0].weekday, ms[0].weekday_to, ms[0].from), (Some(0), None, (30, 6)));
        assert_eq!((ms[1].weekday, ms[1].from, ms[1].year), (Some(1), (1, 7), Some(2031)));
        // A range of weekdays with no date is not a date.
        assert!(find_dates("open Monday to Friday, 9 to 5").is_empty());
    }

    #[test]
    fn year_first_numeric_dates() {
        for (text, day) in [
            ("Meeting: Thursday 2031/1/9 at 14:00", (9, 1)),
            ("Meeting: Thursday, 2031/01/09.", (9, 1)),
            ("Meeting: Thursday 2031-01-09", (9, 1)),
        ] {
            let m = &find_dates(text)[0];
            assert_eq!((m.weekday, m.from, m.year, m.to), (Some(3), day, Some(2031), None), "{text}");
            assert_eq!(
                &text[m.start..m.end],
                text.split(": ").nth(1).unwrap().trim_end_matches('.').split(" at").next().unwrap()
            );
        }
        let m = &find_dates("released 2031/9/1")[0];
        assert_eq!((m.weekday, m.from, m.year), (None, (1, 9), Some(2031)));
        // Day and month in an open order, short years, paths, versions and ranges of years.
        for text in [
            "on 1/9 and 9/1",
            "on 9/1/2031",
            "on 31/1/31",
            "see /archive/2031/01/09/notes",
            "version 2031/01/09.2",
            "build 2031-1-9",
            "the years 2030-2031",
            "from 2031–01–09",
            "a 2031/13/09 b",
        ] {
            assert!(find_dates(text).is_empty(), "{text}: {:?}", find_dates(text));
        }
    }
}
