//! # duplicate-link
//!
//! One URL is the target of two different entries: usually a copy-paste slip.
//!
//! ## What it does
//!
//! Groups the links of each section by target (ignoring case in the scheme and host, a leading
//! `www.` and a trailing `/`) and looks at the entries that point there. What an entry is
//! depends on where the link stands: in a table, the row's first cell (so a directory table
//! whose link texts are the URLs themselves is compared by its row labels); elsewhere, the link
//! text. Entries whose labels contain one another ("project website" and "website") count as
//! one. A link whose text is just its URL names no entry, nor does one whose text is words of
//! its sentence in lower case ("graduated [in v1.33](…)", "see the [special guide](…)"), nor
//! one that only points ("[here](…)", "[this link](…)"): they refer to a page without naming
//! an entry.
//!
//! Different entries often share an address on purpose ("Documentation" and "API reference"),
//! so the rule reports only the telling case: the address names one of the entries and not
//! another. An address names an entry when the words of its label, or their inflections, all
//! appear in the most specific part of the address: its last path segment, query and fragment
//! (`…/committees/water` names "Water"), or when that part abbreviates the label: its words (two
//! or more) all appear in the label (`…/14-flood-maps` names "14 - Flood maps for every basin").
//! An entry that shares a word with that part names the same thing in other words
//! ("CONTRIBUTING Guide" for `…/CONTRIBUTING.md`) and is not reported. The entry the address
//! does not name is reported, with the URL,
//! the entry whose address it is, and every other link to it as related locations. Links
//! within the document (`#section`) and placeholder targets (`#`, empty; see
//! `placeholder-link`) are ignored.
//!
//! ## Why is this bad?
//!
//! When two different things link to the same address, one of the links is almost always wrong:
//! a row copied from the one above whose address was never updated sends readers to the wrong
//! page, and nothing on the page shows it.
//!
//! ## Example
//!
//! Fails (the second row reuses the first row's address):
//!
//! ```markdown
//! | Committee | Page |
//! |---|---|
//! | Water | <https://example.org/committees/water> |
//! | Energy | <https://example.org/committees/water> |
//! ```
//!
//! Passes:
//!
//! ```markdown
//! | Committee | Page |
//! |---|---|
//! | Water | <https://example.org/committees/water> |
//! | Energy | <https://example.org/committees/energy> |
//! ```

use rustc_hash::FxHashMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::Context;
use crate::violation::{Diagnostic, Violation};
use crate::analysis::passages::folded;
use crate::analysis::links::{is_placeholder, link_lines};
use crate::analysis::units::UnitKind;

type Draft = Diagnostic<DuplicateLink>;

/// An entry linking to the address of another entry.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DuplicateLink {
    /// The address, as written.
    pub url: String,
    /// The address normalised (scheme, `www.` and a trailing `/` dropped).
    pub address: String,
    /// The entry that links there by mistake, as shown.
    pub entry: String,
    /// The entries the address names, as shown.
    pub named: Vec<String>,
    /// How many different entries share the address.
    pub entries: usize,
    /// The labels of those entries.
    pub labels: Vec<String>,
}

/// "“a”, “b” and “c”".
fn quoted_list(items: &[String]) -> String {
    let q: Vec<String> = items.iter().map(|e| format!("“{e}”")).collect();
    match q.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => q.join(""),
    }
}

impl Violation for DuplicateLink {
    const KEY: &'static [&'static str] = &["address", "labels"];

    fn message(&self) -> String {
        format!(
            "{} links to {}, the address of {}: {} different entries share it",
            quoted_list(std::slice::from_ref(&self.entry)),
            self.url,
            quoted_list(&self.named),
            self.entries
        )
    }
}

/// Link texts that point at a page without naming anything.
const POINTING: &[&str] = &["here", "this", "there", "link", "it", "more", "click here", "this link", "this page"];

/// A URL as compared: scheme and host in lower case, no `www.`, no trailing slash.
fn normalize(url: &str) -> String {
    let t = url.trim();
    let (scheme, rest) = match t.find("://") {
        Some(i) => (t[..i].to_ascii_lowercase(), &t[i + 3..]),
        None => (String::new(), t),
    };
    let (host, path) = match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let path = path.trim_end_matches('/');
    let scheme = match scheme.as_str() {
        "https" => "http",
        s => s,
    };
    format!("{scheme}://{host}{path}")
}

struct Entry {
    doc: usize,
    line: u32,
    /// Folded label, empty when the link names no entry.
    label: String,
    /// The label as written, for messages.
    shown: String,
}

/// Whether two folded labels name the same entry (equal, or one contains the other as words).
fn same_entry(a: &str, b: &str) -> bool {
    let (a, b) = (format!(" {a} "), format!(" {b} "));
    a.contains(&b) || b.contains(&a)
}

/// Words that say nothing about which entry an address belongs to.
const STOPWORDS: &[&str] = &["a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"];

/// Whether an address names an entry: every significant word of the label (or an inflection
/// of it) is a word of the most specific part of the address, its last path segment, query and
/// fragment (`…/dc/community-connectivity` names "Community Connectivity", not "DC").
fn names(url: &str, label: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find(['/', '?', '#']).map_or("", |i| &rest[i..]);
    let (path, tail) = path.find(['?', '#']).map_or((path, ""), |i| path.split_at(i));
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let specific = format!("{last} {tail}").to_lowercase();
    let words: Vec<&str> = specific.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    // A word matches its inflections: "wrap" is named by `#wrapping`.
    let matches =
        |w: &str| words.iter().any(|u| *u == w || u.len().min(w.len()) >= 4 && (u.starts_with(w) || w.starts_with(u)));
    let mut significant = label.split(' ').filter(|w| !w.is_empty() && !STOPWORDS.contains(w)).peekable();
    if significant.peek().is_some() && significant.all(matches) {
        return true;
    }
    // The address abbreviates the label: every word of a slug of two words or more is in it
    // (`…/3983-drop-in-configuration` names "3983 - Add support for a drop-in configuration
    // directory").
    let slug: Vec<&str> = words.iter().copied().filter(|w| !STOPWORDS.contains(w)).collect();
    let label_words: Vec<&str> = label.split(' ').filter(|w| !w.is_empty()).collect();
    slug.len() >= 2
        && slug.iter().all(|u| {
            label_words.iter().any(|w| *w == *u || u.len().min(w.len()) >= 4 && (u.starts_with(w) || w.starts_with(u)))
        })
}

/// Whether a label shares a significant word with the most specific part of the address: then
/// it names the same thing in other words ("CONTRIBUTING Guide" for `…/CONTRIBUTING.md`), not
/// another entry.
fn shares_word(url: &str, label: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find(['/', '?', '#']).map_or("", |i| &rest[i..]);
    let (path, tail) = path.find(['?', '#']).map_or((path, ""), |i| path.split_at(i));
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let specific = format!("{last} {tail}").to_lowercase();
    let words: Vec<&str> = specific.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() >= 3).collect();
    label.split(' ').filter(|w| w.len() >= 3 && !STOPWORDS.contains(w)).any(|w| words.contains(&w))
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    // Links grouped by (document, section, address), in document order.
    let mut order: Vec<(usize, &str, String)> = Vec::new();
    let mut groups: FxHashMap<(usize, &str, String), Vec<Entry>> = FxHashMap::default();
    for (d, units) in cx.units.iter().enumerate() {
        for (i, u) in units.iter().enumerate() {
            if u.links.is_empty() {
                continue;
            }
            // In a table, the row's first cell names the entry.
            let row_label = match u.kind {
                UnitKind::Cell { table, row, col } if col > 0 => i
                    .checked_sub(col)
                    .map(|j| &units[j])
                    .filter(|f| f.kind == UnitKind::Cell { table, row, col: 0 })
                    .map(|f| f.text.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|t| !folded(t).is_empty()),
                _ => None,
            };
            for ((url, text), line) in u.links.iter().zip(link_lines(u)) {
                // Links within the document (`#section`) are navigation, not entries.
                if is_placeholder(url) || url.trim_start().starts_with('#') {
                    continue;
                }
                let key = normalize(url);
                let shown = match &row_label {
                    Some(l) => l.clone(),
                    None if normalize(text) == key || folded(text) == folded(url) => String::new(),
                    // Words of a sentence ("graduated to beta [in v1.33](…)", "see the [special
                    // guide](…)") refer to a page rather than name an entry.
                    None if text.trim().starts_with(char::is_lowercase) && text.trim().contains(char::is_whitespace) => String::new(),
                    // A word that points rather than names ("fill out the survey [here](…)").
                    None if POINTING.contains(&text.trim().to_lowercase().as_str()) => String::new(),
                    None => text.split_whitespace().collect::<Vec<_>>().join(" "),
                };
                let entry = Entry { doc: d, line, label: folded(&shown), shown };
                let k = (d, u.section.as_str(), key);
                match groups.get_mut(&k) {
                    Some(g) => g.push(entry),
                    None => {
                        order.push(k.clone());
                        groups.insert(k, vec![entry]);
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for k in order {
        let entries = &groups[&k];
        let mut distinct: Vec<&Entry> = Vec::new();
        for e in entries.iter().filter(|e| !e.label.is_empty()) {
            if !distinct.iter().any(|x| same_entry(&x.label, &e.label)) {
                distinct.push(e);
            }
        }
        if distinct.len() < 2 {
            continue;
        }
        let (doc, _, key) = &k;
        let url = cx.units[*doc]
            .iter()
            .flat_map(|u| &u.links)
            .map(|(u, _)| u.trim())
            .find(|u| normalize(u) == *key)
            .unwrap_or(key)
            .to_string();
        // The address names one entry and not another: the other's link was copied.
        let (named, others): (Vec<&Entry>, Vec<&Entry>) = distinct.iter().partition(|e| names(&url, &e.label));
        let others: Vec<&Entry> = others.into_iter().filter(|e| !shares_word(&url, &e.label)).collect();
        if named.is_empty() || others.is_empty() {
            continue;
        }
        let wrong = others[0];
        let v = DuplicateLink {
            url: url.clone(),
            address: key.clone(),
            entry: wrong.shown.clone(),
            named: named.iter().map(|e| e.shown.clone()).collect(),
            entries: distinct.len(),
            labels: distinct.iter().map(|e| e.label.clone()).collect(),
        };
        let mut d = Draft::new(v, wrong.doc, wrong.line)
        .snippet(wrong.shown.clone())
        .hint("give the entry its own address; its link was probably copied from the entry the address names");
        for e in entries.iter().filter(|e| !std::ptr::eq(*e, wrong)) {
            let note = if e.shown.is_empty() {
                "same URL".to_string()
            } else if names(&url, &e.label) {
                format!("“{}”, whose address it is", e.shown)
            } else {
                format!("“{}”, same URL", e.shown)
            };
            d = d.related(e.doc, e.line, note);
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::drafts;

    #[test]
    fn an_address_abbreviating_another_entry_is_found_and_a_second_label_is_not() {
        let text = "# P\n\n- [12 - Water quality network](https://example.org/items/14-river-flood-maps)\n\
                    - [14 - Flood maps for every river basin](https://example.org/items/14-river-flood-maps)\n";
        let d = drafts(check, text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].line, 3);
        let text = "# P\n\nThe [Style guide](https://example.org/docs/STYLE.md) and [STYLE.md](https://example.org/docs/STYLE.md).\n";
        assert!(drafts(check, text).is_empty());
    }

    #[test]
    fn urls_compare_without_cosmetic_differences() {
        assert_eq!(normalize("https://WWW.Example.org/a/"), normalize("http://example.org/a"));
        assert_ne!(normalize("https://example.org/a"), normalize("https://example.org/A"));
    }

    #[test]
    fn a_row_with_another_rows_address_is_reported() {
        let md = "# T\n\n| DC | Page |\n|---|---|\n| Water Supply | <https://example.org/water-supply> |\n\
                  | Energy | <https://example.org/water-supply> |\n| Other | <https://example.org/o> |\n";
        let d = drafts(check, md);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 6);
        assert_eq!(d[0].related.iter().map(|r| r.line).collect::<Vec<_>>(), [5]);
        assert!(
            d[0].message
                .starts_with("“Energy” links to https://example.org/water-supply, the address of “Water Supply”"),
            "{}",
            d[0].message
        );
        assert_eq!(d[0].related[0].note, "“Water Supply”, whose address it is");
    }

    #[test]
    fn html_anchors_in_one_row_tables_are_compared_by_row() {
        let md =
            "# T\n\n| | |\n|-|-|\n| Alpha | <a href=\"https://example.org/alpha\">https://example.org/alpha</a> |\n\n\
                  | | |\n|-|-|\n| Beta | <a href=\"https://example.org/alpha\">https://example.org/alpha</a> |\n";
        let d = drafts(check, md);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].related[0].line), (9, 5));
    }

    #[test]
    fn shared_addresses_that_name_no_entry_or_sit_in_other_sections_pass() {
        let md = "# T\n\nSee the [IGF website](https://example.org) and the [website](https://example.org/).\n\n\
                  Also <https://example.org> and [one](#) and [two](#).\n\n\
                  Read the [Documentation](https://docs.example.org/tool) or the [API reference](https://docs.example.org/tool).\n\n\
                  The [tool](https://example.org/tool) is ready.\n\n# U\n\nIt [reads any input](https://example.org/tool).\n";
        assert!(drafts(check, md).is_empty());
    }

    #[test]
    fn only_the_specific_part_of_an_address_names_an_entry() {
        assert!(names("https://example.org/dc/community-connectivity-0", "community connectivity"));
        assert!(names("https://example.org/x/?page=water#top", "water"));
        assert!(names("https://example.org/doc/#wrapping", "wrap"));
        assert!(!names("https://example.org/crates/rayon", "rayon crate"));
        assert!(!names("https://example.org/dc/community-connectivity", "dc"));
        assert!(!names("https://example.org/a", "the"));
    }

    #[test]
    fn numbered_links_to_one_of_them_are_reported() {
        let md = "# T\n\nFixed in [#153](https://example.org/pull/155), [#154](https://example.org/pull/155) and [#155](https://example.org/pull/155).\n";
        let d = drafts(check, md);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.starts_with("“#153” links to"), "{}", d[0].message);
        assert_eq!(d[0].data["entries"], 3);
    }
}
