//! `reportkit server` driven over pipes as an editor drives it: Content-Length framed JSON-RPC,
//! UTF-16 positions (the protocol's default), a workspace of two invented files with a
//! reportkit.toml, and every feature a user sees: diagnostics on open and on change (the
//! unsaved text), cross-document findings, a fix and a suppression applied through code
//! actions, hover on a figure, go to definition, shutdown and exit.

use std::io::{BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const REPORT: &str = "# Harbour Forum 2025 Report

The Harbour Forum met in Lisbon on Friday, 3 June 2025, and 🌍 delegates held 12 sessions:

- 5 workshops
- 4 panels
- 2 talks

### Attendance

The forum brought together 5,200 onsite participants.

## Topics

- Ports
- Shipping
- Ports
";

const NOTES: &str = "Harbour Forum 2025: notes

The forum gathered 4,900 onsite participants.

The organisers counted 9 volunteers:
- 3 guides
- 3 hosts
";

/// Both files are one publication (so their figures are compared), and heading-level is raised
/// to an error: the server must read it as `check` does.
const CONFIG: &str = "corpus = [\".\"]

[[publications]]
name = \"Harbour Forum 2025\"
paths = [\"*.md\", \"*.txt\"]

[rules]
heading-level = \"error\"
";

const WAIT: Duration = Duration::from_secs(20);

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: u64,
    /// Notifications received while waiting for something else.
    backlog: Vec<Value>,
}

impl Client {
    fn start(cwd: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_reportkit"))
            .arg("server")
            .current_dir(cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let stdin = child.stdin.take().expect("stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let (tx, incoming) = std::sync::mpsc::channel();
        // Messages framed as the protocol frames them (lsp-server reads the frames).
        std::thread::spawn(move || {
            while let Ok(Some(message)) = lsp_server::Message::read(&mut stdout) {
                if tx.send(serde_json::to_value(message).expect("JSON")).is_err() {
                    return;
                }
            }
        });
        Client { child, stdin, incoming, next_id: 0, backlog: Vec::new() }
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn recv(&mut self) -> Value {
        match self.incoming.recv_timeout(WAIT) {
            Ok(v) => v,
            Err(RecvTimeoutError::Timeout) => panic!("no message from the server in {WAIT:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// Send a request and return its result (an error response fails the test).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let msg = self.recv();
            if msg["id"] == json!(id) && msg.get("method").is_none() {
                assert!(msg.get("error").is_none(), "{method} failed: {msg}");
                return msg["result"].clone();
            }
            self.backlog.push(msg);
        }
    }

    /// The next diagnostics published for `uri` (from the backlog first).
    fn diagnostics(&mut self, uri: &str) -> Published {
        let is_it = |m: &Value| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri;
        if let Some(i) = self.backlog.iter().position(is_it) {
            return Published(self.backlog.remove(i)["params"].clone());
        }
        loop {
            let msg = self.recv();
            if is_it(&msg) {
                return Published(msg["params"].clone());
            }
            self.backlog.push(msg);
        }
    }

    /// How the server ended (it must end within [`WAIT`]).
    fn exit_status(&mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(s) = self.child.try_wait().expect("wait") {
                return s;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Forget the diagnostics published so far (they describe texts since edited).
    fn drain(&mut self) {
        self.backlog.clear();
        while let Ok(m) = self.incoming.recv_timeout(Duration::from_millis(300)) {
            drop(m);
        }
    }
}

/// One `publishDiagnostics`.
struct Published(Value);

impl Published {
    fn all(&self) -> &Vec<Value> {
        self.0["diagnostics"].as_array().expect("a list")
    }
    fn rules(&self) -> Vec<String> {
        let mut r: Vec<String> = self.all().iter().map(|d| d["code"].as_str().unwrap_or("").to_string()).collect();
        r.sort();
        r
    }
    fn of(&self, rule: &str) -> &Value {
        let found: Vec<&Value> = self.all().iter().filter(|d| d["code"] == rule).collect();
        assert_eq!(found.len(), 1, "one {rule} in {:#}", self.0);
        found[0]
    }
}

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

fn range(l1: u32, c1: u32, l2: u32, c2: u32) -> Value {
    json!({ "start": { "line": l1, "character": c1 }, "end": { "line": l2, "character": c2 } })
}

/// Apply LSP text edits (UTF-16 positions) to a text, last first, as an editor does.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| -> usize {
        let (line, ch) = (p["line"].as_u64().expect("line") as usize, p["character"].as_u64().expect("ch") as usize);
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let rest = &text[start.min(text.len())..];
        let mut units = 0;
        for (i, c) in rest.char_indices() {
            if units >= ch || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (offset(&e["range"]["start"]), offset(&e["range"]["end"]), e["newText"].as_str().expect("text").to_string())
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, t) in spans {
        out.replace_range(a..b, &t);
    }
    out
}

/// The edits of a code action's workspace edit, for one file.
fn edits_of(action: &Value, uri: &str) -> Vec<Value> {
    action["edit"]["changes"][uri].as_array().unwrap_or_else(|| panic!("edits for {uri} in {action:#}")).clone()
}

#[test]
fn an_editor_session() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    std::fs::write(root.join("report.md"), REPORT).expect("write");
    std::fs::write(root.join("notes.txt"), NOTES).expect("write");
    std::fs::write(root.join("reportkit.toml"), CONFIG).expect("write");
    let (report, notes) = (uri(&root.join("report.md")), uri(&root.join("notes.txt")));
    let elsewhere = tempfile::tempdir().expect("tempdir");

    // The server is started from another directory: the workspace is the client's root.
    let mut c = Client::start(elsewhere.path());
    let init = c.request(
        "initialize",
        json!({ "processId": null, "rootUri": uri(&root), "capabilities": {},
                "workspaceFolders": [{ "uri": uri(&root), "name": "forum" }] }),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(init["capabilities"]["hoverProvider"], true);
    c.notify("initialized", json!({}));

    // The workspace's files are checked at start, open or not.
    let notes_at_start = c.diagnostics(&notes);
    assert_eq!(c.diagnostics(&report).0["version"], Value::Null, "not open yet");

    // Open the report only: the notes are read from disk, and both get their diagnostics.
    let mut text = REPORT.to_string();
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": report, "languageId": "markdown", "version": 1, "text": text } }),
    );
    let d = c.diagnostics(&report);
    assert_eq!(d.0["version"], 1);
    assert_eq!(d.rules(), ["fact-conflict", "heading-level", "repeated-item", "sum-mismatch", "weekday-mismatch"]);
    let sum = d.of("sum-mismatch");
    // "12" after an emoji, which is two UTF-16 units (the model's column 78 is character 78).
    assert_eq!(sum["range"], range(2, 78, 2, 80));
    assert_eq!(sum["severity"], 1);
    assert_eq!(sum["source"], "reportkit");
    assert!(sum["message"].as_str().unwrap().starts_with("stated total 12 sessions does not match its breakdown"));
    let related: Vec<(u64, &str)> = sum["relatedInformation"]
        .as_array()
        .expect("related places")
        .iter()
        .map(|r| (r["location"]["range"]["start"]["line"].as_u64().unwrap(), r["message"].as_str().unwrap()))
        .collect();
    assert_eq!(related, [(4, "5 workshops"), (5, "4 panels"), (6, "2 talks")]);
    assert_eq!(d.of("weekday-mismatch")["range"], range(2, 35, 2, 54));
    // reportkit.toml raises heading-level to an error; a finding without columns covers its line.
    assert_eq!(d.of("heading-level")["severity"], 1);
    assert_eq!(d.of("heading-level")["range"], range(8, 0, 8, 14));
    // Across documents: the other statement is in the notes, which are not open.
    let conflict = d.of("fact-conflict");
    assert_eq!(conflict["severity"], 2);
    let there = &conflict["relatedInformation"][0]["location"];
    assert_eq!((there["uri"].as_str().unwrap(), &there["range"]), (notes.as_str(), &range(2, 0, 2, 45)));
    let n = notes_at_start;
    assert_eq!(n.rules(), ["sum-mismatch"]);
    assert_eq!(n.of("sum-mismatch")["range"], range(4, 23, 4, 24));

    // An incremental change that makes the total right: its finding goes, the others stay.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": report, "version": 2 },
                "contentChanges": [{ "range": range(2, 78, 2, 80), "text": "11" }] }),
    );
    text = text.replace("held 12 sessions", "held 11 sessions");
    let d = c.diagnostics(&report);
    assert_eq!(d.0["version"], 2);
    assert_eq!(d.rules(), ["fact-conflict", "heading-level", "repeated-item", "weekday-mismatch"]);

    // Hover on a figure: what the checker read, and where else it is stated.
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": report }, "position": { "line": 10, "character": 30 } }),
    );
    let shown = hover["contents"]["value"].as_str().expect("markdown");
    assert!(shown.starts_with("**5,200**: exactly 5,200, counts “onsite participant”"), "{shown}");
    assert!(shown.contains("“Attendance” in report.md"), "{shown}");
    assert!(shown.contains("- `notes.txt:3`: “4,900”, exactly 4,900 — disagrees"), "{shown}");
    assert_eq!(hover["range"], range(10, 27, 10, 32));
    let nothing = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": report }, "position": { "line": 10, "character": 6 } }),
    );
    assert_eq!(nothing, Value::Null, "no figure under the cursor");

    // Go to definition from the conflict: the other statement.
    let def = c.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": report }, "position": { "line": 10, "character": 29 } }),
    );
    assert_eq!(def, json!([{ "uri": notes, "range": range(2, 0, 2, 45) }]));

    // "Suppress here" on the weekday: a comment above the paragraph, with the reason to write.
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": report }, "range": range(2, 40, 2, 41), "context": { "diagnostics": [] } }),
    );
    // The weekday's two fixes are judgements: offered, titled so, neither preferred.
    let titles: Vec<(&str, &Value)> = actions
        .as_array()
        .expect("actions")
        .iter()
        .map(|a| (a["title"].as_str().unwrap(), &a["isPreferred"]))
        .collect();
    assert_eq!(
        titles,
        [
            ("Unsafe fix: Write Tuesday (the weekday of 3 June)", &json!(false)),
            ("Unsafe fix: Change the date to 6 June (a Friday)", &json!(false)),
            ("Suppress weekday-mismatch here (then replace the TODO reason)", &json!(false)),
        ]
    );
    let suppress = actions
        .as_array()
        .expect("actions")
        .iter()
        .find(|a| a["title"].as_str().unwrap_or("").starts_with("Suppress weekday-mismatch here"))
        .unwrap_or_else(|| panic!("a suppression among {actions:#}"))
        .clone();
    let edits = edits_of(&suppress, &report);
    assert_eq!(
        edits,
        [json!({ "range": range(2, 0, 2, 0),
                 "newText": "<!-- reportkit-disable-next-block weekday-mismatch -- TODO: say why this finding is accepted -->\n" })]
    );
    text = apply(&text, &edits);
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": report, "version": 4 }, "contentChanges": [{ "text": text }] }),
    );
    let d = c.diagnostics(&report);
    assert_eq!(
        d.rules(),
        ["fact-conflict", "heading-level", "repeated-item"],
        "suppressed, and the suppression is used"
    );

    // Open the notes and correct their total: their list of diagnostics is emptied.
    c.drain();
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": notes, "languageId": "plaintext", "version": 1, "text": NOTES } }),
    );
    assert_eq!(c.diagnostics(&notes).rules(), ["sum-mismatch"]);
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": notes, "version": 2 },
                "contentChanges": [{ "range": range(4, 23, 4, 24), "text": "6" }] }),
    );
    let n = c.diagnostics(&notes);
    assert_eq!((n.rules().len(), &n.0["version"]), (0, &json!(2)));

    // The report's figure made to agree with the notes: the conflict goes too.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": report, "version": 5 },
                "contentChanges": [{ "range": range(11, 27, 11, 32), "text": "4,900" }] }),
    );
    text = text.replace("together 5,200", "together 4,900");
    assert_eq!(c.diagnostics(&report).rules(), ["heading-level", "repeated-item"]);

    // A code action on the skipped heading level: the rule's fix, applied as the editor would.
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": report }, "range": range(9, 4, 9, 4), "context": { "diagnostics": [] } }),
    );
    let actions = actions.as_array().expect("actions");
    let fix = actions
        .iter()
        .find(|a| !a["title"].as_str().unwrap_or("").starts_with("Suppress"))
        .unwrap_or_else(|| panic!("a fix among {actions:#?}"));
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true, "a safe fix, the only one");
    assert_eq!(fix["diagnostics"][0]["code"], "heading-level");
    text = apply(&text, &edits_of(fix, &report));
    assert!(text.contains("\n## Attendance\n"), "{text}");
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": report, "version": 6 }, "contentChanges": [{ "text": text }] }),
    );
    let d = c.diagnostics(&report);
    assert_eq!(d.rules(), ["repeated-item"]);

    // Shutdown, exit, exit code 0.
    assert_eq!(c.request("shutdown", Value::Null), Value::Null);
    c.notify("exit", Value::Null);
    let status = c.exit_status();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn exit_without_shutdown_is_exit_code_1_and_garbage_is_no_crash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    let mut c = Client::start(&root);
    c.request("initialize", json!({ "processId": null, "rootUri": uri(&root), "capabilities": {} }));
    c.notify("initialized", json!({}));
    // A file outside any corpus (the folder has none), bytes no reader accepts, an unknown
    // request, a request with bad parameters: each gets an answer, none ends the server.
    let bad = uri(&root.join("data.json"));
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": bad, "languageId": "json", "version": 1, "text": "{ not json" } }),
    );
    let d = c.diagnostics(&bad);
    assert_eq!(d.rules(), ["unreadable"]);
    assert!(d.all()[0]["message"].as_str().unwrap().contains("invalid JSON"), "{:#}", d.0);
    c.send(json!({ "jsonrpc": "2.0", "id": 99, "method": "textDocument/rename", "params": {} }));
    c.send(json!({ "jsonrpc": "2.0", "id": 100, "method": "textDocument/hover", "params": { "x": 1 } }));
    let mut answered = Vec::new();
    while answered.len() < 2 {
        let m = c.recv();
        if m.get("id").is_some() {
            assert!(m.get("error").is_some(), "{m}");
            answered.push(m["id"].as_u64().unwrap());
        }
    }
    assert_eq!(answered, [99, 100]);
    let page = uri(&root.join("page.md"));
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": page, "languageId": "markdown", "version": 1,
                                  "text": "# A\n\nWe held 5 events:\n\n- 1 talk\n- 2 panels\n" } }),
    );
    assert_eq!(c.diagnostics(&page).rules(), ["sum-mismatch"]);
    c.notify("exit", Value::Null);
    let status = c.exit_status();
    assert_eq!(status.code(), Some(1));
}
