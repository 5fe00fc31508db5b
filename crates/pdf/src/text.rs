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
        let mut parts = tag.split(['-', '_']);
        let primary = parts.next().unwrap_or_default();
        if !primary.eq_ignore_ascii_case("en") {
            return None;
        }
        // British patterns for the regions that spell the British way; US ones otherwise.
        let british = parts.any(|p| {
            ["GB", "UK", "IE", "AU", "NZ", "ZA", "IN"].iter().any(|r| p.eq_ignore_ascii_case(r))
                || p.eq_ignore_ascii_case("oxendict")
        });
        static US: OnceLock<Option<Hyphenator>> = OnceLock::new();
        static GB: OnceLock<Option<Hyphenator>> = OnceLock::new();
        let (cell, lang) =
            if british { (&GB, hyphenation::Language::EnglishGB) } else { (&US, hyphenation::Language::EnglishUS) };
        cell.get_or_init(|| {
            use hyphenation::Load;
            hyphenation::Standard::from_embedded(lang).ok().map(|dict| Hyphenator { dict })
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
    // Two runs of one style make one segment, so that the pair where they meet is kerned
    // like any other (within a word, neighbouring segments differ in style).
    if let Some(last) = word.last_mut().filter(|s| &s.style == style) {
        last.width += join_kern(fonts, last, text) + fonts.width(style.face, text, style.size);
        last.text.push_str(text);
        return;
    }
    let width = fonts.width(style.face, text, style.size);
    word.push(Seg { text: text.to_string(), style: style.clone(), width, actual: None, broken: false });
}

/// The kerning, in points, between the end of `seg` and `next` set after it in its style.
fn join_kern(fonts: &Fonts, seg: &Seg, next: &str) -> f32 {
    match (seg.text.chars().next_back(), next.chars().next()) {
        (Some(a), Some(b)) => fonts.metrics(seg.style.face).kern_at(a, b, seg.style.size),
        _ => 0.0,
    }
}

/// The kerning between the last segment of `a` and the first of `b` where a word's pieces
/// meet: zero unless the two are in one style.
fn pieces_kern(fonts: &Fonts, a: &[Seg], b: &[Seg]) -> f32 {
    match (a.last(), b.first()) {
        (Some(x), Some(y)) if x.style == y.style => join_kern(fonts, x, &y.text),
        _ => 0.0,
    }
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
    let (mut head, mut tail) = cut_to_fit(fonts, w, avail);
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

/// The longest prefix of `w` that fits in `avail` (at least one character), preferring a
/// break opportunity, and the rest; the pieces are not marked.
fn cut_to_fit(fonts: &Fonts, w: &[Seg], avail: f32) -> (Vec<Seg>, Vec<Seg>) {
    // Walk characters, remembering the last fitting position and the last opportunity.
    let mut acc = 0.0;
    let mut last_fit: Option<(usize, usize)> = None; // (segment, byte end)
    let mut last_opp: Option<(usize, usize, f32)> = None;
    'outer: for (si, seg) in w.iter().enumerate() {
        let m = fonts.metrics(seg.style.face);
        let mut prev: Option<char> = None;
        for (bi, c) in seg.text.char_indices() {
            let cw = m.advance(c) * seg.style.size + prev.map_or(0.0, |p| m.kern_at(p, c, seg.style.size));
            prev = Some(c);
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
    let points = hyphen_points(h, text)?;
    let avail = width - cur.width - sw;
    let m = fonts.metrics(face);
    // The head's width, with its hyphen kerned against its last letter.
    let head_w = |b: usize, add: bool| {
        fonts.width(face, &text[..b], size)
            + if add {
                m.advance('-') * size + text[..b].chars().next_back().map_or(0.0, |c| m.kern_at(c, '-', size))
            } else {
                0.0
            }
    };
    let &(b, add) = points.iter().rev().find(|&&(b, add)| head_w(b, add) <= avail)?;
    // Worth a hyphen only when it takes up a fair part of the gap: at least half the slack
    // (justified: the stretch at least halves), or a third of the ragged edge.
    let used = sw + head_w(b, add);
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

/// Where `text` (one word, in one style) may break with a hyphen: byte offsets, and whether
/// a hyphen is added there (`false`: after the word's own hyphen). `None` when the word is
/// not to be hyphenated at all.
///
/// Judgement, not just patterns: a word with a digit, a capital letter anywhere (a proper
/// name, an acronym, `IGFs`) or letters outside its core is left whole; a compound with its
/// own hyphen breaks only there (two letters before, three after), never inside its parts;
/// a plain word breaks at the Knuth–Liang points of at least [`MIN_HYPHEN_WORD`] letters,
/// leaving at least [`MIN_HYPHEN_LEFT`] letters before the hyphen and
/// [`MIN_HYPHEN_RIGHT`] after it.
fn hyphen_points(h: &Hyphenator, text: &str) -> Option<Vec<(usize, bool)>> {
    // The letters, with punctuation around them (quotes, brackets, a final comma).
    let start = text.find(char::is_alphabetic)?;
    let end = text.char_indices().rev().find(|(_, c)| c.is_alphabetic()).map(|(i, c)| i + c.len_utf8())?;
    let core = &text[start..end];
    if text[..start].chars().chain(text[end..].chars()).any(char::is_alphanumeric)
        || core.chars().any(char::is_uppercase)
    {
        return None;
    }
    let parts: Vec<&str> = core.split('-').collect();
    if parts.iter().any(|p| !p.chars().all(char::is_alphabetic)) {
        return None;
    }
    let mut points: Vec<(usize, bool)> = Vec::new();
    if parts.len() > 1 {
        // A compound: only after its own hyphens.
        let mut at = start;
        for pair in parts.windows(2) {
            at += pair[0].len() + 1;
            if pair[0].chars().count() >= 2 && pair[1].chars().count() >= 3 {
                points.push((at, false));
            }
        }
        return Some(points);
    }
    let letters = core.chars().count();
    if letters < MIN_HYPHEN_WORD {
        return Some(points);
    }
    for b in h.breaks(core) {
        let left = core[..b].chars().count();
        if left >= MIN_HYPHEN_LEFT && letters - left >= MIN_HYPHEN_RIGHT {
            points.push((start + b, true));
        }
    }
    Some(points)
}

/// At least this many letters before a hyphen.
const MIN_HYPHEN_LEFT: usize = 2;
/// At least this many letters after a hyphen.
const MIN_HYPHEN_RIGHT: usize = 3;

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

/// [`break_lines`], hyphenating with `hyph`. Justified text is broken total-fit (see
/// [`crate::knuth`]); ragged text, and a justified paragraph too long to optimise, first-fit.
pub fn break_lines_hyphenated(
    fonts: &Fonts,
    runs: &[Run],
    width: f32,
    align: Align,
    hyph: Option<&Hyphenator>,
) -> Vec<Line> {
    if align == Align::Justify {
        if let Some(lines) = total_fit(fonts, runs, width.max(1.0), hyph) {
            return lines;
        }
    }
    first_fit(fonts, runs, width, align, hyph)
}

/// Paragraphs (between hard breaks) of more atoms than this are set first-fit.
const MAX_TOTAL_FIT_ATOMS: usize = 20_000;
/// How far a space stretches at a stretch ratio of 1, and how far it may shrink, as shares of
/// its width: TeX's half for the stretch; a shrink of two fifths rather than TeX's third,
/// because DejaVu's space is wide (0.32 em) and the measure of about 72 characters leaves
/// fewer spaces per line to share a shortfall.
const SPACE_STRETCH: f32 = 0.5;

/// The stretch ratios tried in turn as the breaker's tolerance (see [`crate::knuth`]): spaces
/// at most 1.75, 2 and 2.5 times their natural width (at [`SPACE_STRETCH`] of a half). The
/// typography figures count the lines whose gaps pass 1.8 times the natural space, measured
/// with the glyphs' side bearings: a paragraph set only at the second or third tolerance is
/// one that cannot be set otherwise.
const TOLERANCES: &[f64] = &[1.5, 2.0, 3.0];
const SPACE_SHRINK: f32 = 0.4;
/// Penalty of a hyphen inserted into a word: nine times TeX's 50. On the report at this
/// measure (measured with `cargo xtask typography`, see BENCHMARKS.md) it keeps hyphenated
/// line ends under a tenth of the lines (9.0%; 13.6% at 150) with the median space at 1.13×
/// its natural width.
const HYPHEN_PENALTY: f32 = 450.0;
/// Penalty of a break after a word's own hyphen.
const EX_HYPHEN_PENALTY: f32 = 50.0;
/// Penalty of a break after a dash or a slash (`trends—deepfakes`, `and/or`, a URL).
const DASH_PENALTY: f32 = 0.0;
const SLASH_PENALTY: f32 = 30.0;
/// Penalty of any other break Unicode allows inside a word (before a dash, after `?`…).
const OTHER_BREAK_PENALTY: f32 = 100.0;
/// Penalty of a break between the characters of a word too wide for the line.
const FORCED_PENALTY: f32 = 1_000.0;

/// What comes before a piece of a paragraph.
#[derive(Debug, Clone)]
enum Before {
    /// The paragraph's first piece.
    Start,
    /// An inter-word space in a style.
    Space(Style),
    /// A break opportunity inside a word: its penalty, whether the line then ends with a
    /// hyphen, and whether that hyphen is added (not the word's own).
    Join { penalty: f32, flagged: bool, add_hyphen: bool },
}

/// A piece of a paragraph between two break opportunities.
#[derive(Debug, Clone)]
struct Piece {
    segs: Vec<Seg>,
    /// The (space-delimited) word it belongs to.
    word: usize,
    before: Before,
}

/// The break opportunities inside one word: byte offset in the word's text, penalty, flagged,
/// hyphen added. Unicode line breaking (UAX #14) gives the breaks after dashes, slashes and
/// the like; the hyphenator the hyphenation points of plain words in one style.
fn word_breaks(w: &[Seg], hyph: Option<&Hyphenator>) -> Vec<(usize, f32, bool, bool)> {
    let text: String = w.iter().map(|s| s.text.as_str()).collect();
    let mut out: Vec<(usize, f32, bool, bool)> = Vec::new();
    let letters_before = |at: usize| text[..at].chars().rev().take_while(|c| c.is_alphabetic()).count();
    let letters_after = |at: usize| text[at..].chars().take_while(|c| c.is_alphabetic()).count();
    for (at, op) in unicode_linebreak::linebreaks(&text) {
        if at == 0 || at >= text.len() || op != unicode_linebreak::BreakOpportunity::Allowed {
            continue;
        }
        let prev = text[..at].chars().next_back().unwrap_or(' ');
        let brk = match prev {
            '-' | '\u{2010}' => {
                // A compound: only between parts of two and three letters or more.
                if letters_before(at - prev.len_utf8()) < 2 || letters_after(at) < 3 {
                    continue;
                }
                (at, EX_HYPHEN_PENALTY, true, false)
            }
            '\u{2014}' | '\u{2013}' => (at, DASH_PENALTY, false, false),
            '/' => (at, SLASH_PENALTY, false, false),
            _ => (at, OTHER_BREAK_PENALTY, false, false),
        };
        out.push(brk);
    }
    if let (Some(h), [seg]) = (hyph, w) {
        if !matches!(seg.style.face, Face::Mono | Face::MonoBold) && seg.style.rise == 0.0 {
            for (at, add) in hyphen_points(h, &seg.text).unwrap_or_default() {
                if add && !out.iter().any(|b| b.0 == at) {
                    out.push((at, HYPHEN_PENALTY, true, true));
                }
            }
        }
    }
    out.sort_by_key(|b| b.0);
    out
}

/// Cut `w` at byte offsets of its text (increasing, inside it), measuring the cut segments.
fn cut_segs(fonts: &Fonts, w: Vec<Seg>, offsets: &[usize]) -> Vec<Vec<Seg>> {
    let mut out: Vec<Vec<Seg>> = vec![Vec::new()];
    let mut base = 0;
    let mut next = offsets.iter().copied().peekable();
    for seg in w {
        let len = seg.text.len();
        let mut from = 0;
        while let Some(&at) = next.peek() {
            // A cut at the segment's end is made at the start of the next one.
            if at >= base + len {
                break;
            }
            next.next();
            let local = at - base;
            if local > from {
                let text = seg.text[from..local].to_string();
                let width = fonts.width(seg.style.face, &text, seg.style.size);
                out.last_mut().expect("one piece at least").push(Seg { text, width, ..seg.clone() });
            }
            from = local;
            out.push(Vec::new());
        }
        if from == 0 {
            out.last_mut().expect("one piece at least").push(seg);
        } else if from < len {
            let text = seg.text[from..].to_string();
            let width = fonts.width(seg.style.face, &text, seg.style.size);
            out.last_mut().expect("one piece at least").push(Seg { text, width, ..seg });
        }
        base += len;
    }
    out.retain(|p| !p.is_empty());
    out
}

/// Set justified `runs` total-fit; `None` when a paragraph is too long for it.
fn total_fit(fonts: &Fonts, runs: &[Run], width: f32, hyph: Option<&Hyphenator>) -> Option<Vec<Line>> {
    let mut lines = Vec::new();
    let mut words: Vec<(Option<Style>, Vec<Seg>)> = Vec::new();
    let mut space: Option<Style> = None;
    let mut toks = Tokens::new(fonts, runs);
    loop {
        match toks.next() {
            Some(Tok::Space(st)) => {
                if !words.is_empty() {
                    space = Some(st);
                }
            }
            Some(Tok::Word(w)) => {
                // Too long to set total-fit: give up before holding all of it.
                if words.len() >= MAX_TOTAL_FIT_ATOMS {
                    return None;
                }
                words.push((space.take(), w));
            }
            t @ (Some(Tok::Break) | None) => {
                let end = t.is_none();
                if words.is_empty() {
                    if !end {
                        lines.push(Line::default());
                    }
                } else {
                    lines.extend(total_fit_chunk(fonts, std::mem::take(&mut words), width, hyph)?);
                }
                space = None;
                if end {
                    return Some(lines);
                }
            }
        }
    }
}

/// Set one run of words (no hard break inside) total-fit; the last line ragged.
fn total_fit_chunk(
    fonts: &Fonts,
    words: Vec<(Option<Style>, Vec<Seg>)>,
    width: f32,
    hyph: Option<&Hyphenator>,
) -> Option<Vec<Line>> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut texts: Vec<String> = Vec::with_capacity(words.len());
    for (wi, (space, w)) in words.into_iter().enumerate() {
        texts.push(w.iter().map(|s| s.text.as_str()).collect());
        let breaks = word_breaks(&w, hyph);
        let offsets: Vec<usize> = breaks.iter().map(|b| b.0).collect();
        let parts = cut_segs(fonts, w, &offsets);
        for (k, mut part) in parts.into_iter().enumerate() {
            let mut before = match (k, &space) {
                (0, Some(st)) if !pieces.is_empty() => Before::Space(st.clone()),
                (0, _) => Before::Start,
                _ => {
                    let (_, penalty, flagged, add_hyphen) = breaks[k - 1];
                    Before::Join { penalty, flagged, add_hyphen }
                }
            };
            if pieces.is_empty() {
                before = Before::Start;
            }
            // A piece wider than the line is cut between characters.
            while word_width(&part) > width {
                let (head, tail) = cut_to_fit(fonts, &part, width);
                if tail.is_empty() {
                    break;
                }
                pieces.push(Piece { segs: head, word: wi, before });
                before = Before::Join { penalty: FORCED_PENALTY, flagged: false, add_hyphen: false };
                part = tail;
            }
            pieces.push(Piece { segs: part, word: wi, before });
        }
        if pieces.len() > MAX_TOTAL_FIT_ATOMS {
            return None;
        }
    }
    // Where a word's pieces meet, the pair is kerned when the line does not break there: the
    // kerning goes with the piece before, and a break there takes it back.
    let joins: Vec<f32> = (0..pieces.len())
        .map(|k| match pieces[k].before {
            Before::Join { .. } if k > 0 => pieces_kern(fonts, &pieces[k - 1].segs, &pieces[k].segs),
            _ => 0.0,
        })
        .collect();
    let widths: Vec<f32> = pieces
        .iter()
        .enumerate()
        .map(|(k, p)| word_width(&p.segs) + joins.get(k + 1).copied().unwrap_or(0.0))
        .collect();
    let seps: Vec<crate::knuth::Sep> = pieces
        .iter()
        .enumerate()
        .map(|(k, p)| match &p.before {
            Before::Start => crate::knuth::Sep::Start,
            Before::Space(st) => {
                let w = fonts.width(st.face, " ", st.size);
                crate::knuth::Sep::Space { width: w, stretch: w * SPACE_STRETCH, shrink: w * SPACE_SHRINK }
            }
            Before::Join { penalty, flagged, add_hyphen } => crate::knuth::Sep::Join {
                penalty: *penalty,
                flagged: *flagged,
                width: if *add_hyphen { hyphen_width(fonts, &pieces[k - 1].segs) } else { 0.0 } - joins[k],
            },
        })
        .collect();
    let params = crate::knuth::Params { tolerances: TOLERANCES, ..crate::knuth::Params::default() };
    let ends = crate::knuth::total_fit(&widths, &seps, width, &params)?;
    // The lines' words; a word broken over lines is marked so that it copies whole.
    let mut pending: Vec<Pending> = Vec::with_capacity(ends.len());
    let mut start = 0;
    // (line holding the head, unless marked already; word) of the word broken at the end of
    // the previous line.
    let mut open: Option<(Option<usize>, usize)> = None;
    for (li, &end) in ends.iter().enumerate() {
        let mut p = Pending::default();
        for (k, piece) in pieces.iter().enumerate().take(end).skip(start) {
            let segs = piece.segs.clone();
            match &piece.before {
                Before::Join { .. } if k > start => {
                    // The pieces of a word on one line join up again.
                    if let Some((_, word)) = p.items.last_mut() {
                        for seg in segs {
                            match word.last_mut() {
                                Some(prev) if prev.style == seg.style => {
                                    prev.width += join_kern(fonts, prev, &seg.text) + seg.width;
                                    prev.text.push_str(&seg.text);
                                }
                                _ => word.push(seg),
                            }
                        }
                    }
                }
                Before::Space(st) if k > start => p.items.push((Some(st.clone()), segs)),
                _ => p.items.push((None, segs)),
            }
        }
        if let Some(Before::Join { add_hyphen: true, .. }) = pieces.get(end).map(|p| &p.before) {
            if let Some(seg) = p.items.last_mut().and_then(|(_, w)| w.last_mut()) {
                seg.text.push('-');
                seg.width = fonts.width(seg.style.face, &seg.text, seg.style.size);
            }
        }
        p.width = p
            .items
            .iter()
            .map(|(sp, w)| sp.as_ref().map_or(0.0, |st| fonts.width(st.face, " ", st.size)) + word_width(w))
            .sum();
        // The tail of a word broken at the end of the previous line.
        if let Some((head_line, wi)) = open.take() {
            if texts[wi].len() <= MAX_ACTUAL_TEXT {
                let empty: Arc<str> = Arc::from("");
                if let Some((_, w)) = p.items.first_mut() {
                    w.iter_mut().for_each(|s| s.actual = Some(empty.clone()));
                }
                if let Some((_, w)) = head_line.and_then(|h| pending[h].items.last_mut()) {
                    {
                        w.iter_mut().for_each(|s| s.actual = Some(empty.clone()));
                        if let Some(first) = w.first_mut() {
                            first.actual = Some(Arc::from(texts[wi].as_str()));
                        }
                    }
                }
            }
        }
        if let Some(next) = pieces.get(end).filter(|p| matches!(p.before, Before::Join { .. })) {
            // The head is the line's last word, unless that word began on an earlier line
            // (then it is already marked as a tail and its head is further up).
            let continued = p.items.len() == 1 && matches!(pieces[start].before, Before::Join { .. });
            open = Some(((!continued).then_some(li), next.word));
        }
        pending.push(p);
        start = end;
    }
    let n = pending.len();
    Some(
        pending
            .into_iter()
            .enumerate()
            .map(|(li, p)| {
                let gaps = p.items.iter().filter(|(s, _)| s.is_some()).count();
                // The last line keeps natural spaces, unless it had to shrink to fit.
                let extra =
                    if gaps == 0 || (li + 1 == n && p.width <= width) { 0.0 } else { (width - p.width) / gaps as f32 };
                place(fonts, p, 0.0, extra)
            })
            .collect(),
    )
}

/// The width of a hyphen after `w`, in its last segment's style, kerned against its last
/// character.
fn hyphen_width(fonts: &Fonts, w: &[Seg]) -> f32 {
    w.last().map_or(0.0, |s| {
        let m = fonts.metrics(s.style.face);
        m.advance('-') * s.style.size + join_kern(fonts, s, "-")
    })
}

/// First-fit line breaking (see the module documentation).
fn first_fit(fonts: &Fonts, runs: &[Run], width: f32, align: Align, hyph: Option<&Hyphenator>) -> Vec<Line> {
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
    let (x, extra) = match align {
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
    place(fonts, p, x, extra)
}

/// Fragments of pending words from `x`, each space widened by `extra` points (narrowed when
/// negative).
fn place(fonts: &Fonts, p: Pending, mut x: f32, extra: f32) -> Line {
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
                    // Drawn as one string, so the pair where they meet is kerned.
                    let k = match (f.text.chars().next_back(), seg.text.chars().next()) {
                        (Some(a), Some(b)) => fonts.metrics(seg.style.face).kern_at(a, b, seg.style.size),
                        _ => 0.0,
                    };
                    f.text.push_str(&seg.text);
                    f.width += k + seg.width;
                    x += k;
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
    fn kerned_justified_lines_still_end_at_the_margin() {
        let f = fonts();
        let text = "AVATAR Tokyo Type WAVE: Yvonne saw a VAT return, Today a LAVA flow, Tomorrow \
                    a Typhoon over Taiwan; AWAY we go. ";
        let text = text.repeat(5);
        let m = f.metrics(Face::Serif);
        // The text kerns: measured kerned, its words are narrower than their letters' advances.
        let unkerned = |w: &str| w.chars().map(|c| m.advance(c) * 10.0).sum::<f32>();
        assert!(f.width(Face::Serif, "AVATAR", 10.0) < unkerned("AVATAR") - 0.5);
        for hyph in [None, hyph()] {
            for width in [150.0, 220.0] {
                let lines = break_lines_hyphenated(f, &plain(&text), width, Align::Justify, hyph);
                assert!(lines.len() > 5);
                for (k, l) in lines.iter().enumerate().take(lines.len() - 1) {
                    // A line of one word has no space to stretch (the breaker sets one here
                    // with or without kerning); every other line reaches the margin.
                    let right = l.frags.last().map(|fr| fr.x + fr.width).unwrap();
                    if l.text().contains(' ') {
                        assert!((right - width).abs() < 0.05, "line {k} ends at {right}: {}", l.text());
                    }
                    // Each fragment is as wide as its kerned text plus its spacing.
                    for fr in &l.frags {
                        let spaces = fr.text().matches(' ').count() as f32;
                        let want = f.width(fr.style.face, fr.text(), 10.0) + spaces * fr.spacing;
                        assert!((fr.width - want).abs() < 0.01, "{:?}: {} != {want}", fr.text(), fr.width);
                    }
                }
                assert_eq!(
                    copied(&lines).split_whitespace().collect::<Vec<_>>(),
                    text.split_whitespace().collect::<Vec<_>>()
                );
            }
        }
        // Ragged lines fit by their kerned width and fill up to it.
        let lines = break_lines(f, &plain(&text), 150.0, Align::Left);
        for l in &lines {
            assert!((l.width - f.width(Face::Serif, &l.text(), 10.0)).abs() < 0.01, "{}", l.text());
            assert!(l.width <= 150.01);
        }
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

    /// What a reader copies from the lines: `/ActualText` where there is one.
    fn copied(lines: &[Line]) -> String {
        let lines: Vec<String> = lines
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
        lines.join("\n")
    }

    #[test]
    fn hyphenated_words_copy_whole_and_justified_lines_reach_the_margin() {
        let text = "Communities everywhere are experimenting with participatory governance arrangements, \
                    establishing consultative mechanisms, and strengthening accountability through \
                    transparent reporting, comprehensive documentation and institutional collaboration.";
        let lines = break_lines_hyphenated(fonts(), &plain(text), 200.0, Align::Justify, hyph());
        assert!(lines.iter().any(ends_hyphenated), "{:?}", lines.iter().map(Line::text).collect::<Vec<_>>());
        for (k, l) in lines.iter().enumerate() {
            if ends_hyphenated(l) {
                // The head shows its hyphen and carries the whole word; the tail carries none.
                let head = l.frags.last().unwrap();
                assert!(head.text().ends_with('-'), "{}", l.text());
                let whole = head.actual.as_deref().unwrap();
                assert!(whole.starts_with(head.text().trim_end_matches('-')) && !whole.contains(' '));
                assert_eq!(lines[k + 1].frags[0].actual.as_deref(), Some(""));
                // The space after the tail is ordinary text, not swallowed by the replacement.
                assert!(lines[k + 1].frags[1..].iter().all(|f| f.actual.is_none()));
            }
            if k + 1 < lines.len() {
                let right = l.frags.last().map(|f| f.x + f.width).unwrap();
                assert!((right - 200.0).abs() < 0.05, "line {k} ends at {right}: {}", l.text());
            }
        }
        assert_eq!(copied(&lines).split_whitespace().collect::<Vec<_>>(), text.split_whitespace().collect::<Vec<_>>());
        // The last line is never only the tail of a word.
        assert!(!ends_hyphenated(&lines[lines.len() - 2]));
    }

    #[test]
    fn em_dashes_and_slashes_break_without_a_hyphen() {
        let text = "aaaa bbbb cccc dddd eeee misinformation\u{2014}deepfakes ffff gggg hhhh iiii \
                    jjjj kkkk https://example.org/some/long/path/to/a/page llll mmmm nnnn oooo";
        let lines = break_lines_hyphenated(fonts(), &plain(text), 130.0, Align::Justify, None);
        let texts: Vec<String> = lines.iter().map(Line::text).collect();
        assert!(texts.iter().any(|t| t.ends_with('\u{2014}') || t.ends_with('/')), "{texts:?}");
        assert!(texts.iter().all(|t| !t.ends_with('-')), "{texts:?}");
        assert_eq!(copied(&lines).split_whitespace().collect::<Vec<_>>(), text.split_whitespace().collect::<Vec<_>>());
    }

    #[test]
    fn proper_names_and_compound_parts_are_not_hyphenated() {
        let h = hyph().unwrap();
        assert_eq!(hyphen_points(h, "Singapore"), None);
        assert_eq!(hyphen_points(h, "sub-regional"), Some(vec![(4, false)]));
        assert_eq!(hyphen_points(h, "decision-making,"), Some(vec![(9, false)]));
        // Fragments of at least two letters before the hyphen and three after.
        for (at, add) in hyphen_points(h, "responsibilities").unwrap() {
            assert!(add && at >= 2 && "responsibilities".len() - at >= 3);
        }
    }

    #[test]
    fn british_patterns_for_british_english() {
        let gb = Hyphenator::for_language("en-GB").unwrap();
        let us = Hyphenator::for_language("en-US").unwrap();
        assert!(!std::ptr::eq(gb, us));
        assert!(std::ptr::eq(us, Hyphenator::for_language("en").unwrap()));
        // The two pattern sets disagree on some words (British splits by etymology).
        let words = ["progress", "knowledge", "democracy", "photograph", "record", "present"];
        assert!(words.iter().any(|w| gb.breaks(w) != us.breaks(w)));
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
        let copied = copied(&lines);
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
