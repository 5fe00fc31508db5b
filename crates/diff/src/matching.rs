//! Matching the sections of two versions by content, not position.
//!
//! 1. The text before the first heading matches its counterpart.
//! 2. Unchanged sections pair along the longest common sequence of the two versions; then
//!    sections with identical own text and title, then identical own text alone (renamed),
//!    pair up in document order.
//! 3. The rest pair greedily by word-set similarity of their own text (best pairs first, at
//!    least [`MIN_SIMILARITY`]), candidates found through the words they share.
//! 4. Sections still unmatched pair by equal title when they hold no text of their own or
//!    their parents match, or when most of their sub-sections went to the same section.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp};

use crate::tree::{dice, Tree};

/// Least similarity of own text for two sections to be the same section edited.
pub(crate) const MIN_SIMILARITY: f64 = 0.5;
/// Words shared by more sections than this are not used to find candidates (too common).
const MAX_POSTING: usize = 200;
/// Time allowed for aligning the section sequences (beyond it, the alignment is coarser and
/// the later steps match what it left).
const ALIGN_TIME: Duration = Duration::from_millis(500);
/// Candidates examined per section.
const MAX_CANDIDATES: usize = 8;

/// `old_to_new[o]` and `new_to_old[n]`.
pub(crate) struct Matching {
    pub old_to_new: Vec<Option<usize>>,
    pub new_to_old: Vec<Option<usize>>,
}

impl Matching {
    fn pair(&mut self, o: usize, n: usize) {
        self.old_to_new[o] = Some(n);
        self.new_to_old[n] = Some(o);
    }
}

pub(crate) fn match_sections(old: &Tree, new: &Tree) -> Matching {
    let mut m = Matching { old_to_new: vec![None; old.nodes.len()], new_to_old: vec![None; new.nodes.len()] };
    if !old.nodes.is_empty() && !new.nodes.is_empty() {
        m.pair(0, 0);
    }
    // 2. the longest common sequence of unchanged sections (own text and title) pairs in
    //    order, so repeated copies of a section pair copy by copy where they stand.
    let a: Vec<(u64, &str)> = old.nodes.iter().skip(1).map(|n| (n.key, n.title.as_str())).collect();
    let b: Vec<(u64, &str)> = new.nodes.iter().skip(1).map(|n| (n.key, n.title.as_str())).collect();
    let deadline = Instant::now() + ALIGN_TIME;
    for op in similar::capture_diff_slices_deadline(Algorithm::Myers, &a, &b, Some(deadline)) {
        if let DiffOp::Equal { old_index, new_index, len } = op {
            for k in 0..len {
                m.pair(old_index + k + 1, new_index + k + 1);
            }
        }
    }
    //    Of two adjacent identical sections, the alignment may keep either: keep the first, so
    //    a copy inserted after a section is the one reported as added.
    for j in 1..new.nodes.len().saturating_sub(1) {
        let (a, b) = (&new.nodes[j], &new.nodes[j + 1]);
        if m.new_to_old[j].is_none()
            && a.key != 0
            && (a.key, a.title.as_str(), a.parent) == (b.key, b.title.as_str(), b.parent)
        {
            if let Some(o) = m.new_to_old[j + 1].take() {
                m.pair(o, j);
            }
        }
    }
    //    Then identical text elsewhere (with title, then without: renamed).
    for with_title in [true, false] {
        let mut queues: HashMap<(u64, &str), VecDeque<usize>> = HashMap::new();
        for (o, n) in old.nodes.iter().enumerate() {
            if m.old_to_new[o].is_none() && n.key != 0 {
                let t = if with_title { n.title.as_str() } else { "" };
                queues.entry((n.key, t)).or_default().push_back(o);
            }
        }
        for (j, n) in new.nodes.iter().enumerate() {
            if m.new_to_old[j].is_some() || n.key == 0 {
                continue;
            }
            let t = if with_title { n.title.as_str() } else { "" };
            if let Some(o) = queues.get_mut(&(n.key, t)).and_then(VecDeque::pop_front) {
                m.pair(o, j);
            }
        }
    }
    // 3. similar text.
    let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
    for (o, n) in old.nodes.iter().enumerate() {
        if m.old_to_new[o].is_none() && n.has_text() {
            for w in &n.words {
                postings.entry(*w).or_default().push(o);
            }
        }
    }
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (j, n) in new.nodes.iter().enumerate() {
        if m.new_to_old[j].is_some() || !n.has_text() {
            continue;
        }
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for w in &n.words {
            if let Some(p) = postings.get(w).filter(|p| p.len() <= MAX_POSTING) {
                for o in p {
                    *shared.entry(*o).or_default() += 1;
                }
            }
        }
        let mut cands: Vec<(usize, usize)> = shared.into_iter().map(|(o, c)| (c, o)).collect();
        cands.sort_unstable_by(|a, b| b.cmp(a).then(a.1.cmp(&b.1)));
        for (_, o) in cands.into_iter().take(MAX_CANDIDATES) {
            let on = &old.nodes[o];
            let mut s = dice(&on.words, &n.words);
            if on.title == n.title {
                s += 0.05;
            }
            if s >= MIN_SIMILARITY {
                pairs.push((s, o, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, o, j) in pairs {
        if m.old_to_new[o].is_none() && m.new_to_old[j].is_none() {
            m.pair(o, j);
        }
    }
    // 4. titles and sub-sections: bottom-up so containers see where their sub-sections went,
    //    then top-down so sub-sections see where their container went.
    let mut children_new: Vec<Vec<usize>> = vec![Vec::new(); new.nodes.len()];
    for (j, n) in new.nodes.iter().enumerate() {
        if let Some(p) = n.parent {
            children_new[p].push(j);
        }
    }
    let mut children_old: Vec<usize> = vec![0; old.nodes.len()];
    for n in &old.nodes {
        if let Some(p) = n.parent {
            children_old[p] += 1;
        }
    }
    let mut by_title: HashMap<&str, Vec<usize>> = HashMap::new();
    for (o, n) in old.nodes.iter().enumerate() {
        if m.old_to_new[o].is_none() {
            by_title.entry(n.title.as_str()).or_default().push(o);
        }
    }
    let order: Vec<usize> = (0..new.nodes.len()).rev().chain(0..new.nodes.len()).collect();
    for j in order {
        if m.new_to_old[j].is_some() {
            continue;
        }
        if let Some(o) = structural_match(old, new, &m, j, &children_new[j], &children_old, &by_title) {
            m.pair(o, j);
        }
    }
    m
}

/// The best unmatched old section for an unmatched new one, from its title, its parent's match
/// and where its sub-sections went. A candidate with the same title needs one more sign (both
/// hold no text of their own, the parents match, or a sub-section came from it); a candidate
/// with another title needs most sub-sections to have come from it and no text on either side
/// (a renamed container). Ties go to the candidate nearest in document order.
fn structural_match(
    old: &Tree,
    new: &Tree,
    m: &Matching,
    j: usize,
    children: &[usize],
    children_old: &[usize],
    by_title: &HashMap<&str, Vec<usize>>,
) -> Option<usize> {
    let n = &new.nodes[j];
    let mut votes: HashMap<usize, usize> = HashMap::new();
    for c in children {
        if let Some(p) = m.new_to_old[*c].and_then(|o| old.nodes[o].parent) {
            *votes.entry(p).or_default() += 1;
        }
    }
    let parent_old = n.parent.map(|p| m.new_to_old[p]);
    let mut cands: Vec<usize> = votes.keys().copied().collect();
    cands.extend(by_title.get(n.title.as_str()).into_iter().flatten().copied());
    cands.sort_unstable();
    cands.dedup();
    let mut best: Option<(f64, usize, usize)> = None;
    for o in cands {
        if m.old_to_new[o].is_some() {
            continue;
        }
        let on = &old.nodes[o];
        let v = votes.get(&o).copied().unwrap_or(0);
        let share = v as f64 / children.len().max(children_old[o]).max(1) as f64;
        let same_parent = parent_old.is_some_and(|p| p == on.parent);
        let no_text = !n.has_text() && !on.has_text();
        let same_title = on.title == n.title;
        let ok = if same_title { no_text || same_parent || v > 0 } else { no_text && v * 2 > children.len() };
        if !ok {
            continue;
        }
        let score = 2.0 * share
            + f64::from(u8::from(same_parent))
            + f64::from(u8::from(same_title))
            + dice(&on.words, &n.words);
        let distance = o.abs_diff(j);
        if best.is_none_or(|(s, d, _)| score > s || score == s && distance < d) {
            best = Some((score, distance, o));
        }
    }
    best.map(|(_, _, o)| o)
}

/// Which matched sections moved: those whose parent is not the match of their old parent, and
/// among siblings kept under the same parent, those outside the heaviest (by lines) sequence
/// that kept its order.
pub(crate) fn moved(old: &Tree, new: &Tree, m: &Matching) -> Vec<bool> {
    let mut moved = vec![false; new.nodes.len()];
    let mut groups: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
    for (j, n) in new.nodes.iter().enumerate() {
        let Some(o) = m.new_to_old[j] else { continue };
        let old_parent = old.nodes[o].parent;
        if old_parent.map(|p| m.old_to_new[p]) != n.parent.map(Some) {
            moved[j] = true;
        } else {
            groups.entry(n.parent).or_default().push(j);
        }
    }
    for (_, sibs) in groups {
        // In new order; keep the heaviest subsequence increasing in old order.
        let olds: Vec<usize> = sibs.iter().map(|j| m.new_to_old[*j].unwrap_or(0)).collect();
        let weights: Vec<u64> =
            sibs.iter().map(|j| u64::from(new.nodes[*j].span.end - new.nodes[*j].span.start + 1)).collect();
        let keep = heaviest_increasing(&olds, &weights);
        for (k, j) in sibs.iter().enumerate() {
            if !keep[k] {
                moved[*j] = true;
            }
        }
    }
    moved
}

/// The heaviest strictly increasing subsequence of distinct values, via a Fenwick tree of
/// prefix maxima over ranks. Returns which positions belong to it.
fn heaviest_increasing(values: &[usize], weights: &[u64]) -> Vec<bool> {
    let n = values.len();
    let mut ranks: Vec<usize> = (0..n).collect();
    ranks.sort_by_key(|i| values[*i]);
    let mut rank = vec![0; n];
    for (r, i) in ranks.iter().enumerate() {
        rank[*i] = r + 1;
    }
    // tree[r] = (best weight, position) over ranks <= r.
    let mut tree: Vec<(u64, usize)> = vec![(0, usize::MAX); n + 1];
    let mut best = vec![0u64; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        let mut r = rank[i] - 1;
        let mut q = (0, usize::MAX);
        while r > 0 {
            if tree[r].0 > q.0 {
                q = tree[r];
            }
            r &= r - 1;
        }
        best[i] = q.0 + weights[i];
        prev[i] = q.1;
        let mut r = rank[i];
        while r <= n {
            if best[i] > tree[r].0 {
                tree[r] = (best[i], i);
            }
            r += r & r.wrapping_neg();
        }
    }
    let mut keep = vec![false; n];
    let mut at = (0..n).max_by(|a, b| best[*a].cmp(&best[*b]).then(b.cmp(a)));
    while let Some(i) = at.filter(|i| *i != usize::MAX) {
        keep[i] = true;
        at = Some(prev[i]);
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::heaviest_increasing;

    #[test]
    fn the_heavier_run_stays_and_the_lighter_one_moves() {
        // Old order a b c; new order b c a with a light: a moved.
        assert_eq!(heaviest_increasing(&[1, 2, 0], &[5, 5, 1]), vec![true, true, false]);
        // a heavy: b and c moved.
        assert_eq!(heaviest_increasing(&[1, 2, 0], &[1, 1, 5]), vec![false, false, true]);
        assert_eq!(heaviest_increasing(&[0, 1, 2], &[1, 1, 1]), vec![true, true, true]);
        assert!(heaviest_increasing(&[], &[]).is_empty());
    }
}
