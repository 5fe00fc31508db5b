//! Heading titles that form a series: "Annex A", "Annex B"; "Part I", "Part II"; "\[Theme\] One",
//! "\[Theme\] Two". The reader levels such headings alike, and the checker expects them alike.

/// Words that open an enumerated series of headings.
const SERIES_WORDS: &[&str] = &[
    "annex", "appendix", "chapter", "part", "section", "module", "unit", "volume", "book", "step", "phase", "theme",
    "track", "day",
];

/// The series a heading title belongs to, if it has a distinctive pattern: a bracketed lead of
/// up to three words (`[Theme] …` → `"[theme]"`), or a series word followed by an enumerator (a
/// capital letter, digits or a Roman numeral: `Annex A: …` → `"annex"`).
pub fn series_key(title: &str) -> Option<String> {
    let t = title.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '[');
    if let Some(rest) = t.strip_prefix('[') {
        let end = rest.find(']')?;
        let lead = rest[..end].trim();
        if !lead.is_empty() && lead.split_whitespace().count() <= 3 {
            return Some(format!("[{}]", lead.to_lowercase()));
        }
        return None;
    }
    let mut words = t.split_whitespace();
    let first = words.next()?.to_lowercase();
    if !SERIES_WORDS.contains(&first.as_str()) {
        return None;
    }
    let second = words.next()?.trim_end_matches([':', '.', '-', '–', '—']);
    let enumerator = (second.len() == 1 && second.chars().all(|c| c.is_ascii_uppercase()))
        || second.chars().all(|c| c.is_ascii_digit())
        || (!second.is_empty() && second.chars().all(|c| "IVXLC".contains(c)));
    enumerator.then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_keys() {
        assert_eq!(series_key("Annex A: Statistics").as_deref(), Some("annex"));
        assert_eq!(series_key("Part IV"), Some("part".into()));
        assert_eq!(series_key("Annexes and more"), None);
        assert_eq!(series_key("[Building] Trust").as_deref(), Some("[building]"));
        assert_eq!(series_key("Partners"), None);
    }
}
