//! `cargo xtask typst-compare [--images] [--pages A-B]`: the report typeset by Typst beside
//! reportkit's own PDF of it, for judging reportkit's layout engine against a mature one.
//!
//! Why: `crates/pdf` breaks lines, hyphenates and makes pages itself. The figures of
//! `cargo xtask typography` say how often its lines are short, hyphenated or loose, but not
//! whether that is good; the same text typeset by Typst (a Knuth–Plass style paragraph
//! builder, TeX hyphenation patterns) on the same measure, in the same faces and size, gives
//! a reference to hold them against. This is a bench-side tool: it needs Python's `typst`
//! package and poppler's `pdftotext` and `pdftoppm`, and neither CI nor the tests run it.
//!
//! What it does:
//!
//! 1. reads `fixtures/igf2025/igf2025-summary-report.md` with `reportkit_parse::parse` and
//!    writes the document model as Typst markup (`target/typst-compare/report.typ`): a title
//!    page, a two-level contents, headings by section depth, paragraphs, inline styles, links,
//!    lists, quotes, tables, code, rules, and the footnotes as paragraphs at the end. Every
//!    piece of the source's text goes through [`escape`], so nothing in it is read as Typst
//!    markup;
//! 2. copies the DejaVu faces reportkit embeds (from the `dejavu` crate's sources in the cargo
//!    registry) to `target/typst-compare/fonts` and compiles with them only (no system fonts),
//!    in a fresh `python3` process per run, three runs, reporting the median compile time;
//! 3. renders reportkit's PDF of the same file with the release binary;
//! 4. measures both PDFs with the typography figures ([`crate::typography::measure_pdf`]) and
//!    prints them side by side;
//! 5. with `--images`, writes 70 dpi PNGs of pages 5–8 (or `--pages A-B`) of both to
//!    `docs/images/typst-compare/`.
//!
//! The page geometry and type follow reportkit's PDF (`crates/pdf`): A4, 96 pt side margins
//! (a 403 pt measure), 68 pt top and 82 pt bottom margins, DejaVu Serif 10 pt on a 14.2 pt line
//! pitch (1.42), 6 pt between paragraphs, DejaVu Sans Bold headings of 17, 13.5, 11.5 and
//! 10.5 pt, tables in DejaVu Sans and code in DejaVu Sans Mono, both 8.5 pt, a title page, a
//! running footer with the title and the page number. Everything else is left to Typst: its
//! line breaking, hyphenation (its own English patterns), page breaking, column widths. The
//! two PDFs' pages do not line up one for one: reportkit's has charts and a contents
//! pruned to fit two pages, Typst's neither.
//!
//! The two PDFs are measured by the same code, which reads only what `pdftotext` extracts.
//! Typst's PDF keeps a broken word's hyphen in the text (a soft hyphen, U+00AD) and its tail
//! on the next line, where reportkit's gives the head the whole word as `/ActualText`; the
//! typography measure recognises both.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use reportkit_model::{Alignment, Block, Document, Inline, Section};

use crate::typography;

/// The report both engines typeset.
const SOURCE: &str = "fixtures/igf2025/igf2025-summary-report.md";

/// The `dejavu` crate whose font files are copied (the version `crates/pdf` embeds).
const DEJAVU_CRATE: &str = "dejavu-2.37.0";

/// The faces reportkit's PDF embeds (`crates/pdf/src/fonts.rs`); Typst gets these and no
/// system fonts, so the text is set in the same faces (fonts built into the Typst module, if
/// any, can still serve glyphs DejaVu lacks).
const FACES: [&str; 8] = [
    "DejaVuSerif.ttf",
    "DejaVuSerif-Bold.ttf",
    "DejaVuSerif-Italic.ttf",
    "DejaVuSerif-BoldItalic.ttf",
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSansMono.ttf",
    "DejaVuSansMono-Bold.ttf",
];

/// How many times Typst compiles the report (the median is reported).
const RUNS: usize = 3;

/// The compile run in each `python3` process: argv is the source, the output PDF and the font
/// directory. Prints the seconds `typst.compile` took (the interpreter's start-up and the
/// module's import are not counted); Typst's warnings go to standard error. Exit status 3:
/// no `typst` module; 2: Typst reported errors (on standard error).
const PY_COMPILE: &str = r#"
import sys, time
try:
    import typst
except ImportError:
    sys.exit(3)
src, out, fonts = sys.argv[1:4]
compile_fn = getattr(typst, "compile_with_warnings", None)
start = time.perf_counter()
try:
    if compile_fn is None:
        typst.compile(src, output=out, font_paths=[fonts], ignore_system_fonts=True)
        warnings = []
    else:
        _, warnings = compile_fn(src, output=out, font_paths=[fonts], ignore_system_fonts=True)
except typst.TypstError as e:
    # The diagnostic (with the file, line and column) where the module gives it.
    print(getattr(e, "diagnostic", None) or e, file=sys.stderr)
    sys.exit(2)
took = time.perf_counter() - start
for w in warnings:
    print(getattr(w, "diagnostic", None) or "warning: %s" % w, file=sys.stderr)
print(took)
"#;

/// Command-line options.
struct Options {
    images: bool,
    pages: (usize, usize),
}

fn options(args: &[String]) -> Result<Options> {
    let mut o = Options { images: false, pages: (5, 8) };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--images" => o.images = true,
            "--pages" => {
                let r = it.next().context("--pages takes a range, such as 5-8")?;
                o.pages = page_range(r).with_context(|| format!("--pages {r}: expected A-B, 1 <= A <= B"))?;
            }
            other => bail!("unknown typst-compare option {other} (known: --images, --pages A-B)"),
        }
    }
    Ok(o)
}

/// `A-B` (or a single page `A`), 1-based, A <= B.
fn page_range(s: &str) -> Result<(usize, usize)> {
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    let (a, b): (usize, usize) = (a.trim().parse()?, b.trim().parse()?);
    if a == 0 || b < a {
        bail!("bad range");
    }
    Ok((a, b))
}

/// `cargo xtask typst-compare [--images] [--pages A-B]`.
pub fn run(root: &Path, args: &[String]) -> Result<()> {
    let opts = options(args)?;
    check_tools(opts.images)?;
    let dir = root.join("target/typst-compare");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;

    // The Typst source.
    let src = root.join(SOURCE);
    let bytes = std::fs::read(&src).with_context(|| format!("reading {}", src.display()))?;
    let docs = reportkit_parse::parse(SOURCE, &bytes, None).with_context(|| format!("parsing {SOURCE}"))?;
    let doc = docs.first().context("the report parsed to no document")?;
    let typ = dir.join("report.typ");
    std::fs::write(&typ, to_typst(doc)).with_context(|| format!("writing {}", typ.display()))?;

    // Typst's PDF, timed.
    let fonts = copy_fonts(&dir.join("fonts"))?;
    let typst_pdf = dir.join("typst.pdf");
    let mut times = Vec::new();
    for run in 0..RUNS {
        times.push(compile_typst(&typ, &typst_pdf, &fonts, run == 0)?);
    }
    let typst_time = median(&times);

    // reportkit's PDF, timed the same way (median of three, though as a whole process).
    let bin = reportkit_binary(root)?;
    let rk_pdf = dir.join("reportkit.pdf");
    let mut rk_times = Vec::new();
    for _ in 0..RUNS {
        rk_times.push(render_reportkit(root, &bin, &rk_pdf)?);
    }
    let rk_time = median(&rk_times);

    // The figures side by side.
    let rk = typography::measure_pdf(&rk_pdf)?;
    let ty = typography::measure_pdf(&typst_pdf)?;
    println!("{SOURCE}: {} (reportkit) and {} (Typst)\n", rel(root, &rk_pdf), rel(root, &typst_pdf));
    println!("{:<45}{:<28}typst", "figure", "reportkit");
    for ((label, a), (_, b)) in rk.rows().into_iter().zip(ty.rows()) {
        println!("{label:<45}{a:<28}{b}");
    }
    let secs = |ts: &[f64]| ts.iter().map(|t| format!("{t:.3}")).collect::<Vec<_>>().join(", ");
    println!(
        "\nTypst compile: {typst_time:.3} s (median of {RUNS} runs: {} s; typst.compile only, in a fresh python3 each)",
        secs(&times)
    );
    println!(
        "reportkit render: {rk_time:.3} s (median of {RUNS} runs: {} s; the whole process, parsing included; {} as built)",
        secs(&rk_times),
        rel(root, &bin)
    );
    println!("Typst source: {}", rel(root, &typ));

    if opts.images {
        let out = root.join("docs/images/typst-compare");
        std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
        println!("\npage images (70 dpi):");
        for (name, pdf, pages) in [("reportkit", &rk_pdf, rk.pages()), ("typst", &typst_pdf, ty.pages())] {
            for p in opts.pages.0..=opts.pages.1 {
                if p > pages {
                    println!("  {name}: no page {p} (the PDF has {pages})");
                    continue;
                }
                let png = page_image(pdf, p, &out.join(format!("{name}-p{p}")))?;
                println!("  {}", rel(root, &png));
            }
        }
    }
    Ok(())
}

/// `path` relative to the workspace root where it lies inside it.
fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Whether `cmd args` can be started and exits with status 0.
fn runs_ok(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd).args(args).output().is_ok_and(|o| o.status.success())
}

/// The tools this command needs, each with how to get it when it is missing.
fn check_tools(images: bool) -> Result<()> {
    let mut missing = Vec::new();
    if !runs_ok("python3", &["--version"]) {
        missing.push("python3 is not installed (needed to run Typst through its Python package)".to_string());
    } else if !runs_ok("python3", &["-c", "import typst"]) {
        missing.push("the Python module `typst` is missing: `python3 -m pip install typst`".to_string());
    }
    if !runs_ok("pdftotext", &["-v"]) {
        missing.push("pdftotext is not installed: `apt-get install poppler-utils`".to_string());
    }
    if images && !runs_ok("pdftoppm", &["-v"]) {
        missing.push("pdftoppm is not installed (needed for --images): `apt-get install poppler-utils`".to_string());
    }
    if !missing.is_empty() {
        bail!("cannot compare with Typst:\n  {}", missing.join("\n  "));
    }
    Ok(())
}

/// The directory of the DejaVu TTFs in the `dejavu` crate's sources in the cargo registry
/// (`$CARGO_HOME/registry/src/<index>/dejavu-2.37.0/assets/<fonts>/ttf`).
fn dejavu_dir() -> Result<PathBuf> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .context("neither CARGO_HOME nor HOME is set")?;
    let registry = cargo_home.join("registry/src");
    let entries = std::fs::read_dir(&registry).with_context(|| format!("reading {}", registry.display()))?;
    for index in entries.flatten() {
        let assets = index.path().join(DEJAVU_CRATE).join("assets");
        let Ok(sets) = std::fs::read_dir(&assets) else { continue };
        for set in sets.flatten() {
            let ttf = set.path().join("ttf");
            if ttf.join(FACES[0]).is_file() {
                return Ok(ttf);
            }
        }
    }
    bail!(
        "no {DEJAVU_CRATE} sources under {}: `cargo fetch` brings them (crates/pdf depends on the crate)",
        registry.display()
    )
}

/// Copy [`FACES`] into `dir` (emptied first, so that Typst sees these faces only).
fn copy_fonts(dir: &Path) -> Result<PathBuf> {
    let from = dejavu_dir()?;
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("emptying {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for face in FACES {
        std::fs::copy(from.join(face), dir.join(face)).with_context(|| format!("copying {face}"))?;
    }
    Ok(dir.to_path_buf())
}

/// Compile `typ` to `pdf` in a fresh `python3` (no in-process cache carried between runs);
/// the seconds `typst.compile` took. Typst's warnings are shown on the first run only.
fn compile_typst(typ: &Path, pdf: &Path, fonts: &Path, show_warnings: bool) -> Result<f64> {
    let out = Command::new("python3")
        .args(["-c", PY_COMPILE])
        .arg(typ)
        .arg(pdf)
        .arg(fonts)
        .output()
        .context("running python3")?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(0) => {}
        Some(3) => bail!("the Python module `typst` is missing: `python3 -m pip install typst`"),
        Some(2) => bail!("Typst could not compile {}:\n{stderr}", typ.display()),
        _ => bail!("python3 failed compiling {} ({}):\n{stderr}", typ.display(), out.status),
    }
    if show_warnings && !stderr.trim().is_empty() {
        eprintln!("Typst:\n{}", stderr.trim_end());
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    stdout.trim().parse().with_context(|| format!("reading the compile time from python3's output {stdout:?}"))
}

/// The release binary, built first when it is missing (an existing one is used as it is:
/// `cargo build --release -p reportkit` refreshes it).
fn reportkit_binary(root: &Path) -> Result<PathBuf> {
    let bin = root.join("target/release/reportkit");
    if !bin.is_file() {
        let st = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "--release", "--locked", "-p", "reportkit"])
            .current_dir(root)
            .status()
            .context("running cargo build")?;
        if !st.success() {
            bail!("cargo build --release -p reportkit failed");
        }
    }
    Ok(bin)
}

/// `reportkit render SOURCE --to pdf -o PDF`; the seconds it took.
fn render_reportkit(root: &Path, bin: &Path, pdf: &Path) -> Result<f64> {
    let start = Instant::now();
    let out = Command::new(bin)
        .args(["render", SOURCE, "--to", "pdf", "-o"])
        .arg(pdf)
        .current_dir(root)
        .output()
        .with_context(|| format!("running {}", bin.display()))?;
    let took = start.elapsed().as_secs_f64();
    if !out.status.success() {
        bail!("reportkit render {SOURCE} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(took)
}

/// Page `page` of `pdf` as a 70 dpi PNG at `stem`.png.
fn page_image(pdf: &Path, page: usize, stem: &Path) -> Result<PathBuf> {
    let p = page.to_string();
    let out = Command::new("pdftoppm")
        .args(["-r", "70", "-png", "-singlefile", "-f", &p, "-l", &p])
        .arg(pdf)
        .arg(stem)
        .output()
        .context("running pdftoppm")?;
    if !out.status.success() {
        bail!("pdftoppm failed on page {page} of {}: {}", pdf.display(), String::from_utf8_lossy(&out.stderr));
    }
    Ok(stem.with_extension("png"))
}

// ---------------------------------------------------------------------------------------------
// The document model as Typst markup.
// ---------------------------------------------------------------------------------------------

/// The set rules: reportkit's page, faces, sizes and spacing (see the module comment).
///
/// Line pitch: Typst's `leading` is the gap from one line's bottom edge (the baseline) to the
/// next line's top edge (the cap height). DejaVu's OS/2 table (version 1) has no cap height,
/// so Typst takes the ascender, 1556/2048 em = 0.76 em; a 0.66 em leading gives 1.42 em
/// (14.2 pt) from baseline to baseline, reportkit's pitch. Paragraph spacing is measured the
/// same way: 0.66 em + 6 pt = 12.6 pt, reportkit's 6 pt between paragraphs; list items,
/// tight or not, 3 pt apart (9.6 pt), marked `•` and, nested, `◦`, as reportkit sets them.
const PREAMBLE: &str = r#"#set page(paper: "a4", margin: (left: 96pt, right: 96pt, top: 68pt, bottom: 82pt))
#set text(font: "DejaVu Serif", size: 10pt, lang: "en", hyphenate: true)
#set par(justify: true, leading: 0.66em, spacing: 12.6pt)
#show heading: set text(font: "DejaVu Sans", weight: "bold", hyphenate: false)
#show heading: set par(justify: false, leading: 0.5em)
#show heading.where(level: 1): set text(size: 17pt)
#show heading.where(level: 1): set block(above: 24pt, below: 10pt)
#show heading.where(level: 2): set text(size: 13.5pt)
#show heading.where(level: 2): set block(above: 18pt, below: 9pt)
#show heading.where(level: 3): set text(size: 11.5pt)
#show heading.where(level: 3): set block(above: 14pt, below: 8pt)
#show heading.where(level: 4): set text(size: 10.5pt)
#show heading.where(level: 4): set block(above: 12pt, below: 7pt)
#show heading.where(level: 5): set text(size: 10.5pt)
#show heading.where(level: 6): set text(size: 10.5pt)
#show raw: set text(font: "DejaVu Sans Mono")
#show raw.where(block: false): set text(size: 1.125em)
#show raw.where(block: true): set text(size: 1.0625em)
#show raw.where(block: true): set par(justify: false)
#show link: set text(fill: rgb(5%, 22%, 55%))
#show quote.where(block: true): set text(style: "italic")
#show quote.where(block: true): set par(justify: false)
#set list(marker: ([•], [◦]), indent: 5pt, body-indent: 5pt, spacing: 9.6pt)
#set enum(indent: 0pt, body-indent: 5pt, spacing: 9.6pt)
#set table(stroke: (x: none, y: 0.4pt + luma(60%)), inset: (x: 4pt, y: 3pt))
#show table: set text(font: "DejaVu Sans", size: 8.5pt)
#show table: set par(justify: false)
"#;

/// The whole Typst source for `doc`.
pub fn to_typst(doc: &Document) -> String {
    let title = if doc.title.trim().is_empty() { doc.id.as_str() } else { doc.title.trim() };
    let mut out = String::from("// Written by `cargo xtask typst-compare` from ");
    out.push_str(&doc.source.path.replace(['\n', '\r'], " "));
    out.push_str("; do not edit.\n");
    out.push_str(PREAMBLE);
    // The running footer: the title and "page / pages", on every page but the title page.
    let _ = writeln!(
        out,
        "#set page(footer: context if counter(page).get().first() > 1 {{\n  \
         set text(font: \"DejaVu Sans\", size: 8pt, fill: luma(40%), hyphenate: false)\n  \
         line(length: 100%, stroke: 0.4pt + luma(70%))\n  \
         v(-6pt)\n  \
         grid(columns: (1fr, auto), [{}], [#counter(page).get().first() \\/ #counter(page).final().first()])\n}})",
        escape(title)
    );
    // The title page.
    out.push_str("#page[\n#v(26%)\n#line(length: 25%, stroke: 4pt + rgb(22%, 42%, 66%))\n#v(14pt)\n");
    let _ = writeln!(
        out,
        "#par(justify: false, leading: 0.45em)[#text(font: \"DejaVu Sans\", weight: \"bold\", size: 26pt, \
         hyphenate: false)[{}]]",
        escape(title)
    );
    let facts: Vec<String> = doc
        .metadata
        .event_dates
        .as_ref()
        .and_then(|d| reportkit_text::dates::human_range(&d.start, &d.end))
        .into_iter()
        .chain(doc.metadata.place.clone())
        .map(|s| escape(&s))
        .collect();
    if !facts.is_empty() {
        let _ = writeln!(
            out,
            "#v(10pt)\n#text(font: \"DejaVu Sans\", size: 9pt, fill: luma(40%))[{}]",
            facts.join(" #linebreak(); ")
        );
    }
    out.push_str("]\n\n#outline(title: [Contents], depth: 2)\n#pagebreak()\n\n");

    let mut notes = Vec::new();
    blocks(&doc.blocks, &mut out, &mut notes);
    sections(&doc.sections, 1, &mut out, &mut notes);
    for a in &doc.articles {
        let _ = writeln!(out, "= {}\n", escape(&a.headline));
        blocks(&a.blocks, &mut out, &mut notes);
        sections(&a.sections, 2, &mut out, &mut notes);
    }
    // Footnotes, set together at the end as reportkit does: a short rule, then each note's
    // label and text as small paragraphs.
    if !notes.is_empty() {
        out.push_str("#line(length: 25%, stroke: 0.6pt + luma(60%))\n\n#[\n#set text(size: 8.5pt)\n\n");
        for (label, body) in notes {
            let mut note = String::new();
            let mut inner = Vec::new();
            blocks(&body, &mut note, &mut inner);
            let _ = write!(out, "{}\\. {}\n\n", escape(&label), note.trim());
        }
        out.push_str("]\n");
    }
    out
}

/// Sections at heading level `level` (1: `=`), each heading then its blocks then its children.
fn sections(secs: &[Section], level: usize, out: &mut String, notes: &mut Vec<(String, Vec<Block>)>) {
    for s in secs {
        let title = inlines(&s.title);
        if !title.trim().is_empty() {
            let _ = writeln!(out, "{} {}\n", "=".repeat(level.min(6)), title.trim());
        }
        blocks(&s.blocks, out, notes);
        sections(&s.children, level + 1, out, notes);
    }
}

/// Blocks, each followed by a blank line (a paragraph break in Typst). Footnote definitions
/// are collected into `notes` instead.
fn blocks(bs: &[Block], out: &mut String, notes: &mut Vec<(String, Vec<Block>)>) {
    for b in bs {
        let start = out.len();
        block(b, out, notes);
        if out.len() > start {
            out.push_str("\n\n");
        }
    }
}

/// Blocks as the body of a content block `[...]`. In a tight list item they are parted by a
/// line break only, not a blank line (a paragraph break, which would set the item's text
/// apart from a list nested in it), except between two blocks of text, which a line break
/// alone would join into one paragraph.
fn content(bs: &[Block], tight: bool, notes: &mut Vec<(String, Vec<Block>)>) -> String {
    let text = |b: &Block| matches!(b, Block::Paragraph { .. } | Block::Heading { .. });
    let mut out = String::new();
    let mut prev: Option<&Block> = None;
    for b in bs {
        let mut s = String::new();
        block(b, &mut s, notes);
        if s.is_empty() {
            continue;
        }
        if let Some(p) = prev {
            out.push_str(if tight && !(text(p) && text(b)) { "\n" } else { "\n\n" });
        }
        out.push_str(&s);
        prev = Some(b);
    }
    out
}

fn block(b: &Block, out: &mut String, notes: &mut Vec<(String, Vec<Block>)>) {
    match b {
        Block::Paragraph { content, .. } => out.push_str(inlines(content).trim()),
        Block::Heading { content, .. } => {
            // A heading inside a quote or list item: a bold paragraph, as reportkit sets it.
            let _ = write!(out, "#strong[{}];", inlines(content).trim());
        }
        Block::List { ordered, start, tight, items, .. } => {
            if *ordered {
                let _ = write!(out, "#enum(start: {}, tight: {tight}", start.unwrap_or(1));
            } else {
                let _ = write!(out, "#list(tight: {tight}");
            }
            for item in items {
                let boxed = match item.checked {
                    Some(true) => "☑ ",
                    Some(false) => "☐ ",
                    None => "",
                };
                let _ = write!(out, ",\n  [{boxed}{}]", content(&item.blocks, *tight, notes));
            }
            out.push_str(",\n);");
        }
        Block::Quote { blocks: inner, attribution, .. } => {
            out.push_str("#quote(block: true");
            if let Some(a) = attribution {
                let mut who = inlines(&a.name).trim().to_string();
                for r in &a.roles {
                    who.push_str(" #linebreak(); ");
                    who.push_str(inlines(r).trim());
                }
                let _ = write!(out, ", attribution: [{who}]");
            }
            let _ = write!(out, ")[{}];", content(inner, false, notes));
        }
        Block::Table { alignments, header, rows, .. } => {
            let n = alignments.len().max(header.cells.len()).max(rows.iter().map(|r| r.cells.len()).max().unwrap_or(0));
            if n == 0 {
                return;
            }
            let aligns: Vec<&str> = (0..n)
                .map(|i| match alignments.get(i) {
                    Some(Alignment::Left) => "left",
                    Some(Alignment::Center) => "center",
                    Some(Alignment::Right) => "right",
                    Some(Alignment::None) | None => "auto",
                })
                .collect();
            let _ = write!(out, "#table(\n  columns: {n},\n  align: ({},),\n", aligns.join(", "));
            // A header of empty cells (`|   |   |`) is no header.
            let cell = |cells: &[Vec<Inline>], i: usize| cells.get(i).map(|c| inlines(c)).unwrap_or_default();
            if header.cells.iter().any(|c| !inlines(c).trim().is_empty()) {
                let hs: Vec<String> = (0..n).map(|i| format!("[#strong[{}]]", cell(&header.cells, i).trim())).collect();
                let _ = writeln!(out, "  table.header({}),", hs.join(", "));
            }
            for r in rows {
                // A row of nothing but dashes is a rule, as reportkit draws it.
                let dashes = |c: &Vec<Inline>| reportkit_model::inline_text(c).trim().chars().all(|ch| ch == '-');
                if r.cells.iter().all(dashes)
                    && r.cells.iter().any(|c| !reportkit_model::inline_text(c).trim().is_empty())
                {
                    out.push_str("  table.hline(),\n");
                    continue;
                }
                let cs: Vec<String> = (0..n).map(|i| format!("[{}]", cell(&r.cells, i).trim())).collect();
                let _ = writeln!(out, "  {},", cs.join(", "));
            }
            out.push_str(");");
        }
        Block::Code { info, text, .. } => {
            let lang = info.split_whitespace().next().unwrap_or("");
            out.push_str("#raw(block: true, ");
            if !lang.is_empty() {
                let _ = write!(out, "lang: {}, ", string(lang));
            }
            let _ = write!(out, "{});", string(text.trim_end_matches('\n')));
        }
        // Block HTML is shown verbatim, preformatted, as reportkit does.
        Block::Html { html, .. } => {
            let _ = write!(out, "#raw(block: true, {});", string(html.trim_end_matches('\n')));
        }
        Block::ThematicBreak { .. } => out.push_str("#line(length: 33%)"),
        Block::FootnoteDefinition { label, blocks, .. } => notes.push((label.clone(), blocks.clone())),
    }
}

/// Inline content as Typst markup on one line. Styled content is written with function calls
/// (`#emph[...]`) rather than `_..._`, which Typst does not read inside a word; each call ends
/// with `;`, so that text after it starting with `(`, `[` or `.` is not read as more of it.
fn inlines(xs: &[Inline]) -> String {
    let mut out = String::new();
    for x in xs {
        match x {
            Inline::Text { text } => out.push_str(&escape(text)),
            Inline::Emphasis { children } => call(&mut out, "emph", children),
            Inline::Strong { children } => call(&mut out, "strong", children),
            Inline::Strikethrough { children } => call(&mut out, "strike", children),
            Inline::Superscript { children } => call(&mut out, "super", children),
            Inline::Subscript { children } => call(&mut out, "sub", children),
            Inline::Link { url, children, .. } => {
                let text = if children.is_empty() { escape(url) } else { inlines(children) };
                if is_absolute_url(url) {
                    let _ = write!(out, "#link({})[{text}];", string(url));
                } else {
                    out.push_str(&text);
                }
            }
            // An image's text alternative (or its address), in grey italics as reportkit sets it.
            Inline::Image { url, alt, .. } => {
                let text = if alt.is_empty() { escape(url) } else { inlines(alt) };
                let _ = write!(out, "#text(fill: luma(40%), style: \"italic\")[{text}];");
            }
            Inline::Code { text } => {
                let _ = write!(out, "#raw({});", string(text));
            }
            Inline::HardBreak => out.push_str("#linebreak();"),
            Inline::SoftBreak => out.push(' '),
            Inline::Html { html } => {
                let _ = write!(out, "#text(fill: luma(40%))[{}];", escape(html));
            }
            Inline::FootnoteReference { label } => {
                let _ = write!(out, "#super[{}];", escape(label));
            }
        }
    }
    out
}

/// `#name[children];`
fn call(out: &mut String, name: &str, children: &[Inline]) {
    let _ = write!(out, "#{name}[{}];", inlines(children));
}

/// Whether a link target is an absolute URL (a scheme, then a colon), rather than an anchor
/// or a relative path, which have no meaning in the PDF.
fn is_absolute_url(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once(':') else { return false };
    let mut cs = scheme.chars();
    cs.next().is_some_and(|c| c.is_ascii_alphabetic())
        && cs.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !url.contains(char::is_whitespace)
}

/// Text as Typst markup that reads back as exactly this text.
///
/// Typst's markup gives meaning to many ASCII characters: `\` escapes, `#` code, `*` and `_`
/// strong and emphasis, `$` maths, `@` references, `<` `>` labels, `[` `]` content, `` ` ``
/// raw, `~` a no-break space, `=` headings, `-` and `+` list items, `/` term items and
/// comments (`//`, `/*`), `'` and `"` smart quotes, `--`, `---`, `...` and `-?` shorthands, a
/// `-` before a digit a minus sign, `1.` an enumeration, `http://` a link, and `{` `}` code
/// blocks inside `#` expressions. A backslash before any of them makes it a literal character
/// wherever it stands, so they are escaped wherever they stand, not only where they would
/// have a meaning (a line start, a word boundary): that is simpler to get right, and costs
/// only bytes. A `.` is escaped after a digit (an enumeration marker) and before another `.`
/// (an ellipsis). Line breaks and tabs become spaces: a line break in text would start a new
/// line, where list and heading markers are read, and two would end the paragraph.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut prev = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '#' | '*' | '_' | '$' | '@' | '<' | '>' | '[' | ']' | '`' | '~' | '=' | '-' | '+' | '/' | '\''
            | '"' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '.' if prev.is_some_and(|p: char| p.is_ascii_digit()) || chars.peek() == Some(&'.') => out.push_str("\\."),
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
        prev = Some(c);
    }
    out
}

/// A Typst string literal.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(escape("a*b_c #x $1 @ref <l> [x] `c` ~ = - + //"), {
            r"a\*b\_c \#x \$1 \@ref \<l\> \[x\] \`c\` \~ \= \- \+ \/\/"
        });
        assert_eq!(escape("1. Item... 3.5 end."), r"1\. Item\.\.. 3\.5 end.");
        assert_eq!(escape("it's \"so\"\nnext\\"), r#"it\'s \"so\" next\\"#);
    }

    #[test]
    fn strings_and_urls() {
        assert_eq!(string("a\"b\\c\n"), r#""a\"b\\c\n""#);
        assert!(is_absolute_url("https://example.org/x"));
        assert!(is_absolute_url("mailto:a@b.org"));
        assert!(!is_absolute_url("#section"));
        assert!(!is_absolute_url("docs/file.md"));
    }

    #[test]
    fn the_model_is_written_as_typst_markup() {
        let md = "# Top\n\nSome *text*, a [link](https://example.org) and [an anchor](#top).[^n]\n\n\
                  - one\n  1. nested\n- two\n\n> quoted\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n| - | -- |\n\n\
                  ```sh\necho \"hi\"\n```\n\n---\n\n## Sub\n\n[^n]: The note.\n";
        let docs = reportkit_parse::parse("t.md", md.as_bytes(), None).unwrap();
        let t = to_typst(&docs[0]);
        let body = &t[t.find("#pagebreak()").unwrap()..];
        let expected = [
            "= Top\n",
            "Some #emph[text];, a #link(\"https://example.org\")[link]; and an anchor.#super[n];\n",
            // A tight item's text and the list nested in it, parted by a line break only.
            "#list(tight: true,\n  [one\n#enum(start: 1, tight: true,\n  [nested],\n);],\n  [two],\n);",
            "#quote(block: true)[quoted];",
            "columns: 2,\n  align: (auto, right,),\n  table.header([#strong[a]], [#strong[b]]),\n  [1], [2],\n  table.hline(),\n);",
            "#raw(block: true, lang: \"sh\", \"echo \\\"hi\\\"\");",
            "#line(length: 33%)",
            "== Sub\n",
            // The note, at the end.
            "n\\. The note.\n",
        ];
        let mut at = 0;
        for e in expected {
            let found = body[at..].find(e).unwrap_or_else(|| panic!("{e:?} not found after byte {at} of:\n{body}"));
            at += found + e.len();
        }
    }
}
