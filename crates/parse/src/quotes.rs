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

/// Fold pull quotes found in `items`.
pub fn pull_quotes(items: Vec<Item>) -> Vec<Item> {
    let mut out = Vec::with_capacity(items.len());
    let mut i = 0;
    while i < items.len() {
        if is_opener(&items[i]) {
            if let Some((quote, next)) = fold(&items, i) {
                out.push(Item::Block(quote));
                i = next;
                continue;
            }
        }
        out.push(items[i].clone());
        i += 1;
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
