//! # unused-suppression
//!
//! A suppression that suppresses nothing: unused, or malformed.
//!
//! ## What it does
//!
//! Reports a suppression comment of a document (`reportkit-disable-next-block`,
//! `reportkit-disable` … `reportkit-enable`, `reportkit-disable-file`) and a `[[suppress]]`
//! entry of `reportkit.toml` that accepted no finding of a rule it names, once every other rule
//! has run. A rule that did not run (off, or a preview rule without `--preview`) is not held
//! against the suppression. A comment that gives no reason, names no rule or an unknown rule, a
//! misspelt keyword, a `reportkit-disable-next-block` with no block after it and a
//! `reportkit-enable` with nothing to enable suppress nothing and are reported whatever ran.
//!
//! The engine makes this rule's findings after the other rules' (a suppression is unused only
//! relative to their findings): `check` below reads nothing from the analysis.
//!
//! ## Why is this bad?
//!
//! A suppression outlives the finding it was written for: once the text is fixed it would hide
//! the next, different defect of that rule in the same place. A malformed one hides nothing, and
//! its author believes it does.
//!
//! ## Example
//!
//! Fails:
//!
//! ```markdown
//! # Report
//!
//! <!-- reportkit-disable-next-block sum-mismatch -->
//! The forum held 12 sessions:
//!
//! - 5 workshops
//! - 4 panels
//! - 2 talks
//! ```
//!
//! Passes:
//!
//! ```markdown
//! # Report
//!
//! <!-- reportkit-disable-next-block sum-mismatch -- the printed programme has the same figures -->
//! The forum held 12 sessions:
//!
//! - 5 workshops
//! - 4 panels
//! - 2 talks
//! ```

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::Context;
use crate::violation::{Diagnostic, Violation};

/// A suppression that accepted no finding.
#[derive(Debug, Serialize, JsonSchema)]
pub struct UnusedSuppression {
    /// The form: `next-block`, `range`, `file`, `enable` (in a document) or `config` (a
    /// `[[suppress]]` entry).
    pub form: String,
    /// The rules it names that it accepted no finding of (every rule it names when malformed).
    pub rules: Vec<String>,
    /// Why it suppresses nothing: `unused`, or what is wrong with it.
    pub problem: String,
}

impl Violation for UnusedSuppression {
    const KEY: &'static [&'static str] = &["form", "rules", "problem"];

    fn message(&self) -> String {
        let what = if self.form == "config" { "[[suppress]] entry" } else { "suppression" };
        if self.problem == "unused" {
            format!("{what} of {} suppresses no finding", self.rules.join(", "))
        } else {
            format!("{what} suppresses nothing: {}", self.problem)
        }
    }
}

/// The rule's findings are made by the engine after every other rule has run (see the module
/// documentation and `crate::suppress`): this finds nothing by itself.
pub fn check(_cx: &Context) -> Vec<Diagnostic<UnusedSuppression>> {
    Vec::new()
}
