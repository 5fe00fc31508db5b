//! The plain-text reader: news articles, feeds of articles, and outcome documents.
//!
//! Shape it reads: the first line is the headline; paragraphs are one per line when the file has
//! no blank lines between text lines, blank-line separated otherwise; `- ` (or `• `, `* `) lines
//! are list items; a short title-like line followed by a list or a full paragraph is a heading;
//! bare URLs are links. A file whose articles each close with the same recurring footer line is
//! a feed, split after every footer.

use std::collections::HashMap;

use reportkit_model::{Article, Block, Inline, LinkStyle, ListItem, SlugSet, Span};

use crate::sections::{self, Item};

/// A run of lines read as one unit.
#[derive(Debug, Clone)]
enum Unit {
    Para { span: Span, lines: Vec<String> },
    Bullet { line: u32, text: String },
}

impl Unit {
    fn span(&self) -> Span {
        match self {
            Unit::Para { span, .. } => *span,
            Unit::Bullet { line, .. } => Span::line(*line),
        }
    }
    fn single_line(&self) -> Option<&str> {
        match self {
            Unit::Para { lines, .. } if lines.len() == 1 => Some(lines[0].as_str()),
            _ => None,
        }
    }
}

fn bullet(line: &str) -> Option<&str> {
    ["- ", "• ", "* ", "– "].iter().find_map(|m| line.strip_prefix(m)).map(str::trim)
}

/// Group the lines of a file into paragraphs and bullets.
fn units(text: &str) -> Vec<Unit> {
    let lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    // Blank-line separated when some blank line sits between two text lines.
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    let blank_mode = match (first, last) {
        (Some(f), Some(l)) => lines[f..=l].iter().any(|x| x.trim().is_empty()),
        _ => false,
    };
    let mut out: Vec<Unit> = Vec::new();
    let mut open = false;
    for (i, raw) in lines.iter().enumerate() {
        let n = i as u32 + 1;
        let line = raw.trim();
        if line.is_empty() {
            open = false;
            continue;
        }
        if let Some(b) = bullet(line) {
            out.push(Unit::Bullet { line: n, text: b.to_string() });
            open = false;
            continue;
        }
        match out.last_mut() {
            Some(Unit::Para { span, lines })
                if open && blank_mode && !is_url(line) && !lines.last().is_some_and(|l| is_url(l)) =>
            {
                span.end = n;
                lines.push(line.to_string());
            }
            _ => {
                out.push(Unit::Para { span: Span::line(n), lines: vec![line.to_string()] });
                open = true;
            }
        }
    }
    out
}

fn is_url(s: &str) -> bool {
    (s.starts_with("http://") || s.starts_with("https://")) && !s.contains(char::is_whitespace)
}

/// Text with bare URLs turned into links.
pub(crate) fn linkify(s: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(pos) = ["https://", "http://"].iter().filter_map(|p| rest.find(p)).min() {
        let tail = &rest[pos..];
        let mut end = tail.find(char::is_whitespace).unwrap_or(tail.len());
        // Trailing sentence punctuation is not part of the URL.
        while end > 0 && tail[..end].ends_with(['.', ',', ';', ':', ')', '!', '?', '”', '’', '"']) {
            end -= tail[..end].chars().next_back().map_or(1, char::len_utf8);
        }
        if end <= "https://".len() {
            out.push(Inline::Text { text: rest[..pos + end.max(1)].to_string() });
            rest = &rest[pos + end.max(1)..];
            continue;
        }
        if pos > 0 {
            out.push(Inline::Text { text: rest[..pos].to_string() });
        }
        let url = &tail[..end];
        out.push(Inline::Link {
            url: url.to_string(),
            title: String::new(),
            children: vec![Inline::Text { text: url.to_string() }],
            style: LinkStyle::Autolink,
        });
        rest = &tail[end..];
    }
    if !rest.is_empty() {
        out.push(Inline::Text { text: rest.to_string() });
    }
    crate::markdown::merge_text(out)
}

fn para_block(span: Span, lines: &[String]) -> Block {
    let mut content = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            content.push(Inline::SoftBreak);
        }
        content.extend(linkify(l));
    }
    Block::Paragraph { span, content }
}

const STOPWORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with", "vs", "via",
];

/// A line that reads as a title: short, no closing sentence punctuation, mostly capitalised
/// words, or a short question.
fn title_like(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 14 || s.chars().count() > 120 || is_url(s) {
        return false;
    }
    if !s.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    if s.ends_with('?') {
        return words.len() <= 10;
    }
    if s.ends_with(['.', ',', ';', '!', '”', '"', ')']) {
        return false;
    }
    let content: Vec<&&str> = words.iter().filter(|w| !STOPWORDS.contains(&w.to_lowercase().as_str())).collect();
    let caps = content.iter().filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric())).count();
    !content.is_empty() && caps * 3 >= content.len() * 2
}

/// Something a heading can introduce: a list or a paragraph of real prose.
fn substantial(u: Option<&Unit>) -> bool {
    match u {
        Some(Unit::Bullet { .. }) => true,
        Some(Unit::Para { lines, .. }) => lines.iter().map(|l| l.split_whitespace().count()).sum::<usize>() >= 12,
        None => false,
    }
}

/// Units to items: headings, paragraphs, lists.
fn items(units: &[Unit]) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    for (i, u) in units.iter().enumerate() {
        match u {
            Unit::Bullet { line, text } => {
                let item = ListItem {
                    span: Span::line(*line),
                    checked: None,
                    blocks: vec![para_block(Span::line(*line), std::slice::from_ref(text))],
                };
                if let Some(Item::Block(Block::List { span, items, .. })) = out.last_mut() {
                    if matches!(units.get(i.wrapping_sub(1)), Some(Unit::Bullet { .. })) {
                        *span = span.join(item.span);
                        items.push(item);
                        continue;
                    }
                }
                out.push(Item::Block(Block::List {
                    span: Span::line(*line),
                    ordered: false,
                    start: None,
                    tight: true,
                    items: vec![item],
                }));
            }
            Unit::Para { span, lines } => {
                if let Some(l) = u.single_line() {
                    if title_like(l) && substantial(units.get(i + 1)) {
                        out.push(Item::Heading { level: 2, title: linkify(l), span: *span });
                        continue;
                    }
                }
                out.push(Item::Block(para_block(*span, lines)));
            }
        }
    }
    // A list whose items were separated by blank lines is loose.
    for it in &mut out {
        if let Item::Block(Block::List { items, tight, .. }) = it {
            *tight = items.windows(2).all(|w| w[1].span.start == w[0].span.end + 1);
        }
    }
    out
}

/// The headline of a run of units: a single short line without closing punctuation.
fn headline(u: &Unit) -> Option<&str> {
    let l = u.single_line()?;
    let words = l.split_whitespace().count();
    (words <= 30 && !l.ends_with(['.', ',', ';', ':']) && !is_url(l)).then_some(l)
}

/// What the text reader made of a file.
pub struct TextDoc {
    /// The headline, if the text opens with one.
    pub title: Option<String>,
    /// Blocks before the first subheading.
    pub blocks: Vec<Block>,
    /// Sections opened by subheadings.
    pub sections: Vec<reportkit_model::Section>,
    /// The articles, when the file is a feed of two or more.
    pub articles: Vec<Article>,
    /// Whether the body has lists or headings (an article has neither).
    pub structured: bool,
}

/// Read a plain-text file.
pub fn read(text: &str) -> TextDoc {
    let units = units(text);
    let mut slugs = SlugSet::default();
    let groups = split_feed(&units);
    if groups.len() >= 2 {
        let articles = groups.into_iter().map(|g| article(g, &mut slugs)).collect();
        return TextDoc { title: None, blocks: Vec::new(), sections: Vec::new(), articles, structured: true };
    }
    let (title, body) = match units.first().and_then(headline) {
        Some(h) => (Some(h.to_string()), &units[1..]),
        None => (None, &units[..]),
    };
    let its = items(body);
    let structured = its.iter().any(|i| matches!(i, Item::Heading { .. } | Item::Block(Block::List { .. })));
    let (blocks, sections) = sections::build(its, &mut slugs);
    TextDoc { title, blocks, sections, articles: Vec::new(), structured }
}

fn article(units: &[Unit], slugs: &mut SlugSet) -> Article {
    let headline = units[0].single_line().unwrap_or_default().to_string();
    let span = units.iter().fold(units[0].span(), |s, u| s.join(u.span()));
    let (blocks, sections) = sections::build(items(&units[1..]), slugs);
    Article { id: slugs.unique(&headline), headline, span, blocks, sections }
}

/// Split a feed after each occurrence of its recurring footer line. Returns one group (the
/// whole file) when the text is not a feed.
fn split_feed(units: &[Unit]) -> Vec<&[Unit]> {
    // Footer lines: single-line paragraphs that recur, compared on their letters and digits only
    // so that a copy that lost a question mark or a space still counts.
    let mut counts: HashMap<String, usize> = HashMap::new();
    let keys: Vec<Option<String>> = units
        .iter()
        .map(|u| u.single_line().filter(|l| !is_url(l) && l.split_whitespace().count() >= 4).map(fold_key))
        .collect();
    for k in keys.iter().flatten() {
        *counts.entry(k.clone()).or_default() += 1;
    }
    let is_footer = |i: usize| keys[i].as_ref().is_some_and(|k| counts[k] >= 2);
    let mut groups = Vec::new();
    let mut start = 0;
    for i in 0..units.len() {
        if is_footer(i) {
            groups.push(&units[start..=i]);
            start = i + 1;
        }
    }
    if start < units.len() {
        groups.push(&units[start..]);
    }
    // Every group must open with a headline and hold a body; otherwise this is not a feed.
    if groups.len() < 2 || groups.iter().any(|g| g.len() < 2 || headline(&g[0]).is_none()) {
        return vec![units];
    }
    groups
}

/// Lower-cased letters and digits only.
fn fold_key(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_paragraph_per_line_without_blank_lines() {
        let d = read("Headline here\nFirst paragraph.\nSecond paragraph.\n");
        assert_eq!(d.title.as_deref(), Some("Headline here"));
        assert_eq!(d.blocks.len(), 2);
        assert_eq!(d.blocks[1].span(), Span::line(3));
    }

    #[test]
    fn blank_separated_lines_join_into_one_paragraph() {
        let d = read("Title\n\nline one\nline two\n\nnext\n");
        assert_eq!(d.blocks.len(), 2);
        assert_eq!(d.blocks[0].span(), Span::new(3, 4));
    }

    #[test]
    fn bullets_make_a_list_and_a_titled_line_before_them_a_heading() {
        let d = read("Doc\n\nKey Outcomes of the Session\n\n- one\n- two\n");
        assert_eq!(d.sections.len(), 1);
        assert_eq!(d.sections[0].title_text(), "Key Outcomes of the Session");
        assert!(matches!(&d.sections[0].blocks[0], Block::List { items, .. } if items.len() == 2));
    }

    #[test]
    fn bare_urls_are_links_without_trailing_punctuation() {
        let v = linkify("see https://a.org/x.");
        assert!(matches!(&v[1], Inline::Link { url, .. } if url == "https://a.org/x"));
        assert_eq!(v[2], Inline::Text { text: ".".into() });
    }

    #[test]
    fn a_feed_splits_after_its_recurring_footer() {
        let text = "One\n\nBody one is here.\n\nRead more on our site today!\n\nTwo\n\nBody two.\n\nWhy now?\n\nBecause this paragraph has more than twelve words in it, so it is prose.\n\nRead more on our site today.\n";
        let d = read(text);
        assert_eq!(d.articles.iter().map(|a| a.headline.as_str()).collect::<Vec<_>>(), ["One", "Two"]);
        assert_eq!(d.articles[1].sections[0].title_text(), "Why now?");
        assert_eq!(d.articles[1].span, Span::new(7, 15));
    }
}
