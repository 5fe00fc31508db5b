//! reportkit's checker.
//!
//! [`check`] reads a corpus (and the source texts, only to quote lines) and runs every enabled
//! rule on it. The modules, each depending only on those listed before it:
//!
//! - [`analysis`]: what rules read (text units, facts, sections, lists, glossaries, links,
//!   repeated passages), each view computed once, on first use;
//! - [`violation`]: the typed findings rules report;
//! - [`rule`]: a registered rule as the engine and the CLI see it;
//! - `rules`: the rules, one file each, and their one-line registry;
//! - [`config`], [`baseline`]: `reportkit.toml` and the baseline file;
//! - [`suppress`]: the suppression comments of documents ([`suppress_here`]: where an editor
//!   writes a new one);
//! - `engine`: runs the rules and turns their diagnostics into
//!   [`Finding`](reportkit_model::Finding)s (severity, fingerprint, suppressions, baseline,
//!   order);
//! - [`output`]: the human, JSON, SARIF and GitHub forms;
//! - [`fix`]: choosing and applying the fixes findings offer (`check --fix`, editors).

pub mod analysis;
pub mod baseline;
pub mod config;
mod engine;
pub mod fix;
pub mod output;
pub mod rule;
mod rules;
pub mod select;
pub mod suppress;
pub mod suppress_here;
#[cfg(test)]
pub(crate) mod test_support;
pub mod violation;

pub use analysis::{breakdown, facts, units, Analysis, Context};
pub use baseline::Baseline;
pub use config::Config;
pub use engine::{check, side_by_side, Outcome};
pub use rule::Rule;
pub use suppress::{Suppressed, SuppressionKind};

/// Every rule, in a stable order.
pub fn rules() -> &'static [Rule] {
    rules::ALL
}

/// The families of rules (`--select` and `--ignore` take them): `(name, what its rules are about)`.
pub fn families() -> &'static [(&'static str, &'static str)] {
    rules::FAMILIES
}

/// A rule by id.
pub fn rule_by_id(id: &str) -> Option<&'static Rule> {
    rules::by_id(id)
}

/// The findings schema: the model's, with each rule's `data` described by its violation type.
pub fn findings_schema() -> serde_json::Value {
    let mut generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let mut branches = Vec::new();
    for r in rules() {
        let data = (r.data_schema)(&mut generator);
        branches.push(serde_json::json!({
            "if": { "properties": { "rule": { "const": r.id } } },
            "then": { "properties": { "data": data } },
        }));
    }
    let mut v = reportkit_schema::generate_findings_schema();
    let defs = generator.take_definitions(true);
    let root = v.as_object_mut().expect("a schema is an object");
    let all = root.entry("$defs").or_insert_with(|| serde_json::json!({}));
    if let Some(all) = all.as_object_mut() {
        for (k, d) in defs {
            all.insert(k, d);
        }
        if let Some(finding) = all.get_mut("Finding").and_then(|f| f.as_object_mut()) {
            finding.insert("allOf".into(), serde_json::Value::Array(branches));
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use reportkit_model::Corpus;
    use reportkit_model::SourceFormat;

    /// A total that its items contradict, a copied paragraph and an undefined acronym: findings
    /// of rules that read facts and of rules that do not.
    const TEXT: &str = "# Report\n\nThe forum held 12 sessions:\n\n- 5 workshops\n- 4 panels\n- 2 talks\n\n\
        Delegates from every region met in the hall to agree on the common text for the year.\n\n\
        The XYZ met too.\n\n## Glossary\n\n| Acronym | Meaning |\n|---|---|\n| ABC | A Big Council |\n| DEF | Data Exchange Forum |\n\n\
        Delegates from every region met in the hall to agree on the common text for the year.\n";

    fn corpus() -> Corpus {
        test_support::corpus(&[("r.md", TEXT, SourceFormat::Markdown)])
    }

    fn rule_ids(o: &Outcome) -> Vec<&str> {
        let mut ids: Vec<&str> = o.findings.iter().map(|f| f.rule.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    #[test]
    fn one_rule_alone_finds_what_it_finds_among_all() {
        let c = corpus();
        let all = check(&c, &[], &Config::default(), None);
        let ids = rule_ids(&all);
        assert!(ids.contains(&"sum-mismatch") && ids.contains(&"duplicate-passage"), "{ids:?}");
        for id in ids {
            let mut toml = String::from("[rules]\n");
            for r in rules().iter().filter(|r| r.id != id && !r.preview) {
                toml.push_str(&format!("{} = \"off\"\n", r.id));
            }
            let alone = check(&c, &[], &Config::parse(&toml).unwrap(), None);
            assert_eq!(rule_ids(&alone), [id]);
            let among: Vec<_> = all.findings.iter().filter(|f| f.rule == id).collect();
            assert_eq!(format!("{:?}", alone.findings.iter().collect::<Vec<_>>()), format!("{among:?}"));
        }
    }

    #[test]
    fn committed_findings_schema_is_current() {
        let generated = reportkit_schema::schema_text(&findings_schema());
        assert!(
            generated == reportkit_schema::FINDINGS_SCHEMA,
            "schemas/findings.schema.json is stale: run `cargo xtask schemas` and commit the result"
        );
    }

    #[test]
    fn findings_schema_describes_each_rules_data() {
        let schema = findings_schema();
        let text = schema.to_string();
        for r in rules() {
            assert!(text.contains(&format!("\"const\":\"{}\"", r.id)), "{}", r.id);
        }
    }
}
