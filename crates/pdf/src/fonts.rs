//! The embedded faces and their metrics.
//!
//! Every face comes from the `dejavu` crate (TrueType bytes compiled into the binary), so no
//! output depends on the fonts installed on the machine. Widths are read from each face's
//! `hmtx` table through its Unicode `cmap`; the layout measures with exactly the advances the
//! PDF viewer will use (no kerning and no ligatures are applied on either side, so text
//! extraction maps one glyph to one character).

use std::collections::HashMap;

use printpdf::ParsedFont;

/// The faces a document is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    /// Body text.
    Serif,
    /// Strong body text.
    SerifBold,
    /// Emphasised body text.
    SerifItalic,
    /// Strong and emphasised body text.
    SerifBoldItalic,
    /// Running footer, table text, chart labels.
    Sans,
    /// Headings, table headers, chart titles.
    SansBold,
    /// Code.
    Mono,
    /// Strong code.
    MonoBold,
}

impl Face {
    /// Every face, in a fixed order (their PDF resource names follow it).
    pub const ALL: [Face; 8] = [
        Face::Serif,
        Face::SerifBold,
        Face::SerifItalic,
        Face::SerifBoldItalic,
        Face::Sans,
        Face::SansBold,
        Face::Mono,
        Face::MonoBold,
    ];

    /// The TrueType bytes of the face.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            Face::Serif => dejavu::serif::regular(),
            Face::SerifBold => dejavu::serif::bold(),
            Face::SerifItalic => dejavu::serif::italic(),
            Face::SerifBoldItalic => dejavu::serif::bold_italic(),
            Face::Sans => dejavu::sans::regular(),
            Face::SansBold => dejavu::sans::bold(),
            Face::Mono => dejavu::sans_mono::regular(),
            Face::MonoBold => dejavu::sans_mono::bold(),
        }
    }

    /// The face's PostScript name.
    pub fn postscript_name(self) -> &'static str {
        match self {
            Face::Serif => "DejaVuSerif",
            Face::SerifBold => "DejaVuSerif-Bold",
            Face::SerifItalic => "DejaVuSerif-Italic",
            Face::SerifBoldItalic => "DejaVuSerif-BoldItalic",
            Face::Sans => "DejaVuSans",
            Face::SansBold => "DejaVuSans-Bold",
            Face::Mono => "DejaVuSansMono",
            Face::MonoBold => "DejaVuSansMono-Bold",
        }
    }

    /// Index into [`Face::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The bold variant of this face.
    pub fn bold(self) -> Face {
        match self {
            Face::Serif | Face::SerifBold => Face::SerifBold,
            Face::SerifItalic | Face::SerifBoldItalic => Face::SerifBoldItalic,
            Face::Sans | Face::SansBold => Face::SansBold,
            Face::Mono | Face::MonoBold => Face::MonoBold,
        }
    }

    /// The italic variant of this face (sans and mono have none in use; they stay upright).
    pub fn italic(self) -> Face {
        match self {
            Face::Serif | Face::SerifItalic => Face::SerifItalic,
            Face::SerifBold | Face::SerifBoldItalic => Face::SerifBoldItalic,
            other => other,
        }
    }

    /// The monospace face of the same weight.
    pub fn mono(self) -> Face {
        match self {
            Face::SerifBold | Face::SerifBoldItalic | Face::SansBold | Face::MonoBold => Face::MonoBold,
            _ => Face::Mono,
        }
    }
}

/// Metrics of one face: glyph ids and advances by character.
#[derive(Debug)]
pub struct FaceMetrics {
    /// Font units per em.
    units_per_em: f32,
    /// Ascender in em (positive).
    pub ascent: f32,
    /// Descender in em (positive, below the baseline).
    pub descent: f32,
    /// Glyph id and advance (font units) for the first 0x3000 code points.
    fast: Vec<(u16, u16)>,
    /// The rest of the cmap.
    slow: HashMap<u32, (u16, u16)>,
    /// The advance of .notdef.
    notdef: u16,
}

const FAST: usize = 0x3000;

impl FaceMetrics {
    fn from_parsed(p: &ParsedFont) -> FaceMetrics {
        let mut fast = vec![(0u16, 0u16); FAST];
        let mut slow = HashMap::new();
        for (&cp, &gid) in &p.codepoint_to_glyph {
            let adv = p.glyph_widths.get(&gid).copied().unwrap_or(0);
            if (cp as usize) < FAST {
                fast[cp as usize] = (gid, adv);
            } else {
                slow.insert(cp, (gid, adv));
            }
        }
        let upem = f32::from(p.units_per_em.max(1));
        FaceMetrics {
            units_per_em: upem,
            ascent: f32::from(p.font_metrics.ascent) / upem,
            descent: -f32::from(p.font_metrics.descent) / upem,
            fast,
            slow,
            notdef: p.glyph_widths.get(&0).copied().unwrap_or(0),
        }
    }

    /// Glyph id of a character, if the face has one.
    pub fn glyph(&self, c: char) -> Option<u16> {
        let cp = c as u32;
        let g = if (cp as usize) < FAST { self.fast[cp as usize].0 } else { self.slow.get(&cp).map_or(0, |x| x.0) };
        (g != 0).then_some(g)
    }

    /// Advance of a character in em.
    pub fn advance(&self, c: char) -> f32 {
        let cp = c as u32;
        let (g, adv) =
            if (cp as usize) < FAST { self.fast[cp as usize] } else { self.slow.get(&cp).copied().unwrap_or((0, 0)) };
        let adv = if g == 0 { self.notdef } else { adv };
        f32::from(adv) / self.units_per_em
    }

    /// Width of a string at a size, in points.
    pub fn width(&self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }
}

/// All faces, parsed once.
pub struct Fonts {
    parsed: Vec<ParsedFont>,
    metrics: Vec<FaceMetrics>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts").field("faces", &self.metrics.len()).finish()
    }
}

impl Fonts {
    /// Parse every embedded face.
    pub fn load() -> Result<Fonts, String> {
        let mut parsed = Vec::new();
        let mut metrics = Vec::new();
        for face in Face::ALL {
            let mut warnings = Vec::new();
            let p = ParsedFont::from_bytes(face.bytes(), 0, &mut warnings)
                .ok_or_else(|| format!("embedded font {face:?} could not be parsed"))?;
            metrics.push(FaceMetrics::from_parsed(&p));
            parsed.push(p);
        }
        Ok(Fonts { parsed, metrics })
    }

    /// Metrics of a face.
    pub fn metrics(&self, face: Face) -> &FaceMetrics {
        &self.metrics[face.index()]
    }

    /// Width of `s` in `face` at `size` points.
    pub fn width(&self, face: Face, s: &str, size: f32) -> f32 {
        self.metrics(face).width(s, size)
    }

    /// The parsed face (for subsetting and embedding).
    pub fn parsed(&self, face: Face) -> &ParsedFont {
        &self.parsed[face.index()]
    }
}

/// A subset of `face` holding the glyphs of `chars`, with a Unicode cmap for them, so the PDF
/// embeds only what the document uses. Returns `None` when the subsetter fails (the caller
/// then embeds the whole face).
pub fn subset(face: Face, metrics: &FaceMetrics, chars: &std::collections::BTreeSet<char>) -> Option<Vec<u8>> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile};
    let mut gids: Vec<u16> = chars.iter().filter_map(|&c| metrics.glyph(c)).collect();
    gids.push(0);
    gids.sort_unstable();
    gids.dedup();
    let scope = ReadScope::new(face.bytes());
    let data = scope.read::<FontData<'_>>().ok()?;
    let provider = data.table_provider(0).ok()?;
    allsorts::subset::subset(&provider, &gids, &SubsetProfile::Pdf, CmapTarget::Unicode).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_face_parses_and_measures() {
        let f = Fonts::load().unwrap();
        for face in Face::ALL {
            let m = f.metrics(face);
            assert!(m.ascent > 0.5 && m.descent > 0.1, "{face:?}");
            assert!(f.width(face, "mm", 10.0) > f.width(face, "m", 10.0));
        }
        // Monospace: every glyph has the same advance.
        assert_eq!(f.width(Face::Mono, "iiii", 10.0), f.width(Face::Mono, "MMMM", 10.0));
    }

    #[test]
    fn subset_keeps_a_unicode_cmap() {
        let f = Fonts::load().unwrap();
        let chars: std::collections::BTreeSet<char> = "Tromsø – “quoted” ↑".chars().collect();
        let bytes = subset(Face::Serif, f.metrics(Face::Serif), &chars).unwrap();
        assert!(bytes.len() < Face::Serif.bytes().len() / 5);
        let p = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new()).unwrap();
        for c in chars {
            assert!(p.codepoint_to_glyph.contains_key(&(c as u32)), "{c:?} lost in subset");
        }
    }
}
