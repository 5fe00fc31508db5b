//! Applying fixes: which fixes of a check to apply, the edits applied to a source text, and the
//! change shown as a unified diff (`check --fix`, `--diff`, and editors' code actions).
//!
//! A fix is chosen when it is its finding's only safe fix, or, with `unsafe_fixes`, its
//! finding's only fix. Fixes whose edits overlap an edit already chosen in the same file wait for
//! the next pass (the caller re-checks the fixed text and chooses again, as ruff does), so one
//! pass never applies two edits to the same text.

use std::collections::BTreeMap;

use reportkit_model::{Applicability, Edit, Finding, Fix};

/// The fixes chosen in one pass, by file (the finding's `file`).
#[derive(Debug, Default)]
pub struct Chosen {
    /// Per file: the edits to apply, sorted and not overlapping, and how many findings they fix.
    pub files: BTreeMap<String, (Vec<Edit>, usize)>,
}

impl Chosen {
    /// Findings fixed in this pass.
    pub fn findings(&self) -> usize {
        self.files.values().map(|(_, n)| n).sum()
    }
}

/// The fix of `f` that `--fix` applies, if any: its one safe fix, or, with `unsafe_fixes`, its
/// one fix of either kind. A finding that offers two fixes (a judgement between them) gets none.
pub fn applicable(f: &Finding, unsafe_fixes: bool) -> Option<&Fix> {
    match f.fixes.as_slice() {
        [one] if one.applicability == Applicability::Safe || unsafe_fixes => Some(one),
        _ => None,
    }
}

/// Choose the fixes of one pass over `findings`.
pub fn choose(findings: &[Finding], unsafe_fixes: bool) -> Chosen {
    let mut candidates: Vec<(&str, &Fix)> =
        findings.iter().filter_map(|f| applicable(f, unsafe_fixes).map(|x| (f.file.as_str(), x))).collect();
    candidates.sort_by(|a, b| a.0.cmp(b.0).then_with(|| a.1.edits.first().cmp(&b.1.edits.first())));
    let mut chosen = Chosen::default();
    for (file, fix) in candidates {
        let entry = chosen.files.entry(file.to_string()).or_default();
        if fix.edits.iter().any(|e| entry.0.iter().any(|c| overlaps(c, e))) {
            continue;
        }
        entry.0.extend(fix.edits.iter().cloned());
        entry.0.sort();
        entry.1 += 1;
    }
    chosen.files.retain(|_, (edits, _)| !edits.is_empty());
    chosen
}

/// Whether two edits touch the same text (two insertions at one place count as overlapping:
/// their order would be a guess).
fn overlaps(a: &Edit, b: &Edit) -> bool {
    let (a0, a1) = ((a.line, a.column), (a.end_line, a.end_column));
    let (b0, b1) = ((b.line, b.column), (b.end_line, b.end_column));
    (a0 < b1 && b0 < a1) || a0 == b0
}

/// The byte offset of (`line`, `column`) in `text` (1-based, the column in Unicode scalar
/// values; column 1 of the line after the last is the end of the text when it ends with a line
/// break). `None` when the position is not in the text.
pub fn offset(text: &str, line: u32, column: u32) -> Option<usize> {
    let mut start = 0usize;
    for _ in 1..line {
        start += text[start..].find('\n')? + 1;
    }
    let rest = &text[start..];
    let line_text = rest.split('\n').next().unwrap_or("");
    let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
    let k = usize::try_from(column.checked_sub(1)?).ok()?;
    let within = line_text.char_indices().map(|(i, _)| i).chain(std::iter::once(line_text.len())).nth(k)?;
    Some(start + within)
}

/// `text` with `edits` applied (sorted, not overlapping, as [`choose`] and the engine make
/// them). `None` when an edit does not fit the text (it was made for another version).
pub fn apply(text: &str, edits: &[Edit]) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut at = 0usize;
    for e in edits {
        let (a, b) = (offset(text, e.line, e.column)?, offset(text, e.end_line, e.end_column)?);
        if a < at || b < a {
            return None;
        }
        out.push_str(&text[at..a]);
        out.push_str(&e.content);
        at = b;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// The change from `old` to `new` as a unified diff of `path` (`--- a/path`, `+++ b/path`,
/// three lines of context); empty when nothing changed.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(line: u32, column: u32, end_line: u32, end_column: u32, content: &str) -> Edit {
        Edit { line, column, end_line, end_column, content: content.to_string() }
    }

    #[test]
    fn offsets_count_characters_and_reach_the_end() {
        let text = "Ünïcode line\nsecond\n";
        assert_eq!(offset(text, 1, 1), Some(0));
        assert_eq!(offset(text, 1, 2), Some(2), "Ü is two bytes");
        assert_eq!(offset(text, 1, 13), Some(text.find('\n').unwrap()), "just after the last character");
        assert_eq!(offset(text, 1, 14), None);
        assert_eq!(offset(text, 3, 1), Some(text.len()), "after the final break");
        assert_eq!(offset(text, 4, 1), None);
        assert_eq!(offset("a\r\nb", 1, 2), Some(1), "a CR is part of the break");
    }

    #[test]
    fn edits_replace_insert_and_remove_lines() {
        let text = "# Title\n\n#### Deep\n\n- a\n- a\n";
        let edits = [edit(3, 1, 3, 5, "##"), edit(6, 1, 7, 1, "")];
        assert_eq!(apply(text, &edits).as_deref(), Some("# Title\n\n## Deep\n\n- a\n"));
        assert_eq!(
            apply(text, &[edit(2, 1, 2, 1, "<!-- x -->\n")]).as_deref(),
            Some("# Title\n<!-- x -->\n\n#### Deep\n\n- a\n- a\n")
        );
        assert_eq!(apply(text, &[edit(9, 1, 9, 2, "")]), None, "an edit past the end is refused");
    }

    fn finding(file: &str, fixes: Vec<Fix>) -> Finding {
        Finding { fixes, ..crate::test_support::finding("r", file) }
    }

    fn fix(applicability: Applicability, edits: Vec<Edit>) -> Fix {
        Fix { title: "t".into(), applicability, edits }
    }

    #[test]
    fn only_a_findings_one_certain_fix_is_chosen_and_overlaps_wait() {
        let safe = |l| fix(Applicability::Safe, vec![edit(l, 1, l, 3, "x")]);
        let judgement = |l| fix(Applicability::Unsafe, vec![edit(l, 1, l, 3, "y")]);
        let findings = [
            finding("a.md", vec![safe(1)]),
            finding("a.md", vec![safe(1)]),
            finding("a.md", vec![judgement(2)]),
            finding("a.md", vec![judgement(3), judgement(3)]),
            finding("b.md", vec![safe(5)]),
        ];
        let c = choose(&findings, false);
        assert_eq!(c.findings(), 2, "the overlapping second fix waits; unsafe ones are left");
        assert_eq!(c.files["a.md"].0.len(), 1);
        let c = choose(&findings, true);
        assert_eq!(c.findings(), 3, "the one unsafe fix of its finding; never one of two");
    }

    #[test]
    fn the_diff_names_the_file_and_is_empty_without_change() {
        let d = unified_diff("doc.md", "a\nb\nc\n", "a\nB\nc\n");
        assert!(d.starts_with("--- a/doc.md\n+++ b/doc.md\n@@ -1,3 +1,3 @@\n"), "{d}");
        assert!(d.contains("-b\n+B\n"), "{d}");
        assert_eq!(unified_diff("doc.md", "same\n", "same\n"), "");
    }
}
