//! Line-level cues of plain-text layout: bullets, contents entries, column gaps, code, wrapping.
//!
//! Each cue looks at one line, or at two neighbouring lines, never at the whole file.

use super::Line;

/// Bullet markers followed by a space.
const MARKERS: &[&str] = &["- ", "• ", "* ", "– ", "o ", "· ", "+ "];

/// The marker and the item text when a line opens a bulleted item: `- `, `* `, `• `, `– `,
/// `o ` (the RFC bullet), or a hyphen glued to a capitalised word (`-Must …`).
pub(crate) fn bullet_start(text: &str) -> Option<(&'static str, &str)> {
    for m in MARKERS {
        if let Some(rest) = text.strip_prefix(m) {
            let rest = rest.trim_start();
            if !rest.is_empty() {
                return Some((m, rest));
            }
        }
    }
    // A hyphen glued to a capitalised word, not a negative number or a dash rule.
    let rest = text.strip_prefix('-')?;
    let mut cs = rest.chars();
    (cs.next().is_some_and(char::is_uppercase) && cs.next().is_some_and(char::is_lowercase)).then_some(("-", rest))
}

/// A line that ends a sentence: closing punctuation, possibly inside quotes or brackets.
pub(crate) fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches(['"', '\'', '”', '’', ')', ']', '*', '_']);
    t.ends_with(['.', '!', '?', ':', ';'])
}

/// A contents entry: text, a dot leader, a page number (`2. Scope ........ 4`).
pub(crate) fn is_toc_entry(s: &str) -> bool {
    let t = s.trim_end();
    let body = t.trim_end_matches(|c: char| c.is_ascii_digit());
    let roman = t.trim_end_matches(|c: char| "ivxlc".contains(c));
    let body = if body.len() < t.len() {
        body
    } else if roman.len() < t.len() && roman.ends_with([' ', '.']) {
        roman
    } else {
        return false;
    };
    let body = body.trim_end();
    // The leader: four dots or more, spaces between them allowed.
    let tail: String = body.chars().rev().take_while(|c| matches!(c, '.' | ' ' | '·' | '…' | ',' | '_')).collect();
    let dots = tail.chars().filter(|c| matches!(c, '.' | '·' | '_')).count() + 3 * tail.matches('…').count();
    dots >= 4 && body.chars().count() > tail.chars().count()
}

/// The column where text resumes after the first gap of two spaces or more inside a line, when
/// the gap does not follow sentence punctuation (two spaces after a full stop are sentence
/// spacing, not a column).
pub(crate) fn gap_col(l: &Line) -> Option<usize> {
    let chars: Vec<char> = l.text.chars().collect();
    let mut k = 0;
    while k < chars.len() {
        if chars[k].is_whitespace() {
            let s = k;
            while k < chars.len() && chars[k].is_whitespace() {
                k += 1;
            }
            if k - s >= 2 && s > 0 && k < chars.len() && !matches!(chars[s - 1], '.' | ':' | '?' | '!' | ';' | ',') {
                return Some(l.indent + k);
            }
        } else {
            k += 1;
        }
    }
    None
}

/// A line laid out in columns: a gap of four spaces or more inside it.
pub(crate) fn tabular(l: &Line) -> bool {
    let mut run = 0;
    let mut seen_text = false;
    for c in l.text.chars() {
        if c.is_whitespace() {
            run += 1;
        } else {
            if seen_text && run >= 4 {
                return true;
            }
            run = 0;
            seen_text = true;
        }
    }
    false
}

/// A line of code or grammar: braces, statement ends, comments, assignments, rules of dashes.
pub(crate) fn code_like(s: &str) -> bool {
    let t = s.trim();
    t.ends_with(['{', '}', ';'])
        || t.starts_with(['{', '}'])
        || t.starts_with("/*")
        || t.starts_with("*/")
        || t.starts_with("//")
        || t.starts_with('#') && t.len() > 1 && !t[1..].starts_with(char::is_whitespace)
        || t.contains(" = ")
        || t.contains(" := ")
        || (t.len() >= 3 && t.chars().all(|c| matches!(c, '-' | '=' | '+' | '|' | ' ')))
}

/// A rule line: three or more of `-`, `=`, `*`, `_` (with spaces), nothing else.
pub(crate) fn is_rule(s: &str) -> bool {
    let t = s.trim();
    t.chars().filter(|c| !c.is_whitespace()).count() >= 3 && t.chars().all(|c| matches!(c, '-' | '=' | '*' | '_' | ' '))
}

/// A line that looks preformatted: a column gap or code.
pub(crate) fn pre_signal(l: &Line) -> bool {
    gap_col(l).is_some() || code_like(l.text)
}

/// A line that opens a new unit whatever precedes it: a bullet, a speaker label (`Name: …`,
/// `Name/Name: …`), an emphasised lead (`***Topic`), or a dotted item (`.item`).
pub(crate) fn starts_new(s: &str) -> bool {
    if bullet_start(s).is_some() || is_toc_entry(s) || s.starts_with("**") {
        return true;
    }
    let mut cs = s.chars();
    if cs.next() == Some('.') && cs.next().is_some_and(char::is_alphabetic) {
        return true;
    }
    speaker(s)
}

/// `Name:` / `Name Surname:` / `Name/Name:` / `Name, Name:` at the start of a line.
pub(crate) fn speaker(s: &str) -> bool {
    let Some(colon) = s.find(':') else { return false };
    let (label, rest) = (&s[..colon], &s[colon + 1..]);
    if label.is_empty() || label.chars().count() > 30 || !(rest.is_empty() || rest.starts_with(' ')) {
        return false;
    }
    let words: Vec<&str> = label.split([' ', '/', ',']).filter(|w| !w.is_empty()).collect();
    !words.is_empty()
        && words.len() <= 3
        && words.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(char::is_uppercase) && cs.all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
        })
}

/// Whether line `b` continues the paragraph of line `a` (no blank line between them): `a` is a
/// wrapped line, so the first word of `b` would not have fitted on it at any common width, `b`
/// is not much longer than `a`, and `b` does not open a unit of its own; or `a` stops
/// mid-sentence and `b` opens in lower case. A long line that ends
/// a sentence is a paragraph of its own (one paragraph per line), and so is a line that ends a
/// sentence well short of a wrapping width.
pub(crate) fn wraps(a: &Line, b: &Line) -> bool {
    let (la, lb) = (a.width(), b.width());
    let word = b.text.split_whitespace().next().map_or(0, |w| w.chars().count());
    if starts_new(b.text) || tabular(a) || tabular(b) || a.indent != b.indent {
        return false;
    }
    // A line that stops mid-sentence and a next line that opens in lower case: one sentence.
    if !ends_sentence(a.text) && b.text.starts_with(char::is_lowercase) {
        return true;
    }
    if la + 1 + word <= 60 || lb > la.max(60) + 15 {
        return false;
    }
    // A colon or semicolon at a line end does not close a paragraph: the text goes on.
    let t = a.text.trim_end_matches(['"', '\'', '”', '’', ')', ']', '*', '_']);
    if ends_sentence(a.text) && !t.ends_with([':', ';']) {
        return (60..=80).contains(&la) && lb <= 100;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(s: &str) -> Line<'_> {
        let t = s.trim_start();
        Line { n: 1, indent: s.len() - t.len(), text: t.trim_end(), raw: s, feed: false }
    }

    #[test]
    fn bullets() {
        assert_eq!(bullet_start("o  All dates are kept."), Some(("o ", "All dates are kept.")));
        assert_eq!(bullet_start("-Must not fail"), Some(("-", "Must not fail")));
        assert_eq!(bullet_start("-5 degrees"), None);
        assert_eq!(bullet_start("one two"), None);
    }

    #[test]
    fn contents_entries() {
        assert!(is_toc_entry("2.1. Scope and aims ................ 14"));
        assert!(is_toc_entry("Annex . . . . . . . 9"));
        assert!(is_toc_entry("Preface ....... iv"));
        assert!(!is_toc_entry("It was 4 ... or 5"));
        assert!(!is_toc_entry("Total: 12"));
    }

    #[test]
    fn gaps_and_code() {
        assert!(gap_col(&line("   rule-name     = 2DIGIT")).is_some());
        assert_eq!(gap_col(&line("   Done.  Next sentence")), None);
        assert!(code_like("int main() {"));
        assert!(code_like("------  -----"));
        assert!(!code_like("A plain sentence."));
    }

    #[test]
    fn wrapping_is_decided_by_two_lines() {
        let a = line("   The committee met twice during the spring and agreed that the");
        let b = line("   budget would be cut.");
        assert!(wraps(&a, &b));
        // A short title line followed by a long paragraph line.
        let t = line("Budget talks resume");
        let p = line(
            "The committee met twice during the spring and agreed that the budget would be cut by a tenth next year.",
        );
        assert!(!wraps(&t, &p));
        // Long lines that end sentences: one paragraph per line.
        assert!(!wraps(&p, &p));
        assert!(!wraps(
            &line("Anna: we agree on the plan and will circulate the minutes tomorrow"),
            &line("Ben: fine.")
        ));
    }

    #[test]
    fn speakers() {
        assert!(starts_new("Anna: yes"));
        assert!(starts_new("Anna/Ben: no"));
        assert!(!starts_new("The note: it says"));
        assert!(starts_new(".clarify the scope"));
        assert!(!starts_new("...and more"));
    }
}
