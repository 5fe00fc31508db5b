//! Total-fit line breaking (Knuth and Plass, "Breaking paragraphs into lines", 1981).
//!
//! A paragraph is a row of atoms (unbreakable pieces of text) with a separator before each:
//! an inter-word space (glue that stretches and shrinks, a break opportunity that vanishes at
//! a line end) or a join inside a word (a break opportunity with a penalty, flagged when the
//! line then ends with a hyphen, and possibly an added width: the inserted hyphen). The
//! breaker chooses the breaks that minimise the sum of the lines' demerits over the whole
//! paragraph: a line's demerits grow with the cube of how far its spaces stretch or shrink,
//! plus its break's penalty, plus extra demerits for two flagged lines in a row, for a flagged
//! line just before the last, for a very loose line next to a tight one (fitness classes), and
//! for more than [`Params::max_flagged_run`] flagged lines in a row.
//!
//! First the breaker looks for the best breaks whose lines stretch their spaces by at most
//! the first of [`Params::tolerances`] (TeX's tolerance) and that keep the hyphenation rules
//! (no run of flagged lines over the limit, no flagged line before the last): a very loose
//! line is refused while any other setting exists, even one with more hyphens. When none
//! does, it tries the next, looser tolerance; after the last, it looks again with every
//! breakpoint feasible as long as the line's atoms fit when its spaces shrink fully (a single
//! atom always is: the caller makes atoms no wider than the measure), so a solution always
//! exists; a line that cannot be set within the tolerance is then only costly, not refused,
//! and the paragraph is one that cannot be set otherwise. The active list is bounded:
//! [`total_fit`] returns `None` when a paragraph needs more than [`MAX_ACTIVE`] live
//! breakpoints at once, and the caller falls back to first-fit.

/// What comes before an atom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sep {
    /// The paragraph's first atom.
    Start,
    /// An inter-word space: natural width, stretch and shrink, in points.
    Space {
        /// Natural width.
        width: f32,
        /// How much it may grow (at a stretch ratio of 1).
        stretch: f32,
        /// How much it may shrink (at most).
        shrink: f32,
    },
    /// A break opportunity inside a word (no space).
    Join {
        /// The penalty of breaking here.
        penalty: f32,
        /// The line ends with a hyphen when it breaks here.
        flagged: bool,
        /// Width added to the line that breaks here (an inserted hyphen).
        width: f32,
    },
}

impl Sep {
    fn glue(self) -> (f32, f32, f32) {
        match self {
            Sep::Space { width, stretch, shrink } => (width, stretch, shrink),
            _ => (0.0, 0.0, 0.0),
        }
    }
}

/// The knobs of the breaker (the defaults are TeX's plain values, with a stiffer hyphen).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Added to every line's badness before squaring (prefers fewer lines).
    pub line_penalty: f64,
    /// Two flagged (hyphenated) lines in a row.
    pub double_hyphen_demerits: f64,
    /// A flagged line just before the last one (the last line would be a word's tail).
    pub final_hyphen_demerits: f64,
    /// A line whose fitness class is more than one away from the previous line's.
    pub adj_demerits: f64,
    /// At most this many flagged lines in a row (more cost [`Params::over_run_demerits`]).
    pub max_flagged_run: u8,
    /// Demerits of a flagged line beyond the run limit.
    pub over_run_demerits: f64,
    /// Badness of a non-final line with no space to stretch that is short of the measure (plus
    /// the shortfall in points).
    pub rigid_badness: f64,
    /// The most a non-final line's spaces may stretch, in times their stretchability, in
    /// the searches tried in turn before one without limit (see the module's documentation).
    pub tolerances: &'static [f64],
}

impl Default for Params {
    fn default() -> Self {
        Params {
            line_penalty: 10.0,
            double_hyphen_demerits: 10_000.0,
            final_hyphen_demerits: 1e9,
            adj_demerits: 10_000.0,
            max_flagged_run: 2,
            over_run_demerits: 1e9,
            rigid_badness: INF_BAD,
            tolerances: &[],
        }
    }
}

/// At most this many breakpoints are live at once (a paragraph needing more is set first-fit).
pub const MAX_ACTIVE: usize = 2_000;

#[derive(Debug, Clone, Copy)]
struct Node {
    /// The atom the next line starts with.
    pos: usize,
    fitness: u8,
    /// Flagged lines in a row ending here.
    run: u8,
    total: f64,
    prev: Option<usize>,
}

/// The line ends chosen for `widths` (atom widths) and `seps` (the separator before each
/// atom, same length) on a measure of `measure` points: the exclusive end index of each line,
/// the last being `widths.len()`. `None` when the active list outgrows [`MAX_ACTIVE`].
pub fn total_fit(widths: &[f32], seps: &[Sep], measure: f32, p: &Params) -> Option<Vec<usize>> {
    for &tolerance in p.tolerances.iter().chain([&f64::INFINITY]) {
        match breaks(widths, seps, measure, p, tolerance) {
            Breaks::Found(ends) => return Some(ends),
            Breaks::TooLong => return None,
            Breaks::NoneWithin => {}
        }
    }
    None
}

/// What one search for breaks found.
enum Breaks {
    /// The line ends.
    Found(Vec<usize>),
    /// No setting whose lines stretch their spaces by at most the tolerance.
    NoneWithin,
    /// The active list outgrew [`MAX_ACTIVE`].
    TooLong,
}

/// The best breaks whose non-final lines stretch by at most `max_stretch`.
fn breaks(widths: &[f32], seps: &[Sep], measure: f32, p: &Params, max_stretch: f64) -> Breaks {
    // Within a finite tolerance the hyphenation rules are kept too: a setting that breaks
    // them is one of a paragraph that cannot be set otherwise.
    let strict = max_stretch.is_finite();
    let n = widths.len();
    if n == 0 {
        return Breaks::Found(Vec::new());
    }
    // Prefix sums of width (atoms and their separators), stretch and shrink.
    let mut pw = vec![0.0f64; n + 1];
    let mut pst = vec![0.0f64; n + 1];
    let mut psh = vec![0.0f64; n + 1];
    for k in 0..n {
        let (g, st, sh) = seps[k].glue();
        pw[k + 1] = pw[k] + f64::from(widths[k]) + f64::from(g);
        pst[k + 1] = pst[k] + f64::from(st);
        psh[k + 1] = psh[k] + f64::from(sh);
    }
    let measure = f64::from(measure);
    let mut nodes = vec![Node { pos: 0, fitness: 2, run: 0, total: 0.0, prev: None }];
    let mut active: Vec<usize> = vec![0];
    for b in 1..=n {
        let last = b == n;
        let (penalty, flagged, extra) = match (last, seps.get(b)) {
            (false, Some(&Sep::Join { penalty, flagged, width })) => (f64::from(penalty), flagged, f64::from(width)),
            _ => (0.0, false, 0.0),
        };
        // Best new node per (fitness, run).
        let mut best: [[Option<(f64, usize)>; 3]; 4] = [[None; 3]; 4];
        let mut keep = 0;
        for i in 0..active.len() {
            let id = active[i];
            let node = nodes[id];
            let a = node.pos;
            let (g0, st0, sh0) = seps[a].glue();
            let natural = pw[b] - pw[a] - f64::from(g0);
            let stretch = pst[b] - pst[a] - f64::from(st0);
            let shrink = psh[b] - psh[a] - f64::from(sh0);
            if natural - shrink > measure + 1e-3 && b > a + 1 {
                // Overfull now, and for every later breakpoint: retire the node.
                continue;
            }
            active[keep] = id;
            keep += 1;
            let width = natural + extra;
            let (badness, fitness) = if last && width <= measure {
                (0.0, 2)
            } else if width <= measure {
                let slack = measure - width;
                if stretch > 0.0 {
                    let r = slack / stretch;
                    if r > max_stretch {
                        // Too loose: a later breakpoint may still be within the tolerance.
                        continue;
                    }
                    (badness(r), fitness_class(r))
                } else if slack > 0.5 {
                    if strict {
                        // Short with nothing to stretch: looser than any tolerance.
                        continue;
                    }
                    (p.rigid_badness + slack, 0)
                } else {
                    (0.0, 2)
                }
            } else {
                let over = width - measure;
                let r = if shrink > 0.0 { (over / shrink).min(1.0) } else { 1.0 };
                // Beyond full shrink (a single atom and its hyphen): costly, never refused.
                let beyond = if over > shrink { p.rigid_badness } else { 0.0 };
                (100.0 * r * r * r + beyond, fitness_class(-r))
            };
            let mut d = (p.line_penalty + badness).powi(2);
            if penalty > 0.0 {
                d += penalty * penalty;
            }
            let prev_flagged = a > 0 && matches!(seps[a], Sep::Join { flagged: true, .. });
            if flagged && prev_flagged {
                d += p.double_hyphen_demerits;
            }
            if last && prev_flagged {
                d += p.final_hyphen_demerits;
            }
            if fitness.abs_diff(node.fitness) > 1 {
                d += p.adj_demerits;
            }
            let run = if flagged { node.run.saturating_add(1) } else { 0 };
            if strict && (run > p.max_flagged_run || last && prev_flagged) {
                continue;
            }
            if run > p.max_flagged_run {
                d += p.over_run_demerits;
            }
            let run = run.min(2);
            let total = node.total + d;
            let slot = &mut best[usize::from(fitness)][usize::from(run)];
            if slot.is_none_or(|(t, _)| total < t) {
                *slot = Some((total, id));
            }
        }
        active.truncate(keep);
        for (fitness, row) in best.iter().enumerate() {
            for (run, slot) in row.iter().enumerate() {
                if let Some((total, prev)) = *slot {
                    nodes.push(Node { pos: b, fitness: fitness as u8, run: run as u8, total, prev: Some(prev) });
                    active.push(nodes.len() - 1);
                }
            }
        }
        if active.len() > MAX_ACTIVE {
            return Breaks::TooLong;
        }
    }
    // The best node at the end of the paragraph.
    let mut best: Option<usize> = None;
    for (id, node) in nodes.iter().enumerate().rev() {
        if node.pos != n {
            break;
        }
        if best.is_none_or(|b| node.total < nodes[b].total) {
            best = Some(id);
        }
    }
    if best.is_none() {
        return Breaks::NoneWithin;
    }
    let mut ends = Vec::new();
    let mut at = best;
    while let Some(id) = at {
        let node = nodes[id];
        if node.pos > 0 {
            ends.push(node.pos);
        }
        at = node.prev;
    }
    ends.reverse();
    Breaks::Found(ends)
}

/// TeX's badness of a line whose spaces stretch by `r` times their stretchability, capped at
/// [`INF_BAD`] as TeX does, plus `r` so that of two lines beyond the cap the looser costs more.
fn badness(r: f64) -> f64 {
    (100.0 * r * r * r).min(INF_BAD) + r
}

/// The badness TeX treats as infinite.
const INF_BAD: f64 = 10_000.0;

/// TeX's fitness classes: 0 very loose, 1 loose, 2 decent, 3 tight.
fn fitness_class(r: f64) -> u8 {
    if r > 1.0 {
        0
    } else if r > 0.5 {
        1
    } else if r >= -0.5 {
        2
    } else {
        3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn space() -> Sep {
        Sep::Space { width: 3.0, stretch: 1.5, shrink: 1.0 }
    }

    fn words(ws: &[f32]) -> (Vec<f32>, Vec<Sep>) {
        let seps = (0..ws.len()).map(|k| if k == 0 { Sep::Start } else { space() }).collect();
        (ws.to_vec(), seps)
    }

    fn line_widths(widths: &[f32], seps: &[Sep], ends: &[usize]) -> Vec<f32> {
        let mut start = 0;
        ends.iter()
            .map(|&e| {
                let w = (start..e).map(|k| widths[k] + if k > start { seps[k].glue().0 } else { 0.0 }).sum();
                start = e;
                w
            })
            .collect()
    }

    #[test]
    fn every_line_fits_and_every_atom_is_set_once() {
        let ws: Vec<f32> = (0..200).map(|k| 10.0 + (k * 7 % 23) as f32).collect();
        let (w, s) = words(&ws);
        let ends = total_fit(&w, &s, 150.0, &Params::default()).unwrap();
        assert_eq!(*ends.last().unwrap(), w.len());
        assert!(ends.windows(2).all(|p| p[0] < p[1]));
        for (k, lw) in line_widths(&w, &s, &ends).iter().enumerate() {
            // Natural width may exceed the measure only by what the spaces can shrink.
            let start = if k == 0 { 0 } else { ends[k - 1] };
            let gaps = (ends[k] - start - 1) as f32;
            assert!(*lw - gaps * 1.0 <= 150.0 + 1e-3, "line {k}: {lw}");
        }
    }

    #[test]
    fn a_break_before_the_last_line_is_never_flagged_when_it_can_be_avoided() {
        // word word wo-rd: hyphenating the last word would leave its tail alone on a line.
        let w = vec![50.0, 50.0, 20.0, 30.0];
        let s = vec![Sep::Start, space(), space(), Sep::Join { penalty: 50.0, flagged: true, width: 3.0 }];
        let ends = total_fit(&w, &s, 128.0, &Params::default()).unwrap();
        assert_ne!(ends.first(), Some(&3), "{ends:?}");
    }

    #[test]
    fn no_more_than_two_flagged_lines_in_a_row_when_spaces_allow_otherwise() {
        // Many short words, each breakable with a hyphen: runs of flagged lines stay short.
        let mut w = Vec::new();
        let mut s = Vec::new();
        for k in 0..120 {
            w.push(14.0);
            s.push(if k == 0 { Sep::Start } else { space() });
            w.push(16.0);
            s.push(Sep::Join { penalty: 50.0, flagged: true, width: 3.0 });
        }
        let ends = total_fit(&w, &s, 101.0, &Params::default()).unwrap();
        let mut run = 0;
        for &e in &ends[..ends.len() - 1] {
            run = if matches!(s[e], Sep::Join { .. }) { run + 1 } else { 0 };
            assert!(run <= 2);
        }
    }

    /// Six words, a word of 24 that may be hyphenated after 8, and twelve more words, on a
    /// measure of 87: ending the first line before the long word stretches its spaces by 1.6
    /// times their stretchability, which costs less than the hyphen; within a tolerance of 1.5
    /// that line is refused and the word hyphenated. Where the word cannot be hyphenated, no
    /// setting is within the tolerance and the loose line stays.
    #[test]
    fn a_tolerance_refuses_a_very_loose_line_while_another_setting_exists() {
        let paragraph = |split: bool| {
            let mut w = vec![10.0; 6];
            let mut s: Vec<Sep> = (0..6).map(|k| if k == 0 { Sep::Start } else { space() }).collect();
            if split {
                w.extend([8.0, 16.0]);
                s.extend([space(), Sep::Join { penalty: 450.0, flagged: true, width: 3.0 }]);
            } else {
                w.push(24.0);
                s.push(space());
            }
            w.extend([10.0; 12]);
            s.extend([space(); 12]);
            (w, s)
        };
        let strict = Params { tolerances: &[1.5], ..Params::default() };
        let (w, s) = paragraph(true);
        assert_eq!(total_fit(&w, &s, 87.0, &Params::default()).unwrap()[0], 6);
        assert_eq!(total_fit(&w, &s, 87.0, &strict).unwrap()[0], 7);
        let (w, s) = paragraph(false);
        assert_eq!(total_fit(&w, &s, 87.0, &strict), total_fit(&w, &s, 87.0, &Params::default()));
        assert_eq!(total_fit(&w, &s, 87.0, &strict).unwrap()[0], 6);
    }

    #[test]
    fn an_empty_paragraph_has_no_lines_and_a_single_atom_one() {
        assert_eq!(total_fit(&[], &[], 100.0, &Params::default()), Some(vec![]));
        assert_eq!(total_fit(&[300.0], &[Sep::Start], 100.0, &Params::default()), Some(vec![1]));
    }
}
