//! Helpers shared by the end-to-end tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root (tests run the binary from here, with relative paths).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The corpus directory, relative to the root.
pub const CORPUS: &str = "fixtures/igf2025";

/// The five corpus files.
pub const CORPUS_FILES: [&str; 5] = [
    "igf2025-summary-report.md",
    "news-ai-cooperation.txt",
    "news-feed-igf2025.txt",
    "news-igf2025-wrap-up.txt",
    "wsis-2025-session-outcome.txt",
];

/// The reportkit binary, run from the repository root.
pub fn reportkit() -> Command {
    let mut c = Command::cargo_bin("reportkit").expect("binary built");
    c.current_dir(root());
    c.env("NO_COLOR", "1");
    // PDF dates are the time of writing unless SOURCE_DATE_EPOCH fixes them: tests compare bytes.
    c.env("SOURCE_DATE_EPOCH", "1751241600");
    c
}

/// Run reportkit and return stdout; panics with stderr on a non-zero exit.
pub fn stdout_of(args: &[&str]) -> String {
    let out = reportkit().args(args).output().expect("runs");
    assert!(out.status.success(), "reportkit {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Canonical JSON of one corpus file, parsed.
pub fn corpus_json(file: &str) -> serde_json::Value {
    let path = format!("{CORPUS}/{file}");
    serde_json::from_str(&stdout_of(&["render", &path, "--to", "json"])).expect("JSON output")
}

/// Path of a corpus file.
pub fn corpus_path(file: &str) -> PathBuf {
    Path::new(CORPUS).join(file)
}
