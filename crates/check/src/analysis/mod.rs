//! The analysis layer: everything a rule reads that is not the rule itself.
//!
//! [`Analysis`] holds a corpus and its text units, and computes each shared view — sentences, facts, the
//! section tree, lists and their totals, glossaries, clusters of repeated passages — the first
//! time a rule asks for it, once per check, however many rules read it. A rule sees all of it
//! through one [`Context`] (the analysis itself).
//!
//! Invariants: nothing in this module names a rule or the engine; rules depend on it, never the
//! other way round. A view may split its work on rayon's pool, but that parallel work never asks
//! for a view (the engine relies on it: see `engine.rs`).

pub mod breakdown;
pub(crate) mod days;
pub mod facts;
pub(crate) mod glossary;
pub(crate) mod links;
pub(crate) mod lists;
pub(crate) mod passages;
pub(crate) mod sections;

pub mod units;

use std::sync::OnceLock;

use reportkit_model::Corpus;

use facts::{Facts, Quantity};
use units::Unit;

/// Documents grouped into publications (`[[publications]]` of reportkit.toml): the documents
/// whose figures may be compared with one another.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Publications {
    /// The publications' names, in the order of the configuration.
    pub names: Vec<String>,
    /// For each document, the publications holding it (indices into `names`), in order.
    pub of: Vec<Vec<usize>>,
}

impl Publications {
    /// Whether any publication is configured (else documents are grouped by their titles).
    pub fn configured(&self) -> bool {
        !self.names.is_empty()
    }

    /// The first publication holding both documents, if any.
    pub fn shared(&self, a: usize, b: usize) -> Option<&str> {
        let (pa, pb) = (self.of.get(a)?, self.of.get(b)?);
        pa.iter().find(|p| pb.contains(p)).map(|&p| self.names[p].as_str())
    }
}

/// The sentences of one unit, as byte ranges of its text.
type Sentences = Vec<(usize, usize)>;

/// What a rule sees: the analysis of the corpus it checks.
pub type Context<'a> = Analysis<'a>;

/// A corpus, its text units, and the views computed from them on first use.
pub struct Analysis<'a> {
    /// The documents.
    pub corpus: &'a Corpus,
    /// Text units per document, in document order.
    pub units: Vec<Vec<Unit>>,
    /// The publications the configuration groups the documents into (none configured: empty).
    pub publications: Publications,
    sentences: OnceLock<Vec<Vec<Sentences>>>,
    facts: OnceLock<Facts>,
    sections: OnceLock<Vec<Vec<sections::Placed<'a>>>>,
    lists: OnceLock<Vec<lists::ListIndex>>,
    numbering: OnceLock<Vec<lists::Numbering>>,
    glossaries: OnceLock<Vec<Option<glossary::Glossary>>>,
    clusters: OnceLock<Vec<passages::Cluster>>,
}

impl<'a> Analysis<'a> {
    /// Analyse a corpus: its text units now, every other view when first asked for.
    pub fn new(corpus: &'a Corpus) -> Self {
        Analysis {
            corpus,
            units: units::corpus_units(corpus),
            publications: Publications::default(),
            sentences: OnceLock::new(),
            facts: OnceLock::new(),
            sections: OnceLock::new(),
            lists: OnceLock::new(),
            numbering: OnceLock::new(),
            glossaries: OnceLock::new(),
            clusters: OnceLock::new(),
        }
    }

    /// The analysis with its documents grouped into publications (see
    /// [`crate::Config::publications_of`]).
    pub fn with_publications(mut self, publications: Publications) -> Self {
        self.publications = publications;
        self
    }

    /// The views that take longest to compute, longest first. On more than one core the
    /// engine computes them before it starts the rules, one task each, so that no thread waits
    /// for a long view that began late while the other cores have nothing left to do. A view no
    /// enabled rule reads then costs CPU time on a core that would otherwise idle, never a
    /// different result.
    pub(crate) const WARM_UP: &'static [fn(&Analysis)] = &[
        |a| {
            a.clusters();
        },
        |a| {
            a.facts();
        },
        |a| {
            a.all_sentences();
        },
    ];

    /// The unit a fact or location refers to.
    pub fn unit(&self, doc: usize, unit: usize) -> &Unit {
        &self.units[doc][unit]
    }

    /// The sentences of a unit, as byte ranges of its text.
    pub fn sentences(&self, doc: usize, unit: usize) -> &[(usize, usize)] {
        &self.all_sentences()[doc][unit]
    }

    fn all_sentences(&self) -> &[Vec<Sentences>] {
        use rayon::prelude::*;
        self.sentences.get_or_init(|| {
            self.units
                .par_iter()
                .map(|units| units.par_iter().map(|u| reportkit_text::sentences::sentences(&u.text)).collect())
                .collect()
        })
    }

    /// Figures and dates per document.
    pub fn facts(&self) -> &Facts {
        self.facts.get_or_init(|| facts::extract(self.corpus, &self.units))
    }

    /// The quantities stated in one unit.
    pub fn quantities_of(&self, doc: usize, unit: usize) -> impl Iterator<Item = &Quantity> {
        let f = self.facts();
        f.quantities[doc][f.by_unit[doc][unit].clone()].iter()
    }

    /// Every section of document `doc` (and of its articles), pre-order, with its parent.
    pub(crate) fn sections(&self, doc: usize) -> &[sections::Placed<'a>] {
        &self.sections.get_or_init(|| self.corpus.documents.iter().map(sections::flatten).collect())[doc]
    }

    /// Every list of every document, with its items' units.
    pub(crate) fn lists(&self) -> impl Iterator<Item = lists::ListView<'_>> + use<'_, 'a> {
        self.lists.get_or_init(|| lists::index(&self.units)).iter().map(|l| l.view(&self.units))
    }

    /// The ordered lists of document `doc`: (first number, items) by the line of the first item.
    pub(crate) fn numbering(&self, doc: usize) -> &lists::Numbering {
        &self.numbering.get_or_init(|| self.corpus.documents.iter().map(lists::ordered_lists).collect())[doc]
    }

    /// The glossary of document `doc`, if it has one.
    pub(crate) fn glossary(&self, doc: usize) -> Option<&glossary::Glossary> {
        self.glossaries.get_or_init(|| (0..self.corpus.documents.len()).map(|d| glossary::find(self, d)).collect())[doc]
            .as_ref()
    }

    /// Clusters of passages repeated within or across documents.
    pub(crate) fn clusters(&self) -> &[passages::Cluster] {
        self.clusters.get_or_init(|| passages::find_clusters(self))
    }
}
