//! The embedded faces and their metrics.
//!
//! Every face comes from the `dejavu` crate (TrueType bytes compiled into the binary), so no
//! output depends on the fonts installed on the machine. Widths are read from each face's
//! `hmtx` table through its Unicode `cmap`; the layout measures with exactly the advances the
//! PDF viewer will use. Pair kerning ([`Kerning`]) is read once per face from its GPOS `kern`
//! feature (PairPos subtables, format 1 and 2), or from the legacy `kern` table when GPOS has
//! none; it applies between two characters of one run of text in one style, never next to a
//! space, and is measured and drawn (as `TJ` adjustments) alike. No ligatures, so text
//! extraction maps one glyph to one character.

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
    /// Pair kerning.
    kerning: Kerning,
}

const FAST: usize = 0x3000;

impl FaceMetrics {
    fn from_parsed(p: &ParsedFont, bytes: &[u8]) -> FaceMetrics {
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
        let glyphs = p.codepoint_to_glyph.values().copied().max().map_or(0, |g| usize::from(g) + 1);
        FaceMetrics {
            kerning: Kerning::read(bytes, upem, glyphs),
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

    /// The kerning between `a` and `b` set one after the other, in thousandths of an em
    /// (negative: closer). Zero next to a space or a character the face lacks.
    pub fn kern(&self, a: char, b: char) -> i16 {
        if a.is_whitespace() || b.is_whitespace() {
            return 0;
        }
        match (self.glyph(a), self.glyph(b)) {
            (Some(a), Some(b)) => self.kerning.get(a, b),
            _ => 0,
        }
    }

    /// [`FaceMetrics::kern`] in points at `size`.
    pub fn kern_at(&self, a: char, b: char, size: f32) -> f32 {
        f32::from(self.kern(a, b)) * size / 1000.0
    }

    /// Width of a string at a size, in points, kerned.
    pub fn width(&self, s: &str, size: f32) -> f32 {
        let mut em = 0.0;
        let mut kern = 0i32;
        let mut prev: Option<char> = None;
        for c in s.chars() {
            em += self.advance(c);
            if let Some(p) = prev {
                kern += i32::from(self.kern(p, c));
            }
            prev = Some(c);
        }
        (em + kern as f32 / 1000.0) * size
    }
}

/// Pair kerning of one face: the change to the first glyph's advance when the second follows
/// it, in thousandths of an em (rounded, so what is measured is exactly what the `TJ` arrays
/// say). Read once from the face's GPOS `kern` feature (default or Latin script, default
/// language system), or from the legacy `kern` table (format 0 pairs) when GPOS has none.
#[derive(Default)]
pub struct Kerning {
    /// Lookups in order; each is a list of subtables of which the first that covers a pair
    /// applies, and the lookups add up.
    lookups: Vec<Vec<PairTable>>,
    /// By glyph id: whether the glyph begins a pair in any subtable (most do not).
    first: Vec<bool>,
}

impl std::fmt::Debug for Kerning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kerning").field("lookups", &self.lookups.len()).finish_non_exhaustive()
    }
}

/// One kerning subtable.
enum PairTable {
    /// GPOS PairPos format 2: a class for each first glyph (`u16::MAX`: not covered) and each
    /// second glyph, and the value of each pair of classes.
    Classes { class1: Vec<u16>, class2: Vec<u16>, columns: usize, values: Vec<i16> },
    /// Listed pairs (legacy `kern` format 0): `first << 16 | second` and the value, sorted.
    Pairs(Vec<(u32, i16)>),
    /// GPOS PairPos format 1, asked of allsorts (its pair sets are not public to list).
    Lookup {
        lookup: std::sync::Arc<allsorts::layout::LookupCacheItem<allsorts::layout::PosLookup>>,
        index: usize,
        upem: f32,
    },
}

/// Font units to thousandths of an em.
fn thousandths(units: i16, upem: f32) -> i16 {
    (f32::from(units) * 1000.0 / upem).round() as i16
}

impl PairTable {
    /// The pair's value, `None` when the subtable does not cover it.
    fn get(&self, a: u16, b: u16) -> Option<i16> {
        match self {
            PairTable::Classes { class1, class2, columns, values } => {
                let c1 = *class1.get(usize::from(a))?;
                if c1 == u16::MAX {
                    return None;
                }
                let c2 = class2.get(usize::from(b)).copied().unwrap_or(0);
                values.get(usize::from(c1) * columns + usize::from(c2)).copied()
            }
            PairTable::Pairs(pairs) => {
                let key = u32::from(a) << 16 | u32::from(b);
                pairs.binary_search_by_key(&key, |p| p.0).ok().map(|i| pairs[i].1)
            }
            PairTable::Lookup { lookup, index, upem } => {
                let allsorts::layout::PosLookup::PairPos(subtables) = &lookup.lookup_subtables else { return None };
                let (v1, _) = subtables.get(*index)?.apply(a, b).ok()??;
                Some(v1.map_or(0, |v| thousandths(v.x_advance, *upem)))
            }
        }
    }
}

impl Kerning {
    /// The kerning of a face's bytes; `glyphs` bounds the glyph ids that will be asked about.
    /// A face whose tables cannot be read is not kerned.
    pub fn read(bytes: &[u8], upem: f32, glyphs: usize) -> Kerning {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::tables::FontTableProvider;
        let Ok(data) = ReadScope::new(bytes).read::<FontData<'_>>() else { return Kerning::default() };
        let Ok(provider) = data.table_provider(0) else { return Kerning::default() };
        let mut k = match provider.table_data(allsorts::tag::GPOS) {
            Ok(Some(gpos)) => Kerning::from_gpos(&gpos, upem, glyphs).unwrap_or_default(),
            _ => Kerning::default(),
        };
        if k.lookups.is_empty() {
            if let Ok(Some(kern)) = provider.table_data(allsorts::tag::KERN) {
                k = Kerning::from_kern_table(&kern, upem).unwrap_or_default();
            }
        }
        k.first = vec![false; glyphs];
        for g in (0..glyphs).map(|g| g as u16) {
            k.first[usize::from(g)] = k.lookups.iter().flatten().any(|t| match t {
                PairTable::Classes { class1, .. } => class1.get(usize::from(g)).is_some_and(|&c| c != u16::MAX),
                PairTable::Pairs(pairs) => {
                    let from = u32::from(g) << 16;
                    let i = pairs.partition_point(|p| p.0 < from);
                    pairs.get(i).is_some_and(|p| p.0 >> 16 == u32::from(g))
                }
                PairTable::Lookup { lookup, index, .. } => match &lookup.lookup_subtables {
                    allsorts::layout::PosLookup::PairPos(s) => s.get(*index).is_some_and(|s| match s {
                        allsorts::layout::PairPos::Format1 { coverage, .. }
                        | allsorts::layout::PairPos::Format2 { coverage, .. } => {
                            coverage.glyph_coverage_value(g).is_some()
                        }
                    }),
                    _ => false,
                },
            });
        }
        k
    }

    /// The adjustment of a glyph pair in thousandths of an em.
    pub fn get(&self, a: u16, b: u16) -> i16 {
        if !self.first.get(usize::from(a)).copied().unwrap_or(false) {
            return 0;
        }
        let total: i32 = self.lookups.iter().map(|l| l.iter().find_map(|t| t.get(a, b)).map_or(0, i32::from)).sum();
        total.clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16
    }

    /// The pair adjustment lookups of the `kern` feature of a GPOS table.
    fn from_gpos(gpos: &[u8], upem: f32, glyphs: usize) -> Option<Kerning> {
        use allsorts::binary::read::ReadScope;
        use allsorts::layout::{new_layout_cache, LayoutTable, PairPos, PosLookup, GPOS};
        let table = ReadScope::new(gpos).read::<LayoutTable<GPOS>>().ok()?;
        let cache = new_layout_cache(table);
        let t = &cache.layout_table;
        let script = t.find_script_or_default(allsorts::tag::LATN).ok()??;
        let langsys = script.find_langsys_or_default(None).ok()??;
        let feature = t.find_langsys_feature(langsys, allsorts::tag::KERN, None).ok()??;
        let list = t.opt_lookup_list.as_ref()?;
        let mut indices = feature.lookup_indices.clone();
        indices.sort_unstable();
        indices.dedup();
        let mut lookups = Vec::new();
        for li in indices {
            let Ok(lookup) = list.lookup_cache_gpos(&cache, usize::from(li)) else { continue };
            let PosLookup::PairPos(subtables) = &lookup.lookup_subtables else { continue };
            let mut tables = Vec::new();
            for (index, sub) in subtables.iter().enumerate() {
                match sub {
                    PairPos::Format1 { .. } => {
                        tables.push(PairTable::Lookup { lookup: lookup.clone(), index, upem });
                    }
                    PairPos::Format2 { coverage, classdef1, classdef2, class2_count, class1_records } => {
                        let columns = *class2_count;
                        let rows = class1_records.len();
                        let mut class1 = vec![u16::MAX; glyphs];
                        let mut class2 = vec![0u16; glyphs];
                        // A glyph of each class, to ask allsorts the class pair's value.
                        let mut rep1: Vec<Option<u16>> = vec![None; rows];
                        let mut rep2: Vec<Option<u16>> = vec![None; columns];
                        for g in (0..glyphs).map(|g| g as u16) {
                            let c2 = classdef2.glyph_class_value(g);
                            if usize::from(c2) < columns {
                                class2[usize::from(g)] = c2;
                                rep2[usize::from(c2)].get_or_insert(g);
                            }
                            if coverage.glyph_coverage_value(g).is_some() {
                                let c1 = classdef1.glyph_class_value(g);
                                if usize::from(c1) < rows {
                                    class1[usize::from(g)] = c1;
                                    rep1[usize::from(c1)].get_or_insert(g);
                                }
                            }
                        }
                        let mut values = vec![0i16; rows * columns];
                        for (r, a) in rep1.iter().enumerate() {
                            let Some(a) = *a else { continue };
                            for (c, b) in rep2.iter().enumerate() {
                                let Some(b) = *b else { continue };
                                if let Ok(Some((Some(v), _))) = sub.apply(a, b) {
                                    values[r * columns + c] = thousandths(v.x_advance, upem);
                                }
                            }
                        }
                        tables.push(PairTable::Classes { class1, class2, columns, values });
                    }
                }
            }
            if !tables.is_empty() {
                lookups.push(tables);
            }
        }
        Some(Kerning { lookups, first: Vec::new() })
    }

    /// The horizontal format 0 subtables of a legacy (OpenType, version 0) `kern` table.
    fn from_kern_table(kern: &[u8], upem: f32) -> Option<Kerning> {
        use allsorts::binary::read::ReadScope;
        let mut c = ReadScope::new(kern).ctxt();
        if c.read_u16be().ok()? != 0 {
            return None;
        }
        let count = c.read_u16be().ok()?;
        let mut lookups = Vec::new();
        for _ in 0..count {
            let _version = c.read_u16be().ok()?;
            let length = usize::from(c.read_u16be().ok()?);
            let coverage = c.read_u16be().ok()?;
            let (format, horizontal, other) = (coverage >> 8, coverage & 1 == 1, coverage & 0b110 != 0);
            if format != 0 {
                c.read_slice(length.checked_sub(6)?).ok()?;
                continue;
            }
            // Format 0: its pair count gives its length (the 16-bit length field overflows on
            // large tables).
            let n = usize::from(c.read_u16be().ok()?);
            c.read_slice(6).ok()?;
            let mut pairs = Vec::with_capacity(n);
            for _ in 0..n {
                let (a, b, v) = (c.read_u16be().ok()?, c.read_u16be().ok()?, c.read_i16be().ok()?);
                pairs.push((u32::from(a) << 16 | u32::from(b), thousandths(v, upem)));
            }
            if horizontal && !other {
                pairs.sort_by_key(|p| p.0);
                lookups.push(vec![PairTable::Pairs(pairs)]);
            }
        }
        Some(Kerning { lookups, first: Vec::new() })
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
        use rayon::prelude::*;
        // The faces are parsed and their kerning read in parallel (in the order of
        // `Face::ALL`, whatever the threads do).
        let loaded: Vec<(ParsedFont, FaceMetrics)> = Face::ALL
            .par_iter()
            .map(|&face| {
                let p = ParsedFont::from_bytes(face.bytes(), 0, &mut Vec::new())
                    .ok_or_else(|| format!("embedded font {face:?} could not be parsed"))?;
                let m = FaceMetrics::from_parsed(&p, face.bytes());
                Ok((p, m))
            })
            .collect::<Result<_, String>>()?;
        let (parsed, metrics) = loaded.into_iter().unzip();
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
    fn dejavu_pairs_are_kerned_and_measured_narrower() {
        let f = Fonts::load().unwrap();
        for face in [Face::Serif, Face::SerifBold, Face::SerifItalic, Face::Sans, Face::SansBold] {
            let m = f.metrics(face);
            for (a, b) in [('A', 'V'), ('T', 'o')] {
                let k = m.kern(a, b);
                assert!(k < 0 && k > -300, "{face:?} {a}{b}: {k}");
                let pair = format!("{a}{b}");
                let apart = f.width(face, &a.to_string(), 10.0) + f.width(face, &b.to_string(), 10.0);
                let kerned = f.width(face, &pair, 10.0);
                assert!((kerned - (apart + f32::from(k) / 100.0)).abs() < 1e-4, "{face:?} {pair}");
            }
            // Never next to a space, and not between letters the font leaves alone.
            assert_eq!(m.kern('A', ' '), 0);
            assert_eq!(m.kern(' ', 'V'), 0);
            assert_eq!(m.kern('m', 'n'), 0);
        }
        // Monospace faces have no kerning.
        assert_eq!(f.metrics(Face::Mono).kern('A', 'V'), 0);
        assert_eq!(f.width(Face::Mono, "AV", 10.0), f.width(Face::Mono, "AA", 10.0));
    }

    #[test]
    fn the_legacy_kern_table_is_read_when_gpos_has_none() {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::tables::FontTableProvider;
        let f = Fonts::load().unwrap();
        let m = f.metrics(Face::Serif);
        let data = ReadScope::new(Face::Serif.bytes()).read::<FontData<'_>>().unwrap();
        let provider = data.table_provider(0).unwrap();
        let kern = provider.table_data(allsorts::tag::KERN).unwrap().expect("DejaVu has a kern table");
        let mut legacy = Kerning::from_kern_table(&kern, 2048.0).unwrap();
        legacy.first = vec![true; 1 << 16];
        assert!(!legacy.lookups.is_empty());
        // The old table and GPOS agree on the pairs that matter.
        for (a, b) in [('A', 'V'), ('T', 'o'), ('L', 'T'), ('Y', 'o'), ('P', '.')] {
            let (ga, gb) = (m.glyph(a).unwrap(), m.glyph(b).unwrap());
            assert!(legacy.get(ga, gb) < 0, "{a}{b}");
            assert_eq!(legacy.get(ga, gb), m.kerning.get(ga, gb), "{a}{b}");
        }
        let (gm, gn) = (m.glyph('m').unwrap(), m.glyph('n').unwrap());
        assert_eq!(legacy.get(gm, gn), 0);
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
