//! `cargo xtask roundtrip DIR [--limit N] [--verbose]`: real Markdown documents through the
//! Markdown reader and the canonical Markdown writer.
//!
//! For every `.md` file under DIR (sorted by path, so `--limit N` takes a deterministic sample:
//! the first N), the file is read with reportkit and written back as canonical Markdown. A file
//! passes when
//!
//! - comrak, with reportkit's own options (the same as `commonmark-spec` uses), renders the
//!   original and the rewritten Markdown to the same HTML, and
//! - the writing is idempotent: reading the rewritten text and writing it again gives the same
//!   bytes.
//!
//! The leading `<!-- reportkit: … -->` comment the writer adds when plain Markdown would lose a
//! document's kind or title is left out of the HTML comparison: it is reportkit's own metadata,
//! shown by no Markdown viewer.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use reportkit_model::SourceFormat;
use reportkit_render::markdown::{to_markdown, MarkdownOptions, HEADER_OPEN};

fn html(md: &str) -> String {
    comrak::markdown_to_html(md, &reportkit_parse::comrak_options())
}

/// reportkit's Markdown of a source, or why there is none.
fn rewrite(name: &str, md: &str) -> Result<String, String> {
    let (name, md) = (name.to_string(), md.to_string());
    std::panic::catch_unwind(move || {
        let docs =
            reportkit_parse::parse(&name, md.as_bytes(), Some(SourceFormat::Markdown)).map_err(|e| e.to_string())?;
        Ok(docs.iter().map(|d| to_markdown(d, &MarkdownOptions::default())).collect::<Vec<_>>().join("\n"))
    })
    .unwrap_or_else(|_| Err("panicked".to_string()))
}

/// The Markdown without the writer's leading metadata comment.
fn without_header(md: &str) -> &str {
    if md.starts_with(HEADER_OPEN) {
        md.split_once('\n').map_or("", |(_, rest)| rest)
    } else {
        md
    }
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for e in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let p = e?.path();
        if p.is_dir() {
            markdown_files(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "md" || x == "markdown") {
            out.push(p);
        }
    }
    Ok(())
}

/// The first line where two texts differ, with both lines, for the report.
fn first_difference(a: &str, b: &str) -> String {
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let i = la.iter().zip(&lb).position(|(x, y)| x != y).unwrap_or(la.len().min(lb.len()));
    let show = |v: &[&str]| v.get(i).map_or("(end)".to_string(), |l| l.chars().take(160).collect());
    format!("line {}:\n      expected: {}\n      got:      {}", i + 1, show(&la), show(&lb))
}

/// Run the check over `args`: DIR, optionally `--limit N` and `--verbose` (each failure's first
/// differing line).
pub fn run(args: &[String]) -> Result<()> {
    let mut dir = None;
    let mut limit = None;
    let mut verbose = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--limit" => limit = Some(it.next().context("--limit needs a number")?.parse::<usize>()?),
            "--verbose" => verbose = true,
            _ if a.starts_with("--") => bail!("unknown option {a}"),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let Some(dir) = dir else { bail!("usage: cargo xtask roundtrip DIR [--limit N] [--verbose]") };
    let mut files = Vec::new();
    markdown_files(&dir, &mut files)?;
    files.sort();
    if let Some(n) = limit {
        files.truncate(n);
    }
    if files.is_empty() {
        bail!("{}: no .md files", dir.display());
    }
    std::panic::set_hook(Box::new(|_| {}));
    let (mut same_html, mut idempotent) = (0, 0);
    let mut failures: Vec<(String, String)> = Vec::new();
    for f in &files {
        let name = f.strip_prefix(&dir).unwrap_or(f).display().to_string();
        let src = match std::fs::read_to_string(f) {
            Ok(s) => s,
            Err(e) => {
                failures.push((name, format!("unreadable: {e}")));
                continue;
            }
        };
        let ours = match rewrite(&name, &src) {
            Ok(o) => o,
            Err(e) => {
                failures.push((name, e));
                continue;
            }
        };
        let mut why = Vec::new();
        let (expected, got) = (html(&src), html(without_header(&ours)));
        if expected == got {
            same_html += 1;
        } else {
            why.push(format!("HTML differs at {}", first_difference(&expected, &got)));
        }
        match rewrite(&name, &ours) {
            Ok(again) if again == ours => idempotent += 1,
            Ok(again) => why.push(format!("not idempotent at {}", first_difference(&ours, &again))),
            Err(e) => why.push(format!("rewritten text fails: {e}")),
        }
        if !why.is_empty() {
            failures.push((name, why.join("\n    ")));
        }
    }
    let _ = std::panic::take_hook();
    let n = files.len();
    println!(
        "{n} Markdown files of {}: {same_html}/{n} give the same HTML, {idempotent}/{n} idempotent, {} fail",
        dir.display(),
        failures.len()
    );
    for (name, why) in &failures {
        if verbose {
            println!("  {name}\n    {why}");
        } else {
            println!("  {name}: {}", why.lines().next().unwrap_or(""));
        }
    }
    Ok(())
}
