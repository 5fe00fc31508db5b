//! Splitting prose into sentences.

/// Words ending in a full stop that do not end a sentence.
const ABBREVIATIONS: &[&str] = &["Mr", "Ms", "Dr", "St", "e.g", "i.e", "etc", "vs"];

/// Sentences of a text as byte ranges (split after `.`, `!`, `?`, `;` followed by white space or
/// the end). A full stop after a title ("Mr."), a common abbreviation ("e.g.") or an initial
/// ("J.") ends no sentence. The ranges cover the text, white space included.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    // The marks are ASCII, and ASCII bytes never occur inside another character's encoding.
    // Found with memchr, in text order: `.`, `!` and `?` in one search, `;` in another.
    let mut semicolons = memchr::memchr_iter(b';', b).peekable();
    let mut stops = memchr::memchr3_iter(b'.', b'!', b'?', b).peekable();
    loop {
        let i = match (stops.peek(), semicolons.peek()) {
            (Some(&s), Some(&c)) if c < s => semicolons.next(),
            (Some(_), _) => stops.next(),
            (None, _) => semicolons.next(),
        };
        let Some(i) = i else { break };
        if b.get(i + 1).is_some_and(|n| !n.is_ascii_whitespace()) {
            continue;
        }
        // "Mr." and single capitals ("U.") do not end sentences.
        let word = text[start..i].rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
        if b[i] == b'.'
            && (word.len() <= 2 && word.chars().next().is_some_and(char::is_uppercase) || ABBREVIATIONS.contains(&word))
        {
            continue;
        }
        out.push((start, i + 1));
        start = i + 1;
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_split() {
        let t = "Mr. A met Bob. Then C; and D.";
        let s: Vec<&str> = sentences(t).iter().map(|(a, b)| t[*a..*b].trim()).collect();
        assert_eq!(s, ["Mr. A met Bob.", "Then C;", "and D."]);
        let t = "Dr. Ana Gómez, e.g. here! Done";
        let s: Vec<&str> = sentences(t).iter().map(|(a, b)| t[*a..*b].trim()).collect();
        assert_eq!(s, ["Dr. Ana Gómez, e.g. here!", "Done"]);
        assert!(sentences("").is_empty());
        // Marks of every kind, in text order; one not followed by white space ends nothing.
        let t = "One; two. Three? Four! 3.5 x;y end.";
        let s: Vec<&str> = sentences(t).iter().map(|(a, b)| t[*a..*b].trim()).collect();
        assert_eq!(s, ["One;", "two.", "Three?", "Four!", "3.5 x;y end."]);
    }
}
