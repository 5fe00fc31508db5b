//! The rules, one module each, and their registry: one line per rule.
//!
//! A line reads `id => module, default severity` (add `, preview` for a rule that runs only
//! with `--preview`). The module holds the rule's documentation (its `//!` comment), its
//! violation type and `pub fn check(cx: &Context) -> Vec<Diagnostic<ItsViolation>>`.

use reportkit_model::Severity;

use crate::rule::{drafts, key_of, schema_of, Rule};

macro_rules! registry {
    ($($id:literal => $module:ident, $sev:ident $(, $preview:ident)?;)*) => {
        $(mod $module;)*
        /// Every rule, in a stable order.
        pub(crate) static ALL: &[Rule] = &[$(Rule {
            id: $id,
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
    "sum-mismatch" => sum_mismatch, Error;
    "percent-sum" => percent_sum, Warning;
    "percent-of-count" => percent_of_count, Warning;
    "count-mismatch" => count_mismatch, Error;
    "fact-conflict" => fact_conflict, Warning;
    "weekday-mismatch" => weekday_mismatch, Error;
    "toc-mismatch" => toc_mismatch, Warning;
    "heading-level" => heading_level, Warning;
    "duplicate-heading" => duplicate_heading, Warning;
    "name-variant" => name_variant, Warning;
    "glossary-undefined" => glossary_undefined, Warning;
    "glossary-unused" => glossary_unused, Warning;
    "glossary-duplicate" => glossary_duplicate, Warning, preview;
    "missing-content" => missing_content, Warning;
    "duplicate-passage" => duplicate_passage, Warning;
    "repeated-boilerplate" => repeated_boilerplate, Info;
    "duplicate-link" => duplicate_link, Warning;
    "placeholder-link" => placeholder_link, Warning;
    "repeated-item" => repeated_item, Warning;
    "unused-suppression" => unused_suppression, Warning;
}

pub(crate) use unused_suppression::UnusedSuppression;

/// A rule by id.
pub(crate) fn by_id(id: &str) -> Option<&'static Rule> {
    ALL.iter().find(|r| r.id == id)
}
