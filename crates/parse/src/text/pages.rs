//! Page furniture of paged plain text: running headers and footers at page boundaries.
//!
//! Paged text (RFCs, Internet-Drafts, reports printed to text) repeats a header line at the top
//! and a footer line at the foot of every page, and often separates pages with a form feed.
//! They are not text of the document: read as text, each running header looks like a section
//! title and each footer like a one-line paragraph.
//!
//! Detection is generic and needs repetition:
//!
//! - a *footer* is a line that ends with a page number (`[Page 3]`, `Page 3`, `Page 3 of 9`,
//!   `- 3 -`) and whose text without the number recurs at least twice; or, where pages are
//!   separated by form feeds, the last line before a form feed when it recurs (digits ignored);
//! - a page boundary is a footer or a form feed; a *header* is the first line of text after a
//!   boundary (within a few lines) when that same line opens at least two pages.
//!
//! Each boundary becomes one [`Break`]: the lines from the end of the text before it to the
//! start of the text after it, with the furniture lines it holds.

use std::collections::HashMap;

use super::Line;

/// One page boundary, as line indices into the file's lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Break {
    /// First line of the boundary (the first blank line after the page's last text line).
    pub first: usize,
    /// Last line of the boundary (the last blank line before the next page's first text line).
    pub last: usize,
    /// The furniture lines (footer, form feed, header), in order.
    pub furniture: Vec<usize>,
}

/// The text of a line with a trailing page number removed, when it ends with one.
fn without_page_number(s: &str) -> Option<String> {
    let t = s.trim_end();
    let cut = if let Some(rest) = t.strip_suffix(']') {
        let open = rest.rfind('[')?;
        let inner = rest[open + 1..].trim();
        let num = inner.strip_prefix("Page").or_else(|| inner.strip_prefix("page"))?.trim();
        (!num.is_empty() && num.chars().all(|c| c.is_ascii_digit())).then_some(open)?
    } else if let Some(rest) = t.strip_suffix('-') {
        // "- 3 -"
        let rest = rest.trim_end();
        let digits = rest.trim_end_matches(|c: char| c.is_ascii_digit());
        let before = digits.trim_end();
        (digits.len() < rest.len() && before.ends_with('-')).then_some(before.len() - 1)?
    } else {
        // "Page 3", "Page 3 of 9"
        let mut words: Vec<&str> = t.split_whitespace().collect();
        if words.len() >= 3 && words[words.len() - 2].eq_ignore_ascii_case("of") {
            words.truncate(words.len() - 2);
        }
        let n = words.len();
        if n < 2 || !words[n - 1].chars().all(|c| c.is_ascii_digit()) || !words[n - 2].eq_ignore_ascii_case("page") {
            return None;
        }
        t.rfind(words[n - 2]).unwrap_or(0)
    };
    Some(collapse(&t[..cut]))
}

/// Whitespace runs collapsed to one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The key a running line is compared on: collapsed, digits folded.
fn digit_key(s: &str) -> String {
    collapse(s).chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect()
}

/// Find the page boundaries of a file. Returns nothing for text that is not paged.
pub(crate) fn breaks(lines: &[Line]) -> Vec<Break> {
    let blank = |i: usize| lines[i].text.is_empty();
    // Footers with page numbers.
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, l) in lines.iter().enumerate() {
        if let Some(k) = without_page_number(l.text).filter(|_| !l.text.is_empty()) {
            by_key.entry(k).or_default().push(i);
        }
    }
    let mut boundary: Vec<(usize, Option<usize>)> = Vec::new(); // (boundary line, footer line)
    for idx in by_key.values().filter(|v| v.len() >= 2) {
        boundary.extend(idx.iter().map(|&i| (i, Some(i))));
    }
    // Form feeds; the last text line before one is a footer when it recurs (digits ignored).
    let feeds: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].feed).collect();
    let before_feed = |f: usize| (0..f).rev().take(6).find(|&j| !blank(j));
    let mut feed_keys: HashMap<String, usize> = HashMap::new();
    for &f in &feeds {
        if let Some(j) = before_feed(f) {
            *feed_keys.entry(digit_key(lines[j].text)).or_default() += 1;
        }
    }
    for &f in &feeds {
        if boundary.iter().any(|(b, _)| *b < f && f - *b <= 3) {
            continue; // the feed follows a footer already found
        }
        let footer = before_feed(f).filter(|&j| feed_keys[&digit_key(lines[j].text)] >= 2 && !lines[j].feed);
        boundary.push((f, footer));
    }
    boundary.sort_unstable();
    if boundary.is_empty() {
        return Vec::new();
    }
    // Headers: the first text line after a boundary, when it opens two pages or more.
    let after = |b: usize| {
        let from = if lines[b].feed && !blank(b) { b } else { b + 1 };
        (from..lines.len()).take(4).find(|&j| !blank(j))
    };
    let mut header_keys: HashMap<String, usize> = HashMap::new();
    for &(b, _) in &boundary {
        if let Some(j) = after(b) {
            *header_keys.entry(digit_key(lines[j].text)).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    for &(b, footer) in &boundary {
        let header = after(b).filter(|&j| header_keys[&digit_key(lines[j].text)] >= 2);
        let mut furniture: Vec<usize> = footer.into_iter().collect();
        let end = header.unwrap_or(b);
        furniture.extend(header);
        if furniture.is_empty() {
            continue;
        }
        let start = footer.unwrap_or(b);
        // Widen over the blank lines around the furniture.
        let mut first = start;
        while first > 0 && (blank(first - 1) || lines[first - 1].feed) {
            first -= 1;
        }
        let mut last = end;
        while last + 1 < lines.len() && (blank(last + 1) || lines[last + 1].feed) {
            last += 1;
        }
        furniture.sort_unstable();
        if let Some(prev) = out.last_mut().filter(|p: &&mut Break| p.last >= first) {
            prev.last = prev.last.max(last);
            prev.furniture.extend(furniture);
            prev.furniture.sort_unstable();
            prev.furniture.dedup();
        } else {
            out.push(Break { first, last, furniture });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_recognised() {
        assert_eq!(without_page_number("Smith    Expires June 1    [Page 3]").as_deref(), Some("Smith Expires June 1"));
        assert_eq!(without_page_number("Annual report   Page 12 of 40").as_deref(), Some("Annual report"));
        assert_eq!(without_page_number("- 4 -").as_deref(), Some(""));
        assert_eq!(without_page_number("We turned the page 3 times."), None);
        assert_eq!(without_page_number("see [RFC 12]"), None);
    }
}
