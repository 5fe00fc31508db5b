//! `check --changed-since REV`: which lines of which files changed since a git revision, so that
//! a pull request's check reports the findings its change concerns.
//!
//! The changes are those `git diff --merge-base REV` shows (the working tree against the point
//! where the branch left REV, as a pull request's "Files changed" tab does), plus every line of
//! the files git does not track yet. A finding concerns the change when one of its lines, or a
//! line it relates to (the other statement of a conflicting figure, say), was added or edited;
//! a deletion counts for the lines on either side of it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use reportkit_model::Finding;

/// Changed line ranges (1-based, inclusive) by path relative to the repository's root.
pub struct Changes {
    root: PathBuf,
    lines: HashMap<PathBuf, Vec<(u32, u32)>>,
}

/// Run git in the current directory and return its standard output.
fn git(args: &[&str]) -> Result<Vec<u8>> {
    let out = Command::new("git")
        .args(args)
        .output()
        .context("--changed-since: cannot run `git` (is it installed and on PATH?)")?;
    if !out.status.success() {
        bail!("--changed-since: `git {}` failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(out.stdout)
}

/// The lines changed since `rev` in the repository around the current directory.
pub fn since(rev: &str) -> Result<Changes> {
    if rev.starts_with('-') {
        bail!("--changed-since: `{rev}` is not a revision");
    }
    let root =
        git(&["rev-parse", "--show-toplevel"]).context("--changed-since needs to run inside a git repository")?;
    let root = PathBuf::from(String::from_utf8_lossy(&root).trim_end_matches(['\n', '\r']));
    let root = root.canonicalize().unwrap_or(root);
    let diff = git(&[
        "-c",
        "core.quotepath=off",
        "diff",
        "--no-color",
        "--no-ext-diff",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        "--unified=0",
        "--merge-base",
        rev,
        "--",
    ])?;
    let mut lines = parse_diff(&String::from_utf8_lossy(&diff));
    let untracked = git(&["ls-files", "--others", "--exclude-standard", "-z", "--full-name", ":/"])?;
    for name in untracked.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        lines.insert(PathBuf::from(String::from_utf8_lossy(name).into_owned()), vec![(1, u32::MAX)]);
    }
    Ok(Changes { root, lines })
}

/// New-side line ranges of a unified diff with zero context, by path.
fn parse_diff(diff: &str) -> HashMap<PathBuf, Vec<(u32, u32)>> {
    let mut out: HashMap<PathBuf, Vec<(u32, u32)>> = HashMap::new();
    let mut current: Option<PathBuf> = None;
    for line in diff.lines() {
        if let Some(path) = line.strip_prefix("+++ ") {
            current = (path != "/dev/null").then(|| {
                let path = unquote(path);
                PathBuf::from(path.strip_prefix("b/").unwrap_or(&path))
            });
        } else if let (Some(hunk), Some(path)) = (line.strip_prefix("@@ "), &current) {
            // "@@ -a,b +c,d @@": d lines from c on the new side; d = 0 is a deletion after line c.
            let Some(new) = hunk.split(' ').find_map(|w| w.strip_prefix('+')) else { continue };
            let mut parts = new.splitn(2, ',');
            let start: u32 = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            let count: u32 = parts.next().and_then(|n| n.parse().ok()).unwrap_or(1);
            let range = if count == 0 { (start.max(1), start + 1) } else { (start, start + count - 1) };
            out.entry(path.clone()).or_default().push(range);
        }
    }
    out
}

/// A path as git prints it: C-quoted when it holds unusual characters.
fn unquote(path: &str) -> String {
    let Some(inner) = path.strip_prefix('"').and_then(|p| p.strip_suffix('"')) else { return path.to_string() };
    let mut bytes = Vec::new();
    let mut chars = inner.bytes().peekable();
    while let Some(b) = chars.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match chars.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(d @ b'0'..=b'7') => {
                let mut v = u32::from(d - b'0');
                for _ in 0..2 {
                    if let Some(&d @ b'0'..=b'7') = chars.peek() {
                        v = v * 8 + u32::from(d - b'0');
                        chars.next();
                    }
                }
                bytes.push(v as u8);
            }
            Some(other) => bytes.push(other),
            None => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

impl Changes {
    /// Whether a line range of a file (as named on the command line) changed.
    fn changed(&self, file: &str, from: u32, to: u32) -> bool {
        let path = Path::new(file);
        let full = path.canonicalize().unwrap_or_else(|_| std::env::current_dir().unwrap_or_default().join(path));
        let Ok(rel) = full.strip_prefix(&self.root) else { return false };
        self.lines.get(rel).is_some_and(|ranges| ranges.iter().any(|&(a, b)| a <= to && from <= b))
    }

    /// Whether the finding concerns a changed line: its own, or one it relates to.
    pub fn touches(&self, f: &Finding) -> bool {
        self.changed(&f.file, f.line, f.end_line) || f.related.iter().any(|r| self.changed(&r.file, r.line, r.line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_give_new_side_ranges() {
        let diff = "diff --git a/r.md b/r.md\n--- a/r.md\n+++ b/r.md\n@@ -3 +3 @@\n-x\n+y\n@@ -10,2 +10,0 @@\n-a\n-b\n@@ -20,0 +19,3 @@\n+c\n+d\n+e\n+++ /dev/null\n@@ -1 +0,0 @@\n";
        let got = parse_diff(diff);
        assert_eq!(got[Path::new("r.md")], vec![(3, 3), (10, 11), (19, 21)]);
        assert_eq!(got.len(), 1);
    }

    #[test]
    fn quoted_paths_are_unquoted() {
        assert_eq!(unquote("\"b/a\\tb.md\""), "b/a\tb.md");
        assert_eq!(unquote("\"b/caf\\303\\251.md\""), "b/café.md");
        assert_eq!(unquote("b/plain.md"), "b/plain.md");
    }
}
