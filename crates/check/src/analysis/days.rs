//! The day a heading or a title names: what tells the minutes of one meeting from the next.

/// The day a title is dated to: an ISO date ("Minutes 2024-05-01") or a written date with its
/// year ("Minutes, 1 May 2024").
pub(crate) fn title_day(title: &str) -> Option<(i32, u8, u8)> {
    let b = title.as_bytes();
    let iso = (0..b.len().saturating_sub(9)).find_map(|i| {
        let s = title.get(i..i + 10)?;
        let digits = |r: std::ops::Range<usize>| s.get(r).filter(|d| d.bytes().all(|c| c.is_ascii_digit()));
        let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        (s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-')
            .then(|| Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)))?
    });
    iso.or_else(|| {
        let m = reportkit_text::dates::find_dates(title).into_iter().find(|m| m.year.is_some())?;
        Some((m.year?, m.from.1, m.from.0))
    })
}

/// The day a meeting's heading names without a year ("December 17th weekly meeting") or in
/// figures ("12/14/2021", "14/12/2021"): enough to tell one meeting from the next (the year is
/// 0 when the heading gives none; the order of day and month is as written).
pub(crate) fn heading_day(title: &str) -> Option<(i32, u8, u8)> {
    if let Some(m) = reportkit_text::dates::find_dates(title).into_iter().next() {
        return Some((m.year.unwrap_or(0), m.from.1, m.from.0));
    }
    let token = title.split(|c: char| !(c.is_ascii_digit() || c == '/')).find(|t| t.matches('/').count() == 2)?;
    let mut parts = token.split('/').map(|p| p.parse::<u32>().ok());
    let (a, b, c) = (parts.next()??, parts.next()??, parts.next()??);
    let (year, x, y) = if a > 31 { (a, b, c) } else { (c, a, b) };
    ((1..=31).contains(&x) && (1..=31).contains(&y) && year > 0).then_some((year as i32, x as u8, y as u8))
}

/// Whether a heading names a day, in any of the forms above.
pub(crate) fn names_a_day(title: &str) -> bool {
    title_day(title).is_some() || heading_day(title).is_some()
}
