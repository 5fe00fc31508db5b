//! Pull quotes in converted reports.
//!
//! A layout's pull quote survives conversion as a paragraph holding only an opening quotation
//! mark, the quoted paragraphs, and an attribution block (a name line followed by role lines,
//! joined by hard breaks). This pass folds such runs into one [`Block::Quote`].

use reportkit_model::{inline_text, Block, QuoteStyle};

use crate::markdown::attribution;
use crate::sections::Item;

const OPENERS: &[&str] = &["“", "\"", "«", "„", "‘", "‟", "❝"];
/// A pull quote longer than this many blocks is not one.
const MAX_QUOTE_BLOCKS: usize = 12;

fn is_opener(item: &Item) -> bool {
    matches!(item, Item::Block(Block::Paragraph { content, .. }) if OPENERS.contains(&inline_text(content).trim()))
}

/// Fold pull quotes found in `items`. The quotes are found by reading; the other items are
/// then moved, not copied.
pub fn pull_quotes(items: Vec<Item>) -> Vec<Item> {
    // (first item, item after, the quote)
    let mut quotes = Vec::new();
    let mut i = 0;
    while i < items.len() {
        if is_opener(&items[i]) {
            if let Some((quote, next)) = fold(&items, i) {
                quotes.push((i, next, quote));
                i = next;
                continue;
            }
        }
        i += 1;
    }
    if quotes.is_empty() {
        return items;
    }
    let mut out = Vec::with_capacity(items.len());
    let mut quotes = quotes.into_iter().peekable();
    for (k, item) in items.into_iter().enumerate() {
        match quotes.peek() {
            // The items a quote folds give way to it, in the place of its last one.
            Some(&(start, next, _)) if k >= start => {
                if k + 1 == next {
                    if let Some((_, _, quote)) = quotes.next() {
                        out.push(Item::Block(quote));
                    }
                }
            }
            _ => out.push(item),
        }
    }
    out
}

/// The quote opened at `start`, and the index after it.
fn fold(items: &[Item], start: usize) -> Option<(Block, usize)> {
    let Item::Block(opener) = &items[start] else { return None };
    let mut body = Vec::new();
    let mut j = start + 1;
    while j < items.len() && body.len() <= MAX_QUOTE_BLOCKS {
        let Item::Block(b) = &items[j] else { break };
        if is_opener(&items[j]) {
            break;
        }
        if !body.is_empty() {
            if let Some(attr) = attribution(b) {
                let span = opener.span().join(attr.span);
                return Some((
                    Block::Quote { span, blocks: body, attribution: Some(attr), style: QuoteStyle::PullQuote },
                    j + 1,
                ));
            }
        }
        if !matches!(b, Block::Paragraph { .. }) {
            break;
        }
        body.push(b.clone());
        j += 1;
    }
    // No attribution: not a pull quote; the blocks stay as they are.
    None
}
