//! Repeated passages: the clustering `duplicate-passage` and `repeated-boilerplate` share.
//!
//! A passage is a paragraph, a list item, a quoted paragraph or a table cell of at least
//! [`MIN_WORDS`] words, or a run of whole sentences inside one. Texts are compared as sequences of
//! words folded to lower case, letters and digits only, so punctuation, white space and inline
//! markup make no difference.
//!
//! The search is near-linear in the size of the corpus:
//!
//! 1. identical passages are grouped by their folded words (a hash map), so a paragraph copied a
//!    hundred times is compared once;
//! 2. every distinct passage is fingerprinted by winnowing the hashes of its word 5-grams
//!    (windows of 4), which guarantees that any run of 8 or more words two passages share gives
//!    both at least one common fingerprint;
//! 3. passages that share a fingerprint become candidate pairs (each posting list adds its first
//!    entry paired with every other and consecutive entries, so a list of n postings adds O(n)
//!    pairs, never n²);
//! 4. each candidate pair is verified exactly: a word diff (Myers) finds the matching words, the
//!    longest run of sentences mostly covered by matches is taken on each side, and the two runs
//!    must have a similarity `2·matches / (words₁ + words₂)` of at least [`MIN_SIMILARITY`];
//! 5. the runs of one passage that overlap are merged and verified pairs are joined with
//!    union-find into clusters, each of which lists every copy.
//!
//! Steps 1 to 4 split their work over the rayon pool (units, passages, candidate pairs), so the
//! costliest rule of a check does not run on one core while the other waits for it.

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use std::hash::{Hash, Hasher};

use reportkit_model::{char_at, word_runs};

use crate::analysis::units::{Unit, UnitKind};
use crate::analysis::Context;
use reportkit_text::sentences::sentences;

/// Passages shorter than this are labels, captions or headings, not prose worth comparing.
pub(crate) const MIN_WORDS: usize = 8;
/// Least similarity of two passages (or runs of sentences) to count as copies.
pub(crate) const MIN_SIMILARITY: f64 = 0.8;
/// Word n-grams fingerprinted.
const K: usize = 5;
/// Winnowing window (in n-grams): shared runs of `K + W - 1` words are always found.
const W: usize = 4;
/// A sentence belongs to a matched run when at least this share of its words match.
const SENTENCE_COVERED: f64 = 0.5;
/// Matching blocks shorter than this (in words) do not make a sentence covered.
const MIN_BLOCK: usize = 3;

/// One location of a copy: a run of sentences of a unit.
#[derive(Debug, Clone)]
pub(crate) struct Occurrence {
    pub doc: usize,
    pub unit: usize,
    /// First line of the run.
    pub line: u32,
    /// Last line of the run.
    pub end_line: u32,
    /// Byte range of the run in the unit's text.
    pub start: usize,
    pub end: usize,
    /// Words in the run.
    pub words: usize,
    /// Similarity to the copy it was matched with (1.0 for an identical copy).
    pub similarity: f64,
    /// Whether the run is the whole unit.
    pub whole: bool,
}

/// A cluster of copies of one passage, in document order.
#[derive(Debug, Clone)]
pub(crate) struct Cluster {
    pub copies: Vec<Occurrence>,
    /// The lowest similarity of any verified link in the cluster.
    pub similarity: f64,
    /// What the cluster is ([`kind`]), decided once for the rules that read it.
    pub kind: Kind,
}

impl Cluster {
    /// The fingerprint key: the first and last words of the first copy, without figures, so
    /// that neither moving the copies nor correcting a figure or a word inside them makes the
    /// finding new.
    pub fn key(&self, cx: &Context) -> String {
        let c = &self.copies[0];
        let text = folded(&cx.units[c.doc][c.unit].text[c.start..c.end]);
        let words: Vec<&str> = text.split(' ').filter(|w| w.chars().any(char::is_alphabetic)).collect();
        if words.len() <= 10 {
            return words.join(" ");
        }
        format!("{}…{}", words[..6].join(" "), words[words.len() - 4..].join(" "))
    }
}

/// Words of a text folded to lower-case letters and digits, joined by single spaces.
pub(crate) fn folded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for_each_word(text, |s, e| {
        if !out.is_empty() {
            out.push(' ');
        }
        push_lowercase(&mut out, &text[s..e]);
        true
    });
    out
}

/// Appends a word in lower case; ASCII (most words) without decoding.
fn push_lowercase(out: &mut String, word: &str) {
    if word.is_ascii() {
        let from = out.len();
        out.push_str(word);
        out[from..].make_ascii_lowercase();
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// Whether a white-space delimited token is an address (`https://…`, `www.…`) rather than words:
/// two lists of different links would otherwise read as near-copies. `colon`: whether the token
/// holds a `:` (only then can it hold `://`); `slashes`: how many `/` it holds.
/// A file path (`org/repo/src/module`: two slashes or more and a letter) is not words either:
/// two entries naming paths that share their first directories are not copied prose. A date
/// written with slashes (`5/28/2020`) stays words.
fn is_address(token: &str, colon: bool, slashes: usize) -> bool {
    (colon && slashes >= 2 && token.as_bytes().windows(3).any(|w| w == b"://"))
        || token.trim_start_matches(|c: char| !c.is_alphanumeric()).starts_with("www.")
        || (slashes >= 2 && token.bytes().any(|b| b.is_ascii_alphabetic()))
}

/// Whether the character at byte `i` is white space (as `char::is_whitespace` has it), and its
/// length; ASCII without decoding.
#[inline]
fn space_at(text: &str, i: usize) -> (bool, usize) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        (matches!(b, b' ' | b'\t'..=b'\r'), 1)
    } else {
        let (c, n) = char_at(text, i);
        (c.is_whitespace(), n)
    }
}

/// Calls `f` with the byte range of every word (run of letters and digits) of a text, outside
/// addresses, until it returns false. ASCII is classified byte by byte.
pub(crate) fn for_each_word(text: &str, mut f: impl FnMut(usize, usize) -> bool) {
    let len = text.len();
    let mut i = 0;
    while i < len {
        let (space, n) = space_at(text, i);
        if space {
            i += n;
            continue;
        }
        // A white-space delimited token.
        let from = i;
        let (mut colon, mut slashes) = (false, 0);
        while i < len {
            let (space, n) = space_at(text, i);
            if space {
                break;
            }
            colon |= text.as_bytes()[i] == b':';
            slashes += usize::from(text.as_bytes()[i] == b'/');
            i += n;
        }
        if is_address(&text[from..i], colon, slashes) {
            continue;
        }
        for (at, w) in word_runs(&text[from..i], |b| b.is_ascii_alphanumeric()) {
            if !f(from + at, from + at + w.len()) {
                return;
            }
        }
    }
}

/// Byte ranges of the words of a text (see [`for_each_word`]).
pub(crate) fn word_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for_each_word(text, |s, e| {
        out.push((s, e));
        true
    });
    out
}

/// Hash of a word folded to lower case. Words of lower-case letters and digits, the most
/// common, are hashed as they are; others are folded into a short buffer on the stack.
fn word_hash(word: &str) -> u64 {
    let mut h = FxHasher::default();
    let bytes = word.as_bytes();
    if bytes.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        h.write(bytes);
    } else if bytes.is_ascii() && bytes.len() <= 64 {
        let mut buf = [0u8; 64];
        buf[..bytes.len()].copy_from_slice(bytes);
        buf[..bytes.len()].make_ascii_lowercase();
        h.write(&buf[..bytes.len()]);
    } else {
        let lower: String = word.chars().flat_map(char::to_lowercase).collect();
        h.write(lower.as_bytes());
    }
    h.finish()
}

/// A distinct passage text and the units that hold it.
struct Passage<'a> {
    /// The first member's text.
    text: &'a str,
    /// (doc, unit, start of the first word, end of the last word) of every identical copy, in
    /// document order.
    members: Vec<(usize, usize, u32, u32)>,
    /// Folded word hashes.
    words: Vec<u64>,
    /// Byte ranges of the words in the first member's text.
    spans: Vec<(u32, u32)>,
    /// Sentences as word index ranges, found when a comparison first needs them (most passages
    /// share nothing with any other).
    sentences: std::sync::OnceLock<Vec<(usize, usize)>>,
}

impl Passage<'_> {
    fn sentences(&self) -> &[(usize, usize)] {
        self.sentences.get_or_init(|| sentence_words(self.text, &self.spans))
    }
}

fn prose(u: &Unit) -> bool {
    matches!(u.kind, UnitKind::Paragraph | UnitKind::ListItem { .. } | UnitKind::Quote | UnitKind::Cell { .. })
}

/// Sentence ranges in word indices, from the byte ranges of `sentences`.
fn sentence_words(text: &str, spans: &[(u32, u32)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut w = 0;
    for (_, e) in sentences(text) {
        let from = w;
        while w < spans.len() && (spans[w].0 as usize) < e {
            w += 1;
        }
        if w > from {
            out.push((from, w));
        }
    }
    if w < spans.len() {
        out.push((w, spans.len()));
    }
    out
}

/// A unit split into words: (doc, unit, text, word byte ranges, word hashes).
type Split<'a> = (usize, usize, &'a str, Vec<(u32, u32)>, Vec<u64>);

/// Distinct passages of the corpus, identical copies grouped. Units are split into words in
/// parallel, a bounded batch at a time (a corpus of many copies keeps only the words of its
/// distinct passages); the grouping keeps document order.
fn passages<'a>(cx: &'a Context) -> Vec<Passage<'a>> {
    use rayon::prelude::*;
    const BATCH: usize = 1024;
    let prose_units: Vec<(usize, usize, &Unit)> = cx
        .units
        .iter()
        .enumerate()
        .flat_map(|(d, units)| units.iter().enumerate().filter(|(_, u)| prose(u)).map(move |(i, u)| (d, i, u)))
        .collect();
    let mut out: Vec<Passage> = Vec::new();
    let mut by_text: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    for batch in prose_units.chunks(BATCH) {
        let split: Vec<Option<Split>> = batch
            .par_iter()
            .map(|&(d, i, u)| {
                // About one word in every six bytes of English prose.
                let guess = u.text.len() / 6;
                let (mut spans, mut words) = (Vec::with_capacity(guess), Vec::with_capacity(guess));
                for_each_word(&u.text, |s, e| {
                    spans.push((s as u32, e as u32));
                    words.push(word_hash(&u.text[s..e]));
                    true
                });
                (spans.len() >= MIN_WORDS).then_some((d, i, u.text.as_str(), spans, words))
            })
            .collect();
        for (d, i, text, spans, words) in split.into_iter().flatten() {
            let member = (d, i, spans[0].0, spans[spans.len() - 1].1);
            let mut h = FxHasher::default();
            words.hash(&mut h);
            let slot = by_text.entry(h.finish()).or_default();
            if let Some(&p) = slot.iter().find(|&&p| out[p].words == words) {
                out[p].members.push(member);
                continue;
            }
            slot.push(out.len());
            out.push(Passage { text, members: vec![member], words, spans, sentences: std::sync::OnceLock::new() });
        }
    }
    out
}

/// Winnowed fingerprints of a word sequence.
fn fingerprints(words: &[u64]) -> Vec<u64> {
    if words.len() < K {
        return Vec::new();
    }
    let grams: Vec<u64> = words
        .windows(K)
        .map(|g| {
            let mut h = FxHasher::default();
            g.hash(&mut h);
            h.finish()
        })
        .collect();
    let mut out: Vec<u64> = Vec::new();
    let mut last: Option<usize> = None;
    for start in 0..grams.len().saturating_sub(W - 1).max(1) {
        let window = &grams[start..(start + W).min(grams.len())];
        // The rightmost minimum, as winnowing prescribes.
        let (off, _) = window.iter().enumerate().rev().min_by_key(|(_, h)| **h).expect("non-empty window");
        let at = start + off;
        if last != Some(at) {
            out.push(grams[at]);
            last = Some(at);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Matching blocks (a_start, b_start, len) of two word sequences.
fn matches(a: &[u64], b: &[u64]) -> Vec<(usize, usize, usize)> {
    similar::capture_diff_slices(similar::Algorithm::Myers, a, b)
        .into_iter()
        .filter_map(|op| match op {
            similar::DiffOp::Equal { old_index, new_index, len } => Some((old_index, new_index, len)),
            _ => None,
        })
        .collect()
}

/// The longest run of sentences mostly covered by `covered` words (a per-word flag), as a
/// sentence index range; the run with the most covered words wins.
fn best_run(sentences: &[(usize, usize)], covered: &[bool]) -> Option<(usize, usize)> {
    let mut best: Option<((usize, usize), usize)> = None;
    let mut run: Option<(usize, usize)> = None;
    for (i, &(s, e)) in sentences.iter().enumerate() {
        let n = covered[s..e].iter().filter(|c| **c).count();
        if n as f64 >= SENTENCE_COVERED * (e - s) as f64 && n > 0 {
            let (from, total) = run.unwrap_or((i, 0));
            run = Some((from, total + n));
            let (from, total) = run.expect("just set");
            if best.is_none_or(|(_, b)| total > b) {
                best = Some(((from, i + 1), total));
            }
        } else {
            run = None;
        }
    }
    best.map(|(r, _)| r)
}

/// A run of sentences of a passage, as a range of sentence indices.
type Run = (usize, usize);

/// Words of `a` inside some run of [`MIN_BLOCK`] words that also occurs in `b`: a superset of
/// the words any word diff of the two can cover with blocks of that length.
fn coverable(a: &[u64], b: &[u64]) -> Vec<bool> {
    let grams: FxHashSet<&[u64]> = b.windows(MIN_BLOCK).collect();
    let mut out = vec![false; a.len()];
    for (i, g) in a.windows(MIN_BLOCK).enumerate() {
        if grams.contains(g) {
            out[i..i + MIN_BLOCK].iter_mut().for_each(|c| *c = true);
        }
    }
    out
}

/// Whether some run of sentences could be covered in `p` with at least [`MIN_WORDS`] words,
/// given a superset of its covered words. A cheap necessary condition for [`verify`]: the word
/// diff of two long passages that share only a phrase costs far more than this test.
fn may_have_run(p: &Passage, covered: &[bool]) -> bool {
    let mut words = 0;
    for &(s, e) in p.sentences() {
        let n = covered[s..e].iter().filter(|c| **c).count();
        if n > 0 && n as f64 >= SENTENCE_COVERED * (e - s) as f64 {
            words += e - s;
            if words >= MIN_WORDS {
                return true;
            }
        } else {
            words = 0;
        }
    }
    false
}

/// Verify a candidate pair: the matching runs of sentences and their similarity.
fn verify(a: &Passage, b: &Passage) -> Option<(Run, Run, f64)> {
    if !may_have_run(a, &coverable(&a.words, &b.words)) || !may_have_run(b, &coverable(&b.words, &a.words)) {
        return None;
    }
    let blocks = matches(&a.words, &b.words);
    let mut ca = vec![false; a.words.len()];
    let mut cb = vec![false; b.words.len()];
    let mut total = 0;
    for &(i, j, n) in &blocks {
        total += n;
        if n >= MIN_BLOCK {
            ca[i..i + n].iter_mut().for_each(|c| *c = true);
            cb[j..j + n].iter_mut().for_each(|c| *c = true);
        }
    }
    if total < MIN_WORDS {
        return None;
    }
    let (sa, sb) = (a.sentences(), b.sentences());
    let ra = best_run(sa, &ca)?;
    let rb = best_run(sb, &cb)?;
    let wa = &a.words[sa[ra.0].0..sa[ra.1 - 1].1];
    let wb = &b.words[sb[rb.0].0..sb[rb.1 - 1].1];
    if wa.len() < MIN_WORDS || wb.len() < MIN_WORDS {
        return None;
    }
    let m: usize = matches(wa, wb).iter().map(|&(_, _, n)| n).sum();
    let sim = 2.0 * m as f64 / (wa.len() + wb.len()) as f64;
    (m >= MIN_WORDS && sim >= MIN_SIMILARITY).then_some((ra, rb, sim))
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }
}

/// Every cluster of repeated passages in the corpus, in document order of their first copy;
/// computed once per check and shared by the rules that read it.
pub(crate) fn find_clusters(cx: &Context) -> Vec<Cluster> {
    use rayon::prelude::*;
    let ps = passages(cx);
    // Fingerprint postings (fingerprint, passage), grouped by sorting, and candidate pairs.
    let prints: Vec<Vec<u64>> = ps.par_iter().map(|p| fingerprints(&p.words)).collect();
    let mut postings: Vec<(u64, u32)> =
        prints.iter().enumerate().flat_map(|(i, f)| f.iter().map(move |&f| (f, i as u32))).collect();
    postings.sort_unstable();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for list in postings.chunk_by(|a, b| a.0 == b.0) {
        for k in 1..list.len() {
            pairs.push((list[0].1, list[k].1));
            if k > 1 {
                pairs.push((list[k - 1].1, list[k].1));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    // Verified links between runs of sentences.
    struct Link {
        a: usize,
        ra: (usize, usize),
        b: usize,
        rb: (usize, usize),
        sim: f64,
    }
    // Items of one list are written alike on purpose ("find_first: …", "find_last: …"): only
    // identical ones are copies.
    // So are the items of parallel lists of one document (a status line under each work item,
    // the same question of a questionnaire asked of two things): list items of one document are
    // compared only when identical.
    // So are the prompts of a questionnaire: passages made only of questions, in one document,
    // that differ in what they ask about ("… feedback from subprojects?", "… feedback from
    // working groups?").
    let list_of = |p: &Passage| match p.members[..] {
        [(doc, unit, ..)] => match cx.units[doc][unit].kind {
            UnitKind::ListItem { .. } => Some((doc, 0)),
            _ if only_questions(p.text) => Some((doc, 1)),
            _ => None,
        },
        _ => None,
    };
    // Pairs are verified in parallel, and the links kept in pair order.
    let links: Vec<Link> = pairs
        .par_iter()
        .filter_map(|&(a, b)| {
            let (a, b) = (a as usize, b as usize);
            if list_of(&ps[a]).is_some_and(|l| list_of(&ps[b]) == Some(l)) {
                return None;
            }
            let (ra, rb, sim) = verify(&ps[a], &ps[b])?;
            Some(Link { a, ra, b, rb, sim })
        })
        .collect();
    // Nodes: per passage, merged overlapping runs (the whole passage when it has identical copies).
    let mut runs: Vec<Vec<(usize, usize)>> =
        ps.iter().map(|p| if p.members.len() > 1 { vec![(0, p.sentences().len())] } else { Vec::new() }).collect();
    for l in &links {
        runs[l.a].push(l.ra);
        runs[l.b].push(l.rb);
    }
    // (passage, merged run, best similarity of a link touching it)
    let mut nodes: Vec<(usize, (usize, usize), f64)> = Vec::new();
    let mut node_runs: Vec<Vec<usize>> = vec![Vec::new(); ps.len()];
    for (p, rs) in runs.iter_mut().enumerate() {
        rs.sort_unstable();
        for &(s, e) in rs.iter() {
            match nodes.last_mut() {
                Some((q, r, _)) if *q == p && s < r.1 => r.1 = r.1.max(e),
                _ => {
                    node_runs[p].push(nodes.len());
                    nodes.push((p, (s, e), if ps[p].members.len() > 1 { 1.0 } else { 0.0 }));
                }
            }
        }
    }
    let node_of = |p: usize, r: (usize, usize)| -> usize {
        *node_runs[p].iter().find(|&&n| nodes[n].1 .0 <= r.0 && r.1 <= nodes[n].1 .1).expect("run merged into a node")
    };
    let mut uf = UnionFind((0..nodes.len()).collect());
    let mut link_nodes = Vec::with_capacity(links.len());
    for l in &links {
        let (na, nb) = (node_of(l.a, l.ra), node_of(l.b, l.rb));
        link_nodes.push((na, nb, l.sim));
        uf.union(na, nb);
    }
    for &(na, nb, sim) in &link_nodes {
        nodes[na].2 = nodes[na].2.max(sim);
        nodes[nb].2 = nodes[nb].2.max(sim);
    }
    let mut lowest: FxHashMap<usize, f64> = FxHashMap::default();
    for &(na, _, sim) in &link_nodes {
        let root = uf.find(na);
        let e = lowest.entry(root).or_insert(1.0);
        *e = e.min(sim);
    }
    // Gather copies per cluster.
    let mut by_root: FxHashMap<usize, Vec<Occurrence>> = FxHashMap::default();
    for (n, &(p, (s, e), sim)) in nodes.iter().enumerate() {
        let root = uf.find(n);
        let pass = &ps[p];
        let sentences = pass.sentences();
        let (ws, we) = (sentences[s].0, sentences[e - 1].1);
        let whole = s == 0 && e == sentences.len();
        for (m, &(doc, unit, first, last)) in pass.members.iter().enumerate() {
            let u = &cx.units[doc][unit];
            // Identical copies have the same words, not necessarily the same bytes.
            let (start, end) = if m == 0 {
                (pass.spans[ws].0 as usize, pass.spans[we - 1].1 as usize)
            } else if whole {
                (first as usize, last as usize)
            } else {
                let spans = word_ranges(&u.text);
                (spans[ws].0, spans[we - 1].1)
            };
            by_root.entry(root).or_default().push(Occurrence {
                doc,
                unit,
                line: u.line_at(start),
                end_line: u.line_at(end),
                start,
                end,
                words: we - ws,
                similarity: sim,
                whole,
            });
        }
    }
    let mut out: Vec<Cluster> = by_root
        .into_iter()
        .filter(|(_, copies)| copies.len() > 1)
        .map(|(root, mut copies)| {
            copies.sort_by_key(|c| (c.doc, c.unit, c.start));
            Cluster { copies, similarity: lowest.get(&root).copied().unwrap_or(1.0), kind: Kind::Formula }
        })
        .collect();
    out.sort_by_key(|c| (c.copies[0].doc, c.copies[0].unit, c.copies[0].start));
    let fields = field_counts(cx);
    let kinds: Vec<Kind> = out.par_iter().map(|c| kind(cx, c, &fields)).collect();
    for (c, k) in out.iter_mut().zip(kinds) {
        c.kind = k;
    }
    out
}

/// Whether every sentence of a text is a question.
fn only_questions(text: &str) -> bool {
    let mut any = false;
    for (s, e) in sentences(text) {
        let sentence = text[s..e].trim();
        if sentence.is_empty() {
            continue;
        }
        if !sentence.ends_with('?') {
            return false;
        }
        any = true;
    }
    any
}

/// Whether a unit is the last prose of its article, section or document (the next unit is a
/// heading, or there is none).
pub(crate) fn closes(cx: &Context, doc: usize, unit: usize) -> bool {
    cx.units[doc].get(unit + 1).is_none_or(|n| n.kind == UnitKind::Heading)
}

/// Passages at most this long that recur by design are boilerplate.
pub(crate) const BOILERPLATE_MAX_WORDS: usize = 30;

/// The article a unit belongs to: a feed article, or else the top-level section of its
/// document (a Markdown newsletter's articles are its top-level sections).
pub(crate) fn home(cx: &Context, doc: usize, unit: usize) -> (usize, bool, usize) {
    let u = &cx.units[doc][unit];
    match u.article {
        Some(a) => (doc, true, a),
        None => (doc, false, cx.corpus.documents[doc].sections.partition_point(|s| s.span.start <= u.line)),
    }
}

/// What a cluster of copies is, for the rules that report them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Text copied where it should not be: `duplicate-passage`.
    Duplicate,
    /// Text that recurs by design: `repeated-boilerplate`.
    Boilerplate,
    /// Formulaic wording with too little substance to be a copy ("X seconded. Motion passed."),
    /// or data rather than prose: neither rule reports it.
    Formula,
}

/// Copies in one document at least this many times recur by design (a refrain, a standard
/// answer under each question, a running page header): a slip pastes a passage once.
pub(crate) const REFRAIN_COPIES: usize = 3;
/// Distinct content words a passage standing alone (a whole paragraph or list item) needs to be
/// worth reporting as a copy.
pub(crate) const MIN_CONTENT_WORDS: usize = 7;
/// Distinct content words a sentence copied inside longer passages needs.
pub(crate) const MIN_CONTENT_WORDS_INSIDE: usize = 4;

/// English function words: they carry no content of their own ("the use case details can be
/// found here" has four content words). Sorted, for a binary search.
pub(crate) const FUNCTION_WORDS: &[&str] = &[
    "about", "above", "after", "again", "all", "also", "and", "any", "are", "been", "before", "being", "both", "but",
    "can", "could", "did", "does", "each", "few", "for", "from", "had", "has", "have", "her", "here", "him", "his",
    "how", "into", "its", "just", "many", "may", "might", "more", "most", "much", "must", "not", "now", "off", "once",
    "only", "other", "our", "out", "over", "own", "same", "shall", "she", "should", "some", "such", "than", "that",
    "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "too", "under", "until",
    "very", "was", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
    "yes", "yet", "you", "your",
];

/// Distinct content words of a text: words of three letters or more, no digits, not function
/// words.
fn content_words(text: &str) -> usize {
    let folded = folded(text);
    let mut seen: Vec<&str> = folded
        .split(' ')
        .filter(|w| {
            w.chars().count() >= 3 && w.chars().all(char::is_alphabetic) && FUNCTION_WORDS.binary_search(w).is_err()
        })
        .collect();
    seen.sort_unstable();
    seen.dedup();
    seen.len()
}

/// Whether a text is data rather than prose: more than a third of its words hold a digit (a
/// grammar with value ranges, a table of figures).
fn is_data(text: &str) -> bool {
    let folded = folded(text);
    let words = folded.split(' ').filter(|w| !w.is_empty()).count();
    let digits = folded.split(' ').filter(|w| w.bytes().any(|b| b.is_ascii_digit())).count();
    3 * digits > words
}

/// The bracketed label a reference entry opens with (`[RFC2119]`), if any.
fn entry_label(text: &str) -> Option<&str> {
    let t = text.trim_start();
    let rest = t.strip_prefix('[')?;
    let end = rest.find(']')?;
    (end > 0 && end <= 40 && !rest[..end].contains(char::is_whitespace)).then(|| &rest[..end])
}

/// Whether the documents of the copies are one publication: they state the same event
/// (overlapping event dates in their metadata). Documents that state nothing are separate
/// publications, each of which may reuse standard text (a template's prompts, a methodology
/// section, a licence).
fn one_publication(cx: &Context, docs: &[usize]) -> bool {
    let dates = |d: usize| cx.corpus.documents[d].metadata.event_dates.as_ref();
    let Some(first) = dates(docs[0]) else { return false };
    docs[1..].iter().all(|&d| {
        dates(d).is_some_and(|r| r.start.as_str() <= first.end.as_str() && first.start.as_str() <= r.end.as_str())
    })
}

/// Classify a cluster (see [`Kind`]). In order: boilerplate by position (see
/// [`is_boilerplate`]); copies in separate publications, one copy in each document (or at
/// most two in each of [`SERIES_DOCUMENTS`] documents or more), are reused standard text
/// (boilerplate); passages with fewer than [`MIN_CONTENT_WORDS`] content
/// words standing alone (or [`MIN_CONTENT_WORDS_INSIDE`] inside longer passages), data, and
/// distinct reference entries are formulas; a passage repeated
/// [`REFRAIN_COPIES`] times or more in one document is a refrain (boilerplate); the rest are
/// duplicates.
pub(crate) fn kind(cx: &Context, c: &Cluster, fields: &FieldCounts) -> Kind {
    if is_boilerplate(cx, c) {
        return Kind::Boilerplate;
    }
    let mut docs: Vec<usize> = c.copies.iter().map(|x| x.doc).collect();
    docs.sort_unstable();
    let most_in_one = docs.chunk_by(|a, b| a == b).map(<[usize]>::len).max().unwrap_or(0);
    docs.dedup();
    // Standard text of separate publications: one copy in each, or copies in many documents
    // (the opening every release note of a series shares, once or twice in each).
    let spread = docs.len() >= SERIES_DOCUMENTS && most_in_one <= 2;
    if docs.len() > 1 && (most_in_one == 1 || spread) && !one_publication(cx, &docs) {
        return Kind::Boilerplate;
    }
    let text = |x: &Occurrence| &cx.units[x.doc][x.unit].text[x.start..x.end];
    let unit_text = |x: &Occurrence| cx.units[x.doc][x.unit].text.as_str();
    let labels: Vec<Option<&str>> = c.copies.iter().map(|x| entry_label(unit_text(x))).collect();
    let distinct_entries = labels.iter().all(Option::is_some) && labels.iter().any(|l| *l != labels[0]);
    // A short line standing alone (a whole paragraph, a list item) is formulaic when it says
    // little ("Sent the email to the mailing list"); the same few words inside two paragraphs
    // are a sentence copied with its paragraph, unless they say almost nothing.
    // Copies are mostly the same text: each distinct text is read once.
    let mut texts: Vec<&str> = c.copies.iter().map(text).collect();
    texts.sort_unstable();
    texts.dedup();
    let content = texts.iter().map(|t| content_words(t)).min().unwrap_or(0);
    let standing_alone = c.copies.iter().all(|x| x.whole)
        || c.copies.iter().all(|x| matches!(cx.units[x.doc][x.unit].kind, UnitKind::ListItem { .. }));
    let formulaic = content < MIN_CONTENT_WORDS_INSIDE || content < MIN_CONTENT_WORDS && standing_alone;
    // A one-line status under each of several items of one document ("No progress yet, will
    // report next month" under two agenda items): whole list items of a few words, each in its
    // own section or under its own parent item, say the same of different things.
    // (A nested item is placed by its list: one list per parent item.)
    let status_lines = c.copies.iter().all(|x| {
        x.whole && x.words <= STATUS_WORDS && matches!(cx.units[x.doc][x.unit].kind, UnitKind::ListItem { .. })
    }) && {
        let place = |x: &Occurrence| {
            let u = &cx.units[x.doc][x.unit];
            let nested = match u.kind {
                UnitKind::ListItem { list, depth, .. } if depth > 0 => Some(list),
                _ => None,
            };
            (x.doc, u.section.as_str(), nested)
        };
        let mut places: Vec<(usize, &str, Option<usize>)> = c.copies.iter().map(place).collect();
        places.sort_unstable();
        places.windows(2).all(|w| w[0] != w[1])
    };
    // The same answer to a form filled in under each section ("**How it's going:** we have a
    // plan" under two of the goals): short copies, each opening with one field label that
    // opens three units or more of its document, each in its own section.
    let form_answers = || {
        let field = |x: &Occurrence| field_label(unit_text(x));
        let Some(label) = field(&c.copies[0]) else { return false };
        let mut places: Vec<(usize, &str)> =
            c.copies.iter().map(|x| (x.doc, cx.units[x.doc][x.unit].section.as_str())).collect();
        places.sort_unstable();
        let opens = |d: usize| fields.get(&(d, label)).copied().unwrap_or(0);
        c.copies.iter().all(|x| x.words <= STATUS_WORDS && field(x) == Some(label))
            && places.windows(2).all(|w| w[0] != w[1])
            && c.copies.iter().all(|x| opens(x.doc) >= FORM_FIELD_UNITS)
    };
    // Whole cells of one table: its rows lay out like things alike by design (a version table
    // whose rows say "code may be removed at this step"); a repeated first cell is
    // `repeated-item`'s. (A sentence repeated inside two longer cells is a copy all the same.)
    let table_of = |x: &Occurrence| match cx.units[x.doc][x.unit].kind {
        UnitKind::Cell { table, .. } if x.whole => Some((x.doc, table)),
        _ => None,
    };
    let one_table = table_of(&c.copies[0]).is_some() && c.copies.iter().all(|x| table_of(x) == table_of(&c.copies[0]));
    if formulaic || status_lines || one_table || texts.iter().any(|t| is_data(t)) || distinct_entries || form_answers()
    {
        return Kind::Formula;
    }
    if most_in_one >= REFRAIN_COPIES {
        return Kind::Boilerplate;
    }
    if quotes_the_other(cx, c) {
        return Kind::Boilerplate;
    }
    Kind::Duplicate
}

/// Longest list item, in words, read as a status line when it recurs once per section.
const STATUS_WORDS: usize = 25;

/// Units of a document a label must open to be a field of a form filled in under each section.
const FORM_FIELD_UNITS: usize = 3;

/// How many units of each document open with each field label, counted once for all clusters.
pub(crate) type FieldCounts<'a> = FxHashMap<(usize, &'a str), usize>;

fn field_counts<'a>(cx: &'a Context) -> FieldCounts<'a> {
    let mut out = FieldCounts::default();
    for (d, units) in cx.units.iter().enumerate() {
        for u in units {
            if let Some(label) = field_label(&u.text) {
                *out.entry((d, label)).or_default() += 1;
            }
        }
    }
    out
}

/// The label a unit opens with, as a form's field ("**Status:** …", "How it's going: …"): at
/// most five words ending in a colon, the first capitalised, inline emphasis aside. A speaker's
/// initials ("AB: …") are no field: the same remark made twice is still a copy.
fn field_label(text: &str) -> Option<&str> {
    let t = text.trim_start().trim_start_matches(['*', '_']);
    let colon = t.get(..60.min(t.len())).or(Some(t)).and_then(|head| head.find(':'))?;
    let label = t[..colon].trim_end_matches(['*', '_']).trim();
    let words = label.split_whitespace().count();
    ((1..=5).contains(&words)
        && label.starts_with(char::is_uppercase)
        && label.chars().any(char::is_lowercase)
        && !label.contains(['.', '(', '[']))
    .then_some(label)
}

/// Documents that copies of one passage must span to be a series' standard text even when a
/// document holds two of them.
const SERIES_DOCUMENTS: usize = 5;

/// Two copies of which exactly one is a block quotation: the quote cites the other copy (an
/// epigraph quoting a charter listed in full elsewhere, a pull quote), repetition by design.
fn quotes_the_other(cx: &Context, c: &Cluster) -> bool {
    let quoted = |x: &Occurrence| matches!(cx.units[x.doc][x.unit].kind, UnitKind::Quote | UnitKind::Attribution);
    match c.copies.as_slice() {
        [a, b] => quoted(a) != quoted(b),
        _ => false,
    }
}

/// Whether a cluster is boilerplate: short copies spread over at least three feed articles or
/// documents, or each closing its own article (feed article, document or top-level section) of
/// at least two. Copies within one article are duplication.
pub(crate) fn is_boilerplate(cx: &Context, c: &Cluster) -> bool {
    if c.copies.iter().any(|x| x.words > BOILERPLATE_MAX_WORDS) {
        return false;
    }
    let distinct = |mut v: Vec<(usize, bool, usize)>| {
        v.sort_unstable();
        v.dedup();
        v.len()
    };
    let feeds =
        distinct(c.copies.iter().map(|x| (x.doc, false, cx.units[x.doc][x.unit].article.unwrap_or(0))).collect());
    let homes = distinct(c.copies.iter().map(|x| home(cx, x.doc, x.unit)).collect());
    feeds >= 3 || homes >= 2 && c.copies.iter().all(|x| x.whole && closes(cx, x.doc, x.unit))
}

/// A short quotation of a copy for messages: its first words.
pub(crate) fn excerpt(text: &str, words: usize) -> String {
    let text = text.trim();
    let mut ranges = word_ranges(text).into_iter();
    let one_line = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    match ranges.nth(words) {
        Some((s, _)) => format!("{}…", one_line(text[..s].trim_end().trim_end_matches([',', ';', ':', '—', '–', '-']))),
        None => one_line(text),
    }
}

/// Percentage for messages, rounded, but never "100%" for copies that differ.
pub(crate) fn percent(sim: f64) -> u32 {
    let p = (sim * 100.0).round() as u32;
    if sim < 1.0 {
        p.min(99)
    } else {
        100
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_case_punctuation_and_space() {
        assert_eq!(folded("The  IGF’s *role*—today!"), "the igf s role today");
        assert_eq!(folded("Lillestrøm,\nNorway"), "lillestrøm norway");
        assert_eq!(folded("See https://example.org/a-b or www.example.org now"), "see or now");
        // Every kind of white space separates tokens; a colon alone does not make an address.
        assert_eq!(folded("a\u{b}b\u{c}c\u{a0}d\u{2003}e\tf\r\ng"), "a b c d e f g");
        assert_eq!(folded("Note: (www.x.org) ftp://h/p x:y"), "note x y");
        assert_eq!(folded("«Ålesund»—2025"), "ålesund 2025");
    }

    #[test]
    fn function_words_are_sorted_for_their_binary_search() {
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(content_words("The use case details can be found here"), 4);
    }

    #[test]
    fn winnowing_finds_every_shared_run_of_eight_words() {
        let w = |s: &str| -> Vec<u64> { s.split(' ').map(word_hash).collect() };
        let a = w("x1 x2 x3 x4 x5 x6 one two three four five six seven eight y1 y2 y3");
        let b = w("z1 z2 one two three four five six seven eight z3 z4 z5 z6 z7");
        let fa = fingerprints(&a);
        let fb = fingerprints(&b);
        assert!(fa.iter().any(|f| fb.contains(f)));
        // Fewer fingerprints than n-grams.
        assert!(fa.len() < a.len() - K + 1);
    }

    #[test]
    fn best_run_skips_sentences_matched_by_chance() {
        let sentences = [(0, 4), (4, 8), (8, 12)];
        let mut covered = vec![false; 12];
        covered[1] = true; // one word of the first sentence: not covered
        covered[4..8].iter_mut().for_each(|c| *c = true);
        covered[8..10].iter_mut().for_each(|c| *c = true);
        assert_eq!(best_run(&sentences, &covered), Some((1, 3)));
    }

    #[test]
    fn excerpts_end_at_a_word() {
        assert_eq!(excerpt("One two, three four five", 2), "One two…");
        assert_eq!(excerpt("One two", 5), "One two");
    }

    #[test]
    fn percentages_never_round_up_to_identical() {
        assert_eq!(percent(0.996), 99);
        assert_eq!(percent(0.9286), 93);
        assert_eq!(percent(1.0), 100);
    }
}
