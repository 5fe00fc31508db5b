//! Links: targets that lead nowhere, and the line each link of a unit stands on.

use crate::analysis::units::Unit;

/// Whether a link target leads nowhere.
pub(crate) fn is_placeholder(url: &str) -> bool {
    let t = url.trim().to_ascii_lowercase();
    let t = t.as_str();
    t.is_empty()
        || t == "#"
        || t == "#!"
        || t.starts_with("javascript:")
        || t == "about:blank"
        || matches!(t, "http://" | "https://" | "http:" | "https:" | "//")
        || matches!(t, "url" | "link" | "todo" | "tbd" | "xxx" | "...")
        || template_variable(url, true).is_some()
}

/// The first unfilled template variable in a link's target (`url`: true) or text: `{{name}}`,
/// `${name}`, `<name>` standing for a whole target, a `TODO`/`TBD` path segment, or `$name`
/// (a dollar sign and a letter; in a target only before its query, where `$filter` and the
/// like are real parameters).
pub(crate) fn template_variable(s: &str, url: bool) -> Option<&str> {
    if let Some(i) = s.find("{{").or_else(|| s.find("${")) {
        let end = s[i..].find('}').map_or(s.len(), |j| (i + j + 1).min(s.len()));
        let end = if s[end..].starts_with('}') { end + 1 } else { end };
        return Some(&s[i..end]);
    }
    let t = s.trim();
    if url {
        if t.len() > 2 && t.starts_with('<') && t.ends_with('>') && !t[1..t.len() - 1].contains(['<', '>', ' ']) {
            return Some(t);
        }
        let path = t.split(['?', '#']).next().unwrap_or("");
        if let Some(seg) = path.split('/').skip(1).find(|seg| matches!(*seg, "TODO" | "TBD" | "XXX")) {
            return Some(seg);
        }
        return dollar_variable(path);
    }
    dollar_variable(t)
}

/// A `$name` in a text: a dollar sign after a non-alphanumeric character, then a letter and
/// further letters, digits, `-`, `_` or `.` (not `$5`, `US$10`, nor code such as `$x:expr`
/// or `$f(x)`).
fn dollar_variable(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    for (i, _) in s.match_indices('$') {
        let after_word = i > 0 && b[i - 1].is_ascii_alphanumeric();
        if after_word || !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let len = s[i + 1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
            .unwrap_or(s.len() - i - 1);
        // Code rather than a template: a macro fragment (`$x:expr`) or a call (`$f(…)`).
        if s[i + 1 + len..].starts_with([':', '(', '[']) {
            continue;
        }
        return Some(s[i..i + 1 + len].trim_end_matches('.'));
    }
    None
}

/// The line of the `nth` link of a unit: where its text first appears after the previous link.
pub(crate) fn link_lines(u: &Unit) -> Vec<u32> {
    let mut from = 0;
    u.links
        .iter()
        .map(|(_, text)| match (!text.is_empty()).then(|| u.text[from..].find(text.as_str())).flatten() {
            Some(i) => {
                from += i + text.len();
                u.line_at(from - text.len())
            }
            None => u.line_at(from),
        })
        .collect()
}
