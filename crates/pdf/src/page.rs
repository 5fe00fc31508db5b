//! Boxes and pagination.
//!
//! The flow builder turns blocks into a vertical list of [`VBox`]es (a set line, a table row,
//! a rule, a chart). Each box knows whether it must stay on the page of the box before it
//! (`keep_with_prev`): headings keep with the first lines that follow them, paragraphs keep
//! their first two and last two lines together (no orphans, no widows). The paginator moves a
//! whole chain of kept boxes to the next page when it does not fit, and repeats a table's
//! header row at the top of a page that continues the table.

use std::sync::Arc;

use crate::tags::{Elem, Tag};
use crate::text::{Frag, Rgb, Target};

/// A drawing primitive, in points relative to the top-left corner of its box (y grows down).
#[derive(Debug, Clone, PartialEq)]
pub enum Prim {
    /// A fragment of text on a baseline.
    Text {
        /// Left edge of the line.
        x: f32,
        /// Baseline, from the top of the box.
        baseline: f32,
        /// The fragment (its own `x` is added to the line's).
        frag: Frag,
    },
    /// A filled rectangle.
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill colour.
        fill: Rgb,
    },
    /// A straight stroke.
    Rule {
        /// Start x.
        x1: f32,
        /// Start y.
        y1: f32,
        /// End x.
        x2: f32,
        /// End y.
        y2: f32,
        /// Stroke width.
        width: f32,
        /// Colour.
        color: Rgb,
    },
    /// A clickable area.
    Link {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Where it goes.
        target: Target,
    },
    /// The primitives after this one in the box belong to this structure element (`None`:
    /// to the box's own [`VBox::tag`] again).
    Tag(Option<Arc<Elem>>),
}

/// What a box is, for the paginator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Ordinary content.
    Normal,
    /// The header row of table `n`.
    TableHeader(u32),
    /// A body row of table `n`.
    TableRow(u32),
    /// Start a new page here (no height).
    PageBreak,
    /// The last line of a contents entry for this anchor (its page number is added later).
    Toc(Arc<str>),
}

/// A vertical box.
#[derive(Debug, Clone, PartialEq)]
pub struct VBox {
    /// Height in points.
    pub height: f32,
    /// Space above, dropped at the top of a page.
    pub space_before: f32,
    /// Must be on the same page as the previous box.
    pub keep_with_prev: bool,
    /// The content.
    pub prims: Vec<Prim>,
    /// Section ids that start at this box.
    pub anchors: Vec<Arc<str>>,
    /// What the box is.
    pub kind: Kind,
    /// The structure element its content belongs to (tagged PDF).
    pub tag: Tag,
}

impl VBox {
    /// An empty normal box of a height.
    pub fn new(height: f32) -> VBox {
        VBox {
            height,
            space_before: 0.0,
            keep_with_prev: false,
            prims: Vec::new(),
            anchors: Vec::new(),
            kind: Kind::Normal,
            tag: Tag::Untagged,
        }
    }
}

/// A box placed on a page at `y` (from the top of the body area).
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// Top of the box, from the top of the body area.
    pub y: f32,
    /// The box.
    pub vbox: VBox,
}

/// One page of placed boxes.
pub type Page = Vec<Placed>;

/// Break boxes into pages of `body` points of height.
pub fn paginate(boxes: Vec<VBox>, body: f32) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    let mut page: Page = Vec::new();
    let mut y = 0.0f32;
    let mut header: Option<(u32, VBox)> = None;
    let n = boxes.len();
    let mut boxes: Vec<Option<VBox>> = boxes.into_iter().map(Some).collect();
    let mut i = 0;
    while i < n {
        // The chain of boxes that must stay together, starting at i.
        let mut j = i + 1;
        while j < n && boxes[j].as_ref().is_some_and(|b| b.keep_with_prev) {
            j += 1;
        }
        let chain_height = |from: usize, to: usize, at_top: bool| -> f32 {
            (from..to)
                .map(|k| {
                    let b = boxes[k].as_ref().expect("box present");
                    b.height + if k == from && at_top { 0.0 } else { b.space_before }
                })
                .sum()
        };
        let first = boxes[i].as_ref().expect("box present");
        if first.kind == Kind::PageBreak {
            if !page.is_empty() {
                pages.push(std::mem::take(&mut page));
                y = 0.0;
            }
            header = None;
            i += 1;
            continue;
        }
        let fits = y + chain_height(i, j, page.is_empty()) <= body + 0.01;
        if !fits && !page.is_empty() && chain_height(i, j, true) <= body {
            pages.push(std::mem::take(&mut page));
            y = 0.0;
        }
        for slot in &mut boxes[i..j] {
            let mut b = slot.take().expect("box present");
            match b.kind {
                Kind::TableHeader(t) => header = Some((t, b.clone())),
                Kind::TableRow(t) if header.as_ref().is_some_and(|(h, _)| *h != t) => header = None,
                Kind::Normal => header = None,
                _ => {}
            }
            let space = if page.is_empty() { 0.0 } else { b.space_before };
            if !page.is_empty() && y + space + b.height > body + 0.01 {
                pages.push(std::mem::take(&mut page));
                y = 0.0;
            }
            if page.is_empty() {
                if let (Kind::TableRow(t), Some((h, hb))) = (&b.kind, &header) {
                    if t == h {
                        let mut hb = hb.clone();
                        hb.anchors.clear();
                        hb.tag = Tag::Artifact;
                        y += hb.height;
                        page.push(Placed { y: 0.0, vbox: hb });
                    }
                }
            } else {
                y += space;
            }
            b.space_before = if page.is_empty() { 0.0 } else { space };
            let h = b.height;
            page.push(Placed { y, vbox: b });
            y += h;
        }
        i = j;
    }
    if !page.is_empty() || pages.is_empty() {
        pages.push(page);
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(h: f32) -> VBox {
        VBox::new(h)
    }

    fn kept(h: f32) -> VBox {
        let mut b = VBox::new(h);
        b.keep_with_prev = true;
        b
    }

    #[test]
    fn boxes_fill_pages_in_order() {
        let boxes: Vec<VBox> = (0..25).map(|_| line(10.0)).collect();
        let pages = paginate(boxes, 100.0);
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[0].len(), 10);
        assert_eq!(pages[2].len(), 5);
        assert!(pages.iter().all(|p| p.iter().all(|b| b.y + b.vbox.height <= 100.01)));
    }

    #[test]
    fn a_kept_chain_moves_whole() {
        // 9 lines, then a heading kept with two lines: the heading must not end page 1.
        let mut boxes: Vec<VBox> = (0..9).map(|_| line(10.0)).collect();
        boxes.push(line(10.0));
        boxes.push(kept(10.0));
        boxes.push(kept(10.0));
        let pages = paginate(boxes, 100.0);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].len(), 9);
        assert_eq!(pages[1].len(), 3);
    }

    #[test]
    fn space_before_is_dropped_at_the_top_of_a_page() {
        let mut boxes: Vec<VBox> = (0..10).map(|_| line(10.0)).collect();
        let mut h = line(10.0);
        h.space_before = 20.0;
        boxes.push(h);
        let pages = paginate(boxes, 100.0);
        assert_eq!(pages[1][0].y, 0.0);
        assert_eq!(pages[1][0].vbox.space_before, 0.0);
    }

    #[test]
    fn table_headers_repeat_after_a_break() {
        let mut boxes = vec![];
        let mut h = line(10.0);
        h.kind = Kind::TableHeader(1);
        boxes.push(h);
        for _ in 0..15 {
            let mut r = line(10.0);
            r.kind = Kind::TableRow(1);
            boxes.push(r);
        }
        let pages = paginate(boxes, 100.0);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1][0].vbox.kind, Kind::TableHeader(1));
        // 16 boxes + one repeated header.
        assert_eq!(pages.iter().map(|p| p.len()).sum::<usize>(), 17);
    }

    #[test]
    fn an_oversized_chain_is_split_rather_than_lost() {
        let mut boxes = vec![line(10.0)];
        boxes.extend((0..30).map(|_| kept(10.0)));
        let pages = paginate(boxes, 100.0);
        assert_eq!(pages.iter().map(|p| p.len()).sum::<usize>(), 31);
        assert!(pages.len() >= 4);
    }

    #[test]
    fn page_breaks_start_new_pages() {
        let mut br = VBox::new(0.0);
        br.kind = Kind::PageBreak;
        let pages = paginate(vec![line(10.0), br, line(10.0)], 100.0);
        assert_eq!(pages.len(), 2);
    }
}
