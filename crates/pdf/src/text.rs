//! Inline text: styled runs, measured words, and line breaking.
//!
//! Lines are filled greedily by measured glyph advances. A word wider than the measure is
//! broken at the last URL-like break opportunity (`/`, `-`, `.`, `?`, `&`, `=`, `_`, `#`…)
//! that fits, or, failing that, between characters, so nothing is ever clipped. Justified
//! lines stretch their inter-word spaces; a line that would stretch too far is set ragged.
//!
//! Hyphenation, where the caller asks for it ([`break_lines_hyphenated`]), helps a line that
//! would otherwise be loose: when the next word does not fit and the line's spaces would
//! stretch by more than half their width (justified) or leave a wide ragged edge (left
//! aligned), the word is split at the last Knuth–Liang break (TeX's US English patterns) or
//! after its own hyphen that fits, and the head gets a hyphen. Not hyphenated: words with
//! digits, acronyms and mixed case (`IGFs`), words of fewer than five letters, monospace
//! text, and more than two lines in a row. The split word keeps its text for extraction: the
//! head carries the whole word as `/ActualText` and the tail an empty one.

use std::sync::{Arc, OnceLock};

use crate::fonts::{Face, Fonts};

/// Knuth–Liang hyphenation patterns for one language.
pub struct Hyphenator {
    dict: hyphenation::Standard,
}

impl std::fmt::Debug for Hyphenator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hyphenator").finish_non_exhaustive()
    }
}

impl Hyphenator {
    /// The hyphenator for a BCP 47 language tag, loaded on first use; `None` for languages
    /// whose patterns are not embedded (only English is).
    pub fn for_language(tag: &str) -> Option<&'static Hyphenator> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if !primary.eq_ignore_ascii_case("en") {
            return None;
        }
        static EN: OnceLock<Option<Hyphenator>> = OnceLock::new();
        EN.get_or_init(|| {
            use hyphenation::Load;
            hyphenation::Standard::from_embedded(hyphenation::Language::EnglishUS).ok().map(|dict| Hyphenator { dict })
        })
        .as_ref()
    }

    /// Byte offsets in `word` (letters only) where a hyphen may go.
    pub fn breaks(&self, word: &str) -> Vec<usize> {
        use hyphenation::Hyphenator as _;
        self.dict.hyphenate(word).breaks
    }
}

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

/// A run of same-styled text placed on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Frag {
    /// Left edge relative to the line start.
    pub x: f32,
    /// Total advance (including justification).
    pub width: f32,
    /// The look.
    pub style: Style,
    /// The text.
    pub text: String,
    /// Extra space in points after each space of `text` (justification); one value per line,
    /// so a justified paragraph costs one string per fragment, not one per word.
    pub spacing: f32,
    /// The text a reader copies instead of the glyphs (`/ActualText`): the whole word on the
    /// head of a hyphenated word, nothing on its tail.
    pub actual: Option<Arc<str>>,
}

impl Frag {
    /// A fragment of plain text at `x`.
    pub fn plain(x: f32, width: f32, style: Style, text: String) -> Frag {
        Frag { x, width, style, text, spacing: 0.0, actual: None }
    }

    /// The fragment's text.
    pub fn text(&self) -> &str {
        &self.text
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
    /// Set on the pieces of a hyphenated word (see [`Frag::actual`]).
    actual: Option<Arc<str>>,
    /// A piece of a word broken over lines without an `actual` (a giant word): never marked.
    broken: bool,
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
    word.push(Seg { text: text.to_string(), style: style.clone(), width, actual: None, broken: false });
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
            actual: seg.actual.clone(),
            broken: seg.broken,
        });
    }
    if !b.is_empty() {
        tail.push(Seg {
            text: b.to_string(),
            style: seg.style.clone(),
            width: fonts.width(seg.style.face, b, seg.style.size),
            actual: seg.actual.clone(),
            broken: seg.broken,
        });
    }
    tail.extend_from_slice(&w[si + 1..]);
    if head.is_empty() {
        // Cannot happen (at least one character fits or is forced), but never loop forever.
        return (w.to_vec(), Vec::new());
    }
    // A URL or path broken over lines still copies as one word. Giant words (a runaway
    // line) are left unmarked: their text would be stored twice.
    if !tail.is_empty() && w.iter().all(|s| s.actual.is_none() && !s.broken) {
        let whole: String = w.iter().map(|s| s.text.as_str()).collect();
        if whole.len() <= MAX_ACTUAL_TEXT {
            mark_split(&mut head, &mut tail, &whole);
        } else {
            tail.iter_mut().for_each(|s| s.broken = true);
        }
    }
    (head, tail)
}

/// Words longer than this (bytes) broken over lines are not given an `/ActualText`.
const MAX_ACTUAL_TEXT: usize = 512;

/// Mark the pieces of a word broken over lines: the first carries the whole word as the text
/// a reader copies, the others none.
fn mark_split(head: &mut [Seg], tail: &mut [Seg], whole: &str) {
    let empty: Arc<str> = Arc::from("");
    for s in head.iter_mut().chain(tail.iter_mut()) {
        s.actual = Some(empty.clone());
    }
    if let Some(first) = head.first_mut() {
        first.actual = Some(Arc::from(whole));
    }
}

/// Words shorter than this (in letters) are never hyphenated.
const MIN_HYPHEN_WORD: usize = 5;
/// At most this many lines in a row end with a hyphen.
const MAX_HYPHEN_RUN: usize = 2;
/// A justified line is loose when each space would stretch by more than this share of the
/// font size (about four fifths of a space).
const LOOSE_STRETCH: f32 = 0.26;

/// Split `w`, which does not fit after the pending line `cur`, at a hyphenation point, when
/// the line would otherwise be loose: the head (with its hyphen) fills the line.
fn hyphenate(
    fonts: &Fonts,
    h: &Hyphenator,
    w: &[Seg],
    cur: &Pending,
    sw: f32,
    width: f32,
    align: Align,
) -> Option<(Vec<Seg>, Vec<Seg>)> {
    let [seg] = w else { return None };
    let face = seg.style.face;
    if seg.actual.is_some() || seg.broken || matches!(face, Face::Mono | Face::MonoBold) {
        return None;
    }
    let size = seg.style.size;
    let slack = width - cur.width;
    let gaps = cur.items.iter().filter(|(s, _)| s.is_some()).count();
    let loose = match align {
        Align::Justify => gaps == 0 || slack / gaps as f32 > size * LOOSE_STRETCH,
        Align::Left => slack > (width * 0.15).max(size * 3.0),
        Align::Center | Align::Right => false,
    };
    if !loose {
        return None;
    }
    let text = seg.text.as_str();
    // The letters, with punctuation around them (quotes, brackets, a final comma).
    let start = text.find(char::is_alphabetic)?;
    let end = text.char_indices().rev().find(|(_, c)| c.is_alphabetic()).map(|(i, c)| i + c.len_utf8())?;
    let core = &text[start..end];
    if text[..start].chars().chain(text[end..].chars()).any(char::is_alphanumeric)
        || core.chars().skip(1).any(char::is_uppercase)
    {
        return None;
    }
    // Break points: after the word's own hyphens (two letters before, three after), and
    // inside each hyphen-free part.
    let mut points: Vec<(usize, bool)> = Vec::new();
    let mut at = start;
    let mut prev_letters = 0;
    for (k, part) in core.split('-').enumerate() {
        if !part.chars().all(char::is_alphabetic) {
            return None;
        }
        let letters = part.chars().count();
        if k > 0 && prev_letters >= 2 && letters >= 3 {
            points.push((at, false));
        }
        if letters >= MIN_HYPHEN_WORD {
            points.extend(h.breaks(part).into_iter().map(|b| (at + b, true)));
        }
        prev_letters = letters;
        at += part.len() + 1;
    }
    let avail = width - cur.width - sw;
    let hyphen_w = fonts.width(face, "-", size);
    let &(b, add) = points
        .iter()
        .rev()
        .find(|&&(b, add)| fonts.width(face, &text[..b], size) + if add { hyphen_w } else { 0.0 } <= avail)?;
    // Worth a hyphen only when it takes up a fair part of the gap: at least half the slack
    // (justified: the stretch at least halves), or a third of the ragged edge.
    let used = sw + fonts.width(face, &text[..b], size) + if add { hyphen_w } else { 0.0 };
    let enough = match align {
        Align::Justify if gaps > 0 => (slack - used) / (gaps + 1) as f32 <= slack / gaps as f32 * 0.5,
        _ => used >= slack / 3.0,
    };
    if !enough {
        return None;
    }
    let head_text = if add { format!("{}-", &text[..b]) } else { text[..b].to_string() };
    let mut head = [Seg {
        width: fonts.width(face, &head_text, size),
        text: head_text,
        style: seg.style.clone(),
        actual: None,
        broken: false,
    }];
    let mut tail = [Seg {
        text: text[b..].to_string(),
        style: seg.style.clone(),
        width: fonts.width(face, &text[b..], size),
        actual: None,
        broken: false,
    }];
    mark_split(&mut head, &mut tail, text);
    Some((head.into(), tail.into()))
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
    break_lines_hyphenated(fonts, runs, width, align, None)
}

/// [`break_lines`], hyphenating with `hyph` where a line would otherwise be loose.
pub fn break_lines_hyphenated(
    fonts: &Fonts,
    runs: &[Run],
    width: f32,
    align: Align,
    hyph: Option<&Hyphenator>,
) -> Vec<Line> {
    let width = width.max(1.0);
    // Lines in a row that end with a hyphen.
    let mut hyphen_run = 0;
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
                hyphen_run = 0;
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
                    let split = hyph
                        .filter(|_| hyphen_run < MAX_HYPHEN_RUN)
                        .and_then(|h| hyphenate(fonts, h, &w, &cur, sw, width, align));
                    if let Some((head, tail)) = split {
                        cur.width += sw + word_width(&head);
                        cur.items.push((space.take(), head));
                        lines.push(set(std::mem::take(&mut cur), false));
                        hyphen_run += 1;
                        back = Some(Tok::Word(tail));
                        continue;
                    }
                    lines.push(set(std::mem::take(&mut cur), false));
                    hyphen_run = 0;
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
                Some(f) if f.style == st && f.actual.is_none() => {
                    f.text.push(' ');
                    f.width += sw + extra;
                }
                _ => line.frags.push(Frag {
                    x,
                    width: sw + extra,
                    style: st,
                    text: " ".into(),
                    spacing: extra,
                    actual: None,
                }),
            }
            x += sw + extra;
        }
        for seg in word {
            let m = fonts.metrics(seg.style.face);
            line.ascent = line.ascent.max(m.ascent * seg.style.size + seg.style.rise.max(0.0));
            line.descent = line.descent.max(m.descent * seg.style.size - seg.style.rise.min(0.0));
            match line.frags.last_mut() {
                Some(f) if f.style == seg.style && f.actual.is_none() && seg.actual.is_none() => {
                    f.text.push_str(&seg.text);
                    f.width += seg.width;
                }
                _ => line.frags.push(Frag {
                    x,
                    width: seg.width,
                    style: seg.style,
                    text: seg.text,
                    spacing: extra,
                    actual: seg.actual,
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
        assert!(last.frags.iter().all(|f| f.spacing == 0.0));
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

    fn hyph() -> Option<&'static Hyphenator> {
        Hyphenator::for_language("en")
    }

    fn ends_hyphenated(l: &Line) -> bool {
        l.frags.last().is_some_and(|f| f.actual.as_deref().is_some_and(|a| !a.is_empty()))
    }

    #[test]
    fn english_patterns_are_embedded_and_other_languages_are_not_hyphenated() {
        assert!(Hyphenator::for_language("en").is_some());
        assert!(Hyphenator::for_language("en-GB").is_some());
        assert!(Hyphenator::for_language("fr").is_none());
        assert_eq!(hyph().unwrap().breaks("hyphenation"), vec![2, 6, 7]);
    }

    #[test]
    fn a_loose_justified_line_is_filled_by_hyphenating_the_next_word() {
        let text = "aaa bbb ccc ddd eee fff ggg internationalization and more words follow here";
        let plain_lines = break_lines(fonts(), &plain(text), 200.0, Align::Justify);
        assert_eq!(plain_lines[0].text(), "aaa bbb ccc ddd eee fff ggg");
        let lines = break_lines_hyphenated(fonts(), &plain(text), 200.0, Align::Justify, hyph());
        // The head of the word, with a hyphen, ends the first line, which is now fuller.
        let first = lines[0].text();
        assert!(first.starts_with("aaa bbb ccc ddd eee fff ggg inter") && first.ends_with('-'), "{first}");
        assert!(lines[0].width > plain_lines[0].width);
        assert!(lines[0].width <= 200.0 + 0.01);
        // A reader copying the text gets the whole word once: the head carries it, the tail
        // carries nothing.
        let head = lines[0].frags.last().unwrap();
        assert_eq!(head.actual.as_deref(), Some("internationalization"));
        let tail = &lines[1].frags[0];
        assert_eq!(tail.actual.as_deref(), Some(""));
        assert_eq!(
            format!("{}{}", head.text().trim_end_matches('-'), tail.text().trim_end()).split(' ').next(),
            Some("internationalization")
        );
        // The space after the tail is ordinary text, not swallowed by the empty replacement.
        assert!(lines[1].frags[1..].iter().all(|f| f.actual.is_none()));
    }

    #[test]
    fn a_tight_line_is_not_hyphenated() {
        // The first line is nearly full: a hyphen would not help.
        let text = "aaaa bbbb cccc dddd eeee ffff gggg hhhh internationalization";
        let plain_lines = break_lines(fonts(), &plain(text), 170.0, Align::Justify);
        let lines = break_lines_hyphenated(fonts(), &plain(text), 170.0, Align::Justify, hyph());
        let slack = 170.0 - plain_lines[0].width;
        let gaps = plain_lines[0].text().matches(' ').count() as f32;
        if slack / gaps <= 10.0 * LOOSE_STRETCH {
            assert_eq!(lines, plain_lines);
        }
        assert!(!lines.iter().any(ends_hyphenated) || slack / gaps > 10.0 * LOOSE_STRETCH);
    }

    #[test]
    fn acronyms_numbers_and_code_are_not_hyphenated() {
        for (word, face) in [
            ("INTERNATIONALIZATION", Face::Serif),
            ("internationalization2025", Face::Serif),
            ("IGFsInternationalization", Face::Serif),
            ("internationalization", Face::Mono),
        ] {
            let runs = vec![
                Run::Text("aaa bbb ccc ddd eee fff ggg ".into(), Style::new(Face::Serif, 10.0)),
                Run::Text(word.into(), Style::new(face, 10.0)),
            ];
            let lines = break_lines_hyphenated(fonts(), &runs, 200.0, Align::Justify, hyph());
            assert!(!lines.iter().any(ends_hyphenated), "{word} was hyphenated");
            assert_eq!(lines[0].text(), "aaa bbb ccc ddd eee fff ggg", "{word}");
        }
    }

    #[test]
    fn a_compound_breaks_after_its_own_hyphen_without_a_second_one() {
        let text = "aaa bbb ccc ddd eee fff ggg multi-stakeholderships";
        let lines = break_lines_hyphenated(fonts(), &plain(text), 200.0, Align::Justify, hyph());
        let first = lines[0].text();
        assert!(first.ends_with('-') && !first.ends_with("--"), "{first}");
        assert_eq!(lines[0].frags.last().unwrap().actual.as_deref(), Some("multi-stakeholderships"));
    }

    #[test]
    fn no_more_than_two_lines_in_a_row_end_with_a_hyphen() {
        let text = "responsibilities characteristically telecommunications interoperability \
                    internationalization incomprehensibilities institutionalization \
                    representativeness "
            .repeat(6);
        let lines = break_lines_hyphenated(fonts(), &plain(&text), 150.0, Align::Justify, hyph());
        assert!(lines.iter().any(ends_hyphenated));
        let mut run = 0;
        for l in &lines {
            run = if ends_hyphenated(l) { run + 1 } else { 0 };
            assert!(run <= MAX_HYPHEN_RUN);
        }
        // Every word is still there once, whole, in what a reader copies.
        let copied: Vec<String> = lines
            .iter()
            .map(|l| {
                l.frags
                    .iter()
                    .map(|f| match &f.actual {
                        Some(a) => a.to_string(),
                        None => f.text().to_string(),
                    })
                    .collect()
            })
            .collect();
        let copied = copied.join("\n");
        let want: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(copied.split_whitespace().collect::<Vec<_>>(), want);
    }

    #[test]
    fn a_url_broken_over_lines_copies_as_one_word() {
        let url = "https://example.org/a/very/long/path/that/does/not/fit/on/one/line/of/the/cell";
        let lines = break_lines(fonts(), &plain(url), 90.0, Align::Left);
        assert_eq!(lines[0].frags[0].actual.as_deref(), Some(url));
        assert!(lines[1..].iter().all(|l| l.frags.iter().all(|f| f.actual.as_deref() == Some(""))));
        // A runaway word is not stored twice.
        let giant = "x".repeat(MAX_ACTUAL_TEXT + 1);
        let lines = break_lines(fonts(), &plain(&giant), 90.0, Align::Left);
        assert!(lines.iter().all(|l| l.frags.iter().all(|f| f.actual.is_none())));
    }
}
