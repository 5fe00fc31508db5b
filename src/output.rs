//! Writing outputs atomically: a temporary file in the target directory, renamed into place, so
//! a failed run never leaves a half-written file; and never over an input.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// Where an output goes.
pub enum Target {
    /// Standard output.
    Stdout,
    /// A file, written atomically.
    File(PathBuf),
}

impl Target {
    /// `-` or nothing means standard output.
    pub fn from_arg(arg: Option<&Path>) -> Target {
        match arg {
            None => Target::Stdout,
            Some(p) if p.as_os_str() == "-" => Target::Stdout,
            Some(p) => Target::File(p.to_path_buf()),
        }
    }
}

/// Refuse to write over any of the inputs.
pub fn guard_inputs(out: &Path, inputs: &[PathBuf]) -> Result<()> {
    let Ok(out_abs) = std::fs::canonicalize(out) else { return Ok(()) };
    for i in inputs {
        if let Ok(abs) = std::fs::canonicalize(i) {
            if abs == out_abs || (abs.is_dir() && out_abs.starts_with(&abs) && is_source(&out_abs)) {
                bail!("{}: output path is an input; choose another output path", out.display());
            }
        }
    }
    Ok(())
}

fn is_source(p: &Path) -> bool {
    p.extension().and_then(|x| x.to_str()).is_some_and(|x| ["md", "markdown", "txt", "text", "json"].contains(&x))
}

/// Write `bytes` to the target.
pub fn write(target: &Target, bytes: &[u8]) -> Result<()> {
    match target {
        Target::Stdout => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth reporting.
            match out.write_all(bytes).and_then(|_| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("writing to standard output"),
                _ => Ok(()),
            }
        }
        Target::File(path) => write_atomic(path, bytes),
    }
}

/// Write a file atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        bail!("{}: output directory {} does not exist; create it first", path.display(), dir.display());
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".reportkit-")
        .tempfile_in(dir)
        .with_context(|| format!("{}: cannot write in {} (check permissions)", path.display(), dir.display()))?;
    tmp.write_all(bytes).with_context(|| format!("{}: writing failed", path.display()))?;
    set_permissions(tmp.as_file(), path);
    tmp.as_file().sync_all().ok();
    tmp.persist(path).map_err(|e| anyhow::anyhow!("{}: cannot replace the file: {}", path.display(), e.error))?;
    Ok(())
}

/// Give a new output the permissions of the file it replaces, or the usual 0644 (tempfile
/// creates files readable by their owner only).
fn set_permissions(file: &std::fs::File, path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map(|m| m.permissions().mode()).unwrap_or(0o644);
        let _ = file.set_permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = (file, path);
}
