//! Breakdowns the text states, for charts: a figure with the list of counted items under it
//! (the lists `sum-mismatch` adds up), and lists whose every item opens with a share of a whole
//! (the lists `percent-sum` adds up).

use reportkit_model::{Document, Section};

use crate::analysis::facts::Qualifier;
use crate::analysis::lists::{intro, leading, list_total, phrase};
use crate::analysis::units::UnitKind;
use crate::analysis::{Analysis, Context};

/// One breakdown, in document order.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    /// Index of the document in the corpus.
    pub document: usize,
    /// Id of the innermost section (or article) holding the list; empty before the first heading.
    pub section_id: String,
    /// Last line of the list.
    pub line: u32,
    /// What is broken down: the total as written ("40 meetings"), or the sentence introducing
    /// a list of shares.
    pub title: String,
    /// Each item's label and value, in list order.
    pub items: Vec<(String, f64)>,
    /// `"%"` for shares, empty for counts.
    pub unit: String,
}

/// Longest label kept, in characters (longer ones end with "…").
const MAX_LABEL: usize = 120;
/// Longest title kept.
const MAX_TITLE: usize = 90;

fn shorten(text: &str) -> String {
    shorten_to(text, MAX_LABEL)
}

fn shorten_to(text: &str, max: usize) -> String {
    // Line breaks are white space: a label reads the same however its source was wrapped.
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = t.trim_start_matches([':', '-', '–', ',']).trim();
    let t = t.trim_end_matches([':', ';', ',', '.']);
    if t.chars().count() <= max {
        return t.to_string();
    }
    let mut cut: String = t.chars().take(max - 1).collect();
    if let Some(i) = cut.rfind(' ') {
        cut.truncate(i);
    }
    cut.push('…');
    cut
}

fn innermost(sections: &[Section], line: u32) -> Option<&Section> {
    let s = sections.iter().find(|s| s.span.start <= line && line <= s.span.end)?;
    Some(innermost(&s.children, line).unwrap_or(s))
}

/// The id of the section (or article) holding `line`.
pub fn section_at(doc: &Document, line: u32) -> String {
    if let Some(s) = innermost(&doc.sections, line) {
        return s.id.clone();
    }
    for a in &doc.articles {
        if a.span.start <= line && line <= a.span.end {
            return innermost(&a.sections, line).map_or_else(|| a.id.clone(), |s| s.id.clone());
        }
    }
    String::new()
}

impl Analysis<'_> {
    /// Every breakdown of the corpus.
    pub fn breakdowns(&self) -> Vec<Breakdown> {
        breakdowns(self)
    }
}

fn breakdowns(cx: &Context) -> Vec<Breakdown> {
    let mut out = Vec::new();
    for l in cx.lists() {
        let last = l.items.last().map_or(0, |(_, u)| u.end_line);
        let doc = &cx.corpus.documents[l.doc];
        let (title, items, unit) = if let Some(t) = list_total(cx, &l) {
            // The list's own caption: the short sentence that introduces it ("262 sessions at
            // the meeting"), else the total as written. Never a verdict on the figures: the
            // chart is part of the publication, the check is not.
            let title = intro(cx, l.doc, l.first)
                .filter(|(_, u)| matches!(u.kind, UnitKind::Paragraph) && u.text.chars().count() <= MAX_TITLE)
                .map_or_else(|| phrase(cx.unit(l.doc, t.total.unit), t.total), |(_, u)| shorten_to(&u.text, MAX_TITLE));
            let items = t.labels.iter().zip(&t.leads).map(|(label, q)| (shorten(label), q.value)).collect();
            (title, items, String::new())
        } else {
            let Some(leads) = l.items.iter().map(|(i, _)| leading(cx, l.doc, *i)).collect::<Option<Vec<_>>>() else {
                continue;
            };
            if leads.len() < 2 || leads.iter().any(|q| !q.percent || q.qualifier != Qualifier::Exact) {
                continue;
            }
            let title = intro(cx, l.doc, l.first).map_or_else(String::new, |(_, u)| shorten_to(&u.text, MAX_TITLE));
            let items = l.items.iter().zip(&leads).map(|((_, u), q)| (shorten(&u.text[q.end..]), q.value)).collect();
            (title, items, "%".to_string())
        };
        out.push(Breakdown { document: l.doc, section_id: section_at(doc, last), line: last, title, items, unit });
    }
    out.sort_by_key(|b| (b.document, b.line));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breakdowns_of(md: &str) -> Vec<Breakdown> {
        let doc = reportkit_parse::parse("t.md", md.as_bytes(), None).unwrap();
        let corpus = reportkit_model::Corpus { version: reportkit_model::SCHEMA_VERSION.into(), documents: doc };
        Analysis::new(&corpus).breakdowns()
    }

    #[test]
    fn counts_under_a_total_and_shares_of_a_whole() {
        let md = "# Meeting\n\n## Sessions\n\n13 sessions took place:\n\n- 5 workshops\n- 7 open forums\n\n\
                  Where participants came from:\n\n- 60% from Africa\n- 40% from Europe\n\n\
                  Some figures:\n\n- 3 cats\n- 4 dogs\n";
        let b = breakdowns_of(md);
        assert_eq!(b.len(), 2, "{b:?}");
        // The caption is the sentence introducing the list, with no verdict on its sum.
        assert_eq!(b[0].title, "13 sessions took place");
        assert_eq!(b[0].items, vec![("workshops".to_string(), 5.0), ("open forums".to_string(), 7.0)]);
        assert_eq!(b[0].unit, "");
        assert_eq!(b[0].section_id, "sessions");
        assert_eq!(b[0].line, 8);
        assert_eq!(b[1].title, "Where participants came from");
        assert_eq!(b[1].items[1], ("from Europe".to_string(), 40.0));
        assert_eq!(b[1].unit, "%");
    }

    #[test]
    fn long_labels_are_shortened_at_a_word() {
        let s = shorten(&"word ".repeat(30));
        assert!(s.ends_with('…') && s.chars().count() <= MAX_LABEL, "{s}");
    }
}
