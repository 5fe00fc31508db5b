//! `reportkit build`: the main job in one command. Read the corpus, check it, and write for
//! every document its canonical JSON, Markdown and PDF, plus the findings as JSON and SARIF.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use clap::Args;
use rayon::prelude::*;
use reportkit_check::Baseline;
use reportkit_model::Document;

use crate::{check, convert, inputs, output, From};

#[derive(Args)]
pub struct BuildArgs {
    /// Files or directories; default: the corpus named in reportkit.toml.
    paths: Vec<PathBuf>,
    /// Output directory (created when missing).
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
    /// Configuration file (default: reportkit.toml found upward from the working directory).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Count only findings that this baseline file does not record.
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Exit 0 even when a finding at error severity remains.
    #[arg(long)]
    no_fail: bool,
    /// Leave out the PDFs.
    #[arg(long)]
    no_pdf: bool,
    /// Leave the charts out of the PDFs.
    #[arg(long)]
    no_charts: bool,
    /// Do not hyphenate the PDFs' text.
    #[arg(long)]
    no_hyphenate: bool,
    /// The standards the PDFs claim (ua-1, a-2b, a-2u, a-2a, none).
    #[arg(long, value_name = "LIST", long_help = convert::PDF_STANDARD_HELP)]
    pdf_standard: Option<reportkit_pdf::Standards>,
    /// Reflow the Markdown's paragraphs at N columns.
    #[arg(long, value_name = "N")]
    wrap: Option<usize>,
    /// Read every input as this format instead of detecting it.
    #[arg(long, value_enum)]
    from: Option<From>,
    #[command(flatten)]
    input: inputs::InputArgs,
}

/// The outputs of one document.
struct Outputs {
    json: String,
    markdown: String,
    pdf: Option<reportkit_pdf::Rendered>,
}

/// A file name derived from a document id: letters, digits, `-`, `_` and `.` only, never
/// starting with a dot, so no id can name a path outside the output directory.
pub fn file_stem(id: &str) -> String {
    let s: String =
        id.chars().map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '-' }).collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() {
        "document".to_string()
    } else {
        s
    }
}

/// The source files under `paths`, leaving out everything inside the output directory (a
/// previous build's `.md` and `.json` are not sources).
fn sources(paths: &[PathBuf], out_dir: &Path, opts: &inputs::InputArgs) -> Result<Vec<inputs::Input>> {
    let out_abs = std::fs::canonicalize(out_dir).ok();
    let mut files = inputs::collect(paths, opts)?;
    let found = files.len();
    if let Some(out) = out_abs {
        let given: Vec<PathBuf> = paths.iter().filter_map(|p| std::fs::canonicalize(p).ok()).collect();
        files.retain(|f| {
            if f.origin == inputs::Origin::Stdin {
                return true;
            }
            let Ok(abs) = std::fs::canonicalize(&f.path) else { return true };
            // A file named on the command line is always a source.
            given.contains(&abs) || !abs.starts_with(&out)
        });
    }
    if files.is_empty() && found > 0 {
        bail!(
            "{}: the output directory holds every input ({found} sources), and outputs are never read back as sources; choose another output directory",
            out_dir.display()
        );
    }
    if files.is_empty() {
        bail!("{}: no sources outside the output directory", out_dir.display());
    }
    Ok(files)
}

/// The JSON and Markdown of one document, side by side: they need nothing from the check.
fn render_text(doc: &Document, args: &BuildArgs) -> Result<(String, String)> {
    let (json, markdown) = rayon::join(|| convert::document_json(doc), || convert::markdown(doc, args.wrap));
    Ok((json?, markdown))
}

fn progress(total: usize) -> indicatif::ProgressBar {
    // A bar only on a terminal, and only when there are enough documents for it to matter.
    if total < 8 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} rendering {pos}/{len} documents {wide_bar} {eta}")
    {
        bar.set_style(style);
    }
    bar
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `reportkit build`.
pub fn build(args: BuildArgs) -> Result<ExitCode> {
    let start = Instant::now();
    let (config, base) = check::load_config(args.config.as_deref())?;
    let paths = check::resolve_paths(args.paths.clone(), &config, &base)?;
    if args.no_pdf && args.pdf_standard.is_some() {
        bail!("--pdf-standard sets what the PDFs claim, and --no-pdf leaves them out; give one or the other");
    }
    if args.output.is_file() {
        bail!("{}: the output must be a directory, and a file is there; choose a directory", args.output.display());
    }
    let baseline = match &args.baseline {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("{}: cannot read baseline", p.display()))?;
            Some(Baseline::parse(&text).map_err(|e| anyhow!("{}: not a reportkit baseline: {e}", p.display()))?)
        }
        None => None,
    };
    let files = sources(&paths, &args.output, &args.input)?;
    let loaded = inputs::load_files(&files, args.from.map(From::format), &args.input)?;
    let corpus = &loaded.corpus;

    // Output names, refused when two documents would write the same file.
    let stems: Vec<String> = corpus.documents.iter().map(|d| file_stem(&d.id)).collect();
    let mut seen: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for (stem, d) in stems.iter().zip(&corpus.documents) {
        if let Some(other) = seen.insert(stem, &d.source.path) {
            bail!(
                "{} and {}: both would be written as {stem}.*; rename one of the files or build them separately",
                other,
                d.source.path
            );
        }
    }

    // The check (with its reports) and the JSON and Markdown of every document run side by side;
    // the PDFs follow, as their charts come from the check's analysis.
    let ((outcome, breakdowns, findings_json, sarif), texts) = rayon::join(
        || {
            let analysis = reportkit_check::Analysis::new(corpus);
            let outcome = analysis.check(&loaded.sources, &config, baseline.as_ref());
            let breakdowns = if args.no_pdf || args.no_charts { Vec::new() } else { analysis.breakdowns() };
            let (json, sarif) = rayon::join(
                || reportkit_check::output::json::render(&outcome),
                || reportkit_check::output::sarif::render(&outcome, env!("CARGO_PKG_VERSION")),
            );
            (outcome, breakdowns, json, sarif)
        },
        || corpus.documents.par_iter().map(|d| render_text(d, &args)).collect::<Vec<Result<(String, String)>>>(),
    );
    let findings_json = findings_json.map_err(|e| anyhow!("internal error: findings break their schema: {e}"))?;
    let texts: Vec<(String, String)> = texts.into_iter().collect::<Result<_>>()?;
    let pdfs: Vec<Option<reportkit_pdf::Rendered>> = if args.no_pdf {
        corpus.documents.iter().map(|_| None).collect()
    } else {
        let bar = progress(corpus.documents.len());
        let pdfs: Vec<Result<reportkit_pdf::Rendered>> = corpus
            .documents
            .par_iter()
            .enumerate()
            .map(|(i, d)| {
                let r = convert::pdf(
                    d,
                    convert::charts(&breakdowns, i),
                    !args.no_charts,
                    !args.no_hyphenate,
                    args.pdf_standard,
                );
                bar.inc(1);
                r
            })
            .collect();
        bar.finish_and_clear();
        // Every document that fails is named, not only the first.
        let failed: Vec<String> = pdfs.iter().filter_map(|r| r.as_ref().err()).map(|e| format!("{e:#}")).collect();
        if !failed.is_empty() {
            bail!("{}", failed.join("\nerror: "));
        }
        pdfs.into_iter().map(|r| r.map(Some)).collect::<Result<_>>()?
    };
    let rendered: Vec<Outputs> =
        texts.into_iter().zip(pdfs).map(|((json, markdown), pdf)| Outputs { json, markdown, pdf }).collect();

    let dir = &args.output;
    std::fs::create_dir_all(dir).with_context(|| {
        format!("{}: cannot create the output directory (check the path and permissions)", dir.display())
    })?;
    let pages: usize = rendered.iter().filter_map(|o| o.pdf.as_ref()).map(|p| p.pages).sum();
    let mut outputs: Vec<(String, &[u8])> = Vec::new();
    for (stem, out) in stems.iter().zip(&rendered) {
        outputs.push((format!("{stem}.json"), out.json.as_bytes()));
        outputs.push((format!("{stem}.md"), out.markdown.as_bytes()));
        if let Some(pdf) = &out.pdf {
            outputs.push((format!("{stem}.pdf"), &pdf.bytes));
        }
    }
    outputs.push(("findings.json".to_string(), findings_json.as_bytes()));
    outputs.push(("findings.sarif".to_string(), sarif.as_bytes()));
    // No output may replace an input: every name is checked before anything is written.
    let guard = output::InputGuard::new(
        &files.iter().filter(|f| f.origin != inputs::Origin::Stdin).map(|f| f.path.clone()).collect::<Vec<_>>(),
    );
    let dir_abs = std::fs::canonicalize(dir)
        .with_context(|| format!("{}: cannot resolve the output directory", dir.display()))?;
    for (name, _) in &outputs {
        guard.check_in(&dir_abs, name, &dir.join(name))?;
    }
    // Even when every output is unchanged, and no temporary file is made.
    output::clear_stale_temporaries_once(dir);
    // The manifest lists what the previous build wrote and this one writes before anything is
    // written, so that an interrupted run's outputs are known to the next.
    let manifest = dir.join(inputs::MANIFEST);
    guard.check_in(&dir_abs, inputs::MANIFEST, &manifest)?;
    let names: Vec<&str> = outputs.iter().map(|(n, _)| n.as_str()).collect();
    let previous = previous_outputs(&manifest);
    let gone: Vec<&str> = previous.iter().map(String::as_str).filter(|p| !names.contains(p)).collect();
    let listed: Vec<&str> = names.iter().chain(&gone).copied().collect();
    output::write_atomic(&manifest, manifest_json(&listed).as_bytes())?;
    // Every file is written atomically, side by side; the first failure in this order is reported.
    let written: Vec<Result<output::Wrote>> =
        outputs.par_iter().map(|(name, bytes)| output::write_atomic(&dir.join(name), bytes)).collect();
    let written = written.into_iter().collect::<Result<Vec<output::Wrote>>>()?;
    let unchanged = written.iter().filter(|w| **w == output::Wrote::Unchanged).count();
    // Outputs of the previous build that this one no longer produces (a document removed, PDFs
    // left out) are removed; nothing the manifest does not list, and never an input.
    let mut removed = 0;
    for name in &gone {
        let path = dir.join(name);
        if guard.check_in(&dir_abs, name, &path).is_err()
            || !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())
        {
            continue;
        }
        match std::fs::remove_file(&path) {
            Ok(()) => removed += 1,
            Err(e) => eprintln!("warning: {}: cannot remove this output of the previous build: {e}", path.display()),
        }
    }
    if !gone.is_empty() {
        output::write_atomic(&manifest, manifest_json(&names).as_bytes())?;
    }
    drop(outputs);

    let s = &outcome.summary;
    let n = corpus.documents.len();
    let mut lines = vec![format!(
        "built {} into {}: {}{}{}",
        plural(n, "document", "documents"),
        dir.display(),
        if args.no_pdf { "JSON and Markdown".to_string() } else { format!("JSON, Markdown and PDF ({pages} pages)") },
        ", findings.json, findings.sarif",
        match unchanged {
            0 => String::new(),
            u if u == written.len() => " (all unchanged)".to_string(),
            u => format!(" ({} of {} unchanged)", u, written.len()),
        }
    )];
    if removed > 0 {
        lines.push(format!(
            "removed {} of the previous build that this one no longer produces",
            plural(removed, "output", "outputs")
        ));
    }
    let mut counts = format!(
        "findings: {}, {}, {}",
        plural(s.error, "error", "errors"),
        plural(s.warning, "warning", "warnings"),
        s.info
    );
    counts.push_str(" info");
    if s.baselined > 0 || s.suppressed > 0 {
        counts.push_str(&format!(" ({} baselined, {} suppressed)", s.baselined, s.suppressed));
    }
    lines.push(counts);
    lines.push(format!("time: {:.2} s", start.elapsed().as_secs_f64()));
    eprintln!("{}", lines.join("\n"));
    let code = if outcome.has_errors() && !args.no_fail {
        eprint!("{}", reportkit_check::output::concise::errors(&outcome, 20));
        eprintln!("(`reportkit check` shows them with their source lines; --no-fail exits 0)");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    output::leak_at_exit((rendered, outcome, findings_json, sarif, breakdowns));
    output::leak_at_exit(loaded);
    Ok(code)
}

/// Whether a name from a manifest is one `build` writes: a plain file name of the output
/// directory ([`file_stem`]'s characters) with an output's extension. A manifest edited by hand
/// can name nothing else to remove.
fn is_output_name(name: &str) -> bool {
    !name.starts_with('.')
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && [".json", ".md", ".pdf", ".sarif"].iter().any(|x| name.len() > x.len() && name.ends_with(x))
}

/// The outputs the previous build's manifest lists (none when there is no readable manifest).
fn previous_outputs(manifest: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(manifest) else { return Vec::new() };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
        eprintln!("warning: {}: not a manifest reportkit wrote; no previous output is removed", manifest.display());
        return Vec::new();
    };
    value["files"]
        .as_array()
        .map(|files| files.iter().filter_map(|f| f.as_str()).filter(|f| is_output_name(f)).map(String::from).collect())
        .unwrap_or_default()
}

/// The manifest of a build: the files it wrote into the output directory.
fn manifest_json(files: &[&str]) -> String {
    let value = serde_json::json!({ "tool": "reportkit build", "files": files });
    let mut text = serde_json::to_string_pretty(&value).expect("strings serialize");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn file_names_from_ids_stay_in_the_output_directory() {
        assert_eq!(file_stem("igf-report"), "igf-report");
        assert_eq!(file_stem("../../etc/passwd"), "-..-etc-passwd");
        assert_eq!(file_stem("..."), "document");
        assert_eq!(file_stem("a/b\\c d"), "a-b-c-d");
        assert_eq!(file_stem(""), "document");
    }
}
