//! The plain-text reader: news articles, feeds of articles, minutes, outcome documents, and
//! paged technical text (RFCs, Internet-Drafts).
//!
//! Shape it reads:
//!
//! - the first line (or a title wrapped over two lines) is the headline;
//! - lines with no blank line between them form one paragraph when they are wrapped lines (the
//!   first word of the next line would not have fitted on the line, see
//!   [`layout::wraps`]), and are paragraphs of their own otherwise (one paragraph per line), so
//!   the reading of a line never depends on the rest of the file;
//! - `- `, `• `, `* `, `o ` lines are list items, with their wrapped or hanging continuation
//!   lines; a term followed by a hanging definition (`TERM   text` or a term line with deeper
//!   lines below it) is a list item too;
//! - lines ending with dot leaders and a page number are the entries of a contents list;
//! - indented runs of code, grammar or tables, a tabular header block, and a lone indented
//!   token (an example value, a URL) are preformatted (code) blocks;
//! - a short title-like line at the margin followed by a list, a full paragraph or indented
//!   text is a heading; a numbered title (`3. Scope`, `4.1. Offsets`, `Appendix A. Notes`) is a
//!   heading whose level follows the depth of its number (`3.` is level 2, `4.1.` level 3);
//! - running page headers and footers at page boundaries (see [`pages`]) are page furniture:
//!   kept verbatim, so no word is lost, as a fenced code block with the info string
//!   [`FURNITURE`], placed after the block that the page boundary interrupted; a paragraph or a
//!   list that goes on across the boundary stays one;
//! - bare URLs are links.
//!
//! A file whose articles each close with the same recurring footer line is a feed, split after
//! every footer.

use std::collections::HashMap;

use reportkit_model::{Article, Block, Inline, LinkStyle, ListItem, SlugSet, Span};
use reportkit_text::fold::fold_tight;

use crate::sections::{self, Item};

mod layout;
mod pages;

use layout::{bullet_start, ends_sentence, gap_col, is_toc_entry, pre_signal, starts_new, tabular, wraps};

/// One source line: its number, indentation (in columns) and trimmed text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    /// 1-based line number.
    pub n: u32,
    /// Leading white space in columns (a tab to the next multiple of 8).
    pub indent: usize,
    /// The line without leading and trailing white space (form feeds included).
    pub text: &'a str,
    /// The line without its line end.
    pub raw: &'a str,
    /// The line holds a form feed.
    pub feed: bool,
}

impl Line<'_> {
    /// Width in columns, indentation included.
    fn width(&self) -> usize {
        self.indent + self.text.chars().count()
    }
}

fn split_lines(text: &str) -> Vec<Line<'_>> {
    text.split('\n')
        .enumerate()
        .map(|(i, l)| {
            let raw = l.strip_suffix('\r').unwrap_or(l);
            // A suppression marker line (read by the checker) is not text of the document.
            let t = raw.trim_start();
            let raw = if t.starts_with("reportkit-disable") || t.starts_with("reportkit-enable") { "" } else { raw };
            let mut indent = 0;
            for c in raw.chars() {
                match c {
                    '\t' => indent = (indent / 8 + 1) * 8,
                    '\u{c}' => {}
                    c if c.is_whitespace() => indent += 1,
                    _ => break,
                }
            }
            Line { n: i as u32 + 1, indent, text: raw.trim(), raw, feed: raw.contains('\u{c}') }
        })
        .collect()
}

/// A run of lines read as one unit.
#[derive(Debug, Clone)]
enum Unit {
    /// Prose lines, one paragraph.
    Para { span: Span, lines: Vec<String>, indent: usize },
    /// One list item: a bulleted line and its continuation, a contents entry, or a term with a
    /// hanging definition.
    Bullet { span: Span, lines: Vec<String>, indent: usize, kind: ListKind },
    /// Preformatted lines (code, grammar, an indented table or example), verbatim.
    Pre { span: Span, text: String, indent: usize },
    /// A rule line (`---`, `***`, `===`).
    Rule { span: Span },
    /// Page furniture (running header and footer) at a page boundary, verbatim.
    Furniture { span: Span, text: String },
}

/// What makes a run of list items one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListKind {
    /// Lines opened by a bullet marker.
    Bullet,
    /// Contents entries (dot leaders and page numbers).
    Contents,
    /// Terms with hanging definitions.
    Definition,
}

impl Unit {
    fn span(&self) -> Span {
        match self {
            Unit::Para { span, .. }
            | Unit::Bullet { span, .. }
            | Unit::Pre { span, .. }
            | Unit::Furniture { span, .. }
            | Unit::Rule { span } => *span,
        }
    }
    fn indent(&self) -> usize {
        match self {
            Unit::Para { indent, .. } | Unit::Bullet { indent, .. } | Unit::Pre { indent, .. } => *indent,
            Unit::Furniture { .. } | Unit::Rule { .. } => 0,
        }
    }
    fn single_line(&self) -> Option<&str> {
        match self {
            Unit::Para { lines, .. } if lines.len() == 1 => Some(lines[0].as_str()),
            _ => None,
        }
    }
}

/// Group the lines of a file into units. Every decision looks at a line and its neighbours
/// only (and, for page furniture, at lines that repeat at page boundaries), so that adding or
/// removing a paragraph does not change how the rest of the file reads.
fn units(text: &str) -> Vec<Unit> {
    let lines = split_lines(text);
    let breaks = pages::breaks(&lines);
    // The flow of text lines; `None` separates chunks (a blank line or a page boundary that
    // does not continue a paragraph).
    let mut flow: Vec<Option<usize>> = Vec::with_capacity(lines.len());
    let mut furniture: Vec<Unit> = Vec::new();
    let mut b = 0;
    let mut i = 0;
    while i < lines.len() {
        if let Some(br) = breaks.get(b).filter(|br| br.first <= i) {
            let prev = flow.iter().rev().map_while(|x| *x).next().filter(|_| flow.last().is_some_and(Option::is_some));
            let next = (br.last + 1 < lines.len()).then_some(br.last + 1);
            let continued = match (prev, next) {
                (Some(p), Some(q)) => {
                    let (p, q) = (&lines[p], &lines[q]);
                    !ends_sentence(p.text)
                        && q.indent == p.indent
                        && !starts_new(q.text)
                        && !tabular(p)
                        && !tabular(q)
                        && bullet_start(q.text).is_none()
                }
                _ => false,
            };
            if !continued {
                flow.push(None);
            }
            let text: Vec<&str> = br.furniture.iter().map(|&j| lines[j].text).filter(|t| !t.is_empty()).collect();
            if let (Some(&f), Some(&l)) = (br.furniture.first(), br.furniture.last()) {
                furniture
                    .push(Unit::Furniture { span: Span::new(lines[f].n, lines[l].n), text: text.join("\n") + "\n" });
            }
            i = br.last + 1;
            b += 1;
            continue;
        }
        flow.push((!lines[i].text.is_empty()).then_some(i));
        i += 1;
    }
    let mut out: Vec<Unit> = Vec::new();
    for chunk in flow.split(Option::is_none) {
        let idx: Vec<usize> = chunk.iter().flatten().copied().collect();
        if !idx.is_empty() {
            let before = out.last().map(|u| (u.indent(), matches!(u, Unit::Pre { .. })));
            chunk_units(&lines, &idx, before, &mut out);
        }
    }
    // Consecutive preformatted runs separated by blank lines are one block.
    let mut merged: Vec<Unit> = Vec::with_capacity(out.len());
    for u in out {
        if let (Some(Unit::Pre { span, text, indent }), Unit::Pre { span: s2, text: t2, indent: i2 }) =
            (merged.last_mut(), &u)
        {
            if *i2 >= *indent {
                let blank_lines = (s2.start - span.end).saturating_sub(1) as usize;
                text.push_str(&"\n".repeat(blank_lines));
                let pad = " ".repeat(*i2 - *indent);
                for l in t2.lines() {
                    if !l.is_empty() {
                        text.push_str(&pad);
                    }
                    text.push_str(l);
                    text.push('\n');
                }
                *span = span.join(*s2);
                continue;
            }
        }
        merged.push(u);
    }
    // Furniture after the unit that a page boundary interrupted, by position.
    let mut result = Vec::with_capacity(merged.len() + furniture.len());
    let mut f = furniture.into_iter().peekable();
    for u in merged {
        while let Some(x) = f.next_if(|x| x.span().end < u.span().start) {
            result.push(x);
        }
        result.push(u);
    }
    result.extend(f);
    result
}

/// The verbatim text of lines, their common indentation removed.
fn verbatim(lines: &[Line], idx: &[usize]) -> (String, usize) {
    let indent = idx.iter().map(|&i| lines[i].indent).min().unwrap_or(0);
    let mut text = String::new();
    for &i in idx {
        let raw = lines[i].raw.trim_end();
        let mut col = 0;
        let mut start = raw.len();
        for (b, c) in raw.char_indices() {
            if col >= indent || !c.is_whitespace() {
                start = b;
                break;
            }
            col = if c == '\t' { (col / 8 + 1) * 8 } else { col + usize::from(c != '\u{c}') };
        }
        text.push_str(&raw[start..]);
        text.push('\n');
    }
    (text, indent)
}

/// Split one chunk (lines with no blank line between them) into units.
fn chunk_units(lines: &[Line], idx: &[usize], before: Option<(usize, bool)>, out: &mut Vec<Unit>) {
    let first = &lines[idx[0]];
    let last = &lines[idx[idx.len() - 1]];
    let span = Span::new(first.n, last.n);
    let min_indent = idx.iter().map(|&i| lines[i].indent).min().unwrap_or(0);
    // A contents list: most lines end with dot leaders and a page number.
    let entries = idx.iter().filter(|&&i| is_toc_entry(lines[i].text)).count();
    if entries * 10 >= idx.len() * 7 && entries >= 1 {
        for &i in idx {
            let l = &lines[i];
            match out.last_mut() {
                Some(Unit::Bullet { span, lines: ls, kind: ListKind::Contents, .. })
                    if !is_toc_entry(l.text) && span.end + 1 == l.n =>
                {
                    span.end = l.n;
                    ls.push(l.text.to_string());
                }
                _ => out.push(Unit::Bullet {
                    span: Span::line(l.n),
                    lines: vec![l.text.to_string()],
                    indent: l.indent,
                    kind: ListKind::Contents,
                }),
            }
        }
        return;
    }
    // Preformatted: an indented run of code, grammar or a table; a tabular block at the margin
    // (a memo header); a single indented token (an example value, a URL) set deeper than the
    // text before it.
    let opens_list = bullet_start(first.text).is_some() || definition_start(lines, idx, 0).is_some();
    let signals = idx.iter().filter(|&&i| pre_signal(&lines[i])).count();
    let wide = idx.iter().filter(|&&i| tabular(&lines[i]) || lines[i].indent >= 20).count();
    let token = idx.len() == 1
        && !first.text.contains(char::is_whitespace)
        && first.indent >= 2
        && before.is_some_and(|(b, _)| first.indent > b)
        && bullet_start(first.text).is_none();
    if !opens_list
        && ((min_indent >= 2 && signals * 2 >= idx.len())
            || (min_indent >= 2 && signals >= 1 && before.is_some_and(|(b, pre)| pre && min_indent >= b))
            || (idx.len() >= 2 && wide * 4 >= idx.len() * 3)
            || token)
    {
        let (text, indent) = verbatim(lines, idx);
        out.push(Unit::Pre { span, text, indent });
        return;
    }
    // Line by line: bullets with their continuation lines, terms with hanging definitions,
    // paragraphs of wrapped lines.
    let start = out.len();
    for (k, &i) in idx.iter().enumerate() {
        let l = &lines[i];
        let prev = (k > 0).then(|| &lines[idx[k - 1]]);
        if layout::is_rule(l.text) {
            out.push(Unit::Rule { span: Span::line(l.n) });
            continue;
        }
        if let Some((_, text)) = bullet_start(l.text) {
            out.push(Unit::Bullet {
                span: Span::line(l.n),
                lines: vec![text.to_string()],
                indent: l.indent,
                kind: ListKind::Bullet,
            });
            continue;
        }
        if let Some(hang) = definition_start(lines, idx, k) {
            let _ = hang;
            out.push(Unit::Bullet {
                span: Span::line(l.n),
                lines: vec![l.text.to_string()],
                indent: l.indent,
                kind: ListKind::Definition,
            });
            continue;
        }
        let fresh = out.len() == start;
        if !fresh {
            if let Some(p) = prev {
                match out.last_mut() {
                    Some(Unit::Bullet { span, lines: ls, indent, kind: ListKind::Bullet })
                        if (l.indent > *indent && !opens_item(l.text)) || (l.indent == *indent && wraps(p, l)) =>
                    {
                        span.end = l.n;
                        ls.push(l.text.to_string());
                        continue;
                    }
                    Some(Unit::Bullet { span, lines: ls, indent, kind: ListKind::Definition })
                        if l.indent > *indent
                            && !opens_item(l.text)
                            && (!starts_new(l.text) || (!ends_sentence(p.text) && layout::speaker(l.text))) =>
                    {
                        span.end = l.n;
                        ls.push(l.text.to_string());
                        continue;
                    }
                    Some(Unit::Para { span, lines: ls, indent }) if l.indent == *indent && wraps(p, l) => {
                        span.end = l.n;
                        ls.push(l.text.to_string());
                        continue;
                    }
                    _ => {}
                }
                // A lone term line whose next lines hang deeper: a definition.
                if let Some(Unit::Para { span, lines: ls, indent }) = out.last() {
                    if ls.len() == 1 && l.indent >= indent + 2 && !starts_new(l.text) && !layout::code_like(&ls[0]) {
                        let item = Unit::Bullet {
                            span: Span::new(span.start, l.n),
                            lines: vec![ls[0].clone(), l.text.to_string()],
                            indent: *indent,
                            kind: ListKind::Definition,
                        };
                        *out.last_mut().expect("checked") = item;
                        continue;
                    }
                }
            }
        }
        out.push(Unit::Para { span: Span::line(l.n), lines: vec![l.text.to_string()], indent: l.indent });
    }
}

/// A line that opens a list item of its own even inside a hanging block.
fn opens_item(s: &str) -> bool {
    bullet_start(s).is_some() || is_toc_entry(s)
}

/// Whether line `k` of a chunk opens a term with a hanging definition: the term, a gap of two
/// spaces or more, then prose at a column where the next line (if any) starts. A single line
/// needs a short term and prose after it. Returns the hanging column.
fn definition_start(lines: &[Line], idx: &[usize], k: usize) -> Option<usize> {
    let l = &lines[idx[k]];
    let col = gap_col(l)?;
    let term = l.text[..l.text.char_indices().nth(col - l.indent).map_or(l.text.len(), |(b, _)| b)].trim();
    let rest = l.text[term.len()..].trim_start();
    if !rest.starts_with(|c: char| c.is_alphanumeric() || c == '"' || c == '“') || pre_signal_code(l.text) {
        return None;
    }
    match idx.get(k + 1) {
        Some(&j) => (lines[j].indent == col).then_some(col),
        None => {
            let terms = term.split_whitespace().count();
            let words = rest.split_whitespace().count();
            (terms <= 3 && words >= 3 && gap_col_after(l, col).is_none()).then_some(col)
        }
    }
}

fn pre_signal_code(s: &str) -> bool {
    layout::code_like(s)
}

/// A second gap after column `col`.
fn gap_col_after(l: &Line, col: usize) -> Option<usize> {
    let skip = col - l.indent;
    let tail: String = l.text.chars().skip(skip).collect();
    let shifted = Line { n: l.n, indent: col, text: &tail, raw: &tail, feed: false };
    gap_col(&shifted)
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
    if !s.chars().next().is_some_and(char::is_uppercase) || addresses_someone(&words) {
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

/// Whether a short line is a form of address ("Mr. President", "Madam Chair", "Excellencies",
/// "Ladies and gentlemen"): a speech's salutation, set on a line of its own, not a title.
fn addresses_someone(words: &[&str]) -> bool {
    const ADDRESS: &[&str] =
        &["mr", "mrs", "ms", "madam", "madame", "mister", "excellencies", "excellency", "ladies", "dear"];
    let first = words.first().map_or(String::new(), |w| w.trim_end_matches(['.', ',']).to_lowercase());
    words.len() <= 6 && ADDRESS.contains(&first.as_str())
}

/// Something a heading can introduce: a list or a paragraph of real prose.
fn substantial(u: Option<&Unit>) -> bool {
    match u {
        Some(Unit::Bullet { .. }) => true,
        Some(Unit::Para { lines, .. }) => lines.iter().map(|l| l.split_whitespace().count()).sum::<usize>() >= 12,
        _ => false,
    }
}

/// The depth of a numbered section heading's number: 1 for `3. Scope` and `Appendix B. Notes`,
/// 2 for `4.1. Offsets` or `A.2. Tables`, when the title after the number reads as a title.
fn numbered(s: &str) -> Option<usize> {
    let (num, rest) = s.split_once(char::is_whitespace)?;
    let (num, rest, lettered) = if ["appendix", "annex"].contains(&num.to_lowercase().as_str()) {
        let (n, r) = rest.trim_start().split_once(char::is_whitespace)?;
        (n, r, true)
    } else {
        (num, rest, false)
    };
    let bare = num.trim_end_matches(['.', ':']);
    let parts: Vec<&str> = bare.split('.').collect();
    let digits = |p: &str| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit());
    let letter = |p: &str| p.len() == 1 && p.chars().all(|c| c.is_ascii_uppercase());
    let head_ok = if lettered {
        letter(parts[0]) || digits(parts[0])
    } else {
        digits(parts[0]) || (parts.len() > 1 && letter(parts[0]))
    };
    // "3 people" is not a section number: a lone number needs its dot.
    if !head_ok || !parts[1..].iter().all(|p| digits(p)) || (parts.len() == 1 && !lettered && !num.ends_with('.')) {
        return None;
    }
    let title = rest.trim();
    let words = title.split_whitespace().count();
    let ok = title.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && (1..=14).contains(&words)
        && title.chars().count() <= 100
        && !title.ends_with(['.', ',', ';', ':', '!'])
        && !is_url(title);
    ok.then_some(parts.len())
}

/// A single-line paragraph at the margin that numbers a section of the same depth: the
/// neighbour of a numbered list item, not of a heading.
fn numbered_at(u: Option<&Unit>, depth: usize) -> bool {
    u.filter(|u| u.indent() <= 1).and_then(Unit::single_line).and_then(numbered) == Some(depth)
}

/// Items to the blocks they hold (headings become paragraphs; none is expected).
fn into_blocks(items: Vec<Item>) -> Vec<Block> {
    items
        .into_iter()
        .map(|i| match i {
            Item::Block(b) => b,
            Item::Heading { span, title, .. } => Block::Paragraph { span, content: title },
        })
        .collect()
}

/// Whether a unit can go on with the list that is open: an item of the same kind and
/// indentation, or a term at the indentation of an open list of definitions.
fn continues(open: Option<(ListKind, usize)>, u: &Unit) -> bool {
    match u {
        Unit::Bullet { indent, kind, .. } => same_list(open, (*kind, *indent)),
        Unit::Para { indent, lines, .. } => lines.len() == 1 && open == Some((ListKind::Definition, *indent)),
        _ => false,
    }
}

/// Whether a bullet of `key` (kind, indentation) goes on the open list: same kind, and set
/// within a space of it (typed text drifts by one: "- a" then " - b" is one list).
fn same_list(open: Option<(ListKind, usize)>, key: (ListKind, usize)) -> bool {
    open.is_some_and(|(kind, indent)| kind == key.0 && indent.abs_diff(key.1) <= 1)
}

/// Units to items: headings, paragraphs, lists, preformatted blocks.
fn items(units: &[Unit]) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    // The kind and indentation of the list `out` ends with, if it ends with one.
    let mut open_list: Option<(ListKind, usize)> = None;
    // Page furniture met inside a list that goes on after it, placed after the list.
    let mut pending: Vec<Item> = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let u = &units[i];
        let next = units.get(i + 1);
        if matches!(u, Unit::Furniture { .. }) && next.is_some_and(|n| continues(open_list, n)) {
            pending.push(furniture_item(u));
            i += 1;
            continue;
        }
        if !continues(open_list, u) {
            out.append(&mut pending);
        }
        let list_item = |out: &mut Vec<Item>, open: &mut Option<(ListKind, usize)>, item: ListItem, key| {
            if let (Some(Item::Block(Block::List { span, items, .. })), true) = (out.last_mut(), same_list(*open, key))
            {
                *span = span.join(item.span);
                items.push(item);
                return;
            }
            out.push(Item::Block(Block::List {
                span: item.span,
                ordered: false,
                start: None,
                tight: true,
                items: vec![item],
            }));
            *open = Some(key);
        };
        match u {
            Unit::Bullet { span, lines, indent, kind } => {
                let item = ListItem { span: *span, checked: None, blocks: vec![para_block(*span, lines)] };
                list_item(&mut out, &mut open_list, item, (*kind, *indent));
                i += 1;
                continue;
            }
            Unit::Pre { span, text, .. } => {
                out.push(Item::Block(Block::Code {
                    span: *span,
                    info: String::new(),
                    text: text.clone(),
                    fenced: false,
                }));
            }
            Unit::Furniture { .. } => out.push(furniture_item(u)),
            Unit::Rule { span } => out.push(Item::Block(Block::ThematicBreak { span: *span })),
            Unit::Para { span, lines, indent } => {
                let single = u.single_line();
                if let Some(l) = single.filter(|_| *indent <= 1) {
                    let deeper = next.is_some_and(|n| n.indent() >= indent + 2 && !matches!(n, Unit::Furniture { .. }));
                    if let Some(depth) = numbered(l) {
                        let prev = i.checked_sub(1).and_then(|p| units.get(p));
                        if next.is_some() && !numbered_at(prev, depth) && !numbered_at(next, depth) {
                            let level = (depth + 1).min(6) as u8;
                            out.push(Item::Heading { level, title: linkify(l), span: *span });
                            open_list = None;
                            i += 1;
                            continue;
                        }
                    } else if title_like(l)
                        && !layout::speaker(l)
                        && (substantial(next) || (deeper && !l.ends_with(':')))
                    {
                        out.push(Item::Heading { level: 2, title: linkify(l), span: *span });
                        open_list = None;
                        i += 1;
                        continue;
                    }
                }
                // A short indented term whose text hangs deeper below it: a definition.
                if let Some(term) =
                    single.filter(|l| *indent >= 1 && l.split_whitespace().count() <= 8 && !ends_sentence(l))
                {
                    let body = units[i + 1..]
                        .iter()
                        .take_while(|n| n.indent() >= indent + 3 && !matches!(n, Unit::Furniture { .. }))
                        .count();
                    if body > 0 {
                        let inner = items(&units[i + 1..i + 1 + body]);
                        let mut blocks = vec![para_block(*span, std::slice::from_ref(&term.to_string()))];
                        blocks.extend(into_blocks(inner));
                        let end = units[i + body].span();
                        let item = ListItem { span: span.join(end), checked: None, blocks };
                        list_item(&mut out, &mut open_list, item, (ListKind::Definition, *indent));
                        i += 1 + body;
                        continue;
                    }
                }
                out.push(Item::Block(para_block(*span, lines)));
            }
        }
        open_list = None;
        i += 1;
    }
    out.append(&mut pending);
    // A list whose items were separated by blank lines is loose.
    for it in &mut out {
        if let Item::Block(Block::List { items, tight, .. }) = it {
            *tight = items.windows(2).all(|w| w[1].span.start == w[0].span.end + 1);
        }
    }
    out
}

/// Page furniture as a fenced code block that says what it holds.
fn furniture_item(u: &Unit) -> Item {
    let (span, text) = match u {
        Unit::Furniture { span, text } | Unit::Pre { span, text, .. } => (*span, text.clone()),
        _ => (u.span(), String::new()),
    };
    Item::Block(Block::Code { span, info: FURNITURE.to_string(), text, fenced: true })
}

/// The info string of the code blocks that hold page furniture.
pub const FURNITURE: &str = "page-furniture";

/// The headline of a run of units: a short line (or a title wrapped over two lines) without
/// closing punctuation.
fn headline(u: &Unit) -> Option<String> {
    let Unit::Para { lines, .. } = u else { return None };
    if lines.len() > 2 {
        return None;
    }
    let l = lines.join(" ");
    let words = l.split_whitespace().count();
    (words <= 30
        && l.chars().any(char::is_alphanumeric)
        && !l.ends_with(['.', ',', ';', ':'])
        && !is_url(&l)
        && (lines.len() == 1 || words <= 16))
        .then_some(l)
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
        Some(h) => (Some(h), &units[1..]),
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
        .map(|u| {
            u.single_line().filter(|l| !is_url(l) && (4..=25).contains(&l.split_whitespace().count())).map(fold_tight)
        })
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
    fn a_salutation_on_its_own_line_is_no_heading() {
        let body = "The meeting heard a long statement about the state of the harbour and its future.";
        let d = read(&format!("Statement\n\nMr. President\n\n{body}\n\nMr. President\n\n{body}\n"));
        assert!(d.sections.is_empty(), "{:?}", d.sections.iter().map(|s| s.title_text()).collect::<Vec<_>>());
        // A title line before the same prose is still a heading.
        let d = read(&format!("Statement\n\nHarbour Works Ahead\n\n{body}\n"));
        assert_eq!(d.sections.len(), 1);
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
    fn bullets_a_space_apart_are_one_list() {
        let d = read("Doc\n\nThey give three reasons:\n\n- cost,\n - risk,\n - the brand.\n\n    - a deeper one\n");
        assert!(matches!(&d.blocks[1], Block::List { items, .. } if items.len() == 3), "{:?}", d.blocks);
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

    /// Two pages of an invented paged memo: running footer and header around a form feed,
    /// a paragraph that the page break splits, numbered headings, a contents list, bullets
    /// with hanging lines, an indented grammar block.
    const PAGED: &str = "\
Memo Series                                                  A. Writer
Number: 17                                                   May 2031

Contents

   1. Scope ......................................................... 1
   2. Rules ......................................................... 1
   2.1. Names ....................................................... 2

1. Scope

   This memo describes how the garden committee names its plots and
   how members are asked to label them:

   o  Every plot carries a short name that members can read from the
      path.

   o  Names are unique.

Writer                        Garden Notes                     [Page 1]
\u{c}
MEMO 17                      Garden Naming                     May 2031


2. Rules

   The committee keeps a register, and the register is checked once a
   year by two members chosen at the spring meeting, who report to the

Writer                        Garden Notes                     [Page 2]
\u{c}
MEMO 17                      Garden Naming                     May 2031


   committee before the summer.

2.1. Names

   A name follows this grammar:

   name      = letter *( letter / digit )
   letter    = %x41-5A
";

    fn paged() -> TextDoc {
        read(PAGED)
    }

    #[test]
    fn running_headers_and_footers_are_page_furniture() {
        let d = paged();
        let mut titles = Vec::new();
        reportkit_model::walk_sections(&d.sections, &mut |s, _| titles.push(s.title_text()));
        assert_eq!(titles, ["Contents", "1. Scope", "2. Rules", "2.1. Names"]);
        let mut furniture = Vec::new();
        let mut visit = |b: &Block| {
            if let Block::Code { info, text, span, .. } = b {
                if info == FURNITURE {
                    furniture.push((span.start, text.clone()));
                }
            }
        };
        reportkit_model::walk_blocks(&d.blocks, &mut visit);
        reportkit_model::walk_sections(&d.sections, &mut |s, _| reportkit_model::walk_blocks(&s.blocks, &mut visit));
        assert_eq!(furniture.len(), 2, "{furniture:?}");
        assert!(furniture[0].1.contains("[Page 1]") && furniture[0].1.contains("MEMO 17"));
    }

    #[test]
    fn a_paragraph_split_by_a_page_break_is_one_paragraph() {
        let d = paged();
        let rules = &d.sections[2];
        let Block::Paragraph { span, content } = &rules.blocks[0] else { panic!("{:?}", rules.blocks) };
        assert_eq!(*span, Span::new(27, 35));
        assert!(reportkit_model::inline_text(content).ends_with("to the committee before the summer."));
        // The furniture follows the paragraph it interrupted.
        assert!(matches!(&rules.blocks[1], Block::Code { info, .. } if info == FURNITURE));
    }

    #[test]
    fn numbered_headings_take_their_level_from_the_number() {
        let d = paged();
        assert_eq!(d.sections[1].level, 2);
        assert_eq!(d.sections[2].children[0].level, 3);
        assert_eq!(d.sections[2].children[0].title_text(), "2.1. Names");
    }

    #[test]
    fn a_contents_list_keeps_its_entries() {
        let d = paged();
        let Block::List { items, .. } = &d.sections[0].blocks[0] else { panic!("{:?}", d.sections[0].blocks) };
        let texts: Vec<String> = items.iter().filter_map(|i| crate::paragraph_text(&i.blocks[0])).collect();
        assert_eq!(texts.len(), 3);
        assert!(texts[2].starts_with("2.1. Names ....") && texts[2].ends_with(" 2"));
    }

    #[test]
    fn o_bullets_with_hanging_lines_are_one_list() {
        let d = paged();
        let scope = &d.sections[1];
        let Block::List { items, .. } = &scope.blocks[1] else { panic!("{:?}", scope.blocks) };
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].span, Span::new(15, 16));
    }

    #[test]
    fn an_indented_grammar_is_preformatted() {
        let d = paged();
        let names = &d.sections[2].children[0];
        let Block::Code { text, fenced, .. } = names.blocks.last().unwrap() else { panic!("{:?}", names.blocks) };
        assert!(!fenced);
        assert!(text.starts_with("name      = letter"));
    }

    #[test]
    fn one_paragraph_per_line_stays_so_when_a_blank_separated_paragraph_is_added() {
        let long =
            "The council met on the first day and agreed on the plan that the members had drafted over the winter.";
        let text = format!("Council agrees plan\n{long}\n{long} Again.\n");
        let more =
            format!("{text}\nA closing paragraph that an editor added at the end of the file, with a blank line.\n");
        let (a, b) = (read(&text), read(&more));
        assert_eq!(a.title.as_deref(), Some("Council agrees plan"));
        assert_eq!(b.title, a.title);
        assert_eq!(a.blocks.len(), 2);
        assert_eq!(b.blocks.len(), 3);
        assert_eq!(a.blocks[..], b.blocks[..2]);
    }

    #[test]
    fn wrapped_minutes_with_crlf_join_and_speaker_lines_do_not() {
        let text = "Minutes of the spring meeting of the garden committee of the\r\nnorth district\r\n\r\nAnna: the register is ready.\r\nBen: thanks, we will check it.\r\n\r\n- Must publish the register before the summer, since members\r\nhave asked for it\r\n- Must keep it short\r\n";
        let d = read(text);
        assert_eq!(
            d.title.as_deref(),
            Some("Minutes of the spring meeting of the garden committee of the north district")
        );
        assert_eq!(d.blocks.len(), 3, "{:?}", d.blocks);
        let Block::List { items, .. } = &d.blocks[2] else { panic!() };
        assert_eq!(items[0].span, Span::new(7, 8));
    }
}
