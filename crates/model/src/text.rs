//! Plain-text views of inline content.

use crate::Inline;

/// Types whose readable text can be extracted.
pub trait InlineText {
    /// Append the readable text to `out`.
    fn push_text(&self, out: &mut String);
}

impl InlineText for Inline {
    fn push_text(&self, out: &mut String) {
        match self {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Emphasis { children }
            | Inline::Strong { children }
            | Inline::Strikethrough { children }
            | Inline::Superscript { children }
            | Inline::Subscript { children }
            | Inline::Link { children, .. } => children.push_text(out),
            Inline::Image { alt, .. } => alt.push_text(out),
            Inline::HardBreak | Inline::SoftBreak => out.push(' '),
            Inline::Html { .. } | Inline::FootnoteReference { .. } => {}
        }
    }
}

impl InlineText for [Inline] {
    fn push_text(&self, out: &mut String) {
        for i in self {
            i.push_text(out);
        }
    }
}

impl InlineText for Vec<Inline> {
    fn push_text(&self, out: &mut String) {
        self.as_slice().push_text(out)
    }
}

/// The readable text of inline content: markup dropped, breaks as spaces, raw HTML omitted.
pub fn inline_text(inlines: &[Inline]) -> String {
    let mut s = String::new();
    inlines.push_text(&mut s);
    s
}
