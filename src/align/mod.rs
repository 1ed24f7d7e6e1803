//! Aligning the two language versions of an article (SPEC §5 `align`):
//! both sides are split into sentences, and a dynamic programme pairs them
//! in beads (1-1, 1-2, 2-1, 2-2, 1-0, 0-1), each with a confidence.
//!
//! The cost of a bead ([`Model`]) adds up a Gale–Church length model
//! ([`length_cost`], estimated on the project's real pairs), anchor
//! evidence ([`Builtin`]: numbers, dates, names and cognates compared by
//! transliteration, quotations; and any [`Anchors`] the caller plugs in,
//! such as glossary terms, [`GlossaryAnchors`], or the memory's own pairs,
//! [`MemoryAnchors`])
//! and paragraph structure. The confidence of a bead is its posterior
//! probability under that model, with a temperature calibrated on held-out
//! documents ([`Model`]). `ARCHITECTURE.md` ("Alignment") walks through it.

mod anchors;
mod dp;
mod glossary;
mod length;
mod memory;
mod translit;

use std::ops::Range;

use serde::Serialize;

pub use anchors::{
    Anchor, AnchorKind, AnchorTable, Anchors, Builtin, Dates, KindWeights, Names, Numbers, Quotes,
    NAME_SIMILARITY,
};
pub use dp::{Model, BEADS, CORRIDOR_MIN, FULL_CELLS};
pub use glossary::GlossaryAnchors;
pub use length::{length_cost, CHARS_RATIO, CHARS_VARIANCE};
pub use memory::MemoryAnchors;
pub use translit::{name_similarity, skeleton};

use crate::formats::{Srx, SrxError, SrxSegmenter};
use crate::memory::{Added, MemoryError, MemoryWriter};
use crate::text::{collapse, detect, segment, Lang, Segment};
use crate::unit::ContextLinker;
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
    #[error("the {lang} side has {sentences} sentences; tilmash aligns up to {MAX_SENTENCES} a side: split the text into articles")]
    TooLong { lang: Lang, sentences: usize },
}

/// Most sentences a side. The banded DP keeps time and memory linear, but
/// a side this long is no article (about 25 bytes a cell, 201 cells a
/// sentence: 250 MB at the limit).
pub const MAX_SENTENCES: usize = 50_000;

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
    /// with the index of its bead: `meta` for all (article, date, origin), `position` the
    /// pair's rank among them (from 0), and the context hashes of the
    /// neighbouring pairs, linked as `import` links consecutive records of
    /// an article (so the context of a pair next to an unpaired sentence
    /// is the next pair, not that sentence).
    pub fn units(&self, meta: &Meta) -> Vec<(Unit, usize)> {
        let pairs: Vec<usize> = (0..self.beads.len())
            .filter(|&i| self.beads[i].is_pair())
            .collect();
        let mut linker = ContextLinker::default();
        let mut units = Vec::with_capacity(pairs.len());
        for (position, &index) in pairs.iter().enumerate() {
            let bead = &self.beads[index];
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
        if sentences.len() > MAX_SENTENCES {
            return Err(AlignError::TooLong {
                lang,
                sentences: sentences.len(),
            });
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

/// How both sides are split into sentences: the built-in rules, or the
/// rules of an SRX file.
#[derive(Debug, Clone, Default)]
pub enum Segmenter<'a> {
    #[default]
    Builtin,
    Srx {
        ru: SrxSegmenter<'a>,
        en: SrxSegmenter<'a>,
    },
}

impl<'a> Segmenter<'a> {
    /// The segmenter of an SRX file's rules for Russian and English.
    pub fn srx(srx: &'a Srx) -> Result<Segmenter<'a>, SrxError> {
        Ok(Segmenter::Srx {
            ru: srx.segmenter(Lang::Ru)?,
            en: srx.segmenter(Lang::En)?,
        })
    }

    pub fn segment(&self, text: &str, lang: Lang) -> Vec<Segment> {
        match (self, lang) {
            (Segmenter::Builtin, _) => segment(text, lang),
            (Segmenter::Srx { ru, .. }, Lang::Ru) => ru.segment(text),
            (Segmenter::Srx { en, .. }, Lang::En) => en.segment(text),
        }
    }
}

/// Splits both texts with `segmenter` and aligns them.
pub fn align_with(
    ru: &str,
    en: &str,
    segmenter: &Segmenter<'_>,
    opts: &AlignOptions<'_>,
) -> Result<Alignment, AlignError> {
    align(
        ru,
        &segmenter.segment(ru, Lang::Ru),
        en,
        &segmenter.segment(en, Lang::En),
        opts,
    )
}

/// What storing an alignment in a memory did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stored {
    /// Pairs stored as new units.
    pub added: u64,
    /// Pairs the memory held already, here at a new place (this article, or
    /// another position in it): the place was added to the unit.
    pub occurrences: u64,
    /// Pairs the memory held already at this place.
    pub unchanged: u64,
    /// Pairs below the confidence threshold, not stored.
    pub below_threshold: u64,
}

impl Stored {
    pub fn add(&mut self, other: &Stored) {
        self.added += other.added;
        self.occurrences += other.occurrences;
        self.unchanged += other.unchanged;
        self.below_threshold += other.below_threshold;
    }
}

/// What became of each bead when storing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BeadFate {
    Added,
    /// The pair was known; this place of it was added.
    Occurrence,
    Unchanged,
    BelowThreshold,
    /// A sentence without a translation: nothing to store.
    Unpaired,
}

impl Alignment {
    /// Stores the pairs with a confidence of at least `min_confidence` as
    /// units ([`Alignment::units`]) through `writer` (uncommitted: the
    /// caller commits). Returns the counts and each bead's fate.
    pub fn store(
        &self,
        writer: &mut MemoryWriter,
        meta: &Meta,
        min_confidence: f64,
    ) -> Result<(Stored, Vec<BeadFate>), MemoryError> {
        let mut fates: Vec<BeadFate> = vec![BeadFate::Unpaired; self.beads.len()];
        let units = self.units(meta);
        let mut stored = Stored::default();
        let mut keep = Vec::new();
        let mut kept_beads = Vec::new();
        for (unit, index) in units {
            if self.beads[index].confidence >= min_confidence {
                keep.push(unit);
                kept_beads.push(index);
            } else {
                fates[index] = BeadFate::BelowThreshold;
                stored.below_threshold += 1;
            }
        }
        for (added, index) in writer.add_all(keep)?.into_iter().zip(kept_beads) {
            fates[index] = match added {
                Added::New => {
                    stored.added += 1;
                    BeadFate::Added
                }
                Added::Occurrence => {
                    stored.occurrences += 1;
                    BeadFate::Occurrence
                }
                Added::Unchanged => {
                    stored.unchanged += 1;
                    BeadFate::Unchanged
                }
            };
        }
        Ok((stored, fates))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The beads of an alignment as (shape, Russian range, English range).
    fn shapes(a: &Alignment) -> Vec<(String, Range<usize>, Range<usize>)> {
        a.beads
            .iter()
            .map(|b| (b.shape(), b.ru.clone(), b.en.clone()))
            .collect()
    }

    fn aligned(ru: &str, en: &str) -> Alignment {
        match align_texts(ru, en, &AlignOptions::default()) {
            Ok(a) => a,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn hand_made_article_pairs() {
        // (rule, Russian, English, expected beads)
        #[allow(clippy::type_complexity)]
        let cases: &[(&str, &str, &str, &[(&str, Range<usize>, Range<usize>)])] = &[
            (
                "two Russian sentences merged in English (2-1)",
                "Президент Казахстана подписал закон о республиканском бюджете. \
                 Документ вступит в силу 1 января 2025 года. \
                 Он предусматривает рост расходов на образование на 12%.",
                "The President of Kazakhstan signed the law on the republican budget, \
                 which takes effect on January 1, 2025. \
                 It provides for a 12% increase in spending on education.",
                &[("2-1", 0..2, 0..1), ("1-1", 2..3, 1..2)],
            ),
            (
                "one Russian sentence split in English (1-2)",
                "Министр энергетики Алмасадам Саткалиев заявил, что добыча нефти в 2023 году \
                 составила 90 млн тонн, а экспорт вырос на 5%. \
                 Новые месторождения начнут работу в следующем году.",
                "Energy Minister Almasadam Satkaliyev said oil production reached 90 million \
                 tonnes in 2023. Exports grew by 5%. \
                 New fields will start operating next year.",
                &[("1-2", 0..1, 0..2), ("1-1", 1..2, 2..3)],
            ),
            (
                "a Russian sentence left out of the English (1-0)",
                "Акимат Шымкента объявил конкурс на строительство моста через реку Бадам. \
                 Заявки принимаются до конца месяца. \
                 Стоимость проекта оценивается в 4,2 млрд тенге. \
                 Мост должен соединить два крупных микрорайона города.",
                "The Shymkent akimat announced a tender to build a bridge over the Badam river. \
                 The project is estimated at 4.2 billion tenge. \
                 The bridge is to link two large districts of the city.",
                &[
                    ("1-1", 0..1, 0..1),
                    ("1-0", 1..2, 1..1),
                    ("1-1", 2..3, 1..2),
                    ("1-1", 3..4, 2..3),
                ],
            ),
            (
                "numbers tell which sentence is missing",
                "В 2019 году в регионе построили 14 школ. \
                 На ремонт дорог выделили 15 000 тенге на жителя. \
                 Безработица снизилась до 4,8 процента.",
                "In 2019, 14 schools were built in the region. \
                 Unemployment fell to 4.8 percent.",
                &[
                    ("1-1", 0..1, 0..1),
                    ("1-0", 1..2, 1..1),
                    ("1-1", 2..3, 1..2),
                ],
            ),
            (
                "inflected names tell which sentence is missing",
                "Встреча прошла в Ташкенте. \
                 Переговоры с Мирзиёевым длились три часа. \
                 Затем Токаеву показали новый технопарк.",
                "The meeting took place in Tashkent. \
                 Tokayev was then shown a new technology park.",
                &[
                    ("1-1", 0..1, 0..1),
                    ("1-0", 1..2, 1..1),
                    ("1-1", 2..3, 1..2),
                ],
            ),
            (
                "an English sentence without a Russian one (0-1)",
                "Жители Атырау жалуются на постоянные перебои с подачей воды в дома. \
                 Коммунальные службы обещают решить проблему к лету.",
                "Residents of Atyrau complain about interruptions in the water supply. \
                 Atyrau is the centre of the country's oil industry. \
                 Utilities promise to solve the problem by summer.",
                &[
                    ("1-1", 0..1, 0..1),
                    ("0-1", 1..1, 1..2),
                    ("1-1", 1..2, 2..3),
                ],
            ),
        ];
        for (rule, ru, en, want) in cases {
            let a = aligned(ru, en);
            let want: Vec<(String, Range<usize>, Range<usize>)> = want
                .iter()
                .map(|(s, r, e)| (s.to_string(), r.clone(), e.clone()))
                .collect();
            assert_eq!(shapes(&a), want, "{rule}");
            for b in &a.beads {
                assert!((0.0..=1.0).contains(&b.confidence), "{rule}: {b:?}");
            }
        }
    }

    #[test]
    fn paragraphs_guide_and_do_not_bind() {
        // Same paragraphs: followed. A paragraph break on one side only
        // (English joins two paragraphs) still aligns the sentences.
        let ru = "Первый абзац о выборах в маслихат.\n\nВторой абзац о бюджете области.\n\nТретий абзац о погоде в регионе.";
        let en_same = "The first paragraph on the maslikhat elections.\n\nThe second paragraph on the regional budget.\n\nThe third paragraph on the weather in the region.";
        let en_fewer = "The first paragraph on the maslikhat elections.\n\nThe second paragraph on the regional budget. The third paragraph on the weather in the region.";
        for en in [en_same, en_fewer] {
            let a = aligned(ru, en);
            let want: Vec<(String, Range<usize>, Range<usize>)> = (0..3)
                .map(|i| ("1-1".to_string(), i..i + 1, i..i + 1))
                .collect();
            assert_eq!(shapes(&a), want, "{en}");
        }
    }

    #[test]
    fn bad_input_is_an_error_or_a_result() {
        let ru = "Токаев прибыл в Астану.";
        let en = "Tokayev arrived in Astana.";
        let opts = AlignOptions::default();
        let cases: &[(&str, &str, &str, Option<AlignError>)] = &[
            (
                "empty Russian",
                "",
                en,
                Some(AlignError::Empty { lang: Lang::Ru }),
            ),
            (
                "blank English",
                ru,
                " \n\n \u{a0}",
                Some(AlignError::Empty { lang: Lang::En }),
            ),
            (
                "English on the Russian side",
                en,
                en,
                Some(AlignError::WrongLanguage {
                    expected: Lang::Ru,
                    found: Lang::En,
                }),
            ),
            (
                "sides swapped",
                en,
                ru,
                Some(AlignError::WrongLanguage {
                    expected: Lang::Ru,
                    found: Lang::En,
                }),
            ),
            ("no letters at all pass", "2024: 1,5%", "2024: 1.5%", None),
        ];
        let endless = "Аким. ".repeat(MAX_SENTENCES + 1);
        assert_eq!(
            align_texts(&endless, en, &opts).err(),
            Some(AlignError::TooLong {
                lang: Lang::Ru,
                sentences: MAX_SENTENCES + 1
            })
        );
        for (rule, r, e, want) in cases {
            let got = align_texts(r, e, &opts).err();
            assert_eq!(&got, want, "{rule}");
        }
        // Error messages say what to do.
        let message = AlignError::WrongLanguage {
            expected: Lang::En,
            found: Lang::Ru,
        }
        .to_string();
        assert!(message.contains("swapped"), "{message}");
    }

    #[test]
    fn a_long_article_is_aligned_in_a_band() {
        // 10,000 sentences a side, every tenth Russian one merged with the
        // next in English: the band keeps it linear, and the alignment is
        // still right.
        let mut ru = String::new();
        let mut en = String::new();
        let mut i = 0;
        while i < 10_000 {
            let a = format!("Предложение номер {i} о бюджете района и его расходах. ");
            let b = format!("Sentence number {i} on the district budget and its spending. ");
            ru.push_str(&a);
            if i % 10 == 9 {
                let n = i + 1;
                ru.push_str(&format!(
                    "Предложение номер {n} о бюджете района и его расходах. "
                ));
                en.push_str(&format!(
                    "Sentence number {i} on the district budget and its spending; sentence number {n} on the district budget and its spending. "
                ));
                i += 2;
            } else {
                en.push_str(&b);
                i += 1;
            }
        }
        let a = aligned(&ru, &en);
        assert!(a.ru.len() >= 10_000, "{}", a.ru.len());
        let merged = a.beads.iter().filter(|b| b.shape() == "2-1").count();
        let wrong = a
            .beads
            .iter()
            .filter(|b| !matches!(b.shape().as_str(), "1-1" | "2-1"))
            .count();
        assert!(
            merged >= 900 && wrong == 0,
            "merged {merged}, other {wrong}"
        );
    }

    #[test]
    fn units_carry_article_position_and_context() {
        let ru = "Первое предложение статьи. Второе предложение статьи. Третье предложение статьи.";
        let en = "The first sentence of the article. The second sentence of the article. The third sentence of the article.";
        let a = aligned(ru, en);
        let meta = Meta {
            article: Some("kz-001".into()),
            ..Meta::default()
        };
        let units = a.units(&meta);
        assert_eq!(units.len(), 3);
        for (k, (unit, index)) in units.iter().enumerate() {
            assert_eq!(unit.meta.position, Some(k as u32));
            assert_eq!(*index, k);
            assert_eq!(unit.meta.article.as_deref(), Some("kz-001"));
        }
        let (first, second) = (&units[0].0, &units[1].0);
        assert_eq!(
            first.meta.context.prev_ru,
            Some(crate::unit::segment_hash(""))
        );
        assert_eq!(
            first.meta.context.next_en,
            Some(crate::unit::segment_hash(&second.en))
        );
        assert_eq!(
            second.meta.context.prev_ru,
            Some(crate::unit::segment_hash(&first.ru))
        );
    }
}

#[cfg(test)]
mod memory_tests {
    use super::*;
    use crate::memory::Memory;

    #[test]
    fn pairs_the_memory_holds_pull_the_alignment() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let memory = Memory::create(&dir.path().join("mem")).expect("a new memory");
        let mut writer = memory
            .writer(std::time::Duration::ZERO)
            .expect("the writer");
        writer
            .add_all(vec![Unit::new(
                "Осадков не ожидается.".into(),
                "No precipitation is expected.".into(),
                Meta::default(),
            )])
            .expect("added");
        writer.finish().expect("committed");
        memory.reload().expect("reloaded");
        let snapshot = memory.snapshot();
        let evidence = MemoryAnchors::new(&snapshot);
        // Which of the two short Russian sentences has no translation?
        // Lengths cannot tell; the memory can.
        let ru = "В Астане днём будет ясно и тепло, до плюс 25 градусов. \
                  Ветер слабый, порывистый. Осадков не ожидается.";
        let en = "Astana will be clear and warm in the daytime, up to 25 degrees. \
                  No precipitation is expected.";
        // Without the memory, the lengths hardly tell whether the wind (25
        // characters) or the precipitation (21) is the English 29.
        let alone = align_texts(ru, en, &AlignOptions::default()).expect("aligned");
        let opts = AlignOptions {
            anchors: vec![&evidence],
            ..AlignOptions::default()
        };
        let a = align_texts(ru, en, &opts).expect("aligned");
        let shapes: Vec<(String, Range<usize>)> =
            a.beads.iter().map(|b| (b.shape(), b.ru.clone())).collect();
        assert_eq!(
            shapes,
            [
                ("1-1".to_string(), 0..1),
                ("1-0".to_string(), 1..2),
                ("1-1".to_string(), 2..3)
            ]
        );
        // The memory makes the pair surer, and with it the sentence left
        // out; what doubt remains is whether that sentence belongs to the
        // pair (a 2-1 bead holds the remembered pair too).
        let confidence = |al: &Alignment, k: usize| al.beads.get(k).map_or(0.0, |b| b.confidence);
        assert!(
            confidence(&a, 2) > confidence(&alone, 2) + 0.1,
            "{:?} → {:?}",
            alone.beads,
            a.beads
        );
        assert!(
            confidence(&a, 1) > confidence(&alone, 1),
            "{:?} → {:?}",
            alone.beads,
            a.beads
        );
    }
}
