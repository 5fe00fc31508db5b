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
    /// Quote bars beside the box. The paginator draws them, joined to the same quote's bar in
    /// the box above on the same page, so a quote's rule runs unbroken through the space
    /// between its paragraphs.
    pub bars: Vec<Bar>,
    /// A figure that may float: when it does not fit on the page, the text after it fills the
    /// page and it opens the next one.
    pub float: bool,
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
            bars: Vec::new(),
            float: false,
        }
    }
}

/// A quote's bar beside a box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    /// Where it is drawn.
    pub x: f32,
    /// Where it ends, from the top of the box.
    pub bottom: f32,
    /// Which quote it belongs to (bars of two quotes one after the other are not joined).
    pub quote: u32,
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

/// How short of the foot a page broken by the paginator may end and still be balanced, as a
/// share of the body height; a page shorter than that is left as it is.
const BALANCE_TOLERANCE: f32 = 0.2;
/// How much a gap between blocks may grow when a page is balanced, as a share of itself.
const BALANCE_STRETCH: f32 = 1.0;

/// Break boxes into pages of `body` points of height.
///
/// Chains of kept boxes move whole to the next page when they do not fit; a floating figure
/// that does not fit waits for the top of the next page while the text after it fills this
/// one; a page the paginator breaks (not a page break in the document, not the last page) is
/// balanced: the gaps between its blocks grow, in proportion to their size and up to twice it,
/// so its last line sits at the foot when it falls short by up to a fifth of the body height.
pub fn paginate(boxes: Vec<VBox>, body: f32) -> Vec<Page> {
    let mut pager = Pager { pages: Vec::new(), page: Vec::new(), y: 0.0, header: None, body };
    let n = boxes.len();
    let mut boxes: Vec<Option<VBox>> = boxes.into_iter().map(Some).collect();
    let mut deferred: Vec<VBox> = Vec::new();
    let mut i = 0;
    while i < n {
        // The chain of boxes that must stay together, starting at i.
        let mut j = i + 1;
        while j < n && boxes[j].as_ref().is_some_and(|b| b.keep_with_prev) {
            j += 1;
        }
        let chain: Vec<VBox> = boxes[i..j].iter_mut().map(|b| b.take().expect("box present")).collect();
        i = j;
        if chain[0].kind == Kind::PageBreak {
            if !deferred.is_empty() {
                pager.start_if(pager.y + chain_height(&deferred, pager.page.is_empty()) > body, true);
                pager.place(std::mem::take(&mut deferred));
            }
            pager.start_if(!pager.page.is_empty(), false);
            pager.header = None;
            continue;
        }
        let fits = pager.y + chain_height(&chain, pager.page.is_empty()) <= body + 0.01;
        if !fits && !pager.page.is_empty() && chain_height(&chain, true) <= body {
            if chain[0].float && deferred.is_empty() {
                deferred = chain;
                continue;
            }
            pager.start_if(true, true);
            if !deferred.is_empty() {
                pager.place(std::mem::take(&mut deferred));
                pager.start_if(pager.y + chain_height(&chain, false) > body + 0.01, true);
            }
        }
        pager.place(chain);
    }
    if !deferred.is_empty() {
        pager.start_if(pager.y + chain_height(&deferred, pager.page.is_empty()) > body + 0.01, true);
        pager.place(deferred);
    }
    if !pager.page.is_empty() || pager.pages.is_empty() {
        let page = std::mem::take(&mut pager.page);
        pager.finish(page, false);
    }
    pager.pages
}

/// Height of a chain of boxes set at the top of a page (its first space dropped) or not.
fn chain_height(chain: &[VBox], at_top: bool) -> f32 {
    chain.iter().enumerate().map(|(k, b)| b.height + if k == 0 && at_top { 0.0 } else { b.space_before }).sum()
}

/// The page being filled and the pages done.
struct Pager {
    pages: Vec<Page>,
    page: Page,
    /// Where the next box goes on the page.
    y: f32,
    /// The header row of the table being set, to repeat on a new page.
    header: Option<(u32, VBox)>,
    body: f32,
}

impl Pager {
    /// Start a new page when `cond` holds and this one has content; `balance`: the page ends
    /// because the next content does not fit (not at a page break or the document's end).
    fn start_if(&mut self, cond: bool, balance: bool) {
        if cond && !self.page.is_empty() {
            let page = std::mem::take(&mut self.page);
            self.finish(page, balance);
            self.y = 0.0;
        }
    }

    /// Close a page: balance it if asked, then draw its quote bars.
    fn finish(&mut self, mut page: Page, balance: bool) {
        if balance {
            balance_page(&mut page, self.body);
        }
        join_bars(&mut page);
        self.pages.push(page);
    }

    /// Place a chain box by box, starting a page inside it only when a box does not fit (a
    /// chain taller than a page).
    fn place(&mut self, chain: Vec<VBox>) {
        for mut b in chain {
            match b.kind {
                Kind::TableHeader(t) => self.header = Some((t, b.clone())),
                Kind::TableRow(t) if self.header.as_ref().is_some_and(|(h, _)| *h != t) => self.header = None,
                Kind::Normal => self.header = None,
                _ => {}
            }
            let space = if self.page.is_empty() { 0.0 } else { b.space_before };
            self.start_if(self.y + space + b.height > self.body + 0.01, true);
            if self.page.is_empty() {
                if let (Kind::TableRow(t), Some((h, hb))) = (&b.kind, &self.header) {
                    if t == h {
                        let mut hb = hb.clone();
                        hb.anchors.clear();
                        hb.tag = Tag::Artifact;
                        self.y += hb.height;
                        self.page.push(Placed { y: 0.0, vbox: hb });
                    }
                }
            } else {
                self.y += space;
            }
            b.space_before = if self.page.is_empty() { 0.0 } else { space };
            let h = b.height;
            self.page.push(Placed { y: self.y, vbox: b });
            self.y += h;
        }
    }
}

/// Let the gaps between the blocks of a page grow so that its last box ends at the foot (see
/// [`paginate`]).
fn balance_page(page: &mut Page, body: f32) {
    let Some(last) = page.last() else { return };
    let short = body - (last.y + last.vbox.height);
    if short <= 0.5 || short > body * BALANCE_TOLERANCE {
        return;
    }
    let gaps: f32 = page.iter().skip(1).map(|p| p.vbox.space_before).sum();
    if gaps <= 0.0 {
        return;
    }
    let share = (short / gaps).min(BALANCE_STRETCH);
    let mut shift = 0.0;
    for p in page.iter_mut().skip(1) {
        let grow = p.vbox.space_before * share;
        shift += grow;
        p.vbox.space_before += grow;
        p.y += shift;
    }
}

/// Draw the quote bars of a page's boxes, each joined to the same bar of the box above it.
fn join_bars(page: &mut Page) {
    for k in 0..page.len() {
        if page[k].vbox.bars.is_empty() {
            continue;
        }
        let above = k.checked_sub(1).map(|a| (page[a].y, page[a].vbox.bars.clone()));
        let y = page[k].y;
        let b = &mut page[k].vbox;
        for bar in b.bars.iter().rev() {
            let top = above
                .as_ref()
                .and_then(|(ay, bars)| bars.iter().find(|a| a.quote == bar.quote).map(|a| ay + a.bottom - y))
                .unwrap_or(0.0);
            let (x, y1, y2) = (bar.x, top.min(0.0), bar.bottom);
            b.prims.insert(0, Prim::Rule { x1: x, y1, x2: x, y2, width: 1.5, color: [0.6, 0.6, 0.6] });
        }
    }
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

    fn spaced(h: f32, space: f32) -> VBox {
        let mut b = VBox::new(h);
        b.space_before = space;
        b
    }

    #[test]
    fn a_figure_that_does_not_fit_opens_the_next_page_while_text_fills_this_one() {
        let mut boxes: Vec<VBox> = (0..7).map(|_| line(10.0)).collect();
        let mut fig = VBox::new(50.0);
        fig.float = true;
        boxes.push(fig);
        boxes.extend((0..3).map(|_| line(10.0)));
        let pages = paginate(boxes, 100.0);
        assert_eq!(pages.len(), 2);
        // The three lines after the figure fill page 1; the figure opens page 2.
        assert_eq!(pages[0].len(), 10);
        assert!(!pages[0].iter().any(|p| p.vbox.float));
        assert!(pages[1][0].vbox.float);
        // A box that is not a figure never moves ahead of what precedes it.
        let mut boxes: Vec<VBox> = (0..7).map(|_| line(10.0)).collect();
        boxes.push(VBox::new(50.0));
        boxes.extend((0..3).map(|_| line(10.0)));
        let pages = paginate(boxes, 100.0);
        assert_eq!(pages[0].len(), 7);
        assert_eq!(pages[1][0].vbox.height, 50.0);
    }

    #[test]
    fn a_page_that_ends_a_little_short_is_balanced_and_the_last_page_is_not() {
        // Eight blocks of 10 pt with 2 pt before each, then a 30 pt block that does not fit:
        // page 1 ends at 94 of 100 pt, and its seven gaps grow to take the 6 pt.
        let mut boxes: Vec<VBox> = (0..8).map(|_| spaced(10.0, 2.0)).collect();
        boxes.push(spaced(30.0, 2.0));
        boxes.push(spaced(10.0, 2.0));
        let pages = paginate(boxes, 100.0);
        assert_eq!(pages.len(), 2);
        let last = pages[0].last().unwrap();
        assert!((last.y + last.vbox.height - 100.0).abs() < 0.01, "ends at {}", last.y + last.vbox.height);
        let gaps: Vec<f32> = pages[0].iter().skip(1).map(|p| p.vbox.space_before).collect();
        assert!(gaps.iter().all(|g| (g - 2.0 - 6.0 / 7.0).abs() < 0.01), "{gaps:?}");
        // The last page keeps its natural spacing.
        assert_eq!(pages[1][1].vbox.space_before, 2.0);
        // A page far too short (a chain of kept boxes moved) is left as it is.
        let mut boxes: Vec<VBox> = (0..3).map(|_| spaced(10.0, 2.0)).collect();
        boxes.push(spaced(10.0, 2.0));
        boxes.extend((0..8).map(|_| kept(10.0)));
        let pages = paginate(boxes, 100.0);
        assert_eq!(pages[0][1].vbox.space_before, 2.0);
    }

    #[test]
    fn a_quote_bar_runs_through_the_gaps_of_its_quote_only() {
        let barred = |space: f32, quote: u32| {
            let mut b = spaced(10.0, space);
            b.bars = vec![Bar { x: 6.0, bottom: 10.0, quote }];
            b
        };
        let pages = paginate(vec![barred(0.0, 1), barred(6.0, 1), barred(8.0, 2)], 100.0);
        let rule_top = |k: usize| {
            pages[0][k].vbox.prims.iter().find_map(|p| match p {
                Prim::Rule { y1, .. } => Some(*y1),
                _ => None,
            })
        };
        assert_eq!(rule_top(0), Some(0.0));
        // The second paragraph's bar reaches up through the 6 pt gap to the first one's.
        assert_eq!(rule_top(1), Some(-6.0));
        // The next quote's bar starts at its own text.
        assert_eq!(rule_top(2), Some(0.0));
    }

    #[test]
    fn page_breaks_start_new_pages() {
        let mut br = VBox::new(0.0);
        br.kind = Kind::PageBreak;
        let pages = paginate(vec![line(10.0), br, line(10.0)], 100.0);
        assert_eq!(pages.len(), 2);
    }
}
