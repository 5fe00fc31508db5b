//! Hostile input, end to end: every command either processes a case correctly (exit 0 or 1,
//! sane output) or refuses it (exit 2, one message naming the file and the place), and never
//! panics, dies of a signal, runs unbounded, balloons in memory, modifies its input or leaves a
//! partial output behind. Inputs are generated at test time in a temporary directory.
//! `tests/bad_input.rs` has the single-command refusals this suite extends to every command.

mod common;

use std::ffi::OsString;
use std::io::{Read, Seek};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime};

use common::*;

/// A run is killed, and the test failed, after this long.
const TIME_BOUND: Duration = Duration::from_secs(60);
const MB: usize = 1_000_000;

/// The commands every case goes through.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Cmd {
    Check,
    Json,
    Markdown,
    Pdf,
    /// `diff A A`: a file against itself.
    Diff,
}

use Cmd::*;

const ALL: [Cmd; 5] = [Check, Json, Markdown, Pdf, Diff];

impl Cmd {
    fn args(self, input: &Path, out: &Path) -> Vec<OsString> {
        let o = |name: &str| out.join(name).into_os_string();
        let v: Vec<OsString> = match self {
            Check => vec!["check".into(), "--format".into(), "json".into(), input.into()],
            Json => vec!["render".into(), input.into(), "--to".into(), "json".into(), "-o".into(), o("out.json")],
            Markdown => vec!["render".into(), input.into(), "--to".into(), "markdown".into(), "-o".into(), o("out.md")],
            Pdf => vec!["render".into(), input.into(), "--to".into(), "pdf".into(), "-o".into(), o("out.pdf")],
            Diff => vec!["diff".into(), input.into(), input.into()],
        };
        v
    }

    /// The output file of a render, or None when the output is standard output.
    fn output_file(self, out: &Path) -> Option<PathBuf> {
        match self {
            Json => Some(out.join("out.json")),
            Markdown => Some(out.join("out.md")),
            Pdf => Some(out.join("out.pdf")),
            Check | Diff => None,
        }
    }
}

/// What one run did.
struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    /// Peak resident set of the child in bytes (VmHWM, polled).
    peak: u64,
    secs: f64,
}

impl Run {
    fn refused(&self) -> bool {
        self.code == Some(2)
    }
}

fn vm_hwm(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Run reportkit with `args`, time bounded, watching its peak memory; panics on a signal,
/// a timeout or a panic message.
fn run(args: &[OsString]) -> Run {
    run_within(args, TIME_BOUND)
}

fn run_within(args: &[OsString], bound: Duration) -> Run {
    let mut stdout = tempfile::tempfile().unwrap();
    let mut stderr = tempfile::tempfile().unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_reportkit"));
    cmd.current_dir(root())
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "0")
        .args(args)
        .stdin(Stdio::null())
        .stdout(stdout.try_clone().unwrap())
        .stderr(stderr.try_clone().unwrap());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("reportkit runs");
    let mut peak = 0;
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if let Some(p) = vm_hwm(child.id()) {
            peak = peak.max(p);
        }
        if start.elapsed() > bound {
            child.kill().ok();
            child.wait().ok();
            panic!("reportkit {args:?} still running after {bound:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let secs = start.elapsed().as_secs_f64();
    let (mut out, mut err) = (Vec::new(), String::new());
    stdout.rewind().unwrap();
    stdout.read_to_end(&mut out).unwrap();
    stderr.rewind().unwrap();
    let mut raw = Vec::new();
    stderr.read_to_end(&mut raw).unwrap();
    err.push_str(&String::from_utf8_lossy(&raw));
    assert!(status.signal().is_none(), "reportkit {args:?} killed by signal {:?}; stderr: {err}", status.signal());
    assert!(!err.contains("panicked"), "reportkit {args:?} panicked: {err}");
    assert!(matches!(status.code(), Some(0..=2)), "reportkit {args:?}: exit {:?}; stderr: {err}", status.code());
    Run { code: status.code(), stdout: out, stderr: err, peak, secs }
}

/// What a case's file looked like before the runs.
struct Snapshot {
    bytes: Vec<u8>,
    mtime: SystemTime,
}

fn snapshot(p: &Path) -> Snapshot {
    let m = std::fs::symlink_metadata(p).unwrap();
    Snapshot { bytes: std::fs::read(p).unwrap_or_default(), mtime: m.modified().unwrap() }
}

fn assert_unchanged(p: &Path, before: &Snapshot) {
    let after = snapshot(p);
    assert!(after.bytes == before.bytes, "{}: input modified", p.display());
    assert_eq!(after.mtime, before.mtime, "{}: input touched", p.display());
}

/// One command's result on a case: the run and its output (the -o file, or standard output).
struct Outcome {
    cmd: Cmd,
    run: Run,
    output: Vec<u8>,
}

impl Outcome {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.output).into_owned()
    }
}

/// Run every command of `cmds` on `input`; assert the common contract; return the outcomes.
fn exercise(input: &Path, cmds: &[Cmd]) -> Vec<Outcome> {
    exercise_within(input, cmds, TIME_BOUND)
}

fn exercise_within(input: &Path, cmds: &[Cmd], bound: Duration) -> Vec<Outcome> {
    let name = input.file_name().unwrap().to_string_lossy().into_owned();
    let before = snapshot(input);
    let mut outcomes = Vec::new();
    for &cmd in cmds {
        let out = tempfile::tempdir().unwrap();
        let run = run_within(&cmd.args(input, out.path()), bound);
        assert_unchanged(input, &before);
        let leftover: Vec<_> = std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        let what = format!("{cmd:?} on {name}");
        let output = if run.refused() {
            assert!(run.stderr.contains(&name), "{what}: the refusal names the file: {}", run.stderr);
            assert_eq!(run.stderr.trim().lines().count(), 1, "{what}: one line: {}", run.stderr);
            assert!(leftover.is_empty(), "{what}: refused, yet left {leftover:?}");
            Vec::new()
        } else {
            match cmd {
                Check => assert!(matches!(run.code, Some(0 | 1)), "{what}: {}", run.stderr),
                Diff => assert_eq!(run.code, Some(0), "{what}: a file does not differ from itself: {}", run.stderr),
                _ => assert_eq!(run.code, Some(0), "{what}: {}", run.stderr),
            }
            match cmd.output_file(out.path()) {
                Some(f) => {
                    assert_eq!(leftover.len(), 1, "{what}: one output file, no temporary: {leftover:?}");
                    std::fs::read(&f).unwrap_or_else(|e| panic!("{what}: {}: {e}", f.display()))
                }
                None => run.stdout.clone(),
            }
        };
        if !run.refused() {
            match cmd {
                Check | Json => json_or_too_deep(&output, &what),
                Pdf => assert!(output.starts_with(b"%PDF-"), "{what}: not a PDF"),
                Markdown => assert!(std::str::from_utf8(&output).is_ok(), "{what}: Markdown is UTF-8"),
                Diff => {}
            }
        }
        outcomes.push(Outcome { cmd, run, output });
    }
    outcomes
}

/// The output parses as JSON (serde_json's recursion limit of 128 aside: deeply nested but
/// valid output is checked by the caller on its text).
fn json_or_too_deep(bytes: &[u8], what: &str) {
    if let Err(e) = serde_json::from_slice::<serde_json::Value>(bytes) {
        assert!(e.to_string().contains("recursion limit"), "{what}: output is not JSON: {e}");
    }
}

fn json(o: &Outcome) -> serde_json::Value {
    serde_json::from_slice(&o.output).unwrap_or_else(|e| panic!("{:?}: {e}", o.cmd))
}

/// A case file in `dir`.
fn case(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn md(body: &str) -> Vec<u8> {
    format!("# Hostile input\n\n{body}\n").into_bytes()
}

/// Every `"text"` string of a canonical JSON value, in document order.
fn texts(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                match x {
                    serde_json::Value::String(s) if k == "text" => out.push(s.clone()),
                    _ => texts(x, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| texts(x, out)),
        _ => {}
    }
}

/// Every `"span"` and `"line"` of a canonical JSON value, in document order.
fn lines(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if k.ends_with("span") || k == "line" || k == "lines" {
                    out.push(format!("{k}={x}"));
                }
                lines(x, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| lines(x, out)),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------

#[test]
fn empty_binary_nul_and_invalid_utf8_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let empty = case(dir.path(), "empty.md", b"");
    for o in exercise(&empty, &ALL) {
        assert!(!o.run.refused(), "{:?}: an empty file is an empty document: {}", o.cmd, o.run.stderr);
    }

    let all: Vec<u8> = (0..4).flat_map(|_| 0..=255u8).collect();
    let nul_text = b"Headline\n\nsome text\x00with a NUL\n";
    let nul_at = nul_text.iter().position(|b| *b == 0).unwrap();
    let refused: Vec<(&str, Vec<u8>, Vec<String>)> = vec![
        ("allbytes.md", all, vec!["byte offset 0".into()]),
        ("nul.txt", nul_text.to_vec(), vec![format!("byte offset {nul_at}")]),
        ("truncated.md", b"# Title\n\ncaf\xc3".to_vec(), vec!["invalid UTF-8".into(), "byte offset 12".into()]),
        ("overlong.md", b"# Title\n\na \xc0\xaf b\n".to_vec(), vec!["invalid UTF-8".into(), "byte offset 11".into()]),
        ("surrogate.txt", b"ok\n\xed\xa0\x80\n".to_vec(), vec!["invalid UTF-8".into(), "byte offset 3".into()]),
        (
            "latin1.json",
            b"{\"documents\": [\"caf\xe9\"]}".to_vec(),
            vec!["invalid UTF-8".into(), "byte offset 19".into()],
        ),
    ];
    for (name, bytes, needles) in refused {
        let f = case(dir.path(), name, &bytes);
        for o in exercise(&f, &ALL) {
            assert!(o.run.refused(), "{:?} on {name}: refused, exit 2: {}", o.cmd, o.run.stderr);
            for n in &needles {
                assert!(
                    o.run.stderr.contains(n.as_str()),
                    "{:?} on {name}: stderr lacks {n:?}: {}",
                    o.cmd,
                    o.run.stderr
                );
            }
        }
    }
}

#[test]
fn a_byte_order_mark_never_reaches_the_output() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text, first) in [
        ("bom-heading.md", "\u{feff}# Title\n\nBody text here.\n", "Title"),
        ("bom-para.txt", "\u{feff}Opening paragraph text.\n\nSecond paragraph.\n", "Opening paragraph text."),
    ] {
        let f = case(dir.path(), name, text.as_bytes());
        for o in exercise(&f, &ALL) {
            assert!(!o.run.refused(), "{:?} on {name}: {}", o.cmd, o.run.stderr);
            if matches!(o.cmd, Json | Markdown | Check) {
                assert!(!o.text().contains('\u{feff}'), "{:?} on {name}: the BOM is in the output", o.cmd);
            }
            if o.cmd == Json {
                let v = json(&o);
                let mut t = Vec::new();
                texts(&v["documents"][0], &mut t);
                assert!(!t[0].starts_with('\u{feff}'), "{name}: first text starts with U+FEFF");
                assert_eq!(t[0], first, "{name}: first heading or paragraph");
                if name.ends_with(".md") {
                    assert_eq!(v["documents"][0]["title"], "Title", "{name}: the heading after the BOM is one");
                }
            }
        }
    }
}

#[test]
fn lf_crlf_and_lone_cr_count_lines_alike() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "# Title\n\nThe 2025 report.\n\n## Section\n\nIt was Tuesday, 3 March 2025.\n\n- one\n- two\n\n> quoted\n";
    for ext in ["md", "txt"] {
        let mut seen: Vec<(Vec<String>, Vec<String>)> = Vec::new();
        for (ending, eol) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
            let f = case(dir.path(), &format!("{ending}.{ext}"), text.replace('\n', eol).as_bytes());
            let outs = exercise(&f, &ALL);
            for o in &outs {
                assert!(!o.run.refused(), "{:?} on {ending}.{ext}: {}", o.cmd, o.run.stderr);
            }
            let check = json(&outs[0]);
            let finding_lines: Vec<String> = check["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| format!("{} {}-{}", f["rule"].as_str().unwrap_or(""), f["line"], f["end_line"]))
                .collect();
            assert!(
                finding_lines.iter().any(|l| l.contains("weekday-mismatch 7-7")),
                "{ending}.{ext}: the weekday finding is on line 7: {finding_lines:?}"
            );
            let mut spans = Vec::new();
            lines(&json(&outs[1])["documents"][0], &mut spans);
            assert!(spans.contains(&"lines=12".to_string()), "{ending}.{ext}: 12 lines: {spans:?}");
            seen.push((finding_lines, spans));
        }
        assert_eq!(seen[0], seen[1], "{ext}: LF and CRLF count lines alike");
        assert_eq!(seen[0], seen[2], "{ext}: LF and CR count lines alike");
    }
}

/// Peak memory within 10× the input, plus 100 MB for the program itself.
fn assert_memory(o: &Outcome, input: usize) {
    assert_memory_within(o, input, 100 * MB);
}

/// Peak memory within 10× the input, plus `allowance` bytes.
fn assert_memory_within(o: &Outcome, input: usize, allowance: usize) {
    let bound = 10 * input as u64 + allowance as u64;
    eprintln!("{:?}: {:.1} s, peak {} MB for {} MB of input", o.cmd, o.run.secs, o.run.peak / MB as u64, input / MB);
    assert!(o.run.peak <= bound, "{:?}: peak RSS {} MB over {} MB", o.cmd, o.run.peak / MB as u64, bound / MB as u64);
}

/// Paragraph-rich Markdown of about `size` bytes, without figures: sections of prose.
fn prose(size: usize) -> Vec<u8> {
    const WORDS: [&str; 12] = [
        "the",
        "forum",
        "report",
        "session",
        "digital",
        "policy",
        "internet",
        "governance",
        "open",
        "access",
        "youth",
        "network",
    ];
    let mut para = String::new();
    let mut x: u32 = 7;
    for _ in 0..400 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        para.push_str(WORDS[(x >> 16) as usize % WORDS.len()]);
        para.push(' ');
    }
    let mut s = String::from("# A long report\n\n");
    let mut n = 0;
    while s.len() < size {
        if n % 50 == 0 {
            s.push_str(&format!("## Part {n}\n\n"));
        }
        s.push_str(para.trim_end());
        s.push_str(".\n\n");
        n += 1;
    }
    s.into_bytes()
}

#[test]
fn fifty_megabytes_of_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = prose(50 * MB);
    let f = case(dir.path(), "big.md", &bytes);
    // `check` of 50 MB takes about 50 s in a debug build on its own, four times that beside
    // other tests on a loaded machine; the bound only catches a hang or a quadratic pass.
    for o in exercise_within(&f, &[Check, Json], Duration::from_secs(600)) {
        assert!(!o.run.refused(), "{:?}: {}", o.cmd, o.run.stderr);
        assert_memory(&o, bytes.len());
    }
}

/// The bundled corpus's main report (its largest Markdown file) repeated 330 times, about
/// 51 MB: real structure at scale, with every figure, table, list and passage repeated, which
/// makes the rules that compare statements or passages meet each one 330 times. Peak memory
/// stays within 10× the input plus 200 MB, the bound every hostile input is held to.
#[test]
fn the_bundled_report_repeated_to_fifty_megabytes() {
    let corpus = root().join("fixtures/igf2025");
    let main = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .expect("the corpus has a Markdown report");
    let bytes = std::fs::read(&main).unwrap().repeat(330);
    assert!(bytes.len() > 50 * MB, "{} bytes", bytes.len());
    let dir = tempfile::tempdir().unwrap();
    let f = case(dir.path(), "repeated.md", &bytes);
    // The bound only catches a hang: in a debug build beside the other tests `check` of this
    // file takes about three minutes (about 25 s in release).
    for o in exercise_within(&f, &[Check, Json, Markdown], Duration::from_secs(600)) {
        assert!(!o.run.refused(), "{:?}: {}", o.cmd, o.run.stderr);
        assert!(!o.output.is_empty(), "{:?}: no output", o.cmd);
        assert_memory_within(&o, bytes.len(), 200 * MB);
    }
}

#[test]
fn two_megabytes_of_markdown_to_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = prose(2 * MB);
    let f = case(dir.path(), "two.md", &bytes);
    for o in exercise(&f, &[Pdf, Markdown, Diff]) {
        assert!(!o.run.refused(), "{:?}: {}", o.cmd, o.run.stderr);
        assert_memory(&o, bytes.len());
    }
}

/// One line of `size` bytes of prose with a figure now and then.
fn one_line(size: usize) -> Vec<u8> {
    let mut s = String::from("# One line\n\n");
    let mut i = 0;
    while s.len() < size {
        s.push_str(if i % 1000 == 0 { "with 12 sessions and " } else { "words of a very long line " });
        i += 1;
    }
    s.push_str("lastword\n");
    s.into_bytes()
}

#[test]
fn a_single_ten_megabyte_line() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = one_line(10 * MB);
    let f = case(dir.path(), "line.md", &bytes);
    // The bound only catches a hang or a quadratic pass: a debug build beside the other tests on
    // a loaded machine has taken over 60 s for what a release build does in under 2.
    for o in exercise_within(&f, &[Check, Json, Markdown], Duration::from_secs(300)) {
        assert!(!o.run.refused(), "{:?}: {}", o.cmd, o.run.stderr);
        if o.cmd != Check {
            assert!(o.text().contains("lastword"), "{:?}: the end of the line is kept", o.cmd);
        }
        assert_memory(&o, bytes.len());
    }
}

#[test]
fn a_single_ten_megabyte_line_to_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = one_line(10 * MB);
    let f = case(dir.path(), "line.md", &bytes);
    // About 20 s in a debug build on its own (2,400 pages), 4 s in release.
    for o in exercise_within(&f, &[Pdf], Duration::from_secs(240)) {
        assert!(!o.run.refused(), "{:?}: {}", o.cmd, o.run.stderr);
        assert_memory(&o, bytes.len());
    }
}

#[test]
fn a_line_dense_with_figures() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = String::from("# Figures\n\n");
    while s.len() < 250_000 {
        s.push_str("word 12 sessions, ");
    }
    let f = case(dir.path(), "figures.md", s.as_bytes());
    for o in exercise(&f, &[Check]) {
        assert!(o.run.secs < 5.0, "{:?}: {:.1} s for 250 kB", o.cmd, o.run.secs);
    }
}

#[test]
fn ten_thousand_levels_of_nesting_keep_their_text() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("quotes.md", md(&format!("{}innermostword", "> ".repeat(10_000)))),
        ("quote-lines.md", md(&(1..=2_000).map(|i| format!("{} level{i}\n", ">".repeat(i))).collect::<String>())),
        ("bullets.md", md(&format!("{}innermostword", "- ".repeat(10_000)))),
        ("ordered.md", md(&format!("{}innermostword", "1. ".repeat(10_000)))),
        ("mixed.md", md(&format!("{}innermostword", "> - ".repeat(5_000)))),
        ("emphasis.md", md(&format!("{}innermostword{}", "*".repeat(10_000), "*".repeat(10_000)))),
        ("sup.md", md(&format!("{}innermostword{}", "<sup>".repeat(3_000), "</sup>".repeat(3_000)))),
        ("links.md", md(&format!("{}innermostword{}", "[".repeat(10_000), "](u)".repeat(10_000)))),
    ];
    for (name, bytes) in cases {
        let f = case(dir.path(), name, &bytes);
        let word = if name == "quote-lines.md" { "level2000" } else { "innermostword" };
        for o in exercise(&f, &ALL) {
            assert!(!o.run.refused(), "{:?} on {name}: {}", o.cmd, o.run.stderr);
            if matches!(o.cmd, Json | Markdown) {
                assert!(o.text().contains(word), "{:?} on {name}: the innermost text is lost", o.cmd);
            }
        }
    }
}

#[test]
fn wide_tables_and_pathological_runs() {
    let dir = tempfile::tempdir().unwrap();
    let cols = 1000;
    let head: Vec<String> = (0..cols).map(|i| format!("c{i}")).collect();
    let row: Vec<String> = (0..cols).map(|i| format!("v{i}")).collect();
    let table = format!("| {} |\n|{}\n| {} |", head.join(" | "), "---|".repeat(cols), row.join(" | "));
    let cases = [
        ("table.md", md(&table), "v999"),
        ("stars.md", md(&"*".repeat(50_000)), ""),
        ("brackets.md", md(&format!("{}lastword", "[".repeat(50_000))), "lastword"),
        ("emphasis-runs.md", md(&format!("{}lastword", "*a **".repeat(20_000))), "lastword"),
        ("backticks.md", md(&format!("{}lastword", "`".repeat(50_000))), "lastword"),
        ("angles.md", md(&format!("{}lastword", "<a ".repeat(20_000))), "lastword"),
    ];
    for (name, bytes, word) in cases {
        let f = case(dir.path(), name, &bytes);
        for o in exercise(&f, &ALL) {
            assert!(!o.run.refused(), "{:?} on {name}: {}", o.cmd, o.run.stderr);
            assert!(o.run.secs < 30.0, "{:?} on {name}: {:.1} s", o.cmd, o.run.secs);
            if matches!(o.cmd, Json | Markdown) && !word.is_empty() {
                assert!(o.text().contains(word), "{:?} on {name}: {word} lost", o.cmd);
            }
        }
    }
}

#[test]
fn nonsense_figures_are_not_claimed() {
    let dir = tempfile::tempdir().unwrap();
    let text = "# Nonsense\n\nThe meeting on 31 February 2025 drew 1e400 sessions and -5 items.\n\n\
                It ended on Monday, 31 February, with 1e400 sessions in total.\n\n\
                There were 18446744073709551616 participants and 99999999999999999999999 items.\n";
    let f = case(dir.path(), "nonsense.md", text.as_bytes());
    for o in exercise(&f, &ALL) {
        assert!(!o.run.refused(), "{:?}: {}", o.cmd, o.run.stderr);
        if o.cmd == Check {
            let v = json(&o);
            for finding in v["findings"].as_array().unwrap() {
                let msg = finding["message"].as_str().unwrap();
                eprintln!("check on nonsense.md: {} (line {}): {msg}", finding["rule"], finding["line"]);
                let l = msg.to_lowercase();
                assert!(!l.contains("inf") && !l.contains("nan"), "a non-finite figure is claimed: {msg}");
                if finding["rule"] == "weekday-mismatch" {
                    assert!(
                        l.contains("does not exist") || l.contains("invalid"),
                        "a weekday mismatch for a date that does not exist: {msg}"
                    );
                }
            }
        }
    }
}

fn is_readable(p: &Path) -> bool {
    std::fs::File::open(p).is_ok()
}

#[test]
fn unreadable_vanished_and_looping_paths() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();

    let locked = case(dir.path(), "locked.md", b"# Locked\n\nSecret.\n");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if is_readable(&locked) {
        eprintln!("skipping the chmod 000 case: this user (root?) can read a file with mode 000");
    } else {
        for o in exercise(&locked, &ALL) {
            assert!(o.run.refused(), "{:?} on an unreadable file: {}", o.cmd, o.run.stderr);
        }
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();

    let dangling = dir.path().join("gone.md");
    symlink(dir.path().join("never-there.md"), &dangling).unwrap();
    for cmd in ALL {
        let out = tempfile::tempdir().unwrap();
        let r = run(&cmd.args(&dangling, out.path()));
        assert!(r.refused(), "{cmd:?} on a dangling symlink: {}", r.stderr);
        assert!(r.stderr.contains("gone.md"), "{cmd:?}: names the path: {}", r.stderr);
        assert!(r.stderr.contains("symbolic link"), "{cmd:?}: says it is a dangling link: {}", r.stderr);
        assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "{cmd:?}: no output");
    }

    // A directory with a symlink loop inside: the walk terminates and skips or names it.
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(tree.join("sub")).unwrap();
    std::fs::write(tree.join("a.md"), "# A\n\nText of a.\n").unwrap();
    std::fs::write(tree.join("sub/b.txt"), "Text of b.\n").unwrap();
    symlink(&tree, tree.join("loop")).unwrap();
    symlink(&tree, tree.join("sub/loop.md")).unwrap();
    let check = run(&["check".into(), "--format".into(), "json".into(), tree.clone().into()]);
    if check.refused() {
        assert!(check.stderr.contains("loop"), "a refusal names the loop: {}", check.stderr);
    } else {
        let v: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
        assert_eq!(v["summary"]["documents"], 2, "the loop is skipped, the sources read: {v}");
        assert!(check.stderr.contains("loop") && check.stderr.contains("skipped"), "a warning: {}", check.stderr);
    }
    let out = dir.path().join("built");
    let build = run(&["build".into(), tree.clone().into(), "-o".into(), out.clone().into(), "--no-fail".into()]);
    if build.refused() {
        assert!(build.stderr.contains("loop"), "a refusal names the loop: {}", build.stderr);
    } else {
        let mut names: Vec<String> =
            std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        assert!(build.stderr.contains("loop") && build.stderr.contains("skipped"), "a warning: {}", build.stderr);
        assert_eq!(
            names,
            [
                ".reportkit-manifest.json",
                "a.json",
                "a.md",
                "a.pdf",
                "b.json",
                "b.md",
                "b.pdf",
                "findings.json",
                "findings.sarif"
            ]
        );
    }
}

#[test]
fn an_output_that_is_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let f = case(dir.path(), "self.md", b"# Self\n\nText.\n");
    let before = snapshot(&f);
    for to in ["json", "markdown", "pdf"] {
        let r = run(&["render".into(), f.clone().into(), "--to".into(), to.into(), "-o".into(), f.clone().into()]);
        assert!(r.refused(), "render --to {to} -o its input: {}", r.stderr);
        assert!(r.stderr.contains("self.md") && r.stderr.contains("input"), "{}", r.stderr);
        assert_unchanged(&f, &before);
    }
    let r = run(&["check".into(), f.clone().into(), "-o".into(), f.clone().into()]);
    assert!(r.refused(), "check -o its input: {}", r.stderr);
    assert_unchanged(&f, &before);

    // build -o the input directory: refused, or outputs written beside the inputs without
    // touching them; and a second build does not read the first one's outputs as sources.
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    let a = case(&src, "a.md", b"# A\n\nText of a.\n");
    let b = case(&src, "b.txt", b"Text of b.\n");
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    for round in 0..2 {
        let r = run(&["build".into(), src.clone().into(), "-o".into(), src.clone().into(), "--no-fail".into()]);
        assert_unchanged(&a, &sa);
        assert_unchanged(&b, &sb);
        if r.refused() {
            assert!(r.stderr.contains("src") && r.stderr.contains("choose another"), "{}", r.stderr);
            break;
        }
        assert!(r.stderr.contains("built 2 documents"), "round {round}: own outputs read back: {}", r.stderr);
    }
}

/// Every file under `dir`.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            walk(&e.path(), out);
        } else {
            out.push(e.path());
        }
    }
}

#[test]
fn crafted_ids_and_titles_stay_inside_the_output_directory() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("a/b");
    std::fs::create_dir_all(&base).unwrap();
    let src = case(&base, "doc.md", b"# ../../evil\n\nText.\n");
    let rendered = run(&["render".into(), src.clone().into(), "--to".into(), "json".into()]);
    let mut v: serde_json::Value = serde_json::from_slice(&rendered.stdout).unwrap();
    let doc = v["documents"][0].clone();
    let ids = ["../../evil", "../../../../tmp/evil", "/etc/evil", "a/../../evil", "..", ".", "evil\\..\\x", ""];
    v["documents"] = serde_json::Value::Array(
        ids.iter()
            .enumerate()
            .map(|(i, id)| {
                let mut d = doc.clone();
                d["id"] = (*id).into();
                d["title"] = format!("../../title{i}/x").into();
                d
            })
            .collect(),
    );
    let crafted = case(&base, "crafted.json", serde_json::to_string(&v).unwrap().as_bytes());
    let out = base.join("out");
    let before: Vec<PathBuf> = {
        let mut v = Vec::new();
        walk(dir.path(), &mut v);
        v
    };
    for input in [&src, &crafted] {
        let r = run(&["build".into(), input.clone().into(), "-o".into(), out.clone().into(), "--no-fail".into()]);
        if r.refused() {
            eprintln!("build {} refused: {}", input.display(), r.stderr);
        }
        let mut after = Vec::new();
        walk(dir.path(), &mut after);
        for p in &after {
            assert!(before.contains(p) || p.starts_with(&out), "{} written outside {}", p.display(), out.display());
        }
    }
    assert!(out.is_dir(), "the crafted corpus builds");
}

#[test]
fn raw_html_is_carried_as_text_and_never_fetched() {
    let dir = tempfile::tempdir().unwrap();
    // A port nothing listens on: a fetch would fail or hang, never silently succeed.
    let text = "# Html\n\nBefore <script>alert('x')</script> after.\n\n<img src=http://127.0.0.1:9/x.png>\n\n\
                <iframe src=\"http://127.0.0.1:9/\"></iframe>\n\n![img](http://127.0.0.1:9/y.png)\n";
    let f = case(dir.path(), "html.md", text.as_bytes());
    for o in exercise(&f, &ALL) {
        assert!(!o.run.refused(), "{:?}: {}", o.cmd, o.run.stderr);
        assert!(o.run.secs < 30.0, "{:?}: {:.1} s", o.cmd, o.run.secs);
        if matches!(o.cmd, Json | Markdown) {
            let t = o.text();
            for needle in
                ["<script>", "alert(", "<img src=http://127.0.0.1:9/x.png>", "<iframe", "http://127.0.0.1:9/y.png"]
            {
                let needle_json = needle.replace('"', "\\\"");
                assert!(t.contains(needle) || t.contains(&needle_json), "{:?}: {needle} not carried through", o.cmd);
            }
        }
    }
}
