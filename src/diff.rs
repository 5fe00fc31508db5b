//! `reportkit diff`: wiring of inputs, configuration, formats, output and exit codes.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, bail, Result};
use clap::{Args, ValueEnum};
use reportkit_diff::{Options, Version};

use crate::check::{load_config, use_color, Color};
use crate::{inputs, output, From};

/// Output formats of `diff`.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// For a terminal (colored when it is one; see --color).
    Human,
    /// A pull-request comment; long changes in collapsed blocks.
    Markdown,
    /// `{"version", "documents", "findings", "summary"…}` (schemas/diff.schema.json).
    Json,
    /// One self-contained page: summary with links, old and new side by side.
    Html,
}

/// When `diff` exits 1.
#[derive(Clone, Copy, ValueEnum)]
pub enum FailOn {
    /// Any difference.
    Any,
    /// Only findings the new version introduces (for CI).
    NewFindings,
    /// Never: exit 0 whatever changed (for a report that only informs).
    Never,
}

#[derive(Args)]
pub struct DiffArgs {
    /// The old version: a file, or a directory of sources.
    old: PathBuf,
    /// The new version: a file, or a directory holding the same corpus (documents are matched
    /// by id, the slug of the file name).
    new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Also report what a reader does not see: line breaks inside paragraphs, list markers,
    /// emphasis style, inline markup, trailing spaces.
    #[arg(long)]
    exact: bool,
    /// When to exit 1.
    #[arg(long, value_enum, default_value = "any")]
    fail_on: FailOn,
    /// Configuration file for the findings (default: reportkit.toml found upward).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Read every input as this format instead of detecting it.
    #[arg(long, value_enum)]
    from: Option<From>,
    /// Color of human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
    #[command(flatten)]
    input: inputs::InputArgs,
}

/// `reportkit diff`.
pub fn diff(args: DiffArgs) -> Result<ExitCode> {
    let (config, _) = load_config(args.config.as_deref())?;
    let target = output::Target::from_arg(args.output.as_deref());
    if let Some(p) = &args.output {
        output::guard_inputs(p, &[args.old.clone(), args.new.clone()])?;
    }
    let from = args.from.map(From::format);
    let (old, mut new) = inputs::load_pair(&args.old, &args.new, from, &args.input)?;
    let (old_dir, new_dir) = (args.old.is_dir(), args.new.is_dir());
    if old_dir != new_dir {
        bail!(
            "{}: compare a file with a file or a directory with a directory ({} is {})",
            args.new.display(),
            args.old.display(),
            if old_dir { "a directory" } else { "a file" }
        );
    }
    // Two single files are two versions of one document, whatever their names.
    if !old_dir && old.corpus.documents.len() == 1 && new.corpus.documents.len() == 1 {
        new.corpus.documents[0].id = old.corpus.documents[0].id.clone();
    }
    // Standard input is labelled by the name it goes by (`--stdin-filename`), not `-`.
    let label = |p: &std::path::Path| match inputs::is_stdin(p) {
        true => args.input.stdin_name().to_string(),
        false => p.to_string_lossy().into_owned(),
    };
    let (old_label, new_label) = (label(&args.old), label(&args.new));
    let report = reportkit_diff::diff(
        &Version { label: &old_label, corpus: &old.corpus, sources: &old.sources },
        &Version { label: &new_label, corpus: &new.corpus, sources: &new.sources },
        &config,
        Options { exact: args.exact },
    );
    let text = match args.format {
        Format::Human => {
            let color = use_color(args.color, matches!(target, output::Target::File(_)));
            reportkit_diff::output::human::render(&report, color)
        }
        Format::Markdown => reportkit_diff::output::markdown::render(&report),
        Format::Json => reportkit_diff::output::json::render(&report)
            .map_err(|e| anyhow!("internal error: the diff report breaks its schema: {e}"))?,
        Format::Html => reportkit_diff::output::html::render(&report),
    };
    output::write(&target, text.as_bytes())?;
    let fail = match args.fail_on {
        FailOn::Any => report.has_differences(),
        FailOn::NewFindings => report.summary.findings_introduced > 0,
        FailOn::Never => false,
    };
    output::leak_at_exit((report, text, old, new));
    Ok(if fail { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
