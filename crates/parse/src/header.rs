//! reportkit's own Markdown of documents that plain Markdown cannot describe.
//!
//! The Markdown writer (`reportkit_render::markdown`) opens such a document with one comment
//! line, `<!-- reportkit: kind=K [headline] [title="…"] -->`, holding what the Markdown itself
//! does not say:
//!
//! - `kind=K` (`report`, `article`, `feed`, `other`): the document kind;
//! - `headline`: the first level-1 heading is the document's headline (its title, as a
//!   plain-text article has), not a section;
//! - `title="…"`: the title as a JSON string (always last), when it is neither a headline nor the
//!   document id.
//!
//! In a feed (`kind=feed`) every level-1 heading opens an article: its text is the headline, the
//! blocks and sections up to the next level-1 heading are the article's.
//!
//! Without this line nothing changes: a comment that does not match exactly is kept as HTML.

use reportkit_model::{inline_text, Article, Block, DocumentKind, Section, SlugSet, Span};

use crate::sections::{self, Item};

/// What the leading comment says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The document kind.
    pub kind: DocumentKind,
    /// The first level-1 heading is the headline.
    pub headline: bool,
    /// An explicit title.
    pub title: Option<String>,
}

const OPEN: &str = "<!-- reportkit:";
const CLOSE: &str = "-->";

/// Read the header comment from one HTML block, if it is one.
pub fn parse(html: &str) -> Option<Header> {
    let line = html.trim();
    if line.contains('\n') {
        return None;
    }
    let mut rest = line.strip_prefix(OPEN)?.strip_suffix(CLOSE)?.trim();
    let mut header = Header { kind: DocumentKind::Other, headline: false, title: None };
    let mut kind = None;
    while !rest.is_empty() {
        if let Some(t) = rest.strip_prefix("title=") {
            header.title = Some(serde_json::from_str(t.trim()).ok()?);
            break;
        }
        let (word, tail) = rest.split_once(' ').unwrap_or((rest, ""));
        match word {
            "headline" => header.headline = true,
            w => {
                kind = Some(match w.strip_prefix("kind=")? {
                    "report" => DocumentKind::Report,
                    "article" => DocumentKind::Article,
                    "feed" => DocumentKind::Feed,
                    "other" => DocumentKind::Other,
                    _ => return None,
                })
            }
        }
        rest = tail.trim_start();
    }
    header.kind = kind?;
    Some(header)
}

/// The header at the head of `items`, removed from them.
pub fn take(items: &mut Vec<Item>) -> Option<Header> {
    let Some(Item::Block(Block::Html { html, .. })) = items.first() else { return None };
    let h = parse(html)?;
    items.remove(0);
    Some(h)
}

/// The document body that a header describes.
pub struct Body {
    /// The title, when the text gives one (headline or explicit title).
    pub title: Option<String>,
    /// Blocks before the first section.
    pub blocks: Vec<Block>,
    /// Sections.
    pub sections: Vec<Section>,
    /// The articles of a feed.
    pub articles: Vec<Article>,
}

/// Build the document body from the items after the header.
pub fn body(header: &Header, mut items: Vec<Item>) -> Body {
    let mut slugs = SlugSet::default();
    if header.kind == DocumentKind::Feed {
        let first = items.iter().position(is_h1).unwrap_or(items.len());
        let rest = items.split_off(first);
        let (blocks, sections) = sections::build(items, &mut slugs);
        let mut articles = Vec::new();
        let mut group: Vec<Item> = Vec::new();
        for it in rest.into_iter().rev() {
            let h1 = is_h1(&it);
            group.push(it);
            if h1 {
                group.reverse();
                articles.push(std::mem::take(&mut group));
            }
        }
        articles.reverse();
        // Ids in document order, each article's sections before its own id, as the text reader
        // hands them out.
        let articles = articles.into_iter().map(|g| article(g, &mut slugs)).collect();
        return Body { title: header.title.clone(), blocks, sections, articles };
    }
    let mut title = header.title.clone();
    if header.headline && items.first().is_some_and(is_h1) {
        if let Item::Heading { title: t, .. } = items.remove(0) {
            title = Some(inline_text(&t).trim().to_string());
        }
    }
    let (blocks, sections) = sections::build(items, &mut slugs);
    Body { title, blocks, sections, articles: Vec::new() }
}

fn is_h1(it: &Item) -> bool {
    matches!(it, Item::Heading { level: 1, .. })
}

fn item_span(it: &Item) -> Span {
    match it {
        Item::Heading { span, .. } => *span,
        Item::Block(b) => b.span(),
    }
}

fn article(mut group: Vec<Item>, slugs: &mut SlugSet) -> Article {
    let span = group.iter().skip(1).fold(item_span(&group[0]), |s, i| s.join(item_span(i)));
    let Item::Heading { title, .. } = group.remove(0) else { unreachable!("groups open with a heading") };
    let headline = inline_text(&title).trim().to_string();
    let (blocks, sections) = sections::build(group, slugs);
    Article { id: slugs.unique(&headline), headline, span, blocks, sections }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_parse_and_others_do_not() {
        assert_eq!(
            parse("<!-- reportkit: kind=feed title=\"A \\u003e b\" -->"),
            Some(Header { kind: DocumentKind::Feed, headline: false, title: Some("A > b".into()) })
        );
        assert_eq!(
            parse("<!-- reportkit: kind=article headline -->\n"),
            Some(Header { kind: DocumentKind::Article, headline: true, title: None })
        );
        assert_eq!(parse("<!-- reportkit: kind=novel -->"), None);
        assert_eq!(parse("<!-- reportkit: headline -->"), None);
        assert_eq!(parse("<!-- a comment -->"), None);
    }

    #[test]
    fn a_feed_splits_at_level_one_headings() {
        let text = "<!-- reportkit: kind=feed -->\n\n# One\n\nBody.\n\n## Why?\n\nMore.\n\n# Two\n\nBody two.\n";
        let mut items = crate::markdown::read(text);
        let h = take(&mut items).expect("header");
        let b = body(&h, items);
        assert!(b.blocks.is_empty() && b.sections.is_empty());
        assert_eq!(b.articles.iter().map(|a| a.headline.as_str()).collect::<Vec<_>>(), ["One", "Two"]);
        assert_eq!(b.articles[0].sections[0].title_text(), "Why?");
        assert_eq!(b.articles[0].span, Span::new(3, 9));
    }

    #[test]
    fn a_headline_is_the_title_not_a_section() {
        let text = "<!-- reportkit: kind=article headline -->\n\n# Head\n\nBody.\n\n## Part\n\nMore.\n";
        let mut items = crate::markdown::read(text);
        let h = take(&mut items).expect("header");
        let b = body(&h, items);
        assert_eq!(b.title.as_deref(), Some("Head"));
        assert_eq!(b.blocks.len(), 1);
        assert_eq!(b.sections[0].title_text(), "Part");
    }
}
