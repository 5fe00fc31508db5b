//! # placeholder-link
//!
//! A link leads nowhere: its target is empty, a bare `#`, `javascript:void(0)`, an unfilled
//! template variable or similar.
//!
//! ## What it does
//!
//! Reports every link whose target is empty, `#` or `#!`, a `javascript:` URL, `about:blank`, a
//! scheme with no address (`https://`), or a stand-in word (`url`, `link`, `todo`, `tbd`), and
//! every link whose target or text holds an unfilled template variable: `{{name}}`, `${name}`,
//! `$name` (in a target, only before the query), a whole target `<name>`, or a `TODO` path
//! segment. Fragment links to an anchor (`#section-2`) are left alone, whatever their text
//! holds (a contents entry "Alternative: `$ref` in schemas" names its heading).
//!
//! The links of one paragraph (or list item, table cell or heading) are one finding that names
//! each of them, at the line of the first, so a paragraph with five dead links reads as one
//! problem, however its lines are wrapped, and each paragraph can still be suppressed or
//! baselined on its own. When a document has placeholder links in several places, every
//! finding also counts them for the whole document ("12 placeholder links in 9 places in this
//! document"): a document where most links lead nowhere lost its addresses in conversion.
//!
//! ## Why is this bad?
//!
//! A placeholder target is what a template or a conversion leaves behind when the real address
//! was never filled in (`[$number - $title]($link)` in a report built from a template). In print it does no harm; online the reader clicks and goes nowhere, or
//! back to the top of the page.
//!
//! ## Example
//!
//! Fails:
//!
//! ```markdown
//! See the [session reports](#) for details.
//! ```
//!
//! Passes:
//!
//! ```markdown
//! See the [session reports](https://example.org/reports) for details.
//! ```

use rustc_hash::FxHashMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::Context;
use crate::violation::{Diagnostic, Violation};
use crate::analysis::passages::folded;
use crate::analysis::links::{is_placeholder, link_lines, template_variable};

type Draft = Diagnostic<PlaceholderLink>;

/// Links of one paragraph, item, cell or heading whose targets lead nowhere or are unfilled
/// template variables.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PlaceholderLink {
    /// How many such links the paragraph holds.
    pub links: usize,
    /// Their texts, white space collapsed.
    pub texts: Vec<String>,
    /// Their distinct targets.
    pub targets: Vec<String>,
    /// The first unfilled template variable, if any.
    pub variable: Option<String>,
    /// Placeholder links in the whole document.
    pub document_total: usize,
    /// Paragraphs, items, cells and headings of the document that hold them.
    pub document_places: usize,
    /// Which occurrence of these same links in the document this is, from 1.
    pub occurrence: usize,
}

impl Violation for PlaceholderLink {
    const KEY: &'static [&'static str] = &["targets", "texts", "occurrence"];

    fn message(&self) -> String {
        let texts: Vec<&str> = self.texts.iter().map(String::as_str).collect();
        let what = match (self.links, &self.variable) {
            (1, Some(v)) => format!("link {} holds an unfilled template variable “{v}”", quoted(&texts)),
            (n, Some(v)) => {
                format!("{n} links lead nowhere or hold an unfilled template variable (“{v}”): {}", quoted(&texts))
            }
            (1, None) => format!("link {} leads nowhere", quoted(&texts)),
            (n, None) => format!("{n} links lead nowhere: {}", quoted(&texts)),
        };
        let target = self
            .targets
            .iter()
            .map(|u| if u.is_empty() { "empty".to_string() } else { format!("“{u}”") })
            .collect::<Vec<_>>()
            .join(", ");
        let in_doc = if self.document_places > 1 {
            format!("; {} placeholder links in {} places in this document", self.document_total, self.document_places)
        } else {
            String::new()
        };
        format!("{what} (target {target}){in_doc}")
    }
}

fn quoted(texts: &[&str]) -> String {
    let q: Vec<String> = texts
        .iter()
        .map(|t| {
            let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
            if t.is_empty() {
                "(no text)".to_string()
            } else {
                format!("“{t}”")
            }
        })
        .collect();
    match q.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => q.join(""),
    }
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    for (d, units) in cx.units.iter().enumerate() {
        // Per unit holding any: the line of its first placeholder link, and (url, text) of each.
        let found: Vec<(u32, Vec<(&str, &str)>)> = units
            .iter()
            .filter_map(|u| {
                let mut line = None;
                let links: Vec<(&str, &str)> = u
                    .links
                    .iter()
                    .zip(link_lines(u))
                    .filter(|((url, text), _)| {
                        // A contents entry to an anchor names its heading, "$ref" and all.
                        let anchor = url.trim().starts_with('#') && url.trim().len() > 1;
                        is_placeholder(url) || !anchor && template_variable(text, false).is_some()
                    })
                    .map(|((url, text), l)| {
                        line.get_or_insert(l);
                        (url.trim(), text.as_str())
                    })
                    .collect();
                Some((line?, links))
            })
            .collect();
        let total: usize = found.iter().map(|(_, links)| links.len()).sum();
        let places = found.len();
        let mut seen: FxHashMap<String, usize> = FxHashMap::default();
        for (line, links) in found {
            let texts: Vec<&str> = links.iter().map(|(_, t)| *t).collect();
            let mut targets: Vec<&str> = links.iter().map(|(u, _)| *u).collect();
            targets.sort_unstable();
            targets.dedup();
            let variables: Vec<&str> = links
                .iter()
                .filter_map(|(u, t)| template_variable(u, true).or_else(|| template_variable(t, false)))
                .collect();
            let key = links.iter().map(|(u, t)| format!("{u}|{}", folded(t))).collect::<Vec<_>>().join("|");
            let n = seen.entry(key).or_insert(0);
            *n += 1;
            let v = PlaceholderLink {
                links: links.len(),
                texts: texts.iter().map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")).collect(),
                targets: targets.iter().map(|t| t.to_string()).collect(),
                variable: variables.first().map(|v| v.to_string()),
                document_total: total,
                document_places: places,
                occurrence: *n,
            };
            let mut draft = Draft::new(v, d, line)
                .hint("give each link its real target, or drop the link and keep the text");
            if let Some(t) = texts.iter().map(|t| t.trim()).find(|t| !t.is_empty() && !t.contains('\n')) {
                draft = draft.snippet(t.to_string());
            }
            out.push(draft);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::drafts;

    #[test]
    fn placeholders_are_recognised() {
        for u in ["", "#", " # ", "javascript:void(0)", "JavaScript:;", "https://", "about:blank", "TODO"] {
            assert!(is_placeholder(u), "{u:?}");
        }
        for u in ["#section-2", "https://example.org", "mailto:a@b.org", "page.html"] {
            assert!(!is_placeholder(u), "{u:?}");
        }
    }

    #[test]
    fn template_variables_are_recognised() {
        let cases = [
            ("https://example.org/people/$id/index.html", true, Some("$id")),
            ("https://example.org/{{ page }}/", true, Some("{{ page }}")),
            ("https://example.org/${slug}", true, Some("${slug}")),
            ("<url>", true, Some("<url>")),
            ("https://example.org/TODO", true, Some("TODO")),
            ("https://example.org/api?$filter=name", true, None),
            ("https://example.org/a$b", true, None),
            ("$number - $title", false, Some("$number")),
            ("costs $5 or US$10", false, None),
            ("The $x:expr pattern and $f(1)", false, None),
            ("The report", false, None),
        ];
        for (s, url, want) in cases {
            assert_eq!(template_variable(s, url), want, "{s:?}");
        }
    }

    #[test]
    fn an_unfilled_template_link_is_reported() {
        let d = drafts(check, "# T\n\n- [$number - $title](https://example.org/$link/README.md)\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("unfilled template variable “$link”"), "{}", d[0].message);
    }

    #[test]
    fn one_finding_per_paragraph_counted_per_document() {
        let d = drafts(
            check,
            "# T\n\nThe [first](#) and the [second]() link.\n\nA [real one](https://example.org)\nand [a third](javascript:void(0)).\n",
        );
        let lines: Vec<u32> = d.iter().map(|d| d.line).collect();
        assert_eq!(lines, [3, 6]);
        assert!(
            d[0].message.starts_with(
                "2 links lead nowhere: “first” and “second” (target empty, “#”); 3 placeholder links in 2 places"
            ),
            "{}",
            d[0].message
        );
        assert!(
            d[1].message.starts_with("link “a third” leads nowhere (target “javascript:void(0)”); 3 placeholder"),
            "{}",
            d[1].message
        );
        // The links of one paragraph are one finding however its lines are wrapped, at the
        // line of the first.
        for text in ["# T\n\nA [first](#) and\na [second](#) link.\n", "# T\n\nA [first](#) and a [second](#) link.\n"] {
            let d = drafts(check, text);
            assert_eq!(d.len(), 1, "{d:?}");
            assert_eq!(d[0].line, 3);
            assert!(d[0].message.starts_with("2 links lead nowhere: “first” and “second” (target “#”)"), "{}", d[0].message);
        }
        assert_eq!(d[0].snippet.as_deref(), Some("first"));
        // The same links on two lines: still distinct fingerprints.
        let d = drafts(check, "# T\n\n[x](#) here\n\n[x](#) there\n");
        assert_eq!(d.len(), 2);
        assert_ne!(d[0].key, d[1].key);
    }
}
