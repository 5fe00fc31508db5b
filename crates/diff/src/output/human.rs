//! `--format human`: the changes for a terminal, with ANSI colors when asked for (removed text
//! red, added text green, changed words in reverse video); without colors changed words are
//! marked `[-old-]` and `{+new+}`.

use std::fmt::Write;

use reportkit_model::diff::{
    DiffReport, DocumentDiff, DocumentStatus, FactChange, FactChangeKind, FactSide, Hunk, HunkKind, SectionChange,
    TextSide, WordChange, WordTag,
};

use super::{finding_line, headline, kinds, summary_line, trailing_unchanged, unchanged_note};

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            // Per line, so a line prefix in between does not cut the color short.
            s.split('\n').map(|l| format!("\x1b[{code}m{l}\x1b[0m")).collect::<Vec<_>>().join("\n")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn red(&self, s: &str) -> String {
        self.paint("31", s)
    }
    fn green(&self, s: &str) -> String {
        self.paint("32", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.paint("33", s)
    }
    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }

    /// One side of a word diff, its changed words highlighted.
    fn words(&self, words: &[WordChange], old: bool) -> String {
        let (tag, open, close, code) =
            if old { (WordTag::Delete, "[-", "-]", "31") } else { (WordTag::Insert, "{+", "+}", "32") };
        let mut s = String::new();
        for w in words {
            if w.tag == WordTag::Equal {
                s.push_str(&self.paint(code, &w.text));
            } else if w.tag == tag {
                let text = super::visible(&w.text);
                if self.color {
                    s.push_str(&self.paint(&format!("{code};7"), &text));
                } else {
                    // Per line, so each numbered line shows where the change opens and closes.
                    let marked: Vec<String> = text
                        .split('\n')
                        .map(|l| if l.is_empty() { String::new() } else { format!("{open}{l}{close}") })
                        .collect();
                    s.push_str(&marked.join("\n"));
                }
            }
        }
        s
    }

    /// Text lines prefixed with a sign and line numbers.
    fn side(&self, out: &mut String, sign: &str, side: &TextSide, body: Option<String>, old: bool) {
        let body = body.unwrap_or_else(|| if old { self.red(&side.text) } else { self.green(&side.text) });
        // Colors do not span lines: re-open them per line by painting each line separately
        // when the body is plain.
        for (k, line) in body.split('\n').enumerate() {
            let n = side.span.start as usize + k;
            let prefix = format!("    {sign} {n:>5} │ ");
            let prefix = if old { self.red(&prefix) } else { self.green(&prefix) };
            let _ = writeln!(out, "{prefix}{line}");
        }
    }

    fn hunk(&self, out: &mut String, h: &Hunk) {
        if h.skipped > 0 {
            let _ = writeln!(out, "      {}", self.dim(&unchanged_note(h.skipped)));
        }
        match h.kind {
            HunkKind::Added => self.side(out, "+", h.new.as_ref().expect("added has new"), None, false),
            HunkKind::Removed => self.side(out, "-", h.old.as_ref().expect("removed has old"), None, true),
            HunkKind::Changed => {
                let (o, n) = (h.old.as_ref().expect("changed has old"), h.new.as_ref().expect("changed has new"));
                self.side(out, "-", o, Some(self.words(&h.words, true)), true);
                self.side(out, "+", n, Some(self.words(&h.words, false)), false);
            }
        }
    }

    fn section(&self, out: &mut String, c: &SectionChange) {
        let _ = writeln!(out, "  {} {}", self.yellow(&format!("{:<8}", kinds(c))), self.bold(&headline(c)));
        if let Some(d) = &c.duplicate_of {
            let _ = writeln!(
                out,
                "      {}",
                self.dim(&format!("same text as {} (lines {})", super::section_name(d), super::lines(d.span)))
            );
        }
        for h in &c.hunks {
            self.hunk(out, h);
        }
        let rest = trailing_unchanged(c);
        if rest > 0 && !c.hunks.is_empty() {
            let _ = writeln!(out, "      {}", self.dim(&unchanged_note(rest)));
        }
    }

    fn fact_line(&self, out: &mut String, sign: &str, f: &FactSide, old: bool) {
        let s = format!("      {sign} {:>5} │ {}", f.line, f.text);
        let _ = writeln!(out, "{}", if old { self.red(&s) } else { self.green(&s) });
    }

    fn fact(&self, out: &mut String, f: &FactChange) {
        let label = if f.label.is_empty() { String::new() } else { format!("{}: ", f.label) };
        let what = match (&f.old, &f.new) {
            (Some(o), Some(n)) => format!("{label}{} → {}", o.written, n.written),
            (None, Some(n)) => format!("{label}{} (new)", n.written),
            (Some(o), None) => format!("{label}{} (gone)", o.written),
            (None, None) => label,
        };
        let sign = match f.kind {
            FactChangeKind::Changed => self.yellow("~"),
            FactChangeKind::Added => self.green("+"),
            FactChangeKind::Removed => self.red("-"),
        };
        let _ = writeln!(out, "    {sign} {}  {}", self.bold(&what), self.dim(&format!("in {}", f.section)));
        if let Some(o) = &f.old {
            self.fact_line(out, "-", o, true);
        }
        if let Some(n) = &f.new {
            self.fact_line(out, "+", n, false);
        }
    }

    fn document(&self, out: &mut String, d: &DocumentDiff) {
        let paths = match (&d.old_path, &d.new_path) {
            (Some(o), Some(n)) if o == n => o.clone(),
            (Some(o), Some(n)) => format!("{o} → {n}"),
            (Some(o), None) => o.clone(),
            (None, Some(n)) => n.clone(),
            (None, None) => String::new(),
        };
        let status = match d.status {
            DocumentStatus::Added => self.green("added document"),
            DocumentStatus::Removed => self.red("removed document"),
            DocumentStatus::Changed => self.yellow("changed document"),
            DocumentStatus::Renamed => self.yellow("renamed document"),
        };
        let _ = writeln!(out, "{status} {} {}", self.bold(&d.id), self.dim(&format!("({paths})")));
        for c in &d.sections {
            self.section(out, c);
        }
        if !d.facts.is_empty() {
            let _ = writeln!(out, "  {}", self.bold("figures"));
            for f in &d.facts {
                self.fact(out, f);
            }
        }
        out.push('\n');
    }
}

/// Render a report for a terminal.
pub fn render(report: &DiffReport, color: bool) -> String {
    let st = Style { color };
    let mut out = String::new();
    let mode = if report.exact { " (exact: source formatting compared)" } else { "" };
    let _ = writeln!(out, "{}{mode}\n", st.bold(&format!("diff {} → {}", report.old, report.new)));
    for d in &report.documents {
        st.document(&mut out, d);
    }
    if !report.findings.introduced.is_empty() {
        let _ = writeln!(out, "{}", st.bold("findings introduced"));
        for f in &report.findings.introduced {
            let _ = writeln!(out, "  {} {}", st.red("+"), finding_line(f));
        }
        out.push('\n');
    }
    if !report.findings.resolved.is_empty() {
        let _ = writeln!(out, "{}", st.bold("findings resolved"));
        for f in &report.findings.resolved {
            let _ = writeln!(out, "  {} {}", st.green("-"), finding_line(f));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", st.bold(&summary_line(&report.summary)));
    out
}
