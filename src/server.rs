//! `reportkit server`: the language server on standard input and output. The server is the
//! `reportkit-server` crate; this wires the protocol's streams and how the workspace's files are
//! found, the way `check` finds them.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use crate::{check, inputs};

#[derive(Args)]
pub struct ServerArgs {
    /// Speak the protocol on standard input and output (the only transport; accepted because
    /// many editors pass it).
    #[arg(long)]
    stdio: bool,
    /// Configuration file (default: reportkit.toml found upward from the workspace's root).
    #[arg(long)]
    config: Option<PathBuf>,
    #[command(flatten)]
    input: inputs::InputArgs,
}

/// The configuration file for a workspace: the one named, else reportkit.toml in the root or
/// the nearest directory above it.
fn config_file(explicit: Option<&Path>, root: &Path) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    root.ancestors().map(|d| d.join("reportkit.toml")).find(|c| c.is_file())
}

/// The workspace's files: the corpus of its reportkit.toml, else the sources under the root
/// (walked as `check` walks a directory: .gitignore and .ignore honoured, hidden entries and
/// output directories skipped).
fn discover(root: &Path, args: &ServerArgs) -> Result<reportkit_server::Scope> {
    let config_path = config_file(args.config.as_deref(), root);
    let (config, base) = match &config_path {
        Some(p) => check::load_config(Some(&std::path::absolute(p)?))?,
        None => (reportkit_check::Config::default(), root.to_path_buf()),
    };
    let (paths, description) = match &config_path {
        Some(p) if !config.corpus.is_empty() => {
            (check::resolve_paths(Vec::new(), &config, &base)?, format!("the corpus of {}", p.display()))
        }
        _ => (vec![root.to_path_buf()], format!("the sources under {}", root.display())),
    };
    let files = match inputs::collect(&paths, &args.input) {
        Ok(found) => found.into_iter().map(|i| std::path::absolute(&i.path).unwrap_or(i.path)).collect(),
        // A folder with no sources yet: the files opened are checked.
        Err(_) if config.corpus.is_empty() => Vec::new(),
        Err(e) => return Err(e).context("cannot gather the workspace's files"),
    };
    Ok(reportkit_server::Scope { root: root.to_path_buf(), config, files, description })
}

/// `reportkit server`.
pub fn server(args: ServerArgs) -> Result<ExitCode> {
    let _ = args.stdio;
    crate::return_freed_memory_at_once();
    let (connection, io_threads) = reportkit_server::lsp_server::Connection::stdio();
    let options = reportkit_server::Options { discover: Box::new(move |root: &Path| discover(root, &args)) };
    let served = reportkit_server::run(connection, options);
    // Standard output is closed once the connection is dropped; the reader thread ends with
    // standard input.
    match served {
        Ok(()) => {
            io_threads.join().context("the protocol's streams")?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("reportkit server: {e:#}");
            Ok(ExitCode::from(1))
        }
    }
}
