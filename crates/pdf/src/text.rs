//! Inline text: styled runs, measured words, and line breaking.
//!
//! Lines are filled greedily by measured glyph advances. A word wider than the measure is
//! broken at the last URL-like break opportunity (`/`, `-`, `.`, `?`, `&`, `=`, `_`, `#`…)
//! that fits, or, failing that, between characters, so nothing is ever clipped. Justified
//! lines stretch their inter-word spaces; a line that would stretch too far is set ragged.

use std::sync::Arc;

use crate::fonts::{Face, Fonts};

/// An RGB colour, components 0–1.
pub type Rgb = [f32; 3];

/// Where a link goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// An external URI.
    Uri(Arc<str>),
    /// An anchor (section id) inside the document.
    Anchor(Arc<str>),
}

/// How a run of text looks.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// The face.
    pub face: Face,
    /// Size in points.
    pub size: f32,
    /// Fill colour.
    pub color: Rgb,
    /// Baseline shift in points (positive raises: superscript).
    pub rise: f32,
    /// Draw a line through the text.
    pub strike: bool,
    /// Where a click on the text goes.
    pub link: Option<Target>,
}

impl Style {
    /// Plain black text in a face and size.
    pub fn new(face: Face, size: f32) -> Style {
        Style { face, size, color: [0.0; 3], rise: 0.0, strike: false, link: None }
    }
}

/// A piece of inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Run {
    /// Styled text (may contain spaces; newlines count as spaces).
    Text(String, Style),
    /// A forced line break.
    Break,
}

/// A part of a fragment: text followed by extra space (points) from justification.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The text.
    pub text: String,
    /// Extra space after the text, in points.
    pub extra: f32,
}

/// A run of same-styled text placed on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Frag {
    /// Left edge relative to the line start.
    pub x: f32,
    /// Total advance (including justification).
    pub width: f32,
    /// The look.
    pub style: Style,
    /// The text, split where justification adds space.
    pub parts: Vec<Part>,
}

impl Frag {
    /// The fragment's text.
    pub fn text(&self) -> String {
        self.parts.iter().map(|p| p.text.as_str()).collect()
    }
}

/// One set line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// The fragments, left to right.
    pub frags: Vec<Frag>,
    /// Natural width (before justification), trailing space excluded.
    pub width: f32,
    /// Height above the baseline.
    pub ascent: f32,
    /// Depth below the baseline.
    pub descent: f32,
}

impl Line {
    /// The line's text (for tests and diagnostics).
    pub fn text(&self) -> String {
        self.frags.iter().map(|f| f.text()).collect::<String>().trim_end().to_string()
    }
}

/// Horizontal alignment of lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Ragged right.
    Left,
    /// Both edges (the last line ragged).
    Justify,
    /// Centred.
    Center,
    /// Ragged left.
    Right,
}

/// A segment of a word: text in one style.
#[derive(Debug, Clone)]
struct Seg {
    text: String,
    style: Style,
    width: f32,
}

#[derive(Debug, Clone)]
enum Tok {
    Word(Vec<Seg>),
    Space(Style),
    Break,
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\n' || c == '\t' || c == '\r'
}

/// Words, spaces and breaks of runs, made as the line breaker asks for them: a paragraph of
/// any length is never held as tokens all at once.
struct Tokens<'a> {
    fonts: &'a Fonts,
    runs: &'a [Run],
    /// The run being read and the byte offset in it.
    run: usize,
    pos: usize,
    /// The word being assembled (a word may span runs of different styles).
    word: Vec<Seg>,
    /// Tokens made but not yet handed out (at most a word and a space or break).
    out: std::collections::VecDeque<Tok>,
    /// Whether the last token made was a space (spaces collapse).
    after_space: bool,
}

impl<'a> Tokens<'a> {
    fn new(fonts: &'a Fonts, runs: &'a [Run]) -> Self {
        Tokens { fonts, runs, run: 0, pos: 0, word: Vec::new(), out: Default::default(), after_space: false }
    }

    fn flush(&mut self) {
        if !self.word.is_empty() {
            self.out.push_back(Tok::Word(std::mem::take(&mut self.word)));
            self.after_space = false;
        }
    }
}

impl Iterator for Tokens<'_> {
    type Item = Tok;

    fn next(&mut self) -> Option<Tok> {
        loop {
            if let Some(t) = self.out.pop_front() {
                return Some(t);
            }
            let Some(run) = self.runs.get(self.run) else {
                self.flush();
                return self.out.pop_front();
            };
            match run {
                Run::Break => {
                    self.run += 1;
                    self.flush();
                    self.out.push_back(Tok::Break);
                    self.after_space = false;
                }
                Run::Text(text, style) => {
                    let rest = &text[self.pos.min(text.len())..];
                    if rest.is_empty() {
                        self.run += 1;
                        self.pos = 0;
                        continue;
                    }
                    match rest.find(is_space) {
                        Some(0) => {
                            let spaces = rest.len() - rest.trim_start_matches(is_space).len();
                            self.pos += spaces;
                            self.flush();
                            if !self.after_space {
                                self.out.push_back(Tok::Space(style.clone()));
                                self.after_space = true;
                            }
                        }
                        Some(k) => {
                            push_seg(self.fonts, &mut self.word, &rest[..k], style);
                            self.pos += k;
                        }
                        None => {
                            push_seg(self.fonts, &mut self.word, rest, style);
                            self.pos = text.len();
                        }
                    }
                }
            }
        }
    }
}

fn push_seg(fonts: &Fonts, word: &mut Vec<Seg>, text: &str, style: &Style) {
    let width = fonts.width(style.face, text, style.size);
    word.push(Seg { text: text.to_string(), style: style.clone(), width });
}

fn word_width(w: &[Seg]) -> f32 {
    w.iter().map(|s| s.width).sum()
}

/// Characters after which a long word (a URL, a path) may be broken.
fn break_after(c: char) -> bool {
    matches!(c, '/' | '-' | '.' | '?' | '&' | '=' | '_' | '#' | ',' | ';' | ':' | '–' | '—' | '|' | '\\' | '+' | '~')
}

/// Break an over-wide word: the longest prefix that fits in `avail`, preferring a break
/// opportunity; at least one character.
fn split_word(fonts: &Fonts, w: &[Seg], avail: f32) -> (Vec<Seg>, Vec<Seg>) {
    // Walk characters, remembering the last fitting position and the last opportunity.
    let mut acc = 0.0;
    let mut last_fit: Option<(usize, usize)> = None; // (segment, byte end)
    let mut last_opp: Option<(usize, usize, f32)> = None;
    'outer: for (si, seg) in w.iter().enumerate() {
        let m = fonts.metrics(seg.style.face);
        for (bi, c) in seg.text.char_indices() {
            let cw = m.advance(c) * seg.style.size;
            if acc + cw > avail && last_fit.is_some() {
                break 'outer;
            }
            acc += cw;
            let end = bi + c.len_utf8();
            last_fit = Some((si, end));
            if break_after(c) {
                last_opp = Some((si, end, acc));
            }
        }
    }
    // A break opportunity is used when it fills a fair part of the line.
    let (si, end) = match (last_opp, last_fit) {
        (Some((s, e, at)), Some(_)) if at >= avail * 0.4 => (s, e),
        (_, Some(f)) => f,
        _ => return (w.to_vec(), Vec::new()),
    };
    let mut head: Vec<Seg> = w[..si].to_vec();
    let mut tail: Vec<Seg> = Vec::new();
    let seg = &w[si];
    let (a, b) = seg.text.split_at(end);
    if !a.is_empty() {
        head.push(Seg {
            text: a.to_string(),
            style: seg.style.clone(),
            width: fonts.width(seg.style.face, a, seg.style.size),
        });
    }
    if !b.is_empty() {
        tail.push(Seg {
            text: b.to_string(),
            style: seg.style.clone(),
            width: fonts.width(seg.style.face, b, seg.style.size),
        });
    }
    tail.extend_from_slice(&w[si + 1..]);
    if head.is_empty() {
        // Cannot happen (at least one character fits or is forced), but never loop forever.
        return (w.to_vec(), Vec::new());
    }
    (head, tail)
}

/// Pending line content: words with the space before each.
#[derive(Default)]
struct Pending {
    items: Vec<(Option<Style>, Vec<Seg>)>,
    width: f32,
}

/// Set `runs` into lines of at most `width` points. `line_gap` is the minimum leading factor
/// applied to each line's tallest style (ascent + descent of the face is used, so mixed sizes
/// push lines apart).
pub fn break_lines(fonts: &Fonts, runs: &[Run], width: f32, align: Align) -> Vec<Line> {
    let width = width.max(1.0);
    let mut toks = Tokens::new(fonts, runs);
    let mut lines: Vec<Line> = Vec::new();
    // Each line is set as soon as it is complete (`last`: it ends a paragraph or a hard break,
    // so it is not justified).
    let set = |p: Pending, last: bool| {
        set_line(fonts, p, width, if last && align == Align::Justify { Align::Left } else { align })
    };
    let mut cur = Pending::default();
    let mut space: Option<Style> = None;
    // A token put back (the rest of a broken word, or a word that starts the next line).
    let mut back: Option<Tok> = None;
    while let Some(tok) = back.take().or_else(|| toks.next()) {
        match tok {
            Tok::Break => {
                lines.push(set(std::mem::take(&mut cur), true));
                space = None;
            }
            Tok::Space(st) => {
                if !cur.items.is_empty() {
                    space = Some(st);
                }
            }
            Tok::Word(w) => {
                let ww = word_width(&w);
                let sw = space.as_ref().map_or(0.0, |s| fonts.width(s.face, " ", s.size));
                if cur.items.is_empty() {
                    if ww <= width {
                        cur.width = ww;
                        cur.items.push((None, w));
                    } else {
                        let (head, tail) = split_word(fonts, &w, width);
                        cur.width = word_width(&head);
                        cur.items.push((None, head));
                        lines.push(set(std::mem::take(&mut cur), false));
                        if !tail.is_empty() {
                            back = Some(Tok::Word(tail));
                        }
                    }
                    space = None;
                } else if cur.width + sw + ww <= width {
                    cur.width += sw + ww;
                    cur.items.push((space.take(), w));
                } else if ww > width && width - cur.width - sw > width * 0.25 {
                    // A word longer than a whole line: start it here, broken, rather than
                    // leaving a gap.
                    let (head, tail) = split_word(fonts, &w, width - cur.width - sw);
                    cur.width += sw + word_width(&head);
                    cur.items.push((space.take(), head));
                    lines.push(set(std::mem::take(&mut cur), false));
                    if !tail.is_empty() {
                        back = Some(Tok::Word(tail));
                    }
                } else {
                    lines.push(set(std::mem::take(&mut cur), false));
                    space = None;
                    back = Some(Tok::Word(w));
                }
            }
        }
    }
    if !cur.items.is_empty() {
        lines.push(set(cur, true));
    }
    lines
}

/// Turn pending words into fragments at their x positions.
fn set_line(fonts: &Fonts, p: Pending, width: f32, align: Align) -> Line {
    let gaps = p.items.iter().filter(|(s, _)| s.is_some()).count();
    let slack = (width - p.width).max(0.0);
    let (mut x, extra) = match align {
        Align::Left => (0.0, 0.0),
        Align::Center => (slack / 2.0, 0.0),
        Align::Right => (slack, 0.0),
        Align::Justify => {
            let per = if gaps > 0 { slack / gaps as f32 } else { 0.0 };
            // Stretching a space beyond about two and a half times its width looks worse than
            // a ragged line.
            let limit = p.items.first().map_or(0.0, |(_, w)| w.first().map_or(0.0, |s| s.style.size)) * 0.45;
            (0.0, if per <= limit { per } else { 0.0 })
        }
    };
    let mut line = Line { frags: Vec::new(), width: p.width, ascent: 0.0, descent: 0.0 };
    for (space, word) in p.items {
        if let Some(st) = space {
            let sw = fonts.width(st.face, " ", st.size);
            // Attach the space to the previous fragment when the styles agree.
            match line.frags.last_mut() {
                Some(f) if f.style == st => {
                    if let Some(part) = f.parts.last_mut() {
                        part.text.push(' ');
                        part.extra += extra;
                    }
                    f.width += sw + extra;
                }
                _ => line.frags.push(Frag {
                    x,
                    width: sw + extra,
                    style: st,
                    parts: vec![Part { text: " ".into(), extra }],
                }),
            }
            x += sw + extra;
        }
        for seg in word {
            let m = fonts.metrics(seg.style.face);
            line.ascent = line.ascent.max(m.ascent * seg.style.size + seg.style.rise.max(0.0));
            line.descent = line.descent.max(m.descent * seg.style.size - seg.style.rise.min(0.0));
            match line.frags.last_mut() {
                Some(f) if f.style == seg.style => {
                    let last_extra = f.parts.last().map_or(0.0, |p| p.extra);
                    if last_extra > 0.0 {
                        f.parts.push(Part { text: seg.text, extra: 0.0 });
                    } else if let Some(part) = f.parts.last_mut() {
                        part.text.push_str(&seg.text);
                    }
                    f.width += seg.width;
                }
                _ => line.frags.push(Frag {
                    x,
                    width: seg.width,
                    style: seg.style,
                    parts: vec![Part { text: seg.text, extra: 0.0 }],
                }),
            }
            x += seg.width;
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    pub(crate) fn fonts() -> &'static Fonts {
        static F: OnceLock<Fonts> = OnceLock::new();
        F.get_or_init(|| Fonts::load().unwrap())
    }

    fn plain(s: &str) -> Vec<Run> {
        vec![Run::Text(s.to_string(), Style::new(Face::Serif, 10.0))]
    }

    #[test]
    fn lines_fit_the_measure_and_keep_every_word() {
        let text = "The quick brown fox jumps over the lazy dog and keeps running through the field until night.";
        let lines = break_lines(fonts(), &plain(text), 120.0, Align::Left);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(l.width <= 120.0 + 0.01, "{} is {}", l.text(), l.width);
        }
        let joined: Vec<String> = lines.iter().map(|l| l.text()).collect();
        assert_eq!(joined.join(" "), text);
    }

    #[test]
    fn greedy_breaking_fills_lines() {
        // Each line could not take the next line's first word.
        let text = "aaa bbb ccc ddd eee fff ggg hhh iii jjj kkk lll mmm nnn ooo ppp";
        let f = fonts();
        let lines = break_lines(f, &plain(text), 100.0, Align::Left);
        for pair in lines.windows(2) {
            let next_word = pair[1].text().split(' ').next().unwrap().to_string();
            let w = pair[0].width + f.width(Face::Serif, " ", 10.0) + f.width(Face::Serif, &next_word, 10.0);
            assert!(w > 100.0);
        }
    }

    #[test]
    fn justified_lines_reach_the_right_edge_but_the_last_does_not() {
        let text =
            "Justified text spreads its words so that both edges of the column line up neatly, except the last line.";
        let lines = break_lines(fonts(), &plain(text), 150.0, Align::Justify);
        for l in &lines[..lines.len() - 1] {
            let right = l.frags.last().map(|f| f.x + f.width).unwrap();
            // The trailing fragment ends at the measure (within rounding), unless too loose.
            assert!(right <= 150.5, "{right}");
        }
        let last = lines.last().unwrap();
        assert!(last.frags.iter().all(|f| f.parts.iter().all(|p| p.extra == 0.0)));
    }

    #[test]
    fn an_unbreakable_giant_word_is_broken_not_clipped() {
        let word = "x".repeat(10_000);
        let lines = break_lines(fonts(), &plain(&word), 200.0, Align::Justify);
        assert!(lines.len() > 10);
        let total: usize = lines.iter().map(|l| l.text().len()).sum();
        assert_eq!(total, 10_000);
        assert!(lines.iter().all(|l| l.width <= 200.01));
    }

    #[test]
    fn long_urls_break_after_slashes() {
        let url = "https://example.org/a/very/long/path/that/does/not/fit/on/one/line/of/the/cell";
        let lines = break_lines(fonts(), &plain(url), 90.0, Align::Left);
        assert!(lines.len() > 1);
        for l in &lines[..lines.len() - 1] {
            assert!(l.text().ends_with('/') || l.text().ends_with('.'), "{}", l.text());
        }
        assert_eq!(lines.iter().map(|l| l.text()).collect::<String>(), url);
    }

    #[test]
    fn hard_breaks_and_styles_are_kept() {
        let mut bold = Style::new(Face::SerifBold, 10.0);
        bold.color = [1.0, 0.0, 0.0];
        let runs = vec![
            Run::Text("one ".into(), Style::new(Face::Serif, 10.0)),
            Run::Text("two".into(), bold),
            Run::Break,
            Run::Text("three".into(), Style::new(Face::Serif, 10.0)),
        ];
        let lines = break_lines(fonts(), &runs, 400.0, Align::Left);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].frags.len(), 2);
        assert_eq!(lines[0].frags[1].style.face, Face::SerifBold);
        assert_eq!(lines[1].text(), "three");
    }

    #[test]
    fn superscripts_raise_the_line_ascent() {
        let mut sup = Style::new(Face::Serif, 7.0);
        sup.rise = 4.0;
        let plain_line = break_lines(fonts(), &plain("x"), 100.0, Align::Left);
        let runs = vec![Run::Text("x".into(), Style::new(Face::Serif, 10.0)), Run::Text("2".into(), sup)];
        let raised = break_lines(fonts(), &runs, 100.0, Align::Left);
        assert!(raised[0].ascent >= plain_line[0].ascent);
    }
}
