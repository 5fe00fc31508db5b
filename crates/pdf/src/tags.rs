//! Tagged PDF: the structure the layout marks on its boxes, and the structure tree the writer
//! builds from it.
//!
//! The flow opens and closes structure elements ([`Tagger`]) as it sets blocks: a section, a
//! heading, a paragraph, a list item, a table row... Every box it makes carries the element
//! its content belongs to ([`Tag`]); inside a box, a [`Prim::Tag`] moves the following
//! primitives into another element (a table cell, a list label). Boxes that repeat or
//! decorate (the running footer, a table header repeated on a new page) are
//! [`Tag::Artifact`], and rules and filled rectangles are always artifacts.
//!
//! [`build`] walks the placed pages in order and gives every run of text a marked-content id
//! (MCID) under its element, so the tree's reading order is the order of the content, which
//! is the source order. A text fragment that is a link gets a `Link` element under its
//! element, holding the link annotations (OBJR) drawn over it.

use std::collections::HashMap;
use std::sync::Arc;

use reportkit_model::Block;
use reportkit_text::numbers::fmt_plain;

use crate::backend::Anchors;
use crate::page::{Page, Prim};
use crate::text::Target;
use crate::Chart;

/// What a structure element is: the standard structure types of ISO 32000-1 14.8.4.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    /// The whole document (the root element; made by [`build`]).
    Document,
    /// A section of the section tree.
    Sect,
    /// An article of a feed.
    Art,
    /// A heading at this depth of the section tree (0 is `H1`; deeper than 5 is `H6`).
    H(usize),
    /// A paragraph.
    P,
    /// A list.
    L,
    /// A list item.
    LI,
    /// A label: a list item's marker, a note's number.
    Lbl,
    /// The body of a list item.
    LBody,
    /// A table.
    Table,
    /// A table's header rows.
    THead,
    /// A table's body rows.
    TBody,
    /// A table row.
    TR,
    /// A header cell of its column.
    TH,
    /// A header cell of its row (the first cell of each row of a table without a header row).
    RowTH,
    /// A data cell.
    TD,
    /// A quotation of one or more paragraphs.
    BlockQuote,
    /// A figure, with its alternative text.
    Figure(String),
    /// A figure's caption ("Figure 3. …"), the first element inside it.
    Caption,
    /// Computer code.
    Code,
    /// A table of contents.
    TOC,
    /// An entry of a table of contents.
    TOCI,
    /// A note (a footnote's text).
    Note,
    /// A link: its text and its annotations (made by [`build`]).
    Link,
    /// A block of its own kind: the document's title with its dates and place (front matter,
    /// not part of the source's text).
    Div,
}

impl Role {
    /// The structure type's name.
    pub fn name(&self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Sect => "Sect",
            Role::Art => "Art",
            Role::H(d) => ["H1", "H2", "H3", "H4", "H5", "H6"][(*d).min(5)],
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::THead => "THead",
            Role::TBody => "TBody",
            Role::TR => "TR",
            Role::TH | Role::RowTH => "TH",
            Role::TD => "TD",
            Role::BlockQuote => "BlockQuote",
            Role::Figure(_) => "Figure",
            Role::Caption => "Caption",
            Role::Code => "Code",
            Role::TOC => "TOC",
            Role::TOCI => "TOCI",
            Role::Note => "Note",
            Role::Link => "Link",
            Role::Div => "Div",
        }
    }
}

/// A structure element: its role and the element it is inside (`None`: the document).
/// Elements are told apart by identity, not by value.
#[derive(Debug)]
pub struct Elem {
    /// What it is.
    pub role: Role,
    /// The element it is part of.
    pub parent: Option<Arc<Elem>>,
    /// Its language, when it is not the document's (an ISO 639-1 code).
    pub lang: Option<&'static str>,
}

impl PartialEq for Elem {
    fn eq(&self, other: &Elem) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Elem {
    /// A new element inside `parent`.
    pub fn new(role: Role, parent: Option<Arc<Elem>>) -> Arc<Elem> {
        Arc::new(Elem { role, parent, lang: None })
    }
}

/// Where the content of a box belongs.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Tag {
    /// Not said: each such box's text becomes a paragraph of the document.
    #[default]
    Untagged,
    /// Not part of the document's content: running footers, repeated table headers.
    Artifact,
    /// Inside this element.
    In(Arc<Elem>),
}

/// The elements open while the flow sets blocks, innermost last.
#[derive(Debug, Clone, Default)]
pub struct Tagger {
    cur: Option<Arc<Elem>>,
    /// The current table has a header row.
    headed: bool,
    /// Paragraphs are given their language when it is not the document's (see [`crate::lang`]).
    pub passage_languages: bool,
}

impl Tagger {
    /// Open an element inside the current one; it becomes the current one.
    pub fn open(&mut self, role: Role) -> Arc<Elem> {
        let e = Elem::new(role, self.cur.take());
        self.cur = Some(e.clone());
        e
    }

    /// Close the current element.
    pub fn close(&mut self) {
        self.cur = self.cur.as_ref().and_then(|e| e.parent.clone());
    }

    /// Close `n` elements.
    pub fn close_n(&mut self, n: usize) {
        for _ in 0..n {
            self.close();
        }
    }

    /// A new element inside the current one, without opening it.
    pub fn child(&self, role: Role) -> Arc<Elem> {
        Elem::new(role, self.cur.clone())
    }

    /// The tag of content set now.
    pub fn tag(&self) -> Tag {
        match &self.cur {
            Some(e) => Tag::In(e.clone()),
            None => Tag::Untagged,
        }
    }

    fn role(&self) -> Option<&Role> {
        self.cur.as_ref().map(|e| &e.role)
    }

    /// Open the elements of a block (a paragraph, a list, a table...); returns how many were
    /// opened, for [`Tagger::close_n`]. Footnote definitions (set later, as notes) and
    /// thematic breaks (drawn as rules, artifacts) open none.
    pub fn open_block(&mut self, b: &Block) -> usize {
        let roles: &[Role] = match b {
            Block::Paragraph { .. } | Block::Heading { .. } => &[Role::P],
            Block::List { .. } => &[Role::L],
            Block::Table { .. } => &[Role::Table],
            Block::Quote { .. } => &[Role::BlockQuote],
            Block::Code { .. } | Block::Html { .. } => &[Role::P, Role::Code],
            Block::FootnoteDefinition { .. } | Block::ThematicBreak { .. } => &[],
        };
        let lang = match b {
            Block::Paragraph { content, .. } if self.passage_languages => {
                crate::lang::of_passage(&reportkit_model::inline_text(content))
            }
            _ => None,
        };
        for r in roles {
            let e = Arc::new(Elem { role: r.clone(), parent: self.cur.take(), lang });
            self.cur = Some(e);
        }
        roles.len()
    }

    /// Start a table row inside the current table: closes the previous row, puts the row in
    /// the table's head or body, and opens it.
    pub fn row(&mut self, header: bool) {
        if self.role() == Some(&Role::TR) {
            self.close();
        }
        let group = if header { Role::THead } else { Role::TBody };
        match self.role() {
            Some(r) if *r == group => {}
            Some(Role::THead | Role::TBody) => {
                self.close();
                self.open(group);
            }
            _ => {
                self.headed = header;
                self.open(group);
            }
        }
        self.open(Role::TR);
    }

    /// The cells of the current row: header cells of their columns in a header row, else data
    /// cells, the first of which heads its row when the table has no header row.
    pub fn cells(&self, n: usize, header: bool) -> Vec<Arc<Elem>> {
        let role = |c: usize| match (header, self.headed) {
            (true, _) => Role::TH,
            (false, false) if c == 0 && n > 1 => Role::RowTH,
            _ => Role::TD,
        };
        (0..n).map(|c| self.child(role(c))).collect()
    }

    /// Close the last row and its head or body after a table's rows.
    pub fn end_rows(&mut self) {
        if self.role() == Some(&Role::TR) {
            self.close();
        }
        if matches!(self.role(), Some(Role::THead | Role::TBody)) {
            self.close();
        }
    }
}

/// A chart's alternative text, from its data: "Bar chart, <title>: <label> <value>, …".
pub fn chart_alt(chart: &Chart) -> String {
    let items: Vec<String> =
        chart.items.iter().map(|(label, v)| format!("{} {}{}", label.trim(), fmt_plain(*v), chart.unit)).collect();
    let title = chart.title.trim();
    if title.is_empty() {
        format!("Bar chart: {}.", items.join(", "))
    } else {
        format!("Bar chart, {title}: {}.", items.join(", "))
    }
}

/// A child of a structure node.
#[derive(Debug, Clone, PartialEq)]
pub enum Kid {
    /// Another node.
    Node(usize),
    /// Marked content `mcid` on page `page`.
    Mcid {
        /// 0-based page.
        page: usize,
        /// The id.
        mcid: usize,
    },
    /// The annotation of [`Tree::annots`] at this index.
    Annot(usize),
}

/// A node of the structure tree.
#[derive(Debug, Clone)]
pub struct Node {
    /// What it is.
    pub role: Role,
    /// Its parent (the root is its own parent).
    pub parent: usize,
    /// Its children in reading order.
    pub kids: Vec<Kid>,
    /// The page of its first content.
    pub page: Option<usize>,
    /// Its language, when it is not the document's.
    pub lang: Option<&'static str>,
}

/// How a primitive is marked in the page's content stream.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mark {
    /// Not text, or not drawn in the text object.
    None,
    /// Text that is not content (footer, repeated header).
    Artifact,
    /// Text that is content: its MCID on the page and its element's structure type.
    Mcid(usize, &'static str),
}

/// A link annotation to write.
#[derive(Debug, Clone)]
pub struct Annot {
    /// 0-based page.
    pub page: usize,
    /// Left, top, width, height in the page's body coordinates (y down from the body's top).
    pub rect: [f32; 4],
    /// Where it goes.
    pub target: Target,
    /// Its `Link` node.
    pub node: usize,
}

/// The structure of a document's pages.
#[derive(Debug, Clone)]
pub struct Tree {
    /// The nodes; node 0 is the `Document`.
    pub nodes: Vec<Node>,
    /// For each page, the mark of each primitive, in the order of the page's boxes and their
    /// primitives.
    pub marks: Vec<Vec<Mark>>,
    /// For each page, the node of each MCID.
    pub parents: Vec<Vec<usize>>,
    /// The link annotations, in page order.
    pub annots: Vec<Annot>,
}

impl Tree {
    fn add(&mut self, role: Role, parent: usize) -> usize {
        let n = self.nodes.len();
        self.nodes.push(Node { role, parent, kids: Vec::new(), page: None, lang: None });
        self.nodes[parent].kids.push(Kid::Node(n));
        n
    }
}

/// The node of an element, made (with its ancestors) the first time content is met in it.
fn node_of(tree: &mut Tree, index: &mut HashMap<*const Elem, usize>, e: &Arc<Elem>) -> usize {
    if let Some(&n) = index.get(&Arc::as_ptr(e)) {
        return n;
    }
    let parent = match &e.parent {
        Some(p) => node_of(tree, index, p),
        None => 0,
    };
    let n = tree.add(e.role.clone(), parent);
    tree.nodes[n].lang = e.lang;
    index.insert(Arc::as_ptr(e), n);
    n
}

/// Build the structure tree of placed pages; `anchors` tells which internal links resolve
/// (links to nowhere get no annotation).
pub fn build(pages: &[Page], anchors: &Anchors) -> Tree {
    let mut tree = Tree {
        nodes: vec![Node { role: Role::Document, parent: 0, kids: Vec::new(), page: None, lang: None }],
        marks: Vec::with_capacity(pages.len()),
        parents: Vec::with_capacity(pages.len()),
        annots: Vec::new(),
    };
    let mut index: HashMap<*const Elem, usize> = HashMap::new();
    // The link node of the last text fragment, with its parent and target.
    let mut cur_link: Option<(usize, Target, usize)> = None;
    for (pi, page) in pages.iter().enumerate() {
        let mut marks = Vec::new();
        let mut parents: Vec<usize> = Vec::new();
        let mut open: Option<usize> = None;
        for placed in page {
            let b = &placed.vbox;
            let artifact = b.tag == Tag::Artifact;
            let mut box_node: Option<usize> = None;
            let mut over: Option<Arc<Elem>> = None;
            // Annotations waiting for the text they cover, and the links made in this box.
            let mut pending: Vec<usize> = Vec::new();
            let mut links: Vec<(Target, usize)> = Vec::new();
            for p in &b.prims {
                match p {
                    Prim::Tag(e) => {
                        over = e.clone();
                        marks.push(Mark::None);
                    }
                    Prim::Text { .. } if artifact => {
                        open = None;
                        marks.push(Mark::Artifact);
                    }
                    Prim::Text { frag, .. } => {
                        let parent = match (&over, &b.tag) {
                            (Some(e), _) | (None, Tag::In(e)) => node_of(&mut tree, &mut index, e),
                            _ => *box_node.get_or_insert_with(|| tree.add(Role::P, 0)),
                        };
                        let node = match &frag.style.link {
                            Some(t) => match &cur_link {
                                Some((p, ct, n)) if *p == parent && ct == t => *n,
                                _ => {
                                    let n = tree.add(Role::Link, parent);
                                    cur_link = Some((parent, t.clone(), n));
                                    n
                                }
                            },
                            None => {
                                cur_link = None;
                                parent
                            }
                        };
                        if let Some(t) = &frag.style.link {
                            if !links.iter().any(|(lt, ln)| lt == t && *ln == node) {
                                links.push((t.clone(), node));
                            }
                            pending.retain(|&a| {
                                if tree.annots[a].target == *t {
                                    tree.annots[a].node = node;
                                    tree.nodes[node].kids.push(Kid::Annot(a));
                                    false
                                } else {
                                    true
                                }
                            });
                        }
                        let mcid = match open {
                            Some(n) if n == node => parents.len() - 1,
                            _ => {
                                parents.push(node);
                                let mcid = parents.len() - 1;
                                tree.nodes[node].kids.push(Kid::Mcid { page: pi, mcid });
                                tree.nodes[node].page.get_or_insert(pi);
                                open = Some(node);
                                mcid
                            }
                        };
                        marks.push(Mark::Mcid(mcid, tree.nodes[node].role.name()));
                    }
                    Prim::Link { x, y, w, h, target } => {
                        marks.push(Mark::None);
                        let resolves = match target {
                            Target::Uri(_) => true,
                            Target::Anchor(a) => anchors.contains_key(a),
                        };
                        if artifact || !resolves {
                            continue;
                        }
                        tree.annots.push(Annot {
                            page: pi,
                            rect: [*x, placed.y + y, *w, *h],
                            target: target.clone(),
                            node: 0,
                        });
                        pending.push(tree.annots.len() - 1);
                    }
                    Prim::Rect { .. } | Prim::Rule { .. } => marks.push(Mark::None),
                }
            }
            // Annotations drawn after their text go to the last link to the same place in
            // the box, or to a link of their own.
            for a in pending {
                let target = tree.annots[a].target.clone();
                let node = match links.iter().rev().find(|(t, _)| *t == target) {
                    Some(&(_, n)) => n,
                    None => {
                        let parent = match &b.tag {
                            Tag::In(e) => node_of(&mut tree, &mut index, e),
                            _ => *box_node.get_or_insert_with(|| tree.add(Role::P, 0)),
                        };
                        let n = tree.add(Role::Link, parent);
                        tree.nodes[n].page = Some(pi);
                        n
                    }
                };
                tree.annots[a].node = node;
                tree.nodes[node].kids.push(Kid::Annot(a));
            }
        }
        tree.marks.push(marks);
        tree.parents.push(parents);
    }
    tree
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::Face;
    use crate::page::{Placed, VBox};
    use crate::text::{Frag, Style};

    fn text(s: &str, link: Option<Target>) -> Prim {
        let style = Style { link, ..Style::new(Face::Serif, 10.0) };
        Prim::Text { x: 0.0, baseline: 8.0, frag: Frag::plain(0.0, 10.0, style, s.to_string()) }
    }

    fn placed(tag: Tag, prims: Vec<Prim>) -> Placed {
        let mut vbox = VBox::new(10.0);
        vbox.tag = tag;
        vbox.prims = prims;
        Placed { y: 0.0, vbox }
    }

    #[test]
    fn the_tagger_nests_table_rows_in_head_and_body() {
        let mut t = Tagger::default();
        let table = t.open(Role::Table);
        t.row(true);
        let head_row = t.child(Role::TH);
        t.row(false);
        let body_row = t.child(Role::TD);
        assert_eq!(t.cells(2, false)[0].role, Role::TD);
        t.row(false);
        t.end_rows();
        assert_eq!(t.tag(), Tag::In(table.clone()));
        let tr = head_row.parent.clone().unwrap();
        assert_eq!(tr.role, Role::TR);
        assert_eq!(tr.parent.as_ref().unwrap().role, Role::THead);
        let tr = body_row.parent.clone().unwrap();
        assert_eq!(tr.parent.as_ref().unwrap().role, Role::TBody);
        assert!(Arc::ptr_eq(tr.parent.as_ref().unwrap().parent.as_ref().unwrap(), &table));
        t.close();
        assert_eq!(t.tag(), Tag::Untagged);
        // Without a header row, the first cell of each row heads it.
        t.open(Role::Table);
        t.row(false);
        let roles: Vec<Role> = t.cells(3, false).iter().map(|c| c.role.clone()).collect();
        assert_eq!(roles, [Role::RowTH, Role::TD, Role::TD]);
    }

    #[test]
    fn content_gets_mcids_in_order_and_links_hold_their_annotations() {
        let mut t = Tagger::default();
        t.open(Role::Sect);
        let p = t.open(Role::P);
        let target = Target::Uri(Arc::from("https://example.org/"));
        let link = Prim::Link { x: 0.0, y: 0.0, w: 5.0, h: 5.0, target: target.clone() };
        let page = vec![
            placed(Tag::In(p.clone()), vec![text("one ", None), link, text("two", Some(target.clone()))]),
            placed(Tag::In(p), vec![text("three", None)]),
            placed(Tag::Artifact, vec![text("footer", None)]),
        ];
        let tree = build(&[page], &Anchors::new());
        let roles: Vec<&str> = tree.nodes.iter().map(|n| n.role.name()).collect();
        assert_eq!(roles, ["Document", "Sect", "P", "Link"]);
        assert_eq!(tree.nodes[2].kids, [Kid::Mcid { page: 0, mcid: 0 }, Kid::Node(3), Kid::Mcid { page: 0, mcid: 2 }]);
        assert_eq!(tree.nodes[3].kids, [Kid::Annot(0), Kid::Mcid { page: 0, mcid: 1 }]);
        assert_eq!(tree.annots[0].node, 3);
        assert_eq!(tree.parents[0], [2, 3, 2]);
        assert_eq!(
            tree.marks[0],
            [Mark::Mcid(0, "P"), Mark::None, Mark::Mcid(1, "Link"), Mark::Mcid(2, "P"), Mark::Artifact]
        );
    }

    #[test]
    fn links_to_nowhere_get_no_annotation_and_untagged_text_a_paragraph() {
        let target = Target::Anchor(Arc::from("missing"));
        let link = Prim::Link { x: 0.0, y: 0.0, w: 5.0, h: 5.0, target: target.clone() };
        let page = vec![placed(Tag::Untagged, vec![link, text("here", Some(target))])];
        let tree = build(&[page], &Anchors::new());
        assert!(tree.annots.is_empty());
        assert_eq!(tree.nodes[1].role, Role::P);
        assert_eq!(tree.nodes[2].role, Role::Link);
    }

    #[test]
    fn a_chart_is_described_by_its_data() {
        let chart = Chart {
            section_id: String::new(),
            after_line: 0,
            title: "Visits".into(),
            items: vec![("North".into(), 12.0), ("South".into(), 7.5)],
            unit: "%".into(),
        };
        assert_eq!(chart_alt(&chart), "Bar chart, Visits: North 12%, South 7.5%.");
    }
}
