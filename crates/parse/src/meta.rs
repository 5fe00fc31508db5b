//! Metadata a document states about itself: event dates, place, dateline.

use reportkit_model::{inline_text, Block, DateRange, Metadata};

use crate::dates::{find_dates, is_valid, iso};

/// Lines at the top of a document searched for the event dates and place.
const FRONT_LINES: usize = 40;

/// Read the metadata from the source lines (front matter) and the first paragraph (dateline).
pub fn read(text: &str, first_paragraph: Option<&Block>) -> Metadata {
    let mut md = Metadata::default();
    let lines: Vec<&str> = text.lines().take(FRONT_LINES).collect();
    for (i, line) in lines.iter().enumerate() {
        let Some(m) = find_dates(line).into_iter().find(|m| m.year.is_some()) else { continue };
        let y = m.year.expect("filtered");
        let (d1, m1) = m.from;
        let (d2, m2) = m.to.unwrap_or(m.from);
        if !is_valid(y, m1, d1) || !is_valid(y, m2, d2) {
            continue;
        }
        let y2 = if (m2, d2) < (m1, d1) { y + 1 } else { y };
        md.event_dates = Some(DateRange { start: iso(y, m1, d1), end: iso(y2, m2, d2), line: i as u32 + 1 });
        // A place line right after the dates ("City, Country").
        md.place = lines
            .get(i + 1)
            .map(|l| l.trim().trim_end_matches([' ', '\\']))
            .filter(|l| place_like(l))
            .map(str::to_string);
        break;
    }
    if let Some(Block::Paragraph { content, .. }) = first_paragraph {
        if let Some((dateline, place)) = dateline(&inline_text(content)) {
            md.dateline = Some(dateline);
            if md.place.is_none() {
                md.place = Some(place);
            }
        }
    }
    md
}

/// "City, Country": two to five capitalised words with one comma, no sentence punctuation.
fn place_like(l: &str) -> bool {
    let words = l.split_whitespace().count();
    (2..=5).contains(&words)
        && l.matches(',').count() == 1
        && !l.ends_with(['.', ':', ';'])
        && l.split([',', ' ']).filter(|w| !w.is_empty()).all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// A dateline opening a paragraph: upper-case place words, then a dash.
/// Returns the dateline verbatim and the place in title case.
fn dateline(p: &str) -> Option<(String, String)> {
    let (head, dash) = ["—", "–", " - ", "--"].iter().filter_map(|d| p.find(d).map(|i| (i, *d))).min()?;
    let place = p[..head].trim();
    let words = place.split_whitespace().count();
    if place.is_empty()
        || words > 6
        || place.chars().any(|c| c.is_lowercase())
        || !place.chars().any(char::is_alphabetic)
    {
        return None;
    }
    let title = place
        .split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f.to_string() + &cs.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    Some((p[..head + dash.len()].trim_end().to_string(), title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_place_from_the_front_lines() {
        let md = read("Title\n\nMeeting  \n9–11 March 2024  \nBergen, Norway\n", None);
        let d = md.event_dates.unwrap();
        assert_eq!((d.start.as_str(), d.end.as_str(), d.line), ("2024-03-09", "2024-03-11", 4));
        assert_eq!(md.place.as_deref(), Some("Bergen, Norway"));
    }

    #[test]
    fn datelines() {
        assert_eq!(dateline("OSLO, NORWAY — The meeting"), Some(("OSLO, NORWAY —".into(), "Oslo, Norway".into())));
        assert_eq!(dateline("The meeting — closed"), None);
    }
}
