//! Text handling (SPEC §3): decoding, normalization for comparison, words,
//! numbers as written, stems, sentences and language detection.
//!
//! Everything that decides whether two pieces of text are "the same" for
//! matching lives here, so that the score, the index and the glossary all
//! see text the same way.

mod analyze;
mod decode;
pub mod inline;
mod lang;
mod normalize;
mod numbers;
mod sentences;
mod stems;
mod words;

pub use analyze::{analyze, analyze_within, Analyzed, Token};
pub use decode::{decode, DecodeError};
pub use inline::CodeKind;
pub use lang::{detect, is_cyrillic_letter, Lang, ParseLangError};
pub use normalize::{collapse, fold_char, normalize, Fold};
pub use numbers::{read_number, NumberReading};
pub use sentences::{segment, segment_by, Segment};
pub use words::{is_number, words, CharOffsets, Word};
