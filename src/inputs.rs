//! Gathering source files from the paths a user gives, and reading them into a corpus.
//!
//! Directories are walked as ripgrep walks them (with the `ignore` crate): `.gitignore` files
//! (also outside a git repository), `.ignore` files, git's `info/exclude` and global excludes are
//! honoured, hidden entries are skipped, and so are output directories (see [`is_output_dir`]).
//! A path that does not exist but holds glob characters is expanded the way a directory is
//! walked. `-` is standard input.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{anyhow, bail, Context, Result};
use clap::Args;
use reportkit_model::{Corpus, Document, SourceFormat};
use reportkit_parse::ParseError;

/// File extensions read from a directory.
const SOURCE_EXTENSIONS: &[&str] = &["md", "markdown", "txt", "text", "json", "html", "htm"];

/// The file `build` writes into its output directory, listing what it wrote; a directory that
/// holds it is an output directory, never walked for sources.
pub const MANIFEST: &str = ".reportkit-manifest.json";

/// Directories a walk never enters, by name: dependencies and build outputs of other tools.
const SKIPPED_DIR_NAMES: &[&str] = &["node_modules", "target"];

/// How deep a directory walk goes.
const MAX_DEPTH: usize = 32;

/// Options on how inputs are gathered, shared by every command that reads sources.
#[derive(Args, Clone, Default, Debug)]
pub struct InputArgs {
    /// Leave out files and directories matching GLOB from directory walks and glob expansion
    /// (repeatable). Gitignore-style: a glob without `/` matches a name at any depth, one with
    /// `/` a path relative to the directory walked (`drafts`, `*.draft.md`, `archive/**`).
    /// Files named on the command line are always read.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Read the files that .gitignore, .ignore and git's exclude files leave out of directory
    /// walks (hidden entries and output directories stay skipped).
    #[arg(long)]
    pub no_respect_gitignore: bool,
    /// The name of standard input (`-`) in messages, and the format its extension gives
    /// (default: `<stdin>`, the format told by the content).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
}

impl InputArgs {
    /// The name standard input goes by.
    pub(crate) fn stdin_name(&self) -> &str {
        self.stdin_filename.as_deref().unwrap_or("<stdin>")
    }
}

/// How an input came to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Named on the command line (or in the configuration's corpus).
    Named,
    /// Found by walking a directory or expanding a glob.
    Walked,
    /// Standard input (`-`).
    Stdin,
}

/// One source file to read.
#[derive(Clone, Debug)]
pub struct Input {
    /// The path as given or found (`-` for standard input).
    pub path: PathBuf,
    /// How it came to be read.
    pub origin: Origin,
}

/// Whether a path names standard input.
pub(crate) fn is_stdin(p: &Path) -> bool {
    p.as_os_str() == "-"
}

/// Whether a path holds glob metacharacters.
fn has_glob_meta(s: &str) -> bool {
    s.contains(['*', '?', '[', '{'])
}

/// Expand files and directories into the list of source files, in a stable order: files as
/// given, directory contents sorted by path (depth first). `-` is standard input, once. A path
/// that does not exist but holds glob characters (`*`, `?`, `[`, `{`) is expanded; no match is
/// an error. Symbolic links inside directories are skipped with a warning, so a directory walk
/// never leaves the tree it was given and never loops.
pub fn collect(paths: &[PathBuf], opts: &InputArgs) -> Result<Vec<Input>> {
    let mut out = Vec::new();
    let mut stdin = false;
    for p in paths {
        if is_stdin(p) {
            if stdin {
                bail!("-: standard input is named twice; it can be read once");
            }
            stdin = true;
            out.push(Input { path: p.clone(), origin: Origin::Stdin });
            continue;
        }
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) if std::fs::symlink_metadata(p).is_ok() => bail!(
                "{}: cannot read: a symbolic link whose target is missing or unreadable ({e}); fix or remove the link",
                p.display()
            ),
            Err(_) if p.to_str().is_some_and(has_glob_meta) => {
                expand_glob(p.to_str().unwrap_or_default(), opts, &mut out)?;
                continue;
            }
            Err(e) => {
                return Err(e).with_context(|| {
                    format!("{}: cannot read: no such file or directory (check the path)", p.display())
                })
            }
        };
        if meta.is_dir() {
            let before = out.len();
            walk(p, opts, None, &mut out)?;
            if out.len() == before {
                bail!(
                    "{}: directory holds no sources (.md, .txt, .html or .json files that are not hidden, ignored or excluded)",
                    p.display()
                );
            }
        } else {
            out.push(Input { path: p.clone(), origin: Origin::Named });
        }
    }
    if opts.stdin_filename.is_some() && !stdin {
        bail!(NAME_WITHOUT_STDIN);
    }
    Ok(out)
}

const NAME_WITHOUT_STDIN: &str = "--stdin-filename names standard input: give `-` among the inputs to read it";

fn has_source_extension(p: &Path) -> bool {
    p.extension().and_then(|x| x.to_str()).is_some_and(|x| SOURCE_EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
}

/// Whether a directory met in a walk is an output directory, never entered: `node_modules` and
/// `target` by name, a directory holding `build`'s manifest ([`MANIFEST`]), or one marked as a
/// cache by a `CACHEDIR.TAG` file (Cargo marks its `target` so).
fn is_output_dir(e: &ignore::DirEntry) -> bool {
    if e.depth() == 0 || !e.file_type().is_some_and(|t| t.is_dir()) {
        return false;
    }
    let name = e.file_name();
    SKIPPED_DIR_NAMES.iter().any(|n| name == OsStr::new(n))
        || e.path().join(MANIFEST).exists()
        || e.path().join("CACHEDIR.TAG").exists()
}

/// A walker of `root` with the filters every walk applies.
fn walker(root: &Path, opts: &InputArgs, max_depth: Option<usize>) -> Result<ignore::Walk> {
    let mut b = ignore::WalkBuilder::new(root);
    // Hidden entries, .ignore, .gitignore (with or without a repository), git's exclude files,
    // in the directory and its parents, as ripgrep reads them.
    b.standard_filters(true)
        .require_git(false)
        .follow_links(false)
        .max_depth(max_depth)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|e| !is_output_dir(e));
    if opts.no_respect_gitignore {
        b.ignore(false).git_ignore(false).git_global(false).git_exclude(false).parents(false);
    }
    if !opts.exclude.is_empty() {
        let mut o = ignore::overrides::OverrideBuilder::new(root);
        for g in &opts.exclude {
            o.add(&format!("!{g}")).map_err(|e| anyhow!("--exclude {g}: not a valid glob: {e}"))?;
        }
        b.overrides(o.build().map_err(|e| anyhow!("--exclude: {e}"))?);
    }
    Ok(b.build())
}

/// One entry of a walk, or what to do about it.
enum Step {
    /// Not for us (the root, a directory, a file of another kind).
    Pass,
    /// A directory, to be entered.
    Dir(ignore::DirEntry),
    /// A source file.
    File(ignore::DirEntry),
}

fn step(r: std::result::Result<ignore::DirEntry, ignore::Error>, root: &Path) -> Result<Step> {
    let e = match r {
        Ok(e) => e,
        // An unreadable directory stops the run, as it did; a bad line in an ignore file is
        // only reported.
        Err(err) if err.io_error().is_some() => {
            bail!("{}: cannot list directory ({err}); check its permissions", root.display())
        }
        Err(err) => {
            eprintln!("warning: {err}");
            return Ok(Step::Pass);
        }
    };
    if e.depth() == 0 {
        return Ok(Step::Pass);
    }
    let Some(ft) = e.file_type() else { return Ok(Step::Pass) };
    if ft.is_symlink() {
        eprintln!("warning: {}: symbolic link skipped (links inside directories are not followed)", e.path().display());
        return Ok(Step::Pass);
    }
    if ft.is_dir() {
        if e.depth() > MAX_DEPTH {
            bail!("{}: directories nested more than {MAX_DEPTH} deep", e.path().display());
        }
        return Ok(Step::Dir(e));
    }
    if ft.is_file() && has_source_extension(e.path()) {
        return Ok(Step::File(e));
    }
    Ok(Step::Pass)
}

fn walk(dir: &Path, opts: &InputArgs, max_depth: Option<usize>, out: &mut Vec<Input>) -> Result<()> {
    for r in walker(dir, opts, max_depth)? {
        if let Step::File(e) = step(r, dir)? {
            out.push(Input { path: e.into_path(), origin: Origin::Walked });
        }
    }
    Ok(())
}

/// Expand a glob the shell left as it was (quoted, or on a system whose shell does not expand):
/// the longest leading part without glob characters is walked as a directory is, and the files
/// and directories whose path matches are taken (a directory with its sources). `*` and `?` do
/// not match `/`; `**` matches any number of directories.
fn expand_glob(pattern: &str, opts: &InputArgs, out: &mut Vec<Input>) -> Result<()> {
    let glob = globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| anyhow!("{pattern}: not a file, and not a valid glob: {e}"))?
        .compile_matcher();
    let parts: Vec<&str> = pattern.split('/').collect();
    let literal = parts.iter().take_while(|c| !has_glob_meta(c)).count();
    let base = match parts[..literal].join("/") {
        b if b.is_empty() && pattern.starts_with('/') => "/".to_string(),
        b => b,
    };
    // Relative to the working directory, paths come out as the shell would give them.
    let (root, strip) = if base.is_empty() { (PathBuf::from("."), true) } else { (PathBuf::from(&base), false) };
    if !root.is_dir() {
        bail!("{pattern}: no such file or directory ({} does not exist)", root.display());
    }
    let max_depth = (!pattern.contains("**")).then(|| parts.len() - literal);
    let before = out.len();
    // A matched directory whose sources were taken: its entries are not matched again.
    let mut taken: Option<PathBuf> = None;
    for r in walker(&root, opts, max_depth)? {
        let (e, is_dir) = match step(r, &root)? {
            Step::Pass => continue,
            Step::Dir(e) => (e, true),
            Step::File(e) => (e, false),
        };
        let path = match e.path().strip_prefix(".") {
            Ok(p) if strip => p.to_path_buf(),
            _ => e.into_path(),
        };
        if taken.as_ref().is_some_and(|t| path.starts_with(t)) {
            continue;
        }
        if !glob.is_match(&path) {
            continue;
        }
        if is_dir {
            walk(&path, opts, None, out)?;
            taken = Some(path);
        } else {
            out.push(Input { path, origin: Origin::Walked });
        }
    }
    if out.len() == before {
        bail!(
            "{pattern}: no such file, and no source (.md, .txt, .html or .json file that is not hidden, ignored or excluded) matches it as a glob"
        );
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
pub fn load(paths: &[PathBuf], from: Option<SourceFormat>, opts: &InputArgs) -> Result<Loaded> {
    load_files(&collect(paths, opts)?, from, opts)
}

/// Read two versions side by side (`diff`); either may be `-`, not both.
pub fn load_pair(old: &Path, new: &Path, from: Option<SourceFormat>, opts: &InputArgs) -> Result<(Loaded, Loaded)> {
    if opts.stdin_filename.is_some() && !is_stdin(old) && !is_stdin(new) {
        bail!(NAME_WITHOUT_STDIN);
    }
    if is_stdin(old) && is_stdin(new) {
        bail!("-: standard input is named twice; it can be read once");
    }
    // Each side sees the name of standard input only when it reads it.
    let side = |p: &Path| InputArgs {
        stdin_filename: if is_stdin(p) { opts.stdin_filename.clone() } else { None },
        ..opts.clone()
    };
    let (old_opts, new_opts) = (side(old), side(new));
    let (old, new) = reportkit_check::side_by_side(
        || load(&[old.to_path_buf()], from, &old_opts),
        || load(&[new.to_path_buf()], from, &new_opts),
    );
    Ok((old?, new?))
}

/// What reading one file gave.
enum Read {
    /// Its documents, their source texts, and the key its bytes are known by (none for an empty
    /// file).
    Docs(Vec<Document>, Vec<String>, Option<String>),
    /// A JSON file found in a walk that is not a reportkit document, and why.
    Skipped(String),
}

static STDIN_READ: AtomicBool = AtomicBool::new(false);

fn read_bytes(f: &Input) -> Result<Vec<u8>> {
    if f.origin == Origin::Stdin {
        if STDIN_READ.swap(true, Ordering::SeqCst) {
            bail!("-: standard input is named twice; it can be read once");
        }
        let mut bytes = Vec::new();
        std::io::stdin().lock().read_to_end(&mut bytes).context("-: cannot read standard input")?;
        return Ok(bytes);
    }
    std::fs::read(&f.path).with_context(|| format!("{}: cannot read file", f.path.display()))
}

fn read_one(f: &Input, from: Option<SourceFormat>, opts: &InputArgs) -> Result<Read> {
    let bytes = read_bytes(f)?;
    let name = match f.origin {
        Origin::Stdin => opts.stdin_name().into(),
        _ => f.path.to_string_lossy(),
    };
    let parsed = match reportkit_parse::parse(&name, &bytes, from) {
        Ok(p) => p,
        // JSON met in a walk (a schema, a package manifest, another tool's report) is not a
        // source; named on the command line it is refused.
        Err(ParseError::Schema(_)) if f.origin == Origin::Walked => {
            return Ok(Read::Skipped("not a reportkit document".to_string()))
        }
        Err(ParseError::Json { line, column, .. }) if f.origin == Origin::Walked => {
            return Ok(Read::Skipped(format!(
                "not a reportkit document (invalid JSON at line {line}, column {column})"
            )))
        }
        Err(e) => bail!("{name}: {e}"),
    };
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
    // The same bytes under two names: a Markdown, text or HTML source carries the hash of its
    // bytes already; a JSON file's documents carry their sources', so its bytes are hashed.
    let key = if bytes.is_empty() {
        None
    } else if let [d] = parsed.as_slice() {
        if d.source.path == name && !read_as_json(&name, from) {
            Some(d.source.sha256.clone())
        } else {
            Some(reportkit_parse::sha256_hex(&bytes))
        }
    } else {
        Some(reportkit_parse::sha256_hex(&bytes))
    };
    Ok(Read::Docs(parsed, sources, key))
}

/// Whether a file of this name is read as canonical JSON.
fn read_as_json(name: &str, from: Option<SourceFormat>) -> bool {
    match from {
        Some(f) => f == SourceFormat::Json,
        None => Path::new(name).extension().is_some_and(|x| x.eq_ignore_ascii_case("json")),
    }
}

/// Read and parse the given source files into one corpus, in the order given. Files are read
/// and parsed in parallel; the corpus and the first error reported follow the given order.
///
/// A JSON file found in a walk that is not a reportkit document is skipped with a note on
/// standard error. A file with the same bytes as one read before it (a copy) is read once: a
/// warning names both, and the first one found is the one checked.
pub fn load_files(files: &[Input], from: Option<SourceFormat>, opts: &InputArgs) -> Result<Loaded> {
    use rayon::prelude::*;
    crate::fit_allocator_to_input(files.iter().filter_map(|f| std::fs::metadata(&f.path).ok()).map(|m| m.len()).sum());
    let read: Vec<Result<Read>> = files.par_iter().map(|f| read_one(f, from, opts)).collect();
    let shown = |f: &Input| match f.origin {
        Origin::Stdin => opts.stdin_name().to_string(),
        _ => f.path.display().to_string(),
    };
    let mut docs = Vec::new();
    let mut sources = Vec::new();
    let mut skipped = 0usize;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, (f, r)) in files.iter().zip(read).enumerate() {
        match r? {
            Read::Skipped(why) => {
                eprintln!("note: {}: skipped: {why}", shown(f));
                skipped += 1;
            }
            Read::Docs(d, s, key) => {
                if let Some(key) = key {
                    if let Some(&first) = seen.get(&key) {
                        let first = &files[first];
                        if first.path == f.path && f.origin != Origin::Stdin {
                            eprintln!("warning: {}: named twice; read once", shown(f));
                        } else {
                            eprintln!(
                                "warning: {}: same content as {}; read once, as {}",
                                shown(f),
                                shown(first),
                                shown(first)
                            );
                        }
                        continue;
                    }
                    seen.insert(key, i);
                }
                docs.extend(d);
                sources.extend(s);
            }
        }
    }
    if docs.is_empty() && skipped > 0 {
        bail!(
            "no sources: the {} JSON file{} found {} not reportkit documents; name the report sources",
            skipped,
            if skipped == 1 { "" } else { "s" },
            if skipped == 1 { "is" } else { "are" }
        );
    }
    Ok(Loaded { corpus: reportkit_parse::corpus(docs), sources })
}
