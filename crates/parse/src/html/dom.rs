//! A small arena DOM built by html5ever's tree builder, recording the source line of every node.
//!
//! html5ever tells its sink the line of the token it is about to process
//! ([`TreeSink::set_current_line`]); the sink stamps that line on each element and text node it
//! creates. That is the whole reason for an own sink rather than a ready-made DOM: none of the
//! maintained ones keep positions.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{local_name, ns, parse_document, Attribute, LocalName, QualName};

/// Index of a node in [`Dom::nodes`].
pub type Id = usize;

/// What a node is.
#[derive(Debug)]
pub enum Data {
    /// The document (or a template's contents).
    Document,
    /// An element with its attributes.
    Element {
        /// Attributes as written (entities decoded).
        attrs: Vec<Attribute>,
    },
    /// Text, entities decoded, white space as written.
    Text(String),
    /// Comments, doctypes and processing instructions: nothing a reader sees.
    Other,
}

/// One node.
#[derive(Debug)]
pub struct Node {
    /// The parent, if attached.
    pub parent: Option<Id>,
    /// Children in document order.
    pub children: Vec<Id>,
    /// The element's name (empty for other nodes).
    pub name: QualName,
    /// What the node is.
    pub data: Data,
    /// The 1-based source line the node starts on (for an element, the line its start tag's `>`
    /// is on; for text, the line of its first character).
    pub line: u32,
}

impl Node {
    /// The local name of an element (`""` for other nodes).
    pub fn tag(&self) -> &str {
        &self.name.local
    }

    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        match &self.data {
            Data::Element { attrs } => attrs.iter().find(|a| &*a.name.local == name).map(|a| &*a.value),
            _ => None,
        }
    }
}

/// The parsed document: every node, the document node first.
#[derive(Debug)]
pub struct Dom {
    /// All nodes; [`Dom::DOCUMENT`] is the root.
    pub nodes: Vec<Node>,
}

impl Dom {
    /// The document node.
    pub const DOCUMENT: Id = 0;

    /// Parse a whole HTML document the way a browser does (implied tags, misnested markup).
    pub fn parse(text: &str) -> Dom {
        let sink = Sink { nodes: RefCell::new(vec![node(Data::Document, empty_name(), 1)]), line: Cell::new(1) };
        parse_document(sink, Default::default()).one(text)
    }
}

fn empty_name() -> QualName {
    QualName::new(None, ns!(), LocalName::from(""))
}

fn node(data: Data, name: QualName, line: u32) -> Node {
    Node { parent: None, children: Vec::new(), name, data, line }
}

struct Sink {
    nodes: RefCell<Vec<Node>>,
    line: Cell<u64>,
}

impl Sink {
    fn line(&self) -> u32 {
        u32::try_from(self.line.get()).unwrap_or(u32::MAX)
    }

    fn new_node(&self, data: Data, name: QualName) -> Id {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(node(data, name, self.line()));
        nodes.len() - 1
    }

    fn detach(&self, id: Id) {
        let mut nodes = self.nodes.borrow_mut();
        if let Some(p) = nodes[id].parent.take() {
            nodes[p].children.retain(|c| *c != id);
        }
    }

    /// Insert a child at `index` of `parent`'s children; text joins a text node just before it.
    fn insert(&self, parent: Id, index: usize, child: NodeOrText<Id>) {
        match child {
            NodeOrText::AppendNode(id) => {
                self.detach(id);
                let mut nodes = self.nodes.borrow_mut();
                let index = index.min(nodes[parent].children.len());
                nodes[parent].children.insert(index, id);
                nodes[id].parent = Some(parent);
            }
            NodeOrText::AppendText(t) => {
                {
                    let mut nodes = self.nodes.borrow_mut();
                    let prev = index.checked_sub(1).and_then(|i| nodes[parent].children.get(i).copied());
                    if let Some(prev) = prev {
                        if let Data::Text(s) = &mut nodes[prev].data {
                            s.push_str(&t);
                            return;
                        }
                    }
                }
                // html5ever hands text over in pieces and reports the line it has read up to:
                // the end of the piece. The node starts that many line feeds earlier.
                let id = self.new_node(Data::Text(t.to_string()), empty_name());
                let feeds = t.matches('\n').count() as u32;
                let line = self.line().saturating_sub(feeds).max(1);
                self.nodes.borrow_mut()[id].line = line;
                let mut nodes = self.nodes.borrow_mut();
                let index = index.min(nodes[parent].children.len());
                nodes[parent].children.insert(index, id);
                nodes[id].parent = Some(parent);
            }
        }
    }
}

impl TreeSink for Sink {
    type Handle = Id;
    type Output = Dom;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Dom {
        Dom { nodes: self.nodes.into_inner() }
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Id {
        Dom::DOCUMENT
    }

    fn elem_name<'a>(&'a self, target: &'a Id) -> Ref<'a, QualName> {
        Ref::map(self.nodes.borrow(), |n| &n[*target].name)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Id {
        let id = self.new_node(Data::Element { attrs }, name);
        if flags.template {
            // A template's contents live in a fragment of their own, right after it.
            self.new_node(Data::Document, empty_name());
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> Id {
        self.new_node(Data::Other, empty_name())
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Id {
        self.new_node(Data::Other, empty_name())
    }

    fn append(&self, parent: &Id, child: NodeOrText<Id>) {
        let len = self.nodes.borrow()[*parent].children.len();
        self.insert(*parent, len, child);
    }

    fn append_based_on_parent_node(&self, element: &Id, prev_element: &Id, child: NodeOrText<Id>) {
        if self.nodes.borrow()[*element].parent.is_some() {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _name: StrTendril, _public_id: StrTendril, _system_id: StrTendril) {}

    fn get_template_contents(&self, target: &Id) -> Id {
        // Created with the template (see `create_element`).
        target + 1
    }

    fn same_node(&self, x: &Id, y: &Id) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Id, new_node: NodeOrText<Id>) {
        let place = {
            let nodes = self.nodes.borrow();
            nodes[*sibling]
                .parent
                .map(|p| (p, nodes[p].children.iter().position(|c| c == sibling).unwrap_or(nodes[p].children.len())))
        };
        if let Some((parent, index)) = place {
            self.insert(parent, index, new_node);
        }
    }

    fn add_attrs_if_missing(&self, target: &Id, attrs: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        if let Data::Element { attrs: have } = &mut nodes[*target].data {
            for a in attrs {
                if !have.iter().any(|h| h.name == a.name) {
                    have.push(a);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &Id) {
        self.detach(*target);
    }

    fn reparent_children(&self, node: &Id, new_parent: &Id) {
        let mut nodes = self.nodes.borrow_mut();
        let children = std::mem::take(&mut nodes[*node].children);
        for c in &children {
            nodes[*c].parent = Some(*new_parent);
        }
        nodes[*new_parent].children.extend(children);
    }

    fn set_current_line(&self, line_number: u64) {
        self.line.set(line_number);
    }
}

/// Whether the node is the `<template>` element (its contents are never shown).
pub fn is_template(n: &Node) -> bool {
    n.name.local == local_name!("template")
}
