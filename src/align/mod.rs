//! Aligning the two language versions of an article (SPEC §5 `align`):
//! both sides are split into sentences, and a dynamic programme pairs them
//! in beads (1-1, 1-2, 2-1, 2-2, 1-0, 0-1), each with a confidence.
//!
//! The cost of a bead ([`dp`]) adds up a Gale–Church length model
//! ([`length`], estimated on the project's real pairs), anchor evidence
//! ([`anchors`]: numbers, dates, names compared by transliteration,
//! quotations, and any [`Anchors`] the caller plugs in, such as glossary
//! terms or the memory's own pairs) and paragraph structure. The
//! confidence of a bead is its posterior probability under that model,
//! with a temperature calibrated on held-out documents ([`Model`]).

mod anchors;
mod dp;
pub mod eval;
mod length;
mod memory;
mod translit;

use std::ops::Range;

use serde::Serialize;

pub use anchors::{
    Anchor, AnchorKind, AnchorTable, Anchors, Builtin, Dates, KindWeights, Names, Numbers, Quotes,
    NAME_SIMILARITY,
};
pub use dp::{Model, BAND_MIN, BEADS, FULL_CELLS};
pub use length::{length_cost, CHARS_RATIO, CHARS_VARIANCE};
pub use memory::MemoryAnchors;
pub use translit::{name_similarity, skeleton, transliterate};

use crate::import::ContextLinker;
use crate::text::{collapse, detect, segment, Lang, Segment};
use crate::unit::{Meta, Unit};

/// The default of `--min-confidence`: beads below it are shown but not
/// imported. See `BENCHMARKS.md` for the precision and recall it gives.
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.5;

/// Why an article pair cannot be aligned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlignError {
    #[error("the {lang} side has no sentences")]
    Empty { lang: Lang },
    #[error(
        "the {expected} side is written in {found}, not in {expected} (are the two sides swapped?)"
    )]
    WrongLanguage { expected: Lang, found: Lang },
}

/// One sentence of a side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub text: String,
    /// Byte range in the side's text.
    pub start: usize,
    pub end: usize,
    /// Paragraph, counted from 0.
    pub paragraph: usize,
}

/// A bead: consecutive Russian sentences `ru` aligned with consecutive
/// English sentences `en` (indexes into [`Alignment::ru`] and
/// [`Alignment::en`]); one side may be empty (a sentence without a
/// translation).
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    pub ru: Range<usize>,
    pub en: Range<usize>,
    /// How likely the bead is right, in 0..1: its posterior probability
    /// under the cost model (the share of all alignments, weighted by
    /// `exp(−cost / temperature)`, that contain this bead). Calibrated: of
    /// the beads given confidence about `p`, about a share `p` are right
    /// on held-out documents (see `BENCHMARKS.md`, "Alignment").
    pub confidence: f64,
}

impl Bead {
    /// The shape, as `"2-1"` (Russian sentences, English sentences).
    pub fn shape(&self) -> String {
        format!("{}-{}", self.ru.len(), self.en.len())
    }

    /// Whether both sides have text (the bead can become a unit).
    pub fn is_pair(&self) -> bool {
        !self.ru.is_empty() && !self.en.is_empty()
    }
}

/// The alignment of an article.
#[derive(Debug, Clone, Default)]
pub struct Alignment {
    pub ru: Vec<Sentence>,
    pub en: Vec<Sentence>,
    /// In article order; every sentence of both sides is in exactly one bead.
    pub beads: Vec<Bead>,
}

/// How to align (beyond the built-in anchors and model).
#[derive(Default)]
pub struct AlignOptions<'a> {
    /// More finders of anchor evidence: a glossary recognizer, the memory
    /// ([`MemoryAnchors`]).
    pub anchors: Vec<&'a (dyn Anchors + Sync)>,
    /// The cost model (default: the tuned one).
    pub model: Model,
}

impl Alignment {
    /// The text of a bead's side: its sentences joined by a space.
    pub fn text(&self, bead: &Bead, lang: Lang) -> String {
        let (sentences, range) = match lang {
            Lang::Ru => (&self.ru, &bead.ru),
            Lang::En => (&self.en, &bead.en),
        };
        sentences[range.clone()]
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The beads with text on both sides as units, in article order, each
    /// with its bead: `meta` for all (article, date, origin), `position` the
    /// pair's rank among them (from 0), and the context hashes of the
    /// neighbouring pairs, linked as `import` links consecutive records of
    /// an article (so the context of a pair next to an unpaired sentence
    /// is the next pair, not that sentence).
    pub fn units(&self, meta: &Meta) -> Vec<(Unit, &Bead)> {
        let pairs: Vec<&Bead> = self.beads.iter().filter(|b| b.is_pair()).collect();
        let mut linker = ContextLinker::default();
        let mut units = Vec::with_capacity(pairs.len());
        for (position, bead) in pairs.iter().enumerate() {
            let mut meta = meta.clone();
            meta.position = u32::try_from(position).ok();
            let unit = Unit::new(self.text(bead, Lang::Ru), self.text(bead, Lang::En), meta);
            units.extend(linker.push(unit));
        }
        units.extend(linker.finish());
        units.into_iter().zip(pairs).collect()
    }
}

/// Aligns two texts split by the built-in sentence rules.
pub fn align_texts(ru: &str, en: &str, opts: &AlignOptions<'_>) -> Result<Alignment, AlignError> {
    align(ru, &segment(ru, Lang::Ru), en, &segment(en, Lang::En), opts)
}

/// Aligns the sentences `ru_segments` of `ru` with `en_segments` of `en`.
///
/// Errors: a side without sentences, or a side written in the other
/// language (judged by script, [`detect`]; a side without letters of
/// either script passes).
pub fn align(
    ru: &str,
    ru_segments: &[Segment],
    en: &str,
    en_segments: &[Segment],
    opts: &AlignOptions<'_>,
) -> Result<Alignment, AlignError> {
    let ru_sentences = sentences(ru, ru_segments);
    let en_sentences = sentences(en, en_segments);
    for (lang, text, sentences) in [(Lang::Ru, ru, &ru_sentences), (Lang::En, en, &en_sentences)] {
        if sentences.is_empty() {
            return Err(AlignError::Empty { lang });
        }
        if let Some(found) = detect(text).filter(|&found| found != lang) {
            return Err(AlignError::WrongLanguage {
                expected: lang,
                found,
            });
        }
    }
    let (ru, en) = (ru_sentences, en_sentences);
    let path = path(&ru, &en, opts);
    let beads = path
        .iter()
        .map(|p| Bead {
            ru: p.ru.clone(),
            en: p.en.clone(),
            confidence: p.posterior,
        })
        .collect();
    Ok(Alignment { ru, en, beads })
}

/// The best path through the DP, with posteriors, for two non-empty sides.
fn path(ru: &[Sentence], en: &[Sentence], opts: &AlignOptions<'_>) -> Vec<dp::PathBead> {
    let find = |sentences: &[Sentence], lang: Lang| -> Vec<Vec<Anchor>> {
        sentences
            .iter()
            .map(|s| {
                let mut found = Vec::new();
                Builtin.find(&s.text, lang, &mut found);
                for finder in &opts.anchors {
                    finder.find(&s.text, lang, &mut found);
                }
                found
            })
            .collect()
    };
    let table = AnchorTable::resolve(
        find(ru, Lang::Ru),
        find(en, Lang::En),
        &opts.model.anchor_weights,
    );
    let chars = |sentences: &[Sentence]| -> Vec<usize> {
        sentences
            .iter()
            .map(|s| collapse(&s.text).chars().count())
            .collect()
    };
    let breaks = |sentences: &[Sentence]| -> Vec<bool> {
        (0..=sentences.len())
            .map(|i| {
                i == 0
                    || i == sentences.len()
                    || sentences[i].paragraph != sentences[i - 1].paragraph
            })
            .collect()
    };
    let (ru_chars, en_chars) = (chars(ru), chars(en));
    let (ru_breaks, en_breaks) = (breaks(ru), breaks(en));
    let sides = dp::Sides {
        ru_chars: &ru_chars,
        en_chars: &en_chars,
        ru_breaks: &ru_breaks,
        en_breaks: &en_breaks,
        anchors: &table,
    };
    dp::best_path(&opts.model, &sides)
}

fn sentences(text: &str, segments: &[Segment]) -> Vec<Sentence> {
    segments
        .iter()
        .filter_map(|s| {
            Some(Sentence {
                text: text.get(s.start..s.end)?.to_string(),
                start: s.start,
                end: s.end,
                paragraph: s.paragraph,
            })
        })
        .collect()
}
