//! The rules, one module each, and their registry: one line per rule.
//!
//! A line reads `id => module, family, default severity` (add `, preview` for a rule that runs
//! only with `--preview`). The family is one of [`FAMILIES`]: `--select` and `--ignore` take a
//! family for all its rules. The module holds the rule's documentation (its `//!` comment), its
//! violation type and `pub fn check(cx: &Context) -> Vec<Diagnostic<ItsViolation>>`.

use reportkit_model::Severity;

use crate::rule::{drafts, key_of, schema_of, Rule};

macro_rules! registry {
    ($($id:literal => $module:ident, $family:ident, $sev:ident $(, $preview:ident)?;)*) => {
        $(mod $module;)*
        /// Every rule, in a stable order.
        pub(crate) static ALL: &[Rule] = &[$(Rule {
            id: $id,
            family: stringify!($family),
            severity: Severity::$sev,
            preview: registry!(@preview $($preview)?),
            source: include_str!(concat!(stringify!($module), ".rs")),
            run: |cx| drafts($module::check, cx),
            data_schema: |g| schema_of($module::check, g),
            key: key_of($module::check),
        }),*];
    };
    (@preview preview) => { true };
    (@preview) => { false };
}

registry! {
    "sum-mismatch" => sum_mismatch, numbers, Error;
    "percent-sum" => percent_sum, numbers, Warning;
    "percent-of-count" => percent_of_count, numbers, Warning;
    "count-mismatch" => count_mismatch, numbers, Error;
    "fact-conflict" => fact_conflict, numbers, Warning;
    "weekday-mismatch" => weekday_mismatch, dates, Error;
    "toc-mismatch" => toc_mismatch, structure, Warning;
    "heading-level" => heading_level, structure, Warning;
    "duplicate-heading" => duplicate_heading, structure, Warning;
    "name-variant" => name_variant, names, Warning;
    "glossary-undefined" => glossary_undefined, names, Warning;
    "glossary-unused" => glossary_unused, names, Warning;
    "glossary-duplicate" => glossary_duplicate, names, Warning, preview;
    "missing-content" => missing_content, structure, Warning;
    "duplicate-passage" => duplicate_passage, repetition, Warning;
    "repeated-boilerplate" => repeated_boilerplate, repetition, Info;
    "duplicate-link" => duplicate_link, links, Warning;
    "placeholder-link" => placeholder_link, links, Warning;
    "dead-anchor" => dead_anchor, links, Warning;
    "repeated-item" => repeated_item, repetition, Warning;
    "unused-suppression" => unused_suppression, suppressions, Warning;
}

pub(crate) use unused_suppression::UnusedSuppression;

/// The families of rules, with what they are about (`reportkit rules` lists them).
pub(crate) const FAMILIES: &[(&str, &str)] = &[
    ("numbers", "totals, breakdowns, percentages and figures stated more than once"),
    ("dates", "dates and the weekdays they fall on"),
    ("structure", "headings, contents and sections"),
    ("names", "spellings of names, glossaries and abbreviations"),
    ("repetition", "passages, items and boilerplate repeated"),
    ("links", "links that lead nowhere, to a missing anchor, or twice to one place"),
    ("suppressions", "suppressions that suppress nothing"),
];

/// A rule by id.
pub(crate) fn by_id(id: &str) -> Option<&'static Rule> {
    ALL.iter().find(|r| r.id == id)
}
