//! `reportkit check` and `reportkit facts`: wiring of configuration, inputs, baseline and output.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context, Result};
use clap::{Args, ValueEnum};
use reportkit_check::{Baseline, Config};

use crate::{inputs, output, From};

/// Output formats of `check`.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// Compiler-style diagnostics with the source lines.
    Human,
    /// `{"version", "findings", "summary"}` (schemas/findings.schema.json).
    Json,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// GitHub Actions workflow commands.
    Github,
}

/// When to color human output.
#[derive(Clone, Copy, ValueEnum)]
pub enum Color {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

#[derive(Args)]
pub struct CheckArgs {
    /// Files or directories; default: the corpus named in reportkit.toml.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Configuration file (default: reportkit.toml found upward from the working directory).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Report only findings that this baseline file does not record.
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file (and exit 0).
    #[arg(long, conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Read every input as this format instead of detecting it.
    #[arg(long, value_enum)]
    from: Option<From>,
    /// Run the preview rules too (new rules, off by default; `reportkit rules` marks them).
    #[arg(long)]
    preview: bool,
    /// Color of human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
}

#[derive(Args)]
pub struct FactsArgs {
    /// Files or directories; default: the corpus named in reportkit.toml.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: FactsFormat,
    /// Configuration file.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Read every input as this format instead of detecting it.
    #[arg(long, value_enum)]
    from: Option<From>,
}

/// Output formats of `facts`.
#[derive(Clone, Copy, ValueEnum)]
pub enum FactsFormat {
    /// One line per figure.
    Human,
    /// JSON.
    Json,
}

/// The configuration in force and the directory its relative paths start from.
pub fn load_config(explicit: Option<&Path>) -> Result<(Config, PathBuf)> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => {
            let mut dir = std::env::current_dir().ok();
            let mut found = None;
            while let Some(d) = dir {
                let candidate = d.join("reportkit.toml");
                if candidate.is_file() {
                    found = Some(candidate);
                    break;
                }
                dir = d.parent().map(Path::to_path_buf);
            }
            found
        }
    };
    let Some(path) = path else { return Ok((Config::default(), PathBuf::from("."))) };
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("{}: cannot read configuration", path.display()))?;
    let mut config = Config::parse(&text).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    let base = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    config.base = base.clone();
    config.file = Some(path);
    Ok((config, base))
}

/// Paths from the command line, or the configuration's corpus.
pub fn resolve_paths(paths: Vec<PathBuf>, config: &Config, base: &Path) -> Result<Vec<PathBuf>> {
    if !paths.is_empty() {
        return Ok(paths);
    }
    if config.corpus.is_empty() {
        bail!("no input: name files or directories, or set `corpus = [...]` in reportkit.toml");
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    Ok(config
        .corpus
        .iter()
        .map(|p| {
            let full = base.join(p);
            match full.strip_prefix(&cwd) {
                Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
                Ok(rel) => rel.to_path_buf(),
                Err(_) => full,
            }
        })
        .collect())
}

/// Whether to color human output.
pub fn use_color(c: Color, to_file: bool) -> bool {
    match c {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => !to_file && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal(),
    }
}

/// `reportkit check`.
pub fn check(args: CheckArgs) -> Result<ExitCode> {
    let (mut config, base) = load_config(args.config.as_deref())?;
    config.preview |= args.preview;
    let paths = resolve_paths(args.paths, &config, &base)?;
    let target = output::Target::from_arg(args.output.as_deref());
    for p in [args.output.as_ref(), args.write_baseline.as_ref()].into_iter().flatten() {
        output::guard_inputs(p, &paths)?;
    }
    let baseline = match &args.baseline {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("{}: cannot read baseline", p.display()))?;
            Some(Baseline::parse(&text).map_err(|e| anyhow!("{}: not a reportkit baseline: {e}", p.display()))?)
        }
        None => None,
    };
    let loaded = inputs::load(&paths, args.from.map(From::format))?;
    let analysis = reportkit_check::Analysis::new(&loaded.corpus);
    let outcome = analysis.check(&loaded.sources, &config, baseline.as_ref());
    if let Some(p) = &args.write_baseline {
        let b = Baseline::from_findings(&outcome.findings);
        output::write_atomic(p, b.to_json().as_bytes())?;
        eprintln!("recorded {} findings in {}", b.findings.len(), p.display());
        return Ok(ExitCode::SUCCESS);
    }
    let text = match args.format {
        Format::Human => {
            let color = use_color(args.color, matches!(target, output::Target::File(_)));
            reportkit_check::output::human::render(&outcome, &|f| loaded.source_of(f), color)
        }
        Format::Json => reportkit_check::output::json::render(&outcome)
            .map_err(|e| anyhow!("internal error: findings break their schema: {e}"))?,
        Format::Sarif => reportkit_check::output::sarif::render(&outcome, env!("CARGO_PKG_VERSION")),
        Format::Github => reportkit_check::output::github::render(&outcome),
    };
    output::write(&target, text.as_bytes())?;
    let code = if outcome.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS };
    output::leak_at_exit((analysis, outcome, text));
    output::leak_at_exit(loaded);
    Ok(code)
}

/// `reportkit facts`.
pub fn facts(args: FactsArgs) -> Result<ExitCode> {
    let (config, base) = load_config(args.config.as_deref())?;
    let paths = resolve_paths(args.paths, &config, &base)?;
    let loaded = inputs::load(&paths, args.from.map(From::format))?;
    let analysis = reportkit_check::Analysis::new(&loaded.corpus);
    let text = match args.format {
        FactsFormat::Human => reportkit_check::output::facts::human(&analysis),
        FactsFormat::Json => reportkit_check::output::facts::json(&analysis),
    };
    output::write(&output::Target::Stdout, text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
