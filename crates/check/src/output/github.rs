//! `--format github`: GitHub Actions workflow commands, within the limits of a step.
//!
//! GitHub shows at most ten annotations of each kind (error, warning, notice) per step and drops
//! the rest silently. So the first ten findings of each severity become annotations; the others
//! are listed in the log as plain lines (`file:line:col: severity[rule] message`) and, when the
//! step has a job summary (`GITHUB_STEP_SUMMARY`), in a Markdown table there, so none is lost.

use reportkit_model::{Finding, Severity};

use crate::engine::Outcome;

/// Annotations of one kind GitHub shows per step.
pub const ANNOTATIONS_PER_KIND: usize = 10;

/// Bytes of job summary a step may write (GitHub's cap is 1 MiB); the table stops short of it.
const SUMMARY_BUDGET: usize = 1000 * 1024;

/// Escape a property value or message as the workflow-command syntax requires.
fn escape(s: &str, property: bool) -> String {
    let mut out = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

fn command(f: &Finding) -> String {
    let cmd = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut msg = f.message.clone();
    if let Some(h) = &f.hint {
        msg.push_str(&format!("\nhint: {h}"));
    }
    for r in &f.related {
        msg.push_str(&format!("\n{}:{}: {}", r.file, r.line, r.note));
    }
    let mut props = format!("file={},line={},endLine={}", escape(&f.file, true), f.line, f.end_line);
    if let Some(c) = f.column {
        props.push_str(&format!(",col={c}"));
        if let Some(e) = f.end_column.filter(|_| f.end_line == f.line) {
            props.push_str(&format!(",endColumn={e}"));
        }
    }
    format!("::{cmd} {props},title={}::{}\n", escape(&format!("reportkit {}", f.rule), true), escape(&msg, false))
}

/// What `--format github` writes: the workflow commands and plain log lines for standard
/// output, and the Markdown for the job summary when some findings could not be annotated.
pub struct Rendered {
    /// Workflow commands (and, after them, the findings beyond the limits as plain lines).
    pub log: String,
    /// A Markdown table of the findings that are not annotations, if any.
    pub summary: Option<String>,
}

/// The first [`ANNOTATIONS_PER_KIND`] findings of each severity as annotations; the others as
/// plain lines and a job-summary table.
pub fn render(outcome: &Outcome) -> Rendered {
    let mut log = String::new();
    let mut shown = [0usize; 3];
    let mut rest: Vec<&Finding> = Vec::new();
    for f in &outcome.findings {
        let k = match f.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        };
        if shown[k] < ANNOTATIONS_PER_KIND {
            shown[k] += 1;
            log.push_str(&command(f));
        } else {
            rest.push(f);
        }
    }
    if rest.is_empty() {
        return Rendered { log, summary: None };
    }
    log.push_str(&format!(
        "reportkit: {} more findings are not annotations (GitHub shows {ANNOTATIONS_PER_KIND} of each kind per step):\n",
        rest.len()
    ));
    for f in &rest {
        log.push_str(&super::concise::line(f));
    }
    Rendered { log, summary: Some(summary_table(outcome, &rest)) }
}

/// Markdown cell text: one line, pipes escaped.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn summary_table(outcome: &Outcome, rest: &[&Finding]) -> String {
    let mut md = format!(
        "### reportkit check\n\n{}\n{} findings are not shown as annotations (GitHub shows {ANNOTATIONS_PER_KIND} of each kind per step):\n\n| Location | Severity | Rule | Message |\n|---|---|---|---|\n",
        super::human::summary_line(outcome).trim_end(),
        rest.len()
    );
    for (i, f) in rest.iter().enumerate() {
        let at = match f.column {
            Some(c) => format!("{}:{}:{c}", f.file, f.line),
            None => format!("{}:{}", f.file, f.line),
        };
        let row = format!("| `{}` | {} | `{}` | {} |\n", cell(&at), f.severity.as_str(), f.rule, cell(&f.message));
        if md.len() + row.len() > SUMMARY_BUDGET {
            md.push_str(&format!("\n… and {} more (see the job log).\n", rest.len() - i));
            break;
        }
        md.push_str(&row);
    }
    md.push('\n');
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_and_messages_are_escaped() {
        assert_eq!(escape("a:b,c%", true), "a%3Ab%2Cc%25");
        assert_eq!(escape("a:b\nc", false), "a:b%0Ac");
    }

    #[test]
    fn table_cells_stay_in_their_cell() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }
}
