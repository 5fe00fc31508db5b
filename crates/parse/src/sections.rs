//! From a flat run of headings and blocks to the section tree a reader sees.
//!
//! Converted reports use heading levels inconsistently. Two rules recover the reader's view:
//!
//! 1. A heading closes every open section of the same or a deeper level.
//! 2. Headings that are plainly parallel, because they share a distinctive title pattern (a
//!    bracketed lead such as `[Theme] …`, or an enumerated lead such as `Annex A`, `Chapter 3`,
//!    `Part II`), are one series: each member is placed at the level of the series' first member,
//!    and its own sub-headings move with it, so their relative depth is kept.
//!
//! The level written in the source is kept in [`Section::level`]; the tree carries the reader's
//! depth.

use std::collections::HashMap;

use reportkit_model::{inline_text, Block, Inline, Section, SlugSet, Span};
use reportkit_text::headings::series_key;

/// A heading or a block, in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A heading line.
    Heading {
        /// Level as written (1–6).
        level: u8,
        /// Heading content.
        title: Vec<Inline>,
        /// Heading lines.
        span: Span,
    },
    /// Any other block.
    Block(Block),
}

/// The level each heading is read at, after series normalisation (rule 2).
fn reader_levels(headings: &[(u8, String)]) -> Vec<u8> {
    let mut levels: Vec<i32> = headings.iter().map(|(l, _)| i32::from(*l)).collect();
    let mut first_of: HashMap<String, usize> = HashMap::new();
    let mut members: Vec<(usize, String)> = Vec::new();
    for (i, (_, title)) in headings.iter().enumerate() {
        if let Some(k) = series_key(title) {
            first_of.entry(k.clone()).or_insert(i);
            members.push((i, k));
        }
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (_, k) in &members {
        *counts.entry(k.as_str()).or_default() += 1;
    }
    for (i, k) in &members {
        if counts[k.as_str()] < 2 {
            continue;
        }
        let target = levels[first_of[k]];
        let delta = target - levels[*i];
        if delta == 0 {
            continue;
        }
        let own = headings[*i].0;
        levels[*i] += delta;
        // The member's sub-headings (deeper source level, up to the next heading at its level
        // or above) move with it.
        for j in i + 1..headings.len() {
            if headings[j].0 <= own {
                break;
            }
            levels[j] += delta;
        }
    }
    levels.into_iter().map(|l| l.clamp(1, 6) as u8).collect()
}

/// Build the preamble blocks and the section tree from a flat item list.
pub fn build(items: Vec<Item>, slugs: &mut SlugSet) -> (Vec<Block>, Vec<Section>) {
    build_with_ids(items, slugs, &HashMap::new())
}

/// What a heading's source says of it besides its title: an explicit id (`{#id}`, `<h2 id>`),
/// classes (`{.wide}`), and a Markdown attribute block as written.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The explicit id.
    pub id: Option<String>,
    /// Classes, in source order.
    pub classes: Vec<String>,
    /// The attribute block exactly as written (`{ #id .wide }`).
    pub written: Option<String>,
}

impl Anchor {
    /// An explicit id and nothing else.
    pub fn id(id: &str) -> Anchor {
        Anchor { id: Some(id.to_string()), ..Anchor::default() }
    }
}

/// [`build`], with what some headings' sources say of them (keyed by the heading's first
/// line): such a section's id is the slug of its explicit id rather than of its title.
pub fn build_with_ids(
    items: Vec<Item>,
    slugs: &mut SlugSet,
    anchors: &HashMap<u32, Anchor>,
) -> (Vec<Block>, Vec<Section>) {
    let headings: Vec<(u8, String)> = items
        .iter()
        .filter_map(|i| match i {
            Item::Heading { level, title, .. } => Some((*level, inline_text(title))),
            Item::Block(_) => None,
        })
        .collect();
    let levels = reader_levels(&headings);
    let mut preamble = Vec::new();
    let mut roots: Vec<Section> = Vec::new();
    // Open sections with their reader levels, outermost first.
    let mut stack: Vec<(u8, Section)> = Vec::new();
    let mut h = 0;
    for item in items {
        match item {
            Item::Heading { level, title, span } => {
                let lv = levels[h];
                h += 1;
                while stack.last().is_some_and(|(l, _)| *l >= lv) {
                    close(&mut stack, &mut roots);
                }
                let anchor = anchors.get(&span.start).cloned().unwrap_or_default();
                let id = match &anchor.id {
                    Some(explicit) => slugs.unique(explicit),
                    None => slugs.unique(&inline_text(&title)),
                };
                let section = Section {
                    id,
                    level,
                    title,
                    classes: anchor.classes,
                    attributes: anchor.written,
                    span,
                    heading_span: span,
                    blocks: Vec::new(),
                    children: Vec::new(),
                };
                stack.push((lv, section));
            }
            Item::Block(b) => match stack.last_mut() {
                Some((_, s)) => {
                    s.span = s.span.join(b.span());
                    s.blocks.push(b);
                }
                None => preamble.push(b),
            },
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    (preamble, roots)
}

fn close(stack: &mut Vec<(u8, Section)>, roots: &mut Vec<Section>) {
    let (_, sec) = stack.pop().expect("caller checked");
    match stack.last_mut() {
        Some((_, parent)) => {
            parent.span = parent.span.join(sec.span);
            parent.children.push(sec);
        }
        None => roots.push(sec),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, t: &str, line: u32) -> Item {
        Item::Heading { level, title: vec![Inline::Text { text: t.into() }], span: Span::line(line) }
    }

    fn titles(s: &[Section]) -> Vec<String> {
        s.iter().map(|x| format!("{}{:?}", x.title_text(), titles(&x.children))).collect()
    }

    #[test]
    fn a_heading_closes_sections_of_same_or_deeper_level() {
        let (_, t) = build(vec![h(1, "A", 1), h(3, "B", 2), h(2, "C", 3), h(1, "D", 4)], &mut SlugSet::default());
        assert_eq!(titles(&t), vec![r#"A["B[]", "C[]"]"#, "D[]"]);
    }

    #[test]
    fn a_bracketed_series_is_levelled_with_its_first_member() {
        let items = vec![
            h(1, "Messages", 1),
            h(2, "[Theme] One", 2),
            h(3, "Detail", 3),
            h(1, "[Theme] Two", 4),
            h(2, "The theme", 5),
            h(1, "Other", 6),
        ];
        let (_, t) = build(items, &mut SlugSet::default());
        assert_eq!(
            titles(&t),
            vec![r#"Messages["[Theme] One[\"Detail[]\"]", "[Theme] Two[\"The theme[]\"]"]"#, "Other[]"]
        );
    }
}
