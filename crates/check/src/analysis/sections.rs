//! Helpers for the rules that read the section tree.

use reportkit_model::{Block, Document, Section};

/// A section with its place in the tree.
pub(crate) struct Placed<'a> {
    pub section: &'a Section,
    /// Index of the parent in the flattened list, if any.
    pub parent: Option<usize>,
    /// Depth in the reader's tree (0 = top level).
    pub depth: usize,
}

/// Every section of a document (and of its articles), pre-order, with parents.
pub(crate) fn flatten(doc: &Document) -> Vec<Placed<'_>> {
    fn go<'a>(s: &'a [Section], parent: Option<usize>, depth: usize, out: &mut Vec<Placed<'a>>) {
        for sec in s {
            out.push(Placed { section: sec, parent, depth });
            let me = out.len() - 1;
            go(&sec.children, Some(me), depth + 1, out);
        }
    }
    let mut out = Vec::new();
    go(&doc.sections, None, 0, &mut out);
    for a in &doc.articles {
        go(&a.sections, None, 1, &mut out);
    }
    out
}

/// Every block of a document with the id of the section it is in ("" at the top).
pub(crate) fn blocks_with_section(doc: &Document) -> Vec<(&str, &Block)> {
    let mut out = Vec::new();
    for b in &doc.blocks {
        out.push(("", b));
    }
    for p in flatten(doc) {
        for b in &p.section.blocks {
            out.push((p.section.id.as_str(), b));
        }
    }
    out
}
