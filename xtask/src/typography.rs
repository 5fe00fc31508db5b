//! `cargo xtask typography PDF`: the typesetting figures of a PDF, read from the word boxes
//! `pdftotext -bbox-layout` gives (poppler's pdftotext must be installed).
//!
//! What is measured, and how it is recognised from the boxes alone:
//!
//! - body lines: lines whose height is the most common line height (the body size);
//! - paragraphs: body lines one leading apart on a page (two leadings apart when a line
//!   holding only the tail of a broken word lies between: reportkit gives a broken word's head
//!   the whole word as `/ActualText`, so pdftotext shows no tail); a paragraph is justified
//!   when one of its lines before the last reaches the right margin;
//! - a line ends inside a word when the next line of its paragraph starts to the right of the
//!   paragraph's left edge (its tail is drawn there but not extracted); it ends with a hyphen
//!   unless the word holds a dash or a slash (then it broke after that);
//! - a paragraph's last line is a word's tail when the paragraph's last extracted line is
//!   flush with the margin and the next paragraph starts one leading further down than
//!   paragraphs usually do (the tail-only line lies between);
//! - a word is split across a page turn when a page's last body line is flush with the margin
//!   and the next page's first body line starts right of its paragraph's edge;
//! - a heading ends a page when the page's last line (above the footer) is taller than a body
//!   line;
//! - word gaps: the spaces between the words of non-final lines of justified paragraphs; the
//!   natural space is the most common gap of final lines.
//!
//! Contents pages (most lines ending in a page number at the margin) and the title page are
//! left out.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

#[derive(Debug, Clone)]
struct Word {
    x0: f64,
    x1: f64,
    text: String,
}

#[derive(Debug, Clone)]
struct Line {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    words: Vec<Word>,
}

impl Line {
    fn height(&self) -> f64 {
        self.y1 - self.y0
    }
    fn text(&self) -> String {
        self.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
    }
}

fn attr(tag: &str, name: &str) -> Option<f64> {
    let key = format!("{name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = tag[at..].find('"')? + at;
    tag[at..end].parse().ok()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// Pages of lines from `pdftotext -bbox-layout` output.
fn parse(html: &str) -> Vec<Vec<Line>> {
    let mut pages: Vec<Vec<Line>> = Vec::new();
    for raw in html.lines() {
        let t = raw.trim();
        if t.starts_with("<page ") {
            pages.push(Vec::new());
        } else if t.starts_with("<line ") {
            let (Some(x0), Some(y0), Some(x1), Some(y1)) =
                (attr(t, "xMin"), attr(t, "yMin"), attr(t, "xMax"), attr(t, "yMax"))
            else {
                continue;
            };
            if let Some(p) = pages.last_mut() {
                p.push(Line { x0, y0, x1, y1, words: Vec::new() });
            }
        } else if t.starts_with("<word ") {
            let (Some(x0), Some(x1)) = (attr(t, "xMin"), attr(t, "xMax")) else { continue };
            let text = t.split_once('>').map(|(_, r)| r.trim_end_matches("</word>")).unwrap_or("");
            if let Some(l) = pages.last_mut().and_then(|p| p.last_mut()) {
                l.words.push(Word { x0, x1, text: unescape(text) });
            }
        }
    }
    pages
}

/// The most common value of `xs` rounded to `step`.
fn mode(xs: impl Iterator<Item = f64>, step: f64) -> Option<f64> {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for x in xs {
        *counts.entry((x / step).round() as i64).or_default() += 1;
    }
    counts.into_iter().max_by_key(|&(k, n)| (n, -k)).map(|(k, _)| k as f64 * step)
}

fn median(mut xs: Vec<f64>) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// A list marker opening a line (`•`, `◦`, `3.`, a checkbox).
fn is_marker(w: &str) -> bool {
    matches!(w, "•" | "◦" | "☐" | "☑")
        || (w.ends_with('.') && w.len() > 1 && w[..w.len() - 1].chars().all(|c| c.is_ascii_digit()))
}

/// Where a line's text starts (after a list marker).
fn text_start(l: &Line) -> f64 {
    match l.words.as_slice() {
        [m, second, ..] if is_marker(&m.text) => second.x0,
        [first, ..] => first.x0,
        [] => l.x0,
    }
}

/// Whether a line ends with the head of a broken word that keeps its hyphen in the text, as
/// PDFs without reportkit's whole-word `/ActualText` show it (Typst's: the head then a soft
/// hyphen, U+00AD, or a hyphen the word holds); the tail starts the next line at the edge.
fn kept_hyphen(l: &Line) -> bool {
    l.words.last().is_some_and(|w| w.text.ends_with('\u{ad}') || (w.text.len() > 1 && w.text.ends_with('-')))
}

/// The figures of one PDF.
#[derive(Debug, Default)]
pub struct Figures {
    pages: usize,
    body_lines: usize,
    short_lines: Vec<(usize, String, f64)>,
    page_turn_splits: Vec<(usize, String)>,
    tail_last_lines: Vec<(usize, String)>,
    heading_ends: Vec<(usize, String)>,
    hyphen_ends: usize,
    max_hyphen_run: usize,
    hyphen_runs_of_three: usize,
    natural_space: f64,
    median_gap: f64,
    loose_lines: Vec<(usize, String, f64)>,
}

/// Measure the output of `pdftotext -bbox-layout`.
fn measure(html: &str) -> Result<Figures> {
    let pages = parse(html);
    let mut f = Figures { pages: pages.len(), ..Figures::default() };
    let all = || pages.iter().flatten();
    let body_h = mode(all().filter(|l| l.words.len() >= 4).map(Line::height), 0.05).context("no text lines")?;
    let is_body = |l: &Line| (l.height() - body_h).abs() < 0.06 && !l.words.is_empty();
    // The footer: the lowest line of most pages, always at the same height.
    let footer_y = mode(pages.iter().filter_map(|p| p.iter().map(|l| l.y0).max_by(f64::total_cmp)), 0.5);
    let content = |p: &Vec<Line>| -> Vec<Line> {
        p.iter().filter(|l| footer_y.is_none_or(|fy| (l.y0 - fy).abs() > 1.0)).cloned().collect()
    };
    let right = mode(all().filter(|l| is_body(l)).map(|l| l.x1), 0.1).context("no body lines")?;
    let right = median(all().filter(|l| is_body(l) && (l.x1 - right).abs() < 0.2).map(|l| l.x1).collect());
    let reaches = |l: &Line| l.x1 >= right - 0.6;
    // Set flush with the margin (justified), not merely close to it (a full last line).
    let flush = |l: &Line| (l.x1 - right).abs() < 0.6;
    // Contents pages: most lines end with a page number at the margin.
    let is_contents = |p: &Vec<Line>| {
        let numbered = p
            .iter()
            .filter(|l| {
                // (Typst's contents lines end in one word ". \u{2060}4": a leader dot, a word
                // joiner, the page number.)
                let number = |w: &Word| {
                    let n = w.text.rsplit_once('\u{2060}').map_or(w.text.as_str(), |(_, n)| n);
                    n.chars().all(|c| c.is_ascii_digit())
                };
                reaches(l) && l.words.last().is_some_and(number)
            })
            .count();
        numbered * 2 > p.len().max(1)
    };
    let leading = mode(
        pages.iter().flat_map(|p| {
            let body: Vec<&Line> = p.iter().filter(|l| is_body(l)).collect();
            body.windows(2).map(|w| w[1].y0 - w[0].y0).filter(|d| *d > 0.0).collect::<Vec<_>>()
        }),
        0.05,
    )
    .context("no leading")?;
    // The step from a paragraph's last line to the next paragraph's first.
    let para_step = mode(
        pages.iter().flat_map(|p| {
            let body: Vec<&Line> = p.iter().filter(|l| is_body(l)).collect();
            body.windows(2)
                .map(|w| w[1].y0 - w[0].y0)
                .filter(|d| *d > leading + 1.0 && *d < 2.0 * leading - 1.0)
                .collect::<Vec<_>>()
        }),
        0.05,
    )
    .unwrap_or(f64::NAN);
    let mut final_gaps = Vec::new();
    let mut gaps = Vec::new();
    // Per non-final line: (page, text, mean gap).
    let mut line_gaps: Vec<(usize, String, f64)> = Vec::new();
    let mut hyphen_flags: Vec<bool> = Vec::new();
    // The previous page's last body line, when it reaches the margin.
    let mut pending_turn: Option<(usize, String)> = None;
    for (pi, page) in pages.iter().enumerate() {
        let pno = pi + 1;
        if pi == 0 || is_contents(page) {
            continue;
        }
        let lines = content(page);
        if let Some(last) = lines.last() {
            if last.height() > body_h + 0.25 && !is_body(last) {
                f.heading_ends.push((pno, last.text()));
            }
        }
        let body: Vec<&Line> = lines.iter().filter(|l| is_body(l)).collect();
        f.body_lines += body.len();
        // Paragraphs: runs of body lines one leading apart (two: a tail-only line between).
        let mut paras: Vec<Vec<&Line>> = Vec::new();
        for l in &body {
            let joined = paras.last().and_then(|p| p.last()).is_some_and(|prev| {
                let d = l.y0 - prev.y0;
                (d - leading).abs() < 0.6 || (d - 2.0 * leading).abs() < 0.6
            });
            match paras.last_mut() {
                Some(p) if joined => p.push(l),
                _ => paras.push(vec![l]),
            }
        }
        let npar = paras.len();
        for (k, para) in paras.iter().enumerate() {
            let last_on_page = k + 1 == npar;
            let first_on_page = k == 0;
            let edge = para.iter().skip(1).map(|l| l.x0).fold(text_start(para[0]), f64::min);
            // A tail-started first line on this page: a word split across the page turn.
            if first_on_page {
                if let Some((prev_page, text)) = pending_turn.take() {
                    let edge_here = if para.len() > 1 { edge } else { para[0].x0.min(72.0) };
                    if para[0].x0 > edge_here + 0.5 && para.len() > 1 {
                        f.page_turn_splits.push((prev_page, text));
                    }
                }
            }
            let justified = para.len() >= 2 && para[..para.len() - 1].iter().any(|l| reaches(l));
            if !justified {
                continue;
            }
            for (i, l) in para.iter().enumerate() {
                let is_last = i + 1 == para.len();
                // Continued on the next page: its last line here is not final.
                let is_final = is_last && !(last_on_page && (flush(l) || kept_hyphen(l)));
                let next = para.get(i + 1);
                let broken = match next {
                    Some(n) => n.x0 > edge + 0.5 || (n.y0 - l.y0 - 2.0 * leading).abs() < 0.6 || kept_hyphen(l),
                    None => false,
                };
                let word = l.words.last().map(|w| w.text.as_str()).unwrap_or("");
                let hyphen = broken && !word.contains(['—', '–', '/']);
                if !is_final {
                    hyphen_flags.push(hyphen);
                }
                // A line holding only a tail is missing before the next paragraph.
                let next_para = paras.get(k + 1).map(|p| p[0].y0 - l.y0);
                // (Or, where tails are extracted, the last line is one word after a kept hyphen.)
                let tail_shown = i > 0 && l.words.len() == 1 && kept_hyphen(para[i - 1]);
                if is_last
                    && (tail_shown || flush(l) && next_para.is_some_and(|d| (d - para_step - leading).abs() < 0.6))
                {
                    f.tail_last_lines.push((pno, l.text()));
                }
                let ws: Vec<f64> = l.words.windows(2).map(|w| w[1].x0 - w[0].x1).collect();
                if is_final {
                    final_gaps.extend(ws);
                } else {
                    if !reaches(l) {
                        f.short_lines.push((pno, l.text(), right - l.x1));
                    }
                    if !ws.is_empty() {
                        let mean = ws.iter().sum::<f64>() / ws.len() as f64;
                        line_gaps.push((pno, l.text(), mean));
                    }
                    gaps.extend(ws);
                }
            }
            if last_on_page {
                let l = para[para.len() - 1];
                if kept_hyphen(l) {
                    f.page_turn_splits.push((pno, l.text()));
                } else if flush(l) {
                    pending_turn = Some((pno, l.text()));
                }
            }
        }
    }
    f.natural_space = mode(final_gaps.into_iter().filter(|g| *g > 0.5), 0.01).unwrap_or(f64::NAN);
    f.median_gap = median(gaps);
    f.loose_lines = line_gaps.into_iter().filter(|(_, _, g)| *g > 1.8 * f.natural_space).collect();
    f.hyphen_ends = hyphen_flags.iter().filter(|h| **h).count();
    let mut run = 0;
    for h in hyphen_flags {
        run = if h { run + 1 } else { 0 };
        f.max_hyphen_run = f.max_hyphen_run.max(run);
        if run == 3 {
            f.hyphen_runs_of_three += 1;
        }
    }
    Ok(f)
}

impl Figures {
    /// The figures as (label, value) rows, in the order `cargo xtask typography` prints them.
    pub fn rows(&self) -> Vec<(&'static str, String)> {
        let pct = 100.0 * self.hyphen_ends as f64 / self.body_lines.max(1) as f64;
        vec![
            ("pages", self.pages.to_string()),
            ("body lines", self.body_lines.to_string()),
            ("non-final justified lines short of margin", self.short_lines.len().to_string()),
            ("words split across a page turn", self.page_turn_splits.len().to_string()),
            ("paragraph last lines that are a word's tail", self.tail_last_lines.len().to_string()),
            ("headings ending a page", self.heading_ends.len().to_string()),
            ("hyphenated line ends", format!("{} ({pct:.1}% of body lines)", self.hyphen_ends)),
            ("longest run of hyphenated lines", self.max_hyphen_run.to_string()),
            ("runs of three hyphenated lines", self.hyphen_runs_of_three.to_string()),
            ("natural space", format!("{:.2} pt", self.natural_space)),
            (
                "median word gap",
                format!("{:.2} pt ({:.2}x natural)", self.median_gap, self.median_gap / self.natural_space),
            ),
            ("lines with gaps over 1.8x natural", self.loose_lines.len().to_string()),
        ]
    }

    /// Number of pages of the PDF.
    pub fn pages(&self) -> usize {
        self.pages
    }
}

fn print(f: &Figures, verbose: bool) {
    for (label, value) in f.rows() {
        println!("{label:<45}{value}");
    }
    let list = |name: &str, items: Vec<String>| {
        if !items.is_empty() {
            println!("\n{name}:");
            for i in items {
                println!("  {i}");
            }
        }
    };
    let cut = |s: &str| s.chars().take(90).collect::<String>();
    if verbose {
        list(
            "short lines",
            f.short_lines.iter().map(|(p, t, d)| format!("p. {p}: {d:.1} pt short: {}", cut(t))).collect(),
        );
        list("page-turn splits", f.page_turn_splits.iter().map(|(p, t)| format!("p. {p}: {}", cut(t))).collect());
        list("tail last lines", f.tail_last_lines.iter().map(|(p, t)| format!("p. {p}: {}", cut(t))).collect());
        list("headings ending a page", f.heading_ends.iter().map(|(p, t)| format!("p. {p}: {}", cut(t))).collect());
        list(
            "loose lines",
            f.loose_lines.iter().map(|(p, t, g)| format!("p. {p}: {:.2}x: {}", g / f.natural_space, cut(t))).collect(),
        );
    }
}

/// Measure a PDF: its word boxes from `pdftotext -bbox-layout`, read into [`Figures`].
pub fn measure_pdf(pdf: &Path) -> Result<Figures> {
    let out = Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .context("running pdftotext (poppler-utils) -bbox-layout")?;
    if !out.status.success() {
        bail!("pdftotext failed on {}: {}", pdf.display(), String::from_utf8_lossy(&out.stderr));
    }
    measure(&String::from_utf8_lossy(&out.stdout))
}

/// `cargo xtask typography PDF [--list]`.
pub fn run(args: &[String]) -> Result<()> {
    let verbose = args.iter().any(|a| a == "--list");
    let Some(pdf) = args.iter().find(|a| !a.starts_with("--")) else {
        bail!("usage: cargo xtask typography FILE.pdf [--list]");
    };
    let f = measure_pdf(Path::new(pdf))?;
    print(&f, verbose);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(x0: f64, x1: f64, t: &str) -> String {
        format!("<word xMin=\"{x0}\" yMin=\"0\" xMax=\"{x1}\" yMax=\"0\">{t}</word>")
    }

    fn line(x0: f64, y: f64, words: &[(f64, f64, &str)]) -> String {
        let x1 = words.last().map_or(x0, |w| w.1);
        let mut s = format!("<line xMin=\"{x0}\" yMin=\"{y}\" xMax=\"{x1}\" yMax=\"{}\">\n", y + 11.6);
        for (a, b, t) in words {
            s.push_str(&word(*a, *b, t));
            s.push('\n');
        }
        s.push_str("</line>\n");
        s
    }

    #[test]
    fn short_lines_hyphens_and_gaps_are_counted() {
        let mut html =
            String::from("<page width=\"595\" height=\"842\">\n</page>\n<page width=\"595\" height=\"842\">\n");
        let full = [(72.0, 100.0, "aaaa"), (103.0, 200.0, "bbbb"), (203.0, 300.0, "cccc"), (303.0, 523.0, "dddd")];
        // Paragraph 1: full line, full line ending broken (next line starts right of 72),
        // final line.
        html += &line(72.0, 100.0, &full);
        html += &line(72.0, 114.2, &full);
        html += &line(90.0, 128.4, &[(90.0, 120.0, "eeee"), (123.0, 150.0, "ffff")]);
        // Paragraph 2: a short non-final line, then a final one.
        html += &line(72.0, 160.0, &full);
        html += &line(72.0, 174.2, &[(72.0, 100.0, "gggg"), (110.0, 400.0, "hhhh")]);
        // (Their right ends differ: the margin is the commonest right end of the body lines.)
        html += &line(72.0, 188.4, &[(72.0, 100.0, "iiii"), (103.0, 160.0, "jjjj")]);
        html += &line(72.0, 202.6, &[(72.0, 100.0, "kkkk"), (103.0, 170.0, "llll")]);
        // The footer, smaller.
        html += "<line xMin=\"72\" yMin=\"780\" xMax=\"90\" yMax=\"789\">\n";
        html += &word(72.0, 90.0, "2");
        html += "\n</line>\n</page>\n";
        let f = measure(&html).unwrap();
        assert_eq!(f.body_lines, 7);
        assert_eq!(f.short_lines.len(), 2, "{:?}", f.short_lines);
        assert_eq!(f.hyphen_ends, 1);
        assert!((f.natural_space - 3.0).abs() < 0.01, "{}", f.natural_space);
        assert_eq!(f.loose_lines.len(), 1);
    }
}
