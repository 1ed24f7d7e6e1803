//! Anchor evidence: things a sentence and its translation share whatever
//! the words around them, such as numbers, dates, names and quotations.
//!
//! An [`Anchors`] finder lists, for one sentence, [`Anchor`]s: a kind and a
//! key. A Russian and an English sentence that hold the same key (for
//! [`AnchorKind::Name`], keys similar enough by transliteration) are likely
//! translations of each other. The aligner resolves keys across the whole
//! article first ([`AnchorTable`]): only keys found on both sides count,
//! and a key found in many sentences counts less than a rare one.
//!
//! Built in, all run by [`Builtin`], one file each: [`Numbers`], [`Dates`]
//! (months and weekdays), [`Names`] (capitalized words, and long
//! lower-case words as cognates) and [`Quotes`]. [`AnchorTable`] (in
//! `table.rs`) resolves them across an article.
//!
//! Other evidence plugs in through the same trait, in
//! [`AlignOptions::anchors`], with no change to the aligner:
//! [`GlossaryAnchors`](super::GlossaryAnchors) emits [`AnchorKind::Term`]
//! with the glossary entry's concept as the key on both sides
//! (`Нур-Султане` and `Nur-Sultan` → the same key);
//! [`MemoryAnchors`](super::MemoryAnchors) emits the units a memory
//! already holds for a sentence.
//!
//! [`AlignOptions::anchors`]: super::AlignOptions::anchors

mod dates;
mod names;
mod numbers;
mod quotes;
mod table;

pub use dates::Dates;
pub use names::Names;
pub use numbers::Numbers;
pub use quotes::Quotes;
pub use table::{AnchorTable, NAME_SIMILARITY};

use crate::text::{words, Lang};

/// What an anchor is; each kind has its own weight in the aligner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AnchorKind {
    /// A number, canonical: `1.5` for `1,5` and `1.5`, `10000` for
    /// `10 000` and `10,000`.
    Number,
    /// A month or weekday, as `m3` (March, марта) or `d1` (Monday).
    Date,
    /// A capitalized word, as a transliteration skeleton; matched across
    /// languages by similarity, not equality.
    Name,
    /// A long lower-case word, as a transliteration skeleton, matched like
    /// names: international words (`парламент`/`parliament`,
    /// `экономики`/`economy`).
    Cognate,
    /// A quotation (direct speech, a title in quotes).
    Quote,
    /// A glossary term, keyed by its entry.
    Term,
    /// A pair the memory already holds.
    Memory,
}

impl AnchorKind {
    /// Whether keys of this kind pair by similarity (names, cognates)
    /// rather than equality.
    pub fn is_fuzzy(self) -> bool {
        matches!(self, AnchorKind::Name | AnchorKind::Cognate)
    }
}

/// One piece of evidence found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Anchor {
    pub kind: AnchorKind,
    pub key: String,
}

impl Anchor {
    pub fn new(kind: AnchorKind, key: impl Into<String>) -> Anchor {
        Anchor {
            kind,
            key: key.into(),
        }
    }
}

/// A finder of anchors. Implementations must be cheap: the aligner calls
/// them once per sentence of both sides.
pub trait Anchors {
    /// Appends the anchors of `sentence`, written in `lang`, to `out`.
    fn find(&self, sentence: &str, lang: Lang, out: &mut Vec<Anchor>);
}

/// All the built-in finders ([`Numbers`], [`Dates`], [`Names`],
/// [`Quotes`]) in one, splitting the sentence into words once.
#[derive(Debug, Clone, Copy, Default)]
pub struct Builtin;

impl Anchors for Builtin {
    fn find(&self, sentence: &str, lang: Lang, out: &mut Vec<Anchor>) {
        let ws = words(sentence);
        numbers::numbers_in(sentence, &ws, lang, out);
        dates::dates_in(sentence, &ws, lang, out);
        names::names_in(sentence, &ws, lang, out);
        quotes::quotes_in(sentence, out);
    }
}

/// Weight of one occurrence of each kind, before rarity (see
/// [`AnchorTable`]). The defaults are tuned on the development documents
/// (see `tests/support/eval.rs`): numbers and names are the strongest; a quotation
/// mark says little; a pair already in the memory says most.
#[derive(Debug, Clone, PartialEq)]
pub struct KindWeights {
    pub number: f64,
    pub date: f64,
    pub name: f64,
    pub cognate: f64,
    pub quote: f64,
    pub term: f64,
    pub memory: f64,
}

impl Default for KindWeights {
    fn default() -> Self {
        KindWeights {
            number: 1.0,
            date: 0.8,
            name: 1.0,
            cognate: 0.5,
            quote: 0.8,
            term: 1.0,
            memory: 3.0,
        }
    }
}

impl KindWeights {
    pub fn of(&self, kind: AnchorKind) -> f64 {
        match kind {
            AnchorKind::Number => self.number,
            AnchorKind::Date => self.date,
            AnchorKind::Name => self.name,
            AnchorKind::Cognate => self.cognate,
            AnchorKind::Quote => self.quote,
            AnchorKind::Term => self.term,
            AnchorKind::Memory => self.memory,
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The keys `finder` finds in `text`.
    pub(crate) fn keys(finder: &dyn Anchors, text: &str, lang: Lang) -> Vec<String> {
        let mut out = Vec::new();
        finder.find(text, lang, &mut out);
        out.into_iter().map(|a| a.key).collect()
    }
}
