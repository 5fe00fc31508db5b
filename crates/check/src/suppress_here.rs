//! Where a suppression comment goes for a finding: what an editor's "Suppress this finding
//! here" action writes (see [`crate::suppress`] for the syntax it must follow).

use reportkit_model::{Document, SourceFormat};

/// The reason written into a new suppression comment. It is a valid reason (a suppression
/// without one suppresses nothing), so the finding goes at once; the `TODO` says that a person
/// still owes the real one, and is easy to search for in review.
pub const REASON_PLACEHOLDER: &str = "TODO: say why this finding is accepted";

/// A suppression comment to insert as a line of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insertion {
    /// The line (1-based) the comment is inserted before: the first line of the outermost block
    /// holding the finding's first line.
    pub line: u32,
    /// The comment line, with its line break.
    pub text: String,
}

/// The `reportkit-disable-next-block` comment that accepts findings of `rule` starting on
/// `line` of `doc` (whose source text is `source`), with [`REASON_PLACEHOLDER`] as its reason:
/// an HTML comment in Markdown and HTML, a line of its own in plain text, put above the
/// outermost block (paragraph, list, table, heading, quote) that holds `line`, so that it
/// neither splits a paragraph or a list nor covers less than the finding's block. `None` for
/// canonical JSON sources and lines that no block holds.
pub fn next_block_comment(doc: &Document, source: &str, rule: &str, line: u32) -> Option<Insertion> {
    let (spans, _) = crate::suppress::block_spans(doc);
    let start = spans.iter().filter(|&&(a, b)| a <= line && line <= b).map(|&(a, _)| a).min()?;
    let comment = format!("reportkit-disable-next-block {rule} -- {REASON_PLACEHOLDER}");
    let text = match doc.source.format {
        SourceFormat::Json => return None,
        SourceFormat::Text => format!("{comment}\n"),
        SourceFormat::Markdown => format!("<!-- {comment} -->\n"),
        SourceFormat::Html => {
            // The indentation of the element it covers, for the eye only.
            let at = source.split('\n').nth(start.checked_sub(1)? as usize).unwrap_or("");
            let indent = &at[..at.len() - at.trim_start().len()];
            format!("{indent}<!-- {comment} -->\n")
        }
    };
    Some(Insertion { line: start, text })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;
    use reportkit_model::Corpus;

    fn findings(path: &str, text: &str, format: SourceFormat) -> (Corpus, Vec<reportkit_model::Finding>) {
        let corpus = crate::test_support::corpus(&[(path, text, format)]);
        let found = crate::check(&corpus, &[text.to_string()], &Config::default(), None).findings;
        (corpus, found)
    }

    /// Insert the comment for every finding of `rule` and check that the finding goes and that
    /// no unused suppression appears.
    fn suppressed_by_insertion(path: &str, text: &str, format: SourceFormat, rule: &str) {
        let (corpus, before) = findings(path, text, format);
        let f = before.iter().find(|f| f.rule == rule).unwrap_or_else(|| panic!("no {rule} in {before:?}"));
        let ins = next_block_comment(&corpus.documents[0], text, rule, f.line).expect("a place");
        let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
        lines.insert(ins.line as usize - 1, &ins.text);
        let edited = lines.concat();
        let (_, after) = findings(path, &edited, format);
        let rules: Vec<&str> = after.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(
            after.iter().filter(|g| g.rule == rule).count() + 1,
            before.iter().filter(|g| g.rule == rule).count(),
            "{edited}\n{rules:?}"
        );
        assert!(!rules.contains(&"unused-suppression"), "{edited}\n{after:?}");
    }

    #[test]
    fn a_finding_in_a_list_item_is_suppressed_above_the_list() {
        let text = "# Report\n\nThe forum held 12 sessions:\n\n- 5 workshops\n- 4 panels\n- 2 talks\n";
        suppressed_by_insertion("r.md", text, SourceFormat::Markdown, "sum-mismatch");
        let (corpus, found) = findings("r.md", text, SourceFormat::Markdown);
        let f = found.iter().find(|f| f.rule == "sum-mismatch").expect("found");
        let ins = next_block_comment(&corpus.documents[0], text, "sum-mismatch", f.line).expect("a place");
        assert_eq!(
            ins.text,
            "<!-- reportkit-disable-next-block sum-mismatch -- TODO: say why this finding is accepted -->\n"
        );
    }

    #[test]
    fn plain_text_gets_a_marker_line() {
        let text = "Report\n\nThe forum held 12 sessions:\n- 5 workshops\n- 4 panels\n- 2 talks\n";
        suppressed_by_insertion("r.txt", text, SourceFormat::Text, "sum-mismatch");
    }
}
