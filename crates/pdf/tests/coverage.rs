//! Every character of the corpus has a glyph in the faces that set it, so nothing is drawn
//! as a missing-glyph box and every character extracts.

use reportkit_pdf::fonts::{Face, Fonts};

#[test]
fn every_corpus_character_has_a_glyph() {
    let fonts = Fonts::load().unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/igf2025");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert_eq!(files.len(), 5);
    let mut missing = Vec::new();
    let mut checked = std::collections::BTreeSet::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        // Through the model too: what the renderer actually sets.
        let docs = reportkit_parse::parse(&f.to_string_lossy(), text.as_bytes(), None).unwrap();
        let mut chars: std::collections::BTreeSet<char> = text.chars().filter(|c| !c.is_control()).collect();
        for d in &docs {
            chars.extend(reportkit_pdf::document_chars(d).into_iter().filter(|c| !c.is_control()));
        }
        for c in chars {
            checked.insert(c);
            for face in Face::ALL {
                if fonts.metrics(face).glyph(c).is_none() && c != ' ' {
                    missing.push(format!("{c:?} (U+{:04X}) in {face:?} from {}", c as u32, f.display()));
                }
            }
        }
    }
    for c in ['ø', 'Å', '“', '”', '‘', '’', '–', '—', '\u{a0}', '↑', '•', '◦', '☐', '☑', '…']
    {
        assert!(
            checked.contains(&c)
                || fonts.metrics(Face::Serif).glyph(c).is_some()
                || fonts.metrics(Face::Sans).glyph(c).is_some(),
            "{c:?}"
        );
    }
    assert!(missing.is_empty(), "missing glyphs:\n{}", missing.join("\n"));
}
