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
    /// GitHub Actions workflow commands: ten annotations of each kind (GitHub's limit per
    /// step), the rest as log lines and in the job summary when `GITHUB_STEP_SUMMARY` is set.
    Github,
    /// One line per finding: `file:line:col: severity[rule] message`.
    Concise,
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
    /// Run only these rules: ids or families (`numbers`, `dates`, `structure`, `names`,
    /// `repetition`, `links`, `suppressions`), comma-separated or repeated.
    #[arg(long, value_name = "RULE|FAMILY")]
    select: Vec<String>,
    /// Do not run these rules (ids or families); wins over --select.
    #[arg(long, value_name = "RULE|FAMILY")]
    ignore: Vec<String>,
    /// Print how many findings each rule reported instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// Print the findings and nothing else (no summary line).
    #[arg(short, long)]
    quiet: bool,
    /// Exit 0 even when findings at error severity remain.
    #[arg(long)]
    exit_zero: bool,
    /// Report only findings on lines changed since this git revision (its merge base with
    /// HEAD, as a pull request sees it), plus files git does not track yet.
    #[arg(long, value_name = "REV")]
    changed_since: Option<String>,
    /// Apply the fixes findings offer that are certain (safe), in place, then report what
    /// remains. Files are written atomically; applying twice changes nothing the second time.
    #[arg(long, conflicts_with_all = ["write_baseline", "changed_since"])]
    fix: bool,
    /// With --fix or --diff: apply unsafe fixes too (judgements), where a finding offers only one.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print the fixes --fix would apply as a unified diff, change no file, and exit 1 when
    /// there is one.
    #[arg(long, conflicts_with_all = ["write_baseline", "changed_since"])]
    diff: bool,
    #[command(flatten)]
    input: inputs::InputArgs,
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
    #[command(flatten)]
    input: inputs::InputArgs,
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
    load_config_from(explicit).map(|(c, base, _)| (c, base))
}

/// The configuration in force, the directory its relative paths start from, and the file it was
/// read from (none: the defaults).
fn load_config_from(explicit: Option<&Path>) -> Result<(Config, PathBuf, Option<PathBuf>)> {
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
    let Some(path) = path else { return Ok((Config::default(), PathBuf::from("."), None)) };
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("{}: cannot read configuration", path.display()))?;
    let mut config = Config::parse(&text).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    let base = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    config.base = base.clone();
    config.file = Some(path.clone());
    Ok((config, base, Some(path)))
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

/// Error findings listed on standard error when `check` fails; the rest are counted.
const ERRORS_LISTED: usize = 20;

/// `reportkit check`.
pub fn check(args: CheckArgs) -> Result<ExitCode> {
    let (mut config, base) = load_config(args.config.as_deref())?;
    config.preview |= args.preview;
    reportkit_check::select::apply(&mut config, &args.select, &args.ignore)
        .map_err(|e| anyhow!("--select/--ignore: {e}"))?;
    if args.statistics && matches!(args.format, Format::Sarif | Format::Github) {
        bail!("--statistics prints counts per rule: use it with --format human, concise or json");
    }
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
    let changes = args.changed_since.as_deref().map(crate::changed::since).transpose()?;
    crate::timing("arguments read");
    if args.unsafe_fixes && !args.fix && !args.diff {
        bail!("--unsafe-fixes says which fixes to apply: use it with --fix or --diff");
    }
    if args.fix && !args.diff && paths.iter().any(|p| inputs::is_stdin(p)) {
        bail!("-: --fix writes files in place, and standard input is not a file; use --diff to see the fixes");
    }
    let mut loaded = inputs::load(&paths, args.from.map(From::format), &args.input)?;
    crate::timing("inputs read");
    if args.fix || args.diff {
        let fixed = fix(&mut loaded, args.from.map(From::format), &config, baseline.as_ref(), args.unsafe_fixes)?;
        if args.diff {
            let patch: String =
                fixed.files.iter().map(|(path, old, new)| reportkit_check::fix::unified_diff(path, old, new)).collect();
            output::write(&target, patch.as_bytes())?;
            if !args.quiet {
                eprintln!("{}", fixed.summary("would fix"));
            }
            return Ok(if fixed.files.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) });
        }
        for (path, _, new) in &fixed.files {
            output::write_atomic(Path::new(path), new.as_bytes())?;
        }
        if !args.quiet {
            eprintln!("{}", fixed.summary("fixed"));
        }
    }
    let analysis = reportkit_check::Analysis::new(&loaded.corpus);
    let mut outcome = analysis.check(&loaded.sources, &config, baseline.as_ref());
    crate::timing("rules run");
    if let Some(p) = &args.write_baseline {
        let b = Baseline::from_findings(&outcome.findings);
        output::write_atomic(p, b.to_json().as_bytes())?;
        eprintln!("recorded {} findings in {}", b.findings.len(), p.display());
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(changes) = &changes {
        let before = outcome.findings.len();
        outcome.findings.retain(|f| changes.touches(f));
        let count = |s| outcome.findings.iter().filter(|f| f.severity == s).count();
        use reportkit_model::Severity;
        let (error, warning, info) = (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
        (outcome.summary.error, outcome.summary.warning, outcome.summary.info) = (error, warning, info);
        if !args.quiet {
            eprintln!(
                "note: {} of {before} findings are on lines changed since {} (--changed-since)",
                outcome.findings.len(),
                args.changed_since.as_deref().unwrap_or_default()
            );
        }
    }
    use reportkit_check::output as out;
    let text = match args.format {
        Format::Human | Format::Concise if args.statistics => out::concise::statistics_text(&outcome, args.quiet),
        Format::Json if args.statistics => out::concise::statistics_json(&outcome),
        Format::Human => {
            let color = use_color(args.color, matches!(target, output::Target::File(_)));
            let options = out::human::Options { color, group_after: Some(GROUP_AFTER), summary: !args.quiet };
            out::human::render_with(&outcome, &|f| loaded.source_of(f), &options)
        }
        Format::Concise => out::concise::render(&outcome, args.quiet),
        Format::Json => {
            out::json::render(&outcome).map_err(|e| anyhow!("internal error: findings break their schema: {e}"))?
        }
        Format::Sarif => out::sarif::render(&outcome, env!("CARGO_PKG_VERSION")),
        Format::Github => {
            let rendered = out::github::render(&outcome);
            if let (Some(md), Some(path)) = (&rendered.summary, std::env::var_os("GITHUB_STEP_SUMMARY")) {
                append_step_summary(Path::new(&path), md)?;
            }
            rendered.log
        }
    };
    output::write(&target, text.as_bytes())?;
    crate::timing("output written");
    let failed = outcome.has_errors() && !args.exit_zero;
    if failed {
        // A failed CI job says why in its log, whatever the report's format and destination.
        eprint!("{}", out::concise::errors(&outcome, ERRORS_LISTED));
    }
    let code = if failed { ExitCode::from(1) } else { ExitCode::SUCCESS };
    output::leak_at_exit((analysis, outcome, text));
    output::leak_at_exit(loaded);
    Ok(code)
}

/// What `--fix` changed: per file, its path and its text before and after; how many findings
/// the fixes resolved, and in how many passes.
struct Fixed {
    files: Vec<(String, String, String)>,
    findings: usize,
    passes: usize,
    settled: bool,
}

impl Fixed {
    fn summary(&self, verb: &str) -> String {
        if self.files.is_empty() && self.settled {
            return "no fix to apply".to_string();
        }
        let files = self.files.len();
        let mut s = format!(
            "{verb} {} finding{} in {files} file{}",
            self.findings,
            if self.findings == 1 { "" } else { "s" },
            if files == 1 { "" } else { "s" }
        );
        if !self.settled {
            s.push_str(&format!(
                "; fixes still apply after {} passes (run again, and report it: fixes should settle)",
                self.passes
            ));
        }
        s
    }
}

/// Fix passes the check makes at most: each applies the fixes that do not overlap, and the
/// fixed text is checked again (a fix can make or unblock another).
const FIX_PASSES: usize = 10;

/// Apply the chosen fixes to the loaded sources until none applies, re-reading each fixed text
/// as its file would be read. Changes no file.
fn fix(
    loaded: &mut inputs::Loaded,
    from: Option<reportkit_model::SourceFormat>,
    config: &Config,
    baseline: Option<&Baseline>,
    unsafe_fixes: bool,
) -> Result<Fixed> {
    let mut originals: std::collections::BTreeMap<usize, String> = std::collections::BTreeMap::new();
    let (mut findings, mut passes, mut settled) = (0, 0, false);
    while passes < FIX_PASSES {
        let outcome = reportkit_check::check(&loaded.corpus, &loaded.sources, config, baseline);
        let chosen = reportkit_check::fix::choose(&outcome.findings, unsafe_fixes);
        if chosen.files.is_empty() {
            settled = true;
            break;
        }
        passes += 1;
        let mut changed = false;
        for (file, (edits, n)) in &chosen.files {
            let Some(i) = loaded.corpus.documents.iter().position(|d| &d.source.path == file) else { continue };
            let Some(new) = reportkit_check::fix::apply(&loaded.sources[i], edits) else { continue };
            let mut docs = reportkit_parse::parse(file, new.as_bytes(), from).map_err(|e| {
                anyhow!("{file}: the fixed text cannot be read ({e}); this is a bug in a fix, please report it")
            })?;
            let [mut doc] = <[_; 1]>::try_from(std::mem::take(&mut docs)).map_err(|_| {
                anyhow!("{file}: the fixed text reads as several documents; this is a bug in a fix, please report it")
            })?;
            doc.id = loaded.corpus.documents[i].id.clone();
            originals.entry(i).or_insert_with(|| loaded.sources[i].clone());
            loaded.corpus.documents[i] = doc;
            loaded.sources[i] = new;
            findings += n;
            changed = true;
        }
        if !changed {
            settled = true;
            break;
        }
    }
    let files = originals
        .into_iter()
        .filter(|(i, old)| *old != loaded.sources[*i])
        .map(|(i, old)| (loaded.corpus.documents[i].source.path.clone(), old, loaded.sources[i].clone()))
        .collect();
    Ok(Fixed { files, findings, passes, settled })
}

/// Findings of one rule in one file shown with their source lines in human output; the others
/// are listed by position after them.
const GROUP_AFTER: usize = 3;

/// Append to the GitHub job summary file (GitHub creates it; other steps write to it too).
fn append_step_summary(path: &Path, markdown: &str) -> Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .with_context(|| format!("{}: cannot open the job summary (GITHUB_STEP_SUMMARY)", path.display()))?;
    f.write_all(markdown.as_bytes())
        .with_context(|| format!("{}: cannot write the job summary (GITHUB_STEP_SUMMARY)", path.display()))
}

/// `reportkit config`: the configuration in force, where it came from, and every rule's level.
pub fn show_config(explicit: Option<&Path>) -> Result<ExitCode> {
    let (config, base, source) = load_config_from(explicit)?;
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = match &source {
        Some(p) => format!("# configuration: {}\n", p.display()),
        None => format!(
            "# configuration: none (no reportkit.toml in {} or above it): the defaults\n",
            std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_default()
        ),
    };
    out.push_str(&format!("# relative paths start from: {}\n\n", base.display()));
    let corpus: Vec<String> = config.corpus.iter().map(|c| q(c)).collect();
    out.push_str(&format!("corpus = [{}]\n", corpus.join(", ")));
    out.push_str(&format!("preview = {}\n\n[rules]\n", config.preview));
    let width = reportkit_check::rules().iter().map(|r| r.id.len()).max().unwrap_or(0) + 2;
    for r in reportkit_check::rules() {
        let level = config.severity(r).map_or("off", |s| s.as_str());
        let origin = if config.rules.contains_key(r.id) {
            "set in the configuration"
        } else if r.preview && !config.preview {
            "default: preview rule, off without --preview"
        } else {
            "default"
        };
        out.push_str(&format!("{:<width$} = {:<9} # {origin}\n", r.id, q(level)));
    }
    for s in &config.suppress {
        out.push_str(&format!("\n[[suppress]]\nrule = {}\nfile = {}\n", q(&s.rule), q(&s.file)));
        if let Some(l) = s.line {
            out.push_str(&format!("line = {l}\n"));
        }
        if let Some(c) = &s.contains {
            out.push_str(&format!("contains = {}\n", q(c)));
        }
        out.push_str(&format!("reason = {}\n", q(&s.reason)));
    }
    if config.publications.is_empty() {
        out.push_str(
            "\n# [[publications]]: none; documents whose titles name one series are compared (fact-conflict)\n",
        );
    }
    for p in &config.publications {
        let paths: Vec<String> = p.paths.iter().map(|g| q(g)).collect();
        out.push_str(&format!("\n[[publications]]\nname = {}\npaths = [{}]\n", q(&p.name), paths.join(", ")));
    }
    output::write(&output::Target::Stdout, out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// `reportkit facts`.
pub fn facts(args: FactsArgs) -> Result<ExitCode> {
    let (config, base) = load_config(args.config.as_deref())?;
    let paths = resolve_paths(args.paths, &config, &base)?;
    let loaded = inputs::load(&paths, args.from.map(From::format), &args.input)?;
    let analysis = reportkit_check::Analysis::new(&loaded.corpus);
    let text = match args.format {
        FactsFormat::Human => reportkit_check::output::facts::human(&analysis),
        FactsFormat::Json => reportkit_check::output::facts::json(&analysis),
    };
    output::write(&output::Target::Stdout, text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
