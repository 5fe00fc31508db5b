//! Walking text by characters and runs of word characters, reading ASCII byte by byte: the
//! scanners that visit every byte of a corpus use these.

/// The character at byte `i` of `text` (a character boundary) and its length in bytes; ASCII
/// is read without decoding. The scanners that walk every byte of a corpus use it.
#[inline]
pub fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        (b as char, 1)
    } else {
        let c = text[i..].chars().next().unwrap_or(' ');
        (c, c.len_utf8())
    }
}

/// Runs of word characters of `text` with their byte offsets: ASCII bytes `ascii` accepts, and
/// other characters when they are alphanumeric. ASCII is classified byte by byte.
pub fn word_runs(text: &str, ascii: impl Fn(u8) -> bool) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        let mut start = None;
        while i < bytes.len() {
            let (in_word, len) = if bytes[i].is_ascii() {
                (ascii(bytes[i]), 1)
            } else {
                let (c, n) = char_at(text, i);
                (c.is_alphanumeric(), n)
            };
            if in_word {
                start.get_or_insert(i);
            } else if let Some(s) = start {
                return Some((s, &text[s..i]));
            }
            i += len;
        }
        start.map(|s| (s, &text[s..]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_runs_classify_ascii_by_the_caller_and_other_characters_as_alphanumeric() {
        let text = "Tromsøya: ABC-2030 and XYZ+15—Ærøskøbing";
        let hyphen: Vec<(usize, &str)> = word_runs(text, |b| b.is_ascii_alphanumeric() || b == b'-').collect();
        assert_eq!(
            hyphen,
            [(0, "Tromsøya"), (11, "ABC-2030"), (20, "and"), (24, "XYZ"), (28, "15"), (33, "Ærøskøbing")]
        );
        let plus: Vec<&str> = word_runs(text, |b| b.is_ascii_alphanumeric() || b == b'+').map(|(_, w)| w).collect();
        assert_eq!(plus, ["Tromsøya", "ABC", "2030", "and", "XYZ+15", "Ærøskøbing"]);
        assert_eq!(word_runs("", |_| true).count(), 0);
        assert_eq!(char_at("aé", 1), ('é', 2));
    }
}
