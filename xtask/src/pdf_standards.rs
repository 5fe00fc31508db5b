//! `cargo xtask pdf-standards`: the report, the feed and the outcome document of
//! fixtures/igf2025 rendered with `--pdf-standard ua-1,a-2u`, then checked by the checkers
//! that are installed: the `pdfua` Python checker (machine-checkable PDF/UA-1 rules;
//! `pip install pdfua`) and `qpdf --check` (the file's syntax and streams; apt package qpdf).
//! Prints each checker's errors and warnings per file, and each file's size with and without
//! the claims (the PDF/A output intent adds the ICC profile). Not part of CI: the checkers are
//! not dependencies of the project.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// The files checked: the report, the feed and the outcome document.
const FILES: [&str; 3] = ["igf2025-summary-report.md", "news-feed-igf2025.txt", "wsis-2025-session-outcome.txt"];

/// The claims checked.
const STANDARDS: &str = "ua-1,a-2u";

/// What one checker said of one file.
struct Verdict {
    errors: usize,
    warnings: usize,
    summary: String,
}

/// Whether `tool` runs (`--version`).
fn installed(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success())
}

/// `pdfua check FILE`: its summary line reads `result: … errors=N warnings=N info=N`.
fn pdfua(pdf: &Path) -> Result<Verdict> {
    let o = Command::new("pdfua").arg("check").arg(pdf).output().context("running pdfua")?;
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let count = |key: &str| -> Option<usize> {
        out.split_whitespace().find_map(|w| w.strip_prefix(key).and_then(|n| n.parse().ok()))
    };
    let (Some(errors), Some(warnings)) = (count("errors="), count("warnings=")) else {
        bail!(
            "{}: pdfua printed no counts (exit {:?}):\n{out}{}",
            pdf.display(),
            o.status.code(),
            String::from_utf8_lossy(&o.stderr)
        );
    };
    let summary = out.lines().find(|l| l.trim_start().starts_with("result:")).unwrap_or("").trim().to_string();
    Ok(Verdict { errors, warnings, summary })
}

/// `qpdf --check FILE`: exit 0 clean, 3 warnings, 2 errors; warnings start with `WARNING:`.
fn qpdf(pdf: &Path) -> Result<Verdict> {
    let o = Command::new("qpdf").arg("--check").arg(pdf).output().context("running qpdf")?;
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    let warnings = text.lines().filter(|l| l.contains("WARNING")).count();
    let errors = match o.status.code() {
        Some(0) | Some(3) => 0,
        _ => text.lines().filter(|l| !l.contains("WARNING") && l.contains("error")).count().max(1),
    };
    let summary = text
        .lines()
        .find(|l| l.contains("No syntax or stream encoding errors") || l.contains("errors found"))
        .unwrap_or_else(|| text.lines().last().unwrap_or(""))
        .trim()
        .to_string();
    Ok(Verdict { errors, warnings, summary })
}

fn render(bin: &Path, src: &Path, out: &Path, standards: Option<&str>) -> Result<u64> {
    let mut c = Command::new(bin);
    c.arg("render").arg(src).args(["--to", "pdf", "-o"]).arg(out).env("SOURCE_DATE_EPOCH", "1751241600");
    if let Some(s) = standards {
        c.args(["--pdf-standard", s]);
    }
    let o = c.output().context("running reportkit")?;
    if !o.status.success() {
        bail!("reportkit render {} failed:\n{}", src.display(), String::from_utf8_lossy(&o.stderr));
    }
    Ok(std::fs::metadata(out)?.len())
}

/// Entry point.
pub fn run(root: &Path) -> Result<()> {
    let st = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--release", "--locked", "-p", "reportkit"])
        .current_dir(root)
        .status()?;
    if !st.success() {
        bail!("cargo build --release failed");
    }
    let bin = root.join("target/release/reportkit");
    let dir = root.join("target/pdf-standards");
    std::fs::create_dir_all(&dir)?;
    let have_pdfua = installed("pdfua");
    let have_qpdf = installed("qpdf");
    if !have_pdfua {
        eprintln!("pdfua is not installed: `pip install pdfua` to run the PDF/UA-1 checks");
    }
    if !have_qpdf {
        eprintln!("qpdf is not installed: `apt-get install qpdf` to run its structural check");
    }
    println!("--pdf-standard {STANDARDS}, files in {}\n", dir.display());
    println!(
        "{:<34} {:>9} {:>9} {:>7}  {:>13}  {:>13}",
        "file", "default", STANDARDS, "added", "pdfua err/warn", "qpdf err/warn"
    );
    let mut failed = false;
    let mut notes = Vec::new();
    for f in FILES {
        let src = root.join("fixtures/igf2025").join(f);
        let stem = Path::new(f).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let plain: PathBuf = dir.join(format!("{stem}.default.pdf"));
        let claimed: PathBuf = dir.join(format!("{stem}.pdf"));
        let size0 = render(&bin, &src, &plain, None)?;
        let size1 = render(&bin, &src, &claimed, Some(STANDARDS))?;
        let mut cell = |v: Option<Result<Verdict>>, who: &str| -> String {
            match v {
                None => "not run".to_string(),
                Some(Err(e)) => {
                    failed = true;
                    notes.push(format!("{who} on {f}: {e:#}"));
                    "failed".to_string()
                }
                Some(Ok(v)) => {
                    failed |= v.errors > 0;
                    notes.push(format!("{who} on {f}: {}", v.summary));
                    format!("{}/{}", v.errors, v.warnings)
                }
            }
        };
        let ua = cell(have_pdfua.then(|| pdfua(&claimed)), "pdfua");
        let qp = cell(have_qpdf.then(|| qpdf(&claimed)), "qpdf");
        println!("{:<34} {:>9} {:>9} {:>+7}  {:>13}  {:>13}", f, size0, size1, size1 as i64 - size0 as i64, ua, qp);
    }
    println!();
    for n in notes {
        println!("  {n}");
    }
    if failed {
        bail!("a checker found errors");
    }
    Ok(())
}
