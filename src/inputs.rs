//! Gathering source files from the paths a user gives, and reading them into a corpus.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use reportkit_model::{Corpus, SourceFormat};

/// File extensions read from a directory.
const SOURCE_EXTENSIONS: &[&str] = &["md", "markdown", "txt", "text", "json", "html", "htm"];

/// Expand files and directories into the list of source files, in a stable order: files as
/// given, directory contents sorted by path. Hidden entries and symbolic links inside
/// directories are skipped (links with a warning), so a directory walk never leaves the tree it
/// was given and never loops.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) if std::fs::symlink_metadata(p).is_ok() => bail!(
                "{}: cannot read: a symbolic link whose target is missing or unreadable ({e}); fix or remove the link",
                p.display()
            ),
            Err(e) => {
                return Err(e).with_context(|| {
                    format!("{}: cannot read: no such file or directory (check the path)", p.display())
                })
            }
        };
        if meta.is_dir() {
            let before = out.len();
            walk(p, &mut out, 0)?;
            if out.len() == before {
                bail!("{}: directory holds no sources (.md, .txt, .html or .json files)", p.display());
            }
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> Result<()> {
    if depth > 32 {
        bail!("{}: directories nested more than 32 deep", dir.display());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot list directory", dir.display()))?
        .filter_map(|e| e.ok())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(ft) = e.file_type() else { continue };
        let path = e.path();
        if ft.is_symlink() {
            eprintln!("warning: {}: symbolic link skipped (links inside directories are not followed)", path.display());
            continue;
        }
        if ft.is_dir() {
            walk(&path, out, depth + 1)?;
        } else if ft.is_file()
            && path
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| SOURCE_EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// A corpus with the text of each document's source (empty for documents read from JSON).
pub struct Loaded {
    /// The documents.
    pub corpus: Corpus,
    /// `sources[i]` is the source text of document `i`.
    pub sources: Vec<String>,
}

impl Loaded {
    /// The source text of a file as named in the corpus.
    pub fn source_of(&self, path: &str) -> Option<String> {
        self.corpus
            .documents
            .iter()
            .position(|d| d.source.path == path)
            .map(|i| self.sources[i].clone())
            .filter(|s| !s.is_empty())
    }
}

/// Read and parse every source into one corpus.
pub fn load(paths: &[PathBuf], from: Option<SourceFormat>) -> Result<Loaded> {
    load_files(&collect(paths)?, from)
}

/// Read and parse the given source files into one corpus, in the order given. Files are read
/// and parsed in parallel; the corpus and the first error reported follow the given order.
pub fn load_files(files: &[PathBuf], from: Option<SourceFormat>) -> Result<Loaded> {
    use rayon::prelude::*;
    crate::fit_allocator_to_input(files.iter().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len()).sum());
    let parsed: Vec<Result<(Vec<reportkit_model::Document>, Vec<String>)>> = files
        .par_iter()
        .map(|f| {
            let bytes = std::fs::read(f).with_context(|| format!("{}: cannot read file", f.display()))?;
            let name = f.to_string_lossy();
            let parsed = reportkit_parse::parse(&name, &bytes, from).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
            let sources = parsed
                .iter()
                .map(|d| {
                    if d.source.format == SourceFormat::Json || parsed.len() > 1 {
                        String::new()
                    } else {
                        reportkit_parse::decode(&bytes).map(|t| t.into_owned()).unwrap_or_default()
                    }
                })
                .collect();
            Ok((parsed, sources))
        })
        .collect();
    let mut docs = Vec::new();
    let mut sources = Vec::new();
    for r in parsed {
        let (d, s) = r?;
        docs.extend(d);
        sources.extend(s);
    }
    Ok(Loaded { corpus: reportkit_parse::corpus(docs), sources })
}
