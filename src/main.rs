//! The reportkit command line: argument parsing, wiring and exit codes. No document logic lives
//! here; it is in the crates under `crates/`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod build;
mod changed;
mod check;
mod convert;
mod diff;
mod inputs;
mod output;
mod server;

// glibc's allocator spent a fifth of a corpus check in malloc, free and page faults across
// rayon's threads; mimalloc (as ruff uses) keeps per-thread pages warm. Version 2 without
// transparent huge pages: version 3 maps a 1 GiB arena as huge pages at start-up, and zeroing
// them cost more than a small run's whole allocation.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc v2's `mi_option_purge_delay` (its `include/mimalloc.h`; default 10 ms).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Give freed memory back to the system at once rather than 10 ms later: a large input frees
/// big buffers in quick succession, and the delay let them pile up to twice the live memory.
/// The language server, which reads no inputs up front, does so for its whole run.
pub(crate) fn return_freed_memory_at_once() {
    set_purge_delay(0);
}

/// Keep freed memory until the inputs' size is known ([`fit_allocator_to_input`]). Start-up
/// (argument parsing, the thread pool) frees small buffers, and giving them back split the
/// allocator's huge pages and flushed both cores' TLBs. On the corpus, in interleaved runs:
/// `check fixtures/igf2025` 12.8 → 12.35 ms (medians of 41), page faults 351 → 222.
fn keep_freed_memory_until_the_inputs_are_known() {
    set_purge_delay(-1);
}

/// Inputs up to this many bytes in all are small: their run keeps the memory it frees.
const SMALL_INPUT: u64 = 1 << 20;

/// Fit the allocator to the inputs about to be read.
///
/// A run on small inputs lasts milliseconds: it keeps the pages it frees for reuse (every page
/// returned costs a TLB flush on each core now and a page fault when it is used again) and may
/// get transparent huge pages (one fault for 2 MiB instead of 512, where the system grants
/// them). On the corpus, in interleaved runs: `check` 31.5 → 23.2 ms without the purge, then
/// 20.6 ms with huge pages; `build --no-pdf` 51.5 → 36.8 → 33.1 ms; `render --to json`
/// 18.6 → 13.9 ms.
///
/// Larger inputs return freed memory at once and use small pages, which bounds their peak:
/// the check of a 10 MB paragraph peaks at 147 MB this way, 183 MB with huge pages. Counts
/// every call's bytes (`diff` reads two inputs at once).
pub(crate) fn fit_allocator_to_input(bytes: u64) {
    static READ: std::sync::Mutex<u64> = std::sync::Mutex::new(0);
    let mut read = READ.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    *read += bytes;
    if *read <= SMALL_INPUT {
        set_purge_delay(-1);
    } else {
        set_purge_delay(0);
        #[cfg(target_os = "linux")]
        // SAFETY: PR_SET_THP_DISABLE takes one integer flag and touches no memory of ours.
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
        }
    }
}

fn set_purge_delay(ms: std::os::raw::c_long) {
    // SAFETY: setting an option is allowed at any time; 0 and -1 (never) are values the option
    // documents.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, ms) }
}

/// Make the main thread one of rayon's workers instead of a thread that waits for them: on two
/// cores, two threads do the work where three did. Each thread has its own allocator heap, and
/// its first allocation costs a fresh (huge) page. A check of one small file spent 3.5 ms of
/// system time on the third thread. If a pool already exists, it is kept.
fn share_the_main_thread() {
    let _ = rayon::ThreadPoolBuilder::new().use_current_thread().build_global();
}

/// Read git's global excludes setting on the other core while the arguments are parsed. A
/// directory walk reads it first thing, and the `ignore` crate compiles a regular expression to
/// find it in `~/.gitconfig` (once per process): about a million instructions, a third of a
/// millisecond on the walk's path before any file can be parsed. Here it costs a core that waits
/// anyway. On the corpus, in interleaved runs: `check fixtures/igf2025` 13.3 → 12.9 ms (medians
/// of 41 runs, three pairs of A/B sets).
fn warm_up_the_walk() {
    rayon::spawn(|| {
        let _ = ignore::gitignore::gitconfig_excludes_path();
    });
}

/// Parse, check and render the sources of published reports.
#[derive(Parser)]
#[command(name = "reportkit", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum From {
    /// CommonMark with GitHub extensions (by extension: .md, .markdown).
    Markdown,
    /// Plain text (by extension: .txt, .text).
    Text,
    /// reportkit's canonical JSON (by extension: .json).
    Json,
    /// An HTML page, read as a browser shows its body (by extension: .html, .htm, .xhtml).
    Html,
}

impl From {
    pub(crate) fn format(self) -> reportkit_model::SourceFormat {
        match self {
            From::Markdown => reportkit_model::SourceFormat::Markdown,
            From::Text => reportkit_model::SourceFormat::Text,
            From::Json => reportkit_model::SourceFormat::Json,
            From::Html => reportkit_model::SourceFormat::Html,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum To {
    /// The canonical JSON form (schemas/document.schema.json).
    Json,
    /// Canonical Markdown, read back by reportkit to the same document (one input only with -o).
    Markdown,
    /// A typeset A4 PDF of one document (needs `-o FILE`, or `-o -` for standard output).
    Pdf,
}

#[derive(Subcommand)]
enum Command {
    /// Convert sources to an output format.
    #[command(
        after_help = "Examples:\n  reportkit render fixtures/igf2025 --to json -o corpus.json\n  reportkit render report.md --to json            # to standard output\n  reportkit render corpus.json --from json --to json\n  reportkit render news.txt --to markdown -o news.md --wrap 80\n  reportkit render report.md --to pdf -o report.pdf\n  reportkit render report.md --to pdf -o report.pdf --pdf-standard ua-1,a-2u\n  reportkit render - --stdin-filename news.txt --to markdown < news.txt\n\nWith --to markdown and several documents, -o is refused; on standard output the documents are\nwritten one after another, separated by a blank line. PDF dates come from SOURCE_DATE_EPOCH when set."
    )]
    Render {
        /// Source files or directories (a directory gives every .md, .txt, .html and .json in it).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum)]
        to: To,
        /// Output file; `-` or none for standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Read every input as this format. Without it, the extension decides, and the content
        /// only for other extensions.
        #[arg(long, value_enum)]
        from: Option<From>,
        /// With --to markdown: reflow paragraphs at N columns (default: keep the line breaks).
        #[arg(long, value_name = "N")]
        wrap: Option<usize>,
        /// With --to pdf: leave out the charts of the breakdowns the text states.
        #[arg(long)]
        no_charts: bool,
        /// With --to pdf: do not hyphenate (lines break at spaces only).
        #[arg(long)]
        no_hyphenate: bool,
        /// With --to pdf: the standards the PDF claims (ua-1, a-2b, a-2u, a-2a, none).
        #[arg(long, value_name = "LIST", long_help = convert::PDF_STANDARD_HELP)]
        pdf_standard: Option<reportkit_pdf::Standards>,
        #[command(flatten)]
        input: inputs::InputArgs,
    },
    /// The main job: check the corpus and write JSON, Markdown and PDF of every document, plus
    /// findings.json and findings.sarif, into one directory.
    #[command(
        after_help = "Examples:\n  reportkit build fixtures/igf2025 -o build\n  reportkit build -o build                 # the corpus of reportkit.toml\n  reportkit build docs -o out --no-pdf --no-fail\n  reportkit build docs -o out --exclude 'drafts/**'\n\nOutputs are written even when the check finds defects. The output directory gets a\n.reportkit-manifest.json listing them: a rebuild removes the outputs it lists that the new run no\nlonger produces (the PDFs after --no-pdf, those of a removed source), never another file. Exit codes: 0 no error-severity\nfinding (or --no-fail), 1 findings at error severity, 2 usage, input or output error."
    )]
    Build(build::BuildArgs),
    /// Check sources for internal consistency; exit 1 when a finding at error severity remains.
    #[command(
        after_help = "Examples:\n  reportkit check fixtures/igf2025\n  reportkit check --format sarif -o findings.sarif\n  reportkit check report.md --format github\n  reportkit check --write-baseline .reportkit-baseline.json\n  reportkit check --baseline .reportkit-baseline.json    # only new findings fail\n  reportkit check . --exclude 'drafts/**'     # .gitignore and .ignore are honoured too\n  reportkit check 'docs/**/*.md'              # a glob the shell left alone is expanded\n  reportkit check - --stdin-filename report.md < report.md\n  reportkit check --format concise --select numbers,dates --ignore fact-conflict\n  reportkit check --statistics\n  reportkit check --changed-since origin/main --format github   # a pull request's lines\n\nWith no PATH, the `corpus` of reportkit.toml (found upward from here, or --config) is checked.\nDirectory walks skip hidden entries, files that .gitignore or .ignore leave out, node_modules,\ntarget and output directories (those holding a build manifest or a CACHEDIR.TAG); JSON found\nin a walk that is not a reportkit document is skipped with a note. A file with the same bytes\nas one read before is read once, with a warning.\nExit codes: 0 no error-severity finding (or --exit-zero), 1 findings at error severity (listed\non standard error whatever the format), 2 usage or input error."
    )]
    Check(check::CheckArgs),
    /// Review what changed between two versions: sections, paragraphs, figures, findings.
    #[command(
        after_help = "Examples:\n  reportkit diff old/report.md new/report.md\n  reportkit diff old-corpus/ new-corpus/ --format markdown -o diff.md\n  reportkit diff a.md b.md --format html -o diff.html\n  reportkit diff a.md b.md --exact             # also markup and line breaks\n  reportkit diff main/ pr/ --fail-on new-findings --format json\n  git show HEAD:report.md | reportkit diff - report.md --stdin-filename report.md\n\nExit codes: 0 no differences, 1 differences (with --fail-on new-findings: new findings), 2 usage or input error."
    )]
    Diff(diff::DiffArgs),
    /// List every figure and date the sources state.
    #[command(after_help = "Examples:\n  reportkit facts fixtures/igf2025\n  reportkit facts report.md --format json")]
    Facts(check::FactsArgs),
    /// The language server, over standard input and output: diagnostics as you type, quick
    /// fixes, "suppress here", hover on a figure, go to a finding's related lines.
    #[command(
        after_help = "Editors start it; see the README's \"Editors\" section for VS Code, Neovim and Helix.\nThe files checked are the corpus of reportkit.toml (found upward from the workspace's root), else\nthe sources under the workspace's folder; open files are checked with their unsaved text.\nExit codes: 0 after shutdown and exit, 1 when the client went away without them."
    )]
    Server(server::ServerArgs),
    /// List the rules: id, default severity, family and what each checks.
    Rules,
    /// Print the configuration in force (as TOML), the file it came from, and every rule's level.
    #[command(after_help = "Examples:\n  reportkit config\n  reportkit config --config ci/reportkit.toml")]
    Config {
        /// Configuration file (default: reportkit.toml found upward from the working directory).
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Print a rule's documentation.
    #[command(after_help = "Example:\n  reportkit explain sum-mismatch")]
    Explain {
        /// The rule id (see `reportkit rules`).
        rule: String,
    },
    /// Print the JSON Schema of the canonical document.
    #[command(after_help = "Example:\n  reportkit schema > document.schema.json")]
    Schema,
    /// Print the shell completion script for SHELL.
    #[command(
        after_help = "Examples:\n  reportkit completions bash > ~/.local/share/bash-completion/completions/reportkit\n  reportkit completions zsh > ~/.zfunc/_reportkit        # a directory in $fpath\n  reportkit completions fish > ~/.config/fish/completions/reportkit.fish\n  reportkit completions powershell >> $PROFILE"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per command into a directory.
    #[command(
        after_help = "Examples:\n  reportkit man > reportkit.1 && man ./reportkit.1\n  reportkit man --out share/man/man1     # reportkit.1, reportkit-check.1, ..."
    )]
    Man {
        /// Write reportkit.1 and a reportkit-COMMAND.1 for every command into this directory
        /// (created when missing).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

/// With REPORTKIT_TIMINGS set, print to standard error how long the process has run when it
/// reaches `phase` (measured from the start of `main`), and its resident memory then and at its
/// peak so far (Linux).
pub(crate) fn timing(phase: &str) {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let start = START.get_or_init(std::time::Instant::now);
    if *ON.get_or_init(|| std::env::var_os("REPORTKIT_TIMINGS").is_some()) {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let kb = |key: &str| {
            status.lines().find_map(|l| l.strip_prefix(key)?.trim().strip_suffix(" kB")?.parse::<u64>().ok())
        };
        let memory = match (kb("VmRSS:"), kb("VmHWM:")) {
            (Some(now), Some(peak)) => format!("  ({} MB, peak {} MB)", now / 1024, peak / 1024),
            _ => String::new(),
        };
        eprintln!("{:8.2} ms  {phase}{memory}", start.elapsed().as_secs_f64() * 1e3);
    }
}

fn main() -> ExitCode {
    timing("start");
    keep_freed_memory_until_the_inputs_are_known();
    share_the_main_thread();
    warm_up_the_walk();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Render { inputs, to, output, from, wrap, no_charts, no_hyphenate, pdf_standard, input } => {
            if wrap.is_some() && !matches!(to, To::Markdown) {
                anyhow::bail!("--wrap applies to --to markdown only");
            }
            if (no_charts || no_hyphenate) && !matches!(to, To::Pdf) {
                anyhow::bail!("--no-charts and --no-hyphenate apply to --to pdf only");
            }
            if pdf_standard.is_some() && !matches!(to, To::Pdf) {
                anyhow::bail!("--pdf-standard applies to --to pdf only");
            }
            if matches!(to, To::Pdf) && output.is_none() {
                anyhow::bail!(
                    "--to pdf writes binary data: give an output file with -o FILE (or -o - for standard output)"
                );
            }
            let target = output::Target::from_arg(output.as_deref());
            if let output::Target::File(p) = &target {
                output::guard_inputs(p, &inputs)?;
            }
            let corpus = inputs::load(&inputs, from.map(From::format), &input)?.corpus;
            let one_per_file = |what: &str| {
                anyhow::anyhow!(
                    "--to {what} writes one document per file, and the inputs hold {}; give a single input file",
                    corpus.documents.len()
                )
            };
            match to {
                // Printed straight into the output while it is validated on the other core.
                To::Json => {
                    output::write_streamed(
                        &target,
                        || convert::validate_json(&corpus),
                        |w| reportkit_render::json::write(&corpus, w),
                    )?;
                }
                To::Markdown => {
                    if corpus.documents.len() > 1 && matches!(target, output::Target::File(_)) {
                        return Err(one_per_file("markdown"));
                    }
                    output::write_streamed(
                        &target,
                        || Ok(()),
                        |w| {
                            for (i, d) in corpus.documents.iter().enumerate() {
                                if i > 0 {
                                    w.write_all(b"\n")?;
                                }
                                w.write_all(convert::markdown(d, wrap).as_bytes())?;
                            }
                            Ok(())
                        },
                    )?;
                }
                To::Pdf => {
                    if corpus.documents.len() != 1 {
                        return Err(one_per_file("pdf"));
                    }
                    let charts = if no_charts {
                        Vec::new()
                    } else {
                        convert::charts(&reportkit_check::Analysis::new(&corpus).breakdowns(), 0)
                    };
                    let bytes =
                        convert::pdf(&corpus.documents[0], charts, !no_charts, !no_hyphenate, pdf_standard)?.bytes;
                    output::write(&target, &bytes)?;
                    output::leak_at_exit(bytes);
                }
            }
            output::leak_at_exit(corpus);
            Ok(ExitCode::SUCCESS)
        }
        Command::Build(args) => build::build(args),
        Command::Check(args) => check::check(args),
        Command::Facts(args) => check::facts(args),
        Command::Server(args) => server::server(args),
        Command::Diff(args) => diff::diff(args),
        Command::Config { config } => check::show_config(config.as_deref()),
        Command::Rules => {
            let mut s = String::new();
            let width = reportkit_check::rules().iter().map(|r| r.id.len()).max().unwrap_or(0);
            let fw = reportkit_check::families().iter().map(|(f, _)| f.len()).max().unwrap_or(0);
            for r in reportkit_check::rules() {
                let preview = if r.preview { "(preview) " } else { "" };
                s.push_str(&format!(
                    "{:<width$} {:<8} {:<fw$} {preview}{}\n",
                    r.id,
                    r.severity.as_str(),
                    r.family,
                    r.summary()
                ));
            }
            s.push_str("\nFamilies (--select and --ignore take them, or rule ids):\n");
            for (f, about) in reportkit_check::families() {
                s.push_str(&format!("  {f:<fw$} {about}\n"));
            }
            output::write(&output::Target::Stdout, s.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { rule } => {
            let r = reportkit_check::rule_by_id(&rule)
                .ok_or_else(|| anyhow::anyhow!("unknown rule `{rule}`; `reportkit rules` lists them"))?;
            let preview = if r.preview {
                "\nPreview rule: it runs only with `check --preview` (or `preview = true` in reportkit.toml), or when reportkit.toml's [rules] names it.\n"
            } else {
                ""
            };
            let text = format!("{}\nDefault severity: {}\n{preview}", r.doc(), r.severity.as_str());
            output::write(&output::Target::Stdout, text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema => {
            output::write(&output::Target::Stdout, reportkit_schema::DOCUMENT_SCHEMA.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut <Cli as clap::CommandFactory>::command(), "reportkit", &mut script);
            output::write(&output::Target::Stdout, &script)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { out } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            cmd.build();
            let page = |c: clap::Command| -> anyhow::Result<Vec<u8>> {
                let mut roff = Vec::new();
                clap_mangen::Man::new(c).render(&mut roff)?;
                Ok(roff)
            };
            let Some(dir) = out else {
                output::write(&output::Target::Stdout, &page(cmd)?)?;
                return Ok(ExitCode::SUCCESS);
            };
            std::fs::create_dir_all(&dir).map_err(|e| {
                anyhow::anyhow!("{}: cannot create the directory ({e}); check the path and permissions", dir.display())
            })?;
            let subcommands: Vec<clap::Command> = cmd
                .get_subcommands()
                .filter(|c| c.get_name() != "help")
                // clap takes `&'static str` names (without its `string` feature); a few bytes, once.
                .map(|c| {
                    let name: &'static str = Box::leak(format!("reportkit-{}", c.get_name()).into_boxed_str());
                    c.clone().name(name)
                })
                .collect();
            let count = subcommands.len() + 1;
            for c in std::iter::once(cmd).chain(subcommands) {
                let name = format!("{}.1", c.get_name());
                output::write_atomic(&dir.join(name), &page(c)?)?;
            }
            eprintln!("wrote {count} man pages into {}", dir.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_set_is_mimallocs_purge_delay() {
        // SAFETY: reading an option is always allowed.
        let get = || unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        // The option's documented default, 10 ms, identifies it.
        assert_eq!(get(), 10);
        return_freed_memory_at_once();
        assert_eq!(get(), 0);
        fit_allocator_to_input(SMALL_INPUT);
        assert_eq!(get(), -1);
        // A second input that makes the total large.
        fit_allocator_to_input(1);
        assert_eq!(get(), 0);
    }
}
