//! `--format github`: GitHub Actions workflow commands, one per finding.

use reportkit_model::Severity;

use crate::engine::Outcome;

/// Escape a property value or message as the workflow-command syntax requires.
fn escape(s: &str, property: bool) -> String {
    let mut out = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// One `::error file=…,line=…,endLine=…,title=…::message` line per finding.
pub fn render(outcome: &Outcome) -> String {
    let mut out = String::new();
    for f in &outcome.findings {
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
        out.push_str(&format!(
            "::{cmd} file={},line={},endLine={},title={}::{}\n",
            escape(&f.file, true),
            f.line,
            f.end_line,
            escape(&format!("reportkit {}", f.rule), true),
            escape(&msg, false)
        ));
    }
    out
}
