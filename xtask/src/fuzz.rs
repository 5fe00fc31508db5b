//! `cargo xtask fuzz [--seconds N] [TARGET...]`: run the cargo-fuzz targets of fuzz/ for a
//! while each, on a seed corpus cut from the bundled fixtures, then report how long each ran,
//! how many inputs it tried, its coverage, and what it found. Inputs that crashed a target are
//! copied to tests/data/fuzz/<target>/, where tests/fuzz_regressions.rs replays them.
//!
//! Runs on the stable toolchain (`--sanitizer none`: libFuzzer's coverage guidance without
//! AddressSanitizer, which Rust code does not need for memory safety). cargo-fuzz is installed
//! into target/tools/ on first use.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

const TARGETS: &[&str] = &["read_markdown", "read_text", "read_json", "write_markdown", "write_pdf", "check", "diff"];

/// Largest input the fuzzer makes (the PDF target ignores inputs over 16 KiB).
const MAX_LEN: usize = 16 * 1024;

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn cargo_fuzz(root: &Path) -> Result<PathBuf> {
    let tools = root.join("target/tools");
    let bin = tools.join("bin/cargo-fuzz");
    if !bin.is_file() {
        eprintln!("installing cargo-fuzz with cargo into {} …", tools.display());
        let st = Command::new(cargo()).args(["install", "cargo-fuzz", "--locked", "--root"]).arg(&tools).status()?;
        if !st.success() {
            bail!("cargo install cargo-fuzz failed");
        }
    }
    Ok(bin)
}

/// Seeds: the fixtures cut at blank lines into pieces of at most MAX_LEN bytes; for `diff`,
/// pairs of consecutive pieces joined by the 0xFF separator the target splits on; for
/// `read_json`, the canonical JSON of a small document.
fn seed(root: &Path, target: &str, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut pieces: Vec<String> = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("fixtures/igf2025"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md" || x == "txt"))
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f)?;
        let mut piece = String::new();
        for para in text.split("\n\n") {
            if piece.len() + para.len() + 2 > MAX_LEN / 4 && !piece.is_empty() {
                pieces.push(std::mem::take(&mut piece));
            }
            piece.push_str(para);
            piece.push_str("\n\n");
        }
        pieces.push(piece);
    }
    let seeds: Vec<Vec<u8>> = match target {
        "diff" => pieces.windows(2).map(|w| [w[0].as_bytes(), &[0xFF], w[1].as_bytes()].concat()).collect(),
        "read_json" => pieces
            .iter()
            .take(8)
            .map(|p| {
                let docs = reportkit_parse::parse("seed.md", p.as_bytes(), None).expect("fixtures read");
                reportkit_render::json::to_string(&reportkit_parse::corpus(docs)).map(String::into_bytes)
            })
            .collect::<Result<_, _>>()
            .map_err(|e| anyhow::anyhow!("{e}"))?,
        _ => pieces.into_iter().map(String::into_bytes).collect(),
    };
    for (i, s) in seeds.iter().enumerate() {
        std::fs::write(dir.join(format!("seed-{i:03}")), s)?;
    }
    Ok(())
}

/// The value after `key` on the last line of libFuzzer's output that has it.
fn stat(log: &str, key: &str) -> Option<u64> {
    log.lines().rev().find_map(|l| {
        let at = l.find(key)? + key.len();
        l[at..].split_whitespace().next()?.trim_end_matches(',').parse().ok()
    })
}

/// Entry point.
pub fn run(root: &Path, args: &[String]) -> Result<()> {
    let mut seconds = 60u64;
    let mut targets: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seconds" => seconds = it.next().context("--seconds takes a number")?.parse()?,
            t if TARGETS.contains(&t) => targets.push(t.to_string()),
            other => bail!("unknown fuzz option or target {other} (targets: {})", TARGETS.join(", ")),
        }
    }
    if targets.is_empty() {
        targets = TARGETS.iter().map(|s| s.to_string()).collect();
    }
    let fuzz = cargo_fuzz(root)?;
    let work = root.join("target/fuzz");
    let mut rows = Vec::new();
    for t in &targets {
        let corpus = work.join("corpus").join(t);
        let artifacts = work.join("artifacts").join(t);
        std::fs::create_dir_all(&artifacts)?;
        seed(root, t, &corpus)?;
        let started = std::time::Instant::now();
        let out = Command::new(&fuzz)
            .current_dir(root)
            .args(["fuzz", "run", "--sanitizer", "none", "-O", t])
            .arg(&corpus)
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .arg(format!("-max_len={MAX_LEN}"))
            .arg("-timeout=10")
            .arg("-rss_limit_mb=4096")
            .arg("-print_final_stats=1")
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .output()?;
        let elapsed = started.elapsed().as_secs_f64();
        let log = String::from_utf8_lossy(&out.stderr);
        std::fs::write(work.join(format!("{t}.log")), log.as_bytes())?;
        let execs = stat(&log, "stat::number_of_executed_units:").unwrap_or(0);
        let cov = stat(&log, "cov:").unwrap_or(0);
        // Keep every input that crashed, timed out or ran out of memory as a regression input.
        let keep = root.join("tests/data/fuzz").join(t);
        let mut found = Vec::new();
        for e in std::fs::read_dir(&artifacts)? {
            let p = e?.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            if ["crash-", "timeout-", "oom-", "slow-unit-"].iter().any(|k| name.starts_with(k)) {
                std::fs::create_dir_all(&keep)?;
                std::fs::copy(&p, keep.join(&name))?;
                found.push(name);
            }
        }
        found.sort();
        let status = if out.status.success() { "clean" } else { "FOUND" };
        println!(
            "{t:<15} {elapsed:>6.0} s  {execs:>10} inputs  cov {cov:>6}  {status}{}",
            if found.is_empty() { String::new() } else { format!(": {}", found.join(", ")) }
        );
        rows.push((t.clone(), out.status.success()));
    }
    println!("\nlogs: {}/<target>.log; inputs kept for tests: tests/data/fuzz/<target>/", work.display());
    if rows.iter().any(|(_, ok)| !ok) {
        bail!("a fuzz target failed: fix it, keep its input in tests/data/fuzz/<target>/, and run again");
    }
    Ok(())
}
