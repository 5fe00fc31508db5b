//! The language of a passage written in another language than its document, for its
//! structure element's `/Lang` (PDF/UA-1 7.2: a change of natural language is declared).
//!
//! Detection by trigrams (whatlang) alone is wrong on short or technical English: in 584
//! English documents (the development set of reports and surveys, IETF minutes, UN speeches),
//! it called 13 of 28,702 passages of twelve words or more another language "reliably", such
//! as "Like a new packet number rule, consistent with rule that you don't retransmit packets"
//! (French) or a list of names and roles (Swedish). A wrong `/Lang` is worse than none (a
//! screen reader reads the passage with another language's voice), so a paragraph is only given
//! one when it has twelve words or more (addresses left out), when it is prose (three words in
//! five start in lower case: not a list of names), when almost none of its words are English
//! function words (English prose has about two in five; one in 25 or more is English), and when
//! whatlang is sure of another language. In the PDFs of those 584 documents that leaves none;
//! a paragraph of French, Spanish or German prose is found. Only documents in English are
//! looked at: the function words are English ones.

/// English function words that no other language the detector knows uses as commonly (so not
/// "a", "in", "on", "no", "so", "an", "also" or "was").
const ENGLISH: &[&str] = &[
    "the", "and", "of", "to", "is", "that", "you", "with", "for", "this", "are", "be", "we", "it", "have", "not",
    "but", "they", "which", "what", "will", "can", "our", "their", "from", "has", "were", "would", "should", "there",
    "been", "or", "by", "at", "if", "how", "who", "when", "your", "its", "about", "into", "than", "then", "these",
    "those", "my", "he", "she", "his", "her", "them", "all", "some", "any", "more", "most", "other", "such", "only",
    "just", "must", "could", "had", "did", "i",
];

/// Fewer words than this cannot be told apart reliably.
const MIN_WORDS: usize = 12;

/// Whether passages of a document in `language` (a BCP 47 tag) are looked at.
pub fn detects_passages_in(language: &str) -> bool {
    language.split(['-', '_']).next().is_some_and(|p| p.eq_ignore_ascii_case("en"))
}

/// The ISO 639-1 code of the language `text` is written in, when it is surely not English.
pub fn of_passage(text: &str) -> Option<&'static str> {
    // Addresses are no language ("https://example.org/container-object-storage" reads as
    // French).
    let tokens = || text.split_whitespace().filter(|t| !t.contains("://") && !t.contains('@'));
    let (mut words, mut english, mut lower) = (0, 0, 0);
    for w in tokens().flat_map(|t| t.split(|c: char| !c.is_alphabetic() && c != '\'')).filter(|w| !w.is_empty()) {
        words += 1;
        if w.len() <= 6 && ENGLISH.iter().any(|e| e.eq_ignore_ascii_case(w)) {
            english += 1;
        }
        if w.starts_with(char::is_lowercase) {
            lower += 1;
        }
    }
    // Prose, not a list of names and titles ("Jane Doe, Chair, Lars Berg, Member", which
    // reads as Swedish), which any language writes mostly in capitals.
    if words < MIN_WORDS || english * 25 >= words || lower * 5 < words * 3 {
        return None;
    }
    let text: Vec<&str> = tokens().collect();
    let info = whatlang::detect(&text.join(" "))?;
    if info.lang() == whatlang::Lang::Eng || !info.is_reliable() || info.confidence() < 0.9 {
        return None;
    }
    isolang::Language::from_639_3(info.lang().code())?.to_639_1()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_in_another_language_is_found() {
        let fr = "Le Forum sur la gouvernance de l'Internet a réuni des participants du monde entier \
                  pour débattre de l'avenir du numérique et des droits fondamentaux en ligne.";
        assert_eq!(of_passage(fr), Some("fr"));
        let es = "El Foro para la Gobernanza de Internet reunió a participantes de todo el mundo para \
                  debatir el futuro de la cooperación digital y los derechos humanos en línea.";
        assert_eq!(of_passage(es), Some("es"));
        let de = "Das Forum brachte Teilnehmende aus der ganzen Welt zusammen, um über die Zukunft \
                  der digitalen Zusammenarbeit und der Menschenrechte im Netz zu beraten.";
        assert_eq!(of_passage(de), Some("de"));
    }

    #[test]
    fn english_is_never_given_another_language() {
        for t in [
            "You continue your connection, but you use a new address.",
            "Symmetric parsing, close to H2 semantics. Cons: extensions defining new unidirectional \
             stream types need new code paths everywhere.",
            "The forum brought together participants from all over the world to discuss the future \
             of digital cooperation and human rights online.",
            "Ministers, parliamentarians, youth delegates, technical experts, civil society leaders, \
             private sector representatives.",
            "https://example.org/kubernetes-sigs/container-object-storage-interface-api/tree/main/docs",
            "Jane Doe, Network Chair Sara Berg, Working Group Chair Lars Holm, At-Large Member Anna \
             Falk, At-Large Member Erik Lund, Secretary",
        ] {
            assert_eq!(of_passage(t), None, "{t}");
        }
    }

    #[test]
    fn only_documents_in_english_are_looked_at() {
        assert!(detects_passages_in("en"));
        assert!(detects_passages_in("en-GB"));
        assert!(!detects_passages_in("fr"));
    }
}
