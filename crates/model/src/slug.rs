//! Stable, unique slugs for section and article ids.

use std::collections::{HashMap, HashSet};

/// Lower-case the text, keep letters and digits (any script), and join the words with `-`.
///
/// ```
/// assert_eq!(reportkit_model::slugify("Annex A: Statistics"), "annex-a-statistics");
/// assert_eq!(reportkit_model::slugify("Zürich Forum Notes"), "zürich-forum-notes");
/// ```
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// Hands out slugs unique within one document: the first `intro` stays `intro`, later ones
/// become `intro-2`, `intro-3`… in document order, so ids are stable for the same input.
#[derive(Debug, Default)]
pub struct SlugSet {
    used: HashSet<String>,
    next_suffix: HashMap<String, u32>,
}

impl SlugSet {
    /// A unique slug for `text`.
    pub fn unique(&mut self, text: &str) -> String {
        let base = slugify(text);
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            *n += 1;
            let candidate = format!("{base}-{n}");
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_get_numbered_suffixes() {
        let mut s = SlugSet::default();
        assert_eq!(s.unique("Foreword"), "foreword");
        assert_eq!(s.unique("Foreword"), "foreword-2");
        assert_eq!(s.unique("Foreword-2"), "foreword-2-2");
        assert_eq!(s.unique("Foreword"), "foreword-3");
    }

    #[test]
    fn empty_titles_get_a_placeholder() {
        assert_eq!(slugify("“ ”"), "section");
    }
}
