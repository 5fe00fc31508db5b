//! reportkit's knowledge of English text, in one place for the readers (`reportkit-parse`) and
//! the checker (`reportkit-check`).
//!
//! Nothing here knows about documents: every function takes and returns plain strings and
//! numbers.
//!
//! - [`scan`]: walking text by characters and word runs, fast on ASCII.
//! - [`dates`]: calendar dates written in prose, and the calendar itself.
//! - [`numbers`]: number words ("seventy-five") and numbers formatted as people write them.
//! - [`words`]: singular forms, participles and other word-level heuristics.
//! - [`fold`]: comparison keys (case, punctuation and diacritics folded), edit distance and
//!   similarity.
//! - [`sentences`]: splitting prose into sentences.
//! - [`headings`]: the series a heading title belongs to ("Annex A", "Part II", "\[Theme\] …").

pub mod dates;
pub mod fold;
pub mod headings;
pub mod numbers;
pub mod scan;
pub mod sentences;
pub mod words;

pub use scan::{char_at, word_runs};
