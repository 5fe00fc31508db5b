//! # dead-anchor
//!
//! An in-page link points to an anchor the document does not have.
//!
//! ## What it does
//!
//! Reads every link whose target is a fragment of the page itself (`[Results](#results)`) and
//! looks for the anchor it names among everything that gives this document an anchor: its
//! headings (their ids, explicit `{#id}` ones included, and their title slugs, repeats numbered
//! as GitHub, Hugo and Zola number them, and without what precedes the first letter as kramdown
//! and pandoc make them), a feed's articles, attribute lists of other blocks (`{: #id}`), and
//! every `id="…"` or `name="…"` of its raw HTML (`<p id="q4">`, `<a name="top">`). Anchors are compared by their letters and
//! digits alone, decoded from `%`-escapes, so the slug style of any site generator matches
//! (`abi-layout`, `abilayout`, `abi_layout`); GitHub's `user-content-` prefix is ignored.
//! When the fragment differs from an anchor by a slip (an edit distance of a quarter of its
//! length at most), that anchor is suggested.
//!
//! Left alone, because a renderer makes them or they are not anchors at all: footnote targets
//! (`#fn1`, `#fnref:2`), `#top`, line references (`#L10`), routes and queries (`#/docs`,
//! `#q=term`), bare numbers, and every fragment of a document none of whose in-page links
//! leads anywhere when it has three of them or more (its anchors come from a template or a
//! script the source does not show).
//!
//! ## Why is this bad?
//!
//! A reader who follows the link stays where they are, or lands at the top of the page: the
//! passage it promised is lost. Anchors break when a heading is reworded or a section is
//! removed, and nothing in the text shows it.
//!
//! ## Example
//!
//! Fails (the heading is "Survey results", whose anchor is `#survey-results`):
//!
//! ```markdown
//! See [the results](#results) below.
//!
//! ## Survey results
//! ```
//!
//! Passes:
//!
//! ```markdown
//! See [the results](#survey-results) below.
//!
//! ## Survey results
//! ```

use std::collections::{BTreeMap, HashMap};

use reportkit_model::{slugify, walk_blocks, Block, Document, Inline};
use reportkit_text::fold::fold_tight;
use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::links::link_lines;
use crate::analysis::sections::flatten;
use crate::analysis::units::Unit;
use crate::analysis::Context;
use crate::violation::{Diagnostic, Violation};

type Draft = Diagnostic<DeadAnchor>;

/// An in-page link to an anchor the document lacks.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DeadAnchor {
    /// The link's text, white space collapsed.
    pub text: String,
    /// The link's target as written ("#results").
    pub target: String,
    /// The document's anchor closest to it, when one differs from it by a slip.
    pub closest: Option<String>,
}

impl Violation for DeadAnchor {
    const KEY: &'static [&'static str] = &["target", "text"];

    fn message(&self) -> String {
        let closest = match &self.closest {
            Some(a) => format!("; did you mean “#{a}”?"),
            None => String::new(),
        };
        format!(
            "in-page link “{}” points to “{}”, an anchor no heading or element of this document has{closest}",
            self.text, self.target
        )
    }
}

/// Letters and digits of an anchor, lower case, `%`-escapes decoded and GitHub's prefix
/// dropped: the form every slug style of one title shares.
fn loose(anchor: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(anchor).decode_utf8_lossy();
    let a = decoded.strip_prefix("user-content-").unwrap_or(&decoded);
    fold_tight(a)
}

/// Whether a fragment is made by a renderer or is no anchor: footnotes, `top`, line
/// references, routes, queries and bare numbers.
fn not_an_anchor(fragment: &str) -> bool {
    let f = fragment.to_ascii_lowercase();
    let footnote = ["fn", "fnref"].iter().any(|p| {
        f.strip_prefix(p).is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit() || c == ':' || c == '-' || c == '_'))
    });
    let line = f.strip_prefix('l').is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_digit() || c == '-' || c == 'l'));
    footnote
        || line
        || matches!(f.as_str(), "top" | "main" | "content" | "main-content")
        || f.contains(['/', '=', '!', '?'])
        || f.chars().all(|c| c.is_ascii_digit())
}

/// The `id` and `name` attribute values of a piece of raw HTML.
fn html_ids(html: &str, out: &mut Vec<String>) {
    let lower = html.to_ascii_lowercase();
    for attr in ["id=", "name="] {
        for (i, _) in lower.match_indices(attr) {
            if !lower[..i].ends_with(|c: char| c.is_whitespace()) {
                continue;
            }
            let rest = &html[i + attr.len()..];
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
                _ => rest.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or(""),
            };
            if !value.is_empty() {
                out.push(value.to_string());
            }
        }
    }
}

fn inline_ids(inlines: &[Inline], out: &mut Vec<String>) {
    for i in inlines {
        match i {
            Inline::Html { html } => html_ids(html, out),
            Inline::Link { children, .. }
            | Inline::Emphasis { children }
            | Inline::Strong { children }
            | Inline::Strikethrough { children }
            | Inline::Superscript { children }
            | Inline::Subscript { children } => inline_ids(children, out),
            _ => {}
        }
    }
}

/// Every anchor a document gives, as written, by its [`loose`] form; and the [`loose`] slugs
/// of headings holding symbols (emoji), which some generators spell out in the anchor ("###
/// Initiatives (🦀)" → `#initiatives-crab`).
fn anchors(doc: &Document, units: &[Unit]) -> (HashMap<String, String>, Vec<String>) {
    let mut written: Vec<String> = Vec::new();
    let mut symbols = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let sections = flatten(doc);
    for p in &sections {
        written.push(p.section.id.clone());
        let title = p.section.title_text();
        let slug = slugify(&title);
        if title.chars().any(|c| !(c.is_alphanumeric() || c.is_whitespace() || c.is_ascii_punctuation())) {
            symbols.push(loose(&slug));
        }
        let n = seen.entry(slug.clone()).or_insert(0);
        // kramdown and pandoc drop what comes before the first letter ("1. Scope" → "scope").
        let lettered = slug.trim_start_matches(|c: char| !c.is_alphabetic()).to_string();
        written.push(if *n == 0 { slug } else { format!("{slug}-{n}") });
        written.push(lettered);
        *n += 1;
    }
    written.extend(doc.articles.iter().map(|a| a.id.clone()));
    let mut raw = Vec::new();
    let mut visit = |b: &Block| match b {
        Block::Html { html, .. } => html_ids(html, &mut raw),
        Block::Paragraph { content, .. } | Block::Heading { content, .. } => inline_ids(content, &mut raw),
        Block::Table { header, rows, .. } => {
            for row in std::iter::once(header).chain(rows) {
                row.cells.iter().for_each(|c| inline_ids(c, &mut raw));
            }
        }
        _ => {}
    };
    walk_blocks(&doc.blocks, &mut visit);
    for p in &sections {
        walk_blocks(&p.section.blocks, &mut visit);
    }
    for a in &doc.articles {
        walk_blocks(&a.blocks, &mut visit);
    }
    for p in &sections {
        inline_ids(&p.section.title, &mut raw);
    }
    written.extend(raw);
    // Attribute lists that give a block an id: `{#id}`, `{: #id}`.
    for u in units {
        for (i, _) in u.text.match_indices('{') {
            let rest = u.text[i + 1..].trim_start_matches([':', ' ']);
            if let Some(id) = rest.strip_prefix('#') {
                let id = id.split(|c: char| c == '}' || c.is_whitespace()).next().unwrap_or("");
                if !id.is_empty() {
                    written.push(id.to_string());
                }
            }
        }
    }
    let mut out = HashMap::new();
    for w in written {
        out.entry(loose(&w)).or_insert(w);
    }
    (out, symbols)
}

/// The anchor a fragment most likely meant: within an edit distance of a quarter of its
/// letters and digits (one slip in "resluts"), the nearest, then the first in order.
fn closest(fragment: &str, anchors: &HashMap<String, String>) -> Option<String> {
    let f = loose(fragment);
    let budget = f.chars().count() / 4;
    let sorted: BTreeMap<&String, &String> = anchors.iter().collect();
    sorted
        .into_iter()
        .map(|(k, w)| (strsim::levenshtein(&f, k), w))
        .filter(|(d, _)| *d > 0 && *d <= budget)
        .min_by_key(|(d, _)| *d)
        .map(|(_, w)| w.clone())
}

/// Run the rule.
pub fn check(cx: &Context) -> Vec<Draft> {
    let mut out = Vec::new();
    for (d, units) in cx.units.iter().enumerate() {
        // (unit, line, target, text) of every in-page link.
        let links: Vec<(u32, &str, &str)> = units
            .iter()
            .flat_map(|u| u.links.iter().zip(link_lines(u)).map(|((url, text), l)| (l, url.trim(), text.as_str())))
            .filter(|(_, url, _)| url.len() > 1 && url.starts_with('#') && !not_an_anchor(&url[1..]))
            .collect();
        if links.is_empty() {
            continue;
        }
        let (known, symbols) = anchors(&cx.corpus.documents[d], units);
        let found = |fragment: &str| {
            let f = loose(fragment);
            known.contains_key(&f) || symbols.iter().any(|s| f.starts_with(s.as_str()))
        };
        let dead: Vec<&(u32, &str, &str)> = links.iter().filter(|(_, url, _)| !found(&url[1..])).collect();
        // A document none of whose in-page links leads anywhere gets its anchors from
        // something the source does not show.
        if dead.len() == links.len() && links.len() >= 3 {
            continue;
        }
        for (line, url, text) in dead {
            let v = DeadAnchor {
                text: text.split_whitespace().collect::<Vec<_>>().join(" "),
                target: url.to_string(),
                closest: closest(&url[1..], &known),
            };
            out.push(
                Draft::new(v, d, *line)
                    .snippet(url.to_string())
                    .hint("point the link at the heading's anchor, or give the target an id"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{html_ids, loose, not_an_anchor};

    #[test]
    fn slug_styles_meet() {
        assert_eq!(loose("abi-layout"), loose("abi_layout"));
        assert_eq!(loose("user-content-r%C3%A9sum%C3%A9"), loose("Résumé"));
        assert_ne!(loose("TOC_6."), loose("TOC_6.1"));
    }

    #[test]
    fn renderer_fragments_are_not_anchors() {
        for f in ["fn1", "fnref:2", "fn-3", "top", "L10", "L10-L12", "/docs/intro", "q=term", "42"] {
            assert!(not_an_anchor(f), "{f}");
        }
        for f in ["results", "fns-and-closures", "life-cycle", "TOC_6."] {
            assert!(!not_an_anchor(f), "{f}");
        }
    }

    #[test]
    fn ids_and_names_of_raw_html() {
        let mut v = Vec::new();
        html_ids(r#"<p id="TOC_4.1">Text <a name='top'></a><div data-id="x" id=plain>"#, &mut v);
        assert_eq!(v, ["TOC_4.1", "plain", "top"]);
    }
}
