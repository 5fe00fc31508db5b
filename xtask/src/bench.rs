//! `cargo xtask bench`: whole-process medians of release builds, with ratios against comrak and
//! pandoc on the same inputs.
//!
//! Each case runs once to warm the page cache, then `--runs N` times (default 11), the cases
//! taking turns round by round so that load on the machine weighs on all of them alike; the median
//! wall time and the peak resident memory (from `wait4`) are printed as a Markdown table ready
//! for BENCHMARKS.md. comrak's binary is installed with cargo under `target/bench-tools` when it
//! is not on PATH; pandoc is used only when installed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};

/// One measured command.
struct Case {
    name: String,
    program: PathBuf,
    args: Vec<String>,
    /// An output file, or a directory of them, changed before every run (outside the timing) so
    /// that the run must replace it: reportkit leaves an output that already holds its bytes
    /// alone, and a case without this measures reruns whose outputs do not change.
    stale: Option<PathBuf>,
}

impl Case {
    /// The same case, with its outputs at `path` changed before every run.
    fn replacing(mut self, path: PathBuf) -> Case {
        self.name.push_str(" (outputs replaced)");
        self.stale = Some(path);
        self
    }
}

/// Append a line to a file, or to every file of a directory, so that its content differs from
/// what the next run writes.
fn make_stale(path: &Path) -> Result<()> {
    use std::io::Write;
    let files: Vec<PathBuf> = if path.is_dir() {
        std::fs::read_dir(path)?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect()
    } else {
        vec![path.to_path_buf()]
    };
    for f in files {
        std::fs::OpenOptions::new().append(true).open(&f)?.write_all(b"\n")?;
    }
    Ok(())
}

struct Measure {
    median_ms: f64,
    peak_mb: f64,
    /// Wall times in milliseconds, one per round, in round order.
    rounds_ms: Vec<f64>,
}

/// A case against a baseline measured in the same rounds: the median of the per-round ratios
/// and in how many rounds the ratio was within `target`. Pairing by round cancels the slow and
/// fast phases a shared machine goes through, which medians taken apart do not.
fn paired(case: &Measure, base: &Measure, target: f64) -> (f64, usize, usize) {
    let mut ratios: Vec<f64> = case.rounds_ms.iter().zip(&base.rounds_ms).map(|(c, b)| c / b).collect();
    ratios.sort_by(f64::total_cmp);
    let within = ratios.iter().filter(|r| **r <= target).count();
    (ratios.get(ratios.len() / 2).copied().unwrap_or(f64::NAN), within, ratios.len())
}

/// Run a child and return (wall seconds, peak RSS in KiB).
fn run_once(case: &Case, root: &Path) -> Result<(f64, i64)> {
    if let Some(stale) = case.stale.as_ref().map(|p| root.join(p)).filter(|p| p.exists()) {
        make_stale(&stale).with_context(|| format!("changing {}", stale.display()))?;
    }
    let start = Instant::now();
    let child = Command::new(&case.program)
        .args(&case.args)
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("starting {}", case.program.display()))?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; the pid is our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed().as_secs_f64();
    if rc < 0 {
        bail!("wait4 failed for {}", case.name);
    }
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) <= 1;
    if !ok {
        let mut err = String::new();
        if let Some(mut e) = child.stderr {
            use std::io::Read;
            let _ = e.read_to_string(&mut err);
        }
        bail!("{} failed (status {status}): {err}", case.name);
    }
    Ok((elapsed, usage.ru_maxrss))
}

fn measure(case: &Case, root: &Path, runs: usize) -> Result<Measure> {
    Ok(measure_all(&[case], root, runs)?.remove(0))
}

/// Measure several cases in rounds: every round runs each case once, in turn, so that a burst
/// of load on the machine slows every case alike and the ratios between them stay fair.
fn measure_all(cases: &[&Case], root: &Path, runs: usize) -> Result<Vec<Measure>> {
    for c in cases {
        run_once(c, root)?;
    }
    let mut times: Vec<Vec<f64>> = vec![Vec::with_capacity(runs); cases.len()];
    let mut peaks = vec![0; cases.len()];
    for _ in 0..runs {
        for (i, c) in cases.iter().enumerate() {
            let (t, rss) = run_once(c, root)?;
            times[i].push(t);
            peaks[i] = peaks[i].max(rss);
        }
    }
    Ok(times
        .into_iter()
        .zip(peaks)
        .map(|(t, peak)| {
            let rounds_ms: Vec<f64> = t.iter().map(|s| s * 1000.0).collect();
            let mut sorted = rounds_ms.clone();
            sorted.sort_by(f64::total_cmp);
            Measure { median_ms: sorted[sorted.len() / 2], peak_mb: peak as f64 / 1024.0, rounds_ms }
        })
        .collect())
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?.to_str()?.split(':').map(|d| Path::new(d).join(name)).find(|p| p.is_file())
}

/// comrak's command-line binary: on PATH, or installed with cargo into target/bench-tools.
fn comrak(root: &Path) -> Result<PathBuf> {
    if let Some(p) = which("comrak") {
        return Ok(p);
    }
    let tools = root.join("target/bench-tools");
    let bin = tools.join("bin/comrak");
    if !bin.is_file() {
        eprintln!("installing comrak's binary with cargo into {} …", tools.display());
        let st = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args([
                "install",
                "comrak",
                "--version",
                "0.59.0",
                "--locked",
                "--no-default-features",
                "--features",
                "cli",
                "--root",
            ])
            .arg(&tools)
            .status()?;
        if !st.success() {
            bail!("cargo install comrak failed");
        }
    }
    Ok(bin)
}

/// The report concatenated `n` times, under target/scaled/.
pub fn scaled_report(root: &Path, n: usize) -> Result<PathBuf> {
    let src = std::fs::read_to_string(root.join("fixtures/igf2025/igf2025-summary-report.md"))?;
    let dir = root.join("target/scaled");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("report-x{n}.md"));
    if !path.is_file() {
        let mut s = String::with_capacity(src.len() * n + n);
        for _ in 0..n {
            s.push_str(&src);
            s.push('\n');
        }
        std::fs::write(&path, s)?;
    }
    Ok(path)
}

/// An edited copy of a file for the diff cases, beside it: in the middle a digit changed, a third
/// of the way in a line removed, two thirds in a line repeated. Generic edits, so any report
/// will do.
pub fn edited_copy(path: &Path) -> Result<PathBuf> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let n = lines.len();
    if let Some(l) = lines[n / 2..].iter_mut().find(|l| l.chars().any(|c| c.is_ascii_digit())) {
        let i = l.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
        let d = l.as_bytes()[i] - b'0';
        l.replace_range(i..i + 1, &((d + 1) % 10).to_string());
    }
    if let Some(i) = (2 * n / 3..n).find(|i| !lines[*i].trim().is_empty()) {
        let line = lines[i].clone();
        lines.insert(i, String::new());
        lines.insert(i, line);
    }
    if let Some(i) = (n / 3..n).find(|i| !lines[*i].trim().is_empty() && !lines[*i].starts_with('#')) {
        lines.remove(i);
    }
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("report");
    let out = path.parent().unwrap_or(Path::new(".")).join(format!("{stem}-edited.md"));
    std::fs::write(&out, lines.join("\n") + "\n")?;
    Ok(out)
}

/// The bundled corpus copied `n` times into target/scaled/corpus-x{n}/ (file `stem-0042.ext`,
/// so every copy is a document of its own), and beside it corpus-x{n}-edited/ where every tenth
/// copy of each Markdown file is edited as by [`edited_copy`], for the diff cases.
pub fn scaled_corpus(root: &Path, n: usize) -> Result<(PathBuf, PathBuf)> {
    let src = root.join("fixtures/igf2025");
    let dir = root.join(format!("target/scaled/corpus-x{n}"));
    let edited = root.join(format!("target/scaled/corpus-x{n}-edited"));
    if dir.is_dir() && edited.is_dir() {
        return Ok((dir, edited));
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&src)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let partial = |d: &Path| d.with_extension("partial");
    for d in [&dir, &edited] {
        let _ = std::fs::remove_dir_all(partial(d));
        std::fs::create_dir_all(partial(d))?;
    }
    for f in &files {
        let stem = f.file_stem().and_then(|s| s.to_str()).context("UTF-8 file name")?;
        let ext = f.extension().and_then(|s| s.to_str()).unwrap_or("md");
        let text = std::fs::read(f)?;
        for i in 0..n {
            let name = format!("{stem}-{i:04}.{ext}");
            std::fs::write(partial(&dir).join(&name), &text)?;
            let copy = partial(&edited).join(&name);
            std::fs::write(&copy, &text)?;
            if i % 10 == 0 && ext == "md" {
                let changed = edited_copy(&copy)?;
                std::fs::rename(changed, &copy)?;
            }
        }
    }
    for d in [&dir, &edited] {
        let _ = std::fs::remove_dir_all(d);
        std::fs::rename(partial(d), d)?;
    }
    Ok((dir, edited))
}

/// `cargo xtask bench --scale`: check, render (JSON) and diff on the corpus x100 and x1,000,
/// with the growth from one to the other (linear is 10x; the target is at most 12x).
pub fn scale(root: &Path, rk: &Path, runs: usize) -> Result<()> {
    let out = root.join("target/bench-out");
    std::fs::create_dir_all(&out)?;
    let mut rows: Vec<(String, usize, Measure)> = Vec::new();
    println!("| case | copies | documents | median ms | peak MB |\n|---|---:|---:|---:|---:|");
    for n in [100, 1000] {
        let (dir, edited) = scaled_corpus(root, n)?;
        release_freed_memory();
        let (d, e) = (dir.to_string_lossy().into_owned(), edited.to_string_lossy().into_owned());
        let o = |name: &str| out.join(format!("{name}-x{n}")).to_string_lossy().into_owned();
        let docs = std::fs::read_dir(&dir)?.count();
        let cases = [
            case("check corpus", rk, &["check", &d, "--format", "json", "-o", &o("findings.json")]),
            case("render corpus --to json", rk, &["render", &d, "--to", "json", "-o", &o("corpus.json")]),
            case("diff corpus vs edited", rk, &["diff", &d, &e, "--format", "json", "-o", &o("diff.json")]),
        ];
        for c in cases {
            // The x1,000 runs take tens of seconds each: fewer of them.
            let m = measure(&c, root, if n == 1000 { runs.min(3) } else { runs })?;
            println!("| {} | {n} | {docs} | {:.0} | {:.0} |", c.name, m.median_ms, m.peak_mb);
            rows.push((c.name, n, m));
        }
    }
    println!();
    for (name, n, m) in rows.iter().filter(|(_, n, _)| *n == 1000) {
        if let Some((_, _, base)) = rows.iter().find(|(k, b, _)| k == name && *b == 100) {
            println!(
                "{name}: x{n} / x100 = {:.1}x time, {:.1}x memory (target <= 12x time)",
                m.median_ms / base.median_ms,
                m.peak_mb / base.peak_mb
            );
        }
    }
    Ok(())
}

/// Give the memory freed after preparing the inputs back to the system. A child's peak RSS
/// (`ru_maxrss`) counts the pages it shared with this process between fork and exec, so a fat
/// harness would otherwise raise every small command's figure to its own size.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap pages to the kernel.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn case(name: &str, program: &Path, args: &[&str]) -> Case {
    Case {
        name: name.to_string(),
        program: program.to_path_buf(),
        args: args.iter().map(|s| s.to_string()).collect(),
        stale: None,
    }
}

/// Entry point: `cargo xtask bench [--runs N] [--filter TEXT] [--scale]`.
pub fn run(root: &Path, args: &[String]) -> Result<()> {
    let mut runs = 11;
    let mut filter = None;
    let mut scale_only = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => runs = it.next().context("--runs takes a number")?.parse()?,
            "--filter" => filter = Some(it.next().context("--filter takes text")?.clone()),
            "--scale" => scale_only = true,
            other => bail!("unknown bench option {other}"),
        }
    }
    let st = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--release", "--locked", "-p", "reportkit"])
        .current_dir(root)
        .status()?;
    if !st.success() {
        bail!("release build failed");
    }
    let rk = root.join("target/release/reportkit");
    if scale_only {
        return scale(root, &rk, runs.min(5));
    }
    if filter.as_deref() == Some("server") {
        return server(root, &rk);
    }
    let comrak = comrak(root)?;
    let report = "fixtures/igf2025/igf2025-summary-report.md";
    let x100 = scaled_report(root, 100)?;
    let x100 = x100.to_str().context("UTF-8 path")?;
    let x1_edited = edited_copy(&scaled_report(root, 1)?)?;
    let x1_edited = x1_edited.to_str().context("UTF-8 path")?;
    let x100_edited = edited_copy(Path::new(x100))?;
    let x100_edited = x100_edited.to_str().context("UTF-8 path")?;
    let out = root.join("target/bench-out");
    std::fs::create_dir_all(&out)?;
    let o = |name: &str| out.join(name).to_string_lossy().into_owned();
    release_freed_memory();

    // The corpus's files, for the tools that take files rather than a directory.
    let mut corpus_files: Vec<String> = std::fs::read_dir(root.join("fixtures/igf2025"))?
        .filter_map(|e| e.ok().map(|e| format!("fixtures/igf2025/{}", e.file_name().to_string_lossy())))
        .collect();
    corpus_files.sort();
    let with_corpus = |head: &[&str], tail: &[&str]| -> Vec<String> {
        head.iter()
            .map(|s| s.to_string())
            .chain(corpus_files.iter().cloned())
            .chain(tail.iter().map(|s| s.to_string()))
            .collect()
    };

    let mut cases = vec![
        case("comrak --gfm -t commonmark (report)", &comrak, &["--gfm", "-t", "commonmark", report]),
        Case {
            name: "comrak --gfm -t commonmark (corpus)".into(),
            program: comrak.clone(),
            args: with_corpus(&["--gfm", "-t", "commonmark"], &[]),
            stale: None,
        },
        case(
            "reportkit render corpus --to json",
            &rk,
            &["render", "fixtures/igf2025", "--to", "json", "-o", &o("corpus.json")],
        ),
        case("reportkit render report --to json", &rk, &["render", report, "--to", "json", "-o", &o("report.json")]),
        case("comrak --gfm -t commonmark (report x100)", &comrak, &["--gfm", "-t", "commonmark", x100]),
        case("reportkit render report x100 --to json", &rk, &["render", x100, "--to", "json", "-o", &o("x100.json")]),
        case(
            "reportkit render report --to markdown",
            &rk,
            &["render", report, "--to", "markdown", "-o", &o("report.md")],
        ),
        case(
            "reportkit check corpus",
            &rk,
            &["check", "fixtures/igf2025", "--format", "json", "-o", &o("findings.json")],
        ),
        case(
            "reportkit check corpus",
            &rk,
            &["check", "fixtures/igf2025", "--format", "json", "-o", &o("findings-replaced.json")],
        )
        .replacing(out.join("findings-replaced.json")),
        case("reportkit check report x100", &rk, &["check", x100, "--format", "json", "-o", &o("x100-findings.json")]),
        case(
            "reportkit build corpus --no-pdf",
            &rk,
            &["build", "fixtures/igf2025", "-o", &o("build-nopdf"), "--no-pdf"],
        ),
        case(
            "reportkit build corpus --no-pdf",
            &rk,
            &["build", "fixtures/igf2025", "-o", &o("build-nopdf-replaced"), "--no-pdf"],
        )
        .replacing(out.join("build-nopdf-replaced")),
        case("reportkit build corpus", &rk, &["build", "fixtures/igf2025", "-o", &o("build")]),
        case("reportkit render report --to pdf", &rk, &["render", report, "--to", "pdf", "-o", &o("report.pdf")]),
        case("reportkit render report x100 --to pdf", &rk, &["render", x100, "--to", "pdf", "-o", &o("x100.pdf")]),
        case("reportkit check report", &rk, &["check", report, "--format", "json", "-o", &o("check.json")]),
        case(
            "reportkit diff report vs edited",
            &rk,
            &["diff", report, x1_edited, "--format", "json", "-o", &o("diff.json")],
        ),
        case(
            "reportkit diff report x100 vs edited",
            &rk,
            &["diff", x100, x100_edited, "--format", "json", "-o", &o("diff-x100.json")],
        ),
    ];
    let pandoc = which("pandoc");
    if let Some(pandoc) = &pandoc {
        cases.push(case(
            "pandoc -f gfm -t json (report)",
            pandoc,
            &["-f", "gfm", "-t", "json", report, "-o", &o("pandoc.json")],
        ));
        cases.push(case(
            "pandoc -f gfm -t gfm (report)",
            pandoc,
            &["-f", "gfm", "-t", "gfm", report, "-o", &o("pandoc.md")],
        ));
        cases.push(Case {
            name: "pandoc -f gfm -t json (corpus)".into(),
            program: pandoc.clone(),
            args: with_corpus(&["-f", "gfm", "-t", "json", "-o", &o("pandoc-corpus.json")], &[]),
            stale: None,
        });
    }
    cases.retain(|c| filter.as_ref().is_none_or(|f| c.name.contains(f.as_str()) || c.name.starts_with("comrak")));
    // The cases on the report x100 run for seconds and leave hundreds of MB for the kernel to
    // reclaim as they exit, which slowed whatever ran next by several ms (in one round order,
    // `check corpus`, run after `render report x100`, took 23.4 ms and `check report` 17.9 ms).
    // They are measured in rounds of their own, so that the small cases, whose ratios to comrak
    // are targets, share their rounds only with each other.
    let heavy = |c: &Case| c.name.contains("x100");
    let small: Vec<&Case> = cases.iter().filter(|c| !heavy(c)).collect();
    let large: Vec<&Case> = cases.iter().filter(|c| heavy(c)).collect();
    let (mut small_m, mut large_m) =
        (measure_all(&small, root, runs)?.into_iter(), measure_all(&large, root, runs)?.into_iter());
    let mut measures: Vec<Measure> = cases
        .iter()
        .map(|c| if heavy(c) { large_m.next() } else { small_m.next() }.expect("one measure per case"))
        .collect();
    // pandoc takes tens of seconds on the report x100: measured once, apart from the rounds.
    if let Some(pandoc) = pandoc.filter(|_| filter.as_ref().is_none_or(|f| "pandoc x100".contains(f.as_str()))) {
        let slow = case(
            "pandoc -f gfm -t json (report x100)",
            &pandoc,
            &["-f", "gfm", "-t", "json", x100, "-o", &o("pandoc-x100.json")],
        );
        measures.push(measure(&slow, root, 1)?);
        cases.push(slow);
    }
    let mut results: Vec<(String, Measure)> = Vec::new();
    println!("| case | median ms | peak MB |\n|---|---:|---:|");
    for (c, m) in cases.into_iter().zip(measures) {
        println!("| {} | {:.1} | {:.1} |", c.name, m.median_ms, m.peak_mb);
        results.push((c.name, m));
    }
    let get = |n: &str| results.iter().find(|(k, _)| k == n).map(|(_, m)| m.median_ms);
    let measure_of = |n: &str| results.iter().find(|(k, _)| k == n).map(|(_, m)| m);
    println!();
    let against_comrak = [
        ("reportkit render corpus --to json", 2.0),
        ("reportkit render report --to markdown", 1.5),
        ("reportkit check corpus", 2.0),
        ("reportkit check corpus (outputs replaced)", 2.0),
        ("reportkit build corpus --no-pdf", 3.0),
        ("reportkit build corpus --no-pdf (outputs replaced)", 3.0),
    ];
    if let (Some(p), Some(rk)) = (get("pandoc -f gfm -t json (report)"), get("reportkit render report --to json")) {
        println!("pandoc report / render report --to json: {:.1}x faster (target >= 10x)", p / rk);
    }
    if let Some(base) = measure_of("comrak --gfm -t commonmark (report)") {
        for (name, target) in against_comrak {
            if let Some(m) = measure_of(name) {
                let (median, within, rounds) = paired(m, base, target);
                println!(
                    "{name} / comrak report: {:.2}x (target <= {target}x); paired by round: median {median:.2}x, \
                     within target in {within} of {rounds} rounds",
                    m.median_ms / base.median_ms
                );
            }
        }
    }
    if let Some(m) = results.iter().find(|(k, _)| k == "reportkit check report x100").map(|(_, m)| m) {
        println!("check report x100: {:.0} ms, {:.0} MB (target <= 2.5 s and 500 MB)", m.median_ms, m.peak_mb);
    }
    if let Some(pdf) = get("reportkit render report --to pdf") {
        println!("render report --to pdf: {pdf:.1} ms (target <= 150 ms)");
    }
    if let Some(pdf) = results.iter().find(|(k, _)| k == "reportkit render report x100 --to pdf").map(|(_, m)| m) {
        println!("render report x100 --to pdf: {:.0} ms, {:.0} MB (target < 10 s, < 1 GB)", pdf.median_ms, pdf.peak_mb);
    }
    if let (Some(c), Some(d)) = (get("reportkit check report"), get("reportkit diff report vs edited")) {
        println!("diff report vs edited / check report: {:.2}x (target <= 3x)", d / c);
    }
    if let Some(d) = get("reportkit diff report x100 vs edited") {
        println!("diff report x100 vs edited: {:.2} s (target < 5 s)", d / 1000.0);
    }
    println!(
        "\nruns per case: {runs} (median), machine: {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    if filter.is_none() {
        println!();
        server(root, &rk)?;
    }
    Ok(())
}

/// A JSON string literal of `s`.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The `file:` URI of an absolute path.
fn file_uri(p: &Path) -> String {
    let mut out = String::from("file://");
    for b in p.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The resident memory of a process in MB (`VmRSS` of /proc/PID/status).
fn rss_mb(pid: u32) -> Result<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .context("no VmRSS")?
        .parse()?;
    Ok(kb / 1024.0)
}

/// `reportkit server` as an editor drives it: the five documents of fixtures/igf2025 open,
/// then 200 one-character edits of the report (a character typed at the start of a line, then
/// deleted, at lines spread over the report), each timed from the moment the change is written
/// to the server until the report's diagnostics for that version arrive. Prints the median of
/// the first 20 and of all 200, and the server's resident memory after the first edit and
/// after the 200th.
fn server(root: &Path, rk: &Path) -> Result<()> {
    use std::io::{BufReader, Write};
    const EDITS: u32 = 200;
    const TIMED: usize = 20;
    let dir = root.join("fixtures/igf2025");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let report = dir.join("igf2025-summary-report.md");
    // The report last: the other four are open when it is.
    files.retain(|f| *f != report);
    files.push(report.clone());
    let mut child = Command::new(rk)
        .arg("server")
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("starting reportkit server")?;
    let pid = child.id();
    let mut stdin = child.stdin.take().context("stdin")?;
    let mut stdout = BufReader::new(child.stdout.take().context("stdout")?);
    let (tx, rx) = std::sync::mpsc::channel::<(Instant, String)>();
    std::thread::spawn(move || {
        while let Ok(Some(message)) = lsp_server::Message::read(&mut stdout) {
            let text = serde_json::to_string(&message).unwrap_or_default();
            if tx.send((Instant::now(), text)).is_err() {
                return;
            }
        }
    });
    let mut send = |body: String| -> Result<Instant> {
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len())?;
        stdin.flush()?;
        Ok(Instant::now())
    };
    let timeout = std::time::Duration::from_secs(30);
    let report_uri = file_uri(&report);
    // The arrival of the report's diagnostics for `version`.
    let wait_report = |version: i32| -> Result<Instant> {
        loop {
            let (at, body) = rx.recv_timeout(timeout).context("no diagnostics from the server in 30 s")?;
            if !body.contains("\"method\":\"textDocument/publishDiagnostics\"")
                || !body.contains(&format!("\"uri\":\"{report_uri}\""))
            {
                continue;
            }
            let Some(i) = body.rfind("\"version\":") else { continue };
            let digits: String = body[i + 10..].chars().take_while(char::is_ascii_digit).collect();
            if digits.parse::<i32>().ok() == Some(version) {
                return Ok(at);
            }
        }
    };
    send(format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"initialize","params":{{"processId":null,"rootUri":"{}","capabilities":{{}}}}}}"#,
        file_uri(&dir)
    ))?;
    loop {
        let (_, body) = rx.recv_timeout(timeout).context("no answer to initialize")?;
        if body.contains("\"id\":1") {
            break;
        }
    }
    send(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#.to_string())?;
    for f in &files {
        let text = std::fs::read_to_string(f)?;
        let language = if f.extension().is_some_and(|x| x == "md") { "markdown" } else { "plaintext" };
        send(format!(
            r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{}","languageId":"{language}","version":1,"text":{}}}}}}}"#,
            file_uri(f),
            json_string(&text)
        ))?;
    }
    wait_report(1)?;
    let lines = std::fs::read_to_string(&report)?.lines().count() as u32;
    let mut latencies = Vec::new();
    let (mut first_rss, mut last_rss) = (0.0, 0.0);
    for edit in 1..=EDITS {
        let version = edit as i32 + 1;
        // A character typed at the start of a line, then deleted; a new line every two edits.
        let line = 20 + (edit - 1) / 2 * 37 % (lines - 40);
        let change = if edit % 2 == 1 {
            format!(
                r#"{{"range":{{"start":{{"line":{line},"character":0}},"end":{{"line":{line},"character":0}}}},"text":"x"}}"#
            )
        } else {
            format!(
                r#"{{"range":{{"start":{{"line":{line},"character":0}},"end":{{"line":{line},"character":1}}}},"text":""}}"#
            )
        };
        let sent = send(format!(
            r#"{{"jsonrpc":"2.0","method":"textDocument/didChange","params":{{"textDocument":{{"uri":"{report_uri}","version":{version}}},"contentChanges":[{change}]}}}}"#
        ))?;
        let arrived = wait_report(version)?;
        latencies.push(arrived.duration_since(sent).as_secs_f64() * 1e3);
        if edit == 1 {
            first_rss = rss_mb(pid)?;
        }
        if edit == EDITS {
            last_rss = rss_mb(pid)?;
        }
    }
    send(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown","params":null}"#.to_string())?;
    send(r#"{"jsonrpc":"2.0","method":"exit","params":null}"#.to_string())?;
    let status = child.wait()?;
    let median = |xs: &[f64]| {
        let mut v = xs.to_vec();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let max = latencies.iter().copied().fold(0.0, f64::max);
    println!(
        "server: one-character edit of the report, the other four documents open: diagnostics after a median of \
         {:.1} ms over the first {TIMED} edits (target <= 100 ms); {:.1} ms over all {EDITS}, slowest {max:.1} ms",
        median(&latencies[..TIMED]),
        median(&latencies)
    );
    println!(
        "server: resident memory {first_rss:.1} MB after the first edit, {last_rss:.1} MB after {EDITS} \
         ({:.2}x, target <= 2x); exit code {}",
        last_rss / first_rss,
        status.code().unwrap_or(-1)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(rounds_ms: &[f64]) -> Measure {
        Measure { median_ms: 0.0, peak_mb: 0.0, rounds_ms: rounds_ms.to_vec() }
    }

    #[test]
    fn ratios_are_paired_round_by_round() {
        // Round 3 is slow for both: paired, it is the fastest ratio, not an outlier.
        let (median, within, rounds) = paired(&m(&[20.0, 30.0, 40.0]), &m(&[10.0, 10.0, 40.0]), 2.5);
        assert_eq!((median, within, rounds), (2.0, 2, 3));
    }
}
