//! Project chores: `cargo xtask schemas`, `cargo xtask bench`, `cargo xtask scale`,
//! `cargo xtask commonmark-spec`, `cargo xtask roundtrip`, `cargo xtask fuzz`,
//! `cargo xtask typography`, `cargo xtask typst-compare`,
//! `cargo xtask pdf-standards`.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

mod bench;
mod fuzz;
mod pdf_standards;
mod roundtrip;
mod spec;
mod typography;
mod typst_compare;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("schemas") => schemas(),
        Some("bench") => bench::run(&root(), &args[1..]),
        Some("commonmark-spec") => spec::run(&args[1..]),
        Some("roundtrip") => roundtrip::run(&args[1..]),
        Some("fuzz") => fuzz::run(&root(), &args[1..]),
        Some("typography") => typography::run(&args[1..]),
        Some("typst-compare") => typst_compare::run(&root(), &args[1..]),
        Some("pdf-standards") => pdf_standards::run(&root()),
        Some("scale") => {
            let n: usize = args.get(1).map(|s| s.parse()).transpose()?.unwrap_or(100);
            let out = bench::scaled_report(&root(), n)?;
            println!("{}", out.display());
            Ok(())
        }
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n  schemas      regenerate schemas/*.schema.json from the model types\n  bench        build release binaries and time them against comrak/pandoc (`--filter server`: the language server's latency and memory)\n  scale [N]    write the report concatenated N times (default 100) under target/scaled/\n  commonmark-spec SPEC  run the CommonMark spec examples through the Markdown writer\n  roundtrip DIR [--limit N] [--verbose]  real .md files through reader and writer: same HTML, idempotent\n  fuzz [--seconds N] [TARGET...]  run the cargo-fuzz targets of fuzz/ (stable, no sanitizer)\n  typography PDF [--list]  typesetting figures of a PDF (short lines, hyphens, word gaps...)\n  typst-compare [--images] [--pages A-B]  the report typeset by Typst beside reportkit's PDF: typography figures of both, compile times, page images\n  pdf-standards  render three fixtures with --pdf-standard ua-1,a-2u and run pdfua and qpdf --check on them"
            );
            bail!("no command given")
        }
    }
}

fn schemas() -> Result<()> {
    let dir = root().join("schemas");
    std::fs::create_dir_all(&dir)?;
    let schemas = [
        ("document.schema.json", reportkit_schema::generate_document_schema()),
        ("findings.schema.json", reportkit_check::findings_schema()),
        ("diff.schema.json", reportkit_schema::generate_diff_schema()),
    ];
    for (name, schema) in schemas {
        let path = dir.join(name);
        std::fs::write(&path, reportkit_schema::schema_text(&schema))
            .with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
