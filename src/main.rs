//! The reportkit command line: argument parsing, wiring and exit codes. No document logic lives
//! here; it is in the crates under `crates/`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod inputs;
mod output;

/// Parse, check and render the sources of published reports.
#[derive(Parser)]
#[command(name = "reportkit", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum From {
    Markdown,
    Text,
    Json,
}

impl From {
    fn format(self) -> reportkit_model::SourceFormat {
        match self {
            From::Markdown => reportkit_model::SourceFormat::Markdown,
            From::Text => reportkit_model::SourceFormat::Text,
            From::Json => reportkit_model::SourceFormat::Json,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum To {
    /// The canonical JSON form (schemas/document.schema.json).
    Json,
    /// A typeset A4 PDF of one document (needs `-o FILE`, or `-o -` for standard output).
    Pdf,
}

#[derive(Subcommand)]
enum Command {
    /// Convert sources to an output format.
    #[command(
        after_help = "Examples:\n  reportkit render fixtures/igf2025 --to json -o corpus.json\n  reportkit render report.md --to json            # to standard output\n  reportkit render corpus.json --from json --to json"
    )]
    Render {
        /// Source files or directories (a directory gives every .md, .txt and .json in it).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum)]
        to: To,
        /// Output file; `-` or none for standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Read every input as this format instead of detecting it.
        #[arg(long, value_enum)]
        from: Option<From>,
        /// PDF: leave out the charts.
        #[arg(long)]
        no_charts: bool,
    },
    /// Print the JSON Schema of the canonical document.
    #[command(after_help = "Example:\n  reportkit schema > document.schema.json")]
    Schema,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// One document as PDF; dates from `SOURCE_DATE_EPOCH` when set.
fn pdf_bytes(corpus: &reportkit_model::Corpus, no_charts: bool) -> anyhow::Result<Vec<u8>> {
    let [doc] = corpus.documents.as_slice() else {
        anyhow::bail!(
            "--to pdf renders one document, but the inputs hold {}; name a single source file",
            corpus.documents.len()
        );
    };
    let epoch = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => Some(
            v.trim()
                .parse::<i64>()
                .map_err(|_| anyhow::anyhow!("SOURCE_DATE_EPOCH={v:?} is not a number of seconds"))?,
        ),
        Err(_) => None,
    };
    let opts = reportkit_pdf::PdfOptions { charts: !no_charts, source_date_epoch: epoch, ..Default::default() };
    Ok(reportkit_pdf::render_pdf(doc, &opts)?)
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Render { inputs, to, output, from, no_charts } => {
            if matches!(to, To::Pdf) && output.is_none() {
                anyhow::bail!(
                    "--to pdf writes binary data: give an output file with -o FILE (or -o - for standard output)"
                );
            }
            let target = output::Target::from_arg(output.as_deref());
            if let output::Target::File(p) = &target {
                output::guard_inputs(p, &inputs)?;
            }
            let corpus = inputs::load(&inputs, from.map(From::format))?;
            let bytes = match to {
                To::Json => reportkit_render::json::to_string(&corpus)
                    .map_err(|e| anyhow::anyhow!("internal error: output breaks the schema: {e}"))?
                    .into_bytes(),
                To::Pdf => pdf_bytes(&corpus, no_charts)?,
            };
            output::write(&target, &bytes)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema => {
            output::write(&output::Target::Stdout, reportkit_schema::DOCUMENT_SCHEMA.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
