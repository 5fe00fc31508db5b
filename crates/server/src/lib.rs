//! reportkit's language server: the checker's findings in an editor while the text is written.
//!
//! [`run`] serves one client over a [`Connection`] (the CLI's `reportkit server` gives it standard
//! input and output). After `initialize`, it asks the caller which files make up the workspace
//! ([`Options::discover`]: the corpus of `reportkit.toml`, or the sources under the open
//! folder), reads and parses them once, and then:
//!
//! - checks the whole corpus (cross-document rules included) at start and on every `didOpen`
//!   and `didChange` (full or incremental), with the unsaved text of open files and the disk's for
//!   the others, re-parsing only the file that changed; changes that arrive together are
//!   checked once; diagnostics go to every file whose findings changed (an empty list to a file
//!   whose findings went away), the edited file's first;
//! - answers `textDocument/codeAction` with the findings' fixes and "suppress here" (a
//!   `reportkit-disable-next-block` comment above the finding's block, see
//!   [`reportkit_check::suppress_here`]), `textDocument/hover` on a figure with what the
//!   checker read and where else it is stated, and `textDocument/definition` from a finding to
//!   its related places.
//!
//! Positions are converted between the model's 1-based lines and Unicode-scalar columns and
//! LSP's 0-based lines and UTF-16 units (or UTF-8 or UTF-32, when the client offers one
//! first). Nothing a client sends makes the server panic: a source that cannot be read gets a
//! diagnostic, a request it cannot answer an error response.

mod features;
mod position;
mod uri;
mod workspace;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, Result};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, HoverProviderCapability, InitializeParams, OneOf,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};
use reportkit_check::Config;

pub use lsp_server;
pub use position::Encoding;

use workspace::Workspace;

/// What the server checks, as the caller finds it from the workspace's root.
pub struct Scope {
    /// The workspace's root (absolute): findings name files relative to it, and the server
    /// makes it the working directory, from which reportkit.toml's paths are resolved.
    pub root: PathBuf,
    /// The configuration in force (rule levels, suppressions, publications).
    pub config: Config,
    /// The source files, in the order the check reads them.
    pub files: Vec<PathBuf>,
    /// Where the files came from, for the log ("the corpus of /w/reportkit.toml").
    pub description: String,
}

/// Finds the [`Scope`] of a workspace from its root folder.
pub type Discover = Box<dyn FnMut(&Path) -> Result<Scope>>;

/// How the server finds its files.
pub struct Options {
    /// Called after `initialize` with the workspace's root (the client's first workspace
    /// folder, else its root URI, else the working directory), and again when reportkit.toml
    /// is saved. An error is shown to the user, and the server then checks only open files.
    pub discover: Discover,
}

/// The server's capabilities for a position encoding.
fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            ..TextDocumentSyncOptions::default()
        })),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// The root of the workspace a client opened.
#[allow(deprecated)] // `root_uri` and `root_path`: older clients send only these.
fn root_of(params: &InitializeParams) -> PathBuf {
    let from_folders = params.workspace_folders.as_ref().and_then(|f| f.first()).and_then(|f| uri::to_path(&f.uri));
    let root = from_folders
        .or_else(|| params.root_uri.as_ref().and_then(uri::to_path))
        .or_else(|| params.root_path.as_ref().map(PathBuf::from))
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("/"));
    workspace::canonical(&root)
}

/// Serve one client until it asks to shut down and exit (`Ok`), or the connection breaks or
/// it exits without a shutdown (`Err`, after which a server should exit with code 1).
pub fn run(connection: Connection, mut options: Options) -> Result<()> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let encoding =
        Encoding::negotiate(params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_deref()));
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": { "name": "reportkit", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result)?;
    let root = root_of(&params);
    // The workspace's files are checked at once, open or not: the editor lists every file's
    // findings from the start.
    let mut server =
        Server { connection: &connection, ws: load(&connection, &mut options, &root, encoding), dirty: Some(None) };
    server.main_loop(&mut options)
}

/// After `shutdown`: only `exit` is expected (other notifications are dropped, requests refused).
fn wait_for_exit(
    connection: &Connection,
    rx: &std::sync::mpsc::Receiver<Message>,
    mut waiting: std::collections::VecDeque<Message>,
) -> Result<()> {
    loop {
        let msg = match waiting.pop_front() {
            Some(m) => m,
            None => rx
                .recv_timeout(std::time::Duration::from_secs(30))
                .map_err(|_| anyhow!("no exit notification after shutdown"))?,
        };
        match msg {
            Message::Notification(n) if n.method == lsp_types::notification::Exit::METHOD => return Ok(()),
            Message::Request(req) => {
                let refused = Response::new_err(req.id, ErrorCode::InvalidRequest as i32, "shutting down".to_string());
                let _ = connection.sender.send(Message::Response(refused));
            }
            _ => {}
        }
    }
}

/// Discover the workspace's files and read them; a failure is shown, and the server goes on
/// with no files but the open ones.
fn load(connection: &Connection, options: &mut Options, root: &Path, encoding: Encoding) -> Workspace {
    let t = Instant::now();
    match (options.discover)(root) {
        Ok(scope) => {
            let root = workspace::canonical(&scope.root);
            if let Err(e) = std::env::set_current_dir(&root) {
                log(connection, 2, &format!("reportkit: cannot enter {}: {e}", root.display()));
            }
            let ws = Workspace::new(root, scope.config, encoding, &scope.files);
            log(
                connection,
                3,
                &format!(
                    "reportkit: {} files ({}) read in {:.0} ms",
                    ws.sources.len(),
                    scope.description,
                    t.elapsed().as_secs_f64() * 1e3
                ),
            );
            ws
        }
        Err(e) => {
            let message = format!("reportkit: {e:#}; only open files are checked");
            show(connection, 2, &message);
            Workspace::new(root.to_path_buf(), Config::default(), encoding, &[])
        }
    }
}

/// `window/logMessage` (type 1 error … 4 log).
fn log(connection: &Connection, kind: u8, message: &str) {
    notify(connection, "window/logMessage", serde_json::json!({ "type": kind, "message": message }));
}

/// `window/showMessage`, and the same in the log.
fn show(connection: &Connection, kind: u8, message: &str) {
    notify(connection, "window/showMessage", serde_json::json!({ "type": kind, "message": message }));
    log(connection, kind, message);
}

fn notify(connection: &Connection, method: &str, params: serde_json::Value) {
    let _ = connection.sender.send(Message::Notification(Notification::new(method.to_string(), params)));
}

struct Server<'c> {
    connection: &'c Connection,
    ws: Workspace,
    /// A change not yet checked, and the file it was made in (published first).
    dirty: Option<Option<PathBuf>>,
}

impl Server<'_> {
    fn main_loop(&mut self, options: &mut Options) -> Result<()> {
        // The connection hands over one message at a time; a thread of ours takes them as
        // they come, so that the loop sees which are waiting and checks once after a burst of
        // changes.
        let (tx, rx) = std::sync::mpsc::channel();
        let incoming = self.connection.receiver.clone();
        std::thread::spawn(move || {
            for m in incoming {
                let exit = matches!(&m, Message::Notification(n) if n.method == lsp_types::notification::Exit::METHOD);
                if tx.send(m).is_err() || exit {
                    break;
                }
            }
        });
        let mut waiting = std::collections::VecDeque::new();
        // `initialized` was taken by the connection's handshake: the first check runs now.
        self.flush();
        loop {
            let msg = match waiting.pop_front() {
                Some(m) => m,
                None => rx.recv().map_err(|_| anyhow!("the client closed the connection without shutting down"))?,
            };
            match msg {
                Message::Request(req) if req.method == lsp_types::request::Shutdown::METHOD => {
                    self.connection.sender.send(Message::Response(Response::new_ok(req.id, ())))?;
                    return wait_for_exit(self.connection, &rx, waiting);
                }
                Message::Request(req) => {
                    // A request sees every change sent before it.
                    self.flush();
                    let resp = self.request(req);
                    self.connection.sender.send(Message::Response(resp))?;
                }
                Message::Notification(n) => {
                    if n.method == lsp_types::notification::Exit::METHOD {
                        return Err(anyhow!("exit without shutdown"));
                    }
                    self.notification(n, options);
                }
                Message::Response(_) => {}
            }
            waiting.extend(rx.try_iter());
            // Changes that arrived together are checked once.
            if waiting.is_empty() {
                self.flush();
            }
        }
    }

    /// Check and publish, if something changed.
    fn flush(&mut self) {
        let Some(first) = self.dirty.take() else { return };
        let t = Instant::now();
        if let Err(e) = self.ws.check() {
            show(self.connection, 1, &format!("reportkit: {e}"));
        }
        let checked = t.elapsed();
        for p in self.ws.publications(first.as_deref()) {
            notify(
                self.connection,
                lsp_types::notification::PublishDiagnostics::METHOD,
                serde_json::to_value(p).unwrap_or_default(),
            );
        }
        if std::env::var_os("REPORTKIT_TIMINGS").is_some() {
            eprintln!(
                "reportkit server: checked in {:.1} ms, published in {:.1} ms",
                checked.as_secs_f64() * 1e3,
                (t.elapsed() - checked).as_secs_f64() * 1e3
            );
        }
    }

    fn mark(&mut self, path: Option<PathBuf>) {
        match &mut self.dirty {
            Some(first) if first.is_some() => {}
            _ => self.dirty = Some(path),
        }
    }

    fn notification(&mut self, n: Notification, options: &mut Options) {
        use lsp_types::notification::{
            DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
        };
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params) else { return };
                let d = p.text_document;
                if let Some(i) = self.ws.open(d.uri, d.version, d.text) {
                    let path = self.ws.sources[i].path.clone();
                    self.mark(Some(path));
                }
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params) else { return };
                let Some(i) = self.ws.index_of_uri(&p.text_document.uri) else { return };
                let enc = self.ws.encoding;
                let s = &mut self.ws.sources[i];
                let mut text = std::mem::take(&mut s.text);
                for c in p.content_changes {
                    match c.range {
                        None => text = c.text,
                        Some(r) => {
                            let ix = position::LineIndex::new(&text);
                            let a = ix.offset(&text, enc, r.start);
                            let b = ix.offset(&text, enc, r.end).max(a);
                            text.replace_range(a..b, &c.text);
                        }
                    }
                }
                s.version = Some(p.text_document.version);
                s.set_text(text);
                let path = s.path.clone();
                self.mark(Some(path));
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params) else { return };
                if self.ws.close(&p.text_document.uri).is_some() {
                    self.mark(None);
                }
            }
            DidSaveTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(n.params) else { return };
                let saved = uri::to_path(&p.text_document.uri);
                if saved.as_deref().and_then(Path::file_name).is_some_and(|f| f == "reportkit.toml") {
                    self.reload(options);
                }
            }
            _ => {}
        }
    }

    /// reportkit.toml changed: find the files again, keeping the open ones' text.
    fn reload(&mut self, options: &mut Options) {
        let open: Vec<(lsp_types::Uri, i32, String)> =
            self.ws.sources.iter().filter_map(|s| Some((s.uri.clone(), s.version?, s.text.clone()))).collect();
        let root = self.ws.root.clone();
        let mut ws = load(self.connection, options, &root, self.ws.encoding);
        for (u, v, text) in open {
            ws.open(u, v, text);
        }
        self.ws = ws;
        self.mark(None);
    }

    fn request(&mut self, req: Request) -> Response {
        use lsp_types::request::{CodeActionRequest, GotoDefinition, HoverRequest};
        let id = req.id.clone();
        let result = match req.method.as_str() {
            CodeActionRequest::METHOD => serde_json::from_value::<lsp_types::CodeActionParams>(req.params)
                .map(|p| serde_json::to_value(features::code_actions(&self.ws, &p))),
            HoverRequest::METHOD => serde_json::from_value::<lsp_types::HoverParams>(req.params)
                .map(|p| serde_json::to_value(features::hover(&self.ws, &p))),
            GotoDefinition::METHOD => serde_json::from_value::<lsp_types::GotoDefinitionParams>(req.params).map(|p| {
                let at = p.text_document_position_params;
                serde_json::to_value(features::definition(&self.ws, &at.text_document.uri, at.position))
            }),
            _ => {
                return Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("unknown method {}", req.method),
                );
            }
        };
        match result {
            Ok(Ok(v)) => Response::new_ok(id, v),
            Ok(Err(e)) | Err(e) => Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string()),
        }
    }
}
