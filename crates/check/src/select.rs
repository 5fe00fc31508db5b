//! `--select` and `--ignore`: narrowing the rules that run, by rule id or family.
//!
//! A selector is a rule id (`sum-mismatch`), a family (`numbers`, see `reportkit rules`) or
//! `all`. With `--select`, only the rules selected run; `--ignore` then turns rules off, and
//! wins over `--select`. A rule selected by its id runs even when it is a preview rule or
//! reportkit.toml turns it off (at its configured severity, else its default); a rule selected
//! through its family or `all` keeps the configuration's decision.

use crate::config::{Config, Level};
use crate::rules::{ALL, FAMILIES};
use crate::Rule;

/// What a selector names.
enum Selector {
    All,
    Family(&'static str),
    Rule(&'static Rule),
}

impl Selector {
    fn matches(&self, r: &Rule) -> bool {
        match self {
            Selector::All => true,
            Selector::Family(f) => r.family == *f,
            Selector::Rule(x) => x.id == r.id,
        }
    }
}

/// Parse one selector, or say what the user may have meant.
fn parse(s: &str) -> Result<Selector, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("all") {
        return Ok(Selector::All);
    }
    if let Some(r) = ALL.iter().find(|r| r.id == s) {
        return Ok(Selector::Rule(r));
    }
    if let Some((f, _)) = FAMILIES.iter().find(|(f, _)| *f == s) {
        return Ok(Selector::Family(f));
    }
    let names = ALL.iter().map(|r| r.id).chain(FAMILIES.iter().map(|(f, _)| *f)).chain(["all"]);
    let closest = names
        .map(|n| (strsim::levenshtein(n, s), n))
        .filter(|(d, n)| *d <= 2.max(n.len() / 4))
        .min()
        .map(|(_, n)| format!("; did you mean `{n}`?"))
        .unwrap_or_default();
    Err(format!("unknown rule or family `{s}`{closest} (`reportkit rules` lists them)"))
}

/// Parse a list of selectors, each item possibly comma-separated (`--select numbers,dates`).
fn parse_all(items: &[String]) -> Result<Vec<Selector>, String> {
    items.iter().flat_map(|i| i.split(',')).filter(|s| !s.trim().is_empty()).map(parse).collect()
}

/// Narrow `config` to the rules `select` names (all when empty) minus those `ignore` names.
/// An error names the selector that is not a rule id or a family.
pub fn apply(config: &mut Config, select: &[String], ignore: &[String]) -> Result<(), String> {
    let select = parse_all(select)?;
    let ignore = parse_all(ignore)?;
    for r in ALL {
        if ignore.iter().any(|s| s.matches(r)) || (!select.is_empty() && !select.iter().any(|s| s.matches(r))) {
            config.rules.insert(r.id.to_string(), Level::Off);
        } else if select.iter().any(|s| matches!(s, Selector::Rule(x) if x.id == r.id)) && config.severity(r).is_none()
        {
            let level = match r.severity {
                reportkit_model::Severity::Error => Level::Error,
                reportkit_model::Severity::Warning => Level::Warning,
                reportkit_model::Severity::Info => Level::Info,
            };
            config.rules.insert(r.id.to_string(), level);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn running(c: &Config) -> Vec<&'static str> {
        ALL.iter().filter(|r| c.severity(r).is_some()).map(|r| r.id).collect()
    }

    #[test]
    fn every_rule_belongs_to_a_listed_family() {
        for r in ALL {
            assert!(FAMILIES.iter().any(|(f, _)| *f == r.family), "{}: family `{}` is not listed", r.id, r.family);
        }
    }

    #[test]
    fn a_family_selects_its_rules_and_ignore_wins() {
        let mut c = Config::default();
        apply(&mut c, &["numbers".into()], &["fact-conflict".into()]).unwrap();
        let on = running(&c);
        assert!(on.contains(&"sum-mismatch"));
        assert!(!on.contains(&"fact-conflict"));
        assert!(!on.contains(&"weekday-mismatch"));
    }

    #[test]
    fn a_rule_named_by_id_runs_even_when_off_or_preview() {
        let preview = ALL.iter().find(|r| r.preview).expect("a preview rule");
        let mut c = Config::parse("[rules]\nsum-mismatch = \"off\"\n").unwrap();
        apply(&mut c, &[format!("sum-mismatch,{}", preview.id)], &[]).unwrap();
        assert_eq!(running(&c), {
            let mut v: Vec<&str> =
                ALL.iter().filter(|r| r.id == "sum-mismatch" || r.id == preview.id).map(|r| r.id).collect();
            v.dedup();
            v
        });
        // Through its family, a preview rule stays off.
        let mut c = Config::default();
        apply(&mut c, &[preview.family.into()], &[]).unwrap();
        assert!(!running(&c).contains(&preview.id));
    }

    #[test]
    fn unknown_selectors_are_refused_with_a_suggestion() {
        let e = apply(&mut Config::default(), &["sum-mismatc".into()], &[]).unwrap_err();
        assert!(e.contains("did you mean `sum-mismatch`"), "{e}");
        assert!(apply(&mut Config::default(), &[], &["nothing-like-it".into()]).is_err());
    }
}
