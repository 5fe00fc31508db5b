//! Positions: the model's 1-based lines and Unicode-scalar columns, and LSP's 0-based lines and
//! characters in the negotiated encoding (UTF-16 unless the client offers another).

use lsp_types::{Position, PositionEncodingKind};

/// How LSP counts characters on a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// Code units of UTF-16 (the protocol's default).
    Utf16,
    /// Unicode scalar values (the model's columns).
    Utf32,
}

impl Encoding {
    /// The first encoding of the client's list that the server speaks; UTF-16 when it lists
    /// none (every client speaks it).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        for kind in offered.unwrap_or_default() {
            match kind.as_str() {
                "utf-8" => return Encoding::Utf8,
                "utf-16" => return Encoding::Utf16,
                "utf-32" => return Encoding::Utf32,
                _ => {}
            }
        }
        Encoding::Utf16
    }

    /// The protocol's name of the encoding.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn width(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }

    /// The length of `s` in this encoding's units.
    pub fn len(self, s: &str) -> u32 {
        match self {
            Encoding::Utf8 => s.len() as u32,
            _ => s.chars().map(|c| self.width(c)).sum(),
        }
    }
}

/// The byte offsets where a text's lines start. A line ends at `\n`, `\r\n` or a lone `\r`, as
/// LSP and the readers (which read a lone `\r` as `\n`) count them.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index `text`.
    pub fn new(text: &str) -> LineIndex {
        let b = text.as_bytes();
        let mut starts = vec![0];
        for (i, &c) in b.iter().enumerate() {
            if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// Line `n` (0-based) without its line break; `""` past the end.
    pub fn line<'t>(&self, text: &'t str, n: u32) -> &'t str {
        let Some(&from) = self.starts.get(n as usize) else { return "" };
        let to = self.starts.get(n as usize + 1).copied().unwrap_or(text.len());
        let line = text.get(from..to).unwrap_or("");
        let line = line.strip_suffix('\n').unwrap_or(line);
        line.strip_suffix('\r').unwrap_or(line)
    }

    /// The LSP position of the model's (1-based line, 1-based column in scalar values); a
    /// column past the line's end is its end.
    pub fn position(&self, text: &str, enc: Encoding, line: u32, column: u32) -> Position {
        let l = line.saturating_sub(1);
        let s = self.line(text, l);
        let prefix: usize = s.chars().take(column.saturating_sub(1) as usize).map(char::len_utf8).sum();
        Position { line: l, character: enc.len(&s[..prefix]) }
    }

    /// The LSP position of the end of line `line` (1-based).
    pub fn line_end(&self, text: &str, enc: Encoding, line: u32) -> Position {
        let l = line.saturating_sub(1);
        Position { line: l, character: enc.len(self.line(text, l)) }
    }

    /// The byte offset in `text` of an LSP position; a character past the line's end is its end,
    /// a line past the last is the text's end.
    pub fn offset(&self, text: &str, enc: Encoding, p: Position) -> usize {
        let Some(&from) = self.starts.get(p.line as usize) else { return text.len() };
        let s = self.line(text, p.line);
        let mut units = 0;
        for (i, c) in s.char_indices() {
            if units >= p.character {
                return from + i;
            }
            units += enc.width(c);
        }
        from + s.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_become_utf16_units() {
        // "€" is one unit, "𝄞" two in UTF-16; the figure is the model's column 5.
        let text = "# T\n€𝄞 x 12 y\r\nlast";
        let ix = LineIndex::new(text);
        assert_eq!(ix.line(text, 1), "€𝄞 x 12 y");
        assert_eq!(ix.position(text, Encoding::Utf16, 2, 5), Position { line: 1, character: 5 });
        assert_eq!(ix.position(text, Encoding::Utf32, 2, 5), Position { line: 1, character: 4 });
        assert_eq!(ix.position(text, Encoding::Utf8, 2, 5), Position { line: 1, character: 9 });
        assert_eq!(ix.offset(text, Encoding::Utf16, Position { line: 1, character: 5 }), 4 + 9);
        assert_eq!(ix.line_end(text, Encoding::Utf16, 2), Position { line: 1, character: 10 });
        assert_eq!(ix.offset(text, Encoding::Utf16, Position { line: 9, character: 0 }), text.len());
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let text = "a\rb\nc";
        let ix = LineIndex::new(text);
        assert_eq!((ix.line(text, 0), ix.line(text, 1), ix.line(text, 2)), ("a", "b", "c"));
    }

    #[test]
    fn the_clients_first_known_encoding_wins() {
        let offered = [PositionEncodingKind::new("utf-7"), PositionEncodingKind::UTF8, PositionEncodingKind::UTF16];
        assert_eq!(Encoding::negotiate(Some(&offered)), Encoding::Utf8);
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }
}
