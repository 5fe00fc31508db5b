//! `cargo xtask commonmark-spec PATH`: the Markdown writer against the CommonMark spec.
//!
//! For every example of a spec file (the `spec.txt` format of the CommonMark repository), the
//! example is read with reportkit and written back with the canonical Markdown writer; the
//! example passes when comrak, with reportkit's own options, renders the original and the
//! rewritten Markdown to the same HTML. The HTML is the right measure: reportkit maps reference
//! links, setext headings and entities to its model, so the Markdown text itself changes.

use std::path::Path;

use anyhow::{bail, Context, Result};
use reportkit_model::SourceFormat;
use reportkit_render::markdown::{to_markdown, MarkdownOptions};

/// One spec example.
struct Example {
    number: usize,
    section: String,
    markdown: String,
}

const FENCE: &str = "````````````````````````````````";

fn examples(spec: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut lines = spec.lines();
    while let Some(line) = lines.next() {
        if line.starts_with(FENCE) && line[FENCE.len()..].trim() == "example" {
            let mut md = String::new();
            for l in lines.by_ref() {
                if l == "." {
                    break;
                }
                md.push_str(l);
                md.push('\n');
            }
            for l in lines.by_ref() {
                if l.starts_with(FENCE) {
                    break;
                }
            }
            out.push(Example { number: out.len() + 1, section: section.clone(), markdown: md.replace('→', "\t") });
        } else if let Some(h) = line.strip_prefix("## ").or_else(|| line.strip_prefix("# ")) {
            section = h.trim().to_string();
        }
    }
    out
}

fn html(md: &str) -> String {
    comrak::markdown_to_html(md, &reportkit_parse::comrak_options())
}

/// Our Markdown of an example, or why there is none.
fn rewrite(md: &str) -> Result<String, String> {
    let md = md.to_string();
    std::panic::catch_unwind(move || {
        let docs = reportkit_parse::parse("example.md", md.as_bytes(), Some(SourceFormat::Markdown))
            .map_err(|e| e.to_string())?;
        Ok(docs.iter().map(|d| to_markdown(d, &MarkdownOptions::default())).collect::<Vec<_>>().join("\n"))
    })
    .unwrap_or_else(|_| Err("panicked".to_string()))
}

/// Run the check; `args` may hold `--verbose` to print each failure's Markdown and HTML.
pub fn run(args: &[String]) -> Result<()> {
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        bail!("usage: cargo xtask commonmark-spec PATH/spec.txt [--verbose]")
    };
    let verbose = args.iter().any(|a| a == "--verbose");
    let spec = std::fs::read_to_string(Path::new(path)).with_context(|| format!("reading {path}"))?;
    let version =
        spec.lines().find_map(|l| l.strip_prefix("version:")).map(|v| v.trim().trim_matches('\'').to_string());
    let all = examples(&spec);
    if all.is_empty() {
        bail!("{path}: no examples found (expected the spec.txt format)");
    }
    std::panic::set_hook(Box::new(|_| {}));
    let mut failures = Vec::new();
    for ex in &all {
        let expected = html(&ex.markdown);
        let ok = match rewrite(&ex.markdown) {
            Ok(ours) => {
                let got = html(&ours);
                if got != expected && verbose {
                    println!(
                        "== example {} ({})\n-- source\n{}-- ours\n{}-- expected html\n{}-- our html\n{}",
                        ex.number, ex.section, ex.markdown, ours, expected, got
                    );
                }
                got == expected
            }
            Err(e) => {
                if verbose {
                    println!("== example {} ({}): {e}", ex.number, ex.section);
                }
                false
            }
        };
        if !ok {
            failures.push(ex);
        }
    }
    let _ = std::panic::take_hook();
    let passed = all.len() - failures.len();
    println!(
        "CommonMark spec {}: {passed}/{} examples round-trip to the same HTML ({:.1}%), {} fail",
        version.as_deref().unwrap_or("(unknown version)"),
        all.len(),
        passed as f64 * 100.0 / all.len() as f64,
        failures.len()
    );
    let mut by_section: Vec<(String, Vec<usize>)> = Vec::new();
    for f in &failures {
        match by_section.last_mut() {
            Some((s, v)) if *s == f.section => v.push(f.number),
            _ => by_section.push((f.section.clone(), vec![f.number])),
        }
    }
    for (s, v) in by_section {
        println!("  {s}: {}", v.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", "));
    }
    Ok(())
}
