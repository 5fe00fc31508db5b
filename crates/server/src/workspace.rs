//! The server's state: every source of the workspace with its text and parsed documents, the
//! last check's findings, and the diagnostics last published.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Range, Uri};
use reportkit_check::{Config, Outcome};
use reportkit_model::{Corpus, Document, Finding, Severity, SourceFormat};

use crate::position::{Encoding, LineIndex};
use crate::uri;

/// One source file: the editor's text while it is open, the file's otherwise, and the documents
/// read from it, parsed again only when its text changes.
pub(crate) struct Source {
    /// Absolute path.
    pub path: PathBuf,
    /// The name findings give it: relative to the workspace root when under it.
    pub name: String,
    /// The URI the editor knows it by (its own spelling once it opened the file).
    pub uri: Uri,
    /// The text checked.
    pub text: String,
    /// Where its lines start.
    pub lines: LineIndex,
    /// Its documents, or why it could not be read.
    pub parsed: Result<Vec<Document>, String>,
    /// The editor's version while the file is open.
    pub version: Option<i32>,
    /// Whether the workspace's files include it (a file opened from elsewhere is checked while
    /// it is open).
    pub in_corpus: bool,
}

impl Source {
    /// Replace the text and read it again.
    pub fn set_text(&mut self, text: String) {
        self.lines = LineIndex::new(&text);
        self.parsed = parse(&self.name, &text);
        self.text = text;
    }

    /// Whether the check reads it.
    pub fn checked(&self) -> bool {
        self.in_corpus || self.version.is_some()
    }
}

/// Read a source's documents; a reader's error (or a panic, which would be a bug) becomes the
/// message of a diagnostic, never the end of the server.
fn parse(name: &str, text: &str) -> Result<Vec<Document>, String> {
    match std::panic::catch_unwind(|| reportkit_parse::parse(name, text.as_bytes(), None)) {
        Ok(Ok(docs)) => Ok(docs),
        Ok(Err(e)) => Err(format!("{name}: cannot read: {e}")),
        Err(_) => Err(format!("{name}: the reader failed on this text (a bug: please report it)")),
    }
}

/// The result of the last check.
pub(crate) struct Checked {
    /// The documents checked.
    pub corpus: Corpus,
    /// What the check found.
    pub outcome: Outcome,
    /// For each document of `corpus`, the index of its source.
    pub doc_source: Vec<usize>,
}

/// The whole state.
pub(crate) struct Workspace {
    /// The workspace's root (absolute); document names are relative to it.
    pub root: PathBuf,
    /// reportkit.toml's configuration (or the defaults).
    pub config: Config,
    /// How LSP positions count characters.
    pub encoding: Encoding,
    /// The sources, in the order the check reads them.
    pub sources: Vec<Source>,
    by_path: HashMap<PathBuf, usize>,
    /// The last check.
    pub checked: Option<Checked>,
    /// The diagnostics last published, by URI, with the version of the text they were for.
    published: HashMap<String, (Option<i32>, Vec<Diagnostic>)>,
}

/// A path made absolute and canonical when it exists.
pub(crate) fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

impl Workspace {
    /// A workspace of these files (absolute paths), read from disk in parallel.
    pub fn new(root: PathBuf, config: Config, encoding: Encoding, files: &[PathBuf]) -> Workspace {
        use rayon::prelude::*;
        let mut ws = Workspace {
            root,
            config,
            encoding,
            sources: Vec::new(),
            by_path: HashMap::new(),
            checked: None,
            published: HashMap::new(),
        };
        let read: Vec<Option<Source>> = files
            .par_iter()
            .map(|p| {
                let path = canonical(p);
                let bytes = std::fs::read(&path).ok()?;
                let text = match reportkit_parse::decode(&bytes) {
                    Ok(t) => t.into_owned(),
                    Err(_) => String::from_utf8_lossy(&bytes).into_owned(),
                };
                Some(ws.source(path, text, true))
            })
            .collect();
        for s in read.into_iter().flatten() {
            ws.insert(s);
        }
        ws
    }

    fn source(&self, path: PathBuf, text: String, in_corpus: bool) -> Source {
        let name = self.name_of(&path);
        let uri = uri::from_path(&path).unwrap_or_else(|| self.root_uri());
        let mut s = Source {
            path,
            name,
            uri,
            text: String::new(),
            lines: LineIndex::new(""),
            parsed: Ok(Vec::new()),
            version: None,
            in_corpus,
        };
        s.set_text(text);
        s
    }

    fn root_uri(&self) -> Uri {
        uri::from_path(&self.root).unwrap_or_else(|| "file:///".parse().expect("a valid URI"))
    }

    fn insert(&mut self, s: Source) -> usize {
        if let Some(&i) = self.by_path.get(&s.path) {
            return i;
        }
        self.by_path.insert(s.path.clone(), self.sources.len());
        self.sources.push(s);
        self.sources.len() - 1
    }

    /// The name of a file in findings: relative to the root when under it.
    fn name_of(&self, path: &Path) -> String {
        match path.strip_prefix(&self.root) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel.to_string_lossy().into_owned(),
            _ => path.to_string_lossy().into_owned(),
        }
    }

    /// The path of a file named in a finding.
    pub fn path_of(&self, name: &str) -> PathBuf {
        let p = Path::new(name);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.root.join(p)
        }
    }

    /// The source at a path.
    pub fn index_of(&self, path: &Path) -> Option<usize> {
        self.by_path.get(path).copied()
    }

    /// The source an editor's URI names.
    pub fn index_of_uri(&self, u: &Uri) -> Option<usize> {
        self.index_of(&canonical(&uri::to_path(u)?))
    }

    /// The editor opened a file: its text replaces the file's (a file outside the workspace's
    /// files is added while open).
    pub fn open(&mut self, u: Uri, version: i32, text: String) -> Option<usize> {
        let path = canonical(&uri::to_path(&u)?);
        let i = match self.index_of(&path) {
            Some(i) => i,
            None => {
                let s = self.source(path, String::new(), false);
                self.insert(s)
            }
        };
        let s = &mut self.sources[i];
        s.uri = u;
        s.version = Some(version);
        if s.text != text || s.parsed.is_err() {
            s.set_text(text);
        }
        Some(i)
    }

    /// The editor closed a file: the file on disk counts again.
    pub fn close(&mut self, u: &Uri) -> Option<usize> {
        let i = self.index_of_uri(u)?;
        let s = &mut self.sources[i];
        s.version = None;
        if s.in_corpus {
            let text = std::fs::read(&s.path)
                .ok()
                .and_then(|b| reportkit_parse::decode(&b).ok().map(|t| t.into_owned()))
                .unwrap_or_default();
            if text != s.text {
                s.set_text(text);
            }
        }
        Some(i)
    }

    /// Check every source the check reads. A panic in a rule (a bug) is caught and reported:
    /// the previous findings stay.
    pub fn check(&mut self) -> Result<(), String> {
        let mut docs = Vec::new();
        let mut texts = Vec::new();
        let mut doc_source = Vec::new();
        for (i, s) in self.sources.iter().enumerate() {
            let Ok(parsed) = &s.parsed else { continue };
            if !s.checked() {
                continue;
            }
            for d in parsed {
                let own = parsed.len() == 1 && d.source.format != SourceFormat::Json;
                texts.push(if own { s.text.clone() } else { String::new() });
                docs.push(d.clone());
                doc_source.push(i);
            }
        }
        let corpus = reportkit_parse::corpus(docs);
        let config = &self.config;
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            reportkit_check::check(&corpus, &texts, config, None)
        }))
        .map_err(|_| "the check failed on this text (a bug in a rule: please report it)".to_string())?;
        self.checked = Some(Checked { corpus, outcome, doc_source });
        Ok(())
    }

    /// The text of a file and its line index: the source's, else read from disk (a file that
    /// is not a source, such as reportkit.toml).
    pub fn text_of(&self, path: &Path) -> Option<(std::borrow::Cow<'_, str>, std::borrow::Cow<'_, LineIndex>)> {
        if let Some(i) = self.index_of(path) {
            let s = &self.sources[i];
            return Some((s.text.as_str().into(), std::borrow::Cow::Borrowed(&s.lines)));
        }
        let text = std::fs::read_to_string(path).ok()?;
        let lines = LineIndex::new(&text);
        Some((text.into(), std::borrow::Cow::Owned(lines)))
    }

    /// The URI of a path: the editor's spelling for a file it opened.
    pub fn uri_of(&self, path: &Path) -> Option<Uri> {
        match self.index_of(path) {
            Some(i) => Some(self.sources[i].uri.clone()),
            None => uri::from_path(path),
        }
    }

    /// Where a finding points, in LSP terms: its columns on its line when it has them, else its
    /// lines whole.
    pub fn range_of(&self, f: &Finding) -> Option<(PathBuf, Range)> {
        let path = self.path_of(&f.file);
        let (text, ix) = self.text_of(&path)?;
        let enc = self.encoding;
        let range = match (f.column, f.end_column) {
            (Some(a), Some(b)) => {
                Range { start: ix.position(&text, enc, f.line, a), end: ix.position(&text, enc, f.line, b) }
            }
            _ => Range {
                start: ix.position(&text, enc, f.line, 1),
                end: ix.line_end(&text, enc, f.end_line.max(f.line)),
            },
        };
        Some((path, range))
    }

    /// A whole line (1-based) of a file, as a location.
    pub fn line_location(&self, name: &str, line: u32) -> Option<Location> {
        let path = self.path_of(name);
        let (text, ix) = self.text_of(&path)?;
        let range =
            Range { start: ix.position(&text, self.encoding, line, 1), end: ix.line_end(&text, self.encoding, line) };
        Some(Location { uri: self.uri_of(&path)?, range })
    }

    /// A finding as a diagnostic.
    pub fn diagnostic(&self, f: &Finding) -> Option<(PathBuf, Diagnostic)> {
        let (path, range) = self.range_of(f)?;
        let related: Vec<DiagnosticRelatedInformation> = f
            .related
            .iter()
            .filter_map(|r| {
                Some(DiagnosticRelatedInformation {
                    location: self.line_location(&r.file, r.line)?,
                    message: r.note.clone(),
                })
            })
            .collect();
        let message = match &f.hint {
            Some(h) => format!("{}\nhelp: {h}", f.message),
            None => f.message.clone(),
        };
        let d = Diagnostic {
            range,
            severity: Some(match f.severity {
                Severity::Error => DiagnosticSeverity::ERROR,
                Severity::Warning => DiagnosticSeverity::WARNING,
                Severity::Info => DiagnosticSeverity::INFORMATION,
            }),
            code: Some(NumberOrString::String(f.rule.clone())),
            source: Some("reportkit".to_string()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            data: Some(serde_json::json!({ "fingerprint": f.fingerprint })),
            ..Diagnostic::default()
        };
        Some((path, d))
    }

    /// Every file's diagnostics now: the findings of the last check, and a diagnostic for each
    /// checked source that could not be read.
    fn diagnostics(&self) -> HashMap<PathBuf, Vec<Diagnostic>> {
        let mut by_file: HashMap<PathBuf, Vec<Diagnostic>> = HashMap::new();
        for s in self.sources.iter().filter(|s| s.checked()) {
            if let Err(e) = &s.parsed {
                let d = Diagnostic {
                    range: Range::default(),
                    severity: Some(DiagnosticSeverity::ERROR),
                    code: Some(NumberOrString::String("unreadable".to_string())),
                    source: Some("reportkit".to_string()),
                    message: e.clone(),
                    ..Diagnostic::default()
                };
                by_file.entry(s.path.clone()).or_default().push(d);
            }
        }
        if let Some(c) = &self.checked {
            for f in &c.outcome.findings {
                if let Some((path, d)) = self.diagnostic(f) {
                    by_file.entry(path).or_default().push(d);
                }
            }
        }
        by_file
    }

    /// The `publishDiagnostics` to send after a check: `first` (the file just edited) always
    /// and first, every open file whose version has none yet, and every other file whose
    /// diagnostics changed (a file whose findings went away gets an empty list).
    pub fn publications(&mut self, first: Option<&Path>) -> Vec<lsp_types::PublishDiagnosticsParams> {
        let mut now = self.diagnostics();
        for s in self.sources.iter().filter(|s| s.version.is_some()) {
            now.entry(s.path.clone()).or_default();
        }
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut paths: Vec<PathBuf> = now.keys().cloned().collect();
        paths.sort();
        if let Some(f) = first {
            if let Some(i) = paths.iter().position(|p| p == f) {
                let p = paths.remove(i);
                paths.insert(0, p);
            }
        }
        for path in paths {
            let diags = now.remove(&path).unwrap_or_default();
            let Some(u) = self.uri_of(&path) else { continue };
            seen.insert(u.as_str().to_string());
            let forced = first == Some(path.as_path());
            let version = self.index_of(&path).and_then(|i| self.sources[i].version);
            if !forced && self.published.get(u.as_str()).is_some_and(|(v, d)| *v == version && *d == diags) {
                continue;
            }
            self.published.insert(u.as_str().to_string(), (version, diags.clone()));
            out.push(lsp_types::PublishDiagnosticsParams { uri: u, diagnostics: diags, version });
        }
        // Files that had diagnostics and have none now, nor are open.
        let gone: Vec<String> = self
            .published
            .iter()
            .filter(|(k, (_, d))| !seen.contains(*k) && !d.is_empty())
            .map(|(k, _)| k.clone())
            .collect();
        for k in gone {
            self.published.insert(k.clone(), (None, Vec::new()));
            if let Ok(u) = k.parse::<Uri>() {
                out.push(lsp_types::PublishDiagnosticsParams { uri: u, diagnostics: Vec::new(), version: None });
            }
        }
        out
    }
}
