//! Paragraph and word differences inside a section.

use std::time::Duration;

use reportkit_model::diff::{Hunk, HunkKind, TextSide, WordChange, WordTag};
use similar::{Algorithm, ChangeTag, DiffOp, TextDiff};

use crate::tree::{dice, word_set, Para};

/// Least word similarity for a replaced paragraph to count as the same paragraph edited rather
/// than one removed and another added.
const MIN_EDIT_SIMILARITY: f64 = 0.3;

fn side(p: &Para) -> TextSide {
    TextSide { span: p.span, text: p.shown.clone() }
}

/// The hunks between two paragraph lists, and the number of unchanged paragraphs.
pub(crate) fn hunks(old: &[Para], new: &[Para]) -> (Vec<Hunk>, usize) {
    let a: Vec<&str> = old.iter().map(|p| p.shown.as_str()).collect();
    let b: Vec<&str> = new.iter().map(|p| p.shown.as_str()).collect();
    let deadline = std::time::Instant::now() + Duration::from_millis(500);
    let ops = similar::capture_diff_slices_deadline(Algorithm::Myers, &a, &b, Some(deadline));
    let mut out = Vec::new();
    let mut skipped = 0;
    let mut unchanged = 0;
    let push = |out: &mut Vec<Hunk>, skipped: &mut usize, kind, o: Option<&Para>, n: Option<&Para>| {
        let words = match (o, n) {
            (Some(o), Some(n)) => word_diff(&o.shown, &n.shown),
            _ => Vec::new(),
        };
        out.push(Hunk { kind, skipped: std::mem::take(skipped), old: o.map(side), new: n.map(side), words });
    };
    for op in ops {
        match op {
            DiffOp::Equal { len, .. } => {
                skipped += len;
                unchanged += len;
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                for p in &old[old_index..old_index + old_len] {
                    push(&mut out, &mut skipped, HunkKind::Removed, Some(p), None);
                }
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                for p in &new[new_index..new_index + new_len] {
                    push(&mut out, &mut skipped, HunkKind::Added, None, Some(p));
                }
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                let (os, ns) = (&old[old_index..old_index + old_len], &new[new_index..new_index + new_len]);
                let (mut i, mut j) = (0, 0);
                while i < os.len() || j < ns.len() {
                    match (os.get(i), ns.get(j)) {
                        (Some(o), Some(n)) => {
                            if dice(&word_set(&o.norm), &word_set(&n.norm)) >= MIN_EDIT_SIMILARITY {
                                push(&mut out, &mut skipped, HunkKind::Changed, Some(o), Some(n));
                                i += 1;
                                j += 1;
                            } else if os.len() - i >= ns.len() - j {
                                push(&mut out, &mut skipped, HunkKind::Removed, Some(o), None);
                                i += 1;
                            } else {
                                push(&mut out, &mut skipped, HunkKind::Added, None, Some(n));
                                j += 1;
                            }
                        }
                        (Some(o), None) => {
                            push(&mut out, &mut skipped, HunkKind::Removed, Some(o), None);
                            i += 1;
                        }
                        (None, Some(n)) => {
                            push(&mut out, &mut skipped, HunkKind::Added, None, Some(n));
                            j += 1;
                        }
                        (None, None) => break,
                    }
                }
            }
        }
    }
    (out, unchanged)
}

/// Every paragraph of a section as added (or removed) hunks.
pub(crate) fn whole(paras: &[Para], kind: HunkKind) -> Vec<Hunk> {
    paras
        .iter()
        .map(|p| {
            let s = Some(side(p));
            let (old, new) = if kind == HunkKind::Removed { (s, None) } else { (None, s) };
            Hunk { kind, skipped: 0, old, new, words: Vec::new() }
        })
        .collect()
}

/// Split text into words (letters and digits, with the separators inside a number such as
/// `1,700` or `68.4`), runs of whitespace, and single other characters, so punctuation next to
/// a changed word stays unchanged.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let b: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < b.len() {
        let (start, c) = b[i];
        let mut j = i + 1;
        if c.is_alphanumeric() {
            while j < b.len() {
                let d = b[j].1;
                let in_number = matches!(d, ',' | '.')
                    && b[j - 1].1.is_ascii_digit()
                    && b.get(j + 1).is_some_and(|x| x.1.is_ascii_digit());
                if d.is_alphanumeric() || in_number {
                    j += 1;
                } else {
                    break;
                }
            }
        } else if c.is_whitespace() {
            while j < b.len() && b[j].1.is_whitespace() {
                j += 1;
            }
        }
        let end = b.get(j).map_or(s.len(), |x| x.0);
        out.push(&s[start..end]);
        i = j;
    }
    out
}

/// Word-level differences: runs of equal words, and each changed stretch as its deleted words
/// then its inserted words (spaces between changed words stay inside the change).
pub(crate) fn word_diff(old: &str, new: &str) -> Vec<WordChange> {
    let (a, b) = (tokens(old), tokens(new));
    let diff =
        TextDiff::configure().algorithm(Algorithm::Patience).timeout(Duration::from_millis(200)).diff_slices(&a, &b);
    let mut runs: Vec<(WordTag, String)> = Vec::new();
    for c in diff.iter_all_changes() {
        let tag = match c.tag() {
            ChangeTag::Equal => WordTag::Equal,
            ChangeTag::Delete => WordTag::Delete,
            ChangeTag::Insert => WordTag::Insert,
        };
        match runs.last_mut() {
            Some((t, s)) if *t == tag => s.push_str(c.value()),
            _ => runs.push((tag, c.value().to_string())),
        }
    }
    // Whitespace alone between two changes belongs to the change.
    let mut out: Vec<WordChange> = Vec::new();
    let mut del = String::new();
    let mut ins = String::new();
    let flush = |out: &mut Vec<WordChange>, del: &mut String, ins: &mut String| {
        if !del.is_empty() {
            out.push(WordChange { tag: WordTag::Delete, text: std::mem::take(del) });
        }
        if !ins.is_empty() {
            out.push(WordChange { tag: WordTag::Insert, text: std::mem::take(ins) });
        }
    };
    for (k, (tag, text)) in runs.iter().enumerate() {
        match tag {
            WordTag::Delete => del.push_str(text),
            WordTag::Insert => ins.push_str(text),
            WordTag::Equal => {
                let between = k > 0 && k + 1 < runs.len() && text.trim().is_empty();
                if between && !(del.is_empty() && ins.is_empty()) {
                    del.push_str(text);
                    ins.push_str(text);
                    continue;
                }
                flush(&mut out, &mut del, &mut ins);
                out.push(WordChange { tag: WordTag::Equal, text: text.clone() });
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(v: &[WordChange]) -> Vec<(WordTag, &str)> {
        v.iter().map(|w| (w.tag, w.text.as_str())).collect()
    }

    #[test]
    fn a_changed_figure_is_one_deleted_and_one_inserted_word() {
        let w = word_diff("52 Workshops held", "82 Workshops held");
        assert_eq!(
            words(&w),
            vec![(WordTag::Delete, "52"), (WordTag::Insert, "82"), (WordTag::Equal, " Workshops held")]
        );
    }

    #[test]
    fn punctuation_next_to_a_changed_word_is_unchanged() {
        let w = word_diff("in Lillestrøm, Norway", "in Lillestrom, Norway");
        assert_eq!(
            words(&w),
            vec![
                (WordTag::Equal, "in "),
                (WordTag::Delete, "Lillestrøm"),
                (WordTag::Insert, "Lillestrom"),
                (WordTag::Equal, ", Norway")
            ]
        );
        let w = word_diff("Estimated 1,700 stakeholders", "Estimated 1,900 stakeholders");
        assert_eq!(w[1].text, "1,700");
    }

    #[test]
    fn adjacent_changed_words_form_one_change() {
        let w = word_diff("a b c d", "a x y d");
        assert_eq!(
            words(&w),
            vec![(WordTag::Equal, "a "), (WordTag::Delete, "b c"), (WordTag::Insert, "x y"), (WordTag::Equal, " d")]
        );
    }
}
