//! Writing outputs atomically: a temporary file in the target directory, renamed into place, so
//! a failed run never leaves a half-written file; and never over an input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

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
    InputGuard::new(inputs).check(out)
}

/// The inputs of a run, resolved once, for refusing outputs that would overwrite one of them.
pub struct InputGuard {
    /// Canonical path of every input that exists, and whether it is a directory.
    inputs: Vec<(PathBuf, bool)>,
}

impl InputGuard {
    /// Resolve the inputs (those that do not exist cannot be overwritten and are left out).
    pub fn new(inputs: &[PathBuf]) -> Self {
        let inputs = inputs
            .iter()
            .filter_map(|i| std::fs::canonicalize(i).ok())
            .map(|abs| {
                let dir = abs.is_dir();
                (abs, dir)
            })
            .collect();
        InputGuard { inputs }
    }

    /// An error when `out` is one of the inputs, or a source file inside an input directory.
    pub fn check(&self, out: &Path) -> Result<()> {
        let Ok(out_abs) = std::fs::canonicalize(out) else { return Ok(()) };
        self.refuse(out, &out_abs)
    }

    /// [`InputGuard::check`] for the file `name` in a directory already resolved to `dir_abs`:
    /// a build writes a dozen files into one directory, and resolving each path anew costs a
    /// system call per path component. The file is replaced by renaming, which replaces a
    /// symbolic link itself rather than its target, so the directory's path is the one to resolve.
    pub fn check_in(&self, dir_abs: &Path, name: &str, shown: &Path) -> Result<()> {
        self.refuse(shown, &dir_abs.join(name))
    }

    fn refuse(&self, out: &Path, out_abs: &Path) -> Result<()> {
        for (abs, dir) in &self.inputs {
            if abs == out_abs || (*dir && out_abs.starts_with(abs) && is_source(out_abs)) {
                bail!("{}: output path is an input; choose another output path", out.display());
            }
        }
        Ok(())
    }
}

fn is_source(p: &Path) -> bool {
    p.extension().and_then(|x| x.to_str()).is_some_and(|x| ["md", "markdown", "txt", "text", "json"].contains(&x))
}

/// Let go of a large value without freeing it, once the run's output is written: the process
/// is about to exit, and the system takes its memory back at once, where freeing a corpus's
/// tree of strings piece by piece costs milliseconds (rustc does the same with its arenas).
pub fn leak_at_exit<T>(value: T) {
    std::mem::forget(value);
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
        Target::File(path) => write_atomic(path, bytes).map(drop),
    }
}

/// What [`write_atomic`] did with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrote {
    /// The file is new or its content changed: it was replaced.
    Changed,
    /// The file already held exactly these bytes: it was left alone.
    Unchanged,
}

/// Write a file atomically: into a temporary file beside it, then renamed over it (on Linux,
/// swapped with it, see `exchange`), so a failed or interrupted run leaves either the old file
/// or the new one, never a part of it. The data
/// is not forced to disk (no fsync), as compilers and formatters do not: that would cost a
/// millisecond or more per file, and surviving a power cut is the file system's business.
///
/// A regular file that already holds exactly `bytes` is left alone, modification time and all,
/// as ninja (`restat`) and rustfmt leave unchanged outputs: tools that watch the outputs see no
/// change when there is none, and a rerun costs one read instead of a new file, a rename and the
/// old file's deletion (about 2.5 ms for a 120 KB findings file on ext4, where replacing a file
/// by renaming also starts writing the new one out).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<Wrote> {
    if holds(path, bytes.len() as u64, bytes) {
        return Ok(Wrote::Unchanged);
    }
    let tmp = temporary_beside(path)?;
    tmp.file().as_file().write_all(bytes).with_context(|| format!("{}: writing failed", path.display()))?;
    replace(tmp, path)
}

/// Write an output that `produce` prints piece by piece, once `approve` accepts it (the
/// validation of what is printed, which runs meanwhile on the other core), so that no text of
/// the whole output is ever held in memory. To a file: printed into a temporary file beside it,
/// which replaces the file as [`write_atomic`] does only when both succeed (a failure leaves
/// nothing behind; a file that already holds the very bytes is left alone). To standard output:
/// `approve` first, then the bytes, so that nothing is written for a rejected output.
pub fn write_streamed(
    target: &Target,
    approve: impl FnOnce() -> Result<()> + Send,
    produce: impl FnOnce(&mut dyn Write) -> std::io::Result<()> + Send,
) -> Result<Wrote> {
    const BUFFER: usize = 1 << 16;
    match target {
        Target::Stdout => {
            approve()?;
            let mut out = std::io::BufWriter::with_capacity(BUFFER, std::io::stdout().lock());
            // A closed pipe (`| head`) is not an error worth reporting.
            match produce(&mut out).and_then(|_| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("writing to standard output"),
                _ => Ok(Wrote::Changed),
            }
        }
        Target::File(path) => {
            let tmp = temporary_beside(path)?;
            let (approved, written) = rayon::join(approve, || {
                let mut out = std::io::BufWriter::with_capacity(BUFFER, tmp.file().as_file());
                produce(&mut out).and_then(|_| out.flush())
            });
            // Dropping `tmp` on the way out deletes it.
            approved?;
            written.with_context(|| format!("{}: writing failed", path.display()))?;
            let len = tmp.file().as_file().metadata().map(|m| m.len()).unwrap_or(u64::MAX);
            if std::fs::File::open(tmp.file().path()).is_ok_and(|f| holds(path, len, f)) {
                return Ok(Wrote::Unchanged);
            }
            replace(tmp, path)
        }
    }
}

/// The start of the name of every temporary file this tool makes: `.reportkit-PID-XXXXXX` (PID
/// the process's id, `XXXXXX` six random letters and digits). Versions before the process id
/// was added named them `.reportkit-XXXXXX`.
const TEMPORARY_PREFIX: &str = ".reportkit-";

/// A temporary file left older than this by a process that is gone is stale.
const STALE_AFTER: Duration = Duration::from_secs(60);

/// A temporary file this old is stale whoever made it (a process id may be reused).
const STALE_ANYWAY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// The temporary files of this process not yet renamed into place or deleted, for removal when
/// the run is interrupted, and the directories already cleared of stale ones.
struct Registry {
    pending: Vec<PathBuf>,
    cleared: Vec<PathBuf>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry { pending: Vec::new(), cleared: Vec::new() });

fn registry() -> std::sync::MutexGuard<'static, Registry> {
    REGISTRY.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A temporary file beside an output: deleted when dropped unless it was renamed into place,
/// and deleted by the interrupt handler (see [`remove_temporaries_on_interrupt`]) meanwhile.
struct Temporary(Option<tempfile::NamedTempFile>);

impl Temporary {
    fn file(&self) -> &tempfile::NamedTempFile {
        self.0.as_ref().expect("present until dropped or persisted")
    }
}

fn forget_pending(path: &Path) {
    let mut r = registry();
    if let Some(i) = r.pending.iter().position(|p| p == path) {
        r.pending.swap_remove(i);
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if let Some(tmp) = self.0.take() {
            let path = tmp.path().to_path_buf();
            // Deleted first, then forgotten: an interrupt in between removes nothing else.
            drop(tmp);
            forget_pending(&path);
        }
    }
}

/// A new temporary file in the directory of `path`, registered for removal on interrupt. The
/// first one made in a directory clears the directory of stale temporary files first (see
/// [`clear_stale_temporaries`]).
fn temporary_beside(path: &Path) -> Result<Temporary> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        bail!("{}: output directory {} does not exist; create it first", path.display(), dir.display());
    }
    remove_temporaries_on_interrupt();
    // Made and registered under the lock: the interrupt handler, which takes the lock, sees
    // every file made before it and lets no other be made.
    let mut r = registry();
    clear_once(&mut r, dir);
    let tmp = tempfile::Builder::new()
        .prefix(&format!("{TEMPORARY_PREFIX}{}-", std::process::id()))
        .tempfile_in(dir)
        .with_context(|| format!("{}: cannot write in {} (check permissions)", path.display(), dir.display()))?;
    r.pending.push(tmp.path().to_path_buf());
    Ok(Temporary(Some(tmp)))
}

/// On SIGINT, SIGTERM or SIGHUP, delete the temporary files being written, then die of the
/// signal as if it had not been caught (a shell shows exit status 130 for SIGINT, 143 for
/// SIGTERM). Installed when the first temporary file is made, so runs that write only to
/// standard output keep the default handling; a signal ignored from the start stays ignored.
fn remove_temporaries_on_interrupt() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            // A signal ignored from the start (`nohup`, a background job of a script) stays ignored.
            let caught: Vec<i32> = [SIGINT, SIGTERM, SIGHUP].into_iter().filter(|s| !ignored(*s)).collect();
            let Ok(mut signals) = signal_hook::iterator::Signals::new(caught) else { return };
            let spawned = std::thread::Builder::new().name("interrupt".into()).spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    // The lock is held to the end: no temporary file is made or renamed after this.
                    let r = registry();
                    for p in &r.pending {
                        let _ = std::fs::remove_file(p);
                    }
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            });
            drop(spawned);
        }
    });
}

/// Whether the process ignores `signal` (its disposition is `SIG_IGN`).
#[cfg(unix)]
fn ignored(signal: i32) -> bool {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: a null new action only reads the current one into `old`, a zeroed plain struct.
        unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            libc::sigaction(signal, std::ptr::null(), &mut old) == 0 && old.sa_sigaction == libc::SIG_IGN
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = signal;
        false
    }
}

/// [`clear_stale_temporaries`] of `dir`, unless this run did it already.
pub fn clear_stale_temporaries_once(dir: &Path) {
    clear_once(&mut registry(), dir);
}

fn clear_once(r: &mut Registry, dir: &Path) {
    if !r.cleared.iter().any(|d| d == dir) {
        clear_stale_temporaries(dir);
        r.cleared.push(dir.to_path_buf());
    }
}

/// Remove the stale temporary files of this tool from `dir`: regular files named as
/// [`TEMPORARY_PREFIX`] names them, last modified more than a minute ago by a process that no
/// longer runs (or by a version that did not record its process id), or more than a day ago.
/// A file being written changes as it is written, and its process is alive, so no temporary
/// file of a running process is touched. Best effort: what cannot be read or removed is left.
fn clear_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let now = SystemTime::now();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(owner) = name.to_str().and_then(temporary_owner) else { continue };
        if owner == Some(std::process::id()) {
            continue;
        }
        // Not followed: a link is not one of our files.
        let Ok(meta) = e.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let age = meta.modified().ok().and_then(|m| now.duration_since(m).ok()).unwrap_or_default();
        if age > STALE_ANYWAY_AFTER || (age > STALE_AFTER && !owner.is_some_and(process_alive)) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// For the name of a temporary file of this tool, the id of the process that made it (none for
/// names of versions that did not record it); `None` for any other name.
fn temporary_owner(name: &str) -> Option<Option<u32>> {
    let rest = name.strip_prefix(TEMPORARY_PREFIX)?;
    let random = |s: &str| s.len() == 6 && s.bytes().all(|b| b.is_ascii_alphanumeric());
    if random(rest) {
        return Some(None);
    }
    let (pid, suffix) = rest.split_once('-')?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) || !random(suffix) {
        return None;
    }
    Some(pid.parse().ok())
}

/// Whether a process of this id runs (on this machine). Where that cannot be told, yes.
fn process_alive(pid: u32) -> bool {
    #[cfg(target_os = "linux")]
    {
        let Ok(pid) = i32::try_from(pid) else { return true };
        // SAFETY: signal 0 sends nothing; it asks whether the process exists.
        let rc = unsafe { libc::kill(pid, 0) };
        rc == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = pid;
        true
    }
}

/// Put a written temporary file in the place of `path`.
fn replace(mut tmp: Temporary, path: &Path) -> Result<Wrote> {
    set_permissions(tmp.file().as_file(), path);
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if exchange(tmp.file(), path) {
        // `tmp` now names the old file, which dropping it deletes.
        return Ok(Wrote::Changed);
    }
    let file = tmp.0.take().expect("present until dropped or persisted");
    let tmp_path = file.path().to_path_buf();
    let persisted = file.persist(path);
    // Renamed, or deleted with the error's file when that is dropped below.
    let result = persisted.map(drop).map_err(|e| {
        let msg = anyhow::anyhow!("{}: cannot replace the file: {}", path.display(), e.error);
        drop(e.file);
        msg
    });
    forget_pending(&tmp_path);
    result?;
    Ok(Wrote::Changed)
}

/// Swap a new output with the regular file it replaces, in one step (`renameat2` with
/// `RENAME_EXCHANGE`): like a rename, every reader sees the old file or the new one. ext4 treats
/// a rename over an existing file as a request to write the new file out at once
/// (`auto_da_alloc`, a guard for programs that do not fsync), which made replacing a 120 KB
/// findings file cost about 0.35 ms more than swapping it; the swap is not taken for that
/// request. Like the rename, it does not make the new file durable on power loss. Answers false,
/// so that the caller renames, when there is no regular file at `path` or the file system cannot
/// swap.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn exchange(tmp: &tempfile::NamedTempFile, path: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    if !std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let (Ok(from), Ok(to)) =
        (CString::new(tmp.path().as_os_str().as_bytes()), CString::new(path.as_os_str().as_bytes()))
    else {
        return false;
    };
    // SAFETY: both arguments are NUL-terminated paths that outlive the call.
    let rc =
        unsafe { libc::renameat2(libc::AT_FDCWD, from.as_ptr(), libc::AT_FDCWD, to.as_ptr(), libc::RENAME_EXCHANGE) };
    rc == 0
}

/// Whether `path` is a regular file (not a link to one) holding exactly the `len` bytes that
/// `bytes` reads. Any doubt (a link, another length, an unreadable file) answers no, and the
/// file is written as usual. The file is compared a block at a time, so a large output costs
/// no second copy in memory, and a changed one is usually told apart at its first block.
fn holds(path: &Path, len: u64, mut bytes: impl std::io::Read) -> bool {
    use std::io::Read;
    let Ok(meta) = std::fs::symlink_metadata(path) else { return false };
    if !meta.is_file() || meta.len() != len {
        return false;
    }
    let Ok(mut file) = std::fs::File::open(path) else { return false };
    let size = usize::try_from(len).unwrap_or(usize::MAX).clamp(1, 1 << 16);
    let (mut want, mut got) = (vec![0u8; size], vec![0u8; size]);
    let mut left = len;
    while left > 0 {
        let n = size.min(usize::try_from(left).unwrap_or(usize::MAX));
        if bytes.read_exact(&mut want[..n]).is_err() || file.read_exact(&mut got[..n]).is_err() || want[..n] != got[..n]
        {
            return false;
        }
        left -= n as u64;
    }
    // Nothing more: the file did not grow since its length was read.
    file.read(&mut got[..1]).is_ok_and(|n| n == 0)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_file_with_the_very_bytes_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        // Larger than one comparison block, differing only in its last byte.
        let new: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        assert_eq!(write_atomic(&p, &new).unwrap(), Wrote::Changed, "a new file");
        assert_eq!(write_atomic(&p, &new).unwrap(), Wrote::Unchanged);
        let mut last_differs = new.clone();
        *last_differs.last_mut().unwrap() ^= 1;
        assert_eq!(write_atomic(&p, &last_differs).unwrap(), Wrote::Changed);
        assert_eq!(std::fs::read(&p).unwrap(), last_differs);
        assert_eq!(write_atomic(&p, &last_differs[..1000]).unwrap(), Wrote::Changed, "shorter");
        assert_eq!(write_atomic(&p, b"").unwrap(), Wrote::Changed);
        assert_eq!(write_atomic(&p, b"").unwrap(), Wrote::Unchanged, "empty stays empty");
        // A link to a file that holds the bytes is replaced by a file, as before.
        #[cfg(unix)]
        {
            let target = dir.path().join("target.json");
            std::fs::write(&target, &new).unwrap();
            let link = dir.path().join("link.json");
            std::os::unix::fs::symlink(&target, &link).unwrap();
            assert_eq!(write_atomic(&link, &new).unwrap(), Wrote::Changed);
            assert!(std::fs::symlink_metadata(&link).unwrap().is_file());
        }
    }

    #[test]
    fn a_replaced_output_keeps_its_mode_and_leaves_nothing_else_behind() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("findings.json");
        std::fs::write(&p, b"old findings").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        assert_eq!(write_atomic(&p, b"new findings").unwrap(), Wrote::Changed);
        assert_eq!(std::fs::read(&p).unwrap(), b"new findings");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o640);
        }
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["findings.json"], "the old file and the temporary file are gone");
        // A directory in the output's place is not swapped away.
        let d = dir.path().join("taken");
        std::fs::create_dir(&d).unwrap();
        assert!(write_atomic(&d, b"x").is_err());
        assert!(d.is_dir());
    }

    #[test]
    fn a_streamed_output_is_replaced_only_when_approved_and_written() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        std::fs::write(&p, b"old").unwrap();
        let target = Target::File(p.clone());
        let names = || -> Vec<_> { std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect() };
        let rejected = write_streamed(&target, || bail!("invalid"), |w| w.write_all(b"new"));
        assert!(rejected.is_err());
        let failed = write_streamed(
            &target,
            || Ok(()),
            |w| {
                w.write_all(b"partial")?;
                Err(std::io::Error::other("disk full"))
            },
        );
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert_eq!(names(), ["out.json"], "no temporary file is left behind");
        // Larger than the comparison block and the write buffer.
        let big: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        assert_eq!(write_streamed(&target, || Ok(()), |w| w.write_all(&big)).unwrap(), Wrote::Changed);
        assert_eq!(std::fs::read(&p).unwrap(), big);
        assert_eq!(write_streamed(&target, || Ok(()), |w| w.write_all(&big)).unwrap(), Wrote::Unchanged);
        assert_eq!(names(), ["out.json"]);
    }
}
